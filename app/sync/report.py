"""What a sync tells its callers: progress while it runs, a report when it ends."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from app.entities import ENTITY_NAMES
from app.errors import EXIT_OK, EXIT_PARTIAL, EXIT_SYNC_FAILED
from app.i18n import QT_TRANSLATE_NOOP
from app.qbench.waits import Wait


@dataclass(frozen=True)
class SectionPlan:
    """One entity the run will copy, and how many requests it should take."""

    entity: str
    mode: str  # "full" | "incremental" (as expected; the pass may change it)
    requests: int | None  # an estimate; None: unknown until its first page


@dataclass(frozen=True)
class SyncPlan:
    """What the run is about to do: emitted once, before the first entity.

    ``rate_limit`` requests per ``rate_window`` seconds is the pace the client
    allows itself (the configured limit less the pacer's margin); ``requests``
    the client's requests made so far (the token, the lab-clock probe).
    """

    sections: tuple[SectionPlan, ...]
    rate_limit: int
    rate_window: float
    requests: int = 0


@dataclass(frozen=True)
class SectionStarted:
    """An entity's pass begins (``requests``: the client's count so far)."""

    entity: str
    mode: str
    requests: int = 0


@dataclass(frozen=True)
class SyncProgress:
    """One page done: emitted through the progress callback."""

    entity: str
    phase: str  # "all", "deleted", "verify" (reports), "changes" (reports)
    pages_done: int  # pages of this entity read in this run (all its listings)
    total_pages: int | None  # pages of the listing being read (None: not walked)
    records: int  # records of this entity fetched so far in this run
    page: int = 0  # this page's number in its listing (1-based)
    mode: str = "full"  # the pass's mode: "full" | "incremental"
    inserted: int = 0  # this entity's counts so far in this run
    updated: int = 0
    deleted: int = 0
    total_count: int | None = None  # records in the listing, as QBench says
    requests: int = 0  # the client's requests so far in this run


@dataclass(frozen=True)
class SectionDone:
    """An entity's pass ended (its EntityResult, in short)."""

    entity: str
    status: str  # success | failed | cancelled | skipped
    mode: str
    fetched: int = 0
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    requests: int = 0  # the client's requests so far in this run
    # when skipped, why (EntityResult.skip): "forbidden" (403), "missing"
    # (404) or "parent" (read under a skipped section); None otherwise
    skip: str | None = None


# What a sync tells its progress callback, in this order: the plan; per entity,
# started, its pages, done; and whenever the client is about to wait (pacing,
# QBench's 429, a retry's backoff), an ``app.qbench.Wait``.
SyncEvent = SyncPlan | SectionStarted | SyncProgress | SectionDone | Wait
ProgressCallback = Callable[[SyncEvent], None]


