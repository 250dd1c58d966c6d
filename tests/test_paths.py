"""Where files live: platformdirs, the QBENCH_BACKUP_HOME override, resources."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest

from app import paths

ROOT = Path(__file__).resolve().parents[1]


def test_home_override_puts_every_folder_under_one(app_home):
    assert paths.config_dir() == app_home / "config"
    assert paths.data_dir() == app_home / "data"
    assert paths.log_dir() == app_home / "logs"
    assert paths.cache_dir() == app_home / "cache"
    for folder in ("config", "data", "logs", "cache"):
        assert (app_home / folder).is_dir()


def test_files_sit_in_their_folders(app_home):
    assert paths.settings_file() == app_home / "config" / "settings.json"
    assert paths.default_sqlite_path() == app_home / "data" / "qbench-backup.sqlite3"
    assert paths.demo_sqlite_path().parent == app_home / "data"
    assert paths.demo_sqlite_path() != paths.default_sqlite_path()
    assert paths.lock_file().parent == app_home / "data"
    # Only folders are created, never the files themselves.
    assert not paths.settings_file().exists()
    assert not paths.default_sqlite_path().exists()


def test_relative_home_is_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(paths.HOME_ENV, "portable")
    assert paths.data_dir() == tmp_path / "portable" / "data"
    assert paths.data_dir().is_absolute()


@pytest.fixture
def fake_platformdirs(tmp_path, monkeypatch):
    """platformdirs answers with folders under tmp_path and records the calls."""
    calls = []

    def fake(kind):
        def locate(appname, appauthor=None, **kwargs):
            calls.append((kind, appname, appauthor))
            return str(tmp_path / "platform" / kind)

        return locate

    for kind in ("config", "data", "log", "cache"):
        monkeypatch.setattr(platformdirs, f"user_{kind}_dir", fake(kind))
    return calls


@pytest.mark.parametrize("unset", ["delete", "empty"])
def test_without_override_platformdirs_decides(
    unset, tmp_path, monkeypatch, fake_platformdirs
):
    if unset == "delete":
        monkeypatch.delenv(paths.HOME_ENV)
    else:
        monkeypatch.setenv(paths.HOME_ENV, "  ")
    base = tmp_path / "platform"
    assert paths.config_dir() == base / "config"
    assert paths.data_dir() == base / "data"
    assert paths.log_dir() == base / "log"
    assert paths.cache_dir() == base / "cache"
    assert paths.settings_file() == base / "config" / "settings.json"
    assert {call[1:] for call in fake_platformdirs} == {("qbench-backup", False)}


@pytest.mark.skipif(sys.platform != "linux", reason="XDG variables are Linux-only")
def test_real_platformdirs_follow_the_user_profile(tmp_path, monkeypatch):
    monkeypatch.delenv(paths.HOME_ENV)
    monkeypatch.setenv("HOME", str(tmp_path))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.delenv(var, raising=False)
    assert paths.config_dir() == tmp_path / ".config" / "qbench-backup"
    assert paths.data_dir() == tmp_path / ".local" / "share" / "qbench-backup"
    assert paths.log_dir() == tmp_path / ".local" / "state" / "qbench-backup" / "log"


def test_nothing_lives_next_to_the_code(monkeypatch, fake_platformdirs):
    monkeypatch.delenv(paths.HOME_ENV)
    for where in (paths.config_dir(), paths.data_dir(), paths.log_dir()):
        assert ROOT not in where.parents


def test_importing_does_no_work(tmp_path):
    home = tmp_path / "untouched"
    env = {**os.environ, paths.HOME_ENV: str(home)}
    subprocess.run(
        [sys.executable, "-c", "import app.paths, app.config, app.logs, app.errors"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=60,
    )
    assert not home.exists()


def test_resource_path_from_the_source_tree():
    icon = paths.resource_path("qbench-backup.png")
    assert icon == ROOT / "resources" / "qbench-backup.png"
    assert icon.is_file()


def test_resource_path_inside_a_frozen_exe(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.resource_path("x.png") == tmp_path / "resources" / "x.png"
