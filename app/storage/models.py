"""Peewee models of the backup, bound late to ``database_proxy``; no queries here.

Every entity table keeps QBench's record (``raw_payload``, always RFC 8259 JSON,
with ``raw_payload_exact`` holding the exact original where the two differ; see
``app.storage.payload``) next to typed columns for relations, states and key
dates. Dates from QBench are naive lab-local wall-clock times (QBench sends no
zone); ``fetched_at``, ``deleted_at`` and every bookkeeping timestamp are naive
UTC. Relations are plain indexed integers, not foreign keys: a child may arrive
before its parent. The entity models are generated from the registry
(``app.entities``): one per entry, nothing per entity in code.
"""

from __future__ import annotations

import json
from typing import Any

import peewee

from app.entities import ENTITIES as REGISTRY
from app.entities import EntityDef
from app.storage.payload import StoredJSON, stored_text

database_proxy = peewee.DatabaseProxy()


def bind(db: peewee.Database) -> None:
    """Bind every model to ``db`` (the one process-wide database)."""
    database_proxy.initialize(db)


class PayloadField(peewee.FieldDatabaseHook, peewee.Field):
    """A record's stored form (``app.storage.payload``): JSONB on PostgreSQL,
    JSON text on SQLite; always RFC 8259 JSON."""

    field_type = "JSON"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._postgres = False
        super().__init__(*args, **kwargs)

    def _db_hook(self, database: peewee.Database | None) -> None:
        self._postgres = isinstance(database, peewee.PostgresqlDatabase)

    def db_value(self, value: Any) -> Any:
        """JSON text for the driver (PostgreSQL casts it to JSONB)."""
        if value is None or isinstance(value, peewee.Node):
            return value
        if isinstance(value, StoredJSON):
            return str(value)
        return stored_text(value, postgres=self._postgres)

    def python_value(self, value: Any) -> Any:
        """The stored form, decoded (psycopg2 already decodes JSONB)."""
        if isinstance(value, str | bytes):
            return json.loads(value)
        return value


class BaseModel(peewee.Model):
    """Base of every table: bound to the proxy."""

    class Meta:
        database = database_proxy
        legacy_table_names = False


class EntityModel(BaseModel):
    """Columns every QBench entity table has."""

    qbench_id = peewee.BigIntegerField(primary_key=True)
    raw_payload = PayloadField()
    # The record's exact JSON text, only when raw_payload differs from it.
    raw_payload_exact = peewee.TextField(null=True)
    qbench_last_updated = peewee.DateTimeField(null=True, index=True)
    qbench_last_updated_unix = peewee.BigIntegerField(null=True)
    fetched_at = peewee.DateTimeField()
    deleted_at = peewee.DateTimeField(null=True, index=True)


# A column's kind (app.entities) → its peewee field; every typed column is
# nullable (a record may lack the field, or hold a value the kind cannot read).
FIELD_TYPES: dict[str, type[peewee.Field]] = {
    "int": peewee.BigIntegerField,
    "text": peewee.TextField,
    "date": peewee.DateTimeField,
    "bool": peewee.BooleanField,
    "number": peewee.DoubleField,
}


def entity_model_for(definition: EntityDef) -> type[EntityModel]:
    """A model for one registry entry: ``EntityModel``'s columns (``qbench_id``
    TEXT for ``id_type="text"``, else BIGINT) plus its typed columns, indexed
    as declared, in table ``definition.table``."""
    attrs: dict[str, Any] = {
        "__module__": __name__,
        "__doc__": f"The QBench {definition.name} table (app.entities).",
        "Meta": type("Meta", (), {"table_name": definition.table}),
    }
    if definition.id_type == "text":
        attrs["qbench_id"] = peewee.TextField(primary_key=True)
    for column in definition.columns:
        if column.name in EntityModel._meta.fields or hasattr(
            peewee.Model, column.name
        ):
            raise AssertionError(f"{definition.name}.{column.name} shadows a field")
        attrs[column.name] = FIELD_TYPES[column.kind](null=True, index=column.index)
    name = "".join(part.title() for part in definition.name.split("_"))
    return type(name, (EntityModel,), attrs)


