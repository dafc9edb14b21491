"""A fake Telegram Bot API server, checked against the project's contract (tests/contracts/telegram-bot-api).

URLs: ``POST|GET /bot<token>/<method>`` (method names case-insensitive) and ``GET /file/bot<token>/<path>``.
Parameters may come as a query string, urlencoded form, JSON or multipart (file uploads). Answers are the
``{"ok":true,"result":...}`` / ``{"ok":false,"error_code":N,"description":"...","parameters":{...}}``
envelopes, with the HTTP status equal to ``error_code``.

Contract checks that make the bot fail where Telegram would (or stricter, where Telegram would silently
ignore a mistake):

- a malformed token gets 404 ``Not Found``, a well-formed wrong one 401 ``Unauthorized``; a method that the
  spec does not list gets 404 ``Not Found``;
- every parameter must be one the contract lists for the method (an unknown one is a 400), required ones must
  be present, and values must parse as the contract's types; parameters the real service still accepts though
  deprecated (``disable_web_page_preview``, ``reply_to_message_id``...) are accepted, so the fake is never
  stricter than Telegram on names;
- ``parse_mode`` HTML and MarkdownV2 are parsed (unescaped ``<``/``&`` or reserved MarkdownV2 characters give
  ``Bad Request: can't parse entities``), text is 1..4096 characters, captions <= 1024, inline
  ``callback_data`` 1..64 bytes, edits that change nothing are ``message is not modified``;
- unknown chats are ``chat not found``: a chat is known once a user wrote in it or after ``add_chat``;
- an uploaded file larger than the method's documented limit (the contract's ``max_upload``: photos 10 MB,
  videos and documents 50 MB) gets 413 ``Request Entity Too Large``; ``sendVideo`` answers a ``Video`` with
  the sender's width, height and duration or, when it gives none, those of the MP4's own header.

The methods served are those a bot needs (see ``_HANDLERS``); other methods of the spec answer 400
``Bad Request: method not implemented by the fake`` so a test fails loudly instead of passing on a stub.

Test-side API (thread-safe; call it from the test thread or any event loop): see :class:`TelegramFake`.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import itertools
import json
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import BodyPartReader, web

from myflix_testkit.fakes import contract_files
from myflix_testkit.fakes.server import CONTROL_PREFIX, FAULTS_KEY, FakeServer, Faults, make_app

TOKEN_RE = re.compile(r"^\d{1,20}:[A-Za-z0-9_-]{30,64}$")
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
LONG_POLL_MAX = 50
CONFLICT_POLL = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
)
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the "
    "webhook first"
)

JSON = dict[str, Any]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    types: tuple[str, ...]
    required: bool


@dataclass(frozen=True)
class MethodSpec:
    name: str
    fields: dict[str, FieldSpec]
    returns: tuple[str, ...]
    implemented: bool = True
    max_upload: int | None = None  # bytes of one uploaded file (the contract's "max_upload")


def upload_limit(text: str | None) -> int | None:
    """The contract's ``"50 MB"`` in bytes, MB read as 2^20 (the larger reading: never stricter than
    Telegram)."""
    if not text:
        return None
    number, unit = text.split()
    return int(number) * {"KB": 1 << 10, "MB": 1 << 20}[unit]


@functools.cache
def api_spec() -> dict[str, MethodSpec]:
    """Methods of the Bot API contract, keyed by lower-cased name (``other_methods`` without parameters)."""
    contract = contract_files.load("telegram-bot-api")
    spec: dict[str, MethodSpec] = {}
    for name, method in contract["methods"].items():
        required = set(method.get("required", []))
        fields = {
            field: FieldSpec(field, tuple(types.split("|")), field in required)
            for field, types in method.get("params", {}).items()
        }
        spec[name.lower()] = MethodSpec(
            name,
            fields,
            tuple(method.get("returns", "").split("|")),
            max_upload=upload_limit(method.get("max_upload")),
        )
    for name in contract.get("other_methods", []):
        spec[name.lower()] = MethodSpec(name, {}, (), implemented=False)
    return spec


class TgError(Exception):
    """An error envelope: ``{"ok":false,"error_code":code,"description":...,"parameters"?}``."""

    def __init__(self, code: int, description: str, parameters: JSON | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


def bad_request(what: str) -> TgError:
    return TgError(400, f"Bad Request: {what}")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# --- users, chats, recorded calls ---------------------------------------------------------------------


@dataclass(frozen=True)
class TgUser:
    """A Telegram user that writes to the bot (``to_dict()`` is the API ``User``)."""

    id: int
    first_name: str
    username: str | None = None
    last_name: str | None = None
    language_code: str | None = "fr"
    is_bot: bool = False

    def to_dict(self) -> JSON:
        data: JSON = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for key in ("last_name", "username", "language_code"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data

    def private_chat(self) -> JSON:
        chat: JSON = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            chat["last_name"] = self.last_name
        if self.username:
            chat["username"] = self.username
        return chat


DEFAULT_USER = TgUser(id=424242, first_name="Alice", username="alice")


def group_chat(chat_id: int, title: str, type_: str = "supergroup") -> JSON:
    """An API ``Chat`` for a group (``chat_id`` negative, as Telegram uses)."""
    return {"id": chat_id, "type": type_, "title": title}


@dataclass(frozen=True)
class UploadedFile:
    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class BotCall:
    """One request the bot made. ``params`` are decoded to the spec's types (JSON objects parsed);
    uploaded files are in ``files`` (by form field). ``ok``/``result`` or ``error_code``/``description``
    tell what the fake answered."""

    seq: int
    method: str
    params: JSON
    files: dict[str, UploadedFile]
    http_method: str
    ok: bool = False
    result: Any = None
    error_code: int | None = None
    description: str | None = None
    consumed: bool = field(default=False, repr=False)


@dataclass
class _InjectedError:
    method: str
    count: int
    error: TgError


@dataclass
class _StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes | None
    source_url: str | None = None


# --- parse_mode -------------------------------------------------------------------------------------

_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_RAW_AMP = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")
_RAW_LT = re.compile(r"<(?![a-zA-Z/])")


class _TelegramHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.entities: list[JSON] = []
        self.stack: list[tuple[str, int, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HTML_TAGS:
            raise bad_request(f'can\'t parse entities: Unsupported start tag "{tag}"')
        attributes = dict(attrs)
        if tag == "span" and attributes.get("class") != "tg-spoiler":
            raise bad_request('can\'t parse entities: Tag "span" must have class "tg-spoiler"')
        if tag == "a" and not attributes.get("href"):
            raise bad_request("can't parse entities: Empty URL in a link")
        self.stack.append((tag, utf16_len(self.text), attributes))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            expected = f'"</{self.stack[-1][0]}>"' if self.stack else "no end tag"
            raise bad_request(
                f'can\'t parse entities: Unmatched end tag, expected {expected}, found "</{tag}>"'
            )
        start_tag, offset, attrs = self.stack.pop()
        length = utf16_len(self.text) - offset
        if length == 0:
            return
        entity: JSON = {"type": _HTML_TAGS[start_tag], "offset": offset, "length": length}
        if start_tag == "a":
            href = attrs.get("href") or ""
            match = re.fullmatch(r"tg://user\?id=(\d+)", href)
            if match:
                entity = {**entity, "type": "text_mention", "user": {"id": int(match[1])}}
            else:
                entity["url"] = href
        if start_tag == "blockquote" and "expandable" in attrs:
            entity["type"] = "expandable_blockquote"
        if start_tag == "code" and self.stack and self.stack[-1][0] == "pre":
            language = (attrs.get("class") or "").removeprefix("language-")
            if language:
                self.stack[-1][2]["_language"] = language
            return  # <pre><code class="language-x"> is one pre entity
        if start_tag == "pre" and attrs.get("_language"):
            entity["language"] = attrs["_language"]
        if start_tag == "tg-emoji":
            entity["custom_emoji_id"] = attrs.get("emoji-id") or ""
        self.entities.append(entity)

    def handle_data(self, data: str) -> None:
        self.text += data


def parse_html(source: str) -> tuple[str, list[JSON]]:
    """Telegram's HTML parse mode: plain text plus entities (offsets in UTF-16 code units)."""
    if _RAW_AMP.search(source):
        raise bad_request('can\'t parse entities: Character "&" must be escaped as "&amp;"')
    if _RAW_LT.search(source):
        raise bad_request('can\'t parse entities: Character "<" must be escaped as "&lt;"')
    parser = _TelegramHTML()
    parser.feed(source)
    parser.close()
    if parser.stack:
        raise bad_request(
            f"can't parse entities: Can't find end tag corresponding to start tag \"{parser.stack[-1][0]}\""
        )
    return parser.text, sorted(parser.entities, key=lambda e: (e["offset"], -e["length"]))


