"""The main window: ACTUALIZAR, the last-backup indicator, progress and the log."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from PySide6.QtCore import Qt, QThread, QTimer
from PySide6.QtGui import QCloseEvent, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import services
from app.config import Settings
from app.credentials import resolve_secret
from app.errors import AppError, TenantMismatchError
from app.i18n import QT_TRANSLATE_NOOP
from app.run_state import BackupState
from app.sync.report import SyncReport
from app.ui.activity_view import ActivityView
from app.ui.api_panel import ApiPanel
from app.ui.application import APP_TITLE, window_title
from app.ui.history_dialog import HistoryDialog
from app.ui.i18n import translated
from app.ui.log_bridge import LogBridge
from app.ui.progress_view import ProgressView, skipped_text
from app.ui.screen_fit import resize_to_fit
from app.ui.settings_dialog import SettingsDialog
from app.ui.status import Indicator, indicator, reason_colour
from app.ui.workers import (
    SyncWorker,
    TaskRunner,
    release,
    start_in_thread,
)

POLL_MS = 2000
STOP_WAIT_MS = 15_000
# The status line under ACTUALIZAR: one short sentence. Why a run did not
# succeed is said once, under the indicator (the run's recorded reason).
RESULT_TEXT = {
    "success": QT_TRANSLATE_NOOP("MainWindow", "Respaldo completado."),
    "partial": QT_TRANSLATE_NOOP(
        "MainWindow", "Respaldo completado, salvo las secciones sin permiso."
    ),
    "skipped": QT_TRANSLATE_NOOP(
        "MainWindow", "Respaldo completado, salvo las secciones omitidas."
    ),
    "cancelled": QT_TRANSLATE_NOOP("MainWindow", "Actualización cancelada."),
    "failed": QT_TRANSLATE_NOOP("MainWindow", "La actualización falló."),
}
ENTITY_STATUS = {
    "success": QT_TRANSLATE_NOOP("MainWindow", "completado"),
    "failed": QT_TRANSLATE_NOOP("MainWindow", "falló"),
    "cancelled": QT_TRANSLATE_NOOP("MainWindow", "cancelado"),
}


def result_text(report: SyncReport) -> str:
    """The status line's sentence for a finished run (not its reason)."""
    status = report.status
    if status == "partial" and any(
        r.skip != "forbidden" for r in report.results if r.status == "skipped"
    ):  # not only for lack of permission: a 404 or a skipped parent too
        status = "skipped"
    return translated(RESULT_TEXT[status])


@dataclass
class WindowContext:
    """What the window works with: settings, environment, demo or real tenant."""

    settings: Settings
    env: Mapping[str, str] = field(default_factory=dict)
    demo: bool = False
    demo_connection: services.Connection | None = None
    db_url: str | None = None  # an override (tests); None: from the settings

    def database_url(self) -> str:
        return self.db_url or services.database_url(self.settings, demo=self.demo)

    def connection(self) -> services.Connection:
        """The tenant to copy; ConfigError when credentials are missing."""
        if self.demo and self.demo_connection is not None:
            return self.demo_connection
        secret = resolve_secret(self.settings.client_id, self.env)
        return services.require_connection(self.settings, secret)

    def needs_setup(self) -> bool:
        """True when no sync could start for lack of settings or secret."""
        try:
            self.connection()
        except AppError:
            return True
        return False


