"""Why a preview job did not start (bot side, pure): the process behind the launcher exited with a failure
before it said anything, so the cause is in what the launcher wrote on stderr. On the Pi the launcher is
``systemd-run --scope``, and systemd refuses a transient scope at run time for a few known reasons: no
systemd bus for the bot, polkit saying no, a property it does not accept. The detail shown to an admin is that
stderr, trimmed and scrubbed (``ending``)."""

from __future__ import annotations

from typing import Any

from myflix_bot.preview.ending import stderr_detail

# (cause, lower-case fragments of systemd-run's messages), first match wins
CAUSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "no_bus",
        ("failed to connect to bus", "failed to create bus connection", "not been booted with systemd"),
    ),
    (
        "denied",
        ("access denied", "interactive authentication required"),  # polkit's no (not an exec's EACCES)
    ),
    (
        "bad_property",
        ("unknown assignment", "unknown property", "cannot set property", "failed to parse"),
    ),
)
OTHER = "other"


def cause_of(detail: str) -> str:
    """The kind of refusal ``detail`` (the launcher's stderr) tells: one of ``CAUSES`` or ``other``."""
    text = detail.lower()
    for cause, fragments in CAUSES:
        if any(fragment in text for fragment in fragments):
            return cause
    return OTHER


def not_started(stderr: bytes, code: int) -> dict[str, Any]:
    """The final event of a job that never started (exit status ``code``, nothing said on stdout)."""
    detail = stderr_detail(stderr) or f"exit status {code}"
    return {"event": "error", "code": "not_started", "cause": cause_of(detail), "detail": detail}
