"""The sections of QBench as the user reads them (Spanish source text, through
Qt's translation system); a section added later shows its raw name until it is
given one here."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "EntityNames"
ENTITY_LABELS: dict[str, str] = {
    "customers": QT_TRANSLATE_NOOP("EntityNames", "Clientes"),
    "orders": QT_TRANSLATE_NOOP("EntityNames", "Órdenes"),
    "samples": QT_TRANSLATE_NOOP("EntityNames", "Muestras"),
    "batches": QT_TRANSLATE_NOOP("EntityNames", "Lotes"),
    "tests": QT_TRANSLATE_NOOP("EntityNames", "Pruebas"),
    "assays": QT_TRANSLATE_NOOP("EntityNames", "Ensayos"),
    "reports": QT_TRANSLATE_NOOP("EntityNames", "Informes"),
}


def entity_label(name: str) -> str:
    """``orders`` → ``Órdenes`` (translated); an unknown name as it is."""
    label = ENTITY_LABELS.get(name)
    return QCoreApplication.translate(CONTEXT, label) if label else name
