"""Hand-built HTTP for the client's unit tests: a scripted adapter and a fake clock."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from requests.adapters import BaseAdapter

BASE = "https://acme.qbench.net"
CLIENT_ID = "c1d2e3f4-0000-4000-8000-123456789abc"
SECRET = "s3cr3t-client-value-never-shown-anywhere-0042"
TOKEN = "tok-0f8e7d6c-5b4a-3928-1706-f5e4d3c2b1a0"


class FakeClock:
    """Monotonic clock whose ``sleep`` advances it and remembers each wait."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds


def response(
    status: int = 200,
    payload: Any = None,
    *,
    text: str | None = None,
    headers: dict[str, str] | None = None,
) -> requests.Response:
    """A ``requests.Response`` with a JSON (or text) body."""
    r = requests.Response()
    r.status_code = status
    if text is None:
        r._content = json.dumps(payload).encode()
        r.headers["Content-Type"] = "application/json"
    else:
        r._content = text.encode()
        r.headers["Content-Type"] = "text/html"
    r.headers.update(headers or {})
    r.encoding = "utf-8"
    return r


def page(rows: list[dict], number: int = 1, total_pages: int = 1, **extra: Any) -> dict:
    """A v2 list envelope."""
    return {
        "data": rows,
        "page_number": number,
        "total_count": extra.pop("total_count", len(rows)),
        "total_pages": total_pages,
        **extra,
    }


def token_ok(token: str = TOKEN, expires_in: int | None = 3600) -> requests.Response:
    body: dict[str, Any] = {"access_token": token, "token_type": "Bearer"}
    if expires_in is not None:
        body["expires_in"] = expires_in
    return response(200, body)


Reply = requests.Response | BaseException
Handler = Callable[[requests.PreparedRequest], Reply]


class ScriptedAdapter(BaseAdapter):
    """Answers token requests with ``token`` and API requests from ``api``.

    ``api`` is a list of replies used in order (the last one repeats) or a
    callable taking the prepared request. Exceptions are raised, as a broken
    connection would.
    """

    def __init__(
        self, api: list[Reply] | Handler, token: list[Reply] | Handler | None = None
    ) -> None:
        super().__init__()
        self.api, self.token = api, token or [token_ok()]
        self.requests: list[requests.PreparedRequest] = []
        self.api_requests: list[requests.PreparedRequest] = []
        self.token_requests: list[requests.PreparedRequest] = []

    def send(self, request, **kwargs):
        self.requests.append(request)
        is_token = urlsplit(request.url).path.endswith("/oauth2/v1/token")
        seen = self.token_requests if is_token else self.api_requests
        seen.append(request)
        script = self.token if is_token else self.api
        if callable(script):
            reply = script(request)
        else:
            reply = script[min(len(seen), len(script)) - 1]
        if isinstance(reply, BaseException):
            raise reply
        reply.request, reply.url = request, request.url
        return reply

    def close(self) -> None:
        pass


def session_with(adapter: ScriptedAdapter) -> requests.Session:
    s = requests.Session()
    s.mount("https://", adapter)
    s.mount("http://", adapter)
    return s


def query(request: requests.PreparedRequest) -> dict[str, list[str]]:
    return parse_qs(urlsplit(request.url).query)


def form(request: requests.PreparedRequest) -> dict[str, str]:
    body = request.body if isinstance(request.body, str) else request.body.decode()
    return {k: v[-1] for k, v in parse_qs(body).items()}


def make_client(
    adapter: ScriptedAdapter, clock: FakeClock | None = None, **kwargs: Any
):
    """A client on the scripted adapter, with a fake clock and no jitter."""
    from app.qbench import QBenchClient, RetryPolicy

    clock = clock or FakeClock()
    kwargs.setdefault("retry", RetryPolicy(jitter="none"))
    return QBenchClient(
        kwargs.pop("base_url", BASE),
        CLIENT_ID,
        SECRET,
        session=session_with(adapter),
        sleep=clock.sleep,
        clock=clock,
        **kwargs,
    )
