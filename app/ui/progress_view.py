"""The running sync as a lab technician reads it: where it is, how long it needs.

Top to bottom: the current section's line ("Sección 6 de 7: Pruebas — copiando
registros, página 12 de 40"); an overall bar; under it the time left and, while
the client waits, a highlighted live countdown beside it ("Esperando el límite
de peticiones de QBench (reanuda en 42 s)", "Reintentando en 3 s (error de
red)"); and a table with one row per section: its name, its state in words,
and its progress (pages and records for a full copy; "sin cambios" or "3
nuevos, 5 modificados, 1 eliminado" for an incremental one, and for every
finished section).

The numbers come from ``app.sync.progress.RunProgress`` (QBench's totals and
the rate limit, not the last page's speed). The countdown ticks with a QTimer on
the GUI thread; nothing here blocks. Every string is Spanish source text wrapped
in Qt's translation call (context ``ProgressView``).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.qbench.waits import NETWORK, RETRY, Wait
from app.sync.progress import Eta, RunProgress, Section
from app.sync.report import SyncEvent, SyncPlan
from app.ui.entity_names import entity_name

TICK_MS = 250  # the countdown's refresh
BAR_STEPS = 1000
SECTION, STATE, DETAIL = range(3)
WAIT_PADDING = 4  # px around the wait's text; the time left beside it: above and below
WAIT_STYLE = (
    f"background:#fff3cd; color:#5d4037; padding:{WAIT_PADDING}px; font-weight:bold;"
)


def changes_text(inserted: int, updated: int, deleted: int) -> str:
    """ "sin cambios" or "3 nuevos, 5 modificados, 1 eliminado" (Spanish plurals)."""
    parts = []
    if inserted:
        parts.append(
            QCoreApplication.translate("ProgressView", "%n nuevo", None, inserted)
            if inserted == 1
            else QCoreApplication.translate("ProgressView", "%n nuevos", None, inserted)
        )
    if updated:
        parts.append(
            QCoreApplication.translate("ProgressView", "%n modificado", None, updated)
            if updated == 1
            else QCoreApplication.translate(
                "ProgressView", "%n modificados", None, updated
            )
        )
    if deleted:
        parts.append(
            QCoreApplication.translate("ProgressView", "%n eliminado", None, deleted)
            if deleted == 1
            else QCoreApplication.translate(
                "ProgressView", "%n eliminados", None, deleted
            )
        )
    if not parts:
        return QCoreApplication.translate("ProgressView", "sin cambios")
    return ", ".join(parts)


def records_text(count: int) -> str:
    """ "1 registro" / "600 registros"."""
    if count == 1:
        return QCoreApplication.translate("ProgressView", "%n registro", None, count)
    return QCoreApplication.translate("ProgressView", "%n registros", None, count)


def duration_text(seconds: float) -> str:
    """ "42 s", "12 min", "2 h 05 min" (rounded up: a promise, not a guess)."""
    seconds = max(0, math.ceil(seconds))
    if seconds < 60:
        return QCoreApplication.translate("ProgressView", "{s} s").format(s=seconds)
    minutes = math.ceil(seconds / 60)
    if minutes < 60:
        return QCoreApplication.translate("ProgressView", "{m} min").format(m=minutes)
    hours, minutes = divmod(minutes, 60)
    return QCoreApplication.translate("ProgressView", "{h} h {m:02d} min").format(
        h=hours, m=minutes
    )


def eta_text(eta: Eta | None, *, running: bool = True) -> str:
    """The line under the bar; empty once the run is over."""
    if not running:
        return ""
    if eta is None:
        return QCoreApplication.translate(
            "ProgressView", "Tiempo restante: calculando…"
        )
    if eta.seconds < 5 and not eta.lower_bound:
        return QCoreApplication.translate(
            "ProgressView", "Tiempo restante: unos segundos"
        )
    if eta.lower_bound:  # some section's size is not known yet
        return QCoreApplication.translate(
            "ProgressView", "Tiempo restante: al menos {time}"
        ).format(time=duration_text(eta.seconds))
    return QCoreApplication.translate(
        "ProgressView", "Tiempo restante: unos {time}"
    ).format(time=duration_text(eta.seconds))


def wait_text(wait: Wait, seconds_left: float) -> str:
    """The highlighted line while the client waits."""
    left = max(1, math.ceil(seconds_left))
    if wait.kind == RETRY:
        if wait.cause == NETWORK:
            text = QCoreApplication.translate(
                "ProgressView", "Reintentando en {s} s (error de red)"
            )
        else:
            text = QCoreApplication.translate(
                "ProgressView", "Reintentando en {s} s (QBench respondió con un error)"
            )
        return text.format(s=left)
    return QCoreApplication.translate(
        "ProgressView", "Esperando el límite de peticiones de QBench (reanuda en {s} s)"
    ).format(s=left)


def skipped_text(skip: str | None) -> str:
    """A skipped section's state: why QBench did not give it, when known."""
    if skip == "forbidden":  # 403: the API client lacks the scope
        return QCoreApplication.translate("ProgressView", "omitida: sin permiso")
    if skip == "missing":  # 404: the tenant has no such list
        return QCoreApplication.translate(
            "ProgressView", "omitida: no existe en QBench"
        )
    return QCoreApplication.translate("ProgressView", "omitida")  # under a parent


