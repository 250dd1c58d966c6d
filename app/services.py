"""The one place the window, the command line and the REST API start work from.

Plain Python, no Qt: open the backup database (migrating it), build the QBench
client, hold the sync lock and run the engine. ``run_sync`` is what the
ACTUALIZAR button and ``--sync`` both call.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import peewee
from loguru import logger

from app import paths
from app.config import Settings, files_folder
from app.credentials import resolve_db_password
from app.entities import ENTITIES
from app.errors import (
    AppError,
    ConfigError,
    DatabaseUnavailable,
    StorageError,
    SyncLockedError,
    TenantMismatchError,
)
from app.i18n import QT_TRANSLATE_NOOP
from app.logs import register_secret, run_scope
from app.qbench import QBenchClient
from app.qbench.pacer import Pacer
from app.run_state import (
    INTERRUPTED_TEXT,
    BackupState,
    RunOutcome,
    evaluate,
    mark_recorded,
    read_last_success,
    read_status_file,
    read_status_outcomes,
    status_file,
    status_files,
    write_status_file,
)
from app.storage.db import (
    busy_wait,
    database_label,
    open_database,
    redact_url,
    sqlite_path,
    sqlite_url,
)
from app.storage.documents import FileVersion
from app.storage.errors import storage_errors
from app.storage.files import FileStore
from app.storage.migrations import current_version, latest_version, migrate
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
        (english, spanish)
        for english, spanish, value in (
            (
                "the tenant URL (QBENCH_BASE_URL)",
                QT_TRANSLATE_NOOP(
                    "Mensajes", "la dirección de QBench (QBENCH_BASE_URL)"
                ),
                settings.base_url,
            ),
            (
                "the API client id (QBENCH_CLIENT_ID)",
                QT_TRANSLATE_NOOP("Mensajes", "el Client ID (QBENCH_CLIENT_ID)"),
                settings.client_id,
            ),
            (
                "the client secret (keyring or QBENCH_CLIENT_SECRET)",
                QT_TRANSLATE_NOOP(
                    "Mensajes", "la clave (llavero del sistema o QBENCH_CLIENT_SECRET)"
                ),
                secret,
            ),
        )
        if not value
    ]
    if missing:
        raise ConfigError(
            "missing " + ", ".join(english for english, _ in missing),
            user_message=QT_TRANSLATE_NOOP(
                "Mensajes",
                "Falta configurar la conexión con QBench: {missing}. Ábralo en "
                "Configuración.",
            ).format(missing=", ".join(spanish for _, spanish in missing)),
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

    Every outcome is a report, never a raised known error: another sync holding
    the lock (exit 3), credentials refused (4), a database that cannot be
    opened (2) or fails (1). Each is recorded in ``ingestion_runs`` where the
    database takes it, and always in the status file. The one exception: a
    database holding another tenant's copy raises ``TenantMismatchError``
    (exit 2) before anything is written to it, unless ``new_copy`` (see
    ``app.sync.tenant``); only the status file records that.
    ``sleep`` replaces the client's waits (rate limit, retries): the window passes
    ``CancelToken.sleep`` so that a cancel ends them at once."""
    url = resolve_database_url(db_url) if db_url else database_url(settings, demo=demo)
    plan = _Plan(settings, connection, url, entities, full, demo, new_copy)
    with run_scope() as run_id:
        started = datetime.now(UTC)
        try:
            with sync_lock(lock_path(demo=demo)):
                logger.info(
                    f"sync {run_id}: {'full' if full else 'incremental'} from "
                    f"{connection.base_url} into {redact_url(url)}"
                )
                report = _run_engine(
                    plan, run_id, started, on_progress, should_stop, sleep
                )
        except TenantMismatchError as exc:  # nothing may be written to that copy
            refused = failed_report(run_id, started, exc)
            save_outcome(refused, database=url, demo=demo)
            exc.report = refused  # recorded once: callers must not record it again
            raise
        except AppError as exc:  # the lock, the database or the client
            report = failed_report(run_id, started, exc)
            report.recorded = not isinstance(
                exc, DatabaseUnavailable | StorageError
            ) and record_outside_run(url, report)
        save_outcome(report, database=url, demo=demo)
    return report


