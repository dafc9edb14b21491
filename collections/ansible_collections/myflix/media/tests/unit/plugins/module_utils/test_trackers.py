from __future__ import annotations

from pathlib import Path

import pytest
from ansible_collections.myflix.media.plugins.module_utils.trackers import (
    SKIP_NOTHING_NEW,
    SKIP_PRIVATE,
    SKIP_UNKNOWN,
    TrackerListError,
    TrackerScope,
    apply_trackers,
    decide,
    in_scope,
    merge_tracker_lists,
    normalize_tracker,
    parse_tracker_list,
    plan_trackers,
)

SAMPLE = Path(__file__).with_name("trackers_best.sample.txt")  # a copy of ngosang's trackers_best format


def test_parse_the_ngosang_sample():
    text = SAMPLE.read_text()
    trackers = parse_tracker_list(text)
    lines = [line for line in text.splitlines() if line.strip()]
    assert trackers == lines
    assert trackers[0] == "udp://zer0day.ch:1337/announce"
    assert all("\n" not in t and t == t.strip() for t in trackers)


def test_parse_handles_comments_duplicates_crlf():
    text = "# best\r\nudp://A.example:1/announce\r\n\r\nudp://a.example:1/announce\n\nhttps://b.example/announce\n"
    assert parse_tracker_list(text) == ["udp://A.example:1/announce", "https://b.example/announce"]


@pytest.mark.parametrize("line", ["not a url", "ftp://x/announce", "udp://", "udp://a b/announce"])
def test_parse_rejects_non_trackers(line):
    with pytest.raises(TrackerListError, match="line 1"):
        parse_tracker_list(line)
    assert parse_tracker_list(line, strict=False) == []


def test_normalize_and_merge():
    assert normalize_tracker(" UDP://Tracker.Example:80/Announce ") == "udp://tracker.example:80/Announce"
    assert merge_tracker_lists(["udp://a:1/x"], ["UDP://A:1/x", "udp://b:1/x"]) == [
        "udp://a:1/x",
        "udp://b:1/x",
    ]


TORRENT = {"hash": "ABC", "name": "t", "category": "radarr", "tags": "keep, vpn"}


@pytest.mark.parametrize(
    ("scope", "expected"),
    [
        (TrackerScope(), True),
        (TrackerScope(categories=("radarr",)), True),
        (TrackerScope(categories=("sonarr",)), False),
        (TrackerScope(tags=("vpn",)), True),
        (TrackerScope(tags=("other",)), False),
        (TrackerScope(hashes=("abc",)), True),
        (TrackerScope(hashes=("def",)), False),
        (TrackerScope(categories=("radarr",), tags=("other",)), False),  # every filter must match
    ],
)
def test_scope(scope, expected):
    assert in_scope(TORRENT, scope) is expected


WANTED = ["udp://a:1/announce", "udp://b:1/announce"]


def test_decide_public_adds_only_missing():
    decision = decide(TORRENT, False, ["UDP://A:1/announce"], WANTED)
    assert decision.add == ("udp://b:1/announce",)
    assert decision.skipped is None


@pytest.mark.parametrize(("private", "reason"), [(True, SKIP_PRIVATE), (None, SKIP_UNKNOWN)])
def test_decide_fails_closed(private, reason):
    decision = decide(TORRENT, private, [], WANTED)
    assert decision.add == ()
    assert decision.skipped == reason


def test_decide_nothing_new():
    assert decide(TORRENT, False, WANTED, WANTED).skipped == SKIP_NOTHING_NEW


class StubQbt:
    """torrents/info without isPrivate (4.x): privacy from properties, as 4.5 answers."""

    def __init__(self):
        self.torrents_info = [
            {"hash": "pub", "name": "public", "category": "radarr", "tags": ""},
            {"hash": "priv", "name": "private", "category": "radarr", "tags": ""},
            {"hash": "unk", "name": "unknown", "category": "radarr", "tags": ""},
            {"hash": "v5", "name": "five", "category": "sonarr", "tags": "", "isPrivate": False},
        ]
        self.props = {"pub": {"is_private": False}, "priv": {"is_private": True}, "unk": {}}
        self.added = []
        self.properties_asked = []
        self.info_args = []

    def torrents(self, **kwargs):
        self.info_args.append(kwargs)
        return self.torrents_info

    def trackers(self, torrent_hash):
        return [{"url": "** [DHT] **", "msg": "x"}, {"url": "udp://a:1/announce", "msg": ""}]

    def properties(self, torrent_hash):
        self.properties_asked.append(torrent_hash)
        return self.props[torrent_hash]

    def add_trackers(self, torrent_hash, urls):
        self.added.append((torrent_hash, list(urls)))


def test_plan_and_apply_against_a_client():
    qbt = StubQbt()
    decisions = {d.hash: d for d in plan_trackers(qbt, WANTED)}
    assert decisions["pub"].add == ("udp://b:1/announce",)
    assert decisions["priv"].skipped == SKIP_PRIVATE
    assert decisions["unk"].skipped == SKIP_UNKNOWN  # pseudo-tracker message not recognised: unknown
    assert decisions["v5"].add == ("udp://b:1/announce",)
    assert "v5" not in qbt.properties_asked  # 5.x info already says
    apply_trackers(qbt, decisions.values())
    assert qbt.added == [("pub", ["udp://b:1/announce"]), ("v5", ["udp://b:1/announce"])]


def test_plan_scopes_and_passes_filters_to_the_server():
    qbt = StubQbt()
    decisions = plan_trackers(qbt, WANTED, TrackerScope(categories=("sonarr",)))
    assert [d.hash for d in decisions] == ["v5"]
    assert qbt.info_args == [{"category": "sonarr", "hashes": None}]
