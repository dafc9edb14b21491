"""The watchers' /status texts, in the i18n catalog (French by default, English available).

Each watcher's :meth:`~myflix_bot.watchers.base.Watcher.summary` formats its own state with these keys;
``watchers.line`` puts the translated watcher name in front. Admin notices stay as they are (logged
and sent as written).
"""

from __future__ import annotations

from myflix_bot import i18n

i18n.register(
    {
        "watchers.line": {"fr": "{name} : {summary}", "en": "{name}: {summary}"},
        "watchers.error": {"fr": "{line} — erreur : {error}", "en": "{line} — error: {error}"},
        "watchers.dry_run": {"fr": " (simulation)", "en": " (dry-run)"},
        "watchers.name.thermal": {"fr": "🌡 Température", "en": "🌡 Thermal"},
        "watchers.name.port_sync": {"fr": "🔌 Port VPN", "en": "🔌 VPN port"},
        "watchers.name.leak_guard": {"fr": "🛡 Anti-fuite", "en": "🛡 Leak guard"},
        "watchers.name.gc": {"fr": "🧹 Nettoyage", "en": "🧹 Cleanup"},
        "watchers.name.trackers": {"fr": "📡 Trackers", "en": "📡 Trackers"},
        "watchers.name.autoheal": {"fr": "🩺 Auto-réparation", "en": "🩺 Auto-heal"},
        "watchers.thermal": {"fr": "{temp}, limites {mode}", "en": "{temp}, limits {mode}"},
        "watchers.thermal.on": {"fr": "ACTIVES", "en": "ON"},
        "watchers.thermal.off": {"fr": "inactives", "en": "off"},
        "watchers.port_sync": {
            "fr": "redirigé {forwarded}, écoute {listen} : {state}",
            "en": "forwarded {forwarded}, listen {listen}: {state}",
        },
        "watchers.port_sync.in_sync": {"fr": "synchronisé", "en": "in sync"},
        "watchers.port_sync.out_of_sync": {"fr": "DÉSYNCHRONISÉ", "en": "OUT OF SYNC"},
        "watchers.leak_guard.holding": {
            "fr": "BLOQUÉ ({reason}), {count} torrent(s) arrêté(s)",
            "en": "HOLDING ({reason}), {count} stopped",
        },
        "watchers.leak_guard.no_home_ip": {
            "fr": "VPN actif, IP domicile inconnue (fuite non vérifiée)",
            "en": "VPN up, home IP unknown (leak not checked)",
        },
        "watchers.leak_guard.ok": {"fr": "ok", "en": "ok"},
        "watchers.leak_guard.waiting": {"fr": "en attente", "en": "waiting"},
        "watchers.leak.gluetun_silent": {"fr": "Gluetun ne répond pas", "en": "Gluetun does not answer"},
        "watchers.leak.vpn_down": {"fr": "VPN {status}", "en": "VPN is {status}"},
        "watchers.leak.no_ip_answer": {
            "fr": "Gluetun ne donne pas son IP publique",
            "en": "Gluetun does not tell its public IP",
        },
        "watchers.leak.no_ip": {
            "fr": "Gluetun n'a pas encore d'IP publique",
            "en": "Gluetun has no public IP yet",
        },
        "watchers.leak.leak": {
            "fr": "l'IP publique via le VPN est celle du domicile (fuite)",
            "en": "public IP through the VPN is the home IP (leak)",
        },
        "watchers.gc": {
            "fr": "{removed} supprimé(s), {kept} gardé(s){dry}",
            "en": "{removed} removed, {kept} kept{dry}",
        },
        "watchers.trackers": {
            "fr": "{count} trackers ({source}), {added} ajouté(s)",
            "en": "{count} trackers ({source}), {added} added",
        },
        "watchers.trackers.source.url": {"fr": "liste en ligne", "en": "online list"},
        "watchers.trackers.source.cache": {"fr": "copie locale", "en": "cached copy"},
        "watchers.trackers.source.none": {"fr": "aucune liste", "en": "no list"},
        "watchers.autoheal": {
            "fr": "{count} surveillé(s) : {running} en marche, {unhealthy} malade(s), {down} arrêté(s), "
            "{gave_up} abandonné(s)",
            "en": "{count} watched: {running} running, {unhealthy} unhealthy, {down} down, "
            "{gave_up} given up",
        },
        "watchers.autoheal.engine_down": {
            "fr": "⚠️ Docker ne répond pas ({count} surveillé(s), état inconnu)",
            "en": "⚠️ Docker engine unreachable ({count} watched, state unknown)",
        },
        "watchers.autoheal.gave_up": {"fr": ", abandon pour {names}", "en": ", gave up on {names}"},
    }
)
