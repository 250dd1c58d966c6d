"""Settings: the JSON file, validation messages, and flags > env > file > defaults."""

from __future__ import annotations

import dataclasses
import json
import os

import pytest
from loguru import logger

from app import config, paths
from app.config import (
    Settings,
    load_settings,
    resolve_settings,
    save_settings,
    validate,
)
from app.errors import ConfigError

VALID = Settings(base_url="https://acme.qbench.net", client_id="abc123")


@pytest.fixture
def warnings_logged():
    """Messages of WARNING and above logged through loguru during the test."""
    messages: list[str] = []
    handler_id = logger.add(messages.append, level="WARNING", format="{message}")
    yield messages
    logger.remove(handler_id)


def write_settings(text: str):
    path = paths.settings_file()
    path.write_text(text, encoding="utf-8")
    return path


# --- the file -------------------------------------------------------------------


def test_defaults():
    settings = Settings()
    assert (settings.base_url, settings.client_id, settings.db_url) == ("", "", "")
    assert (settings.rate_limit_requests, settings.rate_limit_seconds) == (300, 60)
    assert (settings.lookback_minutes, settings.page_size) == (15, 50)
    assert (settings.api_enabled, settings.api_host, settings.api_port) == (
        False,
        "127.0.0.1",
        8765,
    )
    assert settings.log_level == "INFO"
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.page_size = 10  # type: ignore[misc]


def test_missing_file_gives_defaults_and_writes_nothing():
    assert load_settings() == Settings()
    assert not paths.settings_file().exists()


def test_round_trip_through_the_default_file(app_home):
    settings = dataclasses.replace(VALID, page_size=25, api_enabled=True)
    path = save_settings(settings)
    assert path == app_home / "config" / "settings.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["version"] == 1 and data["page_size"] == 25
    assert load_settings() == settings
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]


def test_save_replaces_atomically_and_keeps_the_old_file_on_failure(
    tmp_path, monkeypatch
):
    path = tmp_path / "s.json"
    save_settings(VALID, path)
    before = path.read_text(encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ConfigError) as info:
        save_settings(dataclasses.replace(VALID, page_size=5), path)
    assert str(path) in str(info.value) and str(path) in info.value.user_message
    assert path.read_text(encoding="utf-8") == before
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]


def test_broken_json_names_the_file_and_the_line():
    path = write_settings('{\n  "page_size": 20,\n  "base_url": oops\n}\n')
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert str(path) in str(info.value) and "line 3" in str(info.value)
    assert "delete the file" in str(info.value)
    assert str(path) in info.value.user_message and "línea 3" in info.value.user_message


@pytest.mark.parametrize(
    "text", ["[1, 2]", '"just text"', '{"version": 2}', '{"version": "1"}']
)
def test_unexpected_shapes_are_refused(text):
    path = write_settings(text)
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert str(path) in str(info.value)


def test_unreadable_file_is_a_config_error(tmp_path):
    undecodable = tmp_path / "latin1.json"
    undecodable.write_bytes(b'{"client_id": "\xf1"}')
    for path in (undecodable, tmp_path):  # bad encoding; a folder
        with pytest.raises(ConfigError, match="cannot read the settings file"):
            load_settings(path)


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("page_size", "50", "a whole number, for example 50"),
        ("api_port", True, "a whole number, for example 8765"),
        ("api_enabled", 1, "true or false, for example false"),
        ("base_url", 42, 'text in quotes, for example ""'),
        ("lookback_minutes", 1.5, "a whole number, for example 15"),
    ],
)
def test_wrong_type_names_the_field(key, value, expected):
    path = write_settings(json.dumps({"version": 1, key: value}))
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert f"{key!r} must be {expected}" in str(info.value)
    assert str(path) in str(info.value)
    assert f"«{key}»" in info.value.user_message


def test_every_wrong_field_is_reported_at_once():
    write_settings(json.dumps({"page_size": "x", "api_port": "y"}))
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert "'page_size'" in str(info.value) and "'api_port'" in str(info.value)


def test_unknown_keys_are_ignored_with_a_warning(warnings_logged):
    write_settings(json.dumps({"version": 1, "page_size": 10, "colour": "blue"}))
    assert load_settings() == Settings(page_size=10)
    assert any("unknown setting 'colour'" in m for m in warnings_logged)


@pytest.mark.parametrize("key", ["client_secret", "password", "token", "db_password"])
def test_secret_keys_in_the_file_are_refused(key, warnings_logged):
    write_settings(json.dumps({"client_id": "abc", key: "hunter2-value"}))
    assert load_settings() == Settings(client_id="abc")
    assert any(repr(key) in m and "keyring" in m for m in warnings_logged)
    assert not any("hunter2-value" in m for m in warnings_logged)


