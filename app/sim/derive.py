"""Cosmetic fields of a record, derived on demand from its core fields.

Generation stores only what relations, queries and mutations need; phones,
addresses, flags, worksheets and the like are derived here from a private
``random.Random`` seeded by (tenant seed, entity, id), so they are stable,
cost no memory, and a stored value (an update) always wins over them.
Names are v2 field names; dates are unix seconds.
"""

from __future__ import annotations

import random
import unicodedata
import uuid
from collections.abc import Callable

from app.sim import vocab
from app.sim.extra_derive import DERIVERS as EXTRA_DERIVERS

DAY = 86400
Core = Callable[[str, int], "dict | None"]


def derive(entity: str, rec: dict, seed: int, core: Core) -> dict:
    """The derived fields of ``rec`` (never overriding its stored ones)."""
    fn = _DERIVERS.get(entity)
    if fn is None:
        return {}
    rng = random.Random(f"{seed}/{entity}/{rec['id']}")
    return fn(rec, rng, core)


def _slug(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in ascii_.lower() if c.isalnum())[:20] or "x"


def _phone(rng: random.Random) -> str:
    return (
        f"({rng.randint(201, 989)}) {rng.randint(200, 999)}-{rng.randint(0, 9999):04d}"
    )


def _maybe(rng: random.Random, share: float, value: object) -> object:
    return value if rng.random() < share else None


def _user(rng: random.Random) -> int:
    return rng.choice(vocab.USERS)["id"]


def _address(rng: random.Random) -> tuple[str, tuple[str, str, str, str]]:
    city = rng.choice(vocab.CITIES)
    lines = [f"{rng.randint(1, 9999)} {rng.choice(vocab.STREETS)}"]
    if rng.random() < 0.3:
        lines.append(f"Suite {rng.randint(100, 450)}")
    lines.append(f"{city[0]}, {city[1]} {city[2]}")
    return "\n".join(lines), city  # README §6.1: multi-line with \n


def _customers(r: dict, rng: random.Random, core: Core) -> dict:
    address, (city, state, zip_, country) = _address(rng)
    slug, stamp = _slug(r["customer_name"]), r["last_updated"]
    created = r["date_created"] or stamp
    qb = rng.random() < 0.45 if r["id"] > 2 else r["id"] == 1  # both kinds in tiny
    qb_id = f"{rng.randint(80000001, 80009999)}-{created}"
    contact = f"{rng.choice(vocab.FIRST_NAMES)} {rng.choice(vocab.LAST_NAMES)}"
    details = {"Id": qb_id, "SyncToken": "0", "DisplayName": r["customer_name"]}
    details["MetaData"] = {"CreateTime": created, "LastUpdatedTime": stamp}
    return {
        "deleted": False,
        "phone": _maybe(rng, 0.85, _phone(rng)),
        "fax": _maybe(rng, 0.2, _phone(rng)),
        "address": _maybe(rng, 0.9, address),
        "city_name": city,
        "state_name": state,
        "zip_postal_code": zip_,
        "country_name": country,
        "comments": rng.choice((None, None, "Prefiere factura electrónica.", "COD")),
        "tags": ["VIP"] if rng.random() < 0.1 else [],
        "email": f"{slug}@example.com",
        "billing_email": _maybe(rng, 0.6, f"billing@{slug}.example"),
        "billing_contact_name": _maybe(rng, 0.6, contact),
        "account_number": _maybe(rng, 0.6, str(rng.randint(10000, 99999))),
        "allied_username": _maybe(rng, 0.5, slug[:12]),
        "lab": rng.choice(("Maine", "Massachusetts", None)),
        "license_number": _maybe(rng, 0.7, f"AMS-{rng.randint(1000, 99999)}-CA"),
        "company_discount": rng.choice((0, 0, 0, 5.0, 10.0)),
        "payment_term_days": rng.choice((30, 15, 0, None)),
        "payment_term": rng.choice(("Net 30", "Net 15", "Due on receipt", None)),
        "confident_cannabis_customer_id": _maybe(rng, 0.3, rng.randint(1000, 99999)),
        "qbd_id": qb_id if qb else None,
        "qbd_edit_sequence": str(stamp) if qb else None,
        "qbd_last_synced": stamp if qb else None,
        "qbd_skip_address_sync": rng.random() < 0.1,
        "qbd_response_log": "Success" if qb else None,
        "initial_quickbooks_details": details if qb else None,  # Q13: JSON in a string
        "sync_token": "0" if qb else None,
        "last_synced": _maybe(rng, 0.4, stamp - rng.randint(0, DAY)),  # Q2: absent
        "status": "ACTIVE" if rng.random() < 0.95 else "INACTIVE",
        "id_abbreviation": slug[:4].upper(),
        "group_name": None,
        "invoicing_notes": None,
        "mfa_enforced": False,
        "parent_customer_id": None,
        "po_number": _maybe(rng, 0.2, f"PO-{rng.randint(1000, 9999)}"),
        "special_instructions": None,
        "assay_customer_discounts": [],
        "panel_customer_discounts": [],
        "sources": [],
    }


