"""The control surface (in-process and over ``/_sim``), churn, clock, and command."""

from __future__ import annotations

import json
import subprocess
import sys

import requests

from tests.sim.qb import authed_session, token, v2


def test_full_paging_of_the_small_tenant_equals_the_dump_v2_and_v1(make_sim):
    """Done-when: plain requests + a self-built JWT page the whole tenant exactly."""
    sim = make_sim("small")
    http = requests.Session()
    http.headers["Authorization"] = f"Bearer {token(sim, http)}"
    for api, dump in (("v2", sim.dump("v2")), ("v1", sim.dump("v1"))):
        for entity, expected in dump.items():
            from app.sim.entities import ENTITIES

            spec = ENTITIES[entity]
            url = sim.base_url + (spec.v2_path if api == "v2" else spec.v1_path)
            order = "ASC" if api == "v2" else "asc"
            rows, page = [], 1
            while True:
                body = http.get(
                    url,
                    params={
                        "page_num": page,
                        "page_size": 50,
                        "sort_by": "id",
                        "sort_order": order,
                    },
                    timeout=10,
                ).json()
                rows.extend(body["data"])
                if page >= body["total_pages"]:
                    break
                page += 1
            assert rows == expected, f"{api} {entity} differs from the dump"
    assert sum(len(rows) for rows in sim.dump("v2").values()) > 1500


def test_churn_mutates_between_page_requests(sim):
    http = authed_session(sim)
    before = {r["id"] for r in sim.dump()["tests"]}
    sim.set_churn("tests", updates=1, inserts=1, deletes=1)
    version = sim.tenant.version
    for page in (1, 2, 3):
        http.get(
            v2(sim, "tests"), params={"page_num": page, "page_size": 10}, timeout=10
        )
    after = {r["id"] for r in sim.dump()["tests"]}
    assert sim.tenant.version > version
    assert len(after - before) == 3  # three inserts
    assert len(before - after) == 3  # three deletes
    sim.clear_churn()
    version = sim.tenant.version
    http.get(v2(sim, "tests"), timeout=10)
    assert sim.tenant.version == version


def test_advance_moves_the_data_clock_and_stamps_updates(sim):
    start = sim.clock.now()
    assert sim.advance(3600) == start + 3600
    target = sim.dump()["tests"][0]["id"]
    sim.tenant.update("tests", target)
    row = next(r for r in sim.dump()["tests"] if r["id"] == target)
    assert row["last_updated_unix_timestamp"] == start + 3600


def test_control_over_http(sim):
    base = sim.base_url + "/_sim"
    assert requests.get(base + "/health", timeout=10).json()["ok"] is True
    stats = requests.get(base + "/stats", timeout=10).json()
    assert stats["tests"]["all"] == len(sim.dump(include_deleted=True)["tests"])
    assert stats["tests"]["live"] == len(sim.dump()["tests"])
    new_id = requests.post(base + "/records/customers", json={}, timeout=10).json()[
        "id"
    ]
    assert new_id in {r["id"] for r in sim.dump()["customers"]}
    assert requests.patch(
        f"{base}/records/customers/{new_id}",
        json={"customer_name": "Nuevo Cliente Ñandú"},
        timeout=10,
    ).ok
    row = next(r for r in sim.dump()["customers"] if r["id"] == new_id)
    assert row["customer_name"] == "Nuevo Cliente Ñandú"
    assert requests.delete(f"{base}/records/customers/{new_id}", timeout=10).ok
    assert new_id not in {r["id"] for r in sim.dump()["customers"]}
    dump = requests.get(
        base + "/dump", params={"api": "v1", "include_deleted": "1"}, timeout=10
    ).json()
    assert new_id in {r["id"] for r in dump["customers"]}
    now = requests.get(base + "/clock", timeout=10).json()["now"]
    assert (
        requests.post(base + "/clock/advance", json={"seconds": 60}, timeout=10).json()[
            "now"
        ]
        == now + 60
    )
    assert requests.post(
        base + "/faults",
        json={"action": "status", "status": 500, "times": 1},
        timeout=10,
    ).ok
    http = authed_session(sim)
    assert http.get(v2(sim, "orders"), timeout=10).status_code == 500
    counts = requests.get(base + "/counts", timeout=10).json()["counts"]
    assert {
        "method": "GET",
        "route": "/qbench/api/v2/orders",
        "status": 500,
        "count": 1,
    } in counts
    assert requests.post(
        base + "/churn", json={"entity": "orders", "inserts": 1}, timeout=10
    ).ok
    assert requests.post(base + "/tokens/expire", json={}, timeout=10).ok
    assert http.get(v2(sim, "orders"), timeout=10).status_code == 401
    bad = requests.post(base + "/faults", json={"action": "explode"}, timeout=10)
    assert bad.status_code == 400 and "explode" in bad.json()["error"]
    assert (
        requests.post(base + "/records/nothing", json={}, timeout=10).status_code == 400
    )
    # a record that does not exist: 404 with a plain message (fresh-user trial:
    # a 400 "KeyError: 3")
    missing = requests.patch(base + "/records/contacts/999999", json={}, timeout=10)
    assert missing.status_code == 404, missing.text
    assert "KeyError" not in missing.text and "999999" in missing.text
    gone = requests.delete(base + "/records/orders/999999", timeout=10)
    assert gone.status_code == 404


def test_an_unknown_scope_or_path_is_a_usage_error(capsys):
    import pytest

    from app.sim.__main__ import main

    for argv in (["--scopes", "FOO,ORDER"], ["--missing-paths", "bogus"]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2
        err = capsys.readouterr().err
        assert "unknown" in err and "Traceback" not in err


def test_simulator_runs_as_a_command():
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app.sim",
            "--profile",
            "tiny",
            "--port",
            "0",
            "--rate-limit",
            "100/10",
            "--frozen-clock",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    with proc:
        _check_command(proc)
    assert proc.returncode == 0


def _check_command(proc):
    try:
        ready = json.loads(proc.stdout.readline())
        assert ready["profile"] == "tiny" and ready["records"] > 50
        base = ready["base_url"]
        assert requests.get(base + "/_sim/health", timeout=10).json()["ok"]
        assert (
            requests.get(base + "/qbench/api/v2/orders", timeout=10).status_code == 401
        )
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0
