"""``python -m app.sim``: run the QBench simulator as a standalone server."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time

from app.sim.faults import PRESETS, preset
from app.sim.profiles import PROFILES
from app.sim.server import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    SimConfig,
    Simulator,
)
from app.sim.tenant import TenantSpec


def _rate(text: str) -> tuple[int, int]:
    try:
        count, seconds = (int(part) for part in text.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError("expected N/SECONDS, e.g. 300/60") from None
    if count < 1 or seconds < 1:
        raise argparse.ArgumentTypeError("both numbers must be positive")
    return count, seconds


def _names(text: str) -> frozenset[str]:
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m app.sim", description="A simulated QBench tenant on loopback."
    )
    add = parser.add_argument
    add("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    add("--port", type=int, default=0, help="port (0 = pick a free one)")
    add("--profile", default="small", choices=sorted(PROFILES), help="tenant size")
    add("--seed", type=int, default=1, help="seed of the generated tenant")
    add("--lab-tz", default="America/Chicago", help="IANA zone dates are shown in")
    add("--anchor", type=int, default=None, help="unix time the tenant is 'now' at")
    add("--frozen-clock", action="store_true", help="the data clock does not tick")
    add("--rate-limit", type=_rate, default=(300, 60), help="N/SECONDS per client")
    add("--concurrency", type=int, default=10, help="requests in flight per client")
    add("--token-ttl", type=int, default=3600, help="access-token lifetime, seconds")
    add(
        "--oversize",
        choices=("clamp", "reject"),
        default="clamp",
        help="page_size above 50: serve 50 silently, or refuse with 400",
    )
    add("--faults", choices=sorted(PRESETS), default="none", help="fault preset")
    add("--fault-seed", type=int, default=0)
    add(
        "--scopes",
        type=_names,
        default=None,
        help="comma-separated scopes (OpenAPI tags, e.g. ORDER,SAMPLE) the client "
        "has; other v2 endpoints answer 403 (default: all)",
    )
    add(
        "--missing-paths",
        type=_names,
        default=frozenset(),
        help="comma-separated v2 paths the tenant lacks, answered with 404 "
        "(e.g. invoices,orders/{order_id}/comments)",
    )
    add("--client-id", default=DEFAULT_CLIENT_ID)
    add(
        "--client-secret",
        default=None,
        help="defaults to $QBENCH_SIM_CLIENT_SECRET, else the built-in demo secret",
    )
    return parser


def config_from_args(args: argparse.Namespace) -> tuple[TenantSpec, SimConfig]:
    secret = (
        args.client_secret
        or os.environ.get("QBENCH_SIM_CLIENT_SECRET")
        or DEFAULT_CLIENT_SECRET
    )
    spec_kwargs = {"profile": args.profile, "seed": args.seed, "lab_tz": args.lab_tz}
    if args.anchor is not None:
        spec_kwargs["anchor"] = args.anchor
    config = SimConfig(
        clients={args.client_id: secret},
        token_ttl=args.token_ttl,
        rate_limit=args.rate_limit[0],
        rate_window=args.rate_limit[1],
        concurrency=args.concurrency,
        oversize_page=args.oversize,
        fault_seed=args.fault_seed,
        faults=preset(args.faults),
        scopes=args.scopes,
        missing_paths=args.missing_paths,
    )
    return TenantSpec(**spec_kwargs), config


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        spec, config = config_from_args(args)
    except ValueError as exc:  # an unknown scope or path: a usage error
        parser.error(str(exc))
    started = time.perf_counter()
    sim = Simulator(
        spec,
        config=config,
        host=args.host,
        port=args.port,
        ticking=not args.frozen_clock,
    )
    sim.start()
    ready = {
        "base_url": sim.base_url,
        "client_id": sim.client_id,
        "profile": spec.profile,
        "records": sum(sim.tenant.count(e) for e in sim.tenant.entities()),
        "generated_in_s": round(time.perf_counter() - started, 2),
    }
    print(json.dumps(ready), flush=True)
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    stop.wait()
    sim.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
