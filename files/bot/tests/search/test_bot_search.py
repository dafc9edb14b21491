"""End to end through python-telegram-bot and the fake Bot API: a user asks, gets a card, presses
Add; the Radarr/Sonarr fake records the add (id, profile, root folder, requester tag, search on add);
a webhook Download event reaches the bot, and the requester is told."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest
from myflix_bot.config import Config
from myflix_bot.search.hooks import feature_of
from myflix_testkit.fakes.telegram import TgUser
from myflix_testkit.fakes.webhooks import radarr_payload, send_webhook, sonarr_payload

from ..conftest import USER, make_config
from ..harness import running_bot

SECRET = "hook-secret-0123456789"
ADMIN_ID = 1001


def search_config(
    tg: Any, radarr: Any, sonarr: Any, tmp: Path, *, webhook: bool = True, poll: float = 0
) -> Config:
    search: dict[str, Any] = {
        "requests_db": str(tmp / "nvme" / "requests.sqlite"),
        "poll_interval": poll,
        "radarr": {"quality_profile": "HD-1080p", "root_folder": "/data/media/movies"},
        "sonarr": {"quality_profile": "HD-1080p"},
    }
    env = {
        "MYFLIX_TELEGRAM_TOKEN": tg.token,
        "MYFLIX_RADARR_API_KEY": radarr.api_key,
        "MYFLIX_SONARR_API_KEY": sonarr.api_key,
    }
    if webhook:
        search["webhook"] = {"listen": "127.0.0.1", "port": 0, "path": "/hooks/arr"}
        env["MYFLIX_WEBHOOK_SECRET"] = SECRET
    data = {
        "telegram": {"allowed_users": [USER], "admins": [ADMIN_ID], "base_url": tg.base_url},
        "system": {"docker_socket": None},
        "radarr": {"url": radarr.url},
        "sonarr": {"url": sonarr.url},
        "search": search,
        # the user adds directly, as before households (their approval is tests/household's)
        "household": {"defaults": {"auto_approve": True}},
    }
    return make_config(data, env)


def buttons(call: Any) -> list[tuple[str, str]]:
    markup = call.params.get("reply_markup") or {}
    return [(b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", []) for b in row]


def sent(tg: Any, call: Any) -> dict[str, Any]:
    found = tg.message(call.params["chat_id"], call.result["message_id"])
    assert found is not None
    return found


def profile_id(fake: Any, name: str) -> int:
    return next(pid for pid, p in fake.state.quality_profiles.items() if p["name"] == name)


async def post_hook(*args: Any, **kwargs: Any) -> httpx.Response:
    """send_webhook is blocking; the bot's endpoint runs on this loop, so post from a thread."""
    return await asyncio.to_thread(send_webhook, *args, **kwargs)


def hook_url(rt: Any) -> str:
    server = feature_of(rt).webhook
    return f"http://127.0.0.1:{server.port}/hooks/arr"


