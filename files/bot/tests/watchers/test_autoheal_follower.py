"""Auto-heal's event follower asks Docker for every event since it started (issue 14, point 13).

Docker answers the events request before it subscribes: without ``since`` an exit in between would
be lost. The first subscription asks from the moment following began; later ones resume after the
last applied event."""

from __future__ import annotations

import threading
from typing import Any

from myflix_bot.watchers.autoheal_events import EventFollower, ExitRecord
from myflix_testkit.waiting import wait_until

START_NS = 1_750_000_000_123_456_789


class Api:
    """Records each subscription's ``since``; the first stream yields one event, then ends."""

    def __init__(self, streams: list[list[dict[str, Any]]]) -> None:
        self.streams = streams
        self.since: list[str | None] = []

    def events(self, *, since: str | None, **_: object):  # the SDK's filters and decode
        self.since.append(since)
        return iter(self.streams.pop(0) if self.streams else [])


class Client:
    def __init__(self, api: Api) -> None:
        self.api = api


def follower(api: Api, since_nano: int | None) -> tuple[EventFollower, dict[str, ExitRecord]]:
    records: dict[str, ExitRecord] = {}
    return EventFollower(
        lambda: Client(api),
        "lab",
        records,
        threading.Lock(),
        since_nano=since_nano,
        retry=0.01,
        wall_ns=lambda: START_NS,
    ), records


def stopped_at(nano: int) -> dict[str, Any]:
    return {"Action": "stop", "timeNano": nano, "Actor": {"ID": "abc", "Attributes": {"name": "web"}}}


def test_first_subscription_asks_from_when_following_began() -> None:
    api = Api([[stopped_at(START_NS + 5)]])
    f, records = follower(api, since_nano=None)
    f.start()
    try:
        wait_until(lambda: len(api.since) >= 2, timeout=30, what="a resubscription after the stream ended")
    finally:
        f.stop()
    assert api.since[0] == "1750000000.123456789"  # not None: nothing between request and subscribe is lost
    assert api.since[1] == "1750000000.123456794"  # then after the last event applied
    assert records["web"].manual


def test_a_remembered_position_wins_over_the_start() -> None:
    api = Api([])
    f, _ = follower(api, since_nano=1_700_000_000_000_000_001)
    f.start()
    try:
        wait_until(lambda: api.since, timeout=30, what="the first subscription")
    finally:
        f.stop()
    assert api.since[0] == "1700000000.000000001"
