"""What the user reads for each QBench entity: the one map the window uses.

Every section name the window shows comes from ``entity_name`` (issue 12 adds
entities: add them here). The names are marked for Qt's translation catalogue
(context ``EntityNames``) and translated when shown; an entity not listed is
shown by its raw name rather than not at all.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "EntityNames"
ENTITY_NAMES: dict[str, str] = {
    "customers": QT_TRANSLATE_NOOP("EntityNames", "Clientes"),
    "orders": QT_TRANSLATE_NOOP("EntityNames", "Órdenes"),
    "samples": QT_TRANSLATE_NOOP("EntityNames", "Muestras"),
    "batches": QT_TRANSLATE_NOOP("EntityNames", "Lotes"),
    "tests": QT_TRANSLATE_NOOP("EntityNames", "Pruebas"),
    "assays": QT_TRANSLATE_NOOP("EntityNames", "Ensayos"),
    "reports": QT_TRANSLATE_NOOP("EntityNames", "Informes"),
}


def entity_name(entity: str) -> str:
    """The translated name of ``entity``; its raw name when it has none."""
    source = ENTITY_NAMES.get(entity)
    return QCoreApplication.translate(CONTEXT, source) if source else entity
