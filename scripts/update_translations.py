"""Extract the catalogue and compile it: ``python -m scripts.update_translations``.

1. ``pyside6-lupdate`` reads every ``tr()``, ``QCoreApplication.translate()`` and
   ``QT_TRANSLATE_NOOP()`` call under ``app/`` into
   ``resources/translations/qbench_backup_es.ts`` (Spanish source text; see
   ``app/i18n.py`` for why).
2. Spanish entries are completed here: a plain message translates to itself; a
   plural one (``self.tr("%n registro(s)", "", n)``) gets the two Spanish forms
   from its ``(s)`` / ``(es)`` marks (``%n registro`` / ``%n registros``). Another
   language's ``.ts`` would be filled by a translator in Qt Linguist instead.
3. ``pyside6-lrelease`` compiles the ``.qm`` the window loads (committed, so a
   source checkout runs without a build step).

``--check`` does all that in a temporary folder and fails when the committed
files differ (a string was added, changed or removed without updating them);
the test suite runs it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "resources" / "translations"
TS_NAME = "qbench_backup_es.ts"
QM_NAME = "qbench_backup_es.qm"
PLURAL_MARK = re.compile(r"\((e?s)\)")


def _tool(name: str) -> str:
    """A PySide6 tool next to this interpreter (the venv), else on PATH."""
    local = Path(sys.executable).with_name(name)
    found = str(local) if local.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install the project (PySide6) first")
    return found


def sources() -> list[Path]:
    """Every Python file the catalogue is drawn from (the simulator has none)."""
    return sorted(p for p in (ROOT / "app").rglob("*.py") if "sim" not in p.parts)


def extract(ts: Path) -> None:
    """Run lupdate over ``sources()`` into ``ts`` (kept entries stay)."""
    files = [str(p.relative_to(ROOT)) for p in sources()]
    subprocess.run(
        [
            _tool("pyside6-lupdate"),
            *files,
            "-source-language",
            "es",
            "-target-language",
            "es",
            "-no-obsolete",
            "-locations",
            "none",
            "-silent",
            "-ts",
            str(ts),
        ],
        cwd=ROOT,
        check=True,
    )


def complete_spanish(ts: Path) -> int:
    """Fill unfinished Spanish entries (see the module docstring); returns how
    many were filled."""
    tree = ET.parse(ts)
    filled = 0
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None or translation.get("type") != "unfinished":
            continue
        if message.get("numerus") == "yes":
            forms = translation.findall("numerusform")
            while len(forms) < 2:
                forms.append(ET.SubElement(translation, "numerusform"))
            forms[0].text = PLURAL_MARK.sub("", source)
            forms[1].text = PLURAL_MARK.sub(r"\1", source)
        else:
            translation.text = source
        del translation.attrib["type"]
        filled += 1
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n",
        encoding="utf-8",
    )
    return filled


def compile_qm(ts: Path, qm: Path) -> None:
    subprocess.run(
        [_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True
    )


def build(folder: Path) -> None:
    """The catalogue and its compiled form in ``folder``, made afresh (every
    Spanish entry is filled by ``complete_spanish``; nothing hand-written is
    lost)."""
    ts = folder / TS_NAME
    ts.unlink(missing_ok=True)  # Spanish is filled here entirely: start afresh
    extract(ts)
    complete_spanish(ts)
    compile_qm(ts, folder / QM_NAME)


def check() -> list[str]:
    """The committed files that are not what ``build`` makes now."""
    with tempfile.TemporaryDirectory() as temp:
        scratch = Path(temp)
        build(scratch)
        return [
            name
            for name in (TS_NAME, QM_NAME)
            if not (FOLDER / name).exists()
            or (FOLDER / name).read_bytes() != (scratch / name).read_bytes()
        ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if out of date")
    args = parser.parse_args(argv)
    if args.check:
        stale = check()
        if stale:
            print(
                f"out of date: {', '.join(stale)}; run "
                "python -m scripts.update_translations and commit the result",
                file=sys.stderr,
            )
            return 1
        return 0
    FOLDER.mkdir(parents=True, exist_ok=True)
    build(FOLDER)
    print(f"updated {FOLDER / TS_NAME} and {QM_NAME}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
