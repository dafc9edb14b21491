"""The request flow as a user taps through it (issue 18), end to end through the fake Bot API and
the *arr fakes: every choice button opens the title on its label, a double tap records one request,
a failed add can be retried from the card, a season request's confirmation names the season."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from myflix_bot.search.hooks import feature_of

from ..conftest import USER
from ..harness import running_bot
from .test_bot_search import buttons, search_config, sent

LABEL = re.compile(r"^(?:🎬|📺) (?P<title>.+?)(?: \((?P<year>\d{4})\))?$")


async def press_and_answer(tg: Any, message: dict[str, Any], data: str) -> Any:
    """Press a button; return what the bot sent to the user for it (a photo card or a message)."""
    before = len(tg.calls())
    query_id = tg.press_button(message, data)
    await tg.wait_for_call(
        "answerCallbackQuery", timeout=15, predicate=lambda c: c.params.get("callback_query_id") == query_id
    )
    sent_now = [
        c
        for c in tg.calls()[before:]
        if c.method in ("sendPhoto", "sendMessage") and c.params.get("chat_id") == USER
    ]
    assert len(sent_now) == 1, [c.method for c in sent_now]
    return sent_now[0]


@asynccontextmanager
async def searching(tg: Any, radarr: Any, sonarr: Any, tmp: Path) -> AsyncIterator[Any]:
    async with running_bot(search_config(tg, radarr, sonarr, tmp, webhook=False), tg) as bot:
        yield bot


async def card_for(tg: Any, text: str) -> Any:
    """The user writes ``text``; the card the bot sends for it."""
    tg.send_text(text)
    return await tg.wait_for_call("sendPhoto", timeout=15)


def shown_text(call: Any) -> str:
    return str(call.params.get("caption") or call.params.get("text"))


async def test_every_other_result_button_opens_the_title_on_its_label(
    fake_telegram: Any, fake_radarr: Any, fake_sonarr: Any, tmp_path: Path
) -> None:
    async with searching(fake_telegram, fake_radarr, fake_sonarr, tmp_path):
        for query, own in (
            ("dune 1984", "<b>Dune</b> (1984)"),
            ("halloween 1978", "<b>Halloween</b> (1978)"),
        ):
            fake_telegram.send_text(query)
            card = await fake_telegram.wait_for_call(
                "sendPhoto", timeout=15, predicate=lambda c, own=own: own in c.params["caption"]
            )
            others = next(data for label, data in buttons(card) if data.startswith("so:"))
            listing = await press_and_answer(fake_telegram, sent(fake_telegram, card), others)
            choices = buttons(listing)
            assert choices
            labels = [label for label, _ in choices]
            assert len(set(labels)) == len(labels)
            for label, data in choices:
                match = LABEL.match(label)
                assert match is not None, label
                expected = f"<b>{match['title']}</b>" + (f" ({match['year']})" if match["year"] else "")
                assert expected != own  # the card's own title is not one of its "other results"
                answer = await press_and_answer(fake_telegram, sent(fake_telegram, listing), data)
                assert expected in shown_text(answer), (label, shown_text(answer))


async def test_double_tap_on_add_records_one_request(
    fake_telegram: Any, fake_radarr: Any, fake_sonarr: Any, tmp_path: Path
) -> None:
    async with searching(fake_telegram, fake_radarr, fake_sonarr, tmp_path) as bot:
        card = await card_for(fake_telegram, "oppenheimer")
        add = buttons(card)[0][1]
        message = sent(fake_telegram, card)
        first = fake_telegram.press_button(message, add)
        second = fake_telegram.press_button(message, add)  # before the first one is handled
        for query_id in (first, second):
            await fake_telegram.wait_for_call(
                "answerCallbackQuery",
                timeout=15,
                predicate=lambda c, q=query_id: c.params.get("callback_query_id") == q,
            )
        assert fake_radarr.state.find_movie(872585) is not None
        mine = feature_of(bot.rt).store.by_user(USER)
        assert [(r.kind, r.ext_id) for r in mine] == [("movie", 872585)]
        added = [c for c in fake_telegram.calls("sendMessage") if "Ajouté" in c.params.get("text", "")]
        assert len(added) == 1


async def test_a_failed_add_keeps_a_retry_button(
    fake_telegram: Any, fake_radarr: Any, fake_sonarr: Any, tmp_path: Path
) -> None:
    async with searching(fake_telegram, fake_radarr, fake_sonarr, tmp_path) as bot:
        card = await card_for(fake_telegram, "oppenheimer")
        fake_radarr.faults.set(status=500, only_paths=("/api/v3/movie",), count=1)  # the POST fails
        failed = await press_and_answer(fake_telegram, sent(fake_telegram, card), buttons(card)[0][1])
        assert failed.params["text"].startswith("😵 Impossible d'ajouter <b>Oppenheimer</b>")
        assert [label for label, _ in buttons(failed)] == ["🔁 Réessayer"]
        labels = [[label for label, _ in buttons(c)] for c in fake_telegram.calls("editMessageReplyMarkup")]
        assert labels[0] == ["⏳ J'ajoute…"]  # while it works
        assert labels[-1][0] == "🔁 Réessayer"  # the card itself offers it again
        assert fake_radarr.state.find_movie(872585) is None
        assert feature_of(bot.rt).store.by_user(USER) == []
        # Radarr is fine again: the retry on the error message adds it
        done = await press_and_answer(fake_telegram, sent(fake_telegram, failed), buttons(failed)[0][1])
        assert done.params["text"].startswith("✅ Ajouté : <b>Oppenheimer</b> (2023).")
        assert fake_radarr.state.find_movie(872585) is not None
        card_now = fake_telegram.message(USER, card.result["message_id"])
        assert card_now is not None
        assert "reply_markup" not in card_now  # added: the card has no button left


async def test_season_request_confirmation_names_the_season(
    fake_telegram: Any, fake_radarr: Any, fake_sonarr: Any, tmp_path: Path
) -> None:
    async with searching(fake_telegram, fake_radarr, fake_sonarr, tmp_path):
        card = await card_for(fake_telegram, "la série game of thrones saison 3")
        add = buttons(card)[0]
        assert add[0] == "➕ Ajouter la saison 3"
        done = await press_and_answer(fake_telegram, sent(fake_telegram, card), add[1])
        assert done.params["text"].startswith("✅ Ajouté : <b>Game of Thrones</b> (2011), saison 3.")
