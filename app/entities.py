"""The QBench entities the backup copies, parents first (a leaf: imports nothing)."""

CORE_ENTITIES: tuple[str, ...] = (
    "customers",
    "assays",
    "orders",
    "samples",
    "batches",
    "tests",
    "reports",
)
