"""A small message catalog: French by default, English available.

``t(lang, key, **values)`` formats a message. Every key exists in every language (a unit test checks
it). Number, size, speed, duration and age formatting follow the language (``12,5 Go`` / ``12.5 GB``).
New features register their own messages with :func:`register` so the catalog stays one place.
"""

from __future__ import annotations

from collections.abc import Mapping

LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"

_CATALOG: dict[str, dict[str, str]] = {
    # menu and navigation
    "menu.title": {"fr": "🎬 <b>Myflix</b> — que voulez-vous voir ?", "en": "🎬 <b>Myflix</b> — what next?"},
    "menu.films": {"fr": "🎬 Films", "en": "🎬 Movies"},
    "menu.series": {"fr": "📺 Séries", "en": "📺 Series"},
    "menu.status": {"fr": "📊 État", "en": "📊 Status"},
    "menu.queue": {"fr": "⬇️ Téléchargements", "en": "⬇️ Downloads"},
    "menu.search": {"fr": "🔎 Recherche", "en": "🔎 Search"},
    "menu.help": {"fr": "❓ Aide", "en": "❓ Help"},
    "nav.prev": {"fr": "◀️ Préc.", "en": "◀️ Prev"},
    "nav.next": {"fr": "Suiv. ▶️", "en": "Next ▶️"},
    "nav.menu": {"fr": "🏠 Menu", "en": "🏠 Menu"},
    "nav.refresh": {"fr": "🔄 Actualiser", "en": "🔄 Refresh"},
    "nav.sort_title": {"fr": "🔤 Par titre", "en": "🔤 By title"},
    "nav.sort_recent": {"fr": "🕒 Récents", "en": "🕒 Recent"},
    "nav.page": {"fr": "{page}/{pages}", "en": "{page}/{pages}"},
    # command descriptions (setMyCommands)
    "cmd.start": {"fr": "Menu principal", "en": "Main menu"},
    "cmd.films": {"fr": "Films téléchargés (filtre optionnel)", "en": "Downloaded movies (optional filter)"},
    "cmd.series": {
        "fr": "Séries téléchargées (filtre optionnel)",
        "en": "Downloaded series (optional filter)",
    },
    "cmd.status": {"fr": "État du serveur", "en": "Server status"},
    "cmd.queue": {"fr": "Téléchargements en cours", "en": "Active downloads"},
    "cmd.help": {"fr": "Aide", "en": "Help"},
    # catalog
    "films.title": {"fr": "🎬 <b>Films</b> ({total})", "en": "🎬 <b>Movies</b> ({total})"},
    "series.title": {"fr": "📺 <b>Séries</b> ({total})", "en": "📺 <b>Series</b> ({total})"},
    "catalog.filter": {"fr": "filtre « {query} »", "en": "filter “{query}”"},
    "catalog.sorted_recent.films": {"fr": "triés par ajout récent", "en": "recently added first"},
    "catalog.sorted_title.films": {"fr": "triés par titre", "en": "by title"},
    "catalog.sorted_recent.series": {"fr": "triées par ajout récent", "en": "recently added first"},
    "catalog.sorted_title.series": {"fr": "triées par titre", "en": "by title"},
    "catalog.empty": {"fr": "Rien de téléchargé pour l'instant.", "en": "Nothing downloaded yet."},
    "catalog.no_match": {"fr": "Aucun résultat pour « {query} ».", "en": "No match for “{query}”."},
    "catalog.seasons_legend": {"fr": "saisons complètes/total", "en": "seasons complete/total"},
    "catalog.episodes": {"fr": "{have}/{total} ép.", "en": "{have}/{total} ep."},
    # source health
    "source.down": {"fr": "⚠️ {source} injoignable", "en": "⚠️ {source} unreachable"},
    "source.pending": {"fr": "⏳ {source} : chargement…", "en": "⏳ {source}: loading…"},
    "source.stale": {
        "fr": "🕰 données d'il y a {age} ({source} injoignable)",
        "en": "🕰 data from {age} ago ({source} unreachable)",
    },
    "source.age": {"fr": "mis à jour il y a {age}", "en": "updated {age} ago"},
    # status
    "status.title": {"fr": "📊 <b>État du serveur</b>", "en": "📊 <b>Server status</b>"},
    "status.storage": {"fr": "💾 <b>Stockage</b>", "en": "💾 <b>Storage</b>"},
    "status.warn": {"fr": "⚠️ plus de {percent} % utilisés", "en": "⚠️ over {percent}% used"},
    "status.vpn": {"fr": "🔒 <b>VPN</b>", "en": "🔒 <b>VPN</b>"},
    "status.apps": {"fr": "🧩 <b>Applications</b>", "en": "🧩 <b>Applications</b>"},
    "status.app_down": {"fr": "injoignable", "en": "unreachable"},
    "status.app_pending": {"fr": "en attente", "en": "waiting"},
    "status.vpn_state": {"fr": "Gluetun : {state}", "en": "Gluetun: {state}"},
    "status.vpn_running": {"fr": "actif ✅", "en": "running ✅"},
    "status.vpn_stopped": {"fr": "arrêté ❌", "en": "stopped ❌"},
    "status.ip": {"fr": "IP publique : {ip} {verdict}", "en": "Public IP: {ip} {verdict}"},
    "status.ip_hidden": {
        "fr": "IP publique : pour les admins {verdict}",
        "en": "Public IP: admins only {verdict}",
    },
    "status.ip_ok": {"fr": "(≠ domicile ✅)", "en": "(≠ home ✅)"},
    "status.ip_leak": {"fr": "(= IP domicile ❌ FUITE)", "en": "(= home IP ❌ LEAK)"},
    "status.ip_unknown_home": {"fr": "(IP domicile inconnue)", "en": "(home IP unknown)"},
    "status.port": {
        "fr": "Port : {forwarded} → qBittorrent {listen} {verdict}",
        "en": "Port: {forwarded} → qBittorrent {listen} {verdict}",
    },
    "status.port_ok": {"fr": "✅", "en": "✅"},
    "status.port_mismatch": {"fr": "❌ désynchronisé", "en": "❌ out of sync"},
    "status.port_none": {"fr": "aucun", "en": "none"},
    "status.system": {"fr": "🖥 <b>Système</b>", "en": "🖥 <b>System</b>"},
    "status.cpu": {"fr": "CPU {temp} · charge {load}", "en": "CPU {temp} · load {load}"},
    "status.ram": {"fr": "RAM {used} / {total}", "en": "RAM {used} / {total}"},
    "status.throttled_none": {"fr": "aucun bridage", "en": "not throttled"},
    "status.throttled_now": {"fr": "maintenant : {flags}", "en": "now: {flags}"},
    "status.throttled_past": {"fr": "depuis le démarrage : {flags}", "en": "since boot: {flags}"},
    "status.flag.undervoltage": {"fr": "sous-tension", "en": "under-voltage"},
    "status.flag.capped": {"fr": "fréquence plafonnée", "en": "frequency capped"},
    "status.flag.throttled": {"fr": "bridé", "en": "throttled"},
    "status.flag.soft_temp": {"fr": "limite thermique", "en": "soft temperature limit"},
    "status.containers": {"fr": "🐳 <b>Conteneurs</b>", "en": "🐳 <b>Containers</b>"},
    "status.containers_summary": {
        "fr": "{healthy}/{total} en bonne santé",
        "en": "{healthy}/{total} healthy",
    },
    "status.containers_bad": {"fr": "{name} : {state}", "en": "{name}: {state}"},
    "status.container.restarting": {"fr": "redémarre", "en": "restarting"},
    "status.container.exited": {"fr": "arrêté", "en": "exited"},
    "status.container.paused": {"fr": "en pause", "en": "paused"},
    "status.container.dead": {"fr": "mort", "en": "dead"},
    "status.container.created": {"fr": "créé, pas démarré", "en": "created"},
    "status.container.removing": {"fr": "en suppression", "en": "removing"},
    "status.container.unhealthy": {"fr": "en mauvaise santé", "en": "unhealthy"},
    "status.container.starting": {"fr": "démarre", "en": "starting"},
    "status.more": {"fr": "… et {count} de plus", "en": "… and {count} more"},
    "status.watchers": {"fr": "🤖 <b>Automatismes</b>", "en": "🤖 <b>Automation</b>"},
    "status.unknown": {"fr": "inconnu", "en": "unknown"},
    # queue
    "queue.title": {"fr": "⬇️ <b>Téléchargements</b> ({count})", "en": "⬇️ <b>Downloads</b> ({count})"},
    "queue.empty": {"fr": "Aucun téléchargement en cours.", "en": "No active downloads."},
    "queue.speed": {"fr": "↓ {down} · ↑ {up}", "en": "↓ {down} · ↑ {up}"},
    "queue.live": {"fr": "🔴 en direct", "en": "🔴 live"},
    "queue.updated_at": {"fr": "mis à jour à {time}", "en": "updated at {time}"},
    "queue.eta_unknown": {"fr": "∞", "en": "∞"},
    "queue.state.downloading": {"fr": "téléchargement", "en": "downloading"},
    "queue.state.stalled": {"fr": "bloqué", "en": "stalled"},
    "queue.state.queued": {"fr": "en attente", "en": "queued"},
    "queue.state.paused": {"fr": "en pause", "en": "paused"},
    "queue.state.checking": {"fr": "vérification", "en": "checking"},
    "queue.state.metadata": {"fr": "métadonnées", "en": "metadata"},
    "queue.state.moving": {"fr": "déplacement", "en": "moving"},
    "queue.state.error": {"fr": "erreur", "en": "error"},
    "queue.state.seeding": {"fr": "partage", "en": "seeding"},
    "queue.state.other": {"fr": "{state}", "en": "{state}"},
    # help, search, access
    "help.title": {"fr": "❓ <b>Aide</b>", "en": "❓ <b>Help</b>"},
    "usage.title": {"fr": "[titre]", "en": "[title]"},
    "search.prompt": {
        "fr": "🔎 Envoyez le titre d'un film ou d'une série.",
        "en": "🔎 Send the title of a movie or a series.",
    },
    "access.denied": {"fr": "⛔ Accès refusé.", "en": "⛔ Access denied."},
    "access.admin_only": {"fr": "⛔ Réservé aux administrateurs.", "en": "⛔ Admins only."},
    "error.expired": {"fr": "Ce bouton a expiré.", "en": "This button has expired."},
    "error.unknown_command": {
        "fr": "❓ Commande inconnue. Le menu :",
        "en": "❓ Unknown command. The menu:",
    },
    "error.internal": {"fr": "😵 Erreur interne, réessayez.", "en": "😵 Internal error, try again."},
}

