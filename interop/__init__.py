"""Interoperability: Open311 GeoReport v2, CAP 1.2, GeoJSON/CSV, OpenAPI, SMS/WhatsApp."""
