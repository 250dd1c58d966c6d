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
    dialog = window.open_settings()
    assert untranslated(dialog) == []


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
