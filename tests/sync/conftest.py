"""Sync fixtures: the real engine against the simulator over HTTP, into a real DB."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from app.entities import ENTITIES
from app.jsoncodec import decode, exact_text
from app.qbench import QBenchClient, RetryPolicy
from app.sim.responses import encode_json
from app.sim.server import Simulator
from app.storage.db import open_database
from app.storage.migrations import migrate
from app.storage.repository import Repository
from app.sync.engine import CORE_ENTITIES, SyncEngine
from app.sync.report import SyncReport

FAST_RETRY = RetryPolicy(max_attempts=6, base=0.0, cap=0.0)


@dataclass
class Backup:
    """A database being synced from one simulator."""

    sim: Simulator
    repo: Repository
    runs: int = 0

    def sync(
        self,
        *,
        full: bool = False,
        entities=CORE_ENTITIES,
        page_size: int = 50,
        **engine_kwargs,
    ) -> SyncReport:
        """One run of the engine; the core entities unless told (``entities=None``:
        the engine's default, every entity of the registry)."""
        self.runs += 1
        client = QBenchClient(
            self.sim.base_url,
            self.sim.client_id,
            self.sim.client_secret,
            rate_limit=(self.sim.config.rate_limit, self.sim.config.rate_window),
            retry=FAST_RETRY,
            sleep=lambda s: None,
            page_size=page_size,
        )
        with client:
            engine = SyncEngine(
                client, self.repo, run_id=f"run{self.runs}", **engine_kwargs
            )
            return engine.run(entities, full=full)

    def assert_exact(self, entities=CORE_ENTITIES) -> None:
        """Live rows equal QBench's live records, deleted rows its deleted ones."""
        live = self.sim.dump("v2")
        everything = self.sim.dump("v2", include_deleted=True)
        for entity in entities:
            if ENTITIES[entity].sync == "worksheet":
                self._assert_worksheets_exact(entity)
                continue
            name = sim_name(entity)
            ours = {
                p["id"]: p
                for p in self.repo.all_payloads(entity, include_deleted=False)
            }
            if ENTITIES[entity].sync == "children":
                theirs = self._children(entity, live)
                everything = {**everything, name: list(theirs.values())}
            else:
                theirs = {r["id"]: r for r in live[name]}
            assert ours.keys() == theirs.keys(), _diff(entity, ours, theirs)
            for qid, record in theirs.items():
                assert _comparable(ours[qid]) == _comparable(as_sent(record)), (
                    f"{entity} {qid} differs"
                )
            gone = {r["id"] for r in everything[name]} - theirs.keys()
            stored = {p["id"] for p in self.repo.all_payloads(entity)}
            deleted_here = stored - ours.keys()
            if ENTITIES[entity].sync == "children":  # deleted: all not listed
                assert deleted_here == stored - theirs.keys(), entity
            elif entity != "reports":  # QBench never lists deleted reports
                assert deleted_here == gone & stored, f"{entity} deletions differ"

    def _children(self, entity: str, live: dict) -> dict:
        """What QBench lists under every live parent (an order's comments)."""
        parent = ENTITIES[entity].per or ""
        return {
            r["id"]: r
            for owner in live[parent]
            for r in self.sim.tenant.children(sim_name(entity), owner["id"])
        }

    def _assert_worksheets_exact(self, entity: str) -> None:
        """Each live parent's worksheet document equals the simulator's."""
        parent = ENTITIES[entity].per or ""
        stored = self.repo.all_payloads(entity, include_deleted=False)
        live_parents = {r["id"] for r in self.sim.dump("v2")[parent]}
        ours = {p["id"]: p for p in stored}
        assert ours.keys() == live_parents, _diff(entity, ours, live_parents)
        for pid in live_parents:
            theirs = self.sim.tenant.worksheet(parent, pid)
            assert _comparable(ours[pid]) == _comparable(as_sent(theirs)), pid


def sim_name(entity: str) -> str:
    """The simulator's name of a registry entity: its v2 path, or for a listing
    under another record the entity in kebab case (``order-comments``)."""
    path = ENTITIES[entity].path
    return path if "{" not in path else entity.replace("_", "-")


def as_sent(record: dict) -> dict:
    """A simulator record as the client decodes it off the wire."""
    return decode(encode_json(record))


def _comparable(record: dict) -> str:
    """Exact JSON text, keys sorted (tells 1 from 1.0 and true, knows NaN). A
    report's presigned ``url`` is re-signed on every read (README Q14): a copy
    keeps the one it was sent, so it is left out of the comparison."""
    return exact_text({k: v for k, v in record.items() if k != "url"}, sort_keys=True)


def _diff(entity, ours, theirs) -> str:
    missing = sorted(theirs.keys() - ours.keys())[:10]
    extra = sorted(ours.keys() - theirs.keys())[:10]
    return f"{entity}: missing {missing}, extra {extra}"


@pytest.fixture
def backup_factory(make_sim, db_url) -> Callable[..., Backup]:
    """Factory: a simulator (profile and config as given) and an empty backup."""
    opened = []

    def _make(profile: str = "tiny", **sim_kwargs) -> Backup:
        sim = make_sim(profile, **sim_kwargs)
        db = open_database(db_url)
        opened.append(db)
        migrate(db)
        return Backup(sim, Repository(db))

    yield _make
    for db in opened:
        db.close()


@pytest.fixture
def backup(backup_factory) -> Backup:
    return backup_factory()