def _contacts(r: dict, rng: random.Random, core: Core) -> dict:
    email = f"{_slug(r['first_name'])}.{_slug(r['last_name'])}@example.com"
    return {
        "email_address": email,
        "phone": _maybe(rng, 0.8, _phone(rng)),
        "mobile": _maybe(rng, 0.5, _phone(rng)),
        "fax": None,
        "address": _maybe(rng, 0.4, _address(rng)[0]),
        "is_doctor": rng.random() < 0.05,
        "tags": [],
    }


def _assays(r: dict, rng: random.Random, core: Core) -> dict:
    kind = vocab.worksheet_kind(r["label_abbr"])
    units = {"potency": "%", "micro": "CFU/g", "metals": "ppm", "moisture": "%"}
    return {
        "description": f"{r['title']} by validated SOP",
        "method": r["title"].partition("(")[2].rstrip(") v0123456789") or "SOP",
        "units": units.get(kind, "ppm"),
        "active": rng.random() < 0.95,
        "category_id": 2 if kind == "micro" else 1,
        "default_technician_id": _maybe(rng, 0.6, _user(rng)),
        "duration": rng.randint(1, 5),
        "base_price": float(rng.choice((25, 40, 65, 90, 120, 150, 350))),
        "reporting_limit": _maybe(rng, 0.5, round(rng.uniform(0.01, 1), 2)),
        "method_detection_limit": _maybe(rng, 0.5, round(rng.uniform(0.001, 0.1), 3)),
        "sample_level_worksheet": rng.random() < 0.2,
        "show_in_portal": rng.random() < 0.8,
        "sort_order": r["id"],
        "tags": [],
        **_assay_extras(r, rng, core, kind),
    }


def _assay_extras(r: dict, rng: random.Random, core: Core, kind: str) -> dict:
    """The assay properties of the v2 list schema beyond the first ones
    (``ListAssaySchema``); catalogue ids follow ``vocab``'s always-present ones."""
    chemistry = kind not in ("micro", "pass")
    fee = rng.random() < 0.1
    # From the ids every profile generates, never from the live catalogue: an
    # accessioning type added or deleted must not change how an assay renders
    # (it stamps no assay), or an unchanged assay would differ from its copy.
    types = list(vocab.ACCESSIONING_TYPE_IDS)
    worksheet = rng.choice(vocab.WORKSHEET_IDS)
    return {
        "accessioning_type_ids": sorted(rng.sample(types, rng.randint(0, len(types)))),
        "team_id": _maybe(rng, 0.7, rng.choice(vocab.TEAM_IDS)),
        "turnaround_ids": sorted(rng.sample(vocab.TURNAROUND_IDS, rng.randint(0, 2))),
        "worksheet_id": worksheet,
        "batch_worksheet_id": _maybe(rng, 0.4, rng.choice(vocab.WORKSHEET_IDS)),
        "protocol_id": _maybe(rng, 0.3, rng.randint(1, 40)),
        "batch_protocol_id": _maybe(rng, 0.2, rng.randint(1, 40)),
        "inventory_template_id": None,  # no inventory in the simulated tenant
        "batch_inventory_template_id": None,
        "document_id": _maybe(rng, 0.15, rng.randint(1, 300)),
        "order_report_config_id": _maybe(rng, 0.2, rng.choice(vocab.REPORT_CONFIG_IDS)),
        "sample_report_config_id": _maybe(
            rng, 0.5, rng.choice(vocab.REPORT_CONFIG_IDS)
        ),
        "test_report_config_id": _maybe(rng, 0.2, rng.choice(vocab.REPORT_CONFIG_IDS)),
        "per_sample_fee_name": "Sample prep fee" if fee else None,
        "per_sample_fee_price": float(rng.choice((10, 15, 25))) if fee else None,
        "spike_level": _maybe(rng, 0.3, float(rng.choice((0.5, 1, 5, 10)))),
        "percent_recovery_lower_limit": 80.0 if chemistry else None,
        "percent_recovery_upper_limit": 120.0 if chemistry else None,
        "relative_percent_difference_limit": 20.0 if chemistry else None,
        **_qbd(r, rng, 0.3),
    }


