"""Every registry entity over HTTP (issue 12 points 1-4), SQLite and PostgreSQL:
exact full and incremental syncs, the no-change request budget per kind,
scopes, kill/resume of a catalogue and of the comments, and a shifting
catalogue listing that must never mark a live record deleted."""

from __future__ import annotations

import pytest

from app.entities import DEFAULT_ENTITIES, ENTITIES
from app.errors import EXIT_PARTIAL
from app.sync.children_pass import SWEEP_RUNS
from app.sync.report import SyncProgress
from tests.sync.conftest import sim_name

V2 = "/qbench/api/v2/"


def _kind(entity: str) -> str:
    return ENTITIES[entity].sync


def _public_ids(sim, entity: str) -> list:
    """The ids QBench shows for ``entity`` (comments: under every live order)."""
    name = sim_name(entity)
    if _kind(entity) == "children":
        orders = [o["id"] for o in sim.dump()["orders"]]
        return [r["id"] for o in orders for r in sim.tenant.children(name, o)]
    return [r["id"] for r in sim.dump()[name]]


def test_a_full_sync_of_the_small_tenant_is_exact_for_every_entity(backup_factory):
    backup = backup_factory("small")
    report = backup.sync(entities=None)
    assert report.status == "success", report.to_dict()
    assert [r.entity for r in report.results] == list(DEFAULT_ENTITIES)
    backup.assert_exact(DEFAULT_ENTITIES)
    for entity in DEFAULT_ENTITIES:  # the small tenant has some of each
        assert backup.repo.count(entity) > 0, entity
    comments = backup.repo.all_payloads("order_comments", include_deleted=False)
    assert comments and all("order_id" not in c for c in comments)  # as sent


def test_one_incremental_run_converges_after_changes_in_every_entity(backup):
    sim = backup.sim
    assert backup.sync(entities=None).status == "success"
    sim.advance(3600)
    touched = {}
    for entity in DEFAULT_ENTITIES:
        name = sim_name(entity)
        ids = _public_ids(sim, entity)
        assert len(ids) >= 2, entity
        first, last = (sim.tenant.find(name, str(i)) for i in (ids[0], ids[-1]))
        sim.tenant.update(name, first)
        sim.tenant.insert(name)
        sim.tenant.delete(name, last)
        [new] = set(_public_ids(sim, entity)) - set(ids)
        touched[entity] = (new, ids[-1])
    report = backup.sync(entities=None)
    assert report.status == "success", report.to_dict()
    backup.assert_exact(DEFAULT_ENTITIES)
    for entity, (new_id, gone) in touched.items():
        assert backup.repo.get(entity, new_id)["deleted_at"] is None, entity
        assert backup.repo.get(entity, gone)["deleted_at"] is not None, entity