async def test_movie_card_add_and_imported_notification(
    fake_telegram: Any, fake_radarr: Any, fake_sonarr: Any, tmp_path: Path
) -> None:
    config = search_config(fake_telegram, fake_radarr, fake_sonarr, tmp_path)
    async with running_bot(config, fake_telegram) as bot:
        fake_telegram.send_text("ajoute le film dune de 1984 stp")
        card = await fake_telegram.wait_for_call("sendPhoto", timeout=10)
        assert card.params["photo"] == "https://image.tmdb.org/t/p/original/841.jpg"
        caption = card.params["caption"]
        assert "<b>Dune</b> (1984)" in caption
        assert "TMDB 841" in caption
        (add, others) = buttons(card)
        assert add[0] == "➕ Ajouter"
        assert add[1].startswith("sa:")
        assert others[1].startswith("so:")
        assert fake_radarr.state.find_movie(841) is None  # nothing added before the press

        fake_telegram.press_button(sent(fake_telegram, card), add[1])
        done = await fake_telegram.wait_for_call(
            "sendMessage", timeout=10, predicate=lambda c: "Ajouté" in c.params.get("text", "")
        )
        assert "<b>Dune</b> (1984)" in done.params["text"]
        movie = fake_radarr.state.find_movie(841)
        assert movie is not None
        assert movie["qualityProfileId"] == profile_id(fake_radarr, "HD-1080p")
        assert movie["path"].startswith("/data/media/movies/")
        assert movie["monitored"] is True
        tags = {fake_radarr.state.tags[t]["label"] for t in movie["tags"]}
        assert tags == {f"req-{USER}"}
        assert fake_radarr.state.commands_named("MoviesSearch")  # search on add
        # the card lost its buttons: a second press cannot add twice
        await fake_telegram.wait_for_call("editMessageReplyMarkup", timeout=5)

        (req,) = feature_of(bot.rt).store.by_user(USER)
        assert (req.kind, req.ext_id, req.library_id, req.state) == ("movie", 841, movie["id"], "requested")

        grab = await post_hook(
            hook_url(bot.rt), radarr_payload(fake_radarr.state, "Grab", movie["id"]), auth=("radarr", SECRET)
        )
        assert grab.status_code == 200
        grabbed = await fake_telegram.wait_for_call(
            "sendMessage", timeout=10, predicate=lambda c: "📥" in c.params.get("text", "")
        )
        assert grabbed.params["chat_id"] == USER
        fake_radarr.state.set_has_file(movie["id"])
        imported = await post_hook(
            hook_url(bot.rt),
            radarr_payload(fake_radarr.state, "Download", movie["id"]),
            auth=("radarr", SECRET),
        )
        assert imported.status_code == 200
        ready = await fake_telegram.wait_for_call(
            "sendMessage", timeout=10, predicate=lambda c: "prêt à regarder" in c.params.get("text", "")
        )
        assert ready.params["text"] == "🍿 <b>Dune</b> (1984) est prêt à regarder !"
        assert feature_of(bot.rt).store.by_user(USER)[0].state == "imported"

        fake_telegram.send_command("demandes")
        mine = await fake_telegram.wait_for_call(
            "sendMessage", timeout=10, predicate=lambda c: "Mes demandes" in c.params.get("text", "")
        )
        assert "🎬 Dune (1984) — 🍿 prêt" in mine.params["text"]


async def test_webhook_rejects_a_wrong_secret(
    fake_telegram: Any, fake_radarr: Any, fake_sonarr: Any, tmp_path: Path
) -> None:
    config = search_config(fake_telegram, fake_radarr, fake_sonarr, tmp_path)
    async with running_bot(config, fake_telegram) as bot:
        url = hook_url(bot.rt)
        movie = fake_radarr.state.find_movie(438631)
        payload = radarr_payload(fake_radarr.state, "Download", movie["id"])
        assert (await post_hook(url, payload)).status_code == 401
        assert (await post_hook(url, payload, auth=("radarr", "wrong"))).status_code == 401
        async with httpx.AsyncClient() as client:
            bad = await client.post(url, content=b"{not json", headers={"X-Myflix-Secret": SECRET})
        assert bad.status_code == 400
        assert bad.text == "" or SECRET not in bad.text
        assert feature_of(bot.rt).webhook.received == 0


async def test_series_season_choice_and_tag(
    fake_telegram: Any, fake_radarr: Any, fake_sonarr: Any, tmp_path: Path
) -> None:
    config = search_config(fake_telegram, fake_radarr, fake_sonarr, tmp_path)
    async with running_bot(config, fake_telegram):
        fake_telegram.send_text("la série game of thrones saison 3")
        card = await fake_telegram.wait_for_call("sendPhoto", timeout=10)
        assert "TVDB 121361" in card.params["caption"]
        add = buttons(card)[0]
        assert add[0] == "➕ Ajouter la saison 3"
        fake_telegram.press_button(sent(fake_telegram, card), add[1])
        await fake_telegram.wait_for_call(
            "sendMessage", timeout=10, predicate=lambda c: "Ajouté" in c.params.get("text", "")
        )
        series = fake_sonarr.state.find_series(121361)
        assert series is not None
        resource = fake_sonarr.state.series_resource(series["id"])
        monitored = {s["seasonNumber"]: s["monitored"] for s in resource["seasons"] if s["seasonNumber"] > 0}
        assert monitored[3] is True
        assert not any(v for k, v in monitored.items() if k != 3)
        assert {fake_sonarr.state.tags[t]["label"] for t in resource["tags"]} == {f"req-{USER}"}
        assert fake_sonarr.state.commands_named("MissingEpisodeSearch")


