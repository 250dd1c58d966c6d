"""Errors are grouped by what the caller does, with CLI exit codes and two languages."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from app import errors
from app.errors import (
    AppError,
    ConfigError,
    CredentialsError,
    DatabaseUnavailable,
    EntityError,
    RetryableError,
    SyncLockedError,
    UserActionError,
    exit_code_for,
)

TABLE = [
    (RetryableError, AppError, 1),
    (EntityError, AppError, 1),
    (ConfigError, UserActionError, 2),
    (DatabaseUnavailable, UserActionError, 2),
    (CredentialsError, UserActionError, 4),
    (SyncLockedError, AppError, 3),
]


@pytest.mark.parametrize(("cls", "group", "code"), TABLE)
def test_each_error_has_its_group_and_exit_code(cls, group, code):
    error = cls("something broke")
    assert isinstance(error, group)
    assert error.exit_code == code
    assert exit_code_for(error) == code


@pytest.mark.parametrize("cls", [row[0] for row in TABLE])
def test_defaults_give_english_text_and_a_spanish_user_message(cls):
    error = cls()
    assert str(error) == cls.default_message
    assert error.user_message == cls.default_user_message
    assert str(error) != error.user_message


def test_message_and_user_message_can_be_given():
    error = ConfigError("bad page_size", user_message="Tamaño de página incorrecto.")
    assert str(error) == "bad page_size"
    assert error.user_message == "Tamaño de página incorrecto."


def test_positional_message_as_storage_uses_it():
    error = DatabaseUnavailable("cannot open the database sqlite:////x: locked")
    assert "locked" in str(error)
    assert "base de datos" in error.user_message


def test_groups_catch_their_members():
    with pytest.raises(UserActionError):
        raise CredentialsError()
    assert not isinstance(SyncLockedError(), RetryableError | UserActionError)


def test_extra_context_for_the_caller():
    assert RetryableError("429", retry_after=2.5).retry_after == 2.5
    assert RetryableError().retry_after is None
    assert EntityError("bad page", entity="samples").entity == "samples"


def test_a_non_app_error_is_a_failed_run():
    assert exit_code_for(ValueError("bug")) == errors.EXIT_SYNC_FAILED == 1
    assert errors.EXIT_OK == 0


def _app_imports(module: object) -> set[str]:
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    return {name for name in imported if name.split(".")[0] == "app"}


def test_errors_module_imports_nothing_from_app_but_i18n():
    from app import i18n

    assert _app_imports(errors) <= {"app.i18n"}  # its Spanish texts' catalogue marks
    assert not _app_imports(i18n)
