"""QBench's JWT-bearer grant: sign an assertion, trade it for an access token.

README §1: HS256 with the client secret, claims ``{sub, iat, exp}``, ``exp - iat``
at most 3600 s, form fields ``grant_type`` and ``assertion``. The token lives in
memory only and is re-minted shortly before ``expires_in`` runs out. ``iat`` is
backdated against clock skew, and a "Future IAT" 400 makes us adopt the
server's clock from its ``Date`` header and try once more ([ASAP], §1.3).

The token answer is read as tolerantly as the OAuth RFCs and real servers
require: ``expires_in`` may be a number or a string of digits; null or absent
means the documented 3600 s, and a value that makes no sense (zero, negative,
text, a boolean) is replaced by 3600 s with a warning (a token that dies sooner
is answered with 401, which mints a new one). ``token_type`` is compared
case-insensitively (RFC 6749 §5.1) and may be absent, as clients observed; a
type other than Bearer is logged and the token is still sent as a bearer token.
"""

from __future__ import annotations

import math
import re
import time
import warnings
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import jwt
import requests
from jwt.warnings import InsecureKeyLengthWarning
from loguru import logger

from app.i18n import QT_TRANSLATE_NOOP
from app.qbench.errors import QBenchAuthError, QBenchRequestError, QBenchResponseError
from app.qbench.headers import parse_http_date

JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
TOKEN_PATH = "/qbench/oauth2/v1/token"
IAT_BACKDATE = 30  # seconds; [DQ] uses 5, a little more costs nothing
JWT_LIFETIME = 3300  # exp - iat; QBench refuses more than 3600 ([DQ] uses 3300)
DEFAULT_EXPIRES_IN = 3600  # when the token response omits it ([DL], [ASAP])
MAX_EXPIRES_IN = 86_400  # a longer claimed lifetime is read as a day
REFRESH_MARGIN = 120.0  # re-mint this long before expiry ([SDK-JS])
CLOCK_USER_MESSAGE = QT_TRANSLATE_NOOP(
    "Mensajes",
    "QBench rechazó la autenticación porque el reloj de este equipo no coincide "
    "con el del servidor. Ajuste la fecha y la hora del equipo.",
)

PostToken = Callable[[str, dict[str, str]], requests.Response]


def build_assertion(
    client_id: str, client_secret: str, now: float, *, lifetime: int = JWT_LIFETIME
) -> str:
    """The signed JWT for the grant, issued ``IAT_BACKDATE`` s before ``now``."""
    iat = int(now) - IAT_BACKDATE
    claims = {"sub": client_id, "iat": iat, "exp": iat + lifetime}
    with warnings.catch_warnings():
        # QBench generates the secret; a user cannot make it longer, so PyJWT's
        # advice that HMAC keys be >= 32 bytes is only noise here.
        warnings.simplefilter("ignore", InsecureKeyLengthWarning)
        return jwt.encode(claims, client_secret, algorithm="HS256")


