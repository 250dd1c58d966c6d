"""The sync engine: sequential and synchronous, one entity after another.

``SyncEngine.run`` walks the entities of the registry (``app.entities``: every
default entity, plus the optional detailed worksheets when ``worksheets=True``,
or those asked for) in dependency order (parents first), runs each one's pass
by its ``sync`` kind (``PASSES``; reports have their own), records one
``ingestion_runs`` row per entity and returns a ``SyncReport``. An entity that
fails is recorded and the run goes on with the next one (its completed pages
stay, its cursor lets the next run resume); bad credentials, a cancel request
or an unexpected error stop the run.

An entity whose list QBench refuses to this API client (403: a scope it lacks)
or does not have (404) is ``skipped``, with the scope to grant in Spanish; the
entities read under it (an order's comments, a test's worksheet) are skipped
too, the others go on, and the run is ``partial`` (exit code 5,
``app.errors.EXIT_PARTIAL``) unless something failed (then ``failed``, 1).

A database failure (``StorageError``: locked past the wait bound, disk full,
read-only, connection lost) also stops the run, wherever it happens: the report
names the cause, and the run's rows are finished as failed if the database still
takes a write (waiting only ``RECORD_WAIT_SECONDS`` for it; a lost PostgreSQL
connection is opened again once for this). A row it cannot finish stays
``running`` until the next run's ``close_interrupted_runs`` marks it
interrupted. The run itself has a row too (entity '*', opened first, finished
last) with its outcome, totals and reason, so a run that failed before its first
entity (credentials refused, QBench unreachable) is recorded like any other.

Progress (``on_progress``) is a stream of events (``app.sync.report.SyncEvent``):
a ``SyncPlan`` once the run is ready (every entity with its mode and an estimate
of its requests), then per entity ``SectionStarted``, one ``SyncProgress`` per
page and ``SectionDone``; the client's waits (``app.qbench.Wait``) come through
the same callback whenever they happen.

The plan's estimates cost no request: an incremental pass is expected to cost
its no-change budget (the change listing and the count; its first page tells
more), a full pass the pages of what the copy already holds (plus the newest
change, the deleted listing and the count; reports are read twice); a
catalogue its pages every run; children and worksheets one request per parent
they read (every live order on a first backup of the comments, the changed
ones afterwards). On a first backup the copy holds nothing: each section's size
comes from one one-row count request (tests from the lab-clock probe).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from datetime import datetime

import peewee
from loguru import logger

from app.entities import (
    ALL_ENTITIES,
    CORE_ENTITIES,
    DEFAULT_ENTITIES,
    ENTITIES,
    ENTITY_NAMES,
    dependency_order,
)
from app.errors import AppError, CredentialsError, StorageError
from app.i18n import QT_TRANSLATE_NOOP
from app.qbench import QBenchClient
from app.qbench.errors import EndpointForbidden, EndpointUnavailable
from app.storage.db import busy_wait
from app.storage.errors import storage_errors
from app.storage.files import FileStore, FileStoreError
from app.storage.models import RUN_ENTITY
from app.storage.repository import Repository
from app.sync.catalogue_pass import CataloguePass
from app.sync.changes_only_pass import ChangesOnlyPass
from app.sync.children_pass import SWEEP_RUNS, ChildrenPass
from app.sync.context import SyncCancelled, SyncContext
from app.sync.entity_pass import EntityPass
from app.sync.report import (
    EntityResult,
    ProgressCallback,
    SectionDone,
    SectionPlan,
    SectionStarted,
    SyncPlan,
    SyncReport,
)
from app.sync.reports_pass import ReportsPass
from app.sync.worksheet_pass import WorksheetPass

ORPHAN_SAMPLE = 5
NO_CHANGE_REQUESTS = 2  # an incremental pass where nothing changed (README)
RECORD_WAIT_SECONDS = 2.0  # after a database failure, wait this long to record it


__all__ = ["CORE_ENTITIES", "SyncEngine", "ordered"]

# The pass of each kind of entity (``EntityDef.sync``, app.entities).
PASSES = {
    "changes": EntityPass,
    "changes_without_deleted": ChangesOnlyPass,
    "catalogue": CataloguePass,
    "children": ChildrenPass,
    "worksheet": WorksheetPass,
}


def ordered(
    entities: Sequence[str] | None, *, worksheets: bool = False
) -> tuple[str, ...]:
    """The requested entities (registry or v2 spelling) in dependency order;
    none requested: every default entity, plus the optional detailed worksheets
    when ``worksheets``. ValueError on unknown names."""
    if not entities:
        return ALL_ENTITIES if worksheets else DEFAULT_ENTITIES
    return dependency_order(entities)


def _skip_message(entity: str, exc: EndpointUnavailable) -> str:
    """Why ``entity`` was skipped, in Spanish: the scope to grant, or that the
    tenant does not have the list."""
    name = ENTITY_NAMES.get(entity, entity)
    if isinstance(exc, EndpointForbidden):
        return QT_TRANSLATE_NOOP(
            "Mensajes",
            "Sin permiso para {entity}: conceda el alcance {scope} al cliente de "
            "la API en QBench.",
        ).format(entity=name, scope=ENTITIES[entity].scope)
    return QT_TRANSLATE_NOOP(
        "Mensajes",
        "QBench no ofrece {entity} en este servidor (respuesta 404); se omite.",
    ).format(entity=name)


def _section_done(result: EntityResult, requests: int) -> SectionDone:
    return SectionDone(
        result.entity,
        result.status,
        result.mode,
        fetched=result.fetched,
        inserted=result.inserted,
        updated=result.updated,
        deleted=result.deleted,
        requests=requests,
        skip=result.skip if result.status == "skipped" else None,
    )


class SyncEngine:
    """Copies QBench into the repository; see the module docstring."""

    def __init__(
        self,
        client: QBenchClient,
        repo: Repository,
        *,
        run_id: str,
        lookback_seconds: int = 15 * 60,
        on_progress: ProgressCallback | None = None,
        should_stop: Callable[[], bool] | None = None,
        started_at: datetime | None = None,
        worksheets: bool = False,
        files: FileStore | None = None,
    ) -> None:
        # With every default entity, also the optional detailed worksheets.
        self.worksheets = worksheets
        # When the run began for its user (before the lock, the database and
        # its migration): its row starts then, so its duration is the wall time.
        self.started_at = started_at
        self.ctx = SyncContext(
            client,
            repo,
            run_id,
            lookback_seconds=lookback_seconds,
            on_progress=on_progress,
            should_stop=should_stop or (lambda: False),
            files=files,  # report PDFs go there (None: not fetched)
        )
        if on_progress is not None and client.on_wait is None:
            client.on_wait = on_progress  # the client's waits join the stream
        self._modes: dict[str, str] = {}
        self._known_counts: dict[str, int] = {}  # QBench's counts seen in passing

    def run(
        self, entities: Sequence[str] | None = None, *, full: bool = False
    ) -> SyncReport:
        ctx = self.ctx
        plan = ordered(entities, worksheets=self.worksheets)
        report = SyncReport(ctx.run_id, started_at=self.started_at or ctx.clock())
        self._db_failed: StorageError | None = None
        self._run_row: int | None = None
        try:
            with storage_errors():
                self._prepare()
                self._announce_plan(plan, full)
                for entity in plan:
                    if not self._run_entity(entity, full, report):
                        break
                if self._db_failed is None:
                    self._report_orphans(report)
                    self._refresh_statistics(report)
        except SyncCancelled:  # before the first entity (a token or probe wait)
            logger.info("sync cancelled before any entity")
            report.cancelled = True
        except StorageError as exc:  # before the first entity, or between them
            self._storage_failed(exc, report)
        except AppError as exc:  # credentials refused, QBench unreachable, ...
            if not report.results:
                detail = f"sync failed before any entity: {exc}"
                logger.bind(file_only=True).error(detail)
                # the caller says it once (the CLI's line, the window's reason)
                logger.bind(file_only=True).error(f"sync failed: {exc.user_message}")
            report.error = str(exc)
            report.user_message = exc.user_message
            report.code = exc.exit_code
        finally:
            report.finished_at = ctx.clock()
            self._close_run_row(report)
        return report

    def _prepare(self) -> None:
        ctx = self.ctx
        closed = ctx.repo.close_interrupted_runs(keep_run=ctx.run_id)
        if closed:
            logger.warning(f"{closed} row(s) left 'running' by a crash: interrupted")
        self._run_row = ctx.repo.start_run(
            ctx.run_id, RUN_ENTITY, started_at=self.started_at
        )
        reports_checkpoint = ctx.repo.get_checkpoint("reports")
        ctx.track_report_parents = bool(
            reports_checkpoint and reports_checkpoint.last_synced_at
        )
        ctx.tracking = {}
        for defn in ENTITIES.values():  # children read once follow their parents
            if defn.per is None:
                continue
            checkpoint = ctx.repo.get_checkpoint(defn.name)
            if checkpoint and (checkpoint.last_synced_at or checkpoint.last_cursor):
                ctx.tracking.setdefault(defn.per, []).append(defn.name)
        ctx.client.tokens.token()  # bad credentials stop the run before any entity
        ctx.load_offset()
        if ctx.offset is None:
            self._probe_offset()

    def _announce_plan(self, plan: Sequence[str], full: bool) -> None:
        """Tell the progress callback what the run will do (no request)."""
        ctx = self.ctx
        if ctx.on_progress is None:  # nobody listens: skip the counting
            return
        sections = tuple(self._estimate(entity, full) for entity in plan)
        self._modes = {s.entity: s.mode for s in sections}
        pacer = ctx.client.pacer
        ctx.emit(
            SyncPlan(sections, pacer.capacity, pacer.window, ctx.client.requests_made)
        )

    def _estimate(self, entity: str, full: bool) -> SectionPlan:
        """The requests ``entity``'s pass should take, from the copy alone."""
        repo, size = self.ctx.repo, self.ctx.client.page_size
        kind = ENTITIES[entity].sync
        checkpoint = repo.get_checkpoint(entity)
        synced = checkpoint is not None and checkpoint.last_synced_at is not None
        mode = "incremental" if synced and not full else "full"
        if kind in ("children", "worksheet"):
            return SectionPlan(entity, mode, self._per_parent(entity, mode))
        if mode == "incremental" and kind != "catalogue":
            return SectionPlan(entity, "incremental", NO_CHANGE_REQUESTS)
        stored = repo.count(entity, include_deleted=True)
        deleted = stored - repo.count(entity)
        listed = stored or self._known_counts.get(entity, 0) or self._count(entity)
        if not listed:
            return SectionPlan(entity, mode, None)
        pages = math.ceil(listed / size)
        if kind == "catalogue":  # every page, every run
            return SectionPlan(entity, mode, pages)
        if kind == "changes_without_deleted":  # the listing and the count
            return SectionPlan(entity, "full", pages + 1)
        if entity == "reports":  # a second read confirms the first
            return SectionPlan(entity, "full", 2 * pages)
        # the newest change, the listing, the deleted listing, the count check
        deleted_pages = max(1, math.ceil(deleted / size))
        return SectionPlan(entity, "full", 1 + pages + deleted_pages + 1)

    def _per_parent(self, entity: str, mode: str) -> int | None:
        """Children and worksheets cost a request per parent read: every live
        parent on a first (or full) pass, the changed ones afterwards."""
        parent = ENTITIES[entity].per or ""
        if mode == "incremental":
            pending = len(self.ctx.child_pending(entity))
            if ENTITIES[entity].sync == "children":  # + its rolling sweep
                pending += math.ceil(self.ctx.repo.count(parent) / SWEEP_RUNS)
            return pending
        live = self.ctx.repo.count(parent) or self._known_counts.get(parent, 0)
        return live or None

    def _count(self, entity: str) -> int:
        """QBench's total for a section the copy knows nothing of (a first
        backup): one one-row request, so the overall bar and the time left
        weigh sections by their size from the start instead of counting each
        as 1/7 (fresh-user trial: 43 % shown at 5 % done). 0 when unknown."""
        try:
            total = self.ctx.client.count(entity)
        except AppError as exc:  # the pass itself will meet it and say so
            logger.bind(file_only=True).info(f"{entity}: no count for the plan: {exc}")
            return 0
        if total:
            self._known_counts[entity] = total
        return total or 0

    def _close_run_row(self, report: SyncReport) -> None:
        """Finish the run's own row (entity '*'), opening it if it never was."""
        repo, run_id = self.ctx.repo, self.ctx.run_id

        def write() -> None:
            if self._run_row is None:
                self._run_row = repo.start_run(
                    run_id, RUN_ENTITY, started_at=report.started_at
                )
            results = report.results
            repo.finish_run(
                self._run_row,
                status=report.status,
                fetched=sum(r.fetched for r in results),
                inserted=sum(r.inserted for r in results),
                updated=sum(r.updated for r in results),
                deleted=sum(r.deleted for r in results),
                requests=sum(r.requests for r in results),
                rejected=sum(r.rejected for r in results),
                orphans=sum(r.orphans for r in results),
                error=report.problem(),
                user_message=report.reason() or None,
            )

        try:
            report.recorded = self._record("the run", write)
        except StorageError as exc:  # the database failed while recording
            self._storage_failed(exc, report)
            report.recorded = False

    def _storage_failed(self, exc: StorageError, report: SyncReport) -> None:
        """The database failed: the run stops with this cause (the first one)."""
        if self._db_failed is None:
            self._db_failed = exc
            logger.bind(file_only=True).error(f"sync stopped: {exc}")
            if exc.kind == "connection_lost":
                try:
                    self.ctx.repo.reconnect()
                except Exception as again:  # noqa: BLE001 - still gone: nothing to do
                    logger.bind(file_only=True).warning(
                        f"could not reconnect to record the failure: {again}"
                    )
        if report.error is None:
            report.error = str(exc)
            report.user_message = exc.user_message

    def _record(self, what: str, write: Callable[[], object]) -> bool:
        """Write run bookkeeping; after a database failure only if the database
        takes it within RECORD_WAIT_SECONDS (False when it did not)."""
        failed = self._db_failed is not None
        wait = busy_wait(self.ctx.repo.db, RECORD_WAIT_SECONDS) if failed else None
        try:
            with storage_errors(), wait or nullcontext(), self.ctx.repo.transaction():
                write()
        except StorageError as exc:
            if not failed:
                raise
            logger.bind(file_only=True).warning(
                f"could not record {what} ({exc}); the next run marks it failed"
            )
            return False
        return True

    def _refresh_statistics(self, report: SyncReport) -> None:
        """After writes, let the database plan the REST API's sorted pages well."""
        if not any(r.inserted or r.updated or r.deleted for r in report.results):
            return
        try:
            self.ctx.repo.refresh_statistics()
        except peewee.DatabaseError as exc:  # only speed is at stake, not data
            logger.warning(f"could not refresh the database statistics: {exc}")

    def _probe_offset(self) -> None:
        """Learn the lab's UTC offset from the newest tests (one request)."""
        try:
            page = self.ctx.client.get_page(
                "tests", 1, {"sort_by": "last_updated", "sort_order": "DESC"}
            )
        except CredentialsError:
            raise
        except EndpointUnavailable as exc:  # the tests section will say it skipped
            logger.info(f"lab clock: learned from the other lists' pages ({exc})")
            return
        except AppError as exc:
            logger.warning(f"could not learn the lab's UTC offset: {exc}")
            return
        if page.total_count is not None:  # a first backup's only known size
            self._known_counts["tests"] = page.total_count
        with self.ctx.repo.transaction():
            self.ctx.learn_offset(page.rows)
        if self.ctx.offset is not None:
            hours = self.ctx.offset / 3600
            logger.info(f"lab clock: UTC{hours:+.2f} h (learned from tests)")

    def _run_entity(self, entity: str, full: bool, report: SyncReport) -> bool:
        """Run one entity; False when the whole run must stop."""
        ctx = self.ctx
        result = EntityResult(entity)
        report.results.append(result)
        row_id: int | None = None
        before = ctx.client.requests_made
        go_on = True
        mode = self._modes.get(entity, "full" if full else "incremental")
        ctx.emit(SectionStarted(entity, mode, before))
        try:
            with storage_errors():
                row_id = ctx.repo.start_run(ctx.run_id, entity)
                per = ENTITIES[entity].per
                if per in report.skipped:  # read under a parent it could not list
                    self._skip_with_parent(result, per)
                elif entity == "reports":
                    ReportsPass(ctx, result).run(full)
                else:
                    PASSES[ENTITIES[entity].sync](ctx, entity, result).run(full)
        except SyncCancelled:
            result.status = "cancelled"
            go_on = False
        except CredentialsError as exc:
            self._fail(result, exc)
            raise
        except EndpointUnavailable as exc:  # a scope the client lacks: go on
            result.status = "skipped"
            result.error = str(exc)
            result.user_message = _skip_message(entity, exc)
            forbidden = isinstance(exc, EndpointForbidden)
            result.skip = "forbidden" if forbidden else "missing"
            result.scope = ENTITIES[entity].scope if forbidden else None
            # the run's end names every skipped section in one line (cli, window)
            logger.info(f"{entity}: skipped: {exc}")
        except StorageError as exc:  # the database itself: stop, name the cause
            self._storage_failed(exc, report)
            self._fail(result, exc)
            go_on = False
        except FileStoreError as exc:  # the document folder is full or refuses
            self._fail(result, exc)  # writes: every later download would fail
            go_on = False
        except AppError as exc:
            self._fail(result, exc)
        except Exception as exc:  # a bug: stop, never crash
            logger.exception(f"{entity}: unexpected error")
            self._fail(result, exc)
            report.error = f"{entity}: {type(exc).__name__}: {exc}"
            go_on = False
        finally:
            result.requests = ctx.client.requests_made - before
            try:
                self._record(
                    f"the end of {entity}", lambda: self._finish_row(row_id, result)
                )
            except StorageError as exc:  # the database failed while recording
                self._storage_failed(exc, report)
                go_on = False
            ctx.emit(_section_done(result, ctx.client.requests_made))
            logger.info(
                f"{entity}: {result.status} ({result.mode}) fetched={result.fetched} "
                f"inserted={result.inserted} updated={result.updated} "
                f"deleted={result.deleted} requests={result.requests}"
                + (f" error={result.error}" if result.error else "")
            )
        return go_on

    def _finish_row(self, row_id: int | None, result: EntityResult) -> None:
        """The entity's checkpoint status and its ingestion_runs row, together."""
        repo = self.ctx.repo
        if result.status in ("failed", "cancelled", "skipped"):
            message = (result.error or "")[:2000] or result.status
            repo.save_checkpoint(result.entity, status=result.status, message=message)
        if row_id is None:  # its row could not even be opened
            row_id = repo.start_run(self.ctx.run_id, result.entity)
        repo.finish_run(
            row_id,
            status=result.status,
            fetched=result.fetched,
            inserted=result.inserted,
            updated=result.updated,
            deleted=result.deleted,
            requests=result.requests,
            rejected=result.rejected,
            error=result.error,
            user_message=result.user_message,  # Historial's detail, in Spanish
        )

    def _skip_with_parent(self, result: EntityResult, parent: str) -> None:
        """``result``'s entity is read under ``parent``, which was skipped."""
        result.status = "skipped"
        result.skip = "parent"
        result.error = f"skipped: its parent {parent} was skipped"
        result.user_message = QT_TRANSLATE_NOOP(
            "Mensajes", "Se omite {entity} porque no se pudo leer {parent}."
        ).format(
            entity=ENTITY_NAMES.get(result.entity, result.entity),
            parent=ENTITY_NAMES.get(parent, parent),
        )
        logger.info(f"{result.entity}: {result.error}")

    def _fail(self, result: EntityResult, exc: Exception) -> None:
        result.status = "failed"
        result.error = str(exc)
        result.user_message = getattr(exc, "user_message", None)
        log = logger.bind(file_only=True) if isinstance(exc, StorageError) else logger
        log.error(f"{result.entity}: failed: {exc}")

    def _report_orphans(self, report: SyncReport) -> None:
        """After the run (parents and links all in): children without a parent.

        A fact about QBench (a parent deleted there, or not copied yet), not a
        problem the user can act on: counted on the entity's row, listed in
        ``run_orphans`` for Historial, and said in the log file only."""
        for result in report.results:
            if result.status == "success":
                self._count_orphans(result)

    def _count_orphans(self, result: EntityResult) -> None:
        repo = self.ctx.repo
        with repo.transaction():
            orphans = repo.orphans(result.entity)
            result.orphans = len(orphans)
            repo.record_orphans(self.ctx.run_id, result.entity, orphans)
        if orphans:
            sample = ", ".join(
                f"{o.child_id}→{o.parent_entity} {o.parent_id}"
                for o in orphans[:ORPHAN_SAMPLE]
            )
            logger.bind(file_only=True).info(
                f"{result.entity}: {len(orphans)} record(s) whose parent is not in "
                f"the backup (kept): {sample}"
            )
