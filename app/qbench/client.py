"""The QBench API v2 client: one session, paced, authenticated, retried, paged.

Every request waits for the pacer, carries a bearer token from the
``TokenManager`` and goes through one ``requests.Session``. A GET is retried on
5xx, resets, timeouts and short reads (bounded backoff), on 429 (as long as
QBench says, within its own budget), on an unreadable 200 body (bounded) and on a
400 for a list page (README Q6: QBench gives sporadic 400s on some test pages,
which pass on a second try or stay broken; [DL] skips such pages). A 401 makes
it mint a new token and try once more. Any other 4xx fails at once with
QBench's own error text. Writes are never replayed (README Q16).

Every wait (the pacer's, a 429's, a retry's backoff) is announced to ``on_wait``
as an ``app.qbench.waits.Wait`` before it is slept, so the window and the
terminal can say "waiting for QBench's limit, 42 s" instead of looking stuck.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
from loguru import logger
from requests.utils import guess_json_utf

from app import jsoncodec
from app.entities import ENTITIES, canonical
from app.logs import mask_values
from app.qbench.auth import TokenManager, error_detail
from app.qbench.errors import (
    DownloadRefused,
    EndpointForbidden,
    EndpointMissing,
    QBenchAuthError,
    QBenchRequestError,
    QBenchResponseError,
    QBenchRetryExhausted,
    QBenchUnavailable,
)
from app.qbench.pacer import DEFAULT_RATE_LIMIT, Pacer, shared_history
from app.qbench.pagination import MAX_PAGE_SIZE, Page, parse_page, walk_pages
from app.qbench.retry import (
    BAD_BODY,
    BAD_REQUEST,
    THROTTLED,
    TRANSIENT,
    TRANSIENT_EXCEPTIONS,
    Attempts,
    RetryPolicy,
    name_does_not_resolve,
    throttle_wait,
)
from app.qbench.transport import RequestEvent, Transport, describe, tenant_root
from app.qbench.waits import NETWORK, PACING, RATE_LIMIT, RETRY, SERVER, Wait

API_ROOT = "/qbench/api/v2"
DOWNLOAD_CHUNK = 256 * 1024  # bytes per chunk handed on while downloading
T = TypeVar("T")
Params = Mapping[str, Any]
PathIds = Mapping[str, Any]


def _is_auth_failure(response: requests.Response) -> bool:
    """401, or the 400 ``invalid_grant`` / bad-header bodies [DL] saw (README §1.5)."""
    if response.status_code == 401:
        return True
    if response.status_code != 400:
        return False
    try:
        body = response.json()
    except ValueError:
        return False
    if not isinstance(body, dict):
        return False
    description = str(body.get("error_description", "")).lower()
    return body.get("error") == "invalid_grant" or "authorization header" in description


class QBenchClient:
    """Reads a QBench tenant through API v2."""

    def __init__(
        self,
        base_url: str,
        client_id: str,
        client_secret: str,
        *,
        rate_limit: tuple[int, float] = DEFAULT_RATE_LIMIT,
        page_size: int = MAX_PAGE_SIZE,
        timeout: tuple[float, float] = (10.0, 60.0),
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        session: requests.Session | None = None,
        on_request: Callable[[RequestEvent], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
        on_wait: Callable[[Wait], None] | None = None,
    ) -> None:
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
        self.root = tenant_root(base_url)
        self.page_size = page_size
        self.retry = retry or RetryPolicy()
        self._sleep, self._wall_clock = sleep, wall_clock
        # Told of every wait before it is slept (``app.qbench.waits``); may be
        # set after construction (the sync engine forwards it to its progress).
        self.on_wait = on_wait
        self._own_session = session is None
        self.tokens = TokenManager(
            client_id,
            client_secret,
            self._post_token,
            clock=clock,
            wall_clock=wall_clock,
        )
        self.transport = Transport(
            self.root,
            session or requests.Session(),
            Pacer(
                *rate_limit,
                clock=clock,
                sleep=self._pacing_sleep,
                # QBench's window is per API client: runs of this process share
                # it (only on the real clock; a test's own clock keeps its own)
                history=shared_history(self.root, client_id)
                if clock is time.monotonic
                else None,
            ),
            timeout=timeout,
            clock=clock,
            on_request=on_request,
            scrub=self._scrub,
            cancelled=cancelled,
        )

    def __repr__(self) -> str:
        return f"QBenchClient({self.root!r})"

    def __enter__(self) -> QBenchClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the HTTP session if this client created it."""
        if self._own_session:
            self.transport.session.close()

    @property
    def requests_made(self) -> int:
        """HTTP requests sent so far (token and API, retries included)."""
        return self.transport.requests_made

    def server_time(self) -> float | None:
        """QBench's clock (unix s) per the last response's ``Date``; None before any."""
        return self.transport.server_time

    @property
    def pacer(self) -> Pacer:
        """The rate limiter every request waits for."""
        return self.transport.pacer

    # -- public reads ------------------------------------------------------
    def get_page(
        self,
        resource: str,
        page_num: int,
        params: Params | None = None,
        *,
        path_ids: PathIds | None = None,
    ) -> Page:
        """One page of a v2 list (``page_size`` rows at most).

        ``resource`` is a v2 path or a registry name (``invoice_items``,
        ``order_comments``); ``path_ids`` fills its placeholders
        (``{"order_id": 7}``). A 403 raises ``EndpointForbidden`` (the API
        client lacks the scope), a 404 ``EndpointMissing``."""
        query = self._list_params(params, page_num, self.page_size)
        return self._get(
            _path(resource, path_ids),
            query,
            page=page_num,
            entity=resource,
            parse=lambda payload: parse_page(payload, page_num, query),
        )

    def iter_pages(
        self,
        resource: str,
        params: Params | None = None,
        *,
        start_page: int = 1,
        path_ids: PathIds | None = None,
    ) -> Iterator[Page]:
        """Every page of a v2 list from ``start_page`` to the last one."""
        return walk_pages(
            lambda n: self.get_page(resource, n, params, path_ids=path_ids),
            start_page,
        )

    def get_one(self, resource: str, record_id: int | str) -> dict[str, Any]:
        """One record (``GET /<resource>/<id>``), unwrapped from ``{"data": ...}``.
        Ids are integers except api-clients' UUID strings."""
        return self._get(
            f"{_path(resource)}/{_id_segment(record_id)}",
            {},
            entity=resource,
            parse=_unwrap,
        )

    def download(
        self,
        url: str,
        consume: Callable[[Iterator[bytes], DownloadInfo], T],
        *,
        entity: str | None = None,
    ) -> T:
        """GET a file at an absolute URL and hand its body, in chunks, to
        ``consume`` (which stores it: the file is never held in memory whole).

        The URL is presigned (README Q14): no Authorization header is sent, so
        the token never reaches a storage host. 5xx, 429, resets and a body
        shorter than its ``Content-Length`` are retried like any GET, calling
        ``consume`` afresh (it must drop what a failed attempt gave it); 4xx
        raises ``DownloadRefused`` (``expired`` for 403).

        Pacing: a URL on the tenant's own host (the simulator serves its files
        there) waits for the pacer and counts as a request, since QBench may
        count it against the API client. A presigned URL on another host (S3)
        is not QBench's API and is not paced: its limits are the storage
        service's, far above QBench's, and pacing it would only slow the
        backup."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError("not an absolute http(s) URL")
        paced = _origin(url) == _origin(self.root)
        tries = Attempts(self.retry)
        while True:
            try:
                response = self.transport.fetch(url, paced=paced)
            except TRANSIENT_EXCEPTIONS as exc:
                cause = self._scrub(describe(exc))
                self._again(tries, TRANSIENT, cause, parts.path, None, entity)
                continue
            with response:
                status = response.status_code
                if status == 429 or status >= 500:
                    kind = THROTTLED if status == 429 else TRANSIENT
                    hint = self._throttle_wait(response) if status == 429 else None
                    cause = f"HTTP {status}"
                    self._again(tries, kind, cause, parts.path, None, entity, hint=hint)
                    continue
                if status != 200:
                    detail = response.text[:300] if status < 500 else ""
                    raise DownloadRefused(
                        "GET", parts.path, status, self._scrub(detail), entity=entity
                    )
                info = DownloadInfo.of(response)
                try:
                    return consume(_chunks(response, info.size), info)
                except TRANSIENT_EXCEPTIONS as exc:
                    cause = self._scrub(describe(exc))
            self._again(tries, TRANSIENT, cause, parts.path, None, entity)

    def get_document(
        self,
        resource: str,
        params: Params | None = None,
        *,
        path_ids: PathIds | None = None,
    ) -> dict[str, Any]:
        """One non-list document, e.g. a test's worksheet
        (``tests/{test_id}/worksheet/data?raw_worksheet_data=true``), unwrapped
        from ``{"data": ...}``; a 404 raises ``QBenchRequestError`` (status 404)."""
        return self._get(
            _path(resource, path_ids),
            dict(params or {}),
            entity=resource,
            parse=_unwrap,
        )

    def count(
        self,
        resource: str,
        params: Params | None = None,
        *,
        path_ids: PathIds | None = None,
    ) -> int | None:
        """QBench's ``total_count`` for a v2 list (one request, one row); None
        where QBench gives no count (README Q10)."""
        return self.first_row(resource, params, path_ids=path_ids).total_count

    def first_row(
        self,
        resource: str,
        params: Params | None = None,
        *,
        path_ids: PathIds | None = None,
    ) -> Page:
        """Page 1 of a v2 list with one row (one request)."""
        return self._one_row_page(resource, params, path_ids)

    def find_one(self, resource: str, record_id: int | str) -> dict[str, Any] | None:
        """One record, or None when QBench answers 404 (it no longer has it;
        a soft-deleted record is hidden from single GETs like from lists)."""
        try:
            return self.get_one(resource, record_id)
        except QBenchRequestError as exc:
            if exc.status == 404:
                return None
            raise

    def check_connection(self, resource: str = "customers") -> Page:
        """Authenticate and read one row of a list ("Probar conexión")."""
        return self._one_row_page(resource, None)

    def _one_row_page(
        self, resource: str, params: Params | None, path_ids: PathIds | None = None
    ) -> Page:
        query = self._list_params(params, 1, 1)
        return self._get(
            _path(resource, path_ids),
            query,
            page=1,
            entity=resource,
            parse=lambda payload: parse_page(payload, 1, query),
        )

    # -- the request loop ----------------------------------------------------
    def _get(
        self,
        path: str,
        params: Params,
        *,
        page: int | None = None,
        entity: str | None = None,
        parse: Callable[[Any], T],
    ) -> T:
        tries = Attempts(self.retry)
        reauthenticated = False
        while True:
            response, cause = self._try_get(path, params, page)
            if response is None:
                self._again(tries, TRANSIENT, cause, path, page, entity)
                continue
            if _is_auth_failure(response):
                self._reauthenticate(path, response, again=reauthenticated)
                reauthenticated = True
                continue
            status = response.status_code
            if status == 429 or status >= 500 or (status == 400 and page is not None):
                kind = THROTTLED if status == 429 else TRANSIENT
                kind = BAD_REQUEST if status == 400 else kind
                hint = self._throttle_wait(response) if status == 429 else None
                cause = f"HTTP {status}: {self._detail(response)}"
                self._again(tries, kind, cause, path, page, entity, hint=hint)
                continue
            if status != 200:
                detail = self._detail(response)
                if status == 403 or (status == 404 and page is not None):
                    error = _UNAVAILABLE[status]  # the entity is skipped
                    raise error("GET", path, status, detail, entity=entity)
                raise QBenchRequestError("GET", path, status, detail, entity=entity)
            try:
                return parse(decode_body(response))
            except ValueError as exc:  # undecodable JSON or a bad envelope
                html = response.text.lstrip().startswith("<")
                reason = "an HTML page instead of JSON" if html else str(exc)[:200]
            self._again(tries, BAD_BODY, self._scrub(reason), path, page, entity)

    def _try_get(
        self, path: str, params: Params, page: int | None
    ) -> tuple[requests.Response | None, str]:
        """One authenticated GET: the response, or None and why it failed."""
        headers = {"Authorization": f"Bearer {self.tokens.token()}"}
        try:
            return self.transport.send(
                "GET", path, params, headers=headers, page=page
            ), ""
        except TRANSIENT_EXCEPTIONS as exc:
            self._fail_if_unresolvable(exc, f"GET {path}")
            return None, self._scrub(describe(exc))

    def _fail_if_unresolvable(self, exc: BaseException, what: str) -> None:
        """A host name that does not resolve fails at once: retries cannot help."""
        if name_does_not_resolve(exc):
            host = urlsplit(self.root).hostname
            raise QBenchUnavailable(
                f"{what}: the QBench address {host} does not resolve (DNS); "
                f"{self._scrub(describe(exc))}"
            ) from None

    def _reauthenticate(
        self, path: str, response: requests.Response, *, again: bool
    ) -> None:
        """Drop the rejected token so the next try mints one; twice is fatal."""
        if again:
            raise QBenchAuthError(
                f"QBench refused a fresh token for GET {path}: {self._detail(response)}"
            )
        logger.info("QBench rejected the token on GET {}; minting a new one", path)
        self.tokens.invalidate()

    def _again(
        self,
        tries: Attempts,
        kind: str,
        cause: str,
        path: str,
        page: int | None,
        entity: str | None,
        *,
        hint: float | None = None,
    ) -> None:
        """Wait before the next attempt, or raise when ``kind``'s budget is spent."""
        if not tries.fail(kind):
            if kind == BAD_BODY:
                raise QBenchResponseError(
                    path, f"{cause} ({tries.total} attempts)", page=page, entity=entity
                )
            if kind == BAD_REQUEST:
                detail = cause.removeprefix("HTTP 400: ")
                raise QBenchRequestError("GET", path, 400, detail, entity=entity)
            raise QBenchRetryExhausted(
                "GET", path, tries.total, cause, page=page, entity=entity
            )
        delay = tries.delay(kind, hint)
        where = path if page is None else f"{path} page {page}"
        _log_retry(
            f"QBench GET {where} failed",
            cause,
            f"retry {tries.failures[kind]} in {delay:.1f} s",
        )
        self._pause(_wait_for(kind, cause, delay, entity))

    def _post_token(self, path: str, form: dict[str, str]) -> requests.Response:
        """POST the grant; resets, 5xx and 429 are retried (minting changes nothing)."""
        tries = Attempts(self.retry)
        while True:
            kind, hint = TRANSIENT, None
            try:
                response = self.transport.send("POST", path, data=form)
            except TRANSIENT_EXCEPTIONS as exc:
                self._fail_if_unresolvable(exc, f"QBench's token endpoint {path}")
                cause = self._scrub(describe(exc))
            else:
                status = response.status_code
                if status < 500 and status != 429:
                    return response
                if status == 429:
                    kind, hint = THROTTLED, self._throttle_wait(response)
                cause = f"HTTP {status}: {self._detail(response)}"
            if not tries.fail(kind):
                raise QBenchUnavailable(
                    f"QBench's token endpoint {path} failed after {tries.total} "
                    f"attempts; last error: {cause}"
                )
            delay = tries.delay(kind, hint)
            _log_retry("QBench token request failed", cause, f"retry in {delay:.1f} s")
            self._pause(_wait_for(kind, cause, delay, None))

    # -- waits -----------------------------------------------------------------
    def _pause(self, wait: Wait) -> None:
        """Announce ``wait`` (``on_wait``), then sleep it with the injected sleep."""
        if self.on_wait is not None and wait.seconds > 0:
            self.on_wait(wait)
        self._sleep(wait.seconds)

    def _pacing_sleep(self, seconds: float) -> None:
        self._pause(Wait(PACING, seconds))

    # -- helpers ---------------------------------------------------------------
    def _list_params(
        self, params: Params | None, page_num: int, page_size: int
    ) -> dict[str, Any]:
        query = dict(params or {})
        if {"page_num", "page_size"} & query.keys():
            raise ValueError("page_num and page_size are set by the client")
        if page_num < 1:
            raise ValueError("pages are numbered from 1")
        query.update(page_num=page_num, page_size=page_size)
        return query

    def _detail(self, response: requests.Response) -> str:
        """QBench's error text, with the secret and the token masked."""
        return self._scrub(error_detail(response))

    def _scrub(self, text: str) -> str:
        return mask_values(text, self.tokens.secrets())

    def _throttle_wait(self, response: requests.Response) -> float | None:
        """The 429's wait; a ``Retry-After`` date without ``Date`` uses our clock."""
        return throttle_wait(response, self._wall_clock() + self.tokens.clock_offset)


