"""The bot's configuration: one YAML file plus secrets from the environment or a 0600 file.

:func:`load_config` never stops at the first mistake: it walks the whole file, collects every
problem with its dotted key name (``radarr.url: required``), and raises one :class:`ConfigError`
that lists them all. Secret values never appear in a problem.

The features' own top-level sections are parsed by the parsers the caller passes (``sections``: the
assembly gives every feature's, ``myflix_bot.assembly.parse_config``); each parser gets a :class:`Reader`
for its section and its problems are reported with the others. Nothing registers itself here.
"""

from __future__ import annotations

import builtins
import ipaddress
import math
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from myflix_bot.i18n import LANGUAGES
from myflix_bot.secrets import SECRET_ENV, Secret, load_secrets, secrets_file_path


class ConfigError(Exception):
    """Every problem found in the configuration, one per line."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


def problem_lines(path: Path, error: ConfigError) -> list[str]:
    """What a command prints for a config that cannot be used: one line for a single problem (a file
    that cannot be read, is not UTF-8 or not YAML), else a count and one line per problem."""
    if len(error.problems) == 1:
        return [f"{path}: {error.problems[0]}"]
    return [f"{path}: {len(error.problems)} problem(s):", *(f"  - {p}" for p in error.problems)]


_MISSING: Any = object()


class Reader:
    """Typed access to one mapping of the config that records problems instead of raising."""

    def __init__(self, data: Any, path: str, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        self.used: set[str] = set()
        if data is None:
            data = {}
        if not isinstance(data, Mapping):
            self.problem("", f"must be a mapping, got {type(data).__name__}")
            data = {}
        self.data: Mapping[str, Any] = data

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path and name else (self.path or name)

    def problem(self, name: str, message: str) -> None:
        self.problems.append(f"{self.key(name)}: {message}")

    def present(self, name: str) -> bool:
        return name in self.data

    def raw(self, name: str, default: Any = _MISSING) -> Any:
        self.used.add(name)
        if name not in self.data or self.data[name] is None:
            if default is _MISSING:
                self.problem(name, "required")
                return None
            return default
        return self.data[name]

    # Below this method, `str` in the class body names it: the annotations say `builtins.str`.
    def str(self, name: str, default: Any = _MISSING, *, choices: tuple[str, ...] = ()) -> Any:
        value = self.raw(name, default)
        if value is None or value is default:
            return value
        if not isinstance(value, str) or not value.strip():
            self.problem(name, "must be a non-empty string")
            return default if default is not _MISSING else None
        if choices and value not in choices:
            self.problem(name, f"must be one of {', '.join(choices)}, got {value!r}")
            return default if default is not _MISSING else None
        return value

    def number(
        self,
        name: builtins.str,
        default: Any = _MISSING,
        *,
        low: float | None = None,
        high: float | None = None,
        integer: bool = False,
    ) -> Any:
        value = self.raw(name, default)
        if value is None or value is default:
            return value
        kind = int if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, kind):
            self.problem(name, f"must be {'an integer' if integer else 'a number'}, got {value!r}")
            return default if default is not _MISSING else None
        if not math.isfinite(value):  # .nan compares false with every bound, .inf passes "low"
            self.problem(name, f"must be a finite number, got {value!r}")
            return default if default is not _MISSING else None
        if (low is not None and value < low) or (high is not None and value > high):
            bounds = (
                f"between {low:g} and {high:g}"
                if low is not None and high is not None
                else (f">= {low:g}" if low is not None else f"<= {high:g}")
            )
            self.problem(name, f"must be {bounds}, got {value!r}")
            return default if default is not _MISSING else None
        return value

    def bool(self, name: builtins.str, default: Any = _MISSING) -> Any:
        value = self.raw(name, default)
        if value is not None and value is not default and not isinstance(value, bool):
            self.problem(name, f"must be true or false, got {value!r}")
            return default if default is not _MISSING else None
        return value

    def url(self, name: builtins.str, default: Any = _MISSING) -> Any:
        value = self.str(name, default)
        if value is None or value is default:
            return value
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            self.problem(name, f"must be an http(s) URL with a host, got {value!r}")
            return None
        if parts.username or parts.password:
            self.problem(name, "must not contain credentials; use the secrets file or environment")
            return None
        return value.rstrip("/")

    def ids(self, name: builtins.str) -> frozenset[int]:
        value = self.raw(name, [])
        if not isinstance(value, list):
            self.problem(name, "must be a list of Telegram ids")
            return frozenset()
        bad = [v for v in value if isinstance(v, bool) or not isinstance(v, int)]
        if bad:
            self.problem(name, f"must contain integer Telegram ids only, got {bad[:3]!r}")
        return frozenset(v for v in value if isinstance(v, int) and not isinstance(v, bool))

    def ip(self, name: builtins.str, default: Any = None) -> Any:
        value = self.str(name, default)
        if value is None or value is default:
            return value
        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            self.problem(name, f"must be an IP address, got {value!r}")
            return None

    def section(self, name: builtins.str) -> Reader:
        self.used.add(name)
        return Reader(self.data.get(name), self.key(name), self.problems)

    def items(self, name: builtins.str) -> list[Reader]:
        self.used.add(name)
        value = self.data.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(name, "must be a list")
            return []
        return [Reader(v, f"{self.key(name)}[{i}]", self.problems) for i, v in enumerate(value)]

    def finish(self) -> None:
        """Report keys nobody asked for (typos), by name only."""
        for unknown in sorted(str(k) for k in self.data if k not in self.used):
            self.problem(unknown, "unknown key")


@dataclass(frozen=True)
class TelegramConfig:
    token: Secret
    allowed_users: frozenset[int]
    allowed_chats: frozenset[int]
    admins: frozenset[int]
    # Bot API server as python-telegram-bot wants it ("http://host:port/bot", the token is appended);
    # None = api.telegram.org. Files are fetched from the same root with "/file/bot".
    base_url: str | None = None
    refusal_interval: float = 3600.0


@dataclass(frozen=True)
class ArrConfig:
    url: str
    api_key: Secret
    timeout: float = 10.0


@dataclass(frozen=True)
class QbittorrentConfig:
    url: str
    username: str
    password: Secret | None
    timeout: float = 10.0


@dataclass(frozen=True)
class GluetunConfig:
    url: str
    api_key: Secret | None
    home_ip: str | None
    timeout: float = 5.0


@dataclass(frozen=True)
class StorageTier:
    name: str
    path: str


@dataclass(frozen=True)
class SystemConfig:
    storage: tuple[StorageTier, ...] = ()
    warn_percent: float = 85.0
    thermal_path: str = "/sys/class/thermal/thermal_zone0/temp"
    throttled_path: str = "/sys/devices/platform/soc/soc:firmware/get_throttled"
    docker_socket: str | None = "/var/run/docker.sock"


@dataclass(frozen=True)
class CacheConfig:
    catalog_interval: float = 300.0
    queue_live_interval: float = 2.0
    queue_idle_interval: float = 60.0
    system_interval: float = 15.0
    vpn_interval: float = 30.0
    containers_interval: float = 30.0
    health_interval: float = 30.0  # the applications' health probes (version, response time)
    stale_after: float = 3.0  # data older than this many intervals is shown with its age


@dataclass(frozen=True)
class UiConfig:
    language: str = "fr"
    page_size: int = 10
    queue_page_size: int = 8
    queue_live_seconds: float = 120.0
    max_live_views: int = 4


@dataclass(frozen=True)
class Config:
    telegram: TelegramConfig
    radarr: ArrConfig | None
    sonarr: ArrConfig | None
    qbittorrent: QbittorrentConfig | None
    gluetun: GluetunConfig | None
    system: SystemConfig
    cache: CacheConfig
    ui: UiConfig
    gemini_api_key: Secret | None = None
    sections: Mapping[str, Any] = field(default_factory=dict)

    def section(self, name: str) -> Any:
        """The parsed value of a feature's section (see ``myflix_bot.assembly``)."""
        return self.sections[name]


