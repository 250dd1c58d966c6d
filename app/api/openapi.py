"""The OpenAPI 3 document, built from the same route table the app registers."""

from __future__ import annotations

import re
from typing import Any

import peewee

from app import __version__
from app.api.problems import PROBLEM_TYPE
from app.api.queries import SPECS
from app.api.routes import ROUTES, Route
from app.run_state import OUTCOME_STATUSES, STATES
from app.storage.models import ENTITY_MODELS, EntityModel, IngestionRun, PayloadField

_CONVERTER = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")


def openapi_path(rule: str) -> str:
    """A Flask rule in OpenAPI syntax: ``<int:qbench_id>`` → ``{qbench_id}``."""
    return _CONVERTER.sub(r"{\1}", rule)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _column_schema(column: peewee.Field) -> dict[str, Any]:
    if isinstance(column, PayloadField):
        return {
            "description": "QBench's record in its stored form: RFC 8259 JSON; "
            "NaN/Infinity/-Infinity as strings, over-long integers as digit "
            "strings, NUL and lone surrogates as U+FFFD (see raw_payload_exact)."
        }
    if column.name == "raw_payload_exact":
        return {
            "type": "string",
            "nullable": True,
            "description": "The record's exact JSON text (ASCII; may hold NaN, "
            "Infinity and long integers as bare tokens) when it differs from "
            "raw_payload; null when raw_payload is the record exactly.",
        }
    if isinstance(column, peewee.BooleanField):
        schema: dict[str, Any] = {"type": "boolean"}
    elif isinstance(column, peewee.IntegerField):  # BigInteger, Auto too
        schema = {"type": "integer"}
    elif isinstance(column, peewee.FloatField | peewee.DecimalField):  # "number"
        schema = {"type": "number"}
    elif isinstance(column, peewee.DateTimeField):
        schema = {"type": "string", "description": "ISO 8601, no offset"}
    else:
        schema = {"type": "string"}
    if column.null:
        schema["nullable"] = True
    return schema


def _row_schema(model: type[peewee.Model], optional: tuple[str, ...] = ()) -> dict:
    columns = {f.name: _column_schema(f) for f in model._meta.sorted_fields}
    return {
        "type": "object",
        "properties": columns,
        "required": [name for name in columns if name not in optional],
        "additionalProperties": False,
    }


def _page_schema(
    item: str, cursor: str, *, with_cursor: bool = False
) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "items": {"type": "array", "items": _ref(item)},
        cursor: {"type": "integer", "nullable": True},
        "total": {"type": "integer", "minimum": 0},
    }
    required = ["items", cursor]
    if with_cursor:
        properties["next_cursor"] = {"type": "string", "nullable": True}
        required.append("next_cursor")
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _nullable(name: str) -> dict[str, Any]:
    return {"allOf": [_ref(name)], "nullable": True}


def _schemas() -> dict[str, Any]:
    schemas: dict[str, Any] = {
        "Problem": {
            "type": "object",
            "properties": {
                "type": {"type": "string"},
                "title": {"type": "string"},
                "status": {"type": "integer"},
                "detail": {"type": "string"},
            },
            "required": ["type", "title", "status", "detail"],
        },
        "Object": {"type": "object"},
        "Health": {
            "type": "object",
            "properties": {"status": {"type": "string", "enum": ["ok"]}},
            "required": ["status"],
        },
        "SyncStarted": {
            "type": "object",
            "properties": {"status": {"type": "string", "enum": ["started"]}},
            "required": ["status"],
        },
        "Run": _row_schema(IngestionRun),
        "Checkpoint": {"type": "object"},
        "SyncRuns": _page_schema("Run", "next_before"),
    }
    entity_status = {
        "type": "object",
        "properties": {
            "last_success": _nullable("Run"),
            "last_run": {
                "allOf": [_ref("Run")],
                "nullable": True,
                "description": "The entity's newest finished run: status "
                "success, failed, cancelled, or skipped (QBench refused it: "
                "403/404; user_message names the scope to grant)",
            },
            "checkpoint": _nullable("Checkpoint"),
        },
        "required": ["last_success", "last_run", "checkpoint"],
    }
    schemas.update(_backup_schemas())
    schemas["SyncStatus"] = {
        "type": "object",
        "properties": {
            "running": {"type": "boolean"},
            "backup": _ref("BackupState"),
            "entities": {
                "type": "object",
                "description": "Empty while the database cannot be read",
                "properties": {name: entity_status for name in SPECS},
            },
            "database": {
                "type": "object",
                "description": "Whether the backup database could be read; when "
                "not, why (English) and the same in Spanish",
                "properties": {
                    "available": {"type": "boolean"},
                    "error": {"type": "string", "nullable": True},
                    "user_message": {"type": "string", "nullable": True},
                },
                "required": ["available", "error", "user_message"],
            },
        },
        "required": ["running", "backup", "entities", "database"],
    }
    for entity in SPECS:
        schemas[f"{entity}_row"] = _entity_row(ENTITY_MODELS[entity])
        schemas[f"{entity}_page"] = _page_schema(
            f"{entity}_row", "next_after", with_cursor=True
        )
    return schemas


