"""QBench v2 list pages: the envelope check and the page-by-page walk.

README §4: ``page_num`` is 1-based, ``page_size`` at most 50, and a v2 list
answers ``{"data", "page_number", "total_count", "total_pages"}``. The walk stops
at ``total_pages`` or at an empty ``data``, whichever comes first, as [DL] does.
The envelope is checked strictly (a string ``total_pages`` is a format error,
not something to coerce); the rows are returned as QBench sent them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard

MAX_PAGE_SIZE = 50


class EnvelopeError(ValueError):
    """A list response that does not have the v2 envelope shape."""


@dataclass(frozen=True)
class Page:
    """One list page as QBench returned it."""

    number: int
    total_pages: int
    total_count: int | None
    rows: list[dict[str, Any]]
    raw_params: dict[str, Any]

    @property
    def is_last(self) -> bool:
        """True when no page follows this one."""
        return not self.rows or self.number >= self.total_pages


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def parse_page(payload: Any, number: int, params: Mapping[str, Any]) -> Page:
    """Check a list envelope and wrap it in a Page; raises EnvelopeError."""
    if not isinstance(payload, dict):
        raise EnvelopeError(f"expected a JSON object, got {type(payload).__name__}")
    rows = payload.get("data")
    if not isinstance(rows, list):
        raise EnvelopeError(f"'data' is {type(rows).__name__}, not a list")
    total_pages = payload.get("total_pages")
    if not _is_int(total_pages) or total_pages < 0:
        raise EnvelopeError(f"'total_pages' is not a count: {total_pages!r}")
    # total_count is null on some QBench lists (README Q10); tolerate only that.
    total_count = payload.get("total_count")
    if total_count is not None and (not _is_int(total_count) or total_count < 0):
        raise EnvelopeError(f"'total_count' is not a count: {total_count!r}")
    page_number = payload.get("page_number", number)
    if not _is_int(page_number):
        raise EnvelopeError(f"'page_number' is not an integer: {page_number!r}")
    if page_number != number:
        # Paging would loop or skip rows if QBench ignored ``page_num``.
        raise EnvelopeError(f"asked for page {number}, got page {page_number}")
    return Page(number, total_pages, total_count, rows, dict(params))


def walk_pages(fetch: Callable[[int], Page], start_page: int = 1) -> Iterator[Page]:
    """Fetch pages from ``start_page`` on until the last one (inclusive)."""
    if start_page < 1:
        raise ValueError("pages are numbered from 1")
    number = start_page
    while True:
        page = fetch(number)
        yield page
        if page.is_last:
            return
        number += 1
