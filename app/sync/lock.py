"""The one sync lock, shared by the window, the scheduled ``--sync`` and the REST API.

An OS-level file lock in the data folder (released by the OS if a process dies),
plus a process-local lock so two threads of one process cannot both sync.
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


@contextmanager
def sync_lock(path: Path) -> Iterator[None]:
    """Hold the sync lock for the block, or raise SyncLockedError at once."""
    if not _THREAD_LOCK.acquire(blocking=False):
        raise SyncLockedError("another sync is running in this process")
    try:
        lock = FileLock(str(path), thread_local=False)
        try:
            lock.acquire(timeout=0)
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
