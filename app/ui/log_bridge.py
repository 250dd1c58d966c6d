"""A loguru sink that forwards log lines to the window through a Qt signal."""

from __future__ import annotations

from contextlib import suppress

import shiboken6
from loguru import logger
from PySide6.QtCore import QObject, Signal

LINE_FORMAT = "{time:HH:mm:ss} | {level: <7} | {message}"


class LogBridge(QObject):
    """Adds a loguru sink on ``install()``; ``line`` is emitted per record.

    Records logged on the sync thread reach the GUI thread as queued signals,
    so the widget is only ever touched by the GUI thread.
    """

    line = Signal(str)

    def __init__(self, level: str = "INFO", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._level = level
        self._sink_id: int | None = None

    def install(self) -> None:
        """Start forwarding log records."""
        if self._sink_id is None:
            self._sink_id = logger.add(
                self._write,
                level=self._level,
                format=LINE_FORMAT,
                diagnose=False,
                # Technical detail (exception text) is for the log file only.
                filter=lambda record: not record["extra"].get("file_only"),
            )

    @property
    def installed(self) -> bool:
        return self._sink_id is not None

    def remove(self) -> None:
        """Stop forwarding (call before the window goes away)."""
        if self._sink_id is not None:
            with suppress(ValueError):
                logger.remove(self._sink_id)
            self._sink_id = None

    def _write(self, message: str) -> None:
        if shiboken6.isValid(self):  # never emit on a deleted window's bridge
            self.line.emit(str(message).rstrip("\n"))
