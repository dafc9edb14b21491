"""Auto-heal: restart labelled containers (``myflix.autoheal=true``) that are unhealthy or that exited
unexpectedly, through the Docker socket (docker SDK, in a worker thread).

Rules, each failing closed:

- **Unhealthy** (healthcheck status ``unhealthy``, container running): restart.
- **Exited**: restart only when Docker's own record says nobody asked for it: in the container's
  events between its last start and its finish there is a ``die`` and no ``kill``/``stop`` (which is
  what ``docker stop``/``kill``/``compose stop`` leave). OOM-killed counts as unexpected. No events
  in that window (the daemon forgot them) means "unknown": leave it and tell the admins.
- **Network dependents**: a container with ``network_mode: container:<owner>`` (compose
  ``service:gluetun``) waits while its owner is not running and healthy; once the owner is healthy,
  a dependent that started *before* the owner's last start (its namespace died with the owner) is
  restarted. So when Gluetun restarts, qBittorrent follows after Gluetun is healthy.
- **Backoff and cap**: per container, the n-th restart in a row waits ``backoff_base * 2**(n-1)``
  (capped at ``backoff_max``) after the previous one; more than ``max_restarts_per_hour`` in a rolling
  hour and it gives up, alerts, and leaves the container alone while the hour lasts.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from myflix_bot import i18n
from myflix_bot.watchers.base import Watcher
from myflix_bot.watchers.clients import Blocking
from myflix_bot.watchers.settings import AutohealSettings

log = logging.getLogger(__name__)
HOUR = 3600.0
MANUAL_ACTIONS = ("kill", "stop")


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
        **kwargs: Any,
    ) -> None:
        super().__init__(interval=settings.interval, dry_run=settings.dry_run, **kwargs)
        self.settings = settings
        self.docker_client = docker_client  # a factory: the SDK is imported lazily
        self.on_restart = on_restart
        # called with each labelled container's name at every look (the restart counter starts at 0)
        self.on_watched: Callable[[str], object] = on_watched or (lambda _name: None)
        self.blocking = Blocking()
        self.containers: dict[str, ContainerState] = {}
        self.watched = 0
        self.unknown: set[str] = set()

    # what Docker says ----------------------------------------------------------------------------
    def exit_was_manual(self, client: Any, container: Any) -> bool | None:
        """True: stopped/killed through the API; False: died on its own; None: cannot tell."""
        state = container.attrs.get("State") or {}
        if state.get("OOMKilled"):
            return False
        started = docker_time(state.get("StartedAt"))
        finished = docker_time(state.get("FinishedAt"))
        if started is None or finished is None:
            return None
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
        found = client.containers.list(all=True, filters={"label": f"{self.settings.label}=true"})
        self.watched = len(found)
        for container in found:
            name = container.name
            self.on_watched(name)
            state = container.attrs.get("State") or {}
            status = state.get("Status")
            health = (state.get("Health") or {}).get("Status")
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
        return plans

    # acting ----------------------------------------------------------------------------------------
    def _allowed(self, plan: Plan, now: float) -> str | None:
        """None when the restart may happen now, else why not ("backoff" or "cap")."""
        cs = self.containers.setdefault(plan.name, ContainerState())
        while cs.restarts and now - cs.restarts[0] >= HOUR:
            cs.restarts.popleft()
        if len(cs.restarts) >= self.settings.max_restarts_per_hour:
            return "cap"
        cs.gave_up = False
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

    async def run(self) -> None:
        client = self.docker_client()
        plans = await self.blocking(self.plan, client)
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
            if self.on_restart is not None and not self.dry_run:
                self.on_restart(plan.name)
            verb = "would_restart" if self.dry_run else "restarted"
            await self.notify(
                f"restart:{plan.name}",
                f"watchers.notice.autoheal.{verb}",
                name=plan.name,
                reason=plan.reason_text(self.notifier.lang),
            )

    def summary(self, lang: str) -> str:
        gave_up = sorted(n for n, s in self.containers.items() if s.gave_up)
        text = i18n.t(lang, "watchers.autoheal", count=self.watched)
        return text + (i18n.t(lang, "watchers.autoheal.gave_up", names=", ".join(gave_up)) if gave_up else "")
