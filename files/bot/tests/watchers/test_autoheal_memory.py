"""Auto-heal's memory against the real Docker engine (issue 14, points 13-15): exits judged from its
own record of the event stream after the daemon's ~256-event buffer overflowed (fast health checks of
unlabelled containers flood it), give-up and backoff kept across a restart of the bot, and an engine
outage announced, with its end, while /status counts what is down."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from pathlib import Path

import docker
import pytest
from myflix_bot.watchers.autoheal import AutohealWatcher, docker_time
from myflix_bot.watchers.base import WatcherError
from myflix_bot.watchers.settings import AutohealSettings
from myflix_testkit.waiting import wait_until

from .conftest import Lab

FAST_CHECKS = {"test": ["CMD", "true"], "interval": 100_000_000, "timeout": 1_000_000_000, "retries": 1}


def make(  # noqa: PLR0917 - the test's fixtures, in order
    lab: Lab, clock, notifier, state: Path, restarted: list[str], client=None, **kw
) -> AutohealWatcher:
    # only this run's containers: other tests may share the engine
    settings = AutohealSettings(stop_timeout=5, label=lab.label, **{"backoff_base": 0.0, **kw})
    return AutohealWatcher(
        settings,
        (lambda: client) if client is not None else (lambda: lab.client),
        on_restart=restarted.append,
        notifier=notifier,
        clock=clock,
        state_path=state,
    )


def freshly_unhealthy(lab: Lab, container) -> bool:
    """Unhealthy by a check made after its last start (Docker resets the status a moment after a
    restart, so a stale "unhealthy" is not enough)."""
    state = lab.state(container)
    health = state.get("Health") or {}
    checks = health.get("Log") or []
    started = docker_time(state.get("StartedAt")) or 0.0
    return (
        health.get("Status") == "unhealthy"
        and bool(checks)
        and (docker_time(checks[-1].get("Start")) or 0) > started
    )


def daemon_forgot(lab: Lab, container, since: float) -> bool:
    events = lab.client.events(
        since=int(since), until=int(time.time()), filters={"container": container.id}, decode=True
    )
    return not any(True for _ in events)


async def test_exits_judged_after_the_daemon_forgot_them(lab, clock, notifier, tmp_path) -> None:
    state = tmp_path / "state" / "autoheal.json"
    by_hand = lab.start("byhand")
    crashing = lab.start("crash")
    lab.wait_health(by_hand, "healthy")
    lab.wait_health(crashing, "healthy")
    restarted: list[str] = []
    first = make(lab, clock, notifier, state, restarted)
    try:
        await first.run()  # starts following the event stream
        assert first.follower.connected.wait(30), "auto-heal never subscribed to the event stream"
        began = time.time() - 1
        by_hand.stop(timeout=5)  # a person's docker stop
        crashing.exec_run(["sh", "-c", "kill -TERM 1"])  # exits by itself
        wait_until(lambda: lab.state(crashing)["Status"] == "exited", what="crash exited")

        def recorded() -> bool:
            with first.lock:
                hand, crash = first.records.get(by_hand.name), first.records.get(crashing.name)
                return bool(hand and hand.manual and crash and crash.died and not crash.manual)

        wait_until(recorded, timeout=30, what="auto-heal's own record of both exits")
    finally:
        first.close()  # the bot stops

    noisy = [lab.start(f"noisy{i}", label=False, healthcheck=FAST_CHECKS) for i in range(5)]

    def forgotten_yet() -> bool:
        # unlabelled, 10 health checks a second each, plus execs of our own per look (3 events
        # each): the daemon's ~256-event buffer overflows however slow the machine is
        for container in noisy:
            container.exec_run(["true"])
        # nothing may have started them again: a running container makes events of its own
        assert lab.state(crashing)["Status"] == lab.state(by_hand)["Status"] == "exited"
        return daemon_forgot(lab, crashing, began) and daemon_forgot(lab, by_hand, began)

    wait_until(forgotten_yet, timeout=300, interval=0.1, what="the daemon to forget both exits")
    state_of = lab.state(crashing)
    forgotten = AutohealWatcher._ask_daemon(
        lab.client, crashing, docker_time(state_of["StartedAt"]), docker_time(state_of["FinishedAt"])
    )
    assert forgotten is None  # what today's rule would see: "unknown"

    second = make(lab, clock, notifier, state, restarted)  # the bot started again
    try:
        await second.run()
    finally:
        second.close()
    assert lab.state(crashing)["Status"] == "running"
    assert lab.state(by_hand)["Status"] == "exited"
    assert restarted == [crashing.name]
    assert not any("no longer says why" in m for m in notifier.sent)
    assert any(f"restarted {crashing.name}: exited unexpectedly" in m for m in notifier.sent)


async def test_give_up_survives_a_restart_of_the_bot(lab, clock, notifier, tmp_path) -> None:
    state = tmp_path / "autoheal.json"
    sick = lab.start("sick", healthy=False)
    lab.wait_health(sick, "unhealthy")
    restarted: list[str] = []
    first = make(lab, clock, notifier, state, restarted, max_restarts_per_hour=2)
    try:
        for _ in range(3):  # two restarts, then the cap
            wait_until(lambda: freshly_unhealthy(lab, sick), timeout=60, what="sick unhealthy again")
            await first.run()
            clock.advance(60)
    finally:
        first.close()
    assert restarted == [sick.name, sick.name]
    assert first.containers[sick.name].gave_up

    second = make(lab, clock, notifier, state, restarted, max_restarts_per_hour=2)
    try:
        lab.wait_health(sick, "unhealthy")
        before = lab.started(sick)
        await second.run()
        assert lab.started(sick) == before  # still given up after the restart
        assert second.containers[sick.name].gave_up
        assert "1 given up" in second.summary("en")
        clock.advance(3600)  # the twin: once the hour has passed, the budget is back
        lab.wait_health(sick, "unhealthy")
        await second.run()
        assert lab.started(sick) != before
    finally:
        second.close()
    assert restarted == [sick.name] * 3


class SocketCut:
    """A Unix-socket relay to the engine that the test can cut (the engine unreachable) and restore."""

    def __init__(self, target: str, path: Path) -> None:
        self.target = target
        self.path = path
        self.server: socket.socket | None = None
        self.conns: list[socket.socket] = []
        self.lock = threading.Lock()

    def open(self) -> None:
        self.path.unlink(missing_ok=True)
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(self.path))
        server.listen(16)
        self.server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            upstream = socket.socket(socket.AF_UNIX)
            upstream.connect(self.target)
            with self.lock:
                self.conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(a: socket.socket, b: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := a.recv(65536):
                b.sendall(data)
        with contextlib.suppress(OSError):
            b.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        with self.lock:
            for conn in self.conns:
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
                conn.close()
            self.conns.clear()
        self.path.unlink(missing_ok=True)


async def test_engine_outage_is_announced_with_its_end(lab, clock, notifier, tmp_path) -> None:
    target = lab.client.api.get_adapter(lab.client.api.base_url).socket_path
    relay = SocketCut(target, Path("/tmp") / f"myflix-ah-{lab.run_id}.sock")
    relay.open()
    client = docker.DockerClient(base_url=f"unix://{relay.path}", timeout=10)
    crash = lab.start("outage")
    lab.wait_health(crash, "healthy")
    restarted: list[str] = []
    w = make(lab, clock, notifier, tmp_path / "autoheal.json", restarted, client=client)
    try:
        await w.run()
        relay.cut()  # the engine stops answering
        for _ in range(2):
            with pytest.raises(WatcherError, match="unreachable"):
                await w.run()
        assert sum("Docker engine unreachable" in m for m in notifier.sent) == 1
        assert "unreachable" in w.summary("en")
        crash.exec_run(["sh", "-c", "kill -TERM 1"])  # a container dies during the outage
        wait_until(lambda: lab.state(crash)["Status"] == "exited", what="container exited")
        relay.open()
        await w.run()
        back = [m for m in notifier.sent if "answers again" in m]
        assert len(back) == 1
        assert "1 down" in back[0]
        assert lab.state(crash)["Status"] == "running"  # and it was restarted
    finally:
        w.close()
        relay.cut()
        client.close()
