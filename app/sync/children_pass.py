"""Children listed under each record of a parent: ``/orders/{order_id}/comments``.

QBench's v2 document serves order comments only per order (``page_num``,
``page_size``, ``ids``; no change filter), and their records do not name their
order: the pass stores each with the order it was listed under.

- First backup (or ``full``): every live order's comments, one request per order
  (more pages when an order has more than 50). This is the dominant first-backup
  cost of the entity and is in the plan's estimate.
- Afterwards: only the orders the orders pass saw new or changed since the last
  comments pass (``SyncContext.note_changed``, saved durably with each orders
  page), plus the orders now deleted, whose comments are marked deleted without
  a request. Whether adding a comment stamps its order's ``last_updated`` is not
  documented by QBench, so each incremental run also re-reads the children of
  the next ``ceil(live parents / SWEEP_RUNS)`` parents of a rolling sweep (by
  ascending id, wrapping; one request per 50 orders): a comment no stamp
  announced arrives within ``SWEEP_RUNS`` runs. A ``full`` run re-reads them all.
- A comment stored live that a complete listing of its order no longer shows is
  marked deleted (comments have no single GET to confirm with; the listing of
  one order is complete when its last page is read). A 404 on an order's listing
  is confirmed with a GET of the order: gone, its comments are marked deleted;
  still there, the list itself is missing (the entity is skipped).

Resumable: the orders are read in ascending id order and each order's pages are
committed together with the cursor (the last order done) and the removal of that
order from the pending set, so a killed run resumes with the next order.
"""

from __future__ import annotations

import math

from loguru import logger

from app.entities import ENTITIES, EntityDef
from app.qbench.errors import EndpointMissing
from app.sync.context import SyncContext
from app.sync.cursor import CURSOR_LAYOUT, PassCursor
from app.sync.pages import PageStore
from app.sync.report import EntityResult

SWEEP_RUNS = 50  # every parent's children are re-read within this many runs


def sweep_key(entity: str) -> str:
    """The checkpoint row of ``entity``'s rolling sweep: the last parent read."""
    return f"_{entity}_sweep"


def parent_column(defn: EntityDef) -> str:
    """The column of ``defn`` holding its ``per`` parent's id (``order_id``)."""
    return next(p.column for p in defn.parents if p.entity == defn.per)


