"""Windows open no bigger than the screen they are on (1366x768 at 150 % leaves
about 910x510 logical pixels): a wanted size is cut to the free area."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

SHARE = 0.95  # of the free area: room for the frame and the taskbar


def resize_to_fit(widget: QWidget, width: int, height: int) -> None:
    """``widget.resize(width, height)``, but within its screen's free area."""
    screen = widget.screen()
    if screen is None:
        widget.resize(width, height)
        return
    free = screen.availableGeometry()
    widget.resize(
        min(width, int(free.width() * SHARE)), min(height, int(free.height() * SHARE))
    )
