"""Every user-facing text comes from the i18n catalog, in the UI's language: a check on what the
bot really sent in the end-to-end tests.

The words of one language are those of its catalog templates that the other language's templates
never use, plus common function words of that language. Left out: words of the fakes' catalog data
(titles, overviews: data, shown as the provider gives them), anything inside ``<pre>``, ``<b>`` and
``<code>`` (titles, names, numbers), command names and the user's own words quoted back. A French-UI
test whose sent texts hold an English word fails, and the other way round: a string that bypasses
the catalog shows up at once.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from myflix_bot import i18n
from myflix_testkit.fakes.catalog import DEFAULT_CATALOG
from myflix_testkit.fakes.telegram import TelegramFake

_WORD = re.compile(r"[^\W\d_]{3,}")
_DATA_TAGS = re.compile(r"<(pre|b|code)>.*?</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_FIELD = re.compile(r"\{[^}]*\}")
_COMMAND = re.compile(r"/[a-z_]+")  # command names are the same in every language
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”")  # the user's own words, echoed back
FUNCTION_WORDS = {
    "en": {
        "the",
        "and",
        "would",
        "its",
        "was",
        "were",
        "has",
        "have",
        "been",
        "with",
        "please",
        "again",
        "status",
        "queue",
        "moved",
        "failed",
        "unknown",
        "stopped",
        "added",
        "restarted",
        "from",
    },
    "fr": {
        "les",
        "des",
        "est",
        "sont",
        "été",
        "avec",
        "pour",
        "dans",
        "une",
        "aucun",
        "aucune",
        "déjà",
        "vous",
        "nous",
        "mis",
        "arrêté",
        "ajouté",
        "échec",
        "injoignable",
        "téléchargé",
    },
}


def words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


@cache
def data_words() -> frozenset[str]:
    """Words of the fakes' catalog (titles, alternative titles, overviews, genres...)."""
    return frozenset(words(json.dumps(json.loads(DEFAULT_CATALOG.read_text("utf-8")), ensure_ascii=False)))


@cache
def foreign_words(lang: str) -> frozenset[str]:
    """Words that mark a text as written in a language other than ``lang``."""
    own: set[str] = set()
    other: set[str] = set()
    for key in i18n.keys():  # noqa: SIM118 - i18n.keys() is a function, not dict.keys
        for code in i18n.LANGUAGES:
            text = _FIELD.sub(" ", i18n.t(code, key))
            (own if code == lang else other).update(words(text))
    for code, extra in FUNCTION_WORDS.items():
        (own if code == lang else other).update(extra)
    return frozenset(other - own - data_words())


def sent_texts(tg: TelegramFake) -> list[str]:
    """Every text the bot showed: messages, edits, captions, buttons and callback answers."""
    texts: list[str] = []
    for call in tg.calls():
        params: dict[str, Any] = call.params
        if call.method in ("sendMessage", "editMessageText"):
            texts.append(str(params.get("text", "")))
        elif call.method in ("sendPhoto", "editMessageCaption"):
            texts.append(str(params.get("caption", "")))
        elif call.method == "answerCallbackQuery":
            texts.append(str(params.get("text", "")))
        markup = params.get("reply_markup")
        if isinstance(markup, dict):
            texts += [str(b.get("text", "")) for row in markup.get("inline_keyboard", []) for b in row]
    return texts


def assert_one_language(tg: TelegramFake, lang: str, chats: dict[int, str] | None = None) -> None:
    """Every text is in ``lang``; with ``chats``, the texts sent to (or edited in) those chats are
    in the chat's own language instead (a household member who reads English). Callback answers
    carry no chat: with ``chats`` they are left out."""
    if not chats:
        _check(sent_texts(tg), lang)
        return
    for call in tg.calls():
        chat = call.params.get("chat_id")
        if call.method == "answerCallbackQuery":
            continue
        _check(sent_texts_of(call), chats.get(int(chat), lang) if chat is not None else lang)


def sent_texts_of(call: Any) -> list[str]:
    texts = [str(call.params.get(key, "")) for key in ("text", "caption") if key in call.params]
    markup = call.params.get("reply_markup")
    if isinstance(markup, dict):
        texts += [str(b.get("text", "")) for row in markup.get("inline_keyboard", []) for b in row]
    return texts


def _check(texts: list[str], lang: str) -> None:
    foreign = foreign_words(lang)
    for text in texts:
        plain = _QUOTED.sub(" ", _COMMAND.sub(" ", _TAG.sub(" ", _DATA_TAGS.sub(" ", text))))
        found = sorted(words(plain) & foreign)
        assert not found, f"words {found} of another language than {lang!r} in a sent text: {text!r}"
