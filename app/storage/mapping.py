"""Pure mapping from a QBench record (v1 or v2 shape) to the typed columns of its row.

The mapping never fails on a bad field: the column becomes None and a problem is
reported. Only a record that cannot be a row at all (not an object, no integer
``id``) raises ``RecordError``; the caller keeps it raw in ``rejected_records``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any, Literal

from app.jsoncodec import NumberText
from app.storage.dates import epoch_seconds, is_blank, parse_qbench_datetime
from app.storage.payload import clean_text

Kind = Literal["int", "text", "date", "bool"]
MAX_BIGINT = 2**63 - 1
_INTEGER = re.compile(r"-?0*[0-9]{1,19}")  # longer ones cannot fit a BIGINT


class RecordError(ValueError):
    """The record cannot be mapped to a row at all (e.g. no integer id)."""


@dataclass(frozen=True)
class Column:
    """A typed column and the record keys it may come from (first present wins)."""

    name: str
    kind: Kind
    keys: tuple[str, ...]


def _c(name: str, kind: Kind, *keys: str) -> Column:
    return Column(name, kind, keys or (name,))


COLUMNS: dict[str, tuple[Column, ...]] = {
    "customers": (
        _c("customer_name", "text", "customer_name", "name"),
        _c("status", "text"),
        _c("date_created", "date"),
    ),
    "orders": (
        _c(
            "customer_id",
            "int",
            "customer_account_id",
            "customer_account.id",
            "customer_id",
        ),
        _c("custom_formatted_id", "text"),
        _c("state", "text"),
        _c("date_created", "date"),
        _c("date_received", "date"),
        _c("date_completed", "date", "date_completed", "completed_date"),
    ),
    "samples": (
        _c("order_id", "int", "order_id", "order.id"),
        _c("custom_formatted_id", "text"),
        _c("sample_type", "text", "sample_type", "accessioning_type.value"),
        _c("state", "text", "state", "status"),
        _c("date_created", "date"),
        _c("date_received", "date"),
    ),
    "batches": (
        _c("assay_id", "int", "assay_id", "assay.id"),
        _c("display_name", "text"),
        _c("date_created", "date"),
    ),
    "tests": (
        _c("sample_id", "int", "sample_id", "sample.id"),
        _c("assay_id", "int", "assay_id", "assay.id"),
        _c("panel_id", "int", "panel_id", "panel.id"),
        _c("state", "text", "state", "status"),
        _c("start_date", "date"),
        _c("complete_date", "date", "complete_date", "completed_date"),
        _c("date_created", "date"),
    ),
    "assays": (
        _c("title", "text"),
        _c("active", "bool"),
    ),
    "reports": (
        _c("order_id", "int", "order_id", "order.id"),
        _c("sample_id", "int", "sample_id", "sample.id"),
        _c("test_id", "int", "test_id", "test.id"),
        _c("state", "text"),
        _c("render_status", "text"),
        _c("date_generated", "date"),
    ),
}
# Batch links: v2 sends object arrays, v1 sends id arrays.
LINK_KEYS = {"samples": ("samples", "sample_ids"), "tests": ("tests", "test_ids")}
_MISSING = object()


@dataclass
class MappedRecord:
    """A record turned into a row, with what could not be read from it."""

    qbench_id: int
    row: dict[str, Any]
    links: dict[str, list[int]] | None = None
    problems: list[str] = field(default_factory=list)


def _lookup(record: dict[str, Any], key: str) -> Any:
    value: Any = record
    for part in key.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def as_int(value: Any) -> int | None:
    """An id from an int, an integral float or a digit string; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        value = int(value.strip())
    if isinstance(value, int) and -MAX_BIGINT <= value <= MAX_BIGINT:
        return value
    return None


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return None


def _as_text(value: Any) -> str | None:
    if isinstance(value, str):
        return clean_text(value)  # no database text holds NUL or lone surrogates
    if isinstance(value, NumberText):
        return value.text
    if isinstance(value, float) and not math.isfinite(value):
        return None  # NaN and infinities are no text: NULL, with a problem
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return str(value)
        except ValueError:  # an int past Python's int-string limit
            return None
    return None


