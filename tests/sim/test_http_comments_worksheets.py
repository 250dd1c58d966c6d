"""Order comments (``/orders/{order_id}/comments``) and detailed worksheets
(``/tests/{id}/worksheet/data``, ``/batches/{id}/worksheet/data``) over HTTP,
with their edits through ``/_sim`` (issue 12 point 6)."""

from __future__ import annotations

from collections import Counter

import pytest
import requests

from app.v2_lists import V2_LISTS
from tests.sim.qb import authed_session, v2

COMMENTS = "orders/{order_id}/comments"


@pytest.fixture
def small(make_sim):
    return make_sim("small")


@pytest.fixture
def http(small):
    return authed_session(small)


def _control(sim, method, path, body=None):
    response = requests.request(
        method, f"{sim.base_url}/_sim/{path}", json=body or {}, timeout=10
    )
    assert response.status_code in (200, 201), response.text
    return response.json()


def _comments(http, sim, order_id, **params):
    response = http.get(
        v2(sim, f"orders/{order_id}/comments"), params=params, timeout=10
    )
    assert response.status_code == 200, response.text
    return response.json()


def _order(http, sim, order_id):
    return http.get(v2(sim, f"orders/{order_id}"), timeout=10).json()["data"]


# -- comments ----------------------------------------------------------------------


def test_orders_have_zero_to_three_comments_shaped_as_comment_schema(small, http):
    tenant = small.tenant
    per_order = Counter(
        tenant.core("order-comments", c)["order_id"]
        for c in tenant.query("order-comments")
    )
    orders = small.tenant.query("orders")
    counts = Counter(per_order.get(o, 0) for o in orders)
    assert set(counts) == {0, 1, 2, 3}
    order = next(o for o in orders if per_order.get(o, 0) == 3)
    body = _comments(http, small, order)
    assert set(body) == {"data", "page_number", "total_count", "total_pages"}
    assert body["total_count"] == 3 and len(body["data"]) == 3
    for row in body["data"]:
        assert set(row) == set(V2_LISTS[COMMENTS]["properties"])
        assert isinstance(row["message"], str) and isinstance(row["public"], bool)
        assert (row["user_id"] is None) != (row["contact_id"] is None)
    paged = _comments(http, small, order, page_size=2, page_num=2)
    assert paged["total_pages"] == 2 and len(paged["data"]) == 1
    assert body["data"] == tenant.children("order-comments", order)
    wanted = body["data"][1]["id"]
    assert [r["id"] for r in _comments(http, small, order, ids=wanted)["data"]] == [
        wanted
    ]


def test_comments_of_an_unknown_or_deleted_order_are_404(small, http):
    assert http.get(v2(small, "orders/999999/comments"), timeout=10).status_code == 404
    order = small.tenant.query("orders")[4]
    small.tenant.delete("orders", order)
    response = http.get(v2(small, f"orders/{order}/comments"), timeout=10)
    assert response.status_code == 404
    assert set(response.json()) == {"error_description", "error_type", "error_token"}


@pytest.mark.parametrize("stamps", [True, False])
def test_comment_add_edit_delete_and_the_order_stamp_switch(small, http, stamps):
    _control(small, "POST", "config", {"stamp_comments": stamps})
    order = small.tenant.query("orders")[2]
    listed = _comments(http, small, order)["total_count"]
    steps = []
    small.advance(120)
    before = _order(http, small, order)["last_updated"]
    added = _control(
        small, "POST", "records/order-comments", {"order_id": order, "message": "Hola"}
    )
    body = _comments(http, small, order)
    assert body["total_count"] == listed + 1
    assert {"id": added["id"], "message": "Hola"}.items() <= next(
        r for r in body["data"] if r["id"] == added["id"]
    ).items()
    steps.append(_order(http, small, order)["last_updated"])
    small.advance(120)
    _control(
        small, "PATCH", f"records/order-comments/{added['id']}", {"message": "Adiós"}
    )
    row = next(
        r for r in _comments(http, small, order)["data"] if r["id"] == added["id"]
    )
    assert row["message"] == "Adiós"
    steps.append(_order(http, small, order)["last_updated"])
    small.advance(120)
    _control(small, "DELETE", f"records/order-comments/{added['id']}")
    assert _comments(http, small, order)["total_count"] == listed
    steps.append(_order(http, small, order)["last_updated"])
    if stamps:
        assert len({before, *steps}) == 4  # each change moved the order's stamp
    else:
        assert set(steps) == {before}


# -- worksheets --------------------------------------------------------------------


def _worksheet(http, sim, kind, record_id, **params):
    return http.get(
        v2(sim, f"{kind}/{record_id}/worksheet/data"), params=params, timeout=10
    )


def test_test_worksheet_raw_and_processed_forms(small, http):
    test = next(
        t
        for t in small.tenant.query("tests")
        if small.tenant.full("tests", t)["worksheet_data"]
    )
    raw = _worksheet(http, small, "tests", test, raw_worksheet_data="true").json()
    assert set(raw) == {"data"}
    doc = raw["data"]
    assert set(doc) == set(V2_LISTS["tests/{test_id}/worksheet/data"]["properties"])
    assert doc["id"] == test and isinstance(doc["worksheet_config"], dict)
    cells = doc["worksheet_data"]
    assert cells and all(set(c) == {"value"} for c in cells.values())
    plain = _worksheet(http, small, "tests", test).json()["data"]["worksheet_data"]
    assert plain == {k: c["value"] for k, c in cells.items()}


def test_batch_worksheet_shape(small, http):
    batch = small.tenant.query("batches")[0]
    doc = _worksheet(http, small, "batches", batch, raw_worksheet_data="true").json()[
        "data"
    ]
    assert set(doc) == set(V2_LISTS["batches/{batch_id}/worksheet/data"]["properties"])
    assert doc["id"] == batch


@pytest.mark.parametrize("kind", ["tests", "batches"])
def test_worksheet_of_an_unknown_record_is_404(small, http, kind):
    assert _worksheet(http, small, kind, 999999).status_code == 404


@pytest.mark.parametrize("kind", ["tests", "batches"])
def test_a_worksheet_edit_stamps_the_record(small, http, kind):
    record = small.tenant.query(kind)[3]
    small.advance(120)
    mark = small.clock.now()
    small.advance(120)
    before = http.get(v2(small, f"{kind}/{record}"), timeout=10).json()["data"]
    doc = _control(small, "PATCH", f"worksheets/{kind}/{record}", {"result": "PASS 2"})
    assert doc["worksheet_data"]["result"] == {"value": "PASS 2"}
    served = _worksheet(http, small, kind, record, raw_worksheet_data="true").json()
    assert served["data"]["worksheet_data"]["result"] == {"value": "PASS 2"}
    after = http.get(v2(small, f"{kind}/{record}"), timeout=10).json()["data"]
    assert after["last_updated"] != before["last_updated"]
    changed = http.get(v2(small, kind), params={"last_updated": mark}, timeout=10)
    assert [r["id"] for r in changed.json()["data"]] == [record]


def test_churn_covers_order_comments(small, http):
    order = small.tenant.query("orders")[0]
    before = set(small.tenant.query("order-comments"))
    _control(small, "POST", "churn", {"entity": "order-comments", "inserts": 2})
    _comments(http, small, order)
    assert len(set(small.tenant.query("order-comments")) - before) == 2
