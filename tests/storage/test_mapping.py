"""Record → row mapping: v1/v2 variants, bad fields reported, bad records refused."""

from __future__ import annotations

import math
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.jsoncodec import NumberText
from app.storage.mapping import COLUMNS, RecordError, map_record, to_row
from app.storage.models import ENTITY_MODELS

V1_ORDER = {
    "id": 3335,
    "custom_formatted_id": "ORD-101325-3335",
    "customer_account_id": 205,
    "date_created": "10/13/2025 03:16 PM",
    "date_received": "10/13/2025 03:15 PM",
    "date_completed": None,
    "date_order_reported": None,
    "state": "CREATED",
    "last_updated": "1760368567",
    "tags": [],
}


def test_every_mapped_column_exists_on_its_model():
    for entity, columns in COLUMNS.items():
        model_fields = ENTITY_MODELS[entity]._meta.fields
        for column in columns:
            assert column.name in model_fields, (entity, column.name)


def test_v1_order():
    row = to_row("orders", V1_ORDER)
    assert row == {
        "qbench_id": 3335,
        "customer_id": 205,
        "custom_formatted_id": "ORD-101325-3335",
        "state": "CREATED",
        "date_created": datetime(2025, 10, 13, 15, 16),
        "date_received": datetime(2025, 10, 13, 15, 15),
        "date_completed": None,
        "qbench_last_updated": datetime(2025, 10, 13, 15, 16, 7),
        "qbench_last_updated_unix": 1760368567,
    }


def test_v2_nested_relations_and_name_variants():
    order = to_row("orders", {"id": 1, "customer_account": {"id": 9}})
    assert order["customer_id"] == 9
    customer = to_row("customers", {"id": 2, "name": "Adam Mandel "})
    assert customer["customer_name"] == "Adam Mandel "
    test = to_row(
        "tests",
        {
            "id": 3,
            "sample": {"id": 4},
            "assay_id": "5",
            "panel_id": None,
            "completed_date": "10/13/2025",
            "last_updated": "10/13/2025 03:16 PM",
            "last_updated_unix_timestamp": 1760368567.0,
        },
    )
    assert (test["sample_id"], test["assay_id"], test["panel_id"]) == (4, 5, None)
    assert test["complete_date"] == datetime(2025, 10, 13)
    assert test["qbench_last_updated"] == datetime(2025, 10, 13, 15, 16)
    assert test["qbench_last_updated_unix"] == 1760368567
    sample = to_row("samples", {"id": 6, "accessioning_type": {"value": "Adult Use"}})
    assert sample["sample_type"] == "Adult Use"
    assay = to_row("assays", {"id": 7, "title": "THC", "active": "false"})
    assert assay["active"] is False


def test_bad_fields_become_none_and_are_reported():
    mapped = map_record(
        "orders",
        {
            "id": 10,
            "customer_account_id": "abc",
            "date_created": "yesterday",
            "date_received": "",
            "state": {"nested": True},
            "last_updated": "soon",
        },
    )
    assert mapped.row["customer_id"] is None
    assert mapped.row["date_created"] is None
    assert mapped.row["date_received"] is None
    assert mapped.row["state"] is None
    assert mapped.row["qbench_last_updated"] is None
    assert len(mapped.problems) == 4
    assert any("date_created" in p and "yesterday" in p for p in mapped.problems)


@pytest.mark.parametrize(
    "record",
    [
        None,
        [1, 2],
        "text",
        {},
        {"id": None},
        {"id": "abc"},
        {"id": "--5"},
        {"id": "\u0663"},
        {"id": 1.5},
        {"id": True},
        {"id": 2**70},
    ],
)
def test_records_without_an_integer_id_raise_record_error(record):
    with pytest.raises(RecordError):
        map_record("samples", record)


def test_text_columns_replace_what_no_database_text_holds():
    mapped = map_record("customers", {"id": 1, "customer_name": "A\x00B \ud83d"})
    assert mapped.row["customer_name"] == "A\ufffdB \ufffd"
    assert mapped.problems == [
        "customer_name: NUL or lone surrogates replaced by U+FFFD in the column"
    ]
    pair = map_record("customers", {"id": 1, "customer_name": "ok \U0001f9ea"})
    assert pair.row["customer_name"] == "ok \U0001f9ea" and not pair.problems


@pytest.mark.parametrize(
    "value",
    [
        float("nan"),
        float("inf"),
        float("-inf"),
        1e25,
        2**63,
        10**30,
        NumberText("9" * 5000),
        NumberText("1e400"),
        "9" * 5000,
        "1" * 30,
    ],
)
def test_numbers_out_of_range_give_null_and_a_problem(value):
    record = {
        "id": 1,
        "sample_id": value,
        "start_date": value,
        "last_updated_unix_timestamp": value,
    }
    mapped = map_record("tests", record)
    assert mapped.row["sample_id"] is None
    assert mapped.row["start_date"] is None
    assert mapped.row["qbench_last_updated_unix"] is None
    problems = " ".join(mapped.problems)
    for key in ("sample_id", "start_date", "last_updated_unix_timestamp"):
        assert f"{key}: cannot read" in problems
    assert len(problems) < 2000  # a 5000-digit value is not copied into problems


def test_a_huge_python_int_does_not_break_mapping():
    mapped = map_record("orders", {"id": 1, "custom_formatted_id": 10**5000})
    assert mapped.row["custom_formatted_id"] is None
    assert "custom_formatted_id: cannot read an integer of" in mapped.problems[0]


