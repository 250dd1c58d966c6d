"""Probe an OS file lock without keeping it (a leaf shared by sync and the REST API)."""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout


def file_lock_held(path: Path) -> bool:
    """True when some process holds the file lock at ``path`` right now."""
    lock = FileLock(str(path), thread_local=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    except OSError:  # cannot even open it (read-only folder): a sync says why
        return False
    lock.release()
    return False
