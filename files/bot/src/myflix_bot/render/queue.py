"""/queue: active torrents with name, progress bar, percent, ETA, speed and state."""

from __future__ import annotations

import time

from myflix_bot import i18n
from myflix_bot.callbacks import encode
from myflix_bot.coordinator import Snapshot
from myflix_bot.models import QueueData, Torrent
from myflix_bot.render.common import clamp_page, health_note, page_count, pager_row
from myflix_bot.render.text import LINE_WIDTH, bar, esc, sanitize, trim
from myflix_bot.render.view import Button, View

NAME_WIDTH = LINE_WIDTH
BAR_WIDTH = 12

STATE_KEYS = {
    "downloading": "downloading",
    "forcedDL": "downloading",
    "stalledDL": "stalled",
    "queuedDL": "queued",
    "pausedDL": "paused",
    "stoppedDL": "paused",
    "checkingDL": "checking",
    "checkingResumeData": "checking",
    "allocating": "checking",
    "metaDL": "metadata",
    "forcedMetaDL": "metadata",
    "moving": "moving",
    "error": "error",
    "missingFiles": "error",
    "uploading": "seeding",
    "stalledUP": "seeding",
    "forcedUP": "seeding",
    "queuedUP": "seeding",
}


def clock_time(stamp: float | None) -> str:
    """``HH:MM`` of a wall-clock time in the host's time zone (the Pi's local time)."""
    return time.strftime("%H:%M", time.localtime(stamp)) if stamp is not None else "?"


def state_text(state: str, lang: str) -> str:
    key = STATE_KEYS.get(state)
    if key is None:
        return i18n.t(lang, "queue.state.other", state=esc(trim(sanitize(state), 16)))
    return i18n.t(lang, f"queue.state.{key}")


def torrent_block(t: Torrent, lang: str) -> str:
    name = esc(trim(sanitize(t.name), NAME_WIDTH))
    pct = i18n.percent(t.progress, lang)
    eta = i18n.duration(t.eta, lang) if t.eta is not None else i18n.t(lang, "queue.eta_unknown")
    line = f"▕{bar(t.progress, BAR_WIDTH)}▏ {pct:>5} · {eta}"
    tail = f"{i18n.speed(t.dlspeed, lang)} · {state_text(t.state, lang)}"
    return f"{name}\n{line}\n  {tail}"


def render_queue(
    snapshot: Snapshot, lang: str, now: float, *, page: int = 0, page_size: int = 8, live: bool = False
) -> View:
    data: QueueData | None = snapshot.data
    torrents = data.torrents if data is not None else ()
    total = len(torrents)
    out = [i18n.t(lang, "queue.title", count=total)]
    if data is not None:
        speeds = i18n.t(
            lang,
            "queue.speed",
            down=i18n.speed(data.download_speed, lang),
            up=i18n.speed(data.upload_speed, lang),
        )
        if live:
            mark = i18n.t(lang, "queue.live")
        else:  # a message that no longer follows says how old it is
            mark = i18n.t(lang, "queue.updated_at", time=clock_time(snapshot.updated_at))
        out.append(f"{speeds} · {mark}" if snapshot.updated_at is not None or live else speeds)
    page = clamp_page(page, total, page_size)
    pages = page_count(total, page_size)
    if torrents:
        shown = torrents[page * page_size : (page + 1) * page_size]
        out.append("<pre>" + "\n\n".join(torrent_block(t, lang) for t in shown) + "</pre>")
    elif data is not None:
        out.append(i18n.t(lang, "queue.empty"))
    note = health_note(snapshot, lang, now)
    if note:
        out.append(note)
    nav = pager_row(lang, page, pages, lambda p: encode("q", p))
    bottom = (
        Button(i18n.t(lang, "nav.refresh"), encode("q", page)),
        Button(i18n.t(lang, "nav.menu"), encode("m")),
    )
    return View("\n".join(out), tuple(row for row in (nav, bottom) if row))