ENTITY_MODELS: dict[str, type[EntityModel]] = {
    definition.name: entity_model_for(definition) for definition in REGISTRY.values()
}
"""Every registry entity's model, in dependency order."""

# The names the first releases' modules import.
Customer = ENTITY_MODELS["customers"]
Order = ENTITY_MODELS["orders"]
Sample = ENTITY_MODELS["samples"]
Batch = ENTITY_MODELS["batches"]
LabTest = ENTITY_MODELS["tests"]
Assay = ENTITY_MODELS["assays"]
Report = ENTITY_MODELS["reports"]


class BatchSample(BaseModel):
    """Batch ↔ sample link, replaced whenever the batch is upserted."""

    batch_id = peewee.BigIntegerField()
    sample_id = peewee.BigIntegerField(index=True)

    class Meta:
        table_name = "batch_samples"
        primary_key = peewee.CompositeKey("batch_id", "sample_id")


class BatchTest(BaseModel):
    """Batch ↔ test link, replaced whenever the batch is upserted."""

    batch_id = peewee.BigIntegerField()
    test_id = peewee.BigIntegerField(index=True)

    class Meta:
        table_name = "batch_tests"
        primary_key = peewee.CompositeKey("batch_id", "test_id")


class SyncCheckpoint(BaseModel):
    """Where the last sync of an entity got to."""

    entity = peewee.TextField(primary_key=True)
    last_synced_at = peewee.DateTimeField(null=True)
    last_cursor = peewee.TextField(null=True)
    status = peewee.TextField()
    message = peewee.TextField(null=True)
    updated_at = peewee.DateTimeField()

    class Meta:
        table_name = "sync_checkpoints"


RUN_ENTITY = "*"  # ingestion_runs.entity of the row that stands for a whole run
ZERO = peewee.SQL("DEFAULT 0")  # columns added later: rows written without them


class IngestionRun(BaseModel):
    """One entity within one sync run, with its counters; the row with entity
    ``RUN_ENTITY`` ('*') is the run itself (its outcome and totals), written even
    when the run failed before any entity."""

    id = peewee.AutoField()
    run_id = peewee.TextField(index=True)
    entity = peewee.TextField()
    started_at = peewee.DateTimeField(index=True)
    finished_at = peewee.DateTimeField(null=True)
    rows_fetched = peewee.IntegerField(default=0)
    rows_inserted = peewee.IntegerField(default=0)
    rows_updated = peewee.IntegerField(default=0)
    rows_deleted = peewee.IntegerField(default=0)
    requests = peewee.IntegerField(default=0)
    status = peewee.TextField()
    error = peewee.TextField(null=True)  # English, for logs and support
    user_message = peewee.TextField(null=True)  # the same in Spanish, for the window
    # Records set aside in rejected_records, and live records whose parent is not
    # in the backup when the run ended (their list: ``run_orphans``).
    rows_rejected = peewee.IntegerField(default=0, constraints=[ZERO])
    orphans = peewee.IntegerField(default=0, constraints=[ZERO])

    class Meta:
        table_name = "ingestion_runs"
        indexes = ((("run_id", "entity"), True), (("entity", "status"), False))


class RunOrphan(BaseModel):
    """One live record whose parent was not in the backup when a run ended (a
    sample whose order QBench deleted or the backup has not copied yet): kept,
    and listed here per run so Historial can show which."""

    id = peewee.AutoField()
    run_id = peewee.TextField()
    entity = peewee.TextField()
    qbench_id = peewee.BigIntegerField()
    relation = peewee.TextField()  # the column (order_id) or the batch link (samples)
    parent_entity = peewee.TextField()
    parent_id = peewee.BigIntegerField()

    class Meta:
        table_name = "run_orphans"
        indexes = ((("run_id", "entity"), False),)


