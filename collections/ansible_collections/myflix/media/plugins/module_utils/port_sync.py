"""The port-sync decision: make qBittorrent listen on the port Gluetun forwards.

This is the one implementation of the rule, used by the ``myflix.media.qbittorrent_port_sync`` module
and by the bot's VPN port watcher (canonical import name
``ansible_collections.myflix.media.plugins.module_utils.port_sync``). Standard library only.

- :func:`select_port` picks one port from Gluetun's list (``port_index``, 0 = the first).
- :func:`plan_port_sync` compares it with qBittorrent's preferences and returns only what must change:
  ``listen_port``, and ``random_port``/``upnp`` forced off (a random or UPnP-mapped port would undo
  the forwarding).
- :func:`unapplied` says which planned values a read-back does not show.
- :func:`sync_port` runs the whole exchange against two clients: wait for a port, then
  :func:`sync_forwarded`: read the preferences, decide, apply (unless ``check_mode``), read back and fail
  if the change did not stick.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from .gluetun import ForwardedPorts, GluetunClient
from .qbittorrent import QBittorrentClient, QBittorrentError

FORCED_OFF = ("random_port", "upnp")


class PortSyncError(Exception):
    """The sync cannot be decided or did not take effect; the message is safe to show."""


class PortSyncPlan(NamedTuple):
    """What to do: the target port, the port qBittorrent listens on now, the preference changes."""

    port: int
    previous_port: int | None
    changes: dict[str, Any]
    before: dict[str, Any]

    @property
    def changed(self) -> bool:
        """True when qBittorrent needs at least one preference change."""
        return bool(self.changes)


class PortSyncResult(NamedTuple):
    """The outcome of :func:`sync_port`."""

    plan: PortSyncPlan
    forwarded_ports: tuple[int, ...]
    route: str
    applied: bool


def select_port(ports: Sequence[int], port_index: int = 0) -> int:
    """The forwarded port at ``port_index`` (negative counts from the end); 0/empty means not ready."""
    usable = [p for p in ports if p]
    if not usable:
        raise PortSyncError("Gluetun forwards no port yet (port 0)")
    if not -len(usable) <= port_index < len(usable):
        raise PortSyncError(
            f"port_index {port_index} is out of range: Gluetun forwards {len(usable)} port(s) {usable}"
        )
    port = usable[port_index]
    if not 1 <= port <= 65535:
        raise PortSyncError(f"Gluetun forwarded an invalid port {port}")
    return port


def plan_port_sync(
    forwarded_ports: Sequence[int], preferences: Mapping[str, Any], port_index: int = 0
) -> PortSyncPlan:
    """Decide which qBittorrent preferences must change so it listens on the forwarded port."""
    port = select_port(forwarded_ports, port_index)
    desired: dict[str, Any] = {"listen_port": port}
    desired.update(dict.fromkeys(FORCED_OFF, False))
    before = {key: preferences.get(key) for key in desired}
    changes = {key: value for key, value in desired.items() if preferences.get(key) != value}
    current = preferences.get("listen_port")
    previous = current if isinstance(current, int) and not isinstance(current, bool) else None
    return PortSyncPlan(port=port, previous_port=previous, changes=changes, before=before)


def unapplied(plan: PortSyncPlan, preferences: Mapping[str, Any]) -> dict[str, Any]:
    """The planned values that ``preferences`` (read back after applying) do not show."""
    return {key: value for key, value in plan.changes.items() if preferences.get(key) != value}


def sync_port(
    gluetun: GluetunClient,
    qbittorrent: QBittorrentClient,
    *,
    port_index: int = 0,
    wait_timeout: float = 60.0,
    wait_interval: float = 2.0,
    check_mode: bool = False,
) -> PortSyncResult:
    """Read Gluetun's port, make qBittorrent listen on it, verify. Raises ``HttpError``/``PortSyncError``."""
    forwarded = gluetun.wait_for_ports(wait_timeout, wait_interval)
    return sync_forwarded(forwarded, qbittorrent, port_index=port_index, check_mode=check_mode)


def sync_forwarded(
    forwarded: ForwardedPorts,
    qbittorrent: QBittorrentClient,
    *,
    port_index: int = 0,
    check_mode: bool = False,
) -> PortSyncResult:
    """Make qBittorrent listen on a port Gluetun already reported (the bot reads its shared Gluetun poll)."""
    plan = plan_port_sync(forwarded.ports, qbittorrent.preferences(), port_index)
    if not plan.changed or check_mode:
        return PortSyncResult(plan, forwarded.ports, forwarded.route, applied=False)
    try:
        qbittorrent.set_preferences(plan.changes)
        missing = unapplied(plan, qbittorrent.preferences())
    except QBittorrentError as exc:
        raise PortSyncError(f"could not set qBittorrent's listening port to {plan.port}: {exc}") from None
    if missing:
        raise PortSyncError(
            f"qBittorrent did not keep the new settings {missing} (read back after setting them); "
            "is the port in use or blocked by qBittorrent's configuration?"
        )
    return PortSyncResult(plan, forwarded.ports, forwarded.route, applied=True)
