"""Deletions no listing shows: counts first, then a paged id comparison, then GETs.

QBench does not document whether a soft delete moves ``last_updated``, and v2
records carry no deleted flag, so a change-filtered listing cannot promise to
show every deletion. What it does offer cheaply is ``total_count``: one
request with ``page_size=1`` tells how many live records QBench holds. When
that equals our live count after a pass, nothing was missed (creations and
edits come through the ``last_updated`` listing). When it differs we look
closer, from cheap to thorough, recounting after each step (``CountCheck``):
the change listing again (a record created while the run read the entity), the
deleted-only listing since the pass's lower bound and then all of it (deleted
ids are few), and last every page of the live listing, ids ascending, whose
missing ids are each confirmed with a single GET — QBench answers 404 for a
record it no longer has (soft-deleted ones included) — before they are marked
deleted, so a listing that shifted while it was paged never deletes a live
record.

Only the filters the official document declares for the entity's list are sent
(``app.entities``): a list without ``include_deleted`` (quotations) skips the
deleted-only listings and re-lists changes as live records; a list without
``sort_by`` is paged in QBench's own order (the GET confirmation covers a shift).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from loguru import logger

from app.entities import ENTITIES
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


def gone_since(ctx: SyncContext, entity: str, began: datetime) -> list[int]:
    """Stored live records no listing of the pass that ``began`` then showed,
    that QBench answers 404 for (one GET each); the others are kept live."""
    stale = ctx.repo.live_ids_fetched_before(entity, began)
    gone = confirm_gone(ctx, entity, stale) if stale else []
    if len(gone) < len(stale):
        logger.info(
            f"{entity}: {len(stale) - len(gone)} record(s) the listing did not "
            "show still exist in QBench (GET 200); kept live"
        )
    return gone


class CountCheck:
    """Compares QBench's live count with ours and repairs what differs.

    Escalates from cheap to thorough, recounting after each step, and stops as
    soon as the counts agree:

    - QBench has more: the change listing since ``since`` again (a record
      created while the run read the entity);
    - we have more: the deleted-only listing since ``since``, then all of it
      (a deletion no change listing showed);
    - still different: every page of the live listing, ids compared, missing
      ones confirmed by GET.

    ``store_live(page)`` upserts a page of a live listing (its rows are live) and
    ``store_listed(page)`` one of a listing that includes deleted rows; both
    return the ids stored. ``unreadable`` records QBench lists that could only be
    kept in ``rejected_records`` count as ours. ``since`` is the pass's
    ``last_updated`` lower bound (None: unknown, the cheap listings are skipped).
    """

    def __init__(
        self,
        ctx: SyncContext,
        entity: str,
        *,
        since: int | None,
        store_live: Callable[[Page], Iterable[int]],
        store_listed: Callable[[Page], Iterable[int]],
        unreadable: int = 0,
    ) -> None:
        self.ctx, self.entity, self.since = ctx, entity, since
        self.unreadable = unreadable  # live in QBench, kept in rejected_records
        self.store_live, self.store_listed = store_live, store_listed
        self.marked = 0
        known = ENTITIES.get(entity)
        self.has_deleted = known is None or known.include_deleted
        self.order = dict(LIVE_ORDER) if known is None or known.sortable else {}

    def counts(self) -> tuple[int | None, int]:
        """(QBench's live total_count, our live rows); QBench's may be None."""
        ours = self.ctx.repo.count(self.entity) + self.unreadable
        return self.ctx.client.count(self.entity), ours

    def run(self, *, verify: bool = False) -> bool:
        """Reconcile if the counts differ; True when they agree at the end.

        ``verify``: the pass just listed the entity whole, paged by offset, and
        QBench cannot list its deletions — when it spans several pages, its ids
        are compared once whatever the counts say: a record deleted on a page
        already read slides an unread one onto it, and one created meanwhile
        keeps the counts equal while the copy misses a live record.
        """
        theirs, ours = self.counts()
        if verify and (theirs is None or theirs > self.ctx.client.page_size):
            logger.info(f"{self.entity}: comparing ids with a second listing")
            self._compare_ids()
            theirs, ours = self.counts()
        if theirs is None or theirs == ours:
            return True
        # Where QBench cannot list deletions (quotations) a difference is how a
        # deletion is found, not news: no warning in a nightly job's mail.
        log = logger.warning if self.has_deleted else logger.info
        log(
            f"{self.entity}: QBench lists {theirs} live record(s), the copy has "
            f"{ours}; looking for what the change listing did not show"
        )
        for step in self._steps(theirs, ours):
            step()
            theirs, ours = self.counts()
            if theirs is None or theirs == ours:
                return True
        logger.warning(
            f"{self.entity}: still {theirs} live in QBench and {ours} here after "
            "comparing ids; records changed during the run (the next run checks "
            "again)"
        )
        return False

    def _steps(self, theirs: int, ours: int) -> list[Callable[[], None]]:
        steps: list[Callable[[], None]] = []
        if self.since is not None and (theirs > ours or self.has_deleted):
            steps.append(self._relist if theirs > ours else self._deleted_since)
        if theirs < ours and self.has_deleted:
            steps.append(self._deleted_all)
        steps.append(self._compare_ids)
        return steps

    def _relist(self) -> None:
        if not self.has_deleted:  # the change listing shows live records only
            params = dict(self.order, last_updated=self.since)
            self._page_through(params, self.store_live)
            return
        params = dict(self.order, include_deleted="TRUE", last_updated=self.since)
        self._page_through(params, self.store_listed)

    def _deleted_since(self) -> None:
        self._mark_deleted_only(last_updated=self.since)

    def _deleted_all(self) -> None:
        self._mark_deleted_only()

    def _mark_deleted_only(self, **filters: int | None) -> None:
        params = dict(self.order, include_deleted="DELETED_ONLY", **filters)
        ids: list[int] = []
        for page in self.ctx.client.iter_pages(self.entity, params):
            with self.ctx.repo.transaction():
                ids = list(self.store_listed(page))
                self.marked += self.ctx.repo.mark_deleted(
                    self.entity, ids, self.ctx.clock()
                )
            self.ctx.check_stop()

    def _page_through(
        self, params: dict, store: Callable[[Page], Iterable[int]]
    ) -> set[int]:
        seen: set[int] = set()
        for page in self.ctx.client.iter_pages(self.entity, params):
            seen.update(store(page))
            self.ctx.check_stop()
        return seen

    def _compare_ids(self) -> None:
        seen = self._page_through(dict(self.order), self.store_live)
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
