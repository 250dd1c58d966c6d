"""Every query on the backup: batched upserts, deletions, reads and orphans.

A page is written with a constant number of statements whatever its size: one
SELECT (to tell inserts from updates), one INSERT ... ON CONFLICT, for batches up
to four link-table statements, and one INSERT for rejected records. Pages over
``MAX_PARAMS`` bound values are split, because SQLite caps them per statement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any, TypeVar

import peewee

from app.entities import ENTITIES
from app.jsoncodec import decode, exact_text
from app.storage.dates import utc_naive
from app.storage.documents import DocumentLog
from app.storage.mapping import MappedRecord, QbenchId, RecordError, map_record
from app.storage.models import (
    ENTITY_MODELS,
    BatchSample,
    BatchTest,
    EntityModel,
    RejectedRecord,
    ValueProblem,
    bind,
)
from app.storage.payload import Encoded, StoredJSON, encode
from app.storage.runs import Orphan, RunLog, reject_rows

# Keys QBench changes on every read, not when the record changes: a report's
# presigned PDF ``url`` is re-signed each time (README Q14). The fresh value is
# stored, but it does not make the record "changed".
VOLATILE_KEYS: dict[str, frozenset[str]] = {"reports": frozenset({"url"})}
PROBLEM_CHARS = 500  # a problem names the field and a short form of the value
MAX_PARAMS = 30_000  # below SQLite's 32,766 bound parameters per statement
T = TypeVar("T")

# child entity → (column, parent entity), from the registry's ``parents``.
RELATIONS: dict[str, tuple[tuple[str, str], ...]] = {
    definition.name: tuple((p.column, p.entity) for p in definition.parents)
    for definition in ENTITIES.values()
    if definition.parents
}
LINKS = {"samples": (BatchSample, "sample_id"), "tests": (BatchTest, "test_id")}


@dataclass
class UpsertResult:
    """What one page did: new and changed rows, ids stored, records set aside."""

    inserted: int = 0
    updated: int = 0
    ids: list[QbenchId] = field(default_factory=list)
    changed: list[QbenchId] = field(default_factory=list)  # new, or payload differs
    rejected: list[tuple[Any, str]] = field(default_factory=list)
    problems: dict[QbenchId, list[str]] = field(default_factory=dict)


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), max(1, size)):
        yield items[start : start + size]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _differs(
    existing: tuple[Any, str | None],
    record: Any,
    new: Encoded,
    volatile: frozenset[str] = frozenset(),
) -> bool:
    """Whether ``record`` differs from the stored row (compared as QBench sent
    both: the exact texts of odd records, the decoded values of plain ones),
    leaving out ``volatile`` keys, which change on every read."""
    stored, exact = existing
    if volatile and isinstance(record, dict):
        old = source_payload(stored, exact)
        if isinstance(old, dict):
            return exact_text(_without(old, volatile), sort_keys=True) != exact_text(
                _without(record, volatile), sort_keys=True
            )
    if exact is not None or new.exact is not None:
        return exact != new.exact
    return bool(stored != record)


def _without(record: dict[str, Any], keys: frozenset[str]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in keys}


def source_payload(stored: Any, exact: str | None) -> Any:
    """The record as QBench sent it: the exact form decoded, else the stored form."""
    return stored if exact is None else decode(exact)


def _parent_column(entity: str) -> str:
    """The column of a per-parent entity (worksheets) that holds its parent's id:
    the registry's ``parents`` entry for the entity it is listed ``per``."""
    definition = ENTITIES.get(entity)
    per = definition.per if definition else None
    for parent in definition.parents if definition else ():
        if parent.entity == per:
            return parent.column
    raise KeyError(f"{entity!r} is not stored per parent record")


def _problem_text(qbench_id: QbenchId, problem: str) -> str:
    """A value problem as ``value_problems`` keeps it: a text id, which its
    integer ``qbench_id`` column cannot hold, is named in the text."""
    return problem if isinstance(qbench_id, int) else f"id {qbench_id}: {problem}"


def entity_model(entity: str) -> type[EntityModel]:
    """The model of ``entity``; raises KeyError naming the known ones."""
    try:
        return ENTITY_MODELS[entity]
    except KeyError:
        raise KeyError(
            f"unknown entity {entity!r}; known: {list(ENTITY_MODELS)}"
        ) from None


