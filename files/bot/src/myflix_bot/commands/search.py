"""Search from Telegram: free text (or ``/search TEXT``) → a confirmation card with the poster, or a
short choice list; Add on the card adds exactly that id, tagged with the requester.

Callback routes: ``sa:<token>`` Add (and Retry), ``so:<token>`` Other results, ``sc:<token>:<key>`` a
choice, keyed by the candidate's own id (``m841`` = TMDB movie 841, ``s121361`` = TVDB series), never
by a position in a list, so every button opens the title on its label.
The card is a photo message (``sendPhoto`` with the poster URL; plain text when there is no poster
or Telegram refuses it), so buttons answer with new messages instead of editing the card's text.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from myflix_bot import i18n
from myflix_bot.access import Role
from myflix_bot.callbacks import Callback
from myflix_bot.catalog_index import CatalogIndex
from myflix_bot.commands.registry import CallbackRoute, Command, Registry, Request
from myflix_bot.commands.requests import requests_view
from myflix_bot.commands.views import menu_view, queue_view, status_view
from myflix_bot.models import Series
from myflix_bot.outbox import Outbox
from myflix_bot.render.text import esc, trim
from myflix_bot.render.view import View
from myflix_bot.runtime import Runtime
from myflix_bot.search import cards
from myflix_bot.search import messages as _messages  # noqa: F401 - command texts for /help
from myflix_bot.search.candidates import Candidate
from myflix_bot.search.hooks import feature_of, on_shutdown, on_startup
from myflix_bot.search.pending import Pending

if TYPE_CHECKING:
    from myflix_bot.search.feature import SearchFeature

log = logging.getLogger(__name__)
MAX_TEXT = 300


def _outbox(rt: Runtime) -> Outbox:
    if rt.outbox is None:  # a button was pressed, so Telegram was reached: never None here
        raise ConnectionError("Telegram is not connected")
    return rt.outbox


def _cached_series(rt: Runtime, c: Candidate) -> Series | None:
    """The library entry from the RAM cache (season counts), matched by its Sonarr id."""
    if c.kind != "series" or c.library_id is None or not rt.coordinator.has("sonarr"):
        return None
    index: CatalogIndex[Series] | None = rt.coordinator.get("sonarr").data
    if index is None:
        return None
    for item in index.search(c.title, limit=10, cutoff=80):
        if item.id == c.library_id:
            return item
    return None


async def show_candidate(
    rt: Runtime, req: Request, c: Candidate, pending: Pending, *, others: bool
) -> View | None:
    """The card for ``c`` (sent as a photo), or the "already in the library" answer."""
    feature = feature_of(rt)
    follow = c.library_id is not None
    if follow and (c.has_file or not feature.store.open_for(c.kind, c.library_id or 0)):
        # in the library: nothing to ask, unless others wait for it (then: hear when it is ready)
        return cards.in_library(c, req.lang, _cached_series(rt, c))
    others_of_c = tuple(x for x in pending.candidates if x.key != c.key)
    token = feature.remember(
        Pending(pending.user_id, pending.chat_id, pending.query, pending.season, (c, *others_of_c))
    )
    season = pending.season if c.kind == "series" else None
    view = cards.card(c, token, req.lang, season, others=others, follow=follow)
    assert req.chat_id is not None
    # a photo card (the poster) or a text card when there is no poster: a new message either way
    card = View(view.text, view.keyboard, photo=c.poster or None)
    feature.card_of[token] = await _outbox(rt).send(req.chat_id, card)
    return None


async def search_text(rt: Runtime, req: Request) -> View | None:
    """Free text: an admin's refusal reason right after Refuser, else a search."""
    if req.role >= Role.ADMIN and req.args.strip() and await _refusal_reason(rt, req):
        return None
    return await _search(rt, req)


async def _search(rt: Runtime, req: Request) -> View | None:
    """Understand, look up, rank, decide; answer with a card, a choice list or a miss."""
    text = req.args.strip()[:MAX_TEXT]
    if not text or req.user_id is None or req.chat_id is None:
        return menu_view(rt, req)
    feature = feature_of(rt)
    if not any(feature.clients.values()):
        return View(i18n.t(req.lang, "search.unavailable"))
    res = await feature.resolver.resolve(text)
    if res.query.intent in ("catalog", "status", "queue", "requests"):
        return await _intent_view(rt, req, res.query.intent, res.query.kind)
    d = res.decision
    if d.best is None:
        return _miss(req, text, res.errors)
    ranked = [d.best.candidate, *(s.candidate for s in d.alternatives)]
    pending = Pending(req.user_id, req.chat_id, text, res.query.season, tuple(ranked))
    if d.verdict == "confident":
        return await show_candidate(rt, req, ranked[0], pending, others=len(ranked) > 1)
    token = feature.remember(pending)
    return cards.choices(text, ranked, token, req.lang)


async def _refusal_reason(rt: Runtime, req: Request) -> bool:
    from myflix_bot.commands.household import reason_reply  # noqa: PLC0415 - lazy with the feature

    return await reason_reply(rt, req)


def _miss(req: Request, text: str, errors: tuple[str, ...]) -> View:
    if errors:
        apps = ", ".join(sorted({e.split(":")[0] for e in errors}))
        return View(i18n.t(req.lang, "search.down", apps=esc(apps)))
    return View(i18n.t(req.lang, "search.not_found", query=esc(trim(text, 80))))


async def _intent_view(rt: Runtime, req: Request, intent: str, kind: str | None) -> View | None:
    """Gemini read a request for a view, not a title: show that view."""
    if intent == "status":
        return status_view(rt, req)
    if intent == "queue":
        return queue_view(rt, req.lang)
    if intent == "requests":
        return requests_view(rt, req)
    command = rt.registry.command("series" if kind == "series" else "films")
    return await command.handler(rt, req.__class__(**{**_fields(req), "args": ""})) if command else None


