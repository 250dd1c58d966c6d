"""RFC 9457 problem details: every error the API returns, never a traceback."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, json
from loguru import logger
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

PROBLEM_TYPE = "application/problem+json"


class ApiProblem(Exception):
    """An error to answer with a problem document."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        title: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title
        self.headers = headers or {}


def problem_response(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    """A problem+json response with ``status``, a title and a detail."""
    body = {
        "type": "about:blank",
        "title": title or HTTP_STATUS_CODES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **extra,
    }
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _http_error(exc: HTTPException) -> Response:
    headers = {}
    if exc.code == 405:
        allow = dict(exc.get_headers()).get("Allow")
        if allow:
            headers["Allow"] = allow
    return problem_response(
        exc.code or 500, exc.description or "", title=exc.name, headers=headers
    )


def _api_problem(exc: ApiProblem) -> Response:
    return problem_response(
        exc.status, exc.detail, title=exc.title, headers=exc.headers
    )


def _unexpected(exc: Exception) -> Response:
    logger.opt(exception=exc).error("REST API: unexpected error")
    return problem_response(500, "Unexpected error; see the application log.")


def register(app: Flask) -> None:
    """Install the handlers that turn every error into a problem document."""
    app.register_error_handler(ApiProblem, _api_problem)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
