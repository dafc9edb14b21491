"""Pure renderers of the household feature: the admins' approval message, the answers to a request,
the requesters' notices and /demandes. No I/O."""

from __future__ import annotations

from collections.abc import Sequence

from myflix_bot import i18n
from myflix_bot.callbacks import encode
from myflix_bot.household.asks import Ask
from myflix_bot.household.policy import Decision
from myflix_bot.household.settings import Quota
from myflix_bot.render.text import esc, trim
from myflix_bot.render.view import Button, View
from myflix_bot.search.store import Request

APPROVE, REFUSE, REFUSE_NOW = "ha", "hr", "hn"  # callback views: ha:<ask id>:<nonce>


def _year(year: int | None) -> str:
    return esc(f" ({year})") if year else ""


def _title(title: str) -> str:
    return esc(trim(title, 120))


def ask_card(ask: Ask, lang: str) -> str:
    icon = "🎬" if ask.kind == "movie" else "📺"
    meta = i18n.t(
        lang, "search.meta.movie" if ask.kind == "movie" else "search.meta.series", id=ask.ext_id, seasons=""
    )
    season = i18n.t(lang, "house.season", season=ask.season) if ask.season else ""
    return i18n.t(
        lang,
        "house.ask.card",
        icon=icon,
        title=_title(ask.title),
        year=_year(ask.year),
        season=season,
        meta=esc(meta),
    )


def ask_message(ask: Ask, requesters: Sequence[str], lang: str, decided: str = "", note: str = "") -> View:
    """The message each admin gets: who asked, the card, Approuver / Refuser (none once decided;
    ``note`` is shown above the buttons, e.g. a failed add)."""
    who = esc(", ".join(trim(r, 32) for r in requesters) or "?")
    text = i18n.t(lang, "house.ask", who=who, card=ask_card(ask, lang))
    if decided:
        return View(f"{text}\n\n{decided}")
    if note:
        text = f"{text}\n\n{note}"
    row = (
        Button(i18n.t(lang, "house.approve"), encode(APPROVE, ask.id, ask.nonce)),
        Button(i18n.t(lang, "house.refuse"), encode(REFUSE, ask.id, ask.nonce)),
    )
    return View(text, (row,))


def refuse_prompt(ask: Ask, lang: str) -> View:
    text = i18n.t(lang, "house.refuse.prompt", title=_title(ask.title))
    return View(
        text, ((Button(i18n.t(lang, "house.refuse.no_reason"), encode(REFUSE_NOW, ask.id, ask.nonce)),),)
    )


def decided_line(status: str, who: str, lang: str, reason: str | None = None) -> str:
    line = i18n.t(lang, f"house.decided.{status}", who=esc(trim(who, 32)))
    if reason:
        line += "\n" + i18n.t(lang, "house.notice.reason", reason=esc(trim(reason, 300)))
    return line


def quota_line(decision: Decision, kind: str, quota: Quota, lang: str) -> str:
    if decision.limit is None or decision.left is None:
        return ""
    what = i18n.t(lang, f"house.what.{kind}")
    days = f"{quota.days:g}"
    if decision.outcome == "quota":
        return i18n.t(lang, "house.quota", limit=decision.limit, what=what, days=days)
    return i18n.t(lang, "house.left", left=decision.left, what=what, limit=decision.limit, days=days)


def answer(decision: Decision, *, kind: str, title: str, year: int | None, quota: Quota, lang: str) -> View:
    """What the requester reads after pressing Add (the ``add`` outcome is answered by the search
    card's own "Ajouté" text)."""
    quota_text = quota_line(decision, kind, quota, lang)
    if decision.outcome == "quota":
        return View(quota_text)
    key = {
        "pending": "house.sent",
        "join": "house.joined",
        "follow": "house.follow",
        "duplicate": "house.duplicate",
        "available": "house.available",
    }[decision.outcome]
    text = i18n.t(lang, key, title=_title(title), year=_year(year))
    counted = decision.outcome in ("pending", "join")
    return View(f"{text}\n{quota_text}" if counted and quota_text else text)


def notice(req: Request, status: str, lang: str, reason: str | None = None) -> View:
    """The requester's notice that an admin approved or refused their request."""
    text = i18n.t(lang, f"house.notice.{status}", title=_title(req.title), year=_year(req.year))
    if reason:
        text += "\n" + i18n.t(lang, "house.notice.reason", reason=esc(trim(reason, 300)))
    return View(text)


def pending_list(asks: Sequence[tuple[Ask, Sequence[str]]], lang: str) -> View:
    """For admins under /demandes: every ask waiting, with its buttons."""
    if not asks:
        return View("")
    lines = [i18n.t(lang, "house.pending.title"), ""]
    rows = []
    for ask, names in asks[:10]:
        season = f" S{ask.season:02d}" if ask.season else ""
        label = f"{'🎬' if ask.kind == 'movie' else '📺'} {trim(ask.title, 28)}{season}"
        lines.append(f"{esc(label)} — {esc(', '.join(names))}")
        rows.append(
            (
                Button(f"✅ {trim(ask.title, 20)}", encode(APPROVE, ask.id, ask.nonce)),
                Button(f"❌ {trim(ask.title, 20)}", encode(REFUSE, ask.id, ask.nonce)),
            )
        )
    return View("\n".join(lines), tuple(rows))


def invite(code: str, until: str, link: str | None, lang: str) -> View:
    return View(i18n.t(lang, "house.invite", code=esc(code), until=esc(until), link=esc(link or "")).rstrip())


def add_failed(ask: Ask, requesters: Sequence[str], lang: str) -> View:
    """For the approving admin: the add failed, the ask waits again (its buttons still work)."""
    return ask_message(ask, requesters, lang, note=i18n.t(lang, "house.add_failed", title=_title(ask.title)))
