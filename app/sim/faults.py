"""Fault injection: the ways the real service (and the network) lets a client down.

A ``FaultRule`` says what goes wrong (``action``), where (a path prefix, a page
number, a method) and how often: the first ``times`` matching requests, or each
matching request with probability ``rate``. Draws come from one seeded RNG, so a
run with the same seed and request order fails the same way.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass

ACTIONS = (
    "status",  # an HTTP error status (``status``), JSON or HTML body as a proxy would
    "reset",  # the connection is reset without any response
    "slow",  # the response is delayed by ``seconds``
    "truncated",  # 200 with a JSON body cut in half (Content-Length matches)
    "short_read",  # 200 whose body ends before its Content-Length
    "wrong_types",  # 200 where one record's id is not an integer
    "bad_envelope",  # 200 whose ``total_pages`` is a string
    "missing_id",  # 200 with one record that has no ``id``
    "drop_row",  # 200 whose first record is left out (a listing that shifted)
    "html",  # 200 with an HTML maintenance page instead of JSON
    "expire_token",  # the caller's token expires just before this request
)


@dataclass
class FaultRule:
    """One kind of trouble, where it strikes and how often."""

    action: str
    path: str = ""  # request-path prefix; "" matches every API call
    # (presigned file downloads, /_files/..., only match a rule naming them)
    page: int | None = None  # only this ``page_num``
    method: str = "GET"
    times: int | None = None  # the first N matching requests (None: unlimited)
    rate: float = 1.0  # probability per matching request
    status: int = 500
    seconds: float = 1.0

    def __post_init__(self) -> None:
        if self.action not in ACTIONS:
            raise ValueError(f"unknown fault action {self.action!r}; one of {ACTIONS}")
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError("rate must be between 0 and 1")

    def matches(self, method: str, path: str, page: int | None) -> bool:
        if method != self.method or not path.startswith(self.path):
            return False
        return self.page is None or self.page == page


class FaultPlan:
    """The active rules; ``pick`` returns the rule that strikes a request, if any."""

    def __init__(self, seed: int = 0) -> None:
        self._rules: list[FaultRule] = []
        self._rng = random.Random(seed)
        self._lock = threading.Lock()

    def add(self, rule: FaultRule) -> FaultRule:
        with self._lock:
            self._rules.append(rule)
        return rule

    def clear(self) -> None:
        with self._lock:
            self._rules.clear()

    def rules(self) -> list[FaultRule]:
        with self._lock:
            return list(self._rules)

    def pick(
        self, method: str, path: str, page: int | None, *, own_path: str = ""
    ) -> FaultRule | None:
        """The rule striking this request; with ``own_path``, only rules whose
        path names it (file downloads: a rule for every API call spares them)."""
        with self._lock:
            for rule in self._rules:
                if rule.times is not None and rule.times <= 0:
                    continue
                if own_path and not rule.path.startswith(own_path):
                    continue
                if not rule.matches(method, path, page):
                    continue
                if rule.rate < 1.0 and self._rng.random() >= rule.rate:
                    continue
                if rule.times is not None:
                    rule.times -= 1
                return rule
        return None


PRESETS: dict[str, list[FaultRule]] = {
    "none": [],
    # A bad day on a real tenant: rare 5xx and resets, slow pages, and the
    # sporadic 400s QBench gives on some test pages (README Q6).
    "flaky": [
        FaultRule("status", status=502, rate=0.01),
        FaultRule("status", status=500, rate=0.01),
        FaultRule("reset", rate=0.01),
        FaultRule("slow", seconds=0.3, rate=0.01),
        FaultRule("status", path="/qbench/api/v2/tests", status=400, rate=0.01),
        FaultRule("status", path="/qbench/api/v1/test", status=400, rate=0.01),
    ],
    "hostile": [
        FaultRule("status", status=503, rate=0.05),
        FaultRule("status", status=500, rate=0.05),
        FaultRule("reset", rate=0.03),
        FaultRule("slow", seconds=1.0, rate=0.02),
        FaultRule("short_read", rate=0.01),
        FaultRule("status", path="/qbench/api/v2/tests", status=400, rate=0.03),
    ],
}


def preset(name: str) -> list[FaultRule]:
    """Fresh copies of a named preset's rules."""
    if name not in PRESETS:
        raise ValueError(f"unknown fault preset {name!r}; one of {sorted(PRESETS)}")
    return [FaultRule(**vars(rule)) for rule in PRESETS[name]]
