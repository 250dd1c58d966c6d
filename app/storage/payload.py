"""The two forms a QBench record is kept in: the stored form and the exact form.

**Stored form** (``raw_payload``): RFC 8259 JSON that JSONB and SQLite's JSON
functions hold, so plain SQL over ``raw_payload`` always works. It equals the
record except where the record holds what a database or strict JSON cannot:

- a lone UTF-16 surrogate or NUL in a string or a key becomes U+FFFD
  (two keys that become equal: the later one wins);
- ``NaN`` / ``Infinity`` / ``-Infinity`` become the strings ``"NaN"`` /
  ``"Infinity"`` / ``"-Infinity"`` (the protobuf JSON mapping's convention);
- a number Python cannot hold (an integer longer than the int-string limit, a
  float literal like ``1e400``) becomes a string of its literal text;
- on PostgreSQL, floats JSONB writes differently (``1e300`` comes back as a
  301-digit integer, ``-0.0`` as ``0.0``) stay numbers of equal value.

**Exact form** (``raw_payload_exact``): only when the stored form differs from
the record, the record's JSON text in ASCII (``app.jsoncodec.exact_text``:
lone surrogates as ``\\udXXX``, NUL as ``\\u0000``, NaN as the bare token,
long integers as their digits). ``app.jsoncodec.decode`` turns it back into the
record. The original is therefore ``COALESCE(raw_payload_exact, raw_payload)``
read with a JSON parser that accepts NaN/Infinity.

Plain records, nearly all of them, cost one ``json.dumps`` and two scans of its
text; only the odd ones are walked.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from typing import Any

from app.jsoncodec import NumberText, exact_text

REPLACEMENT = "\ufffd"
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Float texts JSONB would not give back as the same Python value: exponents
# (json.dumps writes 1e+300, 1e-07) and negative zero. Strings that merely look
# like these only cost a walk that then finds nothing to change.
_JSONB_REWRITES = re.compile(r"[0-9]e[-+]|-0\.0(?![0-9])")
_NON_FINITE = {math.inf: "Infinity", -math.inf: "-Infinity"}


@dataclass(frozen=True)
class Encoded:
    """A record's stored JSON text, and its exact text when the two differ."""

    stored: str
    exact: str | None


class StoredJSON(str):
    """JSON text already in the stored form (``PayloadField`` passes it as is)."""


def clean_text(text: str) -> str:
    """``text`` with every NUL and lone surrogate replaced by U+FFFD."""
    if not _UNSTORABLE.search(text):
        return text
    return _UNSTORABLE.sub(REPLACEMENT, text)  # valid pairs were already joined


class _Walk:
    def __init__(self, postgres: bool) -> None:
        self.postgres = postgres
        self.changed = False

    def text(self, value: str) -> str:
        cleaned = clean_text(value)
        if cleaned is not value and cleaned != value:
            self.changed = True
        return cleaned

    def value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self.text(str(k)): self.value(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.value(item) for item in value]
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, float):
            return self.float(value)
        if isinstance(value, int):
            try:
                str(value)
            except ValueError:  # past the int-string limit
                self.changed = True
                return exact_text(value)
            return value
        if isinstance(value, NumberText):
            self.changed = True
            return value.text
        raise TypeError(f"not a JSON value: {type(value).__name__}")

    def float(self, value: float) -> Any:
        if math.isnan(value):
            self.changed = True
            return "NaN"
        if math.isinf(value):
            self.changed = True
            return _NON_FINITE[value]
        if self.postgres and _JSONB_REWRITES.search(repr(value)):
            self.changed = True  # JSONB keeps the value, not the float type
        return value


def encode(record: Any, *, postgres: bool) -> Encoded:
    """The stored form of ``record`` and, if it differs, the exact form."""
    try:
        text = json.dumps(record, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):  # NaN/Infinity, NumberText, a huge int
        return _slow(record, postgres)
    if (
        "\\u0000" in text
        or _UNSTORABLE.search(text)
        or (postgres and _JSONB_REWRITES.search(text))
    ):
        return _slow(record, postgres)
    return Encoded(text, None)


def _slow(record: Any, postgres: bool) -> Encoded:
    walk = _Walk(postgres)
    stored = json.dumps(walk.value(record), ensure_ascii=False, allow_nan=False)
    return Encoded(stored, exact_text(record) if walk.changed else None)


def stored_text(record: Any, *, postgres: bool) -> str:
    """Only the stored form (for writers that keep no exact form)."""
    return encode(record, postgres=postgres).stored
