"""The last-backup indicator: colour and Spanish text, as pure functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication

from app.i18n import QT_TRANSLATE_NOOP
from app.run_state import STALE_AFTER, BackupState
from app.ui.i18n import translated

GREEN = "#2e7d32"
AMBER = "#f9a825"
RED = "#c62828"
AMBER_TEXT = "#8d5a00"  # amber dark enough to read as text on white
GREY = "#757575"


@dataclass(frozen=True)
class Indicator:
    """What the window shows for the last backup."""

    colour: str
    text: str
    reason: str = ""  # why the state is not green (empty otherwise)
    state: str = ""  # one of app.run_state.STATES


def format_local(moment: datetime) -> str:
    """``28/11/2026 14:05`` in the computer's time zone."""
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


COLOURS = {
    "ok": GREEN,
    "stale": AMBER,
    "partial": AMBER,
    "elsewhere": AMBER,
    "cancelled": AMBER,
    "interrupted": AMBER,
    "failed": RED,
    "never": GREY,
}
SUFFIX = {
    "stale": QT_TRANSLATE_NOOP("Indicator", " · hace más de {hours} h"),
    "partial": QT_TRANSLATE_NOOP("Indicator", " · se omitieron secciones sin permiso"),
    "elsewhere": QT_TRANSLATE_NOOP(
        "Indicator", " · la última actualización usó otra base de datos"
    ),
    "cancelled": QT_TRANSLATE_NOOP(
        "Indicator", " · la última actualización se canceló"
    ),
    "interrupted": QT_TRANSLATE_NOOP(
        "Indicator", " · la última actualización se interrumpió"
    ),
    "failed": QT_TRANSLATE_NOOP("Indicator", " · la última actualización falló"),
}


def indicator(state: BackupState, stale_after: timedelta = STALE_AFTER) -> Indicator:
    """Green: the newest run succeeded recently; red: it failed (the reason
    below); amber: it was cancelled or interrupted, it skipped entities the API
    client may not read (``partial``: the time is that run's, which copied all
    the rest), or the last success is old."""
    last = state.last_success_at
    if state.state == "partial" and state.last_run is not None:
        last = state.last_run.moment
    when = (
        format_local(last) if last else QCoreApplication.translate("Indicator", "nunca")
    )
    suffix = SUFFIX.get(state.state)
    suffix_text = translated(suffix.format(hours=_hours(stale_after))) if suffix else ""
    reason = "" if state.state in ("ok", "never") else translated(state.reason)
    return Indicator(
        COLOURS.get(state.state, GREY),
        QCoreApplication.translate("Indicator", "Último respaldo: {when}").format(
            when=when
        )
        + suffix_text,
        reason,
        state.state,
    )


def reason_colour(colour: str) -> str:
    """The colour of the reason under an indicator of ``colour``: red under
    red, a readable dark amber under amber (and anything else)."""
    return RED if colour == RED else AMBER_TEXT


def _hours(delta: timedelta) -> int:
    return int(delta.total_seconds() // 3600)
