"""The simulated tenant without HTTP: generation, relations, queries, mutations.

Test names carry the README fact they check (``q8`` = quirk Q8, ``6_8`` = §6.8).
Read-only tests share module-scoped tenants; mutating tests build their own.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter

import pytest

from app.sim.clock import SimClock
from app.sim.entities import ENTITIES, SPECS
from app.sim.extra_generate import FRESH as EXTRA_ENTITIES
from app.sim.extra_generate import STAMPED
from app.sim.generate import LAST_UPDATED
from app.sim.profiles import PROFILES
from app.sim.tenant import QueryError, Tenant, TenantSpec

DAY = 86400
BIG = ("customers", "contacts", "orders", "samples", "tests", "batches", "reports")


def make(profile: str = "tiny", **kwargs) -> Tenant:
    """A tenant on a frozen data clock at its anchor."""
    spec = TenantSpec(profile=profile, **kwargs)
    return Tenant(spec, SimClock(spec.anchor, ticking=False))


def digest(tenant: Tenant) -> str:
    dumps = {api: tenant.dump(api, include_deleted=True) for api in ("v1", "v2")}
    return hashlib.sha256(json.dumps(dumps, sort_keys=True).encode()).hexdigest()


def every(tenant: Tenant, entity: str) -> dict[int, dict]:
    """Full internal records of an entity, deleted ones included."""
    ids = tenant.query(entity, include_deleted="TRUE", sort_by="id")
    return {rid: tenant.full(entity, rid) for rid in ids}


@pytest.fixture(scope="module")
def small() -> Tenant:
    return make("small")


@pytest.fixture(scope="module")
def records(small) -> dict[str, dict[int, dict]]:
    return {entity: every(small, entity) for entity in small.entities()}


# -- generation -------------------------------------------------------------
def test_same_spec_gives_the_identical_tenant():
    for profile in ("tiny", "small"):
        assert digest(make(profile)) == digest(make(profile))
    assert digest(make("tiny", seed=2)) != digest(make("tiny"))


def test_generation_ignores_the_global_random_state():
    random.seed(1)
    first = digest(make())
    random.seed(2)
    assert digest(make()) == first


# The entities of the first releases (the others are small or follow orders).
BUILT = [e for e in ENTITIES if e not in EXTRA_ENTITIES]


def test_10_profile_volumes():
    tiny = make()
    assert all(tiny.count(e) > 0 for e in tiny.entities())
    assert 100 <= sum(tiny.count(e, include_deleted=True) for e in BUILT) <= 260
    small = make("small")
    assert 1500 <= sum(small.count(e, include_deleted=True) for e in BUILT) <= 3000
    three = PROFILES["tenant-3y"]
    assert three.history_days == 3 * 365 and three.orders == 22000


def test_6_8_every_foreign_key_points_to_an_existing_record(records):
    r = records
    for order in r["orders"].values():
        assert order["customer_account_id"] in r["customers"]
    for sample in r["samples"].values():
        assert sample["order_id"] in r["orders"]
        assert sample["accessioning_type_id"] in r["accessioning-types"]
        assert sample["location_id"] in r["locations"]
    for test in r["tests"].values():
        assert test["sample_id"] in r["samples"] and test["assay_id"] in r["assays"]
        if test["panel_id"] is not None:
            assert test["assay_id"] in r["panels"][test["panel_id"]]["assay_ids"]
    for batch in r["batches"].values():
        assert batch["test_ids"] and set(batch["test_ids"]) <= r["tests"].keys()
        assert {r["tests"][t]["assay_id"] for t in batch["test_ids"]} == {
            batch["assay_id"]
        }
    for contact in r["contacts"].values():
        assert set(contact["customer_ids"]) <= r["customers"].keys()
    for panel in r["panels"].values():
        assert set(panel["assay_ids"]) <= r["assays"].keys()


def test_6_7_a_report_belongs_to_exactly_one_order_sample_or_test(records):
    for report in records["reports"].values():
        links = [(k, report[k]) for k in ("order_id", "sample_id", "test_id")]
        [(key, parent)] = [(k, v) for k, v in links if v is not None]
        assert parent in records[key[:-3] + "s"]
    kinds = Counter(
        next(k for k in ("order_id", "sample_id", "test_id") if r[k])
        for r in records["reports"].values()
    )
    assert set(kinds) == {"order_id", "sample_id", "test_id"}


def test_6_5_batch_links_are_symmetric_in_v1(small):
    dump = small.dump("v1")
    tests = {t["id"]: t for t in dump["tests"]}
    samples = {s["id"]: s for s in dump["samples"]}
    for batch in dump["batches"]:
        parents = {tests[t]["sample_id"] for t in batch["test_ids"]}
        assert batch["sample_ids"] == sorted(parents & samples.keys())  # live ones
        assert all(batch["id"] in tests[t]["batches"] for t in batch["test_ids"])
        assert all(batch["id"] in samples[s]["batches"] for s in batch["sample_ids"])
    batches = {b["id"]: b for b in dump["batches"]}
    assert all(
        t["id"] in batches[b]["test_ids"] for t in tests.values() for b in t["batches"]
    )
    assert any(len(t["batches"]) > 1 for t in tests.values())  # a retest


@pytest.mark.parametrize("entity", BIG)
def test_q8_ids_have_gaps_in_every_large_entity(records, entity):
    ids = sorted(records[entity])
    skipped = ids[-1] - len(ids)
    assert skipped >= 1
    if len(ids) >= 300:
        assert 0.01 <= skipped / ids[-1] <= 0.06


def test_q8_about_one_percent_is_already_soft_deleted(small):
    for spec in SPECS.values():
        total = small.count(spec.name, include_deleted=True)
        deleted = total - small.count(spec.name)
        if not spec.include_deleted:
            assert deleted == 0
        elif total >= 100:
            assert 0 < deleted <= 0.03 * total
    tiny = make()
    for entity in ("customers", "orders", "samples", "tests", "batches"):
        assert tiny.count(entity, include_deleted=True) > tiny.count(entity)


def test_dates_lie_in_the_history_and_last_updated_follows_creation(small, records):
    anchor, start = small.spec.anchor, small.spec.anchor - 365 * DAY
    for entity in ("orders", "samples", "tests", "batches"):
        created = [r["date_created"] for r in records[entity].values()]
        assert start <= min(created) and max(created) <= anchor
        assert max(created) - min(created) > 300 * DAY
    for entity in LAST_UPDATED:
        for rec in records[entity].values():
            assert (rec.get("date_created") or 0) <= rec["last_updated"] <= anchor


def test_bulk_edits_share_one_last_updated_second_across_a_page_boundary(small):
    ids = small.query("tests", sort_by="last_updated")
    stamps = [small.full("tests", rid)["last_updated"] for rid in ids]
    moment, size = Counter(stamps).most_common(1)[0]
    assert size >= 100
    rows = [i for i, stamp in enumerate(stamps) if stamp == moment]
    assert rows[0] // 50 != rows[-1] // 50  # the 50-row page boundary falls inside
    for entity in ("orders", "samples", "customers"):
        lu = Counter(small.full(entity, i)["last_updated"] for i in small.query(entity))
        assert lu.most_common(1)[0][1] >= 8, entity
    tiny = make()
    tiny_lu = Counter(
        tiny.full("tests", i)["last_updated"] for i in tiny.query("tests")
    )
    assert tiny_lu.most_common(1)[0][1] >= 3


# -- queries ------------------------------------------------------------------
@pytest.mark.parametrize("api", ["v1", "v2"])
def test_default_order_is_id_ascending(small, api):
    for entity in ("orders", "tests", "batches"):
        ids = small.query(entity, api=api)
        assert ids == sorted(ids) and len(ids) == small.count(entity)


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_q9_customers_default_to_alphabetical_by_name(small, api):
    ids = small.query("customers", api=api)
    names = [small.full("customers", i)["customer_name"] for i in ids]
    assert names == sorted(names) and ids != sorted(ids)


@pytest.mark.parametrize("order", ["ASC", "DESC"])
def test_sort_by_last_updated_breaks_ties_by_id_ascending(small, order):
    ids = small.query("tests", sort_by="last_updated", sort_order=order)
    keys = [(small.full("tests", i)["last_updated"], i) for i in ids]
    sign = 1 if order == "ASC" else -1
    assert keys == sorted(keys, key=lambda k: (sign * k[0], k[1]))


def test_sort_puts_nulls_first_ascending_and_last_descending(small):
    asc = small.query("customers", sort_by="date_created")
    desc = small.query("customers", sort_by="date_created", sort_order="DESC")
    assert small.full("customers", asc[0])["date_created"] is None
    assert small.full("customers", desc[-1])["date_created"] is None
    assert small.full("customers", desc[0])["date_created"] is not None


def test_sort_by_derived_fields_and_v1_names(small):
    by_name = small.query("samples", sort_by="sample_name", api="v1")
    names = [small.full("samples", i)["description"] for i in by_name]
    assert names == sorted(names)
    results = small.query("tests", sort_by="results")
    assert small.full("tests", results[0])["results"] is None
    assert small.full("tests", results[-1])["results"] is not None


def test_5_1_bad_sorting_is_a_query_error(small):
    with pytest.raises(QueryError, match="no_such_field"):
        small.query("orders", sort_by="no_such_field")
    with pytest.raises(QueryError):
        small.query("orders", sort_by="customer_account")  # an object, not a scalar
    with pytest.raises(QueryError):
        small.query("orders", sort_by="id", sort_order="UP")


SOURCE = {
    "ids": None,
    "batch_ids": "batches",
    "accessioning_type_ids": "accessioning-types",
}


def _expected(r: dict, entity: str, param: str, v: set) -> set[int]:
    """What a filter means, computed from the full records."""
    sample_order = {i: s["order_id"] for i, s in r["samples"].items()}
    order_customer = {i: o["customer_account_id"] for i, o in r["orders"].items()}
    test_sample = {i: t["sample_id"] for i, t in r["tests"].items()}
    in_batches = {t for b in v for t in r["batches"].get(b, {}).get("test_ids", [])}
    rules = {
        ("customers", "contact_ids"): lambda x: (
            x["id"] in {c for k in v for c in r["contacts"][k]["customer_ids"]}
        ),
        ("customers", "assay_ids"): lambda x: (
            x["id"]
            in {
                order_customer[sample_order[t["sample_id"]]]
                for t in r["tests"].values()
                if t["assay_id"] in v
            }
        ),
        ("contacts", "customer_ids"): lambda x: bool(set(x["customer_ids"]) & v),
        ("assays", "panel_ids"): lambda x: any(
            x["id"] in r["panels"][p]["assay_ids"] for p in v
        ),
        ("panels", "assay_ids"): lambda x: bool(set(x["assay_ids"]) & v),
        ("orders", "customer_ids"): lambda x: x["customer_account_id"] in v,
        ("orders", "sample_ids"): lambda x: x["id"] in {sample_order[s] for s in v},
        ("orders", "test_ids"): lambda x: (
            x["id"] in {sample_order[test_sample[t]] for t in v}
        ),
        ("samples", "order_ids"): lambda x: x["order_id"] in v,
        ("samples", "customer_ids"): lambda x: order_customer[x["order_id"]] in v,
        ("samples", "batch_ids"): lambda x: (
            x["id"] in {test_sample[t] for t in in_batches}
        ),
        ("samples", "test_ids"): lambda x: x["id"] in {test_sample[t] for t in v},
        ("samples", "accessioning_type_ids"): lambda x: x["accessioning_type_id"] in v,
        ("samples", "location_ids"): lambda x: x["location_id"] in v,
        ("tests", "sample_ids"): lambda x: x["sample_id"] in v,
        ("tests", "assay_ids"): lambda x: x["assay_id"] in v,
        ("tests", "panel_ids"): lambda x: x["panel_id"] in v,
        ("tests", "order_ids"): lambda x: sample_order[x["sample_id"]] in v,
        ("tests", "customer_ids"): lambda x: (
            order_customer[sample_order[x["sample_id"]]] in v
        ),
        ("tests", "batch_ids"): lambda x: x["id"] in in_batches,
        ("batches", "test_ids"): lambda x: bool(set(x["test_ids"]) & v),
        ("batches", "sample_ids"): lambda x: bool(
            {test_sample[t] for t in x["test_ids"]} & v
        ),
        ("batches", "assay_ids"): lambda x: x["assay_id"] in v,
        ("reports", "order_ids"): lambda x: x["order_id"] in v,
        ("reports", "sample_ids"): lambda x: x["sample_id"] in v,
        ("reports", "test_ids"): lambda x: x["test_id"] in v,
        ("invoices", "order_ids"): lambda x: x["order_id"] in v,
        ("invoices", "customer_ids"): lambda x: x["customer_id"] in v,
    }
    rule = rules.get((entity, param), lambda x: x["id"] in v)  # the record's own id
    return {i for i, x in r[entity].items() if rule(x)}


FILTER_CASES = [
    (spec.name, param) for spec in SPECS.values() for param in spec.id_filters
]


@pytest.mark.parametrize(("entity", "param"), FILTER_CASES)
def test_4_id_filters_follow_the_relations(small, records, entity, param):
    source = SOURCE.get(param, param[: -len("_ids")] + "s") or entity
    values = sorted(records[source])[1:40:7]
    if entity == "reports":  # few parents have reports: pick some that do
        values = sorted({r[param[:-1]] for r in records["reports"].values()} - {None})
    got = small.query(entity, id_filters={param: values}, include_deleted="TRUE")
    expected = _expected(records, entity, param, set(values))
    assert set(got) == expected and expected, (entity, param)
    assert got == sorted(got) or entity == "customers"  # Q9: by name


def test_4_several_values_are_or_and_several_params_are_and(small, records):
    a, b = sorted(records["orders"])[:2]
    one = set(small.query("samples", id_filters={"order_ids": [a]}))
    two = set(small.query("samples", id_filters={"order_ids": [b]}))
    assert set(small.query("samples", id_filters={"order_ids": [a, b]})) == one | two
    loc = records["samples"][min(one)]["location_id"]
    both = small.query("samples", id_filters={"order_ids": [a], "location_ids": [loc]})
    assert set(both) == {i for i in one if records["samples"][i]["location_id"] == loc}


def test_unknown_filter_is_a_query_error(small):
    with pytest.raises(QueryError, match="bogus_ids"):
        small.query("orders", id_filters={"bogus_ids": [1]})


def test_5_2_last_updated_after_is_strictly_after(small, records):
    stamps = sorted(r["last_updated"] for r in records["tests"].values())
    pivot = stamps[len(stamps) // 2]
    got = small.query("tests", last_updated_after=pivot, include_deleted="TRUE")
    assert {i for i, r in records["tests"].items() if r["last_updated"] > pivot} == set(
        got
    )
    assert not any(records["tests"][i]["last_updated"] == pivot for i in got)
    with pytest.raises(QueryError):
        small.query("reports", last_updated_after=pivot)  # reports have none


def test_q8_include_deleted_modes_and_v1_never_shows_deleted(small, records):
    live = set(small.query("orders"))
    everything = set(small.query("orders", include_deleted="TRUE"))
    only = set(small.query("orders", include_deleted="DELETED_ONLY"))
    assert everything == set(records["orders"]) == live | only and only
    assert not live & only
    assert set(small.query("orders", include_deleted="TRUE", api="v1")) == live
    with pytest.raises(QueryError):
        small.query("orders", include_deleted="true")


def test_query_results_are_cached_until_a_mutation():
    tenant = make("small")
    first = tenant.query("tests", sort_by="last_updated", sort_order="DESC")
    assert tenant.query("tests", sort_by="last_updated", sort_order="DESC") is first
    tenant.clock.advance(60)
    tenant.update("tests", first[-1])
    again = tenant.query("tests", sort_by="last_updated", sort_order="DESC")
    assert again is not first and again[0] == first[-1]


# -- mutations ----------------------------------------------------------------
def test_update_applies_changes_stamps_now_and_bumps_version():
    tenant = make()
    order = tenant.query("orders")[0]
    version, now = tenant.version, tenant.clock.advance(120)
    tenant.update("orders", order, {"state": "ON HOLD"})
    assert tenant.version > version
    assert tenant.full("orders", order)["last_updated"] == now
    assert tenant.render("orders", order, "v2")["state"] == "ON HOLD"
    assert tenant.render("orders", order, "v1")["last_updated"] == str(now)


def test_update_without_changes_makes_a_plausible_edit():
    tenant = make()
    for entity in tenant.entities():
        rid = tenant.query(entity)[0]
        before = tenant.render(entity, rid, "v2")
        tenant.update(entity, rid)
        assert tenant.render(entity, rid, "v2") != before, entity


def test_update_refuses_unknown_ids_fields_and_parents():
    tenant = make()
    order = tenant.query("orders")[0]
    with pytest.raises(KeyError):
        tenant.update("orders", 10**6, {"state": "ON HOLD"})
    with pytest.raises(ValueError, match="no_such"):
        tenant.update("orders", order, {"no_such": 1})
    with pytest.raises(ValueError, match="customer"):
        tenant.update("orders", order, {"customer_account_id": 10**6})


def test_q12_custom_fields_written_nested_come_back_flattened():
    tenant = make()
    sample = tenant.query("samples")[0]
    tenant.update("samples", sample, {"custom_fields": {"lot_number": "L-Ñ-1"}})
    for api in ("v1", "v2"):
        assert tenant.render("samples", sample, api)["lot_number"] == "L-Ñ-1"


@pytest.mark.parametrize("entity", list(SPECS))
def test_insert_creates_a_new_id_with_live_parents(entity):
    tenant = make()
    top = max(tenant.query(entity, include_deleted="TRUE"))
    now = tenant.clock.advance(30)
    new = tenant.insert(entity)
    assert new > top and tenant.exists(entity, new)
    rec = tenant.full(entity, new)
    for field in ("date_created", "last_updated"):
        assert rec.get(field, now) == now
    for field, parent in (
        ("customer_account_id", "customers"),
        ("order_id", "orders"),
        ("sample_id", "samples"),
        ("assay_id", "assays"),
        ("test_id", "tests"),
    ):
        if rec.get(field) is not None:
            assert tenant.exists(parent, rec[field]), (entity, field)
    for test in rec.get("test_ids", []):
        assert tenant.full("tests", test)["assay_id"] == rec["assay_id"]


def test_insert_keeps_relations_visible_from_the_parent():
    tenant = make()
    order = tenant.query("orders")[-1]
    sample = tenant.insert("samples", {"order_id": order})
    test = tenant.insert("tests", {"sample_id": sample})
    detail = tenant.render("orders", order, "v1", detail=True)
    nested = {s["id"]: s for s in detail["samples"]}
    assert [t["id"] for t in nested[sample]["tests"]] == [test]
    assert tenant.render("samples", sample, "v2")["tests"] == [{"id": test}]


def test_q8_delete_hides_the_record_and_stamps_it():
    tenant = make()
    victim = tenant.query("samples")[3]
    now = tenant.clock.advance(45)
    count = tenant.count("samples")
    tenant.delete("samples", victim)
    assert victim not in tenant.query("samples")
    assert victim in tenant.query("samples", include_deleted="TRUE")
    assert victim in tenant.query("samples", include_deleted="DELETED_ONLY")
    assert victim not in tenant.query("samples", include_deleted="TRUE", api="v1")
    assert not tenant.exists("samples", victim)
    assert tenant.exists("samples", victim, include_deleted=True)
    assert tenant.count("samples") == count - 1
    assert tenant.full("samples", victim)["last_updated"] == now


def test_every_rendering_that_changes_moves_last_updated():
    """An incremental sync by last_updated sees every changed live record."""
    tenant = make("small")
    before = {api: tenant.dump(api, include_deleted=True) for api in ("v1", "v2")}
    now = tenant.clock.advance(3600)
    for entity in tenant.entities():
        ids = tenant.query(entity)
        tenant.update(entity, ids[0])
        tenant.insert(entity)
        tenant.delete(entity, ids[-1])
    tenant.update("customers", tenant.query("customers")[1], {"customer_name": "Zé "})
    tenant.update("assays", tenant.query("assays")[1], {"title": "Potência"})
    for entity, field in (("epics", "name"), ("projects", "title")):
        for rid in tenant.query(entity):
            tenant.update(entity, rid, {field: f"Nuevo {rid}"})
    tenant.update(
        "tests", tenant.query("tests")[5], {"sample_id": tenant.query("samples")[9]}
    )
    _assert_changed_renderings_are_stamped(tenant, before, now)


def _assert_changed_renderings_are_stamped(tenant, before, now, label="") -> None:
    """Every record whose v1 or v2 rendering differs from ``before`` (dumps by
    api) carries ``now`` as its last_updated."""
    for api, rows_before in before.items():
        after = tenant.dump(api)
        for entity in sorted(set(LAST_UPDATED) | (STAMPED & set(ENTITIES))):
            old = {r["id"]: r for r in rows_before.get(entity, [])}
            for row in after.get(entity, []):
                if row["id"] in old and old[row["id"]] != row:
                    stamp = tenant.full(entity, row["id"])["last_updated"]
                    assert stamp == now, (label, api, entity, row["id"])


def test_churn_mutates_and_reports_the_ids_it_touched():
    tenant = make()
    before = set(tenant.query("tests"))
    version = tenant.version
    touched = tenant.churn("tests", random.Random(5), updates=2, inserts=3, deletes=2)
    after = set(tenant.query("tests"))
    assert set(touched["inserted"]) == after - before and len(touched["inserted"]) == 3
    assert set(touched["deleted"]) == before - after and len(touched["deleted"]) == 2
    assert set(touched["updated"]) <= before and len(touched["updated"]) == 2
    assert tenant.version > version
    again = make()
    assert (
        again.churn("tests", random.Random(5), updates=2, inserts=3, deletes=2)
        == touched
    )


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_dump_equals_paging_the_lists_by_id(api):
    tenant = make()
    dump = tenant.dump(api)
    expected = [
        e for e, s in ENTITIES.items() if s.top_level and (api == "v2" or s.v1_path)
    ]
    assert list(dump) == expected
    for entity, rows in dump.items():
        ids = tenant.query(entity, sort_by="id", api=api)
        assert rows == [tenant.render(entity, i, api) for i in ids]
    assert tenant.dump(api, entities=["orders"]).keys() == {"orders"}


def test_entities_exists_and_count():
    tenant = make()
    assert tenant.entities() == tuple(SPECS)
    assert set(ENTITIES) < set(SPECS)  # the top-level lists, not order comments
    assert not tenant.exists("orders", 10**6)
    assert tenant.count("tests") == len(tenant.query("tests"))
    with pytest.raises(KeyError):
        tenant.render("orders", 10**6, "v2")


@pytest.mark.slow
def test_10_the_large_profile_volumes():
    large = make("large")
    counts = {e: large.count(e, include_deleted=True) for e in large.entities()}
    assert 250_000 <= sum(counts[e] for e in BUILT) <= 350_000
    every = large.query("orders", include_deleted="TRUE")
    finished = [o for o in every if large.core("orders", o)["date_completed"]]
    assert 0.9 * len(finished) <= counts["invoices"] <= len(finished)
    assert counts["tests"] > 150_000 and counts["samples"] > 40_000
    assert counts["batches"] > 20_000 and counts["orders"] == 9500


@pytest.mark.parametrize("mutation", ["insert", "delete"])
def test_adding_or_removing_a_record_changes_no_unstamped_rendering(mutation):
    """A record added to (or removed from) any list leaves every other record's
    rendering alone unless it stamps that record: a catalogue entry the sim
    drew references from once made assays render anew without a stamp, and an
    incremental sync left them stale (one count of entries more or fewer)."""
    tenant = make("small")
    before = {api: tenant.dump(api, include_deleted=True) for api in ("v1", "v2")}
    now = tenant.clock.advance(3600)
    for entity in tenant.entities():
        if mutation == "insert":
            tenant.insert(entity)
        else:
            tenant.delete(entity, tenant.query(entity)[-1])
    _assert_changed_renderings_are_stamped(tenant, before, now, mutation)
