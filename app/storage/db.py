"""Open the backup database from a URL: SQLite by default, PostgreSQL on request.

SQLite runs in WAL mode with foreign keys on, so the REST API can read while a
sync writes. Autoconnect is off: the opening thread is connected, and every other
thread opens its own connection (``db.connection_context()``). Connection failures
become ``DatabaseUnavailable`` with a reason a user can act on; the URL's password
never appears in the message.
"""

from __future__ import annotations

import threading
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import peewee
from playhouse.db_url import connect

from app.errors import DatabaseUnavailable

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "busy_timeout": 30_000,
}


def sqlite_url(path: Path) -> str:
    """The peewee URL of a SQLite file."""
    return f"sqlite:///{Path(path).resolve()}"


def redact_url(url: str) -> str:
    """The URL with any password replaced by ``***`` (safe for logs and errors)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    netloc = f"{parts.username or ''}:***@{host}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or None for any other database."""
    return Path(urlsplit(url).path) if is_sqlite(url) else None


def is_sqlite(url: str) -> bool:
    """True when the URL names a SQLite database."""
    return urlsplit(url).scheme.startswith("sqlite")


# One Database object per URL and process. The models are bound to a single
# process-wide proxy, so two objects for the same database (the window's sync
# thread and a history read, or the REST API's threads) would rebind it under
# each other; one shared object keeps one connection per thread instead.
_DATABASES: dict[str, peewee.Database] = {}
_DATABASES_LOCK = threading.Lock()


def _database_for(url: str, scheme: str) -> peewee.Database:
    with _DATABASES_LOCK:
        db = _DATABASES.get(url)
        if db is None:
            if scheme == "sqlite":
                path = Path(urlsplit(url).path)
                path.parent.mkdir(parents=True, exist_ok=True)
                db = peewee.SqliteDatabase(
                    str(path), pragmas=SQLITE_PRAGMAS, autoconnect=False
                )
            else:
                db = connect(
                    url.replace("postgres://", "postgresql://", 1), autoconnect=False
                )
            _DATABASES[url] = db
        return db


def open_database(url: str) -> peewee.Database:
    """Connect this thread to ``url`` (one shared Database object per URL) and
    check the connection works; raises DatabaseUnavailable."""
    scheme = urlsplit(url).scheme
    if scheme not in {"sqlite", "postgres", "postgresql"}:
        raise DatabaseUnavailable(
            f"unsupported database URL scheme {scheme!r} in {redact_url(url)}; "
            "use sqlite:///path or postgresql://user@host:port/dbname"
        )
    try:
        db = _database_for(url, scheme)
        db.connect(reuse_if_open=True)
        db.execute_sql("SELECT 1")
    except (peewee.DatabaseError, peewee.InterfaceError, OSError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc)
        raise DatabaseUnavailable(
            f"cannot open the database {redact_url(url)}: {reason}"
        ) from None
    return db