class DownloadInfo:
    """What a file's response says about it."""

    __slots__ = ("content_type", "file_name", "size")

    def __init__(
        self, size: int | None, content_type: str | None, file_name: str | None
    ) -> None:
        self.size, self.content_type, self.file_name = size, content_type, file_name

    @classmethod
    def of(cls, response: requests.Response) -> DownloadInfo:
        """The declared size (None when absent or content-encoded), the type and
        the ``Content-Disposition`` file name."""
        headers = response.headers
        length = headers.get("Content-Length", "")
        size = int(length) if length.isdigit() else None
        if headers.get("Content-Encoding", "identity").lower() != "identity":
            size = None  # the length of the encoded body, not of the file
        ctype = headers.get("Content-Type") or None
        name = _FILE_NAME.search(headers.get("Content-Disposition", ""))
        return cls(size, ctype, name[1] if name else None)


_FILE_NAME = re.compile(r'filename="?([^";]+)"?')


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _chunks(response: requests.Response, declared: int | None) -> Iterator[bytes]:
    """The body in chunks; a body shorter than declared raises a transient
    ``ChunkedEncodingError`` (a dropped connection), so the download is retried."""
    received = 0
    for chunk in response.iter_content(DOWNLOAD_CHUNK):
        received += len(chunk)
        yield chunk
    if declared is not None and received != declared:
        raise requests.exceptions.ChunkedEncodingError(
            f"the body ended after {received} of {declared} bytes"
        )


