"""The tenant a backup belongs to, and setting a backup aside for a fresh copy.

One row in ``backup_tenant``. What makes two addresses the same tenant is
decided above (``app.sync.tenant``); here it is only stored and compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import peewee

from app.storage.migrations import backup_sqlite
from app.storage.models import (
    ALL_MODELS,
    ENTITY_MODELS,
    BackupTenant,
    SchemaVersion,
    SyncCheckpoint,
)


@dataclass(frozen=True)
class RecordedTenant:
    """The tenant recorded in a backup."""

    tenant: str
    base_url: str
    recorded_at: datetime


def recorded_tenant() -> RecordedTenant | None:
    """The tenant this backup belongs to, or None when none is recorded yet."""
    row = BackupTenant.get_or_none(BackupTenant.id == 1)
    if row is None:
        return None
    return RecordedTenant(row.tenant, row.base_url, row.recorded_at)


def record_tenant(tenant: str, base_url: str) -> None:
    """Make ``tenant`` the one this backup belongs to."""
    now = datetime.now(UTC).replace(tzinfo=None)
    BackupTenant.insert(
        id=1, tenant=tenant, base_url=base_url, recorded_at=now
    ).on_conflict(
        conflict_target=[BackupTenant.id],
        preserve=[BackupTenant.tenant, BackupTenant.base_url, BackupTenant.recorded_at],
    ).execute()


def holds_data() -> bool:
    """True when the backup holds any record or sync checkpoint."""
    models = [*ENTITY_MODELS.values(), SyncCheckpoint]
    return any(model.select().limit(1).exists() for model in models)


def set_aside(db: peewee.Database, sqlite_path: Path | None, label: str) -> str:
    """Keep the backup's current content aside and empty it, for a fresh copy of
    another tenant; returns where the old content went.

    SQLite: a copy of the file (``<file>.tenant-<label>-<UTC time>``, the
    migration backup's method). PostgreSQL: a copy of every table in a new schema
    ``qbench_backup_<label>_<UTC time>``. Then every table but the schema version
    is emptied, in one transaction.
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    safe = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")[:40] or "old"
    if sqlite_path is not None:
        copy = backup_sqlite(db, sqlite_path, 0)
        where = copy.with_name(f"{sqlite_path.name}.tenant-{safe}-{stamp}")
        copy.rename(where)
        place = str(where)
    else:
        place = f"qbench_backup_{safe}_{stamp.lower()}"
    with db.atomic():
        models = [m for m in ALL_MODELS if m is not SchemaVersion]
        if sqlite_path is None:
            db.execute_sql(f'CREATE SCHEMA "{place}"')
            for model in models:
                table = model._meta.table_name
                db.execute_sql(f'CREATE TABLE "{place}"."{table}" AS TABLE "{table}"')
        for model in models:
            model.delete().execute()
    return place