SectionParser = Callable[[Reader, Mapping[str, Secret]], Any]
CORE_SECTIONS = ("telegram", "radarr", "sonarr", "qbittorrent", "gluetun", "system", "cache", "ui")


def _no_inline_secret(r: Reader, key: str, secret_name: str) -> None:
    if r.present(key):
        r.used.add(key)
        r.problem(
            key,
            f"secrets do not belong in the config file; set {SECRET_ENV[secret_name]} "
            "in the environment or the secrets file",
        )


def _need_secret(secrets: Mapping[str, Secret], name: str, where: str, problems: list[str]) -> Secret:
    secret = secrets.get(name)
    if secret is None:
        problems.append(f"{where}: {SECRET_ENV[name]} is not set (environment or secrets file)")
        return Secret("")
    return secret


def _arr(r: Reader, kind: str, secrets: Mapping[str, Secret], problems: list[str]) -> ArrConfig:
    _no_inline_secret(r, "api_key", f"{kind}_api_key")
    cfg = ArrConfig(
        url=r.url("url"),
        api_key=_need_secret(secrets, f"{kind}_api_key", r.key("api_key"), problems),
        timeout=r.number("timeout", 10.0, low=0.5, high=120),
    )
    r.finish()
    return cfg


def _system(s: Reader) -> SystemConfig:
    tiers = []
    for item in s.items("storage"):
        tiers.append(StorageTier(name=item.str("name"), path=item.str("path")))
        item.finish()
    # docker_socket: null switches the container summary off
    if s.present("docker_socket") and s.data["docker_socket"] is None:
        s.used.add("docker_socket")
        docker_socket = None
    else:
        docker_socket = s.str("docker_socket", SystemConfig.docker_socket)
    system = SystemConfig(
        storage=tuple(tiers),
        warn_percent=s.number("warn_percent", 85.0, low=1, high=100),
        thermal_path=s.str("thermal_path", SystemConfig.thermal_path),
        throttled_path=s.str("throttled_path", SystemConfig.throttled_path),
        docker_socket=docker_socket,
    )
    s.finish()
    return system


