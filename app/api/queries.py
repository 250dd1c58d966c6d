"""Read-only queries for the REST API: keyset pages, filters, one row, sync status.

Pages are keyed on ``qbench_id`` (``after`` is the last id seen), or, when
sorted on a date, on the pair (date, ``qbench_id``) carried by an opaque
``cursor``; so paging to the end returns every row that existed when paging
began exactly once, even while a sync inserts (a row whose sort date a sync
changes meanwhile moves, as in any sorted listing). Dates are compared as
QBench sends them: naive lab-local wall-clock times; rows without the date
come first in ascending order and last in descending order.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import peewee

from app.entities import ENTITIES, EntityDef
from app.errors import AppError
from app.run_state import BackupState, RunOutcome, evaluate, read_last_success
from app.storage.models import (
    ENTITY_MODELS,
    RUN_ENTITY,
    EntityModel,
    IngestionRun,
    SyncCheckpoint,
)
from app.storage.runs import run_overview

MAX_LIMIT = 500
DEFAULT_LIMIT = 50
MAX_BIGINT = 2**63 - 1
ID_SORT = "id"
LAST_UPDATED = "last_updated"


MAX_TEXT_ID = 200  # longest text id (api_clients: a UUID) a request may name


@dataclass(frozen=True)
class EntitySpec:
    """What one entity can be filtered on."""

    state: str | None = None  # the column the ``state`` filter reads
    created: str | None = None  # the column of the created-date range
    refs: tuple[str, ...] = ()  # relation (``*_id``) columns usable as filters
    id_type: str = "int"  # "text": the QBench id is a string (api_clients' UUID)
    stamped: bool = False  # records carry last_updated: updated_since, its sort


def _spec(entry: EntityDef) -> EntitySpec:
    """The REST filters of a registry entry: its ``state`` and ``created``
    columns and its integer relation columns (counts such as
    ``number_of_slots`` are not relations)."""
    refs = tuple(name for name in entry.refs if name.endswith("_id"))
    return EntitySpec(entry.state, entry.created, refs, entry.id_type, entry.stamped)


# Every registry entity with a table, in dependency order (app.entities).
SPECS: dict[str, EntitySpec] = {
    name: _spec(entry) for name, entry in ENTITIES.items() if name in ENTITY_MODELS
}
assert SPECS.keys() == ENTITY_MODELS.keys(), "a table outside the registry"


def valid_id(qbench_id: object, id_type: str | None = None) -> bool:
    """Whether ``qbench_id`` can be a stored QBench id: a 64-bit non-negative
    integer, or (``id_type`` "text" or None) a string of at most
    ``MAX_TEXT_ID`` characters without NUL (which PostgreSQL refuses)."""
    if isinstance(qbench_id, int) and not isinstance(qbench_id, bool):
        return id_type != "text" and 0 <= qbench_id <= MAX_BIGINT
    if isinstance(qbench_id, str):
        fits = len(qbench_id) <= MAX_TEXT_ID and "\x00" not in qbench_id
        return id_type != "int" and fits
    return False


class BadCursor(ValueError):
    """A ``cursor`` that this API did not make for this sort."""


def sort_columns(entity: str) -> dict[str, peewee.Field]:
    """The fields ``entity`` can be sorted on, by their public name."""
    model = ENTITY_MODELS[entity]
    columns = {ID_SORT: model.qbench_id}
    if SPECS[entity].stamped:
        columns[LAST_UPDATED] = model.qbench_last_updated
    created = SPECS[entity].created
    if created:
        columns[created] = getattr(model, created)
    return columns


def sorts(entity: str) -> list[str]:
    """Every ``sort`` value of ``entity``: each field, ascending then descending."""
    return [name for field in sort_columns(entity) for name in (field, f"-{field}")]


@dataclass(frozen=True)
class Cursor:
    """Where a page ended: the sort, the last row's sort value and its id."""

    sort: str
    value: datetime | None
    qbench_id: int | str  # str: an entity with text ids (api_clients)

    def encode(self) -> str:
        value = self.value.isoformat() if self.value is not None else None
        text = json.dumps([self.sort, value, self.qbench_id], separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str, sort: str, id_type: str = "int") -> Cursor:
        """The cursor in ``text``; BadCursor unless it was made for ``sort`` of
        an entity whose ids are ``id_type`` ("int" or "text")."""
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
            made_for, value, qbench_id = json.loads(raw)
            when = None if value is None else datetime.fromisoformat(value)
        except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
            raise BadCursor("not a cursor this API made") from None
        if made_for != sort:
            raise BadCursor(f"made for sort={made_for}, not sort={sort}")
        if not valid_id(qbench_id, id_type) or (
            when is not None and when.tzinfo is not None
        ):
            raise BadCursor("not a cursor this API made")
        return cls(sort, when, qbench_id)


