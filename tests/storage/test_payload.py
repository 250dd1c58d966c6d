"""raw_payload reads back exactly what QBench sent, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from app.storage.db import open_database
from app.storage.migrations import migrate
from app.storage.models import ENTITIES, TEXT_FORM_KEY
from app.storage.repository import Repository

NASTY = [
    {
        "id": 1,
        "customer_name": "Adam Mandel ",
        "address": "12 Main St\nSuite 4\r\n\tBack door  ",
        "comments": "",
        "tags": [],
        "divisions": [{"id": 3, "name": "Maine", "global_division": False}],
        "initial_quickbooks_details": json.dumps(
            {"Id": "12", "MetaData": {"CreateTime": "2019-08-02T18:42:14-07:00"}}
        ),
        "date_created": None,
        "qbd_id": None,
    },
    {"id": 2, "customer_name": "Peñalosa 🧪 試験 שלום e\u0301", "z": 1, "a": 2},
    {"id": 3, "ints": [0, -1, 2**62, 2**70], "floats": [1.0, 0.1, -2.5, 0.0001]},
    {"id": 4, "bools": [True, False, 1, 0], "null": None, "": "empty key", "1": 1},
    {"id": 5, "quotes": "\"'`\\ \\n \\u0041 {}[]", "html": "<b>&amp;</b>"},
    {"id": 6, "nul": "before\x00after", "control": "\x01\x1f\x7f"},
    {"id": 7, "lone_surrogate": "x\ud800y", "astral": "\U0001f9ea"},
    {"id": 8, "big_floats": [1e300, 1.5e20, 1e-7, -0.0]},
    {"id": 9, TEXT_FORM_KEY: "looks like our marker"},
    {"id": 10, "deep": {"a": {"b": {"c": {"d": [[[{"e": [None, {}]}]]]}}}}},
    {"id": 11, "long": "x" * 200_000},
    {"id": 12, "escaped_nul_text": "\\u0000 is six characters here"},
]


def canonical(value):
    """JSON text that tells true from 1 and 1.0 from 1 (== does not)."""
    return json.dumps(value, sort_keys=True)


@pytest.fixture
def repo(db_url):
    db = open_database(db_url)
    migrate(db)
    yield Repository(db)
    db.close()


def test_nasty_payloads_round_trip_exactly(repo):
    when = datetime(2025, 1, 1, tzinfo=UTC)
    result = repo.upsert_page("customers", NASTY, when)
    assert result.inserted == len(NASTY)
    for record in NASTY:
        stored = repo.get("customers", record["id"])["raw_payload"]
        assert stored == record
        assert canonical(stored) == canonical(record)
    payloads = list(repo.all_payloads("customers"))
    assert [canonical(p) for p in payloads] == [canonical(r) for r in NASTY]


def test_absent_key_and_null_key_stay_different(repo):
    repo.upsert_page("orders", [{"id": 1, "x": None}, {"id": 2}])
    assert repo.get("orders", 1)["raw_payload"] == {"id": 1, "x": None}
    assert repo.get("orders", 2)["raw_payload"] == {"id": 2}


def test_plain_payloads_are_real_jsonb_on_postgres(postgres_url):
    db = open_database(postgres_url)
    try:
        migrate(db)
        Repository(db).upsert_page("samples", [{"id": 1, "sample_type": "Flower"}])
        kind, value = db.execute_sql(
            "SELECT jsonb_typeof(raw_payload), raw_payload->>'sample_type' FROM samples"
        ).fetchone()
        assert (kind, value) == ("object", "Flower")
    finally:
        db.close()


def test_every_entity_keeps_payloads_jsonb_cannot_hold(repo):
    record = {"id": 1, "nul": "a\x00b", "big": 1e300, "lone": "\udfff"}
    for entity in ENTITIES:
        repo.upsert_page(entity, [record])
        assert canonical(repo.get(entity, 1)["raw_payload"]) == canonical(record)