class Repository(RunLog, DocumentLog):
    """The backup database; binds the models to ``db`` on creation."""

    def __init__(
        self,
        db: peewee.Database,
        *,
        clock: Callable[[], datetime] = _utc_now,
        lab_tz: tzinfo | None = None,
    ) -> None:
        bind(db)
        self.db = db
        self.clock = clock
        self.lab_tz = lab_tz

    def reconnect(self) -> None:
        """Drop this thread's connection and open a new one (after it was lost)."""
        contexts = list(self.db._state.ctx)  # open connection_context blocks
        with suppress(peewee.DatabaseError, peewee.InterfaceError):
            self.db.close()  # the old connection is gone anyway
        self.db.connect()
        self.db._state.ctx.extend(contexts)  # their exits close the new one

    def transaction(self) -> AbstractContextManager[Any]:
        """One transaction (a savepoint when nested): page + checkpoint together."""
        return self.db.atomic()

    # -- writes ------------------------------------------------------------

    def upsert_page(
        self,
        entity: str,
        records: Iterable[Any],
        fetched_at: datetime | None = None,
        *,
        run_id: str | None = None,
        revive: bool = True,
        fixed: dict[str, Any] | None = None,
    ) -> UpsertResult:
        """Insert or update a page of records; unmappable ones go to rejected.

        ``revive=False`` keeps ``deleted_at`` on rows already marked deleted (a
        listing that includes deleted records says nothing about liveness).
        ``fixed`` sets typed columns every record of the page lacks: the comments
        of ``/orders/5/comments`` get ``fixed={"order_id": 5}``; ``raw_payload``
        stays exactly the record QBench sent. KeyError for a column the entity
        does not have.
        """
        return self._upsert(
            entity,
            ((record, None, fixed) for record in records),
            fetched_at,
            run_id=run_id,
            revive=revive,
        )

    def upsert_documents(
        self,
        entity: str,
        documents: Mapping[int, Any],
        fetched_at: datetime | None = None,
        *,
        run_id: str | None = None,
    ) -> UpsertResult:
        """Store one document per parent record, keyed by the parent's id.

        For the worksheet entities (``test_worksheets``, ``batch_worksheets``):
        ``documents`` maps a test (batch) id to what ``GET /tests/{id}/worksheet/
        data`` answered (its ``data`` object); the row's ``qbench_id`` and its
        parent column (``test_id``) are that id, whatever the document holds, and
        ``raw_payload`` is the document as sent. ``result.changed`` lists the
        parents whose document is new or differs from the stored one. KeyError
        for an entity not stored per parent record.
        """
        column = _parent_column(entity)
        return self._upsert(
            entity,
            ((doc, pid, {column: pid}) for pid, doc in documents.items()),
            fetched_at,
            run_id=run_id,
        )

    def _upsert(
        self,
        entity: str,
        items: Iterable[tuple[Any, QbenchId | None, dict[str, Any] | None]],
        fetched_at: datetime | None,
        *,
        run_id: str | None,
        revive: bool = True,
    ) -> UpsertResult:
        """``upsert_page`` of (record, id, fixed columns) triples: an id given
        keys a document that carries none of its own (None: the record's
        ``id``); see ``mapping.map_record``."""
        model = entity_model(entity)
        fetched = utc_naive(fetched_at or self.clock())
        postgres = isinstance(self.db, peewee.PostgresqlDatabase)
        result = UpsertResult()
        mapped: dict[QbenchId, tuple[MappedRecord, Any, Encoded]] = {}
        for record, forced_id, fixed in items:
            try:
                item = map_record(
                    entity, record, lab_tz=self.lab_tz, fixed=fixed, qbench_id=forced_id
                )
                encoded = encode(record, postgres=postgres)
            except RecordError as exc:
                result.rejected.append((record, str(exc)))
                continue
            except RecursionError:  # deeper than Python's stack: kept as a note
                shown = record.get("id") if isinstance(record, dict) else forced_id
                note = {"id": shown, "note": "nested too deep to store"}
                error = "record nested too deep to store (Python's recursion limit)"
                result.rejected.append((note, error))
                continue
            mapped.pop(item.qbench_id, None)  # a repeated id: the last copy wins
            result.problems.pop(item.qbench_id, None)
            mapped[item.qbench_id] = (item, record, encoded)
            if item.problems:
                result.problems[item.qbench_id] = item.problems
        result.ids = list(mapped)
        with self.db.atomic():
            if mapped:
                volatile = VOLATILE_KEYS.get(entity, frozenset())
                existing = self._existing_payloads(model, result.ids)
                result.updated = len(existing)
                result.inserted = len(result.ids) - result.updated
                result.changed = [
                    qid
                    for qid, (_, record, encoded) in mapped.items()
                    if qid not in existing
                    or _differs(existing[qid], record, encoded, volatile)
                ]
                self._write_rows(model, mapped.values(), fetched, revive=revive)
            if entity == "batches":
                self._replace_links([item for item, _, _ in mapped.values()])
            if result.problems:
                self._note_problems(entity, result.problems, fetched, run_id)
            if result.rejected:
                rows = reject_rows(
                    entity, ((r, None, e) for r, e in result.rejected), run_id, fetched
                )
                RejectedRecord.insert_many(rows).execute()
        return result

    def _note_problems(
        self,
        entity: str,
        problems: dict[QbenchId, list[str]],
        seen: datetime,
        run_id: str | None,
    ) -> None:
        """Record each field no typed column could hold (once per record and
        problem; a later sighting moves ``last_seen_at``). ``value_problems``
        keys records by an integer id: a text-id record's problem is kept under
        id 0, its text naming the id (``id <uuid>: <problem>``)."""
        rows = [
            {
                "entity": entity,
                "qbench_id": qbench_id if isinstance(qbench_id, int) else 0,
                "problem": _problem_text(qbench_id, problem)[:PROBLEM_CHARS],
                "first_seen_at": seen,
                "last_seen_at": seen,
                "run_id": run_id,
            }
            for qbench_id, found in problems.items()
            for problem in dict.fromkeys(found)
        ]
        for chunk in _chunks(rows, MAX_PARAMS // 6):
            ValueProblem.insert_many(chunk).on_conflict(
                conflict_target=[
                    ValueProblem.entity,
                    ValueProblem.qbench_id,
                    ValueProblem.problem,
                ],
                preserve=[ValueProblem.last_seen_at, ValueProblem.run_id],
            ).execute()

    def value_problems(self, entity: str | None = None) -> list[ValueProblem]:
        """Recorded value problems (of one entity), by entity, id and text."""
        query = ValueProblem.select().order_by(
            ValueProblem.entity, ValueProblem.qbench_id, ValueProblem.problem
        )
        if entity is not None:
            query = query.where(ValueProblem.entity == entity)
        return list(query)

    def _existing_payloads(
        self, model: type[EntityModel], ids: list[QbenchId]
    ) -> dict[QbenchId, tuple[Any, str | None]]:
        """id → (stored form, exact text or None) of the rows already stored."""
        found: dict[QbenchId, tuple[Any, str | None]] = {}
        for chunk in _chunks(ids, MAX_PARAMS):
            query = model.select(
                model.qbench_id, model.raw_payload, model.raw_payload_exact
            ).where(model.qbench_id.in_(chunk))
            found.update((row[0], (row[1], row[2])) for row in query.tuples())
        return found

    def _write_rows(
        self,
        model: type[EntityModel],
        items: Iterable[tuple[MappedRecord, Any, Encoded]],
        fetched: datetime,
        *,
        revive: bool = True,
    ) -> None:
        rows = [
            {
                "qbench_id": item.qbench_id,
                **item.row,
                "raw_payload": StoredJSON(encoded.stored),
                "raw_payload_exact": encoded.exact,
                "fetched_at": fetched,
                "deleted_at": None,  # liveness comes from listings, not fields
            }
            for item, _, encoded in items
        ]
        excluded = peewee.EXCLUDED
        keep_deleted: Any = peewee.fn.COALESCE(model.deleted_at, excluded.deleted_at)
        if revive:
            keep_deleted = peewee.Case(
                None, [(excluded.deleted_at.is_null(), None)], keep_deleted
            )
        preserve = [
            f
            for f in model._meta.sorted_fields
            if f.name not in ("qbench_id", "deleted_at")
        ]
        per_statement = MAX_PARAMS // len(rows[0])
        for chunk in _chunks(rows, per_statement):
            model.insert_many(chunk).on_conflict(
                conflict_target=[model.qbench_id],
                preserve=preserve,
                update={model.deleted_at: keep_deleted},
            ).execute()

    def _replace_links(self, batches: list[MappedRecord]) -> None:
        for name, (link, column) in LINKS.items():
            owners = {
                b.qbench_id: b.links[name]
                for b in batches
                if b.links and name in b.links
            }
            if not owners:
                continue
            for chunk in _chunks(list(owners), MAX_PARAMS):
                link.delete().where(link.batch_id.in_(chunk)).execute()
            rows = [
                {"batch_id": batch_id, column: child}
                for batch_id, children in owners.items()
                for child in children
            ]
            for chunk in _chunks(rows, MAX_PARAMS // 2):
                link.insert_many(chunk).execute()

    def mark_deleted(
        self, entity: str, ids: Iterable[QbenchId], when: datetime | None = None
    ) -> int:
        """Set deleted_at on these rows (those not already deleted); returns count."""
        model = entity_model(entity)
        stamp = utc_naive(when or self.clock())
        count = 0
        with self.db.atomic():
            for chunk in _chunks(sorted(set(ids)), MAX_PARAMS):
                count += (
                    model.update(deleted_at=stamp)
                    .where(model.qbench_id.in_(chunk), model.deleted_at.is_null())
                    .execute()
                )
        return count

    def revive(self, entity: str, ids: Iterable[QbenchId]) -> int:
        """Clear deleted_at on these rows (QBench lists them as live again)."""
        model = entity_model(entity)
        count = 0
        with self.db.atomic():
            for chunk in _chunks(sorted(set(ids)), MAX_PARAMS):
                count += (
                    model.update(deleted_at=None)
                    .where(model.qbench_id.in_(chunk), model.deleted_at.is_null(False))
                    .execute()
                )
        return count

    def mark_stale_deleted(
        self, entity: str, fetched_before: datetime, when: datetime | None = None
    ) -> int:
        """After a complete listing that began at ``fetched_before``: every live row
        not fetched since then is gone from QBench, so mark it deleted."""
        model = entity_model(entity)
        stamp = utc_naive(when or self.clock())
        return int(
            model.update(deleted_at=stamp)
            .where(
                model.deleted_at.is_null(),
                model.fetched_at < utc_naive(fetched_before),
            )
            .execute()
        )

    def revive_fetched_since(
        self, entity: str, since: datetime, except_ids: Iterable[int] = ()
    ) -> int:
        """After a complete listing that began at ``since``: rows fetched since then
        and not in ``except_ids`` (the ids QBench lists as deleted) are live."""
        model = entity_model(entity)
        query = model.select(model.qbench_id).where(
            model.deleted_at.is_null(False), model.fetched_at >= utc_naive(since)
        )
        marked = {row[0] for row in query.tuples()}
        return self.revive(entity, marked - set(except_ids))

    def ids_fetched_since(self, entity: str, since: datetime) -> set[QbenchId]:
        """Ids of rows (deleted or not) fetched at or after ``since``."""
        model = entity_model(entity)
        query = model.select(model.qbench_id).where(
            model.fetched_at >= utc_naive(since)
        )
        return {row[0] for row in query.tuples()}

    def column_values(
        self, entity: str, ids: Iterable[QbenchId], column: str
    ) -> set[int]:
        """The distinct non-null values of ``column`` over the rows ``ids``
        (e.g. the orders of some samples)."""
        model = entity_model(entity)
        field = getattr(model, column)
        found: set[int] = set()
        for chunk in _chunks(sorted(set(ids)), MAX_PARAMS):
            query = model.select(field).where(
                model.qbench_id.in_(chunk), field.is_null(False)
            )
            found.update(row[0] for row in query.distinct().tuples())
        return found

    def live_ids_fetched_before(self, entity: str, before: datetime) -> set[QbenchId]:
        """Live rows not fetched since ``before``: after a complete listing that
        began then, QBench did not list them (gone, or skipped by a shift)."""
        model = entity_model(entity)
        query = model.select(model.qbench_id).where(
            model.deleted_at.is_null(), model.fetched_at < utc_naive(before)
        )
        return {row[0] for row in query.tuples()}

    def live_ids(self, entity: str, **parents: Iterable[int]) -> set[QbenchId]:
        """Ids of live rows, optionally only those whose parent column is in a set."""
        model = entity_model(entity)
        query = model.select(model.qbench_id).where(model.deleted_at.is_null())
        for column, values in parents.items():
            query = query.where(getattr(model, column).in_(sorted(set(values))))
        return {row[0] for row in query.tuples()}

    def max_id(self, entity: str) -> QbenchId | None:
        """The highest qbench_id stored (deleted or not)."""
        model = entity_model(entity)
        return model.select(peewee.fn.MAX(model.qbench_id)).scalar()

    def mark_missing_deleted(
        self,
        entity: str,
        seen_ids: Iterable[QbenchId],
        when: datetime | None = None,
        *,
        allow_empty: bool = False,
    ) -> int:
        """After a complete full listing: mark every live row not seen as deleted.

        An empty ``seen_ids`` would delete everything, so it needs ``allow_empty``.
        """
        model = entity_model(entity)
        seen = sorted(set(seen_ids))
        if not seen and not allow_empty:
            raise ValueError("no ids seen: refusing to mark every row deleted")
        stamp = utc_naive(when or self.clock())
        with self.db.atomic(), self._seen_table(model, seen) as table:
            count = (
                model.update(deleted_at=stamp)
                .where(
                    model.deleted_at.is_null(),
                    model.qbench_id.not_in(table.select(table.id)),
                )
                .execute()
            )
        return int(count)

    def mark_missing_children(
        self,
        entity: str,
        column: str,
        parent_ids: Iterable[int],
        seen_ids: Iterable[QbenchId],
        when: datetime | None = None,
    ) -> int:
        """After complete listings of the children of ``parent_ids`` (the comments
        of some orders): mark deleted every live row whose ``column`` is one of
        those parents and whose id was not seen; returns how many. Children of
        other parents are untouched, so a pass over changed orders only may call
        it with just those orders. An empty ``seen_ids`` is allowed (the orders
        listed no comments at all)."""
        model = entity_model(entity)
        parents = sorted(set(parent_ids))
        ref = getattr(model, column)
        stamp = utc_naive(when or self.clock())
        count = 0
        seen = sorted(set(seen_ids))
        with self.db.atomic(), self._seen_table(model, seen) as table:
            for chunk in _chunks(parents, MAX_PARAMS):
                count += (
                    model.update(deleted_at=stamp)
                    .where(
                        model.deleted_at.is_null(),
                        ref.in_(chunk),
                        model.qbench_id.not_in(table.select(table.id)),
                    )
                    .execute()
                )
        return int(count)

    def unseen_live_ids(
        self, entity: str, seen_ids: Iterable[QbenchId]
    ) -> set[QbenchId]:
        """Live rows a complete listing did not show: ``live_ids`` minus
        ``seen_ids``. A catalogue pass confirms each with a GET (404: gone)
        before ``mark_deleted``, so a record a shifting page skipped is kept."""
        return self.live_ids(entity) - set(seen_ids)

    @contextmanager
    def _seen_table(
        self, model: type[EntityModel], seen: Sequence[QbenchId]
    ) -> Iterator[peewee.Table]:
        """A temporary table of the ids a listing showed (typed like the
        entity's ``qbench_id``), dropped afterwards; use inside a transaction."""
        text = isinstance(model.qbench_id, peewee.TextField)
        name = "qbb_seen_text_ids" if text else "qbb_seen_ids"
        table = peewee.Table(name, ("id",)).bind(self.db)
        self.db.execute_sql(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {name} "
            f"(id {'TEXT' if text else 'BIGINT'} PRIMARY KEY)"
        )
        table.delete().execute()
        for chunk in _chunks(seen, MAX_PARAMS):
            table.insert([(i,) for i in chunk], columns=[table.id]).execute()
        yield table
        self.db.execute_sql(f"DROP TABLE {name}")

    def refresh_statistics(self) -> None:
        """Refresh the query planner's statistics of the entity tables.

        Without them SQLite reads a REST API page sorted on a date through the
        ``deleted_at`` index and sorts every row (180 ms at 300k rows) instead
        of walking the (date, qbench_id) index (0.2 ms). A full ANALYZE took
        0.3 s at 300k rows; a sampled one (``analysis_limit``) misjudged
        ``deleted_at`` as selective and kept the slow plan. PostgreSQL samples
        anyway, and its autovacuum would get there later on its own.
        """
        if isinstance(self.db, peewee.SqliteDatabase):
            self.db.execute_sql("ANALYZE")
            return
        tables = ", ".join(f'"{m._meta.table_name}"' for m in ENTITY_MODELS.values())
        self.db.execute_sql(f"ANALYZE {tables}")

    # -- reads -------------------------------------------------------------

    def count(self, entity: str, include_deleted: bool = False) -> int:
        """Rows of ``entity``; deleted ones only if asked."""
        model = entity_model(entity)
        query = model.select()
        if not include_deleted:
            query = query.where(model.deleted_at.is_null())
        return int(query.count())

    def get(self, entity: str, qbench_id: QbenchId) -> dict[str, Any] | None:
        """One row as a dict, deleted or not; or None.

        ``raw_payload`` is the record as QBench sent it (decoded from
        ``raw_payload_exact`` when that is set, so NaN, lone surrogates and long
        integers come back as sent); ``raw_payload_exact`` is the column as is.
        SQL and the REST API see the stored form (``app.storage.payload``).
        """
        model = entity_model(entity)
        row = model.select().where(model.qbench_id == qbench_id).dicts().first()
        if not row:
            return None
        row = dict(row)
        exact = row["raw_payload_exact"]
        row["raw_payload"] = source_payload(row["raw_payload"], exact)
        return row

    def stored_payload(self, entity: str, qbench_id: QbenchId) -> Any:
        """``raw_payload`` exactly as the database holds it (the stored form)."""
        model = entity_model(entity)
        query = model.select(model.raw_payload).where(model.qbench_id == qbench_id)
        row = query.tuples().first()
        return row[0] if row else None

    def all_payloads(
        self, entity: str, include_deleted: bool = True
    ) -> Iterator[dict[str, Any]]:
        """Every record of ``entity`` as QBench sent it (see ``get``), by id."""
        model = entity_model(entity)
        query = model.select(model.raw_payload, model.raw_payload_exact).order_by(
            model.qbench_id
        )
        if not include_deleted:
            query = query.where(model.deleted_at.is_null())
        for stored, exact in query.tuples().iterator():
            yield source_payload(stored, exact)

    def links(self, batch_id: int) -> dict[str, list[int]]:
        """The sample and test ids linked to one batch."""
        result: dict[str, list[int]] = {}
        for name, (link, column) in LINKS.items():
            col = getattr(link, column)
            query = link.select(col).where(link.batch_id == batch_id).order_by(col)
            result[name] = [row[0] for row in query.tuples()]
        return result

    def orphans(self, entity: str) -> list[Orphan]:
        """Live children of ``entity`` whose parent is missing or deleted."""
        found: list[Orphan] = []
        child = entity_model(entity)
        for column, parent_entity in RELATIONS.get(entity, ()):
            parent = entity_model(parent_entity)
            ref = getattr(child, column)
            query = (
                child.select(child.qbench_id, ref)
                .join(parent, peewee.JOIN.LEFT_OUTER, on=(parent.qbench_id == ref))
                .where(
                    ref.is_null(False),
                    child.deleted_at.is_null(),
                    parent.qbench_id.is_null() | parent.deleted_at.is_null(False),
                )
                .order_by(child.qbench_id)
            )
            found.extend(
                Orphan(entity, child_id, column, parent_entity, parent_id)
                for child_id, parent_id in query.tuples()
            )
        if entity == "batches":
            found.extend(self._link_orphans())
        return found

    def _link_orphans(self) -> list[Orphan]:
        found: list[Orphan] = []
        for name, (link, column) in LINKS.items():
            parent = entity_model(name)
            ref = getattr(link, column)
            batches = entity_model("batches")
            query = (
                link.select(link.batch_id, ref)
                .join(batches, on=(batches.qbench_id == link.batch_id))
                .join(parent, peewee.JOIN.LEFT_OUTER, on=(parent.qbench_id == ref))
                .where(
                    batches.deleted_at.is_null(),
                    parent.qbench_id.is_null() | parent.deleted_at.is_null(False),
                )
                .order_by(link.batch_id, ref)
            )
            found.extend(
                Orphan("batches", batch_id, name, name, child_id)
                for batch_id, child_id in query.tuples()
            )
        return found
