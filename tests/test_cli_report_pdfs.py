"""``--sync`` archives report PDFs where ``files_dir`` / the environment says."""

from __future__ import annotations

import hashlib
import json

import pytest

from app import cli, paths
from app.logs import reset_logging
from app.sim import files as sim_files
from app.storage.db import open_database
from app.storage.repository import Repository
from tests.conftest import sim_env


@pytest.fixture(autouse=True)
def _reset_logging():
    yield
    reset_logging()


def _archived(db_url: str) -> dict[int, str]:
    db = open_database(db_url)
    try:
        repo = Repository(db)
        rows = db.execute_sql("SELECT qbench_id, sha256 FROM files").fetchall()
        assert repo.file_totals()[0] == len(rows)
        return {int(i): sha for i, sha in rows}
    finally:
        db.close()


def test_sync_puts_pdfs_in_the_folder_the_environment_names(
    sim, sqlite_url, tmp_path, capsys
):
    folder = tmp_path / "share" / "qbench-documents"
    env = sim_env(sim, QBENCH_BACKUP_FILES_DIR=str(folder))
    argv = ["--sync", "--json", "--entities", "reports", "--db-url", sqlite_url]
    # A chosen folder is never created (an unmounted share): one clear line.
    assert cli.main(argv, env=env) == 1
    failed = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (
        "no existe" in failed["user_message"] and str(folder) in failed["user_message"]
    )
    assert not (tmp_path / "share").exists()
    # Records of other sections do not depend on the folder at all.
    others = ["--sync", "--entities", "customers", "--db-url", sqlite_url]
    assert cli.main(others, env=env) == 0
    folder.mkdir(parents=True)
    code = cli.main(argv, env=env)
    out = capsys.readouterr().out
    assert code == 0
    [reports] = json.loads(out.strip().splitlines()[-1])["entities"]
    rendered = {
        r["id"]: r for r in sim.dump()["reports"] if r["render_status"] == "SUCCESSFUL"
    }
    assert reports["documents"] == len(rendered) > 0
    archived = _archived(sqlite_url)
    for rid, report in rendered.items():
        data = sim_files.pdf_bytes(rid, report["render_batch_uuid"])
        sha = hashlib.sha256(data).hexdigest()
        assert archived[rid] == sha
        assert (folder / sha[:2] / sha).read_bytes() == data
    assert not (paths.data_dir() / "files").exists()  # not the default folder


def test_verify_files_finds_a_flipped_byte_and_a_missing_file(
    sim, db_url, tmp_path, capsys
):
    """Issue 13 point 5 (CLI): every archived file re-hashed; a flipped byte
    is corrupt, a removed file missing, exit 1 naming both; intact: exit 0."""
    folder = tmp_path / "docs"
    folder.mkdir()
    env = sim_env(sim, QBENCH_BACKUP_FILES_DIR=str(folder))
    sync = ["--sync", "--entities", "reports", "--db-url", db_url]
    assert cli.main(sync, env=env) == 0
    verify = ["--verify-files", "--json", "--db-url", db_url]
    capsys.readouterr()
    assert cli.main(verify, env=env) == 0
    out, err = capsys.readouterr()
    clean = json.loads(out.strip().splitlines()[-1])
    assert clean["checked"] > 2 and clean["missing"] == clean["corrupt"] == []
    assert "all intact" in err
    stored = sorted(p for p in folder.glob("??/*") if p.is_file())
    flipped, removed = stored[0], stored[1]
    data = bytearray(flipped.read_bytes())
    data[len(data) // 2] ^= 0x01
    flipped.write_bytes(bytes(data))
    removed.unlink()
    assert cli.main(verify, env=env) == 1
    out, err = capsys.readouterr()
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["exit_code"] == 1 and summary["checked"] == clean["checked"]
    assert [line.split()[1] for line in summary["corrupt"]] == [flipped.name]
    assert [line.split()[1] for line in summary["missing"]] == [removed.name]
    assert all(line.startswith("reports/") for line in summary["missing"])
    assert "corrupt: reports/" in err and "1 missing, 1 corrupt" in err
