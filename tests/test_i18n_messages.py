"""The Spanish messages of the layers below the window come from Qt's catalogue.

``app.i18n.QT_TRANSLATE_NOOP`` marks them (issue 11: every sentence a widget
shows is in ``resources/translations/qbench_backup_es.ts``). These tests check
``Message`` itself, that the modules below stay free of unmarked Spanish, and
that every marked template is in the committed catalogue.
"""

from __future__ import annotations

import ast
import copy
import json
import pickle
import re
import string
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass
from pathlib import Path

import pytest

from app.i18n import MESSAGES, QT_TRANSLATE_NOOP, Message

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "resources" / "translations" / "qbench_backup_es.ts"
FILES = (
    "app/errors.py",
    "app/config.py",
    "app/storage/db.py",
    "app/storage/errors.py",
    "app/storage/runs.py",
    "app/storage/migrations.py",
    "app/qbench/errors.py",
    "app/qbench/client.py",
    "app/qbench/auth.py",
    "app/sync/report.py",
    "app/sync/reports_pass.py",
    "app/sync/tenant.py",
    "app/credentials.py",
    "app/api/token_store.py",
    "app/cli.py",
    "app/run_state.py",
    "app/services.py",
    "app/history.py",
    "app/demo.py",
    "app/api/command.py",
    "app/sync/engine.py",
)
SPANISH = re.compile(r"[áéíóúñ¿¡ÁÉÍÓÚÑ]")
# English text (logs, the terminal) that names a label of the window, which is
# Spanish; exact literals, so that nothing else slips through.
ENGLISH_NAMING_LABELS = {
    (
        "app/config.py",
        "the database URL holds a password, which other users of this computer "
        "can see (process list, scheduled task); remove it from the URL and set "
        "QBENCH_BACKUP_DB_PASSWORD, or save it in Configuración → Contraseña "
        "(PostgreSQL)",
    ),
    (
        "app/config.py",
        "; fix them in Configuración or in the file, or delete those lines",
    ),
}


# -- Message ------------------------------------------------------------------


def test_a_message_is_its_spanish_text_and_remembers_its_template():
    template = "La carpeta {folder} no existe."
    message = QT_TRANSLATE_NOOP(MESSAGES, template).format(folder="/datos")
    assert isinstance(message, Message) and isinstance(message, str)
    assert message == "La carpeta /datos no existe."
    assert "/datos" in message and message.startswith("La carpeta")
    assert hash(message) == hash("La carpeta /datos no existe.")
    assert (message.context, message.template) == (MESSAGES, template)
    assert message.args == {"folder": "/datos"}


def test_format_fills_named_placeholders_from_the_template():
    base = QT_TRANSLATE_NOOP(MESSAGES, "{a} y {b}")
    assert base == "{a} y {b}"  # unformatted: the template as it is
    both = base.format(a=1, b=2)
    assert both == "1 y 2" and both.args == {"a": 1, "b": 2}
    assert both.format(b=3) == "1 y 3"  # again from the template, args kept
    with pytest.raises(KeyError):
        base.format(a=1)  # like str.format: every placeholder needs a value


def test_format_refuses_positional_arguments():
    with pytest.raises(TypeError, match="named"):
        QT_TRANSLATE_NOOP(MESSAGES, "Faltan {} registros").format(3)


def test_a_message_goes_to_json_as_a_plain_string():
    message = QT_TRANSLATE_NOOP(MESSAGES, "Origen «{origin}» no válido.").format(
        origin="http://x"
    )
    text = json.dumps({"user_message": message}, ensure_ascii=False)
    assert text == '{"user_message": "Origen «http://x» no válido."}'
    back = json.loads(text)["user_message"]
    assert back == message and type(back) is str
    assert json.loads(json.dumps([message])) == ["Origen «http://x» no válido."]


def test_a_message_survives_copies_pickles_and_asdict():
    message = QT_TRANSLATE_NOOP(MESSAGES, "Tras {n} intentos.").format(n=3)

    @dataclass
    class Holder:
        user_message: str

    for twin in (
        copy.copy(message),
        copy.deepcopy(message),
        pickle.loads(pickle.dumps(message)),
        asdict(Holder(message))["user_message"],
    ):
        assert twin == "Tras 3 intentos." and isinstance(twin, Message)
        assert (twin.template, twin.args) == ("Tras {n} intentos.", {"n": 3})


