"""No English reaches a widget: every text of every window and dialog, in each
state, comes from the translation catalogue (issue 11 point 1)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.ui.settings_dialog import SettingsDialog
from scripts import update_translations
from tests.ui.catalogue import leftover_words, untranslated


def test_the_committed_catalogue_is_up_to_date():
    """Every tr()/translate()/QT_TRANSLATE_NOOP string is in the .ts and the
    .qm is compiled from it (python -m scripts.update_translations)."""
    assert update_translations.check() == []


def test_the_matcher_finds_words_outside_the_catalogue(qtbot):
    assert leftover_words("Update failed") == ["Update", "failed"]
    assert leftover_words("Listo.") == []
    assert leftover_words("Último respaldo: 28/11/2026 14:05") == []
    assert leftover_words("C:/datos/qbench.sqlite3 http://127.0.0.1:8765 42 s") == []
    root = QWidget()
    qtbot.addWidget(root)
    QLabel("Listo.", root)
    QLabel("Sync finished", root)
    root.show()
    [problem] = untranslated(root)
    assert "Sync" in problem and "finished" in problem


def test_the_window_speaks_only_catalogue_text(qtbot, make_window, tenant_settings):
    window = make_window(tenant_settings)
    assert untranslated(window) == []  # never backed up
    window.start_sync()
    qtbot.waitUntil(lambda: not window.syncing, timeout=30_000)
    assert window.last_report.status == "success"
    assert untranslated(window) == []  # after a good run, activity pane included
    history = window.open_history()
    qtbot.waitUntil(lambda: history.table.rowCount() >= 1, timeout=5000)
    assert untranslated(history) == []
    detail = history.open_detail(0)  # a run's sections
    assert detail is not None and untranslated(detail) == []
    detail.close()
    orphans = history.open_orphans(0)  # the orphans' list
    assert untranslated(orphans) == []
    orphans.close()
    dialog = window.open_settings()
    assert untranslated(dialog) == []
    dialog.close()


def test_a_sync_in_progress_and_the_close_question_speak_only_catalogue_text(
    qtbot, make_window, tenant_settings, sim
):
    sim.add_fault(
        "status", path="/qbench/api/v2/orders", status=429, seconds=30, times=1
    )
    window = make_window(tenant_settings)
    window.start_sync()
    qtbot.waitUntil(lambda: window.progress_view.wait_label.isVisible(), timeout=20_000)
    assert untranslated(window) == []  # waiting for QBench's limit, mid-run
    question = window.ask_stop_and_close()
    assert untranslated(question) == []
    question.button(question.StandardButton.No).click()
    window.cancel_sync()
    qtbot.waitUntil(lambda: not window.syncing, timeout=20_000)
    assert window.last_report.status == "cancelled"
    assert untranslated(window) == []


def test_another_tenant_question_speaks_only_catalogue_text(
    qtbot, make_window, make_sim, sqlite_url, memory_keyring
):
    from app import services
    from app.config import Settings
    from app.credentials import set_secret

    a, b = make_sim("tiny", seed=1), make_sim("tiny", seed=2)
    connection = services.Connection(a.base_url, a.client_id, a.client_secret)
    services.run_sync(Settings(), connection, db_url=sqlite_url)
    set_secret(b.client_id, b.client_secret)
    window = make_window(Settings(base_url=b.base_url, client_id=b.client_id))
    window.start_sync()
    qtbot.waitUntil(lambda: getattr(window, "tenant_message", None) is not None)
    qtbot.waitUntil(lambda: not window.syncing, timeout=10_000)
    assert untranslated(window.tenant_message) == []
    assert untranslated(window) == []
    window.tenant_message.close()


def test_configuracion_without_a_keyring_speaks_only_catalogue_text(qtbot):
    import keyring
    from keyring.backends.fail import Keyring as FailKeyring

    from app.config import Settings
    from app.ui.settings_dialog import FIRST_RUN_TEXT

    previous = keyring.get_keyring()
    keyring.set_keyring(FailKeyring())
    try:
        dialog = SettingsDialog(Settings(), intro=FIRST_RUN_TEXT)
        qtbot.addWidget(dialog)
        dialog.show()
        assert untranslated(dialog) == []
    finally:
        keyring.set_keyring(previous)


def test_a_failed_run_speaks_only_catalogue_text(qtbot, make_window, tenant_settings):
    from dataclasses import replace

    window = make_window(replace(tenant_settings, base_url="http://127.0.0.1:9"))
    window.start_sync()
    qtbot.waitUntil(lambda: not window.syncing, timeout=30_000)
    qtbot.waitUntil(lambda: window.reason_label.isVisible(), timeout=5000)
    assert untranslated(window) == []


def test_configuracion_speaks_only_catalogue_text(qtbot, memory_keyring):
    from app.config import Settings

    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.show()
    assert untranslated(dialog) == []
    dialog.save()  # empty fields: every field's problem shown
    assert untranslated(dialog) == []


def _has_plural_marks(text: str) -> bool:
    """A source written for Qt's plural forms: ``%n registro(s)``."""
    return "%n" in text and ("(s)" in text or "(es)" in text)


def _catalogue_calls():
    """(file, line, context, text, plural) of every literal tr()/translate()/
    QT_TRANSLATE_NOOP() call in app/ (what lupdate should have extracted)."""
    import ast
    from pathlib import Path

    root = Path(update_translations.ROOT)
    for path in update_translations.sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                for child in ast.walk(node):
                    classes.setdefault(id(child), node.name)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = (
                func.attr
                if isinstance(func, ast.Attribute)
                else getattr(func, "id", "")
            )
            args = node.args
            literal = [
                isinstance(a, ast.Constant) and isinstance(a.value, str) for a in args
            ]
            where = f"{path.relative_to(root)}:{node.lineno}"
            if name == "tr" and args and literal[0]:
                text = args[0].value
                plural = len(args) >= 3 and _has_plural_marks(text)
                yield where, classes.get(id(node)), text, plural
            elif (
                name in ("translate", "QT_TRANSLATE_NOOP")
                and len(args) >= 2
                and all(literal[:2])
            ):
                text = args[1].value
                plural = len(args) >= 4 and _has_plural_marks(text)
                yield where, args[0].value, text, plural


def test_every_marked_string_reached_the_catalogue():
    """lupdate's Python reader misses some call shapes silently (a call inside a
    conditional list item, a plural count that is not a plain name in
    translate()); every literal marked in the code must be in the .ts, and a
    plural one as a plural."""
    import xml.etree.ElementTree as ET

    from tests.ui.catalogue import TS

    entries = {}
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            entries[(name, message.findtext("source"))] = (
                message.get("numerus") == "yes"
            )
    missing = [
        f"{where}: {context}/{text!r}{' (plural)' if plural else ''}"
        for where, context, text, plural in _catalogue_calls()
        if entries.get((context, text)) is None
        or (plural and not entries[(context, text)])
    ]
    assert missing == []


def test_plurals_read_as_spanish(qtbot):
    from app.sync.report import SectionDone
    from app.ui.activity_view import ActivityView

    view = ActivityView()
    qtbot.addWidget(view)
    one = SectionDone("tests", "success", "incremental", 1, 1, 0, 1)
    many = SectionDone("tests", "success", "full", 3, 3, 2, 0)
    assert view.section_line(one) == "Pruebas: 1 nuevo, 1 eliminado."
    assert view.section_line(many) == (
        "Pruebas: 3 registros leídos; 3 nuevos, 2 modificados."
    )
