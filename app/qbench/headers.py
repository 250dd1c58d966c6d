"""Header values in every form the HTTP RFCs allow a server (or a proxy) to send.

RFC 9110 §5.6.7: an HTTP-date is generated as IMF-fixdate
(``Sun, 06 Nov 1994 08:49:37 GMT``), but recipients must also accept the
obsolete RFC 850 form (``Sunday, 06-Nov-94 08:49:37 GMT``, two-digit year) and
C's asctime form (``Sun Nov  6 08:49:37 1994``); all three are UTC. Names are
case-insensitive, extra spaces are tolerated, and a numeric zone (``+0000``)
seen from sloppy senders is honoured. A header sent twice reaches us joined
with ``", "`` (``requests`` merges repeated fields): dates that agree count once,
dates that disagree are unknown; numbers give their largest value. Anything
else is unknown (None), never an exception.
"""

from __future__ import annotations

import re
import time
from datetime import datetime, timedelta, timezone

_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun")
        + ("jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_TIME = r"(?P<h>\d{1,2}):(?P<mi>\d{2}):(?P<s>\d{2})"
_ZONE = r"(?P<zone>GMT|UTC|UT|Z|[+-]\d{4})"
_FORMS = (
    # IMF-fixdate (the weekday is optional, as RFC 5322 allows)
    rf"(?:[A-Za-z]{{3}},\s*)?(?P<d>\d{{1,2}})\s+(?P<mo>[A-Za-z]{{3}})\s+"
    rf"(?P<y>\d{{4}})\s+{_TIME}\s+{_ZONE}",
    # obsolete RFC 850: full weekday, dashes, two-digit year
    rf"[A-Za-z]+,\s*(?P<d>\d{{1,2}})-(?P<mo>[A-Za-z]{{3}})-(?P<y>\d{{2}}|\d{{4}})"
    rf"\s+{_TIME}\s+{_ZONE}",
    # asctime: no zone, UTC by definition
    rf"[A-Za-z]{{3}}\s+(?P<mo>[A-Za-z]{{3}})\s+(?P<d>\d{{1,2}})\s+{_TIME}\s+"
    rf"(?P<y>\d{{4}})",
)
_DATES = tuple(re.compile(form, re.IGNORECASE) for form in _FORMS)
_ANY_DATE = re.compile(  # the same forms, unanchored and without group names
    "|".join(re.sub(r"\(\?P<\w+>", "(?:", form) for form in _FORMS), re.IGNORECASE
)
_SECONDS = re.compile(r"\+?(?:\d+(?:\.\d*)?|\.\d+)")


def _moment(match: re.Match[str], now: float | None) -> float | None:
    month = _MONTHS.get(match["mo"].lower())
    if month is None:
        return None
    year = int(match["y"])
    if len(match["y"]) == 2:
        # RFC 9110: a two-digit year more than 50 years ahead is the most
        # recent past year with the same last two digits.
        this_year = time.gmtime(time.time() if now is None else now).tm_year
        year += this_year - this_year % 100
        if year > this_year + 50:
            year -= 100
    zone = (match.groupdict().get("zone") or "GMT").upper()
    offset = 0
    if zone[0] in "+-":
        offset = int(zone[1:3]) * 3600 + int(zone[3:5]) * 60
        offset = -offset if zone[0] == "-" else offset
    second = min(int(match["s"]), 59)  # a leap second reads as :59
    try:
        moment = datetime(
            year,
            month,
            int(match["d"]),
            int(match["h"]),
            int(match["mi"]),
            second,
            tzinfo=timezone(timedelta(seconds=offset)),
        )
    except ValueError:  # 31 February, 25 o'clock...
        return None
    return moment.timestamp()


def _one_date(text: str, now: float | None) -> float | None:
    for pattern in _DATES:
        match = pattern.fullmatch(text)
        if match:
            return _moment(match, now)
    return None


def parse_http_date(value: object, *, now: float | None = None) -> float | None:
    """Unix seconds of an HTTP-date in any RFC 9110 form, or None when unreadable.

    ``now`` (unix seconds) only places RFC 850's two-digit years; by default the
    local clock, which needs to be right only to within decades.
    """
    if not isinstance(value, str):
        return None
    text = " ".join(value.split())
    if not text:
        return None
    single = _one_date(text, now)
    if single is not None:
        return single
    # A repeated header: "date, date" (IMF dates contain commas themselves).
    moments, rest = [], text
    for match in _ANY_DATE.finditer(text):
        moments.append(_one_date(match[0], now))
        rest = rest.replace(match[0], "", 1)
    if not moments or rest.strip(" ,") or None in moments:
        return None
    return moments[0] if len(set(moments)) == 1 else None


def parse_seconds(value: object) -> float | None:
    """A non-negative number of seconds (``30``, ``30.5``, `` 30 ``), or None.

    Repeated headers (``"30, 30"``) give their largest readable value. Values too
    big for a float come back as infinity: the caller caps them.
    """
    if not isinstance(value, str):
        return None
    parts = (part.strip() for part in value.split(","))
    numbers = [float(part) for part in parts if _SECONDS.fullmatch(part)]
    return max(numbers) if numbers else None
