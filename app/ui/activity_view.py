"""The activity pane: what happened, in the lab's words; the English log behind
"Detalles técnicos", and the whole log file one click away ("Abrir registro")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import paths
from app.qbench.waits import NETWORK, PACING, RETRY, Wait
from app.sync.report import SectionDone, SyncEvent, SyncPlan, SyncReport
from app.ui.entity_names import entity_name
from app.ui.i18n import translated
from app.ui.progress_view import changes_text

MAX_LINES = 2000
LEAST_LINES = 3  # of the activity on a small screen: the table has the rest


class FollowingLog(QPlainTextEdit):
    """A read-only log that shows its newest line unless the user scrolled up.

    QPlainTextEdit's own following is unreliable: it decides "at the bottom"
    from the last block's geometry before laying the new line out, and counts
    a line that wraps (more of them at 150 %) as one line until it is drawn, so
    the scroll to the end falls short and, once short, it stops following.
    Here following is a state the user changes (scrolling up stops it, back to
    the end resumes it), and every change of the scroll range while following
    (a new line, a wrapped line laid out, a resize) goes back to the end."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setMaximumBlockCount(MAX_LINES)
        self.following = True
        bar = self.verticalScrollBar()
        bar.actionTriggered.connect(self._on_user_scroll)
        bar.rangeChanged.connect(self._on_range_changed)

    def add_line(self, text: str) -> None:
        """Append ``text`` as a new line; show it when following."""
        self.appendPlainText(text)
        if self.following:
            self.scroll_to_end()

    def scroll_to_end(self) -> None:
        bar = self.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _on_user_scroll(self, _action: int) -> None:
        # the slider's position is already the action's; its value not yet
        bar = self.verticalScrollBar()
        self.following = bar.sliderPosition() >= bar.maximum()

    def _on_range_changed(self, _minimum: int, _maximum: int) -> None:
        if self.following:  # after the widget's own adjustment of the value
            QTimer.singleShot(0, self, self._catch_up)  # none once deleted

    def _catch_up(self) -> None:
        if self.following:
            self.scroll_to_end()


