"""The content-addressed document store: atomic, deduplicated, verifiable."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import config
from app.errors import AppError
from app.storage import files as files_mod
from app.storage.files import FileStore, FileStoreError, SizeMismatchError


def _stored(root: Path) -> list[Path]:
    """Every file that counts as stored (under a hash name)."""
    return sorted(p for p in root.glob("??/*") if p.is_file())


def _parts(root: Path) -> list[Path]:
    return sorted((root / "tmp").glob("*"))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(chunks=st.lists(st.binary(max_size=3000), max_size=12))
def test_stored_bytes_and_hash_equal_the_input(tmp_path, chunks):
    root = tmp_path / f"store-{uuid.uuid4().hex}"
    store = FileStore(root)
    data = b"".join(chunks)
    stored = store.put(iter(chunks), expected_size=len(data))
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.size == len(data)
    assert store.path(stored.sha256).read_bytes() == data
    assert store.path(stored.sha256).parent.name == stored.sha256[:2]
    assert store.verify(stored.sha256, stored.size) == "ok"
    assert _parts(root) == []
    shutil.rmtree(root)


def test_identical_bytes_are_stored_once(tmp_path):
    store = FileStore(tmp_path)
    first = store.put([b"%PDF-1.4 ", b"same"], expected_size=None)
    second = store.put([b"%PDF-1.4 same"], expected_size=13)
    assert first == second
    assert _stored(tmp_path) == [store.path(first.sha256)]
    assert _parts(tmp_path) == []


def test_an_exception_mid_stream_leaves_nothing_stored(tmp_path):
    store = FileStore(tmp_path)

    def broken():
        yield b"a" * 10_000
        raise ConnectionResetError("peer reset the download")

    with pytest.raises(ConnectionResetError):
        store.put(broken(), expected_size=20_000)
    assert _stored(tmp_path) == []
    assert _parts(tmp_path) == []


def test_a_crash_leftover_part_never_counts_and_is_cleaned_on_first_write(tmp_path):
    data = b"half of a report"
    sha = hashlib.sha256(data).hexdigest()
    (tmp_path / "tmp").mkdir()
    leftover = tmp_path / "tmp" / f"{uuid.uuid4().hex}.part"
    leftover.write_bytes(data)  # as if killed before the rename
    store = FileStore(tmp_path)
    assert store.verify(sha, len(data)) == "missing"
    assert _stored(tmp_path) == []
    store.put([b"another"], expected_size=7)
    assert not leftover.exists()


def test_a_chosen_folder_is_never_created_and_nothing_is_touched_before_a_write(
    tmp_path,
):
    """An unmounted share must not fill the local disk unnoticed; and a run
    with no document to store does not depend on the folder (fresh trial: a
    read-only share stopped a customers-only run)."""
    absent = tmp_path / "nas" / "qbench-docs"
    store = FileStore(absent, create=False)  # no error yet: nothing written
    assert not absent.exists()
    with pytest.raises(FileStoreError) as caught:
        store.put([b"x"], expected_size=1)
    assert caught.value.kind == "missing_folder"
    assert str(absent) in caught.value.user_message
    assert not (tmp_path / "nas").exists()  # no parent made either
    default = FileStore(tmp_path / "data" / "files")  # the default: made
    default.put([b"x"], expected_size=1)
    assert (tmp_path / "data" / "files").is_dir()


def test_a_size_mismatch_is_refused_and_nothing_kept(tmp_path):
    store = FileStore(tmp_path)
    with pytest.raises(SizeMismatchError) as caught:
        store.put([b"12345"], expected_size=6)
    assert isinstance(caught.value, AppError)
    assert caught.value.expected == 6 and caught.value.received == 5
    assert "6" in str(caught.value) and "5" in str(caught.value)
    assert "tamaño" in caught.value.user_message
    assert _stored(tmp_path) == [] and _parts(tmp_path) == []


def test_verify_detects_a_flipped_byte_and_a_missing_file(tmp_path):
    store = FileStore(tmp_path)
    data = os.urandom(300_000)
    stored = store.put([data[:100_000], data[100_000:]], expected_size=len(data))
    path = store.path(stored.sha256)
    flipped = bytearray(data)
    flipped[123_456] ^= 0x01
    path.chmod(0o644)
    path.write_bytes(bytes(flipped))
    assert store.verify(stored.sha256, stored.size) == "corrupt"
    path.unlink()
    assert store.verify(stored.sha256, stored.size) == "missing"
    # storing the right bytes again repairs it
    store.put([data], expected_size=len(data))
    assert store.verify(stored.sha256, stored.size) == "ok"


def test_path_refuses_what_is_not_a_sha256(tmp_path):
    store = FileStore(tmp_path)
    with pytest.raises(ValueError):
        store.path("../../etc/passwd")


def test_disk_full_simulated_by_monkeypatching_fsync(tmp_path, monkeypatch):
    """ENOSPC raised by os.fsync (as a network share or a delayed-allocation
    file system reports it): a clear AppError, nothing partial kept."""
    store = FileStore(tmp_path)

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files_mod.os, "fsync", full)
    with pytest.raises(FileStoreError) as caught:
        store.put([b"x" * 1000], expected_size=1000)
    assert caught.value.kind == "disk_full"
    assert "lleno" in caught.value.user_message
    assert str(tmp_path) in caught.value.user_message
    assert _stored(tmp_path) == [] and _parts(tmp_path) == []


def _tiny_tmpfs() -> Path | None:
    if os.name != "posix" or shutil.which("mount") is None:
        return None
    where = Path(tempfile.mkdtemp(prefix="qb-tmpfs-"))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        where.rmdir()
        return None
    return where


def test_disk_full_on_a_real_tiny_tmpfs(tmp_path):
    """ENOSPC from a real 64 KiB tmpfs (needs permission to mount; skipped
    otherwise, the monkeypatched test above covers the same path)."""
    where = _tiny_tmpfs()
    if where is None:
        pytest.skip("cannot mount a tmpfs here")
    try:
        store = FileStore(where / "files")
        with pytest.raises(FileStoreError) as caught:
            store.put((b"y" * 16_384 for _ in range(16)), expected_size=None)
        assert caught.value.kind == "disk_full"
        assert _stored(where / "files") == [] and _parts(where / "files") == []
        small = store.put([b"fits"], expected_size=4)  # space was given back
        assert store.verify(small.sha256, 4) == "ok"
    finally:
        subprocess.run(["umount", str(where)], check=False)
        where.rmdir()


def test_a_read_only_folder_is_a_clear_error(tmp_path):
    """A folder the process cannot write: mode 0500 for a normal user; for
    root (who writes through modes, as CI runs) the store's folder remounted
    read-only — a real refusal either way, never skipped."""
    store = FileStore(tmp_path)
    if os.geteuid() != 0:
        (tmp_path / "tmp").chmod(0o500)
        try:
            with pytest.raises(FileStoreError) as caught:
                store.put([b"x"], expected_size=1)
            assert caught.value.kind == "not_writable"
        finally:
            (tmp_path / "tmp").chmod(0o700)
        return
    subprocess.run(["mount", "--bind", str(tmp_path), str(tmp_path)], check=True)
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(tmp_path)], check=True)
        with pytest.raises(FileStoreError) as caught:
            store.put([b"x"], expected_size=1)
        assert caught.value.kind == "not_writable"  # EROFS
        assert caught.value.user_message and str(tmp_path) in caught.value.user_message
    finally:
        subprocess.run(["umount", str(tmp_path)], check=False)


def test_files_dir_setting_env_and_default(tmp_path):
    from app import paths

    assert config.files_folder(config.Settings()) == paths.default_files_dir()
    assert paths.default_files_dir() == paths.data_dir() / "files"
    env = {"QBENCH_BACKUP_FILES_DIR": str(tmp_path / "docs")}
    resolved = config.resolve_settings({}, env, config.Settings())
    assert resolved.files_dir == str(tmp_path / "docs")
    assert config.files_folder(resolved) == tmp_path / "docs"
    assert "files_dir" in config.validate(config.Settings(files_dir="relative/docs"))
    assert "files_dir" not in config.validate(config.Settings(files_dir=str(tmp_path)))
    with pytest.raises(config.ConfigError) as caught:
        config.resolve_settings(
            {}, {"QBENCH_BACKUP_FILES_DIR": "docs"}, config.Settings()
        )
    assert "QBENCH_BACKUP_FILES_DIR" in str(caught.value)


def test_a_bad_files_dir_in_the_settings_file_names_the_field(tmp_path):
    path = tmp_path / "settings.json"
    path.write_text('{"files_dir": "not/absolute"}', encoding="utf-8")
    with pytest.raises(config.SettingsFileError) as caught:
        config.load_settings(path)
    assert "files_dir" in caught.value.problems
