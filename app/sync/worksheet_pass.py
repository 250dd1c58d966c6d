"""Detailed worksheets (optional): one document per test or batch.

``GET /tests/{test_id}/worksheet/data?raw_worksheet_data=true`` (and the same
under ``/batches``) answers ``{"data": {"id": <test id>, "worksheet_data": …}}``
per QBench's official v2 document (``SingleTestWorksheetResponseSchema``); the
document is stored as the record whose id is its test's (or batch's). Which
parents are read follows ``app.sync.children_pass``: all live tests on the
first pass (one request each: the cost Configuración shows before the user
turns it on), afterwards only the tests the tests pass saw new or changed. A 404
means the test is gone: its worksheet is marked deleted. Resumable the same way.
"""

from __future__ import annotations

from app.qbench import Page
from app.qbench.errors import QBenchRequestError
from app.sync.children_pass import ChildrenPass
from app.sync.cursor import PassCursor

RAW = {"raw_worksheet_data": "true"}


class WorksheetPass(ChildrenPass):
    """Reads the worksheet of each new or changed (or, first, every) parent."""

    def _read(self, cursor: PassCursor, parent_id: int) -> None:
        try:
            doc = self.client.get_document(
                self.entity, RAW, path_ids={self.column: parent_id}
            )
        except QBenchRequestError as exc:
            if exc.status != 404:
                raise
            doc = None
        page = Page(1, 1, 1, [doc] if doc is not None else [], dict(RAW))
        with self.repo.transaction():
            if doc is None:
                seen: set[int] = set()
            else:
                seen = set(self.pages.store_document(parent_id, doc).ids)
            self._finish_parent(cursor, parent_id, seen)
        self.pages.progress("all", page, walked=False)