def _wait_for(kind: str, cause: str, seconds: float, entity: str | None) -> Wait:
    """The announcement of a wait before the next attempt after ``kind``."""
    if kind == THROTTLED:
        return Wait(RATE_LIMIT, seconds, entity=entity)
    # A transport failure's cause is the exception's name; an answer's "HTTP …";
    # an unreadable body or a sporadic 400 came from QBench too.
    network = kind == TRANSIENT and not cause.startswith("HTTP ")
    return Wait(RETRY, seconds, NETWORK if network else SERVER, entity)


def _log_retry(what: str, cause: str, then: str) -> None:
    """A retry: the transport error's full text to the log file only; the window
    and the console get its kind (``ConnectionError``), never the exception text."""
    short = cause if cause.startswith("HTTP ") else cause.split(":", 1)[0]
    if short != cause:
        logger.bind(file_only=True).warning(f"{what} ({cause}); {then}")
    logger.warning(f"{what} ({short}); {then}")


def decode_body(response: requests.Response) -> Any:
    """The JSON body, read as ``Response.json`` does but with ``app.jsoncodec``:
    one value Python cannot hold (a 5000-digit integer, ``1e400``, ``NaN``)
    never makes a page undecodable."""
    if not response.encoding and len(response.content) > 3:
        encoding = guess_json_utf(response.content)
        if encoding is not None:
            try:
                return jsoncodec.decode(response.content.decode(encoding))
            except UnicodeDecodeError:
                pass
    return jsoncodec.decode(response.text)


