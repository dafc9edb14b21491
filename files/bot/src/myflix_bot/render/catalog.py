"""/films and /series: a page of the downloaded catalog in an aligned monospace block."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from myflix_bot import i18n
from myflix_bot.callbacks import encode
from myflix_bot.catalog_index import SORT_RECENT, SORT_TITLE
from myflix_bot.coordinator import Snapshot
from myflix_bot.models import Movie, Series
from myflix_bot.render.common import clamp_page, health_note, page_count, pager_row
from myflix_bot.render.text import LINE_WIDTH, esc, pad, sanitize, trim
from myflix_bot.render.view import Button, View

MOVIE_TITLE_WIDTH = LINE_WIDTH - 5  # "title year"
SERIES_TITLE_WIDTH = LINE_WIDTH - 7  # "title  done/total"
QUERY_WIDTH = 40


@dataclass(frozen=True, slots=True)
class CatalogPage:
    """What to show: which catalog, which page, which order, and the filter (with its short id)."""

    kind: str  # "films" or "series"
    page: int = 0
    sort: str = SORT_RECENT
    query: str | None = None
    query_id: str = ""


def movie_row(movie: Movie) -> str:
    year = str(movie.year) if movie.year else ""
    title = trim(sanitize(movie.title), MOVIE_TITLE_WIDTH)
    return f"{pad(title, MOVIE_TITLE_WIDTH)} {year:>4}".rstrip()


def series_row(series: Series) -> str:
    seasons = f"{series.seasons_complete}/{series.seasons_total}"
    title = trim(sanitize(series.title), SERIES_TITLE_WIDTH)
    return f"{pad(title, SERIES_TITLE_WIDTH)} {seasons:>6}"


def render_catalog(
    request: CatalogPage,
    items: Sequence[Movie] | Sequence[Series] | None,
    snapshot: Snapshot,
    *,
    lang: str,
    now: float,
    page_size: int,
    more: bool = False,
) -> View:
    """``items`` is the ordered (or filtered) list; None when the source never answered. ``more``:
    the filter found more than ``items`` holds (the count is shown as "100+", never as the total)."""
    films = request.kind == "films"
    view_code = "f" if films else "s"
    lines: list[str] = []
    total = len(items) if items is not None else 0
    count = f"{total:,}".replace(",", " ") + ("+" if more else "")
    lines.append(i18n.t(lang, "films.title" if films else "series.title", total=count))
    subtitle = []
    if request.query is not None:
        subtitle.append(i18n.t(lang, "catalog.filter", query=esc(trim(sanitize(request.query), QUERY_WIDTH))))
    else:
        order = "title" if request.sort == SORT_TITLE else "recent"
        subtitle.append(i18n.t(lang, f"catalog.sorted_{order}.{request.kind}"))
    if not films:
        subtitle.append(i18n.t(lang, "catalog.seasons_legend"))
    page = clamp_page(request.page, total, page_size)
    pages = page_count(total, page_size)
    if total:
        subtitle.append(i18n.t(lang, "nav.page", page=page + 1, pages=pages))
    lines.append("<i>" + " · ".join(subtitle) + "</i>")

    note = health_note(snapshot, lang, now)
    if items is not None and total:
        shown = items[page * page_size : (page + 1) * page_size]
        rows = [movie_row(i) if films else series_row(i) for i in shown]  # type: ignore[arg-type]
        lines.append("<pre>" + "\n".join(esc(r) for r in rows) + "</pre>")
    elif items is not None:
        if request.query is not None:
            lines.append(
                i18n.t(lang, "catalog.no_match", query=esc(trim(sanitize(request.query), QUERY_WIDTH)))
            )
        else:
            lines.append(i18n.t(lang, "catalog.empty"))
    if note:
        lines.append(note)

    qid = request.query_id if request.query is not None else ""
    nav = pager_row(lang, page, pages, lambda p: encode(view_code, p, request.sort, qid))
    bottom: list[Button] = []
    if request.query is None:
        other = SORT_RECENT if request.sort == SORT_TITLE else SORT_TITLE
        bottom.append(
            Button(
                i18n.t(lang, "nav.sort_recent" if other == SORT_RECENT else "nav.sort_title"),
                encode(view_code, 0, other, ""),
            )
        )
    bottom.append(Button(i18n.t(lang, "nav.menu"), encode("m")))
    keyboard = tuple(row for row in (nav, tuple(bottom)) if row)
    return View("\n".join(lines), keyboard)
