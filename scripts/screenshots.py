"""Render the real window offscreen against the simulator into docs/screenshots/.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m scripts.screenshots

Every window and state a user meets (idle, REST on, running, waiting for
QBench's limit, cancelled, failed, partial (sections QBench refused for lack of
permission: amber), Configuración, Configuración without a keyring, Historial,
a run's detail: the partial run's 27 sections), at 100 % (``name.png``) and at
150 % scaling (``name@1.5x.png``): each scale runs in its own process, since Qt
fixes the scale when the application starts (``QT_SCALE_FACTOR``). Offscreen,
the screen is a 1366x768 laptop's (911x512 at 150 %), the smallest the program
is made for.

Everything happens in a throwaway QBENCH_BACKUP_HOME with an in-memory keyring,
so the real profile, keyring and backup are never touched.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

# The offscreen platform's screen: a 1366x768 laptop (its default is 800x800).
LAPTOP = {
    "screens": [
        {
            "name": "laptop",
            "x": 0,
            "y": 0,
            "width": 1366,
            "height": 768,
            "logicalDpi": 96,
            "logicalBaseDpi": 96,
            "dpr": 1,
        }
    ]
}
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    _screen = Path(tempfile.mkdtemp(prefix="qbb-screen-")) / "laptop.json"
    _screen.write_text(json.dumps(LAPTOP))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen}"

import keyring  # noqa: E402
from keyring.backends.fail import Keyring as FailKeyring  # noqa: E402

from tests.fakes import InMemoryKeyring  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
V2 = "/qbench/api/v2"
TESTS = f"{V2}/tests"
# The lists an API client without these scopes is refused (403): a partial run.
FORBIDDEN = ("contacts", "quotations", "invoices", "invoice-items", "payments")


def _wait(app, condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.01)


def _settle(app, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def _port() -> int:
    """The API's default port 8765 if free here, else any free one."""
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", 8765))
        except OSError:
            sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SCALES = ("1", "1.5")


def _save(widget, name: str) -> None:
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    stem = name.removesuffix(".png")
    path = OUT / (f"{stem}.png" if scale == "1" else f"{stem}@{scale}x.png")
    widget.grab().save(str(path))
    print(f"wrote {path}")


def main() -> int:
    """Make every screenshot at every scale (one process per scale)."""
    import subprocess

    for scale in SCALES:
        env = {**os.environ, "QT_SCALE_FACTOR": scale}
        code = subprocess.run(
            [sys.executable, "-m", "scripts.screenshots", "--one-scale"], env=env
        ).returncode
        if code:
            return code
    return 0


def one_scale() -> int:
    """Make the screenshots at this process's scale; returns the exit code."""
    os.environ["QBENCH_BACKUP_HOME"] = tempfile.mkdtemp(prefix="qbb-shots-")
    keyring.set_keyring(InMemoryKeyring())
    from app import services
    from app.config import Settings
    from app.credentials import set_secret
    from app.sim.server import SimConfig, Simulator
    from app.sim.tenant import TenantSpec
    from app.ui.application import create_qapplication
    from app.ui.main_window import MainWindow, WindowContext

    OUT.mkdir(parents=True, exist_ok=True)
    app = create_qapplication(sys.argv[:1])
    sim = Simulator(TenantSpec(profile="small"), config=SimConfig()).start()
    try:
        set_secret(sim.client_id, sim.client_secret)
        settings = Settings(base_url=sim.base_url, client_id=sim.client_id)
        connection = services.Connection(sim.base_url, sim.client_id, sim.client_secret)
        # An earlier, successful backup of two entities: the window's own run
        # then reads the 25 pages of tests for the first time (slow page 3).
        services.run_sync(settings, connection, entities=("customers", "assays"))
        window = MainWindow(WindowContext(settings))
        window.show()
        _wait(app, lambda: "Último respaldo" in window.indicator_label.text())
        _settle(app)
        _save(window, "main-idle.png")

        # The REST API on: the panel shows its address. The token it showed once
        # is dismissed first: a token never goes into a file.
        window.on_settings_saved(replace(settings, api_enabled=True, api_port=_port()))
        window.api_panel.forget_token()
        _settle(app)
        _save(window, "main-rest-on.png")
        window.on_settings_saved(settings)

        sim.add_fault("slow", path=TESTS, page=3, seconds=4.0, times=1)
        window.start_sync()
        _wait(app, lambda: window.progress_view.text("tests", 2) != "")
        _settle(app, 0.5)
        _save(window, "main-running.png")
        _wait(app, lambda: not window.syncing)

        # QBench's limit: a 429 asking for 40 s; the window counts down.
        sim.add_fault(
            "status", path="/qbench/api/v2/orders", status=429, seconds=40, times=1
        )
        window.start_sync()
        _wait(app, lambda: window.progress_view.wait_label.isVisible())
        _settle(app, 1.2)
        _save(window, "main-waiting.png")
        window.cancel_sync()  # Cancelar ends the wait at once
        _wait(app, lambda: not window.syncing)
        _wait(app, lambda: "canceló" in window.indicator_label.text())
        _settle(app)
        _save(window, "main-cancelled.png")

        sim.clear_faults()
        sim.add_fault("status", status=400, path="/qbench/api/v2/orders", times=100)
        window.start_sync()
        _wait(app, lambda: not window.syncing)
        _wait(app, lambda: "falló" in window.indicator_label.text())
        _settle(app)
        _save(window, "main-failed.png")

        # The API client lacks scopes: QBench answers 403 for five lists; the
        # rest is copied and the indicator is amber, naming the scopes to grant.
        sim.clear_faults()
        for path in FORBIDDEN:
            sim.add_fault("status", status=403, path=f"{V2}/{path}", times=100)
        window.start_sync()
        _wait(app, lambda: not window.syncing)
        _wait(app, lambda: "sin permiso" in window.indicator_label.text())
        _settle(app)
        _save(window, "main-partial.png")
        sim.clear_faults()

        dialog = window.open_settings()
        dialog.secret_edit.setText("not-the-real-secret")  # shown as dots
        _settle(app)
        _save(dialog, "settings.png")
        dialog.reject()

        keyring.set_keyring(FailKeyring())  # a computer without a keyring
        from app.ui.settings_dialog import FIRST_RUN_TEXT, SettingsDialog

        bare = SettingsDialog(Settings(), intro=FIRST_RUN_TEXT)
        bare.show()
        _settle(app)
        _save(bare, "settings-no-keyring.png")
        bare.reject()
        keyring.set_keyring(InMemoryKeyring())

        history = window.open_history()
        _wait(app, lambda: history.table.rowCount() >= 3)
        _settle(app)
        _save(history, "history.png")
        partial = next(  # the partial run: all 27 sections, five skipped
            row for row, run in enumerate(history.runs) if run.status == "partial"
        )
        detail = history.open_detail(partial)
        _settle(app)
        _save(detail, "history-detail.png")
        detail.close()
        window.close()
    finally:
        sim.stop()
    return 0


if __name__ == "__main__":
    if set(sys.argv[1:]) - {"--one-scale"}:  # --help or a typo: never overwrite
        print(__doc__.strip(), file=sys.stderr)
        print("\noptions: --one-scale (render the current scale only)", file=sys.stderr)
        sys.exit(2)
    sys.exit(one_scale() if "--one-scale" in sys.argv else main())
