"""Issue 9, kinds 4 and 5: deletions and changes no change listing shows.

Each test is one example of a kind: QBench stamps (or does not stamp) a record
in ways a ``last_updated`` listing cannot see, a pass is interrupted and resumed
with changes in between, or a listing shifts while it is paged. A run that exits
0 must leave every record unchanged during the run exact and every deletion
since the last run marked.
"""

from __future__ import annotations

import pytest

from app.sync.reports_pass import SWEEP_PAGES

ORDERS = "/qbench/api/v2/orders"


def _live(sim, entity):
    return [r["id"] for r in sim.dump()[entity]]


def _to_next_minute(sim, second: int) -> None:
    """Move the data clock to ``second`` past the next whole minute."""
    now = sim.tenant.now()
    sim.advance(60 - now % 60 + second)


def _stored_live(backup, entity) -> set[int]:
    return {p["id"] for p in backup.repo.all_payloads(entity, include_deleted=False)}


def test_deleted_in_the_same_minute_it_was_copied(backup_factory):
    """(a) Edited 09:00:05, copied 09:00:20, deleted 09:00:45: the re-listed
    payload is identical (dates to the minute, no deleted flag in v2)."""
    backup = backup_factory("tiny")
    sim = backup.sim
    assert backup.sync().status == "success"
    # An order whose rendering has no date to the second (no cc_latest_sync).
    order = next(r["id"] for r in sim.dump()["orders"] if not r["cc_latest_sync"])
    _to_next_minute(sim, 5)
    sim.tenant.update("orders", order)
    sim.advance(15)
    assert backup.sync().status == "success"
    sim.advance(25)
    sim.tenant.delete("orders", order)
    report = backup.sync()
    assert report.status == "success", report.to_dict()
    assert order not in _stored_live(backup, "orders")
    backup.assert_exact()


def test_a_delete_that_moves_no_last_updated_is_found_by_the_count(backup_factory):
    """QBench may not stamp a soft delete at all: the live count tells."""
    backup = backup_factory("small", stamp_deletes=False)
    sim = backup.sim
    assert backup.sync().status == "success"
    sim.advance(3600)
    victims = _live(sim, "orders")[10:13]
    for order in victims:
        sim.tenant.delete("orders", order)
    sim.reset_counts()
    report = backup.sync(entities=["orders"])
    assert report.status == "success", report.to_dict()
    assert not set(victims) & _stored_live(backup, "orders")
    backup.assert_exact(["orders"])
    # The deleted-only listings were enough: no paged id comparison, no GETs.
    log = sim.request_log(ORDERS)
    sweeps = [
        r for r in log if not r.param("include_deleted") and r.param("page_size") != "1"
    ]
    assert not sweeps, [r.query for r in sweeps]
    assert not [r for r in log if r.path != ORDERS], "no single GETs needed"
    assert len(log) <= 6, [r.query for r in log]


def test_a_record_created_while_the_run_reads_costs_one_listing_not_a_sweep(
    backup_factory,
):
    """QBench's count grows past ours when an order is created after its page
    was read: the change listing again finds it; no id comparison."""
    backup = backup_factory("small")
    sim = backup.sim
    assert backup.sync().status == "success"
    sim.advance(600)
    sim.tenant.update("orders", _live(sim, "orders")[0])
    created = []
    sim.after_page("orders", 1, lambda t: created.append(t.insert("orders")))
    sim.reset_counts()
    assert backup.sync(entities=["orders"]).status == "success"
    assert created[0] in _stored_live(backup, "orders")
    log = sim.request_log(ORDERS)
    sweeps = [
        r for r in log if not r.param("include_deleted") and r.param("page_size") != "1"
    ]
    assert not sweeps, [r.query for r in log]
    backup.assert_exact(["orders"])


def test_a_vanished_record_is_confirmed_with_a_get_before_it_is_marked(
    backup_factory,
):
    """A record gone from every listing (even the deleted-only one) is marked
    deleted only after QBench answers 404 for it."""
    backup = backup_factory("tiny")
    sim = backup.sim
    assert backup.sync().status == "success"
    order = _live(sim, "orders")[2]
    with sim.tenant._lock:  # a hard delete: QBench forgets the record
        del sim.tenant._store["orders"][order]
        sim.tenant.version += 1
    sim.reset_counts()
    assert backup.sync(entities=["orders"]).status == "success"
    assert order not in _stored_live(backup, "orders")
    assert [r.status for r in sim.request_log(f"{ORDERS}/{order}")] == [404]


