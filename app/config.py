"""Settings: a frozen dataclass, a JSON file in the config folder, and validation.

Precedence: command-line flags > environment > settings file > defaults.

No secret lives here. The QBench client secret and the database password are
kept in the OS keyring (``app.credentials``): the file's secret-looking keys are
ignored with a warning, and ``save_settings`` refuses a ``db_url`` holding a
password. ``ConfigError`` text is English for the log, its ``user_message`` and
``validate()`` messages are Spanish for the window (marked for Qt's catalogue,
see ``app.i18n``).

``base_url`` is the tenant root (``https://acme.qbench.net``). A pasted API
address is tolerated: ``Settings`` strips surrounding spaces, trailing slashes
and a trailing ``/qbench``, ``/qbench/api`` or ``/qbench/api/v1|v2``.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from loguru import logger

from app import paths
from app.errors import ConfigError
from app.i18n import QT_TRANSLATE_NOOP

SETTINGS_VERSION = 1
LOG_LEVELS = ("TRACE", "DEBUG", "INFO", "SUCCESS", "WARNING", "ERROR", "CRITICAL")
MAX_PAGE_SIZE = 50  # QBench never returns more than 50 records per page
SECRET_WORDS = ("secret", "password", "passwd", "token")
ENV_FIELDS = {  # variable -> (field, expected form for the error message)
    "QBENCH_BASE_URL": ("base_url", "the tenant root, e.g. https://acme.qbench.net"),
    "QBENCH_CLIENT_ID": ("client_id", "the QBench API client id, without spaces"),
    "QBENCH_BACKUP_DB_URL": ("db_url", "sqlite:///path or postgresql://user@host/db"),
    "QBENCH_BACKUP_LOG_LEVEL": ("log_level", "DEBUG, INFO, WARNING or ERROR"),
    "QBENCH_BACKUP_FILES_DIR": (
        "files_dir",
        "an absolute folder path (a drive, a network share or /), or empty",
    ),
}
MAX_RATE_REQUESTS = 100_000
MAX_RATE_SECONDS = 86_400  # one day
MAX_LOOKBACK_MINUTES = 10_080  # one week
# field -> the allowed values, in English, for the one-line message of a bad file
ALLOWED = {
    "base_url": "the tenant root, http:// or https:// and a host without a path, "
    "e.g. https://acme.qbench.net",
    "client_id": "the QBench API client id, without spaces",
    "db_url": "empty (the default SQLite file), sqlite:///path or "
    "postgresql://user@host:port/db",
    "files_dir": "empty (the files folder in the data folder) or an absolute "
    "folder path",
    "rate_limit_requests": f"a whole number from 1 to {MAX_RATE_REQUESTS}",
    "rate_limit_seconds": f"a whole number of seconds from 1 to {MAX_RATE_SECONDS}",
    "lookback_minutes": f"a whole number of minutes from 0 to {MAX_LOOKBACK_MINUTES}",
    "page_size": f"a whole number from 1 to {MAX_PAGE_SIZE} (QBench's maximum)",
    "api_enabled": "true or false",
    "api_host": "an address without spaces, e.g. 127.0.0.1",
    "api_port": "a whole number from 1 to 65535",
    "api_allow_sync": "true or false",
    "worksheets": "true or false",
    "api_cors_origins": "empty, or origins like http://localhost:3000 separated "
    "by commas",
    "log_level": "DEBUG, INFO, WARNING or ERROR",
}
_API_SUFFIX = re.compile(r"(?:/qbench(?:/api(?:/v[12])?)?)?/*$", re.IGNORECASE)
_TYPE_NAMES = {
    # type -> (English, Spanish problem of a field, Spanish problem of a file value)
    str: (
        "text in quotes",
        QT_TRANSLATE_NOOP("Mensajes", "Debe ser un texto entre comillas."),
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "«{key}» debe ser un texto entre comillas, por ejemplo {example}.",
        ),
    ),
    int: (
        "a whole number",
        QT_TRANSLATE_NOOP("Mensajes", "Debe ser un número entero."),
        QT_TRANSLATE_NOOP(
            "Mensajes", "«{key}» debe ser un número entero, por ejemplo {example}."
        ),
    ),
    bool: (
        "true or false",
        QT_TRANSLATE_NOOP("Mensajes", "Debe ser true o false."),
        QT_TRANSLATE_NOOP(
            "Mensajes", "«{key}» debe ser true o false, por ejemplo {example}."
        ),
    ),
}


def normalize_base_url(url: str) -> str:
    """The tenant root of a pasted QBench address (API path and slashes dropped)."""
    return _API_SUFFIX.sub("", url.strip(), count=1)


@dataclass(frozen=True)
class Settings:
    """Everything the user can configure, except secrets."""

    base_url: str = ""
    client_id: str = ""
    db_url: str = ""  # empty: the default SQLite file (paths.default_sqlite_path())
    # Where report PDFs and attachments are archived (app.storage.files); empty:
    # paths.default_files_dir(). May be a network share.
    files_dir: str = ""
    rate_limit_requests: int = 300
    rate_limit_seconds: int = 60
    lookback_minutes: int = 15
    page_size: int = 50
    api_enabled: bool = False
    api_host: str = "127.0.0.1"
    api_port: int = 8765
    api_allow_sync: bool = False  # may POST /api/v1/sync start a sync?
    api_cors_origins: str = ""  # comma-separated allow-list; empty: no CORS
    log_level: str = "INFO"
    # Also copy each new or changed test's and batch's detailed worksheet (one
    # request each: app.entities, sync kind "worksheet"); off by default.
    worksheets: bool = False

    def __post_init__(self) -> None:
        if isinstance(self.base_url, str):
            object.__setattr__(self, "base_url", normalize_base_url(self.base_url))
        if isinstance(self.log_level, str):
            object.__setattr__(self, "log_level", self.log_level.strip().upper())


def _field_types() -> dict[str, type]:
    return {f.name: type(f.default) for f in fields(Settings)}


def _type_ok(value: object, expected: type) -> bool:
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


def _looks_secret(key: str) -> bool:
    return any(word in key.lower() for word in SECRET_WORDS)


def password_in_url_warning(url: str) -> str | None:
    """A warning when a database URL given on the command line or in the
    environment carries its password (it works, but anyone who can list this
    computer's processes or read the scheduled task sees it); None otherwise."""
    if not _has_password(url):
        return None
    return (
        "the database URL holds a password, which other users of this computer "
        "can see (process list, scheduled task); remove it from the URL and set "
        "QBENCH_BACKUP_DB_PASSWORD, or save it in Configuración → Contraseña "
        "(PostgreSQL)"
    )


def _has_password(url: str) -> bool:
    try:
        return urlsplit(url).password is not None
    except ValueError:
        return False


class SettingsFileError(ConfigError):
    """The settings file holds bad values.

    ``problems`` maps each bad field to a Spanish message for the window;
    ``fallback`` is the file's settings with those fields at their defaults, so
    the window can open and point to them; ``file_values`` holds what the file
    says for each bad field (Configuración shows a bad address as written, to be
    corrected rather than typed again).
    """

    def __init__(
        self,
        message: str,
        *,
        user_message: str,
        problems: dict[str, str],
        fallback: Settings,
        file_values: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message, user_message=user_message)
        self.problems = problems
        self.fallback = fallback
        self.file_values = file_values or {}


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file; a missing file gives the defaults.

    Raises ConfigError (naming the file, the line or field, and the fix) when
    the file is unreadable or not JSON, and SettingsFileError when a field has
    the wrong type or a value outside what it allows.
    """
    path = Path(path) if path is not None else paths.settings_file()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"cannot read the settings file {path}: {exc}",
            user_message=QT_TRANSLATE_NOOP(
                "Mensajes",
                "No se puede leer el archivo de ajustes {path}. Revise sus permisos, "
                "o bórrelo para volver a los ajustes por defecto.",
            ).format(path=path),
        ) from None
    return _checked_settings(_parse(text, path), path)


def _parse(text: str, path: Path) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"the settings file {path} is not valid JSON ({exc.msg} at line "
            f"{exc.lineno}, column {exc.colno}); fix that line or delete the file "
            "to start again from the default settings",
            user_message=QT_TRANSLATE_NOOP(
                "Mensajes",
                "El archivo de ajustes {path} está dañado (línea {line}, columna "
                "{column}). Corrija esa línea o borre el archivo para volver a los "
                "ajustes por defecto.",
            ).format(path=path, line=exc.lineno, column=exc.colno),
        ) from None
    if not isinstance(data, dict):
        raise ConfigError(
            f"the settings file {path} must hold a JSON object {{...}}; "
            "delete it to start again from the default settings",
            user_message=QT_TRANSLATE_NOOP(
                "Mensajes",
                "El archivo de ajustes {path} no tiene el formato esperado. Bórrelo "
                "para volver a los ajustes por defecto.",
            ).format(path=path),
        )
    version = data.pop("version", SETTINGS_VERSION)
    if version != SETTINGS_VERSION or isinstance(version, bool):
        raise ConfigError(
            f"the settings file {path} has version {version!r}, this program "
            f"reads version {SETTINGS_VERSION}; update the program or delete the file",
            user_message=QT_TRANSLATE_NOOP(
                "Mensajes",
                "El archivo de ajustes {path} es de otra versión del programa. "
                "Actualice el programa o borre el archivo.",
            ).format(path=path),
        )
    return data


def _checked_settings(data: dict[str, Any], path: Path) -> Settings:
    types, values, wrong = _field_types(), {}, []
    for key, value in data.items():
        if _looks_secret(key):
            logger.warning(
                "{}: ignored {!r}: secrets are kept in the system keyring, never "
                "in the settings file; remove it from the file",
                path,
                key,
            )
        elif key not in types:
            logger.warning("{}: ignored unknown setting {!r}", path, key)
        elif not _type_ok(value, types[key]):
            wrong.append(key)
        else:
            values[key] = value
    if _has_password(values.get("db_url", "")):
        logger.warning(
            "{}: db_url holds a password in plain text; remove it from the URL "
            "and enter it in the app (it is kept in the system keyring)",
            path,
        )
    settings = Settings(**values)
    bad = _load_problems(settings)
    if not wrong and not bad:
        return settings
    fallback = Settings(**{k: v for k, v in values.items() if k not in bad})
    raise _bad_values_error(path, wrong, bad, data, fallback)


def _load_problems(settings: Settings) -> dict[str, str]:
    """``validate()`` without the fields a file may leave empty (the tenant URL
    and client id may come from the environment)."""
    return {
        name: text
        for name, text in validate(settings).items()
        if getattr(settings, name) != "" or name not in ("base_url", "client_id")
    }


def _bad_values_error(
    path: Path,
    wrong: list[str],
    bad: dict[str, str],
    raw: Mapping[str, Any],
    fallback: Settings,
) -> SettingsFileError:
    defaults, types = asdict(Settings()), _field_types()
    english: list[str] = []
    problems: dict[str, str] = {}
    for key in wrong:
        en, _, es = _TYPE_NAMES[types[key]]
        example = json.dumps(defaults[key])
        english.append(f"{key!r} must be {en}, for example {example}")
        problems[key] = es.format(key=key, example=example)
    for key, text in bad.items():
        value = json.dumps(raw.get(key), ensure_ascii=False)  # as the file has it
        english.append(f"{key!r} is {value}; allowed: {ALLOWED[key]}")
        as_written = QT_TRANSLATE_NOOP(
            "Mensajes", "«{key}» vale {value} en el archivo."
        ).format(key=key, value=value)
        problems[key] = f"{as_written} {text}"  # two catalogue sentences
    lead = QT_TRANSLATE_NOOP(
        "Mensajes", "El archivo de ajustes {path} tiene valores incorrectos:"
    ).format(path=path)
    fix = QT_TRANSLATE_NOOP("Mensajes", "Corríjalos en Configuración y pulse Guardar.")
    return SettingsFileError(
        f"the settings file {path} has wrong values: {'; '.join(english)}; "
        "fix them in Configuración or in the file, or delete those lines",
        user_message=" ".join([lead, *problems.values(), fix]),
        problems=problems,
        fallback=fallback,
        file_values={key: raw.get(key) for key in [*wrong, *bad]},
    )


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings file atomically (temp file + rename); returns its path.

    Raises ConfigError when a secret would be written or the disk refuses.
    """
    path = Path(path) if path is not None else paths.settings_file()
    data = {"version": SETTINGS_VERSION, **asdict(settings)}
    if any(_looks_secret(key) for key in data) or _has_password(settings.db_url):
        raise ConfigError(
            "refusing to write a password into the settings file; give the "
            "database URL without it (the app keeps it in the system keyring)",
            user_message=QT_TRANSLATE_NOOP(
                "Mensajes",
                "La contraseña no se guarda en el archivo de ajustes. Escriba la "
                "dirección de la base de datos sin contraseña; el programa la guarda "
                "en el llavero del sistema.",
            ),
        )
    try:
        _write_atomically(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise ConfigError(
            f"cannot save the settings file {path}: {exc}",
            user_message=QT_TRANSLATE_NOOP(
                "Mensajes",
                "No se pudo guardar el archivo de ajustes {path}. Revise los permisos "
                "de la carpeta y el espacio libre en disco.",
            ).format(path=path),
        ) from None
    return path


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


def _check_base_url(url: str) -> str:
    if not url:
        return QT_TRANSLATE_NOOP(
            "Mensajes",
            "Indique la dirección de su QBench, por ejemplo https://miempresa.qbench.net.",
        )
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return QT_TRANSLATE_NOOP(
            "Mensajes", "La dirección de QBench debe empezar por https:// (o http://)."
        )
    try:
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return QT_TRANSLATE_NOOP(
            "Mensajes", "El puerto de la dirección de QBench no es válido."
        )
    if not parts.hostname:
        return QT_TRANSLATE_NOOP(
            "Mensajes", "Falta el nombre del servidor en la dirección de QBench."
        )
    if parts.username or parts.password:
        return QT_TRANSLATE_NOOP(
            "Mensajes", "No incluya usuario ni contraseña en la dirección de QBench."
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        return QT_TRANSLATE_NOOP(
            "Mensajes",
            "Escriba solo la dirección principal de QBench, sin rutas: por ejemplo "
            "https://miempresa.qbench.net.",
        )
    return ""


def _check_client_id(value: str) -> str:
    if not value.strip():
        return QT_TRANSLATE_NOOP(
            "Mensajes",
            "Indique el identificador de cliente (Client ID) de la API de QBench.",
        )
    if value != value.strip() or " " in value:
        return QT_TRANSLATE_NOOP(
            "Mensajes", "El identificador de cliente no puede contener espacios."
        )
    return ""


def _check_db_url(url: str) -> str:
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("sqlite", "postgres", "postgresql"):
        return QT_TRANSLATE_NOOP(
            "Mensajes",
            "La dirección de la base de datos debe empezar por sqlite:/// o "
            "postgresql:// (déjela vacía para usar el archivo por defecto).",
        )
    if parts.scheme == "sqlite" and parts.path in ("", "/"):
        return QT_TRANSLATE_NOOP(
            "Mensajes",
            "Falta la ruta del archivo SQLite, por ejemplo sqlite:///C:/datos/qb.db.",
        )
    if parts.scheme != "sqlite" and not parts.path.strip("/"):
        return QT_TRANSLATE_NOOP(
            "Mensajes",
            "Falta el nombre de la base de datos, por ejemplo "
            "postgresql://usuario@servidor:5432/qbench.",
        )
    return ""


def _check_files_dir(value: str) -> str:
    if not value:
        return ""
    if "\0" in value or not Path(os.path.expanduser(value.strip())).is_absolute():
        return QT_TRANSLATE_NOOP(
            "Mensajes",
            "Indique la ruta completa de la carpeta de documentos, desde la "
            "unidad o el servidor (déjela vacía para usar la carpeta por defecto).",
        )
    return ""


def files_folder(settings: Settings) -> Path:
    """The document store's folder: ``files_dir``, or the default one."""
    if settings.files_dir.strip():
        return Path(os.path.expanduser(settings.files_dir.strip()))
    return paths.default_files_dir()


def _check_api_host(host: str) -> str:
    if host.strip() and " " not in host:
        return ""
    return QT_TRANSLATE_NOOP(
        "Mensajes",
        "Indique la dirección en la que escucha la API local, por ejemplo 127.0.0.1.",
    )


def _check_cors_origins(text: str) -> str:
    for origin in cors_origins(text):
        if not re.fullmatch(r"https?://[^/\s]+", origin):
            return QT_TRANSLATE_NOOP(
                "Mensajes",
                "Origen no válido: {origin}. Use direcciones como "
                "http://localhost:3000, separadas por comas.",
            ).format(origin=origin)
    return ""


def cors_origins(text: str) -> tuple[str, ...]:
    """The CORS allow-list of ``api_cors_origins`` (comma-separated)."""
    return tuple(o.strip().rstrip("/") for o in text.split(",") if o.strip())


def _check_log_level(level: str) -> str:
    if level in LOG_LEVELS:
        return ""
    return QT_TRANSLATE_NOOP(
        "Mensajes", "Nivel de registro no válido; use DEBUG, INFO, WARNING o ERROR."
    )


def _between(low: int, high: int, message: str) -> Callable[[int], str]:
    return lambda value: "" if low <= value <= high else message


_CHECKS: dict[str, Callable[[Any], str]] = {
    "base_url": _check_base_url,
    "client_id": _check_client_id,
    "db_url": _check_db_url,
    "files_dir": _check_files_dir,
    "rate_limit_requests": _between(
        1,
        MAX_RATE_REQUESTS,
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "El número de peticiones permitidas debe ser mayor que cero (como "
            "máximo {maximum}).",
        ).format(maximum=MAX_RATE_REQUESTS),
    ),
    "rate_limit_seconds": _between(
        1,
        MAX_RATE_SECONDS,
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "El periodo del límite de peticiones debe ser de al menos 1 segundo "
            "(como máximo {maximum}).",
        ).format(maximum=MAX_RATE_SECONDS),
    ),
    "lookback_minutes": _between(
        0,
        MAX_LOOKBACK_MINUTES,
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "Los minutos de margen hacia atrás no pueden ser negativos (como "
            "máximo {maximum}, una semana).",
        ).format(maximum=MAX_LOOKBACK_MINUTES),
    ),
    "page_size": _between(
        1,
        MAX_PAGE_SIZE,
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "El tamaño de página debe estar entre 1 y {maximum} (QBench no entrega "
            "más de {maximum} registros por página).",
        ).format(maximum=MAX_PAGE_SIZE),
    ),
    "api_host": _check_api_host,
    "api_port": _between(
        1,
        65535,
        QT_TRANSLATE_NOOP(
            "Mensajes", "El puerto de la API debe estar entre 1 y 65535."
        ),
    ),
    "api_cors_origins": _check_cors_origins,
    "log_level": _check_log_level,
}


