"""A preview job that systemd refuses to start (the launcher is ``systemd-run --scope``, as the role renders
it): the failure names systemd's reason to an admin, trimmed, without secrets or their paths, and tells a
household member plainly that it could not start. A stand-in ``systemd-run`` on PATH refuses the scope as the
real one does (exit status 1, the reason on stderr) or runs the job in it (the positive twin)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from myflix_bot.preview.ending import MAX_CHARS, stderr_detail
from myflix_bot.preview.launcher import PreviewProcess
from myflix_bot.preview.messages import failure_text
from myflix_bot.preview.spec import PreviewRequest
from myflix_bot.preview.startup import cause_of
from myflix_bot.secrets import Secret

from .systemd_run import LAUNCHER, POLKIT_NO, RUNNING, fake_systemd_run, refusing

# what systemd-run says for each cause (systemd 252 and 257); the first two as this machine's prints them
REFUSALS = {
    "System has not been booted with systemd as init system (PID 1). Can't operate.\n"
    "Failed to connect to bus: Host is down": "no_bus",
    "Failed to connect to bus: No such file or directory": "no_bus",
    POLKIT_NO: "denied",
    "Failed to start transient scope unit: Access denied": "denied",
    "Unknown assignment: CPUQuotaa=300%": "bad_property",
    "Failed to start transient scope unit: Cannot set property Foo, or unknown property.": "bad_property",
    "Failed to parse MemoryMax= value: 1Q": "bad_property",
    "Failed to execute: Permission denied": "other",  # the scope was made; ionice could not be run
}


async def run_job(request: PreviewRequest, out: Path) -> tuple[Any, list[dict[str, Any]]]:
    events: list[dict[str, Any]] = []

    async def on_event(event: dict[str, Any]) -> None:
        events.append(event)

    result = await PreviewProcess(LAUNCHER, sys.executable).run(request, "en", str(out), on_event)
    return result, events


@pytest.mark.parametrize("stderr", sorted(REFUSALS))
def test_each_refusal_is_told_by_its_cause(stderr: str) -> None:
    assert cause_of(stderr_detail(stderr.encode())) == REFUSALS[stderr]


def test_the_detail_is_short_and_hides_secrets_and_their_paths() -> None:
    token = Secret("w" * 12 + "SECRETTOKEN")
    raw = (
        "\n\nnoise\n" * 50
        + f"reading /etc/myflix/bot.secrets (token {token.reveal()})\n"
        + "credentials in /run/credentials/myflix-bot.service/MYFLIX_AI_WORKER_TOKEN:\n"
        + POLKIT_NO
        + "\n\n"
    ).encode()
    detail = stderr_detail(raw)
    assert detail.endswith(POLKIT_NO)
    assert "noise" not in detail  # only the last lines
    assert token.reveal() not in detail
    assert "bot.secrets" not in detail
    assert "/run/credentials" not in detail
    assert "\n" not in detail
    long = stderr_detail(("x" * 1000 + "\n" + "y" * 1000).encode())
    assert len(long) == MAX_CHARS
    assert long.startswith("…")
    assert long.endswith("y")


def test_an_admin_reads_the_reason_a_member_a_plain_line() -> None:
    event = {"event": "error", "code": "not_started", "cause": "denied", "detail": "Access <denied> & co"}
    admin = failure_text("en", event, admin=True)
    assert admin.startswith("🛡 systemd refused the preview's sandbox: permission denied")
    assert "polkit" in admin
    assert "<code>Access &lt;denied&gt; &amp; co</code>" in admin  # systemd's words, as data (HTML)
    member = failure_text("fr", event, admin=False)
    assert member.startswith("❌ L'aperçu n'a pas pu démarrer sur le serveur.")
    assert "denied" not in member
    assert "systemd" not in member
    other = failure_text("en", {**event, "cause": "other", "detail": "Failed to execute: x"}, admin=True)
    assert other == "❌ The preview job did not start:\n<code>Failed to execute: x</code>"
    # a job that ran and failed: its detail for an admin, a plain line for a member (test_failures.py)
    ran = {"event": "error", "code": "missing_file", "detail": "/m/a&b.mkv"}
    assert failure_text("en", ran, admin=True) == "❌ File not found: <code>/m/a&amp;b.mkv</code>"
    assert failure_text("en", ran, admin=False) == "❌ This title's file cannot be found on the server."


async def test_a_refused_scope_names_systemds_reason(
    sample_video: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = Secret("t" * 16 + "WORKERSECRET")
    argv = fake_systemd_run(tmp_path / "bin", refusing(token.reveal()), monkeypatch)
    request = PreviewRequest(media=str(sample_video), frames=1, max_lines=90, tile=96)
    result, events = await run_job(request, tmp_path)
    assert not result.ok
    assert events == []
    assert result.event["code"] == "not_started"
    assert result.event["cause"] == "denied"
    assert result.event["detail"].endswith(POLKIT_NO)
    assert token.reveal() not in result.event["detail"]
    assert "bot.secrets" not in result.event["detail"]
    assert "/run/credentials" not in result.event["detail"]
    # the launcher really was systemd-run, with the role's properties and a unique scope name
    args = argv.read_text(encoding="utf-8").splitlines()
    assert args[:4] == ["--scope", "--quiet", "--collect", args[3]]
    assert args[3].startswith("--unit=myflix-preview-")
    assert args[-3:] == [sys.executable, "-m", "myflix_bot.preview"]
    assert list(tmp_path.glob("myflix-preview-*")) == []


async def test_a_scope_systemd_starts_runs_the_job(
    sample_video: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = fake_systemd_run(tmp_path / "bin", RUNNING, monkeypatch)
    request = PreviewRequest(media=str(sample_video), times=(1.0,), frames=1, max_lines=90, tile=96)
    result, events = await run_job(request, tmp_path)
    assert result.ok, result.event
    assert result.event["kind"] == "png"
    assert Path(result.event["path"]).parent == tmp_path
    assert [e.get("stage") for e in events][:1] == ["extracting"]
    assert argv.read_text(encoding="utf-8").splitlines()[-6:] == [
        "ionice",
        "-c",
        "3",
        sys.executable,
        "-m",
        "myflix_bot.preview",
    ]


async def test_a_missing_launcher_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no systemd-run at all
    result, _ = await run_job(PreviewRequest(media=str(tmp_path / "m.mkv")), tmp_path)
    assert not result.ok
    assert result.event["code"] == "not_started"
    assert result.event["detail"] == "systemd-run: No such file or directory"
