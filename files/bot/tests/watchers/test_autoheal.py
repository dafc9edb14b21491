"""Auto-heal against the real Docker engine, with a tiny image built locally (no registry) whose
healthcheck the test controls through a bind-mounted file."""

from __future__ import annotations

import time

from myflix_bot.watchers.autoheal import AutohealWatcher
from myflix_bot.watchers.settings import AutohealSettings
from myflix_testkit.waiting import wait_until

from .conftest import Lab


def watcher(lab: Lab, clock, notifier, restarted: list[str], **kw) -> AutohealWatcher:
    # only this run's containers: other tests may share the engine
    settings = AutohealSettings(stop_timeout=5, label=lab.label, **{"backoff_base": 0.0, **kw})
    return AutohealWatcher(
        settings, lambda: lab.client, on_restart=restarted.append, notifier=notifier, clock=clock
    )


def mine(lab: Lab, plans) -> list:
    return [p for p in plans if p.name.endswith(lab.run_id)]


async def test_unhealthy_restarted_backoff_then_cap(lab, clock, notifier) -> None:
    sick = lab.start("sick", healthy=False)
    lab.start("bystander", healthy=False, label=False)  # not labelled: never touched
    lab.wait_health(sick, "unhealthy")
    restarted: list[str] = []
    w = watcher(lab, clock, notifier, restarted, backoff_base=10.0, max_restarts_per_hour=3)

    timeline = []
    for advance in (0, 5, 6, 15, 25, 60, 120):  # restarts at t=0, 11 (>=10), 31 (>=20) then the cap
        clock.advance(advance)
        lab.wait_health(sick, "unhealthy")
        before = lab.started(sick)
        await w.run()
        timeline.append(lab.started(sick) != before)
    assert timeline == [True, False, True, False, True, False, False]
    assert restarted == [sick.name] * 3
    assert w.containers[sick.name].gave_up
    assert "giving up" in notifier.sent[-1]
    # once the hour has passed the budget is back
    clock.advance(3600)
    lab.wait_health(sick, "unhealthy")
    before = lab.started(sick)
    await w.run()
    assert lab.started(sick) != before


async def test_stopped_by_hand_left_alone_crash_restarted(lab, clock, notifier) -> None:
    by_hand = lab.start("byhand")
    crashing = lab.start("crash")
    lab.wait_health(by_hand, "healthy")
    lab.wait_health(crashing, "healthy")
    by_hand.stop(timeout=5)  # what a person does (docker stop / compose stop)
    crashing.exec_run(
        ["sh", "-c", "kill -TERM 1"]
    )  # the process exits by itself: no kill/stop through the API
    wait_until(lambda: lab.state(crashing)["Status"] == "exited", what="crash exited")
    restarted: list[str] = []
    w = watcher(lab, clock, notifier, restarted)
    plans = mine(lab, w.plan(lab.client))
    assert [(p.name, p.action) for p in plans] == [(crashing.name, "start")]
    await w.run()
    assert lab.state(crashing)["Status"] == "running"
    assert lab.state(by_hand)["Status"] == "exited"
    assert restarted == [crashing.name]
    assert "exited unexpectedly" in notifier.sent[-1]


async def test_gluetun_first_then_its_dependents(lab, clock, notifier) -> None:
    gluetun = lab.start("gluetun")
    lab.wait_health(gluetun, "healthy")
    qbt = lab.start("qbittorrent", network_of=gluetun.id)
    lab.wait_health(qbt, "healthy")
    restarted: list[str] = []
    w = watcher(lab, clock, notifier, restarted, backoff_base=600.0)

    lab.set_healthy("gluetun", False)
    lab.wait_health(gluetun, "unhealthy")
    await w.run()
    assert restarted == [gluetun.name]
    qbt_started = lab.started(qbt)
    # Gluetun is back but not healthy yet: its dependent must wait
    for _ in range(3):
        await w.run()
        assert lab.started(qbt) == qbt_started
        time.sleep(0.5)
    lab.set_healthy("gluetun", True)
    lab.wait_health(gluetun, "healthy")
    healthy_at = time.time()
    await w.run()
    assert restarted == [gluetun.name, qbt.name]
    assert lab.started(qbt) > lab.started(gluetun)
    assert lab.started(qbt) >= healthy_at - 1.5  # after Gluetun was seen healthy (docker's clock, 1 s checks)
    await w.run()  # nothing more to do
    assert restarted == [gluetun.name, qbt.name]


async def test_dry_run_restarts_nothing(lab, clock, notifier) -> None:
    sick = lab.start("drysick", healthy=False)
    lab.wait_health(sick, "unhealthy")
    before = lab.started(sick)
    restarted: list[str] = []
    w = watcher(lab, clock, notifier, restarted, dry_run=True)
    await w.run()
    assert lab.started(sick) == before
    assert restarted == []
    assert notifier.sent[-1].startswith("[dry-run]")