def validate(settings: Settings) -> dict[str, str]:
    """Problems per field, in Spanish for the user; empty when all is well.

    ``base_url`` and ``client_id`` are required (a sync needs them); a caller
    that needs neither (serving the local API only) may ignore those keys.
    """
    problems: dict[str, str] = {}
    for name, expected in _field_types().items():
        value = getattr(settings, name)
        if not _type_ok(value, expected):
            problems[name] = _TYPE_NAMES[expected][1]
        elif message := _CHECKS.get(name, lambda _: "")(value):
            problems[name] = message
    return problems


def require_valid(settings: Settings) -> Settings:
    """``settings`` itself, or ConfigError listing every problem of ``validate()``."""
    problems = validate(settings)
    if problems:
        raise ConfigError(
            f"invalid settings: {', '.join(problems)}",
            user_message="\n".join(problems.values()),
        )
    return settings


def require_loadable(settings: Settings, *, source: str = "the settings") -> Settings:
    """``settings`` itself, or ConfigError naming each field outside what it
    allows (an empty tenant URL or client id passes: a caller checks those)."""
    problems = _load_problems(settings)
    if problems:
        english = "; ".join(
            f"{name!r} is {json.dumps(getattr(settings, name), ensure_ascii=False)}; "
            f"allowed: {ALLOWED.get(name, 'see the README')}"
            for name in problems
        )
        raise ConfigError(
            f"{source}: {english}", user_message=" ".join(problems.values())
        )
    return settings


