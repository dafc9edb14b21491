"""The ``search:`` section of the bot config (registered with the core config on import).

    search:
      gemini:
        enabled: true                 # used only when MYFLIX_GEMINI_API_KEY is set
        model: gemini-2.5-flash
        timeout: 8                    # seconds per call
        calls_per_minute: 10          # over that, the rules answer
        base_url: null                # another endpoint (tests, a proxy); null = Google's
      radarr: {quality_profile: HD-1080p, root_folder: /data/media/movies, minimum_availability: released}
      sonarr: {quality_profile: HD-1080p, root_folder: /data/media/tv, season_folder: true}
      requests_db: /srv/myflix/bot/requests.sqlite   # on the NVMe
      title_memory: /srv/myflix/bot/titles.tsv       # titles seen in lookups (spelling, abbreviations)
      webhook: {listen: 127.0.0.1, port: 8095, path: /hooks/arr}   # secret: MYFLIX_WEBHOOK_SECRET
      poll_interval: 120              # history polling when no webhook arrives; 0 = off
      milestones: [25, 50, 75]        # download progress (%) the requester hears about
      tag_prefix: req-                # the *arr tag of the requester: req-<telegram id>

A quality profile is a name or an id; a missing name is reported when the first add happens.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from myflix_bot.config import Config, Reader
from myflix_bot.secrets import Secret

SECTION = "search"
DEFAULT_MODEL = "gemini-2.5-flash"


@dataclass(frozen=True)
class GeminiSettings:
    enabled: bool = True
    model: str = DEFAULT_MODEL
    timeout: float = 8.0
    calls_per_minute: int = 10
    base_url: str | None = None


@dataclass(frozen=True)
class AddSettings:
    quality_profile: str | int | None = None  # None = the first profile the app lists
    root_folder: str | None = None  # None = the first root folder the app lists
    minimum_availability: str = "released"
    season_folder: bool = True


@dataclass(frozen=True)
class WebhookSettings:
    listen: str = "127.0.0.1"
    port: int = 8095
    path: str = "/hooks/arr"
    secret: Secret | None = None


@dataclass(frozen=True)
class SearchSettings:
    gemini: GeminiSettings = field(default_factory=GeminiSettings)
    radarr: AddSettings = field(default_factory=AddSettings)
    sonarr: AddSettings = field(default_factory=AddSettings)
    requests_db: str = "/srv/myflix/bot/requests.sqlite"
    title_memory: str | None = None  # None: kept in memory only (the CLI without a config)
    webhook: WebhookSettings | None = None
    poll_interval: float = 120.0
    milestones: tuple[int, ...] = (25, 50, 75)
    tag_prefix: str = "req-"


def _add(r: Reader) -> AddSettings:
    profile = r.raw("quality_profile", None)
    if profile is not None and (isinstance(profile, bool) or not isinstance(profile, str | int)):
        r.problem("quality_profile", "must be a profile name or id")
        profile = None
    out = AddSettings(
        quality_profile=profile,
        root_folder=r.str("root_folder", None),
        minimum_availability=r.str(
            "minimum_availability", "released", choices=("announced", "inCinemas", "released")
        ),
        season_folder=r.bool("season_folder", True),
    )
    r.finish()
    return out


def parse(r: Reader, secrets: Mapping[str, Secret]) -> SearchSettings:
    g = r.section("gemini")
    d = GeminiSettings()
    gemini = GeminiSettings(
        enabled=g.bool("enabled", d.enabled),
        model=g.str("model", d.model),
        timeout=g.number("timeout", d.timeout, low=0.5, high=60),
        calls_per_minute=g.number("calls_per_minute", d.calls_per_minute, low=0, high=1000, integer=True),
        base_url=g.url("base_url", None),
    )
    g.finish()
    webhook = None
    if r.present("webhook"):
        w = r.section("webhook")
        secret = secrets.get("webhook_secret")
        if secret is None:
            w.problem("secret", "MYFLIX_WEBHOOK_SECRET is not set (environment or secrets file)")
        path = w.str("path", WebhookSettings.path)
        if isinstance(path, str) and not path.startswith("/"):
            w.problem("path", "must start with /")
        webhook = WebhookSettings(
            listen=w.ip("listen", WebhookSettings.listen),
            port=w.number("port", WebhookSettings.port, low=0, high=65535, integer=True),  # 0: any free
            path=path,
            secret=secret,
        )
        w.finish()
    else:
        r.used.add("webhook")
    milestones = r.raw("milestones", [25, 50, 75])
    if not isinstance(milestones, list) or not all(
        isinstance(m, int) and not isinstance(m, bool) and 0 < m < 100 for m in milestones
    ):
        r.problem("milestones", "must be a list of percentages between 1 and 99")
        milestones = [25, 50, 75]
    settings = SearchSettings(
        gemini=gemini,
        radarr=_add(r.section("radarr")),
        sonarr=_add(r.section("sonarr")),
        requests_db=r.str("requests_db", SearchSettings.requests_db),
        title_memory=r.str("title_memory", "/srv/myflix/bot/titles.tsv"),
        webhook=webhook,
        poll_interval=r.number("poll_interval", 120.0, low=0, high=86400),
        milestones=tuple(sorted(set(milestones))),
        tag_prefix=r.str("tag_prefix", "req-"),
    )
    r.finish()
    return settings


def settings_of(config: Config) -> SearchSettings:
    """The section's value; defaults when the section was never registered or is absent."""
    value: Any = config.sections.get(SECTION)
    return value if isinstance(value, SearchSettings) else SearchSettings()
