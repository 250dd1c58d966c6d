"""Catalogues: v2 lists that declare only ``page_num``/``page_size``.

QBench's official v2 document gives these lists (users, teams, locations,
invoice items, payments, …) no ``last_updated``, no ``include_deleted`` and no
sorting, so nothing tells what changed: every run re-lists every page, sending
only ``page_num`` and ``page_size`` (never a filter the document does not
declare), and the repository compares each record with the stored one by
content (only real changes count as updated).

Deletions: a stored live record the complete listing did not show is a
candidate. A listing paged by offset may shift while it is read (a record
deleted on page 1 moves page 2's first row onto page 1, unseen), so each
candidate is confirmed with a single GET first: 404 marks it deleted, 200 keeps
it live. A shifting listing therefore never marks a live record deleted; and
as a live record it did not show proves it shifted (a record edited before the
run may have slid past it too), the catalogue is then listed once more and its
ids compared with that second listing. A first backup over several pages is
always listed twice: nothing stored yet could reveal a shift.

Cost: every page each run (ceil(n / 50) requests) plus one GET per candidate,
and the pages again on a first backup of more than one page or after a shift;
catalogues are small (tens to hundreds of records: one to a few pages).

Each page is committed with the cursor (its page number and when the pass
began), but a run after an interruption lists the catalogue from page 1 again,
as a new pass: nothing tells what changed meanwhile on the pages read before
(an edit, or a deletion that shifts unread records onto them), and a catalogue
is a few pages.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from loguru import logger

from app.sync.context import SyncContext
from app.sync.cursor import CURSOR_LAYOUT, PassCursor
from app.sync.pages import PageStore
from app.sync.reconcile import confirm_gone
from app.sync.report import EntityResult


class CataloguePass:
    """Re-lists one catalogue whole and fills its EntityResult."""

    def __init__(self, ctx: SyncContext, entity: str, result: EntityResult) -> None:
        self.ctx, self.entity, self.result = ctx, entity, result
        self.repo, self.client = ctx.repo, ctx.client
        self.pages = PageStore(ctx, entity, result)

    def run(self, full: bool) -> None:
        checkpoint = self.repo.get_checkpoint(self.entity)
        cursor = PassCursor.from_json(checkpoint.last_cursor if checkpoint else None)
        never = checkpoint is None or checkpoint.last_synced_at is None
        self.result.mode = "full" if full or never else "incremental"
        if cursor is not None and cursor.layout == CURSOR_LAYOUT:
            logger.info(
                f"{self.entity}: interrupted at page {cursor.page + 1}; listing "
                "it from page 1 again (pages read before may have changed)"
            )
        cursor = PassCursor(self.result.mode, "all", self.ctx.clock().isoformat())
        pages = self._list(cursor)
        self._confirm_missing(cursor, verify=self.result.mode == "full" and pages > 1)

    def _list(self, cursor: PassCursor) -> int:
        """List every page, each committed with the cursor; the pages read."""
        pages = self.client.iter_pages(self.entity, {}, start_page=cursor.page + 1)
        read = 0
        for page in pages:
            read += 1
            with self.repo.transaction():
                upsert = self.pages.store(page)
                cursor.rejected += len(upsert.rejected)
                cursor.page = page.number
                self.repo.save_checkpoint(
                    self.entity, status="running", last_cursor=cursor.to_json()
                )
            self.pages.progress("all", page)
            self.ctx.check_stop()
        return read

    def _relist(self) -> set[Any]:
        """List every page once more, storing it; the ids it showed."""
        seen: set[Any] = set()
        for page in self.client.iter_pages(self.entity, {}):
            with self.repo.transaction():
                seen.update(self.pages.store(page).ids)
            self.ctx.check_stop()
        return seen

    def _confirm_missing(self, cursor: PassCursor, *, verify: bool) -> None:
        """Stored live records the listing did not show: GET each (404 = gone).

        A listing paged by offset shifts when a record on a page already read
        is deleted: the next unread one slides onto it, unseen. Two cases list
        the catalogue once more and compare ids with that second listing: a
        first backup over several pages (``verify``: nothing stored yet could
        reveal the shift), and any run where a record the listing did not show
        is still live (GET 200: the listing did shift, so a record edited
        before the run may have slid past it too).
        """
        if verify:
            candidates = self._unseen_in_second_listing()
        else:
            began = datetime.fromisoformat(cursor.started_at)
            candidates = self.repo.live_ids_fetched_before(self.entity, began)
        gone = confirm_gone(self.ctx, self.entity, candidates) if candidates else []
        if not verify and len(gone) < len(candidates):
            logger.info(
                f"{self.entity}: {len(candidates) - len(gone)} record(s) the listing "
                "did not show still exist in QBench (GET 200): it shifted; listing "
                "it once more"
            )
            candidates = self._unseen_in_second_listing()
            gone = confirm_gone(self.ctx, self.entity, candidates) if candidates else []
        with self.repo.transaction():
            self.result.deleted += self.repo.mark_deleted(
                self.entity, gone, self.ctx.clock()
            )
            self.ctx.save_pass_end(
                self.result,
                cursor.rejected,
                lambda: self.ctx.clock().replace(tzinfo=None),
            )

    def _unseen_in_second_listing(self) -> set[Any]:
        """The stored live records a second listing does not show."""
        logger.info(f"{self.entity}: comparing ids with a second listing")
        seen = self._relist()
        return self.repo.live_ids(self.entity) - seen
