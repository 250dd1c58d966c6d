"""The one bridge from Qt to slow work: workers moved to a ``QThread``.

``SyncWorker`` runs ``services.run_sync`` off the GUI thread and turns its
progress callback into a signal; ``TaskWorker`` does the same for one-shot
checks (Probar conexión, the database test). Only signals cross to the GUI
thread (queued connections, chosen by Qt because the receivers live there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from loguru import logger
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot

from app import services
from app.cancel import CancelToken
from app.config import Settings
from app.errors import AppError, TenantMismatchError
from app.sync.report import SyncEvent, SyncReport
from app.ui.i18n import translated

Callback = Callable[[Any], None] | None


def describe_error(exc: BaseException) -> str:
    """A Spanish sentence for the user: known errors say what to do."""
    if isinstance(exc, AppError):  # the driver's English stays in the log
        return translated(exc.user_message)
    return QCoreApplication.translate(
        "Workers",
        "Error inesperado ({kind}). Los detalles están en el archivo de registro.",
    ).format(kind=type(exc).__name__)


def report_reason(report: SyncReport) -> str:
    """Why a finished run did not succeed, in words (empty on success)."""
    return report.reason()


class SyncWorker(QObject):
    """Runs one sync in its thread; ``stop()`` may be called from any thread."""

    progress = Signal(object)  # app.sync.report.SyncEvent: plan, sections, pages, waits
    finished = Signal(object)  # SyncReport
    failed = Signal(str)  # a Spanish message
    tenant_refused = Signal(object)  # TenantMismatchError: offer a new database
    done = Signal()  # after finished/failed: time to quit the thread

    def __init__(
        self,
        settings: Settings,
        connection: services.Connection,
        *,
        db_url: str,
        demo: bool = False,
    ) -> None:
        super().__init__()
        self._settings = settings
        self._connection = connection
        self._db_url = db_url
        self._demo = demo
        self._cancel = CancelToken()

    def stop(self) -> None:
        """Ask the engine to stop: after the current page, or at once from a
        rate-limit or retry wait."""
        self._cancel.cancel()

    @property
    def stopping(self) -> bool:
        return self._cancel.is_set()

    def _on_progress(self, progress: SyncEvent) -> None:
        self.progress.emit(progress)

    @Slot()
    def run(self) -> None:
        """Run the sync; emits ``finished`` or ``failed``, then ``done``."""
        try:
            report = services.run_sync(
                self._settings,
                self._connection,
                db_url=self._db_url,
                demo=self._demo,
                on_progress=self._on_progress,
                should_stop=self._cancel.is_set,
                sleep=self._cancel.sleep,
            )
        except TenantMismatchError as exc:
            logger.error(f"sync refused: {exc}")
            self.tenant_refused.emit(exc)
        except AppError as exc:
            logger.error(f"sync failed: {exc}")
            self.failed.emit(describe_error(exc))
        except Exception as exc:  # a bug: log it, tell the user, keep the window
            logger.exception("sync crashed")
            self.failed.emit(describe_error(exc))
        else:
            self.finished.emit(report)
        finally:
            _come_home(self)
            self.done.emit()


class TaskWorker(QObject):
    """Runs ``fn()`` once in its thread; emits ``succeeded`` or ``failed``."""

    succeeded = Signal(int, object)  # task id, result
    failed = Signal(int, str)  # task id, Spanish message
    done = Signal()

    def __init__(self, fn: Callable[[], Any], task_id: int = 0) -> None:
        super().__init__()
        self._fn = fn
        self.task_id = task_id

    @Slot()
    def run(self) -> None:
        """Call the function and report its outcome."""
        try:
            result = self._fn()
        except AppError as exc:
            logger.info(f"check failed: {exc}")
            self.failed.emit(self.task_id, describe_error(exc))
        except Exception as exc:
            logger.exception("check crashed")
            self.failed.emit(self.task_id, describe_error(exc))
        else:
            self.succeeded.emit(self.task_id, result)
        finally:
            _come_home(self)
            self.done.emit()


def _come_home(worker: QObject) -> None:
    """Hand the worker back to the GUI thread, so dropping it there is safe."""
    app = QCoreApplication.instance()
    if app is not None:
        worker.moveToThread(app.thread())


def start_in_thread(worker: QObject) -> QThread:
    """Move ``worker`` to a new thread and start it.

    The worker's ``done`` signal quits the thread. The caller keeps Python
    references to both until the thread's ``finished`` signal, then calls
    ``release(thread)`` and drops them (no ``deleteLater``: Python owns both).
    """
    thread = QThread()
    worker.moveToThread(thread)
    thread.started.connect(worker.run)
    # Direct: quit() is thread-safe, and a queued call would wait for a GUI
    # thread that may itself be blocked in QThread.wait() at shutdown.
    worker.done.connect(thread.quit, Qt.ConnectionType.DirectConnection)
    thread.start()
    return thread


def release(thread: QThread | None) -> None:
    """Wait for a finished thread's last instructions before it is dropped."""
    if thread is not None:
        thread.wait()


class TaskRunner(QObject):
    """Runs one-shot callables off the GUI thread; callbacks run on the GUI thread.

    The workers' signals carry a task id and arrive at this object's slots
    (queued, it lives on the GUI thread); no object is ever ``deleteLater``-ed.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tasks: dict[int, tuple[QThread, TaskWorker, Callback, Callback]] = {}
        self._next_id = 0

    def run(
        self,
        fn: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[str], None] | None = None,
    ) -> None:
        """Start ``fn`` in a new thread."""
        self._next_id += 1
        worker = TaskWorker(fn, self._next_id)
        worker.succeeded.connect(self.on_succeeded)
        worker.failed.connect(self.on_failed)
        thread = start_in_thread(worker)
        self._tasks[self._next_id] = (thread, worker, on_success, on_failure)

    @property
    def busy(self) -> bool:
        return bool(self._tasks)

    @Slot(int, object)
    def on_succeeded(self, task_id: int, result: Any) -> None:
        callback = self._finish(task_id)[0]
        if callback is not None:
            callback(result)

    @Slot(int, str)
    def on_failed(self, task_id: int, message: str) -> None:
        callback = self._finish(task_id)[1]
        if callback is not None:
            callback(message)

    def _finish(self, task_id: int) -> tuple[Callback, Callback]:
        task = self._tasks.pop(task_id, None)
        if task is None:
            return None, None
        thread, _worker, on_success, on_failure = task
        release(thread)  # the worker only has to quit its loop now
        return on_success, on_failure

    def wait_all(self, msecs: int = 10_000) -> None:
        """Block until every running task ended (at shutdown); forget them."""
        for thread, *_ in list(self._tasks.values()):
            thread.wait(msecs)
        self._tasks.clear()
