"""Simulator lists and single GETs over real HTTP (README §2–§5, Q8–Q11)."""

from __future__ import annotations

import math

import pytest

from app.sim.entities import CORE_ENTITIES, ENTITIES
from tests.sim.qb import authed_session, v1, v2

V2_ERROR_KEYS = {"error_description", "error_type", "error_token"}


@pytest.fixture
def http(sim):
    return authed_session(sim)


def _get(http, url, **params):
    response = http.get(url, params=params, timeout=10)
    return response


def test_4_v2_list_envelope_has_exactly_the_four_keys(sim, http):
    body = _get(http, v2(sim, "samples"), page_size=50).json()
    assert set(body) == {"data", "page_number", "total_count", "total_pages"}
    assert body["page_number"] == 1
    assert body["total_pages"] == math.ceil(body["total_count"] / 50)


def test_4_v2_default_page_size_is_20(sim, http):
    body = _get(http, v2(sim, "tests")).json()
    assert body["total_count"] > 20
    assert len(body["data"]) == 20
    assert body["total_pages"] == math.ceil(body["total_count"] / 20)


def test_4_every_page_but_the_last_is_full_and_past_the_end_is_empty(sim, http):
    first = _get(http, v2(sim, "tests"), page_size=7).json()
    pages = first["total_pages"]
    for page in range(1, pages):
        assert (
            len(_get(http, v2(sim, "tests"), page_size=7, page_num=page).json()["data"])
            == 7
        )
    last = _get(http, v2(sim, "tests"), page_size=7, page_num=pages).json()
    assert 1 <= len(last["data"]) <= 7
    beyond = _get(http, v2(sim, "tests"), page_size=7, page_num=pages + 1).json()
    assert beyond["data"] == []
    assert beyond["total_pages"] == pages
    assert beyond["total_count"] == first["total_count"]


def test_4_page_size_above_50_is_clamped_silently_by_default(sim, http):
    body = _get(http, v2(sim, "tests"), page_size=100).json()
    assert len(body["data"]) == 50
    assert body["total_pages"] == math.ceil(body["total_count"] / 50)


def test_4_page_size_above_50_can_be_refused_with_a_400(make_sim):
    sim = make_sim(oversize_page="reject")
    response = _get(authed_session(sim), v2(sim, "tests"), page_size=51)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == V2_ERROR_KEYS | {"errors"}
    assert body["errors"] == [{"page_size": ["Maximum page size is 50."]}]


@pytest.mark.parametrize(
    "params",
    [{"page_num": 0}, {"page_num": "x"}, {"page_size": 0}, {"page_size": "ten"}],
)
def test_7_3_bad_paging_params_give_the_v2_bad_request_schema(sim, http, params):
    response = _get(http, v2(sim, "orders"), **params)
    assert response.status_code == 400
    assert set(response.json()) == V2_ERROR_KEYS | {"errors"}


def test_5_1_v2_sort_order_is_upper_case_only(sim, http):
    assert (
        _get(http, v2(sim, "orders"), sort_by="id", sort_order="asc").status_code == 400
    )
    desc = _get(http, v2(sim, "orders"), sort_by="id", sort_order="DESC", page_size=50)
    ids = [row["id"] for row in desc.json()["data"]]
    assert ids == sorted(ids, reverse=True)


def test_5_1_v1_sort_order_is_lower_case_only(sim, http):
    assert (
        _get(http, v1(sim, "order"), sort_by="id", sort_order="DESC").status_code == 400
    )
    ids = [
        r["id"]
        for r in _get(http, v1(sim, "order"), sort_by="id", sort_order="desc").json()[
            "data"
        ]
    ]
    assert ids == sorted(ids, reverse=True)


def test_5_1_unknown_sort_field_is_a_400(sim, http):
    response = _get(http, v2(sim, "orders"), sort_by="no_such_field", sort_order="ASC")
    assert response.status_code == 400
    assert "errors" in response.json()


