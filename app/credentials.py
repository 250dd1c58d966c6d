"""The QBench client secret: kept in the OS keyring, never in files or logs.

Headless machines often have no working keyring; there ``QBENCH_CLIENT_SECRET``
is the documented fallback. Any failure to *read* the keyring (a missing
backend, a locked or broken one, a D-Bus prompt the user dismissed: whatever
the backend raises) means "no keyring": one warning line, no traceback, and the
environment is used. Failures to store become ``CredentialsError`` with a
message that says what to do, never a crash.
"""

from __future__ import annotations

from collections.abc import Mapping

import keyring
import keyring.errors
from loguru import logger

from app.errors import CredentialsError
from app.logs import register_secret

SERVICE = "qbench-backup"
ENV_SECRET = "QBENCH_CLIENT_SECRET"


def _username(client_id: str) -> str:
    return f"qbench-client:{client_id}"


def _describe(exc: BaseException) -> str:
    """``Type: first line of the message``, short enough for one log line."""
    text = " ".join(str(exc).split())[:200]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def keyring_status() -> tuple[bool, str]:
    """Whether a usable keyring backend exists, and its name (or why not)."""
    try:
        backend = keyring.get_keyring()
    except Exception as exc:  # a backend that fails even to load
        return False, f"no usable keyring backend ({_describe(exc)})"
    priority = getattr(backend, "priority", 0)
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if priority is None or priority <= 0 or "fail" in name.lower():
        return False, f"no usable keyring backend ({name})"
    return True, name


def get_secret(client_id: str) -> str | None:
    """The stored secret of ``client_id``, or None (nothing stored, or no keyring)."""
    try:
        secret = keyring.get_password(SERVICE, _username(client_id))
    except keyring.errors.NoKeyringError:
        logger.info("no OS keyring on this machine")
        return None
    except Exception as exc:  # any backend failure on read means "no keyring"
        logger.warning(
            "the OS keyring could not be read ({}); going on without it", _describe(exc)
        )
        return None
    if secret is not None and not isinstance(secret, str):
        logger.warning("the OS keyring returned no text; going on without it")
        return None
    register_secret(secret)
    return secret


def set_secret(client_id: str, secret: str) -> None:
    """Store the secret in the keyring; CredentialsError if no keyring works."""
    try:
        keyring.set_password(SERVICE, _username(client_id), secret)
    except Exception as exc:  # whatever the backend raises
        raise CredentialsError(
            f"the OS keyring cannot store the secret ({type(exc).__name__}); "
            f"set {ENV_SECRET} in the environment instead",
            user_message=(
                "No hay un llavero del sistema disponible para guardar la clave. "
                f"Defina la variable de entorno {ENV_SECRET} como alternativa."
            ),
        ) from None
    register_secret(secret)


def delete_secret(client_id: str) -> None:
    """Forget the stored secret (no error if there was none)."""
    try:
        keyring.delete_password(SERVICE, _username(client_id))
    except keyring.errors.PasswordDeleteError:
        pass
    except Exception as exc:  # whatever the backend raises
        logger.warning("the OS keyring could not be changed ({})", type(exc).__name__)


def resolve_secret(client_id: str, env: Mapping[str, str]) -> str | None:
    """The secret to use: the keyring first, then ``QBENCH_CLIENT_SECRET``."""
    secret = get_secret(client_id) if client_id else None
    if not secret:
        secret = env.get(ENV_SECRET, "").strip() or None
        if secret:
            logger.info(f"using {ENV_SECRET} from the environment")
    register_secret(secret)
    return secret
