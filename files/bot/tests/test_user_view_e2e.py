"""The bot as its users see it (issue 18), end to end: the real bot polls the fake Bot API, the
*arr fakes serve the library. Filters in every script, a relevance cut, the small things a user
notices."""

from __future__ import annotations

import contextlib
import re

from aiohttp import web
from myflix_bot.coordinator import RETRY_BASE, RETRY_CAP
from myflix_testkit.fakes.catalog import CatalogItem, Season
from myflix_testkit.fakes.gluetun import GluetunFake
from myflix_testkit.fakes.server import FakeServer
from myflix_testkit.fakes.telegram import TgUser
from myflix_testkit.waiting import async_wait_until

from .conftest import ADMIN, USER
from .harness import bot_config, frozen_clock, keyboard, running_bot

NON_LATIN_FILMS = [
    ("千と千尋の神隠し", 2001),
    ("기생충", 2019),
    ("ฉลาดเกมส์โกง", 2017),
    ("الرسالة", 1976),
    ("君の名は。", 2016),
    ("Léon: The Professional", 1994),
]
FILMS_2021 = ["The Green Knight", "Nomadland", "Titane", "Encanto", "Spencer", "Belfast", "Pig"]


def add_films(fake_radarr, titles: list[tuple[str, int]], first_id: int = 9_000_000) -> None:
    """Put downloaded movies in the Radarr fake's library."""
    state = fake_radarr.state
    for n, (title, year) in enumerate(titles):
        item = state.catalog.add(CatalogItem(type="movie", title=title, year=year, tmdbId=first_id + n))
        state.add_movie(item.tmdbId, has_file=True)


def add_series(fake_sonarr, titles: list[tuple[str, int]], first_id: int = 8_000_000) -> None:
    state = fake_sonarr.state
    for n, (title, year) in enumerate(titles):
        item = state.catalog.add(
            CatalogItem(type="series", title=title, year=year, tvdbId=first_id + n, seasons=[Season(1, 25)])
        )
        state.add_series(item.tvdbId, episode_files={1: 25})


def rows(text: str) -> list[str]:
    """The lines of the monospace block of a catalog page."""
    found = re.search(r"<pre>(.*)</pre>", text, re.S)
    return found.group(1).split("\n") if found else []


async def test_filters_find_titles_of_every_script(fake_telegram, fake_radarr, fake_sonarr) -> None:
    add_films(fake_radarr, NON_LATIN_FILMS)
    add_series(fake_sonarr, [("進撃の巨人", 2013)])
    config = bot_config(fake_telegram, radarr=fake_radarr, sonarr=fake_sonarr)
    async with running_bot(config, fake_telegram) as bot:
        for title, year in NON_LATIN_FILMS:
            call = await bot.send("films", title)
            assert call.params["text"].startswith("🎬 <b>Films</b> (1)\n"), (title, call.params["text"])
            assert rows(call.params["text"])[0].startswith(title.split(":")[0])
            assert rows(call.params["text"])[0].endswith(str(year))
        # a part of a title written without spaces finds it (character n-grams)
        call = await bot.send("films", "千尋")
        assert [r.split()[0] for r in rows(call.params["text"])] == ["千と千尋の神隠し"]
        call = await bot.send("films", "LEON")  # Latin: case and accents still folded
        assert rows(call.params["text"])[0].startswith("Léon: The Professional")
        call = await bot.send("series", "進撃の巨人")
        assert call.params["text"].startswith("📺 <b>Séries</b> (1)\n")
        assert rows(call.params["text"])[0].startswith("進撃の巨人")


async def test_filter_relevance_year_and_capped_count(fake_telegram, fake_radarr) -> None:
    add_films(fake_radarr, [(t, 2021) for t in FILMS_2021] + [("Dune", 1984), ("Dune: Part Two", 2024)])
    add_films(fake_radarr, [(f"Movie Night {n}", 2000 + n % 20) for n in range(105)], first_id=9_100_000)
    config = bot_config(fake_telegram, radarr=fake_radarr)
    async with running_bot(config, fake_telegram) as bot:
        call = await bot.send("films", "DUNE 2021")  # the year is a filter, not a word
        assert call.params["text"] == (
            "🎬 <b>Films</b> (1)\n<i>filtre « DUNE 2021 » · 1/1</i>\n"
            "<pre>Dune                          2021</pre>"
        )
        call = await bot.send("films", "dune")  # exact titles first, then those that start with it
        assert [r[:30].rstrip() for r in rows(call.params["text"])] == ["Dune", "Dune", "Dune: Part Two"]
        call = await bot.send("films", "nomadland")  # one title, not every 2021 film
        assert call.params["text"].startswith("🎬 <b>Films</b> (1)\n")
        call = await bot.send("films", "movie night")  # more than the 100 shown: say so
        assert call.params["text"].startswith("🎬 <b>Films</b> (100+)\n")
        call = await bot.send("films", "zzqx night")  # a word that matches nothing: nothing
        assert call.params["text"].startswith("🎬 <b>Films</b> (0)\n")


