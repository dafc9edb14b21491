"""Pure renderers: exact text and keyboards, alignment by display width, escaping, size limits."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st
from myflix_bot.callbacks import MAX_BYTES
from myflix_bot.catalog_index import SORT_TITLE, CatalogIndex
from myflix_bot.models import (
    ContainerInfo,
    Movie,
    QueueData,
    Series,
    StatusLine,
    StorageUsage,
    SystemData,
    Torrent,
    VpnData,
)
from myflix_bot.render.catalog import CatalogPage, render_catalog
from myflix_bot.render.queue import render_queue
from myflix_bot.render.status import StatusInput, render_status
from myflix_bot.render.text import LINE_WIDTH, display_width, visible_length
from myflix_bot.render.view import MAX_MESSAGE, View
from myflix_testkit.fakes.telegram import parse_html

from .conftest import NOW, snap

GB = 1024**3
NASTY = [
    "Tom & Jerry <The Movie>",
    "Amélie",
    "Ame\u0301lie",
    "千と千尋の神隠し",
    "🎬🍿 Émojis 👨‍👩‍👧",
    "Le Seigneur des anneaux : La Communauté de l'anneau — version longue",
    "x" * 500,
    "</pre><b>",
]


def movie(i: int, title: str, year: int | None = 2000, added: float = 0.0) -> Movie:
    return Movie(id=i, title=title, year=year, added=added or NOW - i, sort_title=title.casefold())


def pre_lines(view: View) -> list[str]:
    """The plain lines inside the <pre> block, as Telegram will show them."""
    text, entities = parse_html(view.text)
    pre = next(e for e in entities if e["type"] == "pre")
    utf16 = text.encode("utf-16-le")
    block = utf16[pre["offset"] * 2 : (pre["offset"] + pre["length"]) * 2].decode("utf-16-le")
    return block.split("\n")


def check_view(view: View) -> None:
    parse_html(view.text)  # raises on bad HTML, like Telegram
    assert visible_length(view.text) <= MAX_MESSAGE
    assert len(view.text) <= 3 * MAX_MESSAGE
    for button in view.buttons():
        assert 1 <= len(button.data.encode()) <= MAX_BYTES


def test_films_page_exact() -> None:
    index = CatalogIndex.build(
        [movie(1, "Dune", 2021), movie(2, "Amélie", 2001), movie(3, "Tom & Jerry <3>", None)]
    )
    view = render_catalog(
        CatalogPage("films"), index.ordered("r"), snap("radarr", index), lang="fr", now=NOW, page_size=10
    )
    assert view.text == (
        "🎬 <b>Films</b> (3)\n"
        "<i>triés par ajout récent · 1/1</i>\n"
        "<pre>Dune                          2021\n"
        "Amélie                        2001\n"
        "Tom &amp; Jerry &lt;3&gt;</pre>"
    )
    assert [[(b.text, b.data) for b in row] for row in view.keyboard] == [
        [("🔤 Par titre", "f:0:t:"), ("🏠 Menu", "m")]
    ]


def test_catalog_rows_align_with_emoji_cjk_and_accents() -> None:
    titles = ["千と千尋の神隠し", "Ame\u0301lie", "🎬🍿 Émojis 👨‍👩‍👧", "Plain", "x" * 200]
    index = CatalogIndex.build([movie(i, t, 1999) for i, t in enumerate(titles, 1)])
    view = render_catalog(
        CatalogPage("films"), index.ordered("r"), snap("radarr", index), lang="fr", now=NOW, page_size=10
    )
    lines = pre_lines(view)
    assert len(lines) == 5
    assert {display_width(line) for line in lines} == {34}
    assert all(line.endswith(" 1999") for line in lines)


def test_series_shows_seasons_and_pages() -> None:
    items = [
        Series(
            id=i,
            title=f"Show {i:02d}",
            year=2000 + i,
            added=NOW - i,
            sort_title=f"show {i:02d}",
            seasons_complete=i % 3,
            seasons_total=3,
            episodes_have=5,
            episodes_total=30,
        )
        for i in range(1, 24)
    ]
    index = CatalogIndex.build(items)
    view = render_catalog(
        CatalogPage("series", page=1, sort=SORT_TITLE),
        index.ordered(SORT_TITLE),
        snap("sonarr", index),
        lang="en",
        now=NOW,
        page_size=10,
    )
    assert view.text.splitlines()[0] == "📺 <b>Series</b> (23)"
    assert view.text.splitlines()[1] == "<i>by title · seasons complete/total · 2/3</i>"
    lines = pre_lines(view)
    assert lines[0] == "Show 11                        2/3"
    assert len(lines) == 10
    assert [[b.data for b in row] for row in view.keyboard] == [["s:0:t:", "x", "s:2:t:"], ["s:0:r:", "m"]]


def test_catalog_filter_keeps_query_id_in_buttons_and_escapes_the_query() -> None:
    index = CatalogIndex.build([movie(i, f"Dune {i}", 2000 + i) for i in range(30)])
    hits = index.search("dune")
    page = CatalogPage("films", query="dune <&>", query_id="a1")
    view = render_catalog(page, hits, snap("radarr", index), lang="fr", now=NOW, page_size=10)
    assert "filtre « dune &lt;&amp;&gt; »" in view.text
    assert [b.data for b in view.keyboard[0]] == ["x", "f:1:r:a1"]
    assert [b.data for b in view.keyboard[1]] == ["m"]  # no sort toggle on a relevance list
    check_view(view)


def test_catalog_no_match_empty_down_and_stale() -> None:
    index = CatalogIndex.build([movie(1, "Dune")])
    none = render_catalog(
        CatalogPage("films", query="zzz", query_id="1"),
        (),
        snap("radarr", index),
        lang="fr",
        now=NOW,
        page_size=10,
    )
    assert "Aucun résultat pour « zzz »." in none.text
    empty = render_catalog(
        CatalogPage("films"), (), snap("radarr", CatalogIndex.build([])), lang="en", now=NOW, page_size=10
    )
    assert empty.text.endswith("Nothing downloaded yet.")
    down = render_catalog(
        CatalogPage("films"),
        None,
        snap("radarr", never=True, error="ConnectError"),
        lang="fr",
        now=NOW,
        page_size=10,
    )
    assert down.text.endswith("⚠️ Radarr injoignable")
    assert "<pre>" not in down.text
    stale = render_catalog(
        CatalogPage("films"),
        index.ordered("r"),
        snap("radarr", index, age=600, error="HTTP 500"),
        lang="fr",
        now=NOW,
        page_size=10,
    )
    assert stale.text.endswith("🕰 données d'il y a 10 min (Radarr injoignable)")
    assert "Dune" in stale.text
    old = render_catalog(
        CatalogPage("films"),
        index.ordered("r"),
        snap("radarr", index, age=7200, interval=300),
        lang="en",
        now=NOW,
        page_size=10,
    )
    assert old.text.endswith("🕰 updated 2 h 00 ago")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(NASTY), st.text(min_size=0, max_size=400)), min_size=0, max_size=40),
    st.integers(min_value=0, max_value=10),
    st.sampled_from(["fr", "en"]),
)
def test_catalog_always_valid_html_under_limits(titles: list[str], page: int, lang: str) -> None:
    index = CatalogIndex.build([movie(i, t) for i, t in enumerate(titles)])
    view = render_catalog(
        CatalogPage("films", page=page, query=titles[0] if titles else None, query_id="9"),
        index.ordered("r"),
        snap("radarr", index),
        lang=lang,
        now=NOW,
        page_size=25,
    )
    check_view(view)


def torrent(name: str, progress: float, state: str = "downloading", eta: int | None = 600) -> Torrent:
    return Torrent(
        hash=name[:8],
        name=name,
        progress=progress,
        dlspeed=2 * 1024**2,
        upspeed=0,
        eta=eta,
        state=state,
        size=GB,
        added_on=0,
    )


def test_queue_exact() -> None:
    data = QueueData(
        torrents=(
            torrent("Dune.Part.Two.2024.2160p.WEB-DL.x265-GROUP", 0.5),
            torrent("Amélie", 0.0, "stalledDL", None),
        ),
        download_speed=2 * 1024**2,
        upload_speed=512 * 1024,
        listen_port=51413,
    )
    view = render_queue(snap("qbittorrent", data), "fr", NOW)
    assert view.text == (
        "⬇️ <b>Téléchargements</b> (2)\n"
        f"↓ 2,0 Mo/s · ↑ 512 Ko/s · mis à jour à {time.strftime('%H:%M', time.localtime(NOW))}\n"
        "<pre>Dune.Part.Two.2024.2160p.WEB-DL.x…\n"
        "▕██████      ▏  50 % · 10 min\n"
        "  2,0 Mo/s · téléchargement\n"
        "\n"
        "Amélie\n"
        "▕            ▏   0 % · ∞\n"
        "  2,0 Mo/s · bloqué</pre>"
    )
    assert [[b.data for b in row] for row in view.keyboard] == [["q:0", "m"]]


def test_queue_bars_align_and_live_marker() -> None:
    data = QueueData(
        torrents=tuple(
            torrent(n, p) for n, p in zip(NASTY, [0.01, 0.333, 0.5, 0.999, 1.0, 0.2, 0.7, 0.1], strict=True)
        ),
        download_speed=0,
        upload_speed=0,
        listen_port=None,
    )
    view = render_queue(snap("qbittorrent", data), "en", NOW, page_size=8, live=True)
    check_view(view)
    lines = pre_lines(view)
    bars = [line for line in lines if line.startswith("▕")]
    assert len(bars) == 8
    assert {line.rindex("▏") for line in bars} == {13}
    names = lines[0::4]
    assert all(display_width(n) <= LINE_WIDTH for n in names)
    assert "🔴 live" in view.text


def test_queue_pages_empty_and_down() -> None:
    data = QueueData(
        torrents=tuple(torrent(f"t{i}", 0.1) for i in range(20)),
        download_speed=0,
        upload_speed=0,
        listen_port=1,
    )
    view = render_queue(snap("qbittorrent", data), "fr", NOW, page=2, page_size=8)
    assert [b.data for b in view.keyboard[0]] == ["q:1", "x"]
    assert view.keyboard[0][1].text == "3/3"
    empty = render_queue(snap("qbittorrent", QueueData((), 0, 0, None)), "fr", NOW)
    assert "Aucun téléchargement en cours." in empty.text
    down = render_queue(snap("qbittorrent", never=True, error="LoginFailed"), "fr", NOW)
    assert down.text == "⬇️ <b>Téléchargements</b> (0)\n⚠️ qBittorrent injoignable"


def status_input(**changes: object) -> StatusInput:
    system = SystemData(
        storage=(StorageUsage("NVMe", 100 * GB, 250 * GB), StorageUsage("HDD", 3_900 * GB, 4_000 * GB)),
        storage_names=("NVMe", "HDD"),
        cpu_temp=52.3,
        throttled=0x50000,
        mem_used=2 * GB,
        mem_total=8 * GB,
        load=(0.5, 0.25, 0.125),
    )
    values: dict[str, object] = {
        "system": snap("system", system),
        "vpn": snap("gluetun", VpnData("running", "185.1.2.3", 51413)),
        "queue": snap("qbittorrent", QueueData((), 0, 0, 51413)),
        "containers": snap(
            "containers",
            (
                ContainerInfo("gluetun", "running", "healthy"),
                ContainerInfo("radarr", "running", "unhealthy"),
                ContainerInfo("sonarr", "exited", None),
            ),
        ),
        "warn_percent": 90.0,
        "home_ip": "82.1.1.1",
    }
    values.update(changes)
    return StatusInput(**values)  # type: ignore[arg-type]


def test_status_exact_french() -> None:
    view = render_status(status_input(), "fr", NOW)
    assert view.text == (
        "📊 <b>État du serveur</b>\n"
        "\n"
        "💾 <b>Stockage</b>\n"
        "<pre>NVMe ▕██▊    ▏  40 % 100/250 Go\n"
        "HDD  ▕██████▉▏  98 % 3,8/3,9 To ⚠️</pre>\n"
        "⚠️ plus de 90 % utilisés\n"
        "\n"
        "🔒 <b>VPN</b>\n"
        "Gluetun : actif ✅\n"
        "IP publique : 185.1.2.3 (≠ domicile ✅)\n"
        "Port : 51413 → qBittorrent 51413 ✅\n"
        "\n"
        "🖥 <b>Système</b>\n"
        "CPU 52,3 °C · charge 0,50 0,25 0,12\n"
        "depuis le démarrage : sous-tension, bridé\n"
        "RAM 2,0 Go / 8,0 Go\n"
        "\n"
        "🐳 <b>Conteneurs</b>\n"
        "1/3 en bonne santé\n"
        "❌ radarr : en mauvaise santé\n"
        "❌ sonarr : arrêté"
    )
    assert [[b.data for b in row] for row in view.keyboard] == [["st", "m"]]
    lines = pre_lines(view)
    assert lines[0].index("▕") == lines[1].index("▕")
    assert lines[0].index("%") == lines[1].index("%")


def test_status_leak_port_mismatch_and_throttled_now_in_english() -> None:
    system = SystemData(
        storage=(None,),
        storage_names=("HDD",),
        cpu_temp=None,
        throttled=0x5,
        mem_used=None,
        mem_total=None,
        load=None,
    )
    view = render_status(
        status_input(
            system=snap("system", system), vpn=snap("gluetun", VpnData("stopped", "82.1.1.1", 40000))
        ),
        "en",
        NOW,
    )
    assert "Gluetun: stopped ❌" in view.text
    assert "Public IP: 82.1.1.1 (= home IP ❌ LEAK)" in view.text
    assert "Port: 40000 → qBittorrent 51413 ❌ out of sync" in view.text
    assert "⚠️ now: under-voltage, throttled" in view.text
    assert "HDD ▕░░░░░░░░░░▏     ? unknown" in view.text
    check_view(view)


def test_status_down_sources_and_watcher_lines() -> None:
    extra = [
        StatusLine("watchers", "thermal governor: ok"),
        StatusLine("watchers", "gc <dry-run> & co", ok=False),
    ]
    view = render_status(
        status_input(
            vpn=snap("gluetun", never=True, error="ConnectError"),
            queue=snap("qbittorrent", never=True, error="x"),
            containers=snap("containers", never=True, error="FileNotFoundError"),
            extra=extra,
        ),
        "fr",
        NOW,
    )
    assert "⚠️ Gluetun injoignable\n⚠️ qBittorrent injoignable" in view.text
    assert "⚠️ Docker injoignable" in view.text
    assert view.text.endswith(
        "🤖 <b>Automatismes</b>\n✅ thermal governor: ok\n❌ gc &lt;dry-run&gt; &amp; co"
    )
    check_view(view)


def test_a_failing_watcher_line_keeps_its_reason() -> None:
    """A watcher line is cut at 60 cells when it is fine, but a failing one keeps its reason: the cut
    once left "❌ 🌡 Température : ?, limites inactives — erreur : WatcherErro…" on a host without a sensor."""
    reason = "temperature sensor unreadable: /sys/class/thermal/thermal_zone0/temp"
    fine = "🧹 Nettoyage : 0 supprimé(s), 0 gardé(s) (simulation) " + "x" * 40
    extra = [
        StatusLine("watchers", f"🌡 Température : ?, limites inactives — erreur : {reason}", ok=False),
        StatusLine("watchers", fine),
    ]
    view = render_status(status_input(extra=extra), "fr", NOW)
    assert f"❌ 🌡 Température : ?, limites inactives — erreur : {reason}\n" in view.text
    (kept,) = [line for line in view.text.splitlines() if line.startswith("✅ 🧹")]
    assert kept.endswith("…")
    assert display_width(kept) <= display_width("✅ ") + 60
    check_view(view)


def test_a_line_that_needs_an_admin_is_marked_and_keeps_its_reason() -> None:
    """A watcher that works but watches something wrong (a disk tier misconfigured, absent, below its
    floor) is ⚠️ with room for its reason; the twin, the same watcher with nothing wrong, stays ✅ and
    is cut at 60 cells; a failing one stays ❌ even when it also asks for attention."""
    why = "💽 Espace disque : nvme mal réglé, hdd sous le seuil (381 Mo libres), 2 téléchargements retenus"
    extra = [
        StatusLine("watchers", why, attention=True),
        StatusLine("watchers", "💽 Espace disque : nvme 5,1 Go libres, hdd 906 Mo libres " + "x" * 40),
        StatusLine("watchers", "gc: down", ok=False, attention=True),
    ]
    view = render_status(status_input(extra=extra), "fr", NOW)
    assert f"⚠️ {why}\n" in view.text
    (fine,) = [line for line in view.text.splitlines() if line.startswith("✅ 💽")]
    assert fine.endswith("…")
    assert "❌ gc: down" in view.text
    check_view(view)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=60), st.text(max_size=50))
def test_status_many_containers_and_odd_names_stay_valid(names: list[str], ip: str) -> None:
    containers = tuple(ContainerInfo(n, "exited", None) for n in names)
    view = render_status(
        status_input(
            containers=snap("containers", containers),
            vpn=snap("gluetun", VpnData(ip or "running", ip or None, None)),
        ),
        "fr",
        NOW,
    )
    check_view(view)
