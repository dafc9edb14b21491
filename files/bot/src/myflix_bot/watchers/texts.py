"""The watchers' /status texts, in the i18n catalog (French by default, English available).

Each watcher's :meth:`~myflix_bot.watchers.base.Watcher.summary` formats its own state with these keys;
``watchers.line`` puts the translated watcher name in front. The admins' notices (``watchers.notice.``)
come from here too, in the UI language (the notifier's ``lang``).
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "watchers.line": {"fr": "{name} : {summary}", "en": "{name}: {summary}"},
    "watchers.error": {"fr": "{line} — erreur : {error}", "en": "{line} — error: {error}"},
    "watchers.dry_run": {"fr": " (simulation)", "en": " (dry-run)"},
    "watchers.name.thermal": {"fr": "🌡 Température", "en": "🌡 Thermal"},
    "watchers.name.port_sync": {"fr": "🔌 Port VPN", "en": "🔌 VPN port"},
    "watchers.name.leak_guard": {"fr": "🛡 Anti-fuite", "en": "🛡 Leak guard"},
    "watchers.name.gc": {"fr": "🧹 Nettoyage", "en": "🧹 Cleanup"},
    "watchers.name.trackers": {"fr": "📡 Trackers", "en": "📡 Trackers"},
    "watchers.name.autoheal": {"fr": "🩺 Auto-réparation", "en": "🩺 Auto-heal"},
    "watchers.name.backup_drill": {"fr": "🧪 Exercice de restauration", "en": "🧪 Restore drill"},
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
        "en": "{count} watched: {running} running, {unhealthy} unhealthy, {down} down, {gave_up} given up",
    },
    "watchers.autoheal.engine_down": {
        "fr": "⚠️ Docker ne répond pas ({count} surveillé(s), état inconnu)",
        "en": "⚠️ Docker engine unreachable ({count} watched, state unknown)",
    },
    "watchers.autoheal.gave_up": {"fr": ", abandon pour {names}", "en": ", gave up on {names}"},
    # admin notices
    "watchers.notice.dry_run": {"fr": "[simulation] ", "en": "[dry-run] "},
    "watchers.notice.port_sync.moved": {
        "fr": "🔌 qBittorrent a changé de port d'écoute : {old} → {new}",
        "en": "🔌 qBittorrent moved its listen port {old} → {new}",
    },
    "watchers.notice.port_sync.would": {
        "fr": "🔌 qBittorrent changerait de port d'écoute : {old} → {new}",
        "en": "🔌 qBittorrent would move its listen port {old} → {new}",
    },
    "watchers.notice.thermal.unreadable": {
        "fr": "🌡 température du CPU illisible ({path}) ; limites inchangées",
        "en": "🌡 CPU temperature unreadable ({path}); throttle state kept",
    },
    "watchers.notice.thermal.on": {
        "fr": "🌡 {temp} °C > {limit} °C : limites de vitesse alternatives ACTIVÉES",
        "en": "🌡 {temp} °C > {limit} °C: alternative speed limits ON",
    },
    "watchers.notice.thermal.off": {
        "fr": "🌡 {temp} °C < {limit} °C : limites de vitesse alternatives DÉSACTIVÉES",
        "en": "🌡 {temp} °C < {limit} °C: alternative speed limits OFF",
    },
    "watchers.notice.trackers.cached": {
        "fr": "🧲 la liste de trackers en ligne a échoué ; copie locale utilisée",
        "en": "🧲 tracker list URL failed; using the cached copy",
    },
    "watchers.notice.trackers.added": {
        "fr": "🧲 trackers ajoutés à {count} torrent(s) public(s)",
        "en": "🧲 added trackers to {count} public torrent(s)",
    },
    "watchers.notice.trackers.would_add": {
        "fr": "🧲 des trackers seraient ajoutés à {count} torrent(s) public(s)",
        "en": "🧲 would add trackers to {count} public torrent(s)",
    },
    "watchers.notice.gc.arr_failing": {
        "fr": "🧹 Nettoyage : {arr} ne répond pas ; rien de ses catégories n'a été supprimé à ce passage",
        "en": "🧹 GC: {arr} is not answering: nothing of its categories was removed in this pass",
    },
    "watchers.notice.autoheal.engine_down": {
        "fr": "🩺 Docker ne répond pas ({error}) : l'auto-réparation ne voit plus les conteneurs",
        "en": "🩺 Docker engine unreachable ({error}): auto-heal cannot look after the containers "
        "until it answers",
    },
    "watchers.notice.autoheal.engine_up": {
        "fr": "🩺 Docker répond de nouveau après {seconds} s : {running} en marche, {unhealthy} "
        "malade(s), {down} arrêté(s)",
        "en": "🩺 Docker engine answers again after {seconds} s: {running} running, {unhealthy} "
        "unhealthy, {down} down",
    },
    "watchers.notice.leak.stopped": {
        "fr": "🛑 {reason} : {count} torrent(s) arrêté(s) ; ils reprendront quand le VPN ira bien",
        "en": "🛑 {reason}: stopped {count} torrent(s); they resume when the VPN is healthy",
    },
    "watchers.notice.leak.would_stop": {
        "fr": "🛑 {reason} : {count} torrent(s) seraient arrêté(s) ; reprise quand le VPN ira bien",
        "en": "🛑 {reason}: would stop {count} torrent(s); they resume when the VPN is healthy",
    },
    "watchers.notice.leak.resumed": {
        "fr": "✅ le VPN va bien : {count} torrent(s) relancé(s)",
        "en": "✅ VPN healthy again: resumed {count} torrent(s)",
    },
    "watchers.notice.autoheal.restarted": {
        "fr": "🩺 {name} redémarré : {reason}",
        "en": "🩺 restarted {name}: {reason}",
    },
    "watchers.notice.autoheal.would_restart": {
        "fr": "🩺 {name} serait redémarré : {reason}",
        "en": "🩺 would restart {name}: {reason}",
    },
    "watchers.notice.autoheal.left_alone": {
        "fr": "🩺 {name} : {reason} ; laissé tel quel",
        "en": "🩺 {name} {reason}: left alone",
    },
    "watchers.notice.autoheal.gave_up": {
        "fr": "🩺 {name} : {reason}, mais déjà redémarré {count} fois en une heure : abandon, à vérifier",
        "en": "🩺 {name} is {reason} but was restarted {count} times in an hour: "
        "giving up, please look at it",
    },
    "watchers.notice.autoheal.reason.unhealthy": {"fr": "en mauvaise santé", "en": "unhealthy"},
    "watchers.notice.autoheal.reason.gone": {
        "fr": "arrêté, et Docker ne dit plus pourquoi",
        "en": "exited, and Docker no longer says why",
    },
    "watchers.notice.autoheal.reason.exited": {
        "fr": "arrêté de lui-même (code {code})",
        "en": "exited unexpectedly (code {code})",
    },
    "watchers.notice.autoheal.reason.owner": {
        "fr": "le propriétaire de son réseau, {owner}, a redémarré",
        "en": "its network owner {owner} restarted",
    },
    "watchers.notice.gc.moved": {
        "fr": "🧹 GC : {count} torrent(s) ({size}) mis à la corbeille",
        "en": "🧹 GC: moved {count} torrent(s), {size}, to the recycle bin",
    },
    "watchers.notice.gc.would_move": {
        "fr": "🧹 GC : {count} torrent(s) ({size}) seraient mis à la corbeille",
        "en": "🧹 GC: would move {count} torrent(s), {size}, to the recycle bin",
    },
    "watchers.notice.gc.kept": {"fr": "⚠ gardé {name} : {error}", "en": "⚠ kept {name}: {error}"},
    # the GC's reasons (gc_policy.Verdict.code): /gc, the command line, the logs (English)
    "watchers.gc.reason.unmanaged": {
        "fr": "catégorie non gérée par Radarr/Sonarr",
        "en": "category not managed by Radarr/Sonarr",
    },
    "watchers.gc.reason.arr_failing": {
        "fr": "{arr} en échec : passage arrêté pour ses catégories",
        "en": "{arr} is failing: pass stopped for its categories",
    },
    "watchers.gc.reason.incomplete": {"fr": "incomplet", "en": "not complete"},
    "watchers.gc.reason.main_file": {
        "fr": "fichier principal absent, illisible ou pas un fichier ordinaire",
        "en": "main file missing, unreadable or not a regular file",
    },
    "watchers.gc.reason.import_unknown": {"fr": "import inconnu", "en": "import state unknown"},
    "watchers.gc.reason.not_imported": {"fr": "pas importé", "en": "not imported"},
    "watchers.gc.reason.goal_not_met": {
        "fr": "objectif de partage non atteint",
        "en": "seeding goal not met",
    },
    "watchers.gc.reason.privacy_unknown": {"fr": "privé ou public : inconnu", "en": "privacy unknown"},
    "watchers.gc.reason.private_young": {
        "fr": "privé : durée minimale de partage non atteinte",
        "en": "private: minimum seed time not reached",
    },
    "watchers.gc.reason.imported_seeded": {"fr": "importé et partagé", "en": "imported and seeded"},
    "watchers.gc.reason.listed_twice": {
        "fr": "qBittorrent a listé un torrent deux fois",
        "en": "qBittorrent listed a torrent twice",
    },
    "watchers.gc.reason.shared": {
        "fr": "données partagées avec un torrent qui reste",
        "en": "data shared with a torrent that stays",
    },
    "watchers.gc.reason.refused": {"fr": "suppression refusée", "en": "removal refused"},
    "watchers.gc.reason.guarded": {
        "fr": "garde anti-suppression de masse : au-delà de la limite en un passage, un admin confirme",
        "en": "mass-deletion guard: more than the limit in one pass, an admin must confirm",
    },
    # ``myflix-bot watcher run``: the verdict words, then the reason
    "watchers.verdict.gc.would_move": {"fr": "DÉPLACERAIT", "en": "WOULD MOVE"},
    "watchers.verdict.gc.moved": {"fr": "DÉPLACÉ", "en": "MOVED"},
    "watchers.verdict.gc.keep": {"fr": "GARDÉ", "en": "KEEP"},
    "watchers.verdict.gc.refused": {"fr": "REFUSÉ", "en": "REFUSED"},
    "watchers.verdict.gc.stopped": {"fr": "ARRÊTÉ", "en": "STOPPED"},
    "watchers.verdict.gc.arr_failing": {
        "fr": "{arr} ne répond pas : ses catégories sont laissées telles quelles",
        "en": "{arr} did not answer: its categories were left alone",
    },
    "watchers.verdict.gc.confirm": {"fr": "CONFIRMER", "en": "CONFIRM"},
    "watchers.verdict.gc.held": {
        "fr": "{count} suppressions au-delà de la limite de la garde : aucune faite",
        "en": "{count} removals above the guard's limit: none done",
    },
    "watchers.verdict.autoheal.restart": {"fr": "REDÉMARRER", "en": "RESTART"},
    "watchers.verdict.autoheal.start": {"fr": "DÉMARRER", "en": "START"},
    "watchers.verdict.autoheal.unknown": {"fr": "INCONNU", "en": "UNKNOWN"},
    "watchers.cli.not_enabled": {
        "fr": "le veilleur {name} n'est pas activé ou son service n'est pas configuré "
        "(activés : {available})",
        "en": "watcher {name} is not enabled or its service is not configured (enabled: {available})",
    },
    "watchers.cli.none": {"fr": "aucun", "en": "none"},
    "watchers.cli.failed": {
        "fr": "{name} : le passage a échoué : {error}",
        "en": "{name}: the pass failed: {error}",
    },
    "watchers.cli.notice": {"fr": "avis : {text}", "en": "notice: {text}"},
    "watchers.notice.gc.purged": {
        "fr": "🗑 {count} ancienne(s) entrée(s) de la corbeille purgée(s)",
        "en": "🗑 purged {count} old bin entries",
    },
}
