"""The high-water mark: from lab-local minutes to unix seconds, safely."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from app.sync.watermark import (
    WORST_CASE_OFFSET,
    checkpoint_mark,
    high_water,
    learn_offset,
    record_unix,
)


def _local_minutes(unix: int, zone: str) -> str:
    return datetime.fromtimestamp(unix, ZoneInfo(zone)).strftime("%m/%d/%Y %I:%M %p")


@pytest.mark.parametrize(
    ("zone", "offset"),
    [
        ("Etc/GMT+12", -12 * 3600),
        ("Pacific/Kiritimati", 14 * 3600),
        ("Asia/Kathmandu", 20700),
        ("UTC", 0),
    ],
)
def test_offset_is_learned_from_a_test_record(zone, offset):
    unix = 1767268859  # 59 s past a minute: the local string is truncated
    row = {
        "last_updated": _local_minutes(unix, zone),
        "last_updated_unix_timestamp": unix,
    }
    assert learn_offset([{"id": 1}, "garbage", row]) == offset


def test_record_unix_is_a_lower_bound_whatever_the_zone():
    unix = 1767268859
    for zone in ("Etc/GMT+12", "Pacific/Kiritimati", "America/Chicago"):
        row = {"last_updated": _local_minutes(unix, zone)}
        assert record_unix(row, None) <= unix  # unknown zone: UTC+14 assumed
        learned = learn_offset(
            [
                {
                    "last_updated": _local_minutes(unix, zone),
                    "last_updated_unix_timestamp": unix,
                }
            ]
        )
        assert unix - 60 < record_unix(row, learned) <= unix


def test_exact_values_win_and_v1_epoch_strings_count():
    assert (
        record_unix({"last_updated_unix_timestamp": 123, "last_updated": "x"}, 0) == 123
    )
    assert record_unix({"last_updated": "1760368567"}, None) == 1760368567
    assert record_unix({"last_updated": None}, 0) is None
    assert record_unix("not a record", 0) is None


def test_high_water_keeps_the_newest_and_skips_malformed_rows():
    rows = [
        {"last_updated_unix_timestamp": 5},
        {"id": 2},
        7,
        None,
        {"last_updated_unix_timestamp": 9},
    ]
    assert high_water(rows, 0, None) == 9
    assert high_water(rows, 0, 20) == 20
    assert high_water([], 0, None) is None


def test_checkpoint_is_capped_by_the_service_clock():
    assert checkpoint_mark(100, 90.5, 50.0) == 90  # QBench's clock wins over ours
    assert checkpoint_mark(100, 200.0, 50.0) == 100
    assert checkpoint_mark(None, 200.0, 50.0) is None


def test_without_a_server_clock_the_local_clock_caps_the_checkpoint():
    """Issue 9 kind 6: no ``Date`` header must not leave the mark uncapped."""
    assert checkpoint_mark(100, None, 80.9) == 80
    assert checkpoint_mark(100, None, 300.0) == 100
    assert WORST_CASE_OFFSET == 14 * 3600
    assert datetime.fromtimestamp(0, UTC).year == 1970


def test_the_offset_comes_from_the_newest_record_not_the_first():
    """A page sorted by id starts with old records from before a DST change."""
    summer, winter = 1751371200, 1767268800  # 2025-07-01, 2026-01-01 (UTC)
    rows = [
        {
            "last_updated": _local_minutes(unix, "America/Chicago"),
            "last_updated_unix_timestamp": unix,
        }
        for unix in (summer, winter, summer + 60)
    ]
    assert learn_offset(rows) == -6 * 3600  # CST, from the newest (winter) row
    assert learn_offset(rows[:1]) == -5 * 3600


@pytest.mark.parametrize(
    "bad",
    [float("nan"), float("inf"), float("-inf"), 1e25, -5, 10**30, "9" * 5000,
     "\u00b2", None, True],
)  # fmt: skip
def test_unusable_exact_timestamps_are_ignored_not_fatal(bad):
    """NaN crashed the offset learning (int(nan)); 1e25 made a mark no datetime
    can hold. Such values are skipped: the local time still counts."""
    from app.jsoncodec import NumberText

    unix = 1767268859
    local = _local_minutes(unix, "UTC")
    rows = [
        {"last_updated": local, "last_updated_unix_timestamp": bad},
        {"last_updated": "1/1/2026", "last_updated_unix_timestamp": NumberText("9")},
        {"last_updated": local, "last_updated_unix_timestamp": unix},
    ]
    assert learn_offset(rows) == 0  # learned from the good row only
    assert record_unix(rows[0], 0) == unix - 59  # the local minute
    assert high_water(rows, 0, None) == unix


def test_an_implausible_offset_is_not_learned():
    """A timestamp off by years is no UTC offset: keep looking."""
    rows = [
        {"last_updated": "01/01/2026 12:00 PM", "last_updated_unix_timestamp": 0},
        {"last_updated": "01/01/2026 12:00 PM", "last_updated_unix_timestamp": 5},
    ]
    assert learn_offset(rows) is None
