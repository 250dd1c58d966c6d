"""``qbench-backup --demo --sync`` ends with one Spanish line: each section's
records (or changes) and where the demo database is."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime

import pytest

from app import cli, paths
from app.entities import DEFAULT_ENTITIES
from app.logs import reset_logging
from app.sync.engine import CORE_ENTITIES
from app.sync.report import EntityResult, SyncReport
from app.ui.entity_names import ENTITY_NAMES


@pytest.fixture(autouse=True)
def _reset_logging():
    yield
    reset_logging()


def _report(*results: EntityResult, error: str | None = None) -> SyncReport:
    return SyncReport("r1", datetime.now(UTC), results=list(results), error=error)


def test_the_demo_run_ends_with_a_spanish_summary_line(tmp_path):
    home = tmp_path / "home"
    env = {**os.environ, "QBENCH_BACKUP_HOME": str(home)}
    for name in ("QBENCH_BACKUP_DB_URL", "QBENCH_RATE_LIMIT"):
        env.pop(name, None)
    command = [sys.executable, "-m", "app", "--demo", "--sync"]
    first = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=300
    )
    assert first.returncode == 0, first.stderr[-2000:]
    line = first.stdout.strip().splitlines()[-1]
    database = home / "data" / "qbench-backup-demo.sqlite3"
    first_section = ENTITY_NAMES[DEFAULT_ENTITIES[0]]  # every default entity
    assert line.startswith(f"Respaldo de demostración terminado. {first_section}: ")
    with closing(sqlite3.connect(database)) as db:
        live = {
            entity: db.execute(
                f"SELECT count(*) FROM {entity} WHERE deleted_at IS NULL"
            ).fetchone()[0]
            for entity in DEFAULT_ENTITIES
        }
    for entity, count in live.items():  # what the copy holds, by Spanish name
        assert re.search(f"{ENTITY_NAMES[entity]}: {count}[;.]", line), entity
    assert f". En la copia: {sum(live.values())} registros." in line
    assert line.endswith(f". Base de datos de demostración: archivo {database}")

    again = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=300
    )
    assert again.returncode == 0, again.stderr[-2000:]
    line = again.stdout.strip().splitlines()[-1]
    assert f"Clientes: {live['customers']} (sin cambios)" in line


def test_the_summary_names_sections_as_the_window_does():
    assert cli.SECTION_NAMES == ENTITY_NAMES
    assert set(CORE_ENTITIES) <= set(cli.SECTION_NAMES)


def test_changes_failures_and_plurals_in_spanish():
    report = _report(
        EntityResult("customers", mode="incremental", status="success", inserted=1),
        EntityResult(
            "tests",
            mode="incremental",
            status="success",
            inserted=3,
            updated=1,
            deleted=2,
        ),
        EntityResult("assays", mode="full", status="success", fetched=26),
        EntityResult(
            "reports",
            mode="full",
            status="failed",
            fetched=50,
            error="HTTP 500",
            user_message="QBench respondió con un error.",
        ),
    )
    database = f"sqlite:///{paths.demo_sqlite_path()}"
    counts = {"customers": 1, "tests": 40, "assays": 25, "reports": 3}
    assert cli.demo_summary(report, database, counts) == (
        "El respaldo de demostración falló. Clientes: 1 (1 nuevo); "
        "Pruebas: 40 (3 nuevos, 1 modificado, 2 eliminados); Ensayos: 25; "
        "Informes: falló. En la copia: 69 registros. Informes: QBench respondió "
        "con un error. Base de datos de demostración: archivo "
        f"{paths.demo_sqlite_path()}"
    )
    assert cli.demo_summary(report, database).startswith(  # counts unreadable
        "El respaldo de demostración falló. Clientes: 1 nuevo; Pruebas: 3 nuevos, "
        "1 modificado, 2 eliminados; Ensayos: sin cambios; Informes: falló. Informes:"
    )


def test_a_run_that_never_started_still_says_where_the_database_is():
    report = _report(error="locked")
    report.user_message = "Ya hay una actualización en curso.\nEspere."
    line = cli.demo_summary(report, "postgresql://u:secret@db.example/demo")
    assert line == (
        "El respaldo de demostración falló. Ya hay una actualización en curso. "
        "Espere. Base de datos de demostración: postgresql://u:***@db.example/demo"
    )


def test_json_keeps_stdout_to_the_json_line(capsys):
    assert cli.main(["--demo", "--sync", "--json"], env={}) == 0
    out = capsys.readouterr().out
    assert len(out.strip().splitlines()) == 1 and out.startswith("{")
