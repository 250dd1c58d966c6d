"""Historial: the recent sync runs, one row per run, in words a lab technician
reads without a manual; a run's detail per section; the records a run found
without their parent in the backup. The data comes from ``app.history`` (the
database, and the status file for what the database could not take or when it
cannot be read), loaded off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import history
from app.history import History, RunSummary
from app.storage.runs import Orphan
from app.ui.entity_names import ENTITY_NAMES, entity_name
from app.ui.progress_view import changes_text
from app.ui.screen_fit import resize_to_fit
from app.ui.status import AMBER_TEXT, RED, format_local
from app.ui.workers import TaskRunner

Clock = Callable[[], datetime]
LINK = "#1565c0"  # an orphan count that opens its list
COL_START, COL_DURATION, COL_STATUS, COL_REASON, COL_CHANGES, COL_ORPHANS = range(6)
TICK_MS = 1000  # a running run's duration moves every second
RELOAD_TICKS = 5  # ...and the list is read again every 5 s while one runs
# A run's or section's status and reason in colour: red when it failed, amber
# when entities were skipped for lack of permission (as the window's indicator).
STATUS_COLOURS = {"failed": RED, "partial": AMBER_TEXT, "skipped": AMBER_TEXT}
# The run detail: tall enough for ~25 of its 27-29 sections at 100 % on a
# 1366x768 screen (cut to the screen at 150 %); the reason above the table at
# most this many lines before it scrolls, so the table keeps its rows.
DETAIL_SIZE = (980, 720)
REASON_LINES = 4
COUNT_KEYS = (
    "fetched",
    "inserted",
    "updated",
    "deleted",
    "rejected",
    "orphans",
    "requests",
)


def status_text(status: str) -> str:
    """A run's or a section's status in words."""
    words = {
        "success": QCoreApplication.translate("HistoryDialog", "correcto"),
        "partial": QCoreApplication.translate(
            "HistoryDialog", "correcto, con secciones sin permiso"
        ),
        # why (no permission, not on this server, its parent skipped): the
        # section's tooltip and the run's reason say it
        "skipped": QCoreApplication.translate("HistoryDialog", "omitida"),
        "failed": QCoreApplication.translate("HistoryDialog", "falló"),
        "cancelled": QCoreApplication.translate("HistoryDialog", "cancelado"),
        "running": QCoreApplication.translate("HistoryDialog", "en curso"),
        "interrupted": QCoreApplication.translate("HistoryDialog", "interrumpido"),
    }
    return words.get(status, status)


def runs_heading(count: int) -> str:
    """``Última actualización`` / ``Últimas 3 actualizaciones``."""
    if count == 0:
        return QCoreApplication.translate("HistoryDialog", "Aún no hay respaldos.")
    if count == 1:
        return QCoreApplication.translate("HistoryDialog", "Última actualización.")
    return QCoreApplication.translate(
        "HistoryDialog", "Últimas {count} actualizaciones."
    ).format(count=count)


def seconds_text(seconds: float) -> str:
    """``40 s``, ``1 min 05 s``, ``2 h 03 min``."""
    total = max(0, round(seconds))
    if total < 60:
        return QCoreApplication.translate("HistoryDialog", "{s} s").format(s=total)
    if total < 3600:
        return QCoreApplication.translate("HistoryDialog", "{m} min {s:02d} s").format(
            m=total // 60, s=total % 60
        )
    return QCoreApplication.translate("HistoryDialog", "{h} h {m:02d} min").format(
        h=total // 3600, m=total % 3600 // 60
    )


def duration_text(run: RunSummary, now: datetime) -> str:
    """How long the run took, wall time: until it ended; while it runs, until
    ``now``; an interrupted one, at least until it was last seen at work."""
    seconds = run.seconds(now)
    if seconds is None:
        return QCoreApplication.translate("HistoryDialog", "no se sabe")
    text = seconds_text(seconds)
    if run.status == "running":
        return QCoreApplication.translate("HistoryDialog", "{time} (en curso)").format(
            time=text
        )
    if run.status == "interrupted":
        if seconds < 1:  # died before writing again: "al menos 0 s" says nothing
            return QCoreApplication.translate("HistoryDialog", "no se sabe")
        return QCoreApplication.translate("HistoryDialog", "al menos {time}").format(
            time=text
        )
    return text


def reason_lines(run: RunSummary) -> list[str]:
    """Why the run did not succeed, one line each, a section named as the user
    knows it (``orders: …`` → ``Órdenes: …``)."""
    lines = []
    for line in run.errors:
        name, colon, rest = line.partition(": ")
        if colon and name in ENTITY_NAMES:
            line = f"{entity_name(name)}: {rest}"
        lines.append(line)
    return lines


def _count(n: int, one: str, many: str) -> str:
    return (one if n == 1 else many).format(n=n)


def run_changes_text(run: RunSummary) -> str:
    """The whole run's changes in words (a dash when only the status file knows
    the run: its counts were never recorded)."""
    if not run.recorded:
        return "—"
    return changes_text(
        run.total("inserted"), run.total("updated"), run.total("deleted")
    )


def changes_tooltip(run: RunSummary) -> str:
    """Each section's changes, then what the words mean."""
    lines = [
        QCoreApplication.translate("HistoryDialog", "{section}: {changes}").format(
            section=entity_name(str(e["entity"])),
            changes=changes_text(e["inserted"], e["updated"], e["deleted"]),
        )
        for e in run.entities
    ]
    if not run.recorded:
        lines.append(not_recorded_text())
    return "\n".join([*lines, "", changes_legend()]).strip()


