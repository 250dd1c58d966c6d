"""raw_payload is RFC 8259 JSON any SQL reads; the exact original stays recoverable.

The contract (``app.storage.payload``): ``raw_payload`` holds the stored form,
``raw_payload_exact`` the record's exact JSON text when the stored form differs
from it; ``Repository.get`` / ``all_payloads`` give back the record as sent.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from app.jsoncodec import NumberText, decode, exact_text
from app.storage.db import open_database
from app.storage.migrations import migrate
from app.storage.models import ENTITIES
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
    {"id": 9, "$qbench_backup_json_text": "looks like the old wrapper"},
    {"id": 10, "deep": {"a": {"b": {"c": {"d": [[[{"e": [None, {}]}]]]}}}}},
    {"id": 11, "long": "x" * 200_000},
    {"id": 12, "escaped_nul_text": "\\u0000 is six characters here"},
    {"id": 13, "nan": float("nan"), "inf": [float("inf"), float("-inf")]},
    {"id": 14, "k\x00ey": 1, "k\udc00": 2, "huge": NumberText("7" * 5000)},
    {"id": 15, "overflow": NumberText("1e400"), "underflow": NumberText("-1e-400")},
]
# What SQL sees in raw_payload for the odd records (same on both databases,
# except 1e300 and friends, which JSONB keeps as numbers of equal value).
STORED = {
    6: {"id": 6, "nul": "before\ufffdafter", "control": "\x01\x1f\x7f"},
    7: {"id": 7, "lone_surrogate": "x\ufffdy", "astral": "\U0001f9ea"},
    13: {"id": 13, "nan": "NaN", "inf": ["Infinity", "-Infinity"]},
    14: {"id": 14, "k\ufffdey": 1, "k\ufffd": 2, "huge": "7" * 5000},
    15: {"id": 15, "overflow": "1e400", "underflow": "-1e-400"},
}


def canonical(value):
    """Exact JSON text that tells true from 1, 1.0 from 1 and knows NaN."""
    return exact_text(value, sort_keys=True)


def strict_loads(text):
    """Python's json.loads refusing NaN/Infinity, as browsers and RFC 8259 do."""

    def refuse(token):
        raise ValueError(f"not RFC 8259 JSON: {token}")

    return json.loads(text, parse_constant=refuse)


def _stored_texts(repo, table):
    """raw_payload as SQL returns it, as text, with a database-side validity check."""
    if repo.db.__class__.__name__.startswith("Postgres"):
        sql = (
            "SELECT qbench_id, raw_payload::text, "
            "jsonb_typeof(raw_payload) = 'object', "
            f"raw_payload_exact FROM {table} ORDER BY qbench_id"
        )
    else:
        sql = (
            f"SELECT qbench_id, raw_payload, json_valid(raw_payload) "
            f"AND json_type(raw_payload) = 'object', raw_payload_exact FROM {table} "
            "ORDER BY qbench_id"
        )
    return repo.db.execute_sql(sql).fetchall()


def test_nasty_payloads_read_back_exactly(repo):
    when = datetime(2025, 1, 1, tzinfo=UTC)
    result = repo.upsert_page("customers", NASTY, when)
    assert result.inserted == len(NASTY)
    for record in NASTY:
        stored = repo.get("customers", record["id"])["raw_payload"]
        assert canonical(stored) == canonical(record)
    payloads = list(repo.all_payloads("customers"))
    assert [canonical(p) for p in payloads] == [canonical(r) for r in NASTY]


def test_raw_payload_is_valid_json_and_exact_form_only_where_it_differs(repo):
    postgres = repo.db.__class__.__name__.startswith("Postgres")
    repo.upsert_page("customers", NASTY)
    by_id = {r["id"]: r for r in NASTY}
    for qbench_id, text, valid, exact in _stored_texts(repo, "customers"):
        assert valid, qbench_id
        stored = strict_loads(text)
        record = by_id[qbench_id]
        if qbench_id in STORED:
            assert stored == STORED[qbench_id]
        elif qbench_id == 8 and postgres:  # JSONB: equal numbers, other texts
            assert stored["big_floats"] == [10**300, 150000000000000000000, 1e-7, 0]
        else:
            assert canonical(stored) == canonical(record), qbench_id
        needs_exact = qbench_id in STORED or (qbench_id == 8 and postgres)
        assert (exact is not None) == needs_exact, qbench_id
        if exact is not None:
            assert exact.isascii()
            assert canonical(decode(exact)) == canonical(record)
        assert repo.stored_payload("customers", qbench_id) == strict_loads(text)


def test_the_original_is_recoverable_with_plain_sql(repo):
    """COALESCE(raw_payload_exact, raw_payload) read by a NaN-aware JSON parser."""
    repo.upsert_page("customers", NASTY)
    rows = repo.db.execute_sql(
        "SELECT COALESCE(raw_payload_exact, CAST(raw_payload AS TEXT)) "
        "FROM customers ORDER BY qbench_id"
    ).fetchall()
    assert [canonical(decode(t)) for (t,) in rows] == [canonical(r) for r in NASTY]


def test_absent_key_and_null_key_stay_different(repo):
    repo.upsert_page("orders", [{"id": 1, "x": None}, {"id": 2}])
    assert repo.get("orders", 1)["raw_payload"] == {"id": 1, "x": None}
    assert repo.get("orders", 2)["raw_payload"] == {"id": 2}


def test_plain_payloads_are_real_jsonb_on_postgres(postgres_url):
    db = open_database(postgres_url)
    try:
        migrate(db)
        Repository(db).upsert_page(
            "samples", [{"id": 1, "sample_type": "Flower"}, {"id": 2, "x": "a\x00"}]
        )
        rows = db.execute_sql(
            "SELECT jsonb_typeof(raw_payload), raw_payload->>'sample_type', "
            "raw_payload->>'x' FROM samples ORDER BY qbench_id"
        ).fetchall()
        assert rows == [("object", "Flower", None), ("object", None, "a\ufffd")]
    finally:
        db.close()


def test_every_entity_keeps_payloads_jsonb_cannot_hold(repo):
    record = {"id": 1, "nul": "a\x00b", "big": 1e300, "lone": "\udfff",
              "nan": float("nan"), "huge": NumberText("1" * 4301)}  # fmt: skip
    for entity in ENTITIES:
        repo.upsert_page(entity, [record])
        assert canonical(repo.get(entity, 1)["raw_payload"]) == canonical(record)


def test_an_odd_record_sent_again_is_not_a_change(repo):
    record = {"id": 1, "name": "Acme \ud83d", "n": float("nan")}
    assert repo.upsert_page("customers", [record]).changed == [1]
    again = decode(exact_text(record))  # a fresh decode: a different NaN object
    assert repo.upsert_page("customers", [again]).changed == []
    edited = {**again, "n": float("inf")}
    assert repo.upsert_page("customers", [edited]).changed == [1]
    plain = {"id": 1, "name": "Acme", "n": 1}
    assert repo.upsert_page("customers", [plain]).changed == [1]
    assert repo.get("customers", 1)["raw_payload_exact"] is None
    assert repo.upsert_page("customers", [dict(plain)]).changed == []
