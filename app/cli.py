"""``qbench-backup --sync``: the headless backup the scheduler runs at night.

Exit codes: 0 success; 1 the sync failed (completed pages kept, the error in the
log and in ``ingestion_runs``); 2 usage or configuration error (one line on
stderr); 3 another sync holds the lock; 4 QBench rejected the credentials; 5 the
sync succeeded with entities skipped (QBench answered 403/404 for them: the API
client lacks their scope, or the tenant lacks the endpoint; ``--json`` and the
log name each one and the scope to grant).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager, suppress
from typing import Any, NoReturn, TextIO

from loguru import logger
from tqdm import tqdm

from app import __version__, services
from app.cancel import CancelToken
from app.config import (
    Settings,
    load_settings,
    parse_rate_limit,
    password_in_url_warning,
    require_loadable,
    resolve_settings,
)
from app.credentials import resolve_secret
from app.entities import ALL_ENTITIES, ENTITY_NAMES, dependency_order
from app.errors import (
    EXIT_OK,
    EXIT_SYNC_FAILED,
    EXIT_USAGE,
    AppError,
    ConfigError,
    exit_code_for,
)
from app.i18n import QT_TRANSLATE_NOOP
from app.logs import is_configured, setup_logging
from app.qbench import Wait
from app.qbench.waits import NETWORK, RETRY
from app.services import require_connection, run_sync
from app.storage.db import redact_url, sqlite_path
from app.sync.progress import RunProgress
from app.sync.report import (
    EntityResult,
    SectionDone,
    SectionStarted,
    SyncEvent,
    SyncProgress,
    SyncReport,
)


class _Parser(argparse.ArgumentParser):
    """argparse that remembers its last error (for the ``--json`` line)."""

    last_error = ""

    def error(self, message: str) -> NoReturn:
        self.last_error = message
        super().error(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="qbench-backup",
        description="Keeps a complete copy of a QBench LIMS tenant in your database.",
        epilog="Exit codes: 0 ok, 1 sync failed, 2 usage/configuration, "
        "3 another sync is running, 4 credentials rejected, 5 succeeded with "
        "entities skipped (QBench refused them: grant the API client the scope "
        "the log names).",
    )
    add = parser.add_argument
    add("--version", action="version", version=__version__)
    add("--sync", action="store_true", help="back up now, without a window")
    add("--full", action="store_true", help="read everything, not only changes")
    add(
        "--entities",
        type=_entities_arg,
        help="comma-separated subset, spelled as the table (invoice_items) or "
        f"as QBench's path (invoice-items), of: {', '.join(ALL_ENTITIES)}",
    )
    add(
        "--worksheets",
        action="store_true",
        help="also copy the detailed worksheet of each new or changed test and "
        "batch (one request each; off unless given here or turned on in the "
        "settings window)",
    )
    add("--db-url", help="sqlite:///path or postgresql://user@host:port/db")
    add("--json", action="store_true", help="print one JSON summary line on stdout")
    add(
        "--new-copy",
        action="store_true",
        help="the database holds another QBench tenant's copy: keep that copy "
        "aside and start a fresh copy of this tenant in it",
    )
    add("--demo", action="store_true", help="use the bundled QBench simulator")
    add("--rate-limit", help="requests per window, e.g. 300/60")
    add("--serve", action="store_true", help="serve the local REST API (headless)")
    add(
        "--verify-files",
        action="store_true",
        help="re-hash every archived document (report PDFs) and report missing "
        "or corrupt ones (exit 1 if any)",
    )
    add(
        "--diagnose",
        action="store_true",
        help="print version, folders and keyring backend as JSON, then exit",
    )
    return parser


def diagnose() -> dict[str, Any]:
    """What support needs to know about this installation (no secrets)."""
    from app import paths
    from app.credentials import keyring_status

    usable, backend = keyring_status()
    return {
        "version": __version__,
        "frozen": bool(getattr(sys, "frozen", False)),
        "python": sys.version.split()[0],
        "keyring": {"usable": usable, "backend": backend},
        "config_dir": str(paths.config_dir()),
        "data_dir": str(paths.data_dir()),
        "log_dir": str(paths.log_dir()),
        "default_database": str(paths.default_sqlite_path()),
    }


class UsageError(ConfigError):
    """A bad command line."""


def parse_entities(text: str | None) -> tuple[str, ...] | None:
    """``--entities``: registry names in either spelling (``invoice-items`` or
    ``invoice_items``) in dependency order; None when not given (the default
    set); UsageError naming the known ones on an unknown name, and on a value
    naming none (``""``, ``","``: an empty variable in a script must not start
    a run of everything)."""
    if text is None:
        return None
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise UsageError(
            "--entities: name at least one entity; choose from "
            + ", ".join(ALL_ENTITIES)
        )
    try:
        return dependency_order(names)
    except ValueError as exc:
        raise UsageError(f"--entities: {exc}") from None


def _entities_arg(text: str) -> str:
    """argparse's check of ``--entities``: a bad value is a usage error (exit 2,
    one line) like any other flag's, not a failed backup in Historial."""
    try:
        parse_entities(text)
    except UsageError as exc:
        message = str(exc).removeprefix("--entities: ")
        raise argparse.ArgumentTypeError(message) from None
    return text


