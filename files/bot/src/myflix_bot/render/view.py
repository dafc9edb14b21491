"""What a renderer returns: HTML text for Telegram's HTML parse mode and an inline keyboard."""

from __future__ import annotations

from dataclasses import dataclass

from myflix_bot.callbacks import MAX_BYTES

MAX_MESSAGE = 4096


@dataclass(frozen=True, slots=True)
class Button:
    text: str
    data: str  # callback_data, <= 64 bytes

    def __post_init__(self) -> None:
        if len(self.data.encode()) > MAX_BYTES:
            raise ValueError("callback_data over 64 bytes")


@dataclass(frozen=True, slots=True)
class View:
    text: str
    keyboard: tuple[tuple[Button, ...], ...] = ()

    def buttons(self) -> list[Button]:
        return [b for row in self.keyboard for b in row]
