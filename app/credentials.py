"""The QBench client secret and the database password: in the OS keyring only.

Neither is ever written to a file or a log. Headless machines often have no
working keyring; there ``QBENCH_CLIENT_SECRET`` and ``QBENCH_BACKUP_DB_PASSWORD``
are the documented fallbacks. The database password is stored per database
(``database:user@host:port/name``), so pointing the backup at another server
never sends it the old one. Any failure to *read* the keyring (a missing
backend, a locked or broken one, a D-Bus prompt the user dismissed: whatever
the backend raises) means "no keyring": one warning line, no traceback, and the
environment is used. Failures to store become ``CredentialsError`` with a
message that says what to do, never a crash.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from urllib.parse import urlsplit

import keyring
import keyring.errors
from loguru import logger

from app.errors import CredentialsError
from app.i18n import QT_TRANSLATE_NOOP
from app.logs import register_secret

SERVICE = "qbench-backup"
ENV_SECRET = "QBENCH_CLIENT_SECRET"
ENV_DB_PASSWORD = "QBENCH_BACKUP_DB_PASSWORD"


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
    return _read(_username(client_id))


KEYRING_READ_SECONDS = 10.0  # a locked keyring waiting on a prompt: no keyring


def _get_password(username: str) -> str | None:
    """``keyring.get_password`` bounded in time: a backend that blocks (a locked
    Secret Service waiting on an unlock prompt nobody sees at night) must not
    hang the scheduled run; raises TimeoutError after KEYRING_READ_SECONDS."""
    found: list[str | None] = []
    failed: list[BaseException] = []

    def read() -> None:
        try:
            found.append(keyring.get_password(SERVICE, username))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            failed.append(exc)

    reader = threading.Thread(target=read, name="keyring-read", daemon=True)
    reader.start()
    reader.join(KEYRING_READ_SECONDS)
    if reader.is_alive():
        raise TimeoutError(f"no answer within {KEYRING_READ_SECONDS:g} s")
    if failed:
        raise failed[0]
    return found[0]


def _read(username: str) -> str | None:
    try:
        secret = _get_password(username)
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
    _store(
        _username(client_id),
        secret,
        ENV_SECRET,
        (
            "the secret",
            QT_TRANSLATE_NOOP(
                "Mensajes",
                "Este equipo no tiene llavero del sistema: la clave no se puede "
                "guardar aquí. Defina la variable de entorno {variable}.",
            ),
        ),
    )


def _store(username: str, value: str, env_name: str, what: tuple[str, str]) -> None:
    """Keep ``value`` in the keyring; ``what`` is (what it is, in English; the
    Spanish message when no keyring can keep it, naming ``{variable}``)."""
    try:
        keyring.set_password(SERVICE, username, value)
    except Exception as exc:  # whatever the backend raises
        raise CredentialsError(
            f"the OS keyring cannot store {what[0]} ({type(exc).__name__}); "
            f"set {env_name} in the environment instead",
            user_message=what[1].format(variable=env_name),
        ) from None
    register_secret(value)


def delete_secret(client_id: str) -> None:
    """Forget the stored secret (no error if there was none)."""
    _delete(_username(client_id))


def _delete(username: str) -> None:
    try:
        keyring.delete_password(SERVICE, username)
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


def uses_password(url: str) -> bool:
    """True for a database that logs in with a password (PostgreSQL)."""
    return urlsplit(url).scheme in ("postgres", "postgresql")


def _db_username(url: str) -> str:
    """The keyring entry of a database: ``database:user@host:port/name``."""
    parts = urlsplit(url)
    user = parts.username or ""
    host = parts.hostname or "localhost"
    return f"database:{user}@{host}:{parts.port or 5432}{parts.path or '/'}"


def get_db_password(url: str) -> str | None:
    """The stored password of the database at ``url``, or None."""
    return _read(_db_username(url)) if uses_password(url) else None


def set_db_password(url: str, password: str) -> None:
    """Store the database password; CredentialsError if no keyring works."""
    _store(
        _db_username(url),
        password,
        ENV_DB_PASSWORD,
        (
            "the database password",
            QT_TRANSLATE_NOOP(
                "Mensajes",
                "Este equipo no tiene llavero del sistema: la contraseña de la base "
                "de datos no se puede guardar aquí. Defina la variable de entorno "
                "{variable}.",
            ),
        ),
    )


def delete_db_password(url: str) -> None:
    """Forget the stored database password (no error if there was none)."""
    _delete(_db_username(url))


def resolve_db_password(url: str, env: Mapping[str, str] | None = None) -> str | None:
    """The password for ``url``: the keyring first, then
    ``QBENCH_BACKUP_DB_PASSWORD``; None for SQLite or when neither has one."""
    if not uses_password(url):
        return None
    password = get_db_password(url)
    if not password:
        env = os.environ if env is None else env
        password = env.get(ENV_DB_PASSWORD) or None
        if password:
            logger.info(f"using {ENV_DB_PASSWORD} from the environment")
    register_secret(password)
    return password
