"""Offline geocoding for Indonesia: gazetteer, address parsing, provider chain.

Entry points: `geo.services.locate` (the pipeline), `geo.gazetteer.get_gazetteer`
(a geopy Geocoder), `geo.providers.get_chain` (GEOCODERS), `geo.address.parse_address`.
"""

from __future__ import annotations
