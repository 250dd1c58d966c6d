"""``--entities`` takes every registry entity in either spelling, ``--help``
lists them and exit code 5, and ``--worksheets`` turns the detailed worksheets
on (issue 12 points 4, 5 and 7)."""

from __future__ import annotations

import json

import pytest

from app import cli
from app.config import Settings, save_settings
from app.entities import ALL_ENTITIES, ENTITIES


def test_entities_take_the_table_name_or_the_qbench_path():
    for name, entry in ENTITIES.items():
        assert cli.parse_entities(name) == (name,)
        if "{" not in entry.path:  # a top-level list: its path is a spelling too
            assert cli.parse_entities(entry.path) == (name,)
    both = cli.parse_entities("invoice-items, customers,invoice_items,api-clients")
    assert both == ("api_clients", "customers", "invoice_items")  # registry order
    assert cli.parse_entities(None) is None


@pytest.mark.parametrize("value", ["", ",", " , ", "nope", "invoice items"])
def test_a_bad_entities_value_is_a_usage_error_not_a_failed_backup(
    value, sim, sqlite_url, capsys
):
    """Exit 2 with one line, like any bad flag; no run is recorded (Historial
    and the indicator stay as they were) and nothing is synced."""
    from app.run_state import read_status_file
    from tests.conftest import sim_env

    argv = ["--sync", "--json", "--entities", value, "--db-url", sqlite_url]
    assert cli.main(argv, env=sim_env(sim)) == 2
    out, err = capsys.readouterr()
    assert "--entities" in err and "Traceback" not in err
    assert "choose from" in err or "invalid" in err
    assert '"exit_code": 2' in out  # --json still prints its line
    assert (
        "opción no válida" in json.loads(out.strip().splitlines()[-1])["user_message"]
    )
    assert read_status_file() is None  # not recorded as a failed backup
    assert sim.request_count("/qbench/api/v2/") == 0


def test_an_unknown_entity_names_every_known_one():
    with pytest.raises(cli.UsageError) as info:
        cli.parse_entities("contacts,nope")
    assert "unknown entities: nope" in str(info.value)
    assert all(name in str(info.value) for name in ALL_ENTITIES)


def test_help_lists_every_entity_exit_code_5_and_worksheets(capsys):
    assert cli.main(["--help"], env={}) == 0
    out = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    for name in ALL_ENTITIES:
        assert name in out, name
    assert "invoice-items" in out and "--worksheets" in out
    assert "5 succeeded with entities skipped" in out
    assert "5 the\nsync succeeded with entities skipped" in cli.__doc__


def test_the_worksheets_flag_turns_the_setting_on(app_home):
    parser = cli.build_parser()
    plain = cli.effective_settings(parser.parse_args(["--sync"]), {})
    assert plain.worksheets is False  # off by default
    flagged = cli.effective_settings(parser.parse_args(["--worksheets"]), {})
    assert flagged.worksheets is True
    save_settings(Settings(worksheets=True))  # Configuración's checkbox
    assert cli.effective_settings(parser.parse_args([]), {}).worksheets is True


def test_a_skipped_section_reads_sin_permiso_in_the_demo_line():
    from datetime import UTC, datetime

    from app.sync.report import EntityResult, SyncReport

    report = SyncReport("r", datetime(2026, 12, 8, tzinfo=UTC))
    report.results = [EntityResult("contacts", status="skipped")]
    assert cli._section_es(report.results[0], None) == "Contactos: sin permiso"


def test_json_lists_every_default_entity_and_the_worksheets_on_request(
    sim, sqlite_url, capsys
):
    """Issue 12 point 7: the --json line has a result for every entity the run
    planned: the default ones, and with --worksheets the optional ones too."""
    import json

    from app.entities import DEFAULT_ENTITIES
    from app.logs import reset_logging
    from tests.conftest import sim_env

    runs = []
    for extra in ([], ["--worksheets"]):
        try:
            code = cli.main(
                ["--sync", "--json", *extra, "--db-url", sqlite_url], env=sim_env(sim)
            )
        finally:
            reset_logging()
        summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
        assert code == summary["exit_code"] in (0, 5), summary
        runs.append(summary)
    assert [e["entity"] for e in runs[0]["entities"]] == list(DEFAULT_ENTITIES)
    assert [e["entity"] for e in runs[1]["entities"]] == list(ALL_ENTITIES)
    for summary in runs:
        statuses = {e["status"] for e in summary["entities"]}
        assert statuses <= {"success", "skipped"}, summary
        skipped = [e["entity"] for e in summary["entities"] if e["status"] == "skipped"]
        assert summary["skipped"] == skipped
        assert summary["status"] == ("partial" if skipped else "success")


def test_a_deleted_quotation_is_found_without_a_warning(sim, sqlite_url, capsys):
    """Quotations cannot list deletions: the count difference is how one is
    found, so the nightly job's stderr stays quiet (and the copy exact)."""
    from tests.conftest import sim_env

    argv = ["--sync", "--entities", "quotations", "--db-url", sqlite_url]
    assert cli.main(argv, env=sim_env(sim)) == 0
    gone = sim.dump()["quotations"][0]["id"]
    sim.advance(60)
    sim.tenant.delete("quotations", gone)
    capsys.readouterr()
    assert cli.main(argv, env=sim_env(sim)) == 0
    assert "WARNING" not in capsys.readouterr().err
    from app.storage.db import open_database
    from app.storage.repository import Repository

    db = open_database(sqlite_url)
    try:
        assert Repository(db).get("quotations", gone)["deleted_at"] is not None
    finally:
        db.close()
