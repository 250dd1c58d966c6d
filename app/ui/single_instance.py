"""One window per user: a second launch asks the first to come forward and exits."""

from __future__ import annotations

import getpass
import re

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE = b"raise"
TIMEOUT_MS = 1000


def default_name(*, demo: bool = False) -> str:
    """The local-socket name of this user's window (the demo has its own)."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment: still one per machine
        user = "user"
    user = re.sub(r"[^A-Za-z0-9_.-]", "_", user)
    return f"qbench-backup-{user}{'-demo' if demo else ''}"


class SingleInstance(QObject):
    """Owns the local server; ``raise_requested`` fires when another launch calls."""

    raise_requested = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._server: QLocalServer | None = None

    def notify_running(self) -> bool:
        """True if another instance answered (it was told to come forward)."""
        socket = QLocalSocket()
        socket.connectToServer(self._name)
        if not socket.waitForConnected(TIMEOUT_MS):
            return False
        socket.write(RAISE)
        socket.flush()
        socket.waitForBytesWritten(TIMEOUT_MS)
        socket.disconnectFromServer()
        return True

    def listen(self) -> bool:
        """Become the first instance; a stale socket of a crashed run is removed."""
        server = QLocalServer(self)
        if not server.listen(self._name):
            QLocalServer.removeServer(self._name)
            if not server.listen(self._name):
                return False
        server.newConnection.connect(self._on_new_connection)
        self._server = server
        return True

    def acquire(self) -> bool:
        """True if this process is the first instance (and now listens)."""
        if self.notify_running():
            return False
        return self.listen()

    def close(self) -> None:
        """Stop listening."""
        if self._server is not None:
            self._server.close()
            self._server = None

    def _on_new_connection(self) -> None:
        # The caller writes at once and waits for the write: reading
        # synchronously here is immediate and avoids juggling socket lifetimes.
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            ready = socket.bytesAvailable() or socket.waitForReadyRead(TIMEOUT_MS)
            if ready and RAISE in bytes(socket.readAll().data()):
                self.raise_requested.emit()
            socket.close()
