"""Validators for the standards: the GeoReport v2 JSON schemas and the CAP 1.2 XSD."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator
from lxml import etree
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

ROOT = Path(__file__).resolve().parents[2]
# Copied from the shared standards folder, so the tests never depend on it being there.
GEOREPORT = ROOT / "interop" / "schemas" / "georeport-v2"
CAP_XSD = ROOT / "interop" / "schemas" / "CAP-v1.2.xsd"
CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM_NS = "http://www.w3.org/2005/Atom"


@cache
def _registry() -> Registry:
    resources = []
    for path in GEOREPORT.glob("*.json"):
        contents = json.loads(path.read_text())
        resources.append((path.name, Resource.from_contents(contents, DRAFT7)))
    return Registry().with_resources(resources)


def georeport_valid(name: str, document: Any) -> None:
    """Raise unless the document is valid against georeport-v2/<name>.json."""
    schema = json.loads((GEOREPORT / f"{name}.json").read_text())
    validator = Draft7Validator(
        schema, registry=_registry(), format_checker=Draft7Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


@cache
def cap_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(CAP_XSD)))


def cap_valid(alert: etree._Element) -> None:
    schema = cap_schema()
    # Validate the alert as a document of its own (it may sit inside an Atom entry).
    document = etree.fromstring(etree.tostring(alert))
    assert schema.validate(document), schema.error_log.filter_from_errors()
