"""The preview's texts (French by default, English available), registered in the one catalog."""

from __future__ import annotations

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
    "preview.error.missing_file": {
        "fr": "❌ Fichier introuvable : {detail}",
        "en": "❌ File not found: {detail}",
    },
    "preview.error.unreadable_file": {
        "fr": "❌ Fichier illisible ou corrompu : {detail}",
        "en": "❌ Unreadable or corrupt file: {detail}",
    },
    "preview.error.no_video": {
        "fr": "❌ Pas de piste vidéo : {detail}",
        "en": "❌ No video track: {detail}",
    },
    "preview.error.beyond_end": {
        "fr": "❌ Au-delà de la fin du fichier ({detail}).",
        "en": "❌ Past the end of the file ({detail}).",
    },
    "preview.error.no_model": {
        "fr": "❌ Modèle indisponible : {detail}",
        "en": "❌ Model unavailable: {detail}",
    },
    "preview.error.upscale_failed": {
        "fr": "❌ Échec de l'IA : {detail}",
        "en": "❌ Upscaling failed: {detail}",
    },
    "preview.error.failed": {
        "fr": "❌ L'aperçu a échoué : {detail}",
        "en": "❌ The preview failed: {detail}",
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


def failure_text(lang: str, event: Mapping[str, object], *, admin: bool) -> str:
    """The progress message's last line for a job that failed (its final ``error`` event). A job that never
    started names the launcher's reason to an admin only: a household member gets a plain line."""
    code, detail = str(event.get("code")), str(event.get("detail", ""))
    if code != "not_started":
        return error_text(lang, code, detail)
    if not admin:
        return i18n.t(lang, "preview.not_started.user")
    cause = f"preview.not_started.{event.get('cause')}"
    return _known(cause, "preview.not_started.other", lang, detail=esc(detail or code))


def reason_text(lang: str, reason: str) -> str:
    return _known(f"preview.reason.{reason}", "preview.reason.error", lang)
