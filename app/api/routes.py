"""The route table and its views: read-only entity routes, sync status and trigger.

``ROUTES`` is the single source of truth: ``factory`` registers exactly these
rules and ``openapi`` documents exactly these, which a test checks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from flask import Response, current_app, g, jsonify, request

from app import paths
from app.api import queries
from app.api.params import (
    AFTER_TEXT,
    CURSOR,
    INCLUDE,
    LIMIT,
    WITH_EXACT,
    Param,
    bad_parameter,
    bool_param,
    datetime_param,
    entity_id_param,
    id_param,
    parse_query,
    sort_param,
)
from app.api.problems import ApiProblem
from app.errors import SyncLockedError
from app.run_state import RunOutcome

PREFIX = "/api/v1"
EXTENSION = "qbench_api"


@dataclass(frozen=True)
class ApiContext:
    """What the views need besides the database."""

    sync_running: Callable[[], bool] | None = None
    trigger_sync: Callable[[], None] | None = None
    # The status file's outcome (app.run_state) and the redacted URL it must name.
    status_file: Callable[[], RunOutcome | None] | None = None
    database: str | None = None


@dataclass(frozen=True)
class Route:
    """One registered rule: method, path, view, documentation."""

    rule: str  # Flask syntax, e.g. /api/v1/orders/<int:qbench_id>
    method: str
    endpoint: str
    view: Callable[..., Any]
    summary: str
    params: tuple[Param, ...] = ()
    response: str = "Object"  # name of the success schema in openapi
    status: int = 200
    auth: bool = True
    tags: tuple[str, ...] = field(default=("data",))


def _context() -> ApiContext:
    return current_app.extensions[EXTENSION]


def _running() -> bool:
    check = _context().sync_running
    return check is not None and check()


def _next_link(name: str, value: int | str, drop: str = "") -> str:
    args = request.args.to_dict()
    args.pop(drop, None)
    args[name] = str(value)
    return f'<{request.base_url}?{urlencode(args)}>; rel="next"'


def _cursor(
    text: str | None, after: int | str | None, sort: str, id_type: str = "int"
) -> queries.Cursor | None:
    """Where to go on from: ``cursor``, or ``after`` for id sorts; else 400."""
    if after is not None:
        if text is not None or sort.lstrip("-") != queries.ID_SORT:
            raise bad_parameter(
                "after", "works with sort=id or -id alone; otherwise follow next_cursor"
            )
        return queries.Cursor(sort, None, after)
    if text is None:
        return None
    try:
        return queries.Cursor.decode(text, sort, id_type)
    except queries.BadCursor as exc:
        raise bad_parameter("cursor", str(exc)) from None


def list_params(entity: str) -> tuple[Param, ...]:
    """The query parameters of the list route of ``entity``."""
    spec = queries.SPECS[entity]
    params = [
        LIMIT,
        entity_id_param(spec.id_type, "after", AFTER_TEXT),
        CURSOR,
        sort_param(entity),
        INCLUDE,
        bool_param("include_deleted", "Also rows QBench has deleted."),
        bool_param("include_total", "Add the number of matching rows."),
    ]
    if spec.stamped:  # the others' records carry no last_updated to compare
        params.append(
            datetime_param(
                "updated_since", "Rows QBench changed at or after this time."
            )
        )
    if spec.created:
        params.append(datetime_param("created_from", f"{spec.created} >= this."))
        params.append(datetime_param("created_to", f"{spec.created} < this."))
    if spec.state:
        params.append(
            Param("state", {"type": "string"}, f"Exact {spec.state} of the row.")
        )
    params.extend(id_param(name, f"Only rows with this {name}.") for name in spec.refs)
    return tuple(params)


def _list_view(entity: str) -> Callable[[], Response]:
    params = list_params(entity)

    def view() -> Response:
        values = parse_query(params, request.args)
        query = queries.ListQuery(
            limit=values["limit"],
            cursor=_cursor(
                values["cursor"],
                values["after"],
                values["sort"],
                queries.SPECS[entity].id_type,
            ),
            sort=values["sort"],
            include_deleted=values["include_deleted"],
            include_raw=values["include"] is not None,
            include_exact=values["include"] in WITH_EXACT,
            include_total=values["include_total"],
            updated_since=values.get("updated_since"),
            created_from=values.get("created_from"),
            created_to=values.get("created_to"),
            state=values.get("state"),
            refs={k: values[k] for k in queries.SPECS[entity].refs if values[k]},
        )
        page = queries.list_rows(entity, query)
        body: dict[str, Any] = {
            "items": page.items,
            "next_after": page.next_after,
            "next_cursor": page.next_cursor,
        }
        if page.total is not None:
            body["total"] = page.total
        response = jsonify(body)
        if page.next_cursor is not None:
            response.headers["Link"] = _next_link(
                "cursor", page.next_cursor, drop="after"
            )
        return response

    view.__name__ = f"list_{entity}"
    return view


def _detail_view(entity: str) -> Callable[[int | str], Response]:
    def view(qbench_id: int | str) -> Response:
        values = parse_query((INCLUDE,), request.args)
        row = queries.get_row(  # None too for an id no row can have
            entity,
            qbench_id,
            values["include"] is not None,
            values["include"] in WITH_EXACT,
        )
        if row is None:
            raise ApiProblem(404, f"no {entity} row with id {qbench_id}")
        return jsonify(row)

    view.__name__ = f"get_{entity}"
    return view


RUNS_LIMIT = Param(
    "limit",
    {"type": "integer", "minimum": 1, "maximum": queries.MAX_LIMIT, "default": 50},
    "Runs per page.",
)
RUNS_BEFORE = Param(
    "before",
    {"type": "integer", "minimum": 0, "maximum": queries.MAX_BIGINT},
    "Cursor: runs with a smaller id than this (the previous page's next_before).",
)


def health() -> Response:
    """Liveness: no database, no auth."""
    return jsonify({"status": "ok"})


def sync_status() -> Response:
    """The indicator's state, last success per entity, whether a sync runs."""
    parse_query((), request.args)
    context = _context()
    outcome = context.status_file() if context.status_file is not None else None
    error = g.get("db_error")
    if error is not None:  # the database is down: the status file speaks
        status = queries.status_without_database(
            _running(), outcome, context.database, error
        )
        return jsonify(status)
    return jsonify(queries.sync_status(_running(), outcome, context.database))


