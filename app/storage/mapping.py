"""Pure mapping from a QBench record (v1 or v2 shape) to the typed columns of its row.

The mapping never fails on a bad field: the column becomes None and a problem is
reported. Only a record that cannot be a row at all (not an object, no ``id`` of
its entity's ``id_type``) raises ``RecordError``; the caller keeps it raw in
``rejected_records``. Which columns an entity has, and from which keys, is the
registry's (``app.entities``); ``Column`` is re-exported from there.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any

from app.entities import ENTITIES, Column
from app.jsoncodec import NumberText
from app.storage.dates import epoch_seconds, is_blank, parse_qbench_datetime
from app.storage.payload import clean_text

MAX_BIGINT = 2**63 - 1
_INTEGER = re.compile(r"-?0*[0-9]{1,19}")  # longer ones cannot fit a BIGINT
# A decimal number as text ("12.50", "-3", "1e3"); float() alone would also take
# "nan", "inf" and "1_000".
_DECIMAL = re.compile(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
QbenchId = int | str  # a record's id: an integer, or text where id_type="text"


class RecordError(ValueError):
    """The record cannot be mapped to a row at all (e.g. no integer id)."""


COLUMNS: dict[str, tuple[Column, ...]] = {
    definition.name: definition.columns for definition in ENTITIES.values()
}
"""Each registry entity's typed columns (``app.entities``), by entity name."""

# Batch links: v2 sends object arrays, v1 sends id arrays.
LINK_KEYS = {"samples": ("samples", "sample_ids"), "tests": ("tests", "test_ids")}
_MISSING = object()


@dataclass
class MappedRecord:
    """A record turned into a row, with what could not be read from it."""

    qbench_id: QbenchId
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


def as_number(value: Any) -> float | None:
    """A finite float from an int, a float or a decimal string; else None
    (NaN, infinities, booleans, numbers past a double's range, other text)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        if not _DECIMAL.fullmatch(value.strip()):
            return None
        value = value.strip()
    if isinstance(value, NumberText):  # a literal past Python's float/int range
        value = value.text
    if not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except (OverflowError, ValueError):  # an int past a double, or no number
        return None
    return number if math.isfinite(number) else None


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
    if column.kind == "number":
        return as_number(value)
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


def record_id(record: Any, id_type: str = "int") -> QbenchId:
    """The record's QBench id; raises RecordError if it has none.

    ``id_type`` is the entity's (``EntityDef.id_type``): "int" wants an integer
    (or an integral float or digit string) that fits a BIGINT; "text" (the
    UUIDs of api-clients) wants non-blank text a database can hold (no NUL, no
    lone surrogates), and takes an integer as its decimal text.
    """
    if not isinstance(record, dict):
        raise RecordError(f"record is a {type(record).__name__}, not an object")
    if "id" not in record:
        raise RecordError("record has no id")
    raw = record["id"]
    if id_type == "text":
        text = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else raw
        if isinstance(text, str) and text.strip() and clean_text(text) == text:
            return text
        raise RecordError(f"record id {_shown(raw)} is not a text id")
    qbench_id = as_int(raw)
    if qbench_id is None:
        raise RecordError(f"record id {_shown(raw)} is not an integer")
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
    entity: str,
    record: Any,
    *,
    lab_tz: tzinfo | None = None,
    fixed: dict[str, Any] | None = None,
    qbench_id: QbenchId | None = None,
) -> MappedRecord:
    """Map one record; raises RecordError only if it cannot be a row at all.

    ``fixed`` gives typed columns the record itself lacks (a comment listed
    under ``/orders/5/comments`` carries no ``order_id``: ``{"order_id": 5}``);
    they win over the record's keys. ``qbench_id`` keys a document that is not
    a listed record (a test's worksheet is stored under the test's id); the
    document may then be any JSON value.
    """
    if entity not in COLUMNS:
        raise KeyError(f"unknown entity {entity!r}")
    fixed = fixed or {}
    unknown = set(fixed) - {column.name for column in COLUMNS[entity]}
    if unknown:
        raise KeyError(f"{entity} has no typed columns {sorted(unknown)}")
    if qbench_id is None:
        qbench_id = record_id(record, ENTITIES[entity].id_type)
    fields = record if isinstance(record, dict) else {}
    problems: list[str] = []
    row: dict[str, Any] = {
        column.name: fixed[column.name]
        if column.name in fixed
        else _column_value(column, fields, lab_tz, problems)
        for column in COLUMNS[entity]
    }
    row["qbench_last_updated"], row["qbench_last_updated_unix"] = _last_updated(
        fields, lab_tz, problems
    )
    # No field of the record decides whether it is deleted: v2 records carry no
    # deleted flag, and a tenant custom field may be called "deleted". Liveness
    # comes only from the listings (DELETED_ONLY) and from GET answering 404.
    links = _links(fields, problems) if entity == "batches" else None
    return MappedRecord(qbench_id, row, links, problems)


def to_row(entity: str, record: Any, *, lab_tz: tzinfo | None = None) -> dict[str, Any]:
    """The typed columns of ``record`` (plus ``qbench_id``); see ``map_record``."""
    mapped = map_record(entity, record, lab_tz=lab_tz)
    return {"qbench_id": mapped.qbench_id, **mapped.row}
