"""Open the backup database from a URL: SQLite by default, PostgreSQL on request.

SQLite runs in WAL mode with foreign keys on, so the REST API can read while a
sync writes. Autoconnect is off: the opening thread is connected, and every other
thread opens its own connection (``db.connection_context()``). Connection failures
become ``DatabaseUnavailable`` with a reason a user can act on; the URL's password
never appears in the message.

A database another program keeps busy is waited for, up to a bound:
``DB_BUSY_TIMEOUT_SECONDS`` (60 s; ``QBENCH_BACKUP_DB_BUSY_TIMEOUT`` overrides it).
On SQLite it is the busy timeout, and write transactions begin IMMEDIATE so the
wait covers them whole (a deferred one could fail at once when it upgrades its
read snapshot); on PostgreSQL it is ``lock_timeout``. Past the bound the write
fails and ``app.storage.errors`` names the cause.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

import peewee
import psycopg2
from loguru import logger
from playhouse.db_url import connect

from app.errors import DatabaseUnavailable
from app.i18n import QT_TRANSLATE_NOOP
from app.paths import require_writable

DB_BUSY_TIMEOUT_SECONDS = 60.0
MAX_BUSY_TIMEOUT_SECONDS = 3600.0  # PostgreSQL's lock_timeout takes at most ~24 days
BUSY_TIMEOUT_ENV = "QBENCH_BACKUP_DB_BUSY_TIMEOUT"
PG_CONNECT_TIMEOUT_SECONDS = 10

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
}


def busy_timeout_seconds() -> float:
    """How long a write waits for a database another program keeps busy."""
    text = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    if not text:
        return DB_BUSY_TIMEOUT_SECONDS
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= MAX_BUSY_TIMEOUT_SECONDS:  # also NaN and infinities
        logger.warning(
            f"{BUSY_TIMEOUT_ENV}={text!r} is not a number of seconds from 0 to "
            f"{MAX_BUSY_TIMEOUT_SECONDS:g}; using {DB_BUSY_TIMEOUT_SECONDS:g}"
        )
        return DB_BUSY_TIMEOUT_SECONDS
    return value


class _SqliteSavepoint(peewee._savepoint):
    def rollback(self, begin: bool = True) -> None:
        if self.db.sqlite_in_transaction():
            super().rollback(begin)


class BackupSqliteDatabase(peewee.SqliteDatabase):
    """SQLite as the backup uses it: write transactions begin IMMEDIATE, and a
    ROLLBACK after SQLite already rolled back by itself (it does on
    SQLITE_FULL) is skipped instead of raising ``cannot rollback - no
    transaction is active`` over the real failure."""

    def sqlite_in_transaction(self) -> bool:
        conn = None if self.is_closed() else self.connection()
        return bool(conn is not None and conn.in_transaction)

    def rollback(self) -> None:
        if self.sqlite_in_transaction():
            super().rollback()

    def savepoint(self) -> peewee._savepoint:
        return _SqliteSavepoint(self)


@contextmanager
def busy_wait(db: peewee.Database, seconds: float) -> Iterator[None]:
    """Wait at most ``seconds`` for a busy database meanwhile (SQLite's
    ``busy_timeout``, PostgreSQL's ``lock_timeout``): used for bookkeeping that
    must not wait the whole bound again (recording a failed run, adopting the
    status file's outcomes before a run)."""
    if db.is_closed():
        yield
        return
    if isinstance(db, peewee.PostgresqlDatabase):
        with _pg_lock_timeout(db, seconds):
            yield
        return
    if not isinstance(db, peewee.SqliteDatabase):
        yield
        return
    conn = db.connection()
    before = conn.execute("PRAGMA busy_timeout").fetchone()[0]
    conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")
    try:
        yield
    finally:
        with suppress(sqlite3.Error):
            conn.execute(f"PRAGMA busy_timeout = {int(before)}")


@contextmanager
def _pg_lock_timeout(db: peewee.Database, seconds: float) -> Iterator[None]:
    """PostgreSQL's ``lock_timeout`` set to ``seconds`` for this session
    meanwhile, then put back (a connection that cannot take the SET, e.g. one
    already lost, is left as it is: the statement that follows says why)."""
    conn = db.connection()
    try:
        with conn.cursor() as cur:
            cur.execute("SHOW lock_timeout")
            before = cur.fetchone()[0]
            cur.execute("SET lock_timeout = %s", (f"{int(seconds * 1000)}ms",))
    except psycopg2.Error:
        yield
        return
    try:
        yield
    finally:
        with suppress(psycopg2.Error), conn.cursor() as cur:
            cur.execute("SET lock_timeout = %s", (before,))


def sqlite_url(path: Path) -> str:
    """The peewee URL of a SQLite file."""
    return f"sqlite:///{Path(path).resolve()}"


def redact_url(url: str) -> str:
    """The URL with any password replaced by ``***`` (safe for logs and errors)."""
    return _without_password(url, ":***")


def database_label(url: str) -> str:
    """The database's identity, as the status file and the indicator compare
    it: the URL without any password, so the same database reached with the
    password in the URL, the keyring or the environment has one label."""
    return _without_password(url, "")


def _without_password(url: str, mark: str) -> str:
    """``url`` with its password replaced by ``mark`` (unchanged without one)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    user = f"{parts.username or ''}{mark}"
    netloc = f"{user}@{host}" if user else host
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def sqlite_file(url: str) -> Path:
    """The file a ``sqlite:///…`` URL names: ``sqlite:////abs/x.db`` and
    ``sqlite:///C:/x.db`` are absolute, ``sqlite:///rel.db`` is relative (the
    caller resolves it; ``app.services`` does so against the data folder)."""
    path = unquote(urlsplit(url).path)
    return Path(path[1:] if path.startswith("/") else path)


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or None for any other database."""
    return sqlite_file(url) if is_sqlite(url) else None


def _check_sqlite_folder(url: str) -> Path:
    """The SQLite file of ``url`` once its folder exists and takes writes (the
    database and its -wal / -shm files live there); never creates folders."""
    path = sqlite_file(url)
    if str(path) in ("", "."):
        raise DatabaseUnavailable(
            f"the SQLite URL {url} names no file; give one, e.g. "
            "sqlite:///backup.sqlite3 (in the data folder) or a full path",
            user_message=QT_TRANSLATE_NOOP(
                "Mensajes",
                "La dirección de la base de datos SQLite no indica ningún archivo. "
                "Escriba uno, por ejemplo sqlite:///respaldo.sqlite3 (en la carpeta "
                "de datos) o una ruta completa.",
            ),
        )
    if not path.is_absolute():
        raise DatabaseUnavailable(
            f"the SQLite path in {url} is relative; give a full path, e.g. "
            "sqlite:////home/lab/qbench.sqlite3 or sqlite:///C:/datos/qbench.sqlite3",
            user_message=QT_TRANSLATE_NOOP(
                "Mensajes",
                "La ruta de la base de datos SQLite debe ser completa, por ejemplo "
                "sqlite:///C:/datos/qbench.sqlite3.",
            ),
        )
    folder = path.parent
    if not folder.is_dir():
        raise DatabaseUnavailable(
            f"the folder {folder} of the SQLite database {path} does not exist; "
            "create it or choose another path (it is never created for you)",
            user_message=QT_TRANSLATE_NOOP(
                "Mensajes",
                "La carpeta {folder} de la base de datos no existe. Créela o elija "
                "otra ruta en Configuración.",
            ).format(folder=folder),
        )
    require_writable(folder, what="the folder of the SQLite database")
    return path


def is_sqlite(url: str) -> bool:
    """True when the URL names a SQLite database."""
    return urlsplit(url).scheme.startswith("sqlite")


# One Database object per URL and process. The models are bound to a single
# process-wide proxy, so two objects for the same database (the window's sync
# thread and a history read, or the REST API's threads) would rebind it under
# each other; one shared object keeps one connection per thread instead.
_DATABASES: dict[str, peewee.Database] = {}
_DATABASES_LOCK = threading.Lock()


def _database_for(url: str, scheme: str, password: str | None) -> peewee.Database:
    with _DATABASES_LOCK:
        db = _DATABASES.get(url)
        if db is not None and password and scheme != "sqlite":
            # the password may have changed since (Configuración): new connections
            # of this shared object log in with the one given now
            db.connect_params["password"] = password
        if db is None:
            bound = busy_timeout_seconds()
            if scheme == "sqlite":
                path = sqlite_file(url)
                db = BackupSqliteDatabase(
                    str(path),
                    pragmas={**SQLITE_PRAGMAS, "busy_timeout": int(bound * 1000)},
                    timeout=bound,
                    lock_type="IMMEDIATE",
                    autoconnect=False,
                )
            else:
                extra = _url_credentials(url)  # peewee leaves them %-encoded
                if password:
                    extra["password"] = password
                db = connect(
                    url.replace("postgres://", "postgresql://", 1),
                    autoconnect=False,
                    **_postgres_options(url, bound),
                    **extra,
                )
            _DATABASES[url] = db
        return db


def _url_credentials(url: str) -> dict[str, object]:
    """The user and password a URL carries, %-decoded as RFC 3986 (and libpq)
    read them: ``postgresql://lab:p%40ss@host/db`` logs in with ``p@ss``."""
    parts = urlsplit(url)
    found: dict[str, object] = {}
    if parts.username:
        found["user"] = unquote(parts.username)
    if parts.password is not None:
        found["password"] = unquote(parts.password)
    return found


def _postgres_options(url: str, bound: float) -> dict[str, object]:
    """libpq options this URL does not set itself: the lock wait bound, a
    connect timeout and TCP keepalives (a vanished server is noticed)."""
    given = {part.split("=", 1)[0] for part in urlsplit(url).query.split("&") if part}
    options: dict[str, object] = {
        "connect_timeout": PG_CONNECT_TIMEOUT_SECONDS,
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
        "options": f"-c lock_timeout={int(bound * 1000)}",
    }
    return {key: value for key, value in options.items() if key not in given}


def database_handle(url: str, *, password: str | None = None) -> peewee.Database:
    """The shared, unconnected Database object for ``url`` (``open_database``
    connects and checks it). For a server that must start while the database
    is down and connect once it is back; raises DatabaseUnavailable only for a
    URL no database could ever answer (an unsupported scheme)."""
    scheme = _require_scheme(url)
    return _database_for(url, scheme, password)


def _require_scheme(url: str) -> str:
    scheme = urlsplit(url).scheme
    if scheme not in {"sqlite", "postgres", "postgresql"}:
        raise DatabaseUnavailable(
            f"unsupported database URL scheme {scheme!r} in {redact_url(url)}; "
            "use sqlite:///path or postgresql://user@host:port/dbname"
        )
    return scheme


def open_database(url: str, *, password: str | None = None) -> peewee.Database:
    """Connect this thread to ``url`` (one shared Database object per URL) and
    check the connection works; raises DatabaseUnavailable, or StorageError
    when the database is there but locked, full or read-only.

    ``password`` (PostgreSQL) comes from the keyring or the environment, never
    from the URL the settings hold; it is passed to libpq apart from the URL."""
    scheme = _require_scheme(url)
    if scheme == "sqlite":
        _check_sqlite_folder(url)
    db: peewee.Database | None = None
    try:
        db = _database_for(url, scheme, password)
        db.connect(reuse_if_open=True)
        db.execute_sql("SELECT 1")
    except (peewee.DatabaseError, peewee.InterfaceError, OSError) as exc:
        from app.storage.errors import storage_error

        if db is not None and not db.is_closed():
            with suppress(peewee.DatabaseError, peewee.InterfaceError):
                db.close()
        error = storage_error(exc)
        if error is not None and error.kind in ("locked", "disk_full", "read_only"):
            raise error from None
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc)
        raise DatabaseUnavailable(
            f"cannot open the database {redact_url(url)}: {reason}",
            user_message=_why_in_spanish(str(exc), url),
        ) from None
    if isinstance(db, peewee.PostgresqlDatabase):
        _require_utf8(db, url)
    return db


