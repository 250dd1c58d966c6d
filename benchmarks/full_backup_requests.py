"""First-backup requests of every registry entity against the simulator (figures).

    .venv/bin/python -m benchmarks.full_backup_requests [--profile large]
        [--limit 300/60] [--worksheets]

Prints, for a tenant, per entity kind and in total: the requests a first backup
used, the minimum (Σ ceil(n / 50) over every list, deleted records included
where the list shows them, plus one request per order for its comments), what a
full pass adds by design (per ``changes`` entity: the newest-change probe, the
``DELETED_ONLY`` listing and the live count; per ``changes_without_deleted``:
the count; per entity: the plan's one-row count on a first backup; reports: the
second read; a catalogue or quotations over more than one page: its id
comparison's second listing), and the backup's time ÷ the rate-limit bound at
``--limit`` (a rolling window admits ``limit`` requests at once, then
``limit`` per window). The simulator's limit is the one given, so the time is real.
"""

from __future__ import annotations

import argparse
import math
import time
from collections import Counter

import requests

from app.entities import ENTITIES, EntityDef
from app.qbench import QBenchClient
from app.storage.db import open_database
from app.storage.migrations import migrate
from app.storage.repository import Repository
from app.sync.engine import SyncEngine, ordered
from benchmarks.sync_speed import database, simulator

PAGE = 50
SECRET = "sim-secret-do-not-use-in-production"


def _stats_key(defn: EntityDef) -> str:
    """The simulator's name for an entity: its v2 path (children: the entity)."""
    return defn.path if "{" not in defn.path else defn.name.replace("_", "-")


def kind_of(path: str) -> str:
    """The sync kind of the entity a request path reads ("token": the token)."""
    rest = path.split("/qbench/api/v2/", 1)[-1]
    if rest == path:
        return "token"
    parts = rest.split("/")
    for defn in ENTITIES.values():
        pattern = defn.path.split("/")
        if len(pattern) == len(parts) and all(
            p.startswith("{") or p == q for p, q in zip(pattern, parts, strict=True)
        ):
            return defn.sync
    top = ENTITIES.get(parts[0].replace("-", "_"))  # a single GET /<path>/<id>
    return top.sync if top is not None else "other"


def expected(stats: dict, names: tuple[str, ...]) -> tuple[Counter, Counter]:
    """(minimum, by-design extra) requests per entity kind for a first backup."""
    minimum: Counter = Counter()
    extra: Counter = Counter()
    for name in names:
        defn = ENTITIES[name]
        counts = stats.get(_stats_key(defn), {"live": 0, "all": 0})
        kind = defn.sync
        if kind in ("children", "worksheet"):  # one request per parent
            parent = stats.get(_stats_key(ENTITIES[defn.per or ""]), {"live": 0})
            minimum[kind] += parent["live"]
            continue
        listed = counts["all"] if defn.include_deleted else counts["live"]
        minimum[kind] += max(1, math.ceil(listed / PAGE))
        extra[kind] += 1  # the plan's one-row count on a first backup
        if kind == "changes":  # newest change, DELETED_ONLY listing, live count
            deleted = counts["all"] - counts["live"]
            extra[kind] += 1 + max(1, math.ceil(deleted / PAGE)) + 1
        elif kind == "changes_without_deleted":  # the live count
            extra[kind] += 1
        if kind in ("catalogue", "changes_without_deleted") and listed > PAGE:
            # a whole listing over several pages is compared by id once more
            extra[kind] += math.ceil(listed / PAGE)  # (tests/sync/test_listing_shift)
        elif kind == "reports":  # the second read
            extra[kind] += max(1, math.ceil(listed / PAGE))
    return minimum, extra


def run(profile: str, rate: str, worksheets: bool) -> None:
    limit, window = (int(x) for x in rate.split("/"))
    with simulator(profile, f"{limit}/{window}") as ready:
        stats = requests.get(ready["base_url"] + "/_sim/stats", timeout=60).json()
        names = ordered(None, worksheets=worksheets)
        minimum, extra = expected(stats, names)
        with database("sqlite") as url:
            db = open_database(url)
            migrate(db)
            used: Counter = Counter()  # requests per kind, as they are sent
            client = QBenchClient(
                ready["base_url"],
                ready["client_id"],
                SECRET,
                on_request=lambda event: used.update([kind_of(event.path)]),
                rate_limit=(limit, window),
            )
            started = time.perf_counter()
            with client:
                engine = SyncEngine(  # a listener, as the window and the CLI have:
                    client,  # the plan's first-backup counts are made
                    Repository(db),
                    run_id="bench",
                    worksheets=worksheets,
                    on_progress=lambda event: None,
                )
                report = engine.run(full=True)
            seconds = time.perf_counter() - started
            db.close()
    print(f"{profile}: first backup {report.status}, {len(names)} entities")
    for kind in sorted(set(minimum) | set(used)):
        print(
            f"  {kind:>24}: {used[kind]:6d} requests; minimum {minimum[kind]:6d}"
            f" + {extra[kind]:4d} by design"
        )
    total_min, total_extra = sum(minimum.values()), sum(extra.values())
    total = client.requests_made
    bound = max(0, total - limit) * window / limit
    print(
        f"  total: {total} requests (token and lab-clock probe included); minimum "
        f"{total_min} → {total / max(1, total_min):.3f} × the minimum, "
        f"{total / max(1, total_min + total_extra):.3f} × minimum + by design"
    )
    if bound:
        print(
            f"  at {limit}/{window} s: {seconds:.1f} s against a rate-limit bound of "
            f"{bound:.1f} s for {total} requests → {seconds / bound:.2f} × the bound"
        )
    else:
        print(f"  {seconds:.1f} s (within the limit's first window: no bound)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", default="large")
    parser.add_argument("--limit", default="300/60", help="the simulator's limit")
    parser.add_argument("--worksheets", action="store_true")
    args = parser.parse_args()
    run(args.profile, args.limit, args.worksheets)


if __name__ == "__main__":
    main()
