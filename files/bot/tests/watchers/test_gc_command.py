"""/gc end to end: python-telegram-bot against the fake Bot API, a real qbittorrent-nox, real files and
hardlinks. A user is refused and nothing moves; an admin gets what a dry-run pass would delete (and it
stays), then, with dry-run off, what the pass deleted (gone from qBittorrent, data in the recycle bin)."""

from __future__ import annotations

import os
from pathlib import Path

from myflix_bot.app import BotService, build_application, build_runtime
from myflix_bot.watchers.install import install
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

        dry = await reply_to(fake_telegram, ADMIN, "/gc", ADMIN_USER)
        assert dry.startswith("🧹 <b>Nettoyage</b> (simulation)\n")
        assert "Supprimerait 1 torrent(s)" in dry
        assert "• Imported.Film.2020" in dry
        assert "Fresh.Film.2022" not in dry
        assert "Gardés : 1" in dry
        assert {t.hash for t in api.torrents_info()} == {h_linked, h_fresh}
        assert (linked / "part0.mkv").exists()

        gc.dry_run = False  # as with watchers.gc.dry_run: false
        done = await reply_to(fake_telegram, ADMIN, "/gc", ADMIN_USER)
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

        again = await reply_to(fake_telegram, ADMIN, "/gc", ADMIN_USER)
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
