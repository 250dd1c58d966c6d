"""Application errors, grouped by what the caller should do about them.

- ``RetryableError``: transient (timeouts, 429, 5xx); retry later or with backoff.
- ``EntityError``: this entity cannot be synced (bad response, other 4xx); record
  the failure and go on, or stop the run.
- ``UserActionError``: only the user can fix it (settings, credentials, database).
- ``SyncLockedError``: another sync already runs; wait for it.
- ``StorageError``: the backup database refused or lost work during a run
  (locked past the wait bound, disk full, read-only, connection lost); the run
  stops, is recorded as failed where the database still allows it, exit 1.

Anything that is not an ``AppError`` is a bug: log it with its traceback.

``str(error)`` is English, for logs; ``error.user_message`` is Spanish, for the
window. Neither may contain a secret: constructors take no secret values, and
callers must pass redacted text (see ``app.logs.redact``, ``storage.db.redact_url``).
The Spanish texts are marked for Qt's catalogue (``app.i18n``). This module
imports nothing from ``app`` but ``app.i18n`` (which imports nothing), so every
layer may import it.
"""

from __future__ import annotations

import errno
from typing import ClassVar

from app.i18n import QT_TRANSLATE_NOOP

EXIT_OK = 0
EXIT_SYNC_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_CREDENTIALS = 4
EXIT_PARTIAL = 5  # succeeded with entities skipped (a scope the API client lacks)


class Cancelled(Exception):  # noqa: N818 - a request, not a failure
    """The user asked to stop: raised between pages or out of an interrupted wait.

    Not an ``AppError``: no handler of known failures may swallow it."""


class AppError(Exception):
    """A known failure: shown to the user as a message, never as a traceback."""

    exit_code: ClassVar[int] = EXIT_SYNC_FAILED
    default_message: ClassVar[str] = "the operation failed"
    default_user_message: ClassVar[str] = QT_TRANSLATE_NOOP(
        "Mensajes", "No se pudo completar la operación."
    )

    def __init__(self, message: str = "", *, user_message: str = "") -> None:
        super().__init__(message or self.default_message)
        self.user_message = user_message or self.default_user_message


class RetryableError(AppError):
    """A transient failure: the same request may succeed later."""

    default_message = "temporary failure; try again later"
    default_user_message = QT_TRANSLATE_NOOP(
        "Mensajes",
        "QBench no respondió a tiempo o está ocupado. Se volverá a intentar más tarde.",
    )

    def __init__(
        self,
        message: str = "",
        *,
        user_message: str = "",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, user_message=user_message)
        self.retry_after = retry_after


class EntityError(AppError):
    """This entity failed (bad response, rejected request); others may go on."""

    default_message = "the entity could not be synced"
    default_user_message = QT_TRANSLATE_NOOP(
        "Mensajes", "No se pudieron copiar los datos de una sección de QBench."
    )

    def __init__(
        self, message: str = "", *, user_message: str = "", entity: str | None = None
    ) -> None:
        super().__init__(message, user_message=user_message)
        self.entity = entity


class UserActionError(AppError):
    """Only the user can fix this: settings, credentials or the database."""

    exit_code = EXIT_USAGE
    default_message = "the user must fix the configuration"
    default_user_message = QT_TRANSLATE_NOOP(
        "Mensajes", "Revise la configuración del programa."
    )


class ConfigError(UserActionError):
    """The settings file, an environment variable or a flag is wrong."""

    default_message = "invalid configuration"
    default_user_message = QT_TRANSLATE_NOOP(
        "Mensajes", "La configuración no es válida. Revise los ajustes."
    )


class TenantMismatchError(ConfigError):
    """The backup database holds another QBench tenant's copy: syncing into it
    would mix two tenants. The user picks another database or a fresh copy."""

    def __init__(self, recorded_url: str, current_url: str) -> None:
        super().__init__(
            f"this backup database holds a copy of the QBench tenant "
            f"{recorded_url}, not of {current_url}; nothing was written. Choose "
            "another database (--db-url or the settings), or pass --new-copy to "
            "keep the old copy aside and start a fresh one in this database",
            user_message=QT_TRANSLATE_NOOP(
                "Mensajes",
                "Esta base de datos de respaldo es una copia de {recorded_url}, "
                "no de {current_url}. Para no mezclar dos QBench no se copió "
                "nada. Elija una base de datos nueva para esta dirección, o "
                "vuelva a la dirección anterior en Configuración.",
            ).format(recorded_url=recorded_url, current_url=current_url),
        )
        self.recorded_url = recorded_url
        self.current_url = current_url
        self.report: object | None = None  # the refused run, once recorded


class CredentialsError(UserActionError):
    """QBench rejected the client id / secret, or the keyring cannot be used."""

    exit_code = EXIT_CREDENTIALS
    default_message = "the QBench credentials were rejected"
    default_user_message = QT_TRANSLATE_NOOP(
        "Mensajes",
        "QBench rechazó las credenciales. Revise el identificador y la clave de API.",
    )


class DatabaseUnavailable(UserActionError):
    """The backup database cannot be opened (unreachable, locked, disk full)."""

    default_message = "the backup database is unavailable"
    default_user_message = QT_TRANSLATE_NOOP(
        "Mensajes",
        "No se puede abrir la base de datos de respaldo. Revise la dirección, "
        "que el servidor esté en marcha y que haya espacio en disco.",
    )


