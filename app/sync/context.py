"""What every pass of one run shares: client, repository, callbacks, run state."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from app.errors import Cancelled
from app.qbench import Page, QBenchClient
from app.storage.files import FileStore
from app.storage.repository import Repository
from app.sync.report import EntityResult, ProgressCallback, SyncEvent, SyncProgress
from app.sync.watermark import newest_offset

LAB_CLOCK = "_lab_clock"  # checkpoint row holding the learned UTC offset
PENDING = "_reports_pending"  # parents changed since the last reports pass
REPORT_PARENTS = ("orders", "samples", "tests")


# The user asked to stop: raised between pages (after a commit) or out of a
# rate-limit or retry wait (``app.cancel.CancelToken.sleep``).
SyncCancelled = Cancelled


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class SyncContext:
    """Collaborators and shared state of one sync run."""

    client: QBenchClient
    repo: Repository
    run_id: str
    lookback_seconds: int = 15 * 60
    on_progress: ProgressCallback | None = None
    should_stop: Callable[[], bool] = lambda: False
    clock: Callable[[], datetime] = utc_now
    offset: int | None = None  # the lab's UTC offset, learned from tests
    offset_at: int | None = None  # unix time of the record it was learned from
    track_report_parents: bool = False  # reports were synced before: note parents
    # parent entity -> the children/worksheet entities that want its changed ids
    # (those already backed up once or part-way: their next pass reads only them)
    tracking: dict[str, list[str]] = field(default_factory=dict)
    # Where report PDFs go (app.sync.documents); None: documents are not fetched
    files: FileStore | None = None

    def emit(self, event: SyncEvent) -> None:
        """Tell the progress callback (if any)."""
        if self.on_progress is not None:
            self.on_progress(event)

    def page_done(
        self,
        result: EntityResult,
        phase: str,
        page: Page,
        pages_done: int,
        *,
        walked: bool = True,
    ) -> None:
        """One page of ``result.entity`` is stored (``walked``: its listing is
        read to the end, so its ``total_pages`` says how many are left)."""
        if self.on_progress is None:
            return
        self.on_progress(
            SyncProgress(
                result.entity,
                phase,
                pages_done,
                page.total_pages if walked else None,
                result.fetched,
                page=page.number,
                mode=result.mode,
                inserted=result.inserted,
                updated=result.updated,
                deleted=result.deleted,
                total_count=page.total_count if walked else None,
                requests=self.client.requests_made,
            )
        )

    def check_stop(self) -> None:
        if self.should_stop():
            raise SyncCancelled()

    def save_pass_end(
        self,
        result: EntityResult,
        rejected: int,
        synced_at: Callable[[], datetime | None],
    ) -> None:
        """The end of ``result.entity``'s pass (call inside its last transaction):
        failed when ``rejected`` records could not be read (the cursor is cleared
        and the mark stays, so the next run fetches them again), else success
        with the mark ``synced_at()`` (naive UTC; None: no mark)."""
        if rejected:
            message = (
                f"{rejected} record(s) could not be read and are kept in "
                "rejected_records; the next run fetches them again"
            )
            result.status, result.error = "failed", message
            self.repo.save_checkpoint(
                result.entity, status="failed", last_cursor="", message=message
            )
            return
        self.repo.save_checkpoint(
            result.entity,
            status="success",
            last_synced_at=synced_at(),
            last_cursor="",
            message=None,
        )
        result.status = "success"

    def load_offset(self) -> None:
        checkpoint = self.repo.get_checkpoint(LAB_CLOCK)
        if checkpoint and checkpoint.last_cursor:
            saved = json.loads(checkpoint.last_cursor)
            self.offset, self.offset_at = saved.get("offset"), saved.get("at")

    def learn_offset(self, records: Iterable[Any]) -> None:
        """Keep the offset of the newest record seen so far (call inside the
        page transaction): an older record may predate a daylight-saving change."""
        found = newest_offset(records)
        if found is None or (self.offset_at is not None and found[1] < self.offset_at):
            return
        offset, at = found
        if (offset, at) != (self.offset, self.offset_at):
            self.offset, self.offset_at = offset, at
            payload: dict[str, Any] = {"offset": offset, "at": at}
            self.repo.save_checkpoint(
                LAB_CLOCK, status="success", last_cursor=json.dumps(payload)
            )

    def pending_parents(self) -> dict[str, list[int]]:
        """Orders, samples and tests changed since the reports were last read."""
        checkpoint = self.repo.get_checkpoint(PENDING)
        if checkpoint and checkpoint.last_cursor:
            return dict(json.loads(checkpoint.last_cursor))
        return {}

    def add_pending_parents(self, entity: str, ids: set[int]) -> None:
        """Remember changed parents durably, so a crash before reports loses none."""
        if entity not in REPORT_PARENTS or not ids:
            return
        pending = self.pending_parents()
        pending[entity] = sorted(set(pending.get(entity, ())) | ids)
        self.repo.save_checkpoint(
            PENDING, status="pending", last_cursor=json.dumps(pending)
        )

    def clear_pending_parents(self) -> None:
        self.repo.reset_checkpoint(PENDING)

    def note_changed(self, entity: str, ids: Iterable[int]) -> None:
        """Records of ``entity`` a pass found new or changed (call inside its page
        transaction): remembered for the reports pass and for the children and
        worksheets that follow ``entity``."""
        changed = set(ids)
        if not changed:
            return
        if self.track_report_parents:
            self.add_pending_parents(entity, changed)
        for child in self.tracking.get(entity, ()):
            self.add_child_pending(child, changed)

    def child_pending(self, child: str) -> set[int]:
        """Parents of ``child`` (e.g. orders of order_comments) changed since its
        last pass, saved durably so a crash loses none."""
        checkpoint = self.repo.get_checkpoint(_pending_key(child))
        if checkpoint and checkpoint.last_cursor:
            return set(json.loads(checkpoint.last_cursor))
        return set()

    def add_child_pending(self, child: str, ids: Iterable[int]) -> None:
        self._save_child_pending(child, self.child_pending(child) | set(ids))

    def drop_child_pending(self, child: str, ids: Iterable[int]) -> None:
        """Parents whose children are read (inside that read's transaction)."""
        left = self.child_pending(child) - set(ids)
        if left:
            self._save_child_pending(child, left)
        else:
            self.repo.reset_checkpoint(_pending_key(child))

    def _save_child_pending(self, child: str, ids: set[int]) -> None:
        self.repo.save_checkpoint(
            _pending_key(child), status="pending", last_cursor=json.dumps(sorted(ids))
        )


def _pending_key(child: str) -> str:
    """The checkpoint row holding ``child``'s changed parents."""
    return f"_pending_{child}"
