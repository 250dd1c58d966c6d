"""QBench's JWT-bearer grant and opaque access tokens, as the simulator enforces them.

Facts (shared/qbench-api/README.md §1): the client signs ``{sub, iat, exp}`` with
HS256 using its client secret, ``exp - iat`` must not exceed 3600 s, an ``iat``
in the future is refused with 400, and the answer is an opaque token with
``expires_in``. Token validity runs on the real wall clock (plus a configurable
skew), never on the simulator's data clock.
"""

from __future__ import annotations

import threading
import time
import uuid
import warnings
from dataclasses import dataclass

import jwt
import jwt.warnings

JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
MAX_JWT_LIFETIME = 3600


class GrantError(Exception):
    """A refused token request: ``error`` is the OAuth code, ``str()`` the reason."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


@dataclass(frozen=True)
class Grant:
    """A token issued to a client."""

    token: str
    client_id: str
    expires_in: int


def verify_assertion(
    assertion: str, clients: dict[str, str], now: float, *, leeway: int = 5
) -> str:
    """Check a JWT-bearer assertion; returns the client id or raises GrantError."""
    try:
        header = jwt.get_unverified_header(assertion)
        unverified = jwt.decode(assertion, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise GrantError("invalid_grant", f"Malformed JWT assertion: {exc}") from None
    if header.get("alg") != "HS256":
        raise GrantError("invalid_grant", "JWT must be signed with HS256.")
    client_id = unverified.get("sub")
    secret = clients.get(client_id) if isinstance(client_id, str) else None
    if secret is None:
        raise GrantError("invalid_grant", "Unknown API client (sub).")
    try:
        with warnings.catch_warnings():
            # QBench issues the secrets; a short one is theirs to choose, not ours.
            warnings.simplefilter("ignore", jwt.warnings.InsecureKeyLengthWarning)
            claims = jwt.decode(
                assertion,
                secret,
                algorithms=["HS256"],
                options={
                    "require": ["sub", "iat", "exp"],
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                },
            )
    except jwt.PyJWTError as exc:
        raise GrantError("invalid_grant", f"Invalid JWT assertion: {exc}") from None
    iat, exp = claims["iat"], claims["exp"]
    if not all(isinstance(v, int | float) for v in (iat, exp)):
        raise GrantError("invalid_grant", "iat and exp must be unix timestamps.")
    if exp - iat > MAX_JWT_LIFETIME:
        raise GrantError(
            "invalid_grant",
            f"JWT lifetime (exp - iat) must not exceed {MAX_JWT_LIFETIME} seconds.",
        )
    if iat > now + leeway:
        raise GrantError(
            "invalid_grant", "Future IAT: the JWT was issued in the future."
        )
    if exp <= now:
        raise GrantError("invalid_grant", "The JWT assertion has expired.")
    return client_id


class TokenStore:
    """Issues opaque tokens and answers which client a live token belongs to."""

    def __init__(self, ttl: int = 3600) -> None:
        self.ttl = ttl
        self._tokens: dict[str, tuple[str, float]] = {}
        self._expire_after: int | None = None
        self._lock = threading.Lock()

    def issue(self, client_id: str) -> Grant:
        token = str(uuid.uuid4())
        with self._lock:
            self._tokens[token] = (client_id, time.monotonic() + self.ttl)
        return Grant(token, client_id, self.ttl)

    def client_for(self, token: str) -> str | None:
        """The client id of a live token, or None (unknown or expired)."""
        with self._lock:
            if self._expire_after is not None:
                if self._expire_after <= 0:
                    self._tokens.clear()
                    self._expire_after = None
                else:
                    self._expire_after -= 1
            entry = self._tokens.get(token)
            if entry is None:
                return None
            client_id, deadline = entry
            if time.monotonic() >= deadline:
                del self._tokens[token]
                return None
            return client_id

    def expire_all(self) -> None:
        """Every token issued so far stops working now."""
        with self._lock:
            self._tokens.clear()
            self._expire_after = None

    def expire_after(self, requests: int) -> None:
        """Tokens issued so far stop working after ``requests`` more API calls."""
        with self._lock:
            self._expire_after = requests
