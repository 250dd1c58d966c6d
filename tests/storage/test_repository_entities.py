"""Every registry entity in storage, on SQLite and PostgreSQL: a round trip of
each typed column, text ids, number columns, children listed per parent,
per-parent documents (worksheets), catalogue deletions and new relations."""

from __future__ import annotations

import math
import uuid
from datetime import datetime
from typing import Any

import pytest

from app.entities import CORE_ENTITIES, ENTITIES
from app.jsoncodec import NumberText, exact_text
from app.storage.repository import RELATIONS, Orphan
from tests.storage.test_repository import T0, T1, repo  # noqa: F401

NEW = [name for name in ENTITIES if name not in CORE_ENTITIES]
SAMPLE = {  # kind → (value sent, value read back)
    "int": (11, 11),
    "text": ("Año ñ ✓", "Año ñ ✓"),
    "date": ("10/13/2025 03:16 PM", datetime(2025, 10, 13, 15, 16)),
    "bool": (True, True),
    "number": ("12.50", 12.5),
}
UUID = "3f2b9c1e-8a7d-4c2e-9f10-5b6a7c8d9e0f"


def _id(entity: str, number: int) -> int | str:
    if ENTITIES[entity].id_type == "text":
        return str(uuid.UUID(int=number))
    return number


def _record(entity: str, number: int = 1) -> dict[str, Any]:
    """A record with a value for every typed column (at its first key)."""
    record: dict[str, Any] = {"id": _id(entity, number), "extra": {"a": [1, None]}}
    for column in ENTITIES[entity].columns:
        record[column.keys[0]] = SAMPLE[column.kind][0]
    return record


def test_every_new_entity_round_trips_every_typed_column(repo):  # noqa: F811
    assert NEW, "the registry lists entities beyond the core seven"
    for entity in NEW:
        record = _record(entity)
        qbench_id = record["id"]
        result = repo.upsert_page(entity, [record], T0)
        assert (result.inserted, result.ids, result.changed) == (
            1,
            [qbench_id],
            [qbench_id],
        )
        assert not result.problems and not result.rejected, entity
        row = repo.get(entity, qbench_id)
        assert row["raw_payload"] == record, entity
        for column in ENTITIES[entity].columns:
            assert row[column.name] == SAMPLE[column.kind][1], (entity, column.name)
        assert repo.count(entity) == 1
        assert repo.live_ids(entity) == {qbench_id}
        assert list(repo.all_payloads(entity)) == [record]
        assert repo.ids_fetched_since(entity, T0) == {qbench_id}
        assert repo.upsert_page(entity, [record], T1).changed == [], entity
        assert repo.mark_deleted(entity, [qbench_id], T1) == 1
        assert repo.count(entity) == 0 and repo.count(entity, include_deleted=True) == 1
        assert repo.revive(entity, [qbench_id]) == 1
        assert repo.max_id(entity) == qbench_id


def test_a_text_id_entity_works_everywhere(repo):  # noqa: F811
    other = "00000000-0000-0000-0000-00000000000b"
    clients = [{"id": UUID, "name": "ETL"}, {"id": other, "name": "BI"}]
    result = repo.upsert_page("api_clients", clients, T0)
    assert sorted(result.ids) == sorted([UUID, other])
    assert repo.get("api_clients", UUID)["name"] == "ETL"
    assert repo.live_ids("api_clients") == {UUID, other}
    assert repo.unseen_live_ids("api_clients", [UUID]) == {other}
    assert repo.mark_missing_deleted("api_clients", [UUID], T1) == 1
    assert repo.live_ids("api_clients") == {UUID}
    assert repo.revive("api_clients", [other]) == 1
    assert repo.mark_deleted("api_clients", [other], T1) == 1
    assert [p["id"] for p in repo.all_payloads("api_clients")] == sorted([UUID, other])
    assert repo.orphans("api_clients") == []
    # A value no typed column holds is recorded, the uuid named in its text.
    repo.upsert_page("api_clients", [{"id": UUID, "read_only": "maybe"}], T1)
    problems = repo.value_problems("api_clients")
    assert [(p.qbench_id, p.problem) for p in problems] == [
        (0, f"id {UUID}: read_only: cannot read 'maybe' as bool")
    ]
    # An id that is neither text nor an integer is set aside, never dropped.
    bad = repo.upsert_page("api_clients", [{"id": 1.5}, {"id": None}], T1)
    assert len(bad.rejected) == 2 and bad.ids == []


@pytest.mark.parametrize(
    "value",
    [float("nan"), float("inf"), float("-inf"), "NaN", "1_000", "abc", True,
     NumberText("1e400"), 10**400],
)  # fmt: skip
def test_hostile_numbers_are_null_with_a_problem_and_kept_raw(repo, value):  # noqa: F811
    record = {"id": 3, "total": value, "amount": -0.0}
    result = repo.upsert_page("invoices", [record], T0)
    assert result.ids == [3] and list(result.problems) == [3]
    row = repo.get("invoices", 3)
    assert row["total"] is None
    assert exact_text(row["raw_payload"]) == exact_text(record)
    assert [p.problem.split(":")[0] for p in repo.value_problems("invoices")] == [
        "total"
    ]
    assert repo.upsert_page("invoices", [record], T1).changed == []


def test_number_columns_keep_doubles_exactly(repo):  # noqa: F811
    values = [0.1, 1e300, -2.5e-300, 123456789.123, 2**53]
    records = [{"id": i, "amount": v} for i, v in enumerate(values, 1)]
    repo.upsert_page("payments", records, T0)
    for i, v in enumerate(values, 1):
        stored = repo.get("payments", i)["amount"]
        assert stored == float(v) and math.isfinite(stored)


