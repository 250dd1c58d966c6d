"""The window on a read-only data folder names the folder and the missing
permission, never "Detalle: OSError" (issue 10, point 5)."""

from __future__ import annotations

from app import paths
from tests.readonly import read_only


def test_a_read_only_data_folder_is_named_in_the_window(
    qtbot, make_window, tenant_settings
):
    data = paths.data_dir()
    with read_only(data):
        window = make_window(tenant_settings, db_url=None)
        reason = window.reason_label.text()
        assert str(data) in reason and "solo lectura" in reason
        assert "espacio en disco" not in reason
        window.start_sync()
        qtbot.waitUntil(lambda: not window.syncing, timeout=10_000)
        # said once, under the indicator (issue 12): the status line is short
        assert window.status_label.text() == "La actualización falló."
        qtbot.waitUntil(lambda: str(data) in window.reason_label.text(), timeout=5000)
        reason = window.reason_label.text()
        assert "solo lectura" in reason, reason
        assert "OSError" not in reason and "Error inesperado" not in reason
        window.close()