def parse_config(
    data: Any, env: Mapping[str, str], sections: Mapping[str, SectionParser] | None = None
) -> Config:
    """Build the configuration from parsed YAML and the environment, or raise :class:`ConfigError`.
    ``sections``: the features' top-level sections, name -> ``parser(reader, secrets)`` (none: the core
    sections only, any other key is a problem)."""
    sections = sections or {}
    for name in sections:
        if name in CORE_SECTIONS or name == "secrets_file":
            raise ValueError(f"{name!r} is a core section")
    problems: list[str] = []
    root = Reader(data, "", problems)
    sf_path = secrets_file_path(root.str("secrets_file", None), env)
    secrets, secret_problems = load_secrets(env, sf_path)
    problems.extend(secret_problems)

    tg = root.section("telegram")
    _no_inline_secret(tg, "token", "telegram_token")
    telegram = TelegramConfig(
        token=_need_secret(secrets, "telegram_token", "telegram.token", problems),
        allowed_users=tg.ids("allowed_users"),
        allowed_chats=tg.ids("allowed_chats"),
        admins=tg.ids("admins"),
        base_url=tg.url("base_url", None),
        refusal_interval=tg.number("refusal_interval", 3600.0, low=0, high=86400 * 7),
    )
    if not (telegram.allowed_users or telegram.allowed_chats or telegram.admins):
        problems.append("telegram.allowed_users: nobody is allowed; list at least one user id or admin")
    tg.finish()

    radarr = _arr(root.section("radarr"), "radarr", secrets, problems) if root.present("radarr") else None
    sonarr = _arr(root.section("sonarr"), "sonarr", secrets, problems) if root.present("sonarr") else None
    root.used.update({"radarr", "sonarr"})

    qbittorrent = None
    if root.present("qbittorrent"):
        q = root.section("qbittorrent")
        _no_inline_secret(q, "password", "qbittorrent_password")
        qbittorrent = QbittorrentConfig(
            url=q.url("url"),
            username=q.str("username", "admin"),
            password=secrets.get("qbittorrent_password"),
            timeout=q.number("timeout", 10.0, low=0.5, high=120),
        )
        q.finish()

    gluetun = None
    if root.present("gluetun"):
        g = root.section("gluetun")
        _no_inline_secret(g, "api_key", "gluetun_api_key")
        gluetun = GluetunConfig(
            url=g.url("url"),
            api_key=secrets.get("gluetun_api_key"),
            home_ip=g.ip("home_ip", None),
            timeout=g.number("timeout", 5.0, low=0.5, high=60),
        )
        g.finish()

    system = _system(root.section("system"))

    c = root.section("cache")
    d = CacheConfig()
    cache = CacheConfig(
        catalog_interval=c.number("catalog_interval", d.catalog_interval, low=5, high=86400),
        queue_live_interval=c.number("queue_live_interval", d.queue_live_interval, low=0.2, high=60),
        queue_idle_interval=c.number("queue_idle_interval", d.queue_idle_interval, low=1, high=3600),
        system_interval=c.number("system_interval", d.system_interval, low=1, high=3600),
        vpn_interval=c.number("vpn_interval", d.vpn_interval, low=1, high=3600),
        containers_interval=c.number("containers_interval", d.containers_interval, low=1, high=3600),
        health_interval=c.number("health_interval", d.health_interval, low=1, high=3600),
        stale_after=c.number("stale_after", d.stale_after, low=1, high=100),
    )
    c.finish()

    u = root.section("ui")
    du = UiConfig()
    ui = UiConfig(
        language=u.str("language", du.language, choices=LANGUAGES),
        page_size=u.number("page_size", du.page_size, low=1, high=25, integer=True),
        queue_page_size=u.number("queue_page_size", du.queue_page_size, low=1, high=15, integer=True),
        queue_live_seconds=u.number("queue_live_seconds", du.queue_live_seconds, low=0, high=3600),
        max_live_views=u.number("max_live_views", du.max_live_views, low=0, high=50, integer=True),
    )
    u.finish()

    parsed: dict[str, Any] = {name: parser(root.section(name), secrets) for name, parser in sections.items()}
    root.finish()
    if problems:
        raise ConfigError(problems)
    return Config(
        telegram=telegram,
        radarr=radarr,
        sonarr=sonarr,
        qbittorrent=qbittorrent,
        gluetun=gluetun,
        system=system,
        cache=cache,
        ui=ui,
        gemini_api_key=secrets.get("gemini_api_key"),
        sections=parsed,
    )


def load_or_report(path: Path, sections: Mapping[str, SectionParser] | None = None) -> Config | None:
    """The config for a command: None after printing its problems to stderr (the command exits 2)."""
    try:
        return load_config(path, sections=sections)
    except ConfigError as exc:
        for line in problem_lines(path, exc):
            print(line, file=sys.stderr)
        return None


def load_config(
    path: Path, env: Mapping[str, str] | None = None, sections: Mapping[str, SectionParser] | None = None
) -> Config:
    """Read the YAML file at ``path`` and the environment; raise :class:`ConfigError` with every problem."""
    env = os.environ if env is None else env
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError([f"config: cannot read {path} ({exc.strerror})"]) from None
    except UnicodeDecodeError as exc:
        raise ConfigError([f"config: {path} is not UTF-8 text (byte {exc.start})"]) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError([f"config: {path} is not valid YAML{where}"]) from None
    return parse_config(data, env, sections)
