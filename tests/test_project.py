"""Project-wide rules: lint, layering, the entry points, README and CI agreeing."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app"

# package -> app packages it must never import (README "Architecture").
FORBIDDEN = {
    "sim": {"storage", "sync", "qbench", "ui", "api", "cli", "services"},
    "storage": {"qbench", "sync", "ui", "api", "sim", "cli", "services"},
    "qbench": {"storage", "sync", "ui", "api", "sim", "cli", "services"},
    "sync": {"ui", "api", "sim", "cli", "services"},
    "api": {"qbench", "sync", "ui", "sim", "cli"},
}
LEAVES = {
    "paths.py",
    "logs.py",
    "config.py",
    "errors.py",
    "entities.py",
    "locking.py",
    "jsoncodec.py",
    "run_state.py",
    "v2_lists.py",
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _app_modules():
    return [p for p in APP.rglob("*.py") if ".venv" not in p.parts]


def test_only_the_ui_package_imports_qt():
    offenders = [
        str(path.relative_to(ROOT))
        for path in _app_modules()
        if "ui" not in path.relative_to(APP).parts[:1]
        and any(name.split(".")[0] == "PySide6" for name in _imports(path))
    ]
    assert offenders == []


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layers_point_one_way(package):
    offenders = []
    for path in (APP / package).rglob("*.py") if (APP / package).exists() else []:
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "app" and len(parts) > 1 and parts[1] in FORBIDDEN[package]:
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_shared_leaves_import_no_higher_layer():
    offenders = []
    for name in LEAVES:
        path = APP / name
        if not path.exists():
            continue
        for imported in _imports(path):
            parts = imported.split(".")
            if (
                parts[0] == "app"
                and len(parts) > 1
                and parts[1]
                not in {
                    "paths",
                    "errors",
                    "i18n",  # marks Spanish messages for the catalogue; imports nothing
                    "v2_lists",  # generated data of the official document; no imports
                }
            ):
                offenders.append(f"{name} imports {imported}")
    assert offenders == []


def test_ruff_is_clean():
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    result = subprocess.run(
        [ruff, "check", "app", "tests", "benchmarks", "scripts"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci_lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    command = next(line for line in ci_lines if line.startswith("python3 -m venv"))
    assert command in readme


@pytest.mark.parametrize(
    "argv", [[sys.executable, "-m", "app", "--version"]], ids=["python -m app"]
)
def test_version_entry_point(argv):
    result = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.strip() == __version__


def test_console_script_is_declared():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'qbench-backup = "app.main:main"' in pyproject
    assert '"PySide6-Essentials' in pyproject and '"PySide6"' not in pyproject
