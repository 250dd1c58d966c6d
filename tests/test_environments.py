"""Environments that bite: a read-only data folder, relative and missing-folder
SQLite URLs (issue 10, point 5). The CLI runs as a subprocess."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import uuid

import pytest

from app import paths, services
from app.config import Settings
from app.errors import DatabaseUnavailable, FolderNotWritable
from app.run_state import fallback_status_file, read_status_file
from app.storage.db import open_database
from app.storage.repository import Repository
from tests.readonly import read_only


def _env(home, sim, **extra):
    env = {
        **os.environ,
        "QBENCH_BACKUP_HOME": str(home),
        "QBENCH_BASE_URL": sim.base_url,
        "QBENCH_CLIENT_ID": sim.client_id,
        "QBENCH_CLIENT_SECRET": sim.client_secret,
    }
    env.update(extra)
    return env


def _sync(home, sim, *args, cwd=None, **extra):
    return subprocess.run(
        [sys.executable, "-m", "app", "--sync", "--json", *args],
        env=_env(home, sim, **extra),
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def test_read_only_data_folder_names_the_folder_and_exits_2(tmp_path, sim):
    home = tmp_path / "home"
    data = home / "data"
    with read_only(data):
        result = _sync(home, sim)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert str(data) in line and "read-only file system" in line
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["exit_code"] == 2 and str(data) in summary["error"]
    assert "solo lectura" in summary["user_message"]
    assert str(data) in summary["user_message"]


def test_read_only_data_folder_with_an_existing_backup_exits_2(
    tmp_path, sim, monkeypatch
):
    """The failure is seen although the data folder refuses the status file:
    it goes to the fallback in the temporary folder (fresh-user trial: the
    window and /sync/status stayed green), and the next run that can write
    records it in ingestion_runs."""
    home = tmp_path / "home"
    monkeypatch.setenv("QBENCH_BACKUP_HOME", str(home))
    assert _sync(home, sim).returncode == 0
    data = home / "data"
    url = services.database_url(Settings())
    with read_only(data):
        result = _sync(home, sim)
        assert result.returncode == 2, result.stderr
        assert str(data) in result.stderr and "Traceback" not in result.stderr
        run_id = json.loads(result.stdout.strip().splitlines()[-1])["run_id"]
        outcome = read_status_file()
        assert outcome is not None and outcome.run_id == run_id
        assert outcome.status == "failed"
        assert fallback_status_file().exists()
        state = services.last_backup(url)
        assert state.state == "failed" and "solo lectura" in state.reason
    assert _sync(home, sim).returncode == 0
    assert not fallback_status_file().exists()  # carried over, then removed
    db = open_database(url)
    try:
        runs = {r.run_id: r.status for r in Repository(db).recent_runs(100)}
    finally:
        db.close()
    assert runs[run_id] == "failed"


def test_a_folder_without_write_permission_is_named_with_the_permission():
    cause = PermissionError(errno.EACCES, "Permission denied")
    error = FolderNotWritable("/srv/qb", cause, what="the data folder")
    assert error.exit_code == 2
    assert "/srv/qb" in str(error) and "write permission" in str(error)
    assert "permiso de escritura" in error.user_message


def test_require_writable_tries_for_real(tmp_path):
    assert paths.require_writable(tmp_path) == tmp_path
    assert list(tmp_path.iterdir()) == []  # the probe file is gone
    folder = tmp_path / "ro"
    with read_only(folder), pytest.raises(FolderNotWritable) as info:
        paths.require_writable(folder)
    assert str(tmp_path / "ro") in str(info.value)


def test_relative_sqlite_url_lands_in_the_data_folder(tmp_path, sim):
    home, cwd = tmp_path / "home", tmp_path / "cwd"
    cwd.mkdir()
    name = f"rel-{uuid.uuid4().hex[:8]}.db"
    result = _sync(home, sim, "--db-url", f"sqlite:///{name}", cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert (home / "data" / name).exists()
    assert not (cwd / name).exists()
    assert not os.path.exists(f"/{name}")


def test_relative_sqlite_url_in_the_settings_file_too(tmp_path, sim):
    home, name = tmp_path / "home", f"rel-{uuid.uuid4().hex[:8]}.db"
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.json").write_text(
        json.dumps({"db_url": f"sqlite:///{name}"}), encoding="utf-8"
    )
    result = _sync(home, sim, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (home / "data" / name).exists()
    assert not os.path.exists(f"/{name}")


def test_relative_url_resolves_against_the_data_folder():
    settings = Settings(db_url="sqlite:///nested/x.db")
    url = services.database_url(settings)
    assert url == f"sqlite:///{paths.data_dir() / 'nested' / 'x.db'}"
    absolute = "sqlite:////srv/qb/x.db"
    assert services.database_url(Settings(db_url=absolute)) == absolute


def test_sqlite_url_into_a_missing_folder_is_refused_not_created(tmp_path, sim):
    missing = tmp_path / "no" / "such" / "folder"
    url = f"sqlite:///{missing / 'backup.db'}"
    result = _sync(tmp_path / "home", sim, "--db-url", url)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert str(missing) in line and "does not exist" in line
    assert not (tmp_path / "no").exists()
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert "no existe" in summary["user_message"]


def test_open_database_refuses_a_relative_path_it_was_not_given_resolved():
    with pytest.raises(DatabaseUnavailable) as info:
        open_database("sqlite:///relative.db")
    assert "relative" in str(info.value)
    assert not os.path.exists("relative.db")


def test_sqlite_file_in_a_read_only_folder_is_refused_with_the_folder(tmp_path):
    folder = tmp_path / "ro"
    with read_only(folder), pytest.raises(FolderNotWritable) as info:
        open_database(f"sqlite:///{folder / 'x.db'}")
    assert str(folder) in str(info.value)


def test_a_sqlite_url_without_a_file_says_so(tmp_path, sim):
    result = _sync(tmp_path / "home", sim, "--db-url", "sqlite:///")
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "'db_url'" in line and "sqlite:///path" in line and "relative" not in line
    with pytest.raises(DatabaseUnavailable, match="names no file") as info:
        open_database("sqlite:///")
    assert "no indica ningún archivo" in info.value.user_message
