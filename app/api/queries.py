"""Read-only queries for the REST API: keyset pages, filters, one row, sync status.

Pages are keyed on ``qbench_id`` (``after`` is the last id seen), so paging to
the end returns every row that existed when paging began exactly once, even
while a sync inserts. Dates are compared as QBench sends them: naive lab-local
wall-clock times.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import peewee

from app.storage.models import ENTITY_MODELS, EntityModel, IngestionRun, SyncCheckpoint

MAX_LIMIT = 500
DEFAULT_LIMIT = 50
MAX_BIGINT = 2**63 - 1
SORTS = ("id", "-id")


@dataclass(frozen=True)
class EntitySpec:
    """What one entity can be filtered on."""

    state: str | None = None  # the column the ``state`` filter reads
    created: str | None = None  # the column of the created-date range
    refs: tuple[str, ...] = ()  # foreign-key columns usable as filters


SPECS: dict[str, EntitySpec] = {
    "customers": EntitySpec("status", "date_created"),
    "orders": EntitySpec("state", "date_created", ("customer_id",)),
    "samples": EntitySpec("state", "date_created", ("order_id",)),
    "batches": EntitySpec(None, "date_created", ("assay_id",)),
    "tests": EntitySpec("state", "date_created", ("sample_id", "assay_id", "panel_id")),
    "assays": EntitySpec(),
    "reports": EntitySpec(
        "state", "date_generated", ("order_id", "sample_id", "test_id")
    ),
}
assert SPECS.keys() == ENTITY_MODELS.keys()


@dataclass
class ListQuery:
    """A validated list request."""

    limit: int = DEFAULT_LIMIT
    after: int | None = None
    sort: str = "id"
    include_deleted: bool = False
    include_raw: bool = False
    include_total: bool = False
    updated_since: datetime | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    state: str | None = None
    refs: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    """One page of rows, the cursor of the next page and the total if asked."""

    items: list[dict[str, Any]]
    next_after: int | None
    total: int | None


def row_dict(row: dict[str, Any]) -> dict[str, Any]:
    """A row of ``.dicts()`` ready for JSON (datetimes as ISO text)."""
    return {
        name: value.isoformat() if isinstance(value, datetime | date) else value
        for name, value in row.items()
    }


def _columns(model: type[EntityModel], include_raw: bool) -> list[peewee.Field]:
    return [
        f for f in model._meta.sorted_fields if include_raw or f.name != "raw_payload"
    ]


def _filtered(entity: str, q: ListQuery) -> peewee.ModelSelect:
    model = ENTITY_MODELS[entity]
    spec = SPECS[entity]
    query = model.select()
    if not q.include_deleted:
        query = query.where(model.deleted_at.is_null())
    if q.updated_since is not None:
        query = query.where(model.qbench_last_updated >= q.updated_since)
    if spec.created:
        column = getattr(model, spec.created)
        if q.created_from is not None:
            query = query.where(column >= q.created_from)
        if q.created_to is not None:
            query = query.where(column < q.created_to)
    if spec.state and q.state is not None:
        query = query.where(getattr(model, spec.state) == q.state)
    for name, value in q.refs.items():
        query = query.where(getattr(model, name) == value)
    return query


def list_rows(entity: str, q: ListQuery) -> Page:
    """One keyset page of ``entity`` matching ``q``."""
    model = ENTITY_MODELS[entity]
    base = _filtered(entity, q)
    query = base.select(*_columns(model, q.include_raw))
    descending = q.sort == "-id"
    if q.after is not None:
        key = model.qbench_id
        query = query.where(key < q.after if descending else key > q.after)
    order = model.qbench_id.desc() if descending else model.qbench_id.asc()
    rows = list(query.order_by(order).limit(q.limit + 1).dicts())
    more = len(rows) > q.limit
    items = [row_dict(row) for row in rows[: q.limit]]
    total = base.count() if q.include_total else None
    return Page(items, items[-1]["qbench_id"] if more else None, total)


def get_row(entity: str, qbench_id: int, include_raw: bool) -> dict[str, Any] | None:
    """One row by id (deleted rows too, with their ``deleted_at``), or None."""
    model = ENTITY_MODELS[entity]
    query = model.select(*_columns(model, include_raw))
    row = query.where(model.qbench_id == qbench_id).dicts().first()
    return row_dict(row) if row is not None else None


def sync_status(running: bool) -> dict[str, Any]:
    """Last success and checkpoint per entity, and whether a sync runs now."""
    checkpoints = {row["entity"]: row for row in SyncCheckpoint.select().dicts()}
    entities = {}
    for entity in ENTITY_MODELS:
        last = (
            IngestionRun.select()
            .where(IngestionRun.entity == entity, IngestionRun.status == "success")
            .order_by(IngestionRun.finished_at.desc(), IngestionRun.id.desc())
            .dicts()
            .first()
        )
        checkpoint = checkpoints.get(entity)
        entities[entity] = {
            "last_success": row_dict(last) if last else None,
            "checkpoint": row_dict(checkpoint) if checkpoint else None,
        }
    return {"running": running, "entities": entities}


def sync_runs(
    limit: int, before: int | None
) -> tuple[list[dict[str, Any]], int | None]:
    """Run-log rows, newest first, keyed on their id; and the next cursor."""
    query = IngestionRun.select().order_by(IngestionRun.id.desc())
    if before is not None:
        query = query.where(IngestionRun.id < before)
    rows = list(query.limit(limit + 1).dicts())
    more = len(rows) > limit
    rows = rows[:limit]
    return [row_dict(r) for r in rows], rows[-1]["id"] if more else None
