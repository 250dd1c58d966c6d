"""pytest-qt on the offscreen platform; every test here is marked ``gui``."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from app.config import Settings  # noqa: E402
from app.credentials import set_secret  # noqa: E402

HERE = os.path.dirname(__file__)


def pytest_collection_modifyitems(items):
    """Mark ``gui`` every test here that needs a QApplication (qutebrowser's trick)."""
    for item in items:
        needs_qt = {"qtbot", "qapp"} & set(getattr(item, "fixturenames", ()))
        if str(item.fspath).startswith(HERE) and needs_qt:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session")
def qapp():
    """The application as the program makes it: Spanish locale, our catalogue."""
    from app.ui.application import create_qapplication

    return create_qapplication(["pytest"])


@pytest.fixture
def tenant_settings(sim, memory_keyring) -> Settings:
    """Settings pointing at the ``tiny`` simulator, its secret in the keyring."""
    set_secret(sim.client_id, sim.client_secret)
    return Settings(base_url=sim.base_url, client_id=sim.client_id)


@pytest.fixture
def gui_launch(monkeypatch, tmp_path, memory_keyring):
    """``launch.run_gui`` with the event loop replaced by ``seen["inspect"](window)``
    (``seen["window"]`` is the window it opened); the application's display name
    is put back afterwards (``--demo`` changes it)."""
    from PySide6.QtWidgets import QApplication

    from app.logs import reset_logging
    from app.ui import launch
    from app.ui.application import APP_TITLE
    from app.ui.main_window import MainWindow

    monkeypatch.setattr(
        launch, "default_name", lambda demo=False: str(tmp_path / f"gui-{demo}.sock")
    )
    seen: dict = {}

    def fake_exec(app) -> int:
        seen["window"] = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w.isVisible()
        )
        return seen.pop("inspect")(seen["window"]) or 0

    monkeypatch.setattr(launch, "exec_app", fake_exec)
    yield seen
    reset_logging()
    if QApplication.instance() is not None:
        QApplication.setApplicationDisplayName(APP_TITLE)


@pytest.fixture
def make_window(qtbot, sqlite_url):
    """Factory: a shown MainWindow on a temporary SQLite database."""
    from app.ui.main_window import MainWindow, WindowContext

    made: list[MainWindow] = []  # alive until pytest-qt has closed them

    def _make(settings: Settings, **context) -> MainWindow:
        context.setdefault("db_url", sqlite_url)
        window = MainWindow(WindowContext(settings, **context), poll_ms=100)
        # pytest-qt holds a weak reference only: a window the test let go of was
        # deleted unclosed, its REST server and threads left running.
        made.append(window)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.current_indicator.text != "", timeout=5000)
        return window

    return _make
