"""Report PDFs archived over HTTP from the simulator, on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib

import pytest

from app.sim import files as sim_files
from app.storage.files import FileStore
from app.sync.documents import MAX_FAILURES_IN_A_ROW, PENDING, version_key
from app.sync.engine import CORE_ENTITIES
from tests.sync.conftest import FAST_RETRY


@pytest.fixture
def store(tmp_path) -> FileStore:
    return FileStore(tmp_path / "files")


def _rendered(sim) -> dict[int, dict]:
    return {
        r["id"]: r for r in sim.dump()["reports"] if r["render_status"] == "SUCCESSFUL"
    }


def _assert_archived(backup, store: FileStore) -> dict[int, dict]:
    """Every rendered report's current PDF is stored with the simulator's
    sha256; reports without a PDF have no row."""
    rendered = _rendered(backup.sim)
    assert rendered
    for rid, report in rendered.items():
        data = sim_files.pdf_bytes(rid, report["render_batch_uuid"])
        versions = backup.repo.file_versions("reports", rid)
        current = [v for v in versions if v.version_key == version_key(report)]
        assert len(current) == 1, (rid, versions)
        assert current[0].sha256 == hashlib.sha256(data).hexdigest()
        assert current[0].size == len(data)
        assert current[0].content_type == "application/pdf"
        assert current[0].file_name == f"report-{rid}.pdf"
        assert store.verify(current[0].sha256, current[0].size) == "ok"
    others = {r["id"] for r in backup.sim.dump()["reports"]} - rendered.keys()
    assert all(backup.repo.file_versions("reports", rid) == [] for rid in others)
    return rendered


def test_a_full_sync_of_small_archives_every_rendered_pdf(backup_factory, store):
    backup = backup_factory("small")
    report = backup.sync(full=True, entities=["reports"], files=store)
    assert report.status == "success"
    [result] = report.results
    rendered = _assert_archived(backup, store)
    assert len(rendered) < len(backup.sim.dump()["reports"])  # some did not render
    assert result.documents == len(rendered) and result.documents_failed == 0
    assert any(sim_files.is_large(rid) for rid in rendered)  # some of several MB
    assert _no_partials(store)
    # downloads from the tenant's own host go through the pacer and count
    downloads = backup.sim.request_count("/_files/reports", status=200)
    assert downloads == len(rendered)
    # each right after its page, with the listed URL: no report read again
    assert backup.sim.request_count("/qbench/api/v2/reports/{id}") == 0
    # a second run fetches nothing again
    again = backup.sync(entities=["reports"], files=store)
    assert again.results[0].documents == 0
    assert backup.sim.request_count("/_files/reports") == downloads


def test_a_re_render_adds_the_new_version_and_keeps_the_old(backup_factory, store):
    backup = backup_factory("tiny")
    assert backup.sync(full=True, files=store).status == "success"
    rendered = _assert_archived(backup, store)
    chosen = sorted(rendered)[:2]
    old = {rid: backup.repo.file_versions("reports", rid)[0] for rid in chosen}
    backup.sim.advance(120)
    for rid in chosen:
        backup.sim.tenant.rerender(rid)
    backup.sim.advance(120)
    report = backup.sync(files=store)
    assert report.status == "success"
    reports = next(r for r in report.results if r.entity == "reports")
    assert reports.mode == "incremental"
    assert reports.documents == len(chosen)
    _assert_archived(backup, store)
    for rid in chosen:
        versions = backup.repo.file_versions("reports", rid)
        assert [v.sha256 for v in versions][0] == old[rid].sha256  # kept
        assert len(versions) == 2 and versions[1].sha256 != old[rid].sha256
        assert store.verify(old[rid].sha256, old[rid].size) == "ok"
    backup.assert_exact(CORE_ENTITIES)


def test_failed_downloads_never_fail_reports_and_the_next_run_fetches_them(
    backup_factory, store
):
    backup = backup_factory("tiny")
    backup.sim.add_fault("status", path="/_files/", status=503)  # every download
    report = backup.sync(full=True, files=store, page_size=5)
    assert report.status == "success"
    reports = next(r for r in report.results if r.entity == "reports")
    assert reports.status == "success"
    rendered = _rendered(backup.sim)
    assert reports.documents == 0 and reports.documents_failed == len(rendered)
    # three tried (each with its retries), then the host is taken for down
    tries = backup.sim.request_count("/_files/reports", status=503)
    assert tries == MAX_FAILURES_IN_A_ROW * FAST_RETRY.max_attempts
    assert backup.repo.file_totals() == (0, 0)
    assert _no_partials(store)
    backup.sim.clear_faults()
    backup.sim.reset_counts()
    # the incremental run lists only some pages (tail and sweep), yet owes
    # every PDF: the ones it does not list are read again for a fresh URL
    backup.sim.advance(60)
    second = backup.sync(files=store, page_size=5)
    reports = next(r for r in second.results if r.entity == "reports")
    assert reports.mode == "incremental"
    assert reports.documents == len(rendered) and reports.documents_failed == 0
    assert 0 < backup.sim.request_count("/qbench/api/v2/reports/{id}") < len(rendered)
    _assert_archived(backup, store)
    pending = backup.repo.get_checkpoint(PENDING)
    assert pending is None or not pending.last_cursor


def test_a_reset_mid_download_is_retried(backup_factory, store):
    backup = backup_factory("tiny")
    backup.sim.add_fault("reset", path="/_files/", times=2)
    backup.sim.add_fault("short_read", path="/_files/", times=1)
    report = backup.sync(full=True, entities=["reports"], files=store)
    assert report.results[0].documents_failed == 0
    _assert_archived(backup, store)
    assert _no_partials(store)


def test_an_expired_url_is_refreshed_by_reading_the_report_again(backup_factory, store):
    backup = backup_factory("tiny", file_url_ttl=600)
    # the first page's URLs expire before any of them is used
    backup.sim.after_page("reports", 1, lambda tenant: backup.sim.advance(601))
    report = backup.sync(full=True, entities=["reports"], files=store)
    result = report.results[0]
    assert result.status == "success" and result.documents_failed == 0
    _assert_archived(backup, store)
    expired = backup.sim.request_count("/_files/reports", status=403)
    assert expired == len(_rendered(backup.sim))
    assert backup.sim.request_count("/qbench/api/v2/reports/{id}") == expired


def test_without_a_file_store_nothing_is_downloaded(backup_factory):
    backup = backup_factory("tiny")
    assert backup.sync(full=True, entities=["reports"]).status == "success"
    assert backup.sim.request_count("/_files") == 0


def test_a_full_document_disk_stops_the_run_and_keeps_no_partial_file(
    backup_factory, store, monkeypatch
):
    """ENOSPC simulated by making os.fsync fail (a real tiny tmpfs is in
    tests/storage/test_file_store.py): the run stops with the clear message."""
    import errno
    import os

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    backup = backup_factory("tiny")
    report = backup.sync(full=True, entities=["reports", "invoices"], files=store)
    assert report.status == "failed"
    assert [r.entity for r in report.results] == ["reports"]  # the run stopped
    [reports] = report.results
    assert reports.status == "failed"
    assert "lleno" in (reports.user_message or "")
    assert "lleno" in report.reason()
    assert backup.repo.file_totals() == (0, 0)
    assert _no_partials(store)
    assert not [p for p in store.root.glob("??/*")]


def test_a_backup_made_before_pdfs_gets_them_from_one_walk_of_the_list(
    backup_factory, store
):
    backup = backup_factory("tiny")
    assert backup.sync(full=True, page_size=2).status == "success"  # no store
    assert backup.repo.file_totals() == (0, 0)
    backup.sim.reset_counts()
    backup.sim.advance(60)
    report = backup.sync(files=store, page_size=2)
    reports = next(r for r in report.results if r.entity == "reports")
    assert reports.mode == "incremental" and reports.documents_failed == 0
    _assert_archived(backup, store)
    assert backup.sim.request_count("/qbench/api/v2/reports/{id}") == 0


def _no_partials(store) -> bool:
    """No partial download left (the temporary folder is made on first write)."""
    tmp = store.root / "tmp"
    return not tmp.exists() or not list(tmp.iterdir())


def test_a_pdf_missing_from_the_folder_is_fetched_again(backup_factory, tmp_path):
    """Fresh trial: a PDF deleted from the folder, or a folder changed in
    Configuración, stayed missing for good while the files table listed it.
    Now a version counts as archived only when its file is there: a --full
    run (every report listed) fetches what is missing."""
    backup = backup_factory("tiny")
    first = FileStore(tmp_path / "files")
    assert backup.sync(full=True, entities=["reports"], files=first).status == "success"
    rendered = _rendered(backup.sim)
    victim = min(rendered)
    [version] = backup.repo.file_versions("reports", victim)
    first.path(version.sha256).unlink()
    report = backup.sync(full=True, entities=["reports"], files=first)
    assert report.status == "success" and report.results[0].documents == 1
    assert first.verify(version.sha256, version.size) == "ok"
    assert len(backup.repo.file_versions("reports", victim)) == 1  # no new row
    moved = FileStore(tmp_path / "nas")  # the folder changed in Configuración
    report = backup.sync(full=True, entities=["reports"], files=moved)
    assert report.results[0].documents == len(rendered)
    _assert_archived(backup, moved)