def _fields(req: Request) -> dict[str, Any]:
    return {name: getattr(req, name) for name in req.__slots__}


async def cmd_search(rt: Runtime, req: Request) -> View | None:
    if not req.args.strip():
        return View(i18n.t(req.lang, "search.prompt"))
    return await search_text(rt, req)


def _owned(req: Request, pending: Pending | None) -> bool:
    return pending is not None and (pending.user_id == req.user_id or req.role >= Role.ADMIN)


async def _answer(rt: Runtime, req: Request, view: View) -> None:
    """A new message below the card (a button's answer must not replace the card)."""
    assert req.chat_id is not None
    await _outbox(rt).send(req.chat_id, view)


async def _set_buttons(rt: Runtime, req: Request, message_id: int | None, view: View | None) -> None:
    """Replace a message's buttons (a photo card or a text message) in place; None removes them."""
    if message_id is None or req.chat_id is None:
        return
    await _outbox(rt).set_buttons(req.chat_id, message_id, view)


async def cb_add(rt: Runtime, req: Request, cb: Callback) -> View | None:
    """Add the card's title. While it works the card shows "⏳ J'ajoute…" (one press, one add: a
    second tap meanwhile, or on a title already requested, does nothing); after a failure the card
    and the error offer "Réessayer"; a season request's confirmation names the season."""
    feature = feature_of(rt)
    token = cb.arg(0)
    pending = feature.pending(token)
    if not _owned(req, pending) or req.user_id is None or req.chat_id is None:
        return None
    assert pending is not None
    c = pending.candidates[0]
    season = pending.season if c.kind == "series" else None
    busy = (req.user_id, c.kind, c.id, season)
    if busy in feature.adding:
        return None
    feature.adding.add(busy)
    card_id = feature.card_of.get(token, req.message_id)
    if req.message_id != card_id:  # "Réessayer" on the error message: that message's button goes
        await _set_buttons(rt, req, req.message_id, None)
    household = feature.household
    try:
        await _set_buttons(rt, req, card_id, cards.working(req.lang))
        submitted = await household.submit(_asker(req, req.user_id, req.chat_id), c, season)
    finally:
        feature.adding.discard(busy)
    result = submitted.result
    if result is None:  # not added by this press: waiting for an admin, merged, over quota...
        await _set_buttons(rt, req, card_id, None)
        if submitted.view is not None:
            await _answer(rt, req, submitted.view)
        return None
    title, year = esc(trim(c.title, 120)), esc(f" ({c.year})" if c.year else "")
    if result.outcome == "failed":
        log.warning("add failed: %s", result.detail)
        app = "Radarr" if c.kind == "movie" else "Sonarr"
        retry = cards.retry(token, req.lang, others=len(pending.candidates) > 1)
        await _set_buttons(rt, req, card_id, retry)
        text = i18n.t(req.lang, "search.add_failed", title=title, app=app)
        await _answer(rt, req, View(text, cards.retry(token, req.lang).keyboard))
        return None
    await _set_buttons(rt, req, card_id, None)
    if result.outcome == "exists":
        state = cards.library_state(c, req.lang, _cached_series(rt, c))
        await _answer(rt, req, View(i18n.t(req.lang, "search.exists", title=title, year=year, state=state)))
        return None
    key = "search.added_season" if season else "search.added"
    text = i18n.t(req.lang, key, title=title, year=year, season=season)
    quota = _quota_line(feature, req.user_id, c.kind, submitted.decision, req.lang)
    await _answer(rt, req, View(f"{text}\n{quota}" if quota else text))
    return None


def _asker(req: Request, user_id: int, chat_id: int) -> Any:
    from myflix_bot.household.service import Asker  # noqa: PLC0415 - lazy with the feature

    return Asker(user_id, chat_id, req.role, req.lang)


def _quota_line(feature: SearchFeature, user_id: int, kind: str, decision: Any, lang: str) -> str:
    from myflix_bot.household.views import quota_line  # noqa: PLC0415

    return quota_line(decision, kind, feature.directory.profile(user_id).quota, lang)


async def cb_others(rt: Runtime, req: Request, cb: Callback) -> View | None:
    feature = feature_of(rt)
    pending = feature.pending(cb.arg(0))
    if not _owned(req, pending):
        return None
    assert pending is not None
    token = feature.remember(pending)
    await _answer(
        rt,
        req,
        cards.choices(pending.query, pending.candidates[1:] or pending.candidates, token, req.lang),
    )
    return None


async def cb_choice(rt: Runtime, req: Request, cb: Callback) -> View | None:
    feature = feature_of(rt)
    pending = feature.pending(cb.arg(0))
    wanted = cb.arg(1)
    if not _owned(req, pending) or pending is None:
        return None
    chosen = next((c for c in pending.candidates if cards.choice_key(c) == wanted), None)
    if chosen is None:
        return None
    rest = tuple(c for c in pending.candidates if c.key != chosen.key)
    view = await show_candidate(
        rt,
        req,
        chosen,
        Pending(pending.user_id, pending.chat_id, pending.query, pending.season, rest),
        others=False,
    )
    if view is not None:
        await _answer(rt, req, view)
    return None


def register(registry: Registry[Runtime]) -> None:
    registry.add_command(Command("search", "cmd.search", cmd_search, usage_key="usage.search", order=55))
    registry.set_text_handler(search_text)
    registry.add_callback(CallbackRoute("sa", cb_add))
    registry.add_callback(CallbackRoute("so", cb_others))
    registry.add_callback(CallbackRoute("sc", cb_choice))
    registry.on_startup(on_startup)
    registry.on_shutdown(on_shutdown)
