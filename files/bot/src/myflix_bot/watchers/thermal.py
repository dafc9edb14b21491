"""Thermal governor: qBittorrent's alternative speed limits on above ``high`` °C, off below ``low``.

- Hysteresis (``low`` < ``high``) plus ``min_hold`` seconds in a mode: no flapping.
- It only turns off what it turned on: speed limits a person enabled stay on.
- An unreadable sensor keeps the current mode (it never unthrottles blindly), alerts, and fails the
  step so the supervisor shows it; the retry never waits longer than the watcher's own interval, so
  once the sensor answers again the limits follow within one interval.
- The Pi firmware's throttled/under-voltage flags (when the platform exposes them) are read for the
  exporter and /status; they do not drive the switch.
"""

from __future__ import annotations

from typing import Any

from myflix_bot import i18n
from myflix_bot.sources.system import read_temperature, read_throttled
from myflix_bot.watchers.base import Watcher, WatcherError
from myflix_bot.watchers.clients import Blocking
from myflix_bot.watchers.settings import ThermalSettings


class ThermalWatcher(Watcher):
    name = "thermal"

    def __init__(
        self,
        settings: ThermalSettings,
        qbittorrent: Any,
        *,
        sensor_path: str,
        throttled_path: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(interval=settings.interval, dry_run=settings.dry_run, **kwargs)
        self.settings = settings
        self.qbt = qbittorrent  # module_utils QBittorrentClient (or anything with request/post)
        self.sensor_path = sensor_path
        self.throttled_path = throttled_path
        self.blocking = Blocking()
        self.temperature: float | None = None
        self.throttled_flags: int | None = None
        self.engaged = False  # hot: the alternative limits must be on
        self.owned = True  # we switched them on (else a person had, and they stay on)
        self.changed_at: float | None = None
        self.switches = 0

    @property
    def max_backoff(self) -> float:  # type: ignore[override]
        """A safety watcher: after errors it keeps checking at its own interval."""
        return self.interval

    def _alt_mode(self) -> bool:
        mode: str = self.qbt.request("GET", "transfer/speedLimitsMode").text
        return mode.strip() == "1"

    def _toggle(self) -> None:
        self.qbt.post("transfer/toggleSpeedLimitsMode")

    async def _set(self, on: bool) -> None:
        """Make the alternative mode ``on`` (read first: toggling is the only write the API has).
        Limits that were already on when we engaged were a person's: we leave them on."""
        if self.dry_run:
            return
        current = await self.blocking(self._alt_mode)
        if on:
            self.owned = not current
        elif not self.owned:
            return
        if current != on:
            await self.blocking(self._toggle)
        if await self.blocking(self._alt_mode) != on:
            raise WatcherError(
                f"qBittorrent did not switch its alternative speed limits {'on' if on else 'off'}"
            )

    async def run(self) -> None:
        if self.throttled_path:
            self.throttled_flags = read_throttled(self.throttled_path)
        temp = read_temperature(self.sensor_path)
        if temp is None:
            self.temperature = None
            await self.notify("sensor", "watchers.notice.thermal.unreadable", path=self.sensor_path)
            raise WatcherError(f"temperature sensor unreadable: {self.sensor_path}")
        self.temperature = temp
        now = self.clock()
        held = self.changed_at is None or now - self.changed_at >= self.settings.min_hold
        if not self.engaged and temp > self.settings.high and held:
            await self._set(True)
            self.engaged, self.changed_at = True, now
            self.switches += 1
            await self.notify(
                "on",
                "watchers.notice.thermal.on",
                temp=i18n.number(temp, self.notifier.lang),
                limit=f"{self.settings.high:g}",
            )
        elif self.engaged and temp < self.settings.low and held:
            await self._set(False)
            self.engaged, self.changed_at = False, now
            self.switches += 1
            await self.notify(
                "off",
                "watchers.notice.thermal.off",
                temp=i18n.number(temp, self.notifier.lang),
                limit=f"{self.settings.low:g}",
            )

    def summary(self, lang: str) -> str:
        temp = "?" if self.temperature is None else f"{i18n.number(self.temperature, lang)} °C"
        mode = i18n.t(lang, "watchers.thermal.on" if self.engaged else "watchers.thermal.off")
        return i18n.t(lang, "watchers.thermal", temp=temp, mode=mode)
