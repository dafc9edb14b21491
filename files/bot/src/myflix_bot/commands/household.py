"""The household from Telegram: ``/invite`` (admins), joining with a code (``/start CODE`` from a
stranger, the only thing a stranger can do), the Approuver / Refuser buttons of the admins'
messages and the refusal reason (the admin's next text).

Button data is ``ha:<ask id>:<nonce>`` (approve), ``hr:...`` (refuse: asks for a reason) and
``hn:...`` (refuse without a reason). The routes are admin-only: a member's or a stranger's press,
forged or replayed, changes nothing, and so does an admin's press on a decided ask.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from myflix_bot.access import Role
from myflix_bot.callbacks import Callback
from myflix_bot.commands.registry import CallbackRoute, Command, Registry, Request
from myflix_bot.render.view import View
from myflix_bot.runtime import Runtime
from myflix_bot.search.hooks import directory_of, feature_of

if TYPE_CHECKING:
    from myflix_bot.household.service import Asker, Household


def household_of(rt: Runtime) -> Household:
    return feature_of(rt).household


def _admin(req: Request) -> Asker | None:
    from myflix_bot.household.service import Asker  # noqa: PLC0415

    if req.user_id is None or req.chat_id is None:
        return None
    return Asker(req.user_id, req.chat_id, req.role, req.lang)


async def cmd_invite(rt: Runtime, req: Request) -> View | None:
    from myflix_bot.household import views  # noqa: PLC0415

    if req.user_id is None:
        return None
    house = household_of(rt)
    code, expires = house.invites.create(req.user_id, house.settings.invite_ttl)
    until = dt.datetime.fromtimestamp(expires, dt.UTC).strftime("%Y-%m-%d %H:%M")
    username = getattr(rt.outbox, "username", None)  # the Telegram outbox knows the bot's name
    link = f"https://t.me/{username}?start={code}" if username else None
    return views.invite(code, until, link, req.lang)


async def join(rt: Runtime, user_id: int, name: str, lang: str | None, code: str) -> View | None:
    """A stranger's ``/start CODE``: a welcome when the code was valid, else nothing at all."""
    from myflix_bot import i18n  # noqa: PLC0415
    from myflix_bot.render.text import esc  # noqa: PLC0415

    house = household_of(rt)
    if not house.invites.redeem(code, user_id, name, lang):
        return None
    return View(i18n.t(house.directory.lang(user_id), "house.welcome", name=esc(name)))


def _ask_ref(cb: Callback) -> tuple[int, str] | None:
    ask_id = cb.int_arg(0, default=-1, low=-1, high=10**7)
    nonce = cb.arg(1)
    if ask_id < 0 or len(nonce) != 8:
        return None
    return ask_id, nonce


async def cb_approve(rt: Runtime, req: Request, cb: Callback) -> View | None:
    admin, ref = _admin(req), _ask_ref(cb)
    if admin is None or ref is None:
        return None
    return await household_of(rt).approve(admin, *ref)


async def cb_refuse(rt: Runtime, req: Request, cb: Callback) -> View | None:
    admin, ref = _admin(req), _ask_ref(cb)
    if admin is None or ref is None:
        return None
    return household_of(rt).ask_reason(admin, *ref)


async def cb_refuse_now(rt: Runtime, req: Request, cb: Callback) -> View | None:
    admin, ref = _admin(req), _ask_ref(cb)
    if admin is not None and ref is not None:
        await household_of(rt).refuse(admin, *ref, None)
    return None


async def reason_reply(rt: Runtime, req: Request) -> bool:
    """An admin's text right after Refuser is the reason; True when it was taken as one."""
    if req.role < Role.ADMIN or req.user_id is None or not feature_of(rt).has_household:
        return False
    house = household_of(rt)
    prompt = house.prompt_of(req.user_id)
    admin = _admin(req)
    if prompt is None or admin is None:
        return False
    await house.refuse(admin, *prompt, req.args)
    return True


async def on_startup(rt: Runtime) -> None:
    """The access gate asks the household who the invited members are and what they read."""
    directory = directory_of(rt)
    rt.access.lookup = directory.role
    rt.access.language = lambda user_id: directory.profile(user_id).language


def register(registry: Registry) -> None:
    registry.add_command(Command("invite", "cmd.invite", cmd_invite, role=Role.ADMIN, order=57))
    registry.add_callback(CallbackRoute("ha", cb_approve, role=Role.ADMIN))
    registry.add_callback(CallbackRoute("hr", cb_refuse, role=Role.ADMIN))
    registry.add_callback(CallbackRoute("hn", cb_refuse_now, role=Role.ADMIN))
    registry.join_handler = join
    registry.on_startup(on_startup)
