"""Deterministic generation of a simulated QBench tenant (README §6, §8, §10).

Only the *core* fields (relations, states, dates, names) are stored, one small
dict per record with v2 field names and dates as unix seconds; the cosmetic
fields are derived on demand (``app.sim.derive``). Everything comes from one
``random.Random`` seeded by the profile and seed: never global random, never
wall time, so the same ``TenantSpec`` always yields the identical tenant.
"""

from __future__ import annotations

import bisect
import random
from collections import defaultdict

from app.sim import vocab
from app.sim.entities import ENTITIES
from app.sim.extra_generate import generate_extras
from app.sim.profiles import Profile

DAY = 86400
Store = dict[str, dict[int, dict]]

DONE_TESTS = ("COMPLETED", "REPORTED", "NOT REPORTABLE")
UNSTARTED_TESTS = ("NOT STARTED", "CANCELLED", "CLIENT CANCELLED")
# Entities stamped by edits (README §5.2: v2 ``last_updated`` exists for these).
LAST_UPDATED = tuple(s.name for s in ENTITIES.values() if s.last_updated_filter)
# Share of an entity's records stamped at one bulk-edit moment.
CLUSTER_SHARE = {
    "tests": 0.10,
    "samples": 0.08,
    "orders": 0.06,
    "batches": 0.06,
    "customers": 0.15,
    "contacts": 0.10,
    "assays": 0.15,
    "panels": 0.30,
}


def generate(profile: Profile, seed: int, anchor: int) -> Store:
    """Build the whole tenant for ``profile``; identical for identical inputs."""
    return _Builder(profile, seed, anchor).build()


class _IdSeq:
    """Growing ids, ~3.5% of them skipped (README Q8); the third id always skips."""

    def __init__(self, rng: random.Random, start: int = 1, gaps: bool = True) -> None:
        self.rng, self.value, self.count, self.gaps = rng, start - 1, 0, gaps
        self.force = 2

    def next(self) -> int:
        """The next id."""
        gap = self.count == self.force or self.rng.random() < 0.018
        if self.gaps and gap:
            self.value += self.rng.randint(1, 3)
        self.value += 1
        self.count += 1
        return self.value


