"""The Telegram fake driven by python-telegram-bot itself, as the Myflix bot uses it."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator

import pytest
from myflix_testkit.fakes.telegram import TelegramFake, TgUser, mp4_header, upload_limit
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.error import BadRequest, InvalidToken, RetryAfter, TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes


def build_app(fake: TelegramFake, token: str | None = None) -> Application:
    return (
        Application.builder()
        .token(token or fake.token)
        .base_url(fake.base_url)
        .base_file_url(fake.base_file_url)
        .build()
    )


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Films", callback_data="menu:films")]])
    await update.effective_message.reply_text(
        f"<b>Bonjour</b> {update.effective_user.first_name if update.effective_user else ''} &amp; bienvenue",
        parse_mode="HTML",
        reply_markup=keyboard,
    )


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer("ok")
    await query.edit_message_text(f"choisi: {query.data}")


@pytest.fixture
async def running_bot(fake_telegram: TelegramFake) -> AsyncIterator[Application]:
    app = build_app(fake_telegram)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(on_button))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0.0, timeout=5)
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def test_start_command_gets_a_reply_then_a_button_press_is_answered(
    fake_telegram: TelegramFake, running_bot: Application
) -> None:
    user = TgUser(id=5001, first_name="Bob", username="bob")
    fake_telegram.send_command("start", user=user)
    call = await fake_telegram.wait_for_call("sendMessage", timeout=10)
    assert call.ok
    assert call.params["chat_id"] == 5001
    assert call.params["parse_mode"] == "HTML"
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "menu:films"
    sent = call.result
    assert sent["text"] == "Bonjour Bob & bienvenue"
    assert sent["entities"] == [{"type": "bold", "offset": 0, "length": 7}]

    query_id = fake_telegram.press_button(sent, "menu:films", user=user)
    answer = await fake_telegram.wait_for_call("answerCallbackQuery", timeout=10)
    assert answer.params == {"callback_query_id": query_id, "text": "ok"}
    edit = await fake_telegram.wait_for_call("editMessageText", timeout=10)
    assert edit.ok, edit.description
    assert fake_telegram.message(5001, sent["message_id"])["text"] == "choisi: menu:films"
    assert "reply_markup" not in fake_telegram.message(5001, sent["message_id"])
    assert fake_telegram.callback_answer(query_id) == {"callback_query_id": query_id, "text": "ok"}
    # every update was confirmed by the bot's next getUpdates offset
    await asyncio.sleep(0)
    startup = [c.method for c in fake_telegram.calls()][:2]
    assert startup == ["getMe", "deleteWebhook"]


async def test_send_photo_multipart_upload_is_stored_and_downloadable(
    fake_telegram: TelegramFake,
) -> None:
    fake_telegram.add_chat(77)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    app = build_app(fake_telegram)
    async with app:
        message = await app.bot.send_photo(77, photo=png, caption="Affiche", filename="poster.png")
        assert message.caption == "Affiche"
        file_id = message.photo[-1].file_id
        call = await fake_telegram.wait_for_call("sendPhoto")
        assert call.files["photo"].data == png
        assert call.files["photo"].filename == "poster.png"
        assert fake_telegram.uploaded_file(file_id) == png
        tg_file = await app.bot.get_file(file_id)
        assert bytes(await tg_file.download_as_bytearray()) == png


def small_mp4(seconds: int = 2, size: tuple[int, int] = (64, 48), fps: int = 10) -> bytes:
    """A real H.264 MP4 made with PyAV (FFmpeg inside the wheel)."""
    import av  # noqa: PLC0415 - only these tests need it
    import numpy as np  # noqa: PLC0415

    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=fps)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        for index in range(seconds * fps):
            pixels = np.full((size[1], size[0], 3), index * 5 % 256, dtype=np.uint8)
            for packet in stream.encode(av.VideoFrame.from_ndarray(pixels, format="rgb24")):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return buffer.getvalue()


async def test_send_video_multipart_upload_reads_the_mp4_or_the_senders_figures(
    fake_telegram: TelegramFake,
) -> None:
    """sendVideo: the upload is stored and downloadable; width, height and duration are the sender's when
    given (``as defined by the sender``), else those of the MP4's own header (Telegram detects them)."""
    fake_telegram.add_chat(77)
    clip = small_mp4()
    assert mp4_header(clip) == (64, 48, 2)
    assert mp4_header(b"not an mp4") is None
    async with build_app(fake_telegram) as app:
        detected = await app.bot.send_video(
            77, video=InputFile(clip, filename="clip.mp4"), caption="<b>Clip</b>", parse_mode="HTML"
        )
        told = await app.bot.send_video(
            77, video=clip, filename="clip.mp4", width=640, height=480, duration=9, supports_streaming=True
        )
        first, second = (c.result["video"] for c in fake_telegram.calls("sendVideo"))
        assert (first["width"], first["height"], first["duration"]) == (64, 48, 2)
        assert (second["width"], second["height"], second["duration"]) == (640, 480, 9)
        assert (detected.video.width, told.video.height) == (64, 480)
        assert detected.caption == "Clip"
        assert detected.caption_entities[0].type == "bold"
        assert (detected.video.file_name, detected.video.mime_type) == ("clip.mp4", "video/mp4")
        assert detected.video.file_size == len(clip)
        call = await fake_telegram.wait_for_call("sendVideo")
        assert call.files["video"].data == clip
        tg_file = await app.bot.get_file(detected.video.file_id)
        assert bytes(await tg_file.download_as_bytearray()) == clip
        with pytest.raises(BadRequest, match=r"(?i)unknown parameter"):
            await app.bot.send_video(77, video=clip, api_kwargs={"fps": 25})


