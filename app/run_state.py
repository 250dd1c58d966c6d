"""What the last-backup indicator and the REST status say, and the status file.

Every run ends in a ``RunOutcome``. The backup database keeps it (the run's
``ingestion_runs`` row with ``entity = '*'``); the status file in the data
folder keeps the newest one too, and the last ``MAX_UNRECORDED`` the database
could not take (unreachable, read-only, full, bad settings), so they are still
seen by the window, Historial and ``--serve``, and the next run that can write
the database adopts them all. ``evaluate`` turns the newest outcome and the
last success into one of the ``STATES``; the window colours them, the REST API
returns them.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from app import paths
from app.i18n import QT_TRANSLATE_NOOP

# Version 1 throughout: later keys (recorded, unrecorded) only add to it, and a
# reader that knows only the newest outcome at the top still reads it.
STATUS_FILE_VERSION = 1
MAX_UNRECORDED = 20  # outcomes no database took, kept until one takes them
STALE_AFTER = timedelta(hours=36)
# never: no run yet; ok: the newest run succeeded recently; stale: it succeeded
# longer ago than STALE_AFTER; partial: the newest run copied every entity it
# was allowed to read but skipped some (403/404: a scope the API client lacks);
# failed / cancelled / interrupted: the newest run.
STATES = (
    "never",
    "ok",
    "stale",
    "partial",
    "elsewhere",
    "failed",
    "cancelled",
    "interrupted",
)
INTERRUPTED_TEXT = QT_TRANSLATE_NOOP(
    "Mensajes",
    "La actualización anterior se interrumpió (el programa o el equipo se cerró "
    "mientras copiaba). Lo ya copiado se conserva; la próxima actualización sigue "
    "desde ahí.",
)
# How a run can end (RunOutcome.status, the REST API's last_run.status).
OUTCOME_STATUSES = (
    "running",
    "success",
    "partial",
    "failed",
    "cancelled",
    "interrupted",
)
PARTIAL_TEXT = QT_TRANSLATE_NOOP(
    "Mensajes",
    "La última actualización omitió secciones sin permiso; el resto se copió.",
)
CANCELLED_TEXT = QT_TRANSLATE_NOOP(
    "Mensajes", "La última actualización se canceló; se conservan los datos copiados."
)


@dataclass(frozen=True)
class RunOutcome:
    """How one run ended (``status``: running, success, partial — every entity
    copied but some skipped for lack of permission —, failed, cancelled,
    interrupted); times are aware UTC."""

    run_id: str
    status: str
    started_at: datetime
    finished_at: datetime | None = None
    error: str | None = None  # English, for logs and support
    user_message: str | None = None  # Spanish, for the window
    exit_code: int | None = None
    database: str | None = None  # redacted URL; None: not known (bad settings)

    @property
    def moment(self) -> datetime:
        """When it ended (or began, while running): what "newest" compares."""
        return self.finished_at or self.started_at

    def to_json(self) -> dict[str, Any]:
        """JSON-ready: ISO 8601 times."""
        data = asdict(self)
        for key in ("started_at", "finished_at"):
            data[key] = data[key].isoformat() if data[key] else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RunOutcome:
        """The inverse of ``to_json``; ValueError/KeyError/TypeError on junk."""
        values = {f.name: data.get(f.name) for f in fields(cls)}
        for key in ("started_at", "finished_at"):
            if values[key] is not None:
                values[key] = aware(datetime.fromisoformat(values[key]))
        if not isinstance(values["run_id"], str) or values["started_at"] is None:
            raise ValueError("not a run outcome")
        return cls(**values)


def aware(moment: datetime | None) -> datetime | None:
    """A naive UTC datetime (as the database keeps them) made aware."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def status_file(*, demo: bool = False) -> Path:
    """``last-run.json`` in the data folder (``last-run-demo.json`` for --demo)."""
    return paths.data_dir() / ("last-run-demo.json" if demo else "last-run.json")


