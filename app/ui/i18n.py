"""The window's side of translation: our catalogue installed, messages from the
layers below shown in the current language (see ``app.i18n``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from app import paths
from app.i18n import Message

CATALOGUE = "qbench_backup"  # resources/translations/qbench_backup_<lang>.qm


def install_catalogue(app: QCoreApplication, locale: QLocale) -> QTranslator | None:
    """Load our catalogue for ``locale`` (Spanish: it holds the plural forms of
    the Spanish source text); None when there is none for that language."""
    installed = app.property("qbench_backup_catalogue")
    if installed:  # create_qapplication reuses an existing application
        return app.findChild(QTranslator, installed)
    translator = QTranslator(app)
    translator.setObjectName(f"{CATALOGUE}_{locale.name()}")
    folder = str(paths.resource_path("translations"))
    if not translator.load(locale, CATALOGUE, "_", folder):
        return None
    app.installTranslator(translator)
    app.setProperty("qbench_backup_catalogue", translator.objectName())
    return translator


def translated(text: str) -> str:
    """``text`` in the window's language: a ``Message`` from the layers below is
    looked up in the catalogue and filled again; anything else is returned as
    it is (data: names, paths, numbers)."""
    if not isinstance(text, Message):
        return text
    template = QCoreApplication.translate(text.context, text.template)
    try:
        return template.format(**text.args) if text.args else template
    except (KeyError, IndexError, ValueError):  # a broken translation: the source
        return str(text)
