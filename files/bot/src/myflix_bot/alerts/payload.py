"""Alertmanager's webhook body (``"version": "4"``) as immutable values; anything else is refused.

Only what the messages use is kept: the group's status, and per alert its name, status, labels,
start and end. Annotations are ignored on purpose: the bot's catalog says what to tell the owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

MAX_ALERTS = 100


class PayloadError(ValueError):
    """The body is not an Alertmanager webhook message the bot understands."""


@dataclass(frozen=True, slots=True)
class Alert:
    name: str
    firing: bool
    labels: tuple[tuple[str, str], ...]
    starts_at: datetime
    ends_at: datetime | None  # set once resolved

    def label(self, key: str) -> str:
        return dict(self.labels).get(key, "")


@dataclass(frozen=True, slots=True)
class AlertGroup:
    firing: bool  # the group's status: firing while at least one alert fires
    alerts: tuple[Alert, ...]

    @property
    def resolved(self) -> tuple[Alert, ...]:
        return tuple(a for a in self.alerts if not a.firing)

    @property
    def active(self) -> tuple[Alert, ...]:
        return tuple(a for a in self.alerts if a.firing)


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str) or value.startswith("0001-01-01"):
        return None  # Go's zero time: not set
    text = value.replace("Z", "+00:00")
    if "." in text:  # Go writes nanoseconds; Python parses at most microseconds
        head, _, tail = text.partition(".")
        digits = "".join(c for c in tail if c.isdigit())
        text = f"{head}.{digits[:6]}{tail[len(digits) :]}"
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise PayloadError(f"bad time {value!r}") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _alert(raw: Any) -> Alert:
    if not isinstance(raw, dict):
        raise PayloadError("an alert is not an object")
    labels = raw.get("labels")
    if not isinstance(labels, dict) or not all(isinstance(v, str) for v in labels.values()):
        raise PayloadError("alert labels must be strings")
    name = labels.get("alertname")
    status = raw.get("status")
    starts = _time(raw.get("startsAt"))
    if not name or status not in ("firing", "resolved") or starts is None:
        raise PayloadError("an alert needs alertname, status and startsAt")
    return Alert(
        name=name,
        firing=status == "firing",
        labels=tuple(sorted((str(k), v) for k, v in labels.items())),
        starts_at=starts,
        ends_at=_time(raw.get("endsAt")) if status == "resolved" else None,
    )


def parse(body: Any) -> AlertGroup:
    if not isinstance(body, dict) or body.get("version") != "4":
        raise PayloadError("not an Alertmanager webhook message (version 4)")
    alerts = body.get("alerts")
    if not isinstance(alerts, list) or not alerts or len(alerts) > MAX_ALERTS:
        raise PayloadError("alerts must be a non-empty list")
    if body.get("status") not in ("firing", "resolved"):
        raise PayloadError("bad group status")
    return AlertGroup(firing=body["status"] == "firing", alerts=tuple(_alert(a) for a in alerts))
