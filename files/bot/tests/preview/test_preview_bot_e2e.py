"""/apercu through the real bot against the fake Telegram and the Radarr fake: the progress message edited
in place, the picture (real decoding, the real model), cancel, the busy refusal, users and strangers
refused. The preview process really runs (a launcher gate holds it where a test needs a job that lasts)."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path
from typing import Any

from myflix_bot.commands.preview import register_preview
from myflix_bot.preview.compose import Layout
from myflix_testkit.fakes.telegram import TgUser
from PIL import Image

from ..conftest import ADMIN, USER
from ..harness import bot_config, keyboard, running_bot

BOSS = TgUser(id=ADMIN, first_name="Boss")
ALICE = TgUser(id=USER, first_name="Alice")
MALLORY = TgUser(id=777, first_name="Mallory")


def _movie_file(fake_radarr: Any, title: str, root: Path, video: Path) -> None:
    """Put ``video`` where Radarr says ``title``'s file is, under ``root`` (the preview's path map)."""
    state = fake_radarr.state
    with state.lock:
        for record in state.movies.values():
            resource = state.movie_resource(record["id"])
            if resource["title"] == title and resource.get("movieFile"):
                target = root / resource["movieFile"]["path"].lstrip("/")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(video, target)
                return
    raise AssertionError(f"{title} has no file in the Radarr fake")


def _config(fake_telegram: Any, fake_radarr: Any, tmp_path: Path, **preview: Any) -> Any:
    settings = {
        "enabled": True,
        "python": sys.executable,
        "output_dir": str(tmp_path),
        "path_map": {"/": str(tmp_path / "media")},
        "max_lines": 90,
        "tile": 96,
        **preview,
    }
    return bot_config(fake_telegram, radarr=fake_radarr, extra={"preview": settings})


async def test_apercu_progress_photo_and_refusals(fake_telegram, fake_radarr, sample_video, tmp_path) -> None:
    _movie_file(fake_radarr, "Dune", tmp_path / "media", sample_video)
    config = _config(fake_telegram, fake_radarr, tmp_path)
    async with running_bot(config, fake_telegram, setup=register_preview) as bot:
        first = await bot.send("/apercu", "dune", "00:02", user=BOSS)
        assert "Aperçu IA" in first.params["text"]
        assert "Dune" in first.params["text"]
        assert keyboard(first)[0][0][0] == "✖️ Annuler"
        photo = await fake_telegram.wait_for_call("sendPhoto", timeout=300)
        caption = photo.params["caption"]
        assert "realesr-animevideov3-x2" in caption
        assert "Pi local" in caption
        assert "Dune" in caption
        picture = Image.open(
            io.BytesIO(fake_telegram.uploaded_file(photo.result["photo"][-1]["file_id"]) or b"")
        )
        assert picture.format == "PNG"
        assert picture.size == Layout().size(1, 320, 180, 2)
        edits = [c.params["text"] for c in fake_telegram.calls("editMessageText")]
        assert any("Extraction" in t for t in edits)
        assert any("Agrandissement 1/1" in t for t in edits)
        done = await fake_telegram.wait_for_call(
            "editMessageText", timeout=60, predicate=lambda c: "Aperçu envoyé" in c.params["text"]
        )
        assert done.params["message_id"] == first.result["message_id"]
        assert keyboard(done) == []  # no cancel button once done
        # a user (not an admin) is refused by the command's role; a stranger only gets the access refusal
        refused = await bot.send("/apercu", "dune", user=ALICE)
        assert refused.params["chat_id"] == USER
        assert "Réservé aux administrateurs" in refused.params["text"]
        stranger = await bot.send("/apercu", "dune", user=MALLORY)
        assert stranger.params["chat_id"] == MALLORY.id
        assert "Accès refusé" in stranger.params["text"]
        missing = await bot.send("/apercu", "zzqx", user=BOSS)
        assert "Aucun fichier téléchargé" in missing.params["text"]
    photos = fake_telegram.calls("sendPhoto")
    assert [c.params["chat_id"] for c in photos] == [ADMIN]  # one picture, to the admin who asked


async def test_apercu_busy_and_cancel(fake_telegram, fake_radarr, sample_video, tmp_path) -> None:
    """A job held at the launcher's gate: a second ask is refused (busy), Cancel stops the first."""
    _movie_file(fake_radarr, "Dune", tmp_path / "media", sample_video)
    gate = tmp_path / "gate"
    launcher = ["sh", "-c", f'while [ ! -e {gate} ]; do sleep 0.05; done; exec "$0" "$@"']
    config = _config(fake_telegram, fake_radarr, tmp_path, queue=0, launcher=launcher)
    async with running_bot(config, fake_telegram, setup=register_preview) as bot:
        first = await bot.send("/apercu", "dune", user=BOSS)
        busy = await bot.send("/apercu", "dune", user=BOSS)
        assert "déjà en cours" in busy.params["text"]
        message = bot.message(first)
        _, edit = await bot.press(message, keyboard(first)[0][0][1], user=BOSS)
        assert "Aperçu annulé" in edit.params["text"]
        gate.touch()  # too late: the job was terminated at its gate
        again = await bot.send("/apercu", "dune", "00:01", user=BOSS)  # the place is free again
        assert "déjà en cours" not in again.params["text"]
        await fake_telegram.wait_for_call("sendPhoto", timeout=300)
    assert not fake_telegram.calls("sendPhoto")[1:]  # only the second job's picture


async def test_catalogue_button_starts_a_preview(fake_telegram, fake_radarr, sample_video, tmp_path) -> None:
    """A filtered /films page offers "✨ Aperçu IA" per entry; the press turns the page into the job's
    progress message and the picture follows. Without the feature the page has no such button."""
    _movie_file(fake_radarr, "Dune", tmp_path / "media", sample_video)
    config = _config(fake_telegram, fake_radarr, tmp_path, frames=1)
    async with running_bot(config, fake_telegram, setup=register_preview) as bot:
        page = await bot.send("/films", "dune", user=BOSS)
        buttons = [b for row in keyboard(page) for b in row if b[0].startswith("✨ Aperçu IA")]
        assert buttons == [("✨ Aperçu IA · Dune", buttons[0][1])]
        _, edit = await bot.press(bot.message(page), buttons[0][1], user=BOSS)
        assert "Aperçu IA : Dune" in edit.params["text"]
        photo = await fake_telegram.wait_for_call("sendPhoto", timeout=300)
        assert photo.params["chat_id"] == ADMIN
    plain = bot_config(fake_telegram, radarr=fake_radarr)
    async with running_bot(plain, fake_telegram) as bot:
        page = await bot.send("/films", "dune", user=BOSS)
        assert not [b for row in keyboard(page) for b in row if b[0].startswith("✨")]
