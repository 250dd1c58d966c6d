"""What a sync tells its callers: progress while it runs, a report when it ends."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from app.errors import EXIT_OK, EXIT_SYNC_FAILED


@dataclass(frozen=True)
class SyncProgress:
    """One page done: emitted through the progress callback."""

    entity: str
    phase: str  # "all", "deleted", "reports-tail", ...
    pages_done: int
    total_pages: int | None
    records: int  # records of this entity fetched so far in this run


ProgressCallback = Callable[[SyncProgress], None]


@dataclass
class EntityResult:
    """The outcome of one entity in one run (mirrors its ingestion_runs row)."""

    entity: str
    mode: str = "incremental"  # "full" | "incremental"
    status: str = "running"  # success | failed | cancelled
    fetched: int = 0
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    requests: int = 0
    rejected: int = 0
    orphans: int = 0
    drift: list[str] = field(default_factory=list)
    error: str | None = None
    user_message: str | None = None


@dataclass
class SyncReport:
    """A whole run: one result per entity, in the order they ran."""

    run_id: str
    started_at: datetime
    finished_at: datetime | None = None
    results: list[EntityResult] = field(default_factory=list)
    error: str | None = None  # a failure that stopped the whole run
    user_message: str | None = None  # that failure in Spanish, for the window
    code: int | None = None  # exit code of that failure when it is not 1
    recorded: bool = True  # False: the database did not take the run's outcome
    cancelled: bool = False  # stopped on request before any entity ran

    @property
    def status(self) -> str:
        if self.error is not None:
            return "failed"
        statuses = {r.status for r in self.results}
        if "failed" in statuses:
            return "failed"
        if "cancelled" in statuses or self.cancelled:
            return "cancelled"
        return "success"

    @property
    def exit_code(self) -> int:
        if self.status == "success":
            return EXIT_OK
        return self.code or EXIT_SYNC_FAILED

    def _failed_entities(self) -> list[EntityResult]:
        # An entity that failed of the run's own cause is said once, by the run.
        return [
            r
            for r in self.results
            if r.status == "failed" and not (self.error and r.error == self.error)
        ]

    def problem(self) -> str | None:
        """Why the run did not succeed, in English (None on success)."""
        if self.status == "success":
            return None
        parts = [f"{r.entity}: {r.error or r.status}" for r in self._failed_entities()]
        if self.error:
            parts.append(self.error)
        return "; ".join(parts) or self.status

    def reason(self) -> str:
        """Why the run did not succeed, in Spanish (empty on success)."""
        if self.status == "success":
            return ""
        if self.status == "cancelled":
            return "Actualización cancelada: se conservan los datos ya copiados."
        parts = [
            f"{r.entity}: {r.user_message or r.error or r.status}"
            for r in self._failed_entities()
        ]
        if self.error:  # the cause that stopped the run, in Spanish when known
            parts.append(self.user_message or self.error)
        return "\n".join(parts) or "La actualización falló."

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (the ``--json`` line)."""
        return {
            "run_id": self.run_id,
            "status": self.status,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "exit_code": self.exit_code,
            "error": self.problem(),
            "user_message": self.reason() or None,
            "entities": [asdict(r) for r in self.results],
            "totals": {
                key: sum(getattr(r, key) for r in self.results)
                for key in ("fetched", "inserted", "updated", "deleted", "requests")
            },
        }