def sync_runs() -> Response:
    """Run history, newest first."""
    values = parse_query((RUNS_LIMIT, RUNS_BEFORE), request.args)
    items, cursor = queries.sync_runs(values["limit"], values["before"], _running())
    response = jsonify({"items": items, "next_before": cursor})
    if cursor is not None:
        response.headers["Link"] = _next_link("before", cursor)
    return response


def trigger_sync() -> Response:
    """Start a sync in the background (only when enabled in the settings)."""
    parse_query((), request.args)
    trigger = _context().trigger_sync
    if trigger is None:
        raise ApiProblem(403, "starting a sync from the API is disabled in Settings")
    if _running():
        raise ApiProblem(409, "a sync is already running", title="Conflict")
    try:
        trigger()
    except SyncLockedError as exc:
        raise ApiProblem(409, str(exc), title="Conflict") from None
    response = jsonify({"status": "started"})
    response.status_code = 202
    return response


def openapi_json() -> Response:
    """The OpenAPI 3 document of these routes."""
    from app.api.openapi import build_document

    return jsonify(build_document())


def docs_page() -> Response:
    """A small offline page that renders openapi.json."""
    page = paths.resource_path("api-docs.html").read_bytes()
    return Response(page, mimetype="text/html", headers={"Cache-Control": "no-cache"})


def _entity_routes() -> list[Route]:
    routes = []
    for entity, spec in queries.SPECS.items():
        text_id = spec.id_type == "text"
        routes.append(
            Route(
                f"{PREFIX}/{entity}",
                "GET",
                f"list_{entity}",
                _list_view(entity),
                f"List {entity} (keyset pages)",
                list_params(entity),
                response=f"{entity}_page",
            )
        )
        routes.append(
            Route(
                f"{PREFIX}/{entity}/<{'' if text_id else 'int:'}qbench_id>",
                "GET",
                f"get_{entity}",
                _detail_view(entity),
                f"One {entity} row by QBench id",
                (
                    entity_id_param(
                        spec.id_type, "qbench_id", "The QBench id.", "path"
                    ),
                    INCLUDE,
                ),
                response=f"{entity}_row",
            )
        )
    return routes


ROUTES: tuple[Route, ...] = (
    Route(f"{PREFIX}/health", "GET", "health", health, "Liveness", auth=False,
          response="Health", tags=("meta",)),
    Route(f"{PREFIX}/openapi.json", "GET", "openapi", openapi_json,
          "This OpenAPI document", auth=False, tags=("meta",)),
    Route(f"{PREFIX}/docs", "GET", "docs", docs_page, "Human-readable API page",
          auth=False, response="html", tags=("meta",)),
    *_entity_routes(),
    Route(f"{PREFIX}/sync/status", "GET", "sync_status", sync_status,
          "Backup state (as the window's indicator), last success per entity, "
          "is a sync running", response="SyncStatus",
          tags=("sync",)),
    Route(f"{PREFIX}/sync/runs", "GET", "sync_runs", sync_runs, "Run history",
          (RUNS_LIMIT, RUNS_BEFORE), response="SyncRuns", tags=("sync",)),
    Route(f"{PREFIX}/sync", "POST", "trigger_sync", trigger_sync,
          "Start a sync (if enabled)", response="SyncStarted", status=202,
          tags=("sync",)),
)  # fmt: skip
