"""The Telegram adapter: the only module beyond ``app.py`` that knows python-telegram-bot objects.

Commands and features produce :class:`~myflix_bot.render.view.View` objects (text, keyboard, optional
photo, video or document); this module turns them into Bot API calls: :func:`send_view` (a message, a photo
card, a video or a document), :func:`edit_view` (in place), :func:`set_buttons` and the inline :func:`markup`.
:class:`TelegramOutbox` is the :class:`~myflix_bot.outbox.Outbox` the runtime hands to features.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError

from myflix_bot.render.view import View

log = logging.getLogger(__name__)
CAPTION_MAX = 1024  # Telegram's photo, video and document caption limit
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def markup(view: View | None) -> InlineKeyboardMarkup | None:
    if view is None or not view.keyboard:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.text, callback_data=b.data) for b in row] for row in view.keyboard]
    )


async def send_view(bot: Any, chat_id: int, view: View) -> int:
    """Send ``view``: a photo with its caption, a video, a document, or a text message (also the fallback
    when the caption is too long or Telegram refuses the photo). Returns the message id."""
    caption = view.text or None
    fits = len(view.text) <= CAPTION_MAX
    if view.photo is not None and fits:
        photo = view.photo if isinstance(view.photo, str) else InputFile(view.photo, filename="image.png")
        try:
            message = await bot.send_photo(
                chat_id=chat_id,
                photo=photo,
                caption=caption,
                parse_mode=ParseMode.HTML,
                reply_markup=markup(view),
            )
            return int(message.message_id)
        except TelegramError as exc:
            log.info("photo not sent: %s", type(exc).__name__)
    if view.video is not None and fits:
        video = view.video
        message = await bot.send_video(
            chat_id=chat_id,
            video=InputFile(video.data, filename=video.filename),
            width=video.width,
            height=video.height,
            duration=video.duration,
            supports_streaming=True,
            caption=caption,
            parse_mode=ParseMode.HTML,
            reply_markup=markup(view),
        )
        return int(message.message_id)
    if view.document is not None and fits:
        message = await bot.send_document(
            chat_id=chat_id,
            document=InputFile(view.document.data, filename=view.document.filename),
            caption=caption,
            parse_mode=ParseMode.HTML,
            reply_markup=markup(view),
        )
        return int(message.message_id)
    message = await bot.send_message(
        chat_id=chat_id,
        text=view.text,
        parse_mode=ParseMode.HTML,
        reply_markup=markup(view),
        link_preview_options=NO_PREVIEW,
    )
    return int(message.message_id)


async def edit_view(bot: Any, chat_id: int, message_id: int, view: View) -> bool:
    """Edit a text message in place. False when the message is gone; "not modified" is a success."""
    try:
        await bot.edit_message_text(
            chat_id=chat_id,
            message_id=message_id,
            text=view.text,
            parse_mode=ParseMode.HTML,
            reply_markup=markup(view),
            link_preview_options=NO_PREVIEW,
        )
    except BadRequest as exc:
        return "not modified" in str(exc).lower()
    except Forbidden:
        return False
    return True


async def set_buttons(bot: Any, chat_id: int, message_id: int, view: View | None) -> None:
    """Replace a message's buttons (a photo card's too) by ``view``'s; None removes them."""
    try:
        await bot.edit_message_reply_markup(chat_id=chat_id, message_id=message_id, reply_markup=markup(view))
    except TelegramError as exc:
        log.info("buttons not changed: %s", type(exc).__name__)


class TelegramOutbox:
    """The runtime's :class:`~myflix_bot.outbox.Outbox`: Views to chats through one ``telegram.Bot``."""

    def __init__(self, bot: Any) -> None:
        self.bot = bot

    @property
    def username(self) -> str | None:
        """The bot's @username once known (``getMe``), for ``t.me`` links."""
        name = getattr(self.bot, "username", None)
        return name if isinstance(name, str) and name else None

    async def send(self, chat_id: int, view: View) -> int:
        return await send_view(self.bot, chat_id, view)

    async def edit(self, chat_id: int, message_id: int, view: View) -> bool:
        return await edit_view(self.bot, chat_id, message_id, view)

    async def set_buttons(self, chat_id: int, message_id: int, view: View | None) -> None:
        await set_buttons(self.bot, chat_id, message_id, view)
