"""One entity with a v2 ``last_updated`` filter: a full or an incremental pass.

Listings use ``include_deleted=TRUE`` sorted by id ascending. Because QBench
soft-deletes, that listing only ever grows while it is paged (new ids land at
the end, edits do not move a record, deletions stay listed), so offset paging
can repeat a row but never skip one. ``DELETED_ONLY`` tells which rows are
deleted; v2 records carry no deleted flag of their own.

- full: phase ``all`` (every record, deleted ones included), then phase
  ``deleted`` (the deleted ids: marked at once), then rows fetched in this pass
  and not listed as deleted are live, and stored rows not fetched since the pass
  began are candidates for "gone": each is confirmed with a GET (404) first.
- incremental: phase ``all`` with ``last_updated`` = mark − lookback, then, only
  if something actually changed, phase ``deleted`` over the same window.
- both end with a count check (``app.sync.reconcile``): QBench's live
  ``total_count`` against ours, one request; only a difference costs more. A
  run where nothing changed therefore costs two list requests.
- a pass resumed after an interruption re-lists what changed since it first
  began (a catch-up listing from the first attempt's start − lookback) and
  re-reads the deleted listing from its first page, so it ends as exact as a
  pass that was never interrupted.

Each page is committed together with the cursor, so a killed run resumes at the
next page, and the mark only moves when the whole pass succeeded.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from loguru import logger

from app.qbench import Page
from app.qbench.errors import EndpointUnavailable, QBenchRequestError
from app.storage.repository import UpsertResult
from app.sync.context import SyncContext
from app.sync.cursor import CURSOR_LAYOUT, PassCursor
from app.sync.drift import DriftLog
from app.sync.reconcile import CountCheck, gone_since
from app.sync.report import EntityResult
from app.sync.watermark import checkpoint_mark, high_water, naive_epoch

LIST_ORDER = {"sort_by": "id", "sort_order": "ASC"}


class EntityPass:
    """Runs (or resumes) the pass of one entity and fills its EntityResult."""

    def __init__(self, ctx: SyncContext, entity: str, result: EntityResult) -> None:
        self.ctx, self.entity, self.result = ctx, entity, result
        self.repo, self.client = ctx.repo, ctx.client
        self.drift = DriftLog(entity)
        self.pages_done = 0

    # -- plan ----------------------------------------------------------------
    def start(self, full: bool) -> tuple[PassCursor, bool]:
        """Resume the saved cursor when it fits, else begin a new pass; the flag
        says whether the cursor was resumed."""
        checkpoint = self.repo.get_checkpoint(self.entity)
        saved = PassCursor.from_json(checkpoint.last_cursor if checkpoint else None)
        mark = _unix(checkpoint.last_synced_at) if checkpoint else None
        if (
            saved is not None
            and saved.layout == CURSOR_LAYOUT
            and (saved.mode == "full" or not full)
        ):
            logger.info(
                f"{self.entity}: resuming the {saved.mode} pass at "
                f"{saved.phase} page {saved.page + 1}"
            )
            return saved, True
        started = self.ctx.clock().isoformat()
        if full or mark is None:
            return PassCursor("full", "all", started, data_start=self._newest()), False
        since = mark - self.ctx.lookback_seconds
        cursor = PassCursor("incremental", "all", started, since=since, mark=mark)
        return cursor, False

    def run(self, full: bool) -> None:
        cursor, resumed = self.start(full)
        self.result.mode = cursor.mode
        if resumed:
            self._rewind(cursor)
        if cursor.phase == "all":
            self._phase(cursor, "all", self._on_listed_page)
            cursor.phase, cursor.page = "deleted", 0
        if resumed and cursor.mode == "full":
            self._catch_up(cursor)
        if cursor.mode == "full" or cursor.changed:
            self._phase(cursor, "deleted", self._on_deleted_page)
        if cursor.mode == "full":
            self._finish_full(cursor)
        else:
            self._finish_incremental(cursor)
        if self.result.status == "success" or cursor.rejected:
            # Also after unreadable records (the pass fails, loudly): deletions
            # elsewhere in the entity are still found.
            self._check_counts(cursor)

    # -- paging --------------------------------------------------------------
    def _params(self, cursor: PassCursor, phase: str) -> dict[str, Any]:
        params: dict[str, Any] = dict(LIST_ORDER)
        params["include_deleted"] = "DELETED_ONLY" if phase == "deleted" else "TRUE"
        if cursor.since is not None:
            params["last_updated"] = cursor.since
        return params

    @staticmethod
    def _rewind(cursor: PassCursor) -> None:
        """Changes between the interrupted run and this one may sit on pages read
        before: an incremental pass re-lists its whole window (only changes), a
        full pass re-reads the deleted listing (few rows) and catches up."""
        if cursor.mode == "incremental":
            cursor.phase, cursor.page = "all", 0
        elif cursor.phase == "deleted":
            cursor.page = 0

    def _newest(self) -> int | None:
        """The newest ``last_updated`` QBench holds now (one request): every change
        made after this moment is stamped at or after it, whatever the clocks."""
        params = {"sort_by": "last_updated", "sort_order": "DESC"}
        try:
            page = self.client.first_row(
                self.entity, dict(params, include_deleted="TRUE")
            )
        except EndpointUnavailable:  # no scope for the list: skip the entity
            raise
        except QBenchRequestError as exc:  # a refused sort: a resume re-lists all
            logger.warning(f"{self.entity}: could not read the newest change: {exc}")
            return None
        newest = high_water(page.rows, None, None)  # the widest offset: never late
        now = self.client.server_time() or self.ctx.clock().timestamp()
        # A record stamped in the future (a bad clock, a bogus value) must not
        # push the bound past the moment the pass began.
        return None if newest is None else min(newest, int(now))

    def _catch_up(self, cursor: PassCursor) -> None:
        """After a resume: re-list what changed since the pass first began, so an
        edit between the two runs to a page read before is not left stale."""
        params: dict[str, Any] = dict(LIST_ORDER, include_deleted="TRUE")
        if cursor.data_start is not None:  # else QBench held none: list them all
            params["last_updated"] = cursor.data_start - self.ctx.lookback_seconds
        logger.info(f"{self.entity}: catching up on changes since the pass began")
        for page in self.client.iter_pages(self.entity, params):
            with self.repo.transaction():
                upsert = self._upsert(page)
                self._on_listed_page(cursor, page, upsert)
                self._note_report_parents(upsert)
                cursor.mark = high_water(page.rows, self.ctx.offset, cursor.mark)
            self.ctx.check_stop()

    def _phase(self, cursor: PassCursor, phase: str, on_page: Any) -> None:
        pages = self.client.iter_pages(
            self.entity, self._params(cursor, phase), start_page=cursor.page + 1
        )
        for page in pages:
            if cursor.server_start is None:
                cursor.server_start = self.client.server_time()
            self._learn(page)
            with self.repo.transaction():
                upsert = self._upsert(page)
                on_page(cursor, page, upsert)
                self._note_report_parents(upsert)
                cursor.page = page.number
                cursor.mark = high_water(page.rows, self.ctx.offset, cursor.mark)
                self.drift.save(self.repo, self.ctx.run_id)
                self.repo.save_checkpoint(
                    self.entity, status="running", last_cursor=cursor.to_json()
                )
            self.pages_done += 1
            self.ctx.page_done(self.result, phase, page, self.pages_done)
            self.ctx.check_stop()

    def _note_report_parents(self, upsert: UpsertResult) -> None:
        self.ctx.note_changed(self.entity, upsert.changed)

    def _learn(self, page: Page) -> None:
        self.ctx.learn_offset(page.rows)

    def _upsert(self, page: Page, *, revive: bool = False) -> UpsertResult:
        self.drift.observe(page.rows)
        result = self.repo.upsert_page(
            self.entity,
            page.rows,
            self.ctx.clock(),
            run_id=self.ctx.run_id,
            revive=revive,
        )
        self.result.fetched += len(page.rows)
        self.result.rejected += len(result.rejected)
        for _record, error in result.rejected:
            logger.error(
                f"{self.entity}: a record could not be read ({error}); "
                "it is kept in rejected_records"
            )
        return result

    # -- per-page effects ----------------------------------------------------
    def _count(self, upsert: UpsertResult) -> None:
        changed = set(upsert.changed)
        self.result.inserted += upsert.inserted
        self.result.updated += len(changed) - upsert.inserted

    def _on_deleted_page(
        self, cursor: PassCursor, page: Page, upsert: UpsertResult
    ) -> None:
        cursor.deleted.extend(upsert.ids)
        cursor.rejected += len(upsert.rejected)
        self._count(upsert)
        self.result.deleted += self.repo.mark_deleted(
            self.entity, upsert.ids, self.ctx.clock()
        )

    def _on_listed_page(
        self, cursor: PassCursor, page: Page, upsert: UpsertResult
    ) -> None:
        self._count(upsert)
        cursor.rejected += len(upsert.rejected)
        if cursor.mode == "incremental":
            known = set(cursor.changed)
            cursor.changed.extend(i for i in upsert.changed if i not in known)

    # -- endings -------------------------------------------------------------
    def _finish_full(self, cursor: PassCursor) -> None:
        began = datetime.fromisoformat(cursor.started_at)
        with self.repo.transaction():
            self.repo.revive_fetched_since(self.entity, began, cursor.deleted)
        gone = gone_since(self.ctx, self.entity, began)
        with self.repo.transaction():
            self.result.deleted += self.repo.mark_deleted(
                self.entity, gone, self.ctx.clock()
            )
            self._save_end(cursor)

    def _finish_incremental(self, cursor: PassCursor) -> None:
        with self.repo.transaction():
            gone = set(cursor.deleted)
            self.repo.revive(self.entity, [i for i in cursor.changed if i not in gone])
            self._save_end(cursor)

    def _save_end(self, cursor: PassCursor) -> None:
        self.ctx.save_pass_end(self.result, cursor.rejected, lambda: self._mark(cursor))

    def _mark(self, cursor: PassCursor) -> datetime | None:
        """The mark a successful pass saves (``app.sync.watermark``)."""
        local_start = datetime.fromisoformat(cursor.started_at).timestamp()
        mark = checkpoint_mark(cursor.mark, cursor.server_start, local_start)
        return _datetime(mark) if mark is not None else None

    def _check_counts(self, cursor: PassCursor, *, verify: bool = False) -> None:
        """QBench's live count against ours; repairs deletions nothing listed
        (``verify``: compare ids after a whole listing, ``CountCheck.run``)."""
        since = cursor.since
        if cursor.mode == "full" and cursor.data_start is not None:
            since = cursor.data_start - self.ctx.lookback_seconds
        check = CountCheck(
            self.ctx,
            self.entity,
            since=since,
            store_live=lambda page: self._store_page(page, revive=True),
            store_listed=lambda page: self._store_page(page, revive=False),
            unreadable=cursor.rejected,
        )
        check.run(verify=verify)
        self.result.deleted += check.marked

    def _store_page(self, page: Page, *, revive: bool) -> list[int]:
        """A page read while reconciling (``revive``: a live listing's rows)."""
        with self.repo.transaction():
            upsert = self._upsert(page, revive=revive)
            self._count(upsert)
            self._note_report_parents(upsert)
        return upsert.ids


def _unix(value: datetime | None) -> int | None:
    """A stored naive-UTC checkpoint as unix seconds."""
    return None if value is None else naive_epoch(value)


def _datetime(unix: int) -> datetime:
    """Unix seconds as the naive-UTC datetime the checkpoint table stores."""
    return datetime.fromtimestamp(unix, UTC).replace(tzinfo=None)
