"""Schema version and forward-only migrations, with a SQLite backup taken first.

``MIGRATIONS`` lists (version, description, step) in order; ``migrate`` applies
the pending ones, each in its own transaction together with its
``schema_version`` row. Before touching an existing SQLite file that holds
tables, it copies the file (WAL content included) with the SQLite backup API.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import peewee
from loguru import logger

from app import jsoncodec
from app.errors import DatabaseUnavailable
from app.i18n import QT_TRANSLATE_NOOP
from app.storage.models import (
    ALL_MODELS,
    ENTITY_MODELS,
    RUN_ENTITY,
    BackupTenant,
    DocumentFile,
    IngestionRun,
    RejectedRecord,
    RunOrphan,
    SchemaVersion,
    bind,
)
from app.storage.payload import StoredJSON, encode

Step = Callable[[peewee.Database], None]
Migration = tuple[int, str, Step]


def _create_everything(db: peewee.Database) -> None:
    # Version 1 builds the tables from the models, so a fresh database gets the
    # columns later versions add already: those steps only add what is missing.
    db.create_tables(ALL_MODELS, safe=True)


SORT_DATE_COLUMNS = ("qbench_last_updated", "date_created", "date_generated")


def sort_index_name(table: str, column: str) -> str:
    """The name of the (date, qbench_id) index that serves sorted pages."""
    return f"{table}_{column}_qbench_id_sort"


def _add_sort_indexes(db: peewee.Database) -> None:
    # (date, qbench_id) lets the REST API read a page sorted on a date in index
    # order instead of sorting every row. PostgreSQL puts NULLs last in an
    # ascending index; the API orders them first ascending, last descending,
    # which is SQLite's default and PostgreSQL's with NULLS FIRST.
    nulls_first = " NULLS FIRST" if isinstance(db, peewee.PostgresqlDatabase) else ""
    for model in ENTITY_MODELS.values():
        table = model._meta.table_name
        columns = {c.name for c in db.get_columns(table)}  # none: not created yet
        for column in SORT_DATE_COLUMNS:
            if column in columns:
                name = sort_index_name(table, column)
                db.execute_sql(
                    f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                    f'("{column}"{nulls_first}, "qbench_id")'
                )


# Up to version 2, PostgreSQL kept a payload JSONB could not hold exactly as
# {TEXT_FORM_KEY: "<its JSON text>"}; version 3 retires that wrapper.
TEXT_FORM_KEY = "$qbench_backup_json_text"


def _suspect_rows(db: peewee.Database, table: str) -> str:
    """SELECT of (qbench_id, payload text) for rows that may need a new form."""
    if isinstance(db, peewee.PostgresqlDatabase):
        # Only the wrapper: every other row JSONB took was RFC 8259 already.
        return (
            f"SELECT qbench_id, raw_payload->>'{TEXT_FORM_KEY}' FROM \"{table}\" "
            f"WHERE jsonb_typeof(raw_payload) = 'object' "
            f"AND jsonb_exists(raw_payload, '{TEXT_FORM_KEY}') "
            f"AND (SELECT count(*) FROM jsonb_object_keys(raw_payload)) = 1"
        )
    # SQLite kept NaN/Infinity as bare tokens (not JSON), NUL as \u0000 and lone
    # surrogates as \udXXX escapes; rows with no such text are already right.
    return (
        f'SELECT qbench_id, raw_payload FROM "{table}" '
        "WHERE NOT json_valid(raw_payload) "
        "OR instr(raw_payload, '\\u0000') > 0 OR instr(raw_payload, '\\ud') > 0"
    )


def _add_exact_payloads(db: peewee.Database) -> None:
    # raw_payload_exact holds the record's exact JSON text where raw_payload
    # (now always RFC 8259 JSON) differs from it; see app.storage.payload.
    postgres = isinstance(db, peewee.PostgresqlDatabase)
    tables = set(db.get_tables())
    for model in ENTITY_MODELS.values():
        table = model._meta.table_name
        if table not in tables:  # an entity added by a later version
            continue
        if "raw_payload_exact" not in {c.name for c in db.get_columns(table)}:
            db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN raw_payload_exact TEXT')
        for qbench_id, text in db.execute_sql(_suspect_rows(db, table)).fetchall():
            encoded = encode(jsoncodec.decode(text), postgres=postgres)
            model.update(
                raw_payload=StoredJSON(encoded.stored), raw_payload_exact=encoded.exact
            ).where(model.qbench_id == qbench_id).execute()


def _add_tenant_table(db: peewee.Database) -> None:
    # Empty at first: an existing backup adopts the first tenant that syncs
    # into it (app.sync.tenant).
    db.create_tables([BackupTenant], safe=True)


def _add_run_rows(db: peewee.Database) -> None:
    # Every run gets a row of its own (entity '*'): its outcome, its Spanish
    # reason and its totals, even when it failed before any entity. Older runs
    # get theirs from their entity rows.
    table = IngestionRun._meta.table_name
    if "user_message" not in {c.name for c in db.get_columns(table)}:
        db.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN user_message TEXT')

    def has(status: str) -> str:
        return f"SUM(CASE WHEN status = '{status}' THEN 1 ELSE 0 END) > 0"

    counters = ", ".join(
        f"SUM({c})"
        for c in (
            "rows_fetched",
            "rows_inserted",
            "rows_updated",
            "rows_deleted",
            "requests",
        )
    )
    db.execute_sql(
        f'INSERT INTO "{table}" (run_id, entity, started_at, finished_at, '
        "rows_fetched, rows_inserted, rows_updated, rows_deleted, requests, status) "
        f"SELECT run_id, %s, MIN(started_at), MAX(finished_at), {counters}, "
        f"CASE WHEN {has('running')} THEN 'running' "
        f"WHEN {has('failed')} THEN 'failed' "
        f"WHEN {has('cancelled')} THEN 'cancelled' ELSE 'success' END "
        f'FROM "{table}" GROUP BY run_id '
        f"HAVING SUM(CASE WHEN entity = %s THEN 1 ELSE 0 END) = 0".replace(
            "%s", db.param
        ),
        (RUN_ENTITY, RUN_ENTITY),
    )


def _add_run_details(db: peewee.Database) -> None:
    # What Historial shows per section: records set aside and records whose
    # parent is not in the backup (a count per row, the list in run_orphans).
    # Older runs get their rejected count from rejected_records.
    table = IngestionRun._meta.table_name
    columns = {c.name for c in db.get_columns(table)}
    for name in ("rows_rejected", "orphans"):
        if name not in columns:
            db.execute_sql(
                f'ALTER TABLE "{table}" ADD COLUMN {name} INTEGER NOT NULL DEFAULT 0'
            )
    db.create_tables([RunOrphan], safe=True)
    rejected = RejectedRecord._meta.table_name
    db.execute_sql(
        f'UPDATE "{table}" SET rows_rejected = (SELECT COUNT(*) FROM "{rejected}" r '
        f'WHERE r.run_id = "{table}".run_id AND '
        f'(r.entity = "{table}".entity OR "{table}".entity = {db.param}))',
        (RUN_ENTITY,),
    )


def _add_registry_tables(db: peewee.Database) -> None:
    # Every entity of the registry (app.entities) gets its table, its typed
    # columns' indexes and its sort indexes; the seven tables of versions 1-7
    # are left as they are (create_tables(safe=True) skips existing tables and
    # indexes).
    db.create_tables(list(ENTITY_MODELS.values()), safe=True)
    _add_sort_indexes(db)


def _add_files_table(db: peewee.Database) -> None:
    # The archived documents (report PDFs, attachments): one row per version.
    db.create_tables([DocumentFile], safe=True)


MIGRATIONS: list[Migration] = [
    (1, "create the entity, link, sync and log tables", _create_everything),
    (2, "indexes for REST API pages sorted on a date", _add_sort_indexes),
    (
        3,
        "raw_payload always RFC 8259 JSON; raw_payload_exact keeps the original",
        _add_exact_payloads,
    ),
    (4, "value_problems: fields no typed column could hold", _create_everything),
    (5, "backup_tenant: the QBench tenant this backup belongs to", _add_tenant_table),
    (6, "a row per run (entity '*') and a Spanish reason per row", _add_run_rows),
    (7, "rejected and orphan counts per run row; run_orphans lists", _add_run_details),
    (8, "a table for every entity of the registry", _add_registry_tables),
    (9, "files: every archived version of a document", _add_files_table),
]


@dataclass
class MigrationReport:
    """What ``migrate`` did."""

    from_version: int
    to_version: int
    applied: list[int] = field(default_factory=list)
    backup_path: Path | None = None


def current_version(db: peewee.Database) -> int:
    """The schema version of ``db`` (0 when it has no version table yet)."""
    if SchemaVersion._meta.table_name not in db.get_tables():
        return 0
    with SchemaVersion.bind_ctx(db):
        value = SchemaVersion.select(peewee.fn.MAX(SchemaVersion.version)).scalar()
    return int(value or 0)


def latest_version(migrations: Sequence[Migration] | None = None) -> int:
    """The version this code brings a database to."""
    steps = MIGRATIONS if migrations is None else migrations
    return steps[-1][0] if steps else 0


def _check_order(migrations: Sequence[Migration]) -> None:
    versions = [version for version, _, _ in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise ValueError(f"migration versions must be 1, 2, 3, ...: {versions}")


def _sqlite_file(db: peewee.Database, sqlite_path: Path | None) -> Path | None:
    if sqlite_path is not None:
        return Path(sqlite_path)
    if isinstance(db, peewee.SqliteDatabase) and db.database not in ("", ":memory:"):
        return Path(db.database)
    return None


def backup_sqlite(db: peewee.Database, path: Path, version: int) -> Path:
    """Copy the SQLite database to ``<file>.bak-v<version>-<UTC time>``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.bak-v{version}-{stamp}")
    source = db.connection() if isinstance(db, peewee.SqliteDatabase) else None
    own = source is None
    if source is None:
        source = sqlite3.connect(str(path))
    copy = sqlite3.connect(str(target))
    try:
        with copy:
            source.backup(copy)
    except sqlite3.Error as exc:
        target.unlink(missing_ok=True)
        raise DatabaseUnavailable(
            f"could not back up {path} before migrating: {exc}"
        ) from exc
    finally:
        copy.close()
        if own:
            source.close()
    return target


