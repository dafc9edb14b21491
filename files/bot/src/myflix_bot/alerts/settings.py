"""The ``alerts`` config section: the language of the alert messages (the UI's by default).

The endpoint's shared secret is ``MYFLIX_ALERTS_SECRET`` (environment or secrets file); without it the
endpoint answers 404 to everyone, so a bot without alert delivery exposes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from myflix_bot.config import Reader
from myflix_bot.i18n import LANGUAGES
from myflix_bot.secrets import Secret

SECTION = "alerts"


@dataclass(frozen=True)
class AlertSettings:
    secret: Secret | None = None
    language: str | None = None  # None: the bot's ui.language


def parse(r: Reader, secrets: Mapping[str, Secret]) -> AlertSettings:
    settings = AlertSettings(
        secret=secrets.get("alerts_secret"), language=r.str("language", None, choices=LANGUAGES)
    )
    r.finish()
    return settings


def alert_settings(config: Any) -> AlertSettings:
    value: Any = config.sections.get(SECTION)
    return value if isinstance(value, AlertSettings) else AlertSettings()
