"""One tenant per backup: a sync may only write into a copy of its own tenant.

A tenant is identified by its normalised root address (``tenant_root``):
host name in lower case, the port unless it is the scheme's default, and any
path prefix; the scheme is ignored (http and https reach the same tenant) and
so is the client id, which may change legitimately (a new API client).

- No tenant recorded (a new backup, or one made before this rule): the
  tenant syncing now is recorded.
- Another tenant recorded but the backup holds no data yet (a first run that
  failed, e.g. on a mistyped address): the new tenant replaces it.
- Another tenant recorded and data present: ``TenantMismatchError`` (exit 2)
  before anything is written, unless ``new_copy`` asks to keep the old copy
  aside and start a fresh one (``app.storage.tenant.set_aside``).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from loguru import logger

from app.errors import TenantMismatchError
from app.qbench.transport import tenant_root
from app.storage.repository import Repository
from app.storage.tenant import holds_data, record_tenant, recorded_tenant, set_aside

DEFAULT_PORTS = {"http": 80, "https": 443}
DEMO_TENANT = "demo"  # the bundled simulator, whatever port it got


def tenant_identity(base_url: str) -> str:
    """``acme.qbench.net`` for ``https://ACME.qbench.net:443/qbench/api/v2``."""
    parts = urlsplit(tenant_root(base_url))
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is not None and port != DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{port}"
    return host + parts.path.rstrip("/")


def claim_tenant(
    repo: Repository,
    base_url: str,
    *,
    identity: str | None = None,
    new_copy: bool = False,
    sqlite_path: Path | None = None,
) -> None:
    """Make sure this backup is a copy of ``base_url``'s tenant (see above)."""
    tenant = identity or tenant_identity(base_url)
    root = base_url if identity else tenant_root(base_url)
    recorded = recorded_tenant()
    if recorded is not None and recorded.tenant != tenant and holds_data():
        if not new_copy:
            raise TenantMismatchError(recorded.base_url, root)
        place = set_aside(repo.db, sqlite_path, recorded.tenant)
        logger.warning(
            f"new copy: the copy of {recorded.base_url} was kept aside in {place}; "
            f"this database now starts a fresh copy of {root}"
        )
    if recorded is None or recorded.tenant != tenant or recorded.base_url != root:
        with repo.transaction():
            record_tenant(tenant, root)
        if recorded is None:
            logger.info(f"this backup now belongs to the QBench tenant {root}")
