"""Every route and filter through the Flask test client, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

import peewee
import pytest

from app.api import queries
from app.api.problems import PROBLEM_TYPE
from app.api.routes import ROUTES
from app.entities import CORE_ENTITIES
from app.errors import SyncLockedError
from app.storage.models import ENTITY_MODELS, IngestionRun
from app.sync.lock import sync_lock
from tests.api.conftest import AUTH

ENTITIES = list(ENTITY_MODELS)


def get(client, url, headers=None):
    return client.get(url, headers={**AUTH, **(headers or {})})


def page_all(client, url):
    """Follow rel="next" links to the end; every row of every page."""
    rows = []
    while url:
        response = get(client, url)
        assert response.status_code == 200, response.get_json()
        rows.extend(response.get_json()["items"])
        link = response.headers.get("Link")
        body = response.get_json()
        cursor = body.get("next_cursor", body.get("next_before"))
        assert (link is None) == (cursor is None)
        url = None
        if link:
            target = urlsplit(link[1 : link.index(">")])
            url = f"{target.path}?{target.query}"
    return rows


def ids(rows):
    return [row["qbench_id"] for row in rows]


def assert_problem(response, status):
    assert response.status_code == status
    assert response.mimetype == PROBLEM_TYPE
    body = response.get_json()
    assert body["status"] == status and body["title"] and "detail" in body
    assert "Traceback" not in response.get_data(as_text=True)
    return body


@pytest.mark.parametrize("entity", ENTITIES)
def test_paging_returns_every_live_row_once(client, backup, entity):
    rows = page_all(client, f"/api/v1/{entity}?limit=3")
    live = {p["id"] for p in backup.repo.all_payloads(entity, include_deleted=False)}
    assert ids(rows) == sorted(live)
    assert all("raw_payload" not in row for row in rows)
    assert all(row["deleted_at"] is None for row in rows)


@pytest.mark.parametrize("entity", ENTITIES)
def test_include_deleted_and_descending_sort(client, backup, entity):
    everything = {p["id"] for p in backup.repo.all_payloads(entity)}
    rows = page_all(client, f"/api/v1/{entity}?limit=4&include_deleted=true&sort=-id")
    assert ids(rows) == sorted(everything, reverse=True)
    total = get(client, f"/api/v1/{entity}?include_total=true&include_deleted=1")
    assert total.get_json()["total"] == len(everything)


def test_tiny_tenant_has_deleted_rows(backup):
    """Guards the test above: it must see rows that are deleted."""
    assert backup.repo.count("orders", True) > backup.repo.count("orders")


@pytest.mark.parametrize("entity", ENTITIES)
def test_raw_payload_on_request(client, backup, entity):
    rows = get(client, f"/api/v1/{entity}?include=raw_payload&limit=500").get_json()
    for row in rows["items"]:
        assert (
            row["raw_payload"]
            == backup.repo.get(entity, row["qbench_id"])["raw_payload"]
        )


def _all_rows(client, entity):
    return page_all(client, f"/api/v1/{entity}?limit=500&include_deleted=true")


def _sort_key(column):
    """(date or None, id) with rows lacking the date first, as the API sorts."""

    def key(row):
        value = row[column]
        return (value is not None, datetime.fromisoformat(value) if value else None)

    return lambda row: (key(row), row["qbench_id"])


SORTED_FIELDS = [
    (entity, field)
    for entity in ENTITIES
    for field in queries.sort_columns(entity)
    if field != "id"
]


@pytest.mark.parametrize(("entity", "field"), SORTED_FIELDS)
@pytest.mark.parametrize("limit", [1, 3])
def test_sorting_on_a_date_pages_every_row_once(client, entity, field, limit):
    column = queries.sort_columns(entity)[field].name
    everything = _all_rows(client, entity)
    ascending = sorted(everything, key=_sort_key(column))
    for sort, expected in ((field, ascending), (f"-{field}", ascending[::-1])):
        url = f"/api/v1/{entity}?limit={limit}&include_deleted=1&sort={sort}"
        assert ids(page_all(client, url)) == ids(expected), sort


def test_tiny_tenant_sorts_on_ties_and_missing_dates(client):
    """The keyset must cross equal dates and NULL dates at page edges."""
    reports = _all_rows(client, "reports")
    assert all(r["qbench_last_updated"] is None for r in reports)  # v2: no stamp
    stamps = [r["qbench_last_updated"] for r in _all_rows(client, "tests")]
    assert len(set(stamps)) < len(stamps)  # ties


@pytest.mark.parametrize(
    "query",
    [
        "sort=last_updated&cursor=not-a-cursor",
        "sort=last_updated&cursor=" + queries.Cursor("-last_updated", None, 1).encode(),
        "sort=date_created&cursor=" + queries.Cursor("id", None, 1).encode(),
        "sort=last_updated&after=3",
        "sort=id&after=3&cursor=" + queries.Cursor("id", None, 1).encode(),
        "sort=-name",
        "sort=date_generated",  # reports only
        "sort=last_updated&cursor=" + "A" * 201,
    ],
)
def test_foreign_cursors_are_400(client, query):
    body = assert_problem(get(client, f"/api/v1/tests?{query}"), 400)
    assert (
        ("cursor" in body["detail"])
        or ("after" in body["detail"])
        or ("sort" in body["detail"])
    )


def test_cursor_and_after_agree_on_id_sorts(client):
    first = get(client, "/api/v1/orders?limit=2&sort=-id").get_json()
    by_after = get(
        client, f"/api/v1/orders?limit=2&sort=-id&after={first['next_after']}"
    )
    by_cursor = get(
        client, f"/api/v1/orders?limit=2&sort=-id&cursor={first['next_cursor']}"
    )
    assert by_after.get_json()["items"] == by_cursor.get_json()["items"]
    assert by_cursor.get_json()["items"]
    assert "cursor=" in by_cursor.headers["Link"]


def _check_filter(client, entity, query, keep):
    """The rows a filter returns equal the unfiltered rows it should keep."""
    everything = _all_rows(client, entity)
    expected = [row["qbench_id"] for row in everything if keep(row)]
    got = ids(page_all(client, f"/api/v1/{entity}?{query}&include_deleted=1"))
    assert got == expected, query
    return expected


@pytest.mark.parametrize("entity", [e for e in ENTITIES if queries.SPECS[e].state])
def test_state_filter(client, entity):
    column = queries.SPECS[entity].state
    values = {row[column] for row in _all_rows(client, entity)} - {None}
    for value in values or {"NO SUCH STATE"}:  # tiny samples have no state
        kept = _check_filter(
            client, entity, f"state={value}", lambda r, v=value: r[column] == v
        )
        assert kept or not values


@pytest.mark.parametrize(
    ("entity", "ref"),
    [(e, ref) for e in ENTITIES for ref in queries.SPECS[e].refs],
)
def test_foreign_key_filters(client, entity, ref):
    values = {row[ref] for row in _all_rows(client, entity)} - {None}
    if not values:
        pytest.skip(f"the tiny tenant has no {entity}.{ref}")
    for value in sorted(values)[:4]:
        kept = _check_filter(
            client, entity, f"{ref}={value}", lambda r, v=value: r[ref] == v
        )
        assert kept


@pytest.mark.parametrize("entity", [e for e in ENTITIES if queries.SPECS[e].created])
def test_created_range(client, entity):
    column = queries.SPECS[entity].created
    dates = sorted(r[column] for r in _all_rows(client, entity) if r[column])
    if len(dates) < 2:
        pytest.skip(f"the tiny tenant has no {entity}.{column} range")
    low, high = dates[len(dates) // 4], dates[3 * len(dates) // 4]
    kept = _check_filter(
        client,
        entity,
        f"created_from={low}&created_to={high}",
        lambda r: r[column] is not None and low <= r[column] < high,
    )
    assert kept
    day = low[:10]  # a bare date is midnight, lab-local
    _check_filter(
        client,
        entity,
        f"created_from={day}",
        lambda r: r[column] is not None and r[column] >= f"{day}T00:00:00",
    )


@pytest.mark.parametrize(
    "entity", [e for e in ENTITIES if not queries.SPECS[e].stamped]
)
def test_updated_since_is_refused_where_records_carry_no_last_updated(client, entity):
    """An always-empty page would read as 'nothing changed': a 400 names the
    parameters the table has instead (users, reports, order_comments …)."""
    body = assert_problem(
        get(client, f"/api/v1/{entity}?updated_since=2020-01-01"), 400
    )
    assert "updated_since" in body["detail"]
    assert_problem(get(client, f"/api/v1/{entity}?sort=-last_updated"), 400)


def test_stamped_follows_the_v2_schema():
    stamped = {e for e in ENTITIES if queries.SPECS[e].stamped}
    assert {"orders", "tests", "contacts", "payments", "projects"} <= stamped
    assert not {"reports", "users", "order_comments", "invoice_items"} & stamped


@pytest.mark.parametrize("entity", [e for e in ENTITIES if queries.SPECS[e].stamped])
def test_updated_since(client, entity):
    stamps = sorted(
        r["qbench_last_updated"]
        for r in _all_rows(client, entity)
        if r["qbench_last_updated"]
    )
    since = stamps[len(stamps) // 2] if stamps else "2000-01-01T00:00:00"
    kept = _check_filter(
        client,
        entity,
        f"updated_since={since}Z",  # an offset is ignored: lab-local wall clock
        lambda r: (r["qbench_last_updated"] or "") >= since,
    )
    assert kept or not stamps  # rows without a stamp never match


@pytest.mark.parametrize("entity", ENTITIES)
def test_detail_route(client, backup, entity):
    assert_problem(get(client, f"/api/v1/{entity}/999999999"), 404)
    assert_problem(get(client, f"/api/v1/{entity}/{2**64}"), 404)
    rows = _all_rows(client, entity)
    if not rows:
        pytest.skip(f"the tiny tenant has no {entity}")
    qid = ids(rows)[0]
    plain = get(client, f"/api/v1/{entity}/{qid}").get_json()
    assert plain["qbench_id"] == qid and "raw_payload" not in plain
    raw = get(client, f"/api/v1/{entity}/{qid}?include=raw_payload").get_json()
    assert raw["raw_payload"] == backup.repo.get(entity, qid)["raw_payload"]
    assert_problem(get(client, f"/api/v1/{entity}/999999999"), 404)
    assert_problem(get(client, f"/api/v1/{entity}/{2**64}"), 404)
    assert_problem(get(client, f"/api/v1/{entity}/{qid}?include=x"), 400)


BAD_QUERIES = (
    "limit=0",
    "limit=501",
    "limit=abc",
    "after=-1",
    f"after={2**63}",
    "sort=name",
    "include=everything",
    "include_deleted=maybe",
    "updated_since=yesterday",
    "created_from=2024-13-01",
    "state=%00",
    "customer_id=1",  # not a filter of tests
    "unknown=1",
)


def test_bad_parameters_are_400_problems(client):
    for query in BAD_QUERIES:
        body = assert_problem(get(client, f"/api/v1/tests?{query}"), 400)
        assert query.split("=")[0] in body["detail"]


def test_sync_status(client, backup, tmp_path):
    body = get(client, "/api/v1/sync/status").get_json()
    assert body["running"] is False
    assert set(body["entities"]) == set(ENTITIES)
    for entity in ENTITIES:
        last = backup.repo.last_success(entity)
        got = body["entities"][entity]
        if last is None:  # not synced (optional) or skipped: never a success
            assert got["last_success"] is None
            assert got["last_run"] is None or got["last_run"]["status"] == "skipped"
            continue
        assert got["last_success"]["id"] == last.id
        assert got["last_success"]["run_id"] == "run1"
        assert got["last_run"] == got["last_success"]
        assert got["checkpoint"]["status"] == "success"
    assert all(body["entities"][e]["last_success"] for e in CORE_ENTITIES)
    with sync_lock(tmp_path / "sync.lock"):
        assert get(client, "/api/v1/sync/status").get_json()["running"] is True


def test_sync_runs_pages_the_whole_history(client, backup):
    backup.sync()  # a second run: more history
    rows = page_all(client, "/api/v1/sync/runs?limit=4")
    expected = [r.id for r in IngestionRun.select().order_by(IngestionRun.id.desc())]
    assert [r["id"] for r in rows] == expected
    assert {r["run_id"] for r in rows} == {"run1", "run2"}


def test_trigger_sync_disabled_is_403(client):
    assert_problem(client.post("/api/v1/sync", headers=AUTH), 403)


def test_trigger_sync(make_app, tmp_path):
    calls = []
    client = make_app(trigger_sync=lambda: calls.append(1)).test_client()
    response = client.post("/api/v1/sync", headers=AUTH)
    assert response.status_code == 202 and response.get_json() == {"status": "started"}
    assert calls == [1]
    with sync_lock(tmp_path / "sync.lock"):
        assert_problem(client.post("/api/v1/sync", headers=AUTH), 409)
    assert calls == [1]


def test_trigger_losing_the_lock_race_is_409(make_app):
    def locked():
        raise SyncLockedError("another sync holds the lock")

    client = make_app(trigger_sync=locked).test_client()
    assert_problem(client.post("/api/v1/sync", headers=AUTH), 409)


def test_auth_on_every_route(client):
    for route in ROUTES:
        _check_auth(client, route)


def _check_auth(client, route):
    url = route.rule.replace("<int:qbench_id>", "1")
    call = getattr(client, route.method.lower())
    if not route.auth:
        assert call(url).status_code == 200
        return
    missing = assert_problem(call(url), 401)
    assert "token" in missing["detail"]
    assert call(url).headers["WWW-Authenticate"].startswith("Bearer ")
    for header in (
        "Bearer wrong",
        "Basic dXNlcjpwYXNz",
        f"Token {AUTH['Authorization']}",
    ):
        response = call(url, headers={"Authorization": header})
        assert_problem(response, 401)
        assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_no_token_configured_refuses_everything(make_app):
    client = make_app(token_hash=None).test_client()
    assert_problem(get(client, "/api/v1/orders"), 401)
    assert client.get("/api/v1/health").status_code == 200


def test_other_methods_are_405_on_every_route(client):
    for route in ROUTES:
        url = route.rule.replace("<int:qbench_id>", "1")
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"):
            if method != route.method:
                response = client.open(url, method=method, headers=AUTH)
                assert_problem(response, 405)
                assert route.method in response.headers["Allow"]


def test_unknown_path_is_404_problem(client):
    assert_problem(get(client, "/api/v1/nothing"), 404)
    assert_problem(get(client, "/"), 404)


def test_unexpected_error_is_500_without_traceback(client, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("secret internals /home/user/file.py")

    monkeypatch.setattr(queries, "list_rows", boom)
    body = assert_problem(get(client, "/api/v1/orders"), 500)
    assert "secret" not in body["detail"]


def test_database_down_is_503(client, monkeypatch):
    def down(*args, **kwargs):
        raise peewee.OperationalError("connection refused")

    monkeypatch.setattr(queries, "list_rows", down)
    assert_problem(get(client, "/api/v1/orders"), 503)


def test_no_cors_headers_without_an_allow_list(client):
    response = get(client, "/api/v1/orders", headers={"Origin": "http://evil.example"})
    assert not any(h.startswith("Access-Control") for h, _ in response.headers.items())


def test_cors_only_for_listed_origins(make_app):
    client = make_app(cors_origins=["http://dash.lab"]).test_client()
    listed = {**AUTH, "Origin": "http://dash.lab"}
    other = {**AUTH, "Origin": "http://evil.example"}
    response = client.get("/api/v1/orders", headers=listed)
    assert response.headers["Access-Control-Allow-Origin"] == "http://dash.lab"
    assert "Origin" in response.headers["Vary"]
    response = client.get("/api/v1/orders", headers=other)
    assert "Access-Control-Allow-Origin" not in response.headers
    preflight = {"Access-Control-Request-Method": "GET"}
    ok = client.options("/api/v1/orders", headers={**preflight, **listed})
    assert ok.status_code == 204
    assert "Authorization" in ok.headers["Access-Control-Allow-Headers"]
    refused = client.options("/api/v1/orders", headers={**preflight, **other})
    assert_problem(refused, 405)


def test_a_sync_leaves_statistics_for_sorted_pages(backup):
    """The sync refreshes planner statistics, so the newest page walks the
    (date, qbench_id) index instead of sorting every row (SQLite plans it with
    the deleted_at index without them)."""
    db = backup.repo.db
    if isinstance(db, peewee.SqliteDatabase):
        analysed = {row[0] for row in db.execute_sql("SELECT tbl FROM sqlite_stat1")}
        # SQLite's ANALYZE writes no statistics for an empty table
        filled = {
            e for e in ENTITY_MODELS if backup.repo.count(e, include_deleted=True)
        }
        assert "tests" in filled and filled <= analysed
        newest = queries.ListQuery(sort="-last_updated")
        first = queries.page_queries("tests", newest)[0]
        deep = queries.Cursor("-last_updated", datetime(2024, 1, 1), 10**6)
        deeper = queries.ListQuery(sort="-last_updated", cursor=deep)
        later = queries.page_queries("tests", deeper)[0]
        for query in (first, later):
            sql, params = query.limit(51).sql()
            plan = " ".join(
                str(row[-1])
                for row in db.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params)
            )
            index = "USING INDEX tests_qbench_last_updated_qbench_id_sort"
            assert f"SEARCH t1 {index} (qbench_last_updated" in plan, plan
            assert "TEMP B-TREE" not in plan, plan
    else:
        cursor = db.execute_sql(
            "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"
        )
        assert set(ENTITY_MODELS) <= {row[0] for row in cursor}


def test_every_sortable_date_has_its_index(backup):
    """The API's sort fields and storage's migration 2 are listed apart (storage
    may not import the API); this keeps them together."""
    from app.storage.migrations import sort_index_name

    db = backup.repo.db
    for entity in ENTITIES:
        table = ENTITY_MODELS[entity]._meta.table_name
        indexes = {index.name for index in db.get_indexes(table)}
        for name, column in queries.sort_columns(entity).items():
            if name != queries.ID_SORT:
                assert sort_index_name(table, column.name) in indexes, (entity, name)


def test_a_run_a_killed_process_left_running_reads_interrupted(
    client, backup, tmp_path
):
    """After kill -9 the rows still say running; /sync/runs says what
    /sync/status and the window say (fresh-user trial, issue 10)."""
    backup.repo.start_run("dead", "*")
    backup.repo.start_run("dead", "tests")
    rows = page_all(client, "/api/v1/sync/runs?limit=50")
    dead = {r["entity"]: r["status"] for r in rows if r["run_id"] == "dead"}
    assert dead == {"*": "interrupted", "tests": "interrupted"}
    with sync_lock(tmp_path / "sync.lock"):  # a sync holds the lock: it is live
        rows = page_all(client, "/api/v1/sync/runs?limit=50")
        live = {r["status"] for r in rows if r["run_id"] == "dead"}
        assert live == {"running"}
        backup.repo.start_run("newer", "*")  # a newer run: the old one is dead
        rows = page_all(client, "/api/v1/sync/runs?limit=50")
        statuses = {(r["run_id"], r["status"]) for r in rows if r["entity"] == "*"}
        assert ("dead", "interrupted") in statuses
        assert ("newer", "running") in statuses


def test_the_entity_routes_and_filters_come_from_the_registry():
    """Issue 12 point 7: the REST API reads app.entities, never its own list."""
    from app.entities import ALL_ENTITIES
    from app.entities import ENTITIES as REGISTRY

    assert list(queries.SPECS) == [n for n in ALL_ENTITIES if n in ENTITY_MODELS]
    assert set(queries.SPECS) == set(ENTITY_MODELS)
    for name, spec in queries.SPECS.items():
        entry = REGISTRY[name]
        assert (spec.state, spec.created, spec.id_type) == (
            entry.state,
            entry.created,
            entry.id_type,
        )
        assert spec.refs == tuple(c for c in entry.refs if c.endswith("_id"))
    rules = {r.rule for r in ROUTES}
    for name, spec in queries.SPECS.items():
        assert f"/api/v1/{name}" in rules
        converter = "" if spec.id_type == "text" else "int:"
        assert f"/api/v1/{name}/<{converter}qbench_id>" in rules


def test_text_ids_make_and_take_cursors():
    """api_clients are identified by a UUID string: cursors carry it."""
    uuid = "0f8fad5b-d9cb-469f-a165-70867728950e"
    made = queries.Cursor("-id", None, uuid)
    assert queries.Cursor.decode(made.encode(), "-id", "text") == made
    with pytest.raises(queries.BadCursor):  # not an integer id
        queries.Cursor.decode(made.encode(), "-id", "int")
    with pytest.raises(queries.BadCursor):
        queries.Cursor.decode(queries.Cursor("id", None, 5).encode(), "id", "text")
    assert not queries.valid_id("a\x00b", "text")  # PostgreSQL refuses NUL
    assert not queries.valid_id("x" * (queries.MAX_TEXT_ID + 1), "text")
    assert queries.valid_id(uuid, "text") and not queries.valid_id(uuid, "int")


def _partial_run(repo, skipped_entity, message):
    """A finished run that skipped ``skipped_entity`` (QBench answered 403),
    written as the engine writes it (rows straight into ingestion_runs)."""
    now = datetime(2030, 1, 1, 12, 0)
    for entity, status in (("*", "partial"), (skipped_entity, "skipped")):
        IngestionRun.insert(
            run_id="partial-run",
            entity=entity,
            started_at=now,
            finished_at=now,
            status=status,
            error=f"{skipped_entity}: 403 Forbidden",
            user_message=message,
        ).execute()


def test_sync_status_shows_a_partial_run_and_the_skipped_entity(client, backup):
    """Issue 12 point 5: amber, with the scope to grant, entity by entity."""
    skipped = "tests"
    message = f"Sin permiso para {skipped}: conceda el alcance X."
    _partial_run(backup.repo, skipped, message)
    body = get(client, "/api/v1/sync/status").get_json()
    assert body["backup"]["state"] == "partial"
    assert body["backup"]["reason"] == message
    assert body["backup"]["last_run"]["status"] == "partial"
    assert set(body["entities"]) == set(queries.SPECS)
    got = body["entities"][skipped]
    assert got["last_run"]["status"] == "skipped"
    assert got["last_run"]["user_message"] == message
    assert got["last_success"]["run_id"] == "run1"  # its last copy is kept
    other = body["entities"]["customers"]
    assert other["last_run"]["status"] == "success"


def test_a_cursor_of_the_longest_text_id_is_accepted():
    from app.api.params import CURSOR, parse_query

    longest = "é\u2028" * (queries.MAX_TEXT_ID // 2)  # JSON escapes each one
    cursor = queries.Cursor("-date_created", datetime(2026, 1, 2, 3, 4, 5), longest)
    text = parse_query((CURSOR,), {"cursor": cursor.encode()})["cursor"]
    assert queries.Cursor.decode(text, "-date_created", "text") == cursor


@pytest.mark.every_entity
def test_text_ids_page_sort_and_get_by_id(client, backup):
    """api_clients are identified by UUID strings (issue 12): keyset pages by
    id and by date, cursors and ``after``, GET by id, 404 for strangers."""
    import uuid

    clients = [
        {
            "id": str(uuid.UUID(int=n * 7919)),
            "name": f"client {n}",
            "date_created": None if n % 3 == 0 else f"2026-0{1 + n % 4}-01T00:00:00",
        }
        for n in range(1, 12)
    ]
    synced = backup.repo.live_ids("api_clients")  # the tenant's own clients
    backup.repo.upsert_page("api_clients", clients)
    want = sorted(synced | {c["id"] for c in clients})
    assert ids(page_all(client, "/api/v1/api_clients?limit=2")) == want
    assert ids(page_all(client, "/api/v1/api_clients?limit=3&sort=-id")) == want[::-1]
    by_date = ids(page_all(client, "/api/v1/api_clients?limit=2&sort=date_created"))
    assert sorted(by_date) == want and len(set(by_date)) == len(want)
    first = get(client, "/api/v1/api_clients?limit=4").get_json()
    after = get(client, f"/api/v1/api_clients?after={first['next_after']}").get_json()
    assert ids(first["items"]) + ids(after["items"]) == want
    row = get(client, f"/api/v1/api_clients/{want[0]}?include=raw_payload").get_json()
    assert row["qbench_id"] == want[0] and row["raw_payload"]["id"] == want[0]
    assert_problem(get(client, "/api/v1/api_clients/not-a-client"), 404)
    assert_problem(get(client, f"/api/v1/api_clients/{'x' * 300}"), 404)
    assert_problem(get(client, "/api/v1/api_clients/a%00b"), 404)
    assert_problem(get(client, "/api/v1/api_clients?after=a%00b"), 400)