async def test_small_things(fake_telegram, fake_radarr, fake_sonarr) -> None:
    config = bot_config(
        fake_telegram, radarr=fake_radarr, sonarr=fake_sonarr, extra={"telegram": {"allowed_chats": [-1002]}}
    )
    async with running_bot(config, fake_telegram) as bot:
        call = await bot.send("series")
        assert "<i>triées par ajout récent · saisons complètes/total · 1/1</i>" in call.params["text"]
        call = await bot.send("films", "\u200b\u200b\u2060")  # invisible only: no filter at all
        assert call.params["text"].startswith("🎬 <b>Films</b> (2)\n<i>triés par ajout récent · 1/1</i>")
        call = await bot.send("foobar")
        assert call.params["text"] == "❓ Commande inconnue. Le menu :"
        assert keyboard(call) == [[("🏠 Menu", "m")]]
        call = await bot.send("start")
        assert keyboard(call)[1] == [("📊 État", "st"), ("⬇️ Téléchargements", "q:0")]
        # in a group: a command for another bot is not ours; one for us (or for nobody) is
        group = {"id": -1002, "type": "group", "title": "Family"}
        fake_telegram.send_text("/start@other_bot", chat=group)
        fake_telegram.send_text("/start@myflix_test_bot", chat=group)
        call = await fake_telegram.wait_for_call("sendMessage", timeout=15)
        assert call.params["chat_id"] == -1002
        assert call.params["text"].startswith("🎬 <b>Myflix</b>")
        fake_telegram.send_text("/films@OTHER_bot", chat=group)
        call = await bot.send("help", chat=group)
        assert call.params["text"].startswith("❓ <b>Aide</b>")  # the /films for the other bot got nothing


async def test_stranger_gets_exactly_one_refusal_per_interval(fake_telegram, fake_radarr) -> None:
    stranger = TgUser(id=666, first_name="Mallory")
    async with running_bot(bot_config(fake_telegram, radarr=fake_radarr), fake_telegram):
        for command in ("films", "start", "status", "foobar"):
            fake_telegram.send_command(command, user=stranger)
        fake_telegram.send_text("dune", user=stranger)
        fake_telegram.send_command("start")  # Alice's answer comes after every one of Mallory's updates
        await fake_telegram.wait_for_call(
            "sendMessage", timeout=15, predicate=lambda c: c.params["chat_id"] == USER
        )
        to_stranger = [c for c in fake_telegram.calls("sendMessage") if c.params["chat_id"] == 666]
        assert [c.params["text"] for c in to_stranger] == ["⛔ Accès refusé."]


async def test_live_view_that_stops_being_live_is_edited_once_to_its_final_state(
    fake_telegram, qbittorrent
) -> None:
    extra = {"ui": {"queue_live_seconds": 600, "max_live_views": 1}}
    config = bot_config(fake_telegram, qbittorrent=qbittorrent, extra=extra)
    async with running_bot(config, fake_telegram) as bot:
        first = await bot.send("queue")
        assert "🔴 en direct" in first.params["text"]
        second = await bot.send("queue")  # only one may stay live: the first one ends now
        assert "🔴 en direct" in second.params["text"]
        final = await fake_telegram.wait_for_call(
            "editMessageText",
            timeout=15,
            predicate=lambda c: c.params["message_id"] == first.result["message_id"],
        )
        assert "🔴" not in final.params["text"]
        assert re.search(r" · mis à jour à \d\d:\d\d\n", final.params["text"])
        await bot.rt.live.finished()
        assert len(bot.rt.live) == 1
        shown = fake_telegram.message(USER, first.result["message_id"])
        assert shown is not None
        assert "🔴" not in shown["text"]
        refreshes = bot.rt.coordinator.refresh_count("qbittorrent")
        await async_wait_until(lambda: bot.rt.coordinator.refresh_count("qbittorrent") >= refreshes + 2)
        edits = fake_telegram.calls("editMessageText")
        assert [c.params["message_id"] for c in edits].count(first.result["message_id"]) == 1


JELLYFIN_VERSION = "10.10.7"


@contextlib.contextmanager
def fake_jellyfin():
    """Jellyfin's public system info (``GET /System/Info/Public``, no login), which its probe reads;
    ``down`` makes it answer 503."""
    state = {"down": False}

    async def info(_request: web.Request) -> web.Response:
        if state["down"]:
            return web.Response(status=503)
        return web.json_response(
            {"ServerName": "pi", "Version": JELLYFIN_VERSION, "ProductName": "Jellyfin Server", "Id": "f00d"}
        )

    app = web.Application()
    app.router.add_get("/System/Info/Public", info)
    with FakeServer(app) as server:
        yield server, state


