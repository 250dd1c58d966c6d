"""Text the user reads, marked for Qt's translation catalogue without importing Qt.

The window speaks Spanish, and its source text is Spanish: the people who write
and check it are the lab's. Widgets translate through Qt (``self.tr``,
``QCoreApplication.translate``); the layers below the UI may not import Qt, so
their Spanish messages (``AppError.user_message``, the indicator's reasons, the
settings problems) are written as::

    QT_TRANSLATE_NOOP("Mensajes", "La carpeta {folder} no existe.").format(folder=path)

``pyside6-lupdate`` extracts every ``QT_TRANSLATE_NOOP(context, text)`` call into
``resources/translations/qbench_backup_es.ts`` beside the widgets' own strings
(``scripts/update_translations.py``), so the catalogue holds every sentence a
widget can show. The result is a ``Message``: a plain ``str`` everywhere (logs,
the database, JSON), which also remembers its template and arguments, so that
the UI can show it in another language once a catalogue for one exists
(``app.ui.i18n.translated``). Placeholders are named (``{folder}``), never
positional, and arguments are data (paths, numbers, URLs), never other prose.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MESSAGES = "Mensajes"  # their context (lupdate needs it written as a literal)


class Message(str):
    """Spanish text as shown, with the catalogue entry it came from."""

    context: str
    template: str
    args: Mapping[str, Any]

    def __new__(
        cls, context: str, template: str, args: Mapping[str, Any] | None = None
    ) -> Message:
        values = dict(args or {})
        text = template.format(**values) if values else template
        message = super().__new__(cls, text)
        message.context, message.template, message.args = context, template, values
        return message

    def format(self, *positional: object, **args: Any) -> Message:  # type: ignore[override]
        """The template filled with named ``args`` (positional ones are refused:
        a translation may reorder them)."""
        if positional:
            raise TypeError("catalogue messages take named placeholders only")
        return Message(self.context, self.template, {**self.args, **args})

    def __reduce__(self) -> tuple[type[Message], tuple[str, str, dict[str, Any]]]:
        """Copies and pickles rebuild the message (``copy.deepcopy``, hence
        ``dataclasses.asdict`` of a result holding one, needs this: ``str``'s own
        way calls ``Message(text)``)."""
        return Message, (self.context, self.template, dict(self.args))


def QT_TRANSLATE_NOOP(context: str, text: str) -> Message:  # noqa: N802 - lupdate's name
    """Mark ``text`` for the catalogue under ``context``; returns it unchanged
    (as a ``Message``). The name is the one ``pyside6-lupdate`` looks for."""
    return Message(context, text)
