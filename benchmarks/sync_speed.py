"""Full-sync figures against the simulator (figures, never assertions).

    .venv/bin/python -m benchmarks.sync_speed [--profile large] [--throttled medium]
        [--db sqlite,postgres]

Prints, for the unthrottled run of ``--profile`` into each database: records/s,
requests used ÷ Σ ceil(records / 50), and the sync process's peak RSS (the
simulator runs in its own process). For ``--throttled``: the full-sync time ÷
the rate-limit lower bound, with the simulator's limit scaled down (``--limit``).
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import psycopg2
import requests

from app.qbench import QBenchClient
from app.storage.db import open_database
from app.storage.migrations import migrate
from app.storage.repository import Repository
from app.sync.engine import CORE_ENTITIES, SyncEngine

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


@contextmanager
def simulator(profile: str, rate: str):
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.sim",
            "--profile",
            profile,
            "--rate-limit",
            rate,
            "--concurrency",
            "50",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        yield json.loads(proc.stdout.readline())
    finally:
        proc.terminate()
        proc.wait()
        proc.stdout.close()


@contextmanager
def database(kind: str):
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        return
    name = f"qbb_bench_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(PG_ADMIN)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        admin.cursor().execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.close()


def minimum_requests(ready: dict) -> tuple[int, int]:
    """Σ ceil(records / 50) over the core entities (deleted ones included)."""
    stats = requests.get(ready["base_url"] + "/_sim/stats", timeout=60).json()
    counts = [stats[e]["all"] for e in CORE_ENTITIES]
    return sum(counts), sum(math.ceil(n / 50) for n in counts)


def full_sync(ready: dict, url: str, rate: tuple[int, int]) -> tuple[float, int, int]:
    db = open_database(url)
    migrate(db)
    client = QBenchClient(
        ready["base_url"],
        ready["client_id"],
        "sim-secret-do-not-use-in-production",
        rate_limit=rate,
    )
    started = time.perf_counter()
    with client:
        report = SyncEngine(client, Repository(db), run_id="bench").run(full=True)
    seconds = time.perf_counter() - started
    db.close()
    assert report.status == "success", report.to_dict()
    fetched = sum(r.fetched for r in report.results)
    return seconds, fetched, client.requests_made


def unthrottled(profile: str, kinds: list[str]) -> None:
    with simulator(profile, "100000000/60") as ready:
        records, minimum = minimum_requests(ready)
        print(f"{profile}: {records} records, minimum {minimum} list requests")
        for kind in kinds:
            with database(kind) as url:
                seconds, fetched, used = full_sync(ready, url, (100_000_000, 60))
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"  {kind:>8}: {seconds:7.1f} s, {records / seconds:8.0f} records/s, "
                f"requests {used} = {used / minimum:.3f} × minimum, "
                f"peak RSS {peak:.0f} MB"
            )


def throttled(profile: str, rate: str) -> None:
    limit, window = (int(x) for x in rate.split("/"))
    with simulator(profile, f"{limit}/{window}") as ready:
        records, minimum = minimum_requests(ready)
        with database("sqlite") as url:
            seconds, _, used = full_sync(ready, url, (limit, window))
    # A rolling window admits ``limit`` requests at once, then ``limit`` per window.
    bound = max(0, minimum - limit) * window / limit
    print(
        f"{profile} at {limit}/{window} s: {seconds:.1f} s for {records} records; "
        f"lower bound {bound:.1f} s ({minimum} requests) → {seconds / bound:.2f} × "
        f"the bound, {used} requests used"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", default="large")
    parser.add_argument("--throttled", default="medium")
    parser.add_argument("--limit", default="100/10", help="throttled run's limit")
    parser.add_argument("--db", default="sqlite,postgres")
    args = parser.parse_args()
    if args.throttled:
        throttled(args.throttled, args.limit)
    if args.profile:
        unthrottled(args.profile, args.db.split(","))


if __name__ == "__main__":
    main()