@dataclass(frozen=True)
class _Plan:
    """What one ``run_sync`` call copies, from where, into where."""

    settings: Settings
    connection: Connection
    url: str
    entities: Sequence[str] | None
    full: bool
    demo: bool
    new_copy: bool


def _run_engine(
    plan: _Plan,
    run_id: str,
    started: datetime,
    on_progress: ProgressCallback | None,
    should_stop: Callable[[], bool] | None,
    sleep: Callable[[float], None] | None,
) -> SyncReport:
    settings, connection = plan.settings, plan.connection
    with (
        open_repository(plan.url) as repo,
        QBenchClient(
            connection.base_url,
            connection.client_id,
            connection.secret,
            rate_limit=DEMO_RATE_LIMIT
            if plan.demo
            else (settings.rate_limit_requests, settings.rate_limit_seconds),
            page_size=settings.page_size,
            **({"sleep": sleep} if sleep is not None else {}),
            cancelled=should_stop,  # a request in flight ends at once too
        ) as client,
    ):
        with storage_errors():
            claim_tenant(
                repo,
                connection.base_url,
                identity=DEMO_TENANT if plan.demo else None,
                new_copy=plan.new_copy,
                sqlite_path=sqlite_path(plan.url),
            )
        _adopt_status_file(repo, plan.url, plan.demo)
        engine = SyncEngine(
            client,
            repo,
            run_id=run_id,
            lookback_seconds=settings.lookback_minutes * 60,
            on_progress=on_progress,
            should_stop=should_stop,
            started_at=started,  # the run's duration is the wall time it took
            worksheets=settings.worksheets,  # Configuración / --worksheets
            files=FileStore(
                documents_folder(settings, demo=plan.demo),
                # only the default folder is made; a chosen one must exist
                create=plan.demo or not settings.files_dir.strip(),
            ),
        )
        return engine.run(plan.entities, full=plan.full)


def documents_folder(settings: Settings, *, demo: bool = False) -> Path:
    """Where report PDFs are archived: ``files_dir`` (or its default); the
    demo's own folder beside the demo database, never the real one."""
    if demo:
        return paths.data_dir() / "files-demo"
    return files_folder(settings)


@dataclass(frozen=True)
class FileCheck:
    """``verify_files``' outcome: distinct files re-hashed, and the versions
    whose file is missing or whose bytes no longer hash to their name."""

    checked: int
    missing: list[FileVersion]
    corrupt: list[FileVersion]

    @property
    def ok(self) -> bool:
        return not self.missing and not self.corrupt


def verify_files(
    url: str, folder: Path, on_file: Callable[[int, int], None] | None = None
) -> FileCheck:
    """Re-hash every file the ``files`` table of the copy at ``url`` names, in
    ``folder`` (chunked: no file is held in memory); ``on_file(done, total)``
    after each. Raises AppError when the database cannot be read."""
    store = FileStore(folder, create=False)
    with open_repository(url) as repo, storage_errors():
        files = repo.stored_files()
        bad: dict[str, str] = {}
        for done, (sha, size) in enumerate(files, 1):
            verdict = store.verify(sha, size)
            if verdict != "ok":
                bad[sha] = verdict
            if on_file is not None:
                on_file(done, len(files))
        versions = repo.versions_with(bad) if bad else []
    return FileCheck(
        len(files),
        [v for v in versions if bad[v.sha256] == "missing"],
        [v for v in versions if bad[v.sha256] == "corrupt"],
    )