def error_detail(response: requests.Response, *, limit: int = 300) -> str:
    """QBench's own error text: ``error_description``, ``error`` or the raw body."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict):
        parts = [str(body[k]) for k in ("error_description", "error") if body.get(k)]
        if parts:
            return " / ".join(dict.fromkeys(parts))[:limit]
    text = " ".join(response.text.split())
    if text.startswith("<"):
        return f"HTML page ({response.headers.get('Content-Type', 'no type')})"
    return text[:limit]


@dataclass(frozen=True)
class _Token:
    value: str
    refresh_at: float  # on the monotonic clock


_DECIMAL = re.compile(r"\+?(?:\d+(?:\.\d*)?|\.\d+)")


def token_lifetime(value: object) -> tuple[float, bool]:
    """Seconds a token lives per ``expires_in``, and whether the value was usable.

    Numbers and digit strings (``3600``, ``3600.0``, ``"3600"``) count as given,
    capped at a day (however many digits); null or absent is the documented
    3600 s. Zero, negatives, text, booleans or NaN give 3600 s and ``False``.
    """
    if value is None:
        return float(DEFAULT_EXPIRES_IN), True
    number: float | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = float(min(value, MAX_EXPIRES_IN))  # a huge int overflows float()
    elif isinstance(value, float):
        number = value
    elif isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
        number = float(value.strip())  # very long digit strings give infinity
    if number is None or math.isnan(number) or number <= 0:
        return float(DEFAULT_EXPIRES_IN), False
    return min(number, float(MAX_EXPIRES_IN)), True


def is_bearer(token_type: object) -> bool:
    """RFC 6749 §5.1: the type is case-insensitive; absent is tolerated ([ASAP])."""
    return token_type is None or (
        isinstance(token_type, str) and token_type.strip().lower() == "bearer"
    )


class TokenManager:
    """Mints, caches and invalidates the access token; never logs or stores it."""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        post: PostToken,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._client_id, self._secret = client_id, client_secret
        self._post = post
        self._clock, self._wall_clock = clock, wall_clock
        self._token: _Token | None = None
        # Recent tokens, only to mask them if QBench ever echoes one back.
        self._recent: deque[str] = deque(maxlen=3)
        self.clock_offset = 0.0  # server wall clock minus ours, once learned
        self.mints = 0
        self._warned: set[str] = set()  # odd token answers already logged

    def __repr__(self) -> str:
        return f"TokenManager(client_id={self._client_id!r}, mints={self.mints})"

    def token(self) -> str:
        """A valid access token: the cached one, or a freshly minted one."""
        if self._token is None or self._clock() >= self._token.refresh_at:
            self._token = self._mint()
            self._recent.append(self._token.value)
        return self._token.value

    def invalidate(self) -> None:
        """Forget the cached token (QBench answered 401 with it)."""
        self._token = None

    def secrets(self) -> tuple[str, ...]:
        """Values that must never appear in a message: the secret and the token."""
        return tuple(v for v in (self._secret, *self._recent) if v)

    def _mint(self) -> _Token:
        response, sent_at, assertion = self._request()
        if response.status_code == 400 and _is_future_iat(response):
            server_now = _server_time(response)
            if server_now is None:
                raise QBenchAuthError(
                    "QBench refused the token: Future IAT, and sent no Date header",
                    user_message=CLOCK_USER_MESSAGE,
                )
            self.clock_offset = server_now - self._wall_clock()
            response, sent_at, assertion = self._request()
            if response.status_code == 400 and _is_future_iat(response):
                raise QBenchAuthError(
                    "QBench refused the token: Future IAT even after correcting "
                    f"the clock by {self.clock_offset:.0f} s",
                    user_message=CLOCK_USER_MESSAGE,
                )
        return self._accept(response, sent_at, assertion)

    def _request(self) -> tuple[requests.Response, float, str]:
        sent_at = self._clock()  # expiry counts from the send, never later
        now = self._wall_clock() + self.clock_offset
        assertion = build_assertion(self._client_id, self._secret, now)
        response = self._post(
            TOKEN_PATH, {"grant_type": JWT_BEARER, "assertion": assertion}
        )
        self.mints += 1
        return response, sent_at, assertion

    def _accept(
        self, response: requests.Response, sent_at: float, assertion: str
    ) -> _Token:
        status = response.status_code
        if status != 200:
            detail = self._scrub(error_detail(response), assertion)
            if status in (400, 401, 403):
                raise QBenchAuthError(f"QBench rejected the API credentials: {detail}")
            raise QBenchRequestError("POST", TOKEN_PATH, status, detail)
        try:
            body = response.json()
        except ValueError:
            body = None
        value = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(value, str) or not value:
            raise QBenchResponseError(TOKEN_PATH, "no access_token in the response")
        expires_in, usable = token_lifetime(body.get("expires_in"))
        if not usable:
            self._warn_once(
                "expires_in",
                f"QBench's token answer has expires_in="
                f"{str(body.get('expires_in'))[:40]!r}; assuming {expires_in:.0f} s",
            )
        if not is_bearer(body.get("token_type")):
            self._warn_once(
                "token_type",
                f"QBench's token answer has token_type="
                f"{str(body.get('token_type'))[:40]!r}; using it as a Bearer token",
            )
        margin = min(REFRESH_MARGIN, expires_in / 2)
        return _Token(value, sent_at + expires_in - margin)

    def _warn_once(self, key: str, message: str) -> None:
        if key not in self._warned:
            self._warned.add(key)
            logger.warning(message)

    def _scrub(self, text: str, *extra: str) -> str:
        for secret in (*self.secrets(), *extra):
            text = text.replace(secret, "***")
        return text


def _is_future_iat(response: requests.Response) -> bool:
    text = error_detail(response).lower()
    return "future" in text and "iat" in text


def _server_time(response: requests.Response) -> float | None:
    return parse_http_date(response.headers.get("Date"))