def test_database_password_in_the_file_is_warned_about(warnings_logged):
    url = "postgresql://bob:pa55word@db.local/qb"
    write_settings(json.dumps({"db_url": url}))
    assert load_settings().db_url == url
    assert any("password" in m for m in warnings_logged)
    assert not any("pa55word" in m for m in warnings_logged)


def test_save_refuses_a_database_password(tmp_path):
    path = tmp_path / "s.json"
    settings = Settings(db_url="postgresql://bob:pa55word@db.local/qb")
    with pytest.raises(ConfigError) as info:
        save_settings(settings, path)
    assert "pa55word" not in str(info.value) + info.value.user_message
    assert "llavero" in info.value.user_message
    assert not path.exists()


def test_saved_file_never_has_secret_keys(tmp_path):
    data = json.loads(save_settings(VALID, tmp_path / "s.json").read_text("utf-8"))
    assert not [k for k in data if any(w in k for w in ("secret", "password", "token"))]


# --- base_url and validation ------------------------------------------------------


@pytest.mark.parametrize(
    "pasted",
    [
        "https://acme.qbench.net",
        "https://acme.qbench.net/",
        "  https://acme.qbench.net  ",
        "https://acme.qbench.net/qbench",
        "https://acme.qbench.net/qbench/",
        "https://acme.qbench.net/QBench/api/v2/",
        "https://acme.qbench.net/qbench/api/v1",
    ],
)
def test_a_pasted_api_address_becomes_the_tenant_root(pasted):
    assert Settings(base_url=pasted).base_url == "https://acme.qbench.net"


def test_log_level_is_upper_cased():
    assert Settings(log_level=" debug ").log_level == "DEBUG"


def test_valid_settings_have_no_problems():
    assert validate(VALID) == {}
    assert validate(dataclasses.replace(VALID, db_url="sqlite:////tmp/x.db")) == {}
    ok_pg = dataclasses.replace(VALID, db_url="postgresql://bob@db:5432/qb")
    assert validate(ok_pg) == {}
    assert config.require_valid(VALID) is VALID


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("base_url", "", "Indique la dirección"),
        ("base_url", "acme.qbench.net", "https://"),
        ("base_url", "ftp://acme.qbench.net", "https://"),
        ("base_url", "https://", "servidor"),
        ("base_url", "https://acme.qbench.net/other/path", "sin rutas"),
        ("base_url", "https://acme.qbench.net/?x=1", "sin rutas"),
        ("base_url", "https://u:p@acme.qbench.net", "contraseña"),
        ("base_url", "https://acme.qbench.net:99999", "puerto"),
        ("client_id", "", "Client ID"),
        ("client_id", "ab cd", "espacios"),
        ("db_url", "mysql://root@localhost/db", "postgresql://"),
        ("db_url", "sqlite://", "SQLite"),
        ("db_url", "postgresql://bob@db:5432/", "nombre de la base de datos"),
        ("rate_limit_requests", 0, "mayor que cero"),
        ("rate_limit_seconds", 0, "1 segundo"),
        ("lookback_minutes", -1, "negativos"),
        ("page_size", 0, "entre 1 y 50"),
        ("page_size", 51, "entre 1 y 50"),
        ("api_host", "", "127.0.0.1"),
        ("api_port", 0, "entre 1 y 65535"),
        ("api_port", 65536, "entre 1 y 65535"),
        ("log_level", "LOUD", "DEBUG, INFO"),
        ("page_size", "50", "número entero"),
        ("api_enabled", "yes", "true o false"),
    ],
)
def test_validate_explains_each_problem_in_spanish(field, value, words):
    problems = validate(dataclasses.replace(VALID, **{field: value}))
    assert list(problems) == [field]
    assert words in problems[field]


def test_require_valid_lists_every_problem():
    bad = dataclasses.replace(VALID, page_size=99, api_port=0)
    with pytest.raises(ConfigError) as info:
        config.require_valid(bad)
    assert "page_size" in str(info.value) and "api_port" in str(info.value)
    assert "entre 1 y 50" in info.value.user_message
    assert "65535" in info.value.user_message


# --- precedence -------------------------------------------------------------------

