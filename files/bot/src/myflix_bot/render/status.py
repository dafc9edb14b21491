"""/status: storage bars, VPN, system, containers and lines contributed by other features."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from myflix_bot import i18n
from myflix_bot.callbacks import encode
from myflix_bot.coordinator import Snapshot
from myflix_bot.models import (
    AppHealth,
    ContainerInfo,
    QueueData,
    StatusLine,
    StorageUsage,
    SystemData,
    VpnData,
)
from myflix_bot.render.common import health_note
from myflix_bot.render.text import LINE_WIDTH, bar, display_width, esc, pad, sanitize, trim
from myflix_bot.render.view import Button, View
from myflix_bot.sources.system import CAPPED_NOW, PAST_SHIFT, SOFT_TEMP_NOW, THROTTLED_NOW, UNDERVOLTAGE_NOW

BAR_WIDTH = 10  # the widest storage bar; narrower when the row needs the room
MIN_BAR_WIDTH = 4
NAME_WIDTH_MAX = 6
APP_NAME_WIDTH = 11
APP_VERSION_WIDTH = 11
MAX_BAD_CONTAINERS = 8
MAX_EXTRA_LINES = 20
EXTRA_WIDTH = 60
FAILED_EXTRA_WIDTH = 140  # a failing line carries its reason: room for it (plain text, wrapping is fine)
CONTAINER_STATES = ("restarting", "exited", "paused", "dead", "created", "removing", "unhealthy", "starting")
FLAG_KEYS = (
    (UNDERVOLTAGE_NOW, "status.flag.undervoltage"),
    (CAPPED_NOW, "status.flag.capped"),
    (THROTTLED_NOW, "status.flag.throttled"),
    (SOFT_TEMP_NOW, "status.flag.soft_temp"),
)


@dataclass(frozen=True, slots=True)
class StatusInput:
    system: Snapshot
    vpn: Snapshot | None  # None: Gluetun not configured
    queue: Snapshot | None  # for qBittorrent's listen port
    containers: Snapshot | None
    warn_percent: float
    home_ip: str | None
    extra: Sequence[StatusLine] = ()
    apps: Sequence[tuple[str, Snapshot]] = ()  # (label, health probe snapshot) per application
    details: bool = True  # admins: the public IP and the ports; members see only the verdicts


def used_of_total(usage: StorageUsage, lang: str) -> str:
    """``120/480 Go`` (one unit when both share it), else ``120 Go/3,6 To``."""
    used, total = i18n.size(usage.used, lang), i18n.size(usage.total, lang)
    used_num, _, used_unit = used.rpartition(" ")
    total_num, _, total_unit = total.rpartition(" ")
    return f"{used_num}/{total_num} {total_unit}" if used_unit == total_unit else f"{used}/{total}"


def storage_rows(
    usages: Sequence[StorageUsage | None], names: Sequence[str], lang: str, warn_percent: float
) -> list[str]:
    """Aligned rows within :data:`LINE_WIDTH`: name, bar, percent, used/total, and a warning mark last
    (so it cannot misalign). The bar takes the room the other columns leave."""
    width = min(NAME_WIDTH_MAX, max((display_width(n) for n in names), default=0))
    known = [u for u in usages if u is not None and u.total > 0]
    sizes = {id(u): used_of_total(u, lang) for u in known}
    warned = any(u.fraction * 100 >= warn_percent for u in known)
    rest = max((display_width(s) for s in sizes.values()), default=len(i18n.t(lang, "status.unknown")))
    room = LINE_WIDTH - (width + 2 + 2 + 5 + 1 + rest + (3 if warned else 0))  # " ▕", "▏ ", pct, " "
    bar_width = max(MIN_BAR_WIDTH, min(BAR_WIDTH, room))
    rows = []
    for name, usage in zip(names, usages, strict=True):
        label = pad(trim(sanitize(name), width), width)
        if usage is None or usage.total <= 0:
            rows.append(f"{label} ▕{bar(None, bar_width)}▏     ? {i18n.t(lang, 'status.unknown')}")
            continue
        pct = i18n.percent(usage.fraction, lang)
        warn = " ⚠️" if usage.fraction * 100 >= warn_percent else ""
        rows.append(f"{label} ▕{bar(usage.fraction, bar_width)}▏ {pct:>5} {sizes[id(usage)]}{warn}")
    return rows


def throttled_text(value: int | None, lang: str) -> str:
    if value is None:
        return ""
    now = [i18n.t(lang, key) for bit, key in FLAG_KEYS if value & bit]
    past = [i18n.t(lang, key) for bit, key in FLAG_KEYS if value & (bit << PAST_SHIFT)]
    if not now and not past:
        return i18n.t(lang, "status.throttled_none")
    parts = []
    if now:
        parts.append("⚠️ " + i18n.t(lang, "status.throttled_now", flags=", ".join(now)))
    if past:
        parts.append(i18n.t(lang, "status.throttled_past", flags=", ".join(past)))
    return " · ".join(parts)


def vpn_lines(
    vpn: VpnData, listen_port: int | None, home_ip: str | None, lang: str, *, details: bool = True
) -> list[str]:
    state = {"running": "status.vpn_running", "stopped": "status.vpn_stopped"}.get(vpn.status)
    state_text = i18n.t(lang, state) if state else esc(trim(sanitize(vpn.status), 20))
    lines = [i18n.t(lang, "status.vpn_state", state=state_text)]
    if vpn.public_ip is None:
        verdict = ""
    elif home_ip is None:
        verdict = i18n.t(lang, "status.ip_unknown_home")
    elif vpn.public_ip == home_ip:
        verdict = i18n.t(lang, "status.ip_leak")
    else:
        verdict = i18n.t(lang, "status.ip_ok")
    ip = esc(trim(sanitize(vpn.public_ip), 45)) if vpn.public_ip else "?"
    if not details:
        lines.append(i18n.t(lang, "status.ip_hidden", verdict=verdict).rstrip())
        return lines
    lines.append(i18n.t(lang, "status.ip", ip=ip, verdict=verdict).rstrip())
    forwarded = str(vpn.forwarded_port) if vpn.forwarded_port else i18n.t(lang, "status.port_none")
    listen = str(listen_port) if listen_port else "?"
    if vpn.forwarded_port and listen_port:
        ok = vpn.forwarded_port == listen_port
        verdict = i18n.t(lang, "status.port_ok" if ok else "status.port_mismatch")
    else:
        verdict = ""
    lines.append(i18n.t(lang, "status.port", forwarded=forwarded, listen=listen, verdict=verdict).rstrip())
    return lines


def container_lines(containers: Sequence[ContainerInfo], lang: str) -> list[str]:
    healthy = sum(1 for c in containers if c.ok)
    lines = [i18n.t(lang, "status.containers_summary", healthy=healthy, total=len(containers))]
    bad = [c for c in containers if not c.ok]
    for c in bad[:MAX_BAD_CONTAINERS]:
        raw = c.health if c.state == "running" and c.health else c.state
        key = f"status.container.{raw}"
        state = i18n.t(lang, key) if raw in CONTAINER_STATES else trim(sanitize(raw), 20)
        lines.append(
            "❌ "
            + i18n.t(
                lang,
                "status.containers_bad",
                name=esc(trim(sanitize(c.name), 30)),
                state=esc(state),
            )
        )
    if len(bad) > MAX_BAD_CONTAINERS:
        lines.append(i18n.t(lang, "status.more", count=len(bad) - MAX_BAD_CONTAINERS))
    return lines


def _notes(snapshots: Sequence[Snapshot | None], lang: str, now: float) -> list[str]:
    notes = (health_note(s, lang, now) for s in snapshots if s is not None)
    return [n for n in notes if n]


def storage_section(data: StatusInput, lang: str, now: float) -> list[str]:
    out = [i18n.t(lang, "status.storage")]
    system: SystemData | None = data.system.data
    if system is not None and system.storage_names:
        rows = storage_rows(system.storage, system.storage_names, lang, data.warn_percent)
        out.append("<pre>" + "\n".join(esc(r) for r in rows) + "</pre>")
        if any(u is not None and u.fraction * 100 >= data.warn_percent for u in system.storage):
            out.append(i18n.t(lang, "status.warn", percent=f"{data.warn_percent:g}"))
    return out + _notes([data.system], lang, now)


def vpn_section(data: StatusInput, lang: str, now: float) -> list[str]:
    if data.vpn is None:
        return []
    out = ["", i18n.t(lang, "status.vpn")]
    vpn: VpnData | None = data.vpn.data
    queue: QueueData | None = data.queue.data if data.queue is not None else None
    if vpn is not None:
        out += vpn_lines(vpn, queue.listen_port if queue else None, data.home_ip, lang, details=data.details)
    return out + _notes([data.vpn, data.queue], lang, now)


def system_section(data: StatusInput, lang: str) -> list[str]:
    out = ["", i18n.t(lang, "status.system")]
    system: SystemData | None = data.system.data
    if system is None:
        return out
    temp = f"{i18n.number(system.cpu_temp, lang)} °C" if system.cpu_temp is not None else "? °C"
    load = " ".join(i18n.number(x, lang, 2) for x in system.load) if system.load else "?"
    out.append(i18n.t(lang, "status.cpu", temp=temp, load=load))
    throttled = throttled_text(system.throttled, lang)
    if throttled:
        out.append(throttled)
    if system.mem_total:
        used, total = i18n.size(system.mem_used, lang), i18n.size(system.mem_total, lang)
        out.append(i18n.t(lang, "status.ram", used=used, total=total))
    return out


def latency_text(seconds: float | None, lang: str) -> str:
    if seconds is None:
        return ""
    if seconds < 1:
        return f"{max(1, round(seconds * 1000))} ms"
    return f"{i18n.number(seconds, lang)} s"


def app_rows(apps: Sequence[tuple[str, Snapshot]], lang: str, now: float) -> list[str]:
    """One aligned row per application: mark, name, version and response time, or why it is down."""
    rows = []
    for name, snap in apps:
        health: AppHealth | None = snap.data
        label = pad(trim(sanitize(name), APP_NAME_WIDTH), APP_NAME_WIDTH)
        if snap.updated_at is None and snap.error is None:
            rows.append(f"⏳ {label} {i18n.t(lang, 'status.app_pending')}")
        elif snap.error is not None:
            rows.append(f"❌ {label} {i18n.t(lang, 'status.app_down')}")
        else:
            version = trim(sanitize(health.version or "?"), APP_VERSION_WIDTH) if health else "?"
            latency = latency_text(snap.latency, lang)
            rows.append(f"✅ {label} {pad(version, APP_VERSION_WIDTH)} {latency:>6}".rstrip())
    return rows


def apps_section(data: StatusInput, lang: str, now: float) -> list[str]:
    if not data.apps:
        return []
    rows = app_rows(data.apps, lang, now)
    return ["", i18n.t(lang, "status.apps"), "<pre>" + "\n".join(esc(r) for r in rows) + "</pre>"]


def containers_section(data: StatusInput, lang: str, now: float) -> list[str]:
    if data.containers is None:
        return []
    out = ["", i18n.t(lang, "status.containers")]
    if data.containers.data is not None:
        out += container_lines(data.containers.data, lang)
    return out + _notes([data.containers], lang, now)


def mark(line: StatusLine) -> str:
    """❌ a feature that failed, ⚠️ one that works but needs an admin (a disk below its floor), else ✅."""
    if not line.ok:
        return "❌ "
    return "⚠️ " if line.attention else "✅ "


def line_width(line: StatusLine) -> int:
    """A line that asks for an admin carries its reason: it gets the failing line's room."""
    return EXTRA_WIDTH if line.ok and not line.attention else FAILED_EXTRA_WIDTH


def extra_sections(extra: Sequence[StatusLine], lang: str) -> list[str]:
    out: list[str] = []
    sections: dict[str, list[StatusLine]] = {}
    for line in list(extra)[:MAX_EXTRA_LINES]:
        sections.setdefault(line.section, []).append(line)
    for section, lines in sections.items():
        heading_key = f"status.{section}"
        heading = i18n.t(lang, heading_key)
        out += ["", heading if heading != heading_key else f"<b>{esc(trim(sanitize(section), 30))}</b>"]
        out += [mark(line) + esc(trim(sanitize(line.text), line_width(line))) for line in lines]
    return out


def render_status(data: StatusInput, lang: str, now: float) -> View:
    out = [i18n.t(lang, "status.title"), ""]
    out += storage_section(data, lang, now)
    out += apps_section(data, lang, now)
    out += vpn_section(data, lang, now)
    out += system_section(data, lang)
    out += containers_section(data, lang, now)
    out += extra_sections(data.extra, lang)
    keyboard = (
        (Button(i18n.t(lang, "nav.refresh"), encode("st")), Button(i18n.t(lang, "nav.menu"), encode("m"))),
    )
    return View("\n".join(out), keyboard)
