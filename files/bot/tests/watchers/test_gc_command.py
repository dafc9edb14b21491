"""/gc end to end: python-telegram-bot against the fake Bot API, a real qbittorrent-nox, real files and
hardlinks. A user is refused and nothing moves; an admin gets what a dry-run pass would delete (and it
stays), then, with dry-run off, what the pass deleted (gone from qBittorrent, data in the recycle bin)."""

from __future__ import annotations

import os
from pathlib import Path

from myflix_bot.app import BotService, build_application
from myflix_bot.assembly import build_runtime
from myflix_bot.assembly import install_operations as install
from myflix_testkit.fakes.telegram import TelegramFake, TgUser

from ..harness import FIXED_SYSTEM, FixedSource
from .conftest import ADMIN, make_config, make_data, seed_torrent

USER = 424242  # the fake's default user (Alice): allowed, not an admin
ADMIN_USER = TgUser(id=ADMIN, first_name="Admin")


def link_into_library(data: Path, library: Path) -> None:
    target = library / data.name
    target.mkdir(parents=True)
    for f in data.iterdir():
        if f.suffix == ".mkv":
            os.link(f, target / f.name)


async def reply_to(tg: TelegramFake, chat_id: int, text: str, user: TgUser | None = None) -> str:
    tg.send_text(text, user=user)
    call = await tg.wait_for_call(
        "sendMessage",
        timeout=30,
        # the reply, not the GC's admin notice that the same pass sends to the admin chat
        predicate=lambda c: c.params.get("chat_id") == chat_id and "GC" not in str(c.params.get("text")),
    )
    assert call.ok, call.description
    return str(call.params["text"])


async def gc_answer(tg: TelegramFake, text: str = "/gc") -> str:
    """/gc answers "running…" at once, then edits that message with the pass's result."""
    running = await reply_to(tg, ADMIN, text, ADMIN_USER)
    assert running.startswith("🧹 Nettoyage en cours…"), running
    sent = [c for c in tg.calls() if c.method == "sendMessage" and c.params.get("text") == running]
    message_id = sent[-1].result["message_id"]
    call = await tg.wait_for_call(
        "editMessageText",
        timeout=60,
        predicate=lambda c: (
            c.params.get("chat_id") == ADMIN and int(c.params.get("message_id")) == message_id
        ),
    )
    assert call.ok, call.description
    return str(call.params["text"])


async def test_gc_command_dry_run_then_real_pass(fake_telegram, qbittorrent, tmp_path) -> None:
    api = qbittorrent.client()
    root = qbittorrent.download_dir
    linked = make_data(root / "torrents", "Imported.Film.2020")
    fresh = make_data(root / "torrents", "Fresh.Film.2022")
    link_into_library(linked, root / "library")
    h_linked = seed_torrent(api, linked, category="radarr")
    h_fresh = seed_torrent(api, fresh, category="radarr")
    config = make_config(
        {
            "telegram": {"allowed_users": [USER], "admins": [ADMIN], "base_url": fake_telegram.base_url},
            "qbittorrent": {"url": qbittorrent.url, "username": qbittorrent.username},
            "watchers": {
                "state_dir": str(tmp_path / "state"),
                "thermal": {"enabled": False},
                "gc": {
                    "categories": [{"name": "radarr", "arr": "radarr", "min_ratio": 0.0}],
                    "roots": [str(root)],
                },
            },
            "exporter": {"enabled": False},
        },
        env={
            "MYFLIX_TELEGRAM_TOKEN": fake_telegram.token,
            "MYFLIX_QBITTORRENT_PASSWORD": qbittorrent.password,
        },
    )
    rt = build_runtime(config, source_overrides={"system": FixedSource(FIXED_SYSTEM)})
    ws = install(rt)
    gc = ws.watchers["gc"]
    assert gc.dry_run  # the default
    service = BotService(rt, build_application(rt))
    await service.start(poll_interval=0.0, polling_timeout=1)
    try:
        refused = await reply_to(fake_telegram, USER, "/gc")
        assert refused == "⛔ Réservé aux administrateurs."

        dry = await gc_answer(fake_telegram)
        assert dry.startswith("🧹 <b>Nettoyage</b> (simulation)\n")
        assert "Supprimerait 1 torrent(s)" in dry
        assert "• Imported.Film.2020" in dry
        assert "Fresh.Film.2022" not in dry
        assert "Gardés : 1" in dry
        assert {t.hash for t in api.torrents_info()} == {h_linked, h_fresh}
        assert (linked / "part0.mkv").exists()

        gc.dry_run = False  # as with watchers.gc.dry_run: false
        done = await gc_answer(fake_telegram)
        assert done.startswith("🧹 <b>Nettoyage</b>\n")
        assert "1 torrent(s) supprimé(s)" in done
        assert "• Imported.Film.2020" in done
        assert "Gardés : 1" in done
        assert {t.hash for t in api.torrents_info()} == {h_fresh}
        assert not linked.exists()
        binned = list((root / ".myflix-recycle").rglob("part0.mkv"))
        assert len(binned) == 1
        assert (root / "library" / "Imported.Film.2020" / "part0.mkv").exists()  # the library copy stays
        assert (fresh / "part0.mkv").exists()

        again = await gc_answer(fake_telegram)
        assert "Rien à supprimer." in again
    finally:
        await service.stop()


