"""The Telegram fake at the HTTP level: envelopes, spec-checked parameters, the blocking long poll."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from myflix_testkit.fakes.contract import ContractValidator, ContractViolation
from myflix_testkit.fakes.telegram import _HANDLERS, TelegramFake, TgUser, api_spec, parse_html
from myflix_testkit.waiting import wait_until


def api(fake: TelegramFake, method: str) -> str:
    return f"{fake.base_url}{fake.token}/{method}"


def test_every_served_method_is_in_the_spec() -> None:
    spec = api_spec()
    assert {"getupdates", "sendmessage", "sendphoto", "answercallbackquery"} <= set(spec)
    for name in _HANDLERS:
        assert name.lower() in spec
        assert spec[name.lower()].name == name


def test_envelopes_tokens_and_unknown_methods(fake_telegram: TelegramFake) -> None:
    ok = httpx.get(api(fake_telegram, "GETME"))  # method names are case-insensitive
    assert ok.json()["ok"] is True
    assert ok.json()["result"]["is_bot"] is True
    wrong = httpx.get(f"{fake_telegram.base_url}123:{'A' * 35}/getMe")
    assert (wrong.status_code, wrong.json()) == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    assert httpx.get(f"{fake_telegram.base_url}garbage/getMe").status_code == 404
    unknown = httpx.post(api(fake_telegram, "sendTelepathy"))
    assert unknown.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    unimplemented = httpx.post(api(fake_telegram, "sendDice"), data={"chat_id": 1})
    assert unimplemented.status_code == 400
    assert "not implemented" in unimplemented.json()["description"]


def test_parameters_are_checked_against_the_spec(fake_telegram: TelegramFake) -> None:
    fake_telegram.add_chat(10)
    unknown = httpx.post(api(fake_telegram, "sendMessage"), data={"chat_id": 10, "text": "x", "txt": "y"})
    assert unknown.status_code == 400
    assert unknown.json()["description"] == 'Bad Request: unknown parameter "txt" for method sendMessage'
    missing = httpx.post(api(fake_telegram, "sendMessage"), json={"chat_id": 10})
    assert missing.status_code == 400
    assert '"text" is required' in missing.json()["description"]
    bad_type = httpx.post(
        api(fake_telegram, "sendMessage"), json={"chat_id": 10, "text": "x", "reply_markup": 3}
    )
    assert bad_type.status_code == 400
    # query string, JSON and form all work, and values are decoded to the spec's types
    assert httpx.get(api(fake_telegram, "sendMessage"), params={"chat_id": "10", "text": "q"}).json()["ok"]
    assert httpx.post(api(fake_telegram, "sendMessage"), json={"chat_id": 10, "text": "j"}).json()["ok"]
    form = httpx.post(
        api(fake_telegram, "sendMessage"),
        data={
            "chat_id": "10",
            "text": "f",
            "disable_notification": "true",
            "reply_markup": '{"remove_keyboard":true}',
        },
    )
    assert form.json()["ok"]
    call = fake_telegram.calls("sendMessage")[-1]
    assert call.params == {
        "chat_id": 10,
        "text": "f",
        "disable_notification": True,
        "reply_markup": {"remove_keyboard": True},
    }
    assert [m["text"] for m in fake_telegram.bot_messages(10)] == ["q", "j", "f"]


def test_long_poll_blocks_until_an_update_arrives(fake_telegram: TelegramFake) -> None:
    seen_waiting: list[bool] = []

    def inject_once_the_poll_waits() -> None:
        # the poll must be seen blocked with nothing to deliver; only then does the update arrive
        seen_waiting.append(
            bool(wait_until(lambda: fake_telegram.polls_waiting() == 1, what="a blocked poll"))
        )
        fake_telegram.send_text("salut", user=TgUser(id=7, first_name="Eve"))

    injector = threading.Thread(target=inject_once_the_poll_waits)
    injector.start()
    resp = httpx.post(api(fake_telegram, "getUpdates"), data={"timeout": 40}, timeout=45)
    injector.join()
    updates = resp.json()["result"]
    assert seen_waiting == [True]  # it did not answer at once with an empty list
    assert len(updates) == 1
    assert updates[0]["message"]["text"] == "salut"
    assert fake_telegram.polls_waiting() == 0
    # unconfirmed updates are delivered again; offset confirms them
    again = httpx.post(api(fake_telegram, "getUpdates"), data={"timeout": 0}).json()["result"]
    assert [u["update_id"] for u in again] == [updates[0]["update_id"]]
    offset = updates[0]["update_id"] + 1
    assert httpx.post(api(fake_telegram, "getUpdates"), data={"offset": offset}).json()["result"] == []
    assert fake_telegram.pending_updates() == []


def test_empty_long_poll_waits_for_its_timeout(fake_telegram: TelegramFake) -> None:
    started = time.monotonic()
    resp = httpx.post(api(fake_telegram, "getUpdates"), data={"timeout": 1}, timeout=10)
    assert resp.json() == {"ok": True, "result": []}
    assert time.monotonic() - started >= 0.9


def test_second_poller_terminates_the_first_with_conflict(fake_telegram: TelegramFake) -> None:
    results: list[httpx.Response] = []
    first = threading.Thread(
        target=lambda: results.append(
            httpx.post(api(fake_telegram, "getUpdates"), data={"timeout": 10}, timeout=15)
        )
    )
    first.start()
    wait_until(lambda: fake_telegram.polls_waiting() == 1, what="the first poll to block")
    second = httpx.post(api(fake_telegram, "getUpdates"), data={"timeout": 0})
    first.join(timeout=15)
    assert second.json()["ok"] is True
    assert results[0].status_code == 409
    assert "terminated by other getUpdates request" in results[0].json()["description"]


def test_press_button_requires_an_existing_inline_button(fake_telegram: TelegramFake) -> None:
    fake_telegram.add_chat(10)
    markup = (
        '{"inline_keyboard":[[{"text":"Oui","callback_data":"yes"},{"text":"Non","callback_data":"no"}]]}'
    )
    sent = httpx.post(
        api(fake_telegram, "sendMessage"), data={"chat_id": 10, "text": "Sûr ?", "reply_markup": markup}
    )
    message = sent.json()["result"]
    with pytest.raises(LookupError, match="0 inline buttons"):
        fake_telegram.press_button(message, "maybe")
    query_id = fake_telegram.press_button(message, text="Non")
    (update,) = fake_telegram.pending_updates()
    assert update["callback_query"]["data"] == "no"
    assert update["callback_query"]["message"]["message_id"] == message["message_id"]
    answer = httpx.post(api(fake_telegram, "answerCallbackQuery"), data={"callback_query_id": query_id})
    assert answer.json() == {"ok": True, "result": True}
    twice = httpx.post(api(fake_telegram, "answerCallbackQuery"), data={"callback_query_id": query_id})
    assert twice.status_code == 400


def test_inject_callback_sends_any_data_on_a_bot_message(fake_telegram: TelegramFake) -> None:
    user_message = fake_telegram.send_text("salut")
    sent = httpx.post(
        api(fake_telegram, "sendMessage"), data={"chat_id": user_message["chat"]["id"], "text": "Menu"}
    )
    message = sent.json()["result"]
    with pytest.raises(KeyError, match="the bot sent no message"):
        fake_telegram.inject_callback(user_message, "x")
    with pytest.raises(ValueError, match="1-64 bytes"):
        fake_telegram.inject_callback(message, "é" * 33)
    query_id = fake_telegram.inject_callback(message, "zz:no-such-button")
    update = fake_telegram.pending_updates()[-1]
    assert update["callback_query"]["id"] == query_id
    assert update["callback_query"]["data"] == "zz:no-such-button"
    assert update["callback_query"]["message"]["message_id"] == message["message_id"]
    answer = httpx.post(api(fake_telegram, "answerCallbackQuery"), data={"callback_query_id": query_id})
    assert answer.json() == {"ok": True, "result": True}


def test_wait_for_call_sync_returns_each_call_once(fake_telegram: TelegramFake) -> None:
    fake_telegram.add_chat(10)
    for text in ("un", "deux"):
        httpx.post(api(fake_telegram, "sendMessage"), data={"chat_id": 10, "text": text})
    assert fake_telegram.wait_for_call_sync("sendMessage").params["text"] == "un"
    assert fake_telegram.wait_for_call_sync("sendmessage").params["text"] == "deux"
    with pytest.raises(TimeoutError, match=r"no sendMessage call within 0\.2 s"):
        fake_telegram.wait_for_call_sync("sendMessage", timeout=0.2)


def test_http_controls_inject_messages_and_list_calls(fake_telegram: TelegramFake) -> None:
    base = fake_telegram.url + "/_fake"
    injected = httpx.post(
        f"{base}/message", json={"text": "/films dune", "user_id": 99, "chat_id": 99}
    ).json()
    assert injected["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    httpx.post(
        f"{base}/error",
        json={
            "method": "sendMessage",
            "error_code": 403,
            "description": "Forbidden: bot was blocked by the user",
        },
    )
    blocked = httpx.post(api(fake_telegram, "sendMessage"), data={"chat_id": 99, "text": "x"})
    assert blocked.status_code == 403
    calls = httpx.get(f"{base}/calls", params={"method": "sendMessage"}).json()
    assert calls[0]["error_code"] == 403


def test_html_parse_mode_entities_use_utf16_offsets() -> None:
    text, entities = parse_html('🎬 <b>Dune</b> <a href="https://example.org">lien</a> &lt;3')
    assert text == "🎬 Dune lien <3"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 4},
        {"type": "text_link", "offset": 8, "length": 4, "url": "https://example.org"},
    ]


def test_deprecated_parameters_and_all_string_json_values_are_accepted(fake_telegram: TelegramFake) -> None:
    # Alertmanager 0.25's Telegram receiver (telebot v3) posts exactly this: every value a JSON string,
    # and the deprecated disable_web_page_preview that the real Bot API still accepts.
    fake_telegram.add_chat(42)
    body = {"chat_id": "42", "disable_web_page_preview": "true", "parse_mode": "HTML", "text": "<b>x</b>"}
    answer = httpx.post(api(fake_telegram, "sendMessage"), json=body)
    assert answer.status_code == 200, answer.text
    call = fake_telegram.calls("sendMessage")[-1]
    assert call.params == {
        "chat_id": 42,
        "disable_web_page_preview": True,
        "parse_mode": "HTML",
        "text": "<b>x</b>",
    }
    # still typed: a deprecated boolean that is not one is refused, and unknown names stay unknown
    bad = httpx.post(api(fake_telegram, "sendMessage"), json={**body, "disable_web_page_preview": "maybe"})
    assert bad.status_code == 400
    unknown = httpx.post(api(fake_telegram, "sendMessage"), json={**body, "disable_web_preview": "true"})
    assert unknown.status_code == 400
    assert "unknown parameter" in unknown.json()["description"]


def test_deprecated_parameters_the_real_api_still_accepts_are_accepted(fake_telegram: TelegramFake) -> None:
    """Alertmanager's Telegram receiver sends disable_web_page_preview; Telegram and the fake accept it."""
    fake_telegram.add_chat(10)
    sent = httpx.post(
        api(fake_telegram, "sendMessage"),
        data={"chat_id": 10, "text": "x", "disable_web_page_preview": "true"},
    ).json()
    assert sent["ok"], sent
    message_id = sent["result"]["message_id"]
    edited = httpx.post(
        api(fake_telegram, "editMessageText"),
        json={"chat_id": 10, "message_id": message_id, "text": "y", "disable_web_page_preview": True},
    ).json()
    assert edited["ok"], edited
    reply = httpx.post(
        api(fake_telegram, "sendMessage"),
        json={"chat_id": 10, "text": "z", "reply_to_message_id": message_id},
    ).json()
    assert reply["result"]["reply_to_message"]["message_id"] == message_id
    misspelt = httpx.post(
        api(fake_telegram, "sendMessage"), json={"chat_id": 10, "text": "x", "disable_web_preview": True}
    )
    assert misspelt.status_code == 400  # tolerance is for real names only
    assert "disable_web_preview" in misspelt.json()["description"]


