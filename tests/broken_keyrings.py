"""Keyring backends that fail the way real desktops do, with non-keyring exceptions.

Importable by name, so a subprocess can pick one with
``PYTHON_KEYRING_BACKEND=tests.broken_keyrings.DismissedPromptKeyring``.
"""

from __future__ import annotations

import threading

import keyring.backend


class DBusException(Exception):
    """Shaped like ``dbus.exceptions.DBusException`` / ``jeepney`` errors."""


class _Broken(keyring.backend.KeyringBackend):
    # keyring picks its default among *all* imported backend classes by
    # priority; below the fail backend's 0, these are only ever used by name.
    priority = -1  # type: ignore[assignment]
    error: type[Exception] = RuntimeError
    message = "keyring backend failed"

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error(self.message)

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.error(self.message)

    def delete_password(self, service: str, username: str) -> None:
        raise self.error(self.message)


class RuntimeErrorKeyring(_Broken):
    """A backend whose every call raises a plain ``RuntimeError``."""

    message = "the keyring daemon is not answering"


class DismissedPromptKeyring(_Broken):
    """Secret Service over D-Bus, where the user dismissed the unlock prompt."""

    error = DBusException
    message = (  # desktop messages come translated: not ASCII
        "org.freedesktop.Secret.Error.IsLocked: el usuario descartó la solicitud\n"
        "(Cannot autolaunch D-Bus without X11 $DISPLAY)"
    )


class BlockingKeyring(_Broken):
    """A locked Secret Service waiting on an unlock prompt nobody answers (until
    ``release`` is set, so no reader thread outlives its test)."""

    release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(60)
        return None
