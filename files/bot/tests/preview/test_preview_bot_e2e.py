"""/apercu through the real bot against the fake Telegram and the Radarr fake: the progress message edited
in place, the picture (real decoding, the real model), cancel, the busy refusal, users and strangers
refused. The preview process really runs (a launcher gate holds it where a test needs a job that lasts)."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import av
from myflix_bot.commands.preview import register_preview
from myflix_bot.preview.compose import Layout
from myflix_bot.preview.worker import serve
from myflix_testkit.fakes.telegram import TgUser, mp4_header
from PIL import Image

from ..conftest import ADMIN, USER
from ..harness import bot_config, keyboard, running_bot
from .standin import progress, script, stand_in
from .systemd_run import LAUNCHER, POLKIT_NO, fake_systemd_run, refusing

BOSS = TgUser(id=ADMIN, first_name="Boss")
ALICE = TgUser(id=USER, first_name="Alice")
MALLORY = TgUser(id=777, first_name="Mallory")
PLAIN = "❌ L'aperçu a échoué sur le serveur. Un administrateur en trouvera la raison dans le journal du bot."


def _movie_file(fake_radarr: Any, title: str, root: Path, video: Path) -> None:
    """Radarr says ``title``'s file is ``video``'s copy under ``root`` (the bot opens the path Radarr
    reports as it is: on the Pi its unit shows the data tree where the apps see it)."""
    state = fake_radarr.state
    with state.lock:
        for record in state.movies.values():
            resource = state.movie_resource(record["id"])
            if resource["title"] == title and record.get("movieFile"):
                target = root / record["movieFile"]["relativePath"]
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(video, target)
                record["movieFile"]["path"] = str(target)
                return
    raise AssertionError(f"{title} has no file in the Radarr fake")


def _config(
    fake_telegram: Any,
    tmp_path: Path,
    radarr: Any = None,
    sonarr: Any = None,
    env: dict[str, str] | None = None,
    **preview: Any,
) -> Any:
    settings = {
        "enabled": True,
        "python": sys.executable,
        "output_dir": str(tmp_path),
        "max_lines": 90,
        "tile": 96,
        **preview,
    }
    return bot_config(fake_telegram, radarr=radarr, sonarr=sonarr, extra={"preview": settings}, env_extra=env)


async def test_apercu_progress_photo_and_refusals(fake_telegram, fake_radarr, sample_video, tmp_path) -> None:
    _movie_file(fake_radarr, "Dune", tmp_path / "media", sample_video)
    config = _config(fake_telegram, tmp_path, fake_radarr)
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
    config = _config(fake_telegram, tmp_path, fake_radarr, queue=0, launcher=launcher)
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
    config = _config(fake_telegram, tmp_path, fake_radarr, frames=1)
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


async def test_a_series_episode_is_found_through_sonarr(
    fake_telegram, fake_sonarr, sample_video, tmp_path
) -> None:
    """/apercu the office S02E03: Sonarr's episode list names the file, its episodefile list the path; without
    SxxEyy the first episode on disk (S01E01, a corrupt file here: the answer names it); an episode without a
    file is said so and nothing runs."""
    state = fake_sonarr.state
    office = state.find_series(73244)["id"]
    with state.lock:
        state.series[office]["path"] = str(tmp_path / "tv" / "The Office (2005)")
    paths = {(f["seasonNumber"], f["relativePath"]): Path(f["path"]) for f in state.episode_files(office)}
    s02e03 = next(p for (season, rel), p in paths.items() if "S02E03" in rel)
    s01e01 = next(p for (season, rel), p in paths.items() if "S01E01" in rel)
    for target in (s02e03, s01e01):
        target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sample_video, s02e03)
    s01e01.write_bytes(b"not a video")
    config = _config(fake_telegram, tmp_path, sonarr=fake_sonarr, frames=1)
    async with running_bot(config, fake_telegram, setup=register_preview) as bot:
        await bot.send("/apercu", "the office", "S02E03", user=BOSS)
        photo = await fake_telegram.wait_for_call("sendPhoto", timeout=300)
        assert "The Office" in photo.params["caption"]
        first = await bot.send("/apercu", "the office", user=BOSS)
        corrupt = await fake_telegram.wait_for_call(
            "editMessageText", timeout=300, predicate=lambda c: "illisible" in c.params["text"]
        )
        assert corrupt.params["message_id"] == first.result["message_id"]
        assert "S01E01" in corrupt.params["text"]
        state.set_episode_files(office, 4, 0)
        none = await bot.send("/apercu", "the office", "S04E01", user=BOSS)
        missing = await fake_telegram.wait_for_call(
            "editMessageText", timeout=60, predicate=lambda c: "Pas de fichier vidéo" in c.params["text"]
        )
        assert missing.params["message_id"] == none.result["message_id"]
    assert len(fake_telegram.calls("sendPhoto")) == 1


async def test_a_clip_is_upscaled_on_the_worker_and_sent_as_a_video(
    fake_telegram, fake_radarr, sample_video, upscaler, tmp_path
) -> None:
    """/apercu dune 00:01 clip with the worker backend: the real worker (HTTP on 127.0.0.1, the real model)
    upscales the decoded seconds, PyAV encodes them, and the bot sends a playable MP4 through sendVideo (a
    multipart upload the fake checks against the contract): twice the decoded size, as long as the clip
    (the sample ends 3 s after 00:01), figures the fake reads from the MP4 agree with those the bot gives."""
    _movie_file(fake_radarr, "Dune", tmp_path / "media", sample_video)
    token = "clip-worker-token-0123456789abcdef"
    server = serve("127.0.0.1", 0, upscaler, token)
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        config = _config(
            fake_telegram,
            tmp_path,
            fake_radarr,
            env={"MYFLIX_AI_WORKER_TOKEN": token},
            backend="worker",
            worker_url=url,
            max_lines=64,
        )
        async with running_bot(config, fake_telegram, setup=register_preview) as bot:
            first = await bot.send("/apercu", "dune", "00:01", "clip", user=BOSS)
            sent = await fake_telegram.wait_for_call("sendVideo", timeout=300)
            await fake_telegram.wait_for_call(
                "editMessageText", timeout=60, predicate=lambda c: "Aperçu envoyé" in c.params["text"]
            )
    finally:
        server.shutdown()
        server.server_close()
    assert first.params["chat_id"] == sent.params["chat_id"] == ADMIN
    upload = sent.files["video"]
    assert (upload.filename, upload.content_type) == ("apercu.mp4", "video/mp4")
    assert "Dune" in sent.params["caption"]
    assert "worker" in sent.params["caption"]
    with av.open(io.BytesIO(upload.data)) as clip:
        stream = clip.streams.video[0]
        frames = [f.to_image() for f in clip.decode(stream)]
        rate = float(stream.average_rate or 0)
    assert frames[0].size == (228, 128)  # the 320×180 sample decoded at 64 lines (114×64), ×2
    assert len(frames) == 30  # 00:01 to the end (4 s) at 10 fps
    assert rate == 10
    video = sent.result["video"]
    assert (video["width"], video["height"], video["duration"]) == (228, 128, 3)
    assert sent.params["supports_streaming"] is True
    assert mp4_header(upload.data) == (228, 128, 3)
    assert fake_telegram.uploaded_file(video["file_id"]) == upload.data


async def test_a_refused_sandbox_is_named_to_the_admin_and_plain_to_a_member(
    fake_telegram, fake_radarr, sample_video, tmp_path, monkeypatch
) -> None:
    """systemd refuses the job's scope (a stand-in systemd-run on PATH answers as it does when polkit says
    no): the admin's progress message names systemd's reason, without a secret or a secret's path; a
    household member (preview.audience: users) reads that it could not start, without systemd's words; the
    place in the queue is free again."""
    _movie_file(fake_radarr, "Dune", tmp_path / "media", sample_video)
    token = "refused-worker-token-0123456789abcdef"
    fake_systemd_run(tmp_path / "bin", refusing(token), monkeypatch)
    config = _config(
        fake_telegram,
        tmp_path,
        fake_radarr,
        env={"MYFLIX_AI_WORKER_TOKEN": token},
        audience="users",
        launcher=list(LAUNCHER),
    )
    async with running_bot(config, fake_telegram, setup=register_preview) as bot:
        first = await bot.send("/apercu", "dune", user=BOSS)
        refused = await fake_telegram.wait_for_call(
            "editMessageText", timeout=60, predicate=lambda c: "systemd a refusé" in c.params["text"]
        )
        assert refused.params["message_id"] == first.result["message_id"]
        text = refused.params["text"]
        assert "permission refusée" in text
        assert f"{POLKIT_NO}</code>" in text  # systemd's words, in <code>
        assert keyboard(refused) == []  # nothing left to cancel
        asked = await bot.send("/apercu", "dune", user=ALICE)
        plain = await fake_telegram.wait_for_call(
            "editMessageText", timeout=60, predicate=lambda c: c.params["chat_id"] == USER
        )
        assert plain.params["message_id"] == asked.result["message_id"]
        assert "L'aperçu n'a pas pu démarrer sur le serveur" in plain.params["text"]
        assert "systemd" not in plain.params["text"]
        assert bot.rt.preview is not None
        assert bot.rt.preview.pending == 0
    sent = [c.params.get("text", "") for c in fake_telegram.calls("editMessageText")]
    assert not [t for t in sent if token in t or "bot.secrets" in t or "/run/credentials" in t]
    assert not fake_telegram.calls("sendPhoto")


async def test_a_failed_job_is_explained_to_the_admin_and_plain_to_a_member(
    fake_telegram, fake_radarr, sample_video, tmp_path
) -> None:
    """The preview process (a stand-in) fails with an error quoting the file's path, a URL with its key, a
    header and the worker's token: the admin's progress message gives the error and the path, a household
    member's (preview.audience: users) only that the preview failed; neither holds a secret. Then Radarr
    answers 500 when asked where the file is: the error's name for the admin, the plain line for a member."""
    _movie_file(fake_radarr, "Dune", tmp_path / "media", sample_video)
    token = "failing-worker-token-0123456789abcdef"
    error = json.dumps(
        {
            "event": "error",
            "code": "failed",
            "detail": "HTTPError: GET http://10.0.0.2:8700/v1?api_key=QUERYSECRET"
            f" for {tmp_path}/media/Dune.mkv (X-Api-Key: HEADERSECRET, {token})",
        }
    )
    python = stand_in(tmp_path / "bin", "fails", script([progress("extracting"), error], [], "exit 1"))
    config = _config(
        fake_telegram,
        tmp_path,
        fake_radarr,
        env={"MYFLIX_AI_WORKER_TOKEN": token},
        audience="users",
        python=python,
    )

    async def last_line(asked: Any) -> str:
        """The progress message's final text (the job's end: no Cancel button left)."""
        call = await fake_telegram.wait_for_call(
            "editMessageText",
            timeout=60,
            predicate=lambda c: c.params["message_id"] == asked.result["message_id"] and not keyboard(c),
        )
        return str(call.params["text"])

    async with running_bot(config, fake_telegram, setup=register_preview) as bot:
        admin = await last_line(await bot.send("/apercu", "dune", user=BOSS))
        assert "❌ L'aperçu a échoué : <code>HTTPError: GET http://10.0.0.2:8700" in admin
        assert f"{tmp_path}/media/Dune.mkv" in admin
        member = await last_line(await bot.send("/apercu", "dune", user=ALICE))
        assert member.endswith(PLAIN)
        assert "HTTPError" not in member
        assert "Dune.mkv" not in member
        fake_radarr.faults.set(status=500, only_paths=("/api/v3/movie/",))  # movie/<id>: where the file is
        admin_down = await last_line(await bot.send("/apercu", "dune", user=BOSS))
        member_down = await last_line(await bot.send("/apercu", "dune", user=ALICE))
        fake_radarr.faults.clear()
        assert "❌ L'aperçu a échoué : <code>" in admin_down
        assert member_down.endswith(PLAIN)
        assert bot.rt.preview is not None
        assert bot.rt.preview.pending == 0
    sent = [str(c.params.get("text", "")) for c in fake_telegram.calls("editMessageText")]
    assert not [t for t in sent if token in t or "SECRET" in t]
    assert not fake_telegram.calls("sendPhoto")
