"""How long the window's event loop stalls while a sync runs (a figure, not a test).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.ui_stall [--profile small]

Opens the real main window offscreen, presses ACTUALIZAR against the simulator
(``small`` tenant, a fresh SQLite file) and, during the sync, lets a 5 ms
QTimer note when it really fires. Prints the longest gap between two ticks
(the worst freeze a user could feel), its lateness over 5 ms and the 99th
percentile gap.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

INTERVAL_MS = 5


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="small")
    args = parser.parse_args(argv)
    home = tempfile.mkdtemp(prefix="qbb-ui-stall-")
    os.environ["QBENCH_BACKUP_HOME"] = home

    from PySide6.QtCore import QTimer

    from app.config import Settings
    from app.credentials import ENV_SECRET
    from app.sim.server import SimConfig, Simulator
    from app.sim.tenant import TenantSpec
    from app.ui.application import create_qapplication
    from app.ui.main_window import MainWindow, WindowContext

    app = create_qapplication(sys.argv[:1])
    sim = Simulator(TenantSpec(profile=args.profile), config=SimConfig()).start()
    try:
        settings = Settings(base_url=sim.base_url, client_id=sim.client_id)
        context = WindowContext(
            settings,
            {ENV_SECRET: sim.client_secret},
            db_url=f"sqlite:///{home}/bench.sqlite3",
        )
        window = MainWindow(context)
        window.show()
        ticks: list[float] = []
        timer = QTimer()
        timer.setInterval(INTERVAL_MS)
        timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
        started = time.perf_counter()
        timer.start()
        window.start_sync()
        while window.syncing:
            app.processEvents()
            time.sleep(0.001)
        timer.stop()
        elapsed = time.perf_counter() - started
        report = window.last_report
        window.close()
    finally:
        sim.stop()
    gaps = sorted(b - a for a, b in zip(ticks, ticks[1:], strict=False))
    if not gaps:
        print("no timer ticks were recorded")
        return 1
    longest = gaps[-1]
    p99 = gaps[int(len(gaps) * 0.99) - 1]
    print(
        f"profile {args.profile}: sync {report.status if report else '?'} in "
        f"{elapsed:.2f} s, {len(ticks)} ticks of a {INTERVAL_MS} ms timer"
    )
    print(
        f"longest UI stall: {longest * 1000:.1f} ms "
        f"(lateness {max(0.0, longest * 1000 - INTERVAL_MS):.1f} ms); "
        f"p99 gap {p99 * 1000:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
