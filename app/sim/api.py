"""The simulated QBench REST endpoints: v2 and v1 lists, single GETs and deletes.

Parameter rules follow the official v2 document and the README: ``page_num`` is
1-based, ``page_size`` at most 50 (above it the simulator clamps silently or
refuses, a setting), ``sort_order`` is ``ASC|DESC`` in v2 and ``asc|desc`` in v1,
``last_updated`` and ``include_deleted`` exist only where the document declares
them (elsewhere they are ignored, as unknown parameters are), and ``*_ids``
filters repeat the key. Past the last page ``data`` is empty.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from typing import Any

from app.entities import ENTITIES as REGISTRY
from app.entities import EntityDef, canonical
from app.sim.entities import CHILDREN, ENTITIES, EntitySpec
from app.sim.responses import Response, api_error, json_response
from app.sim.tenant import QueryError, Tenant

MAX_PAGE_SIZE = 50
V2_DEFAULT_PAGE_SIZE = 20
V1_DEFAULT_PAGE_SIZE = 50  # undocumented in v1; 50 is what clients see in practice
INCLUDE_DELETED = ("TRUE", "DELETED_ONLY")

_V2_ROUTES = {spec.v2_path: spec for spec in ENTITIES.values() if spec.top_level}
_V1_ROUTES = {spec.v1_path: spec for spec in ENTITIES.values() if spec.v1_path}
_SINGLE = re.compile(r"^(?P<base>/qbench/api/v[12]/[a-z-]+)/(?P<id>[^/]+)$")
# ``/orders/{order_id}/comments`` and ``/tests/{test_id}/worksheet/data``.
_UNDER = re.compile(
    r"^/qbench/api/v2/(?P<owner>[a-z-]+)/(?P<id>\d+)/(?P<rest>[a-z-]+(?:/[a-z-]+)?)$"
)
_WORKSHEET_DEFS = {d.per: d for d in REGISTRY.values() if d.sync == "worksheet"}
# v1 key orders seen in real responses (README §4): customers and orders differ.
_V1_ENVELOPE_ORDER = {
    "customers": ("total_pages", "total_count", "data"),
    "orders": ("data", "total_count", "total_pages"),
}


class BadRequest(Exception):
    """A parameter QBench would refuse with 400; ``field`` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class Route:
    """Which entity a path names, in which API, and the id for single GETs.

    ``kind`` is "list", "single", "children" (a listing under the record
    ``owner_id`` of ``spec.per``: order comments) or "worksheet" (the detailed
    worksheet of record ``record_id``). ``raw_id`` is the id as the path spells
    it (an api-client's UUID); ``record_id`` is filled once it is known.
    """

    spec: EntitySpec
    api: str
    record_id: int | None = None
    kind: str = "list"
    raw_id: str | None = None
    owner_id: int | None = None

    @property
    def registry(self) -> EntityDef:
        """The registry entry of what the path serves (scope, v2 path)."""
        if self.kind == "worksheet":
            return _WORKSHEET_DEFS[canonical(self.spec.name)]
        return REGISTRY[canonical(self.spec.name)]


def resolve(path: str) -> Route | None:
    """Map a request path to a Route, or None (404)."""
    if path in _V2_ROUTES:
        return Route(_V2_ROUTES[path], "v2")
    if path in _V1_ROUTES:
        return Route(_V1_ROUTES[path], "v1")
    under = _UNDER.match(path)
    if under is not None:
        return _resolve_under(under["owner"], int(under["id"]), under["rest"])
    match = _SINGLE.match(path)
    if not match:
        return None
    base, raw_id = match["base"], match["id"]
    spec = _V2_ROUTES.get(base) or _V1_ROUTES.get(base)
    if spec is None:
        return None
    api = "v2" if base in _V2_ROUTES else "v1"
    if spec.id_key is not None and api == "v2":
        return Route(spec, api, None, "single", raw_id)
    if not raw_id.isdigit() or int(raw_id) >= 2**31:
        return None  # path ids are int32
    return Route(spec, api, int(raw_id), "single", raw_id)