@dataclass
class ListQuery:
    """A validated list request."""

    limit: int = DEFAULT_LIMIT
    cursor: Cursor | None = None  # where the previous page ended
    sort: str = ID_SORT
    include_deleted: bool = False
    include_raw: bool = False
    include_exact: bool = False
    include_total: bool = False
    updated_since: datetime | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    state: str | None = None
    refs: dict[str, int] = field(default_factory=dict)

    @property
    def descending(self) -> bool:
        return self.sort.startswith("-")

    @property
    def sort_field(self) -> str:
        """The public name of the sorted field (``sort`` without its ``-``)."""
        return self.sort.lstrip("-")


@dataclass(frozen=True)
class Page:
    """One page of rows, the cursor of the next page and the total if asked."""

    items: list[dict[str, Any]]
    next_after: int | str | None  # id sorts only
    next_cursor: str | None  # any sort
    total: int | None


def row_dict(row: dict[str, Any]) -> dict[str, Any]:
    """A row of ``.dicts()`` ready for JSON (datetimes as ISO text)."""
    return {
        name: value.isoformat() if isinstance(value, datetime | date) else value
        for name, value in row.items()
    }


def _columns(
    model: type[EntityModel], include_raw: bool, include_exact: bool = False
) -> list[peewee.Field]:
    left_out = set()
    if not include_raw:
        left_out.add("raw_payload")
    if not include_exact:
        left_out.add("raw_payload_exact")
    return [f for f in model._meta.sorted_fields if f.name not in left_out]


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


def _segments(
    column: peewee.Field, key: peewee.Field, at: Cursor | None, desc: bool
) -> list[Any]:
    """The WHERE of each run of rows still to read, in page order.

    Rows without the date form one run (ordered by id) before the dated rows
    when ascending and after them when descending. Within the dated run the
    cursor is a row-value comparison, ``(date, id) > (value, id)``, which both
    databases answer with a seek on the (date, id) index; an OR of the NULL
    case would make them walk the index from the start instead.
    """
    id_after = (lambda i: key < i) if desc else (lambda i: key > i)
    if column is key:
        return [id_after(at.qbench_id) if at else None]
    undated, dated = column.is_null(), column.is_null(False)
    if at is not None and at.value is not None:
        value = peewee.Value(at.value, converter=column.db_value)
        pair, mark = peewee.Tuple(column, key), peewee.Tuple(value, at.qbench_id)
        rest = dated & ((pair < mark) if desc else (pair > mark))
        return [rest, undated] if desc else [rest]
    if at is not None:  # the cursor stands among the undated rows
        rest = undated & id_after(at.qbench_id)
        return [rest] if desc else [rest, dated]
    return [dated, undated] if desc else [undated, dated]


def page_queries(entity: str, q: ListQuery) -> list[peewee.ModelSelect]:
    """One ordered SELECT per run of rows still to read (see ``_segments``)."""
    model = ENTITY_MODELS[entity]
    columns = _columns(model, q.include_raw, q.include_exact)
    base = _filtered(entity, q).select(*columns)
    desc = q.descending
    column, key = sort_columns(entity)[q.sort_field], model.qbench_id
    order = [column.desc(), key.desc()] if desc else [column.asc(), key.asc()]
    if column is key:
        order = order[:1]
    return [
        (base if where is None else base.where(where)).order_by(*order)
        for where in _segments(column, key, q.cursor, desc)
    ]


def _page_rows(entity: str, q: ListQuery) -> list[dict[str, Any]]:
    """Up to ``q.limit + 1`` rows, reading one run of rows after another."""
    rows: list[dict[str, Any]] = []
    for query in page_queries(entity, q):
        rows.extend(query.limit(q.limit + 1 - len(rows)).dicts())
        if len(rows) > q.limit:
            break
    return rows


def list_rows(entity: str, q: ListQuery) -> Page:
    """One keyset page of ``entity`` matching ``q``, in the order ``q.sort``."""
    rows = _page_rows(entity, q)
    more = len(rows) > q.limit
    rows = rows[: q.limit]
    items = [row_dict(row) for row in rows]
    total = _filtered(entity, q).count() if q.include_total else None
    if not more:
        return Page(items, None, None, total)
    last = rows[-1]
    by_id = q.sort_field == ID_SORT
    value = None if by_id else last[sort_columns(entity)[q.sort_field].name]
    cursor = Cursor(q.sort, value, last["qbench_id"]).encode()
    return Page(items, last["qbench_id"] if by_id else None, cursor, total)


