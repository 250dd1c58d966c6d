"""Issue 9 kind 2: a value no typed column can hold is NULL there, with the
problem recorded (``value_problems``) and the raw record kept."""

from __future__ import annotations

import math
from datetime import UTC, datetime

from app.storage.db import open_database
from app.storage.migrations import migrate


def test_unholdable_values_are_null_in_columns_and_recorded_once(repo):
    record = {
        "id": 4,
        "customer_name": "Acme Labs \ud83d",
        "date_created": "13/45/2025",
        "last_updated_unix_timestamp": float("nan"),
    }
    first = datetime(2026, 1, 1, tzinfo=UTC)
    repo.upsert_page("customers", [record], first, run_id="r1")
    row = repo.get("customers", 4)
    assert row["customer_name"] == "Acme Labs \ufffd"
    assert row["date_created"] is None and row["qbench_last_updated_unix"] is None
    problems = repo.value_problems("customers")
    fields = sorted(p.problem.split(":")[0] for p in problems)
    assert fields == ["customer_name", "date_created", "last_updated_unix_timestamp"]
    assert {p.run_id for p in problems} == {"r1"}

    later = datetime(2026, 1, 2, tzinfo=UTC)
    repo.upsert_page("customers", [record], later, run_id="r2")
    again = repo.value_problems("customers")
    assert len(again) == 3  # one row per record and problem, not per sighting
    assert {p.run_id for p in again} == {"r2"}
    assert {p.first_seen_at for p in again} == {first.replace(tzinfo=None)}
    assert {p.last_seen_at for p in again} == {later.replace(tzinfo=None)}
    kept = repo.get("customers", 4)["raw_payload"]  # the original, NaN and all
    assert math.isnan(kept.pop("last_updated_unix_timestamp"))
    assert kept == {
        k: v for k, v in record.items() if k != "last_updated_unix_timestamp"
    }


def test_a_clean_record_records_no_problem(repo):
    repo.upsert_page("customers", [{"id": 1, "customer_name": "Acme"}])
    assert repo.value_problems() == []


def test_a_version_3_database_gains_the_table(db_url):
    from app.storage.migrations import MIGRATIONS

    db = open_database(db_url)
    try:
        migrate(db, migrations=MIGRATIONS[:3])
        db.execute_sql("DROP TABLE value_problems")  # as version 3 left it
        assert migrate(db).applied[:1] == [4]  # later versions may follow
        assert "value_problems" in db.get_tables()
    finally:
        db.close()


def test_non_finite_numbers_are_no_text_in_a_text_column(repo):
    repo.upsert_page("customers", [{"id": 7, "status": float("nan")}], run_id="r1")
    assert repo.get("customers", 7)["status"] is None
    assert [p.problem.split(":")[0] for p in repo.value_problems()] == ["status"]


def test_a_record_nested_too_deep_is_rejected_not_a_crash(repo):
    """A fresh user's trial: ~600 levels with a NaN inside raised RecursionError
    in storage and stopped the run. Such a record is now set aside, loudly."""
    deep: object = float("nan")
    for _ in range(5000):
        deep = [deep]
    result = repo.upsert_page("orders", [{"id": 1, "x": deep}, {"id": 2}])
    assert result.ids == [2]
    assert [error for _, error in result.rejected][0].startswith("record nested")
    assert repo.rejected()
