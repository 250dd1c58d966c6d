"""Scopes (issue 12 point 5): a list QBench refuses (403) or lacks (404) skips
that entity; the others go on and the run is ``partial`` (exit code 5)."""

from __future__ import annotations

from app.errors import EXIT_PARTIAL, EXIT_SYNC_FAILED
from app.sync.engine import CORE_ENTITIES


def test_a_403_on_one_entity_skips_it_and_the_run_is_partial(backup):
    backup.sim.add_fault("status", path="/qbench/api/v2/batches", status=403)
    report = backup.sync(entities=CORE_ENTITIES)
    assert report.status == "partial", report.to_dict()
    assert report.exit_code == EXIT_PARTIAL == 5
    results = {r.entity: r for r in report.results}
    assert results["batches"].status == "skipped"
    assert results["batches"].user_message == (
        "Sin permiso para Lotes: conceda el alcance BATCH al cliente de la API en "
        "QBench."
    )
    others = [e for e in CORE_ENTITIES if e != "batches"]
    assert all(results[e].status == "success" for e in others), report.to_dict()
    backup.assert_exact(others)
    assert backup.repo.count("batches", include_deleted=True) == 0
    summary = report.to_dict()
    assert summary["status"] == "partial" and summary["exit_code"] == 5
    assert summary["skipped"] == ["batches"]
    assert "Sin permiso para Lotes" in summary["user_message"]
    rows = {r.entity: r for r in backup.repo.recent_runs() if r.run_id == "run1"}
    assert rows["batches"].status == "skipped"
    assert rows["*"].status == "partial"
    # Once the scope is granted, the next run copies the entity: success.
    backup.sim.clear_faults()
    again = backup.sync(entities=CORE_ENTITIES)
    assert again.status == "success", again.to_dict()
    backup.assert_exact()


def test_a_404_list_is_skipped_like_a_403(backup):
    backup.sim.add_fault("status", path="/qbench/api/v2/assays", status=404)
    report = backup.sync(entities=["customers", "assays"])
    assert report.status == "partial" and report.exit_code == EXIT_PARTIAL
    assert [r.status for r in report.results] == ["success", "skipped"]
    assert "404" in report.results[1].user_message


def test_a_real_failure_beside_a_skip_stays_failed(backup):
    backup.sim.add_fault("status", path="/qbench/api/v2/batches", status=403)
    backup.sim.add_fault("status", path="/qbench/api/v2/assays", status=422)
    report = backup.sync(entities=CORE_ENTITIES)
    assert report.status == "failed" and report.exit_code == EXIT_SYNC_FAILED
    statuses = {r.entity: r.status for r in report.results}
    assert statuses["batches"] == "skipped" and statuses["assays"] == "failed"
