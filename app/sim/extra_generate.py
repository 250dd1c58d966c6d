"""Generation, new records and plausible edits of the entities beyond the core
seven (users, teams, … invoices, payments, order comments).

Only core fields are stored (names, relations, dates, amounts); cosmetic fields
come from ``app.sim.extra_derive``. Everything is drawn from one
``random.Random`` of its own, so adding these entities leaves the core
entities' generated values untouched. Counts per profile are small for the
catalogues; invoices follow orders (about one per finished order in the larger
profiles) and order comments are 0–3 per order.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable

from app.sim import vocab
from app.v2_lists import V2_LISTS

DAY = 86400
Store = dict[str, dict[int, dict]]
Pick = Callable[[str], "int | None"]

# profile -> (users, teams, epics, projects, sources, turnarounds, api clients,
#             quotations, share of finished orders invoiced, payments)
_COUNTS: dict[str, tuple[int, int, int, int, int, int, int, int, float, int]] = {
    "tiny": (6, 2, 2, 3, 4, 2, 2, 4, 0.6, 5),
    "small": (12, 3, 3, 6, 12, 3, 3, 20, 0.8, 40),
    "medium": (20, 5, 5, 12, 30, 4, 4, 80, 0.9, 200),
    "large": (30, 8, 8, 20, 60, 5, 5, 300, 1.0, 1500),
    "tenant-3y": (40, 10, 10, 30, 100, 5, 6, 600, 1.0, 3000),
}
WORKSHEET_TEMPLATES = 40  # batches name worksheet ids 1..40
TEAMS = ("Chemistry", "Microbiology", "Receiving", "QA", "Reporting", "Field")
TEAMS += ("Metals", "R&D", "Night shift", "Billing")
TURNAROUNDS = (("Standard", 5), ("Rush", 2), ("Same day", 1), ("Economy", 10))
TURNAROUNDS += (("Next day", 1),)
EPIC_STATUSES = ("OPEN", "IN PROGRESS", "COMPLETED")
QUOTATION_STATUSES = ("DRAFT", "SENT", "ACCEPTED", "DECLINED", "EXPIRED")
INVOICE_STATUSES = ("DRAFT", "SENT", "PAID", "VOID")
PAYMENT_TYPES = ((1, "Check"), (2, "Credit card"), (3, "ACH"), (4, "Cash"))
COMMENTS = (
    "Cliente llamó: resultados urgentes.",
    "Samples arrived warm; noted on COC.",
    "Re-run requested by QA.",
    "Factura enviada por correo.",
    "Customer asked for a copy of the COA in Spanish.",
)
# Entities whose v2 record has ``last_updated`` (an edit moves it).
STAMPED = frozenset(
    name for name, doc in V2_LISTS.items() if "last_updated" in doc["properties"]
)


def client_uuid(rng: random.Random) -> str:
    """An API client's id: a version-4 UUID string (README §1.1, [ASAP])."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def generate_extras(
    store: Store, profile: str, seed: int, start: int, anchor: int
) -> None:
    """Fill ``store``'s new entities for ``profile`` (core entities must exist)."""
    _Extras(store, profile, seed, start, anchor).build()


