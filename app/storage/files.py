"""A content-addressed store for downloaded documents (report PDFs, attachments).

A file lives at ``<root>/<sha256[:2]>/<sha256>``. ``FileStore.put`` streams the
bytes into ``<root>/tmp/<uuid>.part`` while hashing them (never the whole file in
memory), flushes and fsyncs it, checks the size the server declared (when it
did) and renames it into place with ``os.replace``; the folder is fsynced where
the OS allows. So a crash never leaves a partial file under a hash name: only
``.part`` files, which never count as stored and are removed when the store is
opened. Identical bytes are stored once.

A disk that is full or refuses writes raises ``FileStoreError`` (an
``AppError``) with a Spanish message for the window; nothing partial is kept.
"""

from __future__ import annotations

import errno
import hashlib
import os
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Literal

from app.errors import AppError
from app.i18n import QT_TRANSLATE_NOOP

CHUNK_SIZE = 1024 * 1024  # bytes read at a time when re-hashing
TMP_DIR = "tmp"
PART_SUFFIX = ".part"

Verdict = Literal["ok", "missing", "corrupt"]

_KINDS: dict[str, tuple[str, str]] = {
    # kind -> (English lead for logs, Spanish for the window)
    "disk_full": (
        "the disk holding the document folder is full",
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "El disco de la carpeta de documentos {folder} está lleno. Libere "
            "espacio y vuelva a actualizar; lo ya copiado se conserva.",
        ),
    ),
    "not_writable": (
        "the document folder refuses writes",
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "No se puede escribir en la carpeta de documentos {folder}. Dé permiso "
            "de escritura sobre esa carpeta a este usuario, o elija otra en "
            "Configuración, y vuelva a actualizar.",
        ),
    ),
    "io_error": (
        "the document folder could not be written",
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "No se pudo escribir un documento en la carpeta {folder} (error del "
            "disco). Revise el disco o la unidad de red y vuelva a actualizar.",
        ),
    ),
    "missing_folder": (
        "the document folder does not exist",
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "La carpeta de documentos {folder} no existe (¿una unidad de red sin "
            "conectar?). Conéctela o créela, o elija otra en Configuración, y "
            "vuelva a actualizar.",
        ),
    ),
    "size_mismatch": (
        "a downloaded document does not have the size the server declared",
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "Un documento descargado no tiene el tamaño que indicó QBench; no se "
            "guardó y se volverá a descargar en la próxima actualización.",
        ),
    ),
}
_ERRNO_KINDS = {
    errno.ENOSPC: "disk_full",
    errno.EDQUOT: "disk_full",
    errno.EACCES: "not_writable",
    errno.EPERM: "not_writable",
    errno.EROFS: "not_writable",
}


class FileStoreError(AppError):
    """The document folder failed: ``kind`` is ``disk_full``, ``not_writable``,
    ``io_error``, ``missing_folder`` or ``size_mismatch``. Nothing partial was
    kept."""

    def __init__(self, detail: str, *, kind: str, folder: Path) -> None:
        lead, spanish = _KINDS[kind]
        super().__init__(
            f"{lead} ({folder}): {detail}",
            user_message=spanish.format(folder=folder),
        )
        self.kind = kind
        self.folder = folder
        self.detail = detail


class SizeMismatchError(FileStoreError):
    """The bytes received are not as many as the server declared."""

    def __init__(self, *, expected: int, received: int, folder: Path) -> None:
        super().__init__(
            f"expected {expected} bytes, received {received}",
            kind="size_mismatch",
            folder=folder,
        )
        self.expected = expected
        self.received = received


@dataclass(frozen=True)
class StoredFile:
    """A file in the store: its content hash and size in bytes."""

    sha256: str
    size: int


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable where the OS allows it (not Windows)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with suppress(OSError):  # some file systems (network shares) refuse it
            os.fsync(fd)
    finally:
        os.close(fd)


