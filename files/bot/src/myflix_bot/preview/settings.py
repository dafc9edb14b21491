"""The ``preview`` config section (the AI upscaling preview). Off unless ``enabled: true``.

Backend ``local`` runs the preview process on the Pi inside ``launcher`` (the role renders a
``systemd-run --scope`` with CPUQuota, a nice level and the idle I/O class); ``worker`` sends the frames to
``worker_url`` with the token ``MYFLIX_AI_WORKER_TOKEN`` and falls back to local when it fails, unless
``local: false`` (the role sets it where systemd cannot confine the local job: older than 256).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from myflix_bot.config import Reader
from myflix_bot.preview.models import MODELS, PI_MODEL
from myflix_bot.preview.spec import MAX_FRAMES, MAX_LINES
from myflix_bot.secrets import Secret

SECTION = "preview"


@dataclass(frozen=True)
class PreviewSettings:
    enabled: bool = False
    audience: str = "admins"  # admins | users
    backend: str = "local"  # local | worker
    worker_url: str = ""
    worker_token: Secret | None = field(default=None, repr=False)
    worker_timeout: float = 60.0
    worker_model: str = ""  # empty: the worker's own default
    model: str = PI_MODEL
    threads: int = 2
    tile: int = 256
    frames: int = MAX_FRAMES
    max_lines: int = MAX_LINES
    queue: int = 2  # jobs waiting behind the running one
    # argv prefix of the preview process (empty: run it directly)
    launcher: tuple[str, ...] = ()
    python: str = sys.executable
    output_dir: str = "/tmp"  # noqa: S108 - the bot's unit has PrivateTmp
    refuse_when_throttled: bool = True
    # false: this host cannot confine a local job (systemd older than 256, e.g. Debian bookworm: polkit is not
    # told which unit a transient scope is, so the rule that lets the bot start only its preview scopes cannot
    # match); previews then run on a worker only, and without one the command says so
    local: bool = True


def parse(r: Reader, secrets: Mapping[str, Secret]) -> PreviewSettings:
    d = PreviewSettings()
    launcher = r.raw("launcher", [])
    if not isinstance(launcher, list) or not all(isinstance(a, str) for a in launcher):
        r.problem("launcher", "must be a list of strings (an argv prefix)")
        launcher = []
    settings = PreviewSettings(
        enabled=r.bool("enabled", d.enabled),
        audience=r.str("audience", d.audience, choices=("admins", "users")),
        backend=r.str("backend", d.backend, choices=("local", "worker")),
        worker_url=r.url("worker_url", "") or "",
        worker_token=secrets.get("ai_worker_token"),
        worker_timeout=float(r.number("worker_timeout", d.worker_timeout, low=1, high=600)),
        worker_model=r.str("worker_model", "", choices=tuple(MODELS)) or "",
        model=r.str("model", d.model, choices=tuple(MODELS)),
        threads=r.number("threads", d.threads, low=1, high=64, integer=True),
        tile=r.number("tile", d.tile, low=32, high=2048, integer=True),
        frames=r.number("frames", d.frames, low=1, high=MAX_FRAMES, integer=True),
        max_lines=r.number("max_lines", d.max_lines, low=64, high=MAX_LINES, integer=True),
        queue=r.number("queue", d.queue, low=0, high=10, integer=True),
        launcher=tuple(launcher),
        python=r.str("python", d.python),
        output_dir=r.str("output_dir", d.output_dir),
        refuse_when_throttled=r.bool("refuse_when_throttled", d.refuse_when_throttled),
        local=r.bool("local", d.local),
    )
    if settings.enabled and settings.backend == "worker":
        if not settings.worker_url:
            r.problem("worker_url", "required with backend: worker")
        if not settings.worker_token:
            r.problem("backend", "worker needs MYFLIX_AI_WORKER_TOKEN (environment or secrets file)")
    r.finish()
    return settings


def preview_settings(config: Any) -> PreviewSettings:
    value: Any = config.sections.get(SECTION)
    return value if isinstance(value, PreviewSettings) else PreviewSettings()
