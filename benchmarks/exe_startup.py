"""Size and cold-start times of the frozen executable (figures, never assertions).

    .venv/bin/python -m benchmarks.exe_startup [--runs 7]

Needs ``dist/qbench-backup`` (``scripts/frozen_smoke.py`` builds it). Prints the
file size, the median wall time of ``--version`` and of the window's first paint
(``--demo`` offscreen with ``QBENCH_BACKUP_EXIT_AFTER_PAINT=1``, which quits as
soon as the main window has painted once).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

EXE = Path(__file__).resolve().parents[1] / "dist" / "qbench-backup"


def timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [str(EXE), *args], env=env, check=True, capture_output=True, timeout=120
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    print(f"{EXE.name}: {EXE.stat().st_size / 2**20:.1f} MB")
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QBENCH_BACKUP_HOME": home}
        version = [timed(["--version"], env) for _ in range(runs)]
        print(f"--version: median {statistics.median(version):.2f} s over {runs} runs")
        gui_env = {
            **env,
            "QT_QPA_PLATFORM": "offscreen",
            "QBENCH_BACKUP_EXIT_AFTER_PAINT": "1",
        }
        paint = [timed(["--demo"], gui_env) for _ in range(runs)]
        print(
            f"window first paint (--demo, offscreen): median "
            f"{statistics.median(paint):.2f} s over {runs} runs"
        )


if __name__ == "__main__":
    main()
