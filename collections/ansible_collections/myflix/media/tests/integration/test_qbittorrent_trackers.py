"""qbittorrent_trackers against a real qbittorrent-nox with real public and private .torrent files."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from myflix_testkit.torrents import make_torrent

from .conftest import assert_no_secret

SAMPLE = (
    Path(__file__).resolve().parents[1] / "unit" / "plugins" / "module_utils" / "trackers_best.sample.txt"
)
EXTRA = ["udp://tracker.opentrackr.org:1337/announce", "udp://open.stealth.si:80/announce"]
OWN = "http://127.0.0.1:9/announce"


def qbt_args(qbt):
    return {
        "qbittorrent_url": qbt.url,
        "qbittorrent_username": qbt.username,
        "qbittorrent_password": qbt.password,
    }


def add(qbt, tmp_path, name, *, private, category=""):
    data = tmp_path / name
    data.write_bytes(name.encode() * 4096)
    torrent = make_torrent(data, private=private, announce=OWN)
    path = torrent.write(tmp_path / f"{name}.torrent")
    client = qbt.client()
    client.torrents_add(
        torrent_files=str(path), save_path=str(tmp_path), is_paused=True, category=category or None
    )
    for _attempt in range(50):
        found = [t for t in client.torrents_info() if t.name == name]
        if found:
            return found[0].hash
        threading.Event().wait(0.1)
    raise AssertionError(f"qBittorrent did not add {name}")


def tracker_urls(qbt, torrent_hash):
    return {t.url for t in qbt.client().torrents_trackers(torrent_hash) if not t.url.startswith("** [")}


@pytest.fixture
def qbt(qbittorrent_session):
    qbittorrent_session.reset()
    qbittorrent_session.client().app_set_preferences({"add_trackers_enabled": False, "add_trackers": ""})
    return qbittorrent_session


def test_public_only_then_idempotent(run_module, qbt, tmp_path):
    public = add(qbt, tmp_path, "public-a", private=False)
    private = add(qbt, tmp_path, "private-b", private=True)
    first = run_module("qbittorrent_trackers", {"trackers": EXTRA, **qbt_args(qbt)})
    first.assert_ok()
    assert first.changed
    assert first.result["added"] == {public: EXTRA}
    assert first.result["skipped_torrents"] == {private: "private"}
    assert tracker_urls(qbt, public) == {OWN, *EXTRA}
    assert tracker_urls(qbt, private) == {OWN}  # fail closed: the private torrent keeps only its own
    second = run_module("qbittorrent_trackers", {"trackers": EXTRA, **qbt_args(qbt)})
    second.assert_ok()
    assert second.stats["changed"] == 0
    assert second.result["skipped_torrents"][public] == "already has every tracker"
    assert_no_secret(first, qbt.password)


def test_check_mode_adds_nothing(run_module, qbt, tmp_path):
    public = add(qbt, tmp_path, "public-c", private=False)
    run = run_module("qbittorrent_trackers", {"trackers": EXTRA, **qbt_args(qbt)}, check=True, diff=True)
    run.assert_ok()
    assert run.changed
    assert run.result["added"] == {public: EXTRA}
    assert tracker_urls(qbt, public) == {OWN}


def test_scope_by_category_and_file_source(run_module, qbt, tmp_path):
    movies = add(qbt, tmp_path, "public-movie", private=False, category="radarr")
    series = add(qbt, tmp_path, "public-series", private=False, category="sonarr")
    trackers_file = tmp_path / "trackers_best.txt"
    trackers_file.write_text(SAMPLE.read_text())
    expected = [line for line in SAMPLE.read_text().splitlines() if line.strip()]
    run = run_module(
        "qbittorrent_trackers",
        {"trackers_file": str(trackers_file), "categories": ["radarr"], **qbt_args(qbt)},
    )
    run.assert_ok()
    assert run.result["added"] == {movies: expected}
    assert tracker_urls(qbt, movies) == {OWN, *expected}
    assert tracker_urls(qbt, series) == {OWN}


@pytest.fixture
def tracker_list_url(tmp_path):
    body = SAMPLE.read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_args):
            return

        def do_GET(self):
            self.send_response(200 if self.path == "/ngosang/trackers_best.txt" else 404)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/ngosang/trackers_best.txt"
    server.shutdown()
    server.server_close()


def test_url_source_and_preference(run_module, qbt, tracker_list_url):
    args = {
        "trackers_url": tracker_list_url,
        "add_to_torrents": False,
        "set_preference": True,
        **qbt_args(qbt),
    }
    expected = [line for line in SAMPLE.read_text().splitlines() if line.strip()]
    check = run_module("qbittorrent_trackers", args, check=True)
    check.assert_ok()
    assert check.result["preference_changed"]
    assert qbt.client().app_preferences()["add_trackers_enabled"] is False
    first = run_module("qbittorrent_trackers", args)
    first.assert_ok()
    prefs = qbt.client().app_preferences()
    assert prefs["add_trackers_enabled"] is True
    assert prefs["add_trackers"].split("\n") == expected
    second = run_module("qbittorrent_trackers", args)
    second.assert_ok()
    assert second.stats["changed"] == 0


def test_wrong_password_and_bad_list_fail_clearly(run_module, qbt, tmp_path):
    wrong = "wrong-qbt-password-for-trackers"
    run = run_module(
        "qbittorrent_trackers",
        {"trackers": EXTRA, **qbt_args(qbt), "qbittorrent_password": wrong},
        verbosity=3,
    )
    run.assert_failed_cleanly("rejected the username or password")
    assert_no_secret(run, wrong)
    bad = run_module("qbittorrent_trackers", {"trackers": ["not a tracker"], **qbt_args(qbt)})
    bad.assert_failed_cleanly("not a tracker announce URL")
