"""Composition root: the console script, ``python -m app`` and the frozen exe.

``--sync`` (and the other headless flags) go to ``app.cli``; the window arrives
with its issue and is started from here.
"""

from __future__ import annotations

import sys

from app import cli


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit code."""
    return cli.main(sys.argv[1:] if argv is None else argv)
