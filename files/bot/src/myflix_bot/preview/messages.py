"""The preview's texts (French by default, English available), registered in the one catalog."""

from __future__ import annotations

import signal
from collections.abc import Mapping

from myflix_bot import i18n
from myflix_bot.render.text import esc

MESSAGES: dict[str, dict[str, str]] = {
    "preview.usage": {
        "fr": "Usage : /apercu <titre> [mm:ss] (série : <titre> S01E02)",
        "en": "Usage: /preview <title> [mm:ss] (series: <title> S01E02)",
    },
    "preview.not_found": {
        "fr": "Aucun fichier téléchargé ne correspond à « {query} ».",
        "en": "No downloaded file matches “{query}”.",
    },
    "preview.busy": {
        "fr": "⏳ Un aperçu est déjà en cours ({waiting} en attente) : réessayez dans un moment.",
        "en": "⏳ A preview is already running ({waiting} waiting): try again in a moment.",
    },
    "preview.queued": {"fr": "🕒 En file d'attente ({position})…", "en": "🕒 Queued ({position})…"},
    "preview.stage.starting": {"fr": "🚀 Démarrage…", "en": "🚀 Starting…"},
    "preview.stage.extracting": {"fr": "🎞 Extraction des images…", "en": "🎞 Extracting frames…"},
    "preview.stage.upscaling": {
        "fr": "🧠 Agrandissement {done}/{total} ({backend})…",
        "en": "🧠 Upscaling {done}/{total} ({backend})…",
    },
    "preview.stage.composing": {"fr": "🖼 Assemblage…", "en": "🖼 Composing…"},
    "preview.stage.encoding": {"fr": "🎬 Encodage de l'extrait…", "en": "🎬 Encoding the clip…"},
    "preview.progress_title": {"fr": "✨ Aperçu IA : {title}", "en": "✨ AI preview: {title}"},
    "preview.cancel": {"fr": "✖️ Annuler", "en": "✖️ Cancel"},
    "preview.cancelled": {"fr": "✖️ Aperçu annulé.", "en": "✖️ Preview cancelled."},
    "preview.fallback": {
        "fr": "↩️ Worker indisponible ({reason}) : calcul local sur le Pi.",
        "en": "↩️ Worker unavailable ({reason}): computing locally on the Pi.",
    },
    "preview.reason.down": {"fr": "injoignable", "en": "unreachable"},
    "preview.reason.timeout": {"fr": "trop lent", "en": "too slow"},
    "preview.reason.refused_token": {"fr": "jeton refusé", "en": "token refused"},
    "preview.reason.busy": {"fr": "occupé", "en": "busy"},
    "preview.reason.error": {"fr": "erreur", "en": "error"},
    "preview.error.throttling": {
        "fr": "🌡 Pi en bridage thermique et worker muet ({detail}) : réessayez plus tard.",
        "en": "🌡 The Pi throttles and the worker is silent ({detail}): try again later.",
    },
    "preview.error.clip_needs_worker": {
        "fr": "🎬 L'extrait demande un worker IA (myflix_ai_workers) ; il n'a pas répondu ({detail}).",
        "en": "🎬 The clip needs an AI worker (myflix_ai_workers); it did not answer ({detail}).",
    },
    "preview.local_unavailable": {
        "fr": "🖥 Ce Pi ne calcule pas d'aperçu lui-même (systemd antérieur à 256, p. ex. bookworm : la "
        "tâche n'y serait pas bridée) ; il faut un worker IA (groupe myflix_ai_workers).",
        "en": "🖥 This Pi does not compute previews itself (systemd older than 256, e.g. bookworm: the "
        "job could not be confined there); an AI worker is needed (group myflix_ai_workers).",
    },
    "preview.error.local_unavailable": {
        "fr": "🖥 Worker IA indisponible ({detail}) et ce Pi ne calcule pas d'aperçu lui-même "
        "(systemd antérieur à 256) : réessayez plus tard.",
        "en": "🖥 The AI worker is unavailable ({detail}) and this Pi does not compute previews itself "
        "(systemd older than 256): try again later.",
    },
    "preview.throttling": {
        "fr": "🌡 Le Pi est en bridage thermique : pas d'aperçu local pour l'instant.",
        "en": "🌡 The Pi is thermally throttling: no local preview for now.",
    },
    # what went wrong, for an admin: the detail is the process's words (data, in <code>), scrubbed
    "preview.error.missing_file": {
        "fr": "❌ Fichier introuvable : <code>{detail}</code>",
        "en": "❌ File not found: <code>{detail}</code>",
    },
    "preview.error.unreadable_file": {
        "fr": "❌ Fichier illisible ou corrompu : <code>{detail}</code>",
        "en": "❌ Unreadable or corrupt file: <code>{detail}</code>",
    },
    "preview.error.no_video": {
        "fr": "❌ Pas de piste vidéo : <code>{detail}</code>",
        "en": "❌ No video track: <code>{detail}</code>",
    },
    "preview.error.beyond_end": {
        "fr": "❌ Au-delà de la fin du fichier ({detail}).",
        "en": "❌ Past the end of the file ({detail}).",
    },
    "preview.error.no_model": {
        "fr": "❌ Modèle indisponible : <code>{detail}</code>",
        "en": "❌ Model unavailable: <code>{detail}</code>",
    },
    "preview.error.upscale_failed": {
        "fr": "❌ Échec de l'IA : <code>{detail}</code>",
        "en": "❌ Upscaling failed: <code>{detail}</code>",
    },
    "preview.error.failed": {
        "fr": "❌ L'aperçu a échoué : <code>{detail}</code>",
        "en": "❌ The preview failed: <code>{detail}</code>",
    },
    # the job never started: its launcher (systemd-run) refused it; the reason for an admin (systemd's own
    # words, as data), a plain line for a household member (the reason is in the bot's log)
    "preview.not_started.no_bus": {
        "fr": "🛡 systemd a refusé le bac à sable de l'aperçu : le bot n'atteint pas le bus de "
        "systemd.\n<code>{detail}</code>",
        "en": "🛡 systemd refused the preview's sandbox: the bot cannot reach systemd's bus.\n"
        "<code>{detail}</code>",
    },
    "preview.not_started.denied": {
        "fr": "🛡 systemd a refusé le bac à sable de l'aperçu : permission refusée (la règle polkit du rôle "
        "myflix_bot ne permet au bot que ses scopes myflix-preview-*).\n<code>{detail}</code>",
        "en": "🛡 systemd refused the preview's sandbox: permission denied (the myflix_bot role's polkit rule "
        "lets the bot start its myflix-preview-* scopes only).\n<code>{detail}</code>",
    },
    "preview.not_started.bad_property": {
        "fr": "🛡 systemd a refusé le bac à sable de l'aperçu : une propriété qu'il n'accepte pas "
        "(myflix_bot_preview_cpu_quota, myflix_bot_preview_memory_max).\n<code>{detail}</code>",
        "en": "🛡 systemd refused the preview's sandbox: a property it does not accept "
        "(myflix_bot_preview_cpu_quota, myflix_bot_preview_memory_max).\n<code>{detail}</code>",
    },
    "preview.not_started.other": {
        "fr": "❌ La tâche d'aperçu n'a pas démarré :\n<code>{detail}</code>",
        "en": "❌ The preview job did not start:\n<code>{detail}</code>",
    },
    "preview.not_started.user": {
        "fr": "❌ L'aperçu n'a pas pu démarrer sur le serveur. Un administrateur en trouvera la raison dans "
        "le journal du bot.",
        "en": "❌ The preview could not start on the server. An administrator will find why in the bot's "
        "log.",
    },
    # a job that ran and stopped without its result: how far it got, and its last words on stderr
    "preview.error.crashed": {
        "fr": "❌ Le processus d'aperçu s'est arrêté ({status}) après {frames}/{total} image(s) agrandie(s), "
        "à l'étape : {stage}\n<code>{detail}</code>",
        "en": "❌ The preview process stopped ({status}) after {frames}/{total} frame(s) upscaled, at the "
        "step: {stage}\n<code>{detail}</code>",
    },
    "preview.error.crashed_quiet": {
        "fr": "❌ Le processus d'aperçu s'est arrêté ({status}) après {frames}/{total} image(s) agrandie(s), "
        "à l'étape : {stage} ; il n'a rien écrit sur stderr.",
        "en": "❌ The preview process stopped ({status}) after {frames}/{total} frame(s) upscaled, at the "
        "step: {stage}; it wrote nothing on stderr.",
    },
    "preview.status.exit": {"fr": "code de sortie {code}", "en": "exit status {code}"},
    "preview.status.signal": {"fr": "tué par le signal {name}", "en": "killed by signal {name}"},
    # what a household member reads when a job fails: no detail (paths, errors, URLs stay with the admins
    # and the bot's log)
    "preview.user.missing_file": {
        "fr": "❌ Le fichier de ce titre est introuvable sur le serveur.",
        "en": "❌ This title's file cannot be found on the server.",
    },
    "preview.user.unreadable_file": {
        "fr": "❌ Le fichier de ce titre est illisible ou abîmé.",
        "en": "❌ This title's file is unreadable or damaged.",
    },
    "preview.user.beyond_end": {
        "fr": "❌ Ce moment est au-delà de la fin du titre.",
        "en": "❌ That time is past the end of the title.",
    },
    "preview.user.later": {
        "fr": "⏳ Le serveur ne peut pas calculer d'aperçu pour l'instant : réessayez plus tard.",
        "en": "⏳ The server cannot compute a preview right now: try again later.",
    },
    "preview.user.failed": {
        "fr": "❌ L'aperçu a échoué sur le serveur. Un administrateur en trouvera la raison dans le journal "
        "du bot.",
        "en": "❌ The preview failed on the server. An administrator will find why in the bot's log.",
    },
    "preview.caption.model": {
        "fr": "{model} · {backend} · {ms} ms/image",
        "en": "{model} · {backend} · {ms} ms/frame",
    },
    "preview.caption.sizes": {
        "fr": "source {source} → décodé {decoded} · vue ×2 {overview} · détail 1:1 {detail}",
        "en": "source {source} → decoded {decoded} · overview ×2 {overview} · detail 1:1 {detail}",
    },
    "preview.backend.local": {"fr": "Pi local", "en": "local Pi"},
    "preview.backend.worker": {"fr": "worker", "en": "worker"},
    "preview.backend.fallback": {"fr": "Pi local (repli)", "en": "local Pi (fallback)"},
    "preview.panel.bicubic": {"fr": "bicubique ×2", "en": "bicubic ×2"},
    "preview.panel.ai": {"fr": "IA ×2", "en": "AI ×2"},
    "preview.panel.crop": {"fr": "1:1", "en": "1:1"},
    "preview.button": {"fr": "✨ Aperçu IA", "en": "✨ AI preview"},
}


