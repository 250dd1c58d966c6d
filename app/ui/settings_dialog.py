"""Settings: the QBench connection, the database, the REST server, advanced limits.

The client secret and the database password go to the OS keyring
(``app.credentials``), never to the settings file. On a computer without a
keyring the dialog says so and gives the exact environment-variable line that
works instead; the other settings still save. Validation messages come from
``config.validate`` and appear beside their field.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import replace
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import paths, services
from app.config import (
    MAX_LOOKBACK_MINUTES,
    MAX_PAGE_SIZE,
    MAX_RATE_REQUESTS,
    MAX_RATE_SECONDS,
    Settings,
    save_settings,
    validate,
)
from app.credentials import (
    ENV_DB_PASSWORD,
    ENV_SECRET,
    get_db_password,
    get_secret,
    keyring_status,
    set_db_password,
    set_secret,
    uses_password,
)
from app.errors import AppError, CredentialsError
from app.i18n import QT_TRANSLATE_NOOP
from app.ui.entity_names import entity_name
from app.ui.i18n import translated
from app.ui.progress_view import duration_text
from app.ui.workers import TaskRunner

OK_STYLE = "color:#2e7d32;"
ERROR_STYLE = "color:#c62828;"
FIRST_RUN_TEXT = QT_TRANSLATE_NOOP(
    "SettingsDialog",
    "Bienvenido. Para copiar sus datos, indique la dirección de su QBench y las "
    "credenciales de la API (Client ID y clave). La clave se guarda en el llavero "
    "del sistema, nunca en un archivo.",
)
FIRST_RUN_NO_KEYRING_TEXT = QT_TRANSLATE_NOOP(
    "SettingsDialog",
    "Bienvenido. Para copiar sus datos, indique la dirección de su QBench y las "
    "credenciales de la API (Client ID y clave). Este equipo no tiene llavero del "
    "sistema: la clave no se guarda aquí, se toma de una variable de entorno (vea "
    "la nota bajo la clave).",
)
LOG_LEVEL_CHOICES = ("DEBUG", "INFO", "WARNING", "ERROR")
LOG_LEVEL_NAMES = {  # what the list shows; the setting keeps loguru's level
    "DEBUG": QT_TRANSLATE_NOOP("SettingsDialog", "Todo (para soporte)"),
    "INFO": QT_TRANSLATE_NOOP("SettingsDialog", "Normal"),
    "WARNING": QT_TRANSLATE_NOOP("SettingsDialog", "Solo avisos y errores"),
    "ERROR": QT_TRANSLATE_NOOP("SettingsDialog", "Solo errores"),
}
STORED = QT_TRANSLATE_NOOP(
    "SettingsDialog", "guardada en el llavero (escriba para cambiarla)"
)
NOT_STORABLE = QT_TRANSLATE_NOOP(
    "SettingsDialog", "solo para probar: este equipo no puede guardarla"
)
THE_SECRET = QT_TRANSLATE_NOOP("SettingsDialog", "la clave")
THE_PASSWORD = QT_TRANSLATE_NOOP("SettingsDialog", "la contraseña")


def env_line(name: str, platform: str | None = None) -> str:
    """The exact line that defines ``name`` for this user on this platform."""
    if (platform or sys.platform).startswith("win"):
        return QCoreApplication.translate(
            "SettingsDialog",
            'En una ventana de comandos: setx {name} "su-valor"\n'
            "(la tarea programada, que se ejecuta con su usuario, también la ve; "
            "vuelva a abrir el programa después).",
        ).format(name=name)
    return QCoreApplication.translate(
        "SettingsDialog",
        "En crontab -e, encima de la línea del respaldo: {name}=su-valor\n"
        "Para la ventana, en ~/.profile: export {name}='su-valor'",
    ).format(name=name)


def no_keyring_text(name: str, what: str, env: Mapping[str, str]) -> str:
    """What to tell the user when ``what`` cannot be kept in a keyring here."""
    what = translated(what)
    if env.get(name, "").strip():
        return QCoreApplication.translate(
            "SettingsDialog",
            "Este equipo no tiene llavero del sistema; {what} se toma de la variable "
            "de entorno {name}, que ya está definida.",
        ).format(what=what, name=name)
    return (
        QCoreApplication.translate(
            "SettingsDialog",
            "Este equipo no tiene llavero del sistema, así que {what} no se puede "
            "guardar aquí. Lo que sí funciona: defina la variable de entorno {name}.",
        ).format(what=what, name=name)
        + "\n"
        + env_line(name)
    )


def worksheets_cost_text(cost: services.WorksheetCost | None, problem: str = "") -> str:
    """What turning on the detailed worksheets costs: one request per test and
    batch in the copy the first time (then only new and changed ones), and the
    time that takes under the rate limit; while counting, or why it could not."""
    what = QCoreApplication.translate(
        "SettingsDialog",
        "Copia también la hoja de trabajo de cada prueba y de cada lote: una "
        "petición por cada uno la primera vez; después, solo los nuevos o "
        "modificados.",
    )
    if problem:
        return QCoreApplication.translate(
            "SettingsDialog",
            "{what} No se pudo leer el respaldo para calcular el coste: {reason}",
        ).format(what=what, reason=problem)
    if cost is None:
        return QCoreApplication.translate(
            "SettingsDialog", "{what} Calculando el coste de la primera copia…"
        ).format(what=what)
    if not cost.requests:
        return QCoreApplication.translate(
            "SettingsDialog",
            "{what} El respaldo aún no tiene pruebas ni lotes: el coste se verá "
            "después de la primera actualización.",
        ).format(what=what)
    parts = ", ".join(
        QCoreApplication.translate("SettingsDialog", "{name}: {n}").format(
            name=entity_name(entity), n=count
        )
        for entity, count in cost.parents.items()
    )
    return QCoreApplication.translate(
        "SettingsDialog",
        "{what} Primera copia: {requests} peticiones ({parts}), unas {time} con "
        "el límite de peticiones configurado.",
    ).format(
        what=what, requests=cost.requests, parts=parts, time=duration_text(cost.seconds)
    )


def _note(text: str) -> QLabel:
    """A full-width, wrapped, selectable note (never clipped: it takes its height)."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    label.setStyleSheet("color:#8d6e00;")
    return label


