"""The port through which features send and change messages without knowing Telegram.

``telegram_io.TelegramOutbox`` implements it with python-telegram-bot; the runtime holds one
(``Runtime.outbox``, None until Telegram was reached). A feature that must answer with more than the
one View its handler returns (a search card below the choice list, a watcher's notice, an alert)
goes through it; nothing else in the package talks to the Bot API.
"""

from __future__ import annotations

from typing import Protocol

from myflix_bot.render.view import View


class Outbox(Protocol):
    async def send(self, chat_id: int, view: View) -> int:
        """Send ``view`` (a message, a photo or a document) to ``chat_id``; the new message's id."""
        ...

    async def edit(self, chat_id: int, message_id: int, view: View) -> bool:
        """Replace a text message's text and keyboard; False when the message is gone."""
        ...

    async def set_buttons(self, chat_id: int, message_id: int, view: View | None) -> None:
        """Replace only a message's buttons (a photo card's too) by ``view``'s; None removes them.
        Best effort: a refusal is logged, never raised."""
        ...
