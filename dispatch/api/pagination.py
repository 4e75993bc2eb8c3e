"""Pagination of the API's lists: DRF's limit and offset, checked before they reach SQL."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

# int64 holds 18 digits: a longer number overflowed in the database (a 500).
MAX_DIGITS = 18


def whole_number(name: str, raw: str, *, minimum: int = 0) -> int:
    """An ASCII whole number of at most 18 digits, or a 400 naming the parameter.

    str.isdigit() alone is not enough: it accepts '²', which int() refuses.
    """
    if raw.isascii() and raw.isdigit() and len(raw) <= MAX_DIGITS and int(raw) >= minimum:
        return int(raw)
    raise ValidationError(
        {
            name: [
                _("Give a whole number from %(minimum)d, at most 18 digits.") % {"minimum": minimum}
            ]
        }
    )


class LimitOffsetPagination(pagination.LimitOffsetPagination):
    """`?limit=` (at most max_limit) and `?offset=`; anything else is a clear 400."""

    max_limit = 1000

    def get_limit(self, request: Request) -> int | None:
        raw = request.query_params.get(self.limit_query_param, "")
        if not raw:
            return self.default_limit
        return min(whole_number(self.limit_query_param, raw, minimum=1), self.max_limit)

    def get_offset(self, request: Request) -> int:
        raw = request.query_params.get(self.offset_query_param, "")
        return whole_number(self.offset_query_param, raw) if raw else 0
