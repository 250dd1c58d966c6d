"""app.jsoncodec: any JSON text decodes; exact_text writes the same value back."""

from __future__ import annotations

import json
import math
import sys

import pytest

from app.jsoncodec import NumberText, decode, exact_text


def test_values_python_cannot_hold_decode_to_number_text():
    digits = "7" * (sys.get_int_max_str_digits() + 700)
    with pytest.raises(ValueError):
        json.loads(f"[{digits}]")  # what made a whole page undecodable
    value = decode(f"[{digits}, -{digits}, 1e400, -1E+400, 1e-400, 0e5, 1e308]")
    assert value[:5] == [
        NumberText(digits), NumberText("-" + digits), NumberText("1e400"),
        NumberText("-1E+400"), NumberText("1e-400"),
    ]  # fmt: skip
    assert value[5:] == [0.0, 1e308]
    assert len(repr(value[0])) < 80


def test_nan_infinity_surrogates_and_nul_decode_and_round_trip():
    text = '{"a":NaN,"b":[Infinity,-Infinity],"c\\u0000":"x\\ud83dy","d":-0.0}'
    value = decode(text)
    assert math.isnan(value["a"]) and value["b"] == [math.inf, -math.inf]
    assert value["c\x00"] == "x\ud83dy"
    assert exact_text(value) == text
    assert exact_text(value).isascii()


def test_exact_text_writes_number_text_and_huge_ints_as_digits():
    digits = "1" + "0" * 5000
    assert exact_text({"n": NumberText(digits)}) == '{"n":' + digits + "}"
    assert exact_text([10**5000, -(10**5000)]) == f"[{digits},-{digits}]"
    assert exact_text({"b": 1, "a": [True, None]}, sort_keys=True) == (
        '{"a":[true,null],"b":1}'
    )
    assert exact_text(decode(exact_text([NumberText(digits), 1.5]))) == (
        exact_text([NumberText(digits), 1.5])
    )


def test_json_nested_past_the_recursion_limit_is_a_value_error():
    """A client reads ValueError as an unusable body (retried, then a clear
    failure of that entity), never as a crash of the run."""
    import pytest

    from app.jsoncodec import decode

    with pytest.raises(ValueError, match="nested too deep"):
        decode("[" * 100_000 + "]" * 100_000)