def _interrupt_full_pass_after_page_2(backup) -> None:
    """The first full pass of orders fails after committing pages 1 and 2."""
    sim = backup.sim
    sim.add_fault("status", status=503, path=ORDERS, page=3)
    report = backup.sync(entities=["orders"])
    assert report.status == "failed"
    sim.clear_faults()


def test_deleted_on_a_page_not_yet_read_after_an_interrupted_full_pass(
    backup_factory,
):
    """(b) Interrupted after page 2; an order on page 3 is deleted before the
    next run: the resumed pass marks it."""
    backup = backup_factory("small")
    sim = backup.sim
    _interrupt_full_pass_after_page_2(backup)
    order = _live(sim, "orders")[110]
    sim.advance(60)
    sim.tenant.delete("orders", order)
    assert backup.sync(entities=["orders"]).status == "success"
    assert order not in _stored_live(backup, "orders")
    backup.assert_exact(["orders"])
    assert backup.sync(entities=["orders"]).status == "success"
    backup.assert_exact(["orders"])


@pytest.mark.parametrize("change", ["edit", "delete"])
def test_changed_on_a_page_already_read_before_the_resume(backup_factory, change):
    """(c) Interrupted after page 2; an order on page 1 is edited (or deleted)
    before the next run: the resumed pass ends exact, not one run later."""
    backup = backup_factory("small")
    sim = backup.sim
    _interrupt_full_pass_after_page_2(backup)
    order = _live(sim, "orders")[5]
    sim.advance(120)
    if change == "edit":
        sim.tenant.update("orders", order)
    else:
        sim.tenant.delete("orders", order)
    report = backup.sync(entities=["orders"])
    assert report.status == "success", report.to_dict()
    backup.assert_exact(["orders"])


def test_an_interrupted_incremental_pass_ends_exact_after_its_resume(
    backup_factory,
):
    backup = backup_factory("small")
    sim = backup.sim
    assert backup.sync(entities=["tests"]).status == "success"
    sim.advance(600)
    tests = _live(sim, "tests")
    for test_id in tests[::10]:  # enough changes for several pages
        sim.tenant.update("tests", test_id)
    path = "/qbench/api/v2/tests"
    sim.add_fault("status", status=503, path=path, page=2)
    assert backup.sync(entities=["tests"]).status == "failed"
    sim.clear_faults()
    sim.advance(60)
    sim.tenant.update("tests", tests[0])  # on the page the failed run read
    assert backup.sync(entities=["tests"]).status == "success"
    backup.assert_exact(["tests"])


def _order_report(sim) -> tuple[int, int]:
    """A report attached to an order, and one sample of that order."""
    for report in sim.dump()["reports"]:
        order = report.get("order_id")
        samples = [s["id"] for s in sim.dump()["samples"] if s["order_id"] == order]
        if order and samples:
            return report["id"], samples[0]
    raise AssertionError("the tenant has no order-level report")


def test_an_order_report_changes_while_only_samples_are_stamped(backup_factory):
    """(d) A report on an ORDER is emailed; QBench stamps its samples and tests,
    not the order: the reports pass still re-reads it in the same run."""
    backup = backup_factory("small", silent_reports=True)
    sim = backup.sim
    assert backup.sync().status == "success"
    report_id, sample = _order_report(sim)
    sim.advance(300)
    sim.tenant.update("reports", report_id, {"comments": "re-sent to the client"})
    sim.tenant.update("samples", sample)
    assert backup.sync().status == "success"
    stored = backup.repo.get("reports", report_id)["raw_payload"]
    assert stored["comments"] == "re-sent to the client"
    backup.assert_exact()


