"""Every decision about a household request, in one place and without I/O.

A press on Add becomes exactly one :class:`Decision`:

- ``duplicate``: the asker already waits for this title (and season): nothing new;
- ``available``: the file is already there: nothing to add, nothing to follow;
- ``follow``: the title is already being added or downloaded (in the library without its file, or
  approved for someone else): the asker joins its requesters and hears when it is ready, free;
- ``quota``: the asker's quota for that kind is used up: nothing is recorded;
- ``join``: a member's request of a title that already waits for an admin: merged into that ask;
- ``pending``: a member's new request: admins are asked to approve it;
- ``add``: an admin's or an ``auto_approve`` member's request: added now (when the title waited
  for an approval, this approves it for every requester).

Strangers never reach this module: the access gate stops them. ``may_decide`` is the one rule for
who approves or refuses: admins only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from myflix_bot.access import Role
from myflix_bot.household.settings import Profile

Outcome = Literal["duplicate", "available", "follow", "quota", "join", "pending", "add"]
AskStatus = Literal["pending", "adding", "approved", "refused"]


@dataclass(frozen=True, slots=True)
class TitleState:
    """What is known about the requested title when the asker presses Add."""

    own_request: bool = False  # the asker has a pending or open request of it
    in_library: bool = False  # Radarr/Sonarr already has it
    has_file: bool = False  # and its file (a series: every requested episode we know of)
    open_ask: AskStatus | None = None  # the household ask waiting for it ("pending" or "adding")


@dataclass(frozen=True, slots=True)
class Decision:
    outcome: Outcome
    left: int | None = None  # requests of that kind left in the quota window after this one
    limit: int | None = None  # the quota itself (None: unlimited)


def quota_left(role: Role, profile: Profile, kind: str, used: int) -> int | None:
    """Requests of ``kind`` the asker may still make in the window; None = unlimited."""
    limit = None if role >= Role.ADMIN else profile.quota.limit(kind)
    return None if limit is None else max(0, limit - used)


def may_add_directly(role: Role, profile: Profile) -> bool:
    return role >= Role.ADMIN or (role >= Role.USER and profile.auto_approve)


def may_decide(role: Role) -> bool:
    """Who approves or refuses a pending request."""
    return role >= Role.ADMIN


def decide(role: Role, profile: Profile, kind: str, title: TitleState, used: int) -> Decision:  # noqa: PLR0911
    """The one decision for a press on Add; ``used`` = the asker's counted requests of ``kind`` in
    the quota window (see ``RequestStore.counted_since``)."""
    limit = None if role >= Role.ADMIN else profile.quota.limit(kind)
    if role < Role.USER:
        raise PermissionError("strangers never request")
    if title.own_request:
        return Decision("duplicate", quota_left(role, profile, kind, used), limit)
    if title.has_file:
        return Decision("available", quota_left(role, profile, kind, used), limit)
    if title.open_ask == "adding" or (title.in_library and title.open_ask is None):
        return Decision("follow", quota_left(role, profile, kind, used), limit)
    left = quota_left(role, profile, kind, used)
    if left is not None and left <= 0:
        return Decision("quota", 0, limit)
    after = None if left is None else left - 1
    if may_add_directly(role, profile):
        return Decision("add", after, limit)
    if title.open_ask == "pending":
        return Decision("join", after, limit)
    return Decision("pending", after, limit)
