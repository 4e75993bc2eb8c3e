"""Landmarks that callers name instead of an address ("dekat Pasar Tugu")."""

from __future__ import annotations

import re

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

_ALIAS_SPLIT = re.compile(r"[|;\n]+")


class PlaceKind(models.TextChoices):
    MARKET = "market", _("Market")
    MALL = "mall", _("Mall")
    CAMPUS = "campus", _("Campus")
    SCHOOL = "school", _("School")
    HOSPITAL = "hospital", _("Hospital")
    HEALTH_CENTER = "health_center", _("Health centre (Puskesmas)")
    MONUMENT = "monument", _("Monument")
    OFFICE = "office", _("Government office")
    POLICE = "police", _("Police")
    FIRE_STATION = "fire_station", _("Fire station")
    STATION = "station", _("Station or terminal")
    PORT = "port", _("Port")
    AIRPORT = "airport", _("Airport")
    WORSHIP = "worship", _("Place of worship")
    PARK = "park", _("Park or field")
    JUNCTION = "junction", _("Junction or roundabout")
    BRIDGE = "bridge", _("Bridge")
    AREA = "area", _("Area or neighbourhood")
    OTHER = "other", _("Other")


class Place(models.Model):
    """A named point. Matched by name and aliases by geo.services.locate."""

    name = models.CharField(_("name"), max_length=200)
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_('Other names, separated by "|" or one per line (e.g. "Unila|Univ. Lampung").'),
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=PlaceKind.choices, default=PlaceKind.OTHER
    )
    lat = models.FloatField(
        _("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    lon = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    region_code = models.CharField(
        _("region code"),
        max_length=20,
        blank=True,
        help_text=_("Kemendagri code of the region it lies in (e.g. 18.71 or 18.71.01.1003)."),
    )
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("place")
        verbose_name_plural = _("places")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "region_code"], name="geo_place_name_region_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def alias_list(self) -> list[str]:
        return [alias.strip() for alias in _ALIAS_SPLIT.split(self.aliases or "") if alias.strip()]