async def test_applications_in_status_and_an_outage_shows_at_once(
    fake_telegram, fake_radarr, fake_sonarr, fake_prowlarr
) -> None:
    with fake_jellyfin() as (jellyfin, jellyfin_state):
        config = bot_config(
            fake_telegram,
            radarr=fake_radarr,
            sonarr=fake_sonarr,
            prowlarr=fake_prowlarr,
            extra={"media_server": {"kind": "jellyfin", "url": jellyfin.url}},
        )
        async with running_bot(config, fake_telegram, clock=frozen_clock()) as bot:
            await _applications_and_an_outage(bot, fake_radarr, fake_sonarr, fake_prowlarr)
            jellyfin_state["down"] = True  # the media server too: its own row says so
            await bot.rt.coordinator.refresh_now("health:jellyfin")
            call = await bot.send("status")
            assert "✅ Prowlarr" in call.params["text"]
            assert "❌ Jellyfin    injoignable" in call.params["text"]


async def _applications_and_an_outage(bot, fake_radarr, fake_sonarr, fake_prowlarr) -> None:
    co = bot.rt.coordinator
    call = await bot.send("status")
    apps = re.search(r"🧩 <b>Applications</b>\n<pre>(.*?)</pre>", call.params["text"], re.S)
    assert apps is not None
    radarr_row, sonarr_row, prowlarr_row, jellyfin_row = apps.group(1).split("\n")
    # the response time: "12 ms" here, "1,1 s" when the machine is busy (its value is not the point)
    took = r"(\d+ ms|\d+(,\d)? s)"
    assert re.fullmatch(rf"✅ Radarr {{6}}{re.escape(fake_radarr.state.version)} +{took}", radarr_row)
    assert re.fullmatch(rf"✅ Sonarr {{6}}{re.escape(fake_sonarr.state.version)} +{took}", sonarr_row)
    assert re.fullmatch(rf"✅ Prowlarr {{4}}{re.escape(fake_prowlarr.state.version)} +{took}", prowlarr_row)
    assert re.fullmatch(rf"✅ Jellyfin {{4}}{re.escape(JELLYFIN_VERSION)} +{took}", jellyfin_row)
    call = await bot.send("films")
    assert "injoignable" not in call.params["text"]

    fake_radarr.faults.set(status=500)  # Radarr dies; its next health probe sees it
    await co.refresh_now("health:radarr")
    call = await bot.send("films")  # the first view after the failure says so, data still shown
    assert call.params["text"].endswith("\n🕰 données d'il y a 0 s (Radarr injoignable)")
    assert "Dune" in call.params["text"]
    call = await bot.send("status")
    assert "❌ Radarr      injoignable\n✅ Sonarr" in call.params["text"]
    # a failed source is retried within seconds (capped backoff), not after its 300 s interval
    await co.refresh_now("radarr")
    assert co.get("radarr").error is not None
    assert co.next_due_in("radarr") <= RETRY_BASE

    fake_radarr.faults.clear()  # back: the probe sees it and the catalog is refetched at once
    await co.refresh_now("health:radarr")
    await async_wait_until(lambda: co.get("radarr").error is None, timeout=15)
    call = await bot.send("films")
    assert "injoignable" not in call.params["text"]
    assert co.next_due_in("radarr") > RETRY_CAP


async def test_admin_notices_come_from_the_catalog_in_the_ui_language(
    fake_telegram, qbittorrent, tmp_path
) -> None:
    from myflix_bot.assembly import install_operations as install  # noqa: PLC0415

    gluetun = GluetunFake()
    # No forwarded port until the bot is connected: a notice sent before Telegram is reached only
    # goes to the log, so the port appears once the bot runs.
    gluetun.set_ports()
    server = gluetun.serve()
    fake_telegram.add_chat(ADMIN)
    watchers = {
        "state_dir": str(tmp_path),
        "port_sync": {"interval": 1},
        "thermal": {"enabled": False},
        "leak_guard": {"enabled": False},
        "trackers": {"enabled": False},
    }
    extra = {"watchers": watchers, "exporter": {"enabled": False}}
    config = bot_config(fake_telegram, gluetun=gluetun, qbittorrent=qbittorrent, extra=extra)
    try:
        async with running_bot(config, fake_telegram, setup=install):
            gluetun.set_ports([45678])  # qBittorrent listens elsewhere: the port-sync watcher moves it
            notice = await fake_telegram.wait_for_call(
                "sendMessage", timeout=20, predicate=lambda c: c.params["chat_id"] == ADMIN
            )
            assert notice.params["text"].startswith("🔌 qBittorrent a changé de port d'écoute : ")
            assert notice.params["text"].endswith(" → 45678")
        # leaving running_bot checked every text sent for English words (tests/language.py)
    finally:
        server.stop()
