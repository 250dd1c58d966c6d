"""The indicator's colour and text, and the ETA, without Qt."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from app.run_state import RunOutcome, evaluate
from app.ui.status import AMBER, GREEN, GREY, RED, format_local, indicator

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _run(status, hours_ago, **kw):
    moment = NOW - timedelta(hours=hours_ago)
    finished = None if status == "running" else moment
    return RunOutcome("r", status, moment, finished, **kw)


def _state(*runs, last_success_hours=None, running=False, **kw):
    last = (
        NOW - timedelta(hours=last_success_hours)
        if last_success_hours is not None
        else None
    )
    return evaluate(last, runs, running=running, now=NOW, **kw)


def test_recent_success_is_green_with_the_local_time():
    done = NOW - timedelta(hours=2)
    result = indicator(_state(_run("success", 2), last_success_hours=2))
    assert result.colour == GREEN and result.state == "ok"
    assert result.text == f"Último respaldo: {format_local(done)}" and not result.reason


def test_old_success_is_amber():
    result = indicator(_state(_run("success", 40), last_success_hours=40))
    assert result.colour == AMBER and "36 h" in result.text


def test_failed_last_run_is_red_with_its_reason():
    failed = _run("failed", 1, user_message="QBench rechazó las credenciales.")
    result = indicator(_state(failed, last_success_hours=3))
    assert result.colour == RED and result.reason == "QBench rechazó las credenciales."
    assert "falló" in result.text and format_local(NOW - timedelta(hours=3)) in (
        result.text
    )


def test_cancelled_and_interrupted_are_amber_with_a_reason():
    for status, word in (("cancelled", "canceló"), ("interrupted", "interrumpió")):
        result = indicator(_state(_run(status, 1), last_success_hours=3))
        assert result.colour == AMBER and word in result.text and result.reason


def test_a_run_still_running_without_the_lock_was_interrupted():
    dead = _run("running", 1)
    assert _state(dead, last_success_hours=3).state == "interrupted"
    # While a sync holds the lock, the run before it decides.
    live = _state(_run("running", 0), _run("success", 2), running=True)
    assert live.state == "ok"


def test_the_status_file_counts_for_its_database_when_newer():
    file_run = replace(
        _run("failed", 0.5, user_message="No se pudo."), run_id="f", database="A"
    )
    db_run = _run("success", 1)
    assert _state(db_run, file_outcome=file_run, database="A").state == "failed"
    assert _state(db_run, file_outcome=file_run, database="B").state == "failed"
    older = replace(file_run, finished_at=NOW - timedelta(hours=2))
    assert _state(db_run, file_outcome=older, database="A").state == "ok"
    unknown = replace(file_run, database=None)  # settings too bad to name one
    assert _state(db_run, file_outcome=unknown, database="A").state == "failed"


def test_a_newer_run_into_another_database_is_never_green_over_it():
    """A scheduled --sync with QBENCH_BACKUP_DB_URL wrote elsewhere (issue 10)."""
    failed = replace(
        _run("failed", 0.5, user_message="QBench rechazó las credenciales."),
        run_id="f",
        database="B",
    )
    here = _run("success", 1)
    state = _state(here, last_success_hours=1, file_outcome=failed, database="A")
    assert state.state == "failed" and state.last_run == failed
    assert "otra base de datos (B)" in state.reason
    assert "QBench rechazó las credenciales." in state.reason
    assert indicator(state).colour == RED
    good = replace(failed, status="success", user_message=None)
    state = _state(here, last_success_hours=1, file_outcome=good, database="A")
    assert state.state == "elsewhere" and "otra base de datos (B)" in state.reason
    assert "(A)" in state.reason and indicator(state).colour == AMBER
    older = replace(failed, finished_at=NOW - timedelta(hours=2))
    assert _state(here, file_outcome=older, database="A").state == "ok"
    running = replace(failed, status="running", finished_at=None)
    assert _state(here, file_outcome=running, database="A").state == "ok"


def test_never_backed_up_is_grey():
    result = indicator(_state())
    assert result.colour == GREY and "nunca" in result.text


SKIPPED = "Sin permiso para Contactos: conceda el alcance CONTACT al cliente de la API."


def test_a_partial_run_is_amber_naming_the_skipped_entities_and_the_scope():
    """Issue 12 point 5: entities skipped for lack of permission: not green, not
    red; the time shown is that run's (it copied everything else)."""
    partial = _run("partial", 1, user_message=SKIPPED, exit_code=5)
    state = _state(partial, last_success_hours=30)
    assert state.state == "partial" and state.reason == SKIPPED
    assert state.last_success_at == NOW - timedelta(hours=30)  # not a success
    result = indicator(state)
    assert result.colour == AMBER and result.colour not in (GREEN, RED)
    assert result.reason == SKIPPED and "CONTACT" in result.reason
    assert format_local(NOW - timedelta(hours=1)) in result.text
    assert "sin permiso" in result.text
    assert state.to_json()["state"] == "partial"
    assert state.to_json()["last_run"]["exit_code"] == 5


def test_a_partial_run_without_its_message_still_says_why():
    state = _state(_run("partial", 1), last_success_hours=3)
    assert state.state == "partial" and "sin permiso" in state.reason


def test_a_partial_run_only_the_status_file_knows_is_amber_too():
    file_run = replace(_run("partial", 0.5, user_message=SKIPPED), run_id="f")
    state = _state(_run("success", 2), file_outcome=file_run, last_success_hours=2)
    assert state.state == "partial" and indicator(state).colour == AMBER
