"""Scopes (issue 12 point 5): a list QBench refuses (403) or lacks (404) skips
that entity; the others go on and the run is ``partial`` (exit code 5)."""

from __future__ import annotations

from app.errors import EXIT_PARTIAL, EXIT_SYNC_FAILED
from app.sync.engine import CORE_ENTITIES


def test_a_403_on_one_entity_skips_it_and_the_run_is_partial(backup):
    backup.sim.add_fault("status", path="/qbench/api/v2/batches", status=403)
    report = backup.sync(entities=CORE_ENTITIES)
    assert report.status == "partial", report.to_dict()
    assert report.exit_code == EXIT_PARTIAL == 5
    results = {r.entity: r for r in report.results}
    assert results["batches"].status == "skipped"
    assert results["batches"].user_message == (
        "Sin permiso para Lotes: conceda el alcance BATCH al cliente de la API en "
        "QBench."
    )
    others = [e for e in CORE_ENTITIES if e != "batches"]
    assert all(results[e].status == "success" for e in others), report.to_dict()
    backup.assert_exact(others)
    assert backup.repo.count("batches", include_deleted=True) == 0
    summary = report.to_dict()
    assert summary["status"] == "partial" and summary["exit_code"] == 5
    assert summary["skipped"] == ["batches"]
    assert summary["user_message"].startswith("Sin permiso para Lotes")  # said once
    rows = {r.entity: r for r in backup.repo.recent_runs() if r.run_id == "run1"}
    assert rows["batches"].status == "skipped"
    assert rows["*"].status == "partial"
    # Once the scope is granted, the next run copies the entity: success.
    backup.sim.clear_faults()
    again = backup.sync(entities=CORE_ENTITIES)
    assert again.status == "success", again.to_dict()
    backup.assert_exact()


def test_a_404_list_is_skipped_like_a_403(backup):
    backup.sim.add_fault("status", path="/qbench/api/v2/assays", status=404)
    report = backup.sync(entities=["customers", "assays"])
    assert report.status == "partial" and report.exit_code == EXIT_PARTIAL
    assert [r.status for r in report.results] == ["success", "skipped"]
    assert "404" in report.results[1].user_message


def test_a_real_failure_beside_a_skip_stays_failed(backup):
    backup.sim.add_fault("status", path="/qbench/api/v2/batches", status=403)
    backup.sim.add_fault("status", path="/qbench/api/v2/assays", status=422)
    report = backup.sync(entities=CORE_ENTITIES)
    assert report.status == "failed" and report.exit_code == EXIT_SYNC_FAILED
    statuses = {r.entity: r.status for r in report.results}
    assert statuses["batches"] == "skipped" and statuses["assays"] == "failed"


def test_reports_go_on_when_the_orders_list_is_forbidden(backup):
    """Reports re-read their parents' rendering; a parent list outside the
    client's scopes leaves that parent skipped, never the reports."""
    assert backup.sync().status == "success"
    reports = backup.sim.dump()["reports"]
    backup.sim.advance(60)
    backup.sim.tenant.delete("reports", reports[-1]["id"])
    backup.sim.add_fault("status", path="/qbench/api/v2/orders", status=403)
    report = backup.sync()
    statuses = {r.entity: r.status for r in report.results}
    assert statuses["orders"] == "skipped" and statuses["reports"] == "success"
    assert report.status == "partial"
    assert backup.repo.get("reports", reports[-1]["id"])["deleted_at"] is not None


def test_the_cli_exits_5_with_the_skipped_entities_in_its_json(
    make_sim, db_url, capsys
):
    import json

    from app import cli
    from app.entities import ENTITIES
    from tests.conftest import sim_env

    scopes = frozenset(d.scope for d in ENTITIES.values()) - {"PAYMENT"}
    sim = make_sim(scopes=scopes)
    code = cli.main(["--sync", "--json", "--db-url", db_url], env=sim_env(sim))
    out, err = capsys.readouterr()
    summary = json.loads(out.strip().splitlines()[-1])
    assert code == EXIT_PARTIAL, err
    assert summary["status"] == "partial" and summary["exit_code"] == 5
    assert summary["skipped"] == ["payments"]
    assert "conceda el alcance PAYMENT" in summary["user_message"]


def test_many_skipped_sections_read_as_one_line_with_every_scope(
    make_sim, db_url, capsys
):
    """An API client lacking twenty scopes gets one list of the scopes to
    grant (window, Historial, --json) and one stderr line, not one per section
    said twice; a lone 404 keeps its own sentence."""
    import json

    from app import cli
    from tests.conftest import sim_env

    sim = make_sim(
        scopes=frozenset({"CUSTOMER", "ORDER", "SAMPLE", "COMMENT", "PANEL"}),
        missing_paths=frozenset({"panels"}),
    )
    code = cli.main(["--sync", "--json", "--db-url", db_url], env=sim_env(sim))
    out, err = capsys.readouterr()
    summary = json.loads(out.strip().splitlines()[-1])
    assert code == EXIT_PARTIAL, err
    lines = summary["user_message"].splitlines()
    assert len(lines) == 2, lines
    forbidden, missing = lines
    assert forbidden.startswith("Sin permiso para 22 secciones (Usuarios, Equipos, ")
    assert "los alcances USER, TEAM, " in forbidden and "PAYMENT." in forbidden
    assert "CUSTOMER" not in forbidden and "Paneles" not in forbidden
    assert missing.startswith("QBench no ofrece Paneles en este servidor")
    skipped = {e["entity"]: e for e in summary["entities"] if e["status"] == "skipped"}
    assert skipped["users"]["skip"] == "forbidden"
    assert skipped["users"]["scope"] == "USER"
    assert skipped["panels"]["skip"] == "missing"
    assert err.count("skipped") == 2, err  # one grouped line + the lone 404
    assert "skipped 22 entities (QBench answered 403: grant the API client the " in err
    assert "panels: skipped: " in err
    assert "WARNING" not in err  # no per-section warning, no lab-clock probe one


def test_sections_under_a_skipped_parent_are_named():
    from app.sync.report import EntityResult, skipped_reasons

    comments = EntityResult("order_comments", status="skipped", skip="parent")
    comments.user_message = (
        "Se omite Comentarios de órdenes porque no se pudo leer Órdenes."
    )
    worksheets = EntityResult("test_worksheets", status="skipped", skip="parent")
    assert skipped_reasons([comments]) == [comments.user_message]
    assert skipped_reasons([comments, worksheets]) == [
        "Se omiten Comentarios de órdenes y Hojas de trabajo de pruebas porque no se "
        "pudo leer la sección de la que dependen."
    ]
