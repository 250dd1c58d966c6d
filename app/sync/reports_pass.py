"""Reports: no ``last_updated``, no ``include_deleted``, no sorting in API v2.

The v2 ``/reports`` list offers only ``page_num``/``page_size`` and parent
filters (``order_ids``, ``sample_ids``, ``test_ids``), and QBench does not
document whether a report change stamps its parent. So no single signal catches
every change; an incremental pass combines four, cheapest first:

1. re-reads the reports of every order, sample and test that changed since the
   last reports pass, and of the orders and samples those belong to (a report on
   an order changes while only its samples and tests are stamped); stored
   reports of those parents that QBench no longer lists are confirmed gone;
2. reads the tail of the list from the page that holds the last report we know,
   to catch new reports whatever their parent did;
3. reads the next page of a rolling sweep (``SWEEP_PAGES`` per run, wrapping
   around), so a change nothing stamped is copied within ``total_pages`` runs;
4. checks the count: if QBench's ``total_count`` differs from our live reports,
   a full pass reconciles;

then re-reads (``ids`` filter) the orders, samples and tests whose reports it
found new, changed or gone: a parent shows its reports (``has_report``,
``most_recent_report_id``…) and QBench may change that rendering without moving
the parent's ``last_updated``.

A full pass reads the whole list until a read shows no report an earlier read
missed (a deletion shifts offset pages, so one read can skip a live report);
every stored live report a read did not list is confirmed with a single GET
(404 = gone) before it is marked deleted. A run where nothing changed costs two
list requests (tail and sweep).

With a file store (``SyncContext.files``), each page's rendered reports get their
PDF right after the page is stored, and the pass ends by fetching the PDFs
earlier runs owe (``app.sync.documents``).
"""

from __future__ import annotations

import json
import math
from datetime import datetime

from loguru import logger

from app.errors import AppError
from app.i18n import QT_TRANSLATE_NOOP
from app.qbench import Page
from app.qbench.errors import EndpointUnavailable
from app.storage.repository import UpsertResult
from app.sync.context import SyncContext
from app.sync.cursor import CURSOR_LAYOUT, PassCursor
from app.sync.documents import ReportPdfs
from app.sync.drift import DriftLog
from app.sync.reconcile import confirm_gone
from app.sync.report import EntityResult

ENTITY = "reports"
PARENTS = (
    ("orders", "order_ids", "order_id"),
    ("samples", "sample_ids", "sample_id"),
    ("tests", "test_ids", "test_id"),
)
IDS_PER_REQUEST = 40
MAX_FULL_READS = 4
SWEEP_PAGES = 1  # pages of the rolling sweep per incremental run
SWEEP = "_reports_sweep"  # checkpoint row: the next page of the sweep


class ListingUnsettled(AppError):
    """Reports kept appearing that earlier reads of the listing had missed."""

    default_user_message = QT_TRANSLATE_NOOP(
        "Mensajes",
        "La lista de informes de QBench cambió mientras se leía; el próximo "
        "respaldo lo intentará de nuevo.",
    )


