"""Detailed worksheet documents of a test or a batch (official v2 document:
``GET /tests/{test_id}/worksheet/data`` → ``SingleTestWorksheetResponseSchema``,
``GET /batches/{batch_id}/worksheet/data`` → ``SingleWorksheetResponseSchema``).

A record's ``worksheet_data`` holds its cells as ``{name: {"value": v}}`` (the
raw cell-by-cell form, ``raw_worksheet_data=true``); without ``raw`` each cell
is its bare value. ``worksheet_config`` names the template and its cells.
"""

from __future__ import annotations

from typing import Any

WORKSHEET_OWNERS = ("tests", "batches")


def document(entity: str, full: dict, *, raw: bool) -> dict[str, Any]:
    """The ``data`` object for ``full`` (a test's or batch's full record)."""
    cells = full.get("worksheet_data") or {}
    data = {
        name: cell if raw or not isinstance(cell, dict) else cell.get("value")
        for name, cell in cells.items()
    }
    doc: dict[str, Any] = {
        "id": full["id"],
        "worksheet_data": data,
        "worksheet_config": {
            "worksheet_id": full.get("worksheet_id") or 1 + full["id"] % 40,
            "cells": sorted(cells),
        },
    }
    if entity == "tests":
        done = full.get("complete_date") is not None
        doc |= {
            "worksheet_processed": done,
            "worksheet_processed_error": False,
            "worksheet_processed_error_msg": None,
        }
    return doc


def merged(cells: dict, changes: dict[str, Any]) -> dict:
    """``cells`` with each changed cell set to ``{"value": new}`` (a fresh dict)."""
    out = {
        name: dict(cell) if isinstance(cell, dict) else cell
        for name, cell in cells.items()
    }
    for name, value in changes.items():
        out[name] = {"value": value}
    return out