class _Extras:
    def __init__(
        self, store: Store, profile: str, seed: int, start: int, anchor: int
    ) -> None:
        self.store, self.start, self.anchor = store, start, anchor
        self.rng = random.Random(f"qbench-sim/{profile}/{seed}/extras")
        self.n = _COUNTS[profile]

    def _put(self, entity: str, rec: dict) -> None:
        self.store[entity][rec["id"]] = rec

    def _when(self, lo: int | None = None) -> int:
        return self.rng.randint(lo or self.start, self.anchor - 3600)

    def _touch(self, t: int) -> int:
        return min(self.anchor, t + int(self.rng.expovariate(1 / (3 * DAY))))

    def build(self) -> None:
        self._catalogues()
        self._projects()
        self._api_clients()
        self._quotations()
        self._invoices()
        self._payments()
        self._comments()

    def _catalogues(self) -> None:
        rng, n = self.rng, self.n
        for user in vocab.USERS:
            self._put("users", {k: user[k] for k in ("id", "first_name", "last_name")})
        next_id = max(u["id"] for u in vocab.USERS) + 1
        for i in range(max(0, n[0] - len(vocab.USERS))):
            first, last = rng.choice(vocab.FIRST_NAMES), rng.choice(vocab.LAST_NAMES)
            self._put(
                "users", {"id": next_id + i, "first_name": first, "last_name": last}
            )
        for i, name in enumerate(TEAMS[: n[1]]):
            self._put("teams", {"id": i + 1, "name": name})
        for div in vocab.DIVISIONS:
            self._put("divisions", dict(div))
        for kind in vocab.LOCATION_TYPES:
            self._put("location-types", dict(kind) | {"parent_location_type_id": None})
        self._put(
            "location-types",
            {"id": 3, "name": "Freezer rack", "parent_location_type_id": 2},
        )
        for cat in vocab.CATEGORIES:
            self._put("assay-categories", dict(cat))
        for i, (name, days) in enumerate(TURNAROUNDS[: n[5]]):
            divisions = [d["id"] for d in vocab.DIVISIONS if rng.random() < 0.5]
            rec = {"id": i + 1, "name": name, "default_duration": days}
            self._put("turnarounds", rec | {"division_ids": divisions})
        kinds = tuple(vocab.WORKSHEET_KEYS)
        for i in range(WORKSHEET_TEMPLATES):
            kind = kinds[i % len(kinds)]
            rec = {"id": i + 1, "name": f"{kind.title()} worksheet v{1 + i // 8}"}
            self._put("worksheets", rec | {"type": rng.choice(("TEST", "BATCH"))})

    def _projects(self) -> None:
        rng, n = self.rng, self.n
        for i in range(n[2]):
            t = self._when()
            rec = {"id": i + 1, "name": f"Epic {i + 1}: stability study"}
            rec |= {"status": rng.choice(EPIC_STATUSES), "date_created": t}
            self._put("epics", rec | {"last_updated": self._touch(t)})
        epics = list(self.store["epics"])
        for i in range(n[3]):
            epic = rng.choice(epics)
            t = self._when(self.store["epics"][epic]["date_created"])
            done = self._touch(t) if rng.random() < 0.4 else None
            rec = {"id": i + 1, "title": f"Project {i + 1}", "epic_id": epic}
            rec |= {"tech_id": rng.choice(vocab.USERS)["id"], "date_created": t}
            rec |= {"date_started": t + rng.randint(0, 3 * DAY), "date_completed": done}
            self._put("projects", rec | {"last_updated": done or self._touch(t)})
        projects = list(self.store["projects"])
        for i in range(n[4]):
            project = rng.choice(projects)
            t = self._when(self.store["projects"][project]["date_created"])
            first, last = rng.choice(vocab.FIRST_NAMES), rng.choice(vocab.LAST_NAMES)
            rec = {"id": i + 1, "project_id": project, "first_name": first}
            self._put("sources", rec | {"last_name": last, "last_updated": t})

    def _api_clients(self) -> None:
        for i in range(self.n[6]):
            t = self._when()
            # The first is the client the core records name as their creator
            # (orders entered and reports generated through the API).
            uid = client_uuid(self.rng)
            rec = {"id": i + 1, "client_uuid": vocab.API_CLIENT_ID if i == 0 else uid}
            rec |= {"name": f"Integration {i + 1}", "date_created": t}
            self._put("api-clients", rec)

    def _quotations(self) -> None:
        rng, customers = self.rng, list(self.store["customers"])
        for i in range(self.n[7]):
            t = self._when()
            rec = {"id": i + 1, "customer_id": rng.choice(customers)}
            rec |= {"status": rng.choice(QUOTATION_STATUSES), "date_created": t}
            rec |= {"total": float(rng.randint(2, 80) * 25), "deleted": False}
            self._put("quotations", rec | {"last_updated": self._touch(t)})

    def _invoices(self) -> None:
        rng, share = self.rng, self.n[8]
        assays, panels = list(self.store["assays"]), list(self.store["panels"])
        inv_id = item_id = 0
        for order in self.store["orders"].values():
            if order["date_completed"] is None or rng.random() >= share:
                continue
            inv_id += 1
            t = min(self.anchor, order["date_completed"] + rng.randint(0, 2 * DAY))
            total = 0.0
            for sort in range(rng.randint(1, 4)):
                item_id += 1
                use_panel = panels and rng.random() < 0.2
                price = float(rng.choice((25, 40, 65, 90, 120, 150, 350)))
                quantity = rng.randint(1, 5)
                item = {"id": item_id, "invoice_id": inv_id, "sort_order": sort}
                item |= {
                    "assay_id": None if use_panel else rng.choice(assays),
                    "panel_id": rng.choice(panels) if use_panel else None,
                    "base_price": price,
                    "quantity": quantity,
                }
                self._put("invoice-items", item)
                total += price * quantity
            status = rng.choice(INVOICE_STATUSES)
            rec = {"id": inv_id, "order_id": order["id"], "status": status}
            rec |= {"customer_id": order["customer_account_id"], "invoice_date": t}
            rec |= {"date_created": t, "total": total, "paid": status == "PAID"}
            self._put("invoices", rec | {"last_updated": self._touch(t)})

    def _payments(self) -> None:
        rng, customers = self.rng, list(self.store["customers"])
        for i in range(self.n[9]):
            t = self._when()
            rec = {"id": i + 1, "customer_id": rng.choice(customers)}
            rec |= {"amount": float(rng.randint(1, 400) * 5), "payment_date": t}
            self._put("payments", rec | {"date_created": t, "last_updated": t})

    def _comments(self) -> None:
        rng, rid = self.rng, 0
        contacts = list(self.store["contacts"])
        for order in self.store["orders"].values():
            for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
                rid += 1
                self._put("order-comments", _comment(rng, rid, order, contacts))