class ReportsPass:
    """Runs the reports pass of one run and fills its EntityResult."""

    def __init__(self, ctx: SyncContext, result: EntityResult) -> None:
        self.ctx, self.result = ctx, result
        self.repo, self.client = ctx.repo, ctx.client
        self.drift = DriftLog(ENTITY)
        self.pages_done = 0
        self.phase = "all"  # for progress: "all", "verify" (reads 2+), "changes"
        self.touched: set[int] = set()  # reports new, changed or gone this run
        self.pdfs = ReportPdfs(ctx, result)

    def run(self, full: bool) -> None:
        checkpoint = self.repo.get_checkpoint(ENTITY)
        saved = PassCursor.from_json(checkpoint.last_cursor if checkpoint else None)
        if saved is not None and saved.layout != CURSOR_LAYOUT:
            saved = None
        never = checkpoint is None or checkpoint.last_synced_at is None
        if full or never or saved is not None:
            self.result.mode = "full"
            self._full(saved)
        else:
            self.result.mode = "incremental"
            self._incremental()
            self._refresh_parents()
        self.pdfs.catch_up()  # PDFs earlier runs could not fetch
        self._save_end()

    # -- full ----------------------------------------------------------------
    def _full(self, saved: PassCursor | None) -> None:
        """Read until a read lists no report the reads before it missed."""
        cursor = saved or self._new_cursor()
        listed: set[int] = set()
        for read in range(1, MAX_FULL_READS + 1):
            self.phase = "all" if read == 1 else "verify"
            seen = self._read_all(cursor)
            if read > 1:
                top = max(listed, default=0)
                missed = {i for i in seen if i <= top} - listed
                if not missed:
                    return
                logger.warning(
                    f"reports: read {read} listed {len(missed)} report(s) an earlier "
                    "read missed (the listing shifted); reading it again"
                )
            listed |= seen
            cursor = self._new_cursor()
        raise ListingUnsettled(
            f"reports: the listing kept shifting over {MAX_FULL_READS} reads; "
            "what was read is kept and the next run reads it again"
        )

    def _new_cursor(self) -> PassCursor:
        return PassCursor("full", "all", self.ctx.clock().isoformat())

    def _read_all(self, cursor: PassCursor) -> set[int]:
        """One whole read (resumed at the cursor); returns the ids it listed.
        Stored live reports it did not list are confirmed gone or kept."""
        start = cursor.page + 1
        for page in self.client.iter_pages(ENTITY, {}, start_page=start):
            self._store(page, cursor)
        began = datetime.fromisoformat(cursor.started_at)
        self._confirm(self.repo.live_ids_fetched_before(ENTITY, began))
        return self.repo.ids_fetched_since(ENTITY, began)

    def _confirm(self, candidates: set[int]) -> None:
        """Mark deleted those of ``candidates`` QBench answers 404 for."""
        if not candidates:
            return
        gone = confirm_gone(self.ctx, ENTITY, candidates)
        self.touched.update(gone)
        if len(gone) < len(candidates):
            logger.info(
                f"reports: {len(candidates) - len(gone)} report(s) a read did not "
                "list still exist in QBench (GET 200); kept live"
            )
        self.result.deleted += self.repo.mark_deleted(ENTITY, gone, self.ctx.clock())

    # -- incremental ---------------------------------------------------------
    def _incremental(self) -> None:
        self.phase = "changes"
        changed = self._changed_parents()
        for parent, param, column in PARENTS:
            ids = sorted(changed.get(parent, ()))
            for start in range(0, len(ids), IDS_PER_REQUEST):
                chunk = ids[start : start + IDS_PER_REQUEST]
                self._parent_reports(param, column, chunk)
        live = self.repo.count(ENTITY)
        tail_start = max(1, math.ceil(live / self.client.page_size))
        total, last_page = None, tail_start
        for page in self.client.iter_pages(ENTITY, {}, start_page=tail_start):
            total, last_page = page.total_count, page.total_pages
            self._store(page, None)
        self._sweep(tail_start, last_page)
        if total is not None and total != self.repo.count(ENTITY):
            logger.warning(
                f"reports: QBench lists {total} but {self.repo.count(ENTITY)} are "
                "stored after the incremental pass; reconciling with a full read"
            )
            self.result.mode = "full"
            self._full(None)

    def _changed_parents(self) -> dict[str, set[int]]:
        """Parents changed since the last reports pass, widened upwards: the
        orders of changed samples and tests, the samples of changed tests."""
        pending = {k: set(v) for k, v in self.ctx.pending_parents().items()}
        tests = pending.get("tests", set())
        samples = pending.setdefault("samples", set())
        samples |= self.repo.column_values("tests", tests, "sample_id")
        orders = pending.setdefault("orders", set())
        orders |= self.repo.column_values("samples", samples, "order_id")
        return pending

    def _sweep(self, tail_start: int, last_page: int) -> None:
        """Re-read the next ``SWEEP_PAGES`` pages of the list (wrapping), skipping
        the tail pages this run already read."""
        checkpoint = self.repo.get_checkpoint(SWEEP)
        number = 1
        if checkpoint and checkpoint.last_cursor:
            number = int(json.loads(checkpoint.last_cursor).get("next_page", 1))
        for _ in range(SWEEP_PAGES):
            if number > max(1, last_page) or number >= tail_start:
                number = 1
            if number < tail_start:
                page = self.client.get_page(ENTITY, number)
                self._store(page, None, walked=False)
            number += 1
        self.repo.save_checkpoint(
            SWEEP, status="success", last_cursor=json.dumps({"next_page": number})
        )

    def _refresh_parents(self) -> None:
        """Re-read the parents of the reports this run found new, changed or gone
        (their rendering shows their reports); deleted parents are left alone."""
        for parent, _param, column in PARENTS:
            ids = sorted(self.repo.column_values(ENTITY, self.touched, column))
            try:
                self._refresh(parent, ids)
            except EndpointUnavailable as exc:  # that parent is skipped, not reports
                logger.info(f"reports: {parent} not refreshed: {exc}")

    def _refresh(self, parent: str, ids: list[int]) -> None:
        for start in range(0, len(ids), IDS_PER_REQUEST):
            chunk = ids[start : start + IDS_PER_REQUEST]
            for page in self.client.iter_pages(parent, {"ids": chunk}):
                with self.repo.transaction():
                    self.repo.upsert_page(
                        parent, page.rows, self.ctx.clock(), run_id=self.ctx.run_id
                    )
                self.ctx.check_stop()

    def _parent_reports(self, param: str, column: str, ids: list[int]) -> None:
        seen: set[int] = set()
        for page in self.client.iter_pages(ENTITY, {param: ids}):
            seen.update(self._store(page, None).ids)
        self._confirm(self.repo.live_ids(ENTITY, **{column: ids}) - seen)

    # -- shared --------------------------------------------------------------
    def _store(
        self, page: Page, cursor: PassCursor | None, *, walked: bool = True
    ) -> UpsertResult:
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
        self.touched.update(upsert.changed)
        self.result.fetched += len(page.rows)
        self.result.inserted += upsert.inserted
        self.result.updated += len(upsert.changed) - upsert.inserted
        self.result.rejected += len(upsert.rejected)
        self.pages_done += 1
        self.ctx.page_done(
            self.result, self.phase, page, self.pages_done, walked=walked
        )
        self.ctx.check_stop()
        self.pdfs.archive(page.rows)  # now: their URLs expire
        return upsert

    def _save_end(self) -> None:
        self.ctx.clear_pending_parents()
        if self.result.documents or self.result.documents_failed:
            logger.info(
                f"reports: {self.result.documents} PDF(s) archived, "
                f"{self.result.documents_failed} could not be downloaded (the "
                "next run tries them again)"
            )
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
