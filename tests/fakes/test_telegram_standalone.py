"""The standalone Telegram and Gemini fakes (python -m myflix_testkit.fakes ...), driven over HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


@contextmanager
def standalone(*args: str) -> Iterator[tuple[str, list[str]]]:
    """Start a fake process; yield its URL and the lines it printed before it."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "myflix_testkit.fakes", *args], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        before: list[str] = []
        for line in proc.stdout:
            if line.startswith("listening on "):
                yield line.split()[-1], before
                break
            before.append(line.strip())
        else:
            raise AssertionError(f"the fake exited without listening: {before}")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def test_standalone_telegram_accepts_the_given_token_and_controls() -> None:
    token = "111222:" + "t" * 35
    with standalone("telegram", "--token", token, "--chat", "42") as (url, printed):
        assert printed == []  # a token given on the command line is not echoed
        sent = httpx.post(f"{url}/bot{token}/sendMessage", data={"chat_id": 42, "text": "hi"})
        assert sent.json()["result"]["chat"]["id"] == 42
        httpx.post(f"{url}/_fake/message", json={"chat_id": 42, "user_id": 42, "text": "/start"})
        updates = httpx.post(f"{url}/bot{token}/getUpdates", data={"timeout": 1}).json()["result"]
        assert updates[0]["message"]["text"] == "/start"
        calls = httpx.get(f"{url}/_fake/calls", params={"method": "sendMessage"}).json()
        assert calls[0]["params"] == {"chat_id": 42, "text": "hi"}


def test_standalone_gemini_serves_its_script_file(tmp_path: Path) -> None:
    script = tmp_path / "answers.json"
    script.write_text(json.dumps([{"text": "scripted"}, {"error": 429}]), encoding="utf-8")
    with standalone("gemini", "--api-key", "AIza-standalone", "--script", str(script)) as (url, _):
        endpoint = f"{url}/v1/models/gemini-2.5-flash:generateContent"
        body = {"contents": [{"role": "user", "parts": [{"text": "x"}]}]}
        headers = {"x-goog-api-key": "AIza-standalone"}
        first = httpx.post(endpoint, json=body, headers=headers).json()
        assert first["candidates"][0]["content"]["parts"] == [{"text": "scripted"}]
        assert httpx.post(endpoint, json=body, headers=headers).status_code == 429
        assert len(httpx.get(f"{url}/_fake/requests").json()) == 2