# Two threads of one process (the window's sync and its indicator read, or the
# REST API starting) must never both apply the same step.
_MIGRATE_LOCK = threading.RLock()


def migrate(
    db: peewee.Database,
    *,
    sqlite_path: Path | None = None,
    migrations: Sequence[Migration] | None = None,
) -> MigrationReport:
    """Bring ``db`` to the latest schema; a no-op when it is already there."""
    with _MIGRATE_LOCK:
        return _migrate(db, sqlite_path, migrations)


def _migrate(
    db: peewee.Database,
    sqlite_path: Path | None,
    migrations: Sequence[Migration] | None,
) -> MigrationReport:
    steps = MIGRATIONS if migrations is None else migrations
    _check_order(steps)
    bind(db)
    old = current_version(db)
    latest = latest_version(steps)
    report = MigrationReport(from_version=old, to_version=old)
    if old > latest:
        raise DatabaseUnavailable(
            f"the database is at schema version {old}, newer than this program "
            f"knows ({latest}); update QBench Backup or choose another database",
            user_message=QT_TRANSLATE_NOOP(
                "Mensajes",
                "La base de datos fue creada por una versión más nueva de QBench "
                "Backup. Actualice el programa o elija otra base de datos.",
            ),
        )
    pending = [step for step in steps if step[0] > old]
    if not pending:
        return report
    path = _sqlite_file(db, sqlite_path)
    if path is not None and db.get_tables():
        report.backup_path = backup_sqlite(db, path, old)
        logger.info(
            f"copied {path} to {report.backup_path} before migrating it from "
            f"schema version {old} to {latest}"
        )
    for version, description, step in pending:
        with db.atomic():
            step(db)
            SchemaVersion.insert(
                version=version,
                description=description,
                applied_at=datetime.now(UTC).replace(tzinfo=None),
            ).execute()
        report.applied.append(version)
        report.to_version = version
    return report