def state_text(section: Section) -> str:
    """A section's state in words (the phase a user understands)."""
    if section.state == "pending":
        return QCoreApplication.translate("ProgressView", "pendiente")
    if section.state == "done":
        if section.status == "success":
            return QCoreApplication.translate("ProgressView", "completado")
        if section.status == "cancelled":
            return QCoreApplication.translate("ProgressView", "cancelado")
        if section.status == "skipped":  # QBench refused it: 403 / 404 / parent
            return skipped_text(section.skip)
        return QCoreApplication.translate("ProgressView", "falló")
    if not section.phase:
        return QCoreApplication.translate("ProgressView", "empezando")
    if section.phase == "deleted":
        return QCoreApplication.translate("ProgressView", "revisando los eliminados")
    if section.phase == "verify":
        return QCoreApplication.translate(
            "ProgressView", "comprobando que no falte nada"
        )
    if section.phase == "changes" or section.mode == "incremental":
        return QCoreApplication.translate("ProgressView", "buscando cambios")
    return QCoreApplication.translate("ProgressView", "copiando registros")


def detail_text(section: Section) -> str:
    """A section's progress: pages for a full copy, changes for the rest."""
    if section.state == "pending":
        return ""
    changes = changes_text(section.inserted, section.updated, section.deleted)
    if section.state == "done" and section.status == "success":
        if section.mode == "incremental":
            return changes
        return QCoreApplication.translate(
            "ProgressView", "{records} leídos · {changes}"
        ).format(records=records_text(section.records), changes=changes)
    if section.mode == "incremental":
        any_change = section.inserted or section.updated or section.deleted
        return changes if any_change else ""
    if section.total_pages:
        return QCoreApplication.translate(
            "ProgressView", "página {page} de {pages} · {records}"
        ).format(
            page=section.page,
            pages=section.total_pages,
            records=records_text(section.records),
        )
    return records_text(section.records) if section.pages_done else ""