def test_batch_links_from_v2_objects_and_v1_ids():
    v2 = map_record(
        "batches",
        {"id": 1, "samples": [{"id": 5}, {"id": 6}, {"id": 5}], "tests": []},
    )
    assert v2.links == {"samples": [5, 6], "tests": []}
    v1 = map_record("batches", {"id": 2, "sample_ids": [7], "test_ids": [8, "9"]})
    assert v1.links == {"samples": [7], "tests": [8, 9]}
    absent = map_record("batches", {"id": 3})
    assert absent.links is None
    bad = map_record("batches", {"id": 4, "samples": [{"name": "x"}, 3]})
    assert bad.links == {"samples": [3]}
    assert bad.problems


def test_a_field_called_deleted_is_data_not_a_deletion():
    """v2 records carry no deleted flag; a tenant custom field may be named so."""
    mapped = map_record("customers", {"id": 1, "deleted": True, "is_deleted": True})
    assert not hasattr(mapped, "deleted")


def test_unknown_entity():
    with pytest.raises(KeyError):
        map_record("kvstore", {"id": 1})


def test_columns_come_from_the_registry():
    from app.entities import ENTITIES

    assert {name: e.columns for name, e in ENTITIES.items()} == COLUMNS
    assert set(ENTITY_MODELS) == set(ENTITIES)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (3, 3.0),
        (-2.25, -2.25),
        ("12.50", 12.5),
        (" -3 ", -3.0),
        ("1e3", 1000.0),
        (".5", 0.5),
        (2**70, float(2**70)),
        (NumberText("12345678901234567890123"), 1.2345678901234568e22),
    ],
)
def test_number_columns_read_ints_floats_and_decimal_text(value, expected):
    mapped = map_record("invoices", {"id": 1, "total": value})
    assert mapped.row["total"] == expected
    assert isinstance(mapped.row["total"], float)
    assert mapped.problems == []


@pytest.mark.parametrize(
    "value",
    [
        float("nan"),
        float("inf"),
        float("-inf"),
        "nan",
        "Infinity",
        "1_000",
        "12,50",
        "abc",
        True,
        [1],
        {"amount": 1},
        10**400,
        NumberText("1e400"),
        NumberText("9" * 5000),
    ],
)
def test_hostile_numbers_give_null_and_a_problem(value):
    mapped = map_record("invoices", {"id": 1, "total": value})
    assert mapped.row["total"] is None
    assert len(mapped.problems) == 1
    assert mapped.problems[0].startswith("total: cannot read ")
    assert mapped.problems[0].endswith(" as number")


@pytest.mark.parametrize("value", [None, "", "  "])
def test_a_blank_number_is_null_without_a_problem(value):
    mapped = map_record("invoices", {"id": 1, "total": value})
    assert mapped.row["total"] is None and mapped.problems == []


def test_a_text_id_entity_keeps_its_uuid():
    uuid = "3f2b9c1e-8a7d-4c2e-9f10-5b6a7c8d9e0f"
    row = to_row("api_clients", {"id": uuid, "name": "ETL", "read_only": True})
    assert row["qbench_id"] == uuid
    assert (row["name"], row["read_only"]) == ("ETL", True)
    assert to_row("api_clients", {"id": 5})["qbench_id"] == "5"


@pytest.mark.parametrize(
    "record",
    [{}, {"id": None}, {"id": ""}, {"id": "  "}, {"id": 1.5}, {"id": True},
     {"id": "a\x00b"}, {"id": "x\ud800"}, {"id": ["a"]}],
)  # fmt: skip
def test_a_text_id_that_no_database_holds_is_a_record_error(record):
    with pytest.raises(RecordError):
        map_record("api_clients", record)


def test_an_integer_entity_refuses_a_uuid_id():
    with pytest.raises(RecordError, match="not an integer"):
        map_record("invoices", {"id": "3f2b9c1e-8a7d-4c2e-9f10-5b6a7c8d9e0f"})


def test_fixed_columns_fill_what_a_child_record_lacks():
    """A comment listed under /orders/5/comments has no order_id of its own."""
    comment = {"id": 9, "message": "ok", "user_id": 3, "public": True}
    mapped = map_record("order_comments", comment, fixed={"order_id": 5})
    assert mapped.row["order_id"] == 5
    assert (mapped.row["user_id"], mapped.row["public"]) == (3, True)
    wins = map_record(
        "order_comments", {**comment, "order_id": 1}, fixed={"order_id": 5}
    )
    assert wins.row["order_id"] == 5
    with pytest.raises(KeyError, match="no typed columns"):
        map_record("order_comments", comment, fixed={"orden": 5})


def test_a_document_keyed_by_its_parent_needs_no_id_of_its_own():
    document = {"worksheet_data": {"A1": 1}, "worksheet_processed": True}
    mapped = map_record(
        "test_worksheets", document, qbench_id=42, fixed={"test_id": 42}
    )
    assert mapped.qbench_id == 42
    assert mapped.row["test_id"] == 42
    listed = map_record("test_worksheets", ["not", "an", "object"], qbench_id=7)
    assert (listed.qbench_id, listed.row["test_id"]) == (7, None)


NUMBER_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.from_regex(
        r"-?[0-9]{1,30}(\.[0-9]{0,20})?([eE][-+]?[0-9]{1,4})?", fullmatch=True
    ),
    st.lists(st.integers(), max_size=2),
)


@given(NUMBER_VALUES)
def test_a_number_column_is_a_finite_float_or_null_with_a_problem(value):
    mapped = map_record("panels", {"id": 1, "base_price": value})
    number = mapped.row["base_price"]
    if number is None:
        blank = value is None or (isinstance(value, str) and not value.strip())
        assert len(mapped.problems) == (0 if blank else 1)
    else:
        assert isinstance(number, float) and math.isfinite(number)
        assert mapped.problems == []
        if isinstance(value, float):
            assert number == value