class ActivityView(QWidget):
    """Spanish events of the runs (``activity``) and the raw log (``details``,
    hidden until asked for: it is English, for support)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        clock: Callable[[], datetime] = datetime.now,
        open_url: Callable[[QUrl], object] = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        self._clock, self._open_url = clock, open_url
        self._last_wait: tuple[str, str] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.activity = FollowingLog()
        self.activity.setPlaceholderText(self.tr("Actividad"))
        self.activity.setMinimumHeight(_lines_high(self.activity, LEAST_LINES))
        layout.addWidget(self.activity, 1)
        row = QHBoxLayout()
        self.details_button = QToolButton()
        self.details_button.setText(self.tr("Detalles técnicos"))
        self.details_button.setCheckable(True)
        self.details_button.setToolButtonStyle(
            self.details_button.toolButtonStyle().ToolButtonTextBesideIcon
        )
        self.details_button.setArrowType(_arrow(False))
        self.details_button.toggled.connect(self._show_details)
        row.addWidget(self.details_button)
        row.addStretch(1)
        self.open_log_button = QPushButton(self.tr("Abrir registro"))
        self.open_log_button.setToolTip(
            self.tr("Abre la carpeta con el registro completo del programa.")
        )
        self.open_log_button.clicked.connect(self.open_log)
        row.addWidget(self.open_log_button)
        layout.addLayout(row)
        self.details = FollowingLog()
        self.details.setObjectName("technical_details")  # English by design
        self.details.setVisible(False)
        layout.addWidget(self.details, 1)

    # -- the runs' events --------------------------------------------------------
    def started(self) -> None:
        self._last_wait = None
        self.say(self.tr("Actualización iniciada."))

    def on_progress(self, event: SyncEvent) -> None:
        """A plan, a section's end or a wait becomes a line; pages do not."""
        if isinstance(event, SyncPlan):
            names = ", ".join(entity_name(s.entity) for s in event.sections)
            self.say(self.tr("Secciones a copiar: {names}.").format(names=names))
        elif isinstance(event, SectionDone):
            self.say(self.section_line(event))
        elif isinstance(event, Wait):
            self._say_wait(event)

    def finished(self, report: SyncReport) -> None:
        if report.status == "success":
            self.say(self.tr("Actualización terminada correctamente."))
        elif report.status == "cancelled":
            self.say(self.tr("Actualización cancelada; se conserva lo ya copiado."))
        elif report.status == "partial":
            skips = {r.skip for r in report.results if r.status == "skipped"}
            if skips == {"forbidden"}:
                text = self.tr(
                    "Actualización terminada, salvo las secciones sin permiso."
                )
            else:  # a 404 or a skipped parent: not for lack of permission
                text = self.tr("Actualización terminada, salvo las secciones omitidas.")
            self.say(f"{text} {translated(report.reason())}".strip())
        else:
            self.failed(translated(report.reason()))

    def failed(self, reason: str) -> None:
        text = self.tr("La actualización falló.")
        self.say(f"{text} {reason}".strip())

    def say(self, text: str) -> None:
        """One line, with the local time."""
        self.activity.add_line(f"{self._clock():%H:%M:%S}  {text}")

    def _say_wait(self, wait: Wait) -> None:
        if wait.kind == PACING or wait.seconds < 1:  # the pacer's steps: not news
            return
        if wait.kind == RETRY:
            line = self.tr("Reintentando en {seconds} s ({cause}).").format(
                seconds=max(1, round(wait.seconds)), cause=retry_cause(wait)
            )
        else:
            line = self.tr(
                "Esperando el límite de peticiones de QBench ({seconds} s)."
            ).format(seconds=max(1, round(wait.seconds)))
        key = (wait.kind, line)
        if key != self._last_wait:
            self.say(line)
        self._last_wait = key

    def section_line(self, event: SectionDone) -> str:
        """``Pruebas: 3 nuevos, 5 modificados, 1 eliminado.`` (or sin cambios, or
        why it did not finish)."""
        name = entity_name(event.entity)
        if event.status == "failed":
            return self.tr("{name}: falló.").format(name=name)
        if event.status == "cancelled":
            return self.tr("{name}: cancelada.").format(name=name)
        if event.status == "skipped":
            if event.skip == "forbidden":
                return self.tr("{name}: omitida, sin permiso.").format(name=name)
            if event.skip == "missing":
                return self.tr("{name}: omitida, no existe en QBench.").format(
                    name=name
                )
            return self.tr("{name}: omitida.").format(name=name)
        changes = changes_text(event.inserted, event.updated, event.deleted)
        fetched = event.fetched  # lupdate reads a plural's count only from a name
        if event.mode == "full":
            read = self.tr("%n registro(s) leído(s)", "", fetched)
            return self.tr("{name}: {read}; {changes}.").format(
                name=name, read=read, changes=changes
            )
        return self.tr("{name}: {changes}.").format(name=name, changes=changes)

    # -- the log -----------------------------------------------------------------
    def on_log_line(self, line: str) -> None:
        self.details.add_line(line)

    def _show_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setArrowType(_arrow(shown))

    def open_log(self) -> None:
        """Open the log folder in the system's file manager."""
        folder = paths.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        if not self._open_url(QUrl.fromLocalFile(str(folder))):  # no file manager
            self.say(
                self.tr(
                    "No se pudo abrir la carpeta del registro; está en {folder}"
                ).format(folder=folder)
            )


def retry_cause(wait: Wait) -> str:
    if wait.cause == NETWORK:
        return QCoreApplication.translate("ActivityView", "error de red")
    return QCoreApplication.translate("ActivityView", "QBench respondió con un error")


def _lines_high(edit: QPlainTextEdit, lines: int) -> int:
    """The height that shows ``lines`` lines of ``edit`` (frame and margins in)."""
    margins = edit.contentsMargins().top() + edit.contentsMargins().bottom()
    document = 2 * int(edit.document().documentMargin())
    return lines * edit.fontMetrics().lineSpacing() + margins + document


def _arrow(shown: bool) -> Qt.ArrowType:
    return Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow
