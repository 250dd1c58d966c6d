"""Cosmetic fields of the entities beyond the core seven, derived on demand.

Like ``app.sim.derive``: a private ``random.Random`` per (seed, entity, id)
makes every value stable, a stored value (an update) wins, and names are the
v2 property names of the official document. Dates are unix seconds.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable

from app.sim import vocab

DAY = 86400
Core = Callable[[str, int], "dict | None"]


def _maybe(rng: random.Random, share: float, value: object) -> object:
    return value if rng.random() < share else None


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _divisions(r: dict, rng: random.Random, core: Core) -> dict:
    return {"description": _maybe(rng, 0.5, f"{r['name']} laboratory")}


def _location_types(r: dict, rng: random.Random, core: Core) -> dict:
    return {
        "description": _maybe(rng, 0.5, f"{r['name']} storage"),
        "movable_slots": rng.random() < 0.3,
        "number_of_slots": rng.choice((None, 4, 12, 24, 96)),
    }


def _turnarounds(r: dict, rng: random.Random, core: Core) -> dict:
    return {
        "business_days_only": rng.random() < 0.7,
        "default_flat_surcharge": float(rng.choice((0, 25, 50))),
        "default_percentage_surcharge": float(rng.choice((0, 25, 50, 100))),
        "description": f"{r['name']} turnaround",
        "flag_background_color": rng.choice(("#ffcc00", "#d32f2f", None)),
        "flag_text_color": rng.choice(("#000000", "#ffffff", None)),
    }


def _worksheets(r: dict, rng: random.Random, core: Core) -> dict:
    return {
        "active": rng.random() < 0.9,
        "active_worksheet_version_id": r["id"] * 10 + rng.randint(1, 5),
        "code_editor_view": rng.random() < 0.2,
        "deleted": False,
        "description": _maybe(rng, 0.6, "Cell-by-cell results"),
        "require_reason": rng.random() < 0.3,
        "tags": [],
    }


def _epics(r: dict, rng: random.Random, core: Core) -> dict:
    return {"description": _maybe(rng, 0.7, "Multi-month study for a customer")}


def _projects(r: dict, rng: random.Random, core: Core) -> dict:
    done = r.get("date_completed")
    return {
        "custom_formatted_id": f"PRJ-{r['id']:04d}",
        "estimated_complete_date": r["date_created"] + rng.randint(10, 90) * DAY,
        "percent_completion": 100 if done else rng.randint(0, 95),
        "result": rng.choice(("PASS", "FAIL")) if done else None,
        "tags": [],
    }


def _sources(r: dict, rng: random.Random, core: Core) -> dict:
    return {
        "custom_formatted_id": f"SRC-{r['id']:05d}",
        "date_of_birth": _maybe(
            rng, 0.3, r["last_updated"] - rng.randint(20, 70) * 365 * DAY
        ),
        "description": _maybe(rng, 0.5, "Field plot sample source"),
        "display_name": f"{r['first_name']} {r['last_name']}",
        "identifier": f"ID-{rng.randint(10000, 99999)}",
        "lab_id": _maybe(rng, 0.4, f"L{rng.randint(1000, 9999)}"),
        "latitude": round(rng.uniform(25, 48), 6),
        "longitude": round(rng.uniform(-123, -67), 6),
        "tags": [],
    }


def _api_clients(r: dict, rng: random.Random, core: Core) -> dict:
    return {
        "api_versions": rng.choice(("v2", "v1,v2")),
        "authorized_redirect_uri": None,
        "client_type": "SERVER_SIDE_WEB_APPLICATION",
        "confidential": True,
        "cors_origin": None,
        "customer_ids": [],
        "date_rotated": _maybe(rng, 0.3, r["date_created"] + rng.randint(1, 90) * DAY),
        "generated_by_id": rng.choice(vocab.USERS)["id"],
        "read_only": rng.random() < 0.5,
        "scopes_json": {"scopes": ["ORDER", "SAMPLE", "TEST", "CUSTOMER"]},
    }


def _customer(core: Core, customer_id: int | None) -> dict:
    return (core("customers", customer_id) if customer_id else None) or {}


def _quotations(r: dict, rng: random.Random, core: Core) -> dict:
    t = r["date_created"]
    emailed = r["status"] != "DRAFT" and rng.random() < 0.7
    first, last = rng.choice(vocab.FIRST_NAMES), rng.choice(vocab.LAST_NAMES)
    discount = float(rng.choice((0, 0, 5, 10)))
    return {
        "company_name": _customer(core, r["customer_id"]).get("customer_name"),
        "custom_formatted_id": f"Q-{r['id']:05d}",
        "date_emailed": t + 3600 if emailed else None,
        "description": _maybe(rng, 0.6, "Compliance testing, quarterly"),
        "discount": discount,
        "discount_individual_items": rng.random() < 0.2,
        "email_address": f"{first.lower()}@example.com",
        "email_to": f"{first.lower()}@example.com" if emailed else None,
        "emailed": emailed,
        "emailed_by_id": rng.choice(vocab.USERS)["id"] if emailed else None,
        "emailed_by_api_client_id": None,
        "expiration_date": t + 30 * DAY,
        "first_name": first,
        "last_name": last,
        "notes": None,
        "payment_term": rng.choice(("Net 30", "Net 15", None)),
        "payment_term_days": rng.choice((30, 15, None)),
        "quotation_date": t,
        "sub_total": r["total"],
        "template_id": rng.randint(1, 3),
        "title": f"Quote {r['id']}",
        "uuid": _uuid(rng),
    }


def invoice_cfid(invoice_id: int) -> str:
    """An invoice's ``custom_formatted_id`` (``INV-00042``)."""
    return f"INV-{invoice_id:05d}"


