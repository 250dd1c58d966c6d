"""Internal records → QBench v1 / v2 JSON shapes (README §5.3, §6, Q1–Q4, Q11–Q14).

Each (entity, api) shape is a field table written as tokens
``out[=internal][:fmt|@builder][?]``: ``fmt`` formats a scalar (``dt`` lab-local
``MM/DD/YYYY hh:mm AM/PM``, ``date`` ``MM/DD/YYYY``, ``epoch`` digits string,
``rfc`` RFC 1123 GMT, ``str``, ``obj`` a deep copy); ``@builder`` builds nested
objects from related records; a trailing ``?`` omits the key when the value is
None (README Q2: absent, not null). Internal names are v2 names; dates are
unix seconds rendered in the lab time zone, which is never shown.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import datetime
from email.utils import formatdate
from typing import Any, NamedTuple, Protocol
from urllib.parse import quote
from zoneinfo import ZoneInfo

from app.sim import files, vocab
from app.sim.extra_shapes import EXTRA_BUILDERS, EXTRA_SHAPES
from app.sim.shapes import SHAPES


class Context(Protocol):
    """What rendering needs from the tenant."""

    tz: ZoneInfo

    def core(self, entity: str, record_id: int) -> dict | None: ...
    def related(self, kind: str, record_id: int) -> list[int]: ...
    def row(self, entity: str, record_id: int, api: str) -> dict: ...
    def now(self) -> int: ...


Builder = Callable[[Any, dict, Context], Any]


def local(ts: int, tz: ZoneInfo) -> datetime:
    """The lab-local wall time of a unix timestamp."""
    return datetime.fromtimestamp(ts, tz)


def fmt_datetime(ts: int | None, tz: ZoneInfo) -> str | None:
    """``MM/DD/YYYY hh:mm AM/PM`` in the lab zone, no zone shown (README §5.3)."""
    if ts is None:
        return None
    d = local(ts, tz)
    hour = d.hour % 12 or 12
    return f"{d:%m/%d/%Y} {hour:02d}:{d.minute:02d} {'AM' if d.hour < 12 else 'PM'}"


def fmt_date(ts: int | None, tz: ZoneInfo) -> str | None:
    """``MM/DD/YYYY`` of the lab-local day."""
    return None if ts is None else f"{local(ts, tz):%m/%d/%Y}"


def fmt_rfc1123(ts: int | None) -> str | None:
    """``Mon, 13 Oct 2025 13:02:00 GMT`` (order ``cc_latest_sync``)."""
    return None if ts is None else formatdate(ts, usegmt=True)


_FORMATS: dict[str, Callable[[Any, ZoneInfo], Any]] = {
    "raw": lambda v, tz: v,
    "dt": fmt_datetime,
    "date": fmt_date,
    "epoch": lambda v, tz: None if v is None else str(v),
    "rfc": lambda v, tz: fmt_rfc1123(v),
    "str": lambda v, tz: None if v is None else str(v),
    "obj": lambda v, tz: copy.deepcopy(v),
}
SCALAR_FORMATS = frozenset(("raw", "dt", "date", "epoch", "rfc", "str"))


# -- builders -------------------------------------------------------------
def _ref(entity: str, *fields: str) -> Builder:
    def build(value: Any, full: dict, ctx: Context) -> dict | None:
        if value is None:
            return None
        rec = ctx.core(entity, value) or {}
        return {"id": value} | {f: rec.get(f) for f in fields}

    return build


def _static(table: tuple[dict, ...]) -> Builder:
    by_id = {item["id"]: item for item in table}
    return lambda v, full, ctx: None if v is None else dict(by_id.get(v, {"id": v}))


def _ids(kind: str) -> Builder:
    return lambda v, full, ctx: ctx.related(kind, full["id"])


def _objs(kind: str) -> Builder:
    return lambda v, full, ctx: [{"id": i} for i in ctx.related(kind, full["id"])]


def _count(kind: str) -> Builder:
    return lambda v, full, ctx: len(ctx.related(kind, full["id"]))


def _latest(kind: str) -> Builder:
    return lambda v, full, ctx: max(ctx.related(kind, full["id"]), default=None)


def _rows(kind: str, entity: str, nested: str | None = None) -> Builder:
    def build(value: Any, full: dict, ctx: Context) -> list[dict]:
        rows = []
        for rid in ctx.related(kind, full["id"]):
            row = ctx.row(entity, rid, "v1")
            if nested:
                row["tests"] = _rows(nested, "tests")(None, row, ctx)
            rows.append(row)
        return rows

    return build


def custom_formatted_id(entity: str, full: dict, tz: ZoneInfo) -> str:
    """``ORD-101325-3335`` style ids (README §6.2); samples and batches by id."""
    if entity == "orders":
        return f"ORD-{local(full['date_created'], tz):%m%d%y}-{full['id']}"
    return f"{'S' if entity == 'samples' else 'B'}{full['id']:06d}"


def _cfid(entity: str) -> Builder:
    return lambda v, full, ctx: custom_formatted_id(entity, full, ctx.tz)


def _order_ref(value: Any, full: dict, ctx: Context) -> dict | None:
    rec = None if value is None else ctx.core("orders", value)
    if rec is None:
        return None if value is None else {"id": value}
    return {
        "id": value,
        "custom_formatted_id": custom_formatted_id("orders", rec, ctx.tz),
    }


def _qb_json(value: Any, full: dict, ctx: Context) -> str | None:
    """README Q13: a JSON document inside a string, ISO-8601 dates with offset."""
    if value is None:
        return None
    doc = copy.deepcopy(value)
    for key, ts in value["MetaData"].items():
        doc["MetaData"][key] = local(ts, ctx.tz).isoformat(timespec="seconds")
    return json.dumps(doc)


def _report_url(value: Any, full: dict, ctx: Context) -> str | None:
    """README Q14: an S3 V2 presigned URL, null until the PDF rendered.

    Served by a running simulator (``app.sim.files``): on itself, ``Expires``
    ``file_url_ttl`` seconds ahead of the data clock. A tenant rendered without
    a server gets the S3 form, ``Expires`` 1–2 h ahead and hour-stable."""
    if full.get("render_status") != "SUCCESSFUL":
        return None
    base = getattr(ctx, "file_base_url", None)
    if base:
        expires = ctx.now() + int(getattr(ctx, "file_url_ttl", 3600))
        return files.presigned_url(base, full["id"], full["render_batch_uuid"], expires)
    expires = (ctx.now() // 3600 + 2) * 3600
    key = f"reports/{full['id_hash']}/report-{full['id']}.pdf"
    mac = hmac.new(b"qbench-sim", f"{key}:{expires}".encode(), hashlib.sha1).digest()
    signature = quote(base64.b64encode(mac).decode(), safe="")
    return (
        f"https://qbench-sim-reports.s3.amazonaws.com/{key}"
        f"?AWSAccessKeyId=AKIASIMULATOR000000&Expires={expires}&Signature={signature}"
    )


def _refs(entity: str, *fields: str, kind: str | None = None) -> Builder:
    one = _ref(entity, *fields)

    def build(value: Any, full: dict, ctx: Context) -> list[dict | None]:
        ids = ctx.related(kind, full["id"]) if kind else value or []
        return [one(i, full, ctx) for i in ids]

    return build


def _assay_field(name: str) -> Builder:
    return lambda v, full, ctx: (ctx.core("assays", v) or {}).get(name)


def _divisions(value: Any, full: dict, ctx: Context) -> list[dict]:
    return [_static(vocab.DIVISIONS)(i, full, ctx) for i in value or []]


def _id_ref(value: Any, full: dict, ctx: Context) -> dict | None:
    """``{"id": value}`` (None stays None): a nested record of an entity whose
    fields may change on their own (projects, turnarounds, API clients...)."""
    return None if value is None else {"id": value}


def _id_refs(value: Any, full: dict, ctx: Context) -> list[dict]:
    """``[{"id": i}, ...]`` of a list of ids (an assay's turnarounds...)."""
    return [{"id": i} for i in value or []]


def _latest_ref(kind: str) -> Builder:
    latest = _latest(kind)
    return lambda v, full, ctx: _id_ref(latest(v, full, ctx), full, ctx)


BUILDERS: dict[str, tuple[Builder, bool]] = {  # name -> (builder, scalar?)
    "user": (_static(vocab.USERS), False),
    "division": (_static(vocab.DIVISIONS), False),
    "divisions": (_divisions, False),
    "category": (_static(vocab.CATEGORIES), False),
    "location_type": (_static(vocab.LOCATION_TYPES), False),
    "customer": (_ref("customers", "customer_name"), False),
    "order": (_order_ref, False),
    "sample": (_ref("samples"), False),
    "test": (_ref("tests"), False),
    "assay": (_ref("assays", "title"), False),
    "panel": (_ref("panels", "title"), False),
    "acc_type": (_ref("accessioning-types", "value"), False),
    "location": (_ref("locations", "name"), False),
    "customers": (_refs("customers", "customer_name"), False),
    "assays": (_refs("assays", "title"), False),
    "contacts": (
        _refs("contacts", "first_name", "last_name", kind="customer.contacts"),
        False,
    ),
    "assay_panels": (_refs("panels", "title", kind="assay.panels"), False),
    "label_abbr": (_assay_field("label_abbr"), True),
    "title": (_assay_field("title"), True),
    "qb_json": (_qb_json, False),
    "report_url": (_report_url, True),
    "cfid_orders": (_cfid("orders"), True),
    "cfid_samples": (_cfid("samples"), True),
    "cfid_batches": (_cfid("batches"), True),
    "n_order_samples": (_count("order.samples"), True),
    "n_order_tests": (_count("order.tests"), True),
    "n_sample_tests": (_count("sample.tests"), True),
    "sample_batch_ids": (_ids("sample.batches"), False),
    "test_batch_ids": (_ids("test.batches"), False),
    "batch_sample_ids": (_ids("batch.samples"), False),
    "batch_test_ids": (_ids("batch.tests"), False),
    "sample_batches": (_objs("sample.batches"), False),
    "sample_tests": (_objs("sample.tests"), False),
    "sample_reports": (_objs("sample.reports"), False),
    "batch_samples": (_objs("batch.samples"), False),
    "batch_tests": (_objs("batch.tests"), False),
    "sample_latest_report": (_latest("sample.reports"), True),
    "test_latest_report": (_latest("test.reports"), True),
    "id_ref": (_id_ref, False),
    "id_refs": (_id_refs, False),
    "sample_latest_report_ref": (_latest_ref("sample.reports"), False),
    "test_latest_report_ref": (_latest_ref("test.reports"), False),
    "order_samples_v1": (_rows("order.samples", "samples", "sample.tests"), False),
    "sample_tests_v1": (_rows("sample.tests", "tests"), False),
}


BUILDERS.update(EXTRA_BUILDERS)


class Field(NamedTuple):
    """One output key of a shape."""

    out: str
    internal: str
    fmt: str  # a _FORMATS key, or "@" for a builder
    builder: Builder | None
    scalar: bool
    optional: bool


def _parse(token: str) -> Field:
    optional = token.endswith("?")
    token = token.rstrip("?")
    name, _, builder = token.partition("@")
    name, _, fmt = name.partition(":")
    out, _, internal = name.partition("=")
    if builder:
        fn, scalar = BUILDERS[builder]
        return Field(out, internal or out, "@", fn, scalar, optional)
    fmt = fmt or "raw"
    return Field(out, internal or out, fmt, None, fmt in SCALAR_FORMATS, optional)


_FIELDS: dict[tuple[str, str, bool], tuple[Field, ...]] = {}
for (_entity, _api), (_row, _extra) in (SHAPES | EXTRA_SHAPES).items():
    _base = tuple(_parse(t) for t in _row.split())
    _FIELDS[(_entity, _api, False)] = _base
    _FIELDS[(_entity, _api, True)] = _base + tuple(_parse(t) for t in _extra.split())


# Internal key of the output keys a test set verbatim (``Tenant.set_raw``).
RAW_FIELDS = "_raw_fields"
DROP = object()


def render_record(
    entity: str, api: str, full: dict, ctx: Context, *, detail: bool = False
) -> dict:
    """The JSON-ready v1/v2 shape of one full internal record (a fresh dict)."""
    out: dict[str, Any] = {}
    for field in _FIELDS[(entity, api, detail)]:
        value = full.get(field.internal)
        if field.optional and value is None:
            continue
        if field.builder is not None:
            out[field.out] = field.builder(value, full, ctx)
        else:
            out[field.out] = _FORMATS[field.fmt](value, ctx.tz)
    for key, value in (full.get(RAW_FIELDS) or {}).get(api, {}).items():
        if value is DROP:
            out.pop(key, None)
        else:
            out[key] = copy.deepcopy(value)
    return out


def sort_field(entity: str, api: str, name: str) -> Field | None:
    """The scalar field ``name`` of an entity's list or detail shape, if any."""
    for field in _FIELDS[(entity, api, True)]:
        if field.out == name and field.scalar:
            return field
    return None
