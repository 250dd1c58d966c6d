"""v1 / v2 renderings of the simulated tenant: formats, shapes and quirks.

Test names carry the README fact they check (``q2`` = quirk Q2, ``5_3`` = §5.3).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from app.sim import vocab
from app.sim.clock import SimClock
from app.sim.render import fmt_date, fmt_datetime, fmt_rfc1123
from app.sim.tenant import Tenant, TenantSpec

DT = re.compile(r"\d{2}/\d{2}/\d{4} (0[1-9]|1[0-2]):[0-5]\d (AM|PM)")
DATE = re.compile(r"\d{2}/\d{2}/\d{4}")
RFC1123 = re.compile(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT")
CHICAGO = ZoneInfo("America/Chicago")
# Tenant custom fields flattened into v2 records (README Q12) and the v1-era
# fields the simulator also shows in v2 (§6.1 QuickBooks JSON, §6.3 weight).
V2_EXTRAS = vocab.CUSTOM_FIELDS


def make(profile: str = "tiny", **kwargs) -> Tenant:
    """A tenant on a frozen data clock at its anchor."""
    spec = TenantSpec(profile=profile, **kwargs)
    return Tenant(spec, SimClock(spec.anchor, ticking=False))


@pytest.fixture(scope="module")
def small() -> Tenant:
    return make("small")


@pytest.fixture(scope="module")
def v1(small) -> dict[str, list[dict]]:
    return small.dump("v1")


@pytest.fixture(scope="module")
def v2(small) -> dict[str, list[dict]]:
    return small.dump("v2")


def _utc(*args: int) -> int:
    return int(datetime(*args, tzinfo=UTC).timestamp())


def _fits(value, pattern: re.Pattern, nullable: bool = True) -> bool:
    return (value is None and nullable) or bool(pattern.fullmatch(str(value)))


# -- formats ------------------------------------------------------------------
def test_5_3_datetime_is_12_hour_lab_local_without_zone():
    assert fmt_datetime(_utc(2025, 10, 13, 20, 16), CHICAGO) == "10/13/2025 03:16 PM"
    assert fmt_datetime(_utc(2025, 1, 2, 6, 5), CHICAGO) == "01/02/2025 12:05 AM"
    assert fmt_datetime(_utc(2025, 1, 2, 18, 0), CHICAGO) == "01/02/2025 12:00 PM"
    assert fmt_date(_utc(2025, 1, 2, 5, 59), CHICAGO) == "01/01/2025"
    assert fmt_datetime(None, CHICAGO) is None


def test_5_3_rfc1123_in_gmt():
    assert fmt_rfc1123(_utc(2025, 10, 13, 13, 2)) == "Mon, 13 Oct 2025 13:02:00 GMT"


@pytest.mark.parametrize(
    ("when", "hours"), [((2025, 1, 15, 18, 30), 6), ((2025, 7, 15, 18, 30), 5)]
)
def test_5_3_dates_follow_the_lab_zone_and_its_dst(when, hours):
    """The same record rendered for two labs: the wall clock moves, DST included."""
    shown = {}
    for zone in ("America/Chicago", "UTC"):
        tenant = make(lab_tz=zone)
        order = tenant.query("orders")[0]
        tenant.update("orders", order, {"date_created": _utc(*when)})
        for api in ("v1", "v2"):
            text = tenant.render("orders", order, api)["date_created"]
            shown[(zone, api)] = datetime.strptime(text, "%m/%d/%Y %I:%M %p")
    for api in ("v1", "v2"):
        shift = shown[("UTC", api)] - shown[("America/Chicago", api)]
        assert shift.total_seconds() == hours * 3600


def test_5_3_v1_date_formats_per_field(v1):
    for c in v1["customers"]:
        assert _fits(c["date_created"], DT) and c["last_updated"].isdigit()
    for o in v1["orders"]:
        assert DT.fullmatch(o["date_created"]) and _fits(o["date_completed"], DT)
        assert _fits(o["date_received"], DT) and _fits(o["date_order_reported"], DATE)
        assert o["last_updated"].isdigit() and _fits(o["cc_latest_sync"], RFC1123)
    for s in v1["samples"]:
        assert DATE.fullmatch(s["date_created"]) and _fits(s["completed_date"], DT)
    for t in v1["tests"]:
        for field in ("date_created", "start_date", "complete_date"):
            assert _fits(t[field], DATE), field
        assert t["last_updated"].isdigit()
    for b in v1["batches"]:
        assert DATE.fullmatch(b["date_created"]) and b["last_updated"].isdigit()
    for r in v1["reports"]:
        assert DT.fullmatch(r["date_generated"]) and _fits(r["date_published"], DT)


def test_5_3_v2_dates_are_lab_local_minutes_and_tests_add_unix(small, v2):
    for entity in ("customers", "orders", "samples", "tests", "batches", "assays"):
        for row in v2[entity]:
            assert DT.fullmatch(row["last_updated"]), entity
            assert _fits(row["date_created"], DT), entity
    for t in v2["tests"]:
        stamp = t["last_updated_unix_timestamp"]
        assert isinstance(stamp, int)
        assert t["last_updated"] == fmt_datetime(stamp, small.tz)
        assert DATE.fullmatch(t["estimated_complete_date"])
        assert _fits(t["start_date"], DT) and _fits(t["complete_date"], DT)
    for o in v2["orders"]:
        assert _fits(o["cc_latest_sync"], RFC1123)
    assert any(o["cc_latest_sync"] for o in v2["orders"])


# -- quirks -------------------------------------------------------------------
def test_q1_customer_date_created_is_null_on_about_a_quarter(v1, v2):
    for rows in (v1["customers"], v2["customers"]):
        share = sum(c["date_created"] is None for c in rows) / len(rows)
        assert 0.1 <= share <= 0.4


def test_q2_customer_divisions_key_absent_on_some_rows(v1, v2):
    rows = v1["customers"]
    absent = [c for c in rows if "divisions" not in c]
    assert 0.15 <= len(absent) / len(rows) <= 0.45
    for c in rows:
        if "divisions" in c:
            assert c["divisions"] and set(c["divisions"][0]) == {
                "id",
                "name",
                "global_division",
            }
    assert not any("divisions" in c for c in v2["customers"])


def test_q2_customer_last_synced_absent_rather_than_null(v1):
    present = [c for c in v1["customers"] if "last_synced" in c]
    assert present and len(present) < len(v1["customers"])
    assert all(DT.fullmatch(c["last_synced"]) for c in present)


@pytest.mark.parametrize("api", ["v1", "v2"])
def test_q2_order_collected_datetime_absent_on_about_half(small, api):
    rows = small.dump(api)["orders"]
    present = [o for o in rows if "collected_datetime" in o]
    assert 0.3 <= len(present) / len(rows) <= 0.7
    assert all(DT.fullmatch(o["collected_datetime"]) for o in present)


def test_6_1_customer_names_keep_trailing_spaces_and_accents():
    names = [c["customer_name"] for c in make().dump("v1")["customers"]]
    assert "Laboratorio Peñalosa " in names and "Análisis São Paulo" in names
    assert any(n != n.rstrip() for n in names)
    assert all(ch in "".join(names) for ch in "ñüã")


def test_6_1_addresses_are_multi_line(v1):
    addresses = [c["address"] for c in v1["customers"] if c["address"]]
    assert any("\n" in a for a in addresses)


@pytest.mark.parametrize(
    ("entity", "fields"),
    [
        ("customers", ("allied_username", "lab", "license_number", "account_number")),
        ("orders", ("Dup_Aw_value", "collected_mcr")),
        ("samples", ("lot_number", "ExtInvID")),
    ],
)
def test_q12_tenant_custom_fields_are_flat_at_the_top_level(v1, v2, entity, fields):
    for dump in (v1, v2):
        for field in fields:
            assert all(field in row for row in dump[entity]), field
            assert any(row[field] not in (None, False) for row in dump[entity]), field
        assert not any("custom_fields" in row for row in dump[entity])


def test_q8_v1_customers_carry_deleted_false(small, v1):
    assert all(c["deleted"] is False for c in v1["customers"])
    everything = small.dump("v1", include_deleted=True)["customers"]
    assert any(c["deleted"] is True for c in everything)


def test_q7_reported_orders_show_has_report_false(v1):
    reported = [o for o in v1["orders"] if o["state"] == "REPORTED"]
    assert reported and any(o["has_report"] is False for o in reported)
    assert all(o["date_order_reported"] for o in reported)


def test_6_3_sample_weight_is_a_string_with_units(v1):
    weights = [s["sample_weight"] for s in v1["samples"] if s["sample_weight"]]
    assert all(re.fullmatch(r"\d+\.\d+(g|oz)", w) for w in weights)
    assert {w[-1] for w in weights} == {"g", "z"}


def test_6_4_worksheet_data_holds_free_text_values(small, v2):
    values = Counter()
    for t in v2["tests"]:
        for key, cell in t["worksheet_data"].items():
            assert isinstance(key, str) and set(cell) == {"value"}
            assert cell["value"] is None or isinstance(cell["value"], str)
            values[cell["value"]] += 1
    markers = {
        "ND",
        "DET",
        "NT",
        "PASS",
        "TNTC",
        "TRACE",
        ">20",
        ">1%",
        "33,333",
        "0..1",
    }
    assert markers <= set(values) and "0.12" in values
    test = small.query("tests")[0]
    assert (
        small.render("tests", test, "v1", detail=True)["worksheet_data"]
        == (small.render("tests", test, "v2")["worksheet_data"])
    )


def test_6_4_test_states_come_from_the_readme_lists(v2):
    states = {t["state"] for t in v2["tests"]}
    assert states <= set(vocab.TEST_STATES) and len(states) >= 6


def test_q3_v1_test_list_rows_lack_what_the_detail_has(small, v1):
    thin = {"label_abbr", "title", "has_report", "report_completed_date"}
    thin.add("worksheet_data")
    row = v1["tests"][0]
    assert not thin & set(row)
    detail = small.render("tests", row["id"], "v1", detail=True)
    assert thin <= set(detail) and {k: detail[k] for k in row} == row
    assay = small.full("assays", row["assay_id"])
    assert (detail["label_abbr"], detail["title"]) == (
        assay["label_abbr"],
        assay["title"],
    )


def test_q11_v1_orders_count_samples_and_tests_v2_orders_do_not(small, v1, v2):
    order = next(o for o in v1["orders"] if o["sample_count"] > 1)
    detail = small.render("orders", order["id"], "v1", detail=True)
    assert len(detail["samples"]) == order["sample_count"]
    assert sum(len(s["tests"]) for s in detail["samples"]) == order["test_count"]
    assert not any({"sample_count", "test_count"} & set(o) for o in v2["orders"])


def test_3_1_v1_sample_detail_nests_its_tests(small, v1):
    sample = next(s for s in v1["samples"] if s["test_count"])
    detail = small.render("samples", sample["id"], "v1", detail=True)
    assert [t["sample_id"] for t in detail["tests"]] == [sample["id"]] * len(
        detail["tests"]
    )
    assert len(detail["tests"]) == sample["test_count"]


def test_q11_batches_v1_id_arrays_v2_object_arrays(v1, v2):
    by_id = {b["id"]: b for b in v1["batches"]}
    for batch in v2["batches"]:
        assert "sample_ids" not in batch and "test_ids" not in batch
        assert batch["tests"] == [{"id": i} for i in by_id[batch["id"]]["test_ids"]]
        assert batch["samples"] == [{"id": i} for i in by_id[batch["id"]]["sample_ids"]]
    assert all(isinstance(s["batches"], list) for s in v1["samples"])


def test_6_7_reports_shape(small, v1, v2):
    for api, rows in (("v1", v1["reports"]), ("v2", v2["reports"])):
        assert all("last_updated" not in r for r in rows), api
        assert {r["state"] for r in rows} == {"PUBLISHED", "WITHDRAWN", "OVERRIDDEN"}
        ok = sum(r["render_status"] == "SUCCESSFUL" for r in rows)
        assert ok / len(rows) >= 0.85
        assert all(re.fullmatch(r"[0-9a-f]{15}", r["id_hash"]) for r in rows)
    now = small.clock.now()
    for report in v2["reports"]:
        url = report["url"]
        if report["render_status"] != "SUCCESSFUL":
            assert url is None  # no PDF to download
            continue
        assert url.startswith("https://") and "Signature=" in url
        expires = int(re.search(r"[?&]Expires=(\d+)", url).group(1))
        assert now < expires <= now + 2 * 3600


def test_q13_initial_quickbooks_details_is_json_inside_a_string(v1):
    texts = [c["initial_quickbooks_details"] for c in v1["customers"]]
    assert None in texts
    docs = [json.loads(t) for t in texts if t is not None]
    assert docs
    for doc in docs:
        created = doc["MetaData"]["CreateTime"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-0[56]:00", created)


def test_v2_field_names_follow_the_openapi_schemas(v2):
    """v2 keys are schema fields (``app.sync.v2_fields`` is generated from it)."""
    fields = pytest.importorskip("app.sync.v2_fields").V2_FIELDS
    for entity, allowed in fields.items():
        keys = set().union(*(row.keys() for row in v2[entity]))
        assert keys - allowed <= V2_EXTRAS.get(entity, set()), entity


def test_v2_nested_objects_are_small_dicts(small, v2):
    names = {
        c["id"]: c["customer_name"]
        for c in small.dump("v2", include_deleted=True)["customers"]
    }
    for order in v2["orders"]:
        account = order["customer_account"]
        assert account == {
            "id": order["customer_account_id"],
            "customer_name": names[account["id"]],
        }
    test = v2["tests"][0]
    assert test["assay"]["id"] == test["assay_id"] and "title" in test["assay"]
    assert test["sample"] == {"id": test["sample_id"]}


def test_render_returns_a_fresh_object_each_call(small):
    test = next(
        i for i in small.query("tests") if small.full("tests", i)["worksheet_data"]
    )
    first = small.render("tests", test, "v2")
    first["worksheet_data"].popitem()[1]["value"] = "mutated"
    assert small.render("tests", test, "v2") != first
    customer = small.render("customers", small.query("customers")[0], "v1")
    customer["tags"].append("mutated")
    assert "mutated" not in small.render("customers", customer["id"], "v1")["tags"]
    detail = small.render("tests", test, "v2", detail=True)
    assert "data" not in detail and detail["id"] == test
