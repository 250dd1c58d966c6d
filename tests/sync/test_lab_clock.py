"""Issue 9 kind 6: the lab clock without a server clock (no ``Date`` header).

Orders carry only the lab's local time to the minute; the engine turns it into
unix seconds with the UTC offset it learned from tests. After a daylight-saving
change that offset is an hour stale until the tests pass re-learns it, so the
orders mark lands an hour late. QBench's ``Date`` header caps the mark; when a
proxy drops it, this computer's clock must cap it instead.
"""

from __future__ import annotations

from datetime import UTC, datetime

from app.qbench import QBenchClient
from app.sync.engine import CORE_ENTITIES, SyncEngine
from tests.sync.conftest import FAST_RETRY

# 2026-03-08 07:30 UTC is 01:30 CST in Chicago; at 08:00 UTC clocks jump to CDT.
BEFORE_SPRING_FORWARD = 1772955000


def _sync(backup, run_id: str):
    sim = backup.sim
    client = QBenchClient(
        sim.base_url,
        sim.client_id,
        sim.client_secret,
        retry=FAST_RETRY,
        sleep=lambda s: None,
    )
    with client:
        engine = SyncEngine(client, backup.repo, run_id=run_id)
        # This computer's clock agrees with QBench's (the simulator's data clock).
        engine.ctx.clock = lambda: datetime.fromtimestamp(sim.tenant.now(), UTC)
        return engine.run(CORE_ENTITIES)


def test_an_edit_after_a_daylight_saving_change_is_copied_without_a_date_header(
    backup_factory,
):
    backup = backup_factory(
        "tiny",
        lab_tz="America/Chicago",
        anchor=BEFORE_SPRING_FORWARD,
        date_header=False,
    )
    sim = backup.sim
    assert _sync(backup, "r1").status == "success"
    orders = [r["id"] for r in sim.dump()["orders"]]
    sim.advance(2 * 3600)  # 09:30 UTC = 04:30 CDT: the learned offset is stale
    sim.tenant.update("orders", orders[0])
    assert _sync(backup, "r2").status == "success"
    sim.advance(5 * 60)  # five minutes after that sync
    sim.tenant.update("orders", orders[1], {"state": "ON HOLD"})
    assert _sync(backup, "r3").status == "success"
    stored = backup.repo.get("orders", orders[1])["raw_payload"]
    assert stored["state"] == "ON HOLD"
    backup.assert_exact()
