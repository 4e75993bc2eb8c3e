"""Benchmarks: one-core micro benchmarks (geocode, priority_engine) and the
end-to-end harness of the production shape (`python -m bench.run`, `make bench`)."""

from __future__ import annotations
