"""The Telegram adapter against the fake Bot API: a button answered with a photo is a new message
(a text message cannot become a photo), and a single-use button loses its keyboard before its handler
runs, once (the pattern of admin Confirm/Cancel and approval buttons)."""

from __future__ import annotations

from myflix_bot.callbacks import Callback
from myflix_bot.commands.registry import CallbackRoute, Command, Registry, Request
from myflix_bot.render.view import Button, View
from myflix_bot.runtime import Runtime
from myflix_testkit.waiting import async_wait_until

from .harness import bot_config, keyboard, running_bot

PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)  # the fake stores the upload as it came


def probe_registry(calls: list[str]) -> Registry[Runtime]:
    registry: Registry[Runtime] = Registry()

    async def ask(rt: Runtime, req: Request) -> View:
        return View("Choisir", ((Button("Image", "zp"), Button("Confirmer", "zc")),))

    async def picture(rt: Runtime, req: Request, cb: Callback) -> View:
        calls.append("picture")
        return View("<b>Un graphique</b>", photo=PNG)

    async def confirm(rt: Runtime, req: Request, cb: Callback) -> View:
        calls.append("confirm")
        return View("Fait")

    def first_press_only(rt: Runtime, req: Request, cb: Callback) -> bool:
        return "confirm" not in calls

    registry.add_command(Command("probe", "cmd.help", ask))
    registry.add_callback(CallbackRoute("zp", picture))
    registry.add_callback(CallbackRoute("zc", confirm, single_use=first_press_only))
    return registry


async def test_a_photo_answer_is_a_new_message_and_the_pressed_one_stays(fake_telegram) -> None:
    calls: list[str] = []
    async with running_bot(bot_config(fake_telegram), fake_telegram, registry=probe_registry(calls)) as bot:
        sent = await bot.send("/probe")
        bot.tg.press_button(bot.message(sent), "zp")
        photo = await bot.tg.wait_for_call("sendPhoto", timeout=15)
        assert calls == ["picture"]
        assert photo.params["caption"] == "<b>Un graphique</b>"
        assert photo.params["parse_mode"] == "HTML"
        stored = bot.tg.message(photo.params["chat_id"], photo.result["message_id"])
        assert stored is not None
        assert stored["photo"][0]["file_size"] == len(PNG)
        assert next(iter(photo.files.values())).data == PNG
        # the pressed message keeps its text and buttons: nothing edited it
        assert not bot.tg.calls("editMessageText")
        assert not bot.tg.calls("editMessageReplyMarkup")
        assert keyboard(sent)[0][0] == ("Image", "zp")


async def test_a_single_use_button_acts_once_and_loses_its_keyboard_first(fake_telegram) -> None:
    calls: list[str] = []
    async with running_bot(bot_config(fake_telegram), fake_telegram, registry=probe_registry(calls)) as bot:
        sent = await bot.send("/probe")
        message = bot.message(sent)
        bot.tg.press_button(message, "zc")
        cleared = await bot.tg.wait_for_call("editMessageReplyMarkup", timeout=15)
        edit = await bot.tg.wait_for_call("editMessageText", timeout=15)
        assert cleared.params["message_id"] == sent.result["message_id"]
        assert "reply_markup" not in cleared.params  # the keyboard went before the handler ran
        assert cleared.seq < edit.seq
        assert calls == ["confirm"]
        assert edit.params["text"] == "Fait"
        # an old keyboard (a second client) presses again: answered, nothing runs
        query = bot.tg.inject_callback(message, "zc")
        await async_wait_until(
            lambda: any(
                c.params.get("callback_query_id") == query for c in bot.tg.calls("answerCallbackQuery")
            )
        )
        assert calls == ["confirm"]
