"""Reading GeoReport XML back into the JSON shape, to compare the two forms."""

from __future__ import annotations

from typing import Any

from lxml import etree

LISTS = {"services", "service_requests", "errors", "attributes", "values"}


def _element(element: etree._Element) -> Any:
    children = list(element)
    if element.tag in LISTS:
        return [_element(child) for child in children]
    if children:
        return {child.tag: _element(child) for child in children}
    return element.text


def xml_document(body: bytes) -> Any:
    return _element(etree.fromstring(body))


def as_text(value: Any) -> Any:
    """The JSON document with every scalar as XML would write it."""
    if isinstance(value, dict):
        return {k: as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_text(v) for v in value]
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
