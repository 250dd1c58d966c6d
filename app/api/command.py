"""``qbench-backup --serve``: the local REST API without a window (issue 5)."""

from __future__ import annotations

import argparse
import signal
import threading
from collections.abc import Mapping
from pathlib import Path
from types import EllipsisType
from typing import Any, TextIO

from flask import Flask
from loguru import logger

from app.api.auth import TokenHash
from app.api.factory import create_app
from app.api.server import ApiServer
from app.api.token_store import issue_token, load_token_hash, token_file
from app.config import (
    Settings,
    cors_origins,
    load_settings,
    password_in_url_warning,
    resolve_settings,
)
from app.errors import EXIT_OK, EXIT_USAGE, AppError, ConfigError
from app.i18n import QT_TRANSLATE_NOOP
from app.locking import file_lock_held
from app.run_state import read_status_file
from app.storage.db import (
    database_handle,
    database_label,
    open_database,
    sqlite_path,
)
from app.storage.migrations import migrate


def _say(stream: TextIO | None, text: str) -> None:
    if stream is not None:
        stream.write(text + "\n")
        stream.flush()


def lock_held(path: Path) -> bool:
    """True when another process holds the sync lock file (the API may not import
    ``app.sync``; syncs this process starts are tracked by ``BackgroundSync``)."""
    return file_lock_held(path)


class BackgroundSync:
    """Runs ``services.run_sync`` in a thread when the API asks for a sync.

    ``connection`` (the demo simulator's) replaces the one the settings and the
    keyring give; with ``demo`` the sync writes the demo database."""

    def __init__(
        self,
        settings: Settings,
        env: Mapping[str, str],
        lock: Path,
        *,
        demo: bool = False,
        connection: Any = None,
    ):
        self.settings, self.env, self.lock = settings, env, lock
        self.demo, self.connection = demo, connection
        self._thread: threading.Thread | None = None

    def running(self) -> bool:
        """True while our sync thread runs or another process holds the lock."""
        mine = self._thread is not None and self._thread.is_alive()
        return mine or lock_held(self.lock)

    def _run(self) -> None:
        from app.credentials import resolve_secret
        from app.services import (
            database_url,
            record_early_failure,
            require_connection,
            run_sync,
        )

        demo = self.demo
        try:
            connection = self.connection
            if connection is None and demo:  # never the real tenant into the demo
                raise ConfigError(
                    "a demo sync needs the demo simulator, which only the window "
                    "(--demo) and --sync --demo start; --serve --demo cannot sync",
                    user_message=QT_TRANSLATE_NOOP(
                        "Mensajes",
                        "La demostración se actualiza desde la ventana "
                        "(qbench-backup --demo) o con qbench-backup --demo --sync.",
                    ),
                )
            if connection is None:
                secret = resolve_secret(self.settings.client_id, self.env)
                connection = require_connection(self.settings, secret)
            run_sync(self.settings, connection, demo=demo)
        except AppError as exc:  # run_sync records its own failures; not these
            logger.error(f"sync started from the REST API not run: {exc}")
            if getattr(exc, "report", None) is None:  # a refused tenant is saved
                record_early_failure(
                    exc, database=database_url(self.settings, demo=demo), demo=demo
                )

    def __call__(self) -> None:
        self._thread = threading.Thread(target=self._run, name="api-sync", daemon=True)
        self._thread.start()


def build_app(
    settings: Settings,
    env: Mapping[str, str],
    *,
    demo: bool = False,
    token_hash: TokenHash | None | EllipsisType = ...,
    connection: Any = None,
) -> Flask:
    """The API app for ``settings``: database migrated, token hash loaded (from
    the token file unless ``token_hash`` is given). ``connection`` is the one
    ``POST /sync`` copies from (the demo simulator); default: the settings'.

    A database that cannot be opened or migrated now (server down, wrong
    password, unreadable file) does not stop the API: ``/sync/status`` says why
    and data routes answer 503 until it is back, so a monitor sees the failure.
    Raises DatabaseUnavailable for a URL no database could answer (an
    unsupported scheme) and ConfigError (both exit code 2).
    """
    from app.services import database_password, database_url, lock_path
    from app.storage.errors import storage_errors

    url = database_url(settings, demo=demo)
    password = database_password(url, env)
    db = database_handle(url, password=password)

    def prepare() -> None:
        with storage_errors():
            opened = open_database(url, password=password)
            try:
                migrate(opened, sqlite_path=sqlite_path(url))
            finally:
                opened.close()

    ready = True
    try:
        prepare()
    except AppError as exc:
        ready = False
        logger.warning(
            f"the backup database is unavailable; serving the status only until "
            f"it is back: {exc}"
        )
    syncer = BackgroundSync(
        settings, env, lock_path(demo=demo), demo=demo, connection=connection
    )
    if token_hash is ...:
        token_hash = load_token_hash()
    return create_app(
        db,
        prepare=prepare,
        database_ready=ready,
        token_hash=token_hash,
        sync_running=syncer.running,
        trigger_sync=syncer if settings.api_allow_sync else None,
        cors_origins=cors_origins(settings.api_cors_origins),
        status_file=lambda: read_status_file(demo=demo),
        database_label=database_label(url),
    )


def _wait_for_signal(stop: threading.Event) -> None:
    def handler(signum: int, frame: object) -> None:
        stop.set()

    previous = {
        sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)
    }
    try:
        while not stop.wait(0.5):
            pass
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def serve_command(
    args: argparse.Namespace,
    env: Mapping[str, str],
    stdout: TextIO | None,
    stderr: TextIO | None,
) -> int:
    """Serve the REST API until SIGINT/SIGTERM; 2 for settings or database problems."""
    from app.logs import setup_logging

    flags = {"db_url": getattr(args, "db_url", None) or None}
    settings = resolve_settings(flags, env, load_settings())
    setup_logging(settings.log_level, console=stderr is not None, console_level="INFO")
    if warning := password_in_url_warning(settings.db_url):
        logger.warning(warning)
    if load_token_hash() is None:
        token = issue_token()
        _say(stdout, f"API token (shown only now; keep it safe): {token}")
        _say(stdout, f"its hash is stored in {token_file()}")
    app = build_app(settings, env, demo=bool(getattr(args, "demo", False)))
    server = ApiServer(app, settings.api_host, settings.api_port)
    try:
        server.start()
    except OSError as exc:
        _say(stderr, f"qbench-backup: cannot listen on {settings.api_host}:"
             f"{settings.api_port}: {exc}")  # fmt: skip
        return EXIT_USAGE
    _say(stdout, f"serving {server.url}/api/v1/docs (Ctrl+C to stop)")
    try:
        _wait_for_signal(threading.Event())
    finally:
        server.stop()
    return EXIT_OK
