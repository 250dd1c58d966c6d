"""Before Qt loads: a window that cannot open says why in one line, instead of
Qt's "could not load the Qt platform plugin" abort (README "First start on Linux")."""

from __future__ import annotations

import argparse
import importlib.abc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import cli
from app.errors import EXIT_USAGE, exit_code_for
from app.logs import reset_logging
from app.ui import preflight

PLUGIN = Path("/qt/plugins/platforms/libqxcb.so")
MISSING = (
    f"{PLUGIN}: libxcb-icccm.so.4: cannot open shared object file: "
    "No such file or directory"
)


@pytest.fixture(autouse=True)
def _reset_logging():
    yield
    reset_logging()


def _problem(env, *, error=None, answers=True, platform="linux"):
    """window_problem with the loader and the display simulated."""
    loaded: list[Path] = []

    def load(path: Path) -> str | None:
        loaded.append(path)
        return error

    problem = preflight.window_problem(
        env,
        platform=platform,
        plugin=PLUGIN,
        load=load,
        connects=lambda display: answers,
    )
    return problem, loaded


def test_a_missing_library_names_it_and_the_apt_line():
    problem, loaded = _problem({"DISPLAY": ":0"}, error=MISSING)
    assert loaded == [PLUGIN]
    text = str(problem)
    assert "libxcb-icccm.so.4 is missing" in text
    assert preflight.APT_LINE in text and "libxcb-keysyms1" in preflight.APT_LINE
    assert "La ventana no puede abrirse" in text and "\n" not in text
    assert preflight.APT_LINE in problem.user_message
    assert exit_code_for(problem) == EXIT_USAGE


def test_a_library_apt_brings_anyway_is_added_to_the_line():
    error = "libglib-2.0.so.0: cannot open shared object file: No such file"
    problem, _ = _problem({"DISPLAY": ":0"}, error=error)
    assert f"{preflight.APT_LINE} libglib2.0-0 —" in str(problem)


def test_no_display_and_a_display_that_does_not_answer():
    problem, _ = _problem({})
    assert "DISPLAY is not set" in str(problem)
    assert "DISPLAY no está definida" in problem.user_message
    problem, _ = _problem({"DISPLAY": ":9"}, answers=False)
    assert "the X display :9 (DISPLAY) does not answer" in str(problem)
    assert "apt install" not in str(problem)


def test_libraries_and_display_present_let_qt_start():
    assert _problem({"DISPLAY": ":0"}) == (None, [PLUGIN])


def test_a_loader_error_naming_no_missing_library_is_left_to_qt():
    assert _problem({"DISPLAY": ":0"}, error="undefined symbol: foo")[0] is None


@pytest.mark.parametrize(
    "env",
    [
        {"QT_QPA_PLATFORM": "offscreen"},
        {"QT_QPA_PLATFORM": "wayland"},
        {"QT_QPA_PLATFORM": "wayland;xcb"},
        {"WAYLAND_DISPLAY": "wayland-0"},
        {"QT_PLUGIN_PATH": "/elsewhere"},
        {"QT_QPA_PLATFORM_PLUGIN_PATH": "/elsewhere"},
    ],
)
def test_platforms_other_than_xcb_are_left_to_qt(env):
    assert _problem(env, error=MISSING) == (None, [])


def test_xcb_chosen_explicitly_is_checked_even_on_wayland():
    env = {"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}
    assert _problem(env, error=MISSING)[0] is not None


def test_only_linux_is_checked():
    assert _problem({}, error=MISSING, platform="win32") == (None, [])


def test_the_loader_error_format_is_the_one_dlopen_gives(tmp_path):
    error = preflight.dlopen(tmp_path / "libnothere.so.3")
    assert error and preflight.missing_soname(error) == "libnothere.so.3"
    assert preflight.xcb_plugin() is not None  # the bundled PySide6 has it


def test_a_qt_library_missing_at_import_gives_the_same_hint(monkeypatch):
    class Missing(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "app.ui.launch":
                raise ImportError(
                    "libEGL.so.1: cannot open shared object file: No such file"
                )
            return None

    monkeypatch.delitem(sys.modules, "app.ui.launch", raising=False)
    monkeypatch.setattr(sys, "meta_path", [Missing(), *sys.meta_path])
    env = {"QT_QPA_PLATFORM": "offscreen"}  # the plugin check does not run
    with pytest.raises(preflight.WindowUnavailable, match="libEGL.so.1 is missing"):
        preflight.start_window(argparse.Namespace(demo=False), env)


def test_the_command_line_prints_one_line_and_exits_2(monkeypatch, capsys):
    monkeypatch.setattr(
        preflight,
        "window_problem",
        lambda env: preflight.missing_library_problem("libxcb-keysyms.so.1"),
    )
    assert cli.main([], env={}) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith("qbench-backup: the window cannot start: ")
    assert err.count("\n") == 1 and preflight.APT_LINE in err


def test_without_a_display_the_process_prints_the_hint_not_an_abort(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DISPLAY",
            "WAYLAND_DISPLAY",
            "QT_QPA_PLATFORM",
            "QT_PLUGIN_PATH",
            "QT_QPA_PLATFORM_PLUGIN_PATH",
        }
    }
    env["QBENCH_BACKUP_HOME"] = str(tmp_path / "home")
    result = subprocess.run(
        [sys.executable, "-m", "app"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    # What this computer lacks: a library (this machine: libxcb-icccm4) or,
    # with the libraries installed, the display.
    expected = preflight.window_problem(env)
    assert expected is not None
    assert result.returncode == EXIT_USAGE, result.stderr[-2000:]
    assert result.stderr == f"qbench-backup: {expected}\n"
    assert "Traceback" not in result.stderr
    assert "Could not load the Qt platform plugin" not in result.stderr
    assert "La ventana no puede abrirse" in result.stderr
