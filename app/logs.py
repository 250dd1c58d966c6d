"""Logging with loguru: a rotating file in the log folder, stderr when there is one.

Every line carries a ``run_id``. ``setup_logging()`` binds one for the process;
``run_scope()`` binds a fresh one for a single sync inside a long-lived window.
Standard-library loggers (peewee, urllib3, waitress) are routed into loguru.

Secrets never reach a sink: values given to ``register_secret()`` and the
``Bearer …``, ``assertion=…``, ``client_secret=…`` and ``scheme://user:pw@``
patterns become ``***`` in every message. Tracebacks are logged without variable
values (``diagnose=False``); exception text is not scrubbed, so errors must not
carry secrets (see ``app.errors``).

No line is ever lost to encoding. A path from a folder whose name is not valid
UTF-8 reaches Python with lone surrogates (``os.fsdecode``); messages show such
bytes as ``\xe9`` instead, the file is written with ``backslashreplace`` for
anything else, and a console that cannot show a character (an ASCII or cp1252
stderr with strict errors) gets ``\xe9``-style escapes, not a "Logging error".
"""

from __future__ import annotations

import inspect
import logging
import re
import sys
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

from loguru import logger

from app import paths

if TYPE_CHECKING:
    from loguru import Record

LOG_FILE_NAME = "qbench-backup.log"
FILE_FORMAT = (
    "{time:YYYY-MM-DD HH:mm:ss.SSS} | {level: <8} | {extra[run_id]} | "
    "{name}:{function}:{line} - {message}"
)
CONSOLE_FORMAT = "<level>{level: <8}</level> | {extra[run_id]} | {message}"
MASK = "***"
# Secrets shorter than this would mask ordinary words ("x", "test" in "tests")
# and are not secrets worth the name; longer ones are masked where they stand
# as a whole value, never inside a longer word or token.
MIN_SECRET_LENGTH = 8
_WORD = r"[A-Za-z0-9]"

_PATTERNS = (
    re.compile(r"(?i)(\bBearer\s+)[^\s\"',;]+"),
    re.compile(
        r"(?i)(\b(?:client_secret|access_token|refresh_token|password)"
        r"[\"']?\s*[=:]\s*[\"']?)[^\s\"'&,;}]+"
    ),
    # A JWT assertion (its header always encodes to "eyJ"), not the next word of
    # "Invalid JWT assertion: Signature verification failed".
    re.compile(r"(?i)(\bassertion[\"']?\s*[=:]\s*[\"']?)eyJ[^\s\"'&,;}]*"),
    re.compile(r"(://[^/\s:@]+:)[^/\s@]+(?=@)"),  # password in a URL
)
_secrets: set[str] = set()
_handler_ids: list[int] = []
# default_id: loguru's own stderr sink (0 at import), removed by setup, restored
# by reset_logging().
_state: dict[str, Any] = {"default_id": 0, "removed_default": False, "root_level": None}


def _not_file_only(record: Record) -> bool:
    """Console filter: ``logger.bind(file_only=True)`` lines go to the file only."""
    return not record["extra"].get("file_only")


def new_run_id() -> str:
    """A short random id that tells one run's log lines from another's."""
    return uuid.uuid4().hex[:8]


def register_secret(value: str | None) -> None:
    """Mask ``value`` in every log message from now on."""
    if value and len(value) >= MIN_SECRET_LENGTH:
        _secrets.add(value)


def mask_values(text: str, values: Iterable[str]) -> str:
    """``text`` with each value long enough to be a secret masked, by value:
    only where it is not part of a longer word (a secret "x" masks nothing)."""
    for value in sorted({v for v in values if v}, key=len, reverse=True):
        if len(value) >= MIN_SECRET_LENGTH and value in text:
            pattern = rf"(?<!{_WORD}){re.escape(value)}(?!{_WORD})"
            text = re.sub(pattern, MASK, text)
    return text


def redact(text: str) -> str:
    """``text`` with registered secrets and known secret patterns masked."""
    text = mask_values(text, _secrets)
    for pattern in _PATTERNS:
        text = pattern.sub(rf"\g<1>{MASK}", text)
    return text


def printable(text: str) -> str:
    """``text`` as valid Unicode: undecodable bytes (surrogates) become ``\\xNN``."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:  # os.fsdecode's surrogateescape: show the original bytes
            raw = text.encode("utf-8", "surrogateescape")
            return raw.decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # other lone surrogates
            return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _redact_record(record: Record) -> None:
    record["message"] = printable(redact(record["message"]))


# Error handlers that can write any text to any encoding.
_LOSSLESS_ERRORS = {"backslashreplace", "namereplace", "xmlcharrefreplace"}


class _EscapingStream:
    """A text stream that writes what its encoding cannot show as escapes."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> None:
        try:
            self._stream.write(text)
        except UnicodeEncodeError:
            encoding = getattr(self._stream, "encoding", None) or "ascii"
            self._stream.write(
                text.encode(encoding, "backslashreplace").decode(encoding, "replace")
            )

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return bool(getattr(self._stream, "isatty", lambda: False)())


