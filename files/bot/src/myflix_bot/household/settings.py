"""The ``household:`` section of the bot config.

    household:
      invite_ttl: 172800            # seconds an /invite code stays valid (48 h)
      progress_edit_interval: 60    # at most one progress edit per message per this many seconds
      defaults:                     # every member without an entry (allowed_users, invited in chat)
        auto_approve: false         # true: the member's requests are added without an admin
        language: null              # fr or en; null = ui.language (invited: their Telegram language)
        quota: {movies: 5, series: 2, days: 7}   # null = unlimited, 0 = none
        radarr: {quality_profile: null, root_folder: null}   # null = search.radarr's
        sonarr: {quality_profile: null, root_folder: null}
      members:
        - {id: 111, name: Alice, role: member, language: en, auto_approve: false,
           quota: {movies: 3}, radarr: {quality_profile: Ultra-HD}}
        - {id: 222, name: Bob, role: admin}

A member's entry overrides the defaults key by key (``quota.movies`` alone keeps the default
``series`` and ``days``). Admins have no quota and never need an approval.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from myflix_bot.config import Config, Reader
from myflix_bot.i18n import LANGUAGES
from myflix_bot.secrets import Secret

SECTION = "household"
RoleName = Literal["admin", "member"]


@dataclass(frozen=True)
class Quota:
    movies: int | None = 5  # None: unlimited
    series: int | None = 2
    days: float = 7.0

    def limit(self, kind: str) -> int | None:
        return self.movies if kind == "movie" else self.series


@dataclass(frozen=True)
class Library:
    """Where a member's titles go in Radarr or Sonarr; None keeps the search section's choice."""

    quality_profile: str | int | None = None
    root_folder: str | None = None


@dataclass(frozen=True)
class Profile:
    auto_approve: bool = False
    language: str | None = None
    quota: Quota = field(default_factory=Quota)
    radarr: Library = field(default_factory=Library)
    sonarr: Library = field(default_factory=Library)

    def library(self, kind: str) -> Library:
        return self.radarr if kind == "movie" else self.sonarr


@dataclass(frozen=True)
class Member:
    id: int
    name: str
    role: RoleName
    profile: Profile


@dataclass(frozen=True)
class HouseholdSettings:
    defaults: Profile = field(default_factory=Profile)
    members: tuple[Member, ...] = ()
    invite_ttl: float = 172800.0
    progress_edit_interval: float = 60.0

    def member(self, user_id: int) -> Member | None:
        return next((m for m in self.members if m.id == user_id), None)


def _quota(r: Reader, base: Quota) -> Quota:
    def limit(name: str, default: int | None) -> int | None:
        if r.present(name) and r.data[name] is None:
            r.used.add(name)
            return None
        value: int | None = r.number(name, default, low=0, high=10_000, integer=True)
        return value

    quota = Quota(
        movies=limit("movies", base.movies),
        series=limit("series", base.series),
        days=r.number("days", base.days, low=1, high=365),
    )
    r.finish()
    return quota


def _library(r: Reader, base: Library) -> Library:
    profile = r.raw("quality_profile", base.quality_profile)
    if profile is not None and (isinstance(profile, bool) or not isinstance(profile, str | int)):
        r.problem("quality_profile", "must be a profile name or id")
        profile = base.quality_profile
    library = Library(quality_profile=profile, root_folder=r.str("root_folder", base.root_folder))
    r.finish()
    return library


def _profile(r: Reader, base: Profile) -> Profile:
    """The keys of ``r`` over ``base``; ``r.finish()`` is left to the caller (members add keys)."""
    return replace(
        base,
        auto_approve=r.bool("auto_approve", base.auto_approve),
        language=r.str("language", base.language, choices=LANGUAGES),
        quota=_quota(r.section("quota"), base.quota) if r.present("quota") else base.quota,
        radarr=_library(r.section("radarr"), base.radarr) if r.present("radarr") else base.radarr,
        sonarr=_library(r.section("sonarr"), base.sonarr) if r.present("sonarr") else base.sonarr,
    )


def parse(r: Reader, secrets: Mapping[str, Secret]) -> HouseholdSettings:
    d = r.section("defaults")
    defaults = _profile(d, Profile())
    d.finish()
    members: list[Member] = []
    seen: set[int] = set()
    for item in r.items("members"):
        user_id = item.number("id", integer=True, low=1)
        name = item.str("name", None)
        role = item.str("role", "member", choices=("admin", "member"))
        profile = _profile(item, defaults)
        item.finish()
        if isinstance(user_id, int):
            if user_id in seen:
                item.problem("id", f"{user_id} is listed twice")
            seen.add(user_id)
            members.append(Member(user_id, name or str(user_id), role or "member", profile))
    settings = HouseholdSettings(
        defaults=defaults,
        members=tuple(members),
        invite_ttl=r.number("invite_ttl", 172800.0, low=60, high=86400 * 30),
        progress_edit_interval=r.number("progress_edit_interval", 60.0, low=60, high=3600),
    )
    r.finish()
    return settings


def household_of(config: Config) -> HouseholdSettings:
    """The section's value; the defaults when absent."""
    value: Any = config.sections.get(SECTION)
    return value if isinstance(value, HouseholdSettings) else HouseholdSettings()