class FileStore:
    """Documents under ``root``, named by their sha256."""

    def __init__(self, root: Path, *, create: bool = True) -> None:
        """``create``: make ``root`` (and its parents) when missing — the
        default folder in the data folder; a folder the user chose is never
        created (an unmounted network share must not fill the local disk
        unnoticed): writing then raises FileStoreError ``missing_folder``.
        Nothing touches the disk before the first write, so a run with no
        document to store does not depend on the folder."""
        self.root = Path(root)
        self.tmp = self.root / TMP_DIR
        self.create = create
        self._ready = False

    def _prepare(self) -> None:
        """Before the first write: the folder is there (or made), the temporary
        folder too, and partial files of an interrupted run are removed."""
        if self._ready:
            return
        if not self.create and not self.root.is_dir():
            raise FileStoreError(
                "no such folder", kind="missing_folder", folder=self.root
            )
        try:
            self.tmp.mkdir(parents=self.create, exist_ok=True)
        except OSError as exc:
            raise self._error(exc) from None
        self.clean_partials()
        self._ready = True

    def _error(self, exc: OSError) -> FileStoreError:
        kind = _ERRNO_KINDS.get(exc.errno or 0, "io_error")
        return FileStoreError(exc.strerror or str(exc), kind=kind, folder=self.root)

    @contextmanager
    def _disk(self) -> Iterator[None]:
        """Re-raise the disk's OSError as FileStoreError."""
        try:
            yield
        except FileStoreError:
            raise
        except OSError as exc:
            raise self._error(exc) from None

    def clean_partials(self) -> int:
        """Remove ``.part`` files left by an interrupted ``put``; how many."""
        removed = 0
        for part in self.tmp.glob(f"*{PART_SUFFIX}"):
            with suppress(OSError):
                part.unlink()
                removed += 1
        return removed

    def path(self, sha256: str) -> Path:
        """Where the file with this hash lives (whether or not it is stored)."""
        sha = sha256.lower()
        if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
            raise ValueError(f"not a sha256: {sha256!r}")
        return self.root / sha[:2] / sha

    def put(
        self, chunks: Iterable[bytes], *, expected_size: int | None = None
    ) -> StoredFile:
        """Store the bytes of ``chunks``; their hash and size.

        Raises SizeMismatchError when ``expected_size`` is given and differs,
        FileStoreError when the disk refuses; either way no file is kept. Any
        exception from ``chunks`` (a broken download) also leaves nothing."""
        self._prepare()
        part = self.tmp / f"{uuid.uuid4().hex}{PART_SUFFIX}"
        digest = hashlib.sha256()
        size = 0
        try:
            # Only the disk's own failures become FileStoreError: an OSError
            # out of ``chunks`` (a reset download) passes unchanged.
            with self._disk():
                fh = open(part, "xb")  # noqa: SIM115 - closed by the with below
            with fh:
                for chunk in chunks:
                    if not chunk:
                        continue
                    digest.update(chunk)
                    size += len(chunk)
                    with self._disk():
                        fh.write(chunk)
                with self._disk():
                    fh.flush()
                    os.fsync(fh.fileno())
            if expected_size is not None and size != expected_size:
                raise SizeMismatchError(
                    expected=expected_size, received=size, folder=self.root
                )
            sha = digest.hexdigest()
            target = self.path(sha)
            if self.verify(sha, size) == "ok":
                part.unlink()  # identical bytes are stored once
                return StoredFile(sha, size)
            with self._disk():
                target.parent.mkdir(exist_ok=True)
                os.replace(part, target)
            _fsync_dir(target.parent)
            return StoredFile(sha, size)
        except BaseException:
            with suppress(OSError):
                part.unlink()
            raise

    def open(self, sha256: str) -> BinaryIO:
        """The stored file for reading (FileNotFoundError when missing)."""
        return open(self.path(sha256), "rb")

    def verify(self, sha256: str, size: int) -> Verdict:
        """``ok`` when the file is there with this size and hash (re-hashed in
        chunks), ``missing`` when absent, ``corrupt`` otherwise."""
        path = self.path(sha256)
        try:
            with open(path, "rb") as fh:
                if os.fstat(fh.fileno()).st_size != size:
                    return "corrupt"
                digest = hashlib.sha256()
                while chunk := fh.read(CHUNK_SIZE):
                    digest.update(chunk)
        except FileNotFoundError:
            return "missing"
        return "ok" if digest.hexdigest() == sha256.lower() else "corrupt"