def fallback_status_file(*, demo: bool = False) -> Path:
    """Where the outcome goes when the data folder refuses it (read-only, full):
    a per-user folder in the system's temporary folder, named after the data
    folder it stands in for, so a failure there is still seen. Readers look at
    both and take the newer; the next write that reaches the data folder takes
    its outcomes over and removes it."""
    data = paths.data_dir()
    key = hashlib.sha256(str(data).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    user = re.sub(r"[^A-Za-z0-9_.-]", "_", getpass.getuser() or "user")
    folder = Path(tempfile.gettempdir()) / f"qbench-backup-{user}-{key}"
    return folder / status_file(demo=demo).name


def status_files(*, demo: bool = False) -> tuple[Path, Path]:
    """The status file and its fallback (both may exist)."""
    return status_file(demo=demo), fallback_status_file(demo=demo)


def write_status_file(
    outcome: RunOutcome,
    *,
    demo: bool = False,
    last_success_at: datetime | None = None,
    recorded: bool = True,
) -> None:
    """Replace the status file atomically; OSError when the folder refuses it.
    ``last_success_at``: when the last successful run into the same database
    ended, so a window that cannot read that database still shows it.
    ``recorded``: whether the database took this outcome. The outcomes before it
    that no database took stay in the file (the newest ``MAX_UNRECORDED``), so
    consecutive failures do not overwrite each other."""
    kept = [o for o in read_unrecorded(demo=demo) if o.run_id != outcome.run_id]
    room = MAX_UNRECORDED - (0 if recorded else 1)
    _write(outcome, recorded, kept[-room:] if room > 0 else [], last_success_at, demo)


def _write(
    outcome: RunOutcome,
    recorded: bool,
    unrecorded: list[RunOutcome],
    last_success_at: datetime | None,
    demo: bool,
) -> None:
    body = {
        "version": STATUS_FILE_VERSION,
        **outcome.to_json(),
        "last_success_at": iso(last_success_at),
        "recorded": recorded,
        "unrecorded": [o.to_json() for o in unrecorded],
    }
    # ASCII: a path or message with lone surrogates (odd file names) is kept.
    text = json.dumps(body, indent=1)
    primary, fallback = status_files(demo=demo)
    try:
        _replace(primary, text)
    except OSError:  # the data folder refuses it: never lose the outcome
        fallback.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _replace(fallback, text)
        return
    fallback.unlink(missing_ok=True)  # its outcomes were carried over


def _replace(path: Path, text: str) -> None:
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(text, "ascii")
        os.replace(temp, path)
    finally:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)


def _read_body(demo: bool) -> dict[str, Any] | None:
    """The newer of the status file and its fallback; the older one's outcomes
    that no database took are kept in the answer's ``unrecorded``."""
    bodies = [b for b in map(_read_one, status_files(demo=demo)) if b is not None]
    if not bodies:
        return None
    bodies.sort(key=_body_moment)
    newest = dict(bodies[-1])
    for older in bodies[:-1]:
        top = _outcome(older)
        extra = list(older.get("unrecorded") or [])
        if top is not None and older.get("recorded") is not True:
            extra.append(older)
        newest["unrecorded"] = [*extra, *(newest.get("unrecorded") or [])]
        if not newest.get("last_success_at"):
            newest["last_success_at"] = older.get("last_success_at")
    return newest