class _Builder:
    """One generation run; call ``build()`` once."""

    def __init__(self, profile: Profile, seed: int, anchor: int) -> None:
        self.p, self.seed = profile, seed
        self.rng = random.Random(f"qbench-sim/{profile.name}/{seed}")
        self.anchor = anchor
        self.start = anchor - profile.history_days * DAY
        self.store: Store = {name: {} for name in ENTITIES}

    def build(self) -> Store:
        """Generate every entity, then bulk-edit clusters and soft deletes."""
        self._reference()
        self._customers()
        self._contacts()
        self._orders()
        self._samples_and_tests()
        self._batches()
        self._reports()
        generate_extras(self.store, self.p.name, self.seed, self.start, self.anchor)
        self._clusters()
        self._soft_deletes()
        return self.store

    # -- helpers ---------------------------------------------------------
    def _clamp(self, t: float, low: int) -> int:
        return int(max(low, min(t, self.anchor)))

    def _touch(self, t: int) -> int:
        """A natural last_updated: soon after ``t``, sometimes much later."""
        roll = self.rng.random()
        if roll < 0.2:
            return t
        if roll < 0.3:
            return self.rng.randint(t, self.anchor)
        return self._clamp(t + self.rng.expovariate(1 / (2 * DAY)), t)

    def _put(self, entity: str, rec: dict) -> None:
        self.store[entity][rec["id"]] = rec

    def _timeline(self, n: int, lo: int, hi: int) -> list[int]:
        return sorted(self.rng.randint(lo, hi) for _ in range(n))

    # -- reference data --------------------------------------------------
    def _reference(self) -> None:
        rng, p = self.rng, self.p
        for i, value in enumerate(vocab.ACCESSIONING_TYPES[: p.accessioning_types]):
            self._put(
                "accessioning-types", {"id": i + 1, "value": value, "active": i != 4}
            )
        for i, name in enumerate(vocab.LOCATIONS[: p.locations]):
            parent = None if i == 0 else rng.randint(1, i)
            self._put(
                "locations", {"id": i + 1, "name": name, "parent_location_id": parent}
            )
        seq = _IdSeq(rng)
        before = self.start - 400 * DAY
        for i, t in enumerate(self._timeline(p.assays, before, self.start)):
            title, label = vocab.assay_title(i)
            rec = {"id": seq.next(), "title": title, "label_abbr": label}
            self._put(
                "assays", rec | {"date_created": t, "last_updated": self._touch(t)}
            )
        assay_ids = list(self.store["assays"])
        seq = _IdSeq(rng)
        for i, t in enumerate(self._timeline(p.panels, before, self.start)):
            chosen = sorted(
                rng.sample(assay_ids, min(len(assay_ids), rng.randint(2, 6)))
            )
            rec = {"id": seq.next(), "title": vocab.panel_title(i), "assay_ids": chosen}
            self._put(
                "panels", rec | {"date_created": t, "last_updated": self._touch(t)}
            )

    # -- customers and contacts -----------------------------------------
    def _customers(self) -> None:
        rng, seq = self.rng, _IdSeq(self.rng)
        self.cust_times = self._timeline(
            self.p.customers, self.start - 60 * DAY, self.anchor - 2 * DAY
        )
        self.cust_ids = []
        for i, t in enumerate(self.cust_times):
            rid = seq.next()
            self.cust_ids.append(rid)
            null_date = i == 1 or rng.random() < 0.25  # README §6.1: 12 of 50 null
            no_divisions = i == 2 or rng.random() < 0.3  # Q2: key absent
            divisions = [rng.choice(vocab.DIVISIONS)["id"]]
            self._put(
                "customers",
                {
                    "id": rid,
                    "customer_name": vocab.customer_name(rng, i),
                    "date_created": None if null_date else t,
                    "last_updated": self._touch(t),
                    "division_ids": None if no_divisions else divisions,
                },
            )

    def _contacts(self) -> None:
        rng, rows = self.rng, []
        for _ in range(self.p.contacts):
            k = rng.randrange(len(self.cust_ids))
            t = self._clamp(self.cust_times[k] + rng.randint(0, 30 * DAY), 0)
            links = {self.cust_ids[k]}
            if rng.random() < 0.1:
                links.add(rng.choice(self.cust_ids))
            rows.append((t, sorted(links)))
        seq = _IdSeq(rng)
        for t, links in sorted(rows):
            first, last = rng.choice(vocab.FIRST_NAMES), rng.choice(vocab.LAST_NAMES)
            rec = {"id": seq.next(), "first_name": first, "last_name": last}
            rec |= {"customer_ids": links, "date_created": t}
            self._put("contacts", rec | {"last_updated": self._touch(t)})

    # -- orders ----------------------------------------------------------
    def _orders(self) -> None:
        seq = _IdSeq(self.rng)
        for t in self._timeline(self.p.orders, self.start, self.anchor - 3600):
            self._put("orders", self._order(seq.next(), t))

    def _order(self, rid: int, t: int) -> dict:
        rng = self.rng
        k = max(1, bisect.bisect_right(self.cust_times, t))
        pick = rng.randrange(max(1, k // 8)) if rng.random() < 0.4 else rng.randrange(k)
        state = self._order_state(self.anchor - t)
        early = rng.random() < 0.7  # README §6.2 example: received a minute early
        received = t - rng.randint(0, 7200) if early else t + rng.randint(0, DAY)
        received = self._clamp(received, 0)
        if state == "CREATED" and rng.random() < 0.5:
            received = None
        rec = {"id": rid, "customer_account_id": self.cust_ids[pick], "state": state}
        rec |= {"date_created": t, "date_received": received}
        done = None
        if state in ("COMPLETED", "REPORTED"):
            done = self._clamp((received or t) + rng.randint(DAY, 7 * DAY), t)
        reported = None
        if state == "REPORTED" and done is not None:
            reported = self._clamp(done + rng.randint(0, 2 * DAY), done)
        has_report = rng.random() < (0.15 if state == "REPORTED" else 0.4)  # Q7
        last = self._touch(max(t, reported or done or received or t))
        rec |= {"date_completed": done, "date_order_reported": reported}
        rec |= {"has_report": has_report and state != "CREATED", "last_updated": last}
        rec["division_id"] = rng.choice(vocab.DIVISIONS)["id"]
        if rid % 2 == 0 or rng.random() < 0.1:  # Q2: absent on about half
            rec["collected_datetime"] = t - rng.randint(3600, 3 * DAY)
        return rec

    def _order_state(self, age: int) -> str:
        rng = self.rng
        if age < 3 * DAY:
            return rng.choices(vocab.ORDER_STATES_NEW, (5, 4, 1))[0]
        if age < 14 * DAY:
            return rng.choices(vocab.ORDER_STATES_MID, (4, 3, 2, 1))[0]
        return rng.choices(vocab.ORDER_STATES_OLD, (70, 22, 5, 3))[0]

    # -- samples and tests ----------------------------------------------
    def _samples_and_tests(self) -> None:
        rng, p = self.rng, self.p
        self.sample_seq, self.test_seq = _IdSeq(rng), _IdSeq(rng)
        self.assay_ids = list(self.store["assays"])
        self.assay_weights = [1 / (i + 1) for i in range(len(self.assay_ids))]
        self.panels = list(self.store["panels"].values())
        for order in self.store["orders"].values():
            n = 1 + round(rng.expovariate(1 / max(0.01, p.samples_per_order - 1)))
            if order["state"] == "CREATED" and rng.random() < 0.3:
                n = 0
            for j in range(min(n, 40)):
                self._sample(order, j)

    def _sample(self, order: dict, j: int) -> None:
        rng = self.rng
        t = self._clamp(order["date_created"] + 60 * j + rng.randint(0, 600), 0)
        state = self._sample_state(order["state"])
        done = None
        if state == "COMPLETED":
            end = order["date_completed"] or t + rng.randint(DAY, 3 * DAY)
            done = self._clamp(end - rng.randint(0, 6 * 3600), t)
        rec = {"id": self.sample_seq.next(), "order_id": order["id"]}
        rec["accessioning_type_id"] = rng.choice(list(self.store["accessioning-types"]))
        rec["location_id"] = rng.choice(list(self.store["locations"]))
        rec |= {"state": state, "date_created": t, "completed_date": done}
        last = self._touch(done or t)
        for assay_id, panel_id in self._test_assays():
            test = self._test(rec, assay_id, panel_id)
            last = max(last, test["last_updated"])
        rec["last_updated"] = last
        self._put("samples", rec)

    def _sample_state(self, order_state: str) -> str:
        if order_state in ("COMPLETED", "REPORTED"):
            return self.rng.choices(vocab.SAMPLE_STATES, (88, 6, 6, 0))[0]
        if order_state == "CANCELLED":
            return "DISCONTINUED"
        return "IN PROGRESS"

    def _test_assays(self) -> list[tuple[int, int | None]]:
        rng = self.rng
        if self.panels and rng.random() < 0.3:
            panel = rng.choice(self.panels)
            return [(a, panel["id"]) for a in panel["assay_ids"]]
        k = 1 + round(rng.expovariate(1 / max(0.01, self.p.tests_per_sample - 1)))
        drawn = rng.choices(self.assay_ids, self.assay_weights, k=2 * k)
        return [(a, None) for a in list(dict.fromkeys(drawn))[:k]]

    def _test(self, sample: dict, assay_id: int, panel_id: int | None) -> dict:
        rng = self.rng
        t = self._clamp(sample["date_created"] + rng.randint(0, 120), 0)
        state = rng.choices(*vocab.test_state_weights(sample["state"]))[0]
        start = done = None
        if state not in UNSTARTED_TESTS:
            start = self._clamp(t + rng.randint(3600, 2 * DAY), t)
        if state in DONE_TESTS and start is not None:
            done = self._clamp(start + rng.randint(3600, 3 * DAY), start)
        rec = {"id": self.test_seq.next(), "sample_id": sample["id"]}
        rec |= {"assay_id": assay_id, "panel_id": panel_id, "state": state}
        rec |= {"date_created": t, "start_date": start, "complete_date": done}
        rec["last_updated"] = self._touch(done or start or t)
        self._put("tests", rec)
        return rec

    # -- batches ---------------------------------------------------------
    def _batches(self) -> None:
        rng, chunks = self.rng, []
        by_assay: dict[int, list[dict]] = defaultdict(list)
        for test in self.store["tests"].values():
            if test["start_date"] is not None and rng.random() < 0.9:
                by_assay[test["assay_id"]].append(test)
        top = max(1, round(2 * self.p.tests_per_batch - 1))
        retests = 0
        for assay_id in sorted(by_assay):
            tests = sorted(by_assay[assay_id], key=lambda r: (r["start_date"], r["id"]))
            previous: list[dict] = []
            i = 0
            while i < len(tests):
                group = tests[i : i + rng.randint(1, top)]
                i += len(group)
                if previous and (not retests or rng.random() < 0.2):
                    group = previous[-1:] + group  # a retest: one test, two batches
                    retests += 1
                chunks.append((assay_id, group))
                previous = group
        rows = [self._batch(assay_id, members) for assay_id, members in chunks]
        seq = _IdSeq(rng)
        for rec in sorted(rows, key=lambda r: r["date_created"]):
            self._put("batches", {"id": seq.next(), **rec})

    def _batch(self, assay_id: int, members: list[dict]) -> dict:
        starts = [r["start_date"] for r in members]
        ends = [r["complete_date"] or r["start_date"] for r in members]
        created = self._clamp(min(starts) - self.rng.randint(0, 3600), 0)
        last = self._clamp(max(ends) + self.rng.randint(0, 7200), created)
        test_ids = sorted({r["id"] for r in members})
        return {
            "assay_id": assay_id,
            "test_ids": test_ids,
            "date_created": created,
            "last_updated": last,
        }

    # -- reports ---------------------------------------------------------
    def _reports(self) -> None:
        rng, rows = self.rng, []
        for order in self.store["orders"].values():
            done = order["date_completed"]
            if done is None or rng.random() >= self.p.report_rate:
                continue
            t = self._clamp(done + rng.randint(600, DAY), done)
            rows.append(("order_id", order["id"], "PUBLISHED", t))
            if rng.random() < 0.12:
                rows.append(
                    ("order_id", order["id"], "OVERRIDDEN", rng.randint(done, t))
                )
            if rng.random() < 0.03:
                rows.append(
                    ("order_id", order["id"], "WITHDRAWN", rng.randint(done, t))
                )
        for kind, entity, share, stamp in (
            ("sample_id", "samples", 0.03, "completed_date"),
            ("test_id", "tests", 0.005, "complete_date"),
        ):
            done = [r for r in self.store[entity].values() if r[stamp] is not None]
            for rec in done:
                if rng.random() < share:
                    t = self._clamp(rec[stamp] + rng.randint(600, DAY), rec[stamp])
                    rows.append((kind, rec["id"], "PUBLISHED", t))
            if done and not any(row[0] == kind for row in rows):  # tiny: one of each
                t = self._clamp(done[-1][stamp] + 600, done[-1][stamp])
                rows.append((kind, done[-1]["id"], "PUBLISHED", t))
        self._store_reports(rows)

    def _store_reports(self, rows: list[tuple[str, int, str, int]]) -> None:
        seq = _IdSeq(self.rng)
        rows.sort(key=lambda row: (row[3], row[0], row[1]))
        for i, (kind, parent, state, t) in enumerate(rows):
            if i in (1, 2) and len(rows) > 4:  # every state at least once
                state = ("OVERRIDDEN", "WITHDRAWN")[i - 1]
            rec = {
                "id": seq.next(),
                "order_id": None,
                "sample_id": None,
                "test_id": None,
            }
            rec[kind] = parent
            self._put("reports", rec | {"state": state, "date_generated": t})

    # -- bulk edits and deletes -----------------------------------------
    def _clusters(self) -> None:
        """Bulk-edit moments: many records share one last_updated second."""
        rng, hist = self.rng, self.p.history_days * DAY
        spread = (DAY, max(2 * DAY, int(0.4 * hist)))
        moments = sorted(
            self.anchor - rng.randint(*spread) for _ in range(self.p.clusters)
        )
        for entity in LAST_UPDATED:
            records = list(self.store[entity].values())
            want = max(2, round(CLUSTER_SHARE.get(entity, 0.05) * len(records)))
            for moment in moments:
                eligible = [r for r in records if r["last_updated"] < moment]
                size = min(want, self.p.cluster_cap, len(eligible))
                for rec in rng.sample(eligible, size):
                    rec["last_updated"] = moment

    def _soft_deletes(self) -> None:
        """~1% of each deletable entity is already soft-deleted (README Q8)."""
        rng = self.rng
        for spec in ENTITIES.values():
            records = list(self.store[spec.name].values())
            if not spec.include_deleted or len(records) < 3:
                continue
            n = max(1, round(0.01 * len(records)))
            for rec in rng.sample(records[2:], n):  # keep the oldest rows alive
                rec["deleted"] = True
                rec["last_updated"] = rng.randint(rec["last_updated"], self.anchor)