def changes_legend() -> str:
    """What new, changed and deleted mean."""
    return QCoreApplication.translate(
        "HistoryDialog",
        "Nuevos: registros copiados por primera vez. Modificados: registros que "
        "cambiaron en QBench desde la copia anterior. Eliminados: registros que "
        "QBench borró; el respaldo los conserva marcados como eliminados.",
    )


def orphans_legend() -> str:
    """What the orphan count means."""
    return QCoreApplication.translate(
        "HistoryDialog",
        "Huérfanos: registros cuyo registro relacionado no está en el respaldo "
        "(por ejemplo, una muestra cuya orden se borró en QBench o aún no se "
        "copió). Se conservan; no hace falta hacer nada.",
    )


def not_recorded_text() -> str:
    """A run only the status file knows."""
    return QCoreApplication.translate(
        "HistoryDialog",
        "La base de datos no pudo anotar esta actualización: se conserva en el "
        "archivo de estado y se anotará en la próxima que llegue a la base de "
        "datos. No hay detalle por sección.",
    )


def problem_text(problem: str) -> str:
    """The line shown when the backup database cannot be read."""
    return QCoreApplication.translate(
        "HistoryDialog",
        "No se puede leer la base de datos del respaldo: {reason} Se muestran las "
        "actualizaciones que el programa anotó en su archivo de estado.",
    ).format(reason=problem)


