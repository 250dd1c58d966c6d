"""Report PDFs: each rendered version downloaded into the file store.

Called right after a page of reports is stored (a report's ``url`` is presigned
and expires within hours, README Q14). A report is fetched when it rendered
(``render_status`` SUCCESSFUL, a ``url``) and the ``files`` table has no row
for its current version (``version_key``: its ``date_generated`` and
``render_batch_uuid``); a re-render is a new version and gets a new row, the
older PDF stays. A report pending or failed has no PDF yet; a later run that
reads it rendered fetches it.

A download that fails (5xx or resets after the client's retries, a URL that
expired twice, a file host's 4xx) is logged and counted in the run's result,
never fails the reports section: no row is written, so the next run that reads
the report tries again. A full or unwritable document folder is different: it
stops the run (``FileStoreError``), since every later download would fail too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from loguru import logger

from app.qbench.client import DownloadInfo
from app.qbench.errors import DownloadRefused, QBenchAuthError, QBenchError
from app.storage.files import FileStore, SizeMismatchError, StoredFile
from app.sync.context import SyncContext
from app.sync.report import EntityResult

ENTITY = "reports"
PDF = "application/pdf"
PENDING = "_report_pdfs_pending"  # checkpoint row: reports whose PDF is owed
# Downloads failing in a row (each after the client's retries) before this run
# stops trying: the file host is down, and each would cost its retries' waits.
MAX_FAILURES_IN_A_ROW = 3
# More owed PDFs than this many list pages hold: read the list for their URLs
# instead of one GET per report.
LIST_OVER_PAGES = 2


def version_key(report: dict[str, Any]) -> str:
    """What names one rendered version of a report."""
    return f"{report.get('date_generated')}|{report.get('render_batch_uuid')}"


def renders(report: dict[str, Any]) -> bool:
    """Whether QBench has a PDF for this report."""
    return report.get("render_status") == "SUCCESSFUL"


class ReportPdfs:
    """Downloads the PDFs of one run's reports into ``ctx.files``."""

    def __init__(self, ctx: SyncContext, result: EntityResult) -> None:
        self.ctx, self.result = ctx, result
        self.store: FileStore | None = ctx.files
        self.tried: set[int] = set()  # one attempt per report and run
        self.failures_in_a_row = 0

    def archive(self, rows: Sequence[dict[str, Any]]) -> None:
        """Fetch the PDF of every rendered report of ``rows`` not archived yet."""
        if self.store is None:
            return
        wanted = {
            int(row["id"]): row
            for row in rows
            if isinstance(row, dict) and isinstance(row.get("id"), int) and renders(row)
        }
        if not wanted:
            return
        known = self._on_disk(wanted)
        due = {
            report_id: row
            for report_id, row in wanted.items()
            if (report_id, version_key(row)) not in known
            and report_id not in self.tried
        }
        if not due:
            return
        # Owed until downloaded: a failure or a kill mid-download leaves the id
        # here, and the next run's ``catch_up`` fetches it whatever it lists.
        self._owe(self._owed() | set(due))
        done: set[int] = set()
        try:
            for report_id, row in sorted(due.items()):
                self.ctx.check_stop()
                if self._fetch(report_id, row):
                    done.add(report_id)
        finally:
            if done:
                self._owe(self._owed() - done)

    def catch_up(self) -> None:
        """Fetch what earlier runs owe: reports whose download failed or was
        cut off, and rendered reports with no PDF at all. Each is read again
        (one GET: its stored URL has likely expired)."""
        if self.store is None:
            return
        owed = self._owed() | self.ctx.repo.rendered_reports_without_files()
        owed -= self.tried
        if not owed:
            return
        logger.info(f"reports: fetching {len(owed)} PDF(s) earlier runs could not")
        if len(owed) > LIST_OVER_PAGES * self.ctx.client.page_size:
            # Many owed (a backup made before PDFs were archived): one walk of
            # the list gives fresh URLs for 50 a request, not one GET each.
            for page in self.ctx.client.iter_pages(ENTITY, {}):
                self.archive([r for r in page.rows if r.get("id") in owed])
                self.ctx.check_stop()
            owed = self._owed() | self.ctx.repo.rendered_reports_without_files()
            owed -= self.tried
        done: set[int] = set()
        try:
            for report_id in sorted(owed):
                self.ctx.check_stop()
                stored = self.ctx.repo.get(ENTITY, report_id)
                row = stored["raw_payload"] if stored else None
                if not isinstance(row, dict) or stored["deleted_at"] is not None:
                    done.add(report_id)  # gone from the backup: nothing owed
                    continue
                known = self._on_disk([report_id])
                if not renders(row) or (report_id, version_key(row)) in known:
                    done.add(report_id)
                    continue
                if self._fetch(report_id, {**row, "url": None}):
                    done.add(report_id)
        finally:
            if done:
                self._owe(self._owed() - done)

    def _on_disk(self, ids: Iterable[int]) -> set[tuple[int, str | None]]:
        """The (report, version) pairs archived AND present in the folder: a
        file deleted, or a folder changed in Configuración, is fetched again
        when its report is next listed (every report on ``--full``)."""
        assert self.store is not None
        return {
            pair
            for pair, sha in self.ctx.repo.version_files(ENTITY, ids).items()
            if self.store.path(sha).is_file()
        }

    def _owed(self) -> set[int]:
        checkpoint = self.ctx.repo.get_checkpoint(PENDING)
        if checkpoint and checkpoint.last_cursor:
            return set(json.loads(checkpoint.last_cursor))
        return set()

    def _owe(self, ids: set[int]) -> None:
        if ids:
            self.ctx.repo.save_checkpoint(
                PENDING, status="pending", last_cursor=json.dumps(sorted(ids))
            )
        else:
            self.ctx.repo.reset_checkpoint(PENDING)

    def _fetch(self, report_id: int, row: dict[str, Any]) -> bool:
        """Download one report's PDF; False when it failed (logged, counted)
        or was not tried because downloads kept failing this run."""
        self.tried.add(report_id)
        if self.failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
            self.result.documents_failed += 1
            return False
        try:
            fetched = self._download(report_id, row)
        except QBenchAuthError:
            raise
        except (QBenchError, SizeMismatchError) as exc:
            self.result.documents_failed += 1
            self.failures_in_a_row += 1
            logger.warning(
                f"reports: the PDF of report {report_id} could not be downloaded "
                f"({exc}); the next run tries again"
            )
            if self.failures_in_a_row == MAX_FAILURES_IN_A_ROW:
                logger.warning(
                    f"reports: {MAX_FAILURES_IN_A_ROW} PDF downloads failed in a "
                    "row; no more are tried in this run (the next run tries them)"
                )
            return False
        self.failures_in_a_row = 0
        if fetched is None:  # gone, or no longer rendered, when read again
            return True
        stored, info, current = fetched
        with self.ctx.repo.transaction():
            self.ctx.repo.add_file(
                ENTITY,
                report_id,
                sha256=stored.sha256,
                size=stored.size,
                content_type=(info.content_type or PDF).split(";")[0].strip(),
                file_name=info.file_name or f"report-{report_id}.pdf",
                version_key=version_key(current),
                run_id=self.ctx.run_id,
            )
        self.result.documents += 1
        return True

    def _download(
        self, report_id: int, row: dict[str, Any]
    ) -> tuple[StoredFile, DownloadInfo, dict[str, Any]] | None:
        """The stored file, what the response said, and the report as its URL
        came with it; None when a re-read finds it gone or not rendered. A list
        row without ``url``, or a URL that expired (403) before it was used, is
        replaced by one fresh detail read."""
        current: dict[str, Any] | None = row
        url, fresh = row.get("url"), False
        while True:
            if not url:
                current, url, fresh = self._reread(report_id)
                if current is None or not url:
                    return None
            try:
                stored, info = self.ctx.client.download(url, self._store, entity=ENTITY)
                return stored, info, current
            except DownloadRefused as exc:
                if not exc.expired or fresh:
                    raise
                logger.info(
                    f"reports: the PDF link of report {report_id} expired; "
                    "reading the report again for a fresh one"
                )
                url = None

    def _reread(self, report_id: int) -> tuple[dict[str, Any] | None, str | None, bool]:
        report = self.ctx.client.find_one(ENTITY, report_id)
        if report is None or not renders(report):
            return None, None, True
        return report, report.get("url"), True

    def _store(
        self, chunks: Iterator[bytes], info: DownloadInfo
    ) -> tuple[StoredFile, DownloadInfo]:
        assert self.store is not None
        return self.store.put(self._checked(chunks), expected_size=info.size), info

    def _checked(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        """The chunks, with a look at Cancelar between them (a file of many MB)."""
        for chunk in chunks:
            yield chunk
            self.ctx.check_stop()
