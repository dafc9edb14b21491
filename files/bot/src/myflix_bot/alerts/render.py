"""An Alertmanager group -> one Telegram message (no I/O): for each alert what happened, since when
and what to do; resolved alerts first say they are resolved and how long they lasted; one /status
button. Texts come from the catalog (:mod:`.messages`), label values are escaped."""

from __future__ import annotations

from datetime import datetime, tzinfo

from myflix_bot import i18n
from myflix_bot.alerts import messages as _messages
from myflix_bot.alerts.payload import Alert, AlertGroup
from myflix_bot.callbacks import encode
from myflix_bot.render.text import esc
from myflix_bot.render.view import MAX_MESSAGE, Button, View

SUBJECT_LABELS = ("tier", "source", "watcher", "container")
STATUS_CALLBACK = "as"  # the alert's /status button (a new message below the alert)
_KNOWN = frozenset(_messages.KNOWN)


def _texts(alert: Alert, lang: str) -> tuple[str, str]:
    subject = esc(next((alert.label(k) for k in SUBJECT_LABELS if alert.label(k)), ""))
    if alert.name in _KNOWN:
        what = i18n.t(lang, f"alerts.{alert.name}.what", subject=subject)
        return what, i18n.t(lang, f"alerts.{alert.name}.todo")
    return i18n.t(lang, "alerts.other.what", name=esc(alert.name)), i18n.t(lang, "alerts.other.todo")


def _alert_lines(alert: Alert, lang: str, now: datetime, tz: tzinfo | None) -> list[str]:
    what, todo = _texts(alert, lang)
    if alert.firing:
        since = alert.starts_at.astimezone(tz).strftime("%H:%M")
        age = i18n.duration((now - alert.starts_at).total_seconds(), lang)
        return [
            i18n.t(lang, "alerts.firing", what=what),
            i18n.t(lang, "alerts.since", time=since, age=age),
            i18n.t(lang, "alerts.todo", todo=todo),
        ]
    end = alert.ends_at or now
    lasted = i18n.duration((end - alert.starts_at).total_seconds(), lang)
    return [i18n.t(lang, "alerts.resolved", what=what), i18n.t(lang, "alerts.lasted", age=lasted)]


def render_group(group: AlertGroup, lang: str, now: datetime, tz: tzinfo | None = None) -> View:
    """Firing alerts first (most urgent first), then the resolved ones; one block per alert."""
    ordered = sorted(
        group.alerts, key=lambda a: (not a.firing, a.label("severity") != "critical", a.name, a.labels)
    )
    blocks = ["\n".join(_alert_lines(a, lang, now, tz)) for a in ordered]
    text = ""
    for count, block in enumerate(blocks):
        candidate = f"{text}\n\n{block}" if text else block
        if len(candidate) > MAX_MESSAGE - 40:
            text += f"\n\n(+{len(blocks) - count})"
            break
        text = candidate
    button = Button(i18n.t(lang, "alerts.status_button"), encode(STATUS_CALLBACK))
    return View(text, ((button,),))
