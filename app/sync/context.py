"""What every pass of one run shares: client, repository, callbacks, run state."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.errors import Cancelled
from app.qbench import Page, QBenchClient
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
