"""Bearer tokens: generated at random, stored as a salted PBKDF2 hash, compared
in constant time."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from dataclasses import dataclass

ALGORITHM = "pbkdf2_sha256"
ITERATIONS = 200_000


@dataclass(frozen=True)
class TokenHash:
    """What is stored of a token: never the token itself."""

    salt: str  # hex
    digest: str  # hex
    iterations: int = ITERATIONS
    algorithm: str = ALGORITHM


def generate_token() -> str:
    """A new random bearer token (256 bits, URL-safe text)."""
    return secrets.token_urlsafe(32)


def _derive(token: str, salt: bytes, iterations: int) -> bytes:
    return hashlib.pbkdf2_hmac("sha256", token.encode("utf-8"), salt, iterations)


def hash_token(token: str, *, iterations: int = ITERATIONS) -> TokenHash:
    """A salted hash of ``token``."""
    salt = secrets.token_bytes(16)
    return TokenHash(salt.hex(), _derive(token, salt, iterations).hex(), iterations)


def check_token(token: str, stored: TokenHash) -> bool:
    """True when ``token`` matches ``stored`` (constant-time comparison)."""
    if stored.algorithm != ALGORITHM:
        return False
    derived = _derive(token, bytes.fromhex(stored.salt), stored.iterations)
    return hmac.compare_digest(derived, bytes.fromhex(stored.digest))


class TokenVerifier:
    """Checks bearer tokens; remembers the last good one (as a SHA-256) so a
    request does not pay for PBKDF2 each time."""

    def __init__(self, stored: TokenHash | None) -> None:
        self._stored = stored
        self._accepted: bytes | None = None
        self._lock = threading.Lock()

    def replace(self, stored: TokenHash | None) -> None:
        """Accept only the token ``stored`` hashes from now on (a new token was
        issued): the old token is refused from the next request on."""
        with self._lock:
            self._stored, self._accepted = stored, None

    def __call__(self, token: str) -> bool:
        """True when ``token`` is the configured one; False when none is set."""
        stored = self._stored
        if stored is None or not token:
            return False
        quick = hashlib.sha256(token.encode("utf-8")).digest()
        accepted = self._accepted
        if accepted is not None and hmac.compare_digest(quick, accepted):
            return True
        if not check_token(token, stored):
            return False
        with self._lock:
            if self._stored is stored:  # not replaced meanwhile
                self._accepted = quick
        return True
