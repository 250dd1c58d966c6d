"""Scopes (403 outside the client's OpenAPI tags) and endpoints a tenant lacks
(404), set in ``SimConfig``, at run time over ``/_sim/config`` and by
``python -m app.sim`` flags (issue 12 points 5 and 6)."""

from __future__ import annotations

import pytest
import requests

from app.sim.__main__ import build_parser, config_from_args
from tests.sim.qb import authed_session, v1, v2

ERROR_KEYS = {"error_description", "error_type", "error_token"}


def _status(http, sim, path):
    return http.get(v2(sim, path), timeout=10).status_code


def test_all_scopes_are_granted_by_default(sim):
    http = authed_session(sim)
    for path in (
        "customers",
        "invoices",
        "orders/1/comments",
        "tests/1/worksheet/data",
    ):
        assert _status(http, sim, path) in (200, 404)
    assert _status(http, sim, "invoices") == 200


def test_an_endpoint_outside_the_scopes_is_403_with_a_general_error(make_sim):
    sim = make_sim(scopes={"ORDER", "TEST"})
    http = authed_session(sim)
    order = sim.tenant.query("orders")[0]
    test = sim.tenant.query("tests")[0]
    assert _status(http, sim, "orders") == 200
    assert _status(http, sim, f"orders/{order}") == 200
    assert _status(http, sim, f"tests/{test}") == 200
    for path in (
        "customers",
        "invoices",
        f"invoices/{sim.tenant.query('invoices')[0]}",
        "api-clients",
        f"orders/{order}/comments",  # COMMENT is its own scope
        f"tests/{test}/worksheet/data",  # and WORKSHEET
    ):
        response = http.get(v2(sim, path), timeout=10)
        assert response.status_code == 403, path
        body = response.json()
        assert set(body) == ERROR_KEYS and body["error_type"] == "Forbidden"
    assert http.get(v1(sim, "customer"), timeout=10).status_code == 200  # v1: no scopes


def test_scopes_change_at_run_time_over_http(sim):
    http = authed_session(sim)
    order = sim.tenant.query("orders")[0]
    config = f"{sim.base_url}/_sim/config"
    answer = requests.post(config, json={"scopes": ["ORDER"]}, timeout=10)
    assert answer.status_code == 200 and answer.json()["scopes"] == ["ORDER"]
    assert _status(http, sim, f"orders/{order}/comments") == 403
    requests.post(config, json={"scopes": ["ORDER", "COMMENT"]}, timeout=10)
    assert _status(http, sim, f"orders/{order}/comments") == 200
    assert _status(http, sim, "samples") == 403
    requests.post(config, json={"scopes": None}, timeout=10)
    assert _status(http, sim, "samples") == 200
    bad = requests.post(config, json={"scopes": ["NOPE"]}, timeout=10)
    assert bad.status_code == 400
    assert requests.get(config, timeout=10).json()["scopes"] is None


def test_a_path_the_tenant_lacks_is_404(make_sim):
    sim = make_sim(missing_paths={"invoices", "orders/{order_id}/comments"})
    http = authed_session(sim)
    order = sim.tenant.query("orders")[0]
    invoice = sim.tenant.query("invoices")[0]
    for path in ("invoices", f"invoices/{invoice}", f"orders/{order}/comments"):
        response = http.get(v2(sim, path), timeout=10)
        assert response.status_code == 404 and set(response.json()) == ERROR_KEYS
    assert _status(http, sim, "invoice-items") == 200
    assert _status(http, sim, f"orders/{order}") == 200


def test_missing_paths_change_at_run_time_over_http(sim):
    http = authed_session(sim)
    config = f"{sim.base_url}/_sim/config"
    requests.post(config, json={"missing_paths": ["quotations"]}, timeout=10)
    assert _status(http, sim, "quotations") == 404
    requests.post(config, json={"missing_paths": []}, timeout=10)
    assert _status(http, sim, "quotations") == 200
    bad = requests.post(config, json={"missing_paths": ["no-such"]}, timeout=10)
    assert bad.status_code == 400


def test_command_line_flags_set_scopes_and_missing_paths():
    args = build_parser().parse_args(
        ["--scopes", "ORDER,SAMPLE", "--missing-paths", "invoices,payments"]
    )
    _, config = config_from_args(args)
    assert config.scopes == {"ORDER", "SAMPLE"}
    assert config.missing_paths == {"invoices", "payments"}
    _, default = config_from_args(build_parser().parse_args([]))
    assert default.scopes is None and default.missing_paths == frozenset()
    with pytest.raises(ValueError):
        config_from_args(build_parser().parse_args(["--scopes", "NOPE"]))
