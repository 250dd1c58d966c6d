"""Peewee models of the backup, bound late to ``database_proxy``; no queries here.

Every entity table keeps QBench's record (``raw_payload``, always RFC 8259 JSON,
with ``raw_payload_exact`` holding the exact original where the two differ; see
``app.storage.payload``) next to typed columns for relations, states and key
dates. Dates from QBench are naive lab-local wall-clock times (QBench sends no
zone); ``fetched_at``, ``deleted_at`` and every bookkeeping timestamp are naive
UTC. Relations are plain indexed integers, not foreign keys: a child may arrive
before its parent.
"""

from __future__ import annotations

import json
from typing import Any

import peewee

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


def _date() -> peewee.DateTimeField:
    return peewee.DateTimeField(null=True, index=True)


def _ref() -> peewee.BigIntegerField:
    return peewee.BigIntegerField(null=True, index=True)


class Customer(EntityModel):
    """A QBench customer (account)."""

    customer_name = peewee.TextField(null=True)
    status = peewee.TextField(null=True, index=True)
    date_created = _date()

    class Meta:
        table_name = "customers"


class Order(EntityModel):
    """A QBench order; ``customer_id`` comes from ``customer_account_id``."""

    customer_id = _ref()
    custom_formatted_id = peewee.TextField(null=True)
    state = peewee.TextField(null=True, index=True)
    date_created = _date()
    date_received = _date()
    date_completed = _date()

    class Meta:
        table_name = "orders"


class Sample(EntityModel):
    """A QBench sample."""

    order_id = _ref()
    custom_formatted_id = peewee.TextField(null=True)
    sample_type = peewee.TextField(null=True)
    state = peewee.TextField(null=True, index=True)
    date_created = _date()
    date_received = _date()

    class Meta:
        table_name = "samples"


class Batch(EntityModel):
    """A QBench batch; its samples and tests live in the link tables."""

    assay_id = _ref()
    display_name = peewee.TextField(null=True)
    date_created = _date()

    class Meta:
        table_name = "batches"


class LabTest(EntityModel):
    """A QBench test (one assay on one sample)."""

    sample_id = _ref()
    assay_id = _ref()
    panel_id = _ref()
    state = peewee.TextField(null=True, index=True)
    start_date = _date()
    complete_date = _date()
    date_created = _date()

    class Meta:
        table_name = "tests"


class Assay(EntityModel):
    """A QBench assay."""

    title = peewee.TextField(null=True)
    active = peewee.BooleanField(null=True)

    class Meta:
        table_name = "assays"


class Report(EntityModel):
    """A generated QBench report (COA), linked to an order, a sample or a test."""

    order_id = _ref()
    sample_id = _ref()
    test_id = _ref()
    state = peewee.TextField(null=True, index=True)
    render_status = peewee.TextField(null=True)
    date_generated = _date()

    class Meta:
        table_name = "reports"


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


class SchemaVersion(BaseModel):
    """One row per applied migration."""

    version = peewee.IntegerField(primary_key=True)
    description = peewee.TextField()
    applied_at = peewee.DateTimeField()

    class Meta:
        table_name = "schema_version"


ENTITY_MODELS: dict[str, type[EntityModel]] = {
    "customers": Customer,
    "orders": Order,
    "samples": Sample,
    "batches": Batch,
    "tests": LabTest,
    "assays": Assay,
    "reports": Report,
}
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
    SchemaVersion,
]
