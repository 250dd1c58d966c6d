"""Which failures are retried, how long to wait, and when to give up.

Transient failures (5xx, connection resets, timeouts, short reads) get bounded
exponential backoff with full jitter (AWS "Exponential Backoff And Jitter").
A 429 waits what QBench says (README §7.2): the largest of ``X-QBAPI-Throttle-TTL``
(ignored when <= 0, as [SDK-JS] does), ``Retry-After`` and the "Retry in N
seconds" text; without any of them it backs off like a 5xx. 429s have their own
budget: they are safe to retry (§7.1) and must not eat the 5xx retries.

``Retry-After`` is delay-seconds or an HTTP-date in any RFC 9110 form
(``app.qbench.headers``). A date is measured against the same response's
``Date`` header (the server's own clock, so our clock's error does not matter),
else against the ``now`` the caller passes; a date already past means "retry
now". Unreadable values are no hint; absurd ones are capped.
"""

from __future__ import annotations

import random
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

from app.qbench.headers import parse_http_date, parse_seconds

# Failures of the transport or of reading the body: the request may not have
# reached QBench, or its answer was lost; a GET can simply be sent again.
TRANSIENT_EXCEPTIONS: tuple[type[BaseException], ...] = (
    requests.ConnectionError,
    requests.Timeout,
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
)
_NAME_ERRORS = ("NameResolutionError", "LocationParseError")


def name_does_not_resolve(exc: BaseException) -> bool:
    """True when a transport error comes from a host name that does not resolve
    (DNS): retrying within seconds cannot help, so it fails at once."""
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        item = todo.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, socket.gaierror) or type(item).__name__ in _NAME_ERRORS:
            return True
        todo.extend(item.args)
        todo.extend((getattr(item, "reason", None), item.__cause__, item.__context__))
    return False


_RETRY_IN = re.compile(r"retry in\s+(\d+(?:\.\d+)?)\s*second", re.IGNORECASE)

TRANSIENT = "transient"  # 5xx, resets, timeouts, short reads
THROTTLED = "throttled"  # 429
BAD_BODY = "bad_body"  # 200 with undecodable or malformed JSON
BAD_REQUEST = "bad_request"  # 400 on a list page (README Q6)
MAX_HINT = 86_400.0  # no hint is read as more than a day (the policy caps lower)


@dataclass(frozen=True)
class RetryPolicy:
    """Retry budgets (attempts include the first try) and the backoff curve."""

    max_attempts: int = 6
    base: float = 0.5
    cap: float = 30.0
    jitter: str = "full"  # "full" (uniform in [0, delay]) or "none"
    max_throttled: int = 20
    max_bad_bodies: int = 3
    max_bad_requests: int = 3
    max_throttle_wait: float = 300.0
    random: Callable[[], float] = field(
        default=random.random, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        if self.jitter not in ("full", "none"):
            raise ValueError("jitter must be 'full' or 'none'")
        if min(self.max_attempts, self.max_throttled) < 1:
            raise ValueError("retry budgets must allow at least one attempt")

    def backoff(self, retry: int) -> float:
        """Seconds to wait before retry number ``retry`` (1-based)."""
        delay = min(self.cap, self.base * 2.0 ** (retry - 1))
        return delay * self.random() if self.jitter == "full" else delay

    def limit(self, kind: str) -> int:
        """How many attempts a request may spend on failures of ``kind``."""
        return {
            TRANSIENT: self.max_attempts,
            THROTTLED: self.max_throttled,
            BAD_BODY: self.max_bad_bodies,
            BAD_REQUEST: self.max_bad_requests,
        }[kind]


class Attempts:
    """Counts one request's failures by kind against the policy's budgets."""

    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy
        self.failures: dict[str, int] = {}
        self.total = 0

    def fail(self, kind: str) -> bool:
        """Count a failure; True while another attempt is allowed."""
        self.failures[kind] = self.failures.get(kind, 0) + 1
        self.total += 1
        return self.failures[kind] < self.policy.limit(kind)

    def delay(self, kind: str, hint: float | None = None) -> float:
        """Seconds to wait before the next attempt after a failure of ``kind``."""
        if hint is not None:
            return min(hint, self.policy.max_throttle_wait)
        return self.policy.backoff(self.failures.get(kind, 1))


def retry_after(response: requests.Response, now: float | None = None) -> float | None:
    """Seconds ``Retry-After`` asks for, or None without a usable one.

    A date counts from the response's ``Date`` header (a past date: 0, retry
    now), else from ``now`` (unix seconds on the server's clock as best known; a
    past date is then no hint); with neither it is no hint.
    """
    value = response.headers.get("Retry-After")
    seconds = parse_seconds(value)
    if seconds is not None:
        return seconds
    moment = parse_http_date(value, now=now)
    if moment is None:
        return None
    reference = parse_http_date(response.headers.get("Date"), now=now)
    if reference is not None:  # the server's own clock: a past date is "now"
        return max(0.0, moment - reference)
    if now is None:
        return None
    # Only our clock to go by: a date it calls past may just mean our clock runs
    # ahead of QBench's, and "now" would hammer the limit; then it is no hint
    # and the policy's backoff applies.
    wait = moment - now
    return wait if wait > 0 else None


def _error_text(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text
    if isinstance(body, dict):
        return " ".join(
            str(body[key]) for key in ("error_description", "error") if body.get(key)
        )
    return str(body)


def throttle_wait(
    response: requests.Response, now: float | None = None
) -> float | None:
    """Seconds a 429 asks us to wait, or None when it gives no usable hint."""
    candidates: list[float] = []
    ttl = parse_seconds(response.headers.get("X-QBAPI-Throttle-TTL"))
    if ttl is not None and ttl > 0:
        candidates.append(ttl)
    after = retry_after(response, now)
    if after is not None:
        candidates.append(after)
    match = _RETRY_IN.search(_error_text(response))
    if match:
        candidates.append(float(match[1]))
    return min(max(candidates), MAX_HINT) if candidates else None
