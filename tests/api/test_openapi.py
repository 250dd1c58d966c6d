"""The OpenAPI document equals the registered routes; schemathesis finds nothing."""

from __future__ import annotations

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks as st_checks

from app.api.openapi import build_document, openapi_path
from app.api.params import parse_query
from app.api.problems import ApiProblem
from app.api.routes import ROUTES, list_params
from app.storage.models import ENTITY_MODELS
from tests.api.conftest import AUTH

IMPLICIT = {"HEAD", "OPTIONS"}  # HEAD mirrors GET; OPTIONS is refused (405)


def test_document_paths_equal_the_app_rules(client):
    app = client.application
    registered = {
        (openapi_path(rule.rule), method.lower())
        for rule in app.url_map.iter_rules()
        for method in rule.methods - IMPLICIT
    }
    document = {
        (path, method)
        for path, item in build_document()["paths"].items()
        for method in item
    }
    assert registered == document
    served = client.get("/api/v1/openapi.json").get_json()
    assert served == build_document()
    assert served["openapi"].startswith("3.")


def test_documented_path_parameters_match_the_rules():
    for route in ROUTES:
        in_rule = set(re.findall(r"<(?:\w+:)?(\w+)>", route.rule))
        documented = {p.name for p in route.params if p.location == "path"}
        assert in_rule == documented, route.rule


def test_documented_query_parameters_are_exactly_the_accepted_ones():
    params = list_params("tests")
    accepted = parse_query(params, {p.name: "1" for p in params if "type" in p.schema
                                    and p.schema["type"] == "integer"})  # fmt: skip
    assert set(accepted) == {p.name for p in params}
    with pytest.raises(ApiProblem):
        parse_query(params, {"customer_id": "1"})


def test_auth_is_documented_as_the_app_enforces_it(client):
    document = build_document()
    for route in ROUTES:
        operation = document["paths"][openapi_path(route.rule)][route.method.lower()]
        assert bool(operation.get("security")) == route.auth
        assert ("401" in operation["responses"]) == route.auth


def test_docs_page_works_offline(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert 'fetch("openapi.json")' in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page), "no external resources"
    assert "http://" not in page and "https://" not in page


CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.content_type_conformance,
    st_checks.response_schema_conformance,
    st_checks.response_headers_conformance,
]


@pytest.mark.slow
def test_schemathesis_finds_no_5xx_and_no_schema_violation(make_app, backup):
    """Property-based run over every documented operation (WSGI, in-process),
    then every entity's stored rows validated against the document."""
    app = make_app(trigger_sync=lambda: None)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    labels = {f"{r.method} {openapi_path(r.rule)}" for r in ROUTES}
    # schemathesis leaves out the document it was loaded from
    assert {op.label for op in operations} == labels - {"GET /api/v1/openapi.json"}
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case):
            case.call_and_validate(headers=AUTH, checks=CHECKS)

        run()

    for operation in operations:
        entity = operation.label.split("/")[3]
        if operation.label.endswith("{qbench_id}"):
            for payload in backup.repo.all_payloads(entity):
                for query in ({}, {"include": "raw_payload"}):
                    case = operation.Case(
                        path_parameters={"qbench_id": payload["id"]}, query=query
                    )
                    case.call_and_validate(headers=AUTH, checks=CHECKS)
        elif entity in ENTITY_MODELS:
            query = {"include": "raw_payload", "include_deleted": "true"}
            case = operation.Case(query={**query, "limit": 500})
            case.call_and_validate(headers=AUTH, checks=CHECKS)


def test_every_typed_column_has_its_json_type_in_the_document():
    """A number column (invoices.total, panels.base_price) is a JSON number,
    an int one an integer, a bool one a boolean (issue 12: typed columns)."""
    from app.entities import ENTITIES

    kinds = {"int": "integer", "number": "number", "bool": "boolean"}
    kinds.update(text="string", date="string")
    schemas = build_document()["components"]["schemas"]
    seen = set()
    for name in ENTITY_MODELS:
        properties = schemas[f"{name}_row"]["properties"]
        for column in ENTITIES[name].columns:
            assert properties[column.name]["type"] == kinds[column.kind], column
            seen.add(column.kind)
    assert seen == set(kinds)