def _comment(rng: random.Random, rid: int, order: dict, contacts: list[int]) -> dict:
    by_contact = contacts and rng.random() < 0.3
    t = order["date_created"] + rng.randint(60, 5 * DAY)
    return {
        "id": rid,
        "order_id": order["id"],
        "message": rng.choice(COMMENTS),
        "public": rng.random() < 0.4,
        "user_id": None if by_contact else rng.choice(vocab.USERS)["id"],
        "contact_id": rng.choice(contacts) if by_contact else None,
        "date_created": min(t, order["last_updated"]),
    }


# -- records created "now" (``Tenant.insert``) ---------------------------------
def _named(key: str, prefix: str) -> Callable[[random.Random, int, Pick], dict]:
    return lambda rng, now, pick: {key: f"{prefix} {rng.randint(100, 999)}"}


def _fresh_user(rng: random.Random, now: int, pick: Pick) -> dict:
    return {
        "first_name": rng.choice(vocab.FIRST_NAMES),
        "last_name": rng.choice(vocab.LAST_NAMES),
    }


def _fresh_location_type(rng: random.Random, now: int, pick: Pick) -> dict:
    return {"name": f"Cabinet {rng.randint(2, 99)}", "parent_location_type_id": None}


def _fresh_division(rng: random.Random, now: int, pick: Pick) -> dict:
    return {"name": f"Division {rng.randint(2, 99)}", "global_division": False}


def _fresh_turnaround(rng: random.Random, now: int, pick: Pick) -> dict:
    return {"name": f"Express {rng.randint(2, 99)}", "default_duration": 3} | {
        "division_ids": []
    }


def _fresh_worksheet(rng: random.Random, now: int, pick: Pick) -> dict:
    return {"name": f"Worksheet {rng.randint(100, 999)}", "type": "TEST"}


def _fresh_epic(rng: random.Random, now: int, pick: Pick) -> dict:
    return {"name": f"Epic {rng.randint(100, 999)}", "status": "OPEN"} | _stamps(now)


def _fresh_project(rng: random.Random, now: int, pick: Pick) -> dict:
    return {
        "title": f"Project {rng.randint(100, 999)}",
        "epic_id": pick("epics"),
        "tech_id": rng.choice(vocab.USERS)["id"],
        "date_started": now,
        "date_completed": None,
        **_stamps(now),
    }


def _fresh_source(rng: random.Random, now: int, pick: Pick) -> dict:
    return {
        "project_id": pick("projects"),
        "first_name": rng.choice(vocab.FIRST_NAMES),
        "last_name": rng.choice(vocab.LAST_NAMES),
        "last_updated": now,
    }


