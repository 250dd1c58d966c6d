"""QBench date parsing: every README §5.3 format, blanks and garbage (no database)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from app.storage.dates import epoch_seconds, parse_qbench_datetime, utc_naive


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("02/14/2025 06:57 PM", datetime(2025, 2, 14, 18, 57)),
        ("10/13/2025 03:16 PM", datetime(2025, 10, 13, 15, 16)),
        ("06/09/2020 06:12 AM", datetime(2020, 6, 9, 6, 12)),
        ("12/31/2024 12:00 AM", datetime(2024, 12, 31, 0, 0)),
        ("12/31/2024 12:00 pm", datetime(2024, 12, 31, 12, 0)),
        ("  10/13/2025 03:16 PM ", datetime(2025, 10, 13, 15, 16)),
        ("10/13/2025 03:16:42 PM", datetime(2025, 10, 13, 15, 16, 42)),
        ("10/13/2025 15:16", datetime(2025, 10, 13, 15, 16)),
        ("10/13/2025", datetime(2025, 10, 13)),
        ("02/02/2017", datetime(2017, 2, 2)),
        ("1760368567", datetime(2025, 10, 13, 15, 16, 7)),
        ("1683920116", datetime(2023, 5, 12, 19, 35, 16)),
        (1760368567, datetime(2025, 10, 13, 15, 16, 7)),
        (1760368567.9, datetime(2025, 10, 13, 15, 16, 7, 900000)),
        ("1760368567000", datetime(2025, 10, 13, 15, 16, 7)),
        ("Mon, 13 Oct 2025 13:02:00 GMT", datetime(2025, 10, 13, 13, 2)),
        ("Mon, 13 Oct 2025 13:02:00 +0200", datetime(2025, 10, 13, 11, 2)),
        ("2019-08-02T18:42:14-07:00", datetime(2019, 8, 3, 1, 42, 14)),
        ("2025-02-14T18:57:00+0000", datetime(2025, 2, 14, 18, 57)),
        ("2025-02-14T18:57:00.250Z", datetime(2025, 2, 14, 18, 57, 0, 250000)),
        ("2025-02-14T18:57:00", datetime(2025, 2, 14, 18, 57)),
        ("2025-02-14", datetime(2025, 2, 14)),
    ],
)
def test_every_documented_format(value, expected):
    assert parse_qbench_datetime(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "   ",
        "null",
        "N/A",
        "13/45/2025",
        "02/30/2025",
        "00/00/0000",
        "10/13/2025 25:99 PM",
        "10/13/2025 13:16 PM",
        "10/13/2025 00:30 AM",
        "10/13/2025 3:16 XM",
        "yesterday",
        "2025-13-01",
        "1e10",
        "99999999999999999999999",
        True,
        [],
        {"date": "10/13/2025"},
        float("nan"),
        float("inf"),
        10**400,
    ],
)
def test_blank_and_garbage_give_none(value):
    assert parse_qbench_datetime(value) is None


def test_local_formats_stay_naive_wall_clock_even_with_a_lab_zone():
    lab = ZoneInfo("America/Los_Angeles")
    assert parse_qbench_datetime("10/13/2025 03:16 PM", lab) == datetime(
        2025, 10, 13, 15, 16
    )


def test_zoned_values_convert_to_the_lab_zone_when_known():
    lab = ZoneInfo("America/Los_Angeles")
    assert parse_qbench_datetime("1760368567", lab) == datetime(2025, 10, 13, 8, 16, 7)
    assert parse_qbench_datetime("Mon, 13 Oct 2025 13:02:00 GMT", lab) == datetime(
        2025, 10, 13, 6, 2
    )
    result = parse_qbench_datetime("2019-08-02T18:42:14-07:00", lab)
    assert result == datetime(2019, 8, 2, 18, 42, 14)
    assert result.tzinfo is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1760368567", 1760368567),
        (1760368567, 1760368567),
        (1760368567.75, 1760368567),
        ("1760368567000", 1760368567),
        ("10/13/2025", None),
        ("", None),
        (None, None),
        (True, None),
        (float("nan"), None),
        (10**400, None),
        ("9" * 400, None),
    ],
)
def test_epoch_seconds(value, expected):
    assert epoch_seconds(value) == expected


def test_utc_naive():
    aware = datetime(2025, 1, 1, 12, tzinfo=timezone(timedelta(hours=2)))
    assert utc_naive(aware) == datetime(2025, 1, 1, 10)
    assert utc_naive(datetime(2025, 1, 1, 12)) == datetime(2025, 1, 1, 12)


def test_digits_of_other_scripts_are_not_epoch_seconds():
    """``\\d`` matches Arabic-Indic digits: "٣" must not read as 1970-01-01."""
    assert epoch_seconds("\u0663") is None
    assert parse_qbench_datetime("\u0663\u0664") is None