@dataclass(frozen=True)
class WorksheetCost:
    """The first backup of the detailed worksheets: one request per record of
    each entity a worksheet hangs from (``parents``: tests, batches — from the
    registry's ``per`` of its "worksheet" entries, live rows in the copy), and
    the ``seconds`` those requests take at the pace the client allows itself
    under the configured rate limit (``Pacer.capacity`` per window, as the
    ETA of ``app.sync.progress`` counts it)."""

    parents: dict[str, int]
    requests: int
    seconds: float


WORKSHEET_PARENTS: tuple[str, ...] = tuple(
    e.per for e in ENTITIES.values() if e.sync == "worksheet" and e.per
)


def worksheet_estimate(
    parents: Mapping[str, int], rate_limit: tuple[int, float]
) -> WorksheetCost:
    """``WorksheetCost`` of ``parents`` (records per parent entity) under
    ``rate_limit`` (requests, seconds) as configured."""
    limit, window = rate_limit
    pacer = Pacer(limit, window)
    requests = sum(parents.values())
    return WorksheetCost(
        dict(parents), requests, requests * pacer.window / pacer.capacity
    )


def worksheet_cost(url: str, rate_limit: tuple[int, float]) -> WorksheetCost:
    """The first worksheets backup's cost for the copy at ``url`` (a SQLite
    file not made yet holds nothing: it is not created). Raises AppError when
    the database cannot be read."""
    path = sqlite_path(url)
    if path is not None and not Path(path).exists():
        return worksheet_estimate(dict.fromkeys(WORKSHEET_PARENTS, 0), rate_limit)
    with open_repository(url) as repo, storage_errors():
        counts = {entity: repo.count(entity) for entity in WORKSHEET_PARENTS}
    return worksheet_estimate(counts, rate_limit)


# The demo's simulator runs in this process and admits this much: a demo's
# first backup (~280 requests) shows the whole copy in seconds, not a minute's
# wait for a rate limit no real tenant is behind (app.demo).
DEMO_RATE_LIMIT = (3000, 60.0)

ADOPT_WAIT_SECONDS = 2.0  # the status file's outcomes wait this long for the database


def _adopt_status_file(repo: Repository, url: str, demo: bool) -> None:
    """The outcomes this database could not take go in now, oldest first (we
    hold the lock, so a run the file calls running is over); the file then
    stops listing them as not taken."""
    database = database_label(url)
    outcomes = [
        o for o in read_status_outcomes(demo=demo) if o.database in (None, database)
    ]
    if not outcomes:
        return
    try:
        # Not worth a long wait: a busy database is met (and waited for, up to
        # the bound) by the run itself; these outcomes wait for the next run.
        with (
            storage_errors(),
            busy_wait(repo.db, ADOPT_WAIT_SECONDS),
            repo.transaction(),
        ):
            for outcome in outcomes:
                if outcome.status == "running":
                    outcome = replace(
                        outcome, status="interrupted", user_message=INTERRUPTED_TEXT
                    )
                if repo.adopt_outcome(outcome):
                    logger.info(f"recorded run {outcome.run_id} from the status file")
    except StorageError as exc:  # the engine meets it again and reports it
        logger.bind(file_only=True).warning(f"status file not recorded: {exc}")
        return
    try:
        mark_recorded([o.run_id for o in outcomes], demo=demo)
    except OSError as exc:  # adopting them again next time is harmless
        logger.bind(file_only=True).warning(f"status file not updated: {exc}")


def failed_report(run_id: str, started: datetime, exc: AppError) -> SyncReport:
    """The report of a run that ended before the engine began."""
    level = "warning" if isinstance(exc, SyncLockedError) else "error"
    logger.bind(file_only=True).log(level.upper(), f"sync not run: {exc}")
    report = SyncReport(run_id, started_at=started, finished_at=datetime.now(UTC))
    report.recorded = False  # until record_outside_run says otherwise
    report.error, report.code = str(exc), exc.exit_code
    report.user_message = exc.user_message
    # DatabaseUnavailable says the cause in Spanish; the English detail (the
    # driver's words) stays in the log and in ``error``.
    return report


