"""Who is who in the household: admins and members from the config (``telegram.admins``,
``telegram.allowed_users``, ``household.members``) and the members who joined with an invitation.

The config wins over an invitation (an admin listed in the config stays admin). A member's settings
are their ``household.members`` entry, else the ``household.defaults``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from myflix_bot.access import Role
from myflix_bot.household.settings import HouseholdSettings, Profile
from myflix_bot.i18n import LANGUAGES

if TYPE_CHECKING:
    from myflix_bot.household.invites import InvitedMember


class Directory:
    def __init__(
        self,
        *,
        admins: frozenset[int],
        users: frozenset[int],
        household: HouseholdSettings,
        invited: Callable[[int], InvitedMember | None],
        default_lang: str,
    ) -> None:
        self.household = household
        self._admins = admins | {m.id for m in household.members if m.role == "admin"}
        self._users = users | {m.id for m in household.members if m.role == "member"}
        self._invited = invited
        self.default_lang = default_lang

    def admins(self) -> frozenset[int]:
        return frozenset(self._admins)

    def role(self, user_id: int | None) -> Role:
        """The role this directory gives ``user_id`` (chat allowlists are the access gate's)."""
        if user_id is None:
            return Role.NONE
        if user_id in self._admins:
            return Role.ADMIN
        if user_id in self._users or self._invited(user_id) is not None:
            return Role.USER
        return Role.NONE

    def profile(self, user_id: int) -> Profile:
        entry = self.household.member(user_id)
        if entry is not None:
            return entry.profile
        if user_id in self._admins or user_id in self._users:  # the config's: no need to ask the store
            return self.household.defaults
        invited = self._invited(user_id)
        if invited is not None and self.household.defaults.language is None and invited.lang in LANGUAGES:
            return replace(self.household.defaults, language=invited.lang)
        return self.household.defaults

    def lang(self, user_id: int) -> str:
        """The language this person reads: their setting, else the bot's."""
        return self.profile(user_id).language or self.default_lang

    def name(self, user_id: int) -> str:
        entry = self.household.member(user_id)
        if entry is not None:
            return entry.name
        invited = self._invited(user_id)
        return invited.name if invited is not None else str(user_id)
