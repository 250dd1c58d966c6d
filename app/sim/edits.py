"""New records and plausible edits for a live simulated tenant.

``fresh`` builds the core fields of a record created "now" whose parents are
picked among existing non-deleted records; ``plausible_edit`` returns the
changes a lab user might make (a new state, a comment). Both take the caller's
``random.Random`` so churn stays reproducible.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from app.sim import extra_generate, vocab

Pick = Callable[[str], "int | None"]  # a random non-deleted id of an entity, or None
# A random assay with non-deleted tests, and those tests (the newest last).
Tests = Callable[[], "tuple[int | None, list[int]]"]

_OPEN_TESTS = ("IN PROGRESS", "WEIGHED", "IN DATA REVIEW", "COMPLETED", "ON HOLD")


def fresh(entity: str, rng: random.Random, now: int, pick: Pick, tests: Tests) -> dict:
    """Core fields (no id) of a new record created at ``now``."""
    if entity in extra_generate.FRESH:
        return extra_generate.FRESH[entity](rng, now, pick)
    return _FRESH[entity](rng, now, pick, tests)


def _stamps(now: int) -> dict:
    return {"date_created": now, "last_updated": now}


def _customer(rng: random.Random, now: int, pick: Pick, tests: Tests) -> dict:
    name = vocab.customer_name(rng, len(vocab.SPECIAL_CUSTOMERS))
    division = [rng.choice(vocab.DIVISIONS)["id"]] if rng.random() < 0.7 else None
    return {"customer_name": name, **_stamps(now), "division_ids": division}


def _contact(rng: random.Random, now: int, pick: Pick, tests: Tests) -> dict:
    customer = pick("customers")
    return {
        "first_name": rng.choice(vocab.FIRST_NAMES),
        "last_name": rng.choice(vocab.LAST_NAMES),
        "customer_ids": [] if customer is None else [customer],
        **_stamps(now),
    }


def _assay(rng: random.Random, now: int, pick: Pick, tests: Tests) -> dict:
    title, label = vocab.assay_title(rng.randrange(200))
    return {"title": f"{title} (new)", "label_abbr": label, **_stamps(now)}


def _panel(rng: random.Random, now: int, pick: Pick, tests: Tests) -> dict:
    assays = sorted({a for a in (pick("assays") for _ in range(3)) if a is not None})
    title = vocab.panel_title(rng.randrange(40))
    return {"title": title, "assay_ids": assays, **_stamps(now)}


def _location(rng: random.Random, now: int, pick: Pick, tests: Tests) -> dict:
    return {"name": f"Shelf {rng.randint(2, 99)}", "parent_location_id": None}


def _accessioning_type(rng: random.Random, now: int, pick: Pick, tests: Tests) -> dict:
    return {"value": f"Type {rng.randint(2, 99)}", "active": True}


def _order(rng: random.Random, now: int, pick: Pick, tests: Tests) -> dict:
    return {
        "customer_account_id": pick("customers"),
        "state": "CREATED",
        "date_created": now,
        "date_received": now if rng.random() < 0.5 else None,
        "date_completed": None,
        "date_order_reported": None,
        "has_report": False,
        "last_updated": now,
        "division_id": rng.choice(vocab.DIVISIONS)["id"],
    }


def _sample(rng: random.Random, now: int, pick: Pick, tests: Tests) -> dict:
    return {
        "order_id": pick("orders"),
        "accessioning_type_id": pick("accessioning-types"),
        "location_id": pick("locations"),
        "state": "IN PROGRESS",
        "date_created": now,
        "completed_date": None,
        "last_updated": now,
    }


def _test(rng: random.Random, now: int, pick: Pick, tests: Tests) -> dict:
    return {
        "sample_id": pick("samples"),
        "assay_id": pick("assays"),
        "panel_id": None,
        "state": "NOT STARTED",
        "date_created": now,
        "start_date": None,
        "complete_date": None,
        "last_updated": now,
    }


def _batch(rng: random.Random, now: int, pick: Pick, tests: Tests) -> dict:
    assay, members = tests()
    return {"assay_id": assay, "test_ids": members[-8:], **_stamps(now)}


def _report(rng: random.Random, now: int, pick: Pick, tests: Tests) -> dict:
    kind = rng.choice(("order_id", "order_id", "sample_id", "test_id"))
    rec = {"order_id": None, "sample_id": None, "test_id": None}
    rec[kind] = pick(kind[:-3] + "s")
    return rec | {"state": "PUBLISHED", "date_generated": now}


_FRESH: dict[str, Callable[[random.Random, int, Pick, Tests], dict]] = {
    "customers": _customer,
    "contacts": _contact,
    "assays": _assay,
    "panels": _panel,
    "locations": _location,
    "accessioning-types": _accessioning_type,
    "orders": _order,
    "samples": _sample,
    "tests": _test,
    "batches": _batch,
    "reports": _report,
}


def plausible_edit(entity: str, full: dict, rng: random.Random) -> dict:
    """Changes a lab user might make to this record (v2 names)."""
    extra = extra_generate.plausible_edit(entity, full, rng)
    if extra is not None:
        return extra
    note = rng.choice(("Revisado", "Updated per client call", "Re-run requested"))
    if entity == "tests":
        state = rng.choice(_OPEN_TESTS)
        return {"state": state, "comments": note}
    if entity == "orders":
        return {"state": rng.choice(("IN PROGRESS", "ON HOLD", "COMPLETED"))}
    if entity == "samples":
        return {"state": rng.choice(("IN PROGRESS", "COMPLETED")), "comments": note}
    if entity == "customers":
        return {"comments": note, "phone": f"(555) 010-{rng.randint(0, 9999):04d}"}
    if entity == "contacts":
        return {"mobile": f"(555) 020-{rng.randint(0, 9999):04d}"}
    if entity == "batches":
        return {"display_name": f"{full.get('display_name') or 'Batch'} (edited)"}
    if entity == "reports":
        return {"comments": note}
    if entity == "accessioning-types":
        return {"active": not full.get("active")}
    return {"description": note}
