"""Report PDFs on the simulator: presigned, expiring, deterministic, re-renderable."""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qs, urlsplit

import requests

from app.sim import files
from tests.sim.qb import authed_session, v2


def _reports(sim, http) -> list[dict]:
    rows, page = [], 1
    while True:
        body = http.get(
            v2(sim, "reports"), params={"page_num": page, "page_size": 50}, timeout=10
        ).json()
        rows.extend(body["data"])
        if page >= body["total_pages"]:
            return rows
        page += 1


def _detail(sim, http, report_id: int) -> dict:
    return http.get(f"{v2(sim, 'reports')}/{report_id}", timeout=10).json()["data"]


def test_successful_reports_have_a_presigned_url_others_null(make_sim):
    sim = make_sim("small")
    http = authed_session(sim)
    rows = _reports(sim, http)
    ok = [r for r in rows if r["render_status"] == "SUCCESSFUL"]
    others = [r for r in rows if r["render_status"] != "SUCCESSFUL"]
    assert ok and others
    assert all(r["url"] is None for r in others)
    now = sim.clock.now()
    for report in ok:
        parts = urlsplit(report["url"])
        assert f"{parts.scheme}://{parts.netloc}" == sim.base_url
        assert (
            parts.path
            == f"/_files/reports/{report['id']}/{report['render_batch_uuid']}"
        )
        query = parse_qs(parts.query)
        assert int(query["Expires"][0]) == now + 3600  # default 1 h of sim clock
        assert query["Signature"][0]


def test_a_pdf_downloads_without_auth_with_deterministic_bytes(make_sim):
    sim = make_sim("small")
    http = authed_session(sim)
    report = next(r for r in _reports(sim, http) if r["url"])
    plain = requests.Session()  # no Authorization header at all
    first = plain.get(report["url"], timeout=10)
    assert first.status_code == 200
    assert first.headers["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF-1.4") and first.content.endswith(b"%%EOF\n")
    assert len(first.content) >= 3_000
    assert first.content == files.pdf_bytes(report["id"], report["render_batch_uuid"])
    again = plain.get(_detail(sim, http, report["id"])["url"], timeout=10)
    assert (
        hashlib.sha256(again.content).digest() == hashlib.sha256(first.content).digest()
    )
    # the sim's request log sees the download, under its own route
    assert sim.request_count("/_files/reports", status=200) == 2


def test_a_few_reports_are_several_mb():
    sizes = {
        rid: len(files.pdf_bytes(rid, "00000000-0000-4000-8000-000000000000"))
        for rid in range(1, 201)
    }
    large = [rid for rid, size in sizes.items() if size >= 2_000_000]
    assert 1 <= len(large) <= 20
    assert all(size < 100_000 for rid, size in sizes.items() if rid not in large)


def test_an_expired_or_tampered_url_is_refused_s3_style(make_sim):
    sim = make_sim("tiny", file_url_ttl=600)
    http = authed_session(sim)
    report = next(r for r in _reports(sim, http) if r["url"])
    url = report["url"]
    assert int(parse_qs(urlsplit(url).query)["Expires"][0]) == sim.clock.now() + 600
    tampered = url.replace("Expires=", "Expires=9")
    refused = requests.get(tampered, timeout=10)
    assert refused.status_code == 403
    assert "<Code>SignatureDoesNotMatch</Code>" in refused.text
    sim.advance(601)
    expired = requests.get(url, timeout=10)
    assert expired.status_code == 403
    assert expired.headers["Content-Type"].startswith("application/xml")
    assert "<Code>AccessDenied</Code>" in expired.text
    assert "Request has expired" in expired.text
    fresh = requests.get(_detail(sim, http, report["id"])["url"], timeout=10)
    assert fresh.status_code == 200


def test_a_re_render_makes_a_new_version_with_new_bytes(make_sim):
    sim = make_sim("tiny")
    http = authed_session(sim)
    report = next(r for r in _reports(sim, http) if r["url"])
    old_url, rid = report["url"], report["id"]
    old_bytes = requests.get(old_url, timeout=10).content
    stamped = {
        name: sim.tenant.core(name, pid)["last_updated"]
        for name, pid in (
            ("orders", report["order_id"]),
            ("samples", report["sample_id"]),
            ("tests", report["test_id"]),
        )
        if pid is not None
    }
    sim.advance(120)
    answer = requests.post(
        f"{sim.base_url}/_sim/records/reports/{rid}/render", timeout=10
    )
    assert answer.status_code == 200
    version = answer.json()["render_batch_uuid"]
    detail = _detail(sim, http, rid)
    assert detail["render_batch_uuid"] == version != report["render_batch_uuid"]
    assert detail["date_generated"] != report["date_generated"]
    assert detail["render_status"] == "SUCCESSFUL"
    new_bytes = requests.get(detail["url"], timeout=10).content
    assert new_bytes.startswith(b"%PDF-1.4") and new_bytes != old_bytes
    assert new_bytes == files.pdf_bytes(rid, version)
    # S3 keeps one object per report: the old render's key is gone
    gone = requests.get(old_url, timeout=10)
    assert gone.status_code == 404 and "NoSuchKey" in gone.text
    # the parent the report is listed under is stamped, as any report edit does
    now = sim.clock.now()
    assert stamped
    assert all(
        sim.tenant.core(n, i)["last_updated"] == now
        for n, i in [(name, report[f"{name[:-1]}_id"]) for name in stamped]
    )


def test_a_failed_report_gets_its_pdf_once_re_rendered(make_sim):
    sim = make_sim("small")
    http = authed_session(sim)
    failed = next(r for r in _reports(sim, http) if r["render_status"] != "SUCCESSFUL")
    assert failed["url"] is None
    sim.tenant.rerender(failed["id"])
    detail = _detail(sim, http, failed["id"])
    assert detail["render_error_message"] is None
    assert requests.get(detail["url"], timeout=10).status_code == 200


def test_file_downloads_get_only_the_faults_that_name_them(make_sim):
    sim = make_sim("tiny")
    http = authed_session(sim)
    report = next(r for r in _reports(sim, http) if r["url"])
    sim.add_fault("status", status=500, times=1)  # every API call: not files
    assert requests.get(report["url"], timeout=10).status_code == 200
    sim.clear_faults()
    sim.add_fault("status", path="/_files/", status=503, times=1)
    failed = requests.get(report["url"], timeout=10)
    assert failed.status_code == 503 and "<Code>InternalError</Code>" in failed.text
    assert requests.get(report["url"], timeout=10).status_code == 200


def test_with_silent_reports_a_re_render_stamps_no_parent(make_sim):
    sim = make_sim("tiny", silent_reports=True)
    rid = next(r["id"] for r in sim.dump()["reports"] if r["url"])
    before = {o["id"]: o["last_updated"] for o in sim.dump()["orders"]}
    sim.advance(60)
    sim.tenant.rerender(rid)
    assert {o["id"]: o["last_updated"] for o in sim.dump()["orders"]} == before
