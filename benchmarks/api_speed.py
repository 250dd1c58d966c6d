"""REST API figures on loopback (figures, never assertions).

    .venv/bin/python -m benchmarks.api_speed [--rows 300000] [--db sqlite|postgres]
        [--seconds 5] [--clients 4]

Fills a database with ``--rows`` tests (the simulator's ``large`` tenant, its
payloads repeated under new ids, written with ``Repository.upsert_page``; no
HTTP), serves it with ``ApiServer`` (waitress, 4 threads) in a child process, and
prints requests/s and p99 latency of a 50-row page at random keyset cursors
and of the 50 most recently changed rows (``sort=-last_updated``), first page
and at random depths (cursors), beside the
same server's no-database ping (``/api/v1/health``).
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg2
import requests

from app.api.auth import hash_token
from app.api.factory import create_app
from app.api.queries import Cursor
from app.api.server import ApiServer
from app.sim.clock import SimClock
from app.sim.tenant import Tenant, TenantSpec
from app.storage.db import open_database
from app.storage.migrations import migrate
from app.storage.models import ENTITY_MODELS
from app.storage.repository import Repository

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
TOKEN = "benchmark-token"
CHUNK = 5_000


def fill(url: str, rows: int) -> int:
    """Write ``rows`` tests into ``url``; returns the largest id."""
    spec = TenantSpec(profile="large")
    records = Tenant(spec, SimClock(spec.anchor, ticking=False)).dump("v2")["tests"]
    stride = max(r["id"] for r in records) + 1
    db = open_database(url)
    migrate(db)
    repo = Repository(db)
    started, written, copy = time.perf_counter(), 0, 0
    while written < rows:
        batch = [
            {**r, "id": r["id"] + copy * stride} for r in records[: rows - written]
        ]
        for start in range(0, len(batch), CHUNK):
            repo.upsert_page("tests", batch[start : start + CHUNK])
        written += len(batch)
        copy += 1
    print(f"filled {written} rows in {time.perf_counter() - started:.1f} s")
    repo.refresh_statistics()  # what a sync does after writing
    top = repo.max_id("tests") or 0
    db.close()
    return top


def serve(url: str) -> None:
    """Child process: serve ``url`` and print the port, until stdin closes."""
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "queue depth"
    app = create_app(url, token_hash=hash_token(TOKEN))
    with ApiServer(app, "127.0.0.1", 0, threads=4) as server:
        print(json.dumps({"port": server.port}), flush=True)
        sys.stdin.read()


def load(make_url, seconds: float, clients: int) -> tuple[float, float, int]:
    """(requests/s, p99 ms, errors) for ``clients`` keep-alive clients."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        mine, bad = [], 0
        with requests.Session() as session:
            session.headers["Authorization"] = f"Bearer {TOKEN}"
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                response = session.get(make_url())
                mine.append(time.perf_counter() - t0)
                bad += response.status_code != 200
        with lock:
            latencies.extend(mine)
            errors[0] += bad

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    p99 = statistics.quantiles(latencies, n=100)[98] * 1000
    return len(latencies) / elapsed, p99, errors[0]


def sorted_cursors(url: str, top: int, count: int = 200) -> list[str]:
    """``sort=-last_updated`` cursors standing at random rows (random depths)."""
    model = ENTITY_MODELS["tests"]
    rng = random.Random(2)
    db = open_database(url)
    try:
        with db.connection_context():
            picked = model.select(model.qbench_last_updated, model.qbench_id).where(
                model.qbench_id.in_([rng.randrange(top) for _ in range(count)])
            )
            return [
                Cursor("-last_updated", r.qbench_last_updated, r.qbench_id).encode()
                for r in picked
            ]
    finally:
        db.close()


def run(url: str, label: str, rows: int, seconds: float, clients: int) -> None:
    top = fill(url, rows)
    cursors = sorted_cursors(url, top)
    child = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.api_speed", "--serve-url", url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{json.loads(child.stdout.readline())['port']}"
        rng = random.Random(1)

        def page() -> str:
            return f"{base}/api/v1/tests?limit=50&after={rng.randrange(top)}"

        load(page, 1.0, clients)  # warm-up

        def newest() -> str:  # a dashboard's "latest changes": sorted on a date
            return f"{base}/api/v1/tests?limit=50&sort=-last_updated"

        def deeper() -> str:  # the same listing, paged on from a random depth
            cursor = rng.choice(cursors)
            return f"{base}/api/v1/tests?limit=50&sort=-last_updated&cursor={cursor}"

        for name, make in (("health", lambda: f"{base}/api/v1/health"),
                           ("page50", page), ("newest50", newest),
                           ("deeper50", deeper)):  # fmt: skip
            rps, p99, bad = load(make, seconds, clients)
            print(
                f"{label:8} {name:8} {rps:8.0f} req/s   p99 {p99:6.1f} ms"
                f"   errors {bad}   ({clients} clients, {rows} rows)"
            )
    finally:
        child.stdin.close()
        child.wait(30)
        child.stdout.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--db", default="sqlite", help="sqlite, postgres or both")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--serve-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_url:
        serve(args.serve_url)
        return
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    for kind in kinds:
        if kind == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
                run(url, kind, args.rows, args.seconds, args.clients)
            continue
        name = f"qbb_bench_{uuid.uuid4().hex[:8]}"
        admin = psycopg2.connect(PG_ADMIN)
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}"')
        try:
            run(f"{PG_ADMIN.rsplit('/', 1)[0]}/{name}", kind, args.rows,
                args.seconds, args.clients)  # fmt: skip
        finally:
            with admin.cursor() as cur:
                cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()


if __name__ == "__main__":
    main()
