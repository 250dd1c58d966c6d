"""A record a listing skipped but QBench still has is never marked deleted:
the single GET that confirms a candidate deletion answers 200 and the row stays
live (issue 9 kind 5: "confirm with a single GET — 404 means gone").

The simulator's ``drop_row`` fault leaves the first record out of a page, as an
offset page does when a record before it is deleted while the client pages."""

from __future__ import annotations

ORDERS = "/qbench/api/v2/orders"


def _first_order(backup) -> int:
    return min(p["id"] for p in backup.repo.all_payloads("orders"))


def test_a_full_pass_keeps_a_record_the_listing_skipped_when_get_finds_it(backup):
    backup.sync(entities=["customers", "orders"])
    skipped = _first_order(backup)
    # Every page-1 listing of orders in the next full pass leaves that order out
    # (the newest-change probe, the listing and the deleted-only listing).
    backup.sim.add_fault("drop_row", path=ORDERS, page=1, times=3)
    before = len(backup.sim.request_log(f"{ORDERS}/{skipped}"))
    report = backup.sync(full=True, entities=["customers", "orders"])
    assert report.status == "success", report.problem()
    assert len(backup.sim.request_log(f"{ORDERS}/{skipped}")) == before + 1
    row = backup.repo.get("orders", skipped)
    assert row is not None and row["deleted_at"] is None  # GET said 200: kept
    backup.assert_exact(["customers", "orders"])


def test_a_record_the_listing_skipped_and_qbench_deleted_is_marked(backup):
    backup.sync(entities=["customers", "orders"])
    skipped = _first_order(backup)
    backup.sim.tenant.delete("orders", skipped)
    backup.sim.add_fault("drop_row", path=ORDERS, page=1, times=3)
    report = backup.sync(full=True, entities=["customers", "orders"])
    assert report.status == "success", report.problem()
    row = backup.repo.get("orders", skipped)
    assert row is not None and row["deleted_at"] is not None
    backup.assert_exact(["customers", "orders"])
