from __future__ import annotations

import pytest
from ansible_collections.myflix.media.plugins.module_utils.gluetun import ForwardedPorts, PortNotReadyError
from ansible_collections.myflix.media.plugins.module_utils.port_sync import (
    PortSyncError,
    plan_port_sync,
    select_port,
    sync_port,
    unapplied,
)

SYNCED = {"listen_port": 5000, "random_port": False, "upnp": False}


@pytest.mark.parametrize(
    ("ports", "index", "port"), [((5000,), 0, 5000), ((5000, 6000), 1, 6000), ((5000, 6000), -1, 6000)]
)
def test_select_port(ports, index, port):
    assert select_port(ports, index) == port


@pytest.mark.parametrize(
    ("ports", "index", "match"),
    [
        ((), 0, "no port yet"),
        ((0,), 0, "no port yet"),
        ((5000,), 1, "out of range"),
        ((5000,), -2, "out of range"),
    ],
)
def test_select_port_refuses(ports, index, match):
    with pytest.raises(PortSyncError, match=match):
        select_port(ports, index)


def test_plan_when_in_sync_changes_nothing():
    plan = plan_port_sync([5000], SYNCED)
    assert not plan.changed
    assert plan.changes == {}
    assert (plan.port, plan.previous_port) == (5000, 5000)


def test_plan_changes_only_what_differs():
    plan = plan_port_sync([5001], dict(SYNCED, upnp=True))
    assert plan.changes == {"listen_port": 5001, "upnp": False}
    assert plan.previous_port == 5000
    assert plan.before == {"listen_port": 5000, "random_port": False, "upnp": True}


def test_plan_turns_random_port_off_even_on_the_same_port():
    plan = plan_port_sync([5000], dict(SYNCED, random_port=True))
    assert plan.changes == {"random_port": False}


def test_unapplied_lists_what_did_not_stick():
    plan = plan_port_sync([5001], SYNCED)
    assert unapplied(plan, dict(SYNCED, listen_port=5001)) == {}
    assert unapplied(plan, SYNCED) == {"listen_port": 5001}


class StubGluetun:
    def __init__(self, ports):
        self.ports = ports
        self.waits = []

    def wait_for_ports(self, timeout, interval):
        self.waits.append((timeout, interval))
        if not self.ports:
            raise PortNotReadyError("no port")
        return ForwardedPorts(tuple(self.ports), "/v1/portforward")


class StubQbt:
    def __init__(self, prefs, sticky=True):
        self.prefs = dict(prefs)
        self.sticky = sticky
        self.sets = []

    def preferences(self):
        return dict(self.prefs)

    def set_preferences(self, changes):
        self.sets.append(dict(changes))
        if self.sticky:
            self.prefs.update(changes)


def test_sync_applies_and_verifies():
    qbt = StubQbt(SYNCED)
    result = sync_port(StubGluetun([6001, 6002]), qbt, port_index=1, wait_timeout=5, wait_interval=1)
    assert result.applied
    assert qbt.sets == [{"listen_port": 6002}]
    assert result.plan.previous_port == 5000
    assert result.forwarded_ports == (6001, 6002)


def test_sync_in_check_mode_changes_nothing():
    qbt = StubQbt(SYNCED)
    result = sync_port(StubGluetun([6001]), qbt, check_mode=True)
    assert result.plan.changed
    assert not result.applied
    assert qbt.sets == []


def test_sync_when_in_sync_sends_nothing():
    qbt = StubQbt(SYNCED)
    assert not sync_port(StubGluetun([5000]), qbt).plan.changed
    assert qbt.sets == []


def test_sync_fails_when_the_port_does_not_stick():
    qbt = StubQbt(SYNCED, sticky=False)
    with pytest.raises(PortSyncError, match="did not keep the new settings"):
        sync_port(StubGluetun([6001]), qbt)


def test_sync_passes_the_wait_bounds():
    gluetun = StubGluetun([])
    with pytest.raises(PortNotReadyError):
        sync_port(gluetun, StubQbt(SYNCED), wait_timeout=7, wait_interval=0.5)
    assert gluetun.waits == [(7, 0.5)]
