"""The sync engine against the simulator over HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from app.sync.engine import CORE_ENTITIES, ordered
from app.sync.report import SyncProgress


def test_full_sync_of_the_small_tenant_is_exact(backup_factory):
    """Done-when: every entity, raw_payload equal to the source record."""
    backup = backup_factory("small")
    report = backup.sync()
    assert report.status == "success", report.to_dict()
    backup.assert_exact()
    assert [r.entity for r in report.results] == list(CORE_ENTITIES)
    assert all(r.mode == "full" for r in report.results)
    assert sum(r.fetched for r in report.results) >= 1500


def test_incremental_converges_after_updates_inserts_and_deletes(backup):
    sim = backup.sim
    assert backup.sync().status == "success"
    sim.advance(3600)
    touched = {}
    for entity in CORE_ENTITIES:
        ids = [r["id"] for r in sim.dump()[entity]]
        sim.tenant.update(entity, ids[0])
        new_id = sim.tenant.insert(entity)
        sim.tenant.delete(entity, ids[-1])
        touched[entity] = (ids[0], new_id, ids[-1])
    report = backup.sync()
    assert report.status == "success", report.to_dict()
    assert all(r.mode == "incremental" for r in report.results)
    backup.assert_exact()
    for entity, (_, new_id, gone) in touched.items():
        assert backup.repo.get(entity, new_id)["deleted_at"] is None
        assert backup.repo.get(entity, gone)["deleted_at"] is not None, entity


def test_a_no_change_incremental_run_uses_two_list_requests_per_entity(backup):
    """The budget the README states: the change listing plus one count."""
    assert backup.sync().status == "success"
    backup.sim.reset_counts()
    report = backup.sync()
    assert report.status == "success"
    for entity in CORE_ENTITIES:
        lists = backup.sim.request_log(f"/qbench/api/v2/{entity}")
        assert len(lists) <= 2, (entity, [r.query for r in lists])
        if entity != "reports":
            assert len(lists) == 2, (entity, [r.query for r in lists])
            change, count = (r.query for r in lists)
            assert "last_updated" in change and "last_updated" not in count
            assert count["page_size"] == ["1"] and "include_deleted" not in count
    assert all(r.requests <= 2 for r in report.results), report.to_dict()


def test_entities_subset_and_unknown_names():
    assert ordered(["tests", "customers"]) == ("customers", "tests")
    with pytest.raises(ValueError, match="unknown entities: nope"):
        ordered(["nope"])


def test_progress_reaches_the_callback_and_cancel_stops_between_pages(backup):
    events = []
    stop_after = 3

    def pages():
        return [e for e in events if isinstance(e, SyncProgress)]

    def should_stop():
        return len(pages()) >= stop_after

    report = backup.sync(on_progress=events.append, should_stop=should_stop)
    assert report.status == "cancelled"
    assert len(pages()) == stop_after
    assert pages()[0].entity == "customers" and pages()[0].pages_done == 1
    cancelled = report.results[-1]
    assert cancelled.status == "cancelled"
    # The next run finishes the job and the copy is exact.
    assert backup.sync().status == "success"
    backup.assert_exact()


def test_unknown_fields_are_drift_never_failures(backup):
    report = backup.sync()
    assert report.status == "success"
    drift = {(d.entity, d.field) for d in backup.repo.drift()}
    # Tenant custom fields are flattened into records (README Q12).
    assert ("customers", "allied_username") in drift
    assert ("orders", "Dup_Aw_value") in drift


def test_reports_without_last_updated_miss_nothing(backup):
    """Reports: new, changed and deleted ones arrive through parents and the tail."""
    sim = backup.sim
    assert backup.sync().status == "success"
    reports = sim.dump()["reports"]
    sim.advance(60)
    changed, gone = reports[0]["id"], reports[-1]["id"]
    new_state = "WITHDRAWN" if reports[0]["state"] != "WITHDRAWN" else "OVERRIDDEN"
    sim.tenant.update("reports", changed, {"state": new_state})
    sim.tenant.delete("reports", gone)
    added = sim.tenant.insert("reports")
    report = backup.sync()
    assert report.status == "success", report.to_dict()
    backup.assert_exact(["reports"])
    assert backup.repo.get("reports", changed)["raw_payload"]["state"] == new_state
    assert backup.repo.get("reports", gone)["deleted_at"] is not None
    assert backup.repo.get("reports", added)["deleted_at"] is None


def test_a_child_whose_parent_is_not_local_is_kept_and_reported(backup):
    report = backup.sync(entities=["samples"])
    assert report.status == "success"
    samples = report.results[0]
    assert samples.inserted == backup.repo.count("samples", include_deleted=True)
    with_order = [
        p
        for p in backup.repo.all_payloads("samples", include_deleted=False)
        if p.get("order_id") is not None
    ]
    assert samples.orphans == len(with_order) > 0


def test_orphans_are_a_count_with_the_run_and_no_warning(backup):
    """Issue 11 §3: records whose parent is not in the backup are counted once
    per run on its rows and listed for Historial; the log says so at INFO (the
    file only), never as a WARNING after every sync."""
    from loguru import logger

    logged = []
    sink = logger.add(lambda m: logged.append(m.record), level="DEBUG")
    try:
        report = backup.sync(entities=["customers", "samples"])
    finally:
        logger.remove(sink)
    assert report.status == "success"
    samples = report.results[1]
    listed = backup.repo.orphans("samples")
    assert samples.orphans == len(listed) > 0
    rows = {r.entity: r for r in backup.repo.recent_runs() if r.run_id == "run1"}
    assert rows["samples"].orphans == samples.orphans
    assert rows["*"].orphans == samples.orphans  # the run's total
    assert backup.repo.run_orphans("run1") == listed
    about = [r for r in logged if "parent is not in the backup" in r["message"]]
    assert [r["level"].name for r in about] == ["INFO"]
    assert about[0]["extra"].get("file_only") is True
    assert not [r for r in logged if r["level"].no >= 30], [
        r["message"] for r in logged if r["level"].no >= 30
    ]


def test_a_re_signed_report_url_is_not_a_change(backup_factory):
    """QBench re-signs a report's presigned ``url`` on every read (README Q14):
    the fresh url is kept, but the report is not counted as updated."""
    backup = backup_factory("small")
    assert backup.sync(full=True, entities=["reports"]).status == "success"
    before = {p["id"]: p["url"] for p in backup.repo.all_payloads("reports")}
    backup.sim.advance(2 * 3600)  # the simulator re-signs as time passes
    report = backup.sync(full=True, entities=["reports"])
    assert report.status == "success"
    assert report.results[0].updated == 0
    after = {p["id"]: p["url"] for p in backup.repo.all_payloads("reports")}
    assert after.keys() == before.keys() and after != before  # fresh urls stored


def test_the_default_is_every_default_entity_and_worksheets_are_opt_in():
    from app.entities import ALL_ENTITIES, DEFAULT_ENTITIES

    assert ordered(None) == DEFAULT_ENTITIES
    assert "test_worksheets" not in ordered([])
    assert ordered(None, worksheets=True) == ALL_ENTITIES
    assert ordered(["invoice-items", "invoices"]) == ("invoices", "invoice_items")
    assert ordered(["test_worksheets"]) == ("test_worksheets",)  # asked by name
