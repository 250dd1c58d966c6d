"""A folder made read-only for everyone, root included: a read-only bind mount.

``chmod`` does not stop root (CI runs as root), and an unprivileged user cannot
run the project's interpreter here, so the folder is bind-mounted onto itself
and remounted read-only (EROFS for every writer). Needs root with
CAP_SYS_ADMIN; elsewhere the test is skipped, saying why.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["mount", *args], capture_output=True, text=True, check=False, timeout=30
    )


@contextmanager
def read_only(folder: Path) -> Iterator[Path]:
    """``folder`` read-only for the duration of the block (then writable again)."""
    folder.mkdir(parents=True, exist_ok=True)
    bound = _mount("--bind", str(folder), str(folder))
    if bound.returncode != 0:
        pytest.skip(f"cannot bind-mount {folder} (needs root): {bound.stderr.strip()}")
    try:
        ro = _mount("-o", "remount,bind,ro", str(folder))
        if ro.returncode != 0:
            pytest.skip(f"cannot remount {folder} read-only: {ro.stderr.strip()}")
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False, timeout=30)