async def test_ambiguous_choice_then_card(
    fake_telegram: Any, fake_radarr: Any, fake_sonarr: Any, tmp_path: Path
) -> None:
    config = search_config(fake_telegram, fake_radarr, fake_sonarr, tmp_path, webhook=False)
    async with running_bot(config, fake_telegram):
        fake_telegram.send_text("le roi lion")
        choice = await fake_telegram.wait_for_call(
            "sendMessage", timeout=10, predicate=lambda c: "Plusieurs résultats" in c.params.get("text", "")
        )
        labels = [b[0] for b in buttons(choice)]
        assert labels[:2] == ["🎬 The Lion King (1994)", "🎬 The Lion King (2019)"]
        fake_telegram.press_button(sent(fake_telegram, choice), buttons(choice)[1][1])
        card = await fake_telegram.wait_for_call("sendPhoto", timeout=10)
        assert "TMDB 420818" in card.params["caption"]
        assert [b[0] for b in buttons(card)] == ["➕ Ajouter"]  # chosen from a list: no "other results"
        assert fake_radarr.state.find_movie(420818) is None


async def test_already_downloaded_and_not_found(
    fake_telegram: Any, fake_radarr: Any, fake_sonarr: Any, tmp_path: Path
) -> None:
    config = search_config(fake_telegram, fake_radarr, fake_sonarr, tmp_path, webhook=False)
    async with running_bot(config, fake_telegram):
        fake_telegram.send_text("the matrix 1999")
        have = await fake_telegram.wait_for_call(
            "sendMessage", timeout=10, predicate=lambda c: "📚" in c.params.get("text", "")
        )
        assert (
            have.params["text"] == "📚 Déjà dans la bibliothèque : <b>The Matrix</b> (1999) — ✅ téléchargé"
        )
        fake_telegram.send_text("intouchables")
        waiting = await fake_telegram.wait_for_call(
            "sendMessage", timeout=10, predicate=lambda c: "📚" in c.params.get("text", "")
        )
        assert waiting.params["text"].endswith("⏳ pas encore téléchargé")
        fake_telegram.send_text("zzqx wubble frobnicate")
        miss = await fake_telegram.wait_for_call(
            "sendMessage", timeout=10, predicate=lambda c: "🤷" in c.params.get("text", "")
        )
        assert "« zzqx wubble frobnicate »" in miss.params["text"]
        assert fake_telegram.calls("sendPhoto") == []


async def test_duplicate_added_meanwhile_is_friendly(
    fake_telegram: Any, fake_radarr: Any, fake_sonarr: Any, tmp_path: Path
) -> None:
    config = search_config(fake_telegram, fake_radarr, fake_sonarr, tmp_path, webhook=False)
    async with running_bot(config, fake_telegram):
        fake_telegram.send_text("oppenheimer")
        card = await fake_telegram.wait_for_call("sendPhoto", timeout=10)
        fake_radarr.state.add_movie(872585)  # someone adds it in Radarr's UI meanwhile: POST -> 400
        fake_telegram.press_button(sent(fake_telegram, card), buttons(card)[0][1])
        exists = await fake_telegram.wait_for_call(
            "sendMessage", timeout=10, predicate=lambda c: "📚" in c.params.get("text", "")
        )
        assert "<b>Oppenheimer</b> (2023) est déjà dans la bibliothèque" in exists.params["text"]