def _console(stream: Any) -> Any:
    """``stream`` itself when it can write any text (colours and all), else escaped."""
    errors = getattr(stream, "errors", None)
    if isinstance(errors, str) and errors not in _LOSSLESS_ERRORS:
        return _EscapingStream(stream)
    return stream


def _no_patch(record: Record) -> None:
    """Loguru cannot unset a patcher; this one does nothing."""


class InterceptHandler(logging.Handler):
    """Send standard-library log records to loguru (the loguru docs recipe)."""

    def emit(self, record: logging.LogRecord) -> None:
        """Re-log ``record`` through loguru, keeping its level and caller."""
        try:
            level: str | int = logger.level(record.levelname).name
        except ValueError:
            level = record.levelno
        frame, depth = inspect.currentframe(), 0
        while frame:
            filename = frame.f_code.co_filename
            is_frozen = "importlib" in filename and "_bootstrap" in filename
            if depth > 0 and not (filename == logging.__file__ or is_frozen):
                break
            frame = frame.f_back
            depth += 1
        logger.opt(depth=depth, exception=record.exc_info).log(
            level, record.getMessage()
        )


def _install_intercept(level_no: int) -> None:
    root = logging.getLogger()
    if _state["root_level"] is None:
        _state["root_level"] = root.level
    if not any(isinstance(h, InterceptHandler) for h in root.handlers):
        root.addHandler(InterceptHandler())
    root.setLevel(level_no)


def setup_logging(
    level: str = "INFO",
    *,
    run_id: str | None = None,
    console: bool | None = None,
    console_level: str | None = None,
    console_stream: Any = None,
) -> str:
    """Configure loguru for this process and return the bound run id.

    ``console=None`` logs to stderr when the process has one (a windowed exe
    has ``sys.stderr is None``); ``False`` never does. Calling it again replaces
    the previous configuration instead of adding sinks. ``console_level``
    (default: ``level``) lets a terminal show only warnings beside a progress bar;
    ``console_stream`` (default: stderr) is where those lines go, e.g. a stream
    that prints them above the progress bars.
    """
    level = level.upper()
    level_no = logger.level(level).no  # raises ValueError for an unknown name
    run_id = run_id or new_run_id()
    _remove_own_sinks()
    if not _state["removed_default"]:
        with suppress(ValueError):  # someone else already removed it
            logger.remove(_state["default_id"])
            _state["removed_default"] = True
    logger.configure(extra={"run_id": run_id}, patcher=_redact_record)
    _handler_ids.append(
        logger.add(
            paths.log_dir() / LOG_FILE_NAME,
            level=level,
            format=FILE_FORMAT,
            rotation="5 MB",
            retention=10,
            encoding="utf-8",
            errors="backslashreplace",  # passed to open(): no line lost
            enqueue=False,
            backtrace=False,
            diagnose=False,
        )
    )
    if console is not False and sys.stderr is not None:
        _handler_ids.append(
            logger.add(
                _console(console_stream or sys.stderr),
                level=(console_level or level).upper(),
                format=CONSOLE_FORMAT,
                diagnose=False,
                filter=_not_file_only,
            )
        )
    _install_intercept(level_no)
    return run_id


def is_configured() -> bool:
    """True once ``setup_logging`` has installed this app's sinks."""
    return bool(_handler_ids)


@contextmanager
def run_scope(run_id: str | None = None) -> Iterator[str]:
    """Tag the log lines of this thread with a fresh run id until the block ends."""
    run_id = run_id or new_run_id()
    with logger.contextualize(run_id=run_id):
        yield run_id


def _remove_own_sinks() -> None:
    while _handler_ids:
        with suppress(ValueError):
            logger.remove(_handler_ids.pop())


def reset_logging() -> None:
    """Undo ``setup_logging()``: drop its sinks, patcher, intercept and secrets."""
    _remove_own_sinks()
    logger.configure(extra={}, patcher=_no_patch)
    root = logging.getLogger()
    for handler in [h for h in root.handlers if isinstance(h, InterceptHandler)]:
        root.removeHandler(handler)
    if _state["root_level"] is not None:
        root.setLevel(_state["root_level"])
        _state["root_level"] = None
    if _state["removed_default"] and sys.stderr is not None:
        _state["default_id"] = logger.add(sys.stderr)  # as before setup_logging()
    _state["removed_default"] = False
    _secrets.clear()