_MDV2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_MDV2_MARKERS = {"*": "bold", "_": "italic", "__": "underline", "~": "strikethrough", "||": "spoiler"}


def parse_markdown_v2(source: str) -> tuple[str, list[JSON]]:  # noqa: PLR0912 (one small tokenizer)
    """Telegram's MarkdownV2: reserved characters outside entities must be escaped with a backslash."""
    text = ""
    entities: list[JSON] = []
    open_marks: list[tuple[str, int]] = []
    link_start: list[int] = []
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            if i + 1 >= len(source):
                raise bad_request("can't parse entities: Character '\\' is reserved and must be escaped")
            text += source[i + 1]
            i += 2
            continue
        if ch == "`":
            fence = source.startswith("```", i)
            end = source.find("```" if fence else "`", i + (3 if fence else 1))
            if end < 0:
                raise bad_request("can't parse entities: Can't find end of Pre entity")
            body = source[i + (3 if fence else 1) : end]
            language = ""
            if fence and "\n" in body:
                language, _, body = body.partition("\n")
            body = re.sub(r"\\([`\\])", r"\1", body)
            offset = utf16_len(text)
            text += body
            entity: JSON = {"type": "pre" if fence else "code", "offset": offset, "length": utf16_len(body)}
            if language:
                entity["language"] = language
            entities.append(entity)
            i = end + (3 if fence else 1)
            continue
        mark = source[i : i + 2] if source[i : i + 2] in ("__", "||") else ch
        if mark in _MDV2_MARKERS:
            if open_marks and open_marks[-1][0] == mark:
                _, offset = open_marks.pop()
                length = utf16_len(text) - offset
                if length:
                    entities.append({"type": _MDV2_MARKERS[mark], "offset": offset, "length": length})
            else:
                open_marks.append((mark, utf16_len(text)))
            i += len(mark)
            continue
        if ch == "[":
            link_start.append(utf16_len(text))
            i += 1
            continue
        if ch == "]" and link_start and source.startswith("(", i + 1):
            end = source.find(")", i + 2)
            if end < 0:
                raise bad_request("can't parse entities: Can't find end of a URL")
            offset = link_start.pop()
            entities.append(
                {
                    "type": "text_link",
                    "offset": offset,
                    "length": utf16_len(text) - offset,
                    "url": source[i + 2 : end],
                }
            )
            i = end + 1
            continue
        if ch in _MDV2_RESERVED:
            raise bad_request(
                f"can't parse entities: Character '{ch}' is reserved and must be escaped "
                "with the preceding '\\'"
            )
        text += ch
        i += 1
    if open_marks or link_start:
        raise bad_request("can't parse entities: Can't find end of the entity starting at byte offset")
    return text, sorted(entities, key=lambda e: (e["offset"], -e["length"]))


def parse_markdown_legacy(source: str) -> tuple[str, list[JSON]]:
    """Telegram's legacy Markdown: *bold*, _italic_, `code`, ```pre```, [text](url); no escaping rules."""
    pattern = re.compile(r"\*(.+?)\*|_(.+?)_|```(.+?)```|`(.+?)`|\[(.+?)\]\((.+?)\)", re.S)
    text = ""
    entities: list[JSON] = []
    pos = 0
    for match in pattern.finditer(source):
        text += source[pos : match.start()]
        kinds = ("bold", "italic", "pre", "code", "text_link")
        index = next(k for k in range(5) if match.group(k + 1) is not None)
        body = match.group(index + 1)
        entity: JSON = {"type": kinds[index], "offset": utf16_len(text), "length": utf16_len(body)}
        if kinds[index] == "text_link":
            entity["url"] = match.group(6)
        entities.append(entity)
        text += body
        pos = match.end()
    text += source[pos:]
    if any(c in text for c in "*_`") and not entities:
        raise bad_request("can't parse entities: Can't find end of the entity")
    return text, entities


def render_text(text: str, parse_mode: str | None, entities: list[JSON] | None) -> tuple[str, list[JSON]]:
    if parse_mode and entities:
        return text, entities  # explicit entities win (parse_mode is then ignored by Telegram)
    if not parse_mode:
        return text, list(entities or [])
    mode = parse_mode.lower()
    if mode == "html":
        return parse_html(text)
    if mode == "markdownv2":
        return parse_markdown_v2(text)
    if mode == "markdown":
        return parse_markdown_legacy(text)
    raise bad_request(f"unsupported parse_mode {parse_mode!r}")


def command_entities(text: str) -> list[JSON]:
    match = re.match(r"/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?", text)
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match[0])}] if match else []


# --- parameter decoding ----------------------------------------------------------------------------


