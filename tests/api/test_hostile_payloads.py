"""Every JSON answer of the REST API is RFC 8259 JSON, whatever QBench sent.

Before issue 9, ``include=raw_payload`` answered bare ``NaN`` / ``Infinity``
tokens, which browsers and ``json.loads(..., parse_constant=...)`` reject.
"""

from __future__ import annotations

import json

import pytest

from app.api.factory import StrictJSONProvider
from app.jsoncodec import decode, exact_text
from tests.api.conftest import AUTH

HUGE = "8" * 5000
ODD_TEXT = (
    '{"id": 900001, "customer_name": "Acme Labs \\ud83d", "n": NaN, '
    '"inf": [Infinity, -Infinity], "k\\u0000": "a\\u0000b", "big": ' + HUGE + ", "
    '"e": 1e300, "last_updated_unix_timestamp": NaN}'
)


def strict(text: str):
    def refuse(token):
        raise ValueError(f"not RFC 8259 JSON: {token}")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture
def odd(backup):
    record = decode(ODD_TEXT)
    backup.repo.upsert_page("customers", [record])
    return record


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/customers?include=raw_payload&limit=500",
        "/api/v1/customers?include=raw_payload_exact&limit=500",
        "/api/v1/customers/900001?include=raw_payload",
        "/api/v1/customers/900001?include=raw_payload_exact",
        "/api/v1/customers/900001?include=raw_payload,raw_payload_exact",
        "/api/v1/customers/900001",
    ],
)
def test_answers_with_odd_records_are_strict_json(client, odd, url):
    response = client.get(url, headers=AUTH)
    assert response.status_code == 200
    body = strict(response.get_data(as_text=True))
    rows = body.get("items", [body])
    row = next(r for r in rows if r["qbench_id"] == 900001)
    assert row["customer_name"] == "Acme Labs \ufffd"
    if "include" not in url:
        assert "raw_payload" not in row and "raw_payload_exact" not in row
        return
    stored = row["raw_payload"]
    assert stored["n"] == "NaN" and stored["inf"] == ["Infinity", "-Infinity"]
    assert stored["big"] == HUGE and stored["k\ufffd"] == "a\ufffdb"
    assert stored["customer_name"] == "Acme Labs \ufffd"
    assert float(stored["e"]) == 1e300  # JSONB writes the number 1e300 as 10**300
    if url.endswith("raw_payload_exact") or "raw_payload_exact&" in url:  # or both
        assert exact_text(decode(row["raw_payload_exact"])) == exact_text(odd)
    else:
        assert "raw_payload_exact" not in row


def test_plain_rows_have_no_exact_text(client, backup):
    rows = client.get(
        "/api/v1/orders?include=raw_payload_exact&limit=500", headers=AUTH
    ).get_json()["items"]
    assert rows and all(r["raw_payload_exact"] is None for r in rows)


def test_the_json_provider_refuses_nan_rather_than_send_it(make_app):
    app = make_app()
    with pytest.raises(ValueError):
        StrictJSONProvider(app).dumps({"n": float("nan")})
    assert json.loads(app.json.dumps({"ok": 1})) == {"ok": 1}
