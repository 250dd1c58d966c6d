"""The QBench simulator: a real HTTP server on loopback, in-process or as a command.

``Simulator`` owns the generated tenant, the token store, the limits, the fault
plan, the churn settings and the request counters; ``_Handler`` turns HTTP
requests into calls on it. Tests drive the same object directly (``sim.tenant``,
``sim.add_fault``...) or over HTTP through ``/_sim/...`` (``app.sim.control``).
"""

from __future__ import annotations

import contextlib
import math
import random
import re
import socket
import struct
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from app.entities import ENTITIES as REGISTRY
from app.sim import api, control, files
from app.sim.auth import GrantError, TokenStore
from app.sim.clock import SimClock
from app.sim.faults import FaultPlan, FaultRule
from app.sim.limits import ConcurrencyLimiter, RateLimiter, Throttle
from app.sim.malform import malform
from app.sim.responses import (
    HTTP_DATE_FORMS,
    Response,
    api_error,
    html_error,
    http_date,
    oauth_error,
)
from app.sim.tenant import Tenant, TenantSpec
from app.sim.tokens import token_request

DEFAULT_CLIENT_ID = "7d0c4a52-51a3-4a8f-9d0e-5b1c2f3e4d5a"
DEFAULT_CLIENT_SECRET = "sim-secret-do-not-use-in-production"
TOKEN_PATHS = ("/qbench/oauth2/v1/token", "/qbench/api/v2/auth/token")
_NUMERIC = re.compile(r"/\d+(?=/|$)")
EXPIRES_IN_FORMS = ("number", "string", "null", "absent")
THROTTLE_HINTS = ("qbapi", "retry-after", "retry-after-date", "none")
# The switches that ``/_sim/config`` may read and change at run time: protocol
# forms, and the undocumented sides of what QBench stamps.
PROTOCOL_FIELDS = (
    "token_expires_in",
    "token_type",
    "throttle_hint",
    "date_header",
    "http_date_form",
    "stamp_deletes",
    "silent_reports",
    "stamp_comments",
    "scopes",
    "missing_paths",
)
# The v2 paths (as the official document and ``app.entities`` spell them) a
# tenant may lack: ``SimConfig.missing_paths`` takes these.
KNOWN_PATHS = frozenset(d.path for d in REGISTRY.values())
KNOWN_SCOPES = frozenset(d.scope for d in REGISTRY.values())


