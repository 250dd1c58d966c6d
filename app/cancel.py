"""A stop request that any thread can set, and waits that end the moment it is.

The window's Cancelar (or closing it) sets the token; the sync checks it between
pages (``should_stop``), and the QBench client sleeps through it (``sleep``), so
a rate-limit or retry wait of minutes ends at once with ``Cancelled``.
"""

from __future__ import annotations

import threading

from app.errors import Cancelled


class CancelToken:
    """A thread-safe stop flag with an interruptible ``sleep``."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop; wakes any ``sleep`` in progress."""
        self._event.set()

    def is_set(self) -> bool:
        """True once ``cancel()`` was called."""
        return self._event.is_set()

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds``, or raise ``Cancelled`` as soon as the token is set."""
        if self._event.wait(max(0.0, seconds)):
            raise Cancelled()
