"""Two runs one after the other in one process (ACTUALIZAR pressed twice, the
window's run right after "Probar conexión") share QBench's per-client request
window: the second run must not open with a whole window's worth of requests
while QBench still counts the first run's (a real 429 in the simulator)."""

from __future__ import annotations

from app import cli
from app.errors import EXIT_OK
from app.logs import reset_logging
from tests.conftest import sim_env


def test_back_to_back_runs_draw_no_429(make_sim, sqlite_url, capsys):
    sim = make_sim(rate_limit=30, rate_window=3)
    env = sim_env(sim, QBENCH_RATE_LIMIT="30/3")
    argv = ["--sync", "--json", "--db-url", sqlite_url]
    try:
        assert cli.main(argv, env=env) == EXIT_OK, capsys.readouterr().err
        first = sim.request_count("/qbench/api/v2/")
        assert first > 30  # the first run filled its windows: it was paced
        assert cli.main([*argv, "--full"], env=env) == EXIT_OK
    finally:
        reset_logging()
    assert sim.request_count("/qbench/api/v2/") > first + 27
    assert sim.request_count("/qbench/api/v2/", status=429) == 0
