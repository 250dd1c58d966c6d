"""The QBench entities the backup copies, parents first, and the names the
user reads for them (a leaf: imports only ``app.i18n``)."""

from app.i18n import QT_TRANSLATE_NOOP

CORE_ENTITIES: tuple[str, ...] = (
    "customers",
    "assays",
    "orders",
    "samples",
    "batches",
    "tests",
    "reports",
)

# What the user reads for each entity, everywhere (window, Historial, the demo's
# summary line). Catalogue context ``EntityNames``; issue 12 adds entities here.
ENTITY_NAMES: dict[str, str] = {
    "customers": QT_TRANSLATE_NOOP("EntityNames", "Clientes"),
    "orders": QT_TRANSLATE_NOOP("EntityNames", "Órdenes"),
    "samples": QT_TRANSLATE_NOOP("EntityNames", "Muestras"),
    "batches": QT_TRANSLATE_NOOP("EntityNames", "Lotes"),
    "tests": QT_TRANSLATE_NOOP("EntityNames", "Pruebas"),
    "assays": QT_TRANSLATE_NOOP("EntityNames", "Ensayos"),
    "reports": QT_TRANSLATE_NOOP("EntityNames", "Informes"),
}
