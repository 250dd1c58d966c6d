"""Storing one listed page of any entity and counting it in its EntityResult."""

from __future__ import annotations

from typing import Any

from loguru import logger

from app.qbench import Page
from app.storage.repository import UpsertResult
from app.sync.context import SyncContext
from app.sync.drift import DriftLog
from app.sync.report import EntityResult


class PageStore:
    """Upserts the pages of one entity's pass (call inside a transaction) and
    keeps its counts: fetched, inserted, updated (changed in content), rejected."""

    def __init__(self, ctx: SyncContext, entity: str, result: EntityResult) -> None:
        self.ctx, self.entity, self.result = ctx, entity, result
        self.drift = DriftLog(entity)
        self.pages_done = 0

    def store(self, page: Page, *, revive: bool = True, **upsert: Any) -> UpsertResult:
        """Upsert ``page``'s rows (``revive``: they are live); ``upsert`` goes on
        to ``Repository.upsert_page`` (``fixed``: the parent of a child listing,
        which its records do not name)."""
        rows = page.rows
        self.drift.observe(rows)
        done = self.ctx.repo.upsert_page(
            self.entity,
            rows,
            self.ctx.clock(),
            run_id=self.ctx.run_id,
            revive=revive,
            **upsert,
        )
        return self.count(done, len(rows))

    def store_document(self, parent_id: int, document: Any) -> UpsertResult:
        """Store one document keyed by its parent's id (a worksheet)."""
        self.drift.observe([document])
        done = self.ctx.repo.upsert_documents(
            self.entity, {parent_id: document}, self.ctx.clock(), run_id=self.ctx.run_id
        )
        return self.count(done, 1)

    def count(self, done: UpsertResult, fetched: int) -> UpsertResult:
        """Add a stored page's figures to the entity's result."""
        self.drift.save(self.ctx.repo, self.ctx.run_id)
        self.result.fetched += fetched
        self.result.inserted += done.inserted
        self.result.updated += len(set(done.changed)) - done.inserted
        self.result.rejected += len(done.rejected)
        for _record, error in done.rejected:
            logger.error(
                f"{self.entity}: a record could not be read ({error}); "
                "it is kept in rejected_records"
            )
        return done

    def progress(self, phase: str, page: Page, *, walked: bool = True) -> None:
        """One page is committed: tell the progress callback."""
        self.pages_done += 1
        self.ctx.page_done(self.result, phase, page, self.pages_done, walked=walked)
