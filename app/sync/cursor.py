"""Where an interrupted pass stands, saved with every page so the next run resumes."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

CURSOR_LAYOUT = 2  # cursors of another layout are not resumed (the pass restarts)


@dataclass
class PassCursor:
    """The state of one entity's pass, stored in ``sync_checkpoints.last_cursor``."""

    mode: str  # "full" | "incremental"
    phase: str  # the phase in progress
    started_at: str  # ISO UTC: full passes mark rows not fetched since as deleted
    since: int | None = None  # the ``last_updated`` filter of an incremental pass
    page: int = 0  # last page committed in ``phase``
    server_start: float | None = None  # the service's clock when the pass began
    data_start: int | None = None  # newest last_updated in QBench as a full pass began
    mark: int | None = None  # newest change seen so far (unix)
    changed: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    rejected: int = 0
    layout: int = CURSOR_LAYOUT  # saved cursors without the field are layout 1

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | None) -> PassCursor | None:
        """The saved cursor, or None when there is none or it is unreadable."""
        if not text:
            return None
        try:
            data = json.loads(text)
            data.setdefault("layout", 1)
            return cls(**data)
        except (ValueError, TypeError):
            return None