class ChildrenPass:
    """Reads the children of new, changed (or, first, all) parents."""

    def __init__(self, ctx: SyncContext, entity: str, result: EntityResult) -> None:
        self.ctx, self.entity, self.result = ctx, entity, result
        self.repo, self.client = ctx.repo, ctx.client
        self.defn = ENTITIES[entity]
        self.parent = self.defn.per or ""
        self.column = parent_column(self.defn)
        self.pages = PageStore(ctx, entity, result)

    def run(self, full: bool) -> None:
        checkpoint = self.repo.get_checkpoint(self.entity)
        cursor = PassCursor.from_json(checkpoint.last_cursor if checkpoint else None)
        never = checkpoint is None or checkpoint.last_synced_at is None
        if cursor is None or cursor.layout != CURSOR_LAYOUT:
            mode = "full" if full or never else "incremental"
            cursor = PassCursor(mode, "all", self.ctx.clock().isoformat())
        else:
            logger.info(f"{self.entity}: resuming after {self.parent} {cursor.mark}")
        self.result.mode = cursor.mode
        read = self.parents(cursor)
        for parent_id in read:
            self._read(cursor, parent_id)
            self.ctx.check_stop()
        if cursor.mode == "incremental" and self.defn.sync == "children":
            self._sweep(cursor, set(read))  # (worksheets: one per test, too dear)
        self._follow_deleted_parents()
        with self.repo.transaction():
            self.ctx.drop_child_pending(
                self.entity, self.ctx.child_pending(self.entity)
            )
            self.repo.save_checkpoint(
                self.entity,
                status="success",
                last_synced_at=self.ctx.clock().replace(tzinfo=None),
                last_cursor="",
                message=None,
            )
        self.result.status = "success"

    def parents(self, cursor: PassCursor) -> list[int]:
        """The parents whose children this pass reads, ascending: all live ones
        (full) past the cursor, and every pending one (changed since the last
        pass, or while a full pass was interrupted)."""
        todo = self.ctx.child_pending(self.entity)
        if cursor.mode == "full":
            done = cursor.mark or 0
            todo |= {i for i in self.repo.live_ids(self.parent) if i > done}
        return sorted(todo)

    def sweep_parents(self, already: set[int]) -> list[int]:
        """The next ``ceil(live parents / SWEEP_RUNS)`` live parents after the
        sweep's last one, ascending, wrapping to the lowest ids; those in
        ``already`` (read this run) are passed over."""
        live = sorted(self.repo.live_ids(self.parent) - already)
        if not live:
            return []
        size = math.ceil((len(live) + len(already)) / SWEEP_RUNS)
        saved = self.repo.get_checkpoint(sweep_key(self.entity))
        after = int(saved.last_cursor) if saved and saved.last_cursor else 0
        ahead = [i for i in live if i > after]
        return (ahead + [i for i in live if i <= after])[: min(size, len(live))]

    def _sweep(self, cursor: PassCursor, already: set[int]) -> None:
        """Re-read the children of the sweep's next parents (module docstring)."""
        for parent_id in self.sweep_parents(already):
            self._read(cursor, parent_id)
            with self.repo.transaction():
                self.repo.save_checkpoint(
                    sweep_key(self.entity),
                    status="success",
                    last_cursor=str(parent_id),
                )
            self.ctx.check_stop()

    def _read(self, cursor: PassCursor, parent_id: int) -> None:
        """Every page of one parent's children; then those it no longer lists
        are marked deleted."""
        seen: set[int] = set()
        path_ids = {self.column: parent_id}
        pages = self.client.iter_pages(self.entity, {}, path_ids=path_ids)
        try:
            for page in pages:
                with self.repo.transaction():
                    upsert = self.pages.store(page, fixed={self.column: parent_id})
                    seen.update(upsert.ids)
                    if page.is_last:
                        self._finish_parent(cursor, parent_id, seen)
                self.pages.progress("all", page, walked=False)
        except EndpointMissing:
            if self.client.find_one(self.parent, parent_id) is not None:
                raise  # the parent is there: the list itself is missing
            logger.info(f"{self.entity}: {self.parent} {parent_id} is gone (404)")
            with self.repo.transaction():
                self._finish_parent(cursor, parent_id, set())

    def _finish_parent(self, cursor: PassCursor, parent_id: int, seen: set) -> None:
        """Inside the last page's transaction: children not listed are deleted,
        the parent leaves the pending set and the cursor moves past it."""
        stored = self.repo.live_ids(self.entity, **{self.column: [parent_id]})
        self.result.deleted += self.repo.mark_deleted(
            self.entity, stored - seen, self.ctx.clock()
        )
        self.ctx.drop_child_pending(self.entity, [parent_id])
        if cursor.mode == "full":
            cursor.mark = max(cursor.mark or 0, parent_id)
        self.repo.save_checkpoint(
            self.entity, status="running", last_cursor=cursor.to_json()
        )

    def _follow_deleted_parents(self) -> None:
        """Children of parents the backup now holds as deleted are deleted too
        (no request: QBench no longer lists a deleted order's comments)."""
        ids = self.repo.live_ids(self.entity)
        parents = self.repo.column_values(self.entity, ids, self.column)
        orphaned = parents - self.repo.live_ids(self.parent, qbench_id=parents)
        deleted = [p for p in sorted(orphaned) if self.repo.get(self.parent, p)]
        if not deleted:
            return
        with self.repo.transaction():
            gone = self.repo.live_ids(self.entity, **{self.column: deleted})
            self.result.deleted += self.repo.mark_deleted(
                self.entity, gone, self.ctx.clock()
            )
