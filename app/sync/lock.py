"""The one sync lock, shared by the window, the scheduled ``--sync`` and the REST API.

An OS-level file lock in the data folder (released by the OS if a process dies),
plus a process-local lock so two threads of one process cannot both sync.

Probing the lock (``is_sync_running``, used by the window's poll and the REST
status) takes it for an instant; a sync starting in that instant waits up to
``PROBE_PATIENCE`` seconds for the probe to let go instead of failing as if
another sync held it.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from app.errors import FolderNotWritable, SyncLockedError
from app.locking import file_lock_held

_THREAD_LOCK = threading.Lock()
PROBE_PATIENCE = 2.0  # seconds; a probe holds the lock for microseconds


@contextmanager
def sync_lock(path: Path) -> Iterator[None]:
    """Hold the sync lock for the block.

    Raises ``SyncLockedError`` at once when another thread of this process
    syncs, or after ``PROBE_PATIENCE`` seconds when another process holds the
    file lock; ``FolderNotWritable`` when the lock file cannot be opened."""
    if not _THREAD_LOCK.acquire(blocking=False):
        raise SyncLockedError("another sync is running in this process")
    try:
        lock = FileLock(str(path), thread_local=False)
        try:
            lock.acquire(timeout=PROBE_PATIENCE, poll_interval=0.02)
        except Timeout:
            raise SyncLockedError(f"another sync holds the lock {path}") from None
        except OSError as exc:  # the folder is read-only, or not ours
            raise FolderNotWritable(
                path.parent, exc, what="the data folder (sync lock)"
            ) from None
        try:
            yield
        finally:
            lock.release()
    finally:
        _THREAD_LOCK.release()


def is_sync_running(path: Path) -> bool:
    """True when some process (or thread here) holds the sync lock."""
    return _THREAD_LOCK.locked() or file_lock_held(path)
