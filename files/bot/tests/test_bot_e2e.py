"""Every command end to end: the user writes to the fake Telegram Bot API, python-telegram-bot polls it,
and the test asserts the exact messages and keyboards the bot sent. Radarr, Sonarr and Gluetun are the
contract fakes; qBittorrent is a real qbittorrent-nox."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from myflix_bot.access import Role
from myflix_bot.commands.registry import Command, Registry
from myflix_bot.models import StatusLine
from myflix_bot.render.view import View
from myflix_testkit.fakes.gluetun import GluetunFake
from myflix_testkit.fakes.server import unreachable_url
from myflix_testkit.fakes.telegram import TgUser
from myflix_testkit.torrents import make_torrent
from myflix_testkit.waiting import async_wait_until

from .conftest import ADMIN, STRANGER, USER
from .harness import bot_config, frozen_clock, keyboard, running_bot

BOSS = TgUser(id=ADMIN, first_name="Boss")

MENU_FR = [
    [("🎬 Films", "f:0:r:"), ("📺 Séries", "s:0:r:")],
    [("📊 État", "st"), ("⬇️ Téléchargements", "q:0")],
    [("🔎 Recherche", "se"), ("❓ Aide", "h")],
]


def set_added(fake_radarr, dates: dict[str, str]) -> None:
    state = fake_radarr.state
    with state.lock:
        for record in state.movies.values():
            title = state.movie_resource(record["id"])["title"]
            if record["movieFile"] and title in dates:
                record["movieFile"]["dateAdded"] = dates[title]


async def test_start_menu_commands_and_navigation_edit_one_message(fake_telegram, fake_radarr) -> None:
    set_added(fake_radarr, {"Dune": "2024-01-02T00:00:00Z", "The Matrix": "2024-03-01T00:00:00Z"})
    async with running_bot(bot_config(fake_telegram, radarr=fake_radarr), fake_telegram) as bot:
        assert [c["command"] for c in fake_telegram.commands()] == [
            "start",
            "films",
            "series",
            "status",
            "queue",
            "search",  # the search feature (commands/search.py, requests.py)
            "demandes",
            "help",
        ]
        assert fake_telegram.commands()[1]["description"] == "Films téléchargés (filtre optionnel)"
        assert (
            fake_telegram.commands(language_code="en")[1]["description"]
            == "Downloaded movies (optional filter)"
        )

        call = await bot.send("start")
        assert call.params["text"] == "🎬 <b>Myflix</b> — que voulez-vous voir ?"
        assert call.params["parse_mode"] == "HTML"
        assert keyboard(call) == MENU_FR
        menu = bot.message(call)

        answer, edit = await bot.press(menu, "f:0:r:")
        assert answer.ok
        assert edit.params["message_id"] == menu["message_id"]
        assert edit.params["text"] == (
            "🎬 <b>Films</b> (2)\n"
            "<i>triés par ajout récent · 1/1</i>\n"
            "<pre>The Matrix                    1999\n"
            "Dune                          2021</pre>"
        )
        assert keyboard(edit) == [[("🔤 Par titre", "f:0:t:"), ("🏠 Menu", "m")]]

        _, edit = await bot.press(bot.message(call), "f:0:t:")
        assert "<pre>Dune                          2021\nThe Matrix" in edit.params["text"]
        _, edit = await bot.press(bot.message(call), "m")
        assert edit.params["text"] == "🎬 <b>Myflix</b> — que voulez-vous voir ?"
        assert edit.params["message_id"] == menu["message_id"]
        _, edit = await bot.press(bot.message(call), "h")
        assert edit.params["text"] == (
            "❓ <b>Aide</b>\n"
            "/start — Menu principal\n"
            "/films [titre] — Films téléchargés (filtre optionnel)\n"
            "/series [titre] — Séries téléchargées (filtre optionnel)\n"
            "/status — État du serveur\n"
            "/queue — Téléchargements en cours\n"
            "/search [titre, lien ou id] — Chercher un film ou une série\n"
            "/demandes — Mes demandes (admins : celles en attente)\n"
            "/help — Aide"
        )
        _, edit = await bot.press(bot.message(call), "m")
        _, edit = await bot.press(bot.message(call), "se")
        assert edit.params["text"] == "🔎 Envoyez le titre d'un film ou d'une série."
        assert len(fake_telegram.calls("sendMessage")) == 1  # everything else edited the same message


async def test_films_filter_and_series(fake_telegram, fake_radarr, fake_sonarr) -> None:
    config = bot_config(fake_telegram, radarr=fake_radarr, sonarr=fake_sonarr)
    async with running_bot(config, fake_telegram) as bot:
        call = await bot.send("films", "dnue")  # a typo still finds it
        assert call.params["text"] == (
            "🎬 <b>Films</b> (1)\n<i>filtre « dnue » · 1/1</i>\n<pre>Dune                          2021</pre>"
        )
        assert keyboard(call) == [[("🏠 Menu", "m")]]
        call = await bot.send("films", "<zzz & qqq>")
        assert call.params["text"] == (
            "🎬 <b>Films</b> (0)\n<i>filtre « &lt;zzz &amp; qqq&gt; »</i>\n"
            "Aucun résultat pour « &lt;zzz &amp; qqq&gt; »."
        )
        call = await bot.send("series")
        assert call.params["text"] == (
            "📺 <b>Séries</b> (2)\n"
            "<i>triées par ajout récent · saisons complètes/total · 1/1</i>\n"
            "<pre>Breaking Bad                   5/5\n"
            "The Office                     2/9</pre>"
        )


async def test_status_with_gluetun_and_real_qbittorrent(fake_telegram, qbittorrent) -> None:
    gluetun = GluetunFake()
    gluetun.set_ports([qbittorrent.listen_port])
    gluetun.set_public_ip("185.1.2.3")
    server = gluetun.serve()
    try:
        config = bot_config(fake_telegram, gluetun=gluetun, qbittorrent=qbittorrent)
        registry = Registry()
        registry.add_status_provider(
            lambda rt, lang: [StatusLine("watchers", "thermique : 61 °C, aucun bridage")]
        )
        async with running_bot(config, fake_telegram, registry=registry) as bot:
            call = await bot.send("status", user=BOSS)  # only admins see the IPs and ports
            port = qbittorrent.listen_port
            version = qbittorrent.client().app.version
            assert re.sub(r" +[\d,]+ m?s</pre>", " T</pre>", call.params["text"]) == (
                "📊 <b>État du serveur</b>\n"
                "\n"
                "💾 <b>Stockage</b>\n"
                "<pre>NVMe ▕█▊     ▏  25 % 120/480 Go\n"
                "HDD  ▕██████▌▏  92 % 3,6/3,9 To ⚠️</pre>\n"
                "⚠️ plus de 90 % utilisés\n"
                "\n"
                "🧩 <b>Applications</b>\n"
                f"<pre>✅ qBittorrent {version} T</pre>\n"  # T: its response time
                "\n"
                "🔒 <b>VPN</b>\n"
                "Gluetun : actif ✅\n"
                "IP publique : 185.1.2.3 (≠ domicile ✅)\n"
                f"Port : {port} → qBittorrent {port} ✅\n"
                "\n"
                "🖥 <b>Système</b>\n"
                "CPU 61,5 °C · charge 0,25 0,50 1,00\n"
                "aucun bridage\n"
                "RAM 3,0 Go / 8,0 Go\n"
                "\n"
                "🐳 <b>Conteneurs</b>\n"
                "2/3 en bonne santé\n"
                "❌ radarr : redémarre\n"
                "\n"
                "🤖 <b>Automatismes</b>\n"
                "✅ thermique : 61 °C, aucun bridage"
            )
            assert keyboard(call) == [[("📈 Graphiques", "sg")], [("🔄 Actualiser", "st"), ("🏠 Menu", "m")]]
            # the VPN goes down: Gluetun has no public IP and no forwarded port any more
            gluetun.set_vpn("stopped")
            await bot.rt.coordinator.refresh_now("gluetun")
            _, edit = await bot.press(bot.message(call), "st", user=BOSS)
            assert (
                f"Gluetun : arrêté ❌\nIP publique : ?\nPort : aucun → qBittorrent {port}\n"
                in edit.params["text"]
            )
            # back up, but the public IP is the home IP (a leak) and the forwarded port moved
            gluetun.set_vpn("running")
            gluetun.set_public_ip("82.1.1.1")
            gluetun.set_ports([40000])
            await bot.rt.coordinator.refresh_now("gluetun")
            _, edit = await bot.press(bot.message(call), "st", user=BOSS)
            assert "IP publique : 82.1.1.1 (= IP domicile ❌ FUITE)\n" in edit.params["text"]
            assert f"Port : 40000 → qBittorrent {port} ❌ désynchronisé" in edit.params["text"]
            # a member sees the verdicts, never the IP or the ports
            member = await bot.send("status")
            assert member.params["chat_id"] == USER
            vpn = "Gluetun : actif ✅\nIP publique : pour les admins (= IP domicile ❌ FUITE)\n\n"
            assert vpn in member.params["text"]
            assert "82.1.1.1" not in member.params["text"]
            assert "40000" not in member.params["text"]
    finally:
        server.stop()


async def test_queue_with_real_qbittorrent_live_updates(fake_telegram, qbittorrent, tmp_path: Path) -> None:
    data = tmp_path / "seed" / "Amélie & Nino <2001>.mkv"
    data.parent.mkdir()
    data.write_bytes(b"\x00" * 300_000)
    torrent = make_torrent(data, piece_length=32768)
    client = qbittorrent.client()
    empty = tmp_path / "empty"
    empty.mkdir()
    client.torrents_add(
        torrent_files=torrent.write(tmp_path / "t.torrent").read_bytes(), save_path=str(empty)
    )

    def stalled() -> bool:
        info = client.torrents_info()
        return bool(info) and info[0].state == "stalledDL"

    await async_wait_until(stalled, timeout=30)
    async with running_bot(bot_config(fake_telegram, qbittorrent=qbittorrent), fake_telegram) as bot:
        call = await bot.send("queue")
        assert call.params["text"] == (
            "⬇️ <b>Téléchargements</b> (1)\n"
            "↓ 0 o/s · ↑ 0 o/s · 🔴 en direct\n"
            "<pre>Amélie &amp; Nino &lt;2001&gt;.mkv\n"
            "▕            ▏   0 % · ∞\n"
            "  0 o/s · bloqué</pre>"
        )
        assert keyboard(call) == [[("🔄 Actualiser", "q:0"), ("🏠 Menu", "m")]]
        await async_wait_until(lambda: len(bot.rt.live) == 1)
        # the torrent is paused in qBittorrent: the live view follows without any user action
        client.torrents_pause(torrent_hashes=torrent.info_hash)
        edit = await fake_telegram.wait_for_call("editMessageText", timeout=15)
        assert edit.params["message_id"] == call.result["message_id"]
        assert edit.params["text"].endswith("  0 o/s · en pause</pre>")
        # after queue_live_seconds (3 s) the view gets one last edit without the live marker
        final = await fake_telegram.wait_for_call("editMessageText", timeout=15)
        assert "🔴" not in final.params["text"]
        assert len(bot.rt.live) == 0


async def test_stale_and_down_sources(fake_telegram, fake_radarr) -> None:
    nobody = SimpleNamespace(url=unreachable_url(), api_key="unused-key-1234")
    config = bot_config(fake_telegram, radarr=fake_radarr, sonarr=nobody)
    async with running_bot(config, fake_telegram, clock=frozen_clock()) as bot:
        call = await bot.send("series")
        assert call.params["text"] == (
            "📺 <b>Séries</b> (0)\n<i>triées par ajout récent · saisons complètes/total</i>\n"
            "⚠️ Sonarr injoignable"
        )
        fake_radarr.faults.set(status=500)
        await bot.rt.coordinator.refresh_now("radarr")
        call = await bot.send("films")
        assert call.params["text"].endswith("\n🕰 données d'il y a 0 s (Radarr injoignable)")
        assert "Dune" in call.params["text"]
        bot.system.fail = OSError("disk gone")
        bot.containers.fail = FileNotFoundError("/var/run/docker.sock")
        bot.rt.coordinator.get("system")
        await bot.rt.coordinator.refresh_now("system")
        await bot.rt.coordinator.refresh_now("containers")
        call = await bot.send("status")
        assert "🕰 données d'il y a 0 s (Système injoignable)" in call.params["text"]
        assert "🕰 données d'il y a 0 s (Docker injoignable)" in call.params["text"]
        assert bot.rt.metrics.value("myflix_bot_handler_errors") == 0


async def test_stranger_gets_one_refusal_and_no_data(fake_telegram, fake_radarr) -> None:
    stranger = TgUser(id=STRANGER, first_name="Mallory")
    async with running_bot(bot_config(fake_telegram, radarr=fake_radarr), fake_telegram) as bot:
        call = await bot.send("films", user=stranger)
        assert call.params == {"chat_id": STRANGER, "text": "⛔ Accès refusé."}
        fake_telegram.send_command("films", user=stranger)
        fake_telegram.send_text("dune", user=stranger)
        # a stranger presses a button of Alice's message
        menu_call = await bot.send("start")
        query_id = fake_telegram.press_button(bot.message(menu_call), "f:0:r:", user=stranger)
        # an allowed user in a group nobody allowlisted gets nothing either
        group = {"id": -1001, "type": "supergroup", "title": "Random"}
        fake_telegram.send_command("films", chat=group)
        # a barrier instead of a pause: updates are handled one at a time, in order, so once Alice's
        # next command is answered every update above has been handled completely
        barrier = await bot.send("start")
        assert barrier.params["chat_id"] == USER
        assert bot.rt.metrics.value("myflix_bot_denied_updates", kind="message") == 4
        assert bot.rt.metrics.value("myflix_bot_denied_updates", kind="callback") == 1
        sent = fake_telegram.calls("sendMessage")
        assert [c.params["chat_id"] for c in sent] == [STRANGER, USER, USER]
        assert fake_telegram.calls("editMessageText") == []
        answer = fake_telegram.callback_answer(query_id)
        assert answer is None or "Dune" not in str(answer)
        assert bot.rt.metrics.value("myflix_bot_refusals_sent") == 1


async def test_admin_only_command_plugs_in_through_the_registry(fake_telegram) -> None:
    registry = Registry()

    async def gc_run(rt, req) -> View:
        return View(f"GC lancé par {req.user_id}")

    registry.add_command(Command("gc", "cmd.help", gc_run, role=Role.ADMIN))
    async with running_bot(bot_config(fake_telegram), fake_telegram, registry=registry) as bot:
        assert "gc" not in [c["command"] for c in fake_telegram.commands()]  # admins-only: not advertised
        call = await bot.send("gc")
        assert call.params["text"] == "⛔ Réservé aux administrateurs."
        admin = TgUser(id=ADMIN, first_name="Root")
        call = await bot.send("gc", user=admin)
        assert call.params["text"] == f"GC lancé par {ADMIN}"
        call = await bot.send("nosuchcommand")
        assert call.params["text"] == "❓ Commande inconnue. Le menu :"