def test_error_messages_are_catalogue_messages():
    from app.errors import FolderNotWritable, StorageError, TenantMismatchError

    error = TenantMismatchError("https://a.qbench.net", "https://b.qbench.net")
    assert isinstance(error.user_message, Message)
    assert error.user_message.args == {
        "recorded_url": "https://a.qbench.net",
        "current_url": "https://b.qbench.net",
    }
    assert isinstance(StorageError(kind="disk_full").user_message, Message)
    assert isinstance(StorageError(kind="?").user_message, Message)  # the default
    denied = FolderNotWritable("/x", PermissionError(13, "denied"), what="the folder")
    assert "permiso de escritura" in denied.user_message
    assert isinstance(denied.user_message, Message)


# -- the modules below the window ---------------------------------------------


def _is_noop(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "QT_TRANSLATE_NOOP"
    )


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(
            node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
        ):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                found.add(id(body[0].value))
    return found


def _marked(tree: ast.Module) -> set[int]:
    """Every node inside a QT_TRANSLATE_NOOP call."""
    return {
        id(inner)
        for node in ast.walk(tree)
        if _is_noop(node)
        for inner in ast.walk(node)
    }


def _parsed(name: str) -> ast.Module:
    return ast.parse((ROOT / name).read_text(encoding="utf-8"), filename=name)


def _literal_text(node: ast.AST) -> bool:
    """A string literal with words in it, an f-string, or text glued to one."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(node.value.strip())
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left) or _literal_text(node.right)
    return False


def _templates(name: str) -> list[tuple[int, str, str]]:
    """(line, context, template) of every QT_TRANSLATE_NOOP call in ``name``."""
    found = []
    for node in ast.walk(_parsed(name)):
        if _is_noop(node):
            context, text = node.args
            assert isinstance(context, ast.Constant), f"{name}:{node.lineno}"
            assert isinstance(text, ast.Constant), f"{name}:{node.lineno}"
            found.append((node.lineno, context.value, text.value))
    return found


@pytest.mark.parametrize("name", FILES)
def test_no_spanish_text_outside_the_catalogue(name):
    tree = _parsed(name)
    skip = _docstrings(tree) | _marked(tree)
    unmarked = [
        f"{name}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and SPANISH.search(node.value)
        and (name, node.value) not in ENGLISH_NAMING_LABELS
    ]
    assert not unmarked, "Spanish text not in QT_TRANSLATE_NOOP:\n" + "\n".join(
        unmarked
    )


@pytest.mark.parametrize("name", FILES)
def test_user_messages_are_never_bare_text(name):
    tree = _parsed(name)
    bare = [
        f"{name}:{node.lineno}: user_message={ast.unparse(node.value)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.keyword)
        and node.arg == "user_message"
        and _literal_text(node.value)
    ]
    for node in ast.walk(tree):  # class-level defaults
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = {t.id for t in targets if isinstance(t, ast.Name)}
            if "default_user_message" in names and not _is_noop(node.value):
                bare.append(f"{name}:{node.lineno}: default_user_message")
    assert not bare, "user messages must be QT_TRANSLATE_NOOP(...):\n" + "\n".join(bare)


@pytest.mark.parametrize("name", FILES)
def test_templates_have_named_placeholders_and_format_by_name(name):
    for line, context, template in _templates(name):
        assert context == MESSAGES, f"{name}:{line}: context {context!r}"
        fields = [
            f for _, f, _, _ in string.Formatter().parse(template) if f is not None
        ]
        assert all(f.isidentifier() for f in fields), f"{name}:{line}: {template!r}"
    for node in ast.walk(_parsed(name)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "format"
            and _is_noop(node.func.value)
        ):
            assert not node.args, f"{name}:{node.lineno}: positional format()"


def test_every_template_is_in_the_committed_catalogue():
    tree = ET.parse(CATALOGUE)
    catalogue = {
        (context.findtext("name"), message.findtext("source"))
        for context in tree.iter("context")
        for message in context.iter("message")
    }
    templates = [
        (f"{name}:{line}", context, text)
        for name in FILES
        for line, context, text in _templates(name)
    ]
    assert len(templates) > 50  # the scan sees them
    missing = [
        f"{where}: {text!r}"
        for where, context, text in templates
        if (context, text) not in catalogue
    ]
    assert not missing, (
        "run python -m scripts.update_translations; missing:\n" + "\n".join(missing)
    )