def _is_object_type(t: str) -> bool:
    return t[:1].isupper() and t not in ("Integer", "String", "Boolean", "Float", "InputFile")


def coerce(name: str, value: Any, types: tuple[str, ...], from_text: bool) -> Any:
    """Decode one parameter to the spec's types; form/query values arrive as text."""
    if isinstance(value, UploadedFile):
        if any("InputFile" in t for t in types):
            return value
        raise bad_request(f'parameter "{name}" can\'t be a file')
    # The Bot API reads every parameter as text, so a JSON string "42" or "true" is as good as 42 or
    # true (Go clients such as Alertmanager's send all values as strings).
    text = from_text or isinstance(value, str)
    for t in types:
        try:
            return _coerce_one(value, t, text)
        except (ValueError, TypeError):
            continue
    raise bad_request(f'can\'t parse parameter "{name}": expected {" or ".join(types)}, got {value!r}')


def _coerce_one(value: Any, t: str, from_text: bool) -> Any:  # noqa: PLR0911, PLR0912
    if t in {"String", "InputFile"}:
        if isinstance(value, str):
            return value
        raise TypeError
    if t == "Integer":
        if from_text and isinstance(value, str):
            return int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise TypeError
    if t == "Float":
        if from_text and isinstance(value, str):
            return float(value)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        raise TypeError
    if t == "Boolean":
        if isinstance(value, bool):
            return value
        if from_text and isinstance(value, str) and value.lower() in ("true", "false", "1", "0"):
            return value.lower() in ("true", "1")
        raise TypeError
    decoded = json.loads(value) if from_text and isinstance(value, str) else value
    if t.startswith("Array of "):
        if isinstance(decoded, list):
            return decoded
        raise TypeError
    if _is_object_type(t) and isinstance(decoded, dict):
        return decoded
    raise TypeError


# --- the fake ----------------------------------------------------------------------------------------


