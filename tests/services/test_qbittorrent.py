"""A real qbittorrent-nox 4.5 started by the test kit, driven by the real qbittorrent-api client."""

from __future__ import annotations

import base64
import hashlib
import os
import socket
from pathlib import Path

import httpx
import pytest
import qbittorrentapi
from myflix_testkit.services import ServiceStartError, hash_password, start_qbittorrent
from myflix_testkit.services.qbittorrent import QBittorrentService
from myflix_testkit.torrents import Torrent, make_torrent
from myflix_testkit.waiting import wait_until

SEEDING_STATES = {"stalledUP", "uploading", "queuedUP", "forcedUP"}


def _fill(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(hashlib.shake_256(path.name.encode()).digest(size))


def _wait_seeding(client: qbittorrentapi.Client, info_hash: str, timeout: float = 30.0) -> dict:
    def seeding() -> dict | None:
        found = client.torrents_info(torrent_hashes=info_hash)
        done = found and found[0].progress == 1 and found[0].state in SEEDING_STATES
        return dict(found[0]) if done else None

    return wait_until(seeding, timeout, what=f"torrent {info_hash} at 100 % in a seeding state")


def _wait_present(client: qbittorrentapi.Client, info_hash: str, timeout: float = 30.0) -> None:
    """Adding a torrent is asynchronous in qBittorrent: poll until it is listed."""
    wait_until(
        lambda: client.torrents_info(torrent_hashes=info_hash), timeout, what=f"torrent {info_hash} listed"
    )


def _add(client: qbittorrentapi.Client, torrent: Torrent, save_path: Path, **kwargs: object) -> None:
    answer = client.torrents_add(
        torrent_files={"t.torrent": torrent.data}, save_path=str(save_path), **kwargs
    )
    assert answer == "Ok."


def test_client_logs_in_and_sees_the_preset_instance(qbittorrent: QBittorrentService) -> None:
    client = qbittorrent.client()
    assert client.app_version() == "v4.5.2"
    prefs = client.app_preferences()
    assert prefs["web_ui_username"] == qbittorrent.username
    assert prefs["save_path"].rstrip("/") == str(qbittorrent.download_dir)
    assert prefs["listen_port"] == qbittorrent.listen_port
    assert prefs["web_ui_port"] == qbittorrent.port


def test_category_and_local_torrent_over_existing_data_reach_seeding(qbittorrent: QBittorrentService) -> None:
    client = qbittorrent.client()
    client.torrents_create_category(name="films", save_path=str(qbittorrent.download_dir / "films"))
    assert "films" in client.torrents_categories()

    # data already on disk, hashed by our own maker: qBittorrent's check must find every piece valid
    film_dir = qbittorrent.download_dir / "films"
    _fill(film_dir / "Film (2020).mkv", 300_000)
    single = make_torrent(film_dir / "Film (2020).mkv", piece_length=32768)
    _add(client, single, film_dir, category="films")

    show = qbittorrent.download_dir / "Show S01"
    _fill(show / "e01.mkv", 70_000)
    _fill(show / "Subs" / "e01.srt", 1_234)
    multi = make_torrent(show, piece_length=16384)
    _add(client, multi, qbittorrent.download_dir)

    for torrent in (single, multi):
        seeding = _wait_seeding(client, torrent.info_hash)
        assert seeding["hash"] == torrent.info_hash  # qBittorrent computed the same v1 info hash
        assert seeding["total_size"] == torrent.total_size
    assert client.torrents_info(torrent_hashes=single.info_hash)[0].category == "films"
    assert sorted(f.name for f in client.torrents_files(torrent_hash=multi.info_hash)) == [
        "Show S01/Subs/e01.srt",
        "Show S01/e01.mkv",
    ]


def test_corrupt_data_is_not_reported_complete(qbittorrent: QBittorrentService) -> None:
    """The check is real: a torrent whose data differs on disk does not reach 100 %."""
    client = qbittorrent.client()
    target = qbittorrent.download_dir / "bad.bin"
    _fill(target, 100_000)
    torrent = make_torrent(target, piece_length=16384)
    with target.open("r+b") as stream:  # flip one byte in the second piece
        stream.seek(20_000)
        byte = stream.read(1)
        stream.seek(20_000)
        stream.write(bytes([byte[0] ^ 0xFF]))
    _add(client, torrent, qbittorrent.download_dir)

    def stalled() -> qbittorrentapi.TorrentDictionary | None:  # checked, then waits for peers
        found = client.torrents_info(torrent_hashes=torrent.info_hash)
        return found[0] if found and found[0].state == "stalledDL" else None

    info = wait_until(stalled, 30, what="the torrent with a bad piece to stall")
    assert info.progress == pytest.approx((100_000 - 16_384) / 100_000)  # all but the bad piece


def test_private_torrent_keeps_its_hash_and_announce_list(qbittorrent: QBittorrentService) -> None:
    client = qbittorrent.client()
    _fill(qbittorrent.download_dir / "p.bin", 40_000)
    tiers = [["http://127.0.0.1:9/announce"], ["http://127.0.0.1:10/announce"]]
    torrent = make_torrent(qbittorrent.download_dir / "p.bin", private=True, announce_list=tiers)
    _add(client, torrent, qbittorrent.download_dir, is_paused=True)
    _wait_present(client, torrent.info_hash)
    trackers = {
        t.url: t.tier for t in client.torrents_trackers(torrent.info_hash) if t.url.startswith("http")
    }
    assert trackers == {"http://127.0.0.1:9/announce": 0, "http://127.0.0.1:10/announce": 1}


def test_bad_password_answers_http_200_with_body_fails(qbittorrent: QBittorrentService) -> None:
    response = httpx.post(
        f"{qbittorrent.url}/api/v2/auth/login",
        data={"username": qbittorrent.username, "password": "not-the-password"},
        trust_env=False,
    )
    assert (response.status_code, response.text) == (200, "Fails.")
    good = httpx.post(
        f"{qbittorrent.url}/api/v2/auth/login",
        data={"username": qbittorrent.username, "password": qbittorrent.password},
        trust_env=False,
    )
    assert (good.status_code, good.text) == (200, "Ok.")
    assert "SID" in good.cookies
    with pytest.raises(qbittorrentapi.LoginFailed):
        qbittorrentapi.Client(
            host=qbittorrent.url, username=qbittorrent.username, password="wrong"
        ).auth_log_in()


def test_repeated_bad_logins_do_not_ban_loopback(qbittorrent: QBittorrentService) -> None:
    for _ in range(7):  # qBittorrent's default would ban 127.0.0.1 after 5
        assert qbittorrent.login_body(password="wrong") == (200, "Fails.")
    assert qbittorrent.login_body(password=qbittorrent.password) == (200, "Ok.")


def test_localhost_is_not_exempt_from_authentication(qbittorrent: QBittorrentService) -> None:
    response = httpx.get(f"{qbittorrent.url}/api/v2/app/version", trust_env=False)
    assert response.status_code == 403
    assert qbittorrent.client().app_preferences()["bypass_local_auth"] is False


def _listening_addresses(port: int) -> set[str]:
    """Local addresses with a TCP socket in LISTEN state on ``port`` (from /proc/net/tcp{,6})."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:
                found.add(address)
    return found


def test_webui_and_bittorrent_listen_on_loopback_only(qbittorrent: QBittorrentService) -> None:
    loopback_hex = "0100007F"  # 127.0.0.1, little-endian as the kernel prints it
    assert _listening_addresses(qbittorrent.port) == {loopback_hex}
    assert _listening_addresses(qbittorrent.listen_port) == {loopback_hex}
    hostname_ips = {info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)} - {
        "127.0.0.1",
        "127.0.1.1",
    }
    for address in hostname_ips:  # the WebUI port is closed on the machine's other addresses
        with (
            pytest.raises(ConnectionRefusedError),
            socket.create_connection((address, qbittorrent.port), timeout=2),
        ):
            pass


def test_nothing_that_reaches_the_outside_is_enabled(qbittorrent: QBittorrentService) -> None:
    prefs = qbittorrent.client().app_preferences()
    assert (prefs["dht"], prefs["lsd"], prefs["pex"], prefs["upnp"], prefs["web_ui_upnp"]) == (
        False,
        False,
        False,
        False,
        False,
    )
    assert prefs["current_network_interface"] == "lo"
    assert prefs["current_interface_address"] == "127.0.0.1"
    assert prefs["web_ui_address"] == "127.0.0.1"
    assert prefs["random_port"] is False
    log = qbittorrent.log_path.read_text()
    assert "geolocation" not in log.lower()  # the GeoIP download is off, so it is never attempted


def test_config_holds_a_pbkdf2_hash_never_the_password(qbittorrent: QBittorrentService) -> None:
    config = (qbittorrent.profile_dir / "qBittorrent" / "config" / "qBittorrent.conf").read_text()
    assert qbittorrent.password not in config
    line = next(x for x in config.splitlines() if x.startswith("WebUI\\Password_PBKDF2="))
    salt_b64, key_b64 = line.split("(", 1)[1].rstrip(')"').split(":")
    salt = base64.b64decode(salt_b64)
    assert len(salt) == 16
    expected = hashlib.pbkdf2_hmac("sha512", qbittorrent.password.encode(), salt, 100_000, 64)
    assert base64.b64decode(key_b64) == expected
    assert hash_password("pw", salt=salt) == hash_password("pw", salt=salt)
    assert hash_password("pw") != hash_password("pw")  # a fresh random salt each time
    assert qbittorrent.password not in repr(qbittorrent)


def test_each_instance_is_private_and_stopped_by_pid(tmp_path: Path) -> None:
    with (
        start_qbittorrent(state_dir=tmp_path / "a") as first,
        start_qbittorrent(state_dir=tmp_path / "b") as second,
    ):
        assert first.port != second.port
        assert first.profile_dir != second.profile_dir
        first.client().torrents_create_category(name="only-in-first")
        assert "only-in-first" not in second.client().torrents_categories()
        pids = (first.pid, second.pid)
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_it_is_stopped_when_the_body_raises(tmp_path: Path) -> None:
    seen: dict[str, object] = {}

    def failing_body() -> None:
        with start_qbittorrent(state_dir=tmp_path) as qbt:
            seen.update(pid=qbt.pid, url=qbt.url)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        failing_body()
    pid, url = int(seen["pid"]), str(seen["url"])  # type: ignore[call-overload]
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    with pytest.raises(httpx.TransportError):
        httpx.get(url, timeout=2, trust_env=False)


def test_temporary_state_is_removed_without_state_dir() -> None:
    with start_qbittorrent() as qbt:
        root = qbt.profile_dir.parent
        assert root.is_dir()
    assert not root.exists()


def test_start_failure_names_the_cause_and_shows_the_log(tmp_path: Path) -> None:
    fake = tmp_path / "not-qbittorrent"
    fake.write_text("#!/bin/sh\necho 'fake qbittorrent starting on' \"$@\"\nexec sleep 30\n")
    fake.chmod(0o755)
    with (
        pytest.raises(ServiceStartError) as raised,
        start_qbittorrent(state_dir=tmp_path / "state", binary=str(fake), timeout=1),
    ):
        pass
    message = str(raised.value)
    assert "qbittorrent-nox WebUI login not ready within 1 s" in message
    assert "fake qbittorrent starting on --profile=" in message  # the tail of its output
    assert "qBittorrent log" in message


def test_extra_settings_are_merged_into_the_config(tmp_path: Path) -> None:
    extra = {"BitTorrent": {"Session\\QueueingSystemEnabled": False, "Session\\GlobalMaxRatio": 2}}
    with start_qbittorrent(state_dir=tmp_path, extra_settings=extra) as qbt:
        prefs = qbt.client().app_preferences()
    assert prefs["queueing_enabled"] is False
    assert prefs["max_ratio"] == 2
    assert prefs["dht"] is False  # the base settings are still there


def test_session_instance_reset_empties_it_but_keeps_data(qbittorrent_session: QBittorrentService) -> None:
    client = qbittorrent_session.client()
    _fill(qbittorrent_session.download_dir / "kept.bin", 20_000)
    torrent = make_torrent(qbittorrent_session.download_dir / "kept.bin")
    client.torrents_create_category(name="left-behind")
    client.torrents_create_tags(tags="old")
    _add(client, torrent, qbittorrent_session.download_dir, is_paused=True)
    _wait_present(client, torrent.info_hash)

    qbittorrent_session.reset()

    assert client.torrents_info() == []
    assert client.torrents_categories() == {}
    assert client.torrents_tags() == []
    assert (qbittorrent_session.download_dir / "kept.bin").is_file()  # data is never deleted


def test_awkward_paths_and_usernames_survive_the_ini_format(tmp_path: Path) -> None:
    # a comma (a list to QSettings), a semicolon, quotes, non-ASCII followed by a hex digit, an emoji
    state = tmp_path / 'films, décor; "et" plus \U0001f3acab'
    with start_qbittorrent(state_dir=state, username="médiathèque 1", password='p;a,s"s\\wörd') as qbt:
        prefs = qbt.client().app_preferences()
        assert prefs["save_path"].rstrip("/") == str(qbt.download_dir)
        assert prefs["web_ui_username"] == "médiathèque 1"