def test_a_no_change_run_costs_its_budget_per_entity_kind(backup):
    """changes and quotations: the change listing and the count; a catalogue:
    its pages; comments: when no order changed, only the rolling sweep's
    ceil(orders / SWEEP_RUNS) orders; reports as before."""
    assert backup.sync(entities=None).status == "success"
    backup.sim.reset_counts()
    report = backup.sync(entities=None)
    assert report.status == "success", report.to_dict()
    live = backup.sim.dump()
    for entity in DEFAULT_ENTITIES:
        kind, path = _kind(entity), ENTITIES[entity].path
        if kind == "children":
            swept = -(-len(live["orders"]) // SWEEP_RUNS)
            read = backup.sim.request_log("/qbench/api/v2/orders/")
            assert len(read) == swept, (entity, [r.path for r in read])
            continue
        lists = [r for r in backup.sim.request_log(V2 + path) if r.path == V2 + path]
        queries = [r.query for r in lists]
        if kind in ("changes", "changes_without_deleted"):
            assert len(lists) == 2, (entity, queries)
            change, count = queries
            assert "last_updated" in change and count["page_size"] == ["1"]
            if kind == "changes_without_deleted":  # only declared filters
                assert not {"sort_by", "include_deleted"} & (
                    change.keys() | count.keys()
                )
        elif kind == "catalogue":
            pages = max(1, -(-len(live[sim_name(entity)]) // 50))
            assert len(lists) == pages, (entity, queries)
            assert all(set(q) == {"page_num", "page_size"} for q in queries)
        else:  # reports: the tail and the sweep
            assert len(lists) <= 2, (entity, queries)
    results = {r.entity: r for r in report.results}
    assert results["order_comments"].requests == -(-len(live["orders"]) // SWEEP_RUNS)


def test_a_forbidden_entity_is_skipped_its_children_too_and_the_rest_exact(
    backup_factory,
):
    every_scope = {d.scope for d in ENTITIES.values()}
    backup = backup_factory(scopes=frozenset(every_scope - {"ORDER", "CONTACT"}))
    report = backup.sync(entities=None)
    assert report.status == "partial", report.to_dict()
    assert report.exit_code == EXIT_PARTIAL
    assert sorted(report.skipped) == ["contacts", "order_comments", "orders"]
    results = {r.entity: r for r in report.results}
    assert results["contacts"].user_message == (
        "Sin permiso para Contactos: conceda el alcance CONTACT al cliente de la API "
        "en QBench."
    )
    assert "Órdenes" in results["order_comments"].user_message
    rest = [e for e in DEFAULT_ENTITIES if e not in report.skipped]
    assert all(results[e].status == "success" for e in rest)
    backup.assert_exact(rest)


def _stop_inside(entity: str, after_pages: int):
    events: list = []

    def should_stop() -> bool:
        pages = [
            e for e in events if isinstance(e, SyncProgress) and e.entity == entity
        ]
        return len(pages) >= after_pages

    return events, should_stop


def test_a_catalogue_and_the_comments_resume_after_an_interruption(backup):
    """Each page is committed with its cursor: a run stopped inside the entity
    ends exact; the comments resume with the next order, the catalogue is listed
    again (tests/sync/test_kill_resume_passes.py: kill -9 and changes between)."""
    for entity in ("users", "order_comments"):
        backup.repo.reset_checkpoint(entity)
        events, should_stop = _stop_inside(entity, 2)
        report = backup.sync(
            entities=["orders", entity],
            page_size=2,
            on_progress=events.append,
            should_stop=should_stop,
        )
        assert report.results[-1].status == "cancelled", report.to_dict()
        saved = backup.repo.get_checkpoint(entity)
        assert saved is not None and saved.last_cursor, entity
        backup.sim.reset_counts()
        again = backup.sync(entities=["orders", entity], page_size=2)
        assert again.status == "success", again.to_dict()
        backup.assert_exact(["orders", entity])
        if entity == "users":  # listed again from page 1: pages read before
            firsts = [  # may have changed, and nothing else would tell
                r
                for r in backup.sim.request_log(V2 + "users")
                if r.query.get("page_num") == ["1"]
            ]
            # once by the listing, once by the first backup's id comparison
            assert len(firsts) == 2, [r.query for r in firsts]


def test_a_shifting_catalogue_listing_never_marks_a_live_record_deleted(backup):
    sim = backup.sim
    assert backup.sync(entities=["users"]).status == "success"
    users = [r["id"] for r in sim.dump()["users"]]
    assert len(users) >= 4
    # Deleting user 1 after page 1 is served moves page 2's first user onto
    # page 1: the listing never shows it, yet it is live (GET 200).
    sim.after_page("users", 1, lambda tenant: tenant.delete("users", users[0]))
    report = backup.sync(entities=["users"], page_size=2)
    assert report.status == "success", report.to_dict()
    shifted = users[2]
    assert backup.repo.get("users", shifted)["deleted_at"] is None
    gets = sim.request_log(f"{V2}users/{shifted}")
    assert len(gets) == 1  # confirmed with a GET, not deleted
    report = backup.sync(entities=["users"], page_size=2)  # the next run sees it
    assert report.status == "success"
    backup.assert_exact(["users"])


def test_worksheets_run_only_when_asked_and_then_only_for_changed_tests(backup):
    sim = backup.sim
    report = backup.sync(entities=None)
    assert "test_worksheets" not in [r.entity for r in report.results]
    report = backup.sync(entities=None, worksheets=True)
    assert report.status == "success", report.to_dict()
    backup.assert_exact(["test_worksheets", "batch_worksheets"])
    tests = [r["id"] for r in sim.dump()["tests"]]
    assert backup.repo.count("test_worksheets") == len(tests)
    sim.advance(3600)
    sim.tenant.edit_worksheet("tests", tests[0], {"result": "42"})
    sim.tenant.delete("tests", tests[-1])
    sim.reset_counts()
    report = backup.sync(entities=None, worksheets=True)
    assert report.status == "success", report.to_dict()
    backup.assert_exact(["tests", "test_worksheets", "batch_worksheets"])
    read = sim.request_log(V2 + "tests/")
    # the edited test, and the deleted one (its 404 marks the worksheet deleted)
    assert [r.path for r in read if r.path.endswith("/worksheet/data")] == [
        f"{V2}tests/{i}/worksheet/data" for i in (tests[0], tests[-1])
    ]
    assert backup.repo.get("test_worksheets", tests[-1])["deleted_at"] is not None


def test_the_plan_counts_a_request_per_order_for_a_first_backup_of_comments(backup):
    events: list = []
    assert backup.sync(entities=None, on_progress=events.append).status == "success"
    [plan] = [e for e in events if type(e).__name__ == "SyncPlan"]
    sections = {s.entity: s for s in plan.sections}
    orders = len(backup.sim.dump()["orders"])
    assert sections["order_comments"].requests == orders
    users = sections["users"].requests
    assert users == -(-len(backup.sim.dump()["users"]) // 50)
    events.clear()
    assert backup.sync(entities=None, on_progress=events.append).status == "success"
    [plan] = [e for e in events if type(e).__name__ == "SyncPlan"]
    sections = {s.entity: s for s in plan.sections}
    swept = -(-orders // SWEEP_RUNS)  # no order changed: the sweep alone
    assert sections["order_comments"].requests == swept
    assert sections["users"].requests == users  # a catalogue: its pages each run


def test_an_unreadable_catalogue_record_fails_the_catalogue_and_keeps_no_mark(backup):
    """The catalogue's end of pass (shared with the entity pass): a record kept
    in rejected_records fails the entity, clears the cursor and leaves the mark;
    the next run reads it and succeeds."""
    sim = backup.sim
    sim.add_fault("wrong_types", path=V2 + "users", page=2, times=1)
    report = backup.sync(entities=["users"], page_size=2)
    users = report.results[-1]
    assert users.status == "failed", report.to_dict()
    assert users.error and "1 record(s) could not be read" in users.error
    saved = backup.repo.get_checkpoint("users")
    assert saved is not None and saved.status == "failed"
    assert saved.last_synced_at is None and not saved.last_cursor
    assert backup.repo.rejected(run_id="run1")
    again = backup.sync(entities=["users"], page_size=2)
    assert again.status == "success", again.to_dict()
    saved = backup.repo.get_checkpoint("users")
    assert saved is not None and saved.last_synced_at is not None
    backup.assert_exact(["users"])


def test_a_comment_no_order_stamp_announced_arrives_within_the_sweep(backup):
    """Whether a new comment stamps its order is not documented (the simulator's
    ``stamp_comments`` off): the rolling sweep re-reads every order's comments
    within ceil(orders / ceil(orders / SWEEP_RUNS)) runs — fresh-user trial:
    before, only a --full run ever copied such a comment."""
    assert backup.sync(entities=["orders", "order_comments"]).status == "success"
    backup.sim.tenant.stamp_comments = False
    orders = sorted(r["id"] for r in backup.sim.dump()["orders"])
    backup.sim.advance(60)
    new = backup.sim.tenant.insert("order-comments", {"order_id": orders[-1]})
    per_run = -(-len(orders) // SWEEP_RUNS)
    for _run in range(-(-len(orders) // per_run) + 1):  # +1: it may start past it
        report = backup.sync(entities=["orders", "order_comments"])
        assert report.status == "success", report.to_dict()
        if backup.repo.get("order_comments", new):
            break
    else:
        pytest.fail("the sweep never reached the order")
    backup.assert_exact(["orders", "order_comments"])
