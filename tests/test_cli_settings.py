"""Bad settings are refused where they are read: one line naming the field and
what it allows, exit 2, and the ``--json`` line says why (issue 10, point 4)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import sim_env


def _run(home, *args, env=None, settings=None):
    if settings is not None:
        (home / "config").mkdir(parents=True, exist_ok=True)
        (home / "config" / "settings.json").write_text(
            json.dumps(settings), encoding="utf-8"
        )
    full_env = {**os.environ, "QBENCH_BACKUP_HOME": str(home), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


_sim_env = sim_env


BAD_VALUES = [
    # (field, value, words of the allowed values in the message)
    ("log_level", "verbose", "DEBUG, INFO, WARNING or ERROR"),
    ("log_level", "", "DEBUG, INFO, WARNING or ERROR"),
    ("page_size", 0, "from 1 to 50"),
    ("page_size", 500, "from 1 to 50"),
    ("page_size", -1, "from 1 to 50"),
    ("page_size", "50", "must be a whole number"),
    ("rate_limit_requests", 0, "from 1 to 100000"),
    ("rate_limit_requests", 10**9, "from 1 to 100000"),
    ("rate_limit_seconds", 0, "seconds from 1 to 86400"),
    ("lookback_minutes", -5, "minutes from 0 to 10080"),
    ("lookback_minutes", 100_000, "minutes from 0 to 10080"),
    ("lookback_minutes", 1.5, "must be a whole number"),
    ("base_url", "127.0.0.1:8080", "http:// or https://"),
    ("base_url", "ftp://acme.qbench.net", "http:// or https://"),
    ("base_url", "https://acme.qbench.net/some/path", "without a path"),
    ("client_id", "has space", "without spaces"),
    ("db_url", "mysql://root@localhost/qb", "postgresql://user@host:port/db"),
    ("db_url", "sqlite://", "sqlite:///path"),
    ("api_port", 0, "from 1 to 65535"),
    ("api_port", 70000, "from 1 to 65535"),
    ("api_host", "", "without spaces"),
    ("api_host", "my host", "without spaces"),
    ("api_cors_origins", "localhost:3000", "http://localhost:3000"),
    ("api_enabled", "yes", "must be true or false"),
    ("api_allow_sync", 1, "must be true or false"),
]


@pytest.mark.parametrize(("field", "value", "allowed"), BAD_VALUES)
def test_each_bad_setting_gives_one_line_naming_the_field_and_exit_2(
    tmp_path, sim, field, value, allowed
):
    result = _run(
        tmp_path / "home", "--sync", "--json", env=_sim_env(sim),
        settings={"version": 1, field: value},
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"'{field}'" in lines[0] and allowed in lines[0]
    assert "settings.json" in lines[0]
    assert "Traceback" not in result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["status"] == "failed" and summary["exit_code"] == 2
    assert f"'{field}'" in summary["error"]
    assert f"«{field}»" in summary["user_message"]
    assert summary["entities"] == [] and summary["totals"]["requests"] == 0


def test_every_bad_field_is_named_on_the_same_line(tmp_path, sim):
    result = _run(
        tmp_path / "home", "--sync", env=_sim_env(sim),
        settings={"page_size": 500, "log_level": "verbose", "lookback_minutes": -5},
    )  # fmt: skip
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "'page_size'" in line and "'log_level'" in line
    assert "'lookback_minutes'" in line


@pytest.mark.parametrize(
    ("args", "env", "words"),
    [
        (["--rate-limit", "0/60"], {}, "--rate-limit"),
        (["--rate-limit", "lots"], {}, "--rate-limit"),
        ([], {"QBENCH_LOOKBACK_MINUTES": "-5"}, "QBENCH_LOOKBACK_MINUTES"),
        ([], {"QBENCH_LOOKBACK_MINUTES": "99999"}, "QBENCH_LOOKBACK_MINUTES"),
        ([], {"QBENCH_BACKUP_LOG_LEVEL": "verbose"}, "QBENCH_BACKUP_LOG_LEVEL"),
        ([], {"QBENCH_BASE_URL": "127.0.0.1:8080"}, "QBENCH_BASE_URL"),
        (["--entities", "nope"], {}, "unknown entities: nope"),
        (["--no-such-flag"], {}, "unrecognized arguments: --no-such-flag"),
    ],
)
def test_bad_flags_and_variables_exit_2_with_the_json_line(
    tmp_path, sim, args, env, words
):
    result = _run(tmp_path / "home", "--sync", "--json", *args,
                  env={**_sim_env(sim), **env})  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert words in result.stderr and "Traceback" not in result.stderr
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["exit_code"] == 2 and words in summary["error"]


def test_missing_tenant_url_prints_the_json_line_too(tmp_path, sim):
    env = _sim_env(sim)
    env["QBENCH_BASE_URL"] = ""
    result = _run(tmp_path / "home", "--sync", "--json", env=env)
    assert result.returncode == 2
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["exit_code"] == 2 and "QBENCH_BASE_URL" in summary["error"]


def test_serve_refuses_a_bad_settings_file_with_exit_2(tmp_path):
    result = _run(tmp_path / "home", "--serve", settings={"api_port": 0})
    assert result.returncode == 2
    assert "'api_port'" in result.stderr and "Traceback" not in result.stderr
