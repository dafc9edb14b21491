"""A preview job that started and then failed, as the bot's launcher reports it: a process that printed
progress and crashed is told by how far it got and its last words on stderr (never "said nothing"); every
detail is scrubbed of secrets before it is logged or returned; an admin reads it, a household member a plain
line in their language. The preview process is a stand-in (``standin.py``): a real subprocess that reads its
job and fails as the real one would, in a few milliseconds."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from myflix_bot.preview.ending import MAX_CHARS, reported_error, scrub, stderr_detail
from myflix_bot.preview.launcher import PreviewProcess, ProcessResult
from myflix_bot.preview.messages import failure_text
from myflix_bot.preview.spec import PreviewRequest
from myflix_bot.secrets import Secret

from .standin import progress, script, stand_in

KNOWN = Secret("known-worker-token-" + "k" * 16)  # a loaded secret: the redactor knows it
# secret-looking strings no redactor knows: a URL's password, a query's key, a header, a bearer token
LOOKALIKES = ("URLPASSWORD", "QUERYSECRET", "HEADERSECRET", "BEARERSECRET")
TRACEBACK = [
    "Traceback (most recent call last):",
    '  File "/opt/myflix/venv/lib/python3.13/site-packages/myflix_bot/preview/upscale.py", line 90',
    "    calling http://bot:URLPASSWORD@10.0.0.2:8700/upscale?token=QUERYSECRET",
    f"    Authorization: Bearer BEARERSECRET (X-Api-Key: HEADERSECRET, {KNOWN.reveal()})",
    "MemoryError: ncnn could not allocate 512 MiB for tile 4 of frame 2",
]


def secret_free(text: str) -> bool:
    return KNOWN.reveal() not in text and not any(word in text for word in LOOKALIKES)


async def run_with(python: str, out: Path) -> tuple[ProcessResult, list[dict[str, Any]]]:
    events: list[dict[str, Any]] = []

    async def on_event(event: dict[str, Any]) -> None:
        events.append(event)

    request = PreviewRequest(media=str(out / "film.mkv"), frames=3)
    return await PreviewProcess((), python).run(request, "en", str(out), on_event), events


def launcher_log(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(r.getMessage() for r in caplog.records if r.name == "myflix_bot.preview.launcher")


async def test_a_crash_after_progress_tells_how_far_it_got_and_its_last_words(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    steps = [progress("extracting"), progress("upscaling", 1, 3), progress("upscaling", 2, 3)]
    python = stand_in(tmp_path / "bin", "crashes", script(steps, TRACEBACK, "exit 1"))
    with caplog.at_level(logging.WARNING, logger="myflix_bot.preview.launcher"):
        result, events = await run_with(python, tmp_path)
    assert [e["stage"] for e in events] == ["extracting", "upscaling", "upscaling"]  # shown as it went
    assert not result.ok
    final = result.event
    assert (final["code"], final["exit"], final["frames"], final["total"]) == ("crashed", 1, 1, 3)
    detail = final["detail"]
    assert detail.endswith("MemoryError: ncnn could not allocate 512 MiB for tile 4 of frame 2")
    assert "Traceback" not in detail  # the last lines only
    assert "Authorization: Bearer …" in detail
    assert secret_free(detail)
    assert len(detail) <= MAX_CHARS
    admin = failure_text("en", final, admin=True)
    assert admin.startswith("❌ The preview process stopped (exit status 1) after 1/3 frame(s) upscaled")
    assert "🧠 Upscaling 2/3 (local Pi)…" in admin
    assert "<code>" in admin
    assert "MemoryError: ncnn could not allocate" in admin
    assert "said nothing" not in admin
    assert secret_free(admin)
    member = failure_text("fr", final, admin=False)
    assert member.startswith("❌ L'aperçu a échoué sur le serveur. Un administrateur en trouvera la raison")
    logged = launcher_log(caplog)
    assert "after 1/3 frame(s), at upscaling: " in logged
    assert "MemoryError" in logged
    assert secret_free(logged)


async def test_a_job_killed_without_a_word_on_stderr_says_so(tmp_path: Path) -> None:
    """Killed (the scope's MemoryMax, the OOM killer) after the last frame: the signal and the frames."""
    steps = [progress("extracting"), *(progress("upscaling", n, 2) for n in (1, 2)), progress("composing")]
    python = stand_in(tmp_path / "bin", "killed", script(steps, [], "kill -9 $$"))
    result, _ = await run_with(python, tmp_path)
    final = result.event
    assert (final["code"], final["exit"], final["frames"], final["total"]) == ("crashed", -9, 2, 2)
    assert final["detail"] == ""
    assert failure_text("fr", final, admin=True) == (
        "❌ Le processus d'aperçu s'est arrêté (tué par le signal SIGKILL) après 2/2 image(s) agrandie(s), à "
        "l'étape : 🖼 Assemblage… ; il n'a rien écrit sur stderr."
    )


async def test_a_process_that_ends_before_its_result_without_any_word(tmp_path: Path) -> None:
    """Exit status 0 with nothing said: not a refusal by the launcher (that fails), not a success."""
    python = stand_in(tmp_path / "bin", "quiet", script([], [], "exit 0"))
    result, _ = await run_with(python, tmp_path)
    assert not result.ok
    assert (result.event["code"], result.event["exit"], result.event["frames"]) == ("crashed", 0, 0)
    assert "exit status 0" in failure_text("en", result.event, admin=True)


async def test_an_error_event_is_scrubbed_for_the_admin_and_the_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The process's own error (its exception's text) keeps the path for the admin, never a secret."""
    error = (
        '{"event": "error", "code": "failed", "detail": "HTTPError: GET http://10.0.0.2:8700/v1?api_key=QUERYSECRET'
        " for /srv/hdd/data/media/movies/Dune (2021)/Dune.mkv, X-Api-Key: HEADERSECRET, Bearer BEARERSECRET, "
        f'https://me:URLPASSWORD@example.invalid/ {KNOWN.reveal()}"}}'
    )
    python = stand_in(tmp_path / "bin", "fails", script([progress("extracting"), error], [], "exit 1"))
    with caplog.at_level(logging.WARNING, logger="myflix_bot.preview.launcher"):
        result, _ = await run_with(python, tmp_path)
    final = result.event
    assert final["code"] == "failed"
    assert "/srv/hdd/data/media/movies/Dune (2021)/Dune.mkv" in final["detail"]
    assert secret_free(final["detail"])
    admin = failure_text("en", final, admin=True)
    assert admin.startswith("❌ The preview failed: <code>HTTPError: GET http://10.0.0.2:8700")
    assert "Dune (2021)/Dune.mkv" in admin
    assert secret_free(admin)
    member = failure_text("en", final, admin=False)
    assert member == "❌ The preview failed on the server. An administrator will find why in the bot's log."
    logged = launcher_log(caplog)
    assert "preview job failed (failed): HTTPError" in logged
    assert "Dune.mkv" in logged
    assert secret_free(logged)


EVENTS = {  # what the preview process reports (frames.py, job.py); the detail names internals
    "missing_file": (
        "/srv/hdd/data/media/movies/Dune (2021)/Dune.mkv",
        "❌ This title's file cannot be found",
    ),
    "unreadable_file": ("Dune.mkv", "❌ This title's file is unreadable or damaged."),
    "no_video": ("Dune.mkv", "❌ This title's file is unreadable or damaged."),
    "beyond_end": ("95s > 90s", "❌ That time is past the end of the title."),
    "throttling": ("down", "⏳ The server cannot compute a preview right now"),
    "clip_needs_worker": ("answer of size 10×10, expected (228, 128)", "⏳ The server cannot compute"),
    "local_unavailable": ("timeout", "⏳ The server cannot compute a preview right now"),
    "no_model": ("x2.bin: sha256 differs from the pinned digest", "❌ The preview failed on the server."),
    "upscale_failed": ("ncnn extract returned -100", "❌ The preview failed on the server."),
    "failed": ("RuntimeError: /opt/myflix/venv/lib/x.py", "❌ The preview failed on the server."),
    "never_heard_of": ("Traceback (most recent call last)", "❌ The preview failed on the server."),
}


@pytest.mark.parametrize("code", sorted(EVENTS))
def test_a_member_reads_a_plain_line_an_admin_the_detail(code: str) -> None:
    detail, plain = EVENTS[code]
    event = {"event": "error", "code": code, "detail": detail}
    member = failure_text("en", event, admin=False)
    assert member.startswith(plain)
    assert detail not in member
    assert "{" not in member  # no placeholder left
    french = failure_text("fr", event, admin=False)
    assert french != member  # in the member's language
    assert detail not in french
    admin = failure_text("en", event, admin=True)
    assert detail.replace(">", "&gt;") in admin  # the admin's detail, as data (HTML)


def test_an_error_keeps_its_start_stderr_its_end() -> None:
    long = "RuntimeError: " + "x" * 1000 + " the end"
    head = reported_error({"event": "error", "code": "failed", "detail": long})["detail"]
    assert head.startswith("RuntimeError: xxx")
    assert head.endswith("…")
    assert len(head) == MAX_CHARS
    tail = stderr_detail(long.encode())
    assert tail.endswith("x the end")
    assert len(tail) == MAX_CHARS


def test_scrub_keeps_what_an_admin_needs() -> None:
    kept = "MemoryError at /srv/hdd/data/media/Dune.mkv: token refused (refused_token), HTTP 401"
    assert scrub(kept) == kept
    assert scrub("Authorization: Bearer abc.def-ghi") == "Authorization: Bearer …"
    assert scrub("MYFLIX_AI_WORKER_TOKEN=abcdef next") == "MYFLIX_AI_WORKER_TOKEN=… next"
    assert scrub('{"api_key": "abcdef"}') == '{"api_key": "…"}'
    assert scrub("https://user:hunter2@host/x") == "https://user:…@host/x"
    assert scrub(f"loaded {KNOWN.reveal()}") == "loaded ********"
