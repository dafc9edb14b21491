"""Failed and blocked imports against the Radarr fake's queue (tracked state, status and messages),
a real qbittorrent-nox for the torrents' privacy and an injected clock: a blocked import is reported
once after the threshold, never before; a configured reason is removed and blocklisted through Radarr
(a private torrent only forgotten by Radarr, kept in qBittorrent); Radarr failing: nothing removed."""

from __future__ import annotations

import asyncio

import pytest
from ansible_collections.myflix.media.plugins.module_utils.gluetun import GluetunClient
from myflix_bot.access import Role
from myflix_bot.commands.pipeline import cb_import
from myflix_bot.commands.registry import Request
from myflix_bot.config import ArrConfig
from myflix_bot.secrets import Secret
from myflix_bot.sources.arr import ArrClient
from myflix_bot.sources.gluetun import poll
from myflix_bot.watchers.imports import ArrNotAnswering, ImportsWatcher
from myflix_bot.watchers.pipeline import NetworkProbe
from myflix_bot.watchers.pipeline_settings import ImportsSettings, PipelineSettings

from .conftest import callback_of, collection_client, make_data, runtime_with, seed_torrent

HOUR = 3600.0
NO_FILES = "No files found are eligible for import in /data/torrents/x"


def watcher(qbittorrent, fake_radarr, fake_gluetun, notifier, clock) -> ImportsWatcher:
    client = collection_client(qbittorrent)
    radarr = ArrClient(ArrConfig(url=fake_radarr.url, api_key=Secret(fake_radarr.api_key)), "Radarr")
    gluetun = GluetunClient(fake_gluetun.url)
    fake_gluetun.set_ports(qbittorrent.listen_port)

    async def vpn():
        return await asyncio.to_thread(poll, gluetun)

    return ImportsWatcher(
        ImportsSettings(dry_run=False, after=HOUR, auto_reasons=("no files found are eligible",)),
        PipelineSettings(max_removals=5, max_share=1.0),
        client,
        arrs={"radarr": radarr.run},
        network=NetworkProbe(client, vpn),
        notifier=notifier,
        clock=clock,
    )


def stuck(fake_radarr, title: str, h: str, message: str, state: str = "importBlocked") -> int:
    movie = next(iter(fake_radarr.state.movies))
    record = fake_radarr.state.add_queue_item(
        movie,
        title=title,
        download_id=h.upper(),
        status="completed",
        tracked_state=state,
        tracked_status="warning",
        status_messages=[{"title": title, "messages": [message]}],
    )
    return record["id"]


async def test_reported_once_after_the_threshold_and_reasons_handled(
    qbittorrent, fake_radarr, fake_gluetun, notifier, clock
) -> None:
    api = qbittorrent.client()
    tmp_path = qbittorrent.download_dir
    public = seed_torrent(api, make_data(tmp_path, "Empty.Film"))
    private = seed_torrent(api, make_data(tmp_path, "Private.Empty"), private=True)
    asked = seed_torrent(api, make_data(tmp_path, "Wrong.Language"))
    q_public = stuck(fake_radarr, "Empty.Film", public, NO_FILES)
    q_private = stuck(fake_radarr, "Private.Empty", private, NO_FILES)
    stuck(fake_radarr, "Wrong.Language", asked, "Unknown language: German", state="importPending")
    fake_radarr.state.add_queue_item(next(iter(fake_radarr.state.movies)), title="Fine.Download")
    w = watcher(qbittorrent, fake_radarr, fake_gluetun, notifier, clock)

    await w.run()
    assert fake_radarr.state.queue_removals == []  # not stuck for long enough yet
    assert notifier.sent == []
    clock.advance(HOUR)
    await w.run()
    assert sorted(fake_radarr.state.queue_removals, key=lambda r: r["id"]) == [
        {"id": q_public, "removeFromClient": True, "blocklist": True, "skipRedownload": True},
        {"id": q_private, "removeFromClient": False, "blocklist": True, "skipRedownload": True},
    ]
    assert len(fake_radarr.state.commands_named("MoviesSearch")) == 2
    sent = "\n".join(notifier.sent)
    assert "Wrong.Language: radarr has not imported it for a while (Unknown language: German)" in sent
    assert "the private torrent stays" in sent
    assert {t.hash for t in api.torrents_info()} >= {private, asked}  # nothing removed from qBittorrent here
    before = len(notifier.sent)
    clock.advance(HOUR)
    await w.run()
    assert len(notifier.sent) == before  # reported once, not at every run
    assert w.stuck == 1


async def test_a_failing_radarr_removes_nothing(
    qbittorrent, fake_radarr, fake_gluetun, notifier, clock
) -> None:
    h = seed_torrent(qbittorrent.client(), make_data(qbittorrent.download_dir, "Empty.Film"))
    stuck(fake_radarr, "Empty.Film", h, NO_FILES)
    w = watcher(qbittorrent, fake_radarr, fake_gluetun, notifier, clock)
    await w.run()
    fake_radarr.faults.set(status=500)
    clock.advance(2 * HOUR)
    with pytest.raises(ArrNotAnswering, match="radarr"):  # no success for the exporter
        await w.run()
    assert fake_radarr.state.queue_removals == []
    assert w.failing == ["radarr"]
    assert any("radarr does not answer" in t for t in notifier.sent)
    fake_radarr.faults.clear()  # the twin: it answers again, and the item goes
    await w.run()
    assert len(fake_radarr.state.queue_removals) == 1


async def test_the_report_buttons_blocklist_or_ignore(
    qbittorrent, fake_radarr, fake_gluetun, notifier, clock
) -> None:
    api = qbittorrent.client()
    wrong = seed_torrent(api, make_data(qbittorrent.download_dir, "Wrong.Language"))
    other = seed_torrent(api, make_data(qbittorrent.download_dir, "Other.Problem"))
    q_wrong = stuck(fake_radarr, "Wrong.Language", wrong, "Unknown language: German")
    stuck(fake_radarr, "Other.Problem", other, "Episode not found")
    pressed: list[tuple[str, tuple]] = []

    async def sender(chat_id: int, text: str, buttons: tuple = ()) -> None:
        pressed.append((text, buttons))

    notifier.sender = sender
    w = watcher(qbittorrent, fake_radarr, fake_gluetun, notifier, clock)
    await w.run()
    clock.advance(HOUR)
    await w.run()
    by_name = {text.split(":")[0]: buttons for text, buttons in pressed}
    labels = [label for label, _ in by_name["📥 Wrong.Language"]]
    assert labels == ["Blocklist and search again", "Ignore"]
    rt, _ = runtime_with({"imports": w})
    request = Request(user_id=1, chat_id=1, role=Role.ADMIN, lang="en")
    blocklist = callback_of(by_name["📥 Wrong.Language"][0][1])
    view = await cb_import(rt, request, blocklist)
    assert view is not None
    assert view.text == "Done: 1 removed through the *arr, 0 refused"
    assert fake_radarr.state.queue_removals == [
        {"id": q_wrong, "removeFromClient": True, "blocklist": True, "skipRedownload": True}
    ]
    again = await cb_import(rt, request, blocklist)  # one press, one action
    assert again is not None
    assert again.text.startswith("Already handled")
    ignore = callback_of(by_name["📥 Other.Problem"][1][1])
    ignored = await cb_import(rt, request, ignore)
    assert ignored is not None
    assert ignored.text == "Other.Problem: ignored, not reported again"
    assert len(fake_radarr.state.queue_removals) == 1
