"""The sync lock: a probe of it never makes a sync fail (CI saw a window's
status probe turn a real sync into "another sync holds the lock")."""

from __future__ import annotations

import threading

import pytest
from filelock import FileLock

from app.errors import SyncLockedError
from app.locking import file_lock_held
from app.sync import lock as sync_lock_module
from app.sync.lock import is_sync_running, sync_lock


def test_syncs_started_while_the_lock_is_probed_all_run(tmp_path):
    path = tmp_path / "sync.lock"
    stop = threading.Event()
    probes = 0

    def probe_forever() -> None:
        nonlocal probes
        while not stop.is_set():
            file_lock_held(path)
            probes += 1

    prober = threading.Thread(target=probe_forever)
    prober.start()
    try:
        for _ in range(200):
            with sync_lock(path):
                pass
    finally:
        stop.set()
        prober.join()
    assert probes > 0


def test_a_lock_held_by_another_holder_still_refuses(tmp_path, monkeypatch):
    monkeypatch.setattr(sync_lock_module, "PROBE_PATIENCE", 0.1)
    path = tmp_path / "sync.lock"
    other = FileLock(str(path), thread_local=False)
    other.acquire()
    try:
        assert is_sync_running(path)
        with pytest.raises(SyncLockedError, match="holds the lock"), sync_lock(path):
            pass
    finally:
        other.release()
    assert not is_sync_running(path)
    with sync_lock(path):
        assert is_sync_running(path)


def test_a_second_sync_in_this_process_is_refused_at_once(tmp_path):
    path = tmp_path / "sync.lock"
    with (
        sync_lock(path),
        pytest.raises(SyncLockedError, match="this process"),
        sync_lock(path),
    ):
        pass
