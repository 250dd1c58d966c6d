"""Static checks of the packaging files (the frozen build itself runs in .ci/run)."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_spec_builds_one_windowed_file_with_keyring_backends_and_resources():
    spec = (ROOT / "qbench_backup.spec").read_text(encoding="utf-8")
    assert 'collect_entry_point("keyring.backends")' in spec
    assert '(str(root / "resources"), "resources")' in spec
    assert "console=False" in spec and "upx=False" in spec
    assert "a.binaries" in spec and "a.datas" in spec  # one-file: all in the EXE
    assert '"QtWebEngineCore"' in spec and '"QtQml"' in spec


def test_inno_setup_script_is_per_user_upgradable_and_keeps_user_data():
    iss = (ROOT / "installer" / "qbench-backup.iss").read_text(encoding="utf-8")
    assert re.search(r"^AppId=\{\{[0-9A-F-]{36}\}$", iss, re.MULTILINE)
    assert "PrivilegesRequired=lowest" in iss
    assert "--sync" in iss and "/SC DAILY" in iss and "/IT" in iss
    assert "{group}" in iss and "{userdesktop}" in iss
    assert "MB_DEFBUTTON2" in iss  # deleting user data is opt-in
    assert 'Name: "spanish"' in iss


def test_linux_desktop_entry_is_valid():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(ROOT / "installer" / "qbench-backup.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Exec"].split()[0] == "qbench-backup"
    assert entry["Terminal"] == "false"
    assert entry["Name[es]"]
    assert parser["Desktop Action demo"]["Exec"] == "qbench-backup --demo"


def test_icon_files_exist():
    assert (ROOT / "resources" / "qbench-backup.png").read_bytes()[:4] == b"\x89PNG"
    assert (ROOT / "resources" / "qbench-backup.ico").read_bytes()[:4] == (
        b"\x00\x00\x01\x00"
    )