def _known(key: str, fallback: str, lang: str, **values: object) -> str:
    """The text of ``key``, or of ``fallback`` when the catalog has no such key (an unknown code)."""
    text = i18n.t(lang, key, **values)
    return i18n.t(lang, fallback, **values) if text == key else text


def stage_text(lang: str, event: dict[str, object]) -> str:
    """The progress line of one event from the preview process."""
    stage = str(event.get("stage", "starting"))
    if stage == "upscaling":
        backend = i18n.t(lang, f"preview.backend.{event.get('backend', 'local')}")
        return i18n.t(
            lang,
            "preview.stage.upscaling",
            done=event.get("done", 0),
            total=event.get("total", 0),
            backend=backend,
        )
    return _known(f"preview.stage.{stage}", "preview.stage.starting", lang)


def error_text(lang: str, code: str, detail: str) -> str:
    return _known(f"preview.error.{code}", "preview.error.failed", lang, detail=esc(detail or code))


# the household's line per error code (any other code: preview.user.failed)
USER_TEXTS = {
    "not_started": "preview.not_started.user",
    "missing_file": "preview.user.missing_file",
    "unreadable_file": "preview.user.unreadable_file",
    "no_video": "preview.user.unreadable_file",
    "beyond_end": "preview.user.beyond_end",
    "throttling": "preview.user.later",
    "local_unavailable": "preview.user.later",
    "clip_needs_worker": "preview.user.later",
}


