"""``create_app``: the Flask app over the backup database, a connection per request."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

import peewee
from flask import Flask, Response, g, request
from flask.json.provider import DefaultJSONProvider

from app.api import problems
from app.api.auth import TokenHash, TokenVerifier
from app.api.problems import ApiProblem, problem_response
from app.api.routes import EXTENSION, ROUTES, ApiContext, Route
from app.errors import AppError
from app.run_state import RunOutcome
from app.storage.db import open_database
from app.storage.models import bind, database_proxy

CHALLENGE = 'Bearer realm="qbench-backup"'
VERIFIER = "qbench_backup_token_verifier"  # app.extensions key of the TokenVerifier


def _open(database: str | peewee.Database) -> peewee.Database:
    if isinstance(database, peewee.Database):
        return database
    db = open_database(database)  # checks the URL works, then hands back
    db.close()
    return db


def _bind(db: peewee.Database) -> None:
    """Bind the models to ``db`` unless they already use the same database.

    The models share one process-wide proxy and every sync binds its own
    ``Database`` object for the same URL; rebinding while a sync runs would pull
    the proxy from under the sync thread, so an equal database is kept.
    """
    current = database_proxy.obj
    same = (
        current is not None
        and type(current) is type(db)
        and current.database == db.database
        and current.connect_params == db.connect_params
    )
    if not same:
        bind(db)


class StrictJSONProvider(DefaultJSONProvider):
    """RFC 8259 JSON only: a NaN or Infinity that reached an answer is a 500,
    never a bare ``NaN`` token that browsers and strict parsers reject. (Stored
    payloads hold none: ``app.storage.payload`` writes them as strings.)"""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        kwargs.setdefault("allow_nan", False)
        return super().dumps(obj, **kwargs)


class DatabaseReadiness:
    """Opens (and migrates) the backup database the first time a request needs
    it, and again after it was lost: ``--serve`` starts while the database is
    down, answers ``/sync/status`` with the reason and every data route with
    503 until the database is back. Attempts are at most one per ``RETRY``
    seconds (a PostgreSQL connect may take its whole timeout); between them the
    last error is the answer."""

    RETRY = 5.0  # seconds

    def __init__(self, prepare: Callable[[], None] | None, *, ready: bool) -> None:
        self._prepare = prepare
        self._ready = ready or prepare is None
        self._error: AppError | None = None
        self._tried_at = float("-inf")
        self._lock = threading.Lock()

    def check(self) -> AppError | None:
        """None when the database is ready; else why not (English message,
        Spanish ``user_message``)."""
        if self._ready:
            return None
        with self._lock:
            if self._ready:
                return None
            if time.monotonic() - self._tried_at < self.RETRY and self._error:
                return self._error
            self._tried_at = time.monotonic()
            try:
                self._prepare()  # type: ignore[misc]
            except AppError as exc:
                self._error = exc
                return exc
            self._ready, self._error = True, None
            return None

    def lost(self) -> None:
        """A connection failed after the database was ready: open it again."""
        if self._prepare is not None:
            with self._lock:
                self._ready, self._tried_at = False, float("-inf")


def _unauthorized(detail: str, error: str | None) -> ApiProblem:
    challenge = CHALLENGE + (f', error="{error}"' if error else "")
    return ApiProblem(401, detail, headers={"WWW-Authenticate": challenge})


def _bearer(header: str) -> str:
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def create_app(
    database: str | peewee.Database,
    *,
    token_hash: TokenHash | None,
    trigger_sync: Callable[[], None] | None = None,
    sync_running: Callable[[], bool] | None = None,
    cors_origins: Iterable[str] = (),
    status_file: Callable[[], RunOutcome | None] | None = None,
    database_label: str | None = None,
    prepare: Callable[[], None] | None = None,
    database_ready: bool = True,
) -> Flask:
    """The REST API over ``database`` (a URL or an unconnected peewee database).

    ``token_hash`` None refuses every authenticated route; ``sync_running`` says
    whether the sync lock is held (the API may not import ``app.sync``: the
    caller passes ``is_sync_running``); ``trigger_sync`` None disables ``POST
    /api/v1/sync``; CORS headers only go to ``cors_origins``; ``status_file``
    reads the last outcome the database may not have (``app.run_state``), which
    counts when it names ``database_label`` (the redacted URL). ``prepare``
    (open and migrate; raises AppError) runs before the first request that
    needs the database, and again after it was lost; with it, ``database``
    may be a database that is down (see ``DatabaseReadiness``); False
    ``database_ready`` says it was not prepared yet.
    """
    _bind(database if prepare is not None else _open(database))
    readiness = DatabaseReadiness(prepare, ready=database_ready)
    app = Flask(__name__, static_folder=None)
    app.json = StrictJSONProvider(app)
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    app.extensions[EXTENSION] = ApiContext(
        sync_running, trigger_sync, status_file, database_label
    )
    verify = TokenVerifier(token_hash)
    app.extensions[VERIFIER] = verify
    origins = frozenset(cors_origins)
    by_endpoint: dict[str, Route] = {}
    for route in ROUTES:
        by_endpoint[route.endpoint] = route
        app.add_url_rule(
            route.rule,
            route.endpoint,
            route.view,
            methods=[route.method],
            provide_automatic_options=False,
        )
    problems.register(app)

    @app.errorhandler(peewee.OperationalError)
    @app.errorhandler(peewee.InterfaceError)
    def _database_down(exc: Exception) -> Response:
        return problem_response(503, "the backup database is unavailable")

    @app.before_request
    def _before() -> Response | None:
        origin = request.headers.get("Origin")
        if request.method == "OPTIONS" and origin in origins:
            return _preflight(origin)
        route = by_endpoint.get(request.endpoint or "")
        if route is None or not route.auth:
            return None  # unknown path/method (404/405 follow) or public route
        header = request.headers.get("Authorization", "")
        if not header:
            raise _unauthorized("a bearer token is required", None)
        if not verify(_bearer(header)):
            raise _unauthorized("the bearer token is not valid", "invalid_token")
        error = readiness.check()
        if error is None:
            g.db = database_proxy.obj  # the sync may have rebound it since
            try:
                g.db_opened = g.db.connect(reuse_if_open=True)
            except (peewee.OperationalError, peewee.InterfaceError):
                g.pop("db")
                readiness.lost()
                error = readiness.check()
        if error is not None:
            if route.endpoint == "sync_status":  # says why, as the window does
                g.db_error = error
                return None
            raise ApiProblem(503, f"the backup database is unavailable: {error}")
        return None

    @app.after_request
    def _cors(response: Response) -> Response:
        origin = request.headers.get("Origin")
        if origin and origin in origins:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Access-Control-Expose-Headers"] = "Link"
            response.vary.add("Origin")
        return response

    @app.teardown_request
    def _close(exc: BaseException | None) -> None:
        db = g.pop("db", None)
        if g.pop("db_opened", False) and db is not None and not db.is_closed():
            db.close()

    return app


def replace_token_hash(app: Flask, stored: TokenHash | None) -> None:
    """A running ``app`` accepts only the token ``stored`` hashes from now on
    (a new token was issued; clients with the old one get 401)."""
    app.extensions[VERIFIER].replace(stored)


def _preflight(origin: str) -> Response:
    response = Response(status=204)
    response.headers["Access-Control-Allow-Origin"] = origin
    response.headers["Access-Control-Allow-Methods"] = "GET, POST"
    response.headers["Access-Control-Allow-Headers"] = "Authorization"
    response.headers["Access-Control-Max-Age"] = "600"
    response.vary.add("Origin")
    return response
