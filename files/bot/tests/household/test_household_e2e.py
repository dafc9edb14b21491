"""The household flow end to end: python-telegram-bot against the fake Bot API and the Radarr/Sonarr
fakes, two members (Alice reads French, Bob English) and two admins (Boss, French; Zoé, English).

Request, merge, concurrent approval, lifecycle notices to the requesters only in their language,
one progress message edited at most once a minute, refusal with a reason, quota, a season request
approved from /demandes with the member's own profile, forged and replayed buttons from a member,
a stranger and an admin, /invite, and a bot started on a store made by today's code."""

from __future__ import annotations

import random
import re
import shutil
import string
from pathlib import Path
from typing import Any

from myflix_bot.search.hooks import feature_of
from myflix_testkit.fakes.telegram import TgUser

from ..conftest import ADMIN, STRANGER, USER, make_config
from ..harness import running_bot

ALICE = TgUser(id=USER, first_name="Alice")
BOB = TgUser(id=777, first_name="Bob", language_code="en")
BOB_SERIES = "/data/media/series-4k"  # Bob's own Sonarr root folder (the default is the fake's)
BOSS = TgUser(id=ADMIN, first_name="Boss")
ZOE = TgUser(id=1002, first_name="Zoé", language_code="en")
MALLORY = TgUser(id=STRANGER, first_name="Mallory")
CAROL = TgUser(id=555, first_name="Carol")
CHATS = {BOB.id: "en", ZOE.id: "en"}
SENDS = ("sendMessage", "sendPhoto", "editMessageText", "editMessageReplyMarkup", "editMessageCaption")
V0 = Path(__file__).parent.parent / "data" / "requests_v0.sqlite"


def config(tg: Any, radarr: Any, sonarr: Any, db: Path) -> Any:
    data = {
        "telegram": {"allowed_users": [], "admins": [ADMIN], "base_url": tg.base_url},
        "system": {"docker_socket": None},
        "radarr": {"url": radarr.url},
        "sonarr": {"url": sonarr.url},
        "search": {"requests_db": str(db), "poll_interval": 0, "milestones": [25, 50, 75]},
        "household": {
            "defaults": {"quota": {"movies": 2, "series": 1, "days": 7}},
            "members": [
                {"id": ALICE.id, "name": "Alice"},
                {
                    "id": BOB.id,
                    "name": "Bob",
                    "language": "en",
                    "sonarr": {"quality_profile": "Ultra-HD", "root_folder": BOB_SERIES},
                },
                {"id": ZOE.id, "name": "Zoé", "role": "admin", "language": "en"},
                {"id": BOSS.id, "name": "Boss", "role": "admin"},
            ],
        },
    }
    env = {
        "MYFLIX_TELEGRAM_TOKEN": tg.token,
        "MYFLIX_RADARR_API_KEY": radarr.api_key,
        "MYFLIX_SONARR_API_KEY": sonarr.api_key,
    }
    return make_config(data, env)