async def test_gc_command_without_a_gc_answers_not_configured(fake_telegram) -> None:
    config = make_config(
        {
            "telegram": {"allowed_users": [USER], "admins": [ADMIN], "base_url": fake_telegram.base_url},
            "exporter": {"enabled": False},
        },
        env={"MYFLIX_TELEGRAM_TOKEN": fake_telegram.token},
    )
    rt = build_runtime(config, source_overrides={"system": FixedSource(FIXED_SYSTEM)})
    install(rt)
    service = BotService(rt, build_application(rt))
    await service.start(poll_interval=0.0, polling_timeout=1)
    try:
        text = await reply_to(fake_telegram, ADMIN, "/gc", ADMIN_USER)
        assert text == "🧹 Le nettoyage n'est pas configuré (watchers.gc.categories)."
    finally:
        await service.stop()


async def test_gc_command_answers_at_once_while_radarr_is_slow(
    fake_telegram, qbittorrent, fake_radarr, tmp_path
) -> None:
    """Point 5: with Radarr answering slowly, "running…" comes before the pass ends (and so before
    the edit); the edit then carries the result."""
    api = qbittorrent.client()
    root = qbittorrent.download_dir
    data = make_data(root / "torrents", "Slow.Film.2020")
    h = seed_torrent(api, data, category="radarr")
    fake_radarr.faults.set(latency=3.0, only_paths=("/api/v3/history",))
    config = make_config(
        {
            "telegram": {"allowed_users": [USER], "admins": [ADMIN], "base_url": fake_telegram.base_url},
            "qbittorrent": {"url": qbittorrent.url, "username": qbittorrent.username},
            "radarr": {"url": fake_radarr.url},
            "watchers": {
                "state_dir": str(tmp_path / "state"),
                "thermal": {"enabled": False},
                "gc": {"categories": [{"name": "radarr", "arr": "radarr", "min_ratio": 0.0}]},
            },
            "exporter": {"enabled": False},
        },
        env={
            "MYFLIX_TELEGRAM_TOKEN": fake_telegram.token,
            "MYFLIX_QBITTORRENT_PASSWORD": qbittorrent.password,
            "MYFLIX_RADARR_API_KEY": fake_radarr.api_key,
        },
    )
    rt = build_runtime(config, source_overrides={"system": FixedSource(FIXED_SYSTEM)})
    ws = install(rt)
    service = BotService(rt, build_application(rt))
    await service.start(poll_interval=0.0, polling_timeout=1)
    try:
        fake_telegram.send_text("/gc", user=ADMIN_USER)
        running = await fake_telegram.wait_for_call(
            "sendMessage", timeout=30, predicate=lambda c: "en cours" in str(c.params.get("text"))
        )
        assert running.ok
        assert ws.watchers["gc"].lock.locked(), "the answer came while the pass still waits for Radarr"
        assert not [c for c in fake_telegram.calls() if c.method == "editMessageText"]
        edited = await fake_telegram.wait_for_call("editMessageText", timeout=60)
        assert "Rien à supprimer." in str(edited.params["text"])
        assert {t.hash for t in api.torrents_info()} == {h}
    finally:
        await service.stop()