def test_comments_get_their_order_id_and_keep_their_record(repo):  # noqa: F811
    comments = [
        {"id": 1, "message": "ok", "user_id": 3, "public": True},
        {"id": 2, "message": "no", "contact_id": 4, "public": False},
    ]
    result = repo.upsert_page("order_comments", comments, T0, fixed={"order_id": 5})
    assert sorted(result.ids) == [1, 2]
    row = repo.get("order_comments", 1)
    assert (row["order_id"], row["user_id"], row["public"]) == (5, 3, True)
    assert row["raw_payload"] == comments[0]  # no order_id added to QBench's record
    assert repo.live_ids("order_comments", order_id=[5]) == {1, 2}
    with pytest.raises(KeyError):
        repo.upsert_page("order_comments", comments, T0, fixed={"orden": 5})


def test_mark_missing_children_marks_only_the_listed_parents(repo):  # noqa: F811
    repo.upsert_page(
        "order_comments", [{"id": 1}, {"id": 2}], T0, fixed={"order_id": 5}
    )
    repo.upsert_page("order_comments", [{"id": 3}], T0, fixed={"order_id": 6})
    repo.upsert_page("order_comments", [{"id": 4}], T0, fixed={"order_id": 7})
    # Order 5 now lists only comment 1; order 6 lists none; order 7 not listed.
    assert (
        repo.mark_missing_children("order_comments", "order_id", [5, 6], [1], T1) == 2
    )
    assert repo.live_ids("order_comments") == {1, 4}
    assert repo.get("order_comments", 2)["deleted_at"] == T1.replace(tzinfo=None)
    assert (
        repo.mark_missing_children("order_comments", "order_id", [5, 6], [1], T1) == 0
    )
    assert repo.mark_missing_children("order_comments", "order_id", [], [], T1) == 0
    assert repo.live_ids("order_comments") == {1, 4}
    # A comment listed again is live again.
    repo.upsert_page("order_comments", [{"id": 2}], T1, fixed={"order_id": 5})
    assert repo.live_ids("order_comments", order_id=[5]) == {1, 2}


def test_mark_missing_children_with_many_parents_and_ids(repo):  # noqa: F811
    comments = [{"id": i} for i in range(1, 1201)]
    for start in range(0, 1200, 100):
        page = comments[start : start + 100]
        repo.upsert_page("order_comments", page, T0, fixed={"order_id": start})
    parents = list(range(0, 1200, 100))
    seen = [c["id"] for c in comments if c["id"] % 3]
    marked = repo.mark_missing_children("order_comments", "order_id", parents, seen, T1)
    assert marked == 400
    assert repo.count("order_comments") == 800


def test_unseen_live_ids_are_what_a_catalogue_listing_missed(repo):  # noqa: F811
    repo.upsert_page("teams", [{"id": i, "name": f"T{i}"} for i in (1, 2, 3)], T0)
    repo.mark_deleted("teams", [3], T0)
    assert repo.unseen_live_ids("teams", [1]) == {2}
    assert repo.unseen_live_ids("teams", [1, 2, 9]) == set()


def test_worksheets_are_stored_per_test_keyed_by_the_test(repo):  # noqa: F811
    first = {"id": 999, "worksheet_data": {"A1": 1.5}, "worksheet_processed": True}
    second = {"worksheet_data": {}, "worksheet_config": "x"}  # no id at all
    result = repo.upsert_documents("test_worksheets", {42: first, 43: second}, T0)
    assert sorted(result.ids) == [42, 43] and result.inserted == 2
    row = repo.get("test_worksheets", 42)
    assert (row["qbench_id"], row["test_id"]) == (42, 42)
    assert row["raw_payload"] == first
    assert repo.get("test_worksheets", 999) is None
    again = repo.upsert_documents(
        "test_worksheets", {42: first, 43: {"worksheet_data": {"B": 2}}}, T1
    )
    assert (again.updated, again.changed) == (2, [43])
    batch = repo.upsert_documents("batch_worksheets", {7: {"worksheet_data": {}}}, T0)
    assert batch.ids == [7] and repo.get("batch_worksheets", 7)["batch_id"] == 7
    # Their tests are not in the backup: orphans, kept.
    assert {o.child_id for o in repo.orphans("test_worksheets")} == {42, 43}
    with pytest.raises(KeyError, match="per parent"):
        repo.upsert_documents("orders", {1: {}})


def test_invoice_items_whose_invoice_is_missing_or_deleted_are_orphans(repo):  # noqa: F811
    assert RELATIONS["invoice_items"] == (("invoice_id", "invoices"),)
    repo.upsert_page("invoices", [{"id": 1}, {"id": 2}], T0)
    repo.mark_deleted("invoices", [2], T0)
    items = [{"id": 10, "invoice_id": 1}, {"id": 11, "invoice": {"id": 2}},
             {"id": 12, "invoice_id": 3}, {"id": 13}]  # fmt: skip
    repo.upsert_page("invoice_items", items, T0)
    assert repo.orphans("invoice_items") == [
        Orphan("invoice_items", 11, "invoice_id", "invoices", 2),
        Orphan("invoice_items", 12, "invoice_id", "invoices", 3),
    ]


def test_relations_come_from_the_registry_parents():
    for name, definition in ENTITIES.items():
        expected = tuple((p.column, p.entity) for p in definition.parents)
        assert RELATIONS.get(name, ()) == expected
