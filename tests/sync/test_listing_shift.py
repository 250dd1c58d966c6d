"""A listing that shifts under a full pass of an entity QBench cannot list
deletions for (quotations: ``last_updated`` without ``include_deleted``): a
record deleted on a page already read slides the next unread one onto that page.
A record created meanwhile keeps QBench's count unchanged, so the count check
alone agrees while the copy misses a live record and holds a deleted one."""

from __future__ import annotations

import pytest

from tests.sync.conftest import sim_name


def _live(sim, entity):
    return sorted(r["id"] for r in sim.dump()[sim_name(entity)])


@pytest.mark.parametrize("entity", ["quotations", "worksheets", "invoice_items"])
@pytest.mark.parametrize("create", [True, False], ids=["and-create", "only-delete"])
def test_a_full_pass_over_a_shifting_listing_is_exact(backup_factory, entity, create):
    backup = backup_factory("small")
    sim = backup.sim
    ids = _live(sim, entity)
    assert len(ids) > 12, len(ids)  # two pages of 10 at least
    deleted = ids[4]

    def shift(tenant):
        tenant.delete(sim_name(entity), deleted)
        if create:
            tenant.insert(sim_name(entity))

    sim.after_page(sim_name(entity), 1, shift)
    report = backup.sync(entities=[entity], page_size=10)
    assert report.status == "success", report.to_dict()
    backup.assert_exact([entity])


@pytest.mark.parametrize("entity", ["worksheets", "invoice_items"])
def test_a_record_edited_before_the_run_and_shifted_during_it_arrives(
    backup_factory, entity
):
    """A later run of a catalogue (re-listed whole every run): the record that
    slides onto a page already read was edited before the run began (unchanged
    during it), so the copy must hold the edit; the one deleted during the run
    is marked too. (A later quotations run lists only what changed.)"""
    backup = backup_factory("small")
    sim = backup.sim
    assert backup.sync(entities=[entity], page_size=10).status == "success"
    ids = _live(sim, entity)
    deleted, slid = ids[4], ids[10]
    sim.advance(60)
    sim.tenant.update(sim_name(entity), slid)
    sim.advance(60)

    def shift(tenant):
        tenant.delete(sim_name(entity), deleted)
        tenant.insert(sim_name(entity))

    sim.after_page(sim_name(entity), 1, shift)
    report = backup.sync(entities=[entity], page_size=10)
    assert report.status == "success", report.to_dict()
    current = next(r for r in sim.dump()[sim_name(entity)] if r["id"] == slid)
    assert backup.repo.get(entity, slid)["raw_payload"] == current
    assert backup.repo.get(entity, deleted)["deleted_at"] is not None
    backup.assert_exact([entity])