def _item(text: str, tooltip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(tooltip or text)
    return item


def _read_only_table(columns: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(True)
    return table


class HistoryDialog(QDialog):
    """A table of the recent runs; double-click one (or Ver detalle) for its
    sections, click an orphan count for the list."""

    def __init__(
        self,
        db_url: str,
        parent: QWidget | None = None,
        *,
        demo: bool = False,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Historial de respaldos"))
        resize_to_fit(self, 980, 560)
        self._db_url, self._demo = db_url, demo
        self._clock: Clock = clock or (lambda: datetime.now(UTC))
        self.tasks = TaskRunner(self)
        self.runs: list[RunSummary] = []
        self.problem = ""
        self.detail: RunDetailDialog | None = None
        self.orphans_dialog: OrphansDialog | None = None
        self._ticks = 0
        layout = QVBoxLayout(self)
        self.status_label = QLabel(self.tr("Cargando…"))
        layout.addWidget(self.status_label)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet(f"color: {RED};")
        self.problem_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.problem_label.hide()
        layout.addWidget(self.problem_label)
        self.table = _read_only_table(
            [
                self.tr("Inicio"),
                self.tr("Duración"),
                self.tr("Estado"),
                self.tr("Motivo"),
                self.tr("Cambios"),
                self.tr("Huérfanos"),
            ]
        )
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Stretch)
        # Estado and Cambios wrap past a width (a partial run's status is long),
        # so Motivo keeps room at 150 % on a 1366x768 screen.
        chars = self.table.fontMetrics().averageCharWidth()
        for column, width in ((COL_STATUS, 20), (COL_CHANGES, 26)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width * chars)
        changes_header = self.table.horizontalHeaderItem(COL_CHANGES)
        changes_header.setToolTip(changes_legend())
        self.table.horizontalHeaderItem(COL_ORPHANS).setToolTip(orphans_legend())
        self.table.cellDoubleClicked.connect(lambda row, _col: self.open_detail(row))
        self.table.cellClicked.connect(self.on_cell_clicked)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.table)
        self.legend_label = QLabel(
            "\n".join(
                (
                    changes_legend(),
                    orphans_legend(),
                    self.tr(
                        "Doble clic en una actualización (o «Ver detalle») para ver "
                        "cada sección; clic en un número de «Huérfanos» para ver la "
                        "lista."
                    ),
                )
            )
        )
        self.legend_label.setWordWrap(True)
        layout.addWidget(self.legend_label)
        row = QHBoxLayout()
        self.detail_button = QPushButton(self.tr("Ver detalle"))
        self.detail_button.setEnabled(False)
        self.detail_button.clicked.connect(lambda: self.open_detail(self._selected()))
        row.addWidget(self.detail_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Cerrar"))
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.on_tick)
        self.finished.connect(self.timer.stop)

    # -- loading -------------------------------------------------------------

    def reload(self) -> None:
        """Read the recent runs again."""
        url, demo = self._db_url, self._demo
        if not self.runs:
            self.status_label.setText(self.tr("Cargando…"))
        self.tasks.run(
            lambda: history.load_history(url, demo=demo),
            self.on_loaded,
            self.on_failed,
        )

    def on_loaded(self, loaded: History) -> None:
        selected = self._selected()
        chosen = self.runs[selected].run_id if selected is not None else None
        self.runs, self.problem = loaded.runs, loaded.problem
        heading = runs_heading(len(self.runs))
        if self.problem and not self.runs:  # not "no backups yet": not known
            heading = self.tr("No hay actualizaciones que mostrar.")
        self.status_label.setText(heading)
        self.problem_label.setText(problem_text(self.problem) if self.problem else "")
        self.problem_label.setVisible(bool(self.problem))
        self.table.setRowCount(len(self.runs))
        now = self._clock()
        for row, run in enumerate(self.runs):
            self._fill(row, run, now)
            if run.run_id == chosen:
                self.table.selectRow(row)
        self.table.resizeRowsToContents()
        # A long reason (every scope to grant) is cut at a few lines; its cell's
        # tooltip and the run's detail show it whole.
        most = self.table.fontMetrics().lineSpacing() * REASON_LINES + 6
        for row in range(self.table.rowCount()):
            if self.table.rowHeight(row) > most:
                self.table.setRowHeight(row, most)
        self._update_buttons()
        running = any(run.status == "running" for run in self.runs)
        if running and not self.timer.isActive():
            self._ticks = 0
            self.timer.start()
        elif not running:
            self.timer.stop()

    def on_failed(self, message: str) -> None:
        self.status_label.setText(message)

    def _fill(self, row: int, run: RunSummary, now: datetime) -> None:
        started = _item(format_local(run.started_at))
        status = _item(status_text(run.status))
        reason = _item("\n".join(reason_lines(run)))
        changes = _item(run_changes_text(run), changes_tooltip(run))
        orphans = run.total("orphans")
        orphan_item = _item(str(orphans) if run.recorded else "—", orphans_legend())
        if orphans:
            orphan_item.setForeground(QBrush(QColor(LINK)))
            font = orphan_item.font()
            font.setUnderline(True)
            orphan_item.setFont(font)
            click = self.tr("Pulse para ver la lista.")
            orphan_item.setToolTip(f"{orphans_legend()}\n{click}")
        colour = STATUS_COLOURS.get(run.status)
        if colour is not None:
            for item in (status, reason):
                item.setForeground(QBrush(QColor(colour)))
        if not run.recorded:
            for item in (started, status):
                font = QFont(item.font())
                font.setItalic(True)
                item.setFont(font)
                item.setToolTip(not_recorded_text())
        cells = {
            COL_START: started,
            COL_DURATION: self._duration_item(run, now),
            COL_STATUS: status,
            COL_REASON: reason,
            COL_CHANGES: changes,
            COL_ORPHANS: orphan_item,
        }
        for column, item in cells.items():
            self.table.setItem(row, column, item)

    def _duration_item(self, run: RunSummary, now: datetime) -> QTableWidgetItem:
        tooltip = ""
        if run.status == "interrupted":
            tooltip = self.tr(
                "El programa o el equipo se cerró durante la actualización: se "
                "cuenta hasta lo último que anotó."
            )
        elif run.status == "running":
            tooltip = self.tr("Desde que empezó hasta ahora.")
        return _item(duration_text(run, now), tooltip)

    def on_tick(self) -> None:
        """While a run runs: its duration moves; the list is read again now and
        then, so the run shows how it ended."""
        now = self._clock()
        for row, run in enumerate(self.runs):
            if run.status == "running":
                self.table.setItem(row, COL_DURATION, self._duration_item(run, now))
        self._ticks += 1
        if self._ticks % RELOAD_TICKS == 0 and not self.tasks.busy:
            self.reload()

    # -- details -------------------------------------------------------------

    def _selected(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def _update_buttons(self) -> None:
        self.detail_button.setEnabled(self._selected() is not None)

    def on_cell_clicked(self, row: int, column: int) -> None:
        known = 0 <= row < len(self.runs)
        if column == COL_ORPHANS and known and self.runs[row].total("orphans"):
            self.open_orphans(row)

    def open_detail(self, row: int | None) -> RunDetailDialog | None:
        """The per-section detail of run ``row``."""
        if row is None or not 0 <= row < len(self.runs):
            return None
        self.detail = RunDetailDialog(
            self.runs[row], self._db_url, self, now=self._clock(), tasks=self.tasks
        )
        self.detail.show()
        return self.detail

    def open_orphans(self, row: int) -> OrphansDialog:
        """The records run ``row`` found without their parent in the backup."""
        run = self.runs[row]
        dialog = OrphansDialog(self._db_url, run, self, tasks=self.tasks)
        dialog.show()
        self.orphans_dialog = dialog
        return dialog


class RunDetailDialog(QDialog):
    """One run, section by section: read, new, changed, deleted, rejected,
    orphans, requests and time."""

    def __init__(
        self,
        run: RunSummary,
        db_url: str,
        parent: QWidget | None = None,
        *,
        now: datetime | None = None,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.run, self._db_url = run, db_url
        self.tasks = tasks or TaskRunner(self)  # the window waits for these
        now = now or datetime.now(UTC)
        self.setWindowTitle(
            self.tr("Actualización del {when}").format(
                when=format_local(run.started_at)
            )
        )
        resize_to_fit(self, *DETAIL_SIZE)
        layout = QVBoxLayout(self)
        self.summary_label = QLabel(
            self.tr("{when} · {status} · duración: {duration} · {changes}").format(
                when=format_local(run.started_at),
                status=status_text(run.status),
                duration=duration_text(run, now),
                changes=run_changes_text(run),
            )
        )
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        skipped = sum(1 for e in run.entities if e["status"] == "skipped")
        self.skipped_label = QLabel(
            _count(
                skipped,
                self.tr("Se omitió {n} sección (en ámbar en la tabla):"),
                self.tr("Se omitieron {n} secciones (en ámbar en la tabla):"),
            )
        )
        self.skipped_label.setStyleSheet(f"color: {AMBER_TEXT}; font-weight: bold;")
        self.skipped_label.setVisible(bool(skipped))
        layout.addWidget(self.skipped_label)
        self.reason_label = QLabel("\n".join(reason_lines(run)))
        self.reason_label.setWordWrap(True)
        self.reason_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        if run.status in STATUS_COLOURS:
            self.reason_label.setStyleSheet(f"color: {STATUS_COLOURS[run.status]};")
        # A long reason (one line per cause, a list of scopes) wraps to the
        # dialog's width and scrolls past a few lines: it never widens the
        # dialog nor takes the table's rows.
        self.reason_area = QScrollArea()
        self.reason_area.setWidget(self.reason_label)
        self.reason_area.setWidgetResizable(True)
        self.reason_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.reason_area.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.reason_area.setSizePolicy(
            QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed
        )
        self.reason_area.setVisible(bool(run.errors))
        layout.addWidget(self.reason_area)
        if not run.recorded:
            note = QLabel(not_recorded_text())
            note.setWordWrap(True)
            layout.addWidget(note)
        self.table = _read_only_table(
            [
                self.tr("Sección"),
                self.tr("Estado"),
                self.tr("Leídos"),
                self.tr("Nuevos"),
                self.tr("Modificados"),
                self.tr("Eliminados"),
                self.tr("Rechazados"),
                self.tr("Huérfanos"),
                self.tr("Peticiones"),
                self.tr("Tiempo"),
            ]
        )
        tips = {
            2: self.tr("Registros que QBench envió en esta actualización."),
            3: self.tr("Registros copiados por primera vez."),
            4: self.tr("Registros que cambiaron en QBench desde la copia anterior."),
            5: self.tr(
                "Registros que QBench borró; el respaldo los conserva marcados "
                "como eliminados."
            ),
            6: self.tr(
                "Registros que no se pudieron leer: se guardan tal como llegaron "
                "y la próxima actualización los pide de nuevo."
            ),
            7: orphans_legend(),
            8: self.tr("Peticiones hechas a QBench."),
        }
        for column, tip in tips.items():
            self.table.horizontalHeaderItem(column).setToolTip(tip)
        self._fill(now)
        self._lay_out_columns()
        self.table.setCurrentItem(None)
        layout.addWidget(self.table, 1)  # the table takes every spare pixel
        row = QHBoxLayout()
        orphans = run.total("orphans")
        self.orphans_button = QPushButton(
            self.tr("Ver huérfanos ({n})").format(n=orphans)
        )
        self.orphans_button.setEnabled(bool(orphans) and run.recorded)
        self.orphans_button.clicked.connect(self.open_orphans)
        row.addWidget(self.orphans_button)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Cerrar"))
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.orphans_dialog: OrphansDialog | None = None

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt)
        super().resizeEvent(event)
        self._fit_reason()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt)
        super().showEvent(event)
        self._fit_reason()

    def _fit_reason(self) -> None:
        """The reason's area as tall as its wrapped text, at most
        ``REASON_LINES`` lines (then it scrolls)."""
        width = self.reason_area.width() - self.reason_area.frameWidth() * 2
        needed = self.reason_label.heightForWidth(max(width, 1))
        most = self.reason_label.fontMetrics().lineSpacing() * REASON_LINES
        self.reason_area.setFixedHeight(max(1, min(needed, most)))

    def _lay_out_columns(self) -> None:
        """27-29 sections in the width of a 1366x768 screen at 150 %: the
        numbers as wide as they need, Estado as wide as its short words,
        Sección takes the rest (a long name wraps only in a narrower dialog;
        rows grow to their wrapped text)."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        metrics = self.table.fontMetrics()
        statuses = [status_text(e["status"]) for e in self.run.entities]
        bold = QFont(self.table.font())
        bold.setBold(True)
        widest = max(
            [metrics.horizontalAdvance(t) for t in statuses]
            + [QFontMetrics(bold).horizontalAdvance(self._total_status())]
        )
        label = self.table.horizontalHeaderItem(1).text()
        widest = max(widest, header.fontMetrics().horizontalAdvance(label))
        header.resizeSection(1, widest + 2 * metrics.averageCharWidth())
        header.setMinimumSectionSize(6 * metrics.averageCharWidth())
        self.table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )

    def _fill(self, now: datetime) -> None:
        sections = self.run.entities
        self.table.setRowCount(len(sections) + (1 if sections else 0))
        for row, e in enumerate(sections):
            skipped = e["status"] == "skipped"
            self._row(
                row,
                entity_name(str(e["entity"])),
                status_text(e["status"]),
                e,
                skipped=skipped,
            )
            end = e["finished_at"] or (now if e["status"] == "running" else None)
            seconds = (end - e["started_at"]).total_seconds() if end else None
            time = seconds_text(seconds) if seconds is not None else "—"
            self.table.setItem(row, 9, _item(time))
            if e["status"] in STATUS_COLOURS:
                colour = QBrush(QColor(STATUS_COLOURS[e["status"]]))
                reason = str(e.get("user_message") or e.get("error") or "")
                # A skipped section reads as one in the whole row: amber, in
                # italics, no counts (nothing was read), the reason on hover.
                columns = range(10) if skipped else (1,)
                for column in columns:
                    item = self.table.item(row, column)
                    item.setForeground(colour)
                    item.setToolTip(reason)
                    if skipped:
                        font = QFont(item.font())
                        font.setItalic(True)
                        item.setFont(font)
        if sections:
            totals = {key: self.run.total(key) for key in COUNT_KEYS}
            last = len(sections)
            self._row(last, self.tr("Total"), self._total_status(), totals)
            self.table.setItem(last, 9, _item(duration_text(self.run, now)))
            self.table.item(last, 1).setToolTip(status_text(self.run.status))
            for column in range(self.table.columnCount()):
                item = self.table.item(last, column)
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)

    def _total_status(self) -> str:
        """The run's status in the Total row: as short as a section's (the
        summary line above and the cell's tooltip say it whole)."""
        if self.run.status == "partial":
            return self.tr("parcial")
        return status_text(self.run.status)

    def _row(
        self,
        row: int,
        section: str,
        status: str,
        counts: dict,
        *,
        skipped: bool = False,
    ) -> None:
        values = [section, status] + [
            "—" if skipped and key != "requests" else str(counts.get(key) or 0)
            for key in COUNT_KEYS
        ]
        for column, value in enumerate(values):
            item = _item(value)
            if column >= 2:
                item.setTextAlignment(
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
            self.table.setItem(row, column, item)

    def open_orphans(self) -> OrphansDialog:
        self.orphans_dialog = OrphansDialog(
            self._db_url, self.run, self, tasks=self.tasks
        )
        self.orphans_dialog.show()
        return self.orphans_dialog


class OrphansDialog(QDialog):
    """The records a run found without their parent in the backup, loaded off
    the GUI thread."""

    def __init__(
        self,
        db_url: str,
        run: RunSummary,
        parent: QWidget | None = None,
        *,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.run = run
        self.setWindowTitle(self.tr("Registros huérfanos"))
        resize_to_fit(self, 640, 420)
        self.tasks = tasks or TaskRunner(self)  # the window waits for these
        layout = QVBoxLayout(self)
        intro = QLabel(orphans_legend())
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.status_label = QLabel(self.tr("Cargando…"))
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        self.table = _read_only_table(
            [
                self.tr("Sección"),
                self.tr("Registro (id)"),
                self.tr("Le falta"),
            ]
        )
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Cerrar"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        run_id = run.run_id
        self.tasks.run(
            lambda: history.run_orphans(db_url, run_id), self.on_loaded, self.on_failed
        )

    def on_loaded(self, orphans: list[Orphan]) -> None:
        count = self.run.total("orphans")
        if not orphans:
            text = self.tr(
                "La lista de esta actualización ya no se conserva (se guardan las "
                "de las últimas 50)."
            )
        elif len(orphans) < count:
            text = self.tr("Se muestran los primeros {shown} de {count}.").format(
                shown=len(orphans), count=count
            )
        else:
            text = _count(
                count,
                self.tr("{n} registro."),
                self.tr("{n} registros."),
            )
        self.status_label.setText(text)
        self.table.setRowCount(len(orphans))
        for row, orphan in enumerate(orphans):
            values = (
                entity_name(orphan.entity),
                str(orphan.child_id),
                self.tr("{section} n.º {id}").format(
                    section=entity_name(orphan.parent_entity), id=orphan.parent_id
                ),
            )
            for column, value in enumerate(values):
                self.table.setItem(row, column, _item(value))

    def on_failed(self, message: str) -> None:
        self.status_label.setText(message)
