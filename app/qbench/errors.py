"""QBench client errors, raised by recovery strategy (house style rule 3).

- ``QBenchAuthError``: the credentials were rejected; ask the user for them again.
- ``QBenchUnavailable``: the token endpoint cannot be reached; try the run later.
- ``QBenchRequestError``: QBench refused this request (a 4xx); the entity fails.
- ``EndpointUnavailable`` (``EndpointForbidden``: 403, ``EndpointMissing``: 404)
  on a list: the API client lacks the scope, or the tenant lacks the endpoint;
  the entity is skipped, the others go on.
- ``QBenchResponseError``: QBench answered with a body we cannot use.
- ``QBenchRetryExhausted``: 5xx, resets, timeouts or 429s outlasted the retries.

Messages name the method, path and page, never a query string, token, assertion
or secret: the client passes only redacted detail text.
"""

from __future__ import annotations

import re

from app.errors import AppError, CredentialsError, EntityError, RetryableError
from app.i18n import QT_TRANSLATE_NOOP


class QBenchError(AppError):
    """Any failure talking to QBench (catch this to handle them all)."""


class QBenchAuthError(QBenchError, CredentialsError):
    """QBench rejected the client id / secret, or a fresh token still gets 401."""

    default_message = "QBench rejected the API credentials"


class QBenchUnavailable(QBenchError, RetryableError):
    """QBench's token endpoint could not be reached or kept failing."""

    default_message = "QBench is unavailable"
    default_user_message = QT_TRANSLATE_NOOP(
        "Mensajes",
        "No se pudo conectar con QBench. Revise la dirección del servidor y la "
        "conexión a Internet, o inténtelo más tarde.",
    )


class QBenchRequestError(QBenchError, EntityError):
    """QBench refused a request with a 4xx; carries QBench's own error text."""

    def __init__(
        self,
        method: str,
        path: str,
        status: int,
        detail: str,
        *,
        entity: str | None = None,
    ) -> None:
        self.method, self.path, self.status, self.detail = method, path, status, detail
        message = f"QBench answered {status} to {method} {path}: {detail or '(empty)'}"
        # QBench's own words (English) stay in the message, the log and the
        # window's Detalles técnicos; the user reads what happened.
        user = QT_TRANSLATE_NOOP(
            "Mensajes",
            "QBench rechazó la consulta {method} {path} (error {status}). El "
            "detalle técnico está en el registro.",
        )
        super().__init__(
            message,
            user_message=user.format(method=method, path=path, status=status),
            entity=entity,
        )


class QBenchResponseError(QBenchError, EntityError):
    """QBench answered 200 with a body that is not the JSON we expect."""

    def __init__(
        self,
        path: str,
        reason: str,
        *,
        page: int | None = None,
        entity: str | None = None,
    ) -> None:
        self.path, self.reason, self.page = path, reason, page
        where = path if page is None else f"{path} page {page}"
        if page is None:
            user = QT_TRANSLATE_NOOP(
                "Mensajes",
                "QBench devolvió una respuesta con un formato inesperado ({path}).",
            )
        else:
            user = QT_TRANSLATE_NOOP(
                "Mensajes",
                "QBench devolvió una respuesta con un formato inesperado ({path}, "
                "página {page}).",
            )
        super().__init__(
            f"QBench sent an unusable response for {where}: {reason}",
            user_message=user.format(path=path, page=page),
            entity=entity,
        )


class QBenchRetryExhausted(QBenchError, EntityError):
    """A request kept failing with retryable errors until the retries ran out."""

    def __init__(
        self,
        method: str,
        path: str,
        attempts: int,
        cause: str,
        *,
        page: int | None = None,
        entity: str | None = None,
    ) -> None:
        self.method, self.path, self.page = method, path, page
        self.attempts, self.cause = attempts, cause
        where = f"{method} {path}" if page is None else f"{method} {path} page {page}"
        # The window shows no exception text: an HTTP status, or what to check.
        status = re.match(r"HTTP (\d{3})", cause)
        user = _RETRY_EXHAUSTED[status is not None, page is not None]
        super().__init__(
            f"{where} failed after {attempts} attempts; last error: {cause}",
            user_message=user.format(
                attempts=attempts,
                method=method,
                path=path,
                page=page,
                status=status[1] if status else None,
            ),
            entity=entity,
        )


# (an HTTP status is known, a page is named) -> the Spanish message
_RETRY_EXHAUSTED = {
    (True, False): QT_TRANSLATE_NOOP(
        "Mensajes",
        "QBench no respondió correctamente tras {attempts} intentos ({method} "
        "{path}). Último error: HTTP {status}.",
    ),
    (True, True): QT_TRANSLATE_NOOP(
        "Mensajes",
        "QBench no respondió correctamente tras {attempts} intentos ({method} "
        "{path}, página {page}). Último error: HTTP {status}.",
    ),
    (False, False): QT_TRANSLATE_NOOP(
        "Mensajes",
        "QBench no respondió correctamente tras {attempts} intentos ({method} "
        "{path}). No se pudo conectar o la conexión se cortó; revise la conexión "
        "a Internet.",
    ),
    (False, True): QT_TRANSLATE_NOOP(
        "Mensajes",
        "QBench no respondió correctamente tras {attempts} intentos ({method} "
        "{path}, página {page}). No se pudo conectar o la conexión se cortó; "
        "revise la conexión a Internet.",
    ),
}


class DownloadRefused(QBenchRequestError):
    """A file host refused a download (403: the presigned URL expired or its
    signature no longer holds; 404: the file is gone). Never retried as is: a
    fresh URL comes from reading the record again."""

    @property
    def expired(self) -> bool:
        """403, as S3 answers an expired presigned URL."""
        return self.status in (401, 403)


class EndpointUnavailable(QBenchRequestError):
    """A v2 list this client may not read: the entity is skipped, not failed.

    QBench's v2 API clients carry scopes that limit the endpoints they may call
    (README §1.1, [ZD v2 guide]): a list outside them answers 403 (Forbidden);
    a list the tenant does not have answers 404. Raised only for list requests;
    a single GET's 404 means the record is gone (``QBenchClient.find_one``)."""


class EndpointForbidden(EndpointUnavailable):
    """403 on a list: the API client lacks the scope for it."""


class EndpointMissing(EndpointUnavailable):
    """404 on a list: the tenant has no such endpoint (or the parent is gone)."""
