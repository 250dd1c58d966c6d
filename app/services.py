"""The one place the window, the command line and the REST API start work from.

Plain Python, no Qt: open the backup database (migrating it), build the QBench
client, hold the sync lock and run the engine. ``run_sync`` is what the
ACTUALIZAR button and ``--sync`` both call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from loguru import logger

from app import paths
from app.config import Settings
from app.credentials import resolve_db_password
from app.errors import ConfigError, StorageError
from app.logs import register_secret, run_scope
from app.qbench import QBenchClient
from app.storage.db import open_database, redact_url, sqlite_path, sqlite_url
from app.storage.errors import storage_errors
from app.storage.migrations import migrate
from app.storage.repository import Repository
from app.sync.engine import SyncEngine
from app.sync.lock import is_sync_running, sync_lock
from app.sync.report import ProgressCallback, SyncReport
from app.sync.tenant import DEMO_TENANT, claim_tenant, tenant_identity


@dataclass(frozen=True)
class Connection:
    """Where the data comes from: a tenant root, a client id and its secret."""

    base_url: str
    client_id: str
    secret: str

    def __post_init__(self) -> None:
        register_secret(self.secret)

    def __repr__(self) -> str:  # never show the secret
        return f"Connection({self.base_url!r}, {self.client_id!r}, secret=***)"


def database_url(settings: Settings, *, demo: bool = False) -> str:
    """The database to write: the demo file, the configured URL or the default."""
    if demo:
        return f"sqlite:///{paths.demo_sqlite_path()}"
    return resolve_database_url(
        settings.db_url or f"sqlite:///{paths.default_sqlite_path()}"
    )


def resolve_database_url(url: str) -> str:
    """``url`` with a relative SQLite path made absolute against the data folder
    (``sqlite:///rel.db`` is ``<data folder>/rel.db``, never ``/rel.db``)."""
    path = sqlite_path(url)
    if path is None or path.is_absolute() or str(path) in ("", ":memory:"):
        return url
    return sqlite_url(paths.data_dir() / path)


def use_new_database(settings: Settings) -> Settings:
    """Settings pointing at a new SQLite file in the data folder, named after the
    tenant (``qbench-backup-<host>.sqlite3``, numbered if taken); saved."""
    from app.config import save_settings

    host = re.sub(r"[^a-z0-9.-]+", "-", tenant_identity(settings.base_url)).strip("-")
    folder, number = paths.data_dir(), 1
    path = folder / f"qbench-backup-{host}.sqlite3"
    while path.exists():
        number += 1
        path = folder / f"qbench-backup-{host}-{number}.sqlite3"
    new = replace(settings, db_url=sqlite_url(path))
    save_settings(new)
    logger.info(f"new backup database for {settings.base_url}: {path}")
    return new


def lock_path(*, demo: bool = False) -> Path:
    """The sync lock; the demo database has its own."""
    lock = paths.lock_file()
    return lock.with_name("sync-demo.lock") if demo else lock


def database_password(url: str, env: Mapping[str, str] | None = None) -> str | None:
    """The password for ``url`` (keyring, else QBENCH_BACKUP_DB_PASSWORD); None
    for SQLite or a server that needs none."""
    return resolve_db_password(url, env)


@contextmanager
def open_repository(url: str) -> Iterator[Repository]:
    """Open (and migrate) the backup database for the duration of the block."""
    db = open_database(url, password=database_password(url))
    try:
        with db.connection_context():
            with storage_errors():
                migrate(db, sqlite_path=sqlite_path(url))
            yield Repository(db)
    finally:
        if not db.is_closed():
            db.close()


def check_connection(connection: Connection) -> int:
    """Authenticate and read one row ("Probar conexión"); returns total records."""
    with QBenchClient(
        connection.base_url, connection.client_id, connection.secret
    ) as client:
        page = client.check_connection()
    return page.total_count or 0


def require_connection(settings: Settings, secret: str | None) -> Connection:
    """A Connection from the settings, or a ConfigError saying what is missing."""
    missing = [
        text
        for text, value in (
            ("the tenant URL (QBENCH_BASE_URL)", settings.base_url),
            ("the API client id (QBENCH_CLIENT_ID)", settings.client_id),
            ("the client secret (keyring or QBENCH_CLIENT_SECRET)", secret),
        )
        if not value
    ]
    if missing:
        raise ConfigError(
            "missing " + ", ".join(missing),
            user_message="Falta configurar la conexión con QBench: "
            + ", ".join(missing),
        )
    return Connection(settings.base_url, settings.client_id, secret or "")


def run_sync(
    settings: Settings,
    connection: Connection,
    *,
    entities: Sequence[str] | None = None,
    full: bool = False,
    db_url: str | None = None,
    demo: bool = False,
    on_progress: ProgressCallback | None = None,
    should_stop: Callable[[], bool] | None = None,
    sleep: Callable[[float], None] | None = None,
    new_copy: bool = False,
) -> SyncReport:
    """Hold the lock, open the database and copy QBench into it.

    A database that is locked, full or read-only already when it is opened gives
    a failed report (``StorageError`` as its cause), like a failure mid-run.
    ``sleep`` replaces the client's waits (rate limit, retries): the window passes
    ``CancelToken.sleep`` so that a cancel ends them at once. A database holding
    another tenant's copy raises TenantMismatchError before anything is written,
    unless ``new_copy`` (see ``app.sync.tenant``)."""
    url = resolve_database_url(db_url) if db_url else database_url(settings, demo=demo)
    with sync_lock(lock_path(demo=demo)), run_scope() as run_id:
        logger.info(
            f"sync {run_id}: {'full' if full else 'incremental'} from "
            f"{connection.base_url} into {redact_url(url)}"
        )
        started = datetime.now(UTC)
        try:
            with (
                open_repository(url) as repo,
                QBenchClient(
                    connection.base_url,
                    connection.client_id,
                    connection.secret,
                    rate_limit=(
                        settings.rate_limit_requests,
                        settings.rate_limit_seconds,
                    ),
                    page_size=settings.page_size,
                    **({"sleep": sleep} if sleep is not None else {}),
                ) as client,
            ):
                with storage_errors():
                    claim_tenant(
                        repo,
                        connection.base_url,
                        identity=DEMO_TENANT if demo else None,
                        new_copy=new_copy,
                        sqlite_path=sqlite_path(url),
                    )
                engine = SyncEngine(
                    client,
                    repo,
                    run_id=run_id,
                    lookback_seconds=settings.lookback_minutes * 60,
                    on_progress=on_progress,
                    should_stop=should_stop,
                )
                return engine.run(entities, full=full)
        except StorageError as exc:  # opening or migrating the database
            logger.bind(file_only=True).error(f"sync stopped: {exc}")
            report = SyncReport(run_id, started_at=started, finished_at=started)
            report.error, report.user_message = str(exc), exc.user_message
            report.finished_at = datetime.now(UTC)
            return report


@dataclass(frozen=True)
class RunSummary:
    """One sync run (all its entities) as the history window shows it."""

    run_id: str
    started_at: datetime  # aware UTC
    finished_at: datetime | None  # aware UTC
    status: str  # success | failed | cancelled | running
    entities: list[dict[str, object]] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        """The error text of each entity that had one."""
        return [f"{e['entity']}: {e['error']}" for e in self.entities if e["error"]]


@dataclass(frozen=True)
class BackupState:
    """What the last-backup indicator shows: the last good run and the last run."""

    last_success_at: datetime | None = None  # aware UTC
    last_status: str | None = None  # status of the newest run; None: never ran
    last_error: str | None = None


def _aware(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _run_status(statuses: set[str]) -> str:
    for status in ("running", "failed", "cancelled"):
        if status in statuses:
            return status
    return "success"


def recent_history(url: str, limit: int = 20) -> list[RunSummary]:
    """The newest ``limit`` sync runs, newest first, from ``ingestion_runs``."""
    with open_repository(url) as repo:
        rows = repo.recent_runs(limit * 20)
    runs: dict[str, list] = {}
    for row in rows:
        runs.setdefault(row.run_id, []).append(row)
    summaries = []
    for run_id, entries in list(runs.items())[:limit]:
        entries.sort(key=lambda r: r.id)
        finished = [r.finished_at for r in entries if r.finished_at]
        summaries.append(
            RunSummary(
                run_id=run_id,
                started_at=_aware(min(r.started_at for r in entries)),
                finished_at=_aware(max(finished)) if finished else None,
                status=_run_status({r.status for r in entries}),
                entities=[
                    {
                        "entity": r.entity,
                        "status": r.status,
                        "fetched": r.rows_fetched,
                        "inserted": r.rows_inserted,
                        "updated": r.rows_updated,
                        "deleted": r.rows_deleted,
                        "error": r.error,
                    }
                    for r in entries
                ],
            )
        )
    return summaries


def last_backup(url: str) -> BackupState:
    """The newest run's outcome and when the last fully successful run ended."""
    runs = [r for r in recent_history(url, limit=50) if r.status != "running"]
    if not runs:
        return BackupState()
    newest = runs[0]
    success = next((r for r in runs if r.status == "success"), None)
    return BackupState(
        last_success_at=success.finished_at if success else None,
        last_status=newest.status,
        last_error="; ".join(newest.errors) or None,
    )


def sync_running(*, demo: bool = False) -> bool:
    """True while any sync (this process or another) holds the sync lock."""
    return is_sync_running(lock_path(demo=demo))


def check_database(url: str, password: str | None = None) -> None:
    """Open and close the database at ``url`` ("Probar base de datos") with
    ``password``, else the stored one; raises DatabaseUnavailable."""
    db = open_database(url, password=password or database_password(url))
    db.close()


@dataclass
class LocalApi:
    """The REST server the window switches on and off live (the Settings toggle).

    ``apply`` starts, restarts or stops the server to match the settings and
    returns ``(url, new_token)``: ``new_token`` is set only when no token existed
    and one was just issued — shown to the user once, stored only as a hash.
    """

    server: Any = None
    key: tuple[Any, ...] | None = None

    def apply(
        self, settings: Settings, env: Mapping[str, str], *, demo: bool = False
    ) -> tuple[str | None, str | None]:
        from app.api.command import build_app
        from app.api.server import ApiServer
        from app.api.token_store import issue_token, load_token_hash

        if not settings.api_enabled:
            self.stop()
            return None, None
        key = (
            settings.api_host,
            settings.api_port,
            database_url(settings, demo=demo),
            settings.api_allow_sync,
            settings.api_cors_origins,
            demo,
        )
        if self.server is not None and self.server.running and key == self.key:
            return self.server.url, None
        self.stop()
        new_token = None if load_token_hash() is not None else issue_token()
        try:
            server = ApiServer(
                build_app(settings, env, demo=demo),
                settings.api_host,
                settings.api_port,
            ).start()
        except OSError as exc:
            raise ConfigError(
                f"the REST API cannot listen on {settings.api_host}:"
                f"{settings.api_port}: {exc.strerror or exc}",
                user_message=(
                    f"La API local no puede usar el puerto {settings.api_port} "
                    "(¿otro programa lo usa?). Elija otro en Configuración."
                ),
            ) from None
        self.server, self.key = server, key
        return server.url, new_token

    def stop(self) -> None:
        """Stop the server if it runs (its threads end)."""
        if self.server is not None:
            self.server.stop()
        self.server, self.key = None, None
