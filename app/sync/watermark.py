"""From the records QBench sends to the unix time the next incremental sync starts at.

QBench's v2 ``last_updated`` filter takes unix seconds, but records show
``last_updated`` as the lab's local time, to the minute, with no zone. Tests also
carry ``last_updated_unix_timestamp``, which reveals the lab's UTC offset. The
high-water mark of an entity is the newest change seen, converted with that
offset (or, while it is unknown, with the most cautious one, UTC+14) and never
later than the service's own clock when the pass began (this computer's clock
when QBench sends no ``Date``): whatever changes after the pass started then has
``last_updated`` above the mark, whatever the zone.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from app.storage.dates import parse_qbench_datetime

WORST_CASE_OFFSET = 14 * 3600  # UTC+14: the earliest a local time can be in UTC
EARLIEST_OFFSET = -12 * 3600  # UTC-12: no lab clock runs further behind
MINUTE = 60
MAX_UNIX = 253_402_300_799  # 9999-12-31 23:59:59 UTC, the last a checkpoint holds


def naive_epoch(value: datetime) -> int:
    """Seconds since 1970 of a naive datetime read as if it were UTC."""
    return calendar.timegm(value.timetuple())


def _local(record: Any) -> datetime | None:
    if not isinstance(record, Mapping):
        return None
    raw = record.get("last_updated")
    if not isinstance(raw, str) or not raw.strip():
        return None
    if raw.strip().isdigit():  # v1 style: unix seconds as a string
        return None
    try:
        return parse_qbench_datetime(raw)
    except ValueError:
        return None


def _unix_value(value: Any) -> int | None:
    """Whole unix seconds from a number or an ASCII digit string, if it can be
    one: NaN, infinities, negatives and values past year 9999 are not."""
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit() and len(text) <= len(str(MAX_UNIX))):
            return None
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None  # also a number Python cannot hold (app.jsoncodec.NumberText)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return int(value) if 0 <= value <= MAX_UNIX else None


def exact_unix(record: Any) -> int | None:
    """The exact unix ``last_updated`` when the record carries a usable one."""
    if not isinstance(record, Mapping):
        return None  # a malformed row: the repository rejects it
    value = _unix_value(record.get("last_updated_unix_timestamp"))
    if value is not None:
        return value
    raw = record.get("last_updated")
    return _unix_value(raw) if isinstance(raw, str) else None


def newest_offset(records: Iterable[Any]) -> tuple[int, int] | None:
    """The lab's UTC offset (seconds, local − UTC) read from the newest record
    that carries both forms, with that record's unix time; None if none does.

    The newest, not the first: a page sorted by id starts with old records, whose
    offset may be the other side of a daylight-saving change.
    """
    best: tuple[int, int] | None = None
    for record in records:
        unix, local = exact_unix(record), _local(record)
        if unix is None or local is None or (best is not None and unix <= best[1]):
            continue
        raw = naive_epoch(local) - unix  # in (offset - 60, offset]
        offset = round((raw + MINUTE // 2) / 900) * 900  # zones are whole quarters
        if EARLIEST_OFFSET <= offset <= WORST_CASE_OFFSET:  # else a bogus timestamp
            best = (offset, unix)
    return best


def learn_offset(records: Iterable[Any]) -> int | None:
    """The lab's UTC offset (seconds, local − UTC) from the newest record."""
    found = newest_offset(records)
    return None if found is None else found[0]


def record_unix(record: Any, offset: int | None) -> int | None:
    """A lower bound of the record's ``last_updated`` in unix seconds."""
    exact = exact_unix(record)
    if exact is not None:
        return exact
    local = _local(record)
    if local is None:
        return None
    return naive_epoch(local) - (WORST_CASE_OFFSET if offset is None else offset)


def high_water(
    records: Iterable[Any], offset: int | None, current: int | None
) -> int | None:
    """The newest change among ``records`` (or ``current`` if it is newer)."""
    best = current
    for record in records:
        value = record_unix(record, offset)
        if value is not None and (best is None or value > best):
            best = value
    return best


def checkpoint_mark(
    data_mark: int | None, server_start: float | None, local_start: float
) -> int | None:
    """The mark to save: the data's, capped by the clock at pass start.

    The cap is QBench's clock (its ``Date`` header) when the pass began; with no
    server clock (a proxy that drops ``Date``) it is this computer's clock then,
    so a mark read through a stale UTC offset (a daylight-saving change since it
    was learned) can never pass the moment the pass began. No data, no mark: the
    next pass of that entity reads it whole (it is empty).
    """
    if data_mark is None:
        return None
    cap = server_start if server_start is not None else local_start
    return min(data_mark, int(cap))
