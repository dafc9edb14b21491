"""Hypothesis fuzzing through the running bot: any message text or callback data from an allowed user
is answered without an exception escaping a handler, with valid HTML, under Telegram's limits (the fake
Bot API rejects anything Telegram would)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from myflix_testkit.waiting import async_wait_until

from .harness import bot_config, running_bot

TEXTS = st.one_of(
    st.text(min_size=1, max_size=300),
    st.builds(
        lambda c, a: f"/{c} {a}",
        st.sampled_from(
            [
                "films",
                "series",
                "status",
                "queue",
                "help",
                "start",
                "FILMS",
                "films@myflix_test_bot",
                "x" * 40,
            ]
        ),
        st.text(max_size=200),
    ),
)
CALLBACKS = st.one_of(
    st.text(min_size=1, max_size=64).filter(lambda s: 1 <= len(s.encode()) <= 64),
    st.builds(
        lambda v, *a: ":".join([v, *a]),
        st.sampled_from(["f", "s", "q", "st", "m", "h", "se", "x", "zz"]),
        st.sampled_from(["0", "1", "-1", "99999999", "", "t", "r"]),
        st.sampled_from(["t", "r", "", "?"]),
        st.sampled_from(["", "1", "ffff", "a:b"]),
    ),
)


def replies(tg: Any) -> list[Any]:
    return [c for c in tg.calls() if c.method in ("sendMessage", "sendPhoto")]


async def next_reply(tg: Any, count: int, timeout: float = 15.0) -> Any:
    """The ``count``-th reply (sendMessage or sendPhoto) of the bot, waiting for it."""
    await async_wait_until(lambda: len(replies(tg)) >= count, timeout, what=f"reply #{count}")
    return replies(tg)[count - 1]


FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


async def test_fuzzed_messages_and_callbacks_never_break_a_handler(
    fake_telegram, fake_radarr, fake_sonarr
) -> None:
    config = bot_config(fake_telegram, radarr=fake_radarr, sonarr=fake_sonarr)
    async with running_bot(config, fake_telegram) as bot:
        menu_call = await bot.send("start")
        menu = bot.message(menu_call)
        sent_before = len(replies(fake_telegram))
        texts: list[str] = []
        datas: list[str] = []

        @FUZZ
        @given(TEXTS)
        def collect_text(text: str) -> None:
            texts.append(text)

        @FUZZ
        @given(CALLBACKS)
        def collect_data(data: str) -> None:
            datas.append(data)

        collect_text()
        collect_data()
        for number, text in enumerate(texts, start=1):
            fake_telegram.send_text(text)
            # free text is a search: a card (sendPhoto with the poster) or a message
            call = await next_reply(fake_telegram, sent_before + number)
            assert call.ok, (text, call.description)
        for data in datas:
            # press_button only presses buttons the bot made; fuzzed data is injected as a raw query
            # on the menu message (the fake knows its id, so answerCallbackQuery is accepted).
            query_id = fake_telegram.inject_callback(menu, data)
            answer = await fake_telegram.wait_for_call(
                "answerCallbackQuery",
                timeout=15,
                predicate=lambda c, q=query_id: c.params.get("callback_query_id") == q,
            )
            assert answer.ok, (data, answer.description)
        edits = fake_telegram.calls("editMessageText")
        failed = [c for c in edits if not c.ok and "not modified" not in (c.description or "")]
        assert failed == []
        sends = replies(fake_telegram)[sent_before:]
        assert len(sends) == len(texts)
        assert all(c.ok for c in sends)
        assert bot.rt.metrics.value("myflix_bot_handler_errors") == 0
