"""The entity registry agrees with QBench's official v2 document (app.v2_lists,
generated from it): paths, declared filters, scopes and typed columns."""

from __future__ import annotations

import pytest

from app.entities import (
    ALL_ENTITIES,
    CORE_ENTITIES,
    DEFAULT_ENTITIES,
    ENTITIES,
    ENTITY_NAMES,
    canonical,
    dependency_order,
    entity,
)
from app.v2_lists import V2_LISTS


@pytest.mark.parametrize("name", ALL_ENTITIES)
def test_each_entry_matches_the_v2_document(name: str) -> None:
    e = ENTITIES[name]
    listed = V2_LISTS[e.path]
    params = set(listed["params"])
    assert e.last_updated == ("last_updated" in params)
    assert e.include_deleted == ("include_deleted" in params)
    assert e.sortable == ("sort_by" in params)
    assert e.scope in listed["tags"]
    properties = listed["properties"]
    for column in () if e.core else e.columns:  # core columns read v1 keys too
        if column.name in (f"{e.per[:-1] if e.per else ''}_id",):
            continue  # a child's parent id comes from the URL, not the record
        top = {key.split(".")[0] for key in column.keys}
        assert top & properties.keys(), f"{name}.{column.name}: {column.keys}"
    id_type = properties["id"]
    assert (e.id_type == "text") == (id_type == "string")


def test_every_top_level_v2_list_is_in_the_registry() -> None:
    top_level = {path for path in V2_LISTS if "{" not in path}
    assert top_level == {e.path for e in ENTITIES.values() if "{" not in e.path}
    assert {e.table for e in ENTITIES.values() if "{" not in e.path} == {
        path.replace("-", "_") for path in top_level
    }


def test_sync_kind_follows_the_declared_filters() -> None:
    for e in ENTITIES.values():
        if e.sync in ("reports", "children", "worksheet"):
            continue
        expected = (
            "changes"
            if e.last_updated and e.include_deleted
            else "changes_without_deleted"
            if e.last_updated
            else "catalogue"
        )
        assert e.sync == expected, e.name


def test_core_and_defaults() -> None:
    assert CORE_ENTITIES == (
        "customers",
        "assays",
        "orders",
        "samples",
        "batches",
        "tests",
        "reports",
    )
    assert set(DEFAULT_ENTITIES) == set(ALL_ENTITIES) - {
        "test_worksheets",
        "batch_worksheets",
    }
    assert ENTITY_NAMES["invoice_items"] == "Conceptos de factura"
    assert all(ENTITY_NAMES[n] for n in ALL_ENTITIES)


def test_names_are_accepted_in_either_spelling_and_ordered_by_parents() -> None:
    assert entity("invoice-items") is ENTITIES["invoice_items"]
    assert canonical(" Location-Types ") == "location_types"
    assert dependency_order(["tests", "order-comments", "orders"]) == (
        "orders",
        "order_comments",
        "tests",
    )
    with pytest.raises(ValueError, match="unknown entities: nope"):
        dependency_order(["nope"])


def test_the_readme_table_names_every_entity() -> None:
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| ")]
    for e in ENTITIES.values():
        row = next(
            (r for r in rows if r.split("|")[2].strip().startswith(f"`{e.table}`")),
            None,
        )
        assert row is not None, f"README has no row for {e.table}"
        assert e.display in row and f"`{e.scope}`" in row
