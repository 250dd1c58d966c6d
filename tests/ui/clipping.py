"""Is any text cut? (issue 11 point 4) — and a probe run at a given scale.

A label is clipped when its layout gave it less room than its text needs: a
word-wrapped label shorter than its height for its width, any other label or
button narrower or shorter than its size hint. Run as a module it opens every
window and dialog in a telling state and prints the problems as JSON; the test
runs it with ``QT_SCALE_FACTOR`` 1 and 1.5 (125 %/150 % Windows scaling), since
the scale is fixed when the QApplication starts.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

SLACK = 1  # pixels of rounding


def clipped(root: QWidget) -> list[str]:
    """``where: text`` of every visible label or button too small for its text."""
    problems = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible() or widget.width() <= 0:
            continue
        if isinstance(widget, QLabel) and widget.text() and not widget.pixmap():
            if _label_cut(widget):
                problems.append(_where(widget, widget.text()))
        elif isinstance(widget, QAbstractButton) and widget.text():
            hint = widget.sizeHint()
            if hint.width() > widget.width() + SLACK:
                problems.append(_where(widget, widget.text()))
    return problems


def beyond_screen(window: QWidget) -> list[str]:
    """The window when it is larger than its screen's free area."""
    free = window.screen().availableGeometry()
    size = window.frameGeometry()
    if size.width() <= free.width() and size.height() <= free.height():
        return []
    return [
        f"{type(window).__name__} is {size.width()}x{size.height()}, the screen "
        f"has {free.width()}x{free.height()}"
    ]


def _label_cut(label: QLabel) -> bool:
    rect = label.contentsRect()
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        return needed > label.height() + SLACK
    hint = label.sizeHint()
    margin = label.width() - rect.width()
    return hint.width() > rect.width() + margin + SLACK or (
        hint.height() > label.height() + SLACK
    )


def _where(widget: QWidget, text: str) -> str:
    window = widget.window()
    return (
        f"{type(window).__name__} > {type(widget).__name__}"
        f"({widget.width()}x{widget.height()}, needs {widget.sizeHint().width()}"
        f"x{widget.sizeHint().height()}): {text[:80]!r}"
    )


def _probe() -> list[str]:
    """Open the windows and dialogs in their most crowded states; the problems."""
    import os
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    home = tempfile.mkdtemp(prefix="qbb-clip-")
    os.environ["QBENCH_BACKUP_HOME"] = home
    import keyring
    import keyring.backends.fail

    keyring.set_keyring(keyring.backends.fail.Keyring())  # the no-keyring notes
    from app.config import Settings
    from app.demo import demo_settings
    from app.ui.application import create_qapplication
    from app.ui.main_window import MainWindow, WindowContext
    from app.ui.settings_dialog import FIRST_RUN_TEXT, SettingsDialog

    app = create_qapplication(["clipping-probe"])
    problems: list[str] = []
    long_reason = (
        "No se pudo conectar con QBench. Revise la dirección del servidor y la "
        "conexión a Internet, o inténtelo más tarde. "
    ) * 3
    window = MainWindow(
        WindowContext(Settings(), db_url=f"sqlite:///{home}/clip.sqlite3")
    )
    window.show()
    app.processEvents()
    width = window.width()
    window.on_sync_failed(long_reason)
    app.processEvents()
    problems += clipped(window) + beyond_screen(window)
    if window.width() != width:
        problems.append(f"the main window widened from {width} to {window.width()}")
    problems += _rest_api_states(app, window, width)
    problems += _every_section(app, window, width)
    for intro in (FIRST_RUN_TEXT, long_reason):
        dialog = SettingsDialog(Settings(), intro=intro)
        dialog.show()
        app.processEvents()
        dialog.save()  # empty: every field's problem is shown
        app.processEvents()
        for widget in dialog.field_widgets.values():
            dialog.scroll_area.ensureWidgetVisible(widget)
            app.processEvents()
            problems += clipped(dialog)
        dialog.close()
    demo = SettingsDialog(demo_settings(), demo=True)
    demo.show()
    demo.api_host_edit.setText("")
    demo.save()  # the one problem a demo can have
    app.processEvents()
    problems += clipped(demo)
    demo.close()
    history = window.open_history()
    app.processEvents()
    problems += clipped(history) + beyond_screen(history)
    problems += _rest_states(app, window)
    window.shutdown()
    return sorted(set(problems))


def _every_section(app, window, width: int) -> list[str]:
    """A run of every registry entity (~29 rows, issue 12), the longest Spanish
    section names among them, one skipped for lack of permission, and the
    amber indicator of a partial run with its long reason."""
    from datetime import UTC, datetime

    from app.entities import ALL_ENTITIES
    from app.run_state import BackupState, RunOutcome
    from app.sync.report import SectionDone, SectionPlan, SectionStarted, SyncPlan

    view = window.progress_view
    view.reset()
    plan = tuple(SectionPlan(entity, "full", 3) for entity in ALL_ENTITIES)
    view.on_progress(SyncPlan(plan, 270, 60.0))
    view.on_progress(SectionStarted("contacts", "full"))
    view.on_progress(SectionDone("contacts", "skipped", "full"))
    longest = max(ALL_ENTITIES, key=len)
    view.on_progress(SectionStarted(longest, "full"))
    now = datetime.now(UTC)
    reason = "\n".join(
        f"Sin permiso para {name}: conceda el alcance {name.upper()} al cliente "
        "de la API en QBench."
        for name in ("Contactos", "Conceptos de factura", "Clientes de la API")
    )
    run = RunOutcome("p", "partial", now, now, "403", reason, 5)
    window.on_backup_state(BackupState("partial", now, run, reason))
    app.processEvents()
    problems = clipped(window)
    if view.table.rowCount() != len(ALL_ENTITIES):
        problems.append(
            f"{view.table.rowCount()} progress rows, not {len(ALL_ENTITIES)}"
        )
    if window.width() != width:
        problems.append(f"every section widened the window to {window.width()}")
    view.finish()
    return problems


def _rest_api_states(app, window, width: int) -> list[str]:
    """The REST API's panel with its token shown once, then with a port another
    program holds; neither clips a text or widens the window."""
    import socket
    from dataclasses import replace

    problems: list[str] = []
    settings = window.context.settings
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        for port in (0, busy.getsockname()[1]):  # 0: any free port
            window.on_settings_saved(replace(settings, api_enabled=True, api_port=port))
            app.processEvents()
            problems += clipped(window)
            if window.width() != width:
                problems.append(f"the REST API widened the window to {window.width()}")
    window.on_settings_saved(settings)
    return problems


def _rest_states(app, window) -> list[str]:
    """The REST strip with its one-time token, then off again: nothing cut, the
    window within the screen in both (it grew and stayed grown)."""
    import socket
    import time
    from dataclasses import replace

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = window.context.settings
    window.on_settings_saved(replace(settings, api_enabled=True, api_port=port))
    problems: list[str] = []
    for _ in range(2):
        end = time.monotonic() + 0.3
        while time.monotonic() < end:
            app.processEvents()
        problems += clipped(window) + beyond_screen(window)
        window.api_panel.forget_token()
        window.on_settings_saved(settings)
    return problems


if __name__ == "__main__":
    import json

    print(json.dumps(_probe()))
