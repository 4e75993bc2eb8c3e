"""Input parsing. Output is built by dispatch.projections, shared with the event log."""

from __future__ import annotations

import math
from typing import Any

import phonenumbers
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dispatch.models import AssignmentRole, CancelReason, Category, Channel, Priority, Status
from priority import questions

TEXT_MAX = 4000


def normalize_phone(value: str) -> str:
    """An Indonesian number in E.164 (+62...), from 0812..., 62812..., +62 812-...

    Raises ValueError when it is not a possible phone number.
    """
    try:
        number = phonenumbers.parse(value, "ID")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(str(exc)) from None
    if not phonenumbers.is_possible_number(number):
        raise ValueError("impossible number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class CoordinatesMixin(serializers.Serializer):
    lat = serializers.FloatField(required=False, allow_null=True)
    lon = serializers.FloatField(required=False, allow_null=True)

    def validate_lat(self, value: float | None) -> float | None:
        if value is not None and (not math.isfinite(value) or not -90 <= value <= 90):
            raise serializers.ValidationError(_("Latitude must be between -90 and 90."))
        return value

    def validate_lon(self, value: float | None) -> float | None:
        if value is not None and (not math.isfinite(value) or not -180 <= value <= 180):
            raise serializers.ValidationError(_("Longitude must be between -180 and 180."))
        return value

    def _check_pair(self, attrs: dict[str, Any], required: bool) -> None:
        lat, lon = attrs.get("lat"), attrs.get("lon")
        if (lat is None) != (lon is None):
            missing = "lon" if lon is None else "lat"
            raise serializers.ValidationError(
                {missing: [_("Give both latitude and longitude, or neither.")]}
            )
        if required and lat is None:
            raise serializers.ValidationError({"lat": [_("This field is required.")]})


class AnswersField(serializers.DictField):
    """The caller's answers to the key questions: {"conscious": "no", ...}."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(child=serializers.CharField(max_length=16), **kwargs)

    def to_internal_value(self, data: Any) -> dict[str, str]:
        answers = super().to_internal_value(data)
        unknown = sorted(key for key in answers if key not in questions.BY_ID)
        if unknown:
            raise serializers.ValidationError(
                _("Unknown questions: %(ids)s.") % {"ids": ", ".join(unknown[:10])}
            )
        if any(value not in questions.ANSWERS for value in answers.values()):
            raise serializers.ValidationError(_("Answer yes, no or unknown."))
        return answers


# The channels a REST caller may say a report came by. A phone call is taken by an
# operator (and scores as one); WhatsApp, SMS and Open311 come only through their own
# endpoints, which set the channel themselves.
PUBLIC_CHANNELS = (Channel.WEB, Channel.API)
STAFF_CHANNELS = (*PUBLIC_CHANNELS, Channel.PHONE)


class ReportInput(CoordinatesMixin):
    """POST /api/reports/. Context `staff`: whether the caller is staff (the phone channel)."""

    text = serializers.CharField(max_length=TEXT_MAX, trim_whitespace=True)
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.WEB)
    address = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    reporter_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    reporter_phone = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default=""
    )
    answers = AnswersField(required=False, default=dict)

    def validate_reporter_phone(self, value: str) -> str:
        if not value:
            return ""
        try:
            return normalize_phone(value)
        except ValueError:
            raise serializers.ValidationError(
                _("Not a valid phone number, e.g. 0812-3456-7890 or +62 812 3456 7890.")
            ) from None

    def validate_channel(self, value: str) -> str:
        allowed = STAFF_CHANNELS if self.context.get("staff") else PUBLIC_CHANNELS
        if value not in allowed:
            raise serializers.ValidationError(
                _("This channel cannot be chosen here; use one of: %(channels)s.")
                % {"channels": ", ".join(allowed)}
            )
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        self._check_pair(attrs, required=False)
        return attrs


class AgencyChoiceInput(serializers.Serializer):
    agency_id = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class NoteInput(serializers.Serializer):
    note = serializers.CharField(max_length=TEXT_MAX, required=False, allow_blank=True, default="")


class StatusInput(NoteInput):
    status = serializers.ChoiceField(
        choices=[Status.EN_ROUTE, Status.ON_SCENE, Status.RESOLVED, Status.CLOSED]
    )


class AssignInput(serializers.Serializer):
    agency_id = serializers.IntegerField(min_value=1)
    role = serializers.ChoiceField(choices=AssignmentRole.choices, default=AssignmentRole.LEAD)


class MergeInput(serializers.Serializer):
    other_id = serializers.IntegerField(min_value=1)


class SplitInput(serializers.Serializer):
    report_ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), min_length=1, max_length=500
    )


class CancelInput(NoteInput):
    reason = serializers.ChoiceField(choices=CancelReason.choices)


class LocateInput(CoordinatesMixin):
    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        self._check_pair(attrs, required=True)
        return attrs


class TokenInput(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class CodeListField(serializers.CharField):
    """A comma-separated list of codes (`new,claimed`), each one of `codes`.

    CharField first: it refuses NUL bytes, which PostgreSQL would refuse with a 500.
    """

    default_error_messages = {"unknown": _("Give one or more of: %(codes)s, comma-separated.")}

    def __init__(self, *, codes: list[str], **kwargs: Any) -> None:
        super().__init__(max_length=500, **kwargs)
        self.codes = codes

    def to_internal_value(self, data: Any) -> list[str]:  # type: ignore[override]
        values = [v.strip() for v in super().to_internal_value(data).split(",") if v.strip()]
        if any(v not in self.codes for v in values):
            self.fail("unknown", codes=", ".join(self.codes))
        return values


class IncidentFilterInput(serializers.Serializer):
    """The query of GET /api/incidents/ (blank parameters are left out before this)."""

    status = CodeListField(codes=Status.values, required=False)
    category = CodeListField(codes=Category.values, required=False)
    priority = CodeListField(codes=Priority.values, required=False)
    # Bounded: a longer id would overflow the database integer (a 500).
    agency = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)
    open = serializers.CharField(max_length=10, required=False)