def effective_settings(args: argparse.Namespace, env: Mapping[str, str]) -> Settings:
    """Flags > environment > settings file > defaults."""
    flags: dict[str, Any] = {"db_url": args.db_url}
    if getattr(args, "worksheets", False):  # the flag turns them on, never off
        flags["worksheets"] = True
    if args.rate_limit:
        count, seconds = parse_rate_limit(args.rate_limit, source="--rate-limit")
        flags.update(rate_limit_requests=count, rate_limit_seconds=seconds)
    settings = resolve_settings(flags, env, load_settings())
    return require_loadable(settings, source="the settings (file, environment, flags)")


NAME_WIDTH = max(map(len, ALL_ENTITIES))  # the bars line up
BAR_FORMAT = (
    "{desc} {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} pages [{elapsed}{postfix}]"
)


class Progress:
    """A tqdm bar per section on a terminal (stderr); silent otherwise.

    A section's bar counts the pages read so far, out of those plus the pages
    left in the listing being read: when a listing turns out longer than its
    first page announced, or the next listing (the deleted records) begins, the
    total grows, so a bar never counts past its total; it ends at its count. The
    postfix tells the time left for the whole run (``app.sync.progress``: QBench's
    totals and the rate limit), a wait in progress, and at the end what changed.
    Log lines reach the terminal through ``AboveBars`` (tqdm.write), never over
    a bar.
    """

    def __init__(
        self, stream: TextIO | None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.stream = stream if stream is not None and stream.isatty() else None
        self.run = RunProgress(clock)
        self.bar: tqdm | None = None

    def __call__(self, event: SyncEvent) -> None:
        if self.stream is None:
            return
        self.run.feed(event)
        if isinstance(event, SectionStarted):
            self._open(event.entity)
        elif isinstance(event, SyncProgress):
            bar = self.bar if self.bar is not None else self._open(event.entity)
            if event.total_pages is not None:
                left = max(0, event.total_pages - event.page)
                bar.total = event.pages_done + left
            else:  # a page outside any walked listing (the reports sweep)
                bar.total = max(bar.total or 0, event.pages_done)
            bar.n = event.pages_done
            bar.set_postfix_str(_time_left(self.run), refresh=False)
            bar.refresh()
        elif isinstance(event, SectionDone) and self.bar is not None:
            self.bar.total = self.bar.n  # what was read, whatever was announced
            self.bar.set_postfix_str(_outcome(event), refresh=False)
            self._close()
        elif isinstance(event, Wait) and self.bar is not None:
            waiting = self.run.waiting()
            if waiting is not None:
                self.bar.set_postfix_str(_wait_text(*waiting))

    def _open(self, entity: str) -> tqdm:
        self._close()
        self.bar = tqdm(
            total=None,
            desc=f"{entity:<{NAME_WIDTH}}",
            unit="page",
            file=self.stream,
            leave=True,
            dynamic_ncols=True,
            bar_format=BAR_FORMAT,
        )
        return self.bar

    def _close(self) -> None:
        if self.bar is not None:
            self.bar.refresh()
            self.bar.close()
            self.bar = None

    def done(self) -> None:
        self._close()


class AboveBars:
    """The log's console stream on a terminal: each line is printed above the
    progress bar (``tqdm.write`` clears it, prints, draws it again)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.encoding = getattr(stream, "encoding", None)
        self.errors = getattr(stream, "errors", None)

    def write(self, text: str) -> None:
        tqdm.write(text, file=self._stream, end="")

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return True


def _duration(seconds: float) -> str:
    seconds = max(0, math.ceil(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _time_left(run: RunProgress) -> str:
    eta = run.eta()
    if eta is None:
        return ""
    prefix = "at least " if eta.lower_bound else "~"
    return f"run: {prefix}{_duration(eta.seconds)} left"


def _wait_text(wait: Wait, seconds: float) -> str:
    if wait.kind == RETRY:
        why = "network error" if wait.cause == NETWORK else "QBench error"
        return f"retrying in {_duration(seconds)} ({why})"
    return f"waiting {_duration(seconds)} for QBench's rate limit"


def _outcome(done: SectionDone) -> str:
    if done.status != "success":
        return done.status
    parts = [
        f"{count} {word}"
        for count, word in (
            (done.inserted, "new"),
            (done.updated, "updated"),
            (done.deleted, "deleted"),
        )
        if count
    ]
    return ", ".join(parts) or "no changes"


def sync_command(
    args: argparse.Namespace,
    env: Mapping[str, str],
    stdout: TextIO | None,
    stderr: TextIO | None,
) -> int:
    """Run ``--sync`` and return its exit code; every outcome is recorded and,
    with ``--json``, printed as one summary line."""
    database: str | None = args.db_url or None
    try:
        settings = effective_settings(args, env)
        database = database or services.database_url(settings, demo=args.demo)
        terminal = stderr is not None and stderr.isatty()
        setup_logging(
            settings.log_level,
            console=stderr is not None,
            console_level="WARNING",
            console_stream=AboveBars(stderr)
            if stderr is not None and terminal
            else None,
        )
        if warning := password_in_url_warning(settings.db_url):
            logger.warning(warning)
        report = _sync(args, env, settings, stderr)
    except AppError as exc:  # before the sync could start: settings, secret
        if not is_configured():  # failed before the settings set the log up
            setup_logging("INFO", console=stderr is not None, console_level="WARNING")
        recorded = getattr(exc, "report", None)  # a refused tenant: already saved
        report = (
            recorded
            if isinstance(recorded, SyncReport)
            else services.record_early_failure(exc, database=database, demo=args.demo)
        )
    _summary(report, args.json, stdout, stderr)
    if args.demo and not args.json and stdout is not None:
        where = services.resolve_database_url(
            database or services.database_url(Settings(), demo=True)
        )
        entities = [r.entity for r in report.results]
        counts = copy_counts(where, entities) if entities else {}
        stdout.write(demo_summary(report, where, counts) + "\n")
        stdout.flush()
    return report.exit_code


def _sync(
    args: argparse.Namespace,
    env: Mapping[str, str],
    settings: Settings,
    stderr: TextIO | None,
) -> SyncReport:
    entities = parse_entities(args.entities)
    progress = Progress(stderr)
    token = CancelToken()
    with ExitStack() as stack:
        stack.enter_context(_stop_on_signals(token))
        if args.demo:
            from app.demo import demo_tenant

            connection = stack.enter_context(demo_tenant())
        else:
            secret = resolve_secret(settings.client_id, env)
            connection = require_connection(settings, secret)
        report = run_sync(
            settings,
            connection,
            entities=entities,
            full=args.full,
            db_url=args.db_url or None,
            demo=args.demo,
            on_progress=progress,
            new_copy=args.new_copy,
            should_stop=token.is_set,
            sleep=token.sleep,
        )
    progress.done()
    return report


@contextmanager
def _stop_on_signals(token: CancelToken) -> Iterator[None]:
    """Ctrl+C and SIGTERM (a scheduler stopping the task) cancel the sync like
    Cancelar: at once, even in a rate-limit wait, recorded as cancelled, with
    the --json line. Outside the main thread (tests) nothing is installed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    wanted = [signal.SIGINT, signal.SIGTERM]
    previous = {sig: signal.getsignal(sig) for sig in wanted}

    def cancel(signum: int, frame: object) -> None:
        logger.warning(f"{signal.Signals(signum).name}: stopping the sync")
        token.cancel()

    for sig in wanted:
        signal.signal(sig, cancel)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


SECTION_NAMES = ENTITY_NAMES  # the names the window shows (app.entities)


def _plural(count: int, one: str, many: str) -> str:
    return (one if count == 1 else many).format(n=count)


def _section_es(result: EntityResult, count: int | None) -> str:
    """One section of the run in Spanish: the records the copy holds, what
    changed (an incremental run) or what went wrong."""
    name = SECTION_NAMES.get(result.entity, result.entity)
    if result.status == "failed":
        return QT_TRANSLATE_NOOP("Mensajes", "{name}: falló").format(name=name)
    if result.status == "cancelled":
        return QT_TRANSLATE_NOOP("Mensajes", "{name}: cancelada").format(name=name)
    if result.status == "skipped":
        return QT_TRANSLATE_NOOP("Mensajes", "{name}: sin permiso").format(name=name)
    changes = [
        _plural(n, one, many)
        for n, one, many in (
            (
                result.inserted,
                QT_TRANSLATE_NOOP("Mensajes", "{n} nuevo"),
                QT_TRANSLATE_NOOP("Mensajes", "{n} nuevos"),
            ),
            (
                result.updated,
                QT_TRANSLATE_NOOP("Mensajes", "{n} modificado"),
                QT_TRANSLATE_NOOP("Mensajes", "{n} modificados"),
            ),
            (
                result.deleted,
                QT_TRANSLATE_NOOP("Mensajes", "{n} eliminado"),
                QT_TRANSLATE_NOOP("Mensajes", "{n} eliminados"),
            ),
        )
        if n
    ]
    what = ", ".join(changes) or QT_TRANSLATE_NOOP("Mensajes", "sin cambios")
    if count is None:
        return f"{name}: {what}"
    return f"{name}: {count}" if result.mode == "full" else f"{name}: {count} ({what})"


def copy_counts(database: str, entities: list[str]) -> dict[str, int]:
    """The live records the copy holds per entity (empty if it cannot be read)."""
    try:
        with services.open_repository(database) as repo:
            return {entity: repo.count(entity) for entity in entities}
    except Exception as exc:  # a summary line must not fail the run
        logger.bind(file_only=True).warning(f"demo summary without counts: {exc}")
        return {}


def demo_summary(
    report: SyncReport, database: str, counts: Mapping[str, int] | None = None
) -> str:
    """The line ``--demo --sync`` ends with, in Spanish: per section the records
    the copy holds (``counts``) and, on an incremental run, what changed; why
    the run did not succeed; where the demo database is."""
    counts = counts or {}
    heading = {
        "success": QT_TRANSLATE_NOOP("Mensajes", "Respaldo de demostración terminado"),
        "partial": QT_TRANSLATE_NOOP(
            "Mensajes", "Respaldo de demostración terminado con secciones sin permiso"
        ),
        "cancelled": QT_TRANSLATE_NOOP(
            "Mensajes", "Respaldo de demostración cancelado"
        ),
    }.get(
        report.status,
        QT_TRANSLATE_NOOP("Mensajes", "El respaldo de demostración falló"),
    )
    text = heading
    if report.results:
        text += ". " + "; ".join(
            _section_es(r, counts.get(r.entity)) for r in report.results
        )
    if counts:
        total = sum(counts.values())
        held = _plural(
            total,
            QT_TRANSLATE_NOOP("Mensajes", "{n} registro"),
            QT_TRANSLATE_NOOP("Mensajes", "{n} registros"),
        )
        text += ". " + QT_TRANSLATE_NOOP("Mensajes", "En la copia: {held}").format(
            held=held
        )
    if reason := " ".join(report.reason().split()):
        text += f". {reason.rstrip('.')}"
    path = sqlite_path(database)
    where = (
        QT_TRANSLATE_NOOP("Mensajes", "archivo {path}").format(path=path)
        if path is not None
        else redact_url(database)
    )
    return (
        text
        + ". "
        + QT_TRANSLATE_NOOP(
            "Mensajes", "Base de datos de demostración: {where}"
        ).format(where=where)
    )


SKIP_CAUSES = {
    "forbidden": "QBench answered 403: grant the API client the scopes {scopes}",
    "missing": "QBench answered 404: the tenant has no such list",
    "parent": "the list they are read under was skipped",
}


def _skipped_lines(results: list[EntityResult]) -> list[str]:
    """The skipped entities, one stderr line per cause (a lone one keeps its
    own line with QBench's answer)."""
    groups: dict[str | None, list[EntityResult]] = {}
    for result in results:
        if result.status == "skipped":
            groups.setdefault(result.skip, []).append(result)
    lines = []
    for skip, group in groups.items():
        if len(group) == 1 or skip not in SKIP_CAUSES:
            lines.extend(f"{r.entity}: skipped: {r.error or ''}" for r in group)
            continue
        scopes = ", ".join(dict.fromkeys(r.scope or "?" for r in group))
        cause = SKIP_CAUSES[skip].format(scopes=scopes)
        names = ", ".join(r.entity for r in group)
        lines.append(f"skipped {len(group)} entities ({cause}): {names}")
    return lines


def _summary(
    report: SyncReport, as_json: bool, stdout: TextIO | None, stderr: TextIO | None
) -> None:
    if as_json and stdout is not None:
        stdout.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
        stdout.flush()
    if stderr is not None and report.status != "success":
        # An entity that failed of the run's own cause is said once, below.
        failed = [
            r
            for r in report.results
            if r.status not in ("success", "skipped")
            and not (report.error and r.error == report.error)
        ]
        for result in failed:
            stderr.write(f"{result.entity}: {result.status}: {result.error or ''}\n")
        for line in _skipped_lines(report.results):
            stderr.write(line + "\n")
        if report.error:
            stderr.write(f"qbench-backup: {report.error}\n")
        stderr.flush()


def main(argv: list[str] | None = None, env: Mapping[str, str] | None = None) -> int:
    """Parse the command line and run it; never raises for a known failure."""
    env = os.environ if env is None else env
    stdout, stderr = sys.stdout, sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse printed the message already
        code = int(exc.code or 0) and EXIT_USAGE
        if code and "--json" in (sys.argv[1:] if argv is None else argv):
            reason = getattr(parser, "last_error", "") or "bad command line"
            _failure_json(
                stdout,
                code,
                f"usage error: {reason}",
                QT_TRANSLATE_NOOP(
                    "Mensajes",
                    "La orden tiene una opción no válida: revise la tarea "
                    "programada (qbench-backup --help lista las opciones).",
                ),
            )
        return code
    if args.diagnose:
        if stdout is not None:
            stdout.write(json.dumps(diagnose()) + "\n")
        return 0
    try:
        if args.sync:
            return sync_command(args, env, stdout, stderr)
        if args.verify_files:
            return verify_files_command(args, env, stdout, stderr)
        if args.serve:
            from app.api.command import serve_command

            return serve_command(args, env, stdout, stderr)
        from app.ui.preflight import start_window

        return start_window(args, env)
    except AppError as exc:
        if not is_configured():  # the settings failed before logging was set up
            with suppress(OSError):
                setup_logging(
                    "INFO", console=stderr is not None, console_level="WARNING"
                )
        what = "sync not run" if args.sync or args.serve else "window not opened"
        logger.bind(file_only=True).error(f"{what}: {exc}")
        if stderr is not None:
            stderr.write(f"qbench-backup: {exc}\n")
        if args.json:
            _failure_json(stdout, exit_code_for(exc), str(exc), exc.user_message)
        return exit_code_for(exc)


def verify_files_command(
    args: argparse.Namespace,
    env: Mapping[str, str],
    stdout: TextIO | None,
    stderr: TextIO | None,
) -> int:
    """``--verify-files``: re-hash every archived document; one line (and with
    ``--json`` one JSON line) naming the missing and corrupt ones; exit 0 when
    all are intact, 1 otherwise. AppError (the database) propagates."""
    settings = effective_settings(args, env)
    setup_logging(
        settings.log_level, console=stderr is not None, console_level="WARNING"
    )
    database = args.db_url or services.database_url(settings, demo=args.demo)
    folder = services.documents_folder(settings, demo=args.demo)
    bar: tqdm | None = None
    if stderr is not None and stderr.isatty():
        bar = tqdm(desc="verifying", unit="file", file=stderr, dynamic_ncols=True)

    def tick(done: int, total: int) -> None:
        if bar is not None:
            bar.total, bar.n = total, done
            bar.refresh()

    try:
        check = services.verify_files(database, folder, tick)
    finally:
        if bar is not None:
            bar.close()

    def named(versions: list) -> list[str]:
        return [f"{v.entity}/{v.qbench_id} {v.sha256}" for v in versions]

    if stderr is not None:
        state = (
            "all intact"
            if check.ok
            else (f"{len(check.missing)} missing, {len(check.corrupt)} corrupt")
        )
        stderr.write(f"{check.checked} file(s) in {folder}: {state}\n")
        for line in named(check.missing):
            stderr.write(f"missing: {line}\n")
        for line in named(check.corrupt):
            stderr.write(f"corrupt: {line}\n")
    if args.json and stdout is not None:
        summary = {
            "checked": check.checked,
            "folder": str(folder),
            "missing": named(check.missing),
            "corrupt": named(check.corrupt),
            "exit_code": EXIT_OK if check.ok else EXIT_SYNC_FAILED,
        }
        stdout.write(json.dumps(summary, ensure_ascii=False) + "\n")
    return EXIT_OK if check.ok else EXIT_SYNC_FAILED


def _failure_json(
    stdout: TextIO | None, code: int, error: str, user_message: str | None = None
) -> None:
    """The ``--json`` line of a run that stopped before it began: same keys as a
    report's, plus the exit code."""
    if stdout is None:
        return
    summary = {
        "run_id": None,
        "status": "failed",
        "exit_code": code,
        "started_at": None,
        "finished_at": None,
        "error": error,
        "user_message": user_message,
        "entities": [],
        "totals": dict.fromkeys(
            ("fetched", "inserted", "updated", "deleted", "requests"), 0
        ),
    }
    stdout.write(json.dumps(summary, ensure_ascii=False) + "\n")
    stdout.flush()
