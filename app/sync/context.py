"""What every pass of one run shares: client, repository, callbacks, run state."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from app.qbench import QBenchClient
from app.storage.repository import Repository
from app.sync.report import ProgressCallback, SyncProgress

LAB_CLOCK = "_lab_clock"  # checkpoint row holding the learned UTC offset
PENDING = "_reports_pending"  # parents changed since the last reports pass
REPORT_PARENTS = ("orders", "samples", "tests")


class SyncCancelled(Exception):
    """The user asked to stop; raised between pages, after a commit."""


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
    track_report_parents: bool = False  # reports were synced before: note parents

    def progress(
        self, entity: str, phase: str, done: int, total: int | None, records: int
    ) -> None:
        if self.on_progress is not None:
            self.on_progress(SyncProgress(entity, phase, done, total, records))

    def check_stop(self) -> None:
        if self.should_stop():
            raise SyncCancelled()

    def load_offset(self) -> None:
        checkpoint = self.repo.get_checkpoint(LAB_CLOCK)
        if checkpoint and checkpoint.last_cursor:
            self.offset = json.loads(checkpoint.last_cursor).get("offset")

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

    def save_offset(self, offset: int) -> None:
        """Remember the lab's offset (call inside the page transaction)."""
        if offset != self.offset:
            self.offset = offset
            payload: dict[str, Any] = {"offset": offset}
            self.repo.save_checkpoint(
                LAB_CLOCK, status="success", last_cursor=json.dumps(payload)
            )
