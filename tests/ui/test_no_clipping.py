"""Nothing clipped at 100 % and 150 % scaling (issue 11 point 4)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from tests.ui.clipping import clipped

ROOT = Path(__file__).resolve().parents[2]


def test_the_detector_sees_a_cut_label_and_a_cut_button(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    layout = QVBoxLayout(root)
    fine = QLabel("Listo.")
    cut = QLabel("Una frase bastante larga que no cabe en cincuenta píxeles")
    cut.setFixedWidth(50)
    wrapped = QLabel("Una frase larga " * 20)
    wrapped.setWordWrap(True)
    wrapped.setFixedSize(120, 20)
    button = QPushButton("Usar una base de datos nueva")
    button.setFixedWidth(40)
    for widget in (fine, cut, wrapped, button):
        layout.addWidget(widget)
    root.show()
    problems = clipped(root)
    assert len(problems) == 3
    assert not any("Listo." in p for p in problems)


@pytest.mark.parametrize("scale", ["1", "1.5"])
def test_no_window_or_dialog_clips_its_text(scale, tmp_path):
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_SCALE_FACTOR": scale,
        "PYTHONPATH": str(ROOT),
        "QBENCH_BACKUP_HOME": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.ui.clipping"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    problems = json.loads(result.stdout.strip().splitlines()[-1])
    assert problems == []


# A 1366x768 laptop screen for the offscreen platform (QT_SCALE_FACTOR 1.5
# leaves it 911x512 logical pixels).
LAPTOP = {
    "screens": [
        {
            "name": "laptop",
            "x": 0,
            "y": 0,
            "width": 1366,
            "height": 768,
            "logicalDpi": 96,
            "logicalBaseDpi": 96,
            "dpr": 1,
        }
    ]
}


@pytest.mark.parametrize("scale", ["1", "1.5"])
def test_a_run_of_27_sections_reads_on_a_1366x768_screen(scale, tmp_path):
    """Issue 12: Historial's detail of a 27-section run, five skipped and a
    long reason: nothing cut, no section name wrapped, at least
    ``ROWS_IN_VIEW`` rows at once, the reason never widening the dialog."""
    screen = tmp_path / "laptop.json"
    screen.write_text(json.dumps(LAPTOP))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
        "QT_SCALE_FACTOR": scale,
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.ui.clipping", "history-detail"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


@pytest.mark.parametrize("scale", ["1", "1.5"])
def test_the_main_window_after_a_partial_run_reads_on_a_1366x768_screen(
    scale, tmp_path
):
    """Issue 12 (main window): a real run against the simulator with a 403, a
    404 and a section skipped under its parent: the reason said once, no blank
    band around the bar, the table given the room, the activity log at its
    newest line (at 150 % too), each skip in its own words."""
    screen = tmp_path / "laptop.json"
    screen.write_text(json.dumps(LAPTOP))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
        "QT_SCALE_FACTOR": scale,
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.ui.clipping", "main-partial"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
