"""What the README tells a newcomer about the REST API, held to it: the page
envelope and its keys, HEAD, and how ``state`` compares (SQLite and PostgreSQL)."""

from __future__ import annotations

import requests

from tests.api.conftest import AUTH


def test_a_page_is_items_next_cursor_next_after_and_total_when_asked(client):
    body = client.get("/api/v1/tests?limit=2", headers=AUTH).get_json()
    assert set(body) == {"items", "next_cursor", "next_after"}
    row = body["items"][0]
    assert "qbench_id" in row and "id" not in row and "raw_payload" not in row
    counted = client.get("/api/v1/tests?limit=2&include_total=true", headers=AUTH)
    assert counted.get_json()["total"] >= len(body["items"])
    by_date = client.get("/api/v1/tests?limit=2&sort=-date_created", headers=AUTH)
    assert by_date.get_json()["next_after"] is None  # id sorts only
    one = client.get(f"/api/v1/tests/{row['qbench_id']}", headers=AUTH).get_json()
    assert one == row  # a single row has no envelope


def test_head_answers_every_get_with_its_headers_and_no_body(server):
    url = f"{server.url}/api/v1/tests?limit=2"
    got = requests.get(url, headers=AUTH, timeout=10)
    head = requests.head(url, headers=AUTH, timeout=10)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["Link"] == got.headers["Link"]
    assert requests.head(url, timeout=10).status_code == 401  # the same token rule
    health = requests.head(f"{server.url}/api/v1/health", timeout=10)
    assert health.status_code == 200


def test_state_is_an_exact_case_sensitive_match(client):
    def total(query: str) -> int:
        response = client.get(f"/api/v1/{query}&include_total=true", headers=AUTH)
        assert response.status_code == 200, response.get_json()
        return response.get_json()["total"]

    rows = client.get("/api/v1/tests?limit=500", headers=AUTH).get_json()["items"]
    state = next(r["state"] for r in rows if r["state"])
    assert state == state.upper() and total(f"tests?state={state}") > 0
    assert total(f"tests?state={state.lower()}") == 0  # no match, not a 400
    assert total(f"tests?state={state[:-1]}") == 0  # no prefix match either
    refused = client.get("/api/v1/batches?state=x", headers=AUTH)
    assert refused.status_code == 400  # no state column: unknown parameter