def buttons(call: Any) -> list[tuple[str, str]]:
    markup = call.params.get("reply_markup") or {}
    return [(b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", []) for b in row]


def text_of(call: Any) -> str:
    return str(call.params.get("text") or call.params.get("caption") or "")


class Flow:
    def __init__(self, tg: Any) -> None:
        self.tg = tg

    async def said(self, chat: TgUser, needle: str, method: str = "sendMessage") -> Any:
        return await self.tg.wait_for_call(
            method,
            timeout=20,
            predicate=lambda c: c.ok and c.params.get("chat_id") == chat.id and needle in text_of(c),
        )

    async def card(self, who: TgUser, text: str) -> Any:
        self.tg.send_text(text, user=who)
        return await self.tg.wait_for_call(
            "sendPhoto", timeout=20, predicate=lambda c: c.params["chat_id"] == who.id
        )

    async def press(self, who: TgUser, call: Any, data: str, *, raw: bool = False) -> Any:
        """Press (or with ``raw``, forge) a button; the callback answer (None for a stranger)."""
        message = self.tg.message(call.params["chat_id"], call.result["message_id"])
        assert message is not None
        if raw:
            query = self.tg.inject_callback(message, data, user=who)
        else:
            query = self.tg.press_button(message, data, user=who)
        if who.id == MALLORY.id:  # a stranger gets at most one refusal an hour: nothing to wait for
            return None
        return await self.tg.wait_for_call(
            "answerCallbackQuery", timeout=20, predicate=lambda c: c.params.get("callback_query_id") == query
        )

    def to(self, chat: TgUser, since: int = 0) -> list[str]:
        return [text_of(c) for c in self.tg.calls()[since:] if c.params.get("chat_id") == chat.id]


async def test_household_requests_end_to_end(
    fake_telegram: Any, fake_radarr: Any, fake_sonarr: Any, tmp_path: Path
) -> None:
    now = [1_790_000_000.0]
    tg, flow = fake_telegram, Flow(fake_telegram)
    cfg = config(tg, fake_radarr, fake_sonarr, tmp_path / "requests.sqlite")
    for admin in (BOSS, ZOE):
        tg.add_chat(admin)  # admins have started the bot once (Telegram needs it before it can write)
    async with running_bot(cfg, tg, clock=lambda: now[0], languages=CHATS) as bot:
        feature = feature_of(bot.rt)

        # -- Alice asks: pending, both admins get one message each, in their language ------------------
        card = await flow.card(ALICE, "dune 1984")
        await flow.press(ALICE, card, buttons(card)[0][1])
        sent = await flow.said(ALICE, "Demande envoyée aux administrateurs")
        assert "Il vous reste 1 film(s) sur 2 (7 jours)." in text_of(sent)
        to_boss = await flow.said(BOSS, "Demande de Alice")
        to_zoe = await flow.said(ZOE, "Request from Alice")
        assert [label for label, _ in buttons(to_boss)] == ["✅ Approuver", "❌ Refuser"]
        assert [label for label, _ in buttons(to_zoe)] == ["✅ Approve", "❌ Refuse"]
        assert fake_radarr.state.find_movie(841) is None  # nothing added before an approval

        # -- Bob asks for the same title: merged into the same ask, admins' messages name both ----------
        card = await flow.card(BOB, "dune 1984")
        assert buttons(card)[0][0] == "➕ Add"
        await flow.press(BOB, card, buttons(card)[0][1])
        await flow.said(BOB, "was already requested: yours joins it")
        await fake_telegram.wait_for_call(
            "editMessageText", timeout=20, predicate=lambda c: "Request from Alice, Bob" in text_of(c)
        )
        (ask,) = feature.household.asks.pending()

        # -- both admins tap Approve at once: added once, each requester told in their language ---------
        before = len(tg.calls())
        q1 = tg.press_button(
            tg.message(ADMIN, to_boss.result["message_id"]), buttons(to_boss)[0][1], user=BOSS
        )
        q2 = tg.press_button(tg.message(ZOE.id, to_zoe.result["message_id"]), buttons(to_zoe)[0][1], user=ZOE)
        for q in (q1, q2):
            await tg.wait_for_call(
                "answerCallbackQuery",
                timeout=20,
                predicate=lambda c, q=q: c.params.get("callback_query_id") == q,
            )
        await flow.said(ALICE, "Votre demande est approuvée : <b>Dune</b> (1984)")
        await flow.said(BOB, "Your request was approved: <b>Dune</b> (1984)")
        assert len([m for m in fake_radarr.state.movies.values() if m["tmdbId"] == 841]) == 1
        assert len(fake_radarr.state.commands_named("MoviesSearch")) == 1
        movie = fake_radarr.state.find_movie(841)
        assert {fake_radarr.state.tags[t]["label"] for t in movie["tags"]} == {f"req-{ALICE.id}"}
        await fake_telegram.wait_for_call(
            "editMessageText",
            timeout=20,
            predicate=lambda c: c.params["chat_id"] == ZOE.id and "Approved by" in text_of(c),
        )
        assert not any(
            "approuvée" in t or "approved" in t for t in flow.to(BOSS, before) + flow.to(ZOE, before)
        )

        # -- lifecycle: requesters only, their language, one progress message edited at most once a minute
        life = feature.lifecycle
        before = len(tg.calls())
        queued = fake_radarr.state.add_queue_item(movie["id"], size=1000, sizeleft=700)
        assert await life.poll_once() >= 2
        await flow.said(ALICE, "⬇️ <b>Dune</b> (1984) : 25 %")
        progress_bob = await flow.said(BOB, "⬇️ <b>Dune</b> (1984): 25%")
        await flow.said(BOB, "📥 <b>Dune</b> (1984): found, the download is starting.")
        fake_radarr.state.remove_queue_item(queued["id"])
        queued = fake_radarr.state.add_queue_item(movie["id"], size=1000, sizeleft=400)
        now[0] += 30
        await life.poll_once()  # 60 %: the 50 % milestone, but the message was sent 30 s ago
        assert not [c for c in tg.calls("editMessageText")[-4:] if "50" in text_of(c)]
        now[0] += 31
        await life.poll_once()  # a minute later: edited in place
        edit = await tg.wait_for_call(
            "editMessageText",
            timeout=20,
            predicate=lambda c: c.params["chat_id"] == BOB.id and "50%" in text_of(c),
        )
        assert edit.params["message_id"] == progress_bob.result["message_id"]
        await life.poll_once()
        fake_radarr.state.add_history(movie["id"], event_type="downloadFolderImported")
        fake_radarr.state.set_has_file(movie["id"])
        await life.poll_once()
        await flow.said(ALICE, "🍿 <b>Dune</b> (1984) est prêt à regarder !")
        await flow.said(BOB, "🍿 <b>Dune</b> (1984) is ready to watch!")
        assert flow.to(BOSS, before) == []  # admins did not ask: no notice
        assert flow.to(ZOE, before) == []
        progress_edits = [
            c for c in tg.calls("editMessageText")[0:] if c.params["chat_id"] in (ALICE.id, BOB.id)
        ]
        assert len(progress_edits) == 2  # one per requester's message

        # -- refusal with a reason (Zoé), the quota given back ---------------------------------------
        card = await flow.card(ALICE, "oppenheimer")
        await flow.press(ALICE, card, buttons(card)[0][1])
        assert "Il vous reste 0 film(s) sur 2" in text_of(await flow.said(ALICE, "Demande envoyée"))
        to_zoe = await flow.said(ZOE, "Request from Alice")
        await flow.press(ZOE, to_zoe, buttons(to_zoe)[1][1])
        await flow.said(ZOE, "Reply with the reason", method="editMessageText")
        tg.send_text("Déjà vu au cinéma", user=ZOE)
        refused = await flow.said(ALICE, "Votre demande <b>Oppenheimer</b> (2023) est refusée.")
        assert "Raison : « Déjà vu au cinéma »" in text_of(refused)
        await fake_telegram.wait_for_call(
            "editMessageText",
            timeout=20,
            predicate=lambda c: c.params["chat_id"] == ADMIN and "Refusée par Zoé" in text_of(c),
        )
        assert fake_radarr.state.find_movie(872585) is None

        # -- quota: 2 films per 7 days (Dune counts, the refused one does not) ------------------------
        card = await flow.card(ALICE, "halloween 1978")
        await flow.press(ALICE, card, buttons(card)[0][1])
        await flow.said(ALICE, "Il vous reste 0 film(s) sur 2")
        halloween = await flow.said(BOSS, "Halloween")
        before = len(tg.calls())
        card = await flow.card(ALICE, "blade runner 1982")
        await flow.press(ALICE, card, buttons(card)[0][1])
        over = await flow.said(ALICE, "Quota atteint")
        assert text_of(over) == "⛔ Quota atteint : 2 film(s) par 7 jours. Réessayez plus tard."
        assert flow.to(BOSS, before) == []  # nothing reached the admins
        assert feature.store.counted_since(ALICE.id, "movie", 0) == 2

        # -- forged and replayed buttons do nothing ---------------------------------------------------
        hw = next(a for a in feature.household.asks.pending() if a.ext_id != 841)
        good = f"ha:{hw.id}:{hw.nonce}"
        before = len(tg.calls())
        answer = await flow.press(ALICE, over, good, raw=True)  # a member forging an admin's button
        assert answer.params.get("text") == "⛔ Réservé aux administrateurs."
        await flow.press(MALLORY, over, good, raw=True)  # a stranger
        await flow.press(BOSS, halloween, f"ha:{hw.id}:AAAAAAAA", raw=True)  # a wrong nonce
        await flow.press(BOSS, to_boss, f"ha:{ask.id}:{ask.nonce}", raw=True)  # replayed, decided
        await flow.press(ZOE, to_zoe, f"hn:{ask.id}:{ask.nonce}", raw=True)  # refuse a decided one
        rng = random.Random(21)
        alphabet = string.ascii_letters + string.digits + ":-_."
        for _ in range(12):
            junk = rng.choice(["ha", "hr", "hn"]) + ":" + "".join(rng.choices(alphabet, k=rng.randint(0, 30)))
            await flow.press(rng.choice([ALICE, BOB, MALLORY]), over, junk[:64], raw=True)
            await flow.press(BOSS, halloween, junk[:64], raw=True)
        await flow.press(BOSS, halloween, "x", raw=True)  # a last press: every update before it was handled
        assert fake_radarr.state.find_movie(hw.ext_id) is None
        assert feature.household.asks.get(hw.id).status == "pending"
        assert feature.household.asks.get(ask.id).status == "approved"
        assert len(fake_radarr.state.commands_named("MoviesSearch")) == 1
        assert [c.method for c in tg.calls()[before:] if c.method in SENDS] == []

        # -- a season request, approved from /demandes, with Bob's own Sonarr profile and root folder --
        fake_sonarr.state.add_root_folder(BOB_SERIES)
        card = await flow.card(BOB, "la série game of thrones saison 3")
        assert buttons(card)[0][0] == "➕ Add season 3"
        await flow.press(BOB, card, buttons(card)[0][1])
        await flow.said(BOB, "Request sent to the admins")
        tg.send_command("demandes", user=BOSS)
        listing = await flow.said(BOSS, "En attente d'approbation")
        assert "Game of Thrones S03 — Bob" in text_of(listing)
        approve = next(data for label, data in buttons(listing) if label.startswith("✅ Game of Thrones"))
        await flow.press(BOSS, listing, approve)
        await flow.said(BOB, "Your request was approved: <b>Game of Thrones</b> (2011)")
        series = fake_sonarr.state.find_series(121361)
        assert [n for n, s in series["seasons"].items() if s["monitored"]] == [3]
        profiles = fake_sonarr.state.quality_profiles
        assert profiles[series["qualityProfileId"]]["name"] == "Ultra-HD"
        assert series["path"].startswith(BOB_SERIES + "/")  # not the default root folder

        # -- /demandes: one's own requests and their state ----------------------------------------------
        tg.send_command("demandes", user=ALICE)
        mine = text_of(await flow.said(ALICE, "Mes demandes"))
        assert "🎬 Dune (1984) — 🍿 prêt" in mine
        assert "🎬 Oppenheimer (2023) — ❌ refusée" in mine
        assert "🎬 Halloween (1978) — 🕐 en attente d'approbation" in mine
        assert "Game of Thrones" not in mine  # Bob's
        assert "En attente" not in mine  # the admins' list

        # -- /invite: a one-time code makes a stranger a member ---------------------------------------
        tg.send_command("invite", user=ALICE)
        assert "Réservé aux administrateurs" in text_of(await flow.said(ALICE, "⛔"))
        tg.send_command("invite", user=BOSS)
        code = re.search(r"<code>([^<]+)</code>", text_of(await flow.said(BOSS, "Code d'invitation"))).group(
            1
        )
        tg.send_command("demandes", user=CAROL)
        tg.send_command("start", code, user=CAROL)
        await flow.said(CAROL, "Bienvenue Carol")
        tg.send_command("demandes", user=CAROL)
        await flow.said(CAROL, "Aucune demande pour l'instant")
        before = len(tg.calls())
        tg.send_command("start", code, user=MALLORY)  # the code worked once
        tg.send_command("demandes", user=MALLORY)
        tg.send_command("demandes", user=CAROL)  # a marker: Mallory's updates were handled before it
        await flow.said(CAROL, "Aucune demande")
        assert [t for t in flow.to(MALLORY, before) if "Bienvenue" in t or "demandes" in t.lower()] == []
        assert bot.rt.access.role(MALLORY.id, MALLORY.id) == 0


async def test_a_bot_started_on_a_store_made_by_todays_code_keeps_every_request(
    fake_telegram: Any, fake_radarr: Any, fake_sonarr: Any, tmp_path: Path
) -> None:
    db = tmp_path / "requests.sqlite"
    shutil.copy(V0, db)
    cfg = config(fake_telegram, fake_radarr, fake_sonarr, db)
    flow = Flow(fake_telegram)
    fake_telegram.add_chat(BOSS)
    async with running_bot(cfg, fake_telegram, languages=CHATS) as bot:
        fake_telegram.send_command("demandes", user=ALICE)
        mine = text_of(await flow.said(ALICE, "Mes demandes"))
        assert "🎬 Dune (1984) — ⬇️ 50 %" in mine
        assert "📺 Game of Thrones (2011) S03 — ✅ approuvée, recherche en cours" in mine
        assert "🎬 Dune: Part One (2021) — ⚠️ échec" in mine
        # and a new request goes through the household on the migrated file
        card = await flow.card(ALICE, "oppenheimer")
        await flow.press(ALICE, card, buttons(card)[0][1])
        await flow.said(ALICE, "Demande envoyée")
        await flow.said(BOSS, "Demande de Alice")
        feature = feature_of(bot.rt)
        assert feature.store.migrated_from == 0
        # an admin's own Add of a title that waits approves it for everyone who asked
        card = await flow.card(BOSS, "oppenheimer")
        await flow.press(BOSS, card, buttons(card)[0][1])
        await flow.said(BOSS, "Ajouté : <b>Oppenheimer</b> (2023)")
        await flow.said(ALICE, "Votre demande est approuvée : <b>Oppenheimer</b> (2023)")
        await flow.said(BOSS, "Approuvée par Boss", method="editMessageText")
        movie = fake_radarr.state.find_movie(872585)
        assert movie is not None
        # on its way (in the library, no file): Bob may only ask to hear when it is ready, for free
        card = await flow.card(BOB, "oppenheimer")
        assert buttons(card)[0][0] == "🔔 Tell me when it is ready"
        await flow.press(BOB, card, buttons(card)[0][1])
        await flow.said(BOB, "is already on its way: I will tell you when it is ready.")
        fake_radarr.state.add_history(movie["id"], event_type="downloadFolderImported")
        fake_radarr.state.set_has_file(movie["id"])
        await feature.lifecycle.poll_once()
        for who, text in ((ALICE, "est prêt à regarder"), (BOB, "is ready to watch"), (BOSS, "est prêt")):
            await flow.said(who, f"🍿 <b>Oppenheimer</b> (2023) {text}")
        assert feature.store.counted_since(BOB.id, "movie", 0) == 1  # counted, but never over quota
