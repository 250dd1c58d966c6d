"""The API token file: ``api_token.json`` in the config folder holds the salted
hash only; the token is shown once when it is issued. ``--demo``'s window keeps
its token's hash in memory instead (``MemoryTokenStore``): a demo never touches
the real token."""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path

from app import paths
from app.api.auth import TokenHash, generate_token, hash_token
from app.errors import ConfigError
from app.i18n import QT_TRANSLATE_NOOP

FILE_NAME = "api_token.json"


def token_file() -> Path:
    """Where the token hash is kept."""
    return paths.config_dir() / FILE_NAME


def issue_token(path: Path | None = None) -> str:
    """Make a new token, store its hash (replacing any old one) and return it."""
    path = path or token_file()
    token = generate_token()
    stored = hash_token(token)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(stored)), encoding="utf-8")
    if os.name == "posix":
        tmp.chmod(0o600)
    tmp.replace(path)
    return token


def load_token_hash(path: Path | None = None) -> TokenHash | None:
    """The stored hash, None when no token was issued; ConfigError if unreadable."""
    path = path or token_file()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return TokenHash(
            salt=str(data["salt"]),
            digest=str(data["digest"]),
            iterations=int(data["iterations"]),
            algorithm=str(data["algorithm"]),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ConfigError(
            f"the API token file {path} is unreadable ({exc}); delete it and "
            "issue a new token",
            user_message=QT_TRANSLATE_NOOP(
                "Mensajes",
                "El archivo del token de la API {path} está dañado; bórrelo y genere "
                "un token nuevo.",
            ).format(path=path),
        ) from None


class FileTokenStore:
    """The token's hash in ``api_token.json`` (shared with ``--serve``)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path

    def load(self) -> TokenHash | None:
        """The stored hash; None before the first token; ConfigError if damaged."""
        return load_token_hash(self.path)

    def issue(self) -> str:
        """A new token (shown once); its hash replaces the stored one.
        ConfigError when the file cannot be written."""
        path = self.path or token_file()
        try:
            return issue_token(path)
        except OSError as exc:
            raise ConfigError(
                f"cannot write the API token file {path}: {exc}",
                user_message=QT_TRANSLATE_NOOP(
                    "Mensajes",
                    "No se pudo guardar el token nuevo en {path}. Revise los "
                    "permisos de la carpeta y el espacio libre en disco.",
                ).format(path=path),
            ) from None


class MemoryTokenStore:
    """The token's hash in memory only (the demo): gone when the program ends."""

    def __init__(self) -> None:
        self._stored: TokenHash | None = None

    def load(self) -> TokenHash | None:
        return self._stored

    def issue(self) -> str:
        token = generate_token()
        self._stored = hash_token(token)
        return token
