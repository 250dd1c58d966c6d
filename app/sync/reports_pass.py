"""Reports: no ``last_updated``, no ``include_deleted``, no sorting in API v2.

A report belongs to exactly one order, sample or test, and a change to a report
shows on its parent (``has_report``, ``most_recent_report_id``, report dates), so
the parent's ``last_updated`` moves. An incremental pass therefore:

1. re-reads the reports of every order, sample and test that changed in this run
   (``order_ids`` / ``sample_ids`` / ``test_ids`` filters, 40 ids per request);
   stored reports of those parents that QBench no longer lists are deleted;
2. reads the tail of the list (ids ascending) from the page that holds the last
   report we know, to catch new reports whatever their parent did;
3. checks the count: if QBench's ``total_count`` differs from our live reports,
   something moved that 1 and 2 cannot see, and a full pass reconciles.

A full pass reads the whole list, repeats it while ``total_count`` moved during
the read (a deletion shifts offset pages), then marks the rest deleted. A run
where nothing changed costs one request.
"""

from __future__ import annotations

import math
from datetime import datetime

from loguru import logger

from app.qbench import Page
from app.storage.repository import UpsertResult
from app.sync.context import SyncContext
from app.sync.cursor import PassCursor
from app.sync.drift import DriftLog
from app.sync.report import EntityResult

ENTITY = "reports"
PARENTS = (
    ("orders", "order_ids", "order_id"),
    ("samples", "sample_ids", "sample_id"),
    ("tests", "test_ids", "test_id"),
)
IDS_PER_REQUEST = 40
MAX_FULL_READS = 3


class ReportsPass:
    """Runs the reports pass of one run and fills its EntityResult."""

    def __init__(self, ctx: SyncContext, result: EntityResult) -> None:
        self.ctx, self.result = ctx, result
        self.repo, self.client = ctx.repo, ctx.client
        self.drift = DriftLog(ENTITY)
        self.pages_done = 0

    def run(self, full: bool) -> None:
        checkpoint = self.repo.get_checkpoint(ENTITY)
        saved = PassCursor.from_json(checkpoint.last_cursor if checkpoint else None)
        never = checkpoint is None or checkpoint.last_synced_at is None
        if full or never or saved is not None:
            self.result.mode = "full"
            self._full(saved)
        else:
            self.result.mode = "incremental"
            self._incremental()
        self._save_end()

    # -- full ----------------------------------------------------------------
    def _full(self, saved: PassCursor | None) -> None:
        cursor = saved or PassCursor("full", "all", self.ctx.clock().isoformat())
        for _ in range(MAX_FULL_READS):
            first, last = self._read_all(cursor)
            if first == last:
                break
            logger.warning(
                f"reports: total_count moved from {first} to {last} during the read; "
                "reading the list again so no shifted report is missed"
            )
            cursor.page = 0
        began = datetime.fromisoformat(cursor.started_at)
        self.result.deleted += self.repo.mark_stale_deleted(
            ENTITY, fetched_before=began, when=self.ctx.clock()
        )

    def _read_all(self, cursor: PassCursor) -> tuple[int | None, int | None]:
        counts: list[int | None] = []
        for page in self.client.iter_pages(ENTITY, {}, start_page=cursor.page + 1):
            counts.append(page.total_count)
            self._store(page, cursor)
        return (counts[0], counts[-1]) if counts else (None, None)

    # -- incremental ---------------------------------------------------------
    def _incremental(self) -> None:
        pending = self.ctx.pending_parents()
        for parent, param, column in PARENTS:
            ids = sorted(pending.get(parent, ()))
            for start in range(0, len(ids), IDS_PER_REQUEST):
                chunk = ids[start : start + IDS_PER_REQUEST]
                self._parent_reports(param, column, chunk)
        live = self.repo.count(ENTITY)
        start_page = max(1, math.ceil(live / self.client.page_size))
        total = None
        for page in self.client.iter_pages(ENTITY, {}, start_page=start_page):
            total = page.total_count
            self._store(page, None)
        if total is not None and total != self.repo.count(ENTITY):
            logger.warning(
                f"reports: QBench lists {total} but {self.repo.count(ENTITY)} are "
                "stored after the incremental pass; reconciling with a full read"
            )
            self.result.mode = "full"
            self._full(None)

    def _parent_reports(self, param: str, column: str, ids: list[int]) -> None:
        seen: set[int] = set()
        for page in self.client.iter_pages(ENTITY, {param: ids}):
            seen.update(self._store(page, None).ids)
        stale = self.repo.live_ids(ENTITY, **{column: ids}) - seen
        if stale:
            self.result.deleted += self.repo.mark_deleted(
                ENTITY, stale, self.ctx.clock()
            )

    # -- shared --------------------------------------------------------------
    def _store(self, page: Page, cursor: PassCursor | None) -> UpsertResult:
        self.drift.observe(page.rows)
        with self.repo.transaction():
            upsert = self.repo.upsert_page(
                ENTITY, page.rows, self.ctx.clock(), run_id=self.ctx.run_id
            )
            self.drift.save(self.repo, self.ctx.run_id)
            if cursor is not None:
                cursor.page = page.number
                cursor.rejected += len(upsert.rejected)
                self.repo.save_checkpoint(
                    ENTITY, status="running", last_cursor=cursor.to_json()
                )
        self.result.fetched += len(page.rows)
        self.result.inserted += upsert.inserted
        self.result.updated += len(upsert.changed) - upsert.inserted
        self.result.rejected += len(upsert.rejected)
        self.pages_done += 1
        self.ctx.progress(
            ENTITY, "all", self.pages_done, page.total_pages, self.result.fetched
        )
        self.ctx.check_stop()
        return upsert

    def _save_end(self) -> None:
        self.ctx.clear_pending_parents()
        if self.result.rejected:
            message = (
                f"{self.result.rejected} report(s) could not be read and are kept "
                "in rejected_records"
            )
            self.result.status, self.result.error = "failed", message
            self.repo.save_checkpoint(
                ENTITY, status="failed", last_cursor="", message=message
            )
            return
        self.repo.save_checkpoint(
            ENTITY,
            status="success",
            last_synced_at=self.ctx.clock().replace(tzinfo=None),
            last_cursor="",
            message=None,
        )
        self.result.status = "success"
