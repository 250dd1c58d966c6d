"""What the user reads for each QBench entity: the one map the window uses.

Every section name the window shows comes from ``entity_name``; the names
themselves live in ``app.entities.ENTITY_NAMES`` (no Qt: the CLI uses them
too), marked for the catalogue (context ``EntityNames``) and translated when
shown here; an entity not listed is
shown by its raw name rather than not at all.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.entities import ENTITY_NAMES

CONTEXT = "EntityNames"
__all__ = ["ENTITY_NAMES", "entity_name"]


def entity_name(entity: str) -> str:
    """The translated name of ``entity``; its raw name when it has none."""
    source = ENTITY_NAMES.get(entity)
    return QCoreApplication.translate(CONTEXT, source) if source else entity
