"""Repository pieces the sync engine leans on: changed ids, revive, stale rows."""

from __future__ import annotations

from tests.storage.test_repository import T0, T1, repo, samples  # noqa: F401


def test_changed_lists_only_new_or_different_payloads(repo):  # noqa: F811
    repo.upsert_page("samples", samples([1, 2, 3]), T0)
    again = samples([1, 2, 3, 4])
    again[1]["state"] = "COMPLETED"
    result = repo.upsert_page("samples", again, T1)
    assert sorted(result.changed) == [2, 4]
    assert (result.inserted, result.updated) == (1, 3)


def test_revive_false_keeps_a_deletion_while_revive_true_clears_it(repo):  # noqa: F811
    repo.upsert_page("samples", samples([1, 2]), T0)
    repo.mark_deleted("samples", [1, 2], T0)
    repo.upsert_page("samples", samples([1, 2]), T1, revive=False)
    assert repo.count("samples") == 0
    assert repo.get("samples", 1)["deleted_at"] is not None
    assert repo.revive("samples", [1]) == 1
    assert repo.live_ids("samples") == {1}
    repo.upsert_page("samples", samples([2]), T1)  # default: listed live = alive
    assert repo.live_ids("samples") == {1, 2}


def test_mark_stale_deleted_marks_rows_not_fetched_since_a_moment(repo):  # noqa: F811
    repo.upsert_page("samples", samples([1, 2, 3]), T0)
    repo.upsert_page("samples", samples([2]), T1)
    assert repo.mark_stale_deleted("samples", fetched_before=T1) == 2
    assert repo.live_ids("samples") == {2}


def test_live_ids_by_parent_and_max_id(repo):  # noqa: F811
    repo.upsert_page("samples", samples([5, 6, 9]), T0)
    assert repo.live_ids("samples", order_id=[1005, 1009]) == {5, 9}
    assert repo.max_id("samples") == 9
    assert repo.max_id("orders") is None
