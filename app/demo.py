"""Demo mode: the bundled QBench simulator with a demo tenant, on loopback.

``qbench-backup --demo`` lets anyone try the whole app without a QBench
account. The tenant is always the same (fixed profile, seed and anchor) and the
data goes to a separate demo database, never the real backup.

The demo window's settings live in memory only: they start from
``demo_settings()`` (never from the real settings file), Configuración changes
them for as long as the window is open and nothing writes them anywhere; the
REST API's token hash is kept in memory too. What the demo leaves on disk is
its database, its status file and its lock, all named ``*-demo*`` in the data
folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from app.config import Settings
from app.services import DEMO_RATE_LIMIT, Connection
from app.sim.server import SimConfig, Simulator
from app.sim.tenant import TenantSpec

DEMO_SPEC = TenantSpec(profile="small", seed=2026, lab_tz="America/Bogota")
DEMO_API_PORT = 8766  # not 8765: a real window's API may be on at the same time


def demo_settings() -> Settings:
    """The settings a demo window starts with (the defaults; its own API port)."""
    return Settings(api_port=DEMO_API_PORT)


@contextmanager
def demo_tenant() -> Iterator[Connection]:
    """Start the demo simulator; yields the Connection that reaches it."""
    sim = Simulator(DEMO_SPEC, config=SimConfig(rate_limit=DEMO_RATE_LIMIT[0]))
    with sim:
        yield Connection(sim.base_url, sim.client_id, sim.client_secret)
