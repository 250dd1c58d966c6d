"""Sync bookkeeping: checkpoints, the run log, the drift log and rejected records.

All timestamps here are naive UTC (aware values are converted on the way in).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any, TypeVar

import peewee

from app.i18n import QT_TRANSLATE_NOOP
from app.run_state import RunOutcome, aware
from app.storage.dates import utc_naive
from app.storage.models import (
    RUN_ENTITY,
    IngestionRun,
    RejectedRecord,
    RunOrphan,
    SchemaDrift,
    SyncCheckpoint,
)

RUN_STATUSES = (
    "running",
    "success",
    "failed",
    "cancelled",
    "interrupted",
    "skipped",  # an entity QBench would not list to this client (403 or 404)
    "partial",  # a run that succeeded with entities skipped (exit code 5)
)
EXAMPLE_LIMIT = 2000
# Orphan lists: at most this many records per section and run (the count is
# always exact), kept for the newest ORPHAN_RUNS_KEPT runs.
ORPHAN_LIST_LIMIT = 10_000
ORPHAN_RUNS_KEPT = 50
T = TypeVar("T")


@dataclass(frozen=True)
class Checkpoint:
    """Where the last sync of one entity got to."""

    entity: str
    last_synced_at: datetime | None
    last_cursor: str | None
    status: str
    message: str | None
    updated_at: datetime


@dataclass(frozen=True)
class RunRecord:
    """One entity within one sync run."""

    id: int
    run_id: str
    entity: str
    started_at: datetime
    finished_at: datetime | None
    rows_fetched: int
    rows_inserted: int
    rows_updated: int
    rows_deleted: int
    requests: int
    status: str
    error: str | None
    user_message: str | None = None
    rows_rejected: int = 0
    orphans: int = 0

    def outcome(self) -> RunOutcome:
        """This row as a run outcome (aware times)."""
        return RunOutcome(
            self.run_id,
            self.status,
            aware(self.started_at),  # type: ignore[arg-type]
            aware(self.finished_at),
            self.error,
            self.user_message,
        )


@dataclass(frozen=True)
class Orphan:
    """A live child whose parent is not stored, or is marked deleted."""

    entity: str
    child_id: int
    column: str  # the column (order_id) or, for batches, the link (samples, tests)
    parent_entity: str
    parent_id: int


@dataclass(frozen=True)
class DriftEntry:
    """A field QBench sent that the code does not know."""

    entity: str
    field: str
    first_seen_at: datetime
    last_seen_at: datetime
    run_id: str | None
    example_value: str | None


@dataclass(frozen=True)
class RejectedEntry:
    """A record kept raw because it could not be stored as a row."""

    id: int
    run_id: str | None
    entity: str
    qbench_id: int | None
    raw_text: str
    error: str
    seen_at: datetime


def _build(cls: type[T], row: Mapping[str, Any]) -> T:
    return cls(**{f.name: row[f.name] for f in fields(cls)})  # type: ignore[arg-type]


def safe_text(value: Any) -> str:
    """Text any backend stores: JSON for non-strings, no NUL, no lone surrogates."""
    if not isinstance(value, str):
        try:
            value = json.dumps(value, ensure_ascii=False, default=repr)
        except ValueError:  # circular structures
            value = repr(value)
    value = value.replace("\x00", "\\u0000")
    return value.encode("utf-8", "backslashreplace").decode("utf-8")


def reject_rows(
    entity: str,
    items: Iterable[tuple[Any, int | None, str]],
    run_id: str | None,
    seen_at: datetime,
) -> list[dict[str, Any]]:
    """Rows for ``rejected_records`` from (raw, qbench_id, error) triples."""
    return [
        {
            "run_id": run_id,
            "entity": entity,
            "qbench_id": qbench_id,
            "raw_text": safe_text(raw),
            "error": safe_text(error),
            "seen_at": seen_at,
        }
        for raw, qbench_id, error in items
    ]


def run_overview() -> tuple[datetime | None, list[RunOutcome]]:
    """When the last successful run ended, and the runs that decide the
    indicator: the newest finished one and every one still ``running``."""
    runs = IngestionRun.select().where(IngestionRun.entity == RUN_ENTITY)
    success = (
        runs.where(IngestionRun.status == "success")
        .order_by(IngestionRun.finished_at.desc())
        .first()
    )
    finished = (
        runs.where(
            IngestionRun.status != "running",
            IngestionRun.finished_at.is_null(False),
        )
        .order_by(IngestionRun.finished_at.desc(), IngestionRun.id.desc())
        .limit(1)
    )
    running = runs.where(IngestionRun.status == "running")
    rows = [*finished.dicts(), *running.dicts()]
    outcomes = [_build(RunRecord, row).outcome() for row in rows]
    if outcomes and outcomes[0].status == "success":
        outcomes[0] = _with_failing_entities(outcomes[0])
    return (aware(success.finished_at) if success else None), outcomes


def _with_failing_entities(run: RunOutcome) -> RunOutcome:
    """A successful run that left out an entity whose last pass failed (a run
    with ``--entities``) does not make the backup whole: the outcome is failed,
    naming what is still failing."""
    query = (
        SyncCheckpoint.select(SyncCheckpoint.entity, SyncCheckpoint.message)
        .where(SyncCheckpoint.status == "failed")
        .order_by(SyncCheckpoint.entity)
    )
    failing = [(e, m) for e, m in query.tuples() if not e.startswith("_")]
    if not failing:
        return run
    names = ", ".join(entity for entity, _ in failing)
    why = failing[0][1]  # the checkpoint's English error: technical detail
    return replace(
        run,
        status="failed",
        error=f"still failing since an earlier run: {names}"
        + (f" ({why})" if why else ""),
        user_message=QT_TRANSLATE_NOOP(
            "Mensajes",
            "La última actualización fue correcta, pero no incluyó {entities}, que "
            "falló en una actualización anterior.",
        ).format(entities=names),
    )


class RunLog:
    """Checkpoint, run, drift and reject queries (mixed into ``Repository``)."""

    db: peewee.Database
    clock: Callable[[], datetime]

    def _now(self) -> datetime:
        return utc_naive(self.clock())

    # -- checkpoints -------------------------------------------------------

    def get_checkpoint(self, entity: str) -> Checkpoint | None:
        """The saved checkpoint of ``entity``, or None before its first sync."""
        row = SyncCheckpoint.select().where(SyncCheckpoint.entity == entity).dicts()
        found = row.first()
        return _build(Checkpoint, found) if found else None

    def save_checkpoint(
        self,
        entity: str,
        *,
        status: str,
        last_synced_at: datetime | None = None,
        last_cursor: str | None = None,
        message: str | None = None,
    ) -> None:
        """Upsert the checkpoint; a None ``last_synced_at``/``last_cursor`` keeps the
        stored value (use ``reset_checkpoint`` to forget it)."""
        values = {
            "entity": entity,
            "status": status,
            "message": message,
            "updated_at": self._now(),
            "last_synced_at": utc_naive(last_synced_at) if last_synced_at else None,
            "last_cursor": last_cursor,
        }
        preserve = [
            SyncCheckpoint.status,
            SyncCheckpoint.message,
            SyncCheckpoint.updated_at,
        ]
        if last_synced_at is not None:
            preserve.append(SyncCheckpoint.last_synced_at)
        if last_cursor is not None:
            preserve.append(SyncCheckpoint.last_cursor)
        SyncCheckpoint.insert(values).on_conflict(
            conflict_target=[SyncCheckpoint.entity], preserve=preserve
        ).execute()

    def reset_checkpoint(self, entity: str) -> None:
        """Forget the checkpoint of ``entity`` (the next sync is a full one)."""
        SyncCheckpoint.delete().where(SyncCheckpoint.entity == entity).execute()

    # -- ingestion runs ----------------------------------------------------

    def start_run(
        self, run_id: str, entity: str, *, started_at: datetime | None = None
    ) -> int:
        """Open the run-log row of ``entity`` in run ``run_id`` (begun now, or
        at ``started_at``); returns its id."""
        began = utc_naive(started_at) if started_at is not None else self._now()
        return int(
            IngestionRun.insert(
                run_id=run_id, entity=entity, started_at=began, status="running"
            ).execute()
        )

    def finish_run(
        self,
        run_row_id: int,
        *,
        status: str,
        fetched: int = 0,
        inserted: int = 0,
        updated: int = 0,
        deleted: int = 0,
        requests: int = 0,
        rejected: int = 0,
        orphans: int = 0,
        error: str | None = None,
        user_message: str | None = None,
    ) -> None:
        """Close a run-log row with its counters, final status and error text
        (English; ``user_message`` is the same in Spanish)."""
        if status not in RUN_STATUSES:
            raise ValueError(f"unknown run status {status!r}")
        IngestionRun.update(
            finished_at=None if status == "running" else self._now(),
            rows_fetched=fetched,
            rows_inserted=inserted,
            rows_updated=updated,
            rows_deleted=deleted,
            requests=requests,
            rows_rejected=rejected,
            orphans=orphans,
            status=status,
            error=safe_text(error) if error is not None else None,
            user_message=safe_text(user_message) if user_message else None,
        ).where(IngestionRun.id == run_row_id).execute()

    def record_run(
        self,
        run_id: str,
        started_at: datetime,
        *,
        status: str,
        error: str | None = None,
        user_message: str | None = None,
        finished_at: datetime | None = None,
    ) -> int:
        """The run row of a run that ended before the engine began (lock held,
        credentials missing, ...): inserted already finished (at ``finished_at``,
        else now)."""
        row_id = int(
            IngestionRun.insert(
                run_id=run_id,
                entity=RUN_ENTITY,
                started_at=utc_naive(started_at),
                status="running",
            ).execute()
        )
        self.finish_run(row_id, status=status, error=error, user_message=user_message)
        if finished_at is not None:
            IngestionRun.update(finished_at=utc_naive(finished_at)).where(
                IngestionRun.id == row_id
            ).execute()
        return row_id

    def close_interrupted_runs(
        self, error: str = "interrupted", *, keep_run: str | None = None
    ) -> int:
        """Mark every ``running`` row interrupted, but those of ``keep_run`` (call
        holding the lock: a row still running then belongs to a dead process).
        It ends when its run was last seen at work (the newest start or end of
        its rows), not now: its duration is the time it really ran."""
        other = IngestionRun.alias()
        last_seen = other.select(
            peewee.fn.MAX(peewee.fn.COALESCE(other.finished_at, other.started_at))
        ).where(other.run_id == IngestionRun.run_id)
        query = IngestionRun.update(
            status="interrupted", error=error, finished_at=last_seen
        ).where(IngestionRun.status == "running")
        if keep_run is not None:
            query = query.where(IngestionRun.run_id != keep_run)
        return int(query.execute())

    def adopt_outcome(self, outcome: RunOutcome) -> bool:
        """Bring in a run's outcome the database could not take at the time
        (from the status file): its rows still ``running`` end as it ended, or
        its run row is added; True when something was written."""
        rows = IngestionRun.select().where(IngestionRun.run_id == outcome.run_id)
        run = rows.where(IngestionRun.entity == RUN_ENTITY).first()
        if run is None and rows.exists():
            return False  # a run of an older version: its rows say enough
        if run is None:
            self.record_run(
                outcome.run_id,
                outcome.started_at,
                status=outcome.status,
                error=outcome.error,
                user_message=outcome.user_message,
                finished_at=outcome.finished_at,  # when it ended, not when adopted
            )
            return True
        if run.status != "running" or outcome.status == "running":
            return False
        finished = utc_naive(outcome.finished_at or self.clock())
        IngestionRun.update(
            status=outcome.status,
            finished_at=finished,
            error=safe_text(outcome.error) if outcome.error else None,
            user_message=outcome.user_message,
        ).where(
            IngestionRun.run_id == outcome.run_id, IngestionRun.status == "running"
        ).execute()
        return True

    def run_overview(self) -> tuple[datetime | None, list[RunOutcome]]:
        """See ``run_overview``."""
        return run_overview()

    def recent_run_ids(self, limit: int = 20) -> list[str]:
        """The ids of the newest ``limit`` runs, newest first."""
        query = (
            IngestionRun.select(IngestionRun.run_id)
            .where(IngestionRun.entity == RUN_ENTITY)
            .order_by(IngestionRun.started_at.desc(), IngestionRun.id.desc())
            .limit(limit)
        )
        return [row.run_id for row in query]

    def runs_rows(self, run_ids: list[str]) -> list[RunRecord]:
        """Every row (run and entities) of these runs, in the order written."""
        query = (
            IngestionRun.select()
            .where(IngestionRun.run_id.in_(run_ids))
            .order_by(IngestionRun.id)
        )
        return [_build(RunRecord, row) for row in query.dicts()]

    def recent_runs(self, limit: int = 50) -> list[RunRecord]:
        """The newest run-log rows first."""
        query = (
            IngestionRun.select()
            .order_by(IngestionRun.started_at.desc(), IngestionRun.id.desc())
            .limit(limit)
        )
        return [_build(RunRecord, row) for row in query.dicts()]

    def last_success(self, entity: str) -> RunRecord | None:
        """The latest successful run of ``entity``."""
        row = (
            IngestionRun.select()
            .where(IngestionRun.entity == entity, IngestionRun.status == "success")
            .order_by(IngestionRun.finished_at.desc(), IngestionRun.id.desc())
            .dicts()
            .first()
        )
        return _build(RunRecord, row) if row else None

    # -- orphans -----------------------------------------------------------

    def record_orphans(
        self, run_id: str, entity: str, orphans: Sequence[Orphan]
    ) -> None:
        """Note on the entity's row of ``run_id`` how many of its live records
        have no parent in the backup, and list them (the first
        ``ORPHAN_LIST_LIMIT``); the lists of runs older than the newest
        ``ORPHAN_RUNS_KEPT`` are dropped (their counts stay)."""
        IngestionRun.update(orphans=len(orphans)).where(
            IngestionRun.run_id == run_id, IngestionRun.entity == entity
        ).execute()
        RunOrphan.delete().where(
            RunOrphan.run_id == run_id, RunOrphan.entity == entity
        ).execute()
        rows = [
            {
                "run_id": run_id,
                "entity": entity,
                "qbench_id": o.child_id,
                "relation": o.column,
                "parent_entity": o.parent_entity,
                "parent_id": o.parent_id,
            }
            for o in orphans[:ORPHAN_LIST_LIMIT]
        ]
        for start in range(0, len(rows), 1000):
            RunOrphan.insert_many(rows[start : start + 1000]).execute()
        kept = (
            IngestionRun.select(IngestionRun.run_id)
            .where(IngestionRun.entity == RUN_ENTITY)
            .order_by(IngestionRun.id.desc())
            .limit(ORPHAN_RUNS_KEPT)
        )
        RunOrphan.delete().where(
            RunOrphan.run_id.not_in(kept), RunOrphan.run_id != run_id
        ).execute()

    def run_orphans(self, run_id: str) -> list[Orphan]:
        """The records listed without a parent by run ``run_id`` (by section in
        the order written, then by id)."""
        query = (
            RunOrphan.select(
                RunOrphan.entity,
                RunOrphan.qbench_id,
                RunOrphan.relation,
                RunOrphan.parent_entity,
                RunOrphan.parent_id,
            )
            .where(RunOrphan.run_id == run_id)
            .order_by(RunOrphan.id)
        )
        return [Orphan(*row) for row in query.tuples()]

    # -- drift log ---------------------------------------------------------

    def record_drift(
        self, entity: str, fields: Mapping[str, Any], run_id: str | None = None
    ) -> None:
        """Note unknown fields (name → example); first sighting and run are kept."""
        if not fields:
            return
        now = self._now()
        rows = [
            {
                "entity": entity,
                "field": safe_text(name),
                "first_seen_at": now,
                "last_seen_at": now,
                "run_id": run_id,
                "example_value": safe_text(example)[:EXAMPLE_LIMIT],
            }
            for name, example in fields.items()
        ]
        SchemaDrift.insert_many(rows).on_conflict(
            conflict_target=[SchemaDrift.entity, SchemaDrift.field],
            preserve=[SchemaDrift.last_seen_at],
        ).execute()

    def drift(self, entity: str | None = None) -> list[DriftEntry]:
        """The drift log, optionally for one entity."""
        query = SchemaDrift.select().order_by(SchemaDrift.entity, SchemaDrift.field)
        if entity is not None:
            query = query.where(SchemaDrift.entity == entity)
        return [_build(DriftEntry, row) for row in query.dicts()]

    # -- rejected records --------------------------------------------------

    def reject(
        self,
        entity: str,
        raw: Any,
        error: str,
        *,
        run_id: str | None = None,
        qbench_id: int | None = None,
    ) -> int:
        """Keep a record that could not be stored (raw text or object); returns id."""
        (row,) = reject_rows(entity, [(raw, qbench_id, error)], run_id, self._now())
        return int(RejectedRecord.insert(row).execute())

    def rejected(self, run_id: str | None = None) -> list[RejectedEntry]:
        """Rejected records, oldest first, optionally for one run."""
        query = RejectedRecord.select().order_by(RejectedRecord.id)
        if run_id is not None:
            query = query.where(RejectedRecord.run_id == run_id)
        return [_build(RejectedEntry, row) for row in query.dicts()]
