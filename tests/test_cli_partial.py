"""A run that skipped entities QBench refused (issue 12 point 5): exit code 5,
and ``--json``, the status file and ``GET /api/v1/sync/status`` say the same."""

from __future__ import annotations

import json

from app import cli
from app.api.auth import hash_token
from app.api.factory import create_app
from app.errors import EXIT_PARTIAL
from app.logs import reset_logging
from app.run_state import read_status_file
from app.storage.db import database_label
from tests.conftest import sim_env

TOKEN = "partial-token-0123456789"


def test_a_partial_run_exits_5_and_json_status_file_and_rest_agree(
    sim, sqlite_url, capsys
):
    sim.add_fault("status", path="/qbench/api/v2/batches", status=403, times=100)
    argv = ["--sync", "--json", "--entities", "customers,assays,batches"]
    try:
        code = cli.main([*argv, "--db-url", sqlite_url], env=sim_env(sim))
    finally:
        reset_logging()
    out, err = capsys.readouterr()
    assert code == EXIT_PARTIAL == 5, err
    summary = json.loads(out.strip().splitlines()[-1])
    assert summary["status"] == "partial" and summary["exit_code"] == 5
    assert summary["skipped"] == ["batches"]
    statuses = {e["entity"]: e["status"] for e in summary["entities"]}
    assert statuses == {
        "customers": "success",
        "assays": "success",
        "batches": "skipped",
    }
    assert "conceda el alcance BATCH" in summary["user_message"]
    assert "batches: skipped" in err  # stderr names it too

    outcome = read_status_file()
    assert (outcome.run_id, outcome.status, outcome.exit_code) == (
        summary["run_id"],
        "partial",
        5,
    )
    assert outcome.user_message == summary["user_message"]

    app = create_app(
        sqlite_url,
        token_hash=hash_token(TOKEN, iterations=1_000),
        status_file=read_status_file,
        database_label=database_label(sqlite_url),
    )
    body = (
        app.test_client()
        .get("/api/v1/sync/status", headers={"Authorization": f"Bearer {TOKEN}"})
        .get_json()
    )
    backup = body["backup"]
    assert backup["state"] == "partial"
    assert backup["reason"] == summary["user_message"]
    assert backup["last_run"]["run_id"] == summary["run_id"]
    assert backup["last_run"]["exit_code"] == 5  # the file's exit code joins in
    assert body["entities"]["batches"]["last_run"]["status"] == "skipped"
    assert body["entities"]["batches"]["last_success"] is None
    assert body["entities"]["customers"]["last_run"]["status"] == "success"
