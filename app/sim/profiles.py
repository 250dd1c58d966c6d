"""Tenant sizes the simulator can generate (README §10 and Q17 volumes).

Counts of the small reference entities are exact; orders are exact; samples,
tests, batches and reports follow from the per-order ratios, so totals are
approximate. ``tenant-3y`` mirrors the three-year tenant of README §10
(≈22k orders, 125k samples, 70k batches, 470k tests).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    """Volumes and shape of one generated tenant."""

    name: str
    history_days: int  # date_created spread over this many days before the anchor
    customers: int
    contacts: int
    assays: int
    panels: int
    locations: int
    accessioning_types: int
    orders: int
    samples_per_order: float  # mean, orders in CREATED state may have none
    tests_per_sample: float  # mean
    tests_per_batch: float  # mean batch size (about 90% of tests get batched)
    report_rate: float  # share of finished orders with an order-level report
    clusters: int  # bulk-edit moments sharing one last_updated second
    cluster_cap: int  # most records of one entity stamped in one moment


PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile("tiny", 400, 8, 6, 6, 3, 3, 3, 15, 1.8, 2.4, 5.0, 0.6, 2, 20),
        Profile("small", 365, 60, 45, 25, 6, 5, 4, 140, 2.7, 3.7, 5.2, 0.6, 3, 400),
        Profile(
            "medium", 730, 420, 350, 60, 12, 8, 5, 900, 5.5, 3.76, 5.2, 0.6, 4, 1500
        ),
        Profile(
            "large", 730, 1500, 1200, 100, 20, 10, 5, 9500, 5.7, 3.76, 5.2, 0.6, 5, 2000
        ),
        Profile(
            "tenant-3y",
            1095,
            3000,
            2400,
            100,
            25,
            12,
            5,
            22000,
            5.68,
            3.76,
            5.2,
            0.6,
            6,
            2500,
        ),
    )
}