def _qbd(r: dict, rng: random.Random, share: float) -> dict:
    """QuickBooks Desktop item fields (``qbd_*``): set on ``share`` of records."""
    stamp, created = r["last_updated"], r.get("date_created") or r["id"]
    synced = rng.random() < share
    return {
        "qbd_id": f"{rng.randint(80000001, 80009999)}-{created}" if synced else None,
        "qbd_edit_sequence": str(stamp) if synced else None,
        "qbd_last_synced": stamp if synced else None,
        "qbd_response_log": "Success" if synced else None,
    }


def _panels(r: dict, rng: random.Random, core: Core) -> dict:
    return {
        "description": _maybe(rng, 0.7, f"{r['title']} (state compliance)"),
        "base_price": float(rng.choice((150, 250, 400, 600))),
        "show_in_portal": rng.random() < 0.8,
        **_qbd(r, rng, 0.3),
    }


def _locations(r: dict, rng: random.Random, core: Core) -> dict:
    return {
        "description": _maybe(rng, 0.5, f"{r['name']} — building {rng.randint(1, 3)}"),
        "active": r["id"] != 4,
        "location_type_id": rng.choice(vocab.LOCATION_TYPES)["id"],
        "tags": [],
    }


def _orders(r: dict, rng: random.Random, core: Core) -> dict:
    done, received = r["date_completed"], r["date_received"]
    reported, created = r["date_order_reported"], r["date_created"]
    emailed = reported is not None and rng.random() < 0.7
    cc = rng.random() < 0.4
    emails = [f"lab{rng.randint(1, 99)}@example.com" for _ in range(rng.randint(1, 3))]
    out = {
        "email_to": ", ".join(emails),
        "partially_complete": r["state"] == "IN PROGRESS" and rng.random() < 0.3,
        "report_emailed": emailed,
        "emailed": emailed,
        "requested_by": _maybe(rng, 0.5, f"{rng.choice(vocab.FIRST_NAMES)} Doe"),
        "requested_by_id": _maybe(rng, 0.5, rng.randint(1, 500)),
        "special_instructions": rng.choice((None, None, "Rush — results by Friday")),
        "customer_comments": rng.choice((None, None, "Muestras refrigeradas")),
        "sampling_method": rng.choice((None, "Composite", "Grab")),
        "sampling_plan_check": rng.random() < 0.3,
        "order_request": False,
        "order_request_notes": None,
        "order_request_status": None,
        "order_sampling_location": _maybe(rng, 0.3, "Facility A"),
        "order_sampling_technician": None,
        "tags": [],
        "cc_id": f"CC{rng.randint(100000, 999999)}" if cc else None,
        "cc_latest_sync": r["last_updated"] - rng.randint(0, 3600) if cc else None,
        "cc_order": True if cc else rng.choice((False, None)),
        "cc_order_status": rng.randint(1, 4) if cc else None,
        "cc_sync_error": None,
        "cc_sync_status": "Synced" if cc else None,
        "Dup_Aw_value": _maybe(rng, 0.4, f"0.{rng.randint(40, 65)}"),  # Q12
        "collected_mcr": rng.random() < 0.5,
        "date_required": (received or created) + rng.randint(3, 10) * DAY,
        "collected_date": r.get("collected_datetime") or created,
        "submitted_by": rng.choice(("Portal", "API", "Lab staff")),
        "entered_by_id": _user(rng),
        "received_by_id": _user(rng) if received else None,
        "date_approved": done,
        "date_emailed": reported if emailed else None,
        "date_report_released": reported,
        "date_requested": created,
        "invoicing_notes": None,
        "portal_read": rng.random() < 0.5,
        "published_to_portal": reported is not None,
        "release_report": reported is not None,
        "revision_notes": None,
    }
    return out | _order_extras(out, rng)


def _order_extras(o: dict, rng: random.Random) -> dict:
    """The order properties of the v2 list schema beyond the first ones
    (``ListOrderSchema``): who approved, emailed, entered (a user or an API
    client) and requested it, its turnaround; no projects or quotations."""
    via_api = o["submitted_by"] == "API"
    requested_for = _maybe(rng, 0.2, o["requested_by_id"])
    return {
        "approved_by_id": _user(rng) if o["date_approved"] is not None else None,
        "emailed_by_id": _user(rng) if o["date_emailed"] is not None else None,
        "entered_by_api_client_id": vocab.API_CLIENT_ID if via_api else None,
        "requested_for_id": requested_for,
        "turnaround_id": _maybe(rng, 0.6, rng.choice(vocab.TURNAROUND_IDS)),
        "project_id": None,
        "created_from_quotation_id": None,
    }