def test_a_report_change_nothing_stamps_arrives_within_the_sweep_bound(
    backup_factory,
):
    """No parent stamped at all: the rolling sweep re-reads every page within
    ``total_pages / SWEEP_PAGES`` runs (the documented bound)."""
    backup = backup_factory("small", silent_reports=True)
    sim = backup.sim
    assert backup.sync().status == "success"
    first = _live(sim, "reports")[0]  # page 1: never the tail
    sim.advance(300)
    sim.tenant.update("reports", first, {"comments": "corrected"})
    pages = -(-len(_live(sim, "reports")) // 50)
    for _ in range(-(-pages // SWEEP_PAGES)):
        assert backup.sync(entities=["reports"]).status == "success"
        if backup.repo.get("reports", first)["raw_payload"]["comments"] == "corrected":
            break
    else:
        pytest.fail("the sweep did not reach the changed report within its bound")
    backup.assert_exact(["reports"])


def _shift_reports_between_pages(sim) -> tuple[int, int]:
    """After reports page 1: delete the 5th report and create one, so the count
    stays the same and the 51st report slides onto page 1 (skipped)."""
    ids = _live(sim, "reports")
    deleted, slid = ids[4], ids[50]

    def shift(tenant):
        tenant.delete("reports", deleted)
        tenant.insert("reports")

    sim.after_page("reports", 1, shift)
    return deleted, slid


def test_a_full_pass_over_a_shifting_report_listing_is_exact(backup_factory):
    """(5) Between report pages 1 and 2, report 5 is deleted and one is
    generated, total_count unchanged: no live report marked deleted, the deleted
    one marked."""
    backup = backup_factory("small")
    sim = backup.sim
    assert backup.sync().status == "success"
    sim.advance(60)
    deleted, slid = _shift_reports_between_pages(sim)
    report = backup.sync(full=True, entities=["reports"])
    assert report.status == "success", report.to_dict()
    live = _stored_live(backup, "reports")
    assert slid in live and deleted not in live
    backup.assert_exact(["reports"])


def test_a_first_backup_under_the_same_churn_misses_no_report(backup_factory):
    backup = backup_factory("small")
    deleted, slid = _shift_reports_between_pages(backup.sim)
    report = backup.sync()
    assert report.status == "success", report.to_dict()
    live = _stored_live(backup, "reports")
    assert slid in live and deleted not in live
    backup.assert_exact(["reports"])  # their parents changed during the run
    assert backup.sync().status == "success"
    backup.assert_exact()


def test_a_custom_field_called_deleted_does_not_delete_a_live_record(backup_factory):
    """Tenant custom fields sit at the top level (README Q12): one may be named
    ``deleted`` or ``is_deleted``. Only listings and GETs say what is deleted."""
    backup = backup_factory("small")
    sim = backup.sim
    customer, sample = _live(sim, "customers")[6], _live(sim, "samples")[13]
    sim.tenant.set_raw("customers", customer, {"deleted": True})
    sim.tenant.set_raw("samples", sample, {"is_deleted": True})
    for _ in range(3):
        sim.reset_counts()
        assert backup.sync().status == "success"
        assert customer in _stored_live(backup, "customers")
        assert sample in _stored_live(backup, "samples")
        backup.assert_exact()
    # No count mismatch: the last run stayed within the no-change budget.
    assert len(sim.request_log("/qbench/api/v2/samples")) <= 2


def test_a_parent_whose_report_changed_is_exact_even_if_qbench_does_not_stamp_it(
    backup_factory,
):
    """A sample shows its reports (``most_recent_report_id``, ``reports``); when
    QBench deletes the report without stamping the sample, the reports pass
    re-reads that sample."""
    backup = backup_factory("small", silent_reports=True)
    sim = backup.sim
    assert backup.sync().status == "success"
    report = next(r for r in sim.dump()["reports"] if r.get("sample_id"))
    sim.advance(300)
    sim.tenant.delete("reports", report["id"])
    assert backup.sync().status == "success"
    backup.assert_exact()


def test_a_future_timestamp_does_not_hide_an_edit_from_a_resumed_pass(
    backup_factory,
):
    """The newest test claims year 2100: the resumed pass's catch-up bound is
    still capped by the moment the pass began. (Data clock = wall clock here,
    as in QBench.)"""
    import time

    backup = backup_factory("small", anchor=int(time.time()), ticking=True)
    sim = backup.sim
    tests = _live(sim, "tests")
    sim.advance(2)  # the newest record of all, so the probe reads it
    sim.tenant.set_raw("tests", tests[-1], {"last_updated_unix_timestamp": 4102444800})
    sim.add_fault("status", status=503, path="/qbench/api/v2/tests", page=3)
    assert backup.sync(entities=["tests"]).status == "failed"
    sim.clear_faults()
    sim.tenant.update("tests", tests[5])  # on page 1, read before the failure
    assert backup.sync(entities=["tests"]).status == "success"
    backup.assert_exact(["tests"])


def test_an_unreadable_record_does_not_hide_deletions_elsewhere(backup_factory):
    """One test QBench sends with a non-integer id fails the tests pass every
    night (kept raw in rejected_records); deletions of other tests QBench does not
    stamp must still be marked."""
    backup = backup_factory("small", stamp_deletes=False)
    sim = backup.sim
    tests = _live(sim, "tests")
    assert backup.sync().status == "success"
    sim.advance(600)
    sim.tenant.set_raw("tests", tests[52], {"id": "T-53"})
    sim.advance(60)
    for test_id in tests[900:904]:
        sim.tenant.delete("tests", test_id)
    report = backup.sync(entities=["tests"])
    assert report.status == "failed"  # the unreadable record is not hidden
    assert not set(tests[900:904]) & _stored_live(backup, "tests")
