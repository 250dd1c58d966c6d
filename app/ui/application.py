"""The QApplication: names, icon, Spanish locale, our catalogue and Qt's own
Spanish strings."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import __version__, paths
from app.ui.i18n import install_catalogue

APP_TITLE = "QBench Backup"


def window_title(*, demo: bool = False) -> str:
    """The main window's title: ``QBench Backup``, or ``QBench Backup — DEMO``."""
    if demo:
        return QCoreApplication.translate("Application", "QBench Backup — DEMO")
    return APP_TITLE


def create_qapplication(
    argv: list[str] | None = None, *, demo: bool = False
) -> QApplication:
    """The process's QApplication (reused if one exists), set up for Spanish.

    Qt appends the display name to every window title that does not end with it
    (``Configuración — QBench Backup``); the demo's display name is the demo's
    title, so the main window reads ``QBench Backup — DEMO`` once, not
    ``QBench Backup — DEMO — QBench Backup``."""
    app = QApplication.instance() or QApplication(argv or ["qbench-backup"])
    app.setApplicationName("qbench-backup")
    app.setApplicationDisplayName(window_title(demo=demo))
    app.setOrganizationName("qbench-backup")
    app.setApplicationVersion(__version__)
    icon = paths.resource_path("qbench-backup.ico")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    spanish = QLocale(QLocale.Language.Spanish)
    QLocale.setDefault(spanish)
    install_catalogue(app, spanish)
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(QLocale.Language.Spanish), "qtbase", "_", folder):
        app.installTranslator(translator)
    return app
