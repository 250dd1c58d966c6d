"""JSON as QBench may send it: any valid JSON text decodes, and encodes back exactly.

``decode`` never fails on one value: an integer literal too long for Python's
int-string limit (``sys.get_int_max_str_digits()``) or a float literal a double
cannot hold (``1e400``, ``1e-400``) decodes to a ``NumberText`` holding its text;
``NaN`` / ``Infinity`` / ``-Infinity`` decode to floats; lone UTF-16 surrogates
and NUL stay in strings and keys. ``exact_text`` writes such a value back as
ASCII JSON text that decodes to the same value (a lone surrogate as ``\\udXXX``,
NaN as the bare token ``NaN``, a ``NumberText`` as its digits): the exact form.

A leaf module: the QBench client decodes with it, storage encodes with it.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

_MANTISSA_DIGIT = re.compile(r"[1-9]")


class NumberText:
    """A JSON number literal Python cannot hold as int or float, kept as its text."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NumberText) and other.text == self.text

    def __hash__(self) -> int:
        return hash(("NumberText", self.text))

    def __repr__(self) -> str:
        shown = self.text if len(self.text) <= 24 else f"{self.text[:20]}…"
        return f"NumberText({shown!r}, {len(self.text)} chars)"


def _parse_int(text: str) -> int | NumberText:
    try:
        return int(text)
    except ValueError:  # beyond the int-string limit
        return NumberText(text)


def _parse_float(text: str) -> float | NumberText:
    value = float(text)
    if math.isinf(value):
        return NumberText(text)  # 1e400: overflows a double
    if value == 0.0 and _MANTISSA_DIGIT.search(re.split("[eE]", text)[0]):
        return NumberText(text)  # 1e-400: underflows to zero
    return value


def decode(text: str | bytes) -> Any:
    """Decode JSON text; raises ValueError if the text is not JSON at all, or is
    nested deeper than Python's recursion limit (about 1000 levels)."""
    try:
        return json.loads(text, parse_int=_parse_int, parse_float=_parse_float)
    except RecursionError:
        raise ValueError("JSON nested too deep to read") from None


def _int_digits(value: int) -> str:
    """Decimal digits of any int, even past the int-string limit."""
    try:
        return str(value)
    except ValueError:
        pass
    sign, value = ("-", -value) if value < 0 else ("", value)
    chunk = 10**1000
    parts = []
    while value:
        value, rest = divmod(value, chunk)
        parts.append(rest)
    head = str(parts.pop())
    return sign + head + "".join(f"{part:01000d}" for part in reversed(parts))


def _write(value: Any, sort_keys: bool, out: list[str]) -> None:
    if isinstance(value, dict):
        items = sorted(value.items()) if sort_keys else value.items()
        out.append("{")
        for index, (key, item) in enumerate(items):
            if index:
                out.append(",")
            out.append(json.dumps(key))
            out.append(":")
            _write(item, sort_keys, out)
        out.append("}")
    elif isinstance(value, list | tuple):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _write(item, sort_keys, out)
        out.append("]")
    elif isinstance(value, NumberText):
        out.append(value.text)
    elif isinstance(value, int) and not isinstance(value, bool):
        out.append(_int_digits(value))
    else:
        out.append(json.dumps(value))


def exact_text(value: Any, *, sort_keys: bool = False) -> str:
    """ASCII JSON text that ``decode`` turns back into ``value`` (NaN-aware).

    ``sort_keys`` gives a canonical text for comparing two values.
    """
    try:
        return json.dumps(value, sort_keys=sort_keys, separators=(",", ":"))
    except (TypeError, ValueError):  # a NumberText, or an int past the limit
        out: list[str] = []
        _write(value, sort_keys, out)
        return "".join(out)
