"""Start the desktop window (issue 4)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping

from app.errors import EXIT_USAGE


def run_gui(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Not built yet: points to ``--sync`` and exits with the usage code."""
    if sys.stderr is not None:
        sys.stderr.write(
            "qbench-backup: the window is not available yet; use --sync "
            "(see --help)\n"
        )
    return EXIT_USAGE