def test_5_2_v2_last_updated_returns_records_updated_strictly_after(sim, http):
    rows = _get(http, v2(sim, "tests"), page_size=50, sort_by="id").json()["data"]
    stamps = sorted(r["last_updated_unix_timestamp"] for r in sim.dump()["tests"])
    pivot = stamps[len(stamps) // 2]
    body = _get(http, v2(sim, "tests"), last_updated=pivot, page_size=50).json()
    expected = [
        r for r in sim.dump()["tests"] if r["last_updated_unix_timestamp"] > pivot
    ]
    assert body["total_count"] == len(expected) > 0
    assert all(r["last_updated_unix_timestamp"] > pivot for r in body["data"])
    assert rows  # sanity: the unfiltered list is not empty


def test_5_2_a_changed_record_is_found_through_last_updated(sim, http):
    before = sim.clock.now()
    sim.advance(600)
    target = sim.dump()["orders"][0]["id"]
    sim.tenant.update("orders", target, {"state": "ON HOLD"})
    body = _get(http, v2(sim, "orders"), last_updated=before).json()
    assert [r["id"] for r in body["data"]] == [target]
    assert body["data"][0]["state"] == "ON HOLD"


def test_5_2_last_updated_must_be_unix_seconds(sim, http):
    response = _get(http, v2(sim, "orders"), last_updated="2025-01-01")
    assert response.status_code == 400


def test_5_2_reports_have_no_last_updated_filter_so_it_is_ignored(sim, http):
    everything = _get(http, v2(sim, "reports"), page_size=50).json()
    filtered = _get(
        http, v2(sim, "reports"), page_size=50, last_updated=2**31 - 1
    ).json()
    assert filtered["total_count"] == everything["total_count"] > 0


def test_q8_deleted_records_are_hidden_unless_include_deleted(sim, http):
    victim = sim.dump()["samples"][3]["id"]
    sim.tenant.delete("samples", victim)
    default = {r["id"] for r in _paged(http, v2(sim, "samples"))}
    with_deleted = {
        r["id"] for r in _paged(http, v2(sim, "samples"), include_deleted="TRUE")
    }
    only = {
        r["id"]
        for r in _paged(http, v2(sim, "samples"), include_deleted="DELETED_ONLY")
    }
    assert victim not in default
    assert victim in with_deleted and victim in only
    assert with_deleted == default | only
    assert not default & only


def test_q8_include_deleted_accepts_only_the_enum(sim, http):
    assert _get(http, v2(sim, "samples"), include_deleted="true").status_code == 400


def test_q8_v1_lists_never_show_deleted_records(sim, http):
    victim = sim.dump("v1")["orders"][0]["id"]
    sim.tenant.delete("orders", victim)
    assert victim not in {r["id"] for r in _paged(http, v1(sim, "order"), api="v1")}


def test_4_id_filters_repeat_the_key(sim, http):
    orders = sim.dump()["orders"][:2]
    ids = [o["id"] for o in orders]
    rows = _paged(http, v2(sim, "samples"), order_ids=ids)
    assert rows and {r["order_id"] for r in rows} == set(ids)


def test_4_comma_joined_ids_are_refused(sim, http):
    response = _get(http, v2(sim, "samples"), order_ids="1,2")
    assert response.status_code == 400


def test_11_v2_single_get_wraps_the_record_in_data(sim, http):
    record = sim.dump()["customers"][0]
    body = _get(http, v2(sim, f"customers/{record['id']}")).json()
    assert set(body) == {"data"}
    assert body["data"]["id"] == record["id"]


def test_11_v1_single_get_is_the_bare_object(sim, http):
    record = sim.dump("v1")["customers"][0]
    body = _get(http, v1(sim, f"customer/{record['id']}")).json()
    assert body["id"] == record["id"] and "data" not in body


def test_3_1_v1_order_detail_nests_samples_and_their_tests(sim, http):
    order = next(o for o in sim.dump("v1")["orders"] if o["sample_count"])
    body = _get(http, v1(sim, f"order/{order['id']}")).json()
    assert body["samples"] and "tests" in body["samples"][0]


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_3_unknown_or_deleted_id_is_404(sim, http, api):
    url = v2(sim, "orders/999999") if api == "v2" else v1(sim, "order/999999")
    response = _get(http, url)
    assert response.status_code == 404
    if api == "v2":
        assert set(response.json()) == V2_ERROR_KEYS
    else:
        assert "error" in response.json()
    victim = sim.dump()["orders"][0]["id"]
    sim.tenant.delete("orders", victim)
    assert _get(http, v2(sim, f"orders/{victim}")).status_code == 404


def test_3_2_v2_delete_returns_204_and_soft_deletes(sim, http):
    victim = sim.dump()["tests"][0]["id"]
    assert http.delete(v2(sim, f"tests/{victim}"), timeout=10).status_code == 204
    only = _paged(http, v2(sim, "tests"), include_deleted="DELETED_ONLY")
    assert victim in {r["id"] for r in only}


def test_4_v1_envelope_and_the_batch_total_count_null(sim, http):
    body = _get(http, v1(sim, "batch")).json()
    assert list(body) and set(body) == {"total_count", "total_pages", "data"}
    assert body["total_count"] is None
    assert body["total_pages"] >= 1


def test_4_v1_envelope_key_orders_as_seen_in_real_responses(sim, http):
    assert list(_get(http, v1(sim, "customer")).json()) == [
        "total_pages",
        "total_count",
        "data",
    ]
    assert list(_get(http, v1(sim, "order")).json()) == [
        "data",
        "total_count",
        "total_pages",
    ]


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_q9_default_customer_order_is_alphabetical_by_name(sim, http, api):
    url = v1(sim, "customer") if api == "v1" else v2(sim, "customers")
    names = [r["customer_name"] for r in _paged(http, url, api=api, sort=False)]
    assert names == sorted(names, key=lambda n: (n is None, n or ""))
    assert names != [r["customer_name"] for r in sim.dump(api)["customers"]]


def test_3_unknown_path_is_404(sim, http):
    assert _get(http, v2(sim, "no-such-thing")).status_code == 404
    assert _get(http, v2(sim, "orders/abc")).status_code == 404


@pytest.mark.parametrize(
    "entity", sorted(n for n, spec in ENTITIES.items() if spec.top_level)
)
def test_3_2_every_entity_has_a_v2_list_and_single_get(sim, http, entity):
    rows = _paged(http, v2(sim, entity))
    assert rows, f"{entity} is empty in the tiny tenant"
    single = _get(http, v2(sim, f"{entity}/{rows[0]['id']}")).json()
    assert single["data"]["id"] == rows[0]["id"]


@pytest.mark.parametrize("entity", CORE_ENTITIES)
def test_3_1_every_core_entity_has_a_v1_list(sim, http, entity):
    rows = _paged(http, sim.base_url + ENTITIES[entity].v1_path, api="v1")
    assert rows


def _paged(http, url, api="v2", sort=True, **params):
    """Every row of a list, page by page (sorted by id unless ``sort`` is False)."""
    order = {"sort_by": "id", "sort_order": "ASC" if api == "v2" else "asc"}
    rows, page = [], 1
    while True:
        query = {"page_num": page, "page_size": 50, **params, **(order if sort else {})}
        response = http.get(url, params=query, timeout=10)
        assert response.status_code == 200, response.text
        body = response.json()
        rows.extend(body["data"])
        if page >= body["total_pages"] or not body["data"]:
            return rows
        page += 1


def test_q8_v2_core_records_carry_no_deleted_flag(sim, http):
    """The v2 record schemas have no ``deleted`` field: only DELETED_ONLY tells."""
    victim = sim.dump()["orders"][0]["id"]
    sim.tenant.delete("orders", victim)
    rows = _paged(http, v2(sim, "orders"), include_deleted="TRUE")
    assert victim in {r["id"] for r in rows}
    assert all("deleted" not in r for r in rows)
