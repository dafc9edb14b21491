"""What a renderer returns: HTML text for Telegram's HTML parse mode, an inline keyboard and, for
cards and charts, a photo or a document. Framework-free: the Telegram adapter (``telegram_io``) turns
these into Bot API calls."""

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
class Document:
    filename: str
    data: bytes


@dataclass(frozen=True, slots=True)
class Video:
    """An MP4 sent as a playable video (``sendVideo``), with its frame size and whole seconds."""

    filename: str
    data: bytes
    width: int
    height: int
    duration: int


@dataclass(frozen=True, slots=True)
class View:
    """One message. With ``photo`` (a URL or PNG bytes) it is a photo with ``text`` as its caption
    (plain text when the caption is too long or Telegram refuses the photo); with ``document``, a file
    with ``text`` as its caption; with ``video``, a playable video with ``text`` as its caption."""

    text: str
    keyboard: tuple[tuple[Button, ...], ...] = ()
    photo: str | bytes | None = None
    document: Document | None = None
    video: Video | None = None

    @property
    def is_media(self) -> bool:
        """A photo, a document or a video: sent as a new message, never edited into a text message."""
        return self.photo is not None or self.document is not None or self.video is not None

    def buttons(self) -> list[Button]:
        return [b for row in self.keyboard for b in row]