def test_error_envelopes_conform_to_the_contract(fake_telegram: TelegramFake) -> None:
    validator = ContractValidator.named("telegram-bot-api")
    fake_telegram.add_chat(10)
    fake_telegram.inject_rate_limit("sendMessage", retry_after=2)
    answers = [
        httpx.post(api(fake_telegram, "sendMessage"), json={"chat_id": 10, "text": "x"}),
        httpx.post(api(fake_telegram, "sendMessage"), json={"chat_id": 10}),
        httpx.post(api(fake_telegram, "sendTelepathy")),
        httpx.get(f"{fake_telegram.base_url}123:{'A' * 35}/getMe"),
    ]
    assert [a.status_code for a in answers] == [429, 400, 404, 401]
    for answer in answers:
        validator.validate("ErrorEnvelope", answer.json(), str(answer.status_code))
    validator.validate("OkEnvelope", httpx.get(api(fake_telegram, "getMe")).json(), "getMe")
    with pytest.raises(ContractViolation, match="error_code"):
        validator.validate("ErrorEnvelope", {"ok": False, "description": "no code"}, "drift")
    with pytest.raises(ContractViolation, match="retry_after"):
        validator.validate(
            "ErrorEnvelope",
            {"ok": False, "error_code": 429, "description": "x", "parameters": {"retry_after": "3"}},
            "drift",
        )
