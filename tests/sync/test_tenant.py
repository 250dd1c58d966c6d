"""One tenant per backup (issue 10, point 7): the backup records its tenant, a
sync of another tenant is refused before anything is written (exit 2), and
``--new-copy`` keeps the old copy aside and starts a fresh one. The CLI runs as a
subprocess, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from app import services
from app.config import Settings
from app.run_state import read_status_outcomes
from app.storage.db import open_database, sqlite_path
from app.storage.models import ALL_MODELS
from app.sync.engine import CORE_ENTITIES
from app.sync.tenant import tenant_identity


def _sync(sim, db_url, *args):
    env = {
        **os.environ,
        "QBENCH_BASE_URL": sim.base_url,
        "QBENCH_CLIENT_ID": sim.client_id,
        "QBENCH_CLIENT_SECRET": sim.client_secret,
    }
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--sync",
            "--json",
            "--db-url",
            db_url,
            "--entities",  # the tenant guard is about the core sections
            ",".join(CORE_ENTITIES),
            *args,
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def _query(db_url, sql):
    db = open_database(db_url)
    try:
        return db.execute_sql(sql).fetchall()
    finally:
        db.close()


def _snapshot(db_url):
    """Every table's rows, as sorted text: equal snapshots, untouched database."""
    tables = [m._meta.table_name for m in ALL_MODELS]
    return {
        t: sorted(map(repr, _query(db_url, f'SELECT * FROM "{t}"'))) for t in tables
    }


@pytest.fixture
def two_tenants(make_sim):
    return make_sim("tiny", seed=1), make_sim("tiny", seed=2)


def test_the_backup_records_its_tenant(sim, db_url):
    assert _sync(sim, db_url).returncode == 0
    [(tenant, base_url)] = _query(db_url, "SELECT tenant, base_url FROM backup_tenant")
    assert tenant == tenant_identity(sim.base_url)
    assert base_url == sim.base_url


def test_another_tenant_is_refused_and_nothing_is_written(two_tenants, db_url):
    a, b = two_tenants
    assert _sync(a, db_url).returncode == 0
    before = _snapshot(db_url)
    result = _sync(b, db_url)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert a.base_url in line and b.base_url in line and "--new-copy" in line
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["exit_code"] == 2 and a.base_url in summary["user_message"]
    assert _snapshot(db_url) == before
    # The refused run is recorded once, under the run id --json printed.
    failed = [o for o in read_status_outcomes() if o.status == "failed"]
    assert [o.run_id for o in failed] == [summary["run_id"]]


def test_new_copy_keeps_the_old_copy_aside_and_starts_fresh(
    two_tenants, db_url, tmp_path
):
    a, b = two_tenants
    fresh_url = f"sqlite:///{tmp_path / 'fresh-b.sqlite3'}"
    fresh = _sync(b, fresh_url)
    expected = json.loads(fresh.stdout.strip().splitlines()[-1])["totals"]
    ids = "SELECT qbench_id, deleted_at IS NULL FROM customers ORDER BY 1"
    assert _sync(a, db_url).returncode == 0
    a_customers = _query(db_url, "SELECT count(*) FROM customers")[0][0]
    result = _sync(b, db_url, "--new-copy")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert all(e["mode"] == "full" for e in summary["entities"])
    # The same as B's first backup into an empty database: A left no trace.
    for key in ("fetched", "inserted", "updated", "deleted"):
        assert summary["totals"][key] == expected[key], key
    assert _query(db_url, ids) == _query(fresh_url, ids)
    [(tenant,)] = _query(db_url, "SELECT tenant FROM backup_tenant")
    assert tenant == tenant_identity(b.base_url)
    path = sqlite_path(db_url)
    if path is not None:
        [aside] = [p for p in path.parent.iterdir() if ".tenant-" in p.name]
        kept = _query(f"sqlite:///{aside}", "SELECT count(*) FROM customers")
    else:
        [(schema,)] = _query(
            db_url,
            "SELECT schema_name FROM information_schema.schemata "
            "WHERE starts_with(schema_name, 'qbench_backup_')",
        )
        kept = _query(db_url, f'SELECT count(*) FROM "{schema}".customers')
    assert kept[0][0] == a_customers
    # From now on the backup is B's: A is refused.
    assert _sync(a, db_url).returncode == 2


def test_a_backup_without_a_recorded_tenant_adopts_the_first_one(two_tenants, db_url):
    a, b = two_tenants
    assert _sync(a, db_url).returncode == 0
    _query_commit(db_url, "DELETE FROM backup_tenant")  # as before version 5
    assert _sync(a, db_url).returncode == 0
    [(tenant,)] = _query(db_url, "SELECT tenant FROM backup_tenant")
    assert tenant == tenant_identity(a.base_url)
    assert _sync(b, db_url).returncode == 2


def test_a_first_run_that_copied_nothing_does_not_claim_the_backup(sim, db_url):
    env_sim = type("Unreachable", (), {})()
    env_sim.base_url, env_sim.client_id = "http://127.0.0.1:9", sim.client_id
    env_sim.client_secret = sim.client_secret
    assert _sync(env_sim, db_url).returncode != 0  # nothing there
    result = _sync(sim, db_url)
    assert result.returncode == 0, result.stderr


def _query_commit(db_url, sql):
    db = open_database(db_url)
    try:
        with db.atomic():
            db.execute_sql(sql)
    finally:
        db.close()


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("https://acme.qbench.net", "https://ACME.qbench.net/qbench/api/v2/"),
        ("https://acme.qbench.net", "http://acme.qbench.net"),
        ("https://acme.qbench.net", "https://acme.qbench.net:443"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080/qbench"),
    ],
)
def test_the_same_tenant_written_differently_is_one_tenant(one, other):
    assert tenant_identity(one) == tenant_identity(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("https://acme.qbench.net", "https://acme2.qbench.net"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8081"),
        ("https://acme.qbench.net", "https://acme.qbench.net:8443"),
    ],
)
def test_different_tenants_differ(one, other):
    assert tenant_identity(one) != tenant_identity(other)


def test_the_demo_tenant_is_one_tenant_whatever_its_port(two_tenants, sqlite_url):
    for sim in two_tenants:
        connection = services.Connection(sim.base_url, sim.client_id, sim.client_secret)
        report = services.run_sync(Settings(), connection, db_url=sqlite_url, demo=True)
        assert report.status == "success", report.error


def test_a_version_4_backup_gains_an_empty_tenant_table(sim, db_url):
    from app.storage.migrations import MIGRATIONS, current_version, migrate

    db = open_database(db_url)
    try:
        migrate(db, migrations=MIGRATIONS[:4], sqlite_path=sqlite_path(db_url))
        db.execute_sql('DROP TABLE IF EXISTS "backup_tenant"')  # as version 4 had
        assert current_version(db) == 4
        migrate(db, sqlite_path=sqlite_path(db_url))
        assert "backup_tenant" in db.get_tables()
    finally:
        db.close()
    assert _query(db_url, "SELECT count(*) FROM backup_tenant") == [(0,)]
    assert _sync(sim, db_url).returncode == 0  # the first tenant is adopted
    [(tenant,)] = _query(db_url, "SELECT tenant FROM backup_tenant")
    assert tenant == tenant_identity(sim.base_url)
