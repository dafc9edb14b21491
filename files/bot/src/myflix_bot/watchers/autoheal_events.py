"""Auto-heal's own record of what happened to each labelled container, from the Docker event stream.

Docker keeps only ~256 events in memory: with a few containers running frequent health checks the
window is seconds, so asking it afterwards "why did this exit?" fails. :class:`EventFollower` holds
one long-lived subscription (in a thread: the SDK's stream blocks), reconnects after a break with
``since`` set to the last event it saw (the first subscription asks from the moment it started:
Docker answers the request before it subscribes, so events in between come from its buffer instead
of being lost), and keeps per container (by name, as compose recreates):

- ``started``: the time of the last ``start``;
- ``manual``: a ``kill`` or ``stop`` arrived since that start (``docker stop``/``kill``/``compose
  stop``; Docker sends ``kill`` before ``die``);
- ``died``: the time of the last ``die`` since that start; ``oom``: an ``oom`` event since that start.

The record lives in auto-heal's state file with the rest of its state, so it survives a restart.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from myflix_bot.json_fields import object_field

log = logging.getLogger(__name__)
FOLLOWED = ("start", "die", "kill", "stop", "oom")


@dataclass
class ExitRecord:
    started: float | None = None
    died: float | None = None
    manual: bool = False
    oom: bool = False

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: Any) -> ExitRecord:
        if not isinstance(data, dict):
            return cls()

        def num(key: str) -> float | None:
            value = data.get(key)
            return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None

        return cls(num("started"), num("died"), data.get("manual") is True, data.get("oom") is True)


def event_time(event: dict[str, Any]) -> tuple[int, float]:
    """(nanoseconds, seconds) of an event."""
    nano = event.get("timeNano")
    if isinstance(nano, int) and nano > 0:
        return nano, nano / 1e9
    seconds = event.get("time")
    seconds = float(seconds) if isinstance(seconds, int | float) else 0.0
    return int(seconds * 1e9), seconds


class EventFollower:
    """Follows the container events of labelled containers and updates ``records`` (under ``lock``).
    ``on_change()`` is called after each applied event (auto-heal saves its state then)."""

    def __init__(
        self,
        client_factory: Callable[[], Any],
        label: str,
        records: dict[str, ExitRecord],
        lock: threading.Lock,
        *,
        since_nano: int | None = None,
        on_change: Callable[[], None] = lambda: None,
        retry: float = 2.0,
        wall_ns: Callable[[], int] = time.time_ns,
    ) -> None:
        self.client_factory = client_factory
        self.label = label
        self.records = records
        self.lock = lock
        self.since_nano = since_nano  # the last event applied; the stream resumes after it
        self.on_change = on_change
        self.retry = retry
        self.wall_ns = wall_ns
        self.from_nano: int | None = None  # when following began (the first subscription's since)
        # set while a subscription is open; with ``since`` given, nothing after from_nano is missed
        self.connected = threading.Event()
        self.applied = 0
        self._stop = threading.Event()
        self._stream: Any = None
        self._thread: threading.Thread | None = None
        self._seen: set[tuple[int, str, str]] = set()  # events at since_nano, not applied twice

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        if self.from_nano is None:
            self.from_nano = self.wall_ns()
        self._thread = threading.Thread(target=self._follow, name="autoheal-events", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        stream = self._stream
        if stream is not None:
            with contextlib.suppress(Exception):
                stream.close()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _follow(self) -> None:
        while not self._stop.is_set():
            try:
                client = self.client_factory()
                resume = self.since_nano if self.since_nano is not None else self.from_nano
                since = None if resume is None else f"{resume // 10**9}.{resume % 10**9:09d}"
                self._stream = client.api.events(
                    since=since,
                    filters={"type": "container", "label": f"{self.label}=true", "event": list(FOLLOWED)},
                    decode=True,
                )
                self.connected.set()
                for event in self._stream:
                    if self._stop.is_set():
                        break
                    if isinstance(event, dict):
                        self.apply(event)
            except Exception as exc:  # the engine went away, or a read timed out: resume after the last
                log.debug("auto-heal event stream ended: %s", type(exc).__name__)
            finally:
                self.connected.clear()
                self._stream = None
            self._stop.wait(self.retry)

    def apply(self, event: dict[str, Any]) -> None:
        action = str(event.get("Action") or event.get("status") or "").split(":", 1)[0].strip()
        actor = object_field(event, "Actor")
        name = str(object_field(actor, "Attributes").get("name") or "")
        nano, seconds = event_time(event)
        key = (nano, str(actor.get("ID") or event.get("id") or ""), action)
        if self.since_nano is not None and nano < self.since_nano:
            return
        if key in self._seen:
            return
        if self.since_nano is None or nano > self.since_nano:
            self._seen.clear()
        self._seen.add(key)
        with self.lock:
            self.since_nano = nano
            if name and action in FOLLOWED:
                record = self.records.setdefault(name, ExitRecord())
                if action == "start":
                    record.started, record.died, record.manual, record.oom = seconds, None, False, False
                elif action == "die":
                    record.died = seconds
                elif action == "oom":
                    record.oom = True
                else:  # kill, stop
                    record.manual = True
            self.applied += 1
        self.on_change()
