"""The Settings toggle starts and stops the local REST API live, without a restart."""

from __future__ import annotations

import socket
from dataclasses import replace

import pytest
import requests

from app.config import Settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_toggle_starts_and_stops_the_rest_api_live(qtbot, make_window):
    port = _free_port()
    settings = Settings(api_enabled=True, api_port=port)
    window = make_window(settings)
    base = f"http://127.0.0.1:{port}/api/v1"
    assert requests.get(f"{base}/health", timeout=5).status_code == 200
    token = window.api_panel.token_edit.text()
    listed = requests.get(
        f"{base}/customers", headers={"Authorization": f"Bearer {token}"}, timeout=5
    )
    assert listed.status_code == 200
    window.on_settings_saved(replace(settings, api_enabled=False))
    with pytest.raises(requests.ConnectionError):
        requests.get(f"{base}/health", timeout=5)
    window.on_settings_saved(settings)  # on again: same token, not shown again
    assert requests.get(f"{base}/health", timeout=5).status_code == 200
    assert not window.api_panel.token_shown
    listed = requests.get(
        f"{base}/customers", headers={"Authorization": f"Bearer {token}"}, timeout=5
    )
    assert listed.status_code == 200


def test_a_busy_port_is_a_message_not_a_crash(qtbot, make_window):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        window = make_window(Settings(api_enabled=True, api_port=port))
        assert f"puerto {port}" in window.api_panel.error_label.text()
        assert not window.local_api.server
