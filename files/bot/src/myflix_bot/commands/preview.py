"""``/apercu <titre> [mm:ss] [S01E02] [clip]`` (``/preview``): the AI upscaling preview of a library title.

The answer comes at once: a progress message with a cancel button, edited in place as the preview process
reports (extracting, upscaling 1/3, …); then the picture (or the clip) as a new message, and the progress
message says it is done. One job at a time, a short queue, a clear refusal beyond it; admins only unless
``preview.audience: users``; strangers never reach a command. The work happens in the preview process
(``myflix_bot.preview``), never in the bot: this module imports nothing heavy.
"""

from __future__ import annotations

import asyncio
import logging
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from myflix_bot import i18n
from myflix_bot.access import Role
from myflix_bot.callbacks import Callback, encode
from myflix_bot.commands.registry import CallbackRoute, Command, Registry, Request
from myflix_bot.models import Movie
from myflix_bot.preview import messages
from myflix_bot.preview.settings import preview_settings
from myflix_bot.render.text import esc, trim
from myflix_bot.render.view import Button, Video, View
from myflix_bot.runtime import Runtime

if TYPE_CHECKING:  # the job's modules load when the feature is enabled or first used
    from myflix_bot.preview.media_lookup import Ask
    from myflix_bot.preview.service import PreviewService, Ticket

log = logging.getLogger(__name__)
CALLBACK = "pv"
MAX_CATALOGUE_BUTTONS = 3

MESSAGES: dict[str, dict[str, str]] = {
    "cmd.apercu": {"fr": "Aperçu IA d'un titre agrandi", "en": "AI upscaling preview of a title"},
    "cmd.preview": {"fr": "Aperçu IA (alias anglais)", "en": "AI upscaling preview"},
    "preview.off": {"fr": "L'aperçu IA n'est pas activé.", "en": "The AI preview is not enabled."},
    "preview.done": {"fr": "✅ Aperçu envoyé.", "en": "✅ Preview sent."},
    "preview.caption": {"fr": "✨ <b>{title}</b>\n{line}", "en": "✨ <b>{title}</b>\n{line}"},
    "preview.no_file": {
        "fr": "Pas de fichier vidéo trouvé pour « {title} ».",
        "en": "No video file found for “{title}”.",
    },
}


def service_of(rt: Runtime) -> PreviewService | None:
    return rt.preview


def _governor_engaged(rt: Runtime) -> tuple[bool, int | None]:
    thermal = rt.watchers.watchers.get("thermal") if rt.watchers is not None else None
    if thermal is not None:
        return bool(getattr(thermal, "engaged", False)), getattr(thermal, "throttled_flags", None)
    system = rt.coordinator.get("system").data if rt.coordinator.has("system") else None
    return False, getattr(system, "throttled", None)


def progress_view(lang: str, title: str, line: str, ticket: int | None, note: str = "") -> View:
    text = i18n.t(lang, "preview.progress_title", title=esc(trim(title, 60))) + "\n" + line
    if note:
        text += "\n" + note
    keyboard = ((Button(i18n.t(lang, "preview.cancel"), encode(CALLBACK, "c", ticket)),),) if ticket else ()
    return View(text, keyboard)


def _ticket_of(view: View) -> int | None:
    for button in view.buttons():
        parts = button.data.split(":")
        if parts[:2] == [CALLBACK, "c"] and parts[2].isdigit():
            return int(parts[2])
    return None


def _admit(rt: Runtime, lang: str, item: Any, ask: Ask) -> tuple[View, int | None]:
    """The first answer to an ask for ``item``: a refusal, or the progress message of an admitted job."""
    service = service_of(rt)
    if service is None:
        return View(i18n.t(lang, "preview.off")), None
    refusal = service.refusal()
    if refusal is not None:
        return View(i18n.t(lang, refusal)), None
    ticket = service.admit()
    if ticket is None:
        return View(i18n.t(lang, "preview.busy", waiting=service.pending - 1)), None
    _jobs[ticket.id] = (item, ask)
    line = (
        i18n.t(lang, "preview.queued", position=ticket.position)
        if ticket.position
        else messages.stage_text(lang, {})
    )
    return progress_view(lang, item.title, line, ticket.id), ticket.id