def _convert(column: Column, value: Any, lab_tz: tzinfo | None) -> Any:
    if column.kind == "int":
        return as_int(value)
    if column.kind == "bool":
        return _as_bool(value)
    if column.kind == "date":
        return parse_qbench_datetime(value, lab_tz)
    return _as_text(value)


def _column_value(
    column: Column, record: dict[str, Any], lab_tz: tzinfo | None, problems: list[str]
) -> Any:
    for key in column.keys:
        raw = _lookup(record, key)
        if raw is _MISSING:
            continue
        if is_blank(raw):
            return None
        value = _convert(column, raw, lab_tz)
        if value is None:
            problems.append(f"{key}: cannot read {_shown(raw)} as {column.kind}")
        elif isinstance(raw, str) and column.kind == "text" and value is not raw:
            problems.append(
                f"{key}: NUL or lone surrogates replaced by U+FFFD in the column"
            )
        return value
    return None


def _shown(raw: Any) -> str:
    """``repr`` of a value, cut short (a problem message is not a copy)."""
    try:
        text = repr(raw)
    except ValueError:  # an int past Python's int-string limit
        return f"an integer of {raw.bit_length()} bits"
    return text if len(text) <= 200 else f"{text[:200]}…"


def record_id(record: Any) -> int:
    """The record's QBench id; raises RecordError if it has none."""
    if not isinstance(record, dict):
        raise RecordError(f"record is a {type(record).__name__}, not an object")
    if "id" not in record:
        raise RecordError("record has no id")
    qbench_id = as_int(record["id"])
    if qbench_id is None:
        raise RecordError(f"record id {_shown(record['id'])} is not an integer")
    return qbench_id


def _links(record: dict[str, Any], problems: list[str]) -> dict[str, list[int]] | None:
    links: dict[str, list[int]] = {}
    for name, keys in LINK_KEYS.items():
        items = next((record[k] for k in keys if k in record), _MISSING)
        if items is _MISSING or items is None:
            continue
        if not isinstance(items, list):
            problems.append(f"{name}: expected a list, got {type(items).__name__}")
            continue
        ids = [as_int(i.get("id") if isinstance(i, dict) else i) for i in items]
        if None in ids:
            problems.append(f"{name}: some entries have no integer id")
        links[name] = list(dict.fromkeys(i for i in ids if i is not None))
    return links or None


def _last_updated(
    record: dict[str, Any], lab_tz: tzinfo | None, problems: list[str]
) -> tuple[Any, int | None]:
    raw = record.get("last_updated")
    when = parse_qbench_datetime(raw, lab_tz)
    if when is None and not is_blank(raw):
        problems.append(f"last_updated: cannot read {_shown(raw)} as date")
    exact = record.get("last_updated_unix_timestamp")
    unix = epoch_seconds(exact)
    if unix is None and not is_blank(exact):
        problems.append(
            f"last_updated_unix_timestamp: cannot read {_shown(exact)} as unix time"
        )
    if unix is None:
        unix = epoch_seconds(raw)
    return when, unix


def map_record(
    entity: str, record: Any, *, lab_tz: tzinfo | None = None
) -> MappedRecord:
    """Map one record; raises RecordError only if it cannot be a row at all."""
    if entity not in COLUMNS:
        raise KeyError(f"unknown entity {entity!r}")
    qbench_id = record_id(record)
    problems: list[str] = []
    row: dict[str, Any] = {
        column.name: _column_value(column, record, lab_tz, problems)
        for column in COLUMNS[entity]
    }
    row["qbench_last_updated"], row["qbench_last_updated_unix"] = _last_updated(
        record, lab_tz, problems
    )
    # No field of the record decides whether it is deleted: v2 records carry no
    # deleted flag, and a tenant custom field may be called "deleted". Liveness
    # comes only from the listings (DELETED_ONLY) and from GET answering 404.
    links = _links(record, problems) if entity == "batches" else None
    return MappedRecord(qbench_id, row, links, problems)


def to_row(entity: str, record: Any, *, lab_tz: tzinfo | None = None) -> dict[str, Any]:
    """The typed columns of ``record`` (plus ``qbench_id``); see ``map_record``."""
    mapped = map_record(entity, record, lab_tz=lab_tz)
    return {"qbench_id": mapped.qbench_id, **mapped.row}
