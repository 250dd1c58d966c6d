"""The simulated tenant: records, queries, mutations and renderings.

``Tenant`` keeps one compact dict of core fields per record (``app.sim.generate``),
derives cosmetic fields on demand (``app.sim.derive``) and renders v1/v2 shapes
lazily (``app.sim.render``). Query results are cached per (arguments, version),
so paging a 300k-row entity sorts once. Every mutation bumps ``version``.
The object is thread-safe: one re-entrant lock guards everything.
"""

from __future__ import annotations

import random
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from app.sim import derive, edits, render, worksheet_docs
from app.sim.clock import SimClock
from app.sim.entities import ENTITIES, SPECS
from app.sim.extra_generate import STAMPED
from app.sim.generate import LAST_UPDATED, generate
from app.sim.links import FILTERS, PARENTS, Links
from app.sim.profiles import PROFILES

_CACHE_SIZE = 64
_KEEP = {None: (False,), "TRUE": (False, True), "DELETED_ONLY": (True,)}


@dataclass(frozen=True)
class TenantSpec:
    """What to generate: profile, seed, lab time zone and the 'now' anchor."""

    profile: str = "tiny"  # tiny | small | medium | large | tenant-3y
    seed: int = 1
    lab_tz: str = "America/Chicago"  # IANA zone the dates are rendered in
    anchor: int = 1767268800  # unix s: "now" at generation (2026-01-01 12:00 UTC)


class QueryError(ValueError):
    """A list query QBench would refuse (bad sort_by, filter...); user-facing."""