async def apercu_command(rt: Runtime, req: Request) -> View:
    from myflix_bot.preview.media_lookup import best_match, parse_args  # noqa: PLC0415
    from myflix_bot.preview.spec import parse_timestamp  # noqa: PLC0415

    if service_of(rt) is None:
        return View(i18n.t(req.lang, "preview.off"))
    ask = parse_args(req.args, parse_timestamp)
    if not ask.query:
        return View(i18n.t(req.lang, "preview.usage"))
    movies = rt.coordinator.get("radarr").data if rt.coordinator.has("radarr") else None
    series = rt.coordinator.get("sonarr").data if rt.coordinator.has("sonarr") else None
    item = best_match(ask.query, movies, series)
    if item is None:
        return View(i18n.t(req.lang, "preview.not_found", query=esc(trim(ask.query, 60))))
    return _admit(rt, req.lang, item, ask)[0]


_jobs: dict[int, tuple[Any, Ask]] = {}  # admitted, not yet started: what to preview
_running: set[asyncio.Task[None]] = set()  # kept referenced until done


async def _media_path(rt: Runtime, item: Any, ask: Ask) -> str | None:
    """The file's path as Radarr or Sonarr reports it (the bot's unit shows the data tree at that path)."""
    from myflix_bot.preview.media_lookup import episode_file_path  # noqa: PLC0415

    kind = "radarr" if isinstance(item, Movie) else "sonarr"
    source = rt.sources.radarr if kind == "radarr" else rt.sources.sonarr
    client = source.client if source is not None else None
    if client is None:
        return None
    if kind == "radarr":
        record = await client.get(f"movie/{item.id}")
        path = ((record or {}).get("movieFile") or {}).get("path")
        return str(path) if path else None
    episodes = await client.get("episode", seriesId=item.id)
    files = await client.get("episodefile", seriesId=item.id)
    return episode_file_path(episodes or [], files or [], ask.episode)


async def apercu_sent(rt: Runtime, req: Request, message_id: int, view: View) -> None:
    """After the progress message went out: the job, its progress edits, the picture."""
    ticket_id = _ticket_of(view)
    if ticket_id is not None and req.chat_id is not None:
        _start(rt, req, req.chat_id, message_id, ticket_id)


def _start(rt: Runtime, req: Request, chat_id: int, message_id: int, ticket_id: int) -> None:
    service = service_of(rt)
    if service is None or rt.outbox is None:
        return
    job = _jobs.pop(ticket_id, None)
    ticket = service.tickets.get(ticket_id)
    if job is None or ticket is None:
        return
    admin = req.role >= Role.ADMIN
    run = _Job(rt, service, rt.outbox, chat_id, message_id, req.lang, admin, ticket, job[0], job[1])
    task = asyncio.create_task(run.run(), name="preview")
    _running.add(task)
    task.add_done_callback(_running.discard)


@dataclass
class _Job:
    rt: Runtime
    service: PreviewService
    outbox: Any
    chat_id: int
    message_id: int
    lang: str
    admin: bool  # who asked: an admin is told why a job failed, a household member only that it did
    ticket: Ticket
    item: Any
    ask: Ask
    note: str = ""

    async def show(self, line: str, keep_cancel: bool = True) -> None:
        view = progress_view(
            self.lang, self.item.title, line, self.ticket.id if keep_cancel else None, self.note
        )
        try:
            await self.outbox.edit(self.chat_id, self.message_id, view)
        except Exception as exc:  # a lost edit is not worth failing the job
            log.info("preview progress not shown: %s", type(exc).__name__)

    async def stop(self, line: str) -> None:
        """The job ends before it ran: its place in the queue is freed, the message says why."""
        self.service.release(self.ticket)
        await self.show(line, keep_cancel=False)

    async def run(self) -> None:
        from myflix_bot.preview.service import Refused  # noqa: PLC0415

        lang, title = self.lang, self.item.title
        try:
            media = await _media_path(self.rt, self.item, self.ask)
        except Exception as exc:  # Radarr/Sonarr down: say so (the error's name to an admin), nothing runs
            log.warning("preview of %s: where is its file? %s", title, type(exc).__name__)
            failed = {"event": "error", "code": "failed", "detail": type(exc).__name__}
            await self.stop(messages.failure_text(lang, failed, admin=self.admin))
            return
        if media is None:
            await self.stop(i18n.t(lang, "preview.no_file", title=esc(trim(title, 60))))
            return
        try:
            request = self.service.request(media, self.ask.times, self.ask.clip, title)
        except Refused as exc:
            await self.stop(i18n.t(lang, exc.key))
            return

        async def on_event(event: dict[str, Any]) -> None:
            if event.get("event") == "fallback":
                reason = messages.reason_text(lang, str(event.get("reason")))
                self.note = i18n.t(lang, "preview.fallback", reason=reason)
            await self.show(messages.stage_text(lang, event))

        result = await self.service.run(self.ticket, request, lang, on_event)
        if result.cancelled:
            await self.show(i18n.t(lang, "preview.cancelled"), keep_cancel=False)
        elif not result.ok:
            await self.show(messages.failure_text(lang, result.event, admin=self.admin), keep_cancel=False)
        else:
            await self.deliver(result.event)
            await self.show(i18n.t(lang, "preview.done"), keep_cancel=False)

    async def deliver(self, done: dict[str, Any]) -> None:
        lang = self.lang
        try:
            data = await asyncio.to_thread(_read_and_remove, str(done.get("path", "")))
        except OSError as exc:
            log.warning("preview output unreadable: %s", type(exc).__name__)
            return
        backend = i18n.t(lang, f"preview.backend.{done.get('backend', 'local')}")
        model = done.get("model", "")
        line = i18n.t(
            lang, "preview.caption.model", model=model, backend=backend, ms=done.get("ms_per_frame", 0)
        )
        caption = i18n.t(lang, "preview.caption", title=esc(trim(self.item.title, 60)), line=esc(line))
        if self.note:
            caption += "\n" + self.note
        if done.get("kind") == "mp4":
            video = Video(
                "apercu.mp4",
                data,
                int(done.get("width", 0)),
                int(done.get("height", 0)),
                max(1, round(float(done.get("seconds", 0)))),
            )
            await self.outbox.send(self.chat_id, View(caption, video=video))
        else:
            await self.outbox.send(self.chat_id, View(caption, photo=data))


