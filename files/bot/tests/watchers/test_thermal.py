"""Thermal governor against a real qbittorrent-nox, with a fake sysfs temperature file."""

from __future__ import annotations

from pathlib import Path

import pytest
from myflix_bot.watchers.base import WatcherError
from myflix_bot.watchers.settings import ThermalSettings
from myflix_bot.watchers.thermal import ThermalWatcher

from .conftest import collection_client


def alt_mode(api) -> bool:
    return str(api.transfer_speed_limits_mode()) == "1"


@pytest.fixture
def sensor(tmp_path: Path) -> Path:
    zone = tmp_path / "sys/class/thermal/thermal_zone0"
    zone.mkdir(parents=True)
    return zone / "temp"


def set_temp(sensor: Path, celsius: float) -> None:
    sensor.write_text(f"{int(celsius * 1000)}\n")


async def test_ramp_switches_with_hysteresis(qbittorrent_session, sensor, clock, notifier) -> None:
    api = qbittorrent_session.client()
    if alt_mode(api):
        api.transfer_toggle_speed_limits_mode()
    watcher = ThermalWatcher(
        ThermalSettings(high=75, low=70, min_hold=0),
        collection_client(qbittorrent_session),
        sensor_path=str(sensor),
        notifier=notifier,
        clock=clock,
    )
    seen = []
    for temp in (60, 72, 75, 75.5, 76, 74, 71, 70, 69.9, 72, 74.9, 76.2):
        set_temp(sensor, temp)
        await watcher.run()
        clock.advance(15)
        seen.append((temp, alt_mode(api)))
    assert seen == [
        (60, False),
        (72, False),
        (75, False),  # not above 75
        (75.5, True),
        (76, True),
        (74, True),  # hysteresis: stays on until below 70
        (71, True),
        (70, True),
        (69.9, False),
        (72, False),
        (74.9, False),
        (76.2, True),
    ]
    assert watcher.switches == 3
    assert any("ON" in text for text in notifier.sent)
    assert any("OFF" in text for text in notifier.sent)
    api.transfer_toggle_speed_limits_mode()  # leave the shared instance as found


async def test_no_flapping_within_min_hold(qbittorrent_session, sensor, clock, notifier) -> None:
    api = qbittorrentapi_reset(qbittorrent_session)
    watcher = ThermalWatcher(
        ThermalSettings(high=75, low=70, min_hold=120),
        collection_client(qbittorrent_session),
        sensor_path=str(sensor),
        notifier=notifier,
        clock=clock,
    )
    set_temp(sensor, 80)
    await watcher.run()
    assert alt_mode(api)
    set_temp(sensor, 60)  # a sudden drop right after switching on: held for min_hold
    clock.advance(30)
    await watcher.run()
    assert alt_mode(api)
    clock.advance(100)
    await watcher.run()
    assert not alt_mode(api)
    assert watcher.switches == 2


async def test_unreadable_sensor_keeps_state_and_alerts(qbittorrent_session, sensor, clock, notifier) -> None:
    api = qbittorrentapi_reset(qbittorrent_session)
    watcher = ThermalWatcher(
        ThermalSettings(min_hold=0),
        collection_client(qbittorrent_session),
        sensor_path=str(sensor),
        notifier=notifier,
        clock=clock,
    )
    set_temp(sensor, 90)
    await watcher.run()
    assert alt_mode(api)
    sensor.unlink()
    with pytest.raises(WatcherError, match="unreadable"):
        await watcher.run()
    assert alt_mode(api), "an unreadable sensor must never unthrottle"
    assert watcher.engaged
    assert "unreadable" in notifier.sent[-1]
    sensor.write_text("garbage\n")
    with pytest.raises(WatcherError):
        await watcher.run()
    assert alt_mode(api)
    set_temp(sensor, 50)
    await watcher.run()
    assert not alt_mode(api)


async def test_limits_a_person_turned_on_stay_on(qbittorrent_session, sensor, clock, notifier) -> None:
    api = qbittorrentapi_reset(qbittorrent_session)
    api.transfer_toggle_speed_limits_mode()  # a person switched them on
    watcher = ThermalWatcher(
        ThermalSettings(min_hold=0),
        collection_client(qbittorrent_session),
        sensor_path=str(sensor),
        notifier=notifier,
        clock=clock,
    )
    set_temp(sensor, 80)
    await watcher.run()
    set_temp(sensor, 50)
    await watcher.run()
    assert alt_mode(api)
    api.transfer_toggle_speed_limits_mode()


async def test_dry_run_changes_nothing(qbittorrent_session, sensor, clock, notifier) -> None:
    api = qbittorrentapi_reset(qbittorrent_session)
    watcher = ThermalWatcher(
        ThermalSettings(min_hold=0, dry_run=True),
        collection_client(qbittorrent_session),
        sensor_path=str(sensor),
        notifier=notifier,
        clock=clock,
    )
    set_temp(sensor, 85)
    await watcher.run()
    assert not alt_mode(api)
    assert notifier.sent[-1].startswith("[dry-run]")


def qbittorrentapi_reset(service):
    api = service.client()
    if alt_mode(api):
        api.transfer_toggle_speed_limits_mode()
    return api