# field, environment variable, file value, env text, env value, flag value
PRECEDENCE = [
    (
        "base_url",
        "QBENCH_BASE_URL",
        "https://file.qbench.net",
        "https://env.qbench.net/qbench/",
        "https://env.qbench.net",
        "https://flag.qbench.net",
    ),
    ("client_id", "QBENCH_CLIENT_ID", "file-id", " env-id ", "env-id", "flag-id"),
    (
        "db_url",
        "QBENCH_BACKUP_DB_URL",
        "sqlite:////file.db",
        "postgresql://u@h/env",
        "postgresql://u@h/env",
        "sqlite:////flag.db",
    ),
    ("rate_limit_requests", "QBENCH_RATE_LIMIT", 100, "200/60", 200, 400),
    ("rate_limit_seconds", "QBENCH_RATE_LIMIT", 30, "300/90", 90, 120),
    ("lookback_minutes", "QBENCH_LOOKBACK_MINUTES", 30, "45", 45, 0),
    ("log_level", "QBENCH_BACKUP_LOG_LEVEL", "WARNING", "debug", "DEBUG", "ERROR"),
]


@pytest.mark.parametrize(
    ("field", "var", "in_file", "env_text", "from_env", "flag"), PRECEDENCE
)
def test_flag_beats_env_beats_file_beats_default(
    field, var, in_file, env_text, from_env, flag
):
    default = getattr(Settings(), field)
    file_settings = Settings(**{field: in_file})
    env = {var: env_text}

    def effective(cli, env, file_settings):
        return getattr(resolve_settings(cli, env, file_settings), field)

    assert effective({}, {}, Settings()) == default
    assert effective({}, {}, file_settings) == in_file
    assert effective({}, env, Settings()) == from_env
    assert effective({}, env, file_settings) == from_env
    assert effective({field: None}, env, file_settings) == from_env  # flag not given
    assert effective({field: flag}, env, file_settings) == flag
    assert effective({field: flag}, {}, Settings()) == flag


def test_fields_without_a_variable_take_flag_then_file():
    file_settings = Settings(page_size=20, api_port=9000)
    resolved = resolve_settings({"page_size": 10}, {}, file_settings)
    assert (resolved.page_size, resolved.api_port) == (10, 9000)


def test_only_the_given_environment_counts(monkeypatch):
    monkeypatch.setenv("QBENCH_BASE_URL", "https://process.qbench.net")
    assert resolve_settings({}, {}, VALID) == VALID


@pytest.mark.parametrize("var", [row[1] for row in PRECEDENCE])
def test_empty_variable_counts_as_unset(var):
    assert resolve_settings({}, {var: "  "}, VALID) == VALID


@pytest.mark.parametrize(
    "text",
    ["300", "300/0", "0/60", "-1/60", "abc", "300/60/1", "1.5/60", "300 60", "٣/60"],
)
def test_malformed_rate_limit_names_the_variable_and_the_form(text):
    with pytest.raises(ConfigError) as info:
        resolve_settings({}, {"QBENCH_RATE_LIMIT": text}, VALID)
    assert "QBENCH_RATE_LIMIT" in str(info.value) and "300/60" in str(info.value)
    assert "QBENCH_RATE_LIMIT" in info.value.user_message


def test_parse_rate_limit():
    assert config.parse_rate_limit("300/60") == (300, 60)
    assert config.parse_rate_limit(" 10 / 1 ") == (10, 1)
    with pytest.raises(ConfigError, match="--rate-limit"):
        config.parse_rate_limit("fast", source="--rate-limit")


@pytest.mark.parametrize(
    ("var", "text"),
    [
        ("QBENCH_LOOKBACK_MINUTES", "-5"),
        ("QBENCH_LOOKBACK_MINUTES", "soon"),
        ("QBENCH_LOOKBACK_MINUTES", "²"),
        ("QBENCH_BASE_URL", "ftp://acme.qbench.net"),
        ("QBENCH_CLIENT_ID", "has space"),
        ("QBENCH_BACKUP_LOG_LEVEL", "chatty"),
        ("QBENCH_BACKUP_DB_URL", "mysql://root:topsecret@db/qb"),
    ],
)
def test_malformed_variable_is_named(var, text):
    with pytest.raises(ConfigError) as info:
        resolve_settings({}, {var: text}, VALID)
    assert var in str(info.value) and var in info.value.user_message
    assert "topsecret" not in str(info.value) + info.value.user_message


def test_unknown_flag_is_a_bug_in_the_caller():
    with pytest.raises(ValueError, match="client_secret"):
        resolve_settings({"client_secret": "x"}, {}, VALID)


def test_api_sync_switch_and_cors_allow_list_are_settings():
    from app.config import Settings, cors_origins, validate

    settings = Settings(
        base_url="https://acme.qbench.net",
        client_id="c",
        api_allow_sync=True,
        api_cors_origins="http://localhost:3000, https://dash.lab.example/",
    )
    assert validate(settings) == {}
    assert cors_origins(settings.api_cors_origins) == (
        "http://localhost:3000",
        "https://dash.lab.example",
    )
    bad = Settings(
        base_url="https://acme.qbench.net",
        client_id="c",
        api_cors_origins="not an origin",
    )
    assert "api_cors_origins" in validate(bad)