def _invoices(r: dict, rng: random.Random, core: Core) -> dict:
    t, total = r["invoice_date"], r["total"]
    emailed = r["status"] != "DRAFT"
    qb = rng.random() < 0.3
    tax = round(total * rng.choice((0, 0.0625)), 2)
    return {
        "custom_formatted_id": invoice_cfid(r["id"]),
        "deleted": False,
        "date_emailed": t + 3600 if emailed else None,
        "date_paid": t + rng.randint(1, 30) * DAY if r["paid"] else None,
        "discount": 0.0,
        "discount_individual_items": False,
        "do_not_show_sync_warning": False,
        "due_date": t + 30 * DAY,
        "email_to": "billing@example.com" if emailed else None,
        "emailed": emailed,
        "emailed_by_id": rng.choice(vocab.USERS)["id"] if emailed else None,
        "external_id": _maybe(rng, 0.2, f"EXT-{rng.randint(1000, 9999)}"),
        "force_full_panel_prices": False,
        "group_by_panel": rng.random() < 0.3,
        "group_by_panel_turnaround_not_applied": False,
        "invoice_payments": [],
        "notes": _maybe(rng, 0.2, "Pago contra entrega"),
        "out_of_sync": False,
        "outstanding_amount": 0.0 if r["paid"] else round(total + tax, 2),
        "payment_term": rng.choice(("Net 30", "Net 15")),
        "qbd_edit_sequence": str(r["last_updated"]) if qb else None,
        "qbd_id": f"{rng.randint(1000, 9999)}-{t}" if qb else None,
        "qbd_last_synced": r["last_updated"] if qb else None,
        "qbd_response_log": "Success" if qb else None,
        "quotation_custom_prices_not_applied": False,
        "sub_total": total,
        "template_id": rng.randint(1, 3),
        "total_after_tax": round(total + tax, 2),
    }


def _invoice_items(r: dict, rng: random.Random, core: Core) -> dict:
    price, qty = r["base_price"], r["quantity"]
    name = None
    if r.get("assay_id"):
        name = (core("assays", r["assay_id"]) or {}).get("title")
    elif r.get("panel_id"):
        name = (core("panels", r["panel_id"]) or {}).get("title")
    turnaround = _maybe(rng, 0.3, 1)
    return {
        "amount": round(price * qty, 2),
        "discount": 0.0,
        "invoice_item_type": "PANEL" if r.get("panel_id") else "ASSAY",
        "name": name or "Servicio",
        "quantity_discount_id": None,
        "surcharge": 0.0,
        "surcharge_invoice_item_uuid": None,
        "tax_rate_id": None,
        "tax_rate_name": None,
        "tax_rate_percentage": None,
        "turnaround_id": turnaround,
        "uuid": _uuid(rng),
    }


def _payments(r: dict, rng: random.Random, core: Core) -> dict:
    kind = rng.choice(((1, "Check"), (2, "Credit card"), (3, "ACH"), (4, "Cash")))
    qb = rng.random() < 0.3
    return {
        "check_number": str(rng.randint(1000, 9999)) if kind[0] == 1 else None,
        "created_by_api_client_id": None,
        "created_by_user_id": rng.choice(vocab.USERS)["id"],
        "external_id": _maybe(rng, 0.2, f"PAY-{rng.randint(1000, 9999)}"),
        "payment_type_id": kind[0],
        "payment_type": kind[1],
        "qbd_edit_sequence": str(r["last_updated"]) if qb else None,
        "qbd_id": f"{rng.randint(1000, 9999)}-{r['date_created']}" if qb else None,
        "qbd_last_synced": r["last_updated"] if qb else None,
        "qbd_response_log": "Success" if qb else None,
        "template_id": rng.randint(1, 3),
        "unapplied_amount": rng.choice((0.0, 0.0, round(r["amount"] / 2, 2))),
    }


DERIVERS: dict[str, Callable[[dict, random.Random, Core], dict]] = {
    "divisions": _divisions,
    "location-types": _location_types,
    "turnarounds": _turnarounds,
    "worksheets": _worksheets,
    "epics": _epics,
    "projects": _projects,
    "sources": _sources,
    "api-clients": _api_clients,
    "quotations": _quotations,
    "invoices": _invoices,
    "invoice-items": _invoice_items,
    "payments": _payments,
}