@dataclass
class SimConfig:
    """How strict and how unlucky the simulated service is."""

    clients: dict[str, str] = field(
        default_factory=lambda: {DEFAULT_CLIENT_ID: DEFAULT_CLIENT_SECRET}
    )
    token_ttl: int = 3600
    rate_limit: int = 300
    rate_window: int = 60
    concurrency: int = 10
    oversize_page: str = "clamp"  # "clamp" to 50 silently, or "reject" with 400
    auth_leeway: int = 5  # seconds an ``iat`` may lie in the future
    clock_skew: float = 0.0  # the service's wall clock minus ours, seconds
    expired_token_status: int = 401  # 400 = [DL]'s invalid_grant variant (§1.5)
    fault_seed: int = 0
    faults: list[FaultRule] = field(default_factory=list)
    stamp_deletes: bool = True  # False: a soft delete leaves last_updated alone
    silent_reports: bool = False  # True: a report change stamps no parent
    stamp_comments: bool = True  # False: an order comment's change leaves the order
    # The API client's scopes (OpenAPI tags, ``app.entities`` ``scope``): None
    # grants all; a v2 request outside them gets 403 (GeneralErrorResponse).
    scopes: frozenset[str] | None = None
    # v2 paths ("invoices", "orders/{order_id}/comments") this tenant lacks: 404.
    missing_paths: frozenset[str] = frozenset()
    # Protocol variants a client must read (RFC 6749 §5.1, RFC 9110 §5.6.7, §10.2.3):
    token_expires_in: str = "number"  # "string" ("3600"), "null" or "absent"
    token_type: str | None = "Bearer"  # e.g. "bearer"; None leaves the key out
    # 429 hints: QBench's X-QBAPI-Throttle-* headers and "Retry in N seconds"
    # text, or only Retry-After (delay-seconds or an HTTP-date), or nothing.
    throttle_hint: str = "qbapi"  # "retry-after" | "retry-after-date" | "none"
    date_header: bool = True  # False: no Date header at all (an unusual proxy)
    http_date_form: str = "imf"  # "rfc850" | "asctime": Date and Retry-After
    # Seconds (data clock) a report's presigned PDF URL stays valid (README Q14).
    file_url_ttl: int = 3600

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Refuse unknown values of the protocol switches."""
        choices = {
            "token_expires_in": EXPIRES_IN_FORMS,
            "throttle_hint": THROTTLE_HINTS,
            "http_date_form": HTTP_DATE_FORMS,
        }
        for name, allowed in choices.items():
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {allowed}")
        if self.token_type is not None and not isinstance(self.token_type, str):
            raise ValueError("token_type must be a string or None")
        for name in (
            "date_header",
            "stamp_deletes",
            "silent_reports",
            "stamp_comments",
        ):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be true or false")
        if self.scopes is not None:
            self.scopes = frozenset(self.scopes)
            unknown = self.scopes - KNOWN_SCOPES
            if unknown:
                raise ValueError(f"unknown scopes {sorted(unknown)}")
        self.missing_paths = frozenset(self.missing_paths)
        unknown = self.missing_paths - KNOWN_PATHS
        if unknown:
            raise ValueError(f"unknown v2 paths {sorted(unknown)}")

    def protocol(self) -> dict[str, Any]:
        """The protocol switches, as ``/_sim/config`` shows them."""
        out = {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name in PROTOCOL_FIELDS
        }
        for name in ("scopes", "missing_paths"):
            if out[name] is not None:
                out[name] = sorted(out[name])
        return out


@dataclass(frozen=True)
class LoggedRequest:
    """One API request as the simulator saw it (for tests that count pages)."""

    method: str
    path: str
    query: dict[str, list[str]]
    status: int

    def param(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[-1] if values else None


@dataclass(frozen=True)
class PageHook:
    """A one-off change made right after one list page is served."""

    entity: str
    page: int
    action: Callable[[Tenant], object]


@dataclass(frozen=True)
class Churn:
    """Mutations applied to an entity after each list page served for it."""

    updates: int = 0
    inserts: int = 0
    deletes: int = 0


class Simulator:
    """A running (or startable) simulated QBench tenant."""

    def __init__(
        self,
        spec: TenantSpec | None = None,
        *,
        config: SimConfig | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        tenant: Tenant | None = None,
        ticking: bool = True,
    ) -> None:
        self.spec = spec or TenantSpec()
        self.config = config or SimConfig()
        if tenant is None:
            tenant = Tenant(self.spec, SimClock(self.spec.anchor, ticking=ticking))
        self.tenant = tenant
        self.tenant.stamp_deletes = self.config.stamp_deletes
        self.tenant.silent_reports = self.config.silent_reports
        self.tenant.stamp_comments = self.config.stamp_comments
        self.tenant.file_url_ttl = self.config.file_url_ttl
        self.clock = tenant.clock
        self.tokens = TokenStore(self.config.token_ttl)
        self.rate_limiter = RateLimiter(self.config.rate_limit, self.config.rate_window)
        self.concurrency = ConcurrencyLimiter(self.config.concurrency)
        self.faults = FaultPlan(self.config.fault_seed)
        for rule in self.config.faults:
            self.faults.add(rule)
        self._churn: dict[str, Churn] = {}
        self._page_hooks: list[PageHook] = []
        self._churn_rng = random.Random(self.spec.seed + 1)
        self._counts: Counter[tuple[str, str, int]] = Counter()
        self._log: deque[LoggedRequest] = deque(maxlen=100_000)
        self._counts_lock = threading.Lock()
        self._host, self._port = host, port
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------
    def start(self) -> Simulator:
        """Bind (port 0 picks a free port) and serve in a daemon thread."""
        server = ThreadingHTTPServer((self._host, self._port), _Handler)
        server.daemon_threads = True
        server.simulator = self  # type: ignore[attr-defined]
        self._server = server
        self.tenant.file_base_url = self.base_url  # report PDFs are served here
        self._thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},  # stop() returns quickly
            name="qbench-sim",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> Simulator:
        return self.start() if self._server is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._server is not None, "the simulator is not running"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """The tenant root, as ``https://<tenant>.qbench.net`` would be."""
        return f"http://{self._host}:{self.port}"

    @property
    def client_id(self) -> str:
        return next(iter(self.config.clients))

    @property
    def client_secret(self) -> str:
        return self.config.clients[self.client_id]

    # -- control surface -------------------------------------------------
    def add_fault(self, action: str, **kwargs: Any) -> FaultRule:
        """Add a fault rule (see ``app.sim.faults.FaultRule``)."""
        return self.faults.add(FaultRule(action, **kwargs))

    def clear_faults(self) -> None:
        self.faults.clear()

    def set_churn(
        self, entity: str, *, updates: int = 0, inserts: int = 0, deletes: int = 0
    ) -> None:
        """Mutate ``entity`` after every list page served for it."""
        self._churn[entity] = Churn(updates, inserts, deletes)

    def clear_churn(self) -> None:
        self._churn.clear()

    def after_page(
        self, entity: str, page: int, action: Callable[[Tenant], object]
    ) -> None:
        """Run ``action(tenant)`` once, right after list page ``page`` of
        ``entity`` (its sim name) is served: a precise change between two pages."""
        with self._counts_lock:
            self._page_hooks.append(PageHook(entity, page, action))

    def _run_page_hooks(self, entity: str, page: int | None) -> None:
        with self._counts_lock:
            due = [h for h in self._page_hooks if (h.entity, h.page) == (entity, page)]
            for hook in due:
                self._page_hooks.remove(hook)
        for hook in due:
            hook.action(self.tenant)

    def configure(self, **changes: Any) -> dict[str, Any]:
        """Change protocol switches (``PROTOCOL_FIELDS``) of the running simulator."""
        unknown = set(changes) - set(PROTOCOL_FIELDS)
        if unknown:
            raise ValueError(f"not a protocol switch: {sorted(unknown)}")
        before = self.config.protocol()
        for name, value in changes.items():
            setattr(self.config, name, value)
        try:
            self.config.validate()
        except ValueError:
            for name, value in before.items():
                setattr(self.config, name, value)
            raise
        self.tenant.stamp_deletes = self.config.stamp_deletes
        self.tenant.silent_reports = self.config.silent_reports
        self.tenant.stamp_comments = self.config.stamp_comments
        return self.config.protocol()

    def advance(self, seconds: float) -> int:
        """Move the data clock forward; returns the new unix time."""
        return self.clock.advance(seconds)

    def expire_tokens(self, after_requests: int | None = None) -> None:
        """Invalidate every token now, or after ``after_requests`` more API calls."""
        if after_requests is None:
            self.tokens.expire_all()
        else:
            self.tokens.expire_after(after_requests)

    def counts(self) -> dict[tuple[str, str, int], int]:
        """Requests served, by (method, route, status); status 0 = reset."""
        with self._counts_lock:
            return dict(self._counts)

    def request_count(
        self, route: str = "", *, status: int | None = None, method: str = "GET"
    ) -> int:
        """How many requests matched a route prefix (and status)."""
        return sum(
            n
            for (m, r, s), n in self.counts().items()
            if m == method and r.startswith(route) and (status is None or s == status)
        )

    def reset_counts(self) -> None:
        """Forget the counters and the request log."""
        with self._counts_lock:
            self._counts.clear()
            self._log.clear()

    def request_log(self, path: str = "") -> list[LoggedRequest]:
        """API and token requests served (the newest 100,000), oldest first."""
        with self._counts_lock:
            return [r for r in self._log if r.path.startswith(path)]

    def dump(self, api_version: str = "v2", include_deleted: bool = False) -> dict:
        """The whole tenant, list-row shapes, ids ascending."""
        return self.tenant.dump(api_version, include_deleted=include_deleted)

    # -- request pipeline ------------------------------------------------
    def record(
        self,
        method: str,
        path: str,
        status: int,
        query: dict[str, list[str]] | None = None,
    ) -> None:
        route = _NUMERIC.sub("/{id}", path)
        with self._counts_lock:
            self._counts[(method, route, status)] += 1
            self._log.append(LoggedRequest(method, path, query or {}, status))

    def server_now(self) -> float:
        return time.time() + self.config.clock_skew

    def serve_token(self, headers: Any, body: bytes) -> Response:
        try:
            client_id = token_request(
                headers.get("Content-Type", ""),
                body,
                self.config.clients,
                self.server_now(),
                self.config.auth_leeway,
            )
        except GrantError as exc:
            return oauth_error(exc.error, exc.description)
        grant = self.tokens.issue(client_id)
        payload: dict[str, Any] = {"access_token": grant.token}
        if self.config.token_type is not None:
            payload["token_type"] = self.config.token_type
        form = self.config.token_expires_in
        if form != "absent":
            expires_in = {"number": grant.expires_in, "string": str(grant.expires_in)}
            payload["expires_in"] = expires_in.get(form)
        return api.json_response(200, payload)

    def serve_api(
        self, method: str, path: str, query: dict[str, list[str]], auth: str
    ) -> Response:
        version = "v1" if path.startswith("/qbench/api/v1") else "v2"
        page = api.page_of(query)
        rule = self.faults.pick(method, path, page)
        token = auth[7:].strip() if auth.lower().startswith("bearer ") else ""
        if rule is not None and rule.action == "expire_token":
            self.tokens.expire_all()
        client = self.tokens.client_for(token) if token else None
        if client is None:
            return self._unauthorized(version, bool(token))
        throttle = self.concurrency.enter(client)
        if throttle is not None:
            return self.throttled(version, throttle)
        try:
            throttle = self.rate_limiter.check(client)
            if throttle is not None:
                return self.throttled(version, throttle)
            return self._serve_admitted(method, path, query, version, rule)
        finally:
            self.concurrency.leave(client)

    def _serve_admitted(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        version: str,
        rule: FaultRule | None,
    ) -> Response:
        if rule is not None and rule.action == "reset":
            return Response(0, reset=True)
        if rule is not None and rule.action == "status":
            if rule.status == 429:  # a rate-limit refusal asking for ``seconds``
                limit, window = self.config.rate_limit, self.config.rate_window
                ttl = max(1, math.ceil(rule.seconds))
                return self.throttled(
                    version, Throttle("rate", limit + 1, ttl, limit, window)
                )
            if rule.status in (502, 504):
                return html_error(rule.status)
            return api_error(version, rule.status, _status_text(rule.status))
        refusal = self._refusal(path)
        if refusal is not None:
            return refusal
        response, route = api.handle(
            self.tenant, method, path, query, self.config.oversize_page
        )
        listed = route is not None and route.kind in ("list", "children")
        if listed and response.status == 200:
            self._apply_churn(route.spec.name)
            self._run_page_hooks(route.spec.name, api.page_of(query) or 1)
        if rule is not None and rule.action == "slow":
            time.sleep(rule.seconds)  # while the request still counts as in flight
        elif rule is not None and rule.action != "expire_token":
            response = malform(response, rule.action)
        return response

    def serve_file(
        self, method: str, path: str, query: dict[str, list[str]]
    ) -> Response:
        """A presigned file URL (``app.sim.files``): no auth, no rate limit (S3's,
        not QBench's); fault rules apply (a reset or a 5xx mid-download)."""
        rule = self.faults.pick(method, path, None, own_path=files.FILES_PREFIX)
        if rule is not None and rule.action == "reset":
            return Response(0, reset=True)
        if rule is not None and rule.action == "status":
            text = "We encountered an internal error. Please try again."
            return files.s3_error(rule.status, "InternalError", text)
        if method != "GET":
            text = "The specified method is not allowed against this resource."
            return files.s3_error(405, "MethodNotAllowed", text)
        response = files.serve(self.tenant, path, query)
        if rule is not None and rule.action == "slow":
            time.sleep(rule.seconds)
        elif rule is not None and rule.action in ("truncated", "short_read"):
            response = malform(response, rule.action)
        return response

    def _refusal(self, path: str) -> Response | None:
        """404 for a v2 path the tenant lacks, 403 for one outside the client's
        scopes (QBench's GeneralErrorResponse body), else None."""
        route = api.resolve(path)
        if route is None or route.api != "v2":
            return None
        entry = route.registry
        if entry.path in self.config.missing_paths:
            return api_error("v2", 404, "The requested URL was not found.")
        scopes = self.config.scopes
        if scopes is not None and entry.scope not in scopes:
            text = f"This API client lacks the {entry.scope} scope for this endpoint."
            return api_error("v2", 403, text)
        return None

    def _apply_churn(self, entity: str) -> None:
        churn = self._churn.get(entity)
        if churn is not None:
            self.tenant.churn(
                entity,
                self._churn_rng,
                updates=churn.updates,
                inserts=churn.inserts,
                deletes=churn.deletes,
            )

    def throttled(self, version: str, t: Throttle) -> Response:
        """A 429 carrying the hint ``config.throttle_hint`` asks for."""
        # The allowed moment on the service's clock, rounded up to the second
        # an HTTP-date can show: never earlier than the limiter frees a slot.
        retry_at = http_date(
            math.ceil(self.server_now()) + t.ttl, self.config.http_date_form
        )
        return _throttled(version, t, self.config.throttle_hint, retry_at)

    def _unauthorized(self, version: str, had_token: bool) -> Response:
        if had_token and self.config.expired_token_status == 400:
            return oauth_error("invalid_grant", "Access token has expired.")
        text = "Invalid or expired access token." if had_token else "Missing token."
        return api_error(version, 401, text, WWW_Authenticate="Bearer")


