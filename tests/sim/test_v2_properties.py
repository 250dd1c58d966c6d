"""Every served v2 record carries every property of its list schema (issue 12.6).

Over real HTTP: page 1 of each v2 list and the single GET of its first record
are compared with the record schema of QBench's official v2 document
(``app.v2_lists``, generated from it): every documented property is present
with a value of the documented JSON type (or null), and the only other keys
are the tenant's flattened custom fields (README Q12, ``vocab.CUSTOM_FIELDS``).
A property the simulator never sends is one whose parsing no test has seen.
"""

from __future__ import annotations

import pytest

from app.sim import vocab
from app.v2_lists import V2_LISTS
from tests.sim.qb import authed_session, v2

# v2 list paths checked here; an entity the simulator serves joins this list.
SERVED = [
    "customers",
    "contacts",
    "assays",
    "panels",
    "orders",
    "samples",
    "tests",
    "batches",
    "reports",
]
# Compound properties a core record of the simulated tenant names, so their
# nested shapes are exercised (page 1 of the ``small`` tenant has one non-null).
NESTED = {
    "assays": ("accessioning_types", "team", "turnarounds", "worksheet_ent")
    + ("batch_worksheet_ent",),
    "orders": ("approved_by", "emailed_by", "entered_by_api_client")
    + ("requested_by", "requested_for", "turnaround"),
    "samples": ("most_recent_report",),
    "tests": ("turnaround",),  # most_recent_report: see the report test below
    "batches": ("worksheet",),
    "reports": ("emailed_by", "emailed_by_api_client", "generated_by_api_client")
    + ("made_public_by",),
}
_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


def type_errors(record: dict, properties: dict[str, str]) -> list[str]:
    """``key: value`` of each non-null value whose JSON type the schema does not
    allow (``"string|object"`` allows either; a bool is no integer or number)."""
    errors = []
    for key, kind in properties.items():
        value = record.get(key)
        if value is None:
            continue
        allowed = tuple(t for k in kind.split("|") for t in _JSON_TYPES.get(k, ()))
        if not allowed:
            continue  # a JSON type the document leaves open
        if not isinstance(value, allowed) or (
            isinstance(value, bool) and bool not in allowed
        ):
            errors.append(f"{key} ({kind}): {value!r}")
    return errors


def schema_mismatch(entity: str, record: dict) -> dict[str, list[str]]:
    """What a record gets wrong against its v2 list schema (empty if nothing)."""
    properties = V2_LISTS[entity]["properties"]
    custom = vocab.CUSTOM_FIELDS.get(entity, frozenset())
    found = {
        "missing": sorted(set(properties) - set(record)),
        "undocumented": sorted(set(record) - set(properties) - custom),
        "wrong type": type_errors(record, properties),
    }
    return {k: v for k, v in found.items() if v}


@pytest.fixture
def http(sim):
    return authed_session(sim)


def _page(http, sim, entity: str) -> list[dict]:
    response = http.get(v2(sim, entity), params={"page_size": 50}, timeout=30)
    assert response.status_code == 200, response.text
    rows = response.json()["data"]
    assert rows, f"{entity}: page 1 is empty"
    return rows


@pytest.mark.parametrize("entity", SERVED)
def test_every_v2_list_record_has_exactly_the_schema_properties(sim, http, entity):
    for row in _page(http, sim, entity):
        assert schema_mismatch(entity, row) == {}, (entity, row["id"])


@pytest.mark.parametrize("entity", SERVED)
def test_the_v2_single_get_has_exactly_the_schema_properties(sim, http, entity):
    first = _page(http, sim, entity)[0]
    response = http.get(v2(sim, f"{entity}/{first['id']}"), timeout=30)
    assert response.status_code == 200, response.text
    assert schema_mismatch(entity, response.json()["data"]) == {}


@pytest.mark.parametrize("entity", sorted(NESTED))
def test_nested_properties_are_objects_of_ids_on_some_records(make_sim, entity):
    sim = make_sim("small")
    rows = _page(authed_session(sim), sim, entity)
    for key in NESTED[entity]:
        values = [row[key] for row in rows if row[key]]
        assert values, f"{entity}.{key} is never set on page 1"
        for value in values:
            for item in value if isinstance(value, list) else [value]:
                assert isinstance(item, dict) and item["id"] is not None, key


def test_nested_ids_agree_with_the_flat_ids(make_sim):
    sim = make_sim("small")
    http = authed_session(sim)
    pairs = {
        "orders": ("approved_by", "emailed_by", "turnaround", "requested_for"),
        "tests": ("turnaround",),
        "reports": ("emailed_by", "made_public_by", "emailed_by_api_client"),
    }
    for entity, keys in pairs.items():
        for row in _page(http, sim, entity):
            for key in keys:
                nested = row[key]
                assert (nested and nested["id"]) == row[f"{key}_id"], (entity, key)
    for row in _page(http, sim, "samples") + _page(http, sim, "tests"):
        nested = row["most_recent_report"]
        assert (nested and nested["id"]) == row["most_recent_report_id"]
    for row in _page(http, sim, "assays"):
        assert (row["team"] and row["team"]["id"]) == row["team_id"]
        assert row["worksheet_ent"]["id"] == row["worksheet_id"]


def test_most_recent_report_names_the_newest_report_of_a_sample_or_test(make_sim):
    sim = make_sim("small")
    http = authed_session(sim)
    newest: dict[tuple[str, int], int] = {}
    for report in _page(http, sim, "reports"):
        for parent in ("samples", "tests"):
            parent_id = report[f"{parent[:-1]}_id"]
            if parent_id is not None:
                key = (parent, parent_id)
                newest[key] = max(newest.get(key, 0), report["id"])
    assert {parent for parent, _ in newest} == {"samples", "tests"}
    for (parent, parent_id), report_id in newest.items():
        response = http.get(v2(sim, f"{parent}/{parent_id}"), timeout=30)
        record = response.json()["data"]
        assert record["most_recent_report"] == {"id": record["most_recent_report_id"]}
        assert record["most_recent_report_id"] >= report_id


def test_tests_of_one_panel_on_one_sample_share_a_panel_group(make_sim):
    sim = make_sim("small")
    rows = _page(authed_session(sim), sim, "tests")
    groups: dict[tuple[int, int], set[str]] = {}
    for row in rows:
        if row["panel_id"] is None:
            assert row["panel_group_uuid"] is None
        else:
            key = (row["sample_id"], row["panel_id"])
            groups.setdefault(key, set()).add(row["panel_group_uuid"])
    assert groups and all(len(uuids) == 1 for uuids in groups.values())
    assert len({next(iter(u)) for u in groups.values()}) == len(groups)


def test_the_checker_catches_a_missing_an_undocumented_and_a_mistyped_key():
    properties = V2_LISTS["panels"]["properties"]
    record = {key: None for key in properties} | {"id": True, "Dup_Aw_value": "1"}
    del record["title"]
    assert schema_mismatch("panels", record) == {
        "missing": ["title"],
        "undocumented": ["Dup_Aw_value"],
        "wrong type": ["id (integer): True"],
    }
    orders = {key: None for key in V2_LISTS["orders"]["properties"]}
    assert schema_mismatch("orders", orders | {"Dup_Aw_value": "0.5"}) == {}
