"""``--sync`` on a terminal (issue 11, point 2): a tqdm bar per section that never
counts past its total, warnings printed above it, nothing extra anywhere else.

The CLI runs as a real subprocess whose stderr is a pseudo-terminal."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time

import pytest

from tests.conftest import sim_env

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
FRAME = re.compile(r"^(\w+)\s+(\d+)%\|.*\| (\d+)/(\d+|\?) pages")
TESTS = "/qbench/api/v2/tests"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pty")


def _sync_on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    """Run ``python -m app`` with stderr on a 120-column pty; (code, tty, stdout)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", *args],
        env={**os.environ, **env},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
    )
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 120
    try:
        while True:
            assert time.monotonic() < deadline, b"".join(chunks)[-2000:]
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                continue
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed its end of the terminal
                break
            if not data:
                break
            chunks.append(data)
        out = proc.stdout.read().decode()
        code = proc.wait(timeout=60)
    finally:
        os.close(master)
        proc.stdout.close()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return code, b"".join(chunks).decode("utf-8", "replace"), out


def _frames(tty: str) -> list[tuple[str, int, int | None]]:
    """Every bar drawn: (section, count, total or None for '?')."""
    frames = []
    for segment in re.split(r"[\r\n]", ANSI.sub("", tty)):
        match = FRAME.match(segment.strip())
        if match:
            total = None if match[4] == "?" else int(match[4])
            frames.append((match[1], int(match[3]), total))
    return frames


def test_each_section_has_a_bar_that_never_passes_its_total_and_warnings_go_above(
    make_sim, sqlite_url
):
    sim = make_sim("small")
    # After the second page of tests, 60 more arrive: the listing grows by two
    # pages beyond what its first pages announced.
    sim.after_page(
        "tests", 2, lambda tenant: [tenant.insert("tests") for _ in range(60)]
    )
    sim.add_fault("status", path=TESTS, page=3, status=503, times=1)  # a warning
    code, tty, out = _sync_on_a_terminal(
        ["--sync", "--json", "--db-url", sqlite_url], sim_env(sim)
    )
    assert code == 0, tty[-3000:]
    summary = json.loads(out)  # stdout: the one JSON line, nothing else
    assert out.count("\n") == 1 and summary["status"] == "success"

    frames = _frames(tty)
    sections = [s for s, _, _ in frames]
    assert set(sections) == {e["entity"] for e in summary["entities"]}
    for section, count, total in frames:
        if total is None:  # before its first page, the size is not known yet
            assert count == 0, (section, count)
        else:
            assert count <= total, (section, count, total)
    fetched = {e["entity"]: e for e in summary["entities"]}
    for section in fetched:
        last = [f for f in frames if f[0] == section][-1]
        assert last[1] == last[2] and last[1] > 0, last  # ends full, at its count
    tests_totals = [t for s, _, t in frames if s == "tests" and t is not None]
    assert max(tests_totals) > tests_totals[0]  # it grew rather than overflowed

    # the retry warning is printed on a line of its own, not over the bar
    assert "WARNING" in tty
    for match in re.finditer("WARNING", tty):
        line_start = max(
            tty.rfind("\r", 0, match.start()), tty.rfind("\n", 0, match.start())
        )
        before = ANSI.sub("", tty[line_start + 1 : match.start()])
        assert before.strip() == "", repr(tty[line_start - 200 : match.end()])
    assert "failed (HTTP 503" in tty


def test_no_bars_when_stderr_is_not_a_terminal(sim, sqlite_url):
    result = subprocess.run(
        [sys.executable, "-m", "app", "--sync", "--json", "--db-url", sqlite_url],
        env={**os.environ, **sim_env(sim)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["status"] == "success"
    assert "pages" not in result.stderr and "%|" not in result.stderr
