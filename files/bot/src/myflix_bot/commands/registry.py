"""The extension points of the bot, framework-free.

A feature plugs in by registering, before the application starts:

- a :class:`Command` (``/name``): shown in Telegram's command list (setMyCommands), in /help, and
  optionally as a main-menu button; its handler gets a :class:`Request` and returns a
  :class:`~myflix_bot.render.view.View` to send (or None to send nothing);
- a callback route for a view code (the first field of ``callback_data``): its handler gets the
  parsed :class:`~myflix_bot.callbacks.Callback` and returns the View that replaces the message (a
  View with a photo or a document is sent as a new message instead), or None;
- a text handler for plain messages (the search pipeline);
- a status provider: a function that returns :class:`~myflix_bot.models.StatusLine` items for /status,
  read from memory (a watcher's own state), never from the network;
- start-up and shutdown hooks (a watcher supervisor, an HTTP endpoint).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from myflix_bot.access import Role
from myflix_bot.callbacks import Callback
from myflix_bot.models import StatusLine
from myflix_bot.render.menu import HelpEntry, MenuEntry
from myflix_bot.render.view import View


@dataclass(frozen=True, slots=True)
class Request:
    """Who asked and what, without any Telegram object: handlers stay testable and pure-ish."""

    user_id: int | None
    chat_id: int | None
    role: Role
    lang: str
    args: str = ""  # the text after the command, stripped
    message_id: int | None = None  # for callbacks: the message being edited


# ``R`` is the runtime the handlers get (``myflix_bot.runtime.Runtime`` in the bot); the registry
# does not import it, so the runtime can hold a registry without an import cycle. TypeVar generics,
# not PEP 695 syntax: the bot also runs on Raspberry Pi OS bookworm (Python 3.11).
R = TypeVar("R")
CommandHandler = Callable[[R, Request], Awaitable[View | None]]
CallbackHandler = Callable[[R, Request, Callback], Awaitable[View | None]]
TextHandler = Callable[[R, Request], Awaitable[View | None]]
StatusProvider = Callable[[R, str], Sequence[StatusLine]]
Hook = Callable[[R], Awaitable[None]]
# A stranger's "/start CODE" (an invitation): (runtime, user id, first name, Telegram language, code)
# -> the welcome View when the code made them a member, None (nothing is sent) otherwise.
JoinHandler = Callable[[R, int, str, str | None, str], Awaitable[View | None]]
# Called after a command's View was sent, with the sent message id (live views use it).
SentHook = Callable[[R, Request, int, View], Awaitable[None]]
# For single-use buttons: True when this press may act (the adapter then removes the buttons first).
PressGuard = Callable[[R, Request, Callback], bool]


@dataclass(frozen=True, slots=True)
class Command(Generic[R]):
    name: str
    description_key: str
    handler: CommandHandler[R]
    role: Role = Role.USER
    usage_key: str | None = None
    menu_label_key: str | None = None
    menu_callback: str | None = None
    order: int = 100
    after_send: SentHook[R] | None = None


@dataclass(frozen=True, slots=True)
class CallbackRoute(Generic[R]):
    """A button route. With ``single_use``, a press the guard accepts first loses the message's
    buttons (one press, one action), then runs the handler; a press it refuses gets no answer."""

    view: str
    handler: CallbackHandler[R]
    role: Role = Role.USER
    single_use: PressGuard[R] | None = None


class Registry(Generic[R]):
    def __init__(self) -> None:
        self._commands: dict[str, Command[R]] = {}
        self._callbacks: dict[str, CallbackRoute[R]] = {}
        self.text_handler: TextHandler[R] | None = None
        self.join_handler: JoinHandler[R] | None = None
        self.status_providers: list[StatusProvider[R]] = []
        self.startup_hooks: list[Hook[R]] = []
        self.shutdown_hooks: list[Hook[R]] = []
        self._menu_only: list[tuple[int, Role, MenuEntry]] = []

    def add_command(self, command: Command[R]) -> None:
        if command.name in self._commands:
            raise ValueError(f"/{command.name} already registered")
        if not command.name.isascii() or not command.name.islower() or len(command.name) > 32:
            raise ValueError(f"bad command name {command.name!r}")
        self._commands[command.name] = command

    def add_callback(self, route: CallbackRoute[R]) -> None:
        if route.view in self._callbacks:
            raise ValueError(f"callback view {route.view!r} already registered")
        self._callbacks[route.view] = route

    def add_menu_entry(self, entry: MenuEntry, *, order: int = 100, role: Role = Role.USER) -> None:
        """A main-menu button that is not a command (e.g. "Recherche", which prompts for text)."""
        self._menu_only.append((order, role, entry))

    def set_text_handler(self, handler: TextHandler[R]) -> None:
        self.text_handler = handler

    def add_status_provider(self, provider: StatusProvider[R]) -> None:
        self.status_providers.append(provider)

    def on_startup(self, hook: Hook[R]) -> None:
        self.startup_hooks.append(hook)

    def on_shutdown(self, hook: Hook[R]) -> None:
        self.shutdown_hooks.append(hook)

    def commands(self) -> list[Command[R]]:
        return sorted(self._commands.values(), key=lambda c: (c.order, c.name))

    def command(self, name: str) -> Command[R] | None:
        return self._commands.get(name)

    def callback(self, view: str) -> CallbackRoute[R] | None:
        return self._callbacks.get(view)

    def menu_entries(self, role: Role) -> list[MenuEntry]:
        entries = [
            (c.order, MenuEntry(c.menu_label_key, c.menu_callback))
            for c in self.commands()
            if c.menu_label_key and c.menu_callback and role >= c.role
        ]
        entries += [(order, e) for order, need, e in self._menu_only if role >= need]
        return [e for _, e in sorted(entries, key=lambda x: x[0])]

    def help_entries(self, role: Role) -> list[HelpEntry]:
        return [HelpEntry(c.name, c.usage_key, c.description_key) for c in self.commands() if role >= c.role]