def _status_text(status: int) -> str:
    if status == 400:
        return "Bad request: the server could not process this page."
    return "Internal server error." if status < 503 else "Service unavailable."


def _throttled(
    version: str, t: Throttle, hint: str = "qbapi", retry_at: str = ""
) -> Response:
    """QBench's 429: ``X-QBAPI-Throttle-*`` headers and the documented text.

    With ``hint`` other than ``qbapi`` the only hint is ``Retry-After`` (seconds,
    or the HTTP-date ``retry_at``) or none at all, and the text names no wait.
    """
    if t.kind == "rate":
        text = (
            f"ratelimit exceeded {t.limit} per {t.window} seconds "
            f"[current count: {t.count}"
        )
        text += f". Retry in {t.ttl} seconds]" if hint == "qbapi" else "]"
    else:
        text = f"exceeded concurrent request limit of {t.limit}"
    headers = {}
    if hint == "qbapi":
        headers = {
            "X-QBAPI-Throttle-Request-Count": str(t.count),
            "X-QBAPI-Throttle-TTL": str(t.ttl),
        }
    elif hint == "retry-after":
        headers = {"Retry-After": str(t.ttl)}
    elif hint == "retry-after-date":
        headers = {"Retry-After": retry_at}
    return api_error(version, 429, text, **headers)


