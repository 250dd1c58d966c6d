"""The hazards that lost data for the tool we replace, each against the simulator."""

from __future__ import annotations

import pytest

from app.sync.engine import CORE_ENTITIES


def _mutate_everything(sim, rounds: int = 1) -> None:
    for _ in range(rounds):
        for entity in CORE_ENTITIES:
            ids = [r["id"] for r in sim.dump()[entity]]
            sim.tenant.update(entity, ids[len(ids) // 2])
            sim.tenant.insert(entity)
            sim.tenant.delete(entity, ids[1])


def test_churn_between_page_requests_loses_nothing_and_converges(backup_factory):
    """Records updated, inserted and deleted while we page (offset shifts)."""
    backup = backup_factory("small")
    sim = backup.sim
    before = {e: {r["id"]: r for r in sim.dump()[e]} for e in CORE_ENTITIES}
    for entity in CORE_ENTITIES:
        sim.set_churn(entity, updates=2, inserts=1, deletes=2)
    report = backup.sync()
    sim.clear_churn()
    assert report.status == "success", report.to_dict()
    after = {e: {r["id"]: r for r in sim.dump()[e]} for e in CORE_ENTITIES}
    for entity in CORE_ENTITIES:
        unchanged = {i for i, r in before[entity].items() if after[entity].get(i) == r}
        stored = {p["id"]: p for p in backup.repo.all_payloads(entity)}
        missing = sorted(i for i in unchanged if stored.get(i) != after[entity][i])
        assert not missing, f"{entity}: unchanged records not copied: {missing[:10]}"
    assert backup.sync().status == "success"
    backup.assert_exact()


def test_many_records_sharing_one_last_updated_second(backup_factory):
    """A frozen clock: 120 edits in one second straddle page and run boundaries."""
    backup = backup_factory("small")
    sim = backup.sim
    assert backup.sync().status == "success"
    sim.advance(120)
    tests = [r["id"] for r in sim.dump()["tests"]]
    for test_id in tests[:60]:
        sim.tenant.update("tests", test_id)
    assert backup.sync().status == "success"
    for test_id in tests[60:120]:  # same second, after the previous run
        sim.tenant.update("tests", test_id)
    assert backup.sync().status == "success"
    backup.assert_exact()


@pytest.mark.parametrize("lab_tz", ["Etc/GMT+12", "Pacific/Kiritimati", "UTC"])
def test_a_lab_anywhere_from_utc_minus_12_to_plus_14_loses_nothing(
    backup_factory, lab_tz
):
    backup = backup_factory("tiny", lab_tz=lab_tz)
    assert backup.sync().status == "success"
    for minutes in (1, 30, 90):
        backup.sim.advance(minutes * 60)
        _mutate_everything(backup.sim)
        assert backup.sync().status == "success"
        backup.assert_exact()


def test_5xx_bursts_resets_and_token_expiry_mid_run_still_exact(backup_factory):
    backup = backup_factory("small", fault_seed=3)
    sim = backup.sim
    sim.add_fault("status", status=503, path="/qbench/api/v2/tests", page=2, times=4)
    sim.add_fault("status", status=502, rate=0.05)
    sim.add_fault("reset", rate=0.03)
    sim.add_fault("short_read", rate=0.02)
    sim.add_fault("expire_token", path="/qbench/api/v2/samples", page=3, times=1)
    report = backup.sync()
    assert report.status == "success", report.to_dict()
    sim.clear_faults()
    backup.assert_exact()
    assert sim.request_count("/qbench/api/v2/tests", status=503) == 4
    assert sim.request_count("/qbench/oauth2/v1/token", method="POST") >= 2


def test_429_storm_is_waited_out_and_exact(backup_factory):
    from app.qbench import QBenchClient
    from app.sync.engine import SyncEngine

    backup = backup_factory("tiny", rate_limit=8, rate_window=1)
    sim = backup.sim
    # A client that believes the limit is far higher than the tenant's.
    with QBenchClient(
        sim.base_url, sim.client_id, sim.client_secret, rate_limit=(1000, 1)
    ) as client:
        report = SyncEngine(client, backup.repo, run_id="storm").run(CORE_ENTITIES)
    assert report.status == "success", report.to_dict()
    assert sim.request_count("/qbench/api/v2", status=429) > 0
    backup.assert_exact()


@pytest.mark.parametrize(
    "action", ["missing_id", "wrong_types", "truncated", "bad_envelope"]
)
def test_malformed_pages_fail_clearly_and_lose_nothing_else(backup_factory, action):
    backup = backup_factory("small")
    sim = backup.sim
    # Body-level faults are retried by the client: make them outlast the retries.
    times = 1 if action in ("missing_id", "wrong_types") else 10
    sim.add_fault(action, path="/qbench/api/v2/samples", page=2, times=times)
    report = backup.sync()
    assert report.status == "failed"
    assert report.exit_code == 1
    samples = next(r for r in report.results if r.entity == "samples")
    assert samples.status == "failed" and samples.error
    others = [r for r in report.results if r.entity != "samples"]
    assert all(r.status == "success" for r in others), report.to_dict()
    runs = {r.entity: r for r in backup.repo.recent_runs() if r.run_id == "run1"}
    assert runs["samples"].status == "failed" and runs["samples"].error
    if action in ("missing_id", "wrong_types"):
        assert backup.repo.rejected(run_id="run1"), "the bad record is kept raw"
    sim.clear_faults()
    assert backup.sync().status == "success"
    backup.assert_exact()
