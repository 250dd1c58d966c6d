"""The sync engine: sequential and synchronous, one entity after another.

``SyncEngine.run`` walks the entities in dependency order (parents first), runs
each one's pass, records one ``ingestion_runs`` row per entity and returns a
``SyncReport``. An entity that fails is recorded and the run goes on with the
next one (its completed pages stay, its cursor lets the next run resume); bad
credentials, a cancel request or an unexpected error stop the run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import peewee
from loguru import logger

from app.entities import CORE_ENTITIES
from app.errors import AppError, CredentialsError
from app.qbench import QBenchClient
from app.storage.repository import Repository
from app.sync.context import SyncCancelled, SyncContext
from app.sync.entity_pass import EntityPass
from app.sync.report import EntityResult, ProgressCallback, SyncReport
from app.sync.reports_pass import ReportsPass

ORPHAN_SAMPLE = 5


def ordered(entities: Sequence[str] | None) -> tuple[str, ...]:
    """The requested entities in dependency order; ValueError on unknown names."""
    if not entities:
        return CORE_ENTITIES
    unknown = sorted(set(entities) - set(CORE_ENTITIES))
    if unknown:
        raise ValueError(
            f"unknown entities: {', '.join(unknown)}; "
            f"choose from {', '.join(CORE_ENTITIES)}"
        )
    return tuple(e for e in CORE_ENTITIES if e in entities)


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
    ) -> None:
        self.ctx = SyncContext(
            client,
            repo,
            run_id,
            lookback_seconds=lookback_seconds,
            on_progress=on_progress,
            should_stop=should_stop or (lambda: False),
        )

    def run(
        self, entities: Sequence[str] | None = None, *, full: bool = False
    ) -> SyncReport:
        ctx = self.ctx
        report = SyncReport(ctx.run_id, started_at=ctx.clock())
        closed = ctx.repo.close_interrupted_runs()
        if closed:
            logger.warning(f"{closed} run(s) left 'running' by a crash marked failed")
        reports_checkpoint = ctx.repo.get_checkpoint("reports")
        ctx.track_report_parents = bool(
            reports_checkpoint and reports_checkpoint.last_synced_at
        )
        try:
            ctx.client.tokens.token()  # bad credentials stop the run before any entity
            ctx.load_offset()
            if ctx.offset is None:
                self._probe_offset()
            for entity in ordered(entities):
                if not self._run_entity(entity, full, report):
                    break
            self._report_orphans(report)
            self._refresh_statistics(report)
        except CredentialsError as exc:
            report.error = str(exc)
            raise
        except AppError as exc:  # QBench unreachable before anything was read
            logger.error(f"sync failed before any entity: {exc}")
            report.error = str(exc)
        finally:
            report.finished_at = ctx.clock()
        return report

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
        except AppError as exc:
            logger.warning(f"could not learn the lab's UTC offset: {exc}")
            return
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
        row_id = ctx.repo.start_run(ctx.run_id, entity)
        before = ctx.client.requests_made
        go_on = True
        try:
            if entity == "reports":
                ReportsPass(ctx, result).run(full)
            else:
                EntityPass(ctx, entity, result).run(full)
        except SyncCancelled:
            result.status = "cancelled"
            ctx.repo.save_checkpoint(entity, status="cancelled", message="cancelled")
            go_on = False
        except CredentialsError as exc:
            self._fail(result, exc)
            raise
        except AppError as exc:
            self._fail(result, exc)
        except Exception as exc:  # a bug or a database failure: stop, never crash
            logger.exception(f"{entity}: unexpected error")
            self._fail(result, exc)
            report.error = f"{entity}: {type(exc).__name__}: {exc}"
            go_on = False
        finally:
            result.requests = ctx.client.requests_made - before
            ctx.repo.finish_run(
                row_id,
                status=result.status,
                fetched=result.fetched,
                inserted=result.inserted,
                updated=result.updated,
                deleted=result.deleted,
                requests=result.requests,
                error=result.error,
            )
            logger.info(
                f"{entity}: {result.status} ({result.mode}) fetched={result.fetched} "
                f"inserted={result.inserted} updated={result.updated} "
                f"deleted={result.deleted} requests={result.requests}"
                + (f" error={result.error}" if result.error else "")
            )
        return go_on

    def _fail(self, result: EntityResult, exc: Exception) -> None:
        result.status = "failed"
        result.error = str(exc)
        result.user_message = getattr(exc, "user_message", None)
        logger.error(f"{result.entity}: failed: {exc}")
        try:
            self.ctx.repo.save_checkpoint(
                result.entity, status="failed", message=str(exc)[:2000]
            )
        except Exception:  # the database itself may be what failed
            logger.exception("could not record the failed checkpoint")

    def _report_orphans(self, report: SyncReport) -> None:
        """After the run (parents and links all in): children without a parent."""
        for result in report.results:
            if result.status == "success":
                self._count_orphans(result)

    def _count_orphans(self, result: EntityResult) -> None:
        orphans = self.ctx.repo.orphans(result.entity)
        result.orphans = len(orphans)
        if orphans:
            sample = ", ".join(
                f"{o.child_id}→{o.parent_entity} {o.parent_id}"
                for o in orphans[:ORPHAN_SAMPLE]
            )
            logger.warning(
                f"{result.entity}: {len(orphans)} record(s) whose parent is not in "
                f"the backup (kept): {sample}"
            )
