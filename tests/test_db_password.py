"""The PostgreSQL password: keyring or QBENCH_BACKUP_DB_PASSWORD, never a file or log.

Against a real role that must log in with a password (scram-sha-256: ``.ci/run``
adds the pg_hba rule for ``qbb_password_role``).
"""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest

from app import paths, services
from app.api.command import build_app
from app.api.token_store import issue_token
from app.config import Settings, save_settings
from app.credentials import ENV_DB_PASSWORD, get_db_password, set_db_password
from app.errors import DatabaseUnavailable
from app.logs import LOG_FILE_NAME, reset_logging, setup_logging
from tests.pg_roles import password_database

pytestmark = pytest.mark.postgres


@pytest.fixture
def password_db():
    with password_database() as db:
        yield db


@pytest.fixture
def log_file():
    setup_logging("DEBUG", console=False)
    yield paths.log_dir() / LOG_FILE_NAME
    reset_logging()


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


def _sync(sim, url: str):
    settings = Settings(base_url=sim.base_url, client_id=sim.client_id, db_url=url)
    connection = services.Connection(sim.base_url, sim.client_id, sim.client_secret)
    return services.run_sync(settings, connection, entities=["customers"])


def _assert_nowhere_on_disk(password: str, log_file) -> None:
    save_settings(Settings(db_url="postgresql://x@127.0.0.1:5432/db"))
    for path in paths.config_dir().rglob("*"):
        if path.is_file():
            assert password not in path.read_text(errors="replace"), path
    text = log_file.read_text()
    assert "sync" in text and password not in text


def test_without_the_password_the_database_refuses_in_words(
    password_db, memory_keyring
):
    with pytest.raises(DatabaseUnavailable) as info:
        services.check_database(password_db.url)
    assert "password" in str(info.value)


def test_probar_and_a_sync_use_the_password_from_the_keyring(
    password_db, memory_keyring, sim, log_file
):
    set_db_password(password_db.url, password_db.password)
    assert get_db_password(password_db.url) == password_db.password
    services.check_database(password_db.url)  # Probar base de datos
    report = _sync(sim, password_db.url)  # migrations included
    assert report.status == "success", report.error
    assert services.last_backup(password_db.url).state == "ok"  # window
    _assert_nowhere_on_disk(password_db.password, log_file)


def test_without_a_keyring_the_environment_variable_is_used(
    password_db, no_keyring, sim, log_file, monkeypatch
):
    settings = Settings(db_url=password_db.url)
    token = issue_token()
    auth = {"Authorization": f"Bearer {token}"}
    without = build_app(settings, {}).test_client()  # --serve without it
    status = without.get("/api/v1/sync/status", headers=auth).get_json()
    assert status["database"]["available"] is False
    assert "contraseña" in status["backup"]["reason"]
    assert without.get("/api/v1/orders", headers=auth).status_code == 503
    app = build_app(settings, {ENV_DB_PASSWORD: password_db.password})  # --serve
    assert app.test_client().get("/api/v1/orders", headers=auth).status_code == 200
    monkeypatch.setenv(ENV_DB_PASSWORD, password_db.password)
    services.check_database(password_db.url)
    report = _sync(sim, password_db.url)
    assert report.status == "success", report.error
    assert f"using {ENV_DB_PASSWORD}" in log_file.read_text()
    _assert_nowhere_on_disk(password_db.password, log_file)


def test_a_percent_encoded_password_in_the_url_logs_in(password_db):
    """RFC 3986: a password with @ : / # % is written %-encoded in a URL; libpq
    decodes it and so must we (fresh-user trial: it was refused)."""
    from urllib.parse import quote

    from tests.conftest import _admin_connection
    from tests.pg_roles import ROLE

    odd = "p@ss:w/rd#%x-" + password_db.password[-6:]
    admin = _admin_connection()
    try:
        with admin.cursor() as cur:
            cur.execute(f"ALTER ROLE {ROLE} PASSWORD %s", (odd,))
    finally:
        admin.close()
    url = password_db.url.replace(f"{ROLE}@", f"{ROLE}:{quote(odd, safe='')}@", 1)
    services.check_database(url)  # Probar base de datos, --db-url
