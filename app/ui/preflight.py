"""Can Qt open a window here? Asked before Qt is loaded, because Qt cannot be asked.

When Qt's xcb platform plugin cannot load (a system library is missing, as on a
fresh Debian or Ubuntu) or no X display answers, Qt prints "could not load the
Qt platform plugin "xcb"" and aborts the process (``qFatal``): no Python
handler runs, and a window started from a menu just never appears. So on Linux,
before importing the window, ``start_window`` asks the same questions cheaply
and, when the answer is no, raises ``WindowUnavailable``: one line on stderr
(English, then Spanish) naming the ``apt install`` line, exit 2.

How it asks, and why this way:

- **Which platform.** Only xcb is checked, and only when Qt is sure to use it:
  ``QT_QPA_PLATFORM=xcb``, or no ``QT_QPA_PLATFORM`` and no Wayland display
  (``WAYLAND_DISPLAY``). ``offscreen``, ``wayland``, lists such as
  ``wayland;xcb`` and a set ``QT_PLUGIN_PATH`` / ``QT_QPA_PLATFORM_PLUGIN_PATH``
  are left to Qt: a check must never keep a working window from opening.
- **The libraries.** ``dlopen`` of the xcb plugin itself. The dynamic loader
  then resolves exactly the libraries Qt would, along the same paths (the
  plugin's RUNPATH reaches the Qt libraries bundled with PySide6 or the frozen
  executable), and its error names the first one missing. A list of library
  names checked with ``ctypes.util.find_library`` would drift from the plugin
  and costs a subprocess per name; a probe subprocess that creates a
  QGuiApplication would cost a second Qt start-up. The libraries stay loaded:
  PySide6 loads the same ones a moment later, so the check adds a few
  milliseconds (README, "First start on Linux").
- **The display.** ``DISPLAY`` unset, or ``xcb_connect`` to it failing (what
  Qt's xcb plugin does first), is the other abort; told apart from a missing
  library.

``window_problem`` takes the loader and the display probe as arguments, so tests
simulate a missing library or a dead display without touching the system.
"""

from __future__ import annotations

import argparse
import ctypes
import importlib.util
import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from app.errors import ConfigError

# The Debian/Ubuntu packages of the libraries Qt's xcb plugin and Qt's GUI
# libraries link against, beyond the C/C++ runtime (``ldd libqxcb.so`` mapped
# with ``dpkg -S``); apt brings the rest (libxcb1, libx11-6, libxkbcommon0, …).
PACKAGES: tuple[str, ...] = (
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-sync1",
    "libxcb-xfixes0",
    "libxkbcommon-x11-0",
    "libx11-xcb1",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libdbus-1-3",
)
APT_LINE = "sudo apt install " + " ".join(PACKAGES)

# soname -> package, for a library whose package is not in PACKAGES itself.
OTHER_PACKAGES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11.so.6": "libx11-6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
}

PLUGIN = Path("Qt", "plugins", "platforms", "libqxcb.so")
_MISSING = re.compile(r"([\w.+-]+\.so[\w.]*): cannot open shared object file")

Loader = Callable[[Path], "str | None"]  # plugin -> the loader's error, or None
DisplayProbe = Callable[[str], bool]  # DISPLAY value -> does it answer?


class WindowUnavailable(ConfigError):
    """Qt could not open a window here (it would abort the process)."""


def apt_line(missing: str | None = None) -> str:
    """The install line, with the missing library's package when it has none."""
    extra = OTHER_PACKAGES.get(missing or "")
    return f"{APT_LINE} {extra}" if extra else APT_LINE


def missing_library_problem(soname: str) -> WindowUnavailable:
    line = apt_line(soname)
    return WindowUnavailable(
        f"the window cannot start: the system library {soname} is missing "
        f"(Qt's xcb platform plugin needs it); install the window's libraries "
        f"with: {line} — La ventana no puede abrirse porque faltan bibliotecas "
        "del sistema: instálelas con esa orden apt (--sync y --serve funcionan "
        "sin ventana).",
        user_message="La ventana no puede abrirse porque faltan bibliotecas del "
        f"sistema. Instálelas con: {line}",
    )


def no_display_problem(display: str) -> WindowUnavailable:
    if display:
        english = f"the X display {display} (DISPLAY) does not answer"
        spanish = f"la pantalla {display} (DISPLAY) no responde"
    else:
        english = "there is no display (DISPLAY is not set)"
        spanish = "no hay pantalla gráfica (DISPLAY no está definida)"
    return WindowUnavailable(
        f"the window cannot start: {english}; open it from the desktop session, "
        f"or use --sync / --serve, which need no window — La ventana no puede "
        f"abrirse: {spanish}; ábrala desde el escritorio o use --sync / --serve, "
        "que no necesitan ventana.",
        user_message=f"La ventana no puede abrirse: {spanish}.",
    )


def missing_soname(error: str) -> str | None:
    """The library a loader error names as missing, if it names one."""
    found = _MISSING.search(error)
    return found.group(1) if found else None


def xcb_plugin() -> Path | None:
    """The xcb plugin Qt will load (bundled with PySide6), if it is there."""
    spec = importlib.util.find_spec("PySide6")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder, PLUGIN)
        if path.is_file():
            return path
    return None


def dlopen(path: Path) -> str | None:
    """Load ``path`` as Qt would; the loader's error, or None when it loads."""
    try:
        ctypes.CDLL(str(path), mode=os.RTLD_LAZY | os.RTLD_LOCAL)
    except OSError as exc:
        return str(exc)
    return None


def xcb_connects(display: str) -> bool:
    """Does the X display accept a connection (``xcb_connect``, as Qt does)?"""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")  # loaded already by the plugin
    except OSError:
        return True  # cannot ask: leave it to Qt
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return xcb.xcb_connection_has_error(connection) == 0
    finally:
        xcb.xcb_disconnect(connection)


def checks_xcb(env: Mapping[str, str]) -> bool:
    """Will Qt certainly use its xcb plugin (and abort if it cannot)?"""
    if env.get("QT_PLUGIN_PATH") or env.get("QT_QPA_PLATFORM_PLUGIN_PATH"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return ";" not in chosen and chosen.split(":")[0].strip() == "xcb"
    return not env.get("WAYLAND_DISPLAY")


def window_problem(
    env: Mapping[str, str],
    *,
    platform: str = sys.platform,
    plugin: Path | None = None,
    load: Loader = dlopen,
    connects: DisplayProbe = xcb_connects,
) -> WindowUnavailable | None:
    """Why Qt would abort instead of opening a window here, or None."""
    if not platform.startswith("linux") or not checks_xcb(env):
        return None
    plugin = plugin or xcb_plugin()
    if plugin is not None:
        error = load(plugin)
        soname = missing_soname(error) if error else None
        if soname:
            return missing_library_problem(soname)
    display = env.get("DISPLAY", "")
    if not display or not connects(display):
        return no_display_problem(display)
    return None


def start_window(args: argparse.Namespace, env: Mapping[str, str]) -> int:
    """Open the window, or raise ``WindowUnavailable`` saying what it lacks."""
    problem = window_problem(env)
    if problem is not None:
        raise problem
    try:
        from app.ui.launch import run_gui
    except ImportError as exc:  # QT_QPA_PLATFORM set, and a Qt library missing
        soname = missing_soname(str(exc))
        if soname is None:
            raise
        raise missing_library_problem(soname) from None
    return run_gui(args, env)