_FOLDER_CAUSES: dict[int, tuple[str, str]] = {
    # errno -> (English cause, the whole Spanish message for the window)
    errno.EACCES: (
        "this user lacks write permission on it",
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "No se puede escribir en la carpeta {folder}: este usuario no tiene "
            "permiso de escritura en ella. Dé permiso de escritura sobre esa carpeta "
            "a este usuario, o elija otra ubicación, y vuelva a intentarlo.",
        ),
    ),
    errno.EROFS: (
        "it is on a read-only file system",
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "No se puede escribir en la carpeta {folder}: está en un disco o unidad "
            "de solo lectura. Dé permiso de escritura sobre esa carpeta a este "
            "usuario, o elija otra ubicación, y vuelva a intentarlo.",
        ),
    ),
    errno.ENOSPC: (
        "the disk is full",
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "No se puede escribir en la carpeta {folder}: el disco está lleno. Dé "
            "permiso de escritura sobre esa carpeta a este usuario, o elija otra "
            "ubicación, y vuelva a intentarlo.",
        ),
    ),
    errno.ENOENT: (
        "it does not exist",
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "No se puede escribir en la carpeta {folder}: no existe. Dé permiso de "
            "escritura sobre esa carpeta a este usuario, o elija otra ubicación, y "
            "vuelva a intentarlo.",
        ),
    ),
}
_FOLDER_CAUSES[errno.EPERM] = _FOLDER_CAUSES[errno.EACCES]
# any other cause: the system's own words for it ({reason})
_FOLDER_OTHER = QT_TRANSLATE_NOOP(
    "Mensajes",
    "No se puede escribir en la carpeta {folder}: {reason}. Dé permiso de "
    "escritura sobre esa carpeta a este usuario, o elija otra ubicación, y vuelva "
    "a intentarlo.",
)


class FolderNotWritable(UserActionError):
    """A folder the program must write in (the data folder, a SQLite file's
    folder) is missing or refuses writes; the message names it and the cause."""

    def __init__(self, folder: object, cause: OSError, *, what: str) -> None:
        text = cause.strerror or str(cause)
        english, spanish = _FOLDER_CAUSES.get(cause.errno or 0, (text, _FOLDER_OTHER))
        super().__init__(
            f"cannot write in {what} {folder}: {english}; give this user "
            "write permission on that folder, or choose another location",
            user_message=spanish.format(folder=folder, reason=text),
        )
        self.folder = folder
        self.errno = cause.errno


STORAGE_KINDS: dict[str, tuple[str, str]] = {
    # kind → (English lead for logs and the command line, Spanish for the window)
    "locked": (
        "the backup database is locked by another program",
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "La base de datos de respaldo está bloqueada por otro programa. Cierre "
            "ese programa (o espere a que termine) y vuelva a actualizar; lo ya "
            "copiado se conserva.",
        ),
    ),
    "disk_full": (
        "the disk holding the backup database is full",
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "El disco de la base de datos de respaldo está lleno. Libere espacio y "
            "vuelva a actualizar; lo ya copiado se conserva.",
        ),
    ),
    "read_only": (
        "the backup database is read-only",
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "La base de datos de respaldo es de solo lectura. Revise los permisos "
            "del archivo o del servidor y vuelva a actualizar.",
        ),
    ),
    "connection_lost": (
        "the connection to the backup database was lost",
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "Se perdió la conexión con la base de datos de respaldo. Revise que el "
            "servidor esté en marcha y vuelva a actualizar; lo ya copiado se "
            "conserva.",
        ),
    ),
    "cannot_open": (
        "the backup database cannot be opened",
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "No se puede abrir la base de datos de respaldo. Revise la dirección y "
            "que el archivo o el servidor estén disponibles.",
        ),
    ),
    "io_error": (
        "the backup database could not read or write its files",
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "La base de datos de respaldo no pudo leer o escribir sus archivos "
            "(error del disco). Revise el disco y vuelva a actualizar.",
        ),
    ),
    "corrupt": (
        "the backup database file is damaged",
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "El archivo de la base de datos de respaldo está dañado. Restaure una "
            "copia o elija otra base de datos.",
        ),
    ),
}


class StorageError(AppError):
    """The backup database failed during a run: locked past the wait bound, disk
    full, read-only, connection lost, ... (``kind`` says which; see
    ``STORAGE_KINDS``). The run stops; exit code 1."""

    default_message = "the backup database failed"
    default_user_message = QT_TRANSLATE_NOOP(
        "Mensajes",
        "La base de datos de respaldo falló. Los detalles están en el archivo de "
        "registro; lo ya copiado se conserva.",
    )

    def __init__(self, detail: str = "", *, kind: str = "other") -> None:
        lead, spanish = STORAGE_KINDS.get(kind, (self.default_message, ""))
        message = f"{lead}: {detail}" if detail else lead
        super().__init__(message, user_message=spanish)
        self.kind = kind
        self.detail = detail


class SyncLockedError(AppError):
    """Another sync (window or scheduled task) holds the sync lock."""

    exit_code = EXIT_LOCKED
    default_message = "another sync is already running"
    default_user_message = QT_TRANSLATE_NOOP(
        "Mensajes",
        "Ya hay una actualización en curso. Espere a que termine e inténtelo de nuevo.",
    )


def exit_code_for(error: BaseException) -> int:
    """The CLI exit code for ``error``: its class's code, or 1 for a bug."""
    if isinstance(error, AppError):
        return error.exit_code
    return EXIT_SYNC_FAILED