def _backup_schemas() -> dict[str, Any]:
    """The indicator's state (``app.run_state``) and the run that decided it."""
    text = {"type": "string", "nullable": True}
    when = {"type": "string", "nullable": True, "description": "ISO 8601, UTC"}
    outcome = {
        "run_id": {"type": "string"},
        "status": {"type": "string", "enum": list(OUTCOME_STATUSES)},
        "started_at": {"type": "string", "description": "ISO 8601, UTC"},
        "finished_at": when,
        "error": {**text, "description": "Why it did not succeed (English)"},
        "user_message": {**text, "description": "The same in Spanish"},
        "exit_code": {"type": "integer", "nullable": True},
        "database": {**text, "description": "The database (password hidden)"},
    }
    state = {
        "state": {
            "type": "string",
            "enum": list(STATES),
            "description": "ok (green); stale, partial (the newest run "
            "skipped entities the API client may not read: the reason names "
            "them and the scope to grant; exit code 5), elsewhere (the newest "
            "run wrote into another database), cancelled, interrupted (amber); "
            "failed (red); never (grey): as the window's indicator",
        },
        "last_success_at": when,
        "reason": {**text, "description": "Why the state is not ok (Spanish)"},
        "last_run": _nullable("RunOutcome"),
    }
    return {
        "RunOutcome": {
            "type": "object",
            "properties": outcome,
            "required": list(outcome),
        },
        "BackupState": {"type": "object", "properties": state, "required": list(state)},
    }


def _entity_row(model: type[EntityModel]) -> dict[str, Any]:
    return _row_schema(model, optional=("raw_payload", "raw_payload_exact"))


def _problem(description: str, headers: dict | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": {PROBLEM_TYPE: {"schema": _ref("Problem")}},
    }
    if headers:
        response["headers"] = headers
    return response


def _success(route: Route) -> dict[str, Any]:
    if route.response == "html":
        content = {"text/html": {"schema": {"type": "string"}}}
    else:
        content = {"application/json": {"schema": _ref(route.response)}}
    response: dict[str, Any] = {"description": route.summary, "content": content}
    if route.response.endswith("_page") or route.response == "SyncRuns":
        response["headers"] = {
            "Link": {
                "description": 'RFC 8288 link to the next page (rel="next")',
                "schema": {"type": "string"},
            }
        }
    return response


def _operation(route: Route) -> dict[str, Any]:
    responses: dict[str, Any] = {str(route.status): _success(route)}
    if route.auth:
        responses["400"] = _problem("Unknown or invalid parameter")
        responses["401"] = _problem(
            "Missing or wrong bearer token",
            {"WWW-Authenticate": {"schema": {"type": "string"}}},
        )
    if "{" in openapi_path(route.rule):
        responses["404"] = _problem("No such row")
    if route.method == "POST":
        responses["403"] = _problem("Starting a sync from the API is disabled")
        responses["409"] = _problem("A sync is already running")
    responses["default"] = _problem("Any other error")
    operation: dict[str, Any] = {
        "operationId": route.endpoint,
        "summary": route.summary,
        "tags": list(route.tags),
        "parameters": [p.openapi() for p in route.params],
        "responses": responses,
    }
    if route.auth:
        operation["security"] = [{"bearer": []}]
    return operation


def build_document() -> dict[str, Any]:
    """The whole OpenAPI 3.0 document."""
    paths: dict[str, dict[str, Any]] = {}
    for route in ROUTES:
        item = paths.setdefault(openapi_path(route.rule), {})
        item[route.method.lower()] = _operation(route)
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "qbench-backup local REST API",
            "version": __version__,
            "description": "Read-only access to the backed-up QBench data.",
        },
        "paths": paths,
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
