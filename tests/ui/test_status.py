"""The indicator's colour and text, and the ETA, without Qt."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.ui.status import AMBER, GREEN, GREY, RED, eta_text, format_local, indicator

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def test_recent_success_is_green_with_the_local_time():
    done = NOW - timedelta(hours=2)
    result = indicator(done, "success", None, NOW)
    assert result.colour == GREEN
    assert result.text == f"Último respaldo: {format_local(done)}"


def test_old_success_is_amber():
    assert indicator(NOW - timedelta(hours=40), "success", None, NOW).colour == AMBER


def test_failed_last_run_is_red_with_its_reason():
    result = indicator(NOW - timedelta(hours=1), "failed", "QBench rechazó", NOW)
    assert result.colour == RED and result.reason == "QBench rechazó"
    assert "falló" in result.text


def test_never_backed_up_is_grey():
    result = indicator(None, None, None, NOW)
    assert result.colour == GREY and "nunca" in result.text


def test_eta_from_measured_pace():
    assert eta_text(2, 10, 4.0) == "~16 s"
    assert eta_text(1, 100, 6.0) == "~10 min"
    assert eta_text(3, 26, 0.1) == "~1 s"
    assert eta_text(0, 10, 1.0) == "" and eta_text(3, None, 1.0) == ""
    assert eta_text(4, 4, 1.0) == ""