def get_row(
    entity: str, qbench_id: int | str, include_raw: bool, include_exact: bool = False
) -> dict[str, Any] | None:
    """One row by id (deleted rows too, with their ``deleted_at``), or None
    (also for an id no row of ``entity`` can have: see ``valid_id``)."""
    if not valid_id(qbench_id, SPECS[entity].id_type):
        return None
    model = ENTITY_MODELS[entity]
    query = model.select(*_columns(model, include_raw, include_exact))
    row = query.where(model.qbench_id == qbench_id).dicts().first()
    return row_dict(row) if row is not None else None


def sync_status(
    running: bool, file_outcome: RunOutcome | None = None, database: str | None = None
) -> dict[str, Any]:
    """The backup's state (the window's indicator: ``app.run_state``; a run
    that skipped entities for lack of permission is ``partial``), and per
    registry entity: its last success, its newest finished run (``skipped``
    with the scope to grant in ``user_message`` when QBench refused it) and
    its checkpoint; and whether a sync runs now."""
    last_success_at, runs = run_overview()
    state = evaluate(
        last_success_at,
        runs,
        running=running,
        now=datetime.now(UTC),
        file_outcome=file_outcome,
        database=database,
    )
    checkpoints = {row["entity"]: row for row in SyncCheckpoint.select().dicts()}
    entities = {}
    for entity in SPECS:
        runs = IngestionRun.select().where(IngestionRun.entity == entity)
        newest = runs.order_by(IngestionRun.finished_at.desc(), IngestionRun.id.desc())
        last = newest.where(IngestionRun.status == "success").dicts().first()
        finished = newest.where(IngestionRun.finished_at.is_null(False))
        last_run = finished.dicts().first()
        checkpoint = checkpoints.get(entity)
        entities[entity] = {
            "last_success": row_dict(last) if last else None,
            "last_run": row_dict(last_run) if last_run else None,
            "checkpoint": row_dict(checkpoint) if checkpoint else None,
        }
    return {
        "running": running,
        "backup": state.to_json(),
        "entities": entities,
        "database": {"available": True, "error": None, "user_message": None},
    }


def status_without_database(
    running: bool,
    file_outcome: RunOutcome | None,
    database: str | None,
    error: AppError,
) -> dict[str, Any]:
    """``sync_status`` while the backup database cannot be read: the status
    file's outcome decides when it failed; otherwise the state is failed with
    the database's reason (a backup nobody can read is not green)."""
    state = evaluate(
        read_last_success(),
        [],
        running=running,
        now=datetime.now(UTC),
        file_outcome=file_outcome,
        database=database,
    )
    if state.state != "failed":
        state = BackupState(
            "failed", state.last_success_at, state.last_run, error.user_message
        )
    return {
        "running": running,
        "backup": state.to_json(),
        "entities": {},
        "database": {
            "available": False,
            "error": str(error),
            "user_message": error.user_message,
        },
    }


def sync_runs(
    limit: int, before: int | None, running: bool = False
) -> tuple[list[dict[str, Any]], int | None]:
    """Run-log rows, newest first, keyed on their id; and the next cursor.

    A row still ``running`` that no sync is running (the process was killed)
    reads ``interrupted``, as the window and ``/sync/status`` say; while a sync
    runs, only the newest run still marked running is live."""
    query = IngestionRun.select().order_by(IngestionRun.id.desc())
    if before is not None:
        query = query.where(IngestionRun.id < before)
    rows = list(query.limit(limit + 1).dicts())
    more = len(rows) > limit
    rows = rows[:limit]
    live = _live_run() if running else None
    for row in rows:
        if row["status"] == "running" and row["run_id"] != live:
            row["status"] = "interrupted"
    return [row_dict(r) for r in rows], rows[-1]["id"] if more else None


def _live_run() -> str | None:
    """The run id of the newest run still marked running (the one the lock
    holder writes)."""
    row = (
        IngestionRun.select(IngestionRun.run_id)
        .where(IngestionRun.entity == RUN_ENTITY, IngestionRun.status == "running")
        .order_by(IngestionRun.id.desc())
        .first()
    )
    return row.run_id if row is not None else None
