"""Parse the date formats QBench sends (README §5.3) into naive datetimes.

QBench gives no time zone: ``MM/DD/YYYY hh:mm AM/PM`` and ``MM/DD/YYYY`` are the
lab's wall-clock time, and we store them naive, exactly as QBench shows them.
Values that do carry a zone (unix epochs, RFC 1123 ``GMT``, ISO 8601 with an
offset) are converted to ``lab_tz`` when the caller knows it, else to UTC, and
then made naive too. Null, blank and unparseable values give ``None``.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime
from typing import Any

# MM/DD/YYYY, optionally with hh:mm[:ss] and AM/PM (a hand-rolled match is ~10x
# faster than strptime, and a full sync parses millions of these).
_LOCAL = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{4})"
    r"(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])[Mm])?)?$"
)
_EPOCH = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_RFC1123 = re.compile(r"^[A-Za-z]{3}, \d{1,2} [A-Za-z]{3} \d{4} ")
# Larger than any plausible epoch in seconds: treat as milliseconds.
_MILLIS_THRESHOLD = 100_000_000_000
# The unix seconds a datetime (years 1 to 9999) can show.
MIN_EPOCH, MAX_EPOCH = -62_135_596_800, 253_402_300_799


def is_blank(value: Any) -> bool:
    """True for the values that mean "no date": None and empty/blank strings."""
    return value is None or (isinstance(value, str) and not value.strip())


def parse_qbench_datetime(value: Any, lab_tz: tzinfo | None = None) -> datetime | None:
    """A naive datetime from any QBench date value, or None if blank or garbage."""
    if is_blank(value) or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return _from_epoch(_to_float(value), lab_tz)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if _EPOCH.match(text):
        return _from_epoch(float(text), lab_tz)
    local = _LOCAL.match(text)
    if local:
        return _from_local(*local.groups())
    if _RFC1123.match(text):
        return _from_rfc1123(text, lab_tz)
    return _from_iso(text, lab_tz)


def epoch_seconds(value: Any) -> int | None:
    """Whole unix seconds from a number or a digit string, else None (also for
    NaN, infinities and values beyond the years 1 to 9999)."""
    if isinstance(value, bool) or is_blank(value):
        return None
    if isinstance(value, str):
        if not _EPOCH.match(value.strip()):
            return None
        value = float(value)
    if not isinstance(value, int | float):
        return None
    seconds = _to_float(value)
    if not math.isfinite(seconds):
        return None
    if abs(seconds) >= _MILLIS_THRESHOLD:
        seconds /= 1000
    if not MIN_EPOCH <= seconds <= MAX_EPOCH:
        return None
    return math.floor(seconds)


def _to_float(value: int | float) -> float:
    try:
        return float(value)
    except OverflowError:  # an int beyond float range
        return math.inf


def _from_local(month: str, day: str, year: str, *clock: str | None) -> datetime | None:
    hour, minute, second, half = clock
    hours = int(hour or 0)
    if half is not None:
        if not 1 <= hours <= 12:
            return None
        hours = hours % 12 + (12 if half in "Pp" else 0)
    try:
        return datetime(
            int(year), int(month), int(day), hours, int(minute or 0), int(second or 0)
        )
    except ValueError:
        return None


def _naive(moment: datetime, lab_tz: tzinfo | None) -> datetime:
    return moment.astimezone(lab_tz or UTC).replace(tzinfo=None)


def _from_epoch(seconds: float, lab_tz: tzinfo | None) -> datetime | None:
    if not math.isfinite(seconds):
        return None
    if abs(seconds) >= _MILLIS_THRESHOLD:
        seconds /= 1000
    try:
        return _naive(datetime.fromtimestamp(seconds, UTC), lab_tz)
    except (OverflowError, OSError, ValueError):
        return None


def _from_rfc1123(text: str, lab_tz: tzinfo | None) -> datetime | None:
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:  # "-0000" means "zone unknown": keep wall time.
        return moment
    return _naive(moment, lab_tz)


def _from_iso(text: str, lab_tz: tzinfo | None) -> datetime | None:
    if not text[:4].isdigit():
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment
    return _naive(moment, lab_tz)


def utc_naive(moment: datetime) -> datetime:
    """``moment`` as naive UTC (aware values converted; naive ones taken as UTC)."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)