def _why_in_spanish(reason: str, url: str) -> str:
    """What a user can do about a database that would not open, in Spanish
    (the driver's English stays in the log)."""
    parts = urlsplit(url)
    text = reason.lower()
    if "password authentication failed" in text or "no password supplied" in text:
        return QT_TRANSLATE_NOOP(
            "Mensajes",
            "PostgreSQL rechazó el usuario o la contraseña. Escriba la contraseña "
            "en Configuración → Contraseña (PostgreSQL), o en la variable "
            "QBENCH_BACKUP_DB_PASSWORD.",
        )
    if "does not exist" in text and parts.scheme.startswith("postgres"):
        name = parts.path.lstrip("/")
        return QT_TRANSLATE_NOOP(
            "Mensajes",
            "La base de datos «{name}» no existe en el servidor PostgreSQL. "
            "Créela o revise la dirección en Configuración.",
        ).format(name=name)
    if any(w in text for w in ("connection refused", "could not connect", "timeout")):
        if not parts.hostname:
            return QT_TRANSLATE_NOOP(
                "Mensajes",
                "No se pudo conectar con el servidor PostgreSQL. Revise que esté en "
                "marcha y la dirección en Configuración.",
            )
        port = f":{parts.port}" if parts.port else ""
        return QT_TRANSLATE_NOOP(
            "Mensajes",
            "No se pudo conectar con el servidor PostgreSQL {server}. Revise que "
            "esté en marcha y la dirección en Configuración.",
        ).format(server=f"{parts.hostname}{port}")
    if "unable to open database file" in text:
        return QT_TRANSLATE_NOOP(
            "Mensajes",
            "No se puede abrir el archivo de la base de datos {path}. Revise la "
            "ruta y los permisos.",
        ).format(path=sqlite_path(url))
    return DatabaseUnavailable.default_user_message


def _require_utf8(db: peewee.Database, url: str) -> None:
    """QBench text is Unicode: a PostgreSQL database in another encoding
    (WIN1252, LATIN1, SQL_ASCII — common defaults on Spanish Windows installs)
    would fail on the first character it cannot hold, on every run. Refuse it at
    once, saying how to make one that works; raises DatabaseUnavailable."""
    encoding = str(db.execute_sql("SHOW server_encoding").fetchone()[0])
    if encoding.upper() in ("UTF8", "UTF-8"):
        return
    db.close()
    name = urlsplit(url).path.lstrip("/") or "qbench_backup"
    raise DatabaseUnavailable(
        f"the PostgreSQL database {redact_url(url)} uses the encoding {encoding}, "
        "which cannot hold every character QBench sends; create one in UTF8: "
        f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0",
        user_message=QT_TRANSLATE_NOOP(
            "Mensajes",
            "La base de datos PostgreSQL usa la codificación {encoding}, que no "
            "admite todos los caracteres de QBench. Cree una base de datos en UTF8 "
            "({statement}) y elíjala en Configuración.",
        ).format(
            encoding=encoding,
            statement=f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0",
        ),
    )