@dataclass
class EntityResult:
    """The outcome of one entity in one run (mirrors its ingestion_runs row)."""

    entity: str
    mode: str = "incremental"  # "full" | "incremental"
    # success | failed | cancelled | skipped (QBench refused the list: 403, a
    # scope the API client lacks, or 404, a list the tenant does not have)
    status: str = "running"
    fetched: int = 0
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    requests: int = 0
    rejected: int = 0
    orphans: int = 0
    # documents (report PDFs) archived this run, and downloads that failed
    # (logged; the next run tries them again)
    documents: int = 0
    documents_failed: int = 0
    drift: list[str] = field(default_factory=list)
    error: str | None = None
    user_message: str | None = None
    # why it was skipped: "forbidden" (403: ``scope`` to grant), "missing"
    # (404: the tenant has no such list) or "parent" (read under a skipped one)
    skip: str | None = None
    scope: str | None = None


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
        """success | partial (succeeded with entities skipped) | cancelled | failed."""
        if self.error is not None:
            return "failed"
        statuses = {r.status for r in self.results}
        if "failed" in statuses:
            return "failed"
        if "cancelled" in statuses or self.cancelled:
            return "cancelled"
        if "skipped" in statuses:
            return "partial"
        return "success"

    @property
    def exit_code(self) -> int:
        """0 success, 5 (``EXIT_PARTIAL``) partial, else the failure's code (1)."""
        if self.status == "success":
            return EXIT_OK
        if self.status == "partial":
            return EXIT_PARTIAL
        return self.code or EXIT_SYNC_FAILED

    @property
    def skipped(self) -> list[str]:
        """The entities QBench would not list to this client (403 or 404)."""
        return [r.entity for r in self.results if r.status == "skipped"]

    def _failed_entities(self) -> list[EntityResult]:
        # An entity that failed of the run's own cause is said once, by the run.
        return [
            r
            for r in self.results
            if (r.status == "failed" and not (self.error and r.error == self.error))
            or r.status == "skipped"
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
            return QT_TRANSLATE_NOOP(
                "Mensajes",
                "Actualización cancelada: se conservan los datos ya copiados.",
            )
        parts = [
            f"{ENTITY_NAMES.get(r.entity, r.entity)}: "
            f"{r.user_message or r.error or r.status}"
            for r in self._failed_entities()
            if r.status != "skipped"
        ]
        parts.extend(
            skipped_reasons([r for r in self.results if r.status == "skipped"])
        )
        if self.error:  # the cause that stopped the run, in Spanish when known
            parts.append(self.user_message or self.error)
        return "\n".join(parts) or QT_TRANSLATE_NOOP(
            "Mensajes", "La actualización falló."
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (the ``--json`` line)."""
        return {
            "run_id": self.run_id,
            "status": self.status,
            "started_at": self.started_at.isoformat(),
            "finished_at": self.finished_at.isoformat() if self.finished_at else None,
            "exit_code": self.exit_code,
            "skipped": self.skipped,
            "error": self.problem(),
            "user_message": self.reason() or None,
            "entities": [asdict(r) for r in self.results],
            "totals": {
                key: sum(getattr(r, key) for r in self.results)
                for key in ("fetched", "inserted", "updated", "deleted", "requests")
            },
        }


def skipped_reasons(results: list[EntityResult]) -> list[str]:
    """The skipped sections in Spanish, one line per cause: a section alone
    keeps its own message; several refused with 403 become one line naming
    every scope to grant, several missing (404) or under a skipped parent one
    line each — a lab whose API client lacks twenty scopes reads one list, not
    twenty sentences."""
    lines: list[str] = []
    groups: dict[str | None, list[EntityResult]] = {}
    for result in results:
        groups.setdefault(result.skip, []).append(result)
    for skip, group in groups.items():
        if len(group) == 1 or skip is None:
            lines.extend(r.user_message or r.entity for r in group)
            continue
        listed = [ENTITY_NAMES.get(r.entity, r.entity) for r in group]
        names = ", ".join(listed)  # inside the parentheses of the 403 line
        if skip == "forbidden":
            scopes = ", ".join(dict.fromkeys(r.scope or "?" for r in group))
            lines.append(
                QT_TRANSLATE_NOOP(
                    "Mensajes",
                    "Sin permiso para {count} secciones ({names}): conceda al "
                    "cliente de la API en QBench los alcances {scopes}.",
                ).format(count=len(group), names=names, scopes=scopes)
            )
        elif skip == "missing":
            lines.append(
                QT_TRANSLATE_NOOP(
                    "Mensajes",
                    "QBench no ofrece {names} en este servidor (respuesta 404); "
                    "se omiten.",
                ).format(names=_and_list(listed))
            )
        else:
            lines.append(
                QT_TRANSLATE_NOOP(
                    "Mensajes",
                    "Se omiten {names} porque no se pudo leer la sección de la que "
                    "dependen.",
                ).format(names=_and_list(listed))
            )
    return lines


def _and_list(names: list[str]) -> str:
    """Spanish enumeration: "A", "A y B", "A, B y C"."""
    if len(names) < 2:
        return "".join(names)
    return QT_TRANSLATE_NOOP("Mensajes", "{first} y {last}").format(
        first=", ".join(names[:-1]), last=names[-1]
    )
