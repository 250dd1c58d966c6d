"""Build the one-file executable and smoke-test it as users and the scheduler run it.

    .venv/bin/python scripts/frozen_smoke.py [--no-build]

Checks, each against the frozen exe in ``dist/``: ``--version``; ``--diagnose``
(the keyring backend it found); ``--demo --sync --json`` into a temporary home
(exit 0, the expected counts); a real ``--sync`` against a separately started
simulator with credentials from the environment (exit 0), and with a wrong secret
(exit 4); the window starting offscreen, painting and closing. Exits non-zero on
the first failure; prints what it measured.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXE = ROOT / "dist" / ("qbench-backup.exe" if os.name == "nt" else "qbench-backup")


def build() -> None:
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "qbench_backup.spec",
        ],
        cwd=ROOT,
        check=True,
    )
    size = EXE.stat().st_size / 2**20
    print(f"built {EXE.name}: {size:.1f} MB in {time.perf_counter() - started:.0f} s")


def run(args: list[str], env: dict[str, str], expect: int = 0) -> str:
    result = subprocess.run(
        [str(EXE), *args], env=env, capture_output=True, text=True, timeout=300
    )
    if result.returncode != expect:
        sys.exit(
            f"FAIL {' '.join(args)}: exit {result.returncode}, expected {expect}\n"
            f"{result.stderr[-2000:]}"
        )
    return result.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-build", action="store_true")
    options = parser.parse_args()
    if not options.no_build:
        build()
    sys.path.insert(0, str(ROOT))
    from app import __version__

    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QBENCH_BACKUP_HOME": home}
        for name in ("QBENCH_BASE_URL", "QBENCH_CLIENT_ID", "QBENCH_CLIENT_SECRET"):
            env.pop(name, None)
        assert run(["--version"], env).strip() == __version__, "version"
        print(f"ok --version {__version__}")
        info = json.loads(run(["--diagnose"], env))
        assert info["frozen"] is True and info["data_dir"].startswith(home)
        print(f"ok --diagnose keyring: {info['keyring']}")
        demo = json.loads(run(["--demo", "--sync", "--json"], env).splitlines()[-1])
        assert demo["status"] == "success" and demo["totals"]["fetched"] > 2000, demo
        print(f"ok --demo --sync: {demo['totals']}")
        real_sync(env, home)
        gui = {
            **env,
            "QT_QPA_PLATFORM": "offscreen",
            "QBENCH_BACKUP_EXIT_AFTER_PAINT": "1",
        }
        started = time.perf_counter()
        run(["--demo"], gui)
        print(
            f"ok window starts offscreen, paints and closes "
            f"({time.perf_counter() - started:.1f} s)"
        )


def real_sync(env: dict[str, str], home: str) -> None:
    sim = subprocess.Popen(
        [sys.executable, "-m", "app.sim", "--profile", "tiny", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        ready = json.loads(sim.stdout.readline())
        from app.sim.server import DEFAULT_CLIENT_SECRET

        creds = {
            "QBENCH_BASE_URL": ready["base_url"],
            "QBENCH_CLIENT_ID": ready["client_id"],
            "QBENCH_CLIENT_SECRET": DEFAULT_CLIENT_SECRET,
        }
        db = f"sqlite:///{Path(home) / 'real.sqlite3'}"
        out = run(["--sync", "--json", "--db-url", db], {**env, **creds})
        summary = json.loads(out.splitlines()[-1])
        assert summary["status"] == "success", summary
        print(f"ok --sync against a separate simulator: {summary['totals']}")
        wrong = {**creds, "QBENCH_CLIENT_SECRET": "wrong-secret-" + "x" * 24}
        run(["--sync", "--db-url", db], {**env, **wrong}, expect=4)
        print("ok wrong secret -> exit 4")
    finally:
        sim.terminate()
        sim.wait()
        sim.stdout.close()


if __name__ == "__main__":
    main()
