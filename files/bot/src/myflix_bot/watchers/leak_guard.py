"""VPN leak guard: stop every torrent when the VPN is down, or when the public IP seen through Gluetun
is the home WAN IP; resume what it stopped once the VPN is healthy again.

- Down means: Gluetun says the VPN is not ``running``, or Gluetun does not answer (fail closed).
- The home IP is configured (``gluetun.home_ip``) or learned from ``home_ip_url`` reached outside
  the VPN (the bot runs on the host's network); without either, only "VPN down" is checked.
- Stopping is ``torrents/pause`` on 4.x and ``torrents/stop`` on 5.x (the collection's client picks).
- Only the torrents it stopped are resumed, after ``healthy_checks`` healthy checks in a row. The set
  is kept in ``state_dir`` so a restart of the bot in the middle of an incident still resumes them.
- The interval is at most 30 s (config check), so torrents stop within 60 s of a leak.
- Every incident (a hold after a healthy spell) is announced, however soon after the previous one;
  only repeats within one ongoing incident are throttled.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ansible_collections.myflix.media.plugins.module_utils.http_client import HttpError
from ansible_collections.myflix.media.plugins.module_utils.qbittorrent import is_stopped

from myflix_bot import i18n
from myflix_bot.watchers.base import Watcher
from myflix_bot.watchers.clients import Blocking
from myflix_bot.watchers.settings import LeakGuardSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reason:
    """Why torrents are held: a ``watchers.leak.<key>`` message and its values."""

    key: str
    values: tuple[tuple[str, str], ...] = ()

    def text(self, lang: str) -> str:
        return i18n.t(lang, f"watchers.leak.{self.key}", **dict(self.values))


def fetch_home_ip(url: str, timeout: float = 5.0) -> str | None:
    """The first IP address in the answer of a "what is my IP" service (plain text or JSON)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - configured http(s) URL
            text = response.read(4096).decode("utf-8", "replace")
    except (OSError, ValueError):
        return None
    try:
        data = json.loads(text)
        if isinstance(data, dict):
            text = str(data.get("ip") or data.get("public_ip") or "")
    except ValueError:
        pass
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


class LeakGuardWatcher(Watcher):
    name = "leak_guard"
    max_backoff = 15.0

    def __init__(
        self,
        settings: LeakGuardSettings,
        gluetun: Any,
        qbittorrent: Any,
        *,
        home_ip: str | None,
        state_path: Path,
        **kwargs: Any,
    ) -> None:
        super().__init__(interval=settings.interval, dry_run=settings.dry_run, **kwargs)
        self.settings = settings
        self.gluetun = gluetun
        self.qbt = qbittorrent
        self.configured_home_ip = home_ip
        self.home_ip = home_ip
        self.state_path = state_path
        self.blocking = Blocking()
        self.vpn_up: bool | None = None
        self.leak: bool | None = None
        self.reason: str | None = None  # why torrents are held, None when healthy
        self.why: Reason | None = None  # the same, for /status in the reader's language
        self.healthy_streak = 0
        self.stopped: list[str] = self._load()
        self.incidents = 0

    # persistence -------------------------------------------------------------------------------
    def _load(self) -> list[str]:
        try:
            data = json.loads(self.state_path.read_text())
        except (OSError, ValueError):
            return []
        return [h for h in data.get("stopped", []) if isinstance(h, str)] if isinstance(data, dict) else []

    def _save(self) -> None:
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"stopped": self.stopped}))
        os.replace(tmp, self.state_path)

    # checks ------------------------------------------------------------------------------------
    async def _verdict(self) -> Reason | None:
        """None when healthy, else the reason to hold torrents (an i18n key under ``watchers.leak.``
        and its values)."""
        try:
            status = await self.blocking(self.gluetun.vpn_status)
        except HttpError:
            self.vpn_up = None
            return Reason("gluetun_silent")
        self.vpn_up = status == "running"
        if not self.vpn_up:
            self.leak = None
            return Reason("vpn_down", (("status", status or "unknown"),))
        if self.home_ip is None and self.settings.home_ip_url:
            self.home_ip = await self.blocking(fetch_home_ip, self.settings.home_ip_url)
        try:
            record = await self.blocking(self.gluetun.public_ip)
        except HttpError:
            return Reason("no_ip_answer")
        public = str(record.get("public_ip") or "")
        if not public:
            return Reason("no_ip")
        if self.home_ip is None:
            self.leak = None
            return None  # nothing to compare with: only the VPN state is guarded
        self.leak = public == self.home_ip
        return Reason("leak") if self.leak else None

    async def _hold(self, why: Reason) -> None:
        reason = why.text(self.notifier.lang)
        torrents = await self.blocking(self.qbt.torrents)
        active = [str(t["hash"]) for t in torrents if not is_stopped(str(t.get("state", "")))]
        fresh = [h for h in active if h not in self.stopped]
        first = self.reason is None
        self.reason = reason
        self.why = why
        if fresh and not self.dry_run:
            await self.blocking(self.qbt.stop, fresh)
            self.stopped.extend(fresh)
            self._save()
        if first or fresh:
            self.incidents += first
            verb = "would_stop" if self.dry_run else "stopped"
            # one key per incident: a new incident is always announced, only its own repeats
            # (more torrents stopped while it lasts) are throttled
            await self.notify(
                f"hold:{self.incidents}", f"watchers.notice.leak.{verb}", reason=reason, count=len(fresh)
            )

    async def _release(self) -> None:
        self.reason = None
        self.why = None
        if not self.stopped:
            return
        known = {str(t["hash"]) for t in await self.blocking(self.qbt.torrents)}
        mine = [h for h in self.stopped if h in known]
        if mine and not self.dry_run:
            await self.blocking(self.qbt.start, mine)
        self.stopped = []
        self._save()
        await self.notify(f"resume:{self.incidents}", "watchers.notice.leak.resumed", count=len(mine))

    async def run(self) -> None:
        reason = await self._verdict()
        if reason is not None:
            self.healthy_streak = 0
            await self._hold(reason)
            return
        self.healthy_streak += 1
        # held until enough healthy checks in a row
        if (self.reason is not None or self.stopped) and self.healthy_streak >= self.settings.healthy_checks:
            await self._release()

    def summary(self, lang: str) -> str:
        if self.reason:
            why = self.why.text(lang) if self.why is not None else self.reason
            return i18n.t(lang, "watchers.leak_guard.holding", reason=why, count=len(self.stopped))
        if not self.vpn_up:
            return i18n.t(lang, "watchers.leak_guard.waiting")
        return i18n.t(
            lang, "watchers.leak_guard.no_home_ip" if self.home_ip is None else "watchers.leak_guard.ok"
        )
