"""Deletions no listing shows: counts first, then a paged id comparison, then GETs.

QBench does not document whether a soft delete moves ``last_updated``, and v2
records carry no deleted flag, so a change-filtered listing cannot promise to
show every deletion. What it does offer cheaply is ``total_count``: one
request with ``page_size=1`` tells how many live records QBench holds. When
that equals our live count after a pass, nothing was missed (creations and
edits come through the ``last_updated`` listing). When it differs we look
closer, from cheap to thorough:

1. the deleted-only listing, where the entity has one (deleted ids are few);
2. every page of the live listing, ids ascending: stored rows it does not list
   are candidates;
3. each candidate is confirmed with a single GET — QBench answers 404 for a
   record it no longer has (soft-deleted ones included) — before it is marked
   deleted, so a listing that shifted while it was paged never deletes a live
   record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from loguru import logger

from app.qbench import Page
from app.sync.context import SyncContext

LIVE_ORDER = {"sort_by": "id", "sort_order": "ASC"}


def confirm_gone(ctx: SyncContext, entity: str, ids: Iterable[int]) -> list[int]:
    """The ids among ``ids`` that QBench answers 404 for (one GET each)."""
    gone = []
    for qbench_id in sorted(set(ids)):
        if ctx.client.find_one(entity, qbench_id) is None:
            gone.append(qbench_id)
        ctx.check_stop()
    return gone


class CountCheck:
    """Compares QBench's live count with ours and repairs what differs.

    ``store_page`` upserts one page of the live listing (rows it lists are live);
    ``deleted_listing`` is the params of the deleted-only listing, or None where
    the entity has none. Counts are returned as (QBench's, ours) for logging.
    """

    def __init__(
        self,
        ctx: SyncContext,
        entity: str,
        *,
        store_page: Callable[[Page], Iterable[int]],
        deleted_listing: dict | None = None,
        live_params: dict | None = None,
    ) -> None:
        self.ctx, self.entity = ctx, entity
        self.store_page = store_page
        self.deleted_listing = deleted_listing
        self.live_params = dict(LIVE_ORDER if live_params is None else live_params)
        self.marked = 0

    def counts(self) -> tuple[int | None, int]:
        theirs = self.ctx.client.count(self.entity, self._count_params())
        return theirs, self.ctx.repo.count(self.entity)

    def _count_params(self) -> dict:
        return {k: v for k, v in self.live_params.items() if k not in LIVE_ORDER}

    def run(self) -> bool:
        """Reconcile if the counts differ; True when they agree at the end."""
        theirs, ours = self.counts()
        if theirs is None or theirs == ours:
            return True
        logger.warning(
            f"{self.entity}: QBench lists {theirs} live record(s), the copy has "
            f"{ours}; looking for what the change listing did not show"
        )
        if self.deleted_listing is not None and ours > theirs:
            self._mark_deleted_only()
            theirs, ours = self.counts()
            if theirs is None or theirs == ours:
                return True
        self._compare_ids()
        theirs, ours = self.counts()
        if theirs is not None and theirs != ours:
            logger.warning(
                f"{self.entity}: still {theirs} live in QBench and {ours} here after "
                "comparing ids; records changed during the run (the next run "
                "checks again)"
            )
        return theirs == ours

    def _mark_deleted_only(self) -> None:
        ids: list[int] = []
        for page in self.ctx.client.iter_pages(self.entity, self.deleted_listing):
            with self.ctx.repo.transaction():
                upsert = self.ctx.repo.upsert_page(
                    self.entity,
                    page.rows,
                    self.ctx.clock(),
                    run_id=self.ctx.run_id,
                    revive=False,
                )
                ids.extend(upsert.ids)
                self.marked += self.ctx.repo.mark_deleted(
                    self.entity, upsert.ids, self.ctx.clock()
                )
            self.ctx.check_stop()

    def _compare_ids(self) -> None:
        seen: set[int] = set()
        page: Page
        for page in self.ctx.client.iter_pages(self.entity, self.live_params):
            seen.update(self.store_page(page))
            self.ctx.check_stop()
        candidates = self.ctx.repo.live_ids(self.entity) - seen
        if not candidates:
            return
        gone = confirm_gone(self.ctx, self.entity, candidates)
        kept = len(candidates) - len(gone)
        if kept:
            logger.info(
                f"{self.entity}: {kept} record(s) missing from a shifting listing "
                "still exist in QBench (GET 200); kept live"
            )
        self.marked += self.ctx.repo.mark_deleted(self.entity, gone, self.ctx.clock())
