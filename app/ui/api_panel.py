"""The local REST API in the main window: where it answers, its token the one
time it is shown, a new token on request, or why it could not start.

Hidden while the API is off. The token is held by the token row only until the
user dismisses it ("Ya lo guardé"), the API is switched off or the window
closes; it is never logged or written anywhere (only its hash is stored, by
``app.api.token_store``).
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

DOCS_PATH = "/api/v1/docs"
ANY_ADDRESS = {"0.0.0.0": "127.0.0.1", "::": "::1"}  # listening on every interface
ERROR_STYLE = "color:#c62828;"
TOKEN_STYLE = "background:#ffe082; color:#4e342e;"


def docs_address(base_url: str) -> tuple[str, bool]:
    """The docs page of the API at ``base_url`` as this computer reaches it,
    and whether the server listens on every interface (0.0.0.0, ::)."""
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    local = ANY_ADDRESS.get(host)
    if local is None:
        return base_url.rstrip("/") + DOCS_PATH, False
    shown = f"[{local}]" if ":" in local else local
    netloc = f"{shown}:{parts.port}" if parts.port else shown
    return urlunsplit((parts.scheme, netloc, DOCS_PATH, "", "")), True


def _selectable(label: QLabel) -> QLabel:
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


class ApiPanel(QFrame):
    """The REST API's strip at the bottom of the main window.

    ``regenerate_requested`` when the user asks for a new token (the window
    asks for confirmation and calls ``show_token`` with the new one)."""

    regenerate_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.address = ""  # the docs page's URL while serving, else ""
        self.regenerate_allowed = False  # may a new token be asked for now?
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.address_label = _selectable(QLabel())
        self.address_label.setTextFormat(Qt.TextFormat.PlainText)
        row.addWidget(self.address_label, 1)
        self.copy_address_button = QPushButton(self.tr("Copiar dirección"))
        self.copy_address_button.clicked.connect(self.copy_address)
        row.addWidget(self.copy_address_button)
        self.regenerate_button = QPushButton(self.tr("Generar nuevo token"))
        self.regenerate_button.setToolTip(
            self.tr(
                "Crea un token de acceso nuevo; el actual deja de funcionar en ese "
                "momento."
            )
        )
        self.regenerate_button.clicked.connect(self.regenerate_requested)
        row.addWidget(self.regenerate_button)
        layout.addLayout(row)
        self.wildcard_label = _selectable(
            QLabel(
                self.tr(
                    "Escucha en todas las direcciones de este equipo: desde otro "
                    "equipo, use el nombre o la IP de este en lugar de la dirección "
                    "mostrada."
                )
            )
        )
        layout.addWidget(self.wildcard_label)
        self.error_label = _selectable(QLabel())
        self.error_label.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.error_label)
        layout.addWidget(self._token_row())
        self.feedback_label = QLabel()
        self.feedback_label.setStyleSheet("color:#2e7d32;")
        layout.addWidget(self.feedback_label)
        self.show_off()

    def _token_row(self) -> QFrame:
        self.token_frame = QFrame()
        self.token_frame.setStyleSheet(TOKEN_STYLE)
        box = QVBoxLayout(self.token_frame)
        self.token_note = _selectable(
            QLabel(
                self.tr(
                    "Token de acceso a la API. Se muestra solo esta vez: cópielo "
                    "ahora y guárdelo en el programa que use la API. Después no se "
                    "puede volver a ver (solo generar otro)."
                )
            )
        )
        box.addWidget(self.token_note)
        row = QHBoxLayout()
        self.token_edit = QLineEdit()
        self.token_edit.setReadOnly(True)
        row.addWidget(self.token_edit, 1)
        self.copy_token_button = QPushButton(self.tr("Copiar token"))
        self.copy_token_button.clicked.connect(self.copy_token)
        row.addWidget(self.copy_token_button)
        self.dismiss_token_button = QPushButton(self.tr("Ya lo guardé"))
        self.dismiss_token_button.setToolTip(
            self.tr("Oculta el token; no se podrá volver a ver.")
        )
        self.dismiss_token_button.clicked.connect(self.forget_token)
        row.addWidget(self.dismiss_token_button)
        box.addLayout(row)
        return self.token_frame

    # -- states --------------------------------------------------------------

    @property
    def token_shown(self) -> bool:
        return bool(self.token_edit.text())

    def show_off(self) -> None:
        """The API is off: nothing of it shows, a token on screen is forgotten."""
        self.address = ""
        self.regenerate_allowed = False
        self.forget_token()
        self._feedback("")
        self.hide()

    def show_serving(self, base_url: str) -> None:
        """The API answers at ``base_url`` (e.g. http://127.0.0.1:8765)."""
        self.address, wildcard = docs_address(base_url)
        self.address_label.setText(
            self.tr("API REST local activa: {address}").format(address=self.address)
        )
        self.address_label.show()
        self.copy_address_button.show()
        self.wildcard_label.setVisible(wildcard)
        self.error_label.hide()
        self._update_regenerate(True)
        self.show()

    def show_port_in_use(self, port: int) -> None:
        """Another program holds the port: the API did not start."""
        self.show_error(
            self.tr(
                "La API REST local no se inició: el puerto {port} ya está en uso "
                "por otro programa. Elija otro puerto en Configuración."
            ).format(port=port),
            can_regenerate=False,
        )

    def show_cannot_listen(self, host: str, port: int) -> None:
        """The address or port cannot be used for another reason."""
        self.show_error(
            self.tr(
                "La API REST local no se inició: no puede escuchar en {host}:{port}. "
                "Revise la dirección y el puerto en Configuración."
            ).format(host=host, port=port),
            can_regenerate=False,
        )

    def show_error(self, text: str, *, can_regenerate: bool = True) -> None:
        """The API is on in the settings but does not answer: why, in Spanish.
        ``can_regenerate``: a new token may help (a damaged token file)."""
        self.address = ""
        self.address_label.hide()
        self.copy_address_button.hide()
        self.wildcard_label.hide()
        self._feedback("")
        self.error_label.setText(text)
        self.error_label.show()
        self._update_regenerate(can_regenerate)
        self.show()

    def show_token_failed(self, text: str) -> None:
        """No new token could be stored (the old one still works): why."""
        self.error_label.setText(text)
        self.error_label.show()

    def show_token(self, token: str) -> None:
        """A token just issued: shown until dismissed, with "Copiar token"."""
        self.token_edit.setText(token)
        self.token_frame.show()
        self._feedback("")
        if self.address:  # serving: an earlier failure to store one is over
            self.error_label.hide()
        self._update_regenerate()

    def forget_token(self) -> None:
        """Drop the token from the window (it cannot be shown again)."""
        had_token = self.token_shown
        self.token_edit.clear()
        self.token_frame.hide()
        if had_token:
            self._feedback("")
        self._update_regenerate()

    def _update_regenerate(self, allowed: bool | None = None) -> None:
        """«Generar nuevo token» shows when ``allowed`` (kept when None) and
        no token is on screen."""
        if allowed is not None:
            self.regenerate_allowed = allowed
        self.regenerate_button.setVisible(
            self.regenerate_allowed and not self.token_shown
        )

    # -- clipboard -----------------------------------------------------------

    def copy_address(self) -> None:
        QApplication.clipboard().setText(self.address)
        self._feedback(self.tr("Dirección copiada al portapapeles."))

    def copy_token(self) -> None:
        QApplication.clipboard().setText(self.token_edit.text())
        self._feedback(
            self.tr("Token copiado al portapapeles. Guárdelo y pulse «Ya lo guardé».")
        )

    def _feedback(self, text: str) -> None:
        self.feedback_label.setText(text)
        self.feedback_label.setVisible(bool(text))
