"""The /start main menu and /help, built from the command registry's entries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from myflix_bot import i18n
from myflix_bot.render.text import esc
from myflix_bot.render.view import Button, View


@dataclass(frozen=True, slots=True)
class MenuEntry:
    label_key: str  # i18n key of the button text
    callback: str  # callback_data


@dataclass(frozen=True, slots=True)
class HelpEntry:
    command: str
    usage_key: str | None  # i18n key of the argument hint, e.g. "[titre]"
    description_key: str


def render_menu(entries: Sequence[MenuEntry], lang: str, per_row: int = 2) -> View:
    buttons = [Button(i18n.t(lang, e.label_key), e.callback) for e in entries]
    rows = tuple(tuple(buttons[i : i + per_row]) for i in range(0, len(buttons), per_row))
    return View(i18n.t(lang, "menu.title"), rows)


def render_help(entries: Sequence[HelpEntry], lang: str, menu_callback: str) -> View:
    lines = [i18n.t(lang, "help.title")]
    for e in entries:
        usage = f" {i18n.t(lang, e.usage_key)}" if e.usage_key else ""
        lines.append(f"/{e.command}{esc(usage)} — {esc(i18n.t(lang, e.description_key))}")
    return View("\n".join(lines), ((Button(i18n.t(lang, "nav.menu"), menu_callback),),))
