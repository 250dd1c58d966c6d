"""How fast the simulator generates tenants and serves pages (figures, not assertions).

    .venv/bin/python -m benchmarks.sim_speed [--profiles tiny,small,medium,large]

Prints, per profile: records, generation seconds, peak RSS; then, for the largest
profile, the latency of 50-row v2 pages over real HTTP (first page of a query,
then p50/p99 of deep pages that reuse the cached query), unthrottled.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time

import requests

from app.sim.clock import SimClock
from app.sim.server import SimConfig, Simulator
from app.sim.tenant import Tenant, TenantSpec
from tests.sim.qb import token


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate(profile: str) -> Tenant:
    started = time.perf_counter()
    spec = TenantSpec(profile=profile)
    tenant = Tenant(spec, SimClock(spec.anchor, ticking=False))
    seconds = time.perf_counter() - started
    records = sum(tenant.count(e, include_deleted=True) for e in tenant.entities())
    print(
        f"{profile:>10}: {records:>8} records generated in {seconds:6.2f} s "
        f"(peak RSS so far {peak_rss_mb():.0f} MB)"
    )
    return tenant


def page_latency(tenant: Tenant, entity: str = "tests", samples: int = 200) -> None:
    config = SimConfig(rate_limit=10**9, concurrency=100)
    with Simulator(tenant.spec, config=config, tenant=tenant) as sim:
        http = requests.Session()
        http.headers["Authorization"] = f"Bearer {token(sim, http)}"
        url = f"{sim.base_url}/qbench/api/v2/{entity}"
        params = {"page_size": 50, "sort_by": "id", "sort_order": "ASC"}
        started = time.perf_counter()
        first = http.get(url, params=params | {"page_num": 1}, timeout=60).json()
        cold = time.perf_counter() - started
        pages = first["total_pages"]
        timings = []
        for i in range(samples):
            page = 1 + (i * 7919) % pages
            started = time.perf_counter()
            response = http.get(url, params=params | {"page_num": page}, timeout=60)
            response.raise_for_status()
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p99 = timings[int(len(timings) * 0.99) - 1]
        print(
            f"{entity} ({first['total_count']} rows, {pages} pages): first page "
            f"{cold * 1000:.1f} ms (builds the query), then p50 "
            f"{statistics.median(timings):.2f} ms, p99 {p99:.2f} ms over {samples} "
            "random pages"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profiles", default="tiny,small,medium,large")
    args = parser.parse_args()
    tenant = None
    for profile in args.profiles.split(","):
        tenant = generate(profile)
    if tenant is not None:
        page_latency(tenant)


if __name__ == "__main__":
    main()
