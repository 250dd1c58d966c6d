"""Entities whose v2 list declares ``last_updated`` but no ``include_deleted``
and no sorting (quotations, per QBench's official v2 document).

Changes come like orders' (``app.sync.entity_pass``): an incremental pass lists
``last_updated`` = mark − lookback, a full pass lists everything; no sort
parameters are sent, since the document declares none. Deletions cannot be
listed, so they are found by the count reconciliation (``app.sync.reconcile``):
QBench's live ``total_count`` against ours (one request); only when they differ,
a paged id comparison of the live listing whose missing ids are each confirmed
with a GET (404) before they are marked deleted. A full pass confirms every
stored live record it did not list the same way. A run where nothing changed
costs two list requests (the change listing and the count).

A full pass over more than one page then compares ids once whatever the counts
say (``CountCheck.run(verify=True)``: its pages once more): a record deleted on
a page already read slides the next unread one onto it, and a record created
meanwhile keeps QBench's count equal to ours while the copy misses a live record
and holds a deleted one (tests/sync/test_listing_shift.py).

A full pass resumed after an interruption reads its last committed page again.
Records deleted meanwhile on the pages read before move the unread ones after
them back, the first onto that page: skipped, the copy would miss as many live
records as it wrongly holds, the count check would agree and never look. Read
again, fewer are missing than were deleted, the counts differ and the check's id
comparison repairs both.
"""

from __future__ import annotations

from typing import Any

from app.sync.cursor import PassCursor
from app.sync.entity_pass import EntityPass


class ChangesOnlyPass(EntityPass):
    """EntityPass without the deleted listing and without sort parameters."""

    def run(self, full: bool) -> None:
        cursor, resumed = self.start(full)
        self.result.mode = cursor.mode
        if resumed:
            self._rewind(cursor)
        self._phase(cursor, "all", self._on_listed_page)
        if resumed and cursor.mode == "full":
            self._catch_up(cursor)
        if cursor.mode == "full":
            self._finish_full(cursor)
        else:
            self._finish_incremental(cursor)
        if self.result.status == "success" or cursor.rejected:
            self._check_counts(cursor, verify=cursor.mode == "full")

    def _rewind(self, cursor: PassCursor) -> None:
        """Also step a resumed full pass back onto its last committed page (see
        the module docstring)."""
        super()._rewind(cursor)
        if cursor.mode == "full" and cursor.page > 0:
            cursor.page -= 1

    def _params(self, cursor: PassCursor, phase: str) -> dict[str, Any]:
        return {} if cursor.since is None else {"last_updated": cursor.since}

    def _newest(self) -> int | None:
        """No sort is declared: the newest change cannot be asked for."""
        return None

    def _catch_up(self, cursor: PassCursor) -> None:
        """After a resume: re-list what changed since the pass first began (by
        QBench's clock then), so an edit to a page read before is not missed."""
        began = cursor.server_start
        params: dict[str, Any] = {}
        if began is not None:
            params["last_updated"] = int(began) - self.ctx.lookback_seconds
        for page in self.client.iter_pages(self.entity, params):
            with self.repo.transaction():
                upsert = self._upsert(page)
                self._on_listed_page(cursor, page, upsert)
            self.ctx.check_stop()