def record_outside_run(url: str, report: SyncReport) -> bool:
    """Record a run that never reached the engine in ``ingestion_runs``, if the
    database is there and up to date (never created or migrated for this, never
    waited on for long); True when it took the row."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return False
    try:
        db = open_database(url)
        try:
            with db.connection_context(), storage_errors(), busy_wait(db, 2.0):
                if current_version(db) != latest_version():
                    return False
                Repository(db).record_run(
                    report.run_id,
                    report.started_at,
                    status=report.status,
                    error=report.problem(),
                    user_message=report.reason(),
                )
        finally:
            if not db.is_closed():
                db.close()
    except (AppError, peewee.DatabaseError) as exc:
        logger.bind(file_only=True).warning(f"could not record the run: {exc}")
        return False
    return True


def save_outcome(
    report: SyncReport, *, database: str | None, demo: bool = False
) -> None:
    """Write the run's outcome to the status file (the window and ``--serve``
    read it where the database could not take it)."""
    outcome = RunOutcome(
        report.run_id,
        report.status,
        report.started_at,
        report.finished_at or datetime.now(UTC),
        report.problem(),
        report.reason() or None,
        report.exit_code,
        database_label(database) if database else None,
    )
    previous = read_status_file(demo=demo)
    last_success = outcome.moment if outcome.status == "success" else None
    if last_success is None and previous and previous.database == outcome.database:
        last_success = read_last_success(demo=demo)
    try:
        write_status_file(
            outcome, demo=demo, last_success_at=last_success, recorded=report.recorded
        )
    except OSError as exc:
        logger.bind(file_only=True).warning(
            f"could not write the status file {status_file(demo=demo)}: {exc}"
        )


def record_early_failure(
    exc: AppError, *, database: str | None, demo: bool = False
) -> SyncReport:
    """A ``--sync`` that failed before it could start (settings, credentials
    missing): recorded in the database when known, and in the status file."""
    with run_scope() as run_id:
        report = failed_report(run_id, datetime.now(UTC), exc)
        if database is not None and not isinstance(exc, TenantMismatchError):
            report.recorded = record_outside_run(database, report)
        save_outcome(report, database=database, demo=demo)
    return report


def recent_history(
    url: str, limit: int = 20, *, demo: bool = False, running: bool | None = None
) -> list[Any]:
    """The newest ``limit`` runs as Historial shows them (``app.history``)."""
    from app.history import load_history  # app.history builds on this module

    return load_history(url, limit, demo=demo, running=running).runs


def _file_outcome(url: str, demo: bool) -> RunOutcome | None:
    outcome = read_status_file(demo=demo)
    if outcome is None or outcome.database not in (None, database_label(url)):
        return None
    return outcome


def last_backup(
    url: str, *, demo: bool = False, running: bool | None = None
) -> BackupState:
    """The indicator's state: the newest run (database and status file) and
    when the last successful run ended. A database that cannot be read leaves
    the status file to speak, else raises."""
    if running is None:
        running = sync_running(demo=demo)
    now = datetime.now(UTC)
    file_outcome = _file_outcome(url, demo)  # about this database
    try:
        with open_repository(url) as repo:
            last_success_at, runs = repo.run_overview()
    except AppError as exc:
        if file_outcome is None or file_outcome.status == "success":
            raise
        logger.bind(file_only=True).warning(f"backup state from the file: {exc}")
        last_success_at, runs = read_last_success(demo=demo), []
    return evaluate(
        last_success_at,
        runs,
        running=running,
        now=now,
        file_outcome=read_status_file(demo=demo),  # elsewhere counts too
        database=database_label(url),
    )


def status_stamp(*, demo: bool = False) -> tuple[tuple[int, int] | None, ...]:
    """The status file's and its fallback's (mtime, size): one of them changes
    whenever a run ends."""
    stamps: list[tuple[int, int] | None] = []
    for path in status_files(demo=demo):
        try:
            info = path.stat()
        except OSError:
            stamps.append(None)
        else:
            stamps.append((info.st_mtime_ns, info.st_size))
    return tuple(stamps)


def sync_running(*, demo: bool = False) -> bool:
    """True while any sync (this process or another) holds the sync lock."""
    return is_sync_running(lock_path(demo=demo))


def check_database(url: str, password: str | None = None) -> None:
    """Open and close the database at ``url`` ("Probar base de datos") with
    ``password``, else the stored one; raises DatabaseUnavailable."""
    db = open_database(url, password=password or database_password(url))
    db.close()


_PORT_IN_USE = {errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", 10048)}


class ApiListenError(ConfigError):
    """The REST API cannot listen on ``host:port``; ``in_use`` when another
    program holds the port (else: a host not of this computer, a port the
    system reserves)."""

    def __init__(self, host: str, port: int, exc: OSError) -> None:
        self.host, self.port = host, port
        self.in_use = exc.errno in _PORT_IN_USE
        if self.in_use:
            user = QT_TRANSLATE_NOOP(
                "Mensajes",
                "El puerto {port} ya está en uso por otro programa: la API local "
                "no se inició. Elija otro puerto en Configuración.",
            ).format(port=port)
        else:
            user = QT_TRANSLATE_NOOP(
                "Mensajes",
                "La API local no puede escuchar en {host}:{port}. Revise la "
                "dirección y el puerto en Configuración.",
            ).format(host=host, port=port)
        super().__init__(
            f"the REST API cannot listen on {host}:{port}: {exc.strerror or exc}",
            user_message=user,
        )


@dataclass
class LocalApi:
    """The REST server the window switches on and off live (the Settings toggle).

    ``apply`` starts, restarts or stops the server to match the settings and
    returns ``(url, new_token)``: ``new_token`` is set only when no token existed
    and one was just issued, once the server listens — shown to the user once,
    stored only as a hash. ``new_token()`` replaces the token of the running
    server. The demo (``demo``) serves the demo database, keeps its token's
    hash in memory only and syncs from ``connection`` (the demo simulator).
    """

    demo: bool = False
    connection: Connection | None = None
    tokens: Any = None  # a FileTokenStore, or (demo) a MemoryTokenStore
    server: Any = None
    key: tuple[Any, ...] | None = None

    def __post_init__(self) -> None:
        from app.api.token_store import FileTokenStore, MemoryTokenStore

        if self.tokens is None:
            self.tokens = MemoryTokenStore() if self.demo else FileTokenStore()

    @property
    def running(self) -> bool:
        return self.server is not None and self.server.running

    def apply(
        self, settings: Settings, env: Mapping[str, str]
    ) -> tuple[str | None, str | None]:
        """Match the server to ``settings``; ApiListenError when the port cannot
        be used, ConfigError for a damaged token file, DatabaseUnavailable for
        a database URL nothing answers."""
        from app.api.command import build_app
        from app.api.server import ApiServer

        demo = self.demo
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
        if self.running and key == self.key:
            return self.server.url, None
        self.stop()
        stored = self.tokens.load()
        app = build_app(
            settings, env, demo=demo, token_hash=stored, connection=self.connection
        )
        try:
            server = ApiServer(app, settings.api_host, settings.api_port).start()
        except OSError as exc:
            raise ApiListenError(settings.api_host, settings.api_port, exc) from None
        self.server, self.key = server, key
        # Issued only now: a token shown for a server that did not start would
        # be lost, its hash kept.
        return server.url, (self.new_token() if stored is None else None)

    def new_token(self) -> str:
        """Issue a new token (its hash replaces the old one's) and make the
        running server accept only it; returned to be shown once."""
        from app.api.factory import replace_token_hash

        token = self.tokens.issue()
        register_secret(token)  # masked should any log line ever hold it
        if self.server is not None:
            replace_token_hash(self.server.app, self.tokens.load())
        return token

    def stop(self) -> None:
        """Stop the server if it runs (its threads end)."""
        if self.server is not None:
            self.server.stop()
        self.server, self.key = None, None
