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
    problems += history_detail(app)
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


ROWS_IN_VIEW = 16  # of a 27-section run's 28, at 150 % on 1366x768 (4 lines of reason)


def history_detail(app, *, rows_in_view: int = 0) -> list[str]:
    """Historial's detail of a run of the 27 default sections, five skipped
    for lack of permission and a long reason (issue 12): nothing cut, within
    the screen, as wide as the same run without a reason (the reason wraps, it
    never widens the dialog); with ``rows_in_view``, at least that many rows
    show at once and no section name wraps (a 1366x768 screen)."""
    from datetime import UTC, datetime, timedelta

    from app.entities import DEFAULT_ENTITIES, ENTITIES, ENTITY_NAMES
    from app.history import RunSummary
    from app.sync.report import EntityResult, skipped_reasons
    from app.ui.history_dialog import RunDetailDialog

    begun = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    without = ("contacts", "quotations", "invoices", "invoice_items", "payments")
    results, sections = [], []
    for i, name in enumerate(DEFAULT_ENTITIES):
        skipped = name in without
        result = EntityResult(name, "full", status="skipped" if skipped else "success")
        if skipped:
            result.skip, result.scope = "forbidden", ENTITIES[name].scope
            result.user_message = (
                f"Sin permiso para {ENTITY_NAMES[name]}: conceda el alcance "
                f"{result.scope} al cliente de la API en QBench."
            )
        results.append(result)
        sections.append(
            {
                "entity": name,
                "status": result.status,
                "fetched": 0 if skipped else 12345 + i,
                "inserted": 0 if skipped else 1234 + i,
                "updated": i,
                "deleted": i % 3,
                "rejected": 0,
                "orphans": i % 4,
                "requests": 1 if skipped else 250 + i,
                "started_at": begun + timedelta(minutes=i),
                "finished_at": begun + timedelta(minutes=i, seconds=59),
                "error": None,
                "user_message": result.user_message,
            }
        )
    reason = "\n".join(
        [*skipped_reasons([r for r in results if r.status == "skipped"])] * 3
    )
    end = begun + timedelta(minutes=len(sections))
    problems: list[str] = []
    widths = []
    for text in ("", reason):
        run = RunSummary("clip", begun, end, "partial", sections, text)
        detail = RunDetailDialog(run, "sqlite://", now=end)
        detail.show()
        for _ in range(3):
            app.processEvents()
        widths.append(detail.width())
        problems += clipped(detail) + beyond_screen(detail)
        table = detail.table
        if rows_in_view:
            shown = [
                r
                for r in range(table.rowCount())
                if table.viewport()
                .rect()
                .contains(table.visualItemRect(table.item(r, 0)))
            ]
            if len(shown) < rows_in_view:
                problems.append(f"the run detail shows {len(shown)} rows at once")
            one_line = table.verticalHeader().defaultSectionSize()
            tall = [
                table.item(r, 0).text()
                for r in range(table.rowCount())
                if table.rowHeight(r) > one_line * 1.5
            ]
            if tall:
                problems.append(f"the run detail wraps {tall}")
        detail.close()
    if widths[0] != widths[1]:
        problems.append(f"a long reason widened the run detail: {widths}")
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


MAIN_ROWS_IN_VIEW = 8  # progress rows a finished run shows at 150 % on 1366x768
V2 = "/qbench/api/v2"


def _wait_for(app, condition, timeout: float = 60.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.01)