def parse_rate_limit(
    text: str, *, source: str = "QBENCH_RATE_LIMIT"
) -> tuple[int, int]:
    """``"300/60"`` -> ``(300, 60)``; ConfigError naming ``source`` otherwise."""
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text, re.ASCII)
    if match and int(match[1]) > 0 and int(match[2]) > 0:
        return int(match[1]), int(match[2])
    raise _env_error(
        source,
        "REQUESTS/SECONDS, two whole numbers above 0, e.g. 300/60",
        QT_TRANSLATE_NOOP(
            "Mensajes",
            "Se espera PETICIONES/SEGUNDOS, dos números enteros mayores que 0, por "
            "ejemplo 300/60.",
        ),
    )


def _env_error(var: str, expected: str, detail: str) -> ConfigError:
    """``var`` (a variable or a flag) is malformed: ``expected`` says what it
    takes in English, ``detail`` in Spanish (a catalogue message)."""
    lead = QT_TRANSLATE_NOOP("Mensajes", "El valor de {variable} no es válido.")
    return ConfigError(
        f"{var} is not valid: expected {expected}",
        user_message=" ".join((lead.format(variable=var), detail)),
    )


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for var, (name, expected) in ENV_FIELDS.items():
        if raw := env.get(var, "").strip():  # set but empty counts as unset
            value = getattr(Settings(**{name: raw}), name)  # normalized
            if problem := _CHECKS[name](value):
                raise _env_error(var, expected, problem)
            changes[name] = value
    if text := env.get("QBENCH_RATE_LIMIT", "").strip():
        requests, seconds = parse_rate_limit(text)
        changes.update(rate_limit_requests=requests, rate_limit_seconds=seconds)
    if text := env.get("QBENCH_LOOKBACK_MINUTES", "").strip():
        if not (text.isascii() and text.isdigit()):
            raise _env_error(
                "QBENCH_LOOKBACK_MINUTES",
                "a whole number of minutes >= 0, e.g. 15",
                QT_TRANSLATE_NOOP(
                    "Mensajes",
                    "Se espera un número entero de minutos, 0 o más, por ejemplo 15.",
                ),
            )
        if problem := _CHECKS["lookback_minutes"](int(text)):
            raise _env_error(
                "QBENCH_LOOKBACK_MINUTES", ALLOWED["lookback_minutes"], problem
            )
        changes["lookback_minutes"] = int(text)
    return changes


def resolve_settings(
    cli: Mapping[str, Any], env: Mapping[str, str], file_settings: Settings
) -> Settings:
    """The effective settings: flags > environment > settings file > defaults.

    ``cli`` maps field names to flag values, ``None`` meaning "flag not given".
    Raises ConfigError naming the environment variable that is malformed.
    """
    unknown = set(cli) - set(_field_types())
    if unknown:
        raise ValueError(f"not settings: {sorted(unknown)}")  # a bug in the caller
    changes = _from_env(env)
    changes.update({name: value for name, value in cli.items() if value is not None})
    return replace(file_settings, **changes)
