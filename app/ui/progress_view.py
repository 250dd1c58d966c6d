"""Per-entity progress of the running sync: pages, records and time left."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
)

from app.sync.report import SyncProgress
from app.ui.status import eta_text

COLUMNS = ("Sección", "Fase", "Páginas", "Registros", "Tiempo restante")
PHASES = {"all": "todo", "changed": "cambios", "deleted": "borrados"}


class ProgressView(QTableWidget):
    """One row per entity, updated from ``SyncProgress`` signals."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(0, len(COLUMNS))
        self._clock = clock
        self._rows: dict[str, int] = {}
        self._phase_start: dict[tuple[str, str], float] = {}
        self._last_event = clock()
        self.setHorizontalHeaderLabels(list(COLUMNS))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.events = 0  # progress signals received in this run

    def reset(self) -> None:
        """Empty the table for a new run."""
        self.setRowCount(0)
        self._rows.clear()
        self._phase_start.clear()
        self._last_event = self._clock()
        self.events = 0

    def on_progress(self, progress: object) -> None:
        """Show one page done."""
        if not isinstance(progress, SyncProgress):
            return
        now = self._clock()
        key = (progress.entity, progress.phase)
        start = self._phase_start.setdefault(key, self._last_event)
        self._last_event = now
        self.events += 1
        row = self._row(progress.entity)
        # A phase may read a page more than its first envelope announced.
        total_pages = max(progress.total_pages or 0, progress.pages_done)
        total = f" / {total_pages}" if progress.total_pages else ""
        values = (
            progress.entity,
            PHASES.get(progress.phase, progress.phase),
            f"{progress.pages_done}{total}",
            str(progress.records),
            eta_text(progress.pages_done, total_pages, now - start),
        )
        for column, value in enumerate(values):
            self.setItem(row, column, QTableWidgetItem(value))

    def mark(self, entity: str, status: str) -> None:
        """Show an entity's final status in its time column."""
        row = self._row(entity)
        self.setItem(row, 0, QTableWidgetItem(entity))
        self.setItem(row, 4, QTableWidgetItem(status))

    def text(self, entity: str, column: int) -> str:
        """A cell's text (for tests and screenshots)."""
        item = self.item(self._rows[entity], column) if entity in self._rows else None
        return item.text() if item is not None else ""

    def _row(self, entity: str) -> int:
        if entity not in self._rows:
            self._rows[entity] = self.rowCount()
            self.insertRow(self.rowCount())
        return self._rows[entity]
