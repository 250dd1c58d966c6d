"""Shared fixtures: an isolated app home, real SQLite and PostgreSQL, the simulator.

PostgreSQL tests create their own database and drop it afterwards. When the
server is down they are skipped locally (loudly, see the summary), but in CI
(``CI`` set) or with ``QBENCH_BACKUP_REQUIRE_POSTGRES=1`` they fail instead.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import psycopg2
import pytest
from hypothesis import settings

# Property tests (Hypothesis): fixed seed and bounded in CI, so a run is
# reproducible and quick; HYPOTHESIS_PROFILE=dev explores more locally.
settings.register_profile(
    "ci", max_examples=200, derandomize=True, deadline=None, database=None
)
settings.register_profile("dev", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

PG_ADMIN_DSN = os.environ.get(
    "QBENCH_BACKUP_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def _postgres_required() -> bool:
    return bool(
        os.environ.get("CI") or os.environ.get("QBENCH_BACKUP_REQUIRE_POSTGRES")
    )


@pytest.fixture(autouse=True)
def app_home(tmp_path, monkeypatch):
    """Every test gets its own QBENCH_BACKUP_HOME: nothing touches the real profile."""
    home = tmp_path / "qbench-home"
    monkeypatch.setenv("QBENCH_BACKUP_HOME", str(home))
    for name in (
        "QBENCH_BASE_URL",
        "QBENCH_CLIENT_ID",
        "QBENCH_CLIENT_SECRET",
        "QBENCH_BACKUP_DB_URL",
        "QBENCH_RATE_LIMIT",
    ):
        monkeypatch.delenv(name, raising=False)
    return home


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    """URL of a fresh SQLite file."""
    return f"sqlite:///{tmp_path / 'backup.sqlite3'}"


def _admin_connection():
    conn = psycopg2.connect(PG_ADMIN_DSN, connect_timeout=5)
    conn.autocommit = True
    return conn


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """URL of a brand-new PostgreSQL database, dropped after the test."""
    try:
        admin = _admin_connection()
    except psycopg2.OperationalError as exc:
        if _postgres_required():
            pytest.fail(f"PostgreSQL is required here but unreachable: {exc}")
        pytest.skip(f"PostgreSQL not reachable ({exc}); CI always runs these")
    name = f"qbb_test_{uuid.uuid4().hex[:12]}"
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_DSN.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request) -> str:
    """The same test on a real SQLite file and on a real PostgreSQL database."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def make_sim():
    """Factory: start a simulator (``tiny`` unless told); all are stopped afterwards."""
    from app.sim.server import SimConfig, Simulator
    from app.sim.tenant import TenantSpec

    started = []

    def _make(profile: str = "tiny", *, ticking: bool = False, **config_kwargs):
        spec_kwargs = {
            key: config_kwargs.pop(key)
            for key in ("seed", "lab_tz", "anchor")
            if key in config_kwargs
        }
        sim = Simulator(
            TenantSpec(profile=profile, **spec_kwargs),
            config=SimConfig(**config_kwargs),
            ticking=ticking,
        ).start()
        started.append(sim)
        return sim

    yield _make
    for sim in started:
        sim.stop()


@pytest.fixture
def sim(make_sim):
    """A running ``tiny`` simulator with a frozen data clock."""
    return make_sim()


@pytest.fixture
def memory_keyring():
    """Install an in-memory keyring backend for the test, then restore the old one."""
    import keyring

    from tests.fakes import InMemoryKeyring

    previous = keyring.get_keyring()
    backend = InMemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def lock_held_elsewhere():
    """Context manager: another *process* holds the sync lock file meanwhile."""
    import subprocess
    import sys
    from contextlib import contextmanager

    from app import paths

    @contextmanager
    def _hold(path=None):
        holder = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys, time; from filelock import FileLock; "
                "l = FileLock(sys.argv[1]); l.acquire(); print('held', flush=True); "
                "time.sleep(60)",
                str(path or paths.lock_file()),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert holder.stdout.readline().strip() == "held"
            yield holder
        finally:
            holder.kill()
            holder.wait()
            holder.stdout.close()

    return _hold


def sim_env(sim, **extra: str) -> dict[str, str]:
    """The environment that points qbench-backup at ``sim`` (its tenant root and
    API client), plus ``extra``; callers add ``os.environ`` for a subprocess."""
    return {
        "QBENCH_BASE_URL": sim.base_url,
        "QBENCH_CLIENT_ID": sim.client_id,
        "QBENCH_CLIENT_SECRET": sim.client_secret,
        **extra,
    }
