"""What a sync tells its progress callback (issue 11, point 2): the plan with an
estimate per entity, each entity's start, pages and end, and the client's waits."""

from __future__ import annotations

import math

from app.qbench import Wait
from app.qbench.waits import RATE_LIMIT
from app.sync.engine import CORE_ENTITIES
from app.sync.report import (
    SectionDone,
    SectionStarted,
    SyncPlan,
    SyncProgress,
)


def _sync(backup, **kwargs):
    events: list = []
    report = backup.sync(on_progress=events.append, **kwargs)
    return report, events


def _sections(events) -> dict[str, list]:
    """Each entity's events from its SectionStarted to its SectionDone."""
    out: dict[str, list] = {}
    current = None
    for event in events:
        if isinstance(event, SectionStarted):
            current = event.entity
            out[current] = [event]
        elif isinstance(event, SyncProgress | SectionDone):
            assert event.entity == current, (event, current)
            out[current].append(event)
    return out


def test_a_first_backup_announces_its_plan_then_each_section(backup):
    report, events = _sync(backup)
    assert report.status == "success"
    plans = [e for e in events if isinstance(e, SyncPlan)]
    assert len(plans) == 1 and events.index(plans[0]) == 0
    plan = plans[0]
    assert [s.entity for s in plan.sections] == list(CORE_ENTITIES)
    assert {s.mode for s in plan.sections} == {"full"}
    # an empty copy knows no size: QBench's counts (one one-row request each,
    # tests from the lab-clock probe) size every section from the start
    estimates = {s.entity: s.requests for s in plan.sections}
    dump = backup.sim.dump()
    for entity, requests in estimates.items():
        assert requests and requests >= math.ceil(len(dump[entity]) / 50), entity
    # the pace the client keeps: the simulator's limit less the pacer's margin
    assert plan.rate_window == backup.sim.config.rate_window
    assert plan.rate_limit == math.floor(backup.sim.config.rate_limit * 0.9)

    sections = _sections(events)
    assert list(sections) == list(CORE_ENTITIES)
    results = {r.entity: r for r in report.results}
    for entity, seen in sections.items():
        started, *pages, done = seen
        assert isinstance(started, SectionStarted) and isinstance(done, SectionDone)
        assert pages and all(isinstance(p, SyncProgress) for p in pages)
        result = results[entity]
        assert (done.status, done.mode, done.fetched, done.inserted) == (
            result.status,
            result.mode,
            result.fetched,
            result.inserted,
        )
        assert done.requests - started.requests == result.requests
        for p in pages:  # a page never lies beyond its own listing
            assert p.total_pages is None or 1 <= p.page <= p.total_pages, p
        assert [p.pages_done for p in pages] == list(range(1, len(pages) + 1))
        assert pages[-1].records == result.fetched
    requests = [e.requests for e in events if hasattr(e, "requests")]
    assert requests == sorted(requests)  # the client's count only grows


def test_the_deleted_listing_counts_its_own_pages(backup):
    _report, events = _sync(backup, entities=["tests"])
    deleted = [
        e for e in events if isinstance(e, SyncProgress) and e.phase == "deleted"
    ]
    listed = [e for e in events if isinstance(e, SyncProgress) and e.phase == "all"]
    assert listed and deleted
    assert deleted[0].page == 1  # not the entity's running page count
    assert deleted[0].pages_done == len(listed) + 1


def test_a_full_run_over_a_copy_estimates_its_requests_exactly(backup):
    assert backup.sync().status == "success"
    report, events = _sync(backup, full=True)
    assert report.status == "success"
    plan = next(e for e in events if isinstance(e, SyncPlan))
    spent = {r.entity: r.requests for r in report.results}
    assert {s.entity: s.requests for s in plan.sections} == spent


def test_an_incremental_run_reports_its_changes_per_section(backup):
    sim = backup.sim
    assert backup.sync().status == "success"
    sim.advance(3600)
    orders = [r["id"] for r in sim.dump()["orders"]]
    for _ in range(3):
        sim.tenant.insert("customers")
    sim.tenant.update("orders", orders[0])
    sim.tenant.delete("orders", orders[-1])
    report, events = _sync(backup)
    assert report.status == "success"
    plan = next(e for e in events if isinstance(e, SyncPlan))
    assert {s.mode for s in plan.sections} == {"incremental"}
    assert {s.requests for s in plan.sections} == {2}  # the no-change budget
    done = {e.entity: e for e in events if isinstance(e, SectionDone)}
    assert done["customers"].inserted == 3
    assert done["orders"].updated >= 1 and done["orders"].deleted == 1
    for result in report.results:
        d = done[result.entity]
        assert (d.inserted, d.updated, d.deleted) == (
            result.inserted,
            result.updated,
            result.deleted,
        )


def test_the_clients_waits_join_the_stream(backup_factory):
    backup = backup_factory(throttle_hint="retry-after")
    # orders already in the copy: the plan counts no orders from QBench, so the
    # 429 below strikes inside the orders section
    _sync(backup, entities=["orders"])
    backup.sim.add_fault(
        "status", path="/qbench/api/v2/orders", page=1, status=429, seconds=42, times=1
    )
    report, events = _sync(backup, entities=["customers", "orders"])
    assert report.status == "success"
    waits = [e for e in events if isinstance(e, Wait)]
    assert waits == [Wait(RATE_LIMIT, 42.0, entity="orders")]
    orders = _sections(events)["orders"]
    position = events.index(waits[0])
    assert events.index(orders[0]) < position < events.index(orders[-1])


def test_a_skipped_sections_end_says_why(backup):
    """Issue 12 (main window, point 5): the window words a skip by its kind —
    a 403 (no permission), a 404 (no such list on this tenant) or a section
    read under a skipped one — so SectionDone carries EntityResult.skip."""
    v2 = "/qbench/api/v2"
    backup.sim.add_fault("status", status=404, path=f"{v2}/assays", times=100)
    backup.sim.add_fault("status", status=403, path=f"{v2}/orders", times=100)
    report, events = _sync(
        backup, entities=("customers", "assays", "orders", "order_comments")
    )
    assert report.status == "partial", report.to_dict()
    done = {e.entity: e for e in events if isinstance(e, SectionDone)}
    assert {entity: e.skip for entity, e in done.items()} == {
        "customers": None,
        "assays": "missing",
        "orders": "forbidden",
        "order_comments": "parent",
    }
    assert {r.entity: r.skip for r in report.results} == {
        e: d.skip for e, d in done.items()
    }
