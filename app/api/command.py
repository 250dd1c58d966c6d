"""``qbench-backup --serve``: the local REST API without a window (issue 5)."""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import TextIO

from app.errors import EXIT_USAGE


def serve_command(
    args: argparse.Namespace,
    env: Mapping[str, str],
    stdout: TextIO | None,
    stderr: TextIO | None,
) -> int:
    """Not built yet: says so and exits with the usage code."""
    if stderr is not None:
        stderr.write("qbench-backup: --serve is not available yet\n")
    return EXIT_USAGE
