"""Demo mode: the bundled QBench simulator with a demo tenant, on loopback.

``qbench-backup --demo`` lets anyone try the whole app without a QBench
account. The tenant is always the same (fixed profile, seed and anchor) and the
data goes to a separate demo database, never the real backup.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from app.services import Connection
from app.sim.server import SimConfig, Simulator
from app.sim.tenant import TenantSpec

DEMO_SPEC = TenantSpec(profile="small", seed=2026, lab_tz="America/Bogota")


@contextmanager
def demo_tenant() -> Iterator[Connection]:
    """Start the demo simulator; yields the Connection that reaches it."""
    sim = Simulator(DEMO_SPEC, config=SimConfig())
    with sim:
        yield Connection(sim.base_url, sim.client_id, sim.client_secret)
