"""Auto-heal: restart labelled containers (``myflix.autoheal=true``) that are unhealthy or that exited
unexpectedly, through the Docker socket (docker SDK, in a worker thread).

Rules, each failing closed:

- **Unhealthy** (healthcheck status ``unhealthy``, container running): restart.
- **Exited**: restart only when nobody asked for it: since its last start there was a ``die`` and
  no ``kill``/``stop`` (which is what ``docker stop``/``kill``/``compose stop`` leave). Auto-heal
  keeps that record itself from the event stream (:mod:`.autoheal_events`), so the verdict does not
  depend on the daemon's small event buffer; for an exit it did not see (it was not running), it asks
  the daemon for the window, and when that is gone too the exit is "unknown": left alone, admins told.
  OOM-killed counts as unexpected.
- **Network dependents**: a container with ``network_mode: container:<owner>`` (compose
  ``service:gluetun``) waits while its owner is not running and healthy; once the owner is healthy,
  a dependent that started *before* the owner's last start (its namespace died with the owner) is
  restarted. So when Gluetun restarts, qBittorrent follows after Gluetun is healthy.
- **Backoff and cap**: per container, the n-th restart in a row waits ``backoff_base * 2**(n-1)``
  (capped at ``backoff_max``) after the previous one; more than ``max_restarts_per_hour`` in a rolling
  hour and it gives up, alerts, and leaves the container alone while the hour lasts.
- **Memory**: restarts in the window, the backoff streak, give-ups and the exit records are kept in
  ``<state_dir>/autoheal.json``, so a restart of the bot does not reset the budget.
- **Engine outage**: when Docker does not answer, admins are told once, and again when it is back;
  the step fails and is retried after at most ``retry_max`` s (not the supervisor's long backoff).
  /status counts the watched containers running, unhealthy, down and given up.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from myflix_bot import i18n
from myflix_bot.watchers.autoheal_events import EventFollower, ExitRecord
from myflix_bot.watchers.base import Watcher, WatcherError
from myflix_bot.watchers.clients import Blocking
from myflix_bot.watchers.settings import AutohealSettings

log = logging.getLogger(__name__)
HOUR = 3600.0
MANUAL_ACTIONS = ("kill", "stop")
SETTLE = 2.0  # seconds after an exit before judging it (a "stop" event may still be on its way)


def docker_time(value: Any) -> float | None:
    """Docker's RFC 3339 time with nanoseconds -> epoch seconds; None for the zero time or junk."""
    if not isinstance(value, str) or not value or value.startswith("0001-"):
        return None
    text = value.replace("Z", "+00:00")
    head, dot, rest = text.partition(".")
    if dot:
        digits = "".join(c for c in rest if c.isdigit())
        zone = rest[len(digits) :]
        text = f"{head}.{digits[:6]}{zone}"
    try:
        return datetime.fromisoformat(text).timestamp()
    except ValueError:
        return None


@dataclass
class ContainerState:
    restarts: deque[float] = field(default_factory=deque)  # wall times of our restarts (last hour)
    streak: int = 0  # restarts since it was last seen healthy
    last_restart: float | None = None
    gave_up: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "restarts": list(self.restarts),
            "streak": self.streak,
            "last_restart": self.last_restart,
            "gave_up": self.gave_up,
        }

    @classmethod
    def from_json(cls, data: Any) -> ContainerState:
        if not isinstance(data, dict):
            return cls()
        times = [float(t) for t in data.get("restarts") or [] if isinstance(t, int | float)]
        last = data.get("last_restart")
        streak = data.get("streak")
        return cls(
            restarts=deque(sorted(times)),
            streak=streak if isinstance(streak, int) and streak >= 0 else 0,
            last_restart=float(last) if isinstance(last, int | float) else None,
            gave_up=data.get("gave_up") is True,
        )


@dataclass
class Counts:
    running: int = 0
    unhealthy: int = 0
    down: int = 0

    def add(self, status: Any, health: Any) -> None:
        if status == "running" and health == "unhealthy":
            self.unhealthy += 1
        elif status == "running":
            self.running += 1
        else:
            self.down += 1