def _read_and_remove(path: str) -> bytes:
    with open(path, "rb") as handle:
        data = handle.read()
    os.unlink(path)
    return data


async def preview_callback(rt: Runtime, req: Request, cb: Callback) -> View | None:
    """``pv:c:<ticket>`` cancels a job; ``pv:m:<id>`` / ``pv:s:<id>`` (a catalogue entry's button) starts
    one for that movie or series: the catalogue message becomes its progress message."""
    from myflix_bot.preview.media_lookup import Ask  # noqa: PLC0415

    action = cb.arg(0)
    if action == "c":
        service = service_of(rt)
        ticket_id = cb.int_arg(1, 0)
        if service is None or not service.cancel(ticket_id):
            return None
        _jobs.pop(ticket_id, None)
        return View(i18n.t(req.lang, "preview.cancelled"))
    if action not in ("m", "s") or req.chat_id is None or req.message_id is None:
        return None
    source = "radarr" if action == "m" else "sonarr"
    index = rt.coordinator.get(source).data if rt.coordinator.has(source) else None
    wanted = cb.int_arg(1, -1, high=10**9)
    item = next((i for i in (index.ordered("title") if index is not None else ()) if i.id == wanted), None)
    if item is None:
        return View(i18n.t(req.lang, "preview.not_found", query=str(wanted)))
    view, admitted = _admit(rt, req.lang, item, Ask(item.title, (), None, False))
    if admitted is not None:
        _start(rt, req, req.chat_id, req.message_id, admitted)
    return view


def preview_buttons(rt: Runtime, lang: str, kind: str, items: Any) -> tuple[Button, ...]:
    """A catalogue's "✨ Aperçu IA" buttons: one per entry when a filter leaves at most 3 (none when the
    feature is off)."""
    if service_of(rt) is None or items is None or not 0 < len(items) <= MAX_CATALOGUE_BUTTONS:
        return ()
    action = "m" if kind == "films" else "s"
    label = i18n.t(lang, "preview.button")
    return tuple(Button(f"{label} · {trim(i.title, 24)}", encode(CALLBACK, action, i.id)) for i in items)


def register_preview(rt: Runtime) -> None:
    """The feature: its service in ``rt.preview`` and its commands, when ``preview.enabled``."""
    settings = preview_settings(rt.config)
    if not settings.enabled or rt.registry.command("apercu") is not None:
        return
    from myflix_bot.preview.service import PreviewService, local_refused  # noqa: PLC0415

    def throttled() -> bool:
        return local_refused(*_governor_engaged(rt))

    rt.preview = PreviewService(settings, throttled)
    rt.catalog_buttons.append(preview_buttons)
    role = Role.ADMIN if settings.audience == "admins" else Role.USER
    registry: Registry = rt.registry
    for name, key, order in (("apercu", "cmd.apercu", 150), ("preview", "cmd.preview", 151)):
        registry.add_command(
            Command(
                name=name,
                description_key=key,
                handler=apercu_command,
                role=role,
                usage_key="preview.usage",
                order=order,
                after_send=apercu_sent,
            )
        )
    registry.add_callback(CallbackRoute(view=CALLBACK, handler=preview_callback, role=role))
