"""Issue 9, kinds 1 and 2: hostile text and numbers never stop or corrupt a backup.

Each odd value is served by the simulator over HTTP exactly as QBench would send
it (a lone surrogate as ``\\ud83d``, NaN as the bare token, a 5000-digit integer
as its digits) and synced by the real engine into SQLite and PostgreSQL.
"""

from __future__ import annotations

import json

import pytest

from app.jsoncodec import exact_text
from app.sim.responses import RawNumber
from app.sync.engine import CORE_ENTITIES

HUGE = "9" * 5000


def _strict(text: str):
    def refuse(token):
        raise ValueError(f"not RFC 8259 JSON: {token}")

    return json.loads(text, parse_constant=refuse)


def _rows_are_valid_json(backup) -> None:
    """Every raw_payload is RFC 8259 JSON, for the database and for Python."""
    db = backup.repo.db
    postgres = type(db).__name__.startswith("Postgres")
    for entity in CORE_ENTITIES:
        if postgres:
            check = "jsonb_typeof(raw_payload) = 'object'"
            text = "raw_payload::text"
        else:
            check = "json_valid(raw_payload) AND json_type(raw_payload) = 'object'"
            text = "raw_payload"
        rows = db.execute_sql(f"SELECT {check}, {text} FROM {entity}").fetchall()
        assert rows, entity
        for valid, stored in rows:
            assert valid, (entity, stored[:200])
            _strict(stored)


def _ids(sim, entity, count):
    return [r["id"] for r in sim.dump()[entity]][:count]


def _results(report):
    return {r.entity: r for r in report.results}


def test_text_no_database_can_hold_is_stored_everywhere(backup):
    """A lone surrogate stopped the customers pass and every later run."""
    sim = backup.sim
    customer, order = _ids(sim, "customers", 1)[0], _ids(sim, "orders", 1)[0]
    sim.tenant.set_raw("customers", customer, {"customer_name": "Acme Labs \ud83d"})
    sim.tenant.set_raw(
        "orders",
        order,
        {"special_instructions": "a\x00b", "k\x00ey \udc00": ["\ud800", {"\x00": 1}]},
    )
    report = backup.sync()
    assert report.status == "success", report.to_dict()
    backup.assert_exact()
    _rows_are_valid_json(backup)
    row = backup.repo.get("customers", customer)
    assert row["customer_name"] == "Acme Labs \ufffd"
    assert row["raw_payload"]["customer_name"] == "Acme Labs \ud83d"
    assert "\\ud83d" in row["raw_payload_exact"]
    stored = backup.repo.stored_payload("orders", order)
    assert stored["special_instructions"] == "a\ufffdb"
    assert stored["k\ufffdey \ufffd"] == ["\ufffd", {"\ufffd": 1}]
    # The next run goes through too, and sees nothing new.
    again = backup.sync()
    assert again.status == "success", again.to_dict()
    assert all(r.updated == 0 for r in again.results), again.to_dict()
    backup.assert_exact()


@pytest.mark.parametrize(
    "value", [float("nan"), float("inf"), float("-inf"), 1e25, RawNumber(HUGE)]
)
def test_odd_unix_timestamps_break_neither_learning_nor_columns(backup, value):
    """NaN crashed the offset learning (no tests stored, reports never reached);
    1e25 overflowed qbench_last_updated_unix and rolled the page back."""
    sim = backup.sim
    tests = _ids(sim, "tests", 3)
    for test_id in tests:  # now the newest tests: the offset probe reads them
        sim.tenant.set_raw("tests", test_id, {"last_updated_unix_timestamp": value})
    report = backup.sync()
    assert report.status == "success", report.to_dict()
    results = _results(report)
    assert results["tests"].fetched and results["reports"].status == "success"
    backup.assert_exact()
    _rows_are_valid_json(backup)
    for test_id in tests:
        row = backup.repo.get("tests", test_id)
        assert row["qbench_last_updated_unix"] is None
        assert row["qbench_last_updated"] is not None  # the local time still reads
        if value != 1e25:  # 1e25 is plain JSON (exact form on PostgreSQL only)
            assert row["raw_payload_exact"] is not None
    checkpoint = backup.repo.get_checkpoint("tests")
    assert checkpoint.last_synced_at.year < 2100
    sim.advance(120)
    sim.tenant.update("tests", tests[0])
    again = backup.sync()
    assert again.status == "success", again.to_dict()
    assert _results(again)["tests"].updated >= 1
    backup.assert_exact()


def test_an_integer_longer_than_python_reads_keeps_the_page(backup):
    """A 5000-digit integer made its whole page undecodable, on every run."""
    sim = backup.sim
    sample = _ids(sim, "samples", 5)[2]
    sim.tenant.set_raw("samples", sample, {"weight_mg": RawNumber(HUGE)})
    sim.tenant.set_raw("samples", sample, {"order_id": RawNumber("1" + "0" * 30)})
    report = backup.sync()
    assert report.status == "success", report.to_dict()
    backup.assert_exact()
    _rows_are_valid_json(backup)
    assert backup.repo.count("samples") == len(sim.dump()["samples"])
    row = backup.repo.get("samples", sample)
    assert row["order_id"] is None  # 10**30 cannot be a BIGINT
    assert backup.repo.stored_payload("samples", sample)["weight_mg"] == HUGE
    assert exact_text(row["raw_payload"]).count(HUGE) == 1
    assert HUGE in row["raw_payload_exact"]
    assert backup.sync().status == "success"
