"""The bot's side of a preview (no heavy import): one job at a time and a short queue, the local backend
refused while the Pi throttles, the job handed to the preview process, cancel."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

from myflix_bot.preview.launcher import OnEvent, PreviewProcess, ProcessResult
from myflix_bot.preview.settings import PreviewSettings
from myflix_bot.preview.spec import PreviewRequest, WorkerTarget

# get_throttled bits that mean "now" (under-voltage, frequency capped, throttled, soft temperature limit)
THROTTLED_NOW_BITS = 0x1 | 0x2 | 0x4 | 0x8


def local_refused(governor_engaged: bool, throttled_flags: int | None) -> bool:
    """The Pi must not compute a preview itself while the thermal governor has engaged its limits or the
    firmware reports throttling now."""
    return governor_engaged or bool((throttled_flags or 0) & THROTTLED_NOW_BITS)


@dataclass
class Ticket:
    id: int
    position: int  # 0: runs at once; n: n jobs ahead
    cancelled: bool = False
    process: PreviewProcess | None = field(default=None, repr=False)


class Refused(Exception):
    """The job cannot run: ``key`` is the catalog text to show."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class PreviewService:
    def __init__(self, settings: PreviewSettings, throttled: Callable[[], bool] = lambda: False) -> None:
        self.settings = settings
        self.throttled = throttled
        self._lock = asyncio.Lock()
        self._ids = itertools.count(1)
        self._pending = 0  # admitted jobs not finished (running + waiting)
        self.tickets: dict[int, Ticket] = {}

    @property
    def pending(self) -> int:
        return self._pending

    def admit(self) -> Ticket | None:
        """A ticket, or None when one job runs and the queue is full (the caller refuses: busy)."""
        if self._pending > self.settings.queue:
            return None
        ticket = Ticket(next(self._ids), self._pending)
        self._pending += 1
        self.tickets[ticket.id] = ticket
        return ticket

    @property
    def has_worker(self) -> bool:
        s = self.settings
        return s.backend == "worker" and bool(s.worker_url) and bool(s.worker_token)

    def _throttled_now(self) -> bool:
        return self.settings.refuse_when_throttled and self.throttled()

    def _local_refused(self) -> str:
        """Why the Pi may not compute a preview itself now (an error code), or "" when it may."""
        if not self.settings.local:
            return "local_unavailable"
        return "throttling" if self._throttled_now() else ""

    def refusal(self) -> str | None:
        """The catalog key of the reason no job may start now (no worker, and the Pi throttles or cannot
        confine a local job), or None."""
        refused = self._local_refused()
        return f"preview.{refused}" if refused and not self.has_worker else None

    def release(self, ticket: Ticket) -> None:
        """Forget an admitted job that ends or will not run (its file was not found, the Pi throttles)."""
        if self.tickets.pop(ticket.id, None) is not None:
            self._pending -= 1

    def request(
        self, media: str, times: tuple[float, ...], clip: bool = False, title: str = ""
    ) -> PreviewRequest:
        s = self.settings
        local_refused = self._local_refused()
        worker = None
        if s.backend == "worker" and s.worker_url and s.worker_token:
            worker = WorkerTarget(s.worker_url, s.worker_token.reveal(), s.worker_timeout, s.worker_model)
        if worker is None and local_refused:
            raise Refused(f"preview.{local_refused}")
        return PreviewRequest(
            media=media,
            times=times,
            frames=len(times) if times else s.frames,
            max_lines=s.max_lines,
            model=s.model,
            threads=s.threads,
            tile=s.tile,
            backend="worker" if worker else "local",
            worker=worker,
            local_refused=local_refused,
            clip=clip,
            title=title,
        )

    async def run(
        self, ticket: Ticket, request: PreviewRequest, lang: str, on_event: OnEvent
    ) -> ProcessResult:
        try:
            async with self._lock:
                if ticket.cancelled:
                    return ProcessResult(False, {"event": "cancelled"}, cancelled=True)
                ticket.process = PreviewProcess(self.settings.launcher, self.settings.python)
                return await ticket.process.run(request, lang, self.settings.output_dir, on_event)
        finally:
            self.release(ticket)

    def cancel(self, ticket_id: int) -> bool:
        ticket = self.tickets.get(ticket_id)
        if ticket is None:
            return False
        ticket.cancelled = True
        if ticket.process is not None:
            ticket.process.cancel()
        # its place is free at once: a next job waits for the lock until the terminated process is gone
        self.release(ticket)
        return True