class TelegramFake:
    """A fake Bot API for one bot token. Start it with :meth:`serve` (the ``fake_telegram`` fixture does).

    For python-telegram-bot: ``Application.builder().token(fake.token).base_url(fake.base_url)
    .base_file_url(fake.base_file_url)``.
    """

    def __init__(
        self,
        token: str | None = None,
        bot_username: str = "myflix_test_bot",
        bot_first_name: str = "Myflix",
    ) -> None:
        self.token = token or f"{secrets.randbelow(9 * 10**9) + 10**9}:{secrets.token_urlsafe(26)[:35]}"
        if not TOKEN_RE.match(self.token):
            raise ValueError("token must look like a Bot API token: <digits>:<35 url-safe characters>")
        self.bot_user: JSON = {
            "id": int(self.token.split(":")[0]),
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        self.server: FakeServer | None = None
        self._lock = threading.RLock()
        self._cond = threading.Condition(self._lock)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._updates: list[JSON] = []
        self._update_ids = itertools.count(700_000_001)
        self._allowed_updates: list[str] = []
        self._chats: dict[int, JSON] = {}
        self._messages: dict[int, dict[int, JSON]] = {}
        self._message_ids: dict[int, itertools.count[int]] = {}
        self._callbacks: dict[str, JSON] = {}
        self._callback_ids = itertools.count(1)
        self._commands: dict[str, list[JSON]] = {}
        self._webhook_url = ""
        self._calls: list[BotCall] = []
        self._call_seq = itertools.count(1)
        self._call_waiters: list[tuple[asyncio.AbstractEventLoop, asyncio.Future[None]]] = []
        self._poll_wakers: set[asyncio.Future[None]] = set()
        self._active_poll: asyncio.Future[None] | None = None
        self._injected: list[_InjectedError] = []
        self._files: dict[str, _StoredFile] = {}
        self._file_seq = itertools.count(1)
        self.app = self.build_app()

    # --- serving -------------------------------------------------------------------------------

    def serve(self, port: int = 0) -> FakeServer:
        self.server = FakeServer(self.app, port=port).start()
        return self.server

    @property
    def url(self) -> str:
        if self.server is None:
            raise RuntimeError("the fake is not running (use the fake_telegram fixture or serve())")
        return self.server.url

    @property
    def base_url(self) -> str:
        """For PTB ``base_url=``: the token is appended by PTB."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    @property
    def faults(self) -> Faults:
        return self.app[FAULTS_KEY]

    # --- test side: chats and incoming updates -------------------------------------------------

    def add_chat(self, chat: JSON | TgUser | int) -> JSON:
        """Make a chat known (so the bot may write to it first). An int is a private chat with a user
        of that id; a TgUser its private chat; a dict an API ``Chat`` (see ``group_chat``)."""
        if isinstance(chat, int):
            chat = TgUser(id=chat, first_name=f"User{chat}").private_chat()
        elif isinstance(chat, TgUser):
            chat = chat.private_chat()
        with self._lock:
            self._chats[int(chat["id"])] = dict(chat)
            return dict(chat)

    def send_text(
        self,
        text: str,
        *,
        user: TgUser | None = None,
        chat: JSON | None = None,
        reply_to_message_id: int | None = None,
    ) -> JSON:
        """A user writes ``text`` (``/commands`` get their bot_command entity). Returns the Message."""
        user = user or DEFAULT_USER
        chat = self.add_chat(chat or user)
        with self._lock:
            message: JSON = {
                "message_id": self._next_message_id(chat["id"]),
                "from": user.to_dict(),
                "chat": chat,
                "date": int(time.time()),
                "text": text,
            }
            entities = command_entities(text)
            if entities:
                message["entities"] = entities
            if reply_to_message_id is not None:
                original = self._messages.get(chat["id"], {}).get(reply_to_message_id)
                if original is None:
                    raise KeyError(f"no message {reply_to_message_id} in chat {chat['id']}")
                message["reply_to_message"] = original
            self._messages.setdefault(chat["id"], {})[message["message_id"]] = message
            self._push_update({"message": message})
            return message

    def send_command(
        self, command: str, *args: str, user: TgUser | None = None, chat: JSON | None = None
    ) -> JSON:
        """A user sends ``/command arg1 arg2``. Returns the Message."""
        text = "/" + command.lstrip("/") + "".join(f" {a}" for a in args)
        return self.send_text(text, user=user, chat=chat)

    def press_button(
        self,
        message: JSON | int,
        data: str | None = None,
        *,
        text: str | None = None,
        chat_id: int | None = None,
        user: TgUser | None = None,
    ) -> str:
        """A user presses an inline button of a message the bot sent (a Message dict, or its message_id
        with ``chat_id``), chosen by ``callback_data`` or by button ``text``. Returns the query id."""
        user = user or DEFAULT_USER
        if isinstance(message, dict):
            chat_id, message_id = message["chat"]["id"], message["message_id"]
        else:
            message_id = message
        if chat_id is None:
            raise ValueError("pass chat_id with a message_id")
        with self._lock:
            current = self._messages.get(chat_id, {}).get(message_id)
            if current is None:
                raise KeyError(f"no message {message_id} in chat {chat_id} (deleted?)")
            buttons = [b for row in current.get("reply_markup", {}).get("inline_keyboard", []) for b in row]
            chosen = [
                b
                for b in buttons
                if "callback_data" in b
                and (data is None or b["callback_data"] == data)
                and (text is None or b["text"] == text)
            ]
            if len(chosen) != 1:
                raise LookupError(
                    f"{len(chosen)} inline buttons match data={data!r} text={text!r}; buttons: {buttons}"
                )
            return self._queue_callback(current, str(chosen[0]["callback_data"]), user)

    def inject_callback(
        self, message: JSON | int, data: str, *, chat_id: int | None = None, user: TgUser | None = None
    ) -> str:
        """A raw callback query with arbitrary ``data`` (1-64 bytes, as Telegram allows) on a message the
        bot sent, whether or not it has such a button: what a modified client or an old keyboard sends.
        The query id is known to the fake, so ``answerCallbackQuery`` works. Returns the query id."""
        if not 1 <= len(data.encode()) <= 64:
            raise ValueError("callback data must be 1-64 bytes")
        if isinstance(message, dict):
            chat_id, message_id = message["chat"]["id"], message["message_id"]
        else:
            message_id = message
        if chat_id is None:
            raise ValueError("pass chat_id with a message_id")
        with self._lock:
            current = self._messages.get(chat_id, {}).get(message_id)
            if current is None or not current.get("from", {}).get("is_bot"):
                raise KeyError(f"the bot sent no message {message_id} in chat {chat_id}")
            return self._queue_callback(current, data, user or DEFAULT_USER)

    def _queue_callback(self, message: JSON, data: str, user: TgUser) -> str:
        query_id = f"{next(self._callback_ids)}{secrets.randbelow(10**9):09d}"
        query: JSON = {
            "id": query_id,
            "from": user.to_dict(),
            "message": message,
            "chat_instance": str(abs(hash((message["chat"]["id"], self.token))) % 10**18),
            "data": data,
        }
        self._callbacks[query_id] = {"query": query, "answer": None}
        self._push_update({"callback_query": query})
        return query_id

    def push_update(self, update: JSON) -> int:
        """Queue a raw update (without ``update_id``, which is assigned). Returns its update_id."""
        with self._lock:
            return self._push_update(dict(update))

    # --- test side: what the bot did -----------------------------------------------------------

    def calls(self, method: str | None = None) -> list[BotCall]:
        """Every request so far (getUpdates included), oldest first; only ``method`` if given."""
        with self._lock:
            return [c for c in self._calls if method is None or c.method.lower() == method.lower()]

    async def wait_for_call(
        self, method: str, timeout: float = 5.0, predicate: Callable[[BotCall], bool] | None = None
    ) -> BotCall:
        """Wait for the oldest call of ``method`` (matching ``predicate``) not returned by an earlier
        ``wait_for_call``; it is then marked as returned. Raises TimeoutError listing what was seen."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            with self._lock:
                found = self._take_call(method, predicate)
                if found is not None:
                    return found
                waiter: asyncio.Future[None] = loop.create_future()
                self._call_waiters.append((loop, waiter))
            remaining = deadline - loop.time()
            try:
                if remaining <= 0:
                    raise TimeoutError(self._timeout_message(method, timeout))
                await asyncio.wait_for(waiter, remaining)
            except TimeoutError:
                with self._lock:
                    found = self._take_call(method, predicate)
                if found is not None:
                    return found
                raise TimeoutError(self._timeout_message(method, timeout)) from None
            finally:
                with self._lock:
                    if (loop, waiter) in self._call_waiters:
                        self._call_waiters.remove((loop, waiter))

    def wait_for_call_sync(
        self, method: str, timeout: float = 5.0, predicate: Callable[[BotCall], bool] | None = None
    ) -> BotCall:
        """Blocking variant of :meth:`wait_for_call`, for a bot running in another thread or process."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = self._take_call(method, predicate)
                if found is not None:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(self._timeout_message(method, timeout))
                self._cond.wait(remaining)

    def messages(self, chat_id: int) -> list[JSON]:
        """The chat's current messages (both ways, after edits and deletions), oldest first."""
        with self._lock:
            return [dict(m) for m in self._messages.get(chat_id, {}).values()]

    def bot_messages(self, chat_id: int) -> list[JSON]:
        return [m for m in self.messages(chat_id) if m.get("from", {}).get("id") == self.bot_user["id"]]

    def message(self, chat_id: int, message_id: int) -> JSON | None:
        with self._lock:
            found = self._messages.get(chat_id, {}).get(message_id)
            return dict(found) if found else None

    def callback_answer(self, query_id: str) -> JSON | None:
        """The parameters of answerCallbackQuery for this query, or None while unanswered."""
        with self._lock:
            entry = self._callbacks.get(query_id)
            return entry["answer"] if entry else None

    def commands(self, scope: JSON | None = None, language_code: str = "") -> list[JSON]:
        with self._lock:
            return list(self._commands.get(self._commands_key(scope, language_code), []))

    def polls_waiting(self) -> int:
        """How many getUpdates long polls are blocked waiting for an update right now."""
        return len(self._poll_wakers)

    def pending_updates(self) -> list[JSON]:
        """Updates not yet confirmed by the bot (through getUpdates ``offset``)."""
        with self._lock:
            return list(self._updates)

    def uploaded_file(self, file_id: str) -> bytes | None:
        with self._lock:
            stored = self._files.get(file_id)
            return stored.data if stored else None

    # --- test side: failures -------------------------------------------------------------------

    def inject_rate_limit(self, method: str, retry_after: int = 3, count: int = 1) -> None:
        """The next ``count`` calls of ``method`` get 429 ``Too Many Requests: retry after N``."""
        error = TgError(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})
        self.inject_error(method, error, count)

    def inject_error(self, method: str, error: TgError | tuple[int, str], count: int = 1) -> None:
        """The next ``count`` calls of ``method`` get this error, e.g. ``(403, "Forbidden: bot was
        blocked by the user")``."""
        if isinstance(error, tuple):
            error = TgError(*error)
        if method.lower() not in api_spec():
            raise ValueError(f"{method} is not a Bot API method")
        with self._lock:
            self._injected.append(_InjectedError(method.lower(), count, error))

    # --- internals: state ----------------------------------------------------------------------

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _push_update(self, update: JSON) -> int:
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, **update})
        self._wake_pollers()
        return update_id

    def _wake_pollers(self) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake_on_loop)

    def _wake_on_loop(self) -> None:
        for waker in list(self._poll_wakers):
            if not waker.done():
                waker.set_result(None)

    def _take_call(self, method: str, predicate: Callable[[BotCall], bool] | None) -> BotCall | None:
        for call in self._calls:
            if call.consumed or call.method.lower() != method.lower():
                continue
            if predicate is None or predicate(call):
                call.consumed = True
                return call
        return None

    def _timeout_message(self, method: str, timeout: float) -> str:
        seen = [
            f"{c.method}({'ok' if c.ok else c.error_code})" for c in self.calls() if c.method != "getUpdates"
        ]
        return f"no {method} call within {timeout} s; calls seen: {seen}"

    def _record(self, call: BotCall) -> None:
        with self._cond:
            self._calls.append(call)
            self._cond.notify_all()
            for loop, waiter in self._call_waiters:
                loop.call_soon_threadsafe(_resolve, waiter)

    def _chat(self, chat_id: int | str) -> JSON:
        with self._lock:
            if isinstance(chat_id, str) and chat_id.startswith("@"):
                for chat in self._chats.values():
                    if chat.get("username") == chat_id[1:]:
                        return chat
            elif isinstance(chat_id, int | str) and str(chat_id).lstrip("-").isdigit():
                chat = self._chats.get(int(chat_id))
                if chat is not None:
                    return chat
        raise bad_request("chat not found")

    @staticmethod
    def _commands_key(scope: JSON | None, language_code: str) -> str:
        return json.dumps([scope or {"type": "default"}, language_code or ""], sort_keys=True)

    # --- internals: HTTP -----------------------------------------------------------------------

    def build_app(self) -> web.Application:
        # a body may hold the largest upload the contract allows plus the other fields: the method's own
        # limit then answers an oversize file with Telegram's envelope
        largest = max(m.max_upload or 0 for m in api_spec().values())
        app = make_app(client_max_size=largest + (1 << 20))
        app.on_startup.append(self._on_startup)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        app.router.add_route("*", CONTROL_PREFIX + "{name}", self._handle_control)
        return app

    async def _on_startup(self, app: web.Application) -> None:
        self._loop = asyncio.get_running_loop()

    async def _handle_api(self, request: web.Request) -> web.Response:
        token = request.match_info["token"]
        method_spec = api_spec().get(request.match_info["method"].lower())
        if not TOKEN_RE.match(token):
            return envelope_error(TgError(404, "Not Found"))
        if not secrets.compare_digest(token, self.token):
            return envelope_error(TgError(401, "Unauthorized"))
        if method_spec is None:
            return envelope_error(TgError(404, "Not Found"))
        call = BotCall(next(self._call_seq), method_spec.name, {}, {}, request.method)
        try:
            raw, files, from_text = await read_parameters(request)
            call.params = {**raw, **files}
            call.files = {f.field: f for f in files.values()}
            limit = method_spec.max_upload
            if limit is not None and any(len(f.data) > limit for f in files.values()):
                raise TgError(413, "Request Entity Too Large")
            self._raise_injected(method_spec.name)
            handler = _HANDLERS.get(method_spec.name)
            if handler is None or not method_spec.implemented:
                raise bad_request(f"method {method_spec.name} is not implemented by the Myflix fake")
            params = check_parameters(method_spec, raw, files, from_text)
            call.params = params
            result = await handler(self, params, files)
        except TgError as exc:
            call.error_code, call.description = exc.code, exc.description
            self._record(call)
            return envelope_error(exc)
        call.ok, call.result = True, result
        self._record(call)
        return web.json_response({"ok": True, "result": result})

    def _raise_injected(self, method: str) -> None:
        with self._lock:
            for injected in self._injected:
                if injected.method == method.lower() and injected.count > 0:
                    injected.count -= 1
                    if injected.count == 0:
                        self._injected.remove(injected)
                    raise injected.error

    async def _handle_file(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        path = request.match_info["path"]
        with self._lock:
            stored = next((f for f in self._files.values() if f.file_path == path), None)
        if stored is None or stored.data is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        return web.Response(body=stored.data, content_type="application/octet-stream")

    async def _handle_control(self, request: web.Request) -> web.Response:
        """Test-only HTTP API for a standalone fake (another process drives the conversation)."""
        name = request.match_info["name"]
        try:
            body: JSON = await request.json() if request.can_read_body else {}
            result = self._control(request.method, name, body, dict(request.query))
        except (KeyError, ValueError, LookupError, TypeError) as exc:
            return web.json_response({"error": str(exc)}, status=400)
        if result is None:
            return web.json_response({"error": f"no control {request.method} {request.path}"}, status=404)
        return web.json_response(result)

    def _control(self, method: str, name: str, body: JSON, query: dict[str, str]) -> Any:  # noqa: PLR0911
        user = TgUser(
            id=int(body.get("user_id", DEFAULT_USER.id)),
            first_name=str(body.get("first_name", DEFAULT_USER.first_name)),
            username=body.get("username", DEFAULT_USER.username),
        )
        chat = self.add_chat(int(body["chat_id"])) if "chat_id" in body and method == "POST" else None
        if method == "POST" and name == "message":
            return self.send_text(str(body["text"]), user=user, chat=chat)
        if method == "POST" and name == "callback":
            query_id = self.press_button(
                int(body["message_id"]),
                body.get("data"),
                text=body.get("button_text"),
                chat_id=int(body["chat_id"]),
                user=user,
            )
            return {"callback_query_id": query_id}
        if method == "POST" and name == "chat":
            return chat
        if method == "POST" and name == "error":
            code = int(body.get("error_code", 429))
            if code == 429:
                self.inject_rate_limit(
                    str(body["method"]), int(body.get("retry_after", 3)), int(body.get("count", 1))
                )
            else:
                error = (code, str(body.get("description", "Bad Request")))
                self.inject_error(str(body["method"]), error, int(body.get("count", 1)))
            return {"injected": True}
        if method == "GET" and name == "calls":
            wanted = query.get("method")
            return [
                {
                    "seq": c.seq,
                    "method": c.method,
                    "params": _jsonable(c.params),
                    "ok": c.ok,
                    "result": c.result,
                    "error_code": c.error_code,
                    "description": c.description,
                }
                for c in self.calls(wanted)
            ]
        if method == "GET" and name == "messages":
            return self.messages(int(query["chat_id"]))
        return None


def _resolve(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_result(None)


def _jsonable(params: JSON) -> JSON:
    return {
        k: {"filename": v.filename, "size": len(v.data)} if isinstance(v, UploadedFile) else v
        for k, v in params.items()
    }


def envelope_error(error: TgError) -> web.Response:
    body: JSON = {"ok": False, "error_code": error.code, "description": error.description}
    if error.parameters:
        body["parameters"] = error.parameters
    return web.json_response(body, status=error.code)


async def read_parameters(request: web.Request) -> tuple[JSON, dict[str, UploadedFile], bool]:
    """Query string plus body. Returns (values, files, values_are_text)."""
    values: JSON = dict(request.query)
    files: dict[str, UploadedFile] = {}
    from_text = True
    ctype = request.content_type
    if request.can_read_body and ctype == "application/json":
        try:
            body = await request.json()
        except ValueError:
            raise bad_request("can't parse JSON request body") from None
        if not isinstance(body, dict):
            raise bad_request("the JSON request body must be an object")
        if values:
            raise bad_request("pass parameters either in the query string or in the JSON body")
        values, from_text = body, False
    elif request.can_read_body and ctype == "multipart/form-data":
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader) or part.name is None:
                continue
            data = await part.read(decode=True)
            if part.filename is not None:
                files[part.name] = UploadedFile(
                    part.name,
                    part.filename,
                    part.headers.get("Content-Type", "application/octet-stream"),
                    bytes(data),
                )
            else:
                values[part.name] = bytes(data).decode()
    elif request.can_read_body and ctype == "application/x-www-form-urlencoded":
        values.update(await request.post())
    elif request.can_read_body and await request.read():
        raise bad_request(f"unsupported Content-Type {ctype!r}")
    return values, files, from_text


def check_parameters(spec: MethodSpec, raw: JSON, files: dict[str, UploadedFile], from_text: bool) -> JSON:
    """Check names against the spec, resolve ``attach://`` and decode values to the spec's types."""
    params: JSON = {}
    for name, value in raw.items():
        field_spec = spec.fields.get(name)
        if field_spec is None:
            raise bad_request(f'unknown parameter "{name}" for method {spec.name}')
        if isinstance(value, str) and value.startswith("attach://"):
            attached = files.get(value.removeprefix("attach://"))
            if attached is None:
                raise bad_request(f'file "{value}" of parameter "{name}" was not uploaded')
            params[name] = coerce(name, attached, field_spec.types, from_text)
            continue
        params[name] = coerce(name, value, field_spec.types, from_text)
    for name, upload in files.items():
        if name in spec.fields and name not in params:
            params[name] = coerce(name, upload, spec.fields[name].types, from_text)
        elif name not in spec.fields and not any(v is upload for v in params.values()):
            raise bad_request(f'unknown file field "{name}" for method {spec.name}')
    for field_spec in spec.fields.values():
        if field_spec.required and params.get(field_spec.name) in (None, ""):
            raise bad_request(f'parameter "{field_spec.name}" is required for method {spec.name}')
    return params


# --- method implementations -------------------------------------------------------------------------

_HANDLERS: dict[str, Callable[..., Any]] = {}


def handles(*names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a method implementation (names are checked against the spec by the tests)."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        for name in names:
            _HANDLERS[name] = fn
        return fn

    return register


def check_reply_markup(markup: JSON | None) -> JSON | None:
    if markup is None:
        return None
    kinds = [k for k in ("inline_keyboard", "keyboard", "remove_keyboard", "force_reply") if k in markup]
    if len(kinds) != 1:
        raise bad_request("can't parse reply keyboard markup JSON object")
    if kinds[0] != "inline_keyboard":
        return markup
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays')
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not button.get("text"):
                raise bad_request(
                    "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
                )
            actions = [k for k in button if k not in {"text", "style", "icon_custom_emoji_id"}]
            if len(actions) != 1:
                raise bad_request("can't parse inline keyboard button: exactly one action field is needed")
            data = button.get("callback_data")
            if "callback_data" in button and (
                not isinstance(data, str) or not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA
            ):
                raise bad_request("BUTTON_DATA_INVALID")
    return markup


def _text_content(
    text: str, parse_mode: str | None, entities: list[JSON] | None, limit: int, kind: str
) -> tuple[str, list[JSON]]:
    plain, found = render_text(text, parse_mode, entities)
    if kind == "text" and not plain.strip():
        raise bad_request("message text is empty")
    if utf16_len(plain) > limit:
        raise bad_request("message is too long" if kind == "text" else "message caption is too long")
    return plain, found


def _reply_to(fake: TelegramFake, chat_id: int, params: JSON) -> JSON | None:
    reply = params.get("reply_parameters")
    message_id = reply.get("message_id") if isinstance(reply, dict) else params.get("reply_to_message_id")
    if message_id is None:
        return None
    original = fake._messages.get(chat_id, {}).get(int(message_id))
    if original is None:
        if isinstance(reply, dict) and reply.get("allow_sending_without_reply"):
            return None
        raise bad_request("message to be replied not found")
    return original


def _new_bot_message(fake: TelegramFake, params: JSON, content: JSON) -> JSON:
    chat = fake._chat(params["chat_id"])
    with fake._lock:
        message: JSON = {
            "message_id": fake._next_message_id(chat["id"]),
            "from": dict(fake.bot_user),
            "chat": chat,
            "date": int(time.time()),
            **content,
        }
        reply_to = _reply_to(fake, chat["id"], params)
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        markup = check_reply_markup(params.get("reply_markup"))
        if markup and "inline_keyboard" in markup:
            message["reply_markup"] = {"inline_keyboard": markup["inline_keyboard"]}
        fake._messages.setdefault(chat["id"], {})[message["message_id"]] = message
        return dict(message)


@handles("getMe")
async def _get_me(fake: TelegramFake, params: JSON, files: dict[str, UploadedFile]) -> JSON:
    return dict(fake.bot_user)


@handles("logOut", "close")
async def _log_out(fake: TelegramFake, params: JSON, files: dict[str, UploadedFile]) -> bool:
    return True


@handles("getUpdates")
async def _get_updates(fake: TelegramFake, params: JSON, files: dict[str, UploadedFile]) -> list[JSON]:
    if fake._webhook_url:
        raise TgError(409, CONFLICT_WEBHOOK)
    offset = params.get("offset")
    limit = max(1, min(100, int(params.get("limit") or 100)))
    timeout = max(0, min(LONG_POLL_MAX, int(params.get("timeout") or 0)))
    loop = asyncio.get_running_loop()
    with fake._lock:
        if "allowed_updates" in params:
            fake._allowed_updates = list(params["allowed_updates"])
        if offset is not None and offset < 0:
            fake._updates = fake._updates[offset:]
        elif offset is not None:
            fake._updates = [u for u in fake._updates if u["update_id"] >= offset]
    if fake._active_poll is not None and not fake._active_poll.done():
        fake._active_poll.set_result(None)  # the older long poll ends with 409 Conflict
    mine: asyncio.Future[None] = loop.create_future()
    fake._active_poll = mine
    deadline = loop.time() + timeout
    try:
        while True:
            with fake._lock:
                allowed = fake._allowed_updates
                ready = [u for u in fake._updates if not allowed or any(k in u for k in allowed)][:limit]
            remaining = deadline - loop.time()
            if ready or remaining <= 0:
                return ready
            waker: asyncio.Future[None] = loop.create_future()
            fake._poll_wakers.add(waker)
            try:
                await asyncio.wait({waker, mine}, timeout=remaining, return_when=asyncio.FIRST_COMPLETED)
            finally:
                fake._poll_wakers.discard(waker)
            if mine.done():
                raise TgError(409, CONFLICT_POLL)
    finally:
        if fake._active_poll is mine:
            fake._active_poll = None


@handles("setWebhook")
async def _set_webhook(fake: TelegramFake, params: JSON, files: dict[str, UploadedFile]) -> bool:
    fake._webhook_url = params["url"]
    return True


@handles("deleteWebhook")
async def _delete_webhook(fake: TelegramFake, params: JSON, files: dict[str, UploadedFile]) -> bool:
    with fake._lock:
        fake._webhook_url = ""
        if params.get("drop_pending_updates"):
            fake._updates.clear()
    return True


@handles("getWebhookInfo")
async def _get_webhook_info(fake: TelegramFake, params: JSON, files: dict[str, UploadedFile]) -> JSON:
    with fake._lock:
        return {
            "url": fake._webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(fake._updates),
        }


@handles("sendMessage")
async def _send_message(fake: TelegramFake, params: JSON, files: dict[str, UploadedFile]) -> JSON:
    text, entities = _text_content(
        params["text"], params.get("parse_mode"), params.get("entities"), MAX_TEXT, "text"
    )
    content: JSON = {"text": text}
    if entities:
        content["entities"] = entities
    if params.get("link_preview_options"):
        content["link_preview_options"] = params["link_preview_options"]
    return _new_bot_message(fake, params, content)


@handles("sendChatAction")
async def _send_chat_action(fake: TelegramFake, params: JSON, files: dict[str, UploadedFile]) -> bool:
    fake._chat(params["chat_id"])
    return True


def _find_bot_message(fake: TelegramFake, params: JSON, verb: str) -> JSON:
    if params.get("inline_message_id"):
        raise bad_request("inline messages are not supported by the Myflix fake")
    if params.get("chat_id") is None or params.get("message_id") is None:
        raise bad_request("message identifier is not specified")
    chat = fake._chat(params["chat_id"])
    message = fake._messages.get(chat["id"], {}).get(int(params["message_id"]))
    if message is None:
        raise bad_request(f"message to {verb} not found")
    if message.get("from", {}).get("id") != fake.bot_user["id"]:
        raise bad_request(f"message can't be {verb}ed")
    return message


_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same as a "
    "current content and reply markup of the message"
)


@handles("editMessageText")
async def _edit_message_text(fake: TelegramFake, params: JSON, files: dict[str, UploadedFile]) -> JSON:
    text, entities = _text_content(
        params["text"], params.get("parse_mode"), params.get("entities"), MAX_TEXT, "text"
    )
    with fake._lock:
        message = _find_bot_message(fake, params, "edit")
        if "text" not in message:
            raise bad_request("there is no text in the message to edit")
        markup = check_reply_markup(params.get("reply_markup"))
        new_markup = (
            {"inline_keyboard": markup["inline_keyboard"]} if markup and "inline_keyboard" in markup else None
        )
        if (
            message["text"] == text
            and message.get("entities", []) == entities
            and message.get("reply_markup") == new_markup
        ):
            raise bad_request(_NOT_MODIFIED)
        message["text"] = text
        message.pop("entities", None)
        if entities:
            message["entities"] = entities
        message.pop("reply_markup", None)  # Telegram drops the keyboard unless it is sent again
        if new_markup:
            message["reply_markup"] = new_markup
        message["edit_date"] = int(time.time())
        return dict(message)


@handles("editMessageReplyMarkup")
async def _edit_reply_markup(fake: TelegramFake, params: JSON, files: dict[str, UploadedFile]) -> JSON:
    with fake._lock:
        message = _find_bot_message(fake, params, "edit")
        markup = check_reply_markup(params.get("reply_markup"))
        new_markup = (
            {"inline_keyboard": markup["inline_keyboard"]} if markup and "inline_keyboard" in markup else None
        )
        if message.get("reply_markup") == new_markup:
            raise bad_request(_NOT_MODIFIED)
        message.pop("reply_markup", None)
        if new_markup:
            message["reply_markup"] = new_markup
        message["edit_date"] = int(time.time())
        return dict(message)


@handles("deleteMessage")
async def _delete_message(fake: TelegramFake, params: JSON, files: dict[str, UploadedFile]) -> bool:
    chat = fake._chat(params["chat_id"])
    with fake._lock:
        if fake._messages.get(chat["id"], {}).pop(int(params["message_id"]), None) is None:
            raise bad_request("message to delete not found")
    return True


@handles("answerCallbackQuery")
async def _answer_callback(fake: TelegramFake, params: JSON, files: dict[str, UploadedFile]) -> bool:
    with fake._lock:
        entry = fake._callbacks.get(params["callback_query_id"])
        if entry is None or entry["answer"] is not None:
            raise bad_request("query is too old and response timeout expired or query ID is invalid")
        if len(params.get("text") or "") > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        entry["answer"] = dict(params)
    return True


_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")


@handles("setMyCommands")
async def _set_my_commands(fake: TelegramFake, params: JSON, files: dict[str, UploadedFile]) -> bool:
    commands = params["commands"]
    if len(commands) > 100:
        raise bad_request("too many commands")
    for command in commands:
        if not isinstance(command, dict) or set(command) != {"command", "description"}:
            raise bad_request("can't parse BotCommand: fields command and description are required")
        if not _COMMAND_RE.match(str(command["command"])):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(str(command["description"])) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
    with fake._lock:
        fake._commands[fake._commands_key(params.get("scope"), params.get("language_code", ""))] = list(
            commands
        )
    return True


@handles("getMyCommands")
async def _get_my_commands(fake: TelegramFake, params: JSON, files: dict[str, UploadedFile]) -> list[JSON]:
    return fake.commands(params.get("scope"), params.get("language_code", ""))


@handles("deleteMyCommands")
async def _delete_my_commands(fake: TelegramFake, params: JSON, files: dict[str, UploadedFile]) -> bool:
    with fake._lock:
        fake._commands.pop(fake._commands_key(params.get("scope"), params.get("language_code", "")), None)
    return True


_FILE_KINDS = {  # file_id prefix and file_path folder per kind of media, as Telegram's ids look
    "photo": ("AgACAgQAAxkDAAI", "photos", ".jpg"),
    "video": ("BAACAgQAAxkDAAI", "videos", ".mp4"),
    "document": ("BQACAgQAAxkDAAI", "documents", ""),
}


def _store_file(fake: TelegramFake, sent: UploadedFile | str, kind: str = "photo") -> _StoredFile:
    """A file the bot sent: an upload (kept, downloadable), a file_id it knows, or an HTTP URL (never
    fetched: the fake sends no traffic)."""
    prefix, folder, suffix = _FILE_KINDS[kind]
    with fake._lock:
        if isinstance(sent, str):
            if sent in fake._files:
                return fake._files[sent]
            if not re.match(r"^https?://", sent):
                raise bad_request("wrong file identifier/HTTP URL specified")
            data, url = None, sent
        else:
            if not sent.data:
                raise bad_request("file must be non-empty")
            data, url = sent.data, None
        n = next(fake._file_seq)
        name = sent.filename if isinstance(sent, UploadedFile) else ""
        extension = suffix or (name[name.rfind(".") :] if "." in name else "")
        stored = _StoredFile(
            file_id=f"{prefix}{n:06d}{secrets.token_urlsafe(12)}",
            file_unique_id=f"AQAD{n:06d}",
            file_path=f"{folder}/file_{n}{extension}",
            data=data,
            source_url=url,
        )
        fake._files[stored.file_id] = stored
        return stored


def _caption(params: JSON) -> JSON:
    """The message's ``caption`` and ``caption_entities`` (parse_mode applied, <= 1024 characters)."""
    if not params.get("caption"):
        return {}
    caption, entities = _text_content(
        params["caption"], params.get("parse_mode"), params.get("caption_entities"), MAX_CAPTION, "caption"
    )
    return {"caption": caption, **({"caption_entities": entities} if entities else {})}


@handles("sendPhoto")
async def _send_photo(fake: TelegramFake, params: JSON, files: dict[str, UploadedFile]) -> JSON:
    fake._chat(params["chat_id"])
    content = _caption(params)
    stored = _store_file(fake, params["photo"], "photo")
    size = len(stored.data) if stored.data else 0
    content["photo"] = [
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": size,
            "width": 90,
            "height": 51,
        },
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": size,
            "width": 1280,
            "height": 720,
        },
    ]
    return _new_bot_message(fake, params, content)


