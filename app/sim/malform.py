"""Turn a good 200 response into the broken ones a client must survive."""

from __future__ import annotations

import json

from app.sim.responses import Response

HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>QBench - Scheduled maintenance</title></head>"
    b"<body><h1>We'll be back shortly.</h1></body></html>"
)


def malform(response: Response, action: str) -> Response:
    """Apply a body fault (see ``app.sim.faults.ACTIONS``)."""
    if response.status != 200:
        return response
    if action == "truncated":
        body = response.body[: max(1, len(response.body) // 2)]
        return Response(200, body, dict(response.headers))
    if action == "short_read":
        return Response(200, response.body, dict(response.headers), short_read=True)
    if action == "html":
        return Response(
            200, HTML_PAGE, dict(response.headers), content_type="text/html"
        )
    payload = json.loads(response.body)
    rows = payload.get("data") if isinstance(payload, dict) else None
    if action == "bad_envelope" and "total_pages" in payload:
        payload["total_pages"] = str(payload["total_pages"])
    elif action == "wrong_types":
        target = rows[0] if isinstance(rows, list) and rows else rows
        if isinstance(target, dict):
            target["id"] = f"{target.get('id')}-x"
    elif action == "drop_row" and isinstance(rows, list) and rows:
        # What an offset page shows when a record before it was deleted while
        # the client paged: one live record is on no page the client reads.
        del rows[0]
    elif action == "missing_id":
        target = rows[len(rows) // 2] if isinstance(rows, list) and rows else rows
        if isinstance(target, dict):
            target.pop("id", None)
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return Response(200, body, dict(response.headers))
