"""The household config section and the directory built from it (config members, invitations)."""

from __future__ import annotations

import pytest
from myflix_bot.access import Role
from myflix_bot.config import ConfigError
from myflix_bot.household.directory import Directory
from myflix_bot.household.invites import InvitedMember
from myflix_bot.household.settings import Library, Quota, household_of

from ..conftest import ADMIN, USER, make_config

HOUSEHOLD = {
    "defaults": {"quota": {"movies": 4}, "sonarr": {"root_folder": "/data/media/tv"}},
    "members": [
        {
            "id": 111,
            "name": "Alice",
            "language": "en",
            "quota": {"series": None},
            "radarr": {"quality_profile": "Ultra-HD"},
        },
        {"id": 222, "name": "Bob", "role": "admin"},
        {"id": 333, "name": "Kid", "auto_approve": True, "quota": {"movies": 1, "days": 30}},
    ],
}


def directory(invited: dict[int, InvitedMember] | None = None) -> Directory:
    config = make_config({"household": HOUSEHOLD})
    return Directory(
        admins=config.telegram.admins,
        users=config.telegram.allowed_users,
        household=household_of(config),
        invited=(invited or {}).get,
        default_lang="fr",
    )


def test_members_override_the_defaults_key_by_key() -> None:
    h = household_of(make_config({"household": HOUSEHOLD}))
    alice = h.member(111)
    assert alice is not None
    assert alice.profile.quota == Quota(movies=4, series=None, days=7)
    assert alice.profile.radarr == Library(quality_profile="Ultra-HD")
    assert alice.profile.sonarr == Library(root_folder="/data/media/tv")  # the default kept
    kid = h.member(333)
    assert kid is not None
    assert (kid.profile.auto_approve, kid.profile.quota) == (True, Quota(movies=1, series=2, days=30))
    assert household_of(make_config()).defaults.quota == Quota(movies=5, series=2, days=7)  # absent section


def test_roles_languages_and_invited_members() -> None:
    invited = {
        50: InvitedMember(50, "Carol", "en", ADMIN, 0.0),
        51: InvitedMember(51, "Dan", "de", ADMIN, 0.0),
    }
    d = directory(invited)
    assert [d.role(u) for u in (ADMIN, 222, USER, 111, 333, 50, 666, None)] == [
        Role.ADMIN,
        Role.ADMIN,
        Role.USER,
        Role.USER,
        Role.USER,
        Role.USER,
        Role.NONE,
        Role.NONE,
    ]
    assert d.admins() == frozenset({ADMIN, 222})
    assert [d.lang(u) for u in (111, USER, 50, 51)] == [
        "en",
        "fr",
        "en",
        "fr",
    ]  # Telegram's "de": the default
    assert (d.name(111), d.name(50), d.name(USER)) == ("Alice", "Carol", str(USER))


def test_config_problems_are_named() -> None:
    bad = {
        "members": [{"id": 5, "role": "owner", "quota": {"movies": -1}}, {"id": 5}, {"name": "x"}],
        "defaults": {"language": "de", "auto_approve": "yes"},
        "progress_edit_interval": 10,
    }
    with pytest.raises(ConfigError) as err:
        make_config({"household": bad})
    problems = "\n".join(err.value.problems)
    for expected in (
        "household.members[0].role: must be one of admin, member",
        "household.members[0].quota.movies: must be between 0 and 10000",
        "household.members[1].id: 5 is listed twice",
        "household.members[2].id: required",
        "household.defaults.language: must be one of",
        "household.defaults.auto_approve: must be true or false",
        "household.progress_edit_interval: must be between 60 and 3600",
    ):
        assert expected in problems