async def test_someone_else_cannot_press_my_add(
    fake_telegram: Any, fake_radarr: Any, fake_sonarr: Any, tmp_path: Path
) -> None:
    config = make_config(
        {
            "telegram": {
                "allowed_users": [USER, 555],
                "admins": [ADMIN_ID],
                "base_url": fake_telegram.base_url,
            },
            "system": {"docker_socket": None},
            "radarr": {"url": fake_radarr.url},
            "sonarr": {"url": fake_sonarr.url},
            "search": {"requests_db": str(tmp_path / "r.sqlite"), "poll_interval": 0},
        },
        {
            "MYFLIX_TELEGRAM_TOKEN": fake_telegram.token,
            "MYFLIX_RADARR_API_KEY": fake_radarr.api_key,
            "MYFLIX_SONARR_API_KEY": fake_sonarr.api_key,
        },
    )
    async with running_bot(config, fake_telegram):
        fake_telegram.send_text("inception")
        card = await fake_telegram.wait_for_call("sendPhoto", timeout=10)
        bob = TgUser(id=555, first_name="Bob")
        query = fake_telegram.press_button(sent(fake_telegram, card), buttons(card)[0][1], user=bob)
        await fake_telegram.wait_for_call(
            "answerCallbackQuery", timeout=10, predicate=lambda c: c.params.get("callback_query_id") == query
        )
        # a barrier instead of a pause: updates are handled one at a time, in order, so once the next
        # command is answered Bob's press has been handled completely
        fake_telegram.send_command("start")
        await fake_telegram.wait_for_call(
            "sendMessage", timeout=10, predicate=lambda c: "que voulez-vous voir" in c.params.get("text", "")
        )
        assert fake_radarr.state.find_movie(27205) is None
        assert not [c for c in fake_telegram.calls("sendMessage") if "Ajouté" in c.params.get("text", "")]


@pytest.mark.parametrize("event", ["webhook", "polling"])
async def test_grab_and_import_by_polling_history(
    fake_telegram: Any, fake_radarr: Any, fake_sonarr: Any, tmp_path: Path, event: str
) -> None:
    """Without a webhook, the poller reads the queue (milestones) and the history (grab, import)."""
    config = search_config(fake_telegram, fake_radarr, fake_sonarr, tmp_path, webhook=event == "webhook")
    async with running_bot(config, fake_telegram) as bot:
        fake_telegram.send_text("breaking bad")
        card = await fake_telegram.wait_for_call(
            "sendMessage", timeout=10, predicate=lambda c: "📚" in c.params.get("text", "")
        )
        assert "Breaking Bad" in card.params["text"]  # in the library already (no files): no card
        fake_telegram.send_text("the office uk")
        card = await fake_telegram.wait_for_call("sendPhoto", timeout=10)
        fake_telegram.press_button(sent(fake_telegram, card), buttons(card)[0][1])
        await fake_telegram.wait_for_call(
            "sendMessage", timeout=10, predicate=lambda c: "Ajouté" in c.params.get("text", "")
        )
        series = fake_sonarr.state.find_series(78107)
        lifecycle = feature_of(bot.rt).lifecycle
        fake_sonarr.state.add_queue_item(series["id"], size=1000, sizeleft=400)
        assert await lifecycle.poll_once() >= 2  # grabbed + 60 % -> the 50 % milestone
        progress = await fake_telegram.wait_for_call(
            "sendMessage", timeout=10, predicate=lambda c: "⬇️" in c.params.get("text", "")
        )
        assert progress.params["text"] == "⬇️ <b>The Office</b> (2001) : 50 %"
        if event == "webhook":
            payload = sonarr_payload(fake_sonarr.state, "Download", series["id"])
            assert (await post_hook(hook_url(bot.rt), payload, auth=("sonarr", SECRET))).status_code == 200
        else:
            fake_sonarr.state.add_history(series["id"], event_type="downloadFolderImported")
            await lifecycle.poll_once()
        await fake_telegram.wait_for_call(
            "sendMessage", timeout=10, predicate=lambda c: "🍿" in c.params.get("text", "")
        )
        assert await lifecycle.poll_once() == 0  # nothing repeats
