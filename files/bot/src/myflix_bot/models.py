"""Immutable data the sources produce and the renderers consume. Frozen, slotted, tuples only."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Movie:
    id: int
    title: str
    year: int | None
    added: float  # epoch seconds the file arrived (or the movie was added), for "recently added"
    sort_title: str


@dataclass(frozen=True, slots=True)
class Series:
    id: int
    title: str
    year: int | None
    added: float
    sort_title: str
    seasons_complete: int
    seasons_total: int
    episodes_have: int
    episodes_total: int


@dataclass(frozen=True, slots=True)
class Torrent:
    hash: str
    name: str
    progress: float  # 0..1
    dlspeed: int
    upspeed: int
    eta: int | None  # seconds; None = unknown/infinite
    state: str  # the raw qBittorrent state
    size: int
    added_on: float
    category: str = ""


@dataclass(frozen=True, slots=True)
class QueueData:
    torrents: tuple[Torrent, ...]  # incomplete torrents, most relevant first
    download_speed: int
    upload_speed: int
    listen_port: int | None
    # every torrent counted by its raw qBittorrent state (the exporter's myflix_torrents{state})
    state_counts: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class VpnData:
    status: str  # "running" / "stopped" / whatever Gluetun says
    public_ip: str | None
    forwarded_port: int | None  # None = no port forwarded (Gluetun's 0)
    forwarded_ports: tuple[int, ...] = ()  # every forwarded port, 0s removed (the port-sync input)
    route: str = ""  # the port-forward route that answered (/v1/portforward or the v3.40 one)


@dataclass(frozen=True, slots=True)
class StorageUsage:
    name: str
    used: int
    total: int

    @property
    def fraction(self) -> float:
        return self.used / self.total if self.total > 0 else 0.0


@dataclass(frozen=True, slots=True)
class SystemData:
    storage: tuple[StorageUsage | None, ...]  # None = that tier could not be read
    storage_names: tuple[str, ...]
    cpu_temp: float | None  # °C
    throttled: int | None  # the Pi firmware's get_throttled bit field
    mem_used: int | None
    mem_total: int | None
    load: tuple[float, float, float] | None


@dataclass(frozen=True, slots=True)
class ContainerInfo:
    name: str
    state: str  # running, exited, restarting, ...
    health: str | None  # healthy, unhealthy, starting, or None without a healthcheck
    # The limit of a running container that has one (the compose stack sets one per service), and the
    # memory it uses without reclaimable page cache (None when the engine reports no usage), in bytes.
    memory_bytes: int | None = None
    memory_limit_bytes: int | None = None

    @property
    def ok(self) -> bool:
        return self.state == "running" and self.health in (None, "healthy")


@dataclass(frozen=True, slots=True)
class StatusLine:
    """One line that a watcher (or any feature) contributes to /status, already in the user's language."""

    section: str  # groups lines under a heading, e.g. "watchers"
    text: str  # plain text; the renderer escapes it
    ok: bool = True  # False: the feature failed (❌)
    attention: bool = False  # it works but something it watches needs an admin (⚠️): a disk below its floor


@dataclass(frozen=True, slots=True)
class AppHealth:
    """What an application's health probe learnt (its response time is in the snapshot)."""

    version: str | None  # None when the application does not tell