# What QBench will not serve to this client: 403 on any GET (the API client
# lacks the scope, README §1.1) or 404 on a list (the tenant has no such list;
# a single GET's 404 means the record is gone).
_UNAVAILABLE = {403: EndpointForbidden, 404: EndpointMissing}


def _path(resource: str, path_ids: PathIds | None = None) -> str:
    """The API path of ``resource``: a registry name becomes its v2 path
    (``invoice_items`` → ``invoice-items``); ``{order_id}``-style placeholders
    are filled from ``path_ids`` (KeyError when one is not given)."""
    known = ENTITIES.get(canonical(resource)) if "/" not in resource else None
    path = known.path if known is not None else resource.strip("/")
    if "{" in path:
        path = path.format(**{k: _id_segment(v) for k, v in (path_ids or {}).items()})
    return f"{API_ROOT}/{path}"


def _id_segment(record_id: int | str) -> str:
    """An id as a path segment: integers as digits, UUID strings as they are."""
    if isinstance(record_id, str) and not record_id.isdigit():
        if "/" in record_id or not record_id.strip():
            raise ValueError(f"not a record id: {record_id!r}")
        return record_id
    return str(int(record_id))


def _unwrap(payload: Any) -> dict[str, Any]:
    record = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(record, dict):
        raise ValueError("expected {'data': {...}}")
    return record