_UNITS = {
    "fr": ("o", "Ko", "Mo", "Go", "To", "Po"),
    "en": ("B", "KB", "MB", "GB", "TB", "PB"),
}


def register(messages: Mapping[str, Mapping[str, str]]) -> None:
    """Add messages for a feature. Each must exist in every language."""
    for key, texts in messages.items():
        missing = [lang for lang in LANGUAGES if lang not in texts]
        if missing:
            raise ValueError(f"message {key!r} lacks {', '.join(missing)}")
        _CATALOG[key] = dict(texts)


def keys() -> list[str]:
    return sorted(_CATALOG)


def lang_or_default(lang: str | None) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(lang: str, key: str, **values: object) -> str:
    texts = _CATALOG.get(key)
    if texts is None:
        return key
    template = texts.get(lang) or texts[DEFAULT_LANGUAGE]
    return template.format(**values) if values else template


def number(value: float, lang: str, digits: int = 1) -> str:
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "fr" else text


def size(num_bytes: float | None, lang: str) -> str:
    """Binary sizes in the language's units: ``1,5 Go`` / ``1.5 GB``."""
    if num_bytes is None:
        return "?"
    units = _UNITS.get(lang, _UNITS["en"])
    value = float(max(num_bytes, 0))
    idx = 0
    while value >= 1024 and idx < len(units) - 1:
        value /= 1024
        idx += 1
    digits = 0 if idx == 0 or value >= 100 else 1
    return f"{number(value, lang, digits)} {units[idx]}"


def speed(bytes_per_second: float | None, lang: str) -> str:
    return f"{size(bytes_per_second, lang)}/s"


def duration(seconds: float | None, lang: str) -> str:
    """Compact duration: ``45 s``, ``12 min``, ``3 h 05``, ``2 j 4 h`` (``d`` in English)."""
    if seconds is None or seconds < 0:
        return "?"
    s = int(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min"
    if s < 86400:
        return f"{s // 3600} h {s % 3600 // 60:02d}"
    day = "j" if lang == "fr" else "d"
    return f"{s // 86400} {day} {s % 86400 // 3600} h"


def percent(fraction: float, lang: str) -> str:
    value = fraction * 100
    text = f"{value:.0f}" if value >= 10 or value == 0 else number(value, lang, 1)
    return f"{text} %" if lang == "fr" else f"{text}%"