def _file_fields(stored: _StoredFile, sent: UploadedFile | str) -> JSON:
    fields: JSON = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
    if isinstance(sent, UploadedFile):
        fields["file_name"] = sent.filename
        fields["mime_type"] = sent.content_type
    if stored.data is not None:
        fields["file_size"] = len(stored.data)
    return fields


@handles("sendVideo")
async def _send_video(fake: TelegramFake, params: JSON, files: dict[str, UploadedFile]) -> JSON:
    """A ``Video``: width, height and duration as the sender gives them or, when it does not, as the
    uploaded MP4's own header says (Telegram detects them server-side)."""
    fake._chat(params["chat_id"])
    content = _caption(params)
    sent = params["video"]
    stored = _store_file(fake, sent, "video")
    header = mp4_header(stored.data) if stored.data else None
    video = _file_fields(stored, sent)
    for key, index in (("width", 0), ("height", 1), ("duration", 2)):
        given = params.get(key)
        video[key] = int(given) if given is not None else (header[index] if header else 0)
    content["video"] = video
    return _new_bot_message(fake, params, content)


@handles("sendDocument")
async def _send_document(fake: TelegramFake, params: JSON, files: dict[str, UploadedFile]) -> JSON:
    fake._chat(params["chat_id"])
    content = _caption(params)
    sent = params["document"]
    content["document"] = _file_fields(_store_file(fake, sent, "document"), sent)
    return _new_bot_message(fake, params, content)


