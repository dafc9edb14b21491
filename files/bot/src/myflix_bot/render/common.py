"""Pieces shared by the renderers: source health notes and page arithmetic."""

from __future__ import annotations

from collections.abc import Callable

from myflix_bot import i18n
from myflix_bot.callbacks import encode
from myflix_bot.coordinator import Health, Snapshot
from myflix_bot.render.text import esc
from myflix_bot.render.view import Button

SOURCE_LABELS = {
    "radarr": "Radarr",
    "sonarr": "Sonarr",
    "prowlarr": "Prowlarr",
    "qbittorrent": "qBittorrent",
    "jellyfin": "Jellyfin",
    "plex": "Plex",
    "gluetun": "Gluetun",
    "system": "Système",
    "containers": "Docker",
}


def label(source: str, lang: str) -> str:
    if source == "system" and lang == "en":
        return "System"
    return SOURCE_LABELS.get(source, source)


def health_note(snapshot: Snapshot, lang: str, now: float) -> str | None:
    """One escaped line about a source that is not fresh (down, loading, stale with its age), or None."""
    health = snapshot.health(now)
    name = esc(label(snapshot.source, lang))
    if health is Health.OK:
        return None
    if health is Health.PENDING:
        return i18n.t(lang, "source.pending", source=name)
    if health is Health.DOWN:
        return i18n.t(lang, "source.down", source=name)
    age = i18n.duration(snapshot.age(now), lang)
    if snapshot.error:
        return i18n.t(lang, "source.stale", age=age, source=name)
    return "🕰 " + i18n.t(lang, "source.age", age=age)


def page_count(total: int, page_size: int) -> int:
    return max(1, -(-total // page_size))


def clamp_page(page: int, total: int, page_size: int) -> int:
    return min(max(page, 0), page_count(total, page_size) - 1)


def pager_row(lang: str, page: int, pages: int, data_for: Callable[[int], str]) -> tuple[Button, ...]:
    """◀️ previous · page/pages · next ▶️, only the buttons that make sense (empty for one page)."""
    row: list[Button] = []
    if page > 0:
        row.append(Button(i18n.t(lang, "nav.prev"), data_for(page - 1)))
    if pages > 1:
        row.append(Button(i18n.t(lang, "nav.page", page=page + 1, pages=pages), encode("x")))
    if page + 1 < pages:
        row.append(Button(i18n.t(lang, "nav.next"), data_for(page + 1)))
    return tuple(row)