def _fresh_api_client(rng: random.Random, now: int, pick: Pick) -> dict:
    name = f"Integration {rng.randint(100, 999)}"
    return {"client_uuid": client_uuid(rng), "name": name, "date_created": now}


def _fresh_quotation(rng: random.Random, now: int, pick: Pick) -> dict:
    return {
        "customer_id": pick("customers"),
        "status": "DRAFT",
        "total": float(rng.randint(2, 80) * 25),
        "deleted": False,
        **_stamps(now),
    }


def _fresh_invoice(rng: random.Random, now: int, pick: Pick) -> dict:
    return {
        "order_id": pick("orders"),
        "customer_id": pick("customers"),
        "status": "DRAFT",
        "invoice_date": now,
        "total": 0.0,
        "paid": False,
        **_stamps(now),
    }


def _fresh_invoice_item(rng: random.Random, now: int, pick: Pick) -> dict:
    return {
        "invoice_id": pick("invoices"),
        "sort_order": 0,
        "assay_id": pick("assays"),
        "panel_id": None,
        "base_price": 40.0,
        "quantity": rng.randint(1, 3),
    }


def _fresh_payment(rng: random.Random, now: int, pick: Pick) -> dict:
    amount = float(rng.randint(1, 400) * 5)
    rec = {"customer_id": pick("customers"), "amount": amount, "payment_date": now}
    return rec | _stamps(now)


def _fresh_comment(rng: random.Random, now: int, pick: Pick) -> dict:
    return {
        "order_id": pick("orders"),
        "message": rng.choice(COMMENTS),
        "public": False,
        "user_id": rng.choice(vocab.USERS)["id"],
        "contact_id": None,
        "date_created": now,
    }


def _stamps(now: int) -> dict:
    return {"date_created": now, "last_updated": now}


FRESH: dict[str, Callable[[random.Random, int, Pick], dict]] = {
    "users": _fresh_user,
    "teams": _named("name", "Team"),
    "divisions": _fresh_division,
    "location-types": _fresh_location_type,
    "assay-categories": _named("name", "Category"),
    "turnarounds": _fresh_turnaround,
    "worksheets": _fresh_worksheet,
    "epics": _fresh_epic,
    "projects": _fresh_project,
    "sources": _fresh_source,
    "api-clients": _fresh_api_client,
    "quotations": _fresh_quotation,
    "invoices": _fresh_invoice,
    "invoice-items": _fresh_invoice_item,
    "payments": _fresh_payment,
    "order-comments": _fresh_comment,
}
# entity -> the field a plausible edit changes, and the values it picks from.
_NOTES = ("Revisado", "Updated per client call", "Actualizado", "Re-checked")
_EDITS: dict[str, tuple[str, tuple]] = {
    "users": ("last_name", vocab.LAST_NAMES),
    "teams": ("name", TEAMS),
    "divisions": ("description", _NOTES),
    "location-types": ("number_of_slots", (4, 12, 24, 48, 96)),
    "assay-categories": ("name", ("Chemistry", "Microbiology", "Physical")),
    "turnarounds": ("default_duration", (1, 2, 3, 5, 10)),
    "worksheets": ("description", _NOTES),
    "epics": ("status", EPIC_STATUSES),
    "projects": ("percent_completion", (10, 25, 50, 75, 100)),
    "sources": ("description", _NOTES),
    "api-clients": ("name", ("LIMS bridge", "ERP sync", "Portal", "BI export")),
    "quotations": ("status", QUOTATION_STATUSES),
    "invoices": ("status", INVOICE_STATUSES),
    "invoice-items": ("quantity", (1, 2, 3, 4, 6, 10)),
    "payments": ("check_number", ("1001", "2002", "3003", "4004")),
    "order-comments": ("message", COMMENTS),
}


def plausible_edit(entity: str, full: dict, rng: random.Random) -> dict | None:
    """A lab user's edit of a new-entity record (v2 names): one field set to a
    value other than its current one; None if the entity is not one of ours."""
    edit = _EDITS.get(entity)
    if edit is None:
        return None
    key, choices = edit
    return {key: rng.choice([c for c in choices if c != full.get(key)])}