def failure_text(lang: str, event: Mapping[str, object], *, admin: bool) -> str:
    """The progress message's last line for a job that failed (its final ``error`` event, its detail already
    scrubbed by the launcher). An admin reads the detail (the launcher's reason, the file, the error, a
    crashed process's last words); a household member only a plain line in their language."""
    code, detail = str(event.get("code")), str(event.get("detail", ""))
    if not admin:
        return i18n.t(lang, USER_TEXTS.get(code, "preview.user.failed"))
    if code == "not_started":
        cause = f"preview.not_started.{event.get('cause')}"
        return _known(cause, "preview.not_started.other", lang, detail=esc(detail or code))
    if code == "crashed":
        return _crash_text(lang, event, detail)
    return error_text(lang, code, detail)


def _crash_text(lang: str, event: Mapping[str, object], detail: str) -> str:
    exit_code = event.get("exit")
    status = (
        i18n.t(lang, "preview.status.signal", name=_signal_name(-exit_code))
        if isinstance(exit_code, int) and exit_code < 0
        else i18n.t(lang, "preview.status.exit", code=exit_code)
    )
    during = event.get("during")
    stage = stage_text(lang, dict(during) if isinstance(during, Mapping) else {})
    key = "preview.error.crashed" if detail else "preview.error.crashed_quiet"
    values = {"frames": event.get("frames", 0), "total": event.get("total", 0)}
    return i18n.t(lang, key, status=status, stage=stage, detail=esc(detail), **values)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return str(number)


def reason_text(lang: str, reason: str) -> str:
    return _known(f"preview.reason.{reason}", "preview.reason.error", lang)