def _samples(r: dict, rng: random.Random, core: Core) -> dict:
    created, done = r["date_created"], r["completed_date"]
    span = max(0, (done or r["last_updated"]) - created)
    weight = rng.choice((f"{rng.uniform(0.5, 30):.2f}g", f"{rng.uniform(1, 20):.1f}oz"))
    matrix = rng.choice(vocab.MATRICES)
    name = f"{rng.choice(vocab.STRAINS)} - {matrix}" + rng.choice(("", "", " "))
    has_report = done is not None and rng.random() < 0.3
    return {
        "description": name,
        "sample_type": matrix,
        "metrc_uid": _maybe(rng, 0.6, f"1A4060300{rng.randint(0, 10**14):015d}"),
        "lab_id": _maybe(rng, 0.3, f"L{rng.randint(1000, 9999)}"),
        "cc_id": None,
        "comments": rng.choice((None, None, None, "Received warm", "Sello roto")),
        "status": rng.choice(("", "IN PROGRESS", "IN REVIEW")),
        "sample_weight": _maybe(rng, 0.8, weight),  # README §6.3: units inside
        "sample_quantity_received": rng.choice(("3.5 g", "1 unit", "10 g", "2 oz")),
        "lot_number": _maybe(rng, 0.6, f"LOT-{rng.randint(100, 99999)}"),  # Q12
        "ExtInvID": _maybe(rng, 0.4, f"INV{rng.randint(10000, 99999)}"),  # Q12
        "has_report": has_report,
        "complete": r["state"] == "COMPLETED",
        "received": True,
        "linked": False,
        "order_request": False,
        "date_received": created - rng.randint(0, 3600),
        "time_of_collection": _maybe(rng, 0.6, created - rng.randint(3600, 3 * DAY)),
        "date_report_released": done if has_report else None,
        "start_date": created + rng.randint(0, span) if span else None,
        "email_to": None,
        "point_of_collection": _maybe(rng, 0.2, "Cultivation Room 2"),
        "tags": [],
        # No sub-samples, projects, sources or inventory in this tenant's samples.
        "parent_sample_id": None,
        "sub_samples": [],
        "project_id": None,
        "source_id": None,
        "inventory_stock_id": None,
        "inventory_stock_quantity_used": None,
    }


def _worksheet(r: dict, rng: random.Random, core: Core) -> dict:
    if r["state"] in ("NOT STARTED", "CANCELLED", "CLIENT CANCELLED"):
        return {}
    assay = core("assays", r["assay_id"])
    keys = vocab.WORKSHEET_KEYS[
        vocab.worksheet_kind(assay["label_abbr"] if assay else "")
    ]
    done = r["complete_date"] is not None
    values = vocab.WORKSHEET_VALUES
    return {
        k: {"value": rng.choice(values) if done or rng.random() < 0.5 else None}
        for k in keys
    }


def _tests(r: dict, rng: random.Random, core: Core) -> dict:
    created, done, state = r["date_created"], r["complete_date"], r["state"]
    has_report = done is not None and rng.random() < 0.2
    out = {
        "results": rng.choice(("Pass", "Pass", "Fail", "ND", "21.4%"))
        if done
        else None,
        "comments": rng.choice((None, None, None, "Re-prep per QC", "Dilución 1:10")),
        "tech_id": _maybe(rng, 0.8, _user(rng)),
        "tags": [],
        "estimated_start_date": created + DAY,
        "estimated_complete_date": created + rng.randint(3, 5) * DAY,
        "has_report": has_report,
        "report_completed_date": done if has_report else None,
        "worksheet_data": _worksheet(r, rng, core),
        "priority": rng.choice((0, 0, 0, 1, 2)),
        "customer_update": None,
        "free_response": None,
        "specification_overall": rng.choice(("PASS", "FAIL", None)) if done else None,
        "reported_date": done if state == "REPORTED" else None,
        "date_report_released": done if has_report else None,
        "date_results_released": done,
        "emailed": has_report and rng.random() < 0.5,
        "release_report": has_report,
        "release_results": done is not None,
        "publish_worksheet_to_portal": rng.random() < 0.3,
    }
    return out | _test_extras(r, out["priority"], rng)