def _resolve_under(owner: str, owner_id: int, rest: str) -> Route | None:
    if owner_id >= 2**31 or owner not in ENTITIES:
        return None
    if rest == "worksheet/data" and canonical(owner) in _WORKSHEET_DEFS:
        return Route(ENTITIES[owner], "v2", owner_id, "worksheet", str(owner_id))
    child = CHILDREN.get(owner)
    if child is None or ENTITIES[child].v2_path.rsplit("/", 1)[-1] != rest:
        return None
    return Route(ENTITIES[child], "v2", None, "children", owner_id=owner_id)


def page_of(query: dict[str, list[str]]) -> int | None:
    """The requested page number, if it parses (used to aim faults)."""
    raw = query.get("page_num", [None])[-1]
    return int(raw) if raw is not None and raw.isdigit() else None


def _int_param(query: dict[str, list[str]], name: str, default: int) -> int:
    raw = query.get(name, [None])[-1]
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise BadRequest(name, "Not a valid integer.") from None


def _id_filters(spec: EntitySpec, query: dict[str, list[str]]) -> dict[str, list[int]]:
    filters: dict[str, list[int]] = {}
    for name in spec.id_filters:
        values = query.get(name)
        if not values:
            continue
        try:
            filters[name] = [int(v) for v in values]
        except ValueError:
            raise BadRequest(name, "Not a valid integer.") from None
    return filters


@dataclass(frozen=True)
class ListQuery:
    """A validated list request."""

    page_num: int
    page_size: int
    sort_by: str | None
    sort_order: str
    last_updated_after: int | None
    include_deleted: str | None
    id_filters: dict[str, list[int]]


def parse_list_query(
    spec: EntitySpec, api: str, query: dict[str, list[str]], oversize: str
) -> ListQuery:
    """Validate list parameters the way QBench does; raises BadRequest."""
    default_size = V2_DEFAULT_PAGE_SIZE if api == "v2" else V1_DEFAULT_PAGE_SIZE
    page_num = _int_param(query, "page_num", 1)
    page_size = _int_param(query, "page_size", default_size)
    if page_num < 1:
        raise BadRequest("page_num", "Must be greater than or equal to 1.")
    if page_size < 1:
        raise BadRequest("page_size", "Must be greater than or equal to 1.")
    if page_size > MAX_PAGE_SIZE:
        if oversize == "reject":
            raise BadRequest("page_size", f"Maximum page size is {MAX_PAGE_SIZE}.")
        page_size = MAX_PAGE_SIZE
    orders = ("ASC", "DESC") if api == "v2" else ("asc", "desc")
    sort_by = query.get("sort_by", [None])[-1] or None
    sort_order = query.get("sort_order", [orders[0]])[-1]
    if sort_order not in orders:
        raise BadRequest("sort_order", f"Must be one of: {', '.join(orders)}.")
    if api == "v2" and not spec.sortable:
        sort_by, sort_order = None, "ASC"
    last_updated = None
    include_deleted = None
    if api == "v2" and spec.last_updated_filter and query.get("last_updated"):
        raw = query["last_updated"][-1]
        if not re.fullmatch(r"-?\d+", raw.strip()):
            raise BadRequest("last_updated", "Must be a unix timestamp in seconds.")
        last_updated = int(raw)
    if api == "v2" and spec.include_deleted and query.get("include_deleted"):
        include_deleted = query["include_deleted"][-1]
        if include_deleted not in INCLUDE_DELETED:
            raise BadRequest(
                "include_deleted", f"Must be one of: {', '.join(INCLUDE_DELETED)}."
            )
    return ListQuery(
        page_num,
        page_size,
        sort_by,
        sort_order.upper(),
        last_updated,
        include_deleted,
        _id_filters(spec, query),
    )


