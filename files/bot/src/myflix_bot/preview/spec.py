"""The preview job's request, its progress events and its errors: plain data shared by the bot, the
preview process and the worker service (no heavy import here)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

MAX_FRAMES = 3
MAX_LINES = 480
CLIP_SECONDS = 10.0


class PreviewError(Exception):
    """A failure the user should read: ``code`` picks the catalog text, ``detail`` says what."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class WorkerTarget:
    url: str  # e.g. http://10.0.0.5:8765
    token: str = field(repr=False)
    timeout: float = 60.0  # seconds per request before falling back to the local backend
    model: str = ""  # the worker's model; empty = the worker's default


@dataclass(frozen=True)
class PreviewRequest:
    media: str  # absolute path of the video file
    times: tuple[float, ...] = ()  # seconds; empty = spread keyframes
    frames: int = MAX_FRAMES
    max_lines: int = MAX_LINES
    model: str = ""  # local model; empty = the Pi model
    threads: int = 2
    tile: int = 256  # pixels per ncnn tile (bounds the peak memory; a preview region fits one tile)
    backend: str = "local"  # local | worker
    worker: WorkerTarget | None = None
    # why a failing worker may not be replaced by local work (the error code then): "throttling" while the Pi
    # throttles, "local_unavailable" where the host cannot confine a local job; empty: it may
    local_refused: str = ""
    clip: bool = False  # a 10 s clip instead of stills (worker only)
    clip_seconds: float = CLIP_SECONDS
    title: str = ""

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> PreviewRequest:
        data: dict[str, Any] = json.loads(text)
        worker = data.pop("worker", None)
        data["times"] = tuple(float(t) for t in data.get("times", ()))
        return cls(**data, worker=WorkerTarget(**worker) if worker else None)


def parse_timestamp(text: str) -> float:
    """``90``, ``1:30`` or ``1:02:03`` to seconds; ValueError otherwise."""
    parts = text.strip().split(":")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"not a time: {text!r}")
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + int(part)
    return seconds


def format_timestamp(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