class ProgressView(QWidget):
    """The current section, the overall bar, the time left and the wait, and a
    row per section; the run's lines take no room when no run is on."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self.model = RunProgress(clock)
        self._rows: dict[str, int] = {}
        self._running = False
        self.events = 0  # progress events received in this run
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.section_label = QLabel()
        self.section_label.setWordWrap(True)
        self.section_label.hide()  # shown while a run is on
        layout.addWidget(self.section_label)
        self.bar = QProgressBar()
        self.bar.setRange(0, BAR_STEPS)
        self.bar.setValue(0)
        self.bar.setFormat(self.tr("%p %"))
        layout.addWidget(self.bar)
        # Under the bar, one line while a run is on: the time left and, while
        # the client waits, the highlighted wait beside it. Both are padded
        # alike, so the wait coming and going moves nothing; after the run the
        # line takes no room (the table has it).
        self.run_line = QWidget()
        line = QHBoxLayout(self.run_line)
        line.setContentsMargins(0, 0, 0, 0)
        self.eta_label = QLabel()
        # as high as the wait beside it, the text where the other lines start
        self.eta_label.setContentsMargins(0, WAIT_PADDING, 0, WAIT_PADDING)
        line.addWidget(self.eta_label)
        self.wait_label = QLabel()
        self.wait_label.setStyleSheet(WAIT_STYLE)
        self.wait_label.hide()
        line.addWidget(self.wait_label, 1)
        self.run_line.hide()
        layout.addWidget(self.run_line)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Sección"), self.tr("Estado"), self.tr("Avance")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        # one line of text a row (the style's default is nearly two): more of
        # the 27 sections show at once
        rows.setDefaultSectionSize(self.table.fontMetrics().lineSpacing() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DETAIL, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.countdown = QTimer(self)
        self.countdown.setInterval(TICK_MS)
        self.countdown.timeout.connect(self._tick)

    # -- the run's life ----------------------------------------------------------
    def reset(self) -> None:
        """Empty the view for a new run."""
        self.model = RunProgress(self._clock)
        self.table.setRowCount(0)
        self._rows.clear()
        self.events = 0
        self._running = True
        self.bar.setValue(0)
        self.section_label.setText("")
        self._refresh()

    def finish(self) -> None:
        """The run is over (whatever its outcome): no wait, no time left."""
        self._running = False
        self.countdown.stop()
        if self.model.sections and all(
            s.state == "done" and s.status == "success"
            for s in self.model.sections.values()
        ):
            self.bar.setValue(BAR_STEPS)
        self._refresh()

    def on_progress(self, event: SyncEvent) -> None:
        """Take one event of the sync (any kind: plan, section, page, wait)."""
        self.events += 1
        self._running = True
        self.model.feed(event)
        if isinstance(event, SyncPlan):
            for entity in self.model.sections:
                self._show_row(entity)
        elif isinstance(event, Wait):
            if self.model.waiting() is not None:
                self.countdown.start()
        else:
            self._show_row(event.entity)
            self._bring_into_view(event.entity)
        self._refresh()

    def _bring_into_view(self, entity: str) -> None:
        """Scroll the table to the section the run is at (27 rows do not fit:
        the section being copied, or one just refused, must not hide below)."""
        row = self._rows.get(entity)
        item = self.table.item(row, SECTION) if row is not None else None
        if item is not None:
            self.table.scrollToItem(item, QAbstractItemView.ScrollHint.EnsureVisible)

    def mark(self, entity: str, status: str) -> None:
        """Show an entity's final state when no event said it (a fallback)."""
        section = self.model.sections.get(entity)
        if section is not None and section.state == "done":
            return
        row = self._row(entity)
        self.table.setItem(row, SECTION, QTableWidgetItem(entity_name(entity)))
        self.table.setItem(row, STATE, QTableWidgetItem(status))

    # -- reading (tests, screenshots) -----------------------------------------------
    def text(self, entity: str, column: int) -> str:
        """A cell's text."""
        row = self._rows.get(entity)
        item = self.table.item(row, column) if row is not None else None
        return item.text() if item is not None else ""

    # -- drawing -------------------------------------------------------------------
    def _tick(self) -> None:
        if self.model.waiting() is None:
            self.countdown.stop()
        self._refresh()

    def _refresh(self) -> None:
        model = self.model
        waiting = model.waiting() if self._running else None
        self._show_run_lines(self._running, waiting is not None)
        if waiting is not None:
            self.wait_label.setText(wait_text(*waiting))
        current = model.current if self._running else None
        self.section_label.setText(self._section_line(current))
        self.eta_label.setText(eta_text(model.eta(), running=self._running))
        if self._running:  # the bar never moves backwards within a run
            value = round(model.fraction() * BAR_STEPS)
            self.bar.setValue(max(self.bar.value(), value))

    def _show_run_lines(self, running: bool, waiting: bool) -> None:
        """The section line and the time-left line take room only during a run."""
        self.section_label.setVisible(running)
        self.run_line.setVisible(running)
        self.wait_label.setVisible(waiting)

    def _section_line(self, section: Section | None) -> str:
        if section is None:
            return ""
        line = self.tr("Sección {n} de {total}: {name} — {state}").format(
            n=self.model.position(section.entity),
            total=len(self.model.sections),
            name=entity_name(section.entity),
            state=state_text(section),
        )
        detail = detail_text(section)
        return f"{line}, {detail}" if detail else line

    def _show_row(self, entity: str) -> None:
        section = self.model.sections.get(entity)
        if section is None:
            return
        row = self._row(entity)
        values = (entity_name(entity), state_text(section), detail_text(section))
        for column, value in enumerate(values):
            self.table.setItem(row, column, QTableWidgetItem(value))

    def _row(self, entity: str) -> int:
        if entity not in self._rows:
            self._rows[entity] = self.table.rowCount()
            self.table.insertRow(self.table.rowCount())
        return self._rows[entity]
