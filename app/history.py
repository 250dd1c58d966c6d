"""What Historial shows (plain Python, no Qt): the recent runs from
``ingestion_runs`` (each run's '*' row and its sections), the outcomes the
status file holds that no database took, and — when the backup database cannot
be read — why, in Spanish, with what the status file still knows.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from loguru import logger

from app import services
from app.errors import AppError
from app.i18n import QT_TRANSLATE_NOOP
from app.run_state import (
    CANCELLED_TEXT,
    INTERRUPTED_TEXT,
    PARTIAL_TEXT,
    RunOutcome,
    aware,
    read_status_outcomes,
)
from app.storage.db import database_label
from app.storage.errors import storage_errors
from app.storage.models import RUN_ENTITY
from app.storage.runs import Orphan, RunRecord

HISTORY_LIMIT = 20


@dataclass(frozen=True)
class RunSummary:
    """One sync run (all its sections) as Historial shows it.

    ``entities``: one dict per section, in the order they ran: ``entity``,
    ``status``, ``fetched``, ``inserted``, ``updated``, ``deleted``,
    ``rejected``, ``orphans``, ``requests``, ``started_at`` / ``finished_at``
    (aware UTC), ``error`` (English) and ``user_message`` (Spanish)."""

    run_id: str
    started_at: datetime  # aware UTC
    finished_at: datetime | None  # aware UTC; for an interrupted run, last seen
    status: str  # success | partial | failed | cancelled | interrupted | running
    entities: list[dict[str, Any]] = field(default_factory=list)
    reason: str = ""  # Spanish: why it did not succeed
    totals: dict[str, int] = field(default_factory=dict)  # the run's '*' row
    recorded: bool = True  # False: only the status file knows this run

    @property
    def errors(self) -> list[str]:
        """Why the run did not succeed, in Spanish (one line each)."""
        return self.reason.splitlines() if self.reason else []

    def total(self, key: str) -> int:
        """A counter of the whole run: fetched, inserted, updated, deleted,
        rejected, orphans or requests."""
        if key in self.totals:
            return self.totals[key]
        return sum(int(e.get(key) or 0) for e in self.entities)

    def seconds(self, now: datetime) -> float | None:
        """How long it ran: until it ended; while it runs, until ``now``; an
        interrupted run until it was last seen at work (None: not known)."""
        end = self.finished_at
        if end is None and self.status == "running":
            end = now
        if end is None:
            return None
        return max(0.0, (end - self.started_at).total_seconds())


@dataclass(frozen=True)
class History:
    """Historial's content: the runs, newest first, and — when the backup
    database could not be read — why (Spanish; empty when it was read)."""

    runs: list[RunSummary]
    problem: str = ""


def load_history(
    url: str,
    limit: int = HISTORY_LIMIT,
    *,
    demo: bool = False,
    running: bool | None = None,
) -> History:
    """The newest ``limit`` runs of the backup at ``url``, newest first.

    A run still marked running while no sync holds the lock shows as
    interrupted. The status file's outcomes for this database that the database
    does not have are added. A database that cannot be opened or read leaves
    those outcomes to speak, with the reason it could not be read."""
    if running is None:
        running = services.sync_running(demo=demo)
    database = database_label(url)
    in_file = [
        o for o in read_status_outcomes(demo=demo) if o.database in (None, database)
    ]
    problem = ""
    by_run: dict[str, list[RunRecord]] = {}
    try:
        with services.open_repository(url) as repo, storage_errors():
            run_ids = repo.recent_run_ids(limit)
            by_run = {run_id: [] for run_id in run_ids}
            for row in repo.runs_rows(run_ids):
                by_run[row.run_id].append(row)
    except AppError as exc:
        logger.bind(file_only=True).warning(f"history from the status file: {exc}")
        problem = exc.user_message
    runs = [_summary(rows, running) for rows in by_run.values() if rows]
    known = {run.run_id for run in runs}
    runs.extend(_from_file(o, running) for o in in_file if o.run_id not in known)
    runs.sort(key=lambda r: r.started_at, reverse=True)
    return History(runs[:limit], problem)


def run_orphans(url: str, run_id: str) -> list[Orphan]:
    """The records run ``run_id`` listed without their parent in the backup."""
    with services.open_repository(url) as repo, storage_errors():
        return repo.run_orphans(run_id)


def _summary(rows: list[RunRecord], running: bool) -> RunSummary:
    run = next((r for r in rows if r.entity == RUN_ENTITY), rows[0])
    sections = [r for r in rows if r.entity != RUN_ENTITY]
    outcome = run.outcome()
    status, finished = outcome.status, outcome.finished_at
    if status == "running" and not running:  # its process died
        status = "interrupted"
        finished = max(_moments(rows), default=None)  # when last seen at work
        outcome = replace(outcome, user_message=INTERRUPTED_TEXT)
    return RunSummary(
        run_id=run.run_id,
        started_at=outcome.started_at,
        finished_at=finished,
        status=status,
        entities=[_section(r, running) for r in sections],
        reason=outcome.user_message or _legacy_reason(status, sections),
        totals={
            "fetched": run.rows_fetched,
            "inserted": run.rows_inserted,
            "updated": run.rows_updated,
            "deleted": run.rows_deleted,
            "rejected": run.rows_rejected,
            "orphans": run.orphans,
            "requests": run.requests,
        }
        if run.entity == RUN_ENTITY and run.status != "running"
        else {},
    )


def _moments(rows: list[RunRecord]) -> list[datetime]:
    return [m for r in rows for m in (aware(r.started_at), aware(r.finished_at)) if m]


def _section(row: RunRecord, running: bool) -> dict[str, Any]:
    status = row.status
    if status == "running" and not running:
        status = "interrupted"
    return {
        "entity": row.entity,
        "status": status,
        "fetched": row.rows_fetched,
        "inserted": row.rows_inserted,
        "updated": row.rows_updated,
        "deleted": row.rows_deleted,
        "rejected": row.rows_rejected,
        "orphans": row.orphans,
        "requests": row.requests,
        "started_at": aware(row.started_at),
        "finished_at": aware(row.finished_at),
        "error": row.error,
        "user_message": row.user_message,
    }


def _from_file(outcome: RunOutcome, running: bool) -> RunSummary:
    status = outcome.status
    reason = outcome.user_message or ""
    if status == "running" and not running:
        status, reason = "interrupted", INTERRUPTED_TEXT
    return RunSummary(
        outcome.run_id,
        outcome.started_at,
        outcome.finished_at,
        status,
        [],
        reason or _legacy_reason(status, []),
        recorded=False,
    )


def _legacy_reason(status: str, sections: list[RunRecord]) -> str:
    """Runs recorded before reasons were kept: which sections failed."""
    if status in ("success", "running"):
        return ""
    if status == "partial":  # the skipped sections say which scope to grant
        skipped = [r.user_message or r.error for r in sections if r.status == "skipped"]
        return "\n".join(filter(None, skipped)) or PARTIAL_TEXT
    text = {"cancelled": CANCELLED_TEXT, "interrupted": INTERRUPTED_TEXT}
    if status in text:
        return text[status]
    failed = [r.entity for r in sections if r.error]
    if not failed:
        return QT_TRANSLATE_NOOP("Mensajes", "La actualización falló.")
    return QT_TRANSLATE_NOOP("Mensajes", "Falló: {sections}").format(
        sections=", ".join(failed)
    )
