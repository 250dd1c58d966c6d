"""Waits the client is about to sleep through, announced to whoever listens.

Every pause of the client goes through one place (``QBenchClient._pause``): the
pacer keeping under QBench's rolling window, a 429 waiting what QBench asked
for, and the backoff before a retry. Each is announced *before* the sleep as a
``Wait``, so a caller (the window, the terminal) can say what is happening and
count down, instead of looking frozen for a minute. The sleep itself is still
the injected one (``CancelToken.sleep`` in the window, so Cancelar ends it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

RATE_LIMIT = "rate_limit"  # QBench answered 429: waiting what it asked for
PACING = "pacing"  # our own pacer keeps under QBench's request window
RETRY = "retry"  # backoff before trying a failed request again

NETWORK = "network"  # no answer: reset, timeout, short read
SERVER = "server"  # an answer we cannot use: 5xx, unreadable body, sporadic 400


@dataclass(frozen=True)
class Wait:
    """The client is about to wait ``seconds`` before its next request."""

    kind: str  # RATE_LIMIT | PACING | RETRY
    seconds: float
    cause: str = ""  # for RETRY: NETWORK or SERVER
    entity: str | None = None  # the list or record being read, when known


WaitCallback = Callable[[Wait], None]
