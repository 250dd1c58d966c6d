"""The progress view (issue 11, point 2): real widgets offscreen, an injected clock
for the arithmetic, and the real window against the simulator for the waits."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from app import services
from app.config import Settings
from app.credentials import set_secret
from app.entities import ALL_ENTITIES, CORE_ENTITIES, DEFAULT_ENTITIES
from app.qbench import Wait
from app.qbench.waits import NETWORK, PACING, RATE_LIMIT, RETRY, SERVER
from app.sync.report import (
    SectionDone,
    SectionPlan,
    SectionStarted,
    SyncPlan,
    SyncProgress,
)
from app.ui.entity_names import ENTITY_NAMES, entity_name
from app.ui.progress_view import (
    DETAIL,
    SECTION,
    STATE,
    ProgressView,
    changes_text,
    duration_text,
)

SYNC_TIMEOUT_MS = 30_000


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def view(qtbot):
    clock = Clock()
    widget = ProgressView(clock)
    qtbot.addWidget(widget)
    widget.show()
    widget.clock = clock
    widget.reset()
    return widget


def _plan(*sections) -> SyncPlan:
    return SyncPlan(tuple(SectionPlan(*s) for s in sections), 270, 60.0, requests=2)


def _page(entity, page, total, requests, **kw) -> SyncProgress:
    kw.setdefault("phase", "all")
    return SyncProgress(entity, pages_done=page, total_pages=total, page=page,
                        records=page * 50, requests=requests, **kw)  # fmt: skip


@pytest.mark.parametrize(
    ("counts", "text"),
    [
        ((0, 0, 0), "sin cambios"),
        ((1, 0, 0), "1 nuevo"),
        ((3, 5, 1), "3 nuevos, 5 modificados, 1 eliminado"),
        ((0, 1, 2), "1 modificado, 2 eliminados"),
        ((0, 0, 1), "1 eliminado"),
    ],
)
def test_changes_in_words_with_spanish_plurals(qapp, counts, text):
    assert changes_text(*counts) == text


def test_durations_round_up(qapp):
    assert duration_text(0.2) == "1 s"
    assert duration_text(42) == "42 s"
    assert duration_text(61) == "2 min"
    assert duration_text(3 * 3600 + 5 * 60) == "3 h 05 min"


def test_entity_names_are_spanish_and_unknown_ones_fall_back(qapp):
    names = {e: entity_name(e) for e in ENTITY_NAMES}
    assert set(names) == set(ALL_ENTITIES)  # every registry entity has its name
    for core, spanish in zip(
        CORE_ENTITIES,
        ["Clientes", "Ensayos", "Órdenes", "Muestras", "Lotes", "Pruebas", "Informes"],
        strict=True,
    ):
        assert names[core] == spanish
    assert names["invoice_items"] == "Conceptos de factura"
    assert len(set(names.values())) == len(names)  # no two sections alike
    assert entity_name("no_such_entity") == "no_such_entity"


def test_every_registry_section_has_its_spanish_row_and_a_skipped_one_says_so(view):
    """Issue 12 points 5 and 7: ~29 rows, each named in Spanish; an entity QBench
    refused reads as skipped, not as failed, and why: no permission (403), not
    on this server (404), or read under a skipped section."""
    view.on_progress(_plan(*((e, "full", 1) for e in ALL_ENTITIES)))
    rows = view.table.rowCount()
    assert rows == len(ALL_ENTITIES)
    shown = [view.table.item(r, SECTION).text() for r in range(rows)]
    assert shown == [entity_name(e) for e in ALL_ENTITIES]
    assert all(name != entity for name, entity in zip(shown, ALL_ENTITIES, strict=True))
    view.on_progress(SectionStarted("contacts", "full", requests=2))
    skips = {"contacts": "forbidden", "invoices": "missing", "order_comments": "parent"}
    for entity, skip in skips.items():
        view.on_progress(SectionDone(entity, "skipped", "full", requests=3, skip=skip))
    assert view.text("contacts", STATE) == "omitida: sin permiso"  # 403
    assert view.text("contacts", DETAIL) == ""
    assert view.text("invoices", STATE) == "omitida: no existe en QBench"  # 404
    assert view.text("order_comments", STATE) == "omitida"  # under a skipped one
    for entity in ALL_ENTITIES:
        if entity not in skips:
            view.on_progress(SectionDone(entity, "success", "full"))
    view.finish()  # a partial run read all it could: the bar is full
    assert view.bar.value() == view.bar.maximum()


def test_the_table_scrolls_to_the_section_being_copied(view):
    """27 rows do not fit: the section the run is at is always in sight (a
    fresh-user trial saw "Sección 22 de 27: Pruebas" above a table showing
    only the first seven sections)."""
    view.resize(600, 300)
    view.on_progress(_plan(*((e, "full", 1) for e in ALL_ENTITIES)))
    viewport = view.table.viewport().rect()

    def visible(entity: str) -> bool:
        item = view.table.item(ALL_ENTITIES.index(entity), SECTION)
        return viewport.intersects(view.table.visualItemRect(item))

    assert visible("users") and not visible("payments")
    view.on_progress(SectionStarted("payments", "full", requests=2))
    assert visible("payments") and not visible("users")
    view.on_progress(SectionStarted("users", "full", requests=3))
    assert visible("users")


def test_the_plan_lists_every_section_and_the_time_from_the_rate_limit(view):
    headers = [
        view.table.horizontalHeaderItem(c).text()
        for c in range(view.table.columnCount())
    ]
    assert headers == ["Sección", "Estado", "Avance"]
    assert view.eta_label.text() == "Tiempo restante: calculando…"
    view.on_progress(_plan(("customers", "full", 45), ("tests", "full", 900)))
    assert [view.table.item(r, SECTION).text() for r in range(2)] == [
        "Clientes",
        "Pruebas",
    ]
    assert view.text("tests", STATE) == "pendiente"
    # 945 requests at 270 per 60 s, the first 270 at once: 150 s at least
    assert view.eta_label.text() == "Tiempo restante: unos 3 min"
    assert view.bar.value() == 0


def test_unknown_sizes_say_at_least(view):
    view.on_progress(_plan(("customers", "full", None), ("tests", "full", 900)))
    assert view.eta_label.text().startswith("Tiempo restante: al menos ")


def test_the_current_section_line_and_its_row(view):
    view.on_progress(_plan(("customers", "full", 10), ("tests", "full", 100)))
    view.on_progress(SectionStarted("customers", "full", requests=2))
    assert view.section_label.text() == "Sección 1 de 2: Clientes — empezando"
    view.clock.now += 2
    view.on_progress(_page("customers", 3, 8, requests=6))
    assert view.section_label.text() == (
        "Sección 1 de 2: Clientes — copiando registros, página 3 de 8 · 150 registros"
    )
    assert view.text("customers", STATE) == "copiando registros"
    assert view.text("customers", DETAIL) == "página 3 de 8 · 150 registros"
    view.on_progress(_page("customers", 1, 1, requests=7, phase="deleted"))
    assert view.text("customers", STATE) == "revisando los eliminados"
    assert 0 < view.bar.value() < 1000


def test_a_429_wait_shows_a_live_countdown(qtbot, view):
    view.on_progress(_plan(("tests", "full", 100)))
    view.on_progress(SectionStarted("tests", "full", requests=2))
    view.on_progress(Wait(RATE_LIMIT, 42.0, entity="tests"))
    assert view.wait_label.isVisible()
    assert view.wait_label.text() == (
        "Esperando el límite de peticiones de QBench (reanuda en 42 s)"
    )
    assert view.countdown.isActive()
    view.clock.now += 10  # the QTimer redraws it, nothing else happens
    qtbot.waitUntil(lambda: "reanuda en 32 s" in view.wait_label.text(), timeout=3000)
    view.clock.now += 33  # over: the line goes, the timer stops
    qtbot.waitUntil(lambda: not view.wait_label.isVisible(), timeout=3000)
    assert not view.countdown.isActive()


def test_pacing_waits_read_like_the_limit_and_retries_say_why(view):
    view.on_progress(_plan(("tests", "full", 100)))
    view.on_progress(Wait(PACING, 12.5))
    assert "reanuda en 13 s" in view.wait_label.text()
    view.on_progress(Wait(RETRY, 3.0, NETWORK))
    assert view.wait_label.text() == "Reintentando en 3 s (error de red)"
    view.on_progress(Wait(RETRY, 2.0, SERVER))
    assert view.wait_label.text().startswith("Reintentando en 2 s (QBench")
    view.on_progress(Wait(PACING, 0.3))  # too short to be worth a line
    assert not view.wait_label.isVisible()


def test_a_page_after_a_wait_clears_it(view):
    view.on_progress(_plan(("tests", "full", 100)))
    view.on_progress(Wait(RATE_LIMIT, 42.0))
    view.on_progress(_page("tests", 1, 40, requests=4))
    assert not view.wait_label.isVisible()


def test_incremental_sections_show_changes_not_pages(view):
    view.on_progress(
        _plan(
            ("customers", "incremental", 2),
            ("orders", "incremental", 2),
            ("tests", "incremental", 2),
        )
    )
    view.on_progress(SectionStarted("customers", "incremental", requests=2))
    view.on_progress(
        _page("customers", 1, 1, requests=3, mode="incremental", inserted=3)
    )
    assert view.text("customers", STATE) == "buscando cambios"
    assert view.text("customers", DETAIL) == "3 nuevos"
    view.on_progress(
        SectionDone("customers", "success", "incremental", 3, 3, 0, 0, requests=4)
    )
    view.on_progress(SectionStarted("orders", "incremental", requests=4))
    view.on_progress(
        SectionDone("orders", "success", "incremental", 7, 1, 5, 1, requests=6)
    )
    view.on_progress(SectionStarted("tests", "incremental", requests=6))
    view.on_progress(
        SectionDone("tests", "success", "incremental", 0, 0, 0, 0, requests=8)
    )
    assert view.text("customers", DETAIL) == "3 nuevos"
    assert view.text("orders", DETAIL) == "1 nuevo, 5 modificados, 1 eliminado"
    assert view.text("tests", DETAIL) == "sin cambios"
    assert {view.text(e, STATE) for e in ("customers", "orders", "tests")} == {
        "completado"
    }
    view.finish()
    assert view.bar.value() == 1000
    assert view.eta_label.text() == "" and view.section_label.text() == ""


def test_the_bar_never_moves_backwards(view):
    view.on_progress(_plan(("tests", "full", 10)))
    view.on_progress(SectionStarted("tests", "full", requests=2))
    view.on_progress(_page("tests", 5, 6, requests=7))
    high = view.bar.value()
    view.on_progress(_page("tests", 6, 60, requests=8))  # the listing grew tenfold
    assert view.bar.value() == high


# -- the real window against the simulator ------------------------------------------


def _settings_for(sim) -> Settings:
    set_secret(sim.client_id, sim.client_secret)
    return Settings(base_url=sim.base_url, client_id=sim.client_id)


def _seconds(text: str) -> int:
    match = re.search(r"reanuda en (\d+) s", text)
    assert match, text
    return int(match[1])


def test_the_window_counts_down_a_429_retry_after_and_cancel_ends_it(
    qtbot, make_sim, memory_keyring, make_window
):
    sim = make_sim(throttle_hint="retry-after")
    window = make_window(_settings_for(sim))
    # orders already in the copy: the plan counts no orders from QBench, so the
    # 429 below strikes inside the orders section
    connection = services.Connection(sim.base_url, sim.client_id, sim.client_secret)
    services.run_sync(
        _settings_for(sim),
        connection,
        entities=["orders"],
        db_url=window.context.database_url(),
    )
    sim.add_fault(
        "status", path="/qbench/api/v2/orders", page=1, status=429, seconds=40, times=1
    )
    view = window.progress_view
    qtbot.mouseClick(window.sync_button, Qt.MouseButton.LeftButton)
    try:
        qtbot.waitUntil(view.wait_label.isVisible, timeout=SYNC_TIMEOUT_MS)
        assert view.wait_label.text().startswith(
            "Esperando el límite de peticiones de QBench (reanuda en "
        )
        first = _seconds(view.wait_label.text())
        assert 30 < first <= 40
        n, total = DEFAULT_ENTITIES.index("orders") + 1, len(DEFAULT_ENTITIES)
        assert view.section_label.text().startswith(
            f"Sección {n} de {total}: Órdenes — "
        )
        assert view.eta_label.text().startswith("Tiempo restante: ")
        # a live countdown: the number goes down while the sync sleeps
        qtbot.waitUntil(lambda: _seconds(view.wait_label.text()) < first, timeout=5000)
        assert window.syncing
    finally:  # Cancelar ends the wait at once
        qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not window.syncing, timeout=10_000)
    assert window.last_report.status == "cancelled"
    assert not view.wait_label.isVisible() and view.eta_label.text() == ""
    assert view.text("orders", STATE) == "cancelado"
    assert view.text("customers", STATE) == "completado"
    assert view.text("reports", STATE) == "pendiente"


def test_an_incremental_run_in_the_window_says_what_changed(
    qtbot, make_sim, memory_keyring, make_window, sqlite_url
):
    sim = make_sim()
    settings = _settings_for(sim)
    connection = services.Connection(sim.base_url, sim.client_id, sim.client_secret)
    assert services.run_sync(settings, connection, db_url=sqlite_url).status == (
        "success"
    )
    sim.advance(3600)
    for _ in range(3):
        sim.tenant.insert("customers")
    window = make_window(settings)
    qtbot.mouseClick(window.sync_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.syncing, timeout=SYNC_TIMEOUT_MS)
    report = window.last_report
    assert report.status == "success"
    view = window.progress_view
    assert view.text("customers", DETAIL) == "3 nuevos"
    assert view.text("assays", DETAIL) == "sin cambios"
    for result in report.results:
        assert view.text(result.entity, SECTION) == entity_name(result.entity)
        assert view.text(result.entity, STATE) == "completado"
        assert view.text(result.entity, DETAIL) == changes_text(
            result.inserted, result.updated, result.deleted
        )
        assert "página" not in view.text(result.entity, DETAIL)
    assert view.bar.value() == view.bar.maximum()
    assert view.eta_label.text() == ""


def test_the_wait_line_coming_and_going_moves_nothing(view):
    """The bar and the table jumped 28 px each time a wait began or ended."""
    view.on_progress(_plan(("tests", "full", 100)))
    view.on_progress(SectionStarted("tests", "full", requests=2))
    view.show()
    before = view.bar.geometry()
    view.on_progress(Wait(RATE_LIMIT, 40.0, entity="tests"))
    assert view.wait_label.isVisible()
    assert view.bar.geometry() == before


def test_after_the_run_its_lines_take_no_room_and_the_table_has_it(qtbot, view):
    """Issue 12 (main window, point 2): the section line, the time left and
    the wait's room left a blank band around the bar after the run."""
    view.resize(600, 400)
    spacing = view.layout().spacing()
    view.on_progress(_plan(("tests", "full", 100)))
    view.on_progress(SectionStarted("tests", "full", requests=2))
    view.on_progress(Wait(RATE_LIMIT, 40.0, entity="tests"))
    assert view.section_label.isVisible() and view.eta_label.isVisible()
    assert view.wait_label.isVisible()
    view.layout().activate()
    # the wait sits beside the time left: one line under the bar
    assert view.wait_label.geometry().top() == view.eta_label.geometry().top()
    during = view.table.geometry()
    view.on_progress(SectionDone("tests", "success", "full", 100, 100))
    view.finish()
    assert not view.section_label.isVisible() and not view.eta_label.isVisible()
    assert not view.wait_label.isVisible()
    view.layout().activate()
    assert view.bar.geometry().top() == 0
    assert view.table.geometry().top() == view.bar.geometry().bottom() + 1 + spacing
    assert view.table.height() > during.height()
    view.reset()  # the next run shows them again
    view.on_progress(_plan(("tests", "full", 100)))
    assert view.section_label.isVisible() and view.eta_label.isVisible()


def test_rows_are_one_line_high(view):
    """Issue 12 point 3: rows nearly two lines high left room for 3-4 of the
    27 sections at 150 %."""
    view.on_progress(_plan(*((e, "full", 1) for e in ALL_ENTITIES)))
    line = view.table.fontMetrics().lineSpacing()
    assert view.table.rowHeight(0) <= line + 8
