"""Response values and QBench's error bodies (v1 ``{"error"}``, v2 schemas, OAuth)."""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Response:
    """What the HTTP layer sends; ``body`` is already encoded."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"
    reset: bool = False  # reset the connection instead of answering
    short_read: bool = False  # declare the full length, send half, close


class RawNumber:
    """A JSON number sent verbatim, e.g. an integer longer than Python's
    int-string limit lets ``json.dumps`` write (QBench has no such limit)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RawNumber) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __repr__(self) -> str:
        return f"RawNumber({self.text[:20]!r}…, {len(self.text)} chars)"


def encode_json(payload: Any) -> bytes:
    """The body QBench would send: UTF-8 JSON, ``NaN`` / ``Infinity`` as the bare
    tokens Python writes, a lone surrogate as a ``\\udXXX`` escape, a
    ``RawNumber`` as its digits."""
    try:
        return _dumps(payload, ascii_only=False).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: escape everything non-ASCII
        return _dumps(payload, ascii_only=True).encode("ascii")


def _dumps(payload: Any, *, ascii_only: bool) -> str:
    raw: list[str] = []

    def verbatim(value: Any) -> str:
        if not isinstance(value, RawNumber):
            raise TypeError(f"{type(value).__name__} is not JSON serializable")
        raw.append(value.text)
        return f"\x00sim-raw-{len(raw) - 1}\x00"

    text = json.dumps(payload, ensure_ascii=ascii_only, default=verbatim)
    for index, literal in enumerate(raw):
        text = text.replace(f'"\\u0000sim-raw-{index}\\u0000"', literal, 1)
    return text


def json_response(status: int, payload: Any, **headers: str) -> Response:
    return Response(status, encode_json(payload), dict(headers))


ERROR_TYPES = {
    400: "BadRequest",
    401: "Unauthorized",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    429: "TooManyRequests",
    500: "InternalServerError",
    503: "ServiceUnavailable",
}


def api_error(
    api: str,
    status: int,
    description: str,
    errors: list[dict[str, Any]] | None = None,
    **headers: str,
) -> Response:
    """An error in the shape of the API version (README §7.2, §7.3)."""
    if api == "v1":
        return json_response(status, {"error": description}, **headers)
    payload: dict[str, Any] = {
        "error_description": description,
        "error_type": ERROR_TYPES.get(status, "Error"),
        "error_token": uuid.uuid4().hex,
    }
    if status == 400:
        payload["errors"] = errors or []
    return json_response(status, payload, **headers)


def oauth_error(error: str, description: str, status: int = 400) -> Response:
    """Token-endpoint failure body: ``{"error", "error_description"}``."""
    return json_response(status, {"error": error, "error_description": description})


def html_error(status: int) -> Response:
    """A gateway-style HTML page, as a proxy in front of QBench would send."""
    body = (
        f"<html><head><title>{status} Error</title></head><body>"
        f"<center><h1>{status} Error</h1></center><hr><center>nginx</center>"
        "</body></html>"
    ).encode()
    return Response(status, body, content_type="text/html")


HTTP_DATE_FORMS = ("imf", "rfc850", "asctime")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun")
_MONTHS += ("Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def http_date(timestamp: float, form: str = "imf") -> str:
    """``timestamp`` as an HTTP-date in one of RFC 9110's three forms (§5.6.7).

    ``imf``: ``Sun, 06 Nov 1994 08:49:37 GMT`` (what servers must send);
    ``rfc850``: ``Sunday, 06-Nov-94 08:49:37 GMT``; ``asctime``:
    ``Sun Nov  6 08:49:37 1994`` (the obsolete forms clients must still read).
    """
    t = time.gmtime(timestamp)
    day, month = _DAYS[t.tm_wday], _MONTHS[t.tm_mon - 1]
    clock = f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}"
    if form == "imf":
        return f"{day[:3]}, {t.tm_mday:02d} {month} {t.tm_year} {clock} GMT"
    if form == "rfc850":
        return f"{day}, {t.tm_mday:02d}-{month}-{t.tm_year % 100:02d} {clock} GMT"
    if form == "asctime":
        return f"{day[:3]} {month} {t.tm_mday:2d} {clock} {t.tm_year}"
    raise ValueError(f"unknown HTTP-date form {form!r}; one of {HTTP_DATE_FORMS}")
