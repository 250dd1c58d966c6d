"""Schema drift: fields QBench sends that its official v2 document does not list.

Recorded (``schema_drift``), logged once per field and run, never fatal. Tenant
custom fields are flattened into records, so they appear here by design: the
table doubles as the list of a tenant's custom fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from loguru import logger

from app.entities import ENTITIES
from app.storage.repository import Repository
from app.sync.v2_fields import V2_FIELDS


def documented_fields(entity: str) -> frozenset[str]:
    """The record properties the official v2 document lists for ``entity``'s
    list (``app.v2_lists``, generated from it by
    ``scripts/extract_v2_lists.py``); empty when it lists none."""
    from app.v2_lists import V2_LISTS  # generated from the document

    known = ENTITIES.get(entity)
    lists = V2_LISTS.get(known.path if known else entity, {})
    return frozenset(lists.get("properties", ()))


class DriftLog:
    """Collects unknown fields of one entity during a pass."""

    def __init__(self, entity: str) -> None:
        self.entity = entity
        self.known = V2_FIELDS.get(entity) or documented_fields(entity)
        self.seen: dict[str, Any] = {}
        self._pending: dict[str, Any] = {}

    def observe(self, rows: Iterable[Any]) -> None:
        for row in rows:
            if not isinstance(row, Mapping):
                continue
            for key, value in row.items():
                if key not in self.known and key not in self.seen:
                    self.seen[key] = value
                    self._pending[key] = value

    def save(self, repo: Repository, run_id: str) -> None:
        """Write the fields first seen since the last save (inside the page tx)."""
        if not self._pending:
            return
        logger.info(
            f"{self.entity}: fields not in QBench's v2 document (recorded as drift): "
            + ", ".join(sorted(self._pending))
        )
        repo.record_drift(self.entity, self._pending, run_id)
        self._pending = {}

    @property
    def fields(self) -> list[str]:
        return sorted(self.seen)