def _read_one(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and _outcome(data) is not None else None


def _body_moment(data: dict[str, Any]) -> datetime:
    outcome = _outcome(data)
    return outcome.moment if outcome is not None else datetime.min.replace(tzinfo=UTC)


def _outcome(data: Any) -> RunOutcome | None:
    try:
        return RunOutcome.from_json(data)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def read_status_file(*, demo: bool = False) -> RunOutcome | None:
    """The newest outcome in the status file, or None when absent or unreadable."""
    data = _read_body(demo)
    return _outcome(data) if data is not None else None


def read_status_outcomes(*, demo: bool = False) -> list[RunOutcome]:
    """Every outcome the status file holds, oldest first: those no database
    took, then the newest (taken or not)."""
    data = _read_body(demo)
    newest = _outcome(data) if data is not None else None
    if data is None or newest is None:
        return []
    return [*_unrecorded_list(data, newest), newest]


def read_unrecorded(*, demo: bool = False) -> list[RunOutcome]:
    """The outcomes in the status file that no database took yet, oldest first.
    A file written before this was kept (one outcome, no ``recorded``) counts
    its outcome as not taken: adopting it again is harmless."""
    data = _read_body(demo)
    newest = _outcome(data) if data is not None else None
    if data is None or newest is None:
        return []
    older = _unrecorded_list(data, newest)
    return older if data.get("recorded") is True else [*older, newest]


def _unrecorded_list(data: dict[str, Any], newest: RunOutcome) -> list[RunOutcome]:
    items = data.get("unrecorded")
    found = [_outcome(item) for item in items] if isinstance(items, list) else []
    return [o for o in found if o is not None and o.run_id != newest.run_id]


def mark_recorded(run_ids: Iterable[str], *, demo: bool = False) -> None:
    """The database took these outcomes: the file stops listing them as not
    taken; OSError when the folder refuses the rewrite."""
    data = _read_body(demo)
    newest = _outcome(data) if data is not None else None
    if data is None or newest is None:
        return
    done = set(run_ids)
    before = _unrecorded_list(data, newest)
    older = [o for o in before if o.run_id not in done]
    recorded = data.get("recorded") is True or newest.run_id in done
    if older == before and recorded == (data.get("recorded") is True):
        return  # nothing changes: the file (and its time stamp) stays as it is
    _write(newest, recorded, older, read_last_success(demo=demo), demo)


def read_last_success(*, demo: bool = False) -> datetime | None:
    """``last_success_at`` of the status file (None: absent, unreadable, never)."""
    data = _read_body(demo)
    try:
        value = data.get("last_success_at") if data is not None else None
        return aware(datetime.fromisoformat(value)) if value else None
    except (ValueError, TypeError, AttributeError):
        return None


@dataclass(frozen=True)
class BackupState:
    """The indicator's state, the last success and the run that decided it."""

    state: str = "never"
    last_success_at: datetime | None = None  # aware UTC
    last_run: RunOutcome | None = None
    reason: str = ""  # Spanish: why the state is not ok (empty when ok)

    def to_json(self) -> dict[str, Any]:
        """The ``backup`` object of ``GET /api/v1/sync/status``."""
        run = self.last_run
        return {
            "state": self.state,
            "last_success_at": iso(self.last_success_at),
            "reason": self.reason or None,
            "last_run": run.to_json() if run is not None else None,
        }


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 with offset, or None."""
    return moment.isoformat() if moment is not None else None


def newest(*outcomes: RunOutcome | None) -> RunOutcome | None:
    """The outcome that ended last (the database wins a tie: it has more)."""
    found = [o for o in outcomes if o is not None]
    return max(found, key=lambda o: o.moment) if found else None


def evaluate(
    last_success_at: datetime | None,
    runs: Iterable[RunOutcome],
    *,
    running: bool,
    now: datetime,
    file_outcome: RunOutcome | None = None,
    database: str | None = None,
    stale_after: timedelta = STALE_AFTER,
) -> BackupState:
    """The state from the newest runs in the database and the status file.

    ``runs``: the newest finished run and any still marked ``running``. One
    still ``running`` while no sync holds the lock died (kill -9, power loss):
    it counts as interrupted. While a sync runs, the run before it decides. The
    status file counts when it is about this database (or about no known
    database: settings too bad to say which); a newer outcome there about
    another database (the scheduled run used another one) turns the state red
    when it failed, amber otherwise.
    """
    elsewhere = None
    if file_outcome is not None and file_outcome.database not in (None, database):
        elsewhere, file_outcome = file_outcome, None
    state = _evaluate_here(
        last_success_at, runs, running, now, file_outcome, stale_after
    )
    if elsewhere is None or elsewhere.status == "running":
        return state
    if state.last_run is not None and state.last_run.moment >= elsewhere.moment:
        return state
    # The newest run (a scheduled --sync with QBENCH_BACKUP_DB_URL, say) wrote
    # into another database than the one shown: never green over it.
    if elsewhere.status == "failed":
        reason = QT_TRANSLATE_NOOP(
            "Mensajes",
            "La última actualización usó otra base de datos ({database}) y "
            "falló: {reason}",
        ).format(
            database=elsewhere.database,
            reason=elsewhere.user_message
            or QT_TRANSLATE_NOOP("Mensajes", "sin detalle."),
        )
        return BackupState("failed", state.last_success_at, elsewhere, reason)
    reason = QT_TRANSLATE_NOOP(
        "Mensajes",
        "La última actualización se guardó en otra base de datos ({other}), no "
        "en la que se muestra aquí ({shown}).",
    ).format(other=elsewhere.database, shown=database)
    return BackupState("elsewhere", state.last_success_at, elsewhere, reason)


def _evaluate_here(
    last_success_at: datetime | None,
    runs: Iterable[RunOutcome],
    running: bool,
    now: datetime,
    file_outcome: RunOutcome | None,
    stale_after: timedelta,
) -> BackupState:
    if file_outcome is not None:  # the same run: the file also has the exit code
        same = [
            r for r in runs if r.run_id == file_outcome.run_id and r.status != "running"
        ]
        if same:  # the database's word (it knows entities still failing) wins
            file_outcome = replace(
                same[0],
                exit_code=file_outcome.exit_code,
                database=file_outcome.database,
            )
        runs = [r for r in runs if r.run_id != file_outcome.run_id]
    candidates = [
        _interrupted(run) if run.status == "running" else run
        for run in (*runs, file_outcome)
        if run is not None and not (run.status == "running" and running)
    ]
    successes = [r.moment for r in candidates if r.status == "success"]
    last_success_at = max(filter(None, (last_success_at, *successes)), default=None)
    run = newest(*candidates)
    if run is None:
        return BackupState("never", last_success_at)
    if run.status == "success":
        if now - (last_success_at or run.moment) > stale_after:
            hours = int(stale_after.total_seconds() // 3600)
            reason = QT_TRANSLATE_NOOP(
                "Mensajes", "El último respaldo correcto tiene más de {hours} horas."
            ).format(hours=hours)
            return BackupState("stale", last_success_at, run, reason)
        return BackupState("ok", last_success_at, run)
    if run.status == "partial":  # amber: what the client may read is copied
        reason = run.user_message or PARTIAL_TEXT
        return BackupState("partial", last_success_at, run, reason)
    if run.status == "interrupted":
        return BackupState("interrupted", last_success_at, run, INTERRUPTED_TEXT)
    if run.status == "cancelled":
        return BackupState("cancelled", last_success_at, run, CANCELLED_TEXT)
    reason = run.user_message or QT_TRANSLATE_NOOP(
        "Mensajes", "La última actualización falló."
    )
    return BackupState("failed", last_success_at, run, reason)


def _interrupted(run: RunOutcome) -> RunOutcome:
    return RunOutcome(
        run.run_id,
        "interrupted",
        run.started_at,
        run.finished_at,
        run.error or "interrupted: the process ended before the run finished",
        INTERRUPTED_TEXT,
        run.exit_code,
        run.database,
    )
