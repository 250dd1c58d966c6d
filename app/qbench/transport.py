"""One paced, counted and logged HTTP exchange over the client's single session.

Log lines and ``RequestEvent`` carry the method, path, page, status and time;
never headers, bodies or query strings, so neither the token nor the assertion
can leak through them. Transport error texts pass through ``scrub`` all the same.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from loguru import logger

from app.errors import Cancelled
from app.qbench.headers import parse_http_date
from app.qbench.pacer import Pacer


@dataclass(frozen=True)
class RequestEvent:
    """One HTTP exchange, for per-request logging (status 0: no response)."""

    method: str
    path: str
    page: int | None
    status: int
    elapsed_ms: float
    error: str | None = None


def tenant_root(base_url: str) -> str:
    """``https://acme.qbench.net`` from the tenant URL, with or without ``/qbench``."""
    url = base_url.strip().rstrip("/")
    for suffix in ("/api/v2", "/api/v1", "/qbench"):
        if url.lower().endswith(suffix):
            url = url[: -len(suffix)].rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"QBench URL must start with https://; got {base_url!r}")
    return url


def describe(exc: BaseException) -> str:
    """A short English description of a transport failure, without query strings."""
    text = re.sub(r" with url: \S+", "", str(exc))
    return f"{type(exc).__name__}: {text}"[:300]


CANCEL_POLL_SECONDS = 0.1  # how often a request in flight looks at ``cancelled``


class Transport:
    """Sends requests through one ``requests.Session``, waiting for the pacer.

    With ``cancelled``, each request runs in a short-lived daemon thread while
    the caller waits for it or for a cancel, whichever comes first: a QBench
    that accepted the connection and then says nothing would otherwise hold a
    Cancelar (or closing the window) for the whole read timeout (60 s). The
    abandoned request ends on its own timeout; its response is closed unread.
    """

    def __init__(
        self,
        root: str,
        session: requests.Session,
        pacer: Pacer,
        *,
        timeout: tuple[float, float],
        clock: Callable[[], float],
        on_request: Callable[[RequestEvent], None] | None = None,
        scrub: Callable[[str], str] = str,
        cancelled: Callable[[], bool] | None = None,
    ) -> None:
        self.root, self.session, self.pacer = root, session, pacer
        self._cancelled = cancelled
        self.requests_made = 0
        # The last readable ``Date`` header (any RFC 9110 form); a response
        # without one, or with junk, leaves the previous value.
        self.server_time: float | None = None
        self._timeout, self._clock, self._on_request = timeout, clock, on_request
        self._scrub = scrub

    def send(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
        data: dict[str, str] | None = None,
        page: int | None = None,
    ) -> requests.Response:
        """Send one request (no retries here); transport errors propagate."""
        where = path if page is None else f"{path} page {page}"
        response = self._exchange(
            method,
            self.root + path,
            paced=True,
            logged=f"QBench {method} {where}",
            event=(path, page),
            params=params,
            data=data,
            headers=headers,
        )
        date = parse_http_date(response.headers.get("Date"))
        self.server_time = self.server_time if date is None else date
        return response

    def fetch(self, url: str, *, paced: bool) -> requests.Response:
        """GET an absolute URL (a presigned file link), streamed: the caller
        reads and closes the body. No header is added (never the token); the
        log names the host and path only (the query carries a signature).
        ``paced``: the request waits for the pacer and counts as a request."""
        parts = urlsplit(url)
        return self._exchange(
            "GET",
            url,
            paced=paced,
            logged=f"file GET {parts.netloc}{parts.path}",
            event=(parts.path, None),
            stream=True,
        )

    def _exchange(
        self,
        method: str,
        url: str,
        *,
        paced: bool,
        logged: str,
        event: tuple[str, int | None],
        **kwargs: Any,
    ) -> requests.Response:
        """One request: the pacer (when ``paced``), then a debug line and the
        ``on_request`` event with its outcome, whatever happens."""
        if paced:
            self.pacer.acquire()
            self.requests_made += 1
        started, status, error = self._clock(), 0, None
        try:
            response = self._request(method, url, timeout=self._timeout, **kwargs)
            status = response.status_code
            return response
        except requests.RequestException as exc:
            error = self._scrub(describe(exc))
            raise
        except Cancelled:
            error = "cancelled while waiting for the answer"
            raise
        finally:
            if paced:
                self.pacer.record()
            elapsed = (self._clock() - started) * 1000
            logger.debug("{} -> {} in {:.0f} ms", logged, status or error, elapsed)
            if self._on_request is not None:
                path, page = event
                self._on_request(
                    RequestEvent(method, path, page, status, elapsed, error)
                )

    def _request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        if self._cancelled is None:
            return self.session.request(method, url, **kwargs)
        return _interruptible(
            lambda: self.session.request(method, url, **kwargs), self._cancelled
        )


def _interruptible(
    call: Callable[[], requests.Response], cancelled: Callable[[], bool]
) -> requests.Response:
    """``call()`` in a daemon thread; raises ``Cancelled`` as soon as
    ``cancelled()`` is true (checked every ``CANCEL_POLL_SECONDS``), leaving
    the thread to end on its own timeout and close what it got."""
    outcome: dict[str, Any] = {}
    done, lock = threading.Event(), threading.Lock()

    def run() -> None:
        try:
            result: Any = call()
        except BaseException as exc:  # handed to the waiting thread
            result = exc
        with lock:
            if outcome.get("abandoned"):
                if isinstance(result, requests.Response):
                    result.close()
                return
            outcome["result"] = result
            done.set()

    threading.Thread(target=run, name="qbench-http", daemon=True).start()
    while not done.wait(CANCEL_POLL_SECONDS):
        if cancelled():
            with lock:
                if not done.is_set():
                    outcome["abandoned"] = True
                    raise Cancelled()
            break
    result = outcome["result"]
    if isinstance(result, BaseException):
        raise result
    return result
