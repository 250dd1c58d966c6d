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
it live. A shifting listing therefore never marks a live record deleted.

Cost: every page each run (ceil(n / 50) requests) plus one GET per candidate;
catalogues are small (tens to hundreds of records: one to a few pages).

Each page is committed with the cursor (its page number and when the pass
began), but a run after an interruption lists the catalogue from page 1 again,
as a new pass: nothing tells what changed meanwhile on the pages read before
(an edit, or a deletion that shifts unread records onto them), and a catalogue
is a few pages.
"""

from __future__ import annotations

from datetime import datetime

from loguru import logger

from app.sync.context import SyncContext
from app.sync.cursor import CURSOR_LAYOUT, PassCursor
from app.sync.pages import PageStore
from app.sync.reconcile import gone_since
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
        self._list(cursor)
        self._confirm_missing(cursor)

    def _list(self, cursor: PassCursor) -> None:
        pages = self.client.iter_pages(self.entity, {}, start_page=cursor.page + 1)
        for page in pages:
            with self.repo.transaction():
                upsert = self.pages.store(page)
                cursor.rejected += len(upsert.rejected)
                cursor.page = page.number
                self.repo.save_checkpoint(
                    self.entity, status="running", last_cursor=cursor.to_json()
                )
            self.pages.progress("all", page)
            self.ctx.check_stop()

    def _confirm_missing(self, cursor: PassCursor) -> None:
        """Stored live records the listing did not show: GET each (404 = gone)."""
        began = datetime.fromisoformat(cursor.started_at)
        gone = gone_since(self.ctx, self.entity, began)
        with self.repo.transaction():
            self.result.deleted += self.repo.mark_deleted(
                self.entity, gone, self.ctx.clock()
            )
            self.ctx.save_pass_end(
                self.result,
                cursor.rejected,
                lambda: self.ctx.clock().replace(tzinfo=None),
            )