async def test_send_document_and_the_upload_limits(fake_telegram: TelegramFake) -> None:
    """sendDocument keeps the name and type; an upload over the method's documented limit (sendPhoto 10 MB)
    is refused with 413, one at the limit is accepted."""
    fake_telegram.add_chat(77)
    assert upload_limit("50 MB") == 50 << 20
    assert upload_limit("10 MB") == 10 << 20
    async with build_app(fake_telegram) as app:
        sent = await app.bot.send_document(77, document=b"a,b\n1,2\n", filename="table.csv", caption="CSV")
        assert (sent.document.file_name, sent.document.file_size, sent.caption) == ("table.csv", 8, "CSV")
        assert fake_telegram.uploaded_file(sent.document.file_id) == b"a,b\n1,2\n"
        with pytest.raises(TelegramError, match="Request Entity Too Large"):
            await app.bot.send_photo(77, photo=b"\x89PNG" + b"\x00" * (10 << 20), filename="big.png")
        at_limit = await app.bot.send_photo(
            77, photo=b"\x89PNG" + b"\x00" * ((10 << 20) - 4), filename="ok.png"
        )
        assert at_limit.photo
    too_big = fake_telegram.calls("sendPhoto")[0]
    assert (too_big.ok, too_big.error_code) == (False, 413)


async def test_rate_limit_surfaces_as_retry_after(fake_telegram: TelegramFake) -> None:
    fake_telegram.add_chat(77)
    fake_telegram.inject_rate_limit("sendMessage", retry_after=7)
    app = build_app(fake_telegram)
    async with app:
        with pytest.raises(RetryAfter, match="Retry in 7 seconds"):
            await app.bot.send_message(77, "hello")
        assert (await app.bot.send_message(77, "hello")).text == "hello"  # only the next call was limited
    limited, ok = fake_telegram.calls("sendMessage")
    assert (limited.error_code, ok.ok) == (429, True)


async def test_wrong_token_is_invalid_token_and_bad_html_is_bad_request(fake_telegram: TelegramFake) -> None:
    other = "123456:" + "B" * 35
    with pytest.raises(InvalidToken):
        async with build_app(fake_telegram, token=other):
            pass
    fake_telegram.add_chat(77)
    async with build_app(fake_telegram) as app:
        with pytest.raises(BadRequest, match=r"(?i)can.t parse entities"):
            await app.bot.send_message(77, "1 < 2", parse_mode="HTML")
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await app.bot.send_message(78, "who?")
        with pytest.raises(BadRequest, match=r"(?i)reserved"):
            await app.bot.send_message(77, "v1.2 done!", parse_mode="MarkdownV2")
        markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="y" * 65)]])
        with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
            await app.bot.send_message(77, "too long data", reply_markup=markup)
        sent = await app.bot.send_message(77, "same")
        with pytest.raises(BadRequest, match=r"(?i)not modified"):
            await app.bot.edit_message_text("same", chat_id=77, message_id=sent.message_id)
        assert await app.bot.delete_message(77, sent.message_id)
        with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
            await app.bot.delete_message(77, sent.message_id)


async def test_set_my_commands_round_trip(fake_telegram: TelegramFake) -> None:
    async with build_app(fake_telegram) as app:
        assert await app.bot.set_my_commands([("films", "Chercher un film"), ("status", "État")])
        commands = await app.bot.get_my_commands()
        assert [c.command for c in commands] == ["films", "status"]
        with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
            await app.bot.set_my_commands([("Films", "majuscule interdite")])
    assert fake_telegram.commands()[0] == {"command": "films", "description": "Chercher un film"}
