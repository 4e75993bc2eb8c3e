"""Input of the units API. Output shapes are units.projections (one place)."""

from __future__ import annotations

import math
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from units.models import UnitKind, UnitStatus
from units.services import position_problem
from units.services.positions import MAX_BATCH

ID_MAX = 2**63 - 1


class AssignUnitInput(serializers.Serializer):
    unit_id = serializers.IntegerField(min_value=1, max_value=ID_MAX)
    # Why another unit than the first recommended one: logged with the override.
    reason = serializers.CharField(max_length=500, required=False, default="", allow_blank=True)


class UnitStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=UnitStatus.choices)


class PositionInput(serializers.Serializer):
    lat = serializers.FloatField()
    lon = serializers.FloatField()
    at = serializers.DateTimeField()
    accuracy_m = serializers.FloatField(
        required=False, allow_null=True, min_value=0, max_value=100_000
    )

    def validate_accuracy_m(self, value: float | None) -> float | None:
        # NaN passes both bounds, and would make the unit's JSON unreadable.
        if value is not None and not math.isfinite(value):
            raise serializers.ValidationError(_("Give the accuracy in metres."))
        return value


class PositionsInput(serializers.Serializer):
    positions = serializers.ListField(
        child=serializers.DictField(), allow_empty=False, max_length=MAX_BATCH
    )

    def validate_positions(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Every fix checked; the errors flat, each with the index of its fix."""
        now = timezone.now()
        fixes, errors = [], []
        for index, raw in enumerate(value):
            item = PositionInput(data=raw)
            if not item.is_valid():
                errors += [
                    f"{index}.{field}: {message}"
                    for field, messages in item.errors.items()
                    for message in messages
                ]
                continue
            fix = item.validated_data
            problem = position_problem(lat=fix["lat"], lon=fix["lon"], at=fix["at"], now=now)
            if problem:
                errors.append(f"{index}: {problem}")
            fixes.append(fix)
        if errors:
            raise serializers.ValidationError(errors)
        return fixes


class UnitFilterInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=UnitStatus.choices, required=False)
    kind = serializers.ChoiceField(choices=UnitKind.choices, required=False)
