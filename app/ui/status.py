"""The last-backup indicator: colour and Spanish text, as pure functions (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

GREEN = "#2e7d32"
AMBER = "#f9a825"
RED = "#c62828"
GREY = "#757575"
STALE_AFTER = timedelta(hours=36)


@dataclass(frozen=True)
class Indicator:
    """What the window shows for the last backup."""

    colour: str
    text: str
    reason: str = ""  # why the last run failed (empty otherwise)


def format_local(moment: datetime) -> str:
    """``28/11/2026 14:05`` in the computer's time zone."""
    return moment.astimezone().strftime("%d/%m/%Y %H:%M")


def indicator(
    last_success_at: datetime | None,
    last_status: str | None,
    reason: str | None,
    now: datetime,
    stale_after: timedelta = STALE_AFTER,
) -> Indicator:
    """Green: a recent success; amber: an old one; red: the last run failed."""
    when = format_local(last_success_at) if last_success_at else "nunca"
    text = f"Último respaldo: {when}"
    if last_status == "failed":
        return Indicator(RED, f"{text} · la última actualización falló", reason or "")
    if last_status == "cancelled":
        text += " · la última actualización se canceló"
    if last_success_at is None:
        colour = AMBER if last_status == "cancelled" else GREY
        return Indicator(colour, text)
    if now - last_success_at > stale_after:
        return Indicator(AMBER, f"{text} · hace más de {_hours(stale_after)} h")
    return Indicator(AMBER if last_status == "cancelled" else GREEN, text)


def _hours(delta: timedelta) -> int:
    return int(delta.total_seconds() // 3600)


def eta_text(pages_done: int, total_pages: int | None, elapsed_seconds: float) -> str:
    """``~12 s`` / ``~3 min`` left at the pace measured so far; empty if unknown."""
    if not total_pages or pages_done <= 0 or elapsed_seconds <= 0:
        return ""
    if pages_done >= total_pages:
        return ""
    left = (total_pages - pages_done) * elapsed_seconds / pages_done
    if left < 90:
        return f"~{max(1, round(left))} s"
    return f"~{round(left / 60)} min"