class _WheelOnlyWhenFocused:
    """Scrolling Configuración over a spin box or a list must scroll the form,
    not change the value: the field takes the wheel only once it has the focus
    (a click). Mixed in before the Qt class."""

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if self.hasFocus():  # type: ignore[attr-defined]
            super().wheelEvent(event)  # type: ignore[misc]
        else:
            event.ignore()  # the scroll area behind it takes it


class _FocusedWheelSpinBox(_WheelOnlyWhenFocused, QSpinBox):
    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class _FocusedWheelComboBox(_WheelOnlyWhenFocused, QComboBox):
    def __init__(self) -> None:
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def _spin(low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
    spin = _FocusedWheelSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setSuffix(suffix)
    return spin


class SettingsDialog(QDialog):
    """Edit and save the settings; ``saved(Settings)`` after a successful save."""

    saved = Signal(object)

    def __init__(
        self,
        settings: Settings,
        *,
        env: Mapping[str, str] | None = None,
        intro: str = "",
        problems: Mapping[str, str] | None = None,
        values: Mapping[str, object] | None = None,
        demo: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.demo = demo  # settings for this session only: nothing is written
        self.setWindowTitle(self.tr("Configuración"))
        self.setMinimumWidth(640)
        self._settings = settings
        self._env = env or {}
        self.tasks = TaskRunner(self)
        self.errors: dict[str, QLabel] = {}
        self.field_widgets: dict[str, QWidget] = {}  # every editable field
        layout = QVBoxLayout(self)
        self.keyring_usable = keyring_status()[0]
        if intro == FIRST_RUN_TEXT and not self.keyring_usable:
            intro = FIRST_RUN_NO_KEYRING_TEXT  # never promise a keyring there is not
        self.intro_label = QLabel(translated(intro))
        self.intro_label.setWordWrap(True)
        self.intro_label.setVisible(bool(intro))
        layout.addWidget(self.intro_label)
        # The sections scroll: at 1366x768 and 150 % scaling the screen holds
        # about 480 logical pixels; the intro, errors and buttons stay in view.
        sections = QWidget()
        sections_layout = QVBoxLayout(sections)
        sections_layout.setContentsMargins(0, 0, 0, 0)
        sections_layout.addWidget(self._connection_box())
        sections_layout.addWidget(self._database_box())
        sections_layout.addWidget(self._api_box())
        sections_layout.addWidget(self._contents_box())
        sections_layout.addWidget(self._advanced_box())
        sections_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )
        self.scroll_area.setWidget(sections)
        layout.addWidget(self.scroll_area, 1)
        self.general_error = self._error_label()
        layout.addWidget(self.general_error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save
            | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Guardar"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            self.tr("Cancelar")
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self._show_file_values(values or {})
        if problems:
            self.point_to(problems)
        if demo:
            self._show_demo(layout)
        self._fit_to_screen(sections)
        self.rate_requests_spin.valueChanged.connect(self._show_worksheets_cost)
        self.rate_seconds_spin.valueChanged.connect(self._show_worksheets_cost)
        self.estimate_worksheets()

    # -- building ------------------------------------------------------------

    def _error_label(self) -> QLabel:
        label = _note("")
        label.setStyleSheet(ERROR_STYLE)
        label.hide()
        return label

    def _placeholder(self, stored: bool) -> str:
        if not self.keyring_usable:
            return translated(NOT_STORABLE)
        return translated(STORED) if stored else ""

    def _add(self, form: QFormLayout, text: str, widget: QWidget, name: str) -> None:
        """A form row: the widget with its validation message beside it."""
        cell = QWidget()
        row = QHBoxLayout(cell)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(widget, 2)
        self.field_widgets[name] = widget
        self.errors[name] = self._error_label()
        row.addWidget(self.errors[name], 1)
        form.addRow(text, cell)

    def _connection_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Conexión con QBench"))
        form = QFormLayout(box)
        s = self._settings
        self.base_url_edit = QLineEdit(s.base_url)
        self.base_url_edit.setPlaceholderText("https://miempresa.qbench.net")
        self._add(form, self.tr("Dirección de QBench"), self.base_url_edit, "base_url")
        self.client_id_edit = QLineEdit(s.client_id)
        self._add(form, self.tr("Client ID"), self.client_id_edit, "client_id")
        self.secret_edit = QLineEdit()
        self.secret_edit.setEchoMode(QLineEdit.EchoMode.Password)
        stored = bool(s.client_id and get_secret(s.client_id))
        self.secret_edit.setPlaceholderText(self._placeholder(stored))
        self._add(form, self.tr("Clave (client secret)"), self.secret_edit, "secret")
        self.keyring_note = _note(no_keyring_text(ENV_SECRET, THE_SECRET, self._env))
        self.keyring_note.setVisible(not self.keyring_usable)
        form.addRow(self.keyring_note)
        self.test_connection_button = QPushButton(self.tr("Probar conexión"))
        self.test_connection_button.clicked.connect(self.test_connection)
        self.connection_result = QLabel()
        self.connection_result.setWordWrap(True)
        form.addRow(self.test_connection_button, self.connection_result)
        return box

    def _database_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Base de datos de respaldo"))
        form = QFormLayout(box)
        self.db_url_edit = QLineEdit(self._settings.db_url)
        self.db_url_edit.setPlaceholderText(
            self.tr("vacío: el archivo SQLite por defecto")
        )
        self._add(form, self.tr("Dirección"), self.db_url_edit, "db_url")
        default = QLabel(
            self.tr("Archivo por defecto: {path}").format(
                path=paths.default_sqlite_path()
            )
        )
        default.setWordWrap(True)
        form.addRow(default)
        self.default_db_label = default
        form.addRow(
            QLabel(self.tr("PostgreSQL: postgresql://usuario@servidor:5432/basedatos"))
        )
        self.db_password_edit = QLineEdit()
        self.db_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        url = self._settings.db_url
        stored = bool(url and get_db_password(url))
        self.db_password_edit.setPlaceholderText(self._placeholder(stored))
        self._add(
            form,
            self.tr("Contraseña (PostgreSQL)"),
            self.db_password_edit,
            "db_password",
        )
        self.db_keyring_note = _note(
            no_keyring_text(ENV_DB_PASSWORD, THE_PASSWORD, self._env)
        )
        self.db_keyring_note.setVisible(not self.keyring_usable)
        form.addRow(self.db_keyring_note)
        self.test_db_button = QPushButton(self.tr("Probar base de datos"))
        self.test_db_button.clicked.connect(self.test_database)
        self.db_result = QLabel()
        self.db_result.setWordWrap(True)
        form.addRow(self.test_db_button, self.db_result)
        self.files_dir_edit = QLineEdit(self._settings.files_dir)
        self.files_dir_edit.setPlaceholderText(
            self.tr("vacío: {path}").format(
                path=services.documents_folder(Settings(), demo=self.demo)
            )
        )
        self._add(
            form, self.tr("Carpeta de documentos"), self.files_dir_edit, "files_dir"
        )
        return box

    def _api_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Servidor REST local (solo lectura)"))
        form = QFormLayout(box)
        self.api_check = QCheckBox(self.tr("Activar el servidor REST local"))
        self.api_check.setChecked(self._settings.api_enabled)
        form.addRow(self.api_check)
        self.field_widgets["api_enabled"] = self.api_check
        s = self._settings
        self.api_host_edit = QLineEdit(s.api_host)
        self._add(
            form, self.tr("Dirección en la que escucha"), self.api_host_edit, "api_host"
        )
        self.api_port_spin = _spin(1, 65535, s.api_port)
        self._add(form, self.tr("Puerto"), self.api_port_spin, "api_port")
        self.api_sync_check = QCheckBox(
            self.tr("Permitir iniciar respaldos desde la API")
        )
        self.api_sync_check.setChecked(s.api_allow_sync)
        self._add(form, "", self.api_sync_check, "api_allow_sync")
        self.cors_edit = QLineEdit(s.api_cors_origins)
        self.cors_edit.setPlaceholderText(
            self.tr("vacío: ninguno (http://localhost:3000, …)")
        )
        self._add(
            form,
            self.tr("Orígenes CORS permitidos"),
            self.cors_edit,
            "api_cors_origins",
        )
        return box

    def _contents_box(self) -> QGroupBox:
        """What the backup copies beyond the default: the detailed worksheets,
        with the first copy's cost shown before they are turned on."""
        box = QGroupBox(self.tr("Qué se copia"))
        layout = QVBoxLayout(box)
        self.worksheets_check = QCheckBox(self.tr("Hojas de trabajo detalladas"))
        self.worksheets_check.setChecked(self._settings.worksheets)
        self.field_widgets["worksheets"] = self.worksheets_check
        layout.addWidget(self.worksheets_check)
        self.worksheets_note = _note(worksheets_cost_text(None))
        layout.addWidget(self.worksheets_note)
        self.worksheets_parents: dict[str, int] | None = None
        self.worksheets_problem = ""
        return box

    def estimate_worksheets(self) -> None:
        """Count the tests and batches in the copy (off the GUI thread) for the
        first worksheets backup's cost."""
        url = services.database_url(self._settings, demo=self.demo)
        limits = (self._settings.rate_limit_requests, self._settings.rate_limit_seconds)
        self.tasks.run(
            lambda: services.worksheet_cost(url, limits),
            self._on_worksheets_counted,
            self._on_worksheets_failed,
        )

    def _on_worksheets_counted(self, cost: services.WorksheetCost) -> None:
        self.worksheets_parents, self.worksheets_problem = cost.parents, ""
        self._show_worksheets_cost()

    def _on_worksheets_failed(self, message: str) -> None:
        self.worksheets_problem = message
        self._show_worksheets_cost()

    def _show_worksheets_cost(self) -> None:
        """The note under the checkbox, at the rate limit as now edited."""
        cost = None
        if self.worksheets_parents is not None:
            limits = (self.rate_requests_spin.value(), self.rate_seconds_spin.value())
            cost = services.worksheet_estimate(self.worksheets_parents, limits)
        self.worksheets_note.setText(
            worksheets_cost_text(cost, self.worksheets_problem)
        )
        # The note may grow by lines: lay the form out now, so that no frame
        # shows it clipped (the scroll area resizes the form on its request).
        widget = self.worksheets_note.parentWidget()
        while widget is not None:
            if widget.layout() is not None:
                widget.layout().activate()
            widget = widget.parentWidget()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)

    def _advanced_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Avanzado"))
        form = QFormLayout(box)
        s = self._settings
        self.rate_requests_spin = _spin(1, MAX_RATE_REQUESTS, s.rate_limit_requests)
        self._add(
            form,
            self.tr("Peticiones permitidas"),
            self.rate_requests_spin,
            "rate_limit_requests",
        )
        self.rate_seconds_spin = _spin(1, MAX_RATE_SECONDS, s.rate_limit_seconds, " s")
        self._add(
            form,
            self.tr("…por periodo de"),
            self.rate_seconds_spin,
            "rate_limit_seconds",
        )
        self.lookback_spin = _spin(
            0, MAX_LOOKBACK_MINUTES, s.lookback_minutes, self.tr(" min")
        )
        self._add(
            form, self.tr("Margen hacia atrás"), self.lookback_spin, "lookback_minutes"
        )
        self.page_size_spin = _spin(
            1, MAX_PAGE_SIZE, s.page_size, self.tr(" registros")
        )
        self._add(form, self.tr("Tamaño de página"), self.page_size_spin, "page_size")
        self.log_level_combo = _FocusedWheelComboBox()
        for level in LOG_LEVEL_CHOICES:
            self.log_level_combo.addItem(translated(LOG_LEVEL_NAMES[level]), level)
        self._select_log_level(s.log_level)
        self._add(
            form, self.tr("Nivel del registro"), self.log_level_combo, "log_level"
        )
        self.reset_advanced_button = QPushButton(
            self.tr("Restablecer valores por defecto")
        )
        self.reset_advanced_button.clicked.connect(self.reset_advanced)
        form.addRow(self.reset_advanced_button)
        return box

    def _show_demo(self, layout: QVBoxLayout) -> None:
        """The demo: the bundled simulator is the QBench, the demo database the
        backup (both fixed, so their fields are off); only the REST server and
        the advanced settings change, for this session."""
        self.demo_label = QLabel(
            self.tr(
                "DEMO · Estos ajustes valen solo para esta demostración mientras la "
                "ventana esté abierta: no se guardan en su archivo de ajustes. El "
                "simulador de QBench incluido hace de QBench, así que no hace "
                "falta dirección ni credenciales."
            )
        )
        self.demo_label.setWordWrap(True)
        self.demo_label.setStyleSheet(
            "background:#ffe082; color:#4e342e; padding:6px; font-weight:bold;"
        )
        layout.insertWidget(0, self.demo_label)
        self.base_url_edit.setPlaceholderText(self.tr("el simulador incluido"))
        self.db_url_edit.setPlaceholderText(
            self.tr("la base de datos de la demostración")
        )
        self.default_db_label.setText(
            self.tr("Base de datos de la demostración: {path}").format(
                path=paths.demo_sqlite_path()
            )
        )
        self.default_db_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
        )
        for widget in (
            self.base_url_edit,
            self.client_id_edit,
            self.secret_edit,
            self.test_connection_button,
            self.db_url_edit,
            self.db_password_edit,
            self.test_db_button,
        ):
            widget.setEnabled(False)
        for note in (self.keyring_note, self.db_keyring_note):
            note.hide()

    def _save_demo(self) -> None:
        """Guardar in the demo: validate what the demo lets change and hand it to
        the window; no settings file, no keyring."""
        kept = self._settings
        settings = replace(
            self.current_settings(),
            base_url=kept.base_url,
            client_id=kept.client_id,
            db_url=kept.db_url,
        )
        problems = {
            name: text
            for name, text in validate(settings).items()
            if name not in ("base_url", "client_id", "db_url")
        }
        self.show_problems(problems)
        if problems:
            return
        self._settings = settings
        self.saved.emit(settings)
        self.accept()

    def reset_advanced(self) -> None:
        """Put the advanced settings back to their defaults (saved with Guardar)."""
        d = Settings()
        self.rate_requests_spin.setValue(d.rate_limit_requests)
        self.rate_seconds_spin.setValue(d.rate_limit_seconds)
        self.lookback_spin.setValue(d.lookback_minutes)
        self.page_size_spin.setValue(d.page_size)
        self._select_log_level(d.log_level)

    @property
    def log_level(self) -> str:
        """The chosen level as the settings keep it (DEBUG, INFO, …)."""
        return str(self.log_level_combo.currentData())

    def _select_log_level(self, level: str) -> None:
        index = self.log_level_combo.findData(level)
        if index < 0:  # a level the list does not offer (a bad file): kept
            self.log_level_combo.addItem(level, level)
            index = self.log_level_combo.count() - 1
        self.log_level_combo.setCurrentIndex(index)

    # -- values --------------------------------------------------------------

    def current_settings(self) -> Settings:
        """The settings as edited (not yet validated or saved)."""
        return replace(
            self._settings,
            base_url=self.base_url_edit.text(),
            client_id=self.client_id_edit.text(),
            db_url=self.db_url_edit.text().strip(),
            files_dir=self.files_dir_edit.text().strip(),
            api_enabled=self.api_check.isChecked(),
            api_host=self.api_host_edit.text().strip(),
            api_port=self.api_port_spin.value(),
            api_allow_sync=self.api_sync_check.isChecked(),
            api_cors_origins=self.cors_edit.text().strip(),
            page_size=self.page_size_spin.value(),
            log_level=self.log_level,
            rate_limit_requests=self.rate_requests_spin.value(),
            rate_limit_seconds=self.rate_seconds_spin.value(),
            lookback_minutes=self.lookback_spin.value(),
            worksheets=self.worksheets_check.isChecked(),
        )

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Messages beside their fields; the others in the general label."""
        for name, label in self.errors.items():
            label.setText(problems.get(name, ""))
            label.setVisible(name in problems)
        other = [text for name, text in problems.items() if name not in self.errors]
        self.general_error.setText("\n".join(other))
        self.general_error.setVisible(bool(other))

    def _password_problems(self, settings: Settings) -> dict[str, str]:
        problems = {}
        if urlsplit(settings.db_url).password is not None:
            problems["db_url"] = self.tr(
                "No escriba la contraseña en la dirección: escríbala en el campo "
                "Contraseña (se guarda en el llavero del sistema)."
            )
        if self.db_password_edit.text() and not uses_password(
            services.database_url(settings)
        ):
            problems["db_password"] = self.tr(
                "La contraseña solo se usa con PostgreSQL."
            )
        return problems

    def _fit_to_screen(self, sections: QWidget) -> None:
        """As tall as the sections need, but never taller than the screen's
        free area (the rest scrolls); wide enough that nothing scrolls sideways."""
        screen = self.screen().availableGeometry()
        scrollbar = self.scroll_area.verticalScrollBar().sizeHint().width()
        width = max(640, sections.sizeHint().width() + scrollbar + 32)
        wanted = self.sizeHint().height() + sections.sizeHint().height()
        height = min(wanted, int(screen.height() * 0.9))
        self.resize(min(width, screen.width()), height)

    def _show_file_values(self, values: Mapping[str, object]) -> None:
        """A bad text value of the settings file (an address without http://)
        goes in its field as written: corrected, not typed again."""
        for name, value in values.items():
            widget = self.field_widgets.get(name)
            if isinstance(widget, QLineEdit) and isinstance(value, str):
                widget.setText(value)

    def point_to(self, problems: Mapping[str, str]) -> None:
        """Show each problem beside its field and put the cursor in the first."""
        self.show_problems(problems)
        first = next((n for n in self.field_widgets if n in problems), None)
        if first is not None:
            self.field_widgets[first].setFocus()

    def save(self) -> None:
        """Validate, keep secrets in the keyring, write the settings file.

        Without a keyring the settings are saved all the same; the dialog stays
        open and says what was not kept and which variable to set instead."""
        if self.demo:
            self._save_demo()
            return
        settings = self.current_settings()
        problems = {**validate(settings), **self._password_problems(settings)}
        self.show_problems(problems)
        if problems:
            return
        try:
            save_settings(settings)
        except AppError as exc:
            self.show_problems({"": translated(exc.user_message)})
            return
        self._settings = settings
        unsaved = self._store_secrets(settings)
        self.saved.emit(settings)
        if not unsaved:
            self.accept()
            return
        self.keyring_usable = False
        for note in (self.keyring_note, self.db_keyring_note):
            note.setVisible(True)
        what = self.tr(" y ").join(translated(w) for w in unsaved)
        self.show_problems(
            {
                "": self.tr(
                    "Ajustes guardados, excepto {what}: este equipo no tiene llavero "
                    "del sistema. Use la variable de entorno indicada en la nota."
                ).format(what=what)
            }
        )

    def _store_secrets(self, settings: Settings) -> list[str]:
        """Put the typed secrets in the keyring; what could not be stored."""
        unsaved = []
        db_url = services.database_url(settings)
        for text, store, what in (
            (
                self.secret_edit.text(),
                lambda v: set_secret(settings.client_id, v),
                THE_SECRET,
            ),
            (
                self.db_password_edit.text(),
                lambda v: set_db_password(db_url, v),
                THE_PASSWORD,
            ),
        ):
            if not text:
                continue
            try:
                store(text)
            except CredentialsError:
                unsaved.append(what)
        return unsaved

    # -- checks in worker threads --------------------------------------------

    def test_connection(self) -> None:
        """Probar conexión: really authenticate against QBench."""
        settings = self.current_settings()
        problems = {
            k: v
            for k, v in validate(settings).items()
            if k in ("base_url", "client_id")
        }
        secret = (
            self.secret_edit.text()
            or (get_secret(settings.client_id) if settings.client_id else None)
            or self._env.get(ENV_SECRET, "").strip()
        )
        if not secret:
            problems["secret"] = self.tr("Escriba la clave (client secret) de la API.")
        self.show_problems(problems)
        if problems:
            return
        connection = services.Connection(settings.base_url, settings.client_id, secret)
        self.test_connection_button.setEnabled(False)
        self._result(self.connection_result, self.tr("Probando…"), "")
        self.tasks.run(
            lambda: services.check_connection(connection),
            self.on_connection_ok,
            self.on_connection_failed,
        )

    def on_connection_ok(self, total: int) -> None:
        self.test_connection_button.setEnabled(True)
        self._result(
            self.connection_result,
            self.tr(
                "Conexión correcta: QBench aceptó las credenciales ({total} "
                "registros visibles en la prueba)."
            ).format(total=total),
            OK_STYLE,
        )

    def on_connection_failed(self, message: str) -> None:
        self.test_connection_button.setEnabled(True)
        self._result(self.connection_result, message, ERROR_STYLE)

    def test_database(self) -> None:
        """Open and close the database the settings point to."""
        settings = self.current_settings()
        problem = validate(settings).get("db_url")
        self.show_problems({"db_url": problem} if problem else {})
        if problem:
            return
        url = services.database_url(settings)
        password = self.db_password_edit.text() or services.database_password(
            url, self._env
        )
        self.test_db_button.setEnabled(False)
        self._result(self.db_result, self.tr("Probando…"), "")
        self.tasks.run(
            lambda: services.check_database(url, password),
            self.on_database_ok,
            self.on_database_failed,
        )

    def on_database_ok(self, _result: object) -> None:
        self.test_db_button.setEnabled(True)
        self._result(self.db_result, self.tr("La base de datos responde."), OK_STYLE)

    def on_database_failed(self, message: str) -> None:
        self.test_db_button.setEnabled(True)
        self._result(self.db_result, message, ERROR_STYLE)

    def _result(self, label: QLabel, text: str, style: str) -> None:
        label.setText(text)
        label.setStyleSheet(style)
