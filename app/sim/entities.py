"""What the simulator serves for each QBench entity (from the v2 OpenAPI document).

One ``EntitySpec`` per entity keeps the facts the HTTP layer needs in one place:
its v2 and v1 paths, which list filters the official document declares, and
whether ``last_updated`` / ``include_deleted`` exist for it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.entities import CORE_ENTITIES  # noqa: F401  (re-exported)
from app.entities import entity as registry_entity


@dataclass(frozen=True)
class EntitySpec:
    """Static description of one QBench entity as the API exposes it."""

    name: str  # plural v2 name, also our table name ("customers")
    v2_path: str  # "/qbench/api/v2/customers"
    v1_path: str | None  # "/qbench/api/v1/customer" (None: no v1 list served)
    id_filters: tuple[str, ...] = ()  # repeatable integer filters (``*_ids``)
    last_updated_filter: bool = False  # v2 ``last_updated`` (unix s, "after")
    include_deleted: bool = False  # v2 ``include_deleted=TRUE|DELETED_ONLY``
    sortable: bool = True  # v2 accepts sort_by / sort_order
    extra: dict[str, str] = field(default_factory=dict)
    per: str | None = None  # a listing under each record of this entity (comments)
    id_key: str | None = None  # core field shown as the id (api-clients: a UUID)
    deletable: bool = True  # the v2 document has ``DELETE /<path>/{id}``

    @property
    def scope(self) -> str:
        """The OpenAPI tag naming the scope an API client needs (the registry's)."""
        return registry_entity(self.name).scope

    @property
    def top_level(self) -> bool:
        """Served as ``/qbench/api/v2/<path>`` (not under another record)."""
        return self.per is None


def _v2(name: str) -> str:
    return f"/qbench/api/v2/{name}"


def _v1(name: str) -> str:
    return f"/qbench/api/v1/{name}"


ENTITIES: dict[str, EntitySpec] = {
    spec.name: spec
    for spec in (
        EntitySpec(
            "customers",
            _v2("customers"),
            _v1("customer"),
            id_filters=("customer_ids", "contact_ids", "assay_ids"),
            last_updated_filter=True,
            include_deleted=True,
        ),
        EntitySpec(
            "orders",
            _v2("orders"),
            _v1("order"),
            id_filters=("customer_ids", "ids", "test_ids"),
            last_updated_filter=True,
            include_deleted=True,
        ),
        EntitySpec(
            "samples",
            _v2("samples"),
            _v1("sample"),
            id_filters=(
                "customer_ids",
                "order_ids",
                "batch_ids",
                "ids",
                "accessioning_type_ids",
                "location_ids",
            ),
            last_updated_filter=True,
            include_deleted=True,
        ),
        EntitySpec(
            "batches",
            _v2("batches"),
            _v1("batch"),
            id_filters=("ids", "batch_ids", "sample_ids", "test_ids", "assay_ids"),
            last_updated_filter=True,
            include_deleted=True,
        ),
        EntitySpec(
            "tests",
            _v2("tests"),
            _v1("test"),
            id_filters=(
                "customer_ids",
                "assay_ids",
                "panel_ids",
                "order_ids",
                "sample_ids",
                "batch_ids",
                "ids",
            ),
            last_updated_filter=True,
            include_deleted=True,
        ),
        EntitySpec(
            "assays",
            _v2("assays"),
            _v1("assay"),
            id_filters=("assay_ids",),
            last_updated_filter=True,
            include_deleted=True,
        ),
        EntitySpec(
            "reports",
            _v2("reports"),
            _v1("report"),
            id_filters=("order_ids", "sample_ids", "test_ids"),
            # No last_updated, include_deleted or sorting in the v2 document.
            sortable=False,
        ),
        EntitySpec(
            "contacts",
            _v2("contacts"),
            None,
            id_filters=("customer_ids",),
            last_updated_filter=True,
            include_deleted=True,
        ),
        EntitySpec(
            "panels",
            _v2("panels"),
            None,
            id_filters=("ids",),
            last_updated_filter=True,
            include_deleted=True,
        ),
        EntitySpec(
            "locations", _v2("locations"), None, sortable=False, deletable=False
        ),
        EntitySpec(
            "accessioning-types",
            _v2("accessioning-types"),
            None,
            sortable=False,
            deletable=False,
        ),
        *(
            EntitySpec(name, _v2(name), None, sortable=False, deletable=False)
            for name in (
                "users",
                "teams",
                "divisions",
                "location-types",
                "assay-categories",
                "worksheets",
                "epics",
                "projects",
                "sources",
            )
        ),
        EntitySpec("turnarounds", _v2("turnarounds"), None, sortable=False),
        EntitySpec(
            "api-clients",
            _v2("api-clients"),
            None,
            sortable=False,
            id_key="client_uuid",
            deletable=False,
        ),
        EntitySpec(
            "quotations",
            _v2("quotations"),
            None,
            last_updated_filter=True,  # no include_deleted, no sorting declared
            sortable=False,
            deletable=False,
        ),
        EntitySpec(
            "invoices",
            _v2("invoices"),
            None,
            id_filters=("order_ids", "customer_ids", "invoice_ids"),
            last_updated_filter=True,
            include_deleted=True,
        ),
        EntitySpec("invoice-items", _v2("invoice-items"), None, sortable=False),
        EntitySpec("payments", _v2("payments"), None, sortable=False),
        EntitySpec(
            "order-comments",
            _v2("orders/{order_id}/comments"),
            None,
            id_filters=("ids",),
            sortable=False,
            per="orders",
            deletable=False,
        ),
    )
}
# Which entities a v2 list answers under each record of a parent entity.
CHILDREN: dict[str, str] = {
    spec.per: spec.name for spec in ENTITIES.values() if spec.per is not None
}