class _Handler(BaseHTTPRequestHandler):
    """HTTP/1.1 with keep-alive, as ``requests.Session`` expects."""

    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in separate writes; without NODELAY, Nagle plus
        # delayed ACKs add ~40 ms to every response.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Silence the default stderr access log."""

    @property
    def sim(self) -> Simulator:
        return self.server.simulator  # type: ignore[attr-defined]

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def _dispatch(self, method: str) -> None:
        parts = urlsplit(self.path)
        path = parts.path.rstrip("/") or "/"
        query = parse_qs(parts.query, keep_blank_values=True)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if path.startswith("/_sim"):
            response = control.handle(self.sim, method, path, query, body)
        elif path in TOKEN_PATHS:
            response = (
                self.sim.serve_token(self.headers, body)
                if method == "POST"
                else api_error("v2", 405, "Method not allowed.")
            )
        elif path.startswith(files.FILES_PREFIX):
            response = self.sim.serve_file(method, path, query)
        elif path.startswith(("/qbench/api/v1/", "/qbench/api/v2/")):
            auth = self.headers.get("Authorization", "")
            response = self.sim.serve_api(method, path, query, auth)
        else:
            response = api_error("v2", 404, "The requested URL was not found.")
        if not path.startswith("/_sim"):
            self.sim.record(method, path, response.status, query)
        self._send(response)

    def _send(self, response: Response) -> None:
        if response.reset:
            self._reset()
            return
        self.send_response(response.status)
        if response.body or response.status != 204:
            ctype = response.content_type
            if not ctype.startswith(("application/pdf", "application/octet")):
                ctype = f"{ctype}; charset=utf-8"
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers.items():
            self.send_header(name.replace("_", "-"), value)
        if response.short_read:
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(response.body[: len(response.body) // 2])
            self.close_connection = True
            return
        self.end_headers()
        self.wfile.write(response.body)

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The Date header follows the service's (possibly skewed) clock."""
        return http_date(self.sim.server_now(), self.sim.config.http_date_form)

    def send_response(self, code: int, message: str | None = None) -> None:
        """As the base class, but no ``Date`` when ``config.date_header`` is off."""
        if self.sim.config.date_header:
            super().send_response(code, message)
            return
        self.log_request(code)
        self.send_response_only(code, message)
        self.send_header("Server", self.version_string())

    def _reset(self) -> None:
        """Drop the connection with a TCP RST and no response."""
        self.close_connection = True
        try:
            self.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
            # The descriptor really closes (with RST, linger 0) once finish()
            # has closed rfile/wfile; socketserver's later shutdown is a no-op.
            self.connection.close()
        except OSError:
            pass

    def finish(self) -> None:
        with contextlib.suppress(OSError):
            super().finish()
