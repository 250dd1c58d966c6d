"""What went wrong with the backup database, in words a user can act on.

``storage_error`` turns a peewee / sqlite3 / psycopg2 failure into a
``StorageError`` with a ``kind``: ``locked`` (still busy after the wait bound),
``disk_full``, ``read_only``, ``connection_lost``, ``cannot_open``, ``io_error``
or ``corrupt``. Failures that are bugs in this program (a constraint, bad SQL)
are not storage errors: it returns None for them.

A failure inside a transaction can be followed by a second one while cleaning
up: SQLite rolls a transaction back by itself on SQLITE_FULL, so the ROLLBACK
that follows fails with ``cannot rollback - no transaction is active``; after a
lost PostgreSQL connection the ROLLBACK fails with ``connection already
closed``. Such a secondary error is looked through to the original cause.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import peewee
import psycopg2

from app.errors import StorageError

DRIVER_ERRORS: tuple[type[BaseException], ...] = (
    peewee.DatabaseError,
    peewee.InterfaceError,
    sqlite3.Error,
    psycopg2.Error,
)

# Result codes (primary, the low byte of sqlite_errorcode).
_SQLITE_KINDS = {
    5: "locked",  # SQLITE_BUSY
    6: "locked",  # SQLITE_LOCKED
    8: "read_only",  # SQLITE_READONLY
    10: "io_error",  # SQLITE_IOERR
    11: "corrupt",  # SQLITE_CORRUPT
    13: "disk_full",  # SQLITE_FULL
    14: "cannot_open",  # SQLITE_CANTOPEN
    23: "read_only",  # SQLITE_AUTH (an authorizer or query_only-like refusal)
    26: "corrupt",  # SQLITE_NOTADB
}
_SQLITE_TEXT = (
    ("database is locked", "locked"),
    ("database table is locked", "locked"),
    ("database or disk is full", "disk_full"),
    ("readonly database", "read_only"),
    ("disk i/o error", "io_error"),
    ("unable to open database", "cannot_open"),
    ("malformed", "corrupt"),
    ("file is not a database", "corrupt"),
)
_PG_CODES = {
    "53100": "disk_full",  # disk_full
    "25006": "read_only",  # read_only_sql_transaction
    "42501": "read_only",  # insufficient_privilege: this role may not write
    "55P03": "locked",  # lock_not_available (lock_timeout)
    "40P01": "locked",  # deadlock_detected
    "57014": "locked",  # query_canceled (statement_timeout)
    "57P01": "connection_lost",  # admin_shutdown / pg_terminate_backend
    "57P02": "connection_lost",  # crash_shutdown
    "57P03": "connection_lost",  # cannot_connect_now
    "58030": "io_error",  # io_error
    "XX001": "corrupt",  # data_corrupted
    "XX002": "corrupt",  # index_corrupted
}
# Errors raised while cleaning up after the real failure.
_SECONDARY = (
    "cannot rollback - no transaction is active",
    "cannot commit - no transaction is active",
    "no such savepoint",
    "connection already closed",
    "current transaction is aborted",
    "cannot rollback, database connection not open",
)


def _driver_error(exc: BaseException) -> BaseException:
    """The sqlite3 / psycopg2 exception behind a peewee one (peewee keeps it
    as ``orig``), else ``exc`` itself."""
    if isinstance(exc, sqlite3.Error | psycopg2.Error):
        return exc
    orig = getattr(exc, "orig", None)
    if isinstance(orig, BaseException):
        return orig
    if exc.args and isinstance(exc.args[0], BaseException):
        return exc.args[0]
    if isinstance(exc.__context__, sqlite3.Error | psycopg2.Error):
        return exc.__context__
    return exc


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0].strip() if text else type(exc).__name__


def _is_secondary(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(marker in text for marker in _SECONDARY)


def original_error(exc: BaseException) -> BaseException:
    """``exc``, or the database failure it masks when it is only a clean-up
    error (a failed ROLLBACK after SQLite already rolled back, ...)."""
    seen: set[int] = set()
    while _is_secondary(_driver_error(exc)) and id(exc) not in seen:
        seen.add(id(exc))
        context = exc.__context__
        while context is not None and not isinstance(context, DRIVER_ERRORS):
            context = context.__context__
        if context is None:
            break
        exc = context
    return exc


def _kind(driver: BaseException) -> str | None:
    if isinstance(driver, sqlite3.Error):
        code = getattr(driver, "sqlite_errorcode", None)
        if code is not None and (code & 0xFF) in _SQLITE_KINDS:
            return _SQLITE_KINDS[code & 0xFF]
        text = str(driver).lower()
        for marker, kind in _SQLITE_TEXT:
            if marker in text:
                return kind
        return None
    if isinstance(driver, psycopg2.Error):
        code = driver.pgcode or ""
        if code in _PG_CODES:
            return _PG_CODES[code]
        if code.startswith("08"):  # connection_exception
            return "connection_lost"
        if code.startswith("53"):  # insufficient_resources
            return "disk_full" if code == "53100" else "io_error"
        if not code and isinstance(
            driver, psycopg2.OperationalError | psycopg2.InterfaceError
        ):
            return "connection_lost"  # "server closed the connection", "already closed"
        return None
    if isinstance(driver, peewee.OperationalError):
        return "io_error"
    return None


def storage_error(exc: BaseException) -> StorageError | None:
    """A ``StorageError`` naming the cause of ``exc``, or None when ``exc`` is
    not a database failure the user can act on (a bug)."""
    if isinstance(exc, StorageError):
        return exc
    if not isinstance(exc, DRIVER_ERRORS):
        return None
    cause = original_error(exc)
    driver = _driver_error(cause)
    kind = _kind(driver)
    if kind is None:
        return None
    detail = _first_line(driver)
    if kind == "locked":
        from app.storage.db import busy_timeout_seconds

        detail = f"{detail} (waited up to {busy_timeout_seconds():g} s)"
    return StorageError(detail, kind=kind)


@contextmanager
def storage_errors() -> Iterator[None]:
    """Re-raise database failures as ``StorageError`` (bugs pass unchanged)."""
    try:
        yield
    except StorageError:
        raise
    except DRIVER_ERRORS as exc:
        error = storage_error(exc)
        if error is None:
            raise
        raise error from exc
