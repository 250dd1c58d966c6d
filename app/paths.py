"""Where the app keeps its files: computed on call, never next to the code or exe.

Locations come from platformdirs (app name ``qbench-backup``, no author folder).
``QBENCH_BACKUP_HOME=/x`` puts everything under one folder instead:
``/x/config``, ``/x/data``, ``/x/logs``, ``/x/cache`` (tests and scripts use it).

Every ``*_dir()`` function creates its folder if missing, so a caller can write
to what it gets back; the file functions (``settings_file()`` ...) create the
parent folder only, never the file.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import platformdirs

from app.errors import FolderNotWritable

APP_NAME = "qbench-backup"
HOME_ENV = "QBENCH_BACKUP_HOME"


def home_override() -> Path | None:
    """The folder named by QBENCH_BACKUP_HOME (made absolute), or None if unset."""
    value = os.environ.get(HOME_ENV, "").strip()
    return Path(value).expanduser().absolute() if value else None


def _ensure(path: Path) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FolderNotWritable(path, exc, what="the folder") from None
    return path


def require_writable(folder: Path, *, what: str = "the folder") -> Path:
    """``folder``, once a file could be created in it; FolderNotWritable (naming
    the folder and the missing permission) otherwise. Tries for real: ``root``
    passes ``os.access`` on folders it cannot write (a read-only mount)."""
    try:
        fd, name = tempfile.mkstemp(prefix=".write-check-", dir=folder)
    except OSError as exc:
        raise FolderNotWritable(folder, exc, what=what) from None
    os.close(fd)
    os.unlink(name)
    return folder


def config_dir() -> Path:
    """Folder of ``settings.json``."""
    home = home_override()
    if home is not None:
        return _ensure(home / "config")
    return _ensure(Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)))


def data_dir() -> Path:
    """Folder of the default SQLite backup, the demo database and the sync lock."""
    home = home_override()
    if home is not None:
        return _ensure(home / "data")
    return _ensure(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))


def log_dir() -> Path:
    """Folder of the rotating log files."""
    home = home_override()
    if home is not None:
        return _ensure(home / "logs")
    return _ensure(Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)))


def cache_dir() -> Path:
    """Folder for throwaway files (safe to delete at any time)."""
    home = home_override()
    if home is not None:
        return _ensure(home / "cache")
    return _ensure(Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)))


def settings_file() -> Path:
    """The JSON settings file."""
    return config_dir() / "settings.json"


def default_sqlite_path() -> Path:
    """The backup database used when no ``db_url`` is configured."""
    return data_dir() / "qbench-backup.sqlite3"


def demo_sqlite_path() -> Path:
    """The database of ``--demo`` runs, kept apart from the real backup."""
    return data_dir() / "qbench-backup-demo.sqlite3"


def default_files_dir() -> Path:
    """The document store (report PDFs, attachments) when ``files_dir`` is empty."""
    return data_dir() / "files"


def lock_file() -> Path:
    """The lock file shared by every sync (window and scheduled task)."""
    return data_dir() / "sync.lock"


def resource_path(name: str) -> Path:
    """A bundled file from ``resources/``, in the source tree or the frozen exe."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        base = Path(bundle) / "resources"
    else:
        base = Path(__file__).resolve().parent.parent / "resources"
    return base / name