class MainWindow(QMainWindow):
    """Composes the widgets and reacts to the sync worker's signals."""

    def __init__(self, context: WindowContext, *, poll_ms: int = POLL_MS) -> None:
        super().__init__()
        self.context = context
        self.tasks = TaskRunner(self)
        self.settings_dialog: SettingsDialog | None = None
        self.history_dialog: HistoryDialog | None = None
        self.last_report: SyncReport | None = None
        self.current_indicator = Indicator("", "")
        self._worker: SyncWorker | None = None
        self._thread: QThread | None = None
        self._failure: str | None = None  # a crash of this session's sync, if any
        self._status_stamp: object = None  # the status file as last read
        self._closing = False  # the user chose to stop the sync and close
        self.close_question: QMessageBox | None = None
        self._external_running = False
        self._build()
        self.log_bridge = LogBridge(context.settings.log_level, self)
        self.log_bridge.line.connect(self.on_log_line)
        self.log_bridge.install()
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(poll_ms)
        self.poll_timer.timeout.connect(self.on_poll)
        self.poll_timer.start()
        self.local_api = services.LocalApi(
            demo=context.demo, connection=context.demo_connection
        )
        self.new_token_question: QMessageBox | None = None
        self.apply_api_settings()
        self.refresh_indicator()

    # -- layout --------------------------------------------------------------

    def _build(self) -> None:
        self.setWindowTitle(window_title(demo=self.context.demo))
        resize_to_fit(self, 820, 620)
        root = QWidget(self)
        layout = QVBoxLayout(root)
        self.demo_label = QLabel(
            self.tr(
                "DEMO · datos de ejemplo del simulador incluido, en una base de "
                "datos aparte. No se conecta a su QBench."
            )
        )
        self.demo_label.setWordWrap(True)
        self.demo_label.setStyleSheet(
            "background:#ffe082; color:#4e342e; padding:6px; font-weight:bold;"
        )
        self.demo_label.setVisible(self.context.demo)
        layout.addWidget(self.demo_label)
        self.indicator_label = QLabel(self.tr("Último respaldo: …"))
        self.indicator_label.setWordWrap(True)
        font = QFont(self.indicator_label.font())
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.indicator_label.setFont(font)
        layout.addWidget(self.indicator_label)
        self.reason_label = QLabel()
        self.reason_label.setWordWrap(True)
        self.reason_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        self.reason_label.hide()
        layout.addWidget(self.reason_label)
        layout.addLayout(self._buttons())
        self.status_label = QLabel(self.tr("Listo."))
        self.status_label.setWordWrap(True)  # a long error never widens the window
        layout.addWidget(self.status_label)
        self.progress_view = ProgressView()
        layout.addWidget(self.progress_view, 3)  # the table: most of the room
        self.activity_view = ActivityView()
        self.log_view = self.activity_view.details  # the English log (support)
        layout.addWidget(self.activity_view, 1)
        self.api_panel = ApiPanel()  # hidden while the REST API is off
        self.api_panel.regenerate_requested.connect(self.ask_new_token)
        layout.addWidget(self.api_panel)
        self.setCentralWidget(root)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.sync_button = QPushButton(self.tr("ACTUALIZAR"))
        self.sync_button.setMinimumHeight(56)
        self.sync_button.setMinimumWidth(220)
        font = QFont(self.sync_button.font())
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        self.sync_button.setFont(font)
        self.sync_button.clicked.connect(self.start_sync)
        self.cancel_button = QPushButton(self.tr("Cancelar"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_sync)
        self.history_button = QPushButton(self.tr("Historial"))
        self.history_button.clicked.connect(self.open_history)
        self.settings_button = QPushButton(self.tr("Configuración"))
        self.settings_button.clicked.connect(self.open_settings)
        for widget in (self.sync_button, self.cancel_button):
            row.addWidget(widget)
        row.addStretch(1)
        for widget in (self.history_button, self.settings_button):
            row.addWidget(widget)
        return row

    # -- the last-backup indicator -------------------------------------------

    def refresh_indicator(self) -> None:
        """Read the last runs from the database (off the GUI thread)."""
        url, demo = self.context.database_url(), self.context.demo
        self._status_stamp = services.status_stamp(demo=demo)
        self.tasks.run(
            lambda: services.last_backup(url, demo=demo),
            self.on_backup_state,
            self.on_backup_state_failed,
        )
        if self.history_dialog is not None and self.history_dialog.isVisible():
            self.history_dialog.reload()  # a run ended: Historial shows it too

    def on_backup_state(self, state: BackupState) -> None:
        if self._failure is not None:  # a crash no database or file recorded
            state = replace(state, state="failed", reason=self._failure)
        self.show_indicator(indicator(state))

    def on_backup_state_failed(self, message: str) -> None:
        self.show_indicator(indicator(BackupState("failed", reason=message)))

    def show_indicator(self, value: Indicator) -> None:
        self.current_indicator = value
        self.indicator_label.setText(f"● {value.text}")
        self.indicator_label.setStyleSheet(f"color:{value.colour};")
        self.reason_label.setText(value.reason)
        self.reason_label.setStyleSheet(f"color:{reason_colour(value.colour)};")
        self.reason_label.setVisible(bool(value.reason))

    # -- running a sync ------------------------------------------------------

    @property
    def syncing(self) -> bool:
        return self._worker is not None

    def start_sync(self) -> None:
        """ACTUALIZAR: start a sync in its worker thread."""
        if self._worker is not None:
            return
        try:
            connection = self.context.connection()
        except AppError as exc:
            self.status_label.setText(translated(exc.user_message))
            self.open_settings(intro=translated(exc.user_message))
            return
        if services.sync_running(demo=self.context.demo):
            self._show_external(True)
            return
        worker = SyncWorker(
            self.context.settings,
            connection,
            db_url=self.context.database_url(),
            demo=self.context.demo,
        )
        worker.progress.connect(self.progress_view.on_progress)
        worker.progress.connect(self.activity_view.on_progress)
        worker.finished.connect(self.on_sync_finished)
        worker.failed.connect(self.on_sync_failed)
        worker.tenant_refused.connect(self.on_tenant_refused)
        worker.done.connect(self.progress_view.finish)
        self._worker = worker
        self.progress_view.reset()
        self.status_label.setText(self.tr("Actualizando… respaldo en curso."))
        self.activity_view.started()
        self._set_running(True)
        self._thread = start_in_thread(worker)
        self._thread.finished.connect(self.on_thread_finished)

    def cancel_sync(self) -> None:
        """Cancelar: stop after the current page, keeping what was copied."""
        if self._worker is not None:
            self._worker.stop()
            self.cancel_button.setEnabled(False)
            self.status_label.setText(
                self.tr("Cancelando… se detiene al terminar la página actual.")
            )

    def on_sync_finished(self, report: SyncReport) -> None:
        self.last_report = report
        for result in report.results:
            if result.status == "skipped":
                status = skipped_text(result.skip)
            else:
                known = ENTITY_STATUS.get(result.status)
                status = translated(known) if known else result.status
            self.progress_view.mark(result.entity, status)
        self._failure = None  # recorded (database or status file): the
        # indicator reads the reason back and shows it; not said here again
        self.status_label.setText(result_text(report))
        self.activity_view.finished(report)

    def on_sync_failed(self, message: str) -> None:
        self._failure = message  # the indicator shows it as the reason
        self.status_label.setText(translated(RESULT_TEXT["failed"]))
        self.activity_view.failed(translated(message))

    def on_tenant_refused(self, error: TenantMismatchError) -> None:
        """The database holds another tenant's copy: offer a new database."""
        self.on_sync_failed(error.user_message)
        question = self.tr(
            "¿Crear una base de datos nueva para {current} y copiarla allí? La "
            "copia de {recorded} se conserva tal cual."
        ).format(current=error.current_url, recorded=error.recorded_url)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Otra dirección de QBench"),
            f"{translated(error.user_message)}\n\n{question}",
            QMessageBox.StandardButton.Cancel,
            self,
        )
        self.new_database_button = box.addButton(
            self.tr("Usar una base de datos nueva"), QMessageBox.ButtonRole.AcceptRole
        )
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Cancelar"))
        self.new_database_button.clicked.connect(self.use_new_database)
        box.open()  # not modal: the window keeps working
        self.tenant_message = box

    def use_new_database(self) -> None:
        """Point the settings at a new SQLite file for this tenant, then sync."""
        try:
            settings = services.use_new_database(self.context.settings)
        except AppError as exc:
            self.status_label.setText(translated(exc.user_message))
            return
        self.context.db_url = None  # from the settings from now on
        self.on_settings_saved(settings)
        QTimer.singleShot(0, self.start_sync)

    def on_thread_finished(self) -> None:
        release(self._thread)
        self._thread = self._worker = None
        self._set_running(False)
        if self._closing:  # the sync stopped because the user is closing
            self.close()
            return
        self.refresh_indicator()

    def _set_running(self, running: bool) -> None:
        self.sync_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)

    # -- syncs of other processes --------------------------------------------

    def on_poll(self) -> None:
        """Every ~2 s: is a sync running elsewhere (scheduler, another window)?"""
        if self._worker is not None:
            return
        try:
            running = services.sync_running(demo=self.context.demo)
        except OSError:
            running = False
        if running != self._external_running:
            self._show_external(running)
            if not running:
                self.refresh_indicator()
                return
        # A headless run too short for the lock to be seen still rewrites the
        # status file: that is when its outcome is in.
        if services.status_stamp(demo=self.context.demo) != self._status_stamp:
            self.refresh_indicator()

    def _show_external(self, running: bool) -> None:
        self._external_running = running
        self.sync_button.setEnabled(not running)
        self.status_label.setText(
            self.tr(
                "Hay un respaldo en curso (iniciado por otro proceso); espere a "
                "que termine."
            )
            if running
            else self.tr("Listo.")
        )

    # -- log, dialogs, shutdown ----------------------------------------------

    def on_log_line(self, line: str) -> None:
        self.activity_view.on_log_line(line)

    def open_settings(
        self,
        *,
        intro: str = "",
        problems: Mapping[str, str] | None = None,
        values: Mapping[str, object] | None = None,
    ) -> SettingsDialog:
        """Show the settings (not modal, so the window keeps working); ``problems``
        are shown beside their fields, the cursor in the first; ``values`` are
        the settings file's bad values, shown as written to be corrected."""
        if self.settings_dialog is None:
            self.settings_dialog = SettingsDialog(
                self.context.settings,
                env=self.context.env,
                intro=intro,
                problems=problems,
                values=values,
                demo=self.context.demo,
                parent=self,
            )
            self.settings_dialog.saved.connect(self.on_settings_saved)
            self.settings_dialog.finished.connect(self._forget_settings_dialog)
        self.settings_dialog.show()
        self.settings_dialog.raise_()
        return self.settings_dialog

    def _forget_settings_dialog(self) -> None:
        if self.settings_dialog is not None:
            self.settings_dialog.deleteLater()
        self.settings_dialog = None

    def on_settings_saved(self, settings: Settings) -> None:
        self.context.settings = settings
        self._failure = None
        self.apply_api_settings()
        self.refresh_indicator()

    def apply_api_settings(self) -> None:
        """Start, restart or stop the local REST API live to match the settings;
        the panel shows its address, a new token once, or why it did not start."""
        settings = self.context.settings
        if not self.context.demo:  # serve the very database this window writes
            settings = replace(settings, db_url=self.context.database_url())
        try:
            url, token = self.local_api.apply(settings, self.context.env)
        except services.ApiListenError as exc:
            if exc.in_use:
                self.api_panel.show_port_in_use(exc.port)
            else:
                self.api_panel.show_cannot_listen(exc.host, exc.port)
            return
        except AppError as exc:  # a damaged token file, a database URL
            self.api_panel.show_error(translated(exc.user_message))
            return
        if url is None:
            self.api_panel.show_off()
            self.refit()
            return
        self.api_panel.show_serving(url)
        if token:  # shown once; only its hash is stored
            self.api_panel.show_token(token)
        self.refit()

    def refit(self) -> None:
        """Once the layout has settled (a panel shown or hidden), be no bigger
        than the screen and no bigger than the content needs."""

        def fit() -> None:
            wanted = self.centralWidget().sizeHint().expandedTo(self.minimumSizeHint())
            resize_to_fit(
                self, max(self.width(), wanted.width()), min(self.height(), 620)
            )

        QTimer.singleShot(0, fit)

    def ask_new_token(self) -> QMessageBox:
        """«Generar nuevo token»: confirm first (the old token stops working)."""
        if self.new_token_question is None:
            box = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("Generar nuevo token"),
                self.tr(
                    "¿Generar un token nuevo para la API REST local?\n\nEl token "
                    "actual deja de funcionar en ese momento: los programas que lo "
                    "usan no podrán leer el respaldo hasta que les dé el nuevo."
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self,
            )
            box.button(QMessageBox.StandardButton.Yes).setText(
                self.tr("Generar nuevo token")
            )
            box.button(QMessageBox.StandardButton.No).setText(self.tr("Cancelar"))
            box.setDefaultButton(QMessageBox.StandardButton.No)
            box.finished.connect(self.on_new_token_answer)
            self.new_token_question = box
        self.new_token_question.open()  # not modal: the window keeps working
        return self.new_token_question

    def on_new_token_answer(self, _result: int) -> None:
        box, self.new_token_question = self.new_token_question, None
        if box is None:
            return
        confirmed = box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
        box.deleteLater()
        if not confirmed:
            return
        try:
            token = self.local_api.new_token()
        except AppError as exc:  # the token file cannot be written: old one kept
            self.api_panel.show_token_failed(translated(exc.user_message))
            return
        self.api_panel.show_token(token)
        if not self.local_api.running:  # a damaged token file kept it off
            self.apply_api_settings()

    def open_history(self) -> HistoryDialog:
        """Show the recent runs."""
        if self.history_dialog is None:
            self.history_dialog = HistoryDialog(
                self.context.database_url(), self, demo=self.context.demo
            )
        self.history_dialog.reload()
        self.history_dialog.show()
        self.history_dialog.raise_()
        return self.history_dialog

    def bring_forward(self) -> None:
        """A second launch asked for this window."""
        self.showNormal()
        self.raise_()
        self.activateWindow()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        """Closing during a sync asks first; the window closes once it stopped."""
        if self._worker is not None:
            event.ignore()  # never block here: the window would stop answering
            if not self._closing:
                self.ask_stop_and_close()
            return
        self.shutdown()
        super().closeEvent(event)

    def ask_stop_and_close(self) -> QMessageBox:
        """Ask whether to stop the running sync and close (a non-blocking box)."""
        if self.close_question is None:
            box = QMessageBox(
                QMessageBox.Icon.Question,
                APP_TITLE,
                self.tr(
                    "Hay una actualización en curso. ¿Detenerla y cerrar el "
                    "programa?\n\nLo ya copiado se conserva; la próxima "
                    "actualización sigue desde ahí."
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self,
            )
            box.button(QMessageBox.StandardButton.Yes).setText(
                self.tr("Detener y cerrar")
            )
            box.button(QMessageBox.StandardButton.No).setText(
                self.tr("Seguir respaldando")
            )
            box.setDefaultButton(QMessageBox.StandardButton.No)
            box.finished.connect(self.on_close_answer)
            self.close_question = box
        self.close_question.open()
        return self.close_question

    def on_close_answer(self, _result: int) -> None:
        box, self.close_question = self.close_question, None
        if box is None:
            return
        stop = box.clickedButton() is box.button(QMessageBox.StandardButton.Yes)
        box.deleteLater()
        if not stop:
            return
        self._closing = True
        if self._worker is None:  # it ended while the question was open
            self.close()
            return
        self.cancel_sync()
        self.status_label.setText(self.tr("Deteniendo la actualización y cerrando…"))

    def shutdown(self) -> None:
        """Stop the sync (it keeps what it copied), wait for threads, unhook logs."""
        self.poll_timer.stop()
        if self._worker is not None:
            self._worker.stop()
        if self._thread is not None:
            self._thread.wait(STOP_WAIT_MS)
        self.tasks.wait_all()
        if self.history_dialog is not None:
            self.history_dialog.tasks.wait_all()
        if self.settings_dialog is not None:
            self.settings_dialog.tasks.wait_all()
        self.local_api.stop()
        self.log_bridge.remove()
