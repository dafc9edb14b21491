"""How a failed preview job is reported (bot side, pure). What the preview process said about its failure,
its ``error`` event's detail on stdout or the last lines of its stderr, is made safe to log and to show an
admin: every known secret, secret-looking strings (a bearer token, a credential written ``key=value`` or
``key: value``, a URL's password) and any path that names a secret are hidden, and stderr is cut to its last
lines. A household member never reads any of it (``messages.failure_text``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from myflix_bot.secrets import REDACTOR

MAX_LINES = 3  # stderr's last lines: a launcher's refusal or a traceback's exception
MAX_CHARS = 300
HIDDEN = "…"
# an absolute path that names a secret (the secrets file, a credentials directory, a key or token file)
_SECRET_PATH = re.compile(
    r"/[^\s:'\"]*(?:secret|token|credential|password|passwd|vault|\.key)[^\s:'\"]*", re.IGNORECASE
)
# the value after "Bearer" or after a credential's name and = or : (a header, a query parameter, JSON)
_CREDENTIAL = re.compile(
    r"(\bbearer[ \t]+|\b[\w-]*(?:token|api[_-]?key|password|passwd|secret)[\w-]*[\"']?[ \t]*[=:][ \t]*[\"']?)"
    r"[^\s\"'&,;)]+",
    re.IGNORECASE,
)
_URL_PASSWORD = re.compile(r"(://[^/\s:@]*:)[^/\s@]+@")
STAGES = ("extracting", "upscaling", "composing", "encoding")


def scrub(text: str) -> str:
    """``text`` without known secrets, secret-looking values and paths that name a secret."""
    text = REDACTOR.scrub(text)
    text = _URL_PASSWORD.sub(rf"\1{HIDDEN}@", text)
    text = _CREDENTIAL.sub(rf"\1{HIDDEN}", text)
    return _SECRET_PATH.sub(HIDDEN, text)


def bounded(text: str, *, keep_end: bool = True) -> str:
    """At most ``MAX_CHARS``: the end of stderr (where the reason is), the start of an error's text (the
    exception's name)."""
    if len(text) <= MAX_CHARS:
        return text
    return HIDDEN + text[-(MAX_CHARS - 1) :] if keep_end else text[: MAX_CHARS - 1] + HIDDEN


def stderr_detail(raw: bytes) -> str:
    """A process's stderr as one short line: its last non-blank lines, scrubbed."""
    text = scrub(raw.decode("utf-8", "replace"))
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    return bounded(" · ".join(lines[-MAX_LINES:]))


def reported_error(event: Mapping[str, Any]) -> dict[str, Any]:
    """The process's own ``error`` event with its detail scrubbed and bounded (it may quote a URL, a
    header, an exception's text)."""
    return {**event, "detail": bounded(scrub(str(event.get("detail", ""))), keep_end=False)}


class Progress:
    """How far a job got, from its progress events: the last one, and the frames it finished upscaling
    (the process announces ``upscaling n/total`` before it works on frame n)."""

    def __init__(self) -> None:
        self.last: dict[str, Any] = {}
        self.frames = 0
        self.total = 0

    def saw(self, event: Mapping[str, Any]) -> None:
        stage = event.get("stage")
        if event.get("event") != "progress" or stage not in STAGES:
            return
        self.last = dict(event)
        if stage == "upscaling":
            self.total = _count(event.get("total"))
            self.frames = max(0, _count(event.get("done")) - 1)
        else:  # extracting comes before any frame, composing and encoding after all of them
            self.frames = 0 if stage == "extracting" else self.total


def crashed(stderr: bytes, code: int, progress: Progress) -> dict[str, Any]:
    """The final event of a job that stopped without its ``done`` or ``error`` (exit status ``code``, a
    negative one for a signal): its last progress event, the frames it finished and its stderr's last
    lines."""
    return {
        "event": "error",
        "code": "crashed",
        "exit": code,
        "during": progress.last,
        "frames": progress.frames,
        "total": progress.total,
        "detail": stderr_detail(stderr),
    }


def _count(value: object) -> int:
    return value if isinstance(value, int) and value >= 0 else 0