def list_page(tenant: Tenant, spec: EntitySpec, api: str, q: ListQuery) -> Response:
    """One page of a list, in the version's envelope."""
    try:
        ids = tenant.query(
            spec.name,
            id_filters=q.id_filters,
            last_updated_after=q.last_updated_after,
            include_deleted=q.include_deleted,
            sort_by=q.sort_by,
            sort_order=q.sort_order,
            api=api,
        )
    except QueryError as exc:
        return api_error(api, 400, str(exc), [{"sort_by": [str(exc)]}])
    start = (q.page_num - 1) * q.page_size
    rows = [tenant.render(spec.name, i, api) for i in ids[start : start + q.page_size]]
    total = len(ids)
    pages = math.ceil(total / q.page_size)
    if api == "v2":
        payload: dict[str, Any] = {
            "data": rows,
            "page_number": q.page_num,
            "total_count": total,
            "total_pages": pages,
        }
        return json_response(200, payload)
    values = {
        "total_count": None if spec.name == "batches" else total,  # README Q10
        "total_pages": pages,
        "data": rows,
    }
    order = _V1_ENVELOPE_ORDER.get(spec.name, ("total_count", "total_pages", "data"))
    return json_response(200, {key: values[key] for key in order})


def _not_found(route: Route) -> Response:
    name = route.spec.name[:-1].replace("-", " ").capitalize()
    return api_error(route.api, 404, f"{name} with id {route.raw_id} not found.")


def single(tenant: Tenant, route: Route) -> Response:
    """A single GET: bare object in v1, ``{"data": {...}}`` in v2; 404 if missing."""
    if route.record_id is None or not tenant.exists(route.spec.name, route.record_id):
        return _not_found(route)
    record = tenant.render(route.spec.name, route.record_id, route.api, detail=True)
    return json_response(200, record if route.api == "v1" else {"data": record})


def delete(tenant: Tenant, route: Route) -> Response:
    """v2 ``DELETE /<res>/{id}``: soft delete, 204."""
    assert route.record_id is not None
    if route.api != "v2" or not route.spec.deletable:
        return api_error(route.api, 405, "Method not allowed.")
    if not tenant.exists(route.spec.name, route.record_id):
        return api_error("v2", 404, f"Record {route.record_id} not found.")
    tenant.delete(route.spec.name, route.record_id)
    return Response(204)


def handle(
    tenant: Tenant, method: str, path: str, query: dict[str, list[str]], oversize: str
) -> tuple[Response, Route | None]:
    """Serve one authenticated, admitted API request."""
    route = resolve(path)
    api = "v1" if path.startswith("/qbench/api/v1") else "v2"
    if route is None:
        return api_error(api, 404, "The requested URL was not found."), None
    if route.kind == "single" and route.record_id is None:
        route = replace(route, record_id=tenant.find(route.spec.name, route.raw_id))
    if route.kind in ("children", "worksheet"):
        if method != "GET":
            return api_error("v2", 405, "Method not allowed."), route
        if route.kind == "worksheet":
            return worksheet(tenant, route, query), route
    if method == "DELETE" and route.kind == "single":
        if route.record_id is None:
            return _not_found(route), route
        return delete(tenant, route), route
    if method != "GET":
        return api_error(route.api, 405, "Method not allowed."), route
    if route.kind == "single":
        return single(tenant, route), route
    try:
        q = parse_list_query(route.spec, route.api, query, oversize)
    except BadRequest as exc:
        return api_error(
            route.api, 400, exc.message, [{exc.field: [exc.message]}]
        ), route
    if route.kind == "children":
        owner = route.spec.per
        assert owner is not None and route.owner_id is not None
        if not tenant.exists(owner, route.owner_id):
            text = f"{owner[:-1].capitalize()} with id {route.owner_id} not found."
            return api_error("v2", 404, text), route
        owned = {f"{owner[:-1]}_ids": [route.owner_id]}
        q = replace(q, id_filters=q.id_filters | owned)
    return list_page(tenant, route.spec, route.api, q), route


def _flag(query: dict[str, list[str]], name: str) -> bool:
    return (query.get(name, ["false"])[-1] or "").lower() in ("true", "1")


def worksheet(tenant: Tenant, route: Route, query: dict[str, list[str]]) -> Response:
    """``GET /<tests|batches>/{id}/worksheet/data``: ``{"data": {...}}``, 404 if
    the test or batch is missing; ``raw_worksheet_data=true`` keeps each cell's
    ``{"value": …}`` object."""
    assert route.record_id is not None
    if not tenant.exists(route.spec.name, route.record_id):
        return _not_found(route)
    raw = _flag(query, "raw_worksheet_data")
    doc = tenant.worksheet(route.spec.name, route.record_id, raw=raw)
    return json_response(200, {"data": doc})
