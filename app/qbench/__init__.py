"""QBench REST client (API v2): auth, pacing, retries and paging. No Qt, no DB."""

from app.qbench.client import QBenchClient
from app.qbench.errors import (
    QBenchAuthError,
    QBenchError,
    QBenchRequestError,
    QBenchResponseError,
    QBenchRetryExhausted,
    QBenchUnavailable,
)
from app.qbench.pacer import Pacer, parse_rate_limit
from app.qbench.pagination import Page
from app.qbench.retry import RetryPolicy
from app.qbench.transport import RequestEvent, tenant_root
from app.qbench.waits import Wait

__all__ = [
    "Page",
    "Pacer",
    "QBenchAuthError",
    "QBenchClient",
    "QBenchError",
    "QBenchRequestError",
    "QBenchResponseError",
    "QBenchRetryExhausted",
    "QBenchUnavailable",
    "RequestEvent",
    "RetryPolicy",
    "Wait",
    "parse_rate_limit",
    "tenant_root",
]
