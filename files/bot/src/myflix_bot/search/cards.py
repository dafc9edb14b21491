"""Pure renderers of the search feature: the confirmation card, the choice list, "my requests"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from myflix_bot import i18n
from myflix_bot.callbacks import encode
from myflix_bot.models import Series
from myflix_bot.render.text import esc, trim
from myflix_bot.render.view import Button, View
from myflix_bot.search.candidates import Candidate

if TYPE_CHECKING:
    from myflix_bot.search.store import Request

CAPTION_MAX = 1024  # Telegram's photo caption limit
OVERVIEW_MAX = 600


def _year(c: Candidate | Request) -> str:
    return f" ({c.year})" if c.year else ""


def library_state(c: Candidate, lang: str, cached: Series | None = None) -> str:
    """Downloaded state of a title in the library (the cached catalog's season counts when known)."""
    if c.kind == "movie":
        return i18n.t(lang, "search.state.downloaded" if c.has_file else "search.state.waiting")
    have = cached.episodes_have if cached else c.episodes_have
    total = cached.episodes_total if cached else c.episodes_total
    if have > 0:
        return i18n.t(lang, "search.state.episodes", have=have, total=max(have, total))
    return i18n.t(lang, "search.state.waiting")


def card(
    c: Candidate,
    token: str,
    lang: str,
    season: int | None = None,
    others: bool = True,
    *,
    follow: bool = False,
) -> View:
    """The confirmation card: title, year, kind and id, overview; Add (or, for a title already on
    its way for someone else, "tell me when it is ready") and Other results buttons."""
    icon = "🎬" if c.kind == "movie" else "📺"
    if c.kind == "movie":
        meta = i18n.t(lang, "search.meta.movie", id=c.id)
    else:
        seasons = i18n.t(lang, "search.meta.seasons", count=len(c.seasons)) if c.seasons else ""
        meta = i18n.t(lang, "search.meta.series", id=c.id, seasons=seasons)
        if season:
            meta += i18n.t(lang, "search.meta.season", season=season)
    text = i18n.t(
        lang,
        "search.card",
        icon=icon,
        title=esc(trim(c.title, 120)),
        year=esc(_year(c)),
        meta=esc(meta),
        overview=esc(trim(c.overview, OVERVIEW_MAX)),
    )
    add_label = i18n.t(lang, "search.add_season", season=season) if season else i18n.t(lang, "search.add")
    if follow:
        add_label = i18n.t(lang, "search.follow")
    row = [Button(add_label, encode("sa", token))]
    if others:
        row.append(Button(i18n.t(lang, "search.others"), encode("so", token)))
    return View(text, (tuple(row),))


def choice_key(c: Candidate) -> str:
    """The candidate's own id in a button: ``m841`` (TMDB movie), ``s121361`` (TVDB series)."""
    return f"{'m' if c.kind == 'movie' else 's'}{c.id}"


def working(lang: str) -> View:
    """The card's only button while the add runs: it does nothing when pressed."""
    return View("", ((Button(i18n.t(lang, "search.working"), encode("x")),),))


def retry(token: str, lang: str, *, others: bool = False) -> View:
    """After a failed add: try again (the same card, the same id), and the other results if any."""
    row = [Button(i18n.t(lang, "search.retry"), encode("sa", token))]
    if others:
        row.append(Button(i18n.t(lang, "search.others"), encode("so", token)))
    return View("", (tuple(row),))


def choices(query: str, candidates: Sequence[Candidate], token: str, lang: str) -> View:
    """A short choice list: one button per candidate (title, year, kind), keyed by its own id."""
    rows = []
    seen: set[str] = set()
    for c in candidates:
        key = choice_key(c)
        if key in seen:
            continue
        seen.add(key)
        icon = "🎬" if c.kind == "movie" else "📺"
        rows.append((Button(f"{icon} {trim(c.title, 40)}{_year(c)}", encode("sc", token, key)),))
        if len(rows) == 8:
            break
    return View(i18n.t(lang, "search.choose", query=esc(trim(query, 80))), tuple(rows))


def in_library(c: Candidate, lang: str, cached: Series | None = None) -> View:
    return View(
        i18n.t(
            lang,
            "search.in_library",
            title=esc(trim(c.title, 120)),
            year=esc(_year(c)),
            state=library_state(c, lang, cached),
        )
    )


def requests_view(items: Sequence[Request], lang: str) -> View:
    if not items:
        return View(f"{i18n.t(lang, 'requests.title')}\n\n{i18n.t(lang, 'requests.empty')}")
    lines = [i18n.t(lang, "requests.title"), ""]
    for r in items:
        icon = "🎬" if r.kind == "movie" else "📺"
        season = f" S{r.season:02d}" if r.season else ""
        state = i18n.t(lang, f"requests.state.{r.state}", progress=r.progress)
        lines.append(f"{icon} {esc(trim(r.title, 48))}{esc(_year(r))}{season} — {state}")
    return View("\n".join(lines))