class EngineDown(Exception):
    """The Docker engine does not answer (its ping failed)."""


@dataclass(frozen=True)
class Plan:
    name: str
    action: str  # "restart" | "start" | "unknown"
    reason: str  # a ``watchers.notice.autoheal.reason.<reason>`` message
    values: tuple[tuple[str, object], ...] = ()

    def reason_text(self, lang: str) -> str:
        return i18n.t(lang, f"watchers.notice.autoheal.reason.{self.reason}", **dict(self.values))


class AutohealWatcher(Watcher):
    name = "autoheal"

    def __init__(
        self,
        settings: AutohealSettings,
        docker_client: Callable[[], Any],
        *,
        on_restart: Callable[[str], None] | None = None,
        on_watched: Callable[[str], object] | None = None,
        state_path: Path | None = None,
        wall: Callable[[], float] = time.time,
        **kwargs: Any,
    ) -> None:
        super().__init__(interval=settings.interval, dry_run=settings.dry_run, **kwargs)
        self.settings = settings
        self.docker_client = docker_client  # a factory: the SDK is imported lazily
        self.on_restart = on_restart
        # called with each labelled container's name at every look (the restart counter starts at 0)
        self.on_watched: Callable[[str], object] = on_watched or (lambda _name: None)
        self.blocking = Blocking()
        self.state_path = state_path
        self.wall = wall  # Docker's clock (event and exit times), not the injectable backoff clock
        self.containers: dict[str, ContainerState] = {}
        self.records: dict[str, ExitRecord] = {}
        self.lock = threading.Lock()
        self.watched = 0
        self.counts = Counts()
        self.unknown: set[str] = set()
        self.engine_down_since: float | None = None
        self.outages = 0
        self.last_plans: list[Plan] = []  # what the last step decided
        since = self._load()
        self.follower = EventFollower(
            docker_client, settings.label, self.records, self.lock, since_nano=since, on_change=self.save
        )

    @property
    def max_backoff(self) -> float:  # type: ignore[override]
        """After an engine outage, look again soon: at most ``retry_max`` s between tries."""
        return self.settings.retry_max

    # memory ----------------------------------------------------------------------------------------
    def _load(self) -> int | None:
        if self.state_path is None:
            return None
        try:
            data = json.loads(self.state_path.read_text())
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict):
            return None
        for name, item in (data.get("containers") or {}).items():
            self.containers[str(name)] = ContainerState.from_json(item)
        for name, item in (data.get("exits") or {}).items():
            self.records[str(name)] = ExitRecord.from_json(item)
        since = data.get("since_nano")
        return since if isinstance(since, int) and since > 0 else None

    def save(self) -> None:
        if self.state_path is None or self.dry_run:  # a dry-run changes nothing, its memory included
            return
        with self.lock:
            data = {
                "since_nano": self.follower.since_nano if hasattr(self, "follower") else None,
                "containers": {n: c.to_json() for n, c in self.containers.items()},
                "exits": {n: r.to_json() for n, r in self.records.items()},
            }
        try:
            self.state_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.state_path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data))
            os.replace(tmp, self.state_path)
        except OSError as exc:
            log.warning("auto-heal state not saved: %s", exc.strerror)

    # what Docker says ----------------------------------------------------------------------------
    def exit_was_manual(self, client: Any, container: Any) -> bool | None:
        """True: stopped/killed through the API; False: died on its own; None: cannot tell (yet)."""
        state = container.attrs.get("State") or {}
        if state.get("OOMKilled"):
            return False
        started = docker_time(state.get("StartedAt"))
        finished = docker_time(state.get("FinishedAt"))
        if started is None or finished is None:
            return None
        with self.lock:
            record = self.records.get(container.name)
            # our record covers this exit: its die is this finish, and the start it saw (if it was
            # following by then) is this start
            seen = (
                record is not None
                and record.died is not None
                and abs(record.died - finished) < SETTLE
                and (record.started is None or abs(record.started - started) < 1.0)
            )
            if seen and record is not None:
                if record.manual:
                    return True
                if record.oom:
                    return False
                return None if self.wall() - finished < SETTLE else False
        return self._ask_daemon(client, container, started, finished)

    @staticmethod
    def _ask_daemon(client: Any, container: Any, started: float, finished: float) -> bool | None:
        """For an exit auto-heal did not see: Docker's own (short) memory of it, if any."""
        events = client.events(
            since=int(started),
            until=int(finished) + 2,
            filters={"container": container.id, "type": "container"},
            decode=True,
        )
        actions: list[str] = []
        for event in events:
            action = str(event.get("Action") or event.get("status") or "")
            if float(event.get("time") or 0) + 1 < started:
                continue
            actions.append(action.split(":", 1)[0].strip())
        if any(a in MANUAL_ACTIONS for a in actions):
            return True
        if "die" in actions:
            return False
        return None

    @staticmethod
    def healthy(container: Any) -> bool:
        state = container.attrs.get("State") or {}
        health = (state.get("Health") or {}).get("Status")
        return state.get("Status") == "running" and health in (None, "healthy")

    def _owner(self, client: Any, container: Any) -> Any | None:
        mode = str((container.attrs.get("HostConfig") or {}).get("NetworkMode") or "")
        if not mode.startswith("container:"):
            return None
        try:
            return client.containers.get(mode.split(":", 1)[1])
        except Exception:  # the owner is gone: the dependent cannot run anyway
            return False

    def plan(self, client: Any) -> list[Plan]:
        """Look at every labelled container; return what to restart (no side effect on Docker)."""
        plans: list[Plan] = []
        found = client.containers.list(
            all=True, filters={"label": f"{self.settings.label}=true"}, ignore_removed=True
        )
        self.watched = len(found)
        counts = Counts()
        for container in found:
            name = container.name
            self.on_watched(name)
            state = container.attrs.get("State") or {}
            status = state.get("Status")
            health = (state.get("Health") or {}).get("Status")
            counts.add(status, health)
            owner = self._owner(client, container)
            if owner is False or (owner is not None and not self.healthy(owner)):
                continue  # wait for the network owner (Gluetun) to be healthy
            if status == "running" and health == "unhealthy":
                plans.append(Plan(name, "restart", "unhealthy"))
            elif status in ("exited", "dead"):
                manual = self.exit_was_manual(client, container)
                if manual is None:
                    if name not in self.unknown:
                        self.unknown.add(name)
                        plans.append(Plan(name, "unknown", "gone"))
                elif not manual:
                    plans.append(Plan(name, "start", "exited", (("code", state.get("ExitCode")),)))
            elif status == "running":
                self.unknown.discard(name)
                if owner is not None:
                    own_start = docker_time((owner.attrs.get("State") or {}).get("StartedAt"))
                    my_start = docker_time(state.get("StartedAt"))
                    if own_start is not None and my_start is not None and my_start < own_start:
                        plans.append(Plan(name, "restart", "owner", (("owner", owner.name),)))
                        continue
                if health in (None, "healthy"):
                    cs = self.containers.get(name)
                    if cs is not None:
                        cs.streak = 0
        self.counts = counts
        return plans

    # acting ----------------------------------------------------------------------------------------
    def _allowed(self, plan: Plan, now: float) -> str | None:
        """None when the restart may happen now, else why not ("backoff" or "cap")."""
        cs = self.containers.setdefault(plan.name, ContainerState())
        while cs.restarts and now - cs.restarts[0] >= HOUR:
            cs.restarts.popleft()
        if len(cs.restarts) >= self.settings.max_restarts_per_hour:
            return "cap"
        if cs.gave_up:
            cs.gave_up = False
            self.save()
        if cs.streak and cs.last_restart is not None:
            wait = min(self.settings.backoff_max, self.settings.backoff_base * 2 ** min(cs.streak - 1, 30))
            if now - cs.last_restart < wait:
                return "backoff"
        return None

    def _do(self, client: Any, plan: Plan) -> None:
        container = client.containers.get(plan.name)
        if plan.action == "restart":
            container.restart(timeout=self.settings.stop_timeout)
        else:
            container.start()

    def _look(self) -> tuple[Any, list[Plan]]:
        try:
            client = self.docker_client()
            client.ping()
        except Exception as exc:  # the SDK raises DockerException, requests' errors or OSError
            raise EngineDown(type(exc).__name__) from None
        return client, self.plan(client)

    async def _engine(self) -> tuple[Any, list[Plan]]:
        """The client and the plans; announces an outage once, and its end."""
        try:
            client, plans = await self.blocking(self._look)
        except EngineDown as exc:
            if self.engine_down_since is None:
                self.engine_down_since = self.wall()
                self.outages += 1
                await self.notify(
                    f"engine:down:{self.outages}", "watchers.notice.autoheal.engine_down", error=str(exc)
                )
            raise WatcherError("Docker engine unreachable") from None
        if self.engine_down_since is not None:
            lasted = self.wall() - self.engine_down_since
            self.engine_down_since = None
            c = self.counts
            await self.notify(
                f"engine:up:{self.outages}",
                "watchers.notice.autoheal.engine_up",
                seconds=f"{lasted:.0f}",
                running=c.running,
                unhealthy=c.unhealthy,
                down=c.down,
            )
        return client, plans

    async def run(self) -> None:
        self.follower.start()  # one long-lived subscription, from the first step on
        client, plans = await self._engine()
        self.last_plans = list(plans)
        for plan in plans:
            if plan.action == "unknown":
                await self.notify(
                    f"unknown:{plan.name}",
                    "watchers.notice.autoheal.left_alone",
                    name=plan.name,
                    reason=plan.reason_text(self.notifier.lang),
                )
                continue
            now = self.clock()
            blocked = self._allowed(plan, now)
            cs = self.containers[plan.name]
            if blocked == "cap":
                if not cs.gave_up:
                    cs.gave_up = True
                    self.save()
                    await self.notify(
                        f"cap:{plan.name}",
                        "watchers.notice.autoheal.gave_up",
                        name=plan.name,
                        reason=plan.reason_text(self.notifier.lang),
                        count=len(cs.restarts),
                    )
                continue
            if blocked == "backoff":
                continue
            if not self.dry_run:
                await self.blocking(self._do, client, plan)
            cs.restarts.append(now)
            cs.streak += 1
            cs.last_restart = now
            self.save()
            if self.on_restart is not None and not self.dry_run:
                self.on_restart(plan.name)
            verb = "would_restart" if self.dry_run else "restarted"
            await self.notify(
                f"restart:{plan.name}",
                f"watchers.notice.autoheal.{verb}",
                name=plan.name,
                reason=plan.reason_text(self.notifier.lang),
            )

    def close(self) -> None:
        self.follower.stop()

    def verdicts(self, lang: str) -> list[str]:
        lines = []
        for plan in self.last_plans:
            verb = i18n.t(lang, f"watchers.verdict.autoheal.{plan.action}")
            lines.append(f"{verb:<12} {plan.name}: {plan.reason_text(lang)}")
        return [*lines, *super().verdicts(lang)]

    def summary(self, lang: str) -> str:
        if self.engine_down_since is not None:
            return i18n.t(lang, "watchers.autoheal.engine_down", count=self.watched)
        gave_up = sorted(n for n, s in self.containers.items() if s.gave_up)
        c = self.counts
        text = i18n.t(
            lang,
            "watchers.autoheal",
            count=self.watched,
            running=c.running,
            unhealthy=c.unhealthy,
            down=c.down,
            gave_up=len(gave_up),
        )
        return text + (i18n.t(lang, "watchers.autoheal.gave_up", names=", ".join(gave_up)) if gave_up else "")
