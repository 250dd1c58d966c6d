"""Report PDFs served the way QBench serves them: presigned, expiring, no auth.

A SUCCESSFUL report's ``url`` points at the simulator itself:
``<base>/_files/reports/<id>/<render_batch_uuid>?Expires=<unix>&Signature=<hmac>``
(an S3 V2 presigned URL in shape: README Q14). A GET needs no Authorization;
after ``Expires`` (the simulator's data clock) it answers 403 with S3's XML, a
wrong signature likewise, and a version that is no longer the report's current
render 404 ``NoSuchKey`` (S3 keeps one object per report). The bytes are a
deterministic function of (report id, render version): a ``%PDF-1.4`` document
of some KB, a few of several MB (``is_large``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import random
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from app.sim.responses import Response

if TYPE_CHECKING:
    from app.sim.tenant import Tenant

FILES_PREFIX = "/_files/"
_KEY = b"qbench-sim-files"
_PATH = re.compile(r"/_files/reports/(\d+)/([0-9a-f-]{36})")
LARGE_EVERY = 40  # about one report in 40 has a PDF of several MB


def is_large(report_id: int) -> bool:
    """Whether this report's PDFs are several MB (a stable pick by id)."""
    digest = hashlib.sha256(f"large/{report_id}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % LARGE_EVERY == 0


def pdf_bytes(report_id: int, version: str) -> bytes:
    """The PDF of this render of this report (same arguments, same bytes)."""
    rng = random.Random(f"pdf/{report_id}/{version}")
    if is_large(report_id):
        size = rng.randint(2_500_000, 6_000_000)
    else:
        size = rng.randint(3_000, 60_000)
    head = (
        f"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
        f"% QBench simulator report {report_id}, render {version}\n"
    ).encode("latin-1")
    tail = b"\n%%EOF\n"
    return head + rng.randbytes(max(0, size - len(head) - len(tail))) + tail


def _signature(path: str, expires: int) -> str:
    mac = hmac.new(_KEY, f"GET\n{path}\n{expires}".encode(), hashlib.sha1).digest()
    return base64.b64encode(mac).decode()


def report_path(report_id: int, version: str) -> str:
    """The path of one render's PDF on the simulator."""
    return f"{FILES_PREFIX}reports/{report_id}/{version}"


def presigned_url(base_url: str, report_id: int, version: str, expires: int) -> str:
    """A URL to GET the PDF without auth until ``expires`` (unix, sim clock)."""
    path = report_path(report_id, version)
    signature = quote(_signature(path, expires), safe="")
    return (
        f"{base_url}{path}?AWSAccessKeyId=AKIASIMULATOR000000"
        f"&Expires={expires}&Signature={signature}"
    )


def s3_error(status: int, code: str, message: str) -> Response:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{message}</Message>"
        "<RequestId>SIMULATOR</RequestId></Error>"
    ).encode()
    return Response(status, body, content_type="application/xml")


def serve(tenant: Tenant, path: str, query: dict[str, list[str]]) -> Response:
    """Answer a GET on a presigned file URL."""
    match = _PATH.fullmatch(path)
    if match is None:
        return s3_error(404, "NoSuchKey", "The specified key does not exist.")
    expires_text = (query.get("Expires") or [""])[-1]
    signature = (query.get("Signature") or [""])[-1]
    if not expires_text.isdigit() or not hmac.compare_digest(
        signature, _signature(path, int(expires_text))
    ):
        return s3_error(
            403,
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature "
            "you provided.",
        )
    if tenant.now() > int(expires_text):
        return s3_error(403, "AccessDenied", "Request has expired")
    report_id, version = int(match[1]), match[2]
    current = tenant.report_render(report_id)
    if current is None or current != version:
        return s3_error(404, "NoSuchKey", "The specified key does not exist.")
    body = pdf_bytes(report_id, version)
    return Response(
        200,
        body,
        headers={
            "ETag": f'"{hashlib.md5(body).hexdigest()}"',  # S3's ETag, not security
            "Content-Disposition": f'inline; filename="report-{report_id}.pdf"',
        },
        content_type="application/pdf",
    )
