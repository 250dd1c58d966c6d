"""Is a widget's text from the translation catalogue? (issue 11 point 1)

Every sentence of the catalogue (``resources/translations/qbench_backup_es.ts``,
source and translations, plural forms included) becomes a pattern whose
placeholders (``{name}``, ``%n``, ``%1``) match any data. A text passes when,
after every catalogue sentence in it is taken out, what is left is data only:
numbers, dates, times, paths, URLs, host names, identifiers, environment
variable names, symbols — never a word. A widget showing English (or Spanish
typed into the code past ``tr()``) leaves a word behind and fails.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QTableWidget,
    QTabWidget,
    QTextEdit,
    QWidget,
)

TS = Path(__file__).resolve().parents[2] / "resources/translations/qbench_backup_es.ts"
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%n|%L?\d")
# What may remain once the catalogue's sentences are taken out: data.
DATA_TOKEN = re.compile(
    r"""^(
        [\W_]+                                  # punctuation, symbols, bullets
      | \d[\d.,:/\-\s]*\w{0,3}                 # numbers, dates, times, 12 s, 3 h
      | \S*[/\\@:=_.\d]\S*                       # paths, URLs, hosts, ids, a.b
      | [A-Z][A-Z0-9_]+                         # QBENCH_CLIENT_SECRET, DEMO, API
      | [a-zA-Z]                                # a single letter (a drive, x)
    )$""",
    re.VERBOSE,
)
# Names of things, the same in every language (the product, QBench's own terms).
NAMES = {"QBench", "Backup", "PostgreSQL", "SQLite", "Client", "ID", "CORS", "REST"}


@cache
def sentences() -> tuple[re.Pattern[str], ...]:
    """The catalogue's sentences as patterns: those framing data (an inner
    placeholder) first, so that data holding a catalogue text (the section
    names of "Secciones a copiar: {names}.") is judged inside its frame;
    longest first within each group."""
    texts: set[str] = set()
    for message in ET.parse(TS).getroot().iter("message"):
        texts.add(message.findtext("source") or "")
        translation = message.find("translation")
        if translation is not None:
            texts.add(translation.text or "")
            texts.update(form.text or "" for form in translation.iter("numerusform"))
    patterns = []
    for text in sorted(texts, key=len, reverse=True):
        literal = PLACEHOLDER.sub("", text)
        if sum(c.isalpha() for c in literal) < 2:
            continue  # a bare placeholder would match anything
        # Placeholders at either end need not be matched (their data is
        # judged as data); inner ones match within one line.
        pieces = [re.escape(p.strip()) for p in PLACEHOLDER.split(text.strip())]
        while pieces and not pieces[0]:
            pieces.pop(0)
        while pieces and not pieces[-1]:
            pieces.pop()
        body = r"\s*[^\n]+?\s*".join(pieces)
        patterns.append((len(pieces) < 2, re.compile(body)))
    return tuple(p for _, p in sorted(patterns, key=lambda item: item[0]))


def leftover_words(text: str) -> list[str]:
    """The words of ``text`` that no catalogue sentence accounts for."""
    rest = text
    for pattern in sentences():
        if pattern.pattern and pattern.search(rest):
            rest = pattern.sub("\n", rest)
    words = []
    for token in rest.split():
        token = token.strip("«»\"'()[]¿?¡!,;.:…·—-●")
        if not token or token in NAMES or DATA_TOKEN.match(token):
            continue
        words.append(token)
    return words


@dataclass(frozen=True)
class Shown:
    """One text a user can see, and where."""

    where: str
    text: str


def texts_of(root: QWidget) -> Iterator[Shown]:
    """Every user-visible text of ``root`` and its descendants (visible ones),
    except the technical details pane (English by design, see activity_view)
    and what the user typed into line edits."""
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not _visible(widget) or _inside_details(widget):
            continue
        name = f"{type(widget).__name__}({widget.objectName() or '?'})"
        if widget.isWindow() and widget.windowTitle():
            yield Shown(f"{name}.windowTitle", widget.windowTitle())
        if widget.toolTip():
            yield Shown(f"{name}.toolTip", widget.toolTip())
        yield from _own_texts(widget, name)


def _own_texts(widget: QWidget, name: str) -> Iterator[Shown]:
    if isinstance(widget, QLabel | QAbstractButton):
        yield Shown(f"{name}.text", widget.text())
    if isinstance(widget, QGroupBox):
        yield Shown(f"{name}.title", widget.title())
    if isinstance(widget, QLineEdit):
        yield Shown(f"{name}.placeholder", widget.placeholderText())
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        yield Shown(f"{name}.placeholder", widget.placeholderText())
        yield Shown(f"{name}.text", widget.toPlainText())
    if isinstance(widget, QComboBox):
        for index in range(widget.count()):
            yield Shown(f"{name}.item{index}", widget.itemText(index))
    if isinstance(widget, QProgressBar) and widget.isTextVisible():
        yield Shown(f"{name}.text", widget.text())
    if isinstance(widget, QTabWidget):
        for index in range(widget.count()):
            yield Shown(f"{name}.tab{index}", widget.tabText(index))
    if isinstance(widget, QMessageBox):
        yield Shown(f"{name}.informative", widget.informativeText())
    if isinstance(widget, QTableWidget):
        yield from _table_texts(widget, name)


def _table_texts(table: QTableWidget, name: str) -> Iterator[Shown]:
    for column in range(table.columnCount()):
        header = table.horizontalHeaderItem(column)
        if header is not None:
            yield Shown(f"{name}.header{column}", header.text())
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            item = table.item(row, column)
            if item is not None:
                yield Shown(f"{name}[{row},{column}]", item.text())
                if item.toolTip():
                    yield Shown(f"{name}[{row},{column}].toolTip", item.toolTip())


def _visible(widget: QWidget) -> bool:
    return widget.isVisible() or (widget.isWindow() and not widget.isHidden())


def _inside_details(widget: QWidget) -> bool:
    node: QWidget | None = widget
    while node is not None:
        if node.objectName() == "technical_details":
            return True
        node = node.parentWidget()
    return False


def untranslated(root: QWidget) -> list[str]:
    """``where: word…`` for every text of ``root`` outside the catalogue."""
    problems = []
    for shown in texts_of(root):
        words = leftover_words(shown.text)
        if words:
            problems.append(f"{shown.where}: {words} in {shown.text!r}")
    return problems
