"""The baseline of the bot benchmarks: a bare python-telegram-bot echo bot (same library, same polling).

MYFLIX_TELEGRAM_TOKEN=... python -m bench.bot_echo BASE_URL
"""

from __future__ import annotations

import os
import sys

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.effective_chat is not None and update.effective_message is not None:
        await context.bot.send_message(
            chat_id=update.effective_chat.id, text=update.effective_message.text or "?"
        )


def main() -> None:
    base = sys.argv[1]
    root, _, last = base.rpartition("/")
    app = (
        Application.builder()
        .token(os.environ["MYFLIX_TELEGRAM_TOKEN"])
        .base_url(base)
        .base_file_url(f"{root}/file/{last}")
        .build()
    )
    app.add_handler(MessageHandler(filters.ALL, echo))
    app.run_polling(poll_interval=0.0, timeout=10, allowed_updates=[Update.MESSAGE])


if __name__ == "__main__":
    main()