def _settle(app, seconds: float = 0.3) -> None:
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main_partial(app) -> list[str]:
    """The main window after a real partial run against the simulator (issue
    12): contacts refused (403), invoices not on this server (404), orders
    refused and so its comments skipped under it. Each fact said once, no
    blank band above or below the bar, the progress table showing at least
    ``MAIN_ROWS_IN_VIEW`` rows, the activity log at its newest line, and each
    skip in its own words."""
    from app import services
    from app.config import Settings
    from app.credentials import set_secret
    from app.sim.server import SimConfig, Simulator
    from app.sim.tenant import TenantSpec
    from app.ui.main_window import MainWindow, WindowContext

    sim = Simulator(TenantSpec(profile="small"), config=SimConfig()).start()
    problems: list[str] = []
    try:
        set_secret(sim.client_id, sim.client_secret)
        settings = Settings(base_url=sim.base_url, client_id=sim.client_id)
        connection = services.Connection(sim.base_url, sim.client_id, sim.client_secret)
        services.run_sync(settings, connection, entities=("customers", "assays"))
        for path, status in (("contacts", 403), ("invoices", 404), ("orders", 403)):
            sim.add_fault("status", status=status, path=f"{V2}/{path}", times=100)
        window = MainWindow(WindowContext(settings))
        window.show()
        _wait_for(app, lambda: "Último respaldo" in window.indicator_label.text())
        window.start_sync()
        _wait_for(app, lambda: not window.syncing)
        _wait_for(app, lambda: window.current_indicator.state == "partial")
        _settle(app)
        problems += _said_once(window) + _no_blank_band(window)
        problems += _rows_in_view(window.progress_view.table, MAIN_ROWS_IN_VIEW)
        problems += _log_at_end(window.activity_view.activity)
        problems += clipped(window) + beyond_screen(window)
        view = window.progress_view
        words = {
            "contacts": "omitida: sin permiso",
            "invoices": "omitida: no existe en QBench",
            "order_comments": "omitida",
        }
        for entity, expected in words.items():
            if view.text(entity, 1) != expected:
                problems.append(f"{entity} reads {view.text(entity, 1)!r}")
        window.shutdown()
        window.close()
    finally:
        sim.stop()
    return problems


def _said_once(window) -> list[str]:
    """The status line says the short sentence; the reason only under the
    indicator."""
    status, reason = window.status_label.text(), window.reason_label.text()
    problems = []
    if status != "Respaldo completado, salvo las secciones omitidas.":
        problems.append(f"the status line says {status!r}")
    if not reason or any(line in status for line in reason.splitlines()):
        problems.append(f"the reason {reason!r} is not said once")
    return problems


def _no_blank_band(window) -> list[str]:
    """Nothing but the layout's spacing between the status line, the bar and
    the table once the run is over."""
    from PySide6.QtCore import QPoint

    root = window.centralWidget()
    spacing = max(root.layout().spacing(), window.progress_view.layout().spacing())

    def top(widget) -> int:
        return widget.mapTo(root, QPoint(0, 0)).y()

    view = window.progress_view
    status_end = top(window.status_label) + window.status_label.height()
    gaps = {
        "status line to bar": top(view.bar) - status_end,
        "bar to table": top(view.table) - top(view.bar) - view.bar.height(),
    }
    return [
        f"{gap} px blank from the {where}"
        for where, gap in gaps.items()
        if gap > spacing + SLACK
    ]


def _rows_in_view(table, least: int) -> list[str]:
    shown = [
        r
        for r in range(table.rowCount())
        if table.viewport().rect().contains(table.visualItemRect(table.item(r, 0)))
    ]
    if len(shown) < least:
        return [f"the progress table shows {len(shown)} rows at once"]
    return []


def _log_at_end(edit) -> list[str]:
    """The activity log shows its newest line, whole."""
    bar = edit.verticalScrollBar()
    if bar.value() != bar.maximum():
        return [f"the activity log is at {bar.value()} of {bar.maximum()}"]
    last = edit.document().lastBlock()
    area = edit.blockBoundingGeometry(last).translated(edit.contentOffset())
    if area.bottom() > edit.viewport().height() + SLACK:
        return ["the activity log's newest line is below its bottom"]
    return []


def _probe_history_detail() -> list[str]:
    """Only the run detail, rows counted (run on a 1366x768 screen)."""
    import os
    import tempfile

    os.environ["QBENCH_BACKUP_HOME"] = tempfile.mkdtemp(prefix="qbb-clip-")
    from app.ui.application import create_qapplication

    app = create_qapplication(["clipping-probe"])
    return history_detail(app, rows_in_view=ROWS_IN_VIEW)


def _probe_main_partial() -> list[str]:
    """The main window after a real partial run (a 1366x768 screen)."""
    import os
    import tempfile

    import keyring

    from tests.fakes import InMemoryKeyring

    os.environ["QBENCH_BACKUP_HOME"] = tempfile.mkdtemp(prefix="qbb-clip-")
    keyring.set_keyring(InMemoryKeyring())
    from app.ui.application import create_qapplication

    app = create_qapplication(["clipping-probe"])
    return main_partial(app)


if __name__ == "__main__":
    import json
    import sys

    if sys.argv[1:] == ["history-detail"]:
        print(json.dumps(_probe_history_detail()))
    elif sys.argv[1:] == ["main-partial"]:
        print(json.dumps(_probe_main_partial()))
    else:
        print(json.dumps(_probe()))
