"""The installed PySide6 must not leak references to Python's singletons.

PySide6 6.12.0 dropped a reference to ``True`` on every ``Signal.emit()`` and to
``None`` on every ``processEvents()``; on Python 3.11 the interpreter aborts after
about a thousand emits ("bool_dealloc"). pyproject.toml excludes that release;
this test catches any other build with the same bug before a long sync does.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, QObject, Signal


class _Probe(QObject):
    ping = Signal()


def test_signal_emit_and_process_events_keep_singleton_refcounts(qapp):
    probe = _Probe()
    before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(200):
        probe.ping.emit()
        QCoreApplication.processEvents()
    after = sys.getrefcount(True), sys.getrefcount(None)
    assert after[0] >= before[0] - 5, "Signal.emit() leaks references to True"
    assert after[1] >= before[1] - 5, "processEvents() leaks references to None"
