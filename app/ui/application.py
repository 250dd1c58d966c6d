"""The QApplication: names, icon, Spanish locale, our catalogue and Qt's own
Spanish strings."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from app import __version__, paths
from app.ui.i18n import install_catalogue

APP_TITLE = "QBench Backup"


def create_qapplication(argv: list[str] | None = None) -> QApplication:
    """The process's QApplication (reused if one exists), set up for Spanish."""
    app = QApplication.instance() or QApplication(argv or ["qbench-backup"])
    app.setApplicationName("qbench-backup")
    app.setApplicationDisplayName(APP_TITLE)
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