def _test_extras(r: dict, priority: int, rng: random.Random) -> dict:
    """The test properties of the v2 list schema beyond the first ones
    (``ListTestSchema``). Tests of one panel on one sample share a
    ``panel_group_uuid``; a prioritised test has a priority group."""
    done = r["complete_date"] is not None
    group = None
    if r["panel_id"] is not None:
        key = random.Random(f"panel-group/{r['sample_id']}/{r['panel_id']}")
        group = str(uuid.UUID(int=key.getrandbits(128), version=4))
    bits = rng.getrandbits(128)
    return {
        "panel_group_uuid": group,
        "priority_current": priority > 0 and not done,
        "priority_done": priority > 0 and done,
        "priority_group_uuid": str(uuid.UUID(int=bits, version=4))
        if priority > 0
        else None,
        "turnaround_id": _maybe(rng, 0.3, rng.choice(vocab.TURNAROUND_IDS)),
    }


def _batches(r: dict, rng: random.Random, core: Core) -> dict:
    assay = core("assays", r["assay_id"])
    label = assay["label_abbr"] if assay else "GEN"
    status = rng.choice(("COMPLETED", "COMPLETED", "IN PROGRESS", "NOT STARTED"))
    sheet = {"instrument": rng.choice(("HPLC-2", "ICP-1", "GC-3")), "analyst": "AN"}
    return {
        "display_name": _maybe(rng, 0.9, f"{label} {r['id']}"),
        "tags": [],
        "worksheet_id": rng.randint(1, 40),
        "worksheet_json": _maybe(rng, 0.4, sheet),
        "do_not_hide": False,
        "note_keeping": None,
        "lot_verification_batch": rng.random() < 0.05,
        "date_prepared": _maybe(rng, 0.5, r["date_created"] - rng.randint(0, DAY)),
        "batch_complete": status == "COMPLETED",
        "batch_status": status,
        "batch_processed": status == "COMPLETED",
        "protocol": _maybe(
            rng, 0.5, f"SOP-{rng.randint(1, 40)} rev {rng.randint(1, 5)}"
        ),
        "tech_id": _user(rng),
        "batch_equipment_ids": sorted(rng.sample(range(1, 30), rng.randint(0, 3))),
        "batch_equipment_usage_ids": [],
        "batch_ids": [],
        "batch_inventory_stock_usage_ids": [],
        "batch_protocol_steps": [],
        "children": [],
        "parents": [],
        "control_group": None,
        "equipment_list": [],
        "platemap_format": rng.choice((None, "96-well")),
        "worksheet_data": {},
    }


def _reports(r: dict, rng: random.Random, core: Core) -> dict:
    t = r["date_generated"]
    status = rng.choices(("SUCCESSFUL", "FAILED", "PENDING"), (96, 3, 1))[0]
    public, emailed = rng.random() < 0.4, rng.random() < 0.5
    via_api = rng.random() < 0.2
    return {
        "accepted_by_id": None,
        "comments": None,
        "date_accepted": None,
        "date_emailed": t if emailed else None,
        "date_public": t if public else None,
        "date_published": t
        if r["state"] != "WITHDRAWN" or rng.random() < 0.5
        else None,
        "emailed": emailed,
        # Drawn even when an API client emailed it, so later fields stay put.
        "emailed_by_id": (None, _user(rng))[not via_api] if emailed else None,
        "generated_by_id": None if via_api else _user(rng),
        "generated_by_api_client_id": vocab.API_CLIENT_ID if via_api else None,
        "id_hash": f"{rng.getrandbits(60):015x}",
        "is_public": public,
        "made_public_by_api_client_id": None,
        "made_public_by_id": _user(rng) if public else None,
        "published_by_api_client_id": None,
        "render_status": status,
        "render_error_message": "Template rendering failed"
        if status == "FAILED"
        else None,
        "render_params": None,
        "render_batch_uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "report_config_id": rng.randint(1, 6),
        # An API client that generated a report also emails it.
        "emailed_by_api_client_id": vocab.API_CLIENT_ID
        if via_api and emailed
        else None,
    }


_DERIVERS: dict[str, Callable[[dict, random.Random, Core], dict]] = {
    "customers": _customers,
    "contacts": _contacts,
    "assays": _assays,
    "panels": _panels,
    "locations": _locations,
    "orders": _orders,
    "samples": _samples,
    "tests": _tests,
    "batches": _batches,
    "reports": _reports,
}
_DERIVERS.update(EXTRA_DERIVERS)
