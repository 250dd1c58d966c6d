"""ApiServer: waitress in a daemon thread that starts and stops live.

waitress's own ``close()`` leaves its worker threads running, so ``stop()``
closes every channel from inside the server loop, joins the loop thread and
then shuts the task dispatcher down, which joins the workers.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import threading
from typing import Any

from loguru import logger
from waitress import wasyncore
from waitress.server import create_server

LOOPBACK = "127.0.0.1"
STOP_TIMEOUT = 10.0


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port``; OSError (socket closed) on failure."""
    family, kind, proto, _, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
    )[0]
    sock = socket.socket(family, kind, proto)
    try:
        if os.name == "posix":  # restart at once after stop (TIME_WAIT)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError:
        sock.close()
        raise
    return sock


class ApiServer:
    """The REST API on ``host:port`` (port 0: any free port) in the background."""

    def __init__(
        self, app: Any, host: str = LOOPBACK, port: int = 0, *, threads: int = 4
    ) -> None:
        self.app = app
        self.host = host
        self.requested_port = port
        self.threads = threads
        self._server: Any = None
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        """True between ``start()`` and ``stop()``."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def port(self) -> int:
        """The port actually bound (useful with port 0)."""
        if self._server is None:
            raise RuntimeError("the API server is not running")
        return int(self._server.effective_port)

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:8765``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> ApiServer:
        """Bind and serve in a daemon thread; OSError if the port is taken."""
        if self.running:
            return self
        if not is_loopback(self.host):
            logger.warning(
                f"REST API listening on {self.host}, not only on this computer: "
                "anyone on the network who has the token can read the backup"
            )
        # Bind first: waitress starts its workers before binding and leaks them
        # (and its sockets) when the port is taken.
        sock = bind_socket(self.host, self.requested_port)
        self._server = create_server(
            self.app,
            sockets=[sock],
            threads=self.threads,
            ident="qbench-backup",
            clear_untrusted_proxy_headers=True,
        )
        self._thread = threading.Thread(
            target=self._server.run, name="api-server", daemon=True
        )
        self._thread.start()
        logger.info(f"REST API serving on {self.url}")
        return self

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """Stop serving and end every waitress thread (idempotent)."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        socket_map = server._map
        closed = threading.Event()

        def close_all() -> None:  # runs in the loop thread: no race on the map
            wasyncore.close_all(socket_map)
            closed.set()

        try:
            if not self._wake_loop(server, close_all, closed):
                wasyncore.close_all(socket_map)  # the loop cannot be woken
            thread.join(timeout)
            if thread.is_alive():  # the loop is stuck; close from here as a last resort
                wasyncore.close_all(socket_map)
                thread.join(timeout)
        finally:
            server.task_dispatcher.shutdown(cancel_pending=True, timeout=timeout)
            self._server = self._thread = None
        logger.info("REST API stopped")

    @staticmethod
    def _wake_loop(server: Any, close_all: Any, closed: threading.Event) -> bool:
        """Queue ``close_all`` on the loop thread and wake it; False if we cannot.

        A worker that has just answered a request pulls the same trigger; the
        loop can then run our thunk (which closes the trigger's pipe) between
        waitress queueing it and writing the wake-up byte, so that write fails
        with EBADF. Such a failure is a success: the close already happened.
        """
        try:
            server.trigger.pull_trigger(close_all)
        except OSError as exc:
            if closed.wait(1.0):
                return True
            logger.warning(f"REST API loop could not be woken ({exc}); closing here")
            return False
        return True

    def __enter__(self) -> ApiServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
