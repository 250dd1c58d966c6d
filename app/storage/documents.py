"""Queries on ``files``, the archived document versions (mixed into ``Repository``).

A row says "version ``version_key`` of record ``qbench_id`` of ``entity`` had
these bytes" (``sha256``, ``size``); the bytes are in the file store
(``app.storage.files``). Rows are only ever added: a new version adds a row,
nothing updates a row away or deletes one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

import peewee

from app.storage.dates import utc_naive
from app.storage.models import ENTITY_MODELS, DocumentFile

DOCUMENT_ENTITIES = ("reports", "attachments")
IN_CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True)
class FileVersion:
    """One archived version of a document."""

    entity: str
    qbench_id: int
    sha256: str
    size: int
    content_type: str | None
    file_name: str | None
    version_key: str | None
    fetched_at: datetime
    run_id: str | None


def _version(row: DocumentFile) -> FileVersion:
    return FileVersion(
        entity=row.entity,
        qbench_id=int(row.qbench_id),
        sha256=row.sha256,
        size=int(row.size),
        content_type=row.content_type,
        file_name=row.file_name,
        version_key=row.version_key,
        fetched_at=row.fetched_at,
        run_id=row.run_id,
    )


class DocumentLog:
    """Add and list archived document versions."""

    db: peewee.Database
    clock: Callable[[], datetime]

    def add_file(
        self,
        entity: str,
        qbench_id: int,
        *,
        sha256: str,
        size: int,
        content_type: str | None = None,
        file_name: str | None = None,
        version_key: str | None = None,
        run_id: str | None = None,
    ) -> bool:
        """Record a version of a document; True when it added a row.

        The same bytes for the same record are one row (unique entity,
        qbench_id, sha256): a new render that gave identical bytes only moves
        that row's ``version_key`` to the new version, so the version counts as
        archived; nothing else is changed and no row is removed."""
        if entity not in DOCUMENT_ENTITIES:
            raise ValueError(f"not a document entity: {entity!r}")
        sha = sha256.lower()
        same = (
            DocumentFile.entity == entity,
            DocumentFile.qbench_id == qbench_id,
            DocumentFile.sha256 == sha,
        )
        with self.db.atomic():
            inserted = (
                DocumentFile.insert(
                    entity=entity,
                    qbench_id=qbench_id,
                    sha256=sha,
                    size=size,
                    content_type=content_type,
                    file_name=file_name,
                    version_key=version_key,
                    fetched_at=utc_naive(self.clock()),
                    run_id=run_id,
                )
                .on_conflict_ignore()
                .as_rowcount()
                .execute()
            )
            if not inserted and version_key is not None:
                DocumentFile.update(version_key=version_key).where(*same).execute()
        return bool(inserted)

    def file_versions(self, entity: str, qbench_id: int) -> list[FileVersion]:
        """Every archived version of one record, oldest first."""
        query = (
            DocumentFile.select()
            .where(DocumentFile.entity == entity, DocumentFile.qbench_id == qbench_id)
            .order_by(DocumentFile.fetched_at, DocumentFile.id)
        )
        return [_version(row) for row in query]

    def known_versions(
        self, entity: str, ids: Iterable[int]
    ) -> set[tuple[int, str | None]]:
        """The (qbench_id, version_key) pairs archived for ``ids``."""
        wanted = sorted(set(ids))
        found: set[tuple[int, str | None]] = set()
        for start in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[start : start + IN_CHUNK]
            query = DocumentFile.select(
                DocumentFile.qbench_id, DocumentFile.version_key
            ).where(DocumentFile.entity == entity, DocumentFile.qbench_id.in_(chunk))
            found.update((int(i), key) for i, key in query.tuples())
        return found

    def version_files(
        self, entity: str, ids: Iterable[int]
    ) -> dict[tuple[int, str | None], str]:
        """(qbench_id, version_key) → the sha256 of its archived file, for ``ids``."""
        wanted = sorted(set(ids))
        found: dict[tuple[int, str | None], str] = {}
        for start in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[start : start + IN_CHUNK]
            query = DocumentFile.select(
                DocumentFile.qbench_id, DocumentFile.version_key, DocumentFile.sha256
            ).where(DocumentFile.entity == entity, DocumentFile.qbench_id.in_(chunk))
            found.update(((int(i), key), sha) for i, key, sha in query.tuples())
        return found

    def stored_files(self) -> list[tuple[str, int]]:
        """Every distinct (sha256, size) the ``files`` table names, by hash."""
        query = (
            DocumentFile.select(DocumentFile.sha256, DocumentFile.size)
            .distinct()
            .order_by(DocumentFile.sha256)
        )
        return [(sha, int(size)) for sha, size in query.tuples()]

    def versions_with(self, sha256s: Iterable[str]) -> list[FileVersion]:
        """The versions whose file has one of ``sha256s``, by entity and id."""
        wanted = sorted(set(sha256s))
        found: list[FileVersion] = []
        for start in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[start : start + IN_CHUNK]
            query = DocumentFile.select().where(DocumentFile.sha256.in_(chunk))
            found.extend(_version(row) for row in query)
        return sorted(found, key=lambda v: (v.entity, v.qbench_id, v.fetched_at))

    def file_totals(self) -> tuple[int, int]:
        """(rows, bytes) over every archived version (bytes counted per row)."""
        count, total = DocumentFile.select(
            peewee.fn.COUNT(DocumentFile.id), peewee.fn.SUM(DocumentFile.size)
        ).scalar(as_tuple=True)
        return int(count or 0), int(total or 0)

    def rendered_reports_without_files(self) -> set[int]:
        """Live reports whose PDF rendered and that have no archived version at
        all (a first download that failed or was cut off)."""
        reports = ENTITY_MODELS["reports"]
        archived = DocumentFile.select(DocumentFile.qbench_id).where(
            DocumentFile.entity == "reports"
        )
        query = reports.select(reports.qbench_id).where(
            reports.deleted_at.is_null(),
            reports.render_status == "SUCCESSFUL",
            reports.qbench_id.not_in(archived),
        )
        return {int(i) for (i,) in query.tuples()}
