"""Secrets: a wrapper that never prints its value, the 0600 secrets file, and log redaction.

A :class:`Secret` shows ``'********'`` in ``str``, ``repr``, f-strings and tracebacks; only
``reveal()`` gives the value, at the one place that sends it (an HTTP header, a login form).
Every secret that is loaded is also remembered by :data:`REDACTOR`, and the logging setup of the bot
replaces any occurrence of a known secret in a formatted log line (httpx logs request URLs, and the
Telegram token is part of every Bot API URL).
"""

from __future__ import annotations

import logging
import os
import stat
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn

MASK = "********"

# Logical name -> environment variable. The secrets file uses the same variable names (KEY=VALUE).
SECRET_ENV: dict[str, str] = {
    "telegram_token": "MYFLIX_TELEGRAM_TOKEN",
    "radarr_api_key": "MYFLIX_RADARR_API_KEY",
    "sonarr_api_key": "MYFLIX_SONARR_API_KEY",
    "prowlarr_api_key": "MYFLIX_PROWLARR_API_KEY",  # its health probe on /status
    "qbittorrent_password": "MYFLIX_QBITTORRENT_PASSWORD",
    "gluetun_api_key": "MYFLIX_GLUETUN_API_KEY",
    "gemini_api_key": "MYFLIX_GEMINI_API_KEY",
    "webhook_secret": "MYFLIX_WEBHOOK_SECRET",  # Radarr/Sonarr -> bot webhook (search lifecycle)
    "alerts_secret": "MYFLIX_ALERTS_SECRET",  # Alertmanager -> bot alert endpoint
    "ai_worker_token": "MYFLIX_AI_WORKER_TOKEN",  # bot (preview process) -> AI worker
}
SECRETS_FILE_ENV = "MYFLIX_SECRETS_FILE"


class Redactor:
    """The set of secret values to scrub from log output."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._lock = threading.Lock()

    def add(self, value: str) -> None:
        if len(value) >= 4:  # a 1-3 character "secret" would redact half the log
            with self._lock:
                self._values.add(value)

    def scrub(self, text: str) -> str:
        with self._lock:
            values = sorted(self._values, key=len, reverse=True)
        for value in values:
            if value in text:
                text = text.replace(value, MASK)
        return text


REDACTOR = Redactor()


class Secret:
    """A secret string that does not show itself."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value
        REDACTOR.add(value)

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{MASK}')"

    def __str__(self) -> str:
        return MASK

    def __format__(self, spec: str) -> str:
        return MASK

    def __bool__(self) -> bool:
        return bool(self._value)

    def __reduce__(self) -> NoReturn:
        raise TypeError("secrets cannot be pickled")


class RedactingFormatter(logging.Formatter):
    """A formatter whose output never contains a known secret (message, arguments or traceback)."""

    def format(self, record: logging.LogRecord) -> str:
        return REDACTOR.scrub(super().format(record))


def file_problems(path: Path) -> list[str]:
    """Why a secrets file must be refused: missing, not a regular file, or readable by others."""
    try:
        st = path.stat()
    except OSError as exc:
        return [f"secrets_file: cannot read {path} ({exc.strerror})"]
    if not stat.S_ISREG(st.st_mode):
        return [f"secrets_file: {path} is not a regular file"]
    mode = stat.S_IMODE(st.st_mode)
    if mode & 0o077:
        return [
            f"secrets_file: {path} has mode {mode:04o}, readable or writable by group/others; "
            f"run chmod 600 {path}"
        ]
    return []


def parse_env_file(text: str) -> tuple[dict[str, str], list[str]]:
    """``KEY=VALUE`` lines (``#`` comments, optional ``export``, optional quotes). Values are never
    echoed back in problems, only line numbers and key names."""
    values: dict[str, str] = {}
    problems: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ").strip()
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not key:
            problems.append(f"secrets_file: line {number} is not KEY=VALUE")
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values, problems


def load_secrets(env: Mapping[str, str], file_path: Path | None) -> tuple[dict[str, Secret], list[str]]:
    """Secrets by logical name, from the 0600 file then the environment (the environment wins)."""
    problems: list[str] = []
    from_file: dict[str, str] = {}
    if file_path is not None:
        problems.extend(file_problems(file_path))
        if not problems:
            try:
                text = file_path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(f"secrets_file: cannot read {file_path} ({type(exc).__name__})")
                text = ""
            from_file, parse_problems = parse_env_file(text)
            problems.extend(parse_problems)
            known = set(SECRET_ENV.values())
            problems.extend(
                f"secrets_file: unknown key {key} (known: {', '.join(sorted(known))})"
                for key in sorted(from_file)
                if key not in known
            )
    secrets: dict[str, Secret] = {}
    for name, var in SECRET_ENV.items():
        value = env.get(var) or from_file.get(var)
        if value:
            secrets[name] = Secret(value)
    return secrets, problems


def secrets_file_path(configured: str | None, env: Mapping[str, str]) -> Path | None:
    value = env.get(SECRETS_FILE_ENV) or configured
    return Path(os.path.expanduser(value)) if value else None
