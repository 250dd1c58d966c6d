"""History: the recent sync runs from ``ingestion_runs`` (each run's '*' row and
its entities), one row per run; the status file adds a run no database took."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import services
from app.ui.status import format_local
from app.ui.workers import TaskRunner

COLUMNS = ("Inicio", "Duración", "Estado", "Errores", "Cambios por sección")
STATUS = {
    "success": "correcto",
    "failed": "falló",
    "cancelled": "cancelado",
    "running": "en curso",
    "interrupted": "interrumpido",
}


def duration_text(run: services.RunSummary) -> str:
    """``1 min 05 s`` / ``12 s``; empty while running."""
    if run.finished_at is None:
        return ""
    seconds = max(0, round((run.finished_at - run.started_at).total_seconds()))
    return (
        f"{seconds // 60} min {seconds % 60:02d} s" if seconds >= 60 else f"{seconds} s"
    )


def changes_text(run: services.RunSummary) -> str:
    """``orders +3 ~1 -0`` per entity that changed (new, updated, deleted)."""
    parts = [
        f"{e['entity']} +{e['inserted']} ~{e['updated']} -{e['deleted']}"
        for e in run.entities
        if e["inserted"] or e["updated"] or e["deleted"]
    ]
    return ", ".join(parts) or "sin cambios"


class HistoryDialog(QDialog):
    """A table of the recent runs, loaded off the GUI thread."""

    def __init__(
        self, db_url: str, parent: QWidget | None = None, *, demo: bool = False
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Historial de respaldos")
        self.resize(900, 420)
        self._db_url, self._demo = db_url, demo
        self.tasks = TaskRunner(self)
        self.runs: list[services.RunSummary] = []
        layout = QVBoxLayout(self)
        self.status_label = QLabel("Cargando…")
        layout.addWidget(self.status_label)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, 260)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Cerrar")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def reload(self) -> None:
        """Read the recent runs again."""
        url, demo = self._db_url, self._demo
        self.status_label.setText("Cargando…")
        self.tasks.run(
            lambda: services.recent_history(url, demo=demo),
            self.on_loaded,
            self.on_failed,
        )

    def on_loaded(self, runs: list[services.RunSummary]) -> None:
        self.runs = runs
        self.status_label.setText(
            f"Últimas {len(runs)} actualizaciones." if runs else "Aún no hay respaldos."
        )
        self.table.setRowCount(len(runs))
        for row, run in enumerate(runs):
            values = (
                format_local(run.started_at),
                duration_text(run),
                STATUS.get(run.status, run.status),
                "\n".join(run.errors),
                changes_text(run),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()

    def on_failed(self, message: str) -> None:
        self.status_label.setText(message)