class SchemaDrift(BaseModel):
    """A field QBench sent that the code did not know, first and last seen."""

    entity = peewee.TextField()
    field = peewee.TextField()
    first_seen_at = peewee.DateTimeField()
    last_seen_at = peewee.DateTimeField()
    run_id = peewee.TextField(null=True)
    example_value = peewee.TextField(null=True)

    class Meta:
        table_name = "schema_drift"
        primary_key = peewee.CompositeKey("entity", "field")


class ValueProblem(BaseModel):
    """A field of a stored record that no typed column could hold (the column is
    NULL or a replacement; the raw record keeps the value): first and last seen."""

    entity = peewee.TextField()
    qbench_id = peewee.BigIntegerField()
    problem = peewee.TextField()  # "<field>: cannot read <value> as <kind>"
    first_seen_at = peewee.DateTimeField()
    last_seen_at = peewee.DateTimeField()
    run_id = peewee.TextField(null=True)

    class Meta:
        table_name = "value_problems"
        primary_key = peewee.CompositeKey("entity", "qbench_id", "problem")


class RejectedRecord(BaseModel):
    """A record that could not be stored as a row: kept raw, never dropped."""

    id = peewee.AutoField()
    run_id = peewee.TextField(null=True, index=True)
    entity = peewee.TextField()
    qbench_id = peewee.BigIntegerField(null=True)
    raw_text = peewee.TextField()
    error = peewee.TextField()
    seen_at = peewee.DateTimeField()

    class Meta:
        table_name = "rejected_records"


class BackupTenant(BaseModel):
    """The QBench tenant this backup is a copy of (one row; see app.sync.tenant)."""

    id = peewee.IntegerField(primary_key=True)  # always 1
    tenant = peewee.TextField()  # identity: host[:port][/path], lower-case
    base_url = peewee.TextField()  # the tenant root as configured, for messages
    recorded_at = peewee.DateTimeField()

    class Meta:
        table_name = "backup_tenant"


class DocumentFile(BaseModel):
    """One version of a document archived in the file store (app.storage.files):
    a report's PDF, an attachment's file. A re-rendered report or a replaced
    attachment adds a row; no row is ever updated away or deleted, not even when
    QBench deletes the record. The bytes live at ``<files_dir>/<sha[:2]>/<sha>``."""

    id = peewee.AutoField()
    entity = peewee.TextField()  # "reports" or "attachments"
    qbench_id = peewee.BigIntegerField()  # both have integer ids in QBench
    sha256 = peewee.TextField()
    size = peewee.BigIntegerField()
    content_type = peewee.TextField(null=True)
    file_name = peewee.TextField(null=True)
    # What identifies the version QBench served (a report: its date_generated and
    # render_batch_uuid): a record whose current key has no row is downloaded.
    version_key = peewee.TextField(null=True)
    fetched_at = peewee.DateTimeField()  # naive UTC
    run_id = peewee.TextField(null=True)  # the run that fetched it

    class Meta:
        table_name = "files"
        indexes = (
            (("entity", "qbench_id", "sha256"), True),
            (("entity", "qbench_id", "version_key"), False),
            (("sha256",), False),
        )


class SchemaVersion(BaseModel):
    """One row per applied migration."""

    version = peewee.IntegerField(primary_key=True)
    description = peewee.TextField()
    applied_at = peewee.DateTimeField()

    class Meta:
        table_name = "schema_version"


ENTITIES: tuple[str, ...] = tuple(ENTITY_MODELS)
ALL_MODELS: list[type[BaseModel]] = [
    *ENTITY_MODELS.values(),
    BatchSample,
    BatchTest,
    SyncCheckpoint,
    IngestionRun,
    RunOrphan,
    SchemaDrift,
    ValueProblem,
    RejectedRecord,
    BackupTenant,
    DocumentFile,
    SchemaVersion,
]
