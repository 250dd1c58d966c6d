"""Relations between records: lazy reverse indexes, related ids, list filters.

``Links`` reads the tenant's store (entity -> id -> core dict) and answers
"which samples belong to order 7", "which batches hold test 12", and the v2
``*_ids`` list filters (README §5.2, §6.8). Indexes are built on first use,
extended on insert and dropped when a mutation changes the indexed field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

# Filter param -> steps from the given ids to the entity's ids: "E<f" = records of
# E whose f is in the set; "E>f" = the f values of the records of E in the set.
# Every entity also takes ``ids`` (its own id).
FILTERS: dict[str, dict[str, str]] = {
    "customers": {
        "customer_ids": "",
        "contact_ids": "contacts>customer_ids",
        "assay_ids": "tests<assay_id tests>sample_id samples>order_id "
        "orders>customer_account_id",
    },
    "contacts": {"contact_ids": "", "customer_ids": "contacts<customer_ids"},
    "assays": {"assay_ids": "", "panel_ids": "panels>assay_ids"},
    "panels": {"panel_ids": "", "assay_ids": "panels<assay_ids"},
    "locations": {},
    "accessioning-types": {},
    "orders": {
        "order_ids": "",
        "customer_ids": "orders<customer_account_id",
        "sample_ids": "samples>order_id",
        "test_ids": "tests>sample_id samples>order_id",
    },
    "samples": {
        "sample_ids": "",
        "order_ids": "samples<order_id",
        "customer_ids": "orders<customer_account_id samples<order_id",
        "batch_ids": "batches>test_ids tests>sample_id",
        "test_ids": "tests>sample_id",
        "accessioning_type_ids": "samples<accessioning_type_id",
        "location_ids": "samples<location_id",
    },
    "tests": {
        "test_ids": "",
        "sample_ids": "tests<sample_id",
        "assay_ids": "tests<assay_id",
        "panel_ids": "tests<panel_id",
        "order_ids": "samples<order_id tests<sample_id",
        "customer_ids": "orders<customer_account_id samples<order_id tests<sample_id",
        "batch_ids": "batches>test_ids",
    },
    "batches": {
        "batch_ids": "",
        "test_ids": "batches<test_ids",
        "sample_ids": "tests<sample_id batches<test_ids",
        "assay_ids": "batches<assay_id",
    },
    "reports": {
        "order_ids": "reports<order_id",
        "sample_ids": "reports<sample_id",
        "test_ids": "reports<test_id",
    },
}
# Related kind -> (child entity, child field pointing at the owner).
RELATED = {
    "order.samples": ("samples", "order_id"),
    "sample.tests": ("tests", "sample_id"),
    "sample.reports": ("reports", "sample_id"),
    "test.reports": ("reports", "test_id"),
    "test.batches": ("batches", "test_ids"),
    "customer.contacts": ("contacts", "customer_ids"),
    "assay.panels": ("panels", "assay_ids"),
}
# Foreign keys a mutation may set: field -> parent entity.
PARENTS = {
    "customer_account_id": "customers",
    "order_id": "orders",
    "sample_id": "samples",
    "test_id": "tests",
    "assay_id": "assays",
    "panel_id": "panels",
    "accessioning_type_id": "accessioning-types",
    "location_id": "locations",
    "parent_location_id": "locations",
}
# -- the entities beyond the core seven (``app.sim.extra_generate``) ----------
FILTERS.update(
    {
        name: {}
        for name in (
            "users",
            "teams",
            "divisions",
            "location-types",
            "assay-categories",
            "turnarounds",
            "worksheets",
            "epics",
            "projects",
            "sources",
            "api-clients",
            "quotations",
            "invoice-items",
            "payments",
        )
    }
)
FILTERS["order-comments"] = {"order_ids": "order-comments<order_id"}
FILTERS["invoices"] = {
    "invoice_ids": "",
    "order_ids": "invoices<order_id",
    "customer_ids": "invoices<customer_id",
}
RELATED["invoice.items"] = ("invoice-items", "invoice_id")
RELATED["order.comments"] = ("order-comments", "order_id")
PARENTS.update(
    {
        "invoice_id": "invoices",
        "epic_id": "epics",
        "project_id": "projects",
        "customer_id": "customers",
        "location_type_id": "location-types",
        "parent_location_type_id": "location-types",
    }
)
# Every link field (single or list) -> the entity its values name.
_TARGETS = PARENTS | {
    "customer_ids": "customers",
    "assay_ids": "assays",
    "test_ids": "tests",
}


# Fields whose change moves a record into or out of another record's rendering.
_MEMBERSHIP = {
    "contacts": {"customer_ids"},
    "panels": {"assay_ids"},
    "samples": {"order_id"},
    "tests": {"sample_id"},
    "batches": {"test_ids"},
    "reports": {"order_id", "sample_id", "test_id"},
    "invoice-items": {"invoice_id"},
}
# Fields shown inside other records (nested names): entity -> fields -> steps.
_SHOWN = {
    "epics": ({"name"}, ("projects<epic_id",)),
    "projects": ({"title"}, ("sources<project_id",)),
    "invoice-items": ({"name", "quantity"}, ("invoice-items>invoice_id",)),
    "customers": (
        {"customer_name"},
        ("orders<customer_account_id", "contacts<customer_ids"),
    ),
    "contacts": ({"first_name", "last_name"}, ("contacts>customer_ids",)),
    "assays": (
        {"title", "label_abbr"},
        ("tests<assay_id", "batches<assay_id", "panels<assay_ids"),
    ),
    "panels": ({"title"}, ("tests<panel_id", "panels>assay_ids")),
    "orders": ({"date_created"}, ("samples<order_id", "reports<order_id")),
    "accessioning-types": ({"value"}, ("samples<accessioning_type_id",)),
    "locations": ({"name"}, ("samples<location_id", "locations<parent_location_id")),
}


def _also_shown(entity: str, *chains: str) -> None:
    fields, targets = _SHOWN[entity]
    _SHOWN[entity] = (fields, targets + chains)


# What the entities beyond the core seven show of the core ones.
_also_shown("customers", "quotations<customer_id", "payments<customer_id")
_also_shown("orders", "invoices<order_id")
_also_shown("assays", "invoice-items<assay_id invoice-items>invoice_id")
_also_shown("panels", "invoice-items<panel_id invoice-items>invoice_id")

# Records whose rendering lists this one (counts, id arrays): entity -> steps.
_LISTED_IN = {
    "contacts": ("contacts>customer_ids",),
    "panels": ("panels>assay_ids",),
    "samples": ("samples>order_id", "tests<sample_id batches<test_ids"),
    "tests": (
        "tests>sample_id",
        "tests>sample_id samples>order_id",
        "batches<test_ids",
    ),
    "batches": ("batches>test_ids", "batches>test_ids tests>sample_id"),
    "reports": ("reports>order_id", "reports>sample_id", "reports>test_id"),
    "invoice-items": ("invoice-items>invoice_id",),
}


class Links:
    """Indexes and relation queries over a tenant store (caller holds the lock)."""

    def __init__(self, store: dict[str, dict[int, dict]]) -> None:
        self._store = store
        self._index: dict[tuple[str, str], dict[Any, list[int]]] = {}

    def filter_ids(self, entity: str, param: str, values: Iterable[int]) -> set[int]:
        """Ids of ``entity`` matching one ``*_ids`` filter; KeyError if unknown."""
        steps = "" if param == "ids" else FILTERS[entity][param]
        found = set(values)
        for step in steps.split():
            found = self._step(step, found)
        return found

    def related(self, kind: str, record_id: int) -> list[int]:
        """Non-deleted related ids, ascending (``order.samples``, ``batch.tests``)."""
        if kind == "order.tests":
            samples = self.related("order.samples", record_id)
            return sorted(t for s in samples for t in self.related("sample.tests", s))
        if kind == "batch.tests":
            return self.alive("tests", self._store["batches"][record_id]["test_ids"])
        if kind == "batch.samples":
            tests = self.related("batch.tests", record_id)
            return self.alive("samples", self._step("tests>sample_id", set(tests)))
        if kind == "sample.batches":
            tests = self.related("sample.tests", record_id)
            return self.alive("batches", self._step("batches<test_ids", set(tests)))
        child, field = RELATED[kind]
        return self.alive(child, self.index(child, field).get(record_id, ()))

    def alive(self, entity: str, ids: Iterable[int]) -> list[int]:
        """The ids that exist and are not soft-deleted, ascending."""
        recs = self._store[entity]
        return sorted(i for i in ids if i in recs and not recs[i].get("deleted"))

    def index(self, entity: str, field: str) -> dict[Any, list[int]]:
        """field value -> ids of ``entity`` (list fields index every element)."""
        index = self._index.get((entity, field))
        if index is None:
            index = {}
            for rec in self._store[entity].values():
                _add(index, rec, field)
            self._index[(entity, field)] = index
        return index

    def inserted(self, entity: str, rec: dict) -> None:
        """Extend the built indexes with a new record (ids only grow)."""
        for (name, field), index in self._index.items():
            if name == entity:
                _add(index, rec, field)

    def changed(self, entity: str, fields: Iterable[str]) -> None:
        """Drop the indexes a mutation of these fields made stale."""
        for field in fields:
            self._index.pop((entity, field), None)

    def dependents(
        self, entity: str, rec: dict, fields: set[str] | None
    ) -> dict[str, set[int]]:
        """Records whose rendering shows ``rec``: they change when it does.

        ``fields`` are the changed fields, None for an insert or a delete.
        Call it before and after a change to catch old and new parents.
        """
        steps: list[str] = []
        moved = _MEMBERSHIP.get(entity, set()) | {"deleted"}
        if fields is None or fields & moved:
            steps += _LISTED_IN.get(entity, ())
        shown, targets = _SHOWN.get(entity, (set(), ()))
        if fields is not None and fields & shown:
            steps += targets
        out: dict[str, set[int]] = {}
        for chain in steps:
            found: set = {rec["id"]}
            for step in chain.split():
                found = self._step(step, found)
            out.setdefault(_target(chain.split()[-1]), set()).update(found)
        return out

    def _step(self, step: str, ids: set) -> set:
        if "<" in step:
            entity, field = step.split("<")
            index = self.index(entity, field)
            return {child for i in ids for child in index.get(i, ())}
        entity, field = step.split(">")
        recs, out = self._store[entity], set()
        for i in ids:
            value = recs[i].get(field) if i in recs else None
            out.update(value if isinstance(value, list) else (value,))
        out.discard(None)
        return out


def _add(index: dict[Any, list[int]], rec: dict, field: str) -> None:
    value = rec.get(field)
    for key in value if isinstance(value, list) else (value,):
        if key is not None:
            index.setdefault(key, []).append(rec["id"])


def _target(step: str) -> str:
    """The entity whose ids a step yields."""
    if "<" in step:
        return step.split("<")[0]
    return _TARGETS[step.split(">")[1]]
