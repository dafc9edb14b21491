"""The one decision for a press on Add, for admins, members and auto-approved members."""

from __future__ import annotations

import pytest
from myflix_bot.access import Role
from myflix_bot.household.policy import TitleState, decide, may_decide, quota_left
from myflix_bot.household.settings import Profile, Quota

MEMBER = Profile(quota=Quota(movies=2, series=1, days=7))
AUTO = Profile(auto_approve=True, quota=Quota(movies=2, series=1, days=7))
NEW = TitleState()


def test_a_members_new_request_waits_for_an_admin_and_says_what_is_left() -> None:
    d = decide(Role.USER, MEMBER, "movie", NEW, used=0)
    assert (d.outcome, d.left, d.limit) == ("pending", 1, 2)
    assert decide(Role.USER, MEMBER, "series", NEW, used=0).left == 0


def test_quota_exceeded_records_nothing_and_the_positive_twin_just_under_it() -> None:
    assert decide(Role.USER, MEMBER, "movie", NEW, used=1).outcome == "pending"
    full = decide(Role.USER, MEMBER, "movie", NEW, used=2)
    assert (full.outcome, full.left) == ("quota", 0)
    assert decide(Role.USER, MEMBER, "series", NEW, used=1).outcome == "quota"
    assert decide(Role.USER, AUTO, "movie", NEW, used=2).outcome == "quota"  # auto-approve has a quota too
    assert decide(Role.USER, Profile(quota=Quota(movies=0)), "movie", NEW, used=0).outcome == "quota"


def test_admins_add_directly_without_quota_and_auto_approve_skips_the_step() -> None:
    d = decide(Role.ADMIN, MEMBER, "movie", NEW, used=50)
    assert (d.outcome, d.left, d.limit) == ("add", None, None)
    assert decide(Role.USER, AUTO, "movie", NEW, used=0).outcome == "add"
    assert quota_left(Role.USER, Profile(quota=Quota(movies=None)), "movie", 999) is None  # unlimited


def test_merges_follow_and_duplicates() -> None:
    waiting = TitleState(open_ask="pending")
    assert decide(Role.USER, MEMBER, "movie", waiting, used=0).outcome == "join"
    assert decide(Role.USER, MEMBER, "movie", waiting, used=2).outcome == "quota"  # joining costs a request
    # an admin (or auto-approved member) adding a title that waits approves it for everyone
    assert decide(Role.ADMIN, MEMBER, "movie", waiting, used=0).outcome == "add"
    assert decide(Role.USER, AUTO, "movie", waiting, used=0).outcome == "add"
    # already being added or downloaded: follow it, free
    for state in (TitleState(open_ask="adding"), TitleState(in_library=True)):
        assert decide(Role.USER, MEMBER, "movie", state, used=2).outcome == "follow"
    assert decide(Role.USER, MEMBER, "movie", TitleState(in_library=True, has_file=True), used=0).outcome == (
        "available"
    )
    assert decide(
        Role.USER, MEMBER, "movie", TitleState(own_request=True, open_ask="pending"), used=0
    ).outcome == ("duplicate")


def test_only_admins_decide_and_strangers_never_request() -> None:
    assert may_decide(Role.ADMIN)
    assert not may_decide(Role.USER)
    assert not may_decide(Role.NONE)
    with pytest.raises(PermissionError):
        decide(Role.NONE, MEMBER, "movie", NEW, used=0)
