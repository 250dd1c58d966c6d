"""The simulator's control surface over HTTP (``/_sim/...``), for out-of-process use.

Everything here calls the same ``Simulator`` methods tests use in-process:

| method + path                           | effect                                  |
|-----------------------------------------|-----------------------------------------|
| GET    /_sim/health                     | ``{"ok": true, "profile", "clients"}``  |
| GET    /_sim/stats                      | records per entity (live, all)          |
| GET    /_sim/clock                      | ``{"now": unix}``                       |
| POST   /_sim/clock/advance {"seconds"}  | moves the data clock forward            |
| POST   /_sim/records/<entity> {fields}  | insert, ``{"id": n, "public_id"}``      |
| PATCH  /_sim/records/<entity>/<id>      | update with the JSON body's fields      |
| DELETE /_sim/records/<entity>/<id>      | delete (soft; hidden where no           |
|                                         | include_deleted is declared)            |
| PATCH  /_sim/worksheets/<tests|batches>/<id> {cell: value} | worksheet edit |
| POST   /_sim/records/reports/<id>/render | re-render the PDF (new version)   |

``<entity>`` is the simulator's name (the v2 path: ``invoice-items``; order
comments are ``order-comments``); ``<id>`` may also be the id the API shows
(an api-client's UUID). ``/_sim/config`` also takes ``scopes`` (a list of
OpenAPI tags, or null for all), ``missing_paths`` (v2 paths answering 404) and
``stamp_comments``.
| GET    /_sim/dump?api=v1&include_deleted=1 | the whole tenant                     |
| GET    /_sim/counts / DELETE            | request counters / reset them           |
| POST   /_sim/faults {FaultRule fields}  | add a fault rule; DELETE clears all     |
| POST   /_sim/churn {"entity", "updates", "inserts", "deletes"}; DELETE clears |
| POST   /_sim/tokens/expire {"after_requests": n?} | expire tokens             |
| GET    /_sim/config                     | the protocol switches                   |
| POST   /_sim/config {switch: value}     | change them (``Simulator.configure``)   |
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from app.sim.responses import Response, json_response

if TYPE_CHECKING:
    from app.sim.server import Simulator


def _body(raw: bytes) -> dict[str, Any]:
    data = json.loads(raw or b"{}")
    if not isinstance(data, dict):
        raise ValueError("the body must be a JSON object")
    return data


def handle(
    sim: Simulator, method: str, path: str, query: dict[str, list[str]], raw: bytes
) -> Response:
    """Dispatch one control request; errors come back as 400 ``{"error"}``."""
    try:
        return _dispatch(sim, method, path.split("/")[2:], query, _body(raw))
    except LookupError as exc:  # no such record: 404, like QBench
        message = exc.args[0] if exc.args else str(exc)
        return json_response(404, {"error": f"not found: {message}"})
    except (ValueError, TypeError) as exc:
        return json_response(400, {"error": str(exc)})


def _dispatch(
    sim: Simulator,
    method: str,
    parts: list[str],
    query: dict[str, list[str]],
    body: dict[str, Any],
) -> Response:
    key = (method, parts[0] if parts else "")
    if key == ("GET", "health"):
        return json_response(
            200,
            {
                "ok": True,
                "profile": sim.spec.profile,
                "clients": len(sim.config.clients),
            },
        )
    if key == ("GET", "stats"):
        tenant = sim.tenant
        return json_response(
            200,
            {
                e: {
                    "live": tenant.count(e),
                    "all": tenant.count(e, include_deleted=True),
                }
                for e in tenant.entities()
            },
        )
    if key == ("GET", "clock"):
        return json_response(200, {"now": sim.clock.now()})
    if key == ("POST", "clock"):
        return json_response(200, {"now": sim.advance(float(body["seconds"]))})
    if parts and parts[0] == "records":
        return _records(sim, method, parts[1:], body)
    if method == "PATCH" and parts and parts[0] == "worksheets" and len(parts) == 3:
        record_id = int(parts[2])
        if not sim.tenant.exists(parts[1], record_id):
            raise KeyError(f"no {parts[1]} {record_id}")
        sim.tenant.edit_worksheet(parts[1], record_id, body)
        return json_response(200, sim.tenant.worksheet(parts[1], record_id))
    if key == ("GET", "dump"):
        api_version = query.get("api", ["v2"])[-1]
        deleted = query.get("include_deleted", ["0"])[-1] in {"1", "true", "TRUE"}
        return json_response(200, sim.dump(api_version, include_deleted=deleted))
    if key == ("GET", "counts"):
        rows = [
            {"method": m, "route": r, "status": s, "count": n}
            for (m, r, s), n in sorted(sim.counts().items())
        ]
        return json_response(200, {"counts": rows})
    if key == ("DELETE", "counts"):
        sim.reset_counts()
        return json_response(200, {"ok": True})
    if key == ("POST", "faults"):
        sim.add_fault(body.pop("action"), **body)
        return json_response(201, {"ok": True})
    if key == ("DELETE", "faults"):
        sim.clear_faults()
        return json_response(200, {"ok": True})
    if key == ("POST", "churn"):
        sim.set_churn(body.pop("entity"), **body)
        return json_response(201, {"ok": True})
    if key == ("DELETE", "churn"):
        sim.clear_churn()
        return json_response(200, {"ok": True})
    if key == ("GET", "config"):
        return json_response(200, sim.config.protocol())
    if key == ("POST", "config"):
        return json_response(200, sim.configure(**body))
    if key == ("POST", "tokens"):
        sim.expire_tokens(body.get("after_requests"))
        return json_response(200, {"ok": True})
    return json_response(404, {"error": "unknown control endpoint"})


def _records(
    sim: Simulator, method: str, parts: list[str], body: dict[str, Any]
) -> Response:
    if not parts or parts[0] not in sim.tenant.entities():
        raise ValueError(f"unknown entity {parts[0] if parts else ''!r}")
    entity = parts[0]
    if method == "POST" and len(parts) == 1:
        rid = sim.tenant.insert(entity, body or None)
        public = sim.tenant.render(entity, rid, "v2")["id"]
        return json_response(201, {"id": rid, "public_id": public})
    if method == "POST" and entity == "reports" and parts[2:] == ["render"]:
        report_id = sim.tenant.find(entity, parts[1], internal=True)
        if report_id is None or not sim.tenant.exists(entity, report_id):
            raise KeyError(f"no report {parts[1]}")
        version = sim.tenant.rerender(report_id)
        return json_response(200, {"render_batch_uuid": version})
    record_id = (
        sim.tenant.find(entity, parts[1], internal=True) if len(parts) == 2 else None
    )
    if record_id is None:
        raise ValueError("expected /_sim/records/<entity>/<id>")
    if method == "PATCH":
        sim.tenant.update(entity, record_id, body or None)
    elif method == "DELETE":
        sim.tenant.delete(entity, record_id)
    else:
        raise ValueError(f"{method} is not supported on a record")
    return json_response(200, {"ok": True})