class Tenant:
    """A generated QBench tenant that can be queried, rendered and mutated."""

    def __init__(self, spec: TenantSpec, clock: SimClock) -> None:
        if spec.profile not in PROFILES:
            raise ValueError(f"unknown profile {spec.profile!r}")
        self.spec, self.clock = spec, clock
        self.tz = ZoneInfo(spec.lab_tz)
        self.version = 0
        self._lock = threading.RLock()
        self._store = generate(PROFILES[spec.profile], spec.seed, spec.anchor)
        self._next_id = {e: max(r, default=0) + 1 for e, r in self._store.items()}
        self._links = Links(self._store)
        self._cache: OrderedDict[tuple, list[int]] = OrderedDict()
        self._cache_version = 0
        self._rng = random.Random(f"{spec.seed}/mutations")
        # What QBench stamps is not documented; these let tests take either side.
        self.stamp_deletes = True  # a soft delete moves the record's last_updated
        self.silent_reports = False  # a report change stamps no parent record
        self.stamp_comments = True  # an order comment's change stamps its order
        # Report PDFs (app.sim.files): where a running simulator serves them,
        # and how long a presigned URL lasts on the data clock.
        self.file_base_url: str | None = None
        self.file_url_ttl = 3600

    # -- reading ---------------------------------------------------------
    def entities(self) -> tuple[str, ...]:
        """Every entity name, as in ``app.sim.entities.SPECS`` (listings under a
        record, such as ``order-comments``, included)."""
        return tuple(SPECS)

    def find(self, entity: str, raw_id: str, *, internal: bool = False) -> int | None:
        """The internal id a path names: its digits, or for an entity shown by
        another key (an api-client's UUID) that public id (and, when
        ``internal``, the digits of its internal id too); None when none."""
        key = SPECS[entity].id_key
        with self._lock:
            if key is not None:
                for rid, rec in self._records(entity).items():
                    if rec.get(key) == raw_id:
                        return rid
                if not internal:
                    return None
            if raw_id.isdigit() and int(raw_id) < 2**31:
                return int(raw_id)
            return None

    def exists(
        self, entity: str, record_id: int, *, include_deleted: bool = False
    ) -> bool:
        """Whether the record exists (and, by default, is not soft-deleted)."""
        with self._lock:
            rec = self._records(entity).get(record_id)
            return rec is not None and (include_deleted or not rec.get("deleted"))

    def count(self, entity: str, *, include_deleted: bool = False) -> int:
        """How many records (non-deleted unless asked)."""
        with self._lock:
            recs = self._records(entity)
            if include_deleted:
                return len(recs)
            return sum(1 for r in recs.values() if not r.get("deleted"))

    def core(self, entity: str, record_id: int) -> dict | None:
        """The stored core fields of a record (do not mutate), or None."""
        return self._store[entity].get(record_id)

    def full(self, entity: str, record_id: int) -> dict:
        """Core plus derived fields of a record (internal names; do not mutate)."""
        with self._lock:
            return self._full(entity, self._records(entity)[record_id])

    def now(self) -> int:
        """The simulated clock's current second."""
        return self.clock.now()

    def render(
        self, entity: str, record_id: int, api: str, *, detail: bool = False
    ) -> dict:
        """A fresh JSON-ready v1/v2 dict; detail=True is the single-GET shape."""
        with self._lock:
            full = self._full(entity, self._records(entity)[record_id])
            return render.render_record(entity, api, full, self, detail=detail)

    def row(self, entity: str, record_id: int, api: str) -> dict:
        """The list-row shape (used for nested v1 detail rows)."""
        return self.render(entity, record_id, api)

    def dump(
        self,
        api: str = "v2",
        *,
        include_deleted: bool = False,
        entities: Iterable[str] | None = None,
    ) -> dict[str, list[dict]]:
        """Every list row, ids ascending (v1: only entities with a v1 list)."""
        names = list(entities) if entities is not None else list(ENTITIES)
        if api == "v1":
            names = [n for n in names if SPECS[n].v1_path]
        with self._lock:
            return {
                name: [
                    self.render(name, rid, api)
                    for rid, rec in self._records(name).items()
                    if include_deleted or not rec.get("deleted")
                ]
                for name in names
            }

    def children(self, entity: str, owner_id: int) -> list[dict]:
        """The v2 rows a listing under one record serves (``order-comments``
        of order ``owner_id``), ids ascending: what a sync should hold."""
        owner = SPECS[entity].per
        if owner is None:
            raise KeyError(f"{entity} are not listed under another record")
        ids = self.query(entity, id_filters={f"{owner[:-1]}_ids": [owner_id]})
        return [self.render(entity, rid, "v2") for rid in ids]

    def related(self, kind: str, record_id: int) -> list[int]:
        """Non-deleted related ids, ascending (``order.samples``, ``batch.tests``)."""
        with self._lock:
            return self._links.related(kind, record_id)

    # -- queries ---------------------------------------------------------
    def query(
        self,
        entity: str,
        *,
        id_filters: dict[str, list[int]] | None = None,
        last_updated_after: int | None = None,
        include_deleted: str | None = None,
        sort_by: str | None = None,
        sort_order: str = "ASC",
        api: str = "v2",
    ) -> list[int]:
        """Ordered ids of the matching records (cached per arguments and version).

        The returned list is shared with the cache: do not mutate it.
        """
        order = sort_order.upper()
        self._check_query(entity, include_deleted, order, api, last_updated_after)
        mode = None if api == "v1" else include_deleted
        filters = tuple(
            sorted((k, tuple(sorted(set(v)))) for k, v in (id_filters or {}).items())
        )
        key = (entity, filters, last_updated_after, mode, sort_by, order, api)
        with self._lock:
            if self._cache_version != self.version:
                self._cache.clear()
                self._cache_version = self.version
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
            ids = self._select(entity, filters, last_updated_after, mode)
            ids = self._sort(entity, api, ids, sort_by, order)
            self._cache[key] = ids
            if len(self._cache) > _CACHE_SIZE:
                self._cache.popitem(last=False)
            return ids

    def _check_query(
        self, entity: str, mode: str | None, order: str, api: str, after: int | None
    ) -> None:
        if entity not in SPECS:
            raise QueryError(f"Unknown entity {entity!r}.")
        if order not in ("ASC", "DESC"):
            raise QueryError("sort_order must be ASC or DESC.")
        if mode not in _KEEP:
            raise QueryError("include_deleted must be TRUE or DELETED_ONLY.")
        if api not in ("v1", "v2"):
            raise QueryError(f"Unknown api {api!r}.")
        if after is not None and entity not in LAST_UPDATED:
            raise QueryError(f"{entity} have no last_updated.")

    def _select(
        self, entity: str, filters: tuple, after: int | None, mode: str | None
    ) -> list[int]:
        recs = self._store[entity]
        allowed: set[int] | None = None
        for param, values in filters:
            if param != "ids" and param not in FILTERS[entity]:
                raise QueryError(f"Unknown filter {param!r} for {entity}.")
            found = self._links.filter_ids(entity, param, values)
            allowed = found if allowed is None else allowed & found
        candidates: Iterable[int] = recs if allowed is None else sorted(allowed)
        keep = _KEEP[mode]
        return [
            rid
            for rid in candidates
            if rid in recs
            and bool(recs[rid].get("deleted")) in keep
            and (after is None or recs[rid]["last_updated"] > after)
        ]

    def _sort(
        self, entity: str, api: str, ids: list[int], sort_by: str | None, order: str
    ) -> list[int]:
        reverse = order == "DESC"
        if sort_by is None and entity == "customers":  # README Q9
            sort_by = "customer_name"
        if sort_by is None or sort_by == "id":
            return ids[::-1] if reverse else ids
        field = render.sort_field(entity, api, sort_by)
        if field is None:
            raise QueryError(f"Cannot sort {entity} by {sort_by!r}.")
        value = self._sort_value(entity, field)
        return sorted(ids, key=lambda rid: _sort_key(value(rid)), reverse=reverse)

    def _sort_value(self, entity: str, field: render.Field) -> Callable[[int], Any]:
        recs, name, build = self._store[entity], field.internal, field.builder

        def value(rid: int) -> Any:
            rec = recs[rid]
            if build is None and name in rec:
                return rec[name]
            full = self._full(entity, rec)
            return (
                full.get(name) if build is None else build(full.get(name), full, self)
            )

        return value

    # -- mutations -------------------------------------------------------
    # Every mutation stamps the record and the records that show it (an order
    # lists its samples, a sample its tests and batches, a test its batches,
    # a parent its reports, an order the customer name...), so a sync reading
    # ``last_updated`` sees every rendering that changed.
    def update(self, entity: str, record_id: int, changes: dict | None = None) -> None:
        """Apply changes (v2 names; None = a plausible edit); stamps last_updated."""
        with self._lock:
            rec = self._records(entity)[record_id]
            if changes is None:
                full = self._full(entity, rec)
                changes = edits.plausible_edit(entity, full, self._rng)
            self._apply(entity, rec, self._checked(entity, rec, changes))

    def worksheet(self, entity: str, record_id: int, *, raw: bool = True) -> dict:
        """The detailed worksheet document of a test or batch (see
        ``app.sim.worksheet_docs``); KeyError if the record does not exist."""
        if entity not in worksheet_docs.WORKSHEET_OWNERS:
            raise KeyError(f"{entity} have no worksheets")
        with self._lock:
            full = self._full(entity, self._records(entity)[record_id])
            return worksheet_docs.document(entity, full, raw=raw)

    def edit_worksheet(self, entity: str, record_id: int, cells: dict) -> None:
        """Set worksheet cells (name -> value) of a test or batch; stamps the
        record's last_updated, as any edit does."""
        if entity not in worksheet_docs.WORKSHEET_OWNERS:
            raise KeyError(f"{entity} have no worksheets")
        with self._lock:
            current = self.full(entity, record_id).get("worksheet_data") or {}
            new = worksheet_docs.merged(current, cells)
            self.update(entity, record_id, {"worksheet_data": new})

    def report_render(self, report_id: int) -> str | None:
        """The current render version (``render_batch_uuid``) of a live report
        whose PDF rendered, else None."""
        with self._lock:
            rec = self._records("reports").get(report_id)
            if rec is None or rec.get("deleted"):
                return None
            full = self._full("reports", rec)
            if full.get("render_status") != "SUCCESSFUL":
                return None
            return str(full["render_batch_uuid"])

    def rerender(self, report_id: int) -> str:
        """Render a report's PDF again, as QBench does when a report is
        regenerated: a new ``render_batch_uuid`` (new bytes), ``date_generated``
        now, SUCCESSFUL. Like a new report, it stamps the order, sample or test
        that lists it (unless ``silent_reports``). Returns the new version."""
        with self._lock:
            version = str(uuid.UUID(int=self._rng.getrandbits(128), version=4))
            self.update(
                "reports",
                report_id,
                {
                    "date_generated": self.clock.now(),
                    "render_batch_uuid": version,
                    "render_status": "SUCCESSFUL",
                    "render_error_message": None,
                },
            )
            if not self.silent_reports:
                rec = self._records("reports")[report_id]
                self._touch(self._links.dependents("reports", rec, None))
            return version

    def set_raw(
        self, entity: str, record_id: int, fields: dict, *, api: str = "v2"
    ) -> None:
        """Send these output keys with these values verbatim from now on (test
        hook for hostile values: NaN, lone surrogates, ``RawNumber`` digits, odd
        keys); a value of ``render.DROP`` removes the key. Stamps last_updated."""
        with self._lock:
            rec = self._records(entity)[record_id]
            raw = rec.setdefault(render.RAW_FIELDS, {}).setdefault(api, {})
            raw.update(fields)
            self._stamp(entity, rec)
            self.version += 1

    def insert(self, entity: str, fields: dict | None = None) -> int:
        """Create a record now (parents picked among live records); returns its id."""
        with self._lock:
            return self._insert(entity, fields, self._rng)

    def delete(self, entity: str, record_id: int) -> None:
        """Soft delete: hidden unless include_deleted; stamps last_updated."""
        with self._lock:
            rec = self._records(entity)[record_id]
            rec["deleted"] = True
            if self.stamp_deletes:
                self._stamp(entity, rec)
            self._stamp_owner(entity, rec)
            if not (entity == "reports" and self.silent_reports):
                self._touch(self._links.dependents(entity, rec, None))
            self.version += 1

    def churn(
        self,
        entity: str,
        rng: random.Random,
        *,
        updates: int = 0,
        inserts: int = 0,
        deletes: int = 0,
    ) -> dict[str, list[int]]:
        """Random inserts, updates and deletes; returns the ids touched by kind."""
        with self._lock:
            now = self.clock.now()
            alive = list(self.query(entity))
            inserted = [self._insert(entity, None, rng) for _ in range(inserts)]
            updated = rng.sample(alive, min(updates, len(alive)))
            for rid in updated:
                rec = self._store[entity][rid]
                changes = edits.plausible_edit(entity, self._full(entity, rec), rng)
                self._apply(entity, rec, changes)
            # A record is never deleted in the second it was created.
            old = [r for r in alive if _created_before(self._store[entity][r], now)]
            deleted = rng.sample(old, min(deletes, len(old)))
            for rid in deleted:
                self.delete(entity, rid)
            return {"inserted": inserted, "updated": updated, "deleted": deleted}

    def _insert(self, entity: str, fields: dict | None, rng: random.Random) -> int:
        pick = lambda e: self._pick(e, rng)  # noqa: E731
        rec = edits.fresh(entity, rng, self.clock.now(), pick, self._batchable(rng))
        if fields:
            rec.update(self._checked(entity, rec, fields))
        rid = self._next_id[entity] + (rng.randint(1, 3) if rng.random() < 0.03 else 0)
        self._next_id[entity] = rid + 1
        rec = {"id": rid, **rec}
        self._store[entity][rid] = rec
        self._links.inserted(entity, rec)
        self._touch(self._links.dependents(entity, rec, None))
        self._stamp_owner(entity, rec)
        self.version += 1
        return rid

    def _checked(self, entity: str, rec: dict, changes: dict) -> dict:
        changes = dict(changes)
        changes.update(changes.pop("custom_fields", None) or {})  # README Q12
        known = set(rec) | set(derive.derive(entity, {"id": 0, **rec}, 0, self.core))
        for key, value in changes.items():
            if key == "id" or key not in known:
                raise ValueError(f"{entity} has no writable field {key!r}")
            parent = PARENTS.get(key)
            if parent and value is not None and value not in self._store[parent]:
                raise ValueError(f"{key}={value!r}: no such {parent[:-1]}")
        return changes

    def _apply(self, entity: str, rec: dict, changes: dict) -> None:
        fields = set(changes)
        shown = self._links.dependents(entity, rec, fields)
        before = dict(rec)
        rec.update(changes)
        self._stamp_owner(entity, before, rec)
        if "last_updated" not in changes:
            self._stamp(entity, rec)
        self._links.changed(entity, fields)
        for target, ids in self._links.dependents(entity, rec, fields).items():
            shown.setdefault(target, set()).update(ids)
        if not (entity == "reports" and self.silent_reports):
            self._touch(shown)
        self.version += 1

    def _stamp(self, entity: str, rec: dict) -> None:
        if entity in LAST_UPDATED or entity in STAMPED:
            rec["last_updated"] = self.clock.now()

    def _stamp_owner(self, entity: str, *recs: dict) -> None:
        """A child listing changed (an order's comments): stamp the owners when
        ``stamp_comments`` says QBench does (undocumented)."""
        owner = SPECS[entity].per
        if owner is None or not self.stamp_comments:
            return
        field = f"{owner[:-1]}_id"
        self._touch({owner: {r[field] for r in recs if r.get(field) is not None}})

    def _touch(self, records: dict[str, set[int]]) -> None:
        """Stamp live records whose rendering just changed."""
        for entity, ids in records.items():
            recs = self._store[entity]
            for rid in ids:
                rec = recs.get(rid)
                if rec is not None and not rec.get("deleted"):
                    self._stamp(entity, rec)

    def _pick(self, entity: str, rng: random.Random) -> int | None:
        alive = self.query(entity)
        return rng.choice(alive) if alive else None

    def _batchable(
        self, rng: random.Random
    ) -> Callable[[], tuple[int | None, list[int]]]:
        def tests() -> tuple[int | None, list[int]]:
            test = self._pick("tests", rng)
            if test is None:
                return self._pick("assays", rng), []
            assay = self._store["tests"][test]["assay_id"]
            same = self._links.index("tests", "assay_id")[assay]
            return assay, self._links.alive("tests", same)

        return tests

    # -- internals -------------------------------------------------------
    def _records(self, entity: str) -> dict[int, dict]:
        if entity not in self._store:
            raise KeyError(f"unknown entity {entity!r}")
        return self._store[entity]

    def _full(self, entity: str, rec: dict) -> dict:
        return derive.derive(entity, rec, self.spec.seed, self.core) | rec


def _created_before(rec: dict, now: int) -> bool:
    created = rec.get("date_created")
    return created is None or created < now


def _sort_key(value: Any) -> tuple:
    """Nulls first, then numbers, then strings; other values by their text."""
    if value is None:
        return (0, 0)
    if isinstance(value, bool | int | float):
        return (1, value)
    return (2, value) if isinstance(value, str) else (3, str(value))