def mp4_header(data: bytes) -> tuple[int, int, int] | None:
    """(width, height, whole seconds) of an MP4 from its ``moov`` box: the movie header's duration and the
    first video track's header size; None when the data is not an MP4 that says so."""
    moov = _box(data, 0, len(data), b"moov")
    if moov is None:
        return None
    mvhd = _box(data, *moov, b"mvhd")
    if mvhd is None:
        return None
    start = mvhd[0]
    version = data[start]
    if version == 1:
        timescale, duration = (
            int.from_bytes(data[start + 20 : start + 24]),
            int.from_bytes(data[start + 24 : start + 32]),
        )
    else:
        timescale, duration = (
            int.from_bytes(data[start + 12 : start + 16]),
            int.from_bytes(data[start + 16 : start + 20]),
        )
    position = moov[0]
    while (trak := _box(data, position, moov[1], b"trak")) is not None:
        tkhd = _box(data, *trak, b"tkhd")
        if tkhd is not None:
            end = tkhd[1]
            width, height = (
                int.from_bytes(data[end - 8 : end - 4]) >> 16,
                int.from_bytes(data[end - 4 : end]) >> 16,
            )
            if width and height:
                return width, height, round(duration / timescale) if timescale else 0
        position = trak[1]
    return None


def _box(data: bytes, start: int, end: int, kind: bytes) -> tuple[int, int] | None:
    """The (payload start, end) of the first ``kind`` box between ``start`` and ``end``."""
    position = start
    while position + 8 <= end:
        size = int.from_bytes(data[position : position + 4])
        header = 8
        if size == 1:
            size, header = int.from_bytes(data[position + 8 : position + 16]), 16
        elif size == 0:
            size = end - position
        if size < header:
            return None
        if data[position + 4 : position + 8] == kind:
            return position + header, min(end, position + size)
        position += size
    return None


@handles("getFile")
async def _get_file(fake: TelegramFake, params: JSON, files: dict[str, UploadedFile]) -> JSON:
    with fake._lock:
        stored = fake._files.get(params["file_id"])
    if stored is None:
        raise bad_request("invalid file_id")
    result: JSON = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_path": stored.file_path,
    }
    if stored.data is not None:
        result["file_size"] = len(stored.data)
    return result


# --- standalone CLI ---------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--token", default=None, help="bot token to accept (default: a random one, printed)")
    parser.add_argument("--bot-username", default="myflix_test_bot")
    parser.add_argument(
        "--chat", type=int, action="append", default=[], help="known private chat id (repeatable)"
    )


def app_from_args(args: argparse.Namespace) -> web.Application:
    fake = TelegramFake(token=args.token, bot_username=args.bot_username)
    for chat_id in args.chat:
        fake.add_chat(chat_id)
    if args.token is None:
        print(f"bot token: {fake.token}", flush=True)
    return fake.app
