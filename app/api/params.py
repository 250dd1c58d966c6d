"""Declared request parameters: one table feeds both validation and OpenAPI."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.api.problems import ApiProblem
from app.api.queries import DEFAULT_LIMIT, MAX_BIGINT, MAX_LIMIT, MAX_TEXT_ID, sorts

TRUE = {"true", "1"}
FALSE = {"false", "0"}


@dataclass(frozen=True)
class Param:
    """One query or path parameter: its name, JSON schema and meaning."""

    name: str
    schema: dict[str, Any]
    description: str
    location: str = "query"

    def openapi(self) -> dict[str, Any]:
        """The OpenAPI parameter object."""
        return {
            "name": self.name,
            "in": self.location,
            "required": self.location == "path",
            "description": self.description,
            "schema": self.schema,
        }


def id_param(name: str, description: str, location: str = "query") -> Param:
    """A QBench id (a 64-bit non-negative integer)."""
    schema = {"type": "integer", "minimum": 0, "maximum": MAX_BIGINT}
    return Param(name, schema, description, location)


def entity_id_param(
    id_type: str, name: str, description: str, location: str = "query"
) -> Param:
    """The id of an entity whose QBench ids are ``id_type``: integers, or
    strings (api_clients' UUIDs) of at most ``MAX_TEXT_ID`` characters."""
    if id_type != "text":
        return id_param(name, description, location)
    schema = {"type": "string", "maxLength": MAX_TEXT_ID}
    return Param(name, schema, description, location)


def bool_param(name: str, description: str) -> Param:
    """A true/false flag, false unless given."""
    return Param(name, {"type": "boolean", "default": False}, description)


def datetime_param(name: str, description: str) -> Param:
    """An ISO 8601 date or date-time, compared as lab-local wall-clock time."""
    return Param(name, {"type": "string", "format": "date-time"}, description)


LIMIT = Param(
    "limit",
    {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
    f"Rows per page (at most {MAX_LIMIT}).",
)
AFTER_TEXT = "Sorted by id only: the last id of the previous page."
AFTER = id_param("after", AFTER_TEXT)
CURSOR = Param(
    "cursor",
    # a text id (up to MAX_TEXT_ID characters, JSON-escaped) fits, base64-coded
    {"type": "string", "maxLength": 8 * MAX_TEXT_ID + 200},
    "Any sort: next_cursor of the previous page (the Link rel=next carries it).",
)


def sort_param(entity: str) -> Param:
    """``sort`` on the listed fields of ``entity``; a leading ``-`` is descending."""
    return Param(
        "sort",
        {"type": "string", "enum": sorts(entity), "default": "id"},
        "Order by a field, ascending (field) or descending (-field); ties by "
        "id. Rows without the date come first ascending, last descending.",
    )


RAW_PAYLOAD, RAW_PAYLOAD_EXACT = "raw_payload", "raw_payload_exact"
BOTH_PAYLOADS = f"{RAW_PAYLOAD},{RAW_PAYLOAD_EXACT}"  # the same as raw_payload_exact
WITH_EXACT = (RAW_PAYLOAD_EXACT, BOTH_PAYLOADS)
INCLUDE = Param(
    "include",
    {"type": "string", "enum": [RAW_PAYLOAD, RAW_PAYLOAD_EXACT, BOTH_PAYLOADS]},
    "raw_payload: add QBench's record as stored (RFC 8259 JSON: NaN and "
    'Infinity as the strings "NaN" / "Infinity" / "-Infinity", integers '
    "too long for JSON parsers as digit strings, NUL and lone surrogates as "
    "U+FFFD). raw_payload_exact (or raw_payload,raw_payload_exact): both, the "
    "record's exact JSON text as a string where it differs from raw_payload "
    "(else null).",
)


def bad_parameter(name: str, text: str) -> ApiProblem:
    """The 400 problem for query parameter ``name``."""
    return ApiProblem(400, f"query parameter {name!r}: {text}", title="Bad Request")


def _convert(param: Param, raw: str) -> Any:
    schema = param.schema
    kind = schema["type"]
    if "\x00" in raw:
        raise bad_parameter(param.name, "must not contain NUL characters")
    if kind == "integer":
        try:
            value = int(raw)
        except ValueError:
            raise bad_parameter(param.name, "must be an integer") from None
        low, high = schema.get("minimum"), schema.get("maximum")
        if (low is not None and value < low) or (high is not None and value > high):
            raise bad_parameter(param.name, f"must be between {low} and {high}")
        return value
    if kind == "boolean":
        if raw.lower() in TRUE | FALSE:
            return raw.lower() in TRUE
        raise bad_parameter(param.name, "must be true or false")
    if len(raw) > schema.get("maxLength", len(raw)):
        raise bad_parameter(param.name, f"must be at most {schema['maxLength']} long")
    if "enum" in schema and raw not in schema["enum"]:
        raise bad_parameter(param.name, f"must be one of {schema['enum']}")
    if schema.get("format") == "date-time":
        return parse_datetime(param.name, raw)
    return raw


def parse_datetime(name: str, raw: str) -> datetime:
    """An ISO 8601 date or date-time; any UTC offset is dropped (lab-local)."""
    try:
        if len(raw) == 10:
            return datetime.combine(date.fromisoformat(raw), datetime.min.time())
        return datetime.fromisoformat(raw).replace(tzinfo=None)
    except ValueError:
        raise bad_parameter(name, "must be an ISO 8601 date or date-time") from None


def parse_query(params: tuple[Param, ...], args: Mapping[str, str]) -> dict[str, Any]:
    """The declared query parameters converted; 400 for unknown or bad ones."""
    known = {p.name: p for p in params if p.location == "query"}
    unknown = sorted(set(args) - known.keys())
    if unknown:
        raise ApiProblem(
            400,
            f"unknown query parameter(s) {unknown}; known: {sorted(known)}",
            title="Bad Request",
        )
    values: dict[str, Any] = {}
    for name, param in known.items():
        raw = args.get(name)
        if raw is None:
            values[name] = param.schema.get("default")
        else:
            values[name] = _convert(param, raw)
    return values
