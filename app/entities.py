"""The registry of QBench entities the backup copies: one declarative entry each.

Every layer reads this table instead of naming entities in code: the sync engine
(which pass runs an entity, in which order), storage (the table, its typed
columns and relations), the REST API (routes, filters), the window and the CLI
(``--entities``, the Spanish names). Adding an entity is an entry here plus a
migration that creates its table. This module is a leaf: it imports only
``app.i18n`` and the generated ``app.v2_lists`` (no Qt, no peewee), so every
layer may import it.

Facts come from QBench's official v2 OpenAPI document
(``shared/qbench-api/qbench-v2-openapi.json``): the v2 path of each list, the
list filters it declares (``last_updated``, ``include_deleted``, ``sort_by``) —
never more than the document declares — and the operation tag, which names the
scope an API client needs for it (QBench's v2 API clients carry "Scopes" that
limit the endpoints they may call; README §1.1, [ZD v2 guide]).

How each entity is synced (``EntityDef.sync``) follows from those filters:

- ``changes``: ``last_updated`` + ``include_deleted`` + sorting (orders, …):
  incremental listings of what changed, deletions from ``DELETED_ONLY``;
- ``changes_without_deleted``: ``last_updated`` but no ``include_deleted``
  (quotations): incremental for changes, deletions found by count
  reconciliation, then a paged id comparison only when counts differ;
- ``catalogue``: only ``page_num``/``page_size``: re-listed whole each run and
  compared by content; a record missing from a complete listing is confirmed
  gone with a GET (404) and marked deleted;
- ``reports``: reports have no change filter (``app.sync.reports_pass``);
- ``children``: a listing under each record of a parent entity
  (``/orders/{order_id}/comments``): all on the first backup, then only for parents
  changed since the last run;
- ``worksheet``: one document per record of a parent (``/tests/{test_id}/worksheet/
  data``), fetched for new and changed parents only; optional, off by default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.i18n import QT_TRANSLATE_NOOP
from app.v2_lists import V2_LISTS

Kind = Literal["int", "text", "date", "bool", "number"]
Sync = Literal[
    "changes",
    "changes_without_deleted",
    "catalogue",
    "reports",
    "children",
    "worksheet",
]
IdType = Literal["int", "text"]


@dataclass(frozen=True)
class Column:
    """A typed column and the record keys it may come from (first present wins;
    a dotted key reads a nested object: ``order.id``)."""

    name: str
    kind: Kind
    keys: tuple[str, ...]
    index: bool = False


def col(name: str, kind: Kind, *keys: str, index: bool | None = None) -> Column:
    """A column read from ``keys`` (default: its own name). Relations (``int``)
    and dates are indexed unless told otherwise; text only when asked."""
    if index is None:
        index = kind in ("int", "date")
    return Column(name, kind, keys or (name,), index)


@dataclass(frozen=True)
class Parent:
    """A relation to another backed-up entity: ``column`` holds its id. A live
    child whose parent is missing or deleted is an orphan (reported, kept)."""

    column: str
    entity: str


@dataclass(frozen=True)
class EntityDef:
    """One QBench entity as the backup sees it."""

    name: str  # table name and the name everywhere (--entities, REST, logs)
    path: str  # below /qbench/api/v2: "invoice-items", "orders/{order_id}/comments"
    display: str  # what the user reads (Spanish; catalogue context EntityNames)
    scope: str  # the OpenAPI operation tag: the scope an API client needs
    sync: Sync
    columns: tuple[Column, ...] = ()
    parents: tuple[Parent, ...] = ()
    last_updated: bool = False  # the v2 list declares ``last_updated``
    include_deleted: bool = False  # … ``include_deleted`` (TRUE / DELETED_ONLY)
    sortable: bool = False  # … ``sort_by`` / ``sort_order``
    id_type: IdType = "int"  # api-clients are identified by a UUID string
    per: str | None = None  # children/worksheet: the entity each listing is under
    optional: bool = False  # off unless the user turns it on (worksheets)
    core: bool = False  # one of the seven entities of the first releases
    state: str | None = None  # the column the REST API's ``state`` filter reads
    created: str | None = None  # the column of the REST API's created-date range

    @property
    def table(self) -> str:
        return self.name

    @property
    def stamped(self) -> bool:
        """Whether the records carry ``last_updated`` (their v2 list schema
        has the property), so the copy can be filtered and sorted on it;
        children and worksheets are not v2 lists and carry none."""
        return "last_updated" in V2_LISTS.get(self.path, {}).get("properties", {})

    @property
    def refs(self) -> tuple[str, ...]:
        """Integer relation columns (parents and other ids): REST filters."""
        return tuple(c.name for c in self.columns if c.kind == "int")


def _changes(name: str, path: str, display: str, scope: str, **kw: object) -> EntityDef:
    """An entity whose v2 list declares last_updated, include_deleted and sorting."""
    return EntityDef(
        name,
        path,
        display,
        scope,
        "changes",
        last_updated=True,
        include_deleted=True,
        sortable=True,
        **kw,  # type: ignore[arg-type]
    )


def _catalogue(
    name: str, path: str, display: str, scope: str, **kw: object
) -> EntityDef:
    """An entity whose v2 list declares only page_num / page_size."""
    return EntityDef(name, path, display, scope, "catalogue", **kw)  # type: ignore[arg-type]


_REGISTRY: tuple[EntityDef, ...] = (
    # -- reference catalogues (no parents; small) -------------------------------
    _catalogue(
        "users",
        "users",
        QT_TRANSLATE_NOOP("EntityNames", "Usuarios"),
        "USER",
        columns=(col("first_name", "text"), col("last_name", "text")),
    ),
    _catalogue(
        "teams",
        "teams",
        QT_TRANSLATE_NOOP("EntityNames", "Equipos"),
        "TEAM",
        columns=(col("name", "text"),),
    ),
    _catalogue(
        "divisions",
        "divisions",
        QT_TRANSLATE_NOOP("EntityNames", "Divisiones"),
        "DIVISION",
        columns=(col("name", "text"), col("global_division", "bool")),
    ),
    _catalogue(
        "location_types",
        "location-types",
        QT_TRANSLATE_NOOP("EntityNames", "Tipos de ubicación"),
        "LOCATION_TYPE",
        columns=(
            col("name", "text"),
            col("parent_location_type_id", "int"),
            col("number_of_slots", "int", index=False),
        ),
    ),
    _catalogue(
        "locations",
        "locations",
        QT_TRANSLATE_NOOP("EntityNames", "Ubicaciones"),
        "LOCATION",
        columns=(
            col("name", "text"),
            col("location_type_id", "int", "location_type_id", "location_type.id"),
            col(
                "parent_location_id", "int", "parent_location_id", "parent_location.id"
            ),
            col("active", "bool"),
        ),
        parents=(Parent("location_type_id", "location_types"),),
    ),
    _catalogue(
        "accessioning_types",
        "accessioning-types",
        QT_TRANSLATE_NOOP("EntityNames", "Tipos de recepción"),
        "ACCESSIONING_TYPE",
        columns=(col("value", "text"), col("active", "bool")),
    ),
    _catalogue(
        "assay_categories",
        "assay-categories",
        QT_TRANSLATE_NOOP("EntityNames", "Categorías de ensayo"),
        "ASSAY_CATEGORY",
        columns=(col("name", "text"),),
    ),
    _catalogue(
        "turnarounds",
        "turnarounds",
        QT_TRANSLATE_NOOP("EntityNames", "Plazos de entrega"),
        "TURNAROUND",
        columns=(col("name", "text"), col("default_duration", "int", index=False)),
    ),
    _catalogue(
        "worksheets",
        "worksheets",
        QT_TRANSLATE_NOOP("EntityNames", "Plantillas de hoja de trabajo"),
        "WORKSHEET",
        columns=(col("name", "text"), col("type", "text"), col("active", "bool")),
    ),
    _catalogue(
        "epics",
        "epics",
        QT_TRANSLATE_NOOP("EntityNames", "Épicas"),
        "EPIC",
        columns=(
            col("name", "text"),
            col("status", "text", index=True),
            col("date_created", "date"),
        ),
        state="status",
        created="date_created",
    ),
    _catalogue(
        "projects",
        "projects",
        QT_TRANSLATE_NOOP("EntityNames", "Proyectos"),
        "PROJECT",
        columns=(
            col("title", "text"),
            col("custom_formatted_id", "text"),
            col("epic_id", "int", "epic_id", "epic.id"),
            col("tech_id", "int", "tech_id", "tech.id"),
            col("date_created", "date"),
            col("date_completed", "date"),
        ),
        parents=(Parent("epic_id", "epics"),),
        created="date_created",
    ),
    _catalogue(
        "sources",
        "sources",
        QT_TRANSLATE_NOOP("EntityNames", "Fuentes"),
        "SOURCE",
        columns=(
            col("display_name", "text"),
            col("custom_formatted_id", "text"),
            col("project_id", "int", "project_id", "project.id"),
        ),
        parents=(Parent("project_id", "projects"),),
    ),
    _catalogue(
        "api_clients",
        "api-clients",
        QT_TRANSLATE_NOOP("EntityNames", "Clientes de la API"),
        "API_CLIENT",
        id_type="text",
        columns=(
            col("name", "text"),
            col("client_type", "text"),
            col("read_only", "bool"),
            col("date_created", "date"),
        ),
        created="date_created",
    ),
    # -- the core entities (the first releases' seven), parents first -----------
    _changes(
        "customers",
        "customers",
        QT_TRANSLATE_NOOP("EntityNames", "Clientes"),
        "CUSTOMER",
        core=True,
        columns=(
            col("customer_name", "text", "customer_name", "name"),
            col("status", "text", index=True),
            col("date_created", "date"),
        ),
        state="status",
        created="date_created",
    ),
    _changes(
        "contacts",
        "contacts",
        QT_TRANSLATE_NOOP("EntityNames", "Contactos"),
        "CONTACT",
        columns=(
            col("first_name", "text"),
            col("last_name", "text"),
            col("email_address", "text"),
        ),
    ),
    _changes(
        "assays",
        "assays",
        QT_TRANSLATE_NOOP("EntityNames", "Ensayos"),
        "ASSAY",
        core=True,
        columns=(col("title", "text"), col("active", "bool")),
    ),
    _changes(
        "panels",
        "panels",
        QT_TRANSLATE_NOOP("EntityNames", "Paneles"),
        "PANEL",
        columns=(col("title", "text"), col("base_price", "number")),
    ),
    _changes(
        "orders",
        "orders",
        QT_TRANSLATE_NOOP("EntityNames", "Órdenes"),
        "ORDER",
        core=True,
        columns=(
            col(
                "customer_id",
                "int",
                "customer_account_id",
                "customer_account.id",
                "customer_id",
            ),
            col("custom_formatted_id", "text"),
            col("state", "text", index=True),
            col("date_created", "date"),
            col("date_received", "date"),
            col("date_completed", "date", "date_completed", "completed_date"),
        ),
        parents=(Parent("customer_id", "customers"),),
        state="state",
        created="date_created",
    ),
    EntityDef(
        "order_comments",
        "orders/{order_id}/comments",
        QT_TRANSLATE_NOOP("EntityNames", "Comentarios de órdenes"),
        "COMMENT",
        "children",
        per="orders",
        columns=(
            col("order_id", "int"),
            col("user_id", "int"),
            col("contact_id", "int"),
            col("public", "bool"),
            col("date_created", "date"),
        ),
        parents=(Parent("order_id", "orders"),),
        created="date_created",
    ),
    _changes(
        "samples",
        "samples",
        QT_TRANSLATE_NOOP("EntityNames", "Muestras"),
        "SAMPLE",
        core=True,
        columns=(
            col("order_id", "int", "order_id", "order.id"),
            col("custom_formatted_id", "text"),
            col("sample_type", "text", "sample_type", "accessioning_type.value"),
            col("state", "text", "state", "status", index=True),
            col("date_created", "date"),
            col("date_received", "date"),
        ),
        parents=(Parent("order_id", "orders"),),
        state="state",
        created="date_created",
    ),
    _changes(
        "batches",
        "batches",
        QT_TRANSLATE_NOOP("EntityNames", "Lotes"),
        "BATCH",
        core=True,
        columns=(
            col("assay_id", "int", "assay_id", "assay.id"),
            col("display_name", "text"),
            col("date_created", "date"),
        ),
        parents=(Parent("assay_id", "assays"),),
        created="date_created",
    ),
    _changes(
        "tests",
        "tests",
        QT_TRANSLATE_NOOP("EntityNames", "Pruebas"),
        "TEST",
        core=True,
        columns=(
            col("sample_id", "int", "sample_id", "sample.id"),
            col("assay_id", "int", "assay_id", "assay.id"),
            col("panel_id", "int", "panel_id", "panel.id"),
            col("state", "text", "state", "status", index=True),
            col("start_date", "date"),
            col("complete_date", "date", "complete_date", "completed_date"),
            col("date_created", "date"),
        ),
        parents=(Parent("sample_id", "samples"), Parent("assay_id", "assays")),
        state="state",
        created="date_created",
    ),
    EntityDef(
        "reports",
        "reports",
        QT_TRANSLATE_NOOP("EntityNames", "Informes"),
        "REPORT",
        "reports",
        core=True,
        columns=(
            col("order_id", "int", "order_id", "order.id"),
            col("sample_id", "int", "sample_id", "sample.id"),
            col("test_id", "int", "test_id", "test.id"),
            col("state", "text", index=True),
            col("render_status", "text"),
            col("date_generated", "date"),
        ),
        parents=(
            Parent("order_id", "orders"),
            Parent("sample_id", "samples"),
            Parent("test_id", "tests"),
        ),
        state="state",
        created="date_generated",
    ),
    # -- commercial records -------------------------------------------------------
    EntityDef(
        "quotations",
        "quotations",
        QT_TRANSLATE_NOOP("EntityNames", "Cotizaciones"),
        "QUOTATION",
        "changes_without_deleted",
        last_updated=True,
        columns=(
            col("customer_id", "int", "customer_id", "customer.id"),
            col("custom_formatted_id", "text"),
            col("status", "text", index=True),
            col("total", "number"),
            col("date_created", "date"),
            col("quotation_date", "date"),
        ),
        parents=(Parent("customer_id", "customers"),),
        state="status",
        created="date_created",
    ),
    _changes(
        "invoices",
        "invoices",
        QT_TRANSLATE_NOOP("EntityNames", "Facturas"),
        "INVOICE",
        columns=(
            col("order_id", "int", "order_id", "order.id"),
            col("custom_formatted_id", "text"),
            col("status", "text", index=True),
            col("paid", "bool"),
            col("total", "number"),
            col("outstanding_amount", "number"),
            col("invoice_date", "date"),
            col("date_created", "date"),
        ),
        parents=(Parent("order_id", "orders"),),
        state="status",
        created="date_created",
    ),
    _catalogue(
        "invoice_items",
        "invoice-items",
        QT_TRANSLATE_NOOP("EntityNames", "Conceptos de factura"),
        "INVOICE_ITEM",
        columns=(
            col("invoice_id", "int", "invoice_id", "invoice.id"),
            col("name", "text"),
            col("invoice_item_type", "text"),
            col("assay_id", "int", "assay_id", "assay.id"),
            col("panel_id", "int", "panel_id", "panel.id"),
            col("quantity", "number"),
            col("amount", "number"),
        ),
        parents=(Parent("invoice_id", "invoices"),),
    ),
    _catalogue(
        "payments",
        "payments",
        QT_TRANSLATE_NOOP("EntityNames", "Pagos"),
        "PAYMENT",
        columns=(
            col("customer_id", "int", "customer_id", "customer.id"),
            col("payment_type", "text"),
            col("amount", "number"),
            col("payment_date", "date"),
            col("date_created", "date"),
        ),
        parents=(Parent("customer_id", "customers"),),
        created="date_created",
    ),
    # -- detailed worksheets (optional: one request per test or batch) -------------
    EntityDef(
        "test_worksheets",
        "tests/{test_id}/worksheet/data",
        QT_TRANSLATE_NOOP("EntityNames", "Hojas de trabajo de pruebas"),
        "WORKSHEET",
        "worksheet",
        per="tests",
        optional=True,
        columns=(col("test_id", "int", "test_id", "id"),),
        parents=(Parent("test_id", "tests"),),
    ),
    EntityDef(
        "batch_worksheets",
        "batches/{batch_id}/worksheet/data",
        QT_TRANSLATE_NOOP("EntityNames", "Hojas de trabajo de lotes"),
        "WORKSHEET",
        "worksheet",
        per="batches",
        optional=True,
        columns=(col("batch_id", "int", "batch_id", "id"),),
        parents=(Parent("batch_id", "batches"),),
    ),
)

ENTITIES: dict[str, EntityDef] = {e.name: e for e in _REGISTRY}
"""Every entity by name, in dependency order (parents before children)."""

ALL_ENTITIES: tuple[str, ...] = tuple(ENTITIES)
DEFAULT_ENTITIES: tuple[str, ...] = tuple(e.name for e in _REGISTRY if not e.optional)
"""What a sync copies unless told otherwise (optional entities are opt-in)."""

CORE_ENTITIES: tuple[str, ...] = tuple(e.name for e in _REGISTRY if e.core)

# What the user reads for each entity, everywhere (window, Historial, the demo's
# summary line). Catalogue context ``EntityNames``.
ENTITY_NAMES: dict[str, str] = {e.name: e.display for e in _REGISTRY}


def entity(name: str) -> EntityDef:
    """The entry for ``name``, also spelled as its v2 path (``invoice-items``);
    KeyError when QBench has no such entity in the registry."""
    return ENTITIES[canonical(name)]


def canonical(name: str) -> str:
    """``name`` as the registry spells it: v2 kebab-case becomes snake_case."""
    return name.strip().lower().replace("-", "_")


def dependency_order(names: object) -> tuple[str, ...]:
    """``names`` (any iterable of entity names) in registry order; unknown names
    raise ValueError listing the known ones."""
    wanted = {canonical(n) for n in names}  # type: ignore[attr-defined]
    unknown = sorted(wanted - ENTITIES.keys())
    if unknown:
        raise ValueError(
            f"unknown entities: {', '.join(unknown)}; "
            f"choose from {', '.join(ALL_ENTITIES)}"
        )
    return tuple(n for n in ALL_ENTITIES if n in wanted)


def _check_registry() -> None:
    """Parents come first; children and worksheets name a parent entity."""
    seen: set[str] = set()
    for e in _REGISTRY:
        for parent in e.parents:
            if parent.entity not in seen:
                raise AssertionError(f"{e.name}: parent {parent.entity} comes later")
        if e.sync in ("children", "worksheet") and e.per not in seen:
            raise AssertionError(f"{e.name}: per={e.per!r} must come earlier")
        seen.add(e.name)


_check_registry()
