"""The pipeline watchers' texts (/status lines and admin notices), French by default, English available."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "watchers.name.stalled": {"fr": "🐢 Téléchargements bloqués", "en": "🐢 Stalled downloads"},
    "watchers.name.malware": {"fr": "🦠 Faux fichiers", "en": "🦠 Fake releases"},
    "watchers.name.imports": {"fr": "📥 Imports", "en": "📥 Imports"},
    "watchers.imports": {"fr": "{stuck} bloqué(s){dry}", "en": "{stuck} stuck{dry}"},
    "watchers.notice.imports.report": {
        "fr": "📥 {name} : {arr} ne l'importe pas depuis un moment ({why}). À voir : liste noire et "
        "nouvelle recherche, ou ignorer",
        "en": "📥 {name}: {arr} has not imported it for a while ({why}). Blocklist and search again, "
        "or ignore it",
    },
    "watchers.notice.imports.removed": {
        "fr": "📥 {name} : {why} ; retiré via {arr}, liste noire et nouvelle recherche",
        "en": "📥 {name}: {why}; removed through {arr}, blocklisted and searched again",
    },
    "watchers.notice.imports.would_remove": {
        "fr": "📥 {name} : {why} ; serait retiré via {arr} (liste noire et nouvelle recherche)",
        "en": "📥 {name}: {why}; would be removed through {arr} (blocklist and new search)",
    },
    "watchers.notice.imports.forgotten": {
        "fr": "📥 {name} : {why} ; {arr} l'oublie (liste noire, nouvelle recherche), le torrent privé reste",
        "en": "📥 {name}: {why}; {arr} forgets it (blocklist, new search), the private torrent stays",
    },
    "watchers.notice.imports.would_forget": {
        "fr": "📥 {name} : {why} ; {arr} l'oublierait, le torrent privé resterait",
        "en": "📥 {name}: {why}; {arr} would forget it, the private torrent would stay",
    },
    "watchers.notice.imports.arr_failing": {
        "fr": "📥 {arr} ne répond pas : sa file d'attente n'est pas vérifiée",
        "en": "📥 {arr} does not answer: its queue is not checked",
    },
    "watchers.name.disk": {"fr": "💽 Espace disque", "en": "💽 Disk space"},
    "watchers.stalled": {
        "fr": "{watched} suivi(s), {stalled} bloqué(s), {removed} remplacé(s){dry}",
        "en": "{watched} watched, {stalled} stalled, {removed} replaced{dry}",
    },
    "watchers.malware": {
        "fr": "{scanned} vérifié(s), {matched} suspect(s){dry}",
        "en": "{scanned} checked, {matched} suspicious{dry}",
    },
    "watchers.disk": {
        "fr": "{tiers} ; {held} en attente d'espace{dry}",
        "en": "{tiers}; {held} waiting for space{dry}",
    },
    "watchers.disk.tier": {"fr": "{name} {free} libres", "en": "{name} {free} free"},
    "watchers.disk.unavailable": {"fr": "{name} absent", "en": "{name} unavailable"},
    # short: /status keeps 60 characters of the line, the tiers' states first (the notices say the rest)
    "watchers.disk.short": {
        "fr": "{name} sous le seuil ({free} libres)",
        "en": "{name} below its floor ({free} free)",
    },
    "watchers.disk.misconfigured": {"fr": "{name} mal réglé", "en": "{name} misconfigured"},
    # why a stall may be our own fault (pipeline_policy.Fault)
    "watchers.pipeline.fault.leak_guard": {
        "fr": "l'anti-fuite a arrêté les torrents",
        "en": "the leak guard holds torrents",
    },
    "watchers.pipeline.fault.vpn_down": {"fr": "le VPN est coupé", "en": "the VPN is down"},
    "watchers.pipeline.fault.vpn_unknown": {
        "fr": "l'état du VPN est inconnu",
        "en": "the VPN state is unknown",
    },
    "watchers.pipeline.fault.port_unknown": {
        "fr": "le port redirigé est inconnu",
        "en": "the forwarded port is unknown",
    },
    "watchers.pipeline.fault.port_mismatch": {
        "fr": "qBittorrent écoute sur {listen}, le VPN redirige {forwarded}",
        "en": "qBittorrent listens on {listen}, the VPN forwards {forwarded}",
    },
    # ``myflix-bot watcher run``: the pipeline watchers' verdict words, then the torrent
    "watchers.verdict.pipeline.would_remove": {"fr": "RETIRERAIT", "en": "WOULD REMOVE"},
    "watchers.verdict.pipeline.removed": {"fr": "RETIRÉ", "en": "REMOVED"},
    "watchers.verdict.pipeline.would_forget": {"fr": "OUBLIERAIT", "en": "WOULD FORGET"},
    "watchers.verdict.pipeline.forgotten": {"fr": "OUBLIÉ", "en": "FORGOTTEN"},
    "watchers.verdict.pipeline.tag": {"fr": "MARQUÉ", "en": "TAG"},
    "watchers.verdict.pipeline.report": {"fr": "SIGNALÉ", "en": "REPORT"},
    "watchers.verdict.pipeline.ask": {"fr": "À DÉCIDER", "en": "ASK"},
    "watchers.verdict.pipeline.hold": {"fr": "EN ATTENTE", "en": "HOLD"},
    "watchers.verdict.pipeline.confirm": {"fr": "CONFIRMER", "en": "CONFIRM"},
    "watchers.verdict.pipeline.failed": {"fr": "REFUSÉ", "en": "FAILED"},
    "watchers.verdict.pipeline.our_fault": {"fr": "notre faute : {fault}", "en": "our fault: {fault}"},
    "watchers.verdict.disk.would_pause": {"fr": "SUSPENDRAIT", "en": "WOULD PAUSE"},
    "watchers.verdict.disk.paused": {"fr": "SUSPENDU", "en": "PAUSED"},
    "watchers.verdict.disk.would_resume": {"fr": "RELANCERAIT", "en": "WOULD RESUME"},
    "watchers.verdict.disk.resumed": {"fr": "RELANCÉ", "en": "RESUMED"},
    "watchers.verdict.disk.short": {"fr": "SOUS SEUIL", "en": "SHORT"},
    "watchers.verdict.disk.misconfigured": {"fr": "MAL RÉGLÉ", "en": "MISCONFIG"},
    # the GC under HDD pressure (gc_policy.plan_eviction)
    "watchers.gc.reason.not_needed": {
        "fr": "assez de place libérée sans lui (pression disque)",
        "en": "enough space freed without it (disk pressure)",
    },
    "watchers.notice.gc.pressure": {
        "fr": "💽 disque plein : {need} à libérer, la corbeille en rend {freed} "
        "(ses plus anciennes entrées), {count} torrent(s) évincé(s) dans l'ordre « {order} »",
        "en": "💽 disk short: {need} to free, the recycle bin gives {freed} (its oldest entries), "
        '{count} torrent(s) evicted in "{order}" order',
    },
    "watchers.gc.order.oldest": {"fr": "plus anciens d'abord", "en": "oldest first"},
    "watchers.gc.order.ratio": {"fr": "meilleur ratio d'abord", "en": "best ratio first"},
    "watchers.notice.pipeline.hold": {
        "fr": "⏸ {count} torrent(s) à traiter, mais c'est notre faute ({fault}) : rien n'est retiré",
        "en": "⏸ {count} torrent(s) to act on, but the fault is ours ({fault}): nothing removed",
    },
    "watchers.notice.pipeline.fault": {
        "fr": "⏸ réseau en défaut ({fault}) : la surveillance des torrents bloqués attend",
        "en": "⏸ network at fault ({fault}): stalled-download checks wait",
    },
    "watchers.notice.pipeline.confirm": {
        "fr": "✋ {count} suppression(s) d'un coup, au-delà de la limite : rien n'a été fait. "
        "À confirmer par un admin :\n{names}",
        "en": "✋ {count} removals in one run, above the limit: nothing was done. "
        "An admin must confirm:\n{names}",
    },
    "watchers.button.confirm": {"fr": "Confirmer", "en": "Confirm"},
    "watchers.button.cancel": {"fr": "Annuler", "en": "Cancel"},
    "watchers.button.blocklist": {
        "fr": "Liste noire et nouvelle recherche",
        "en": "Blocklist and search again",
    },
    "watchers.button.ignore": {"fr": "Ignorer", "en": "Ignore"},
    "watchers.notice.pipeline.stale": {
        "fr": "Déjà traité, ou plus d'actualité",
        "en": "Already handled, or no longer current",
    },
    "watchers.notice.pipeline.cancelled": {
        "fr": "Annulé : rien n'est retiré",
        "en": "Cancelled: nothing removed",
    },
    "watchers.notice.pipeline.confirmed": {
        "fr": "Fait : {count} retiré(s) via l'*arr, {failed} refus",
        "en": "Done: {count} removed through the *arr, {failed} refused",
    },
    "watchers.notice.gc.confirmed": {
        "fr": "Confirmé : le nettoyage repasse maintenant, au-delà de la limite cette fois",
        "en": "Confirmed: the cleanup runs again now, past the limit this once",
    },
    "watchers.notice.imports.ignored": {
        "fr": "{name} : ignoré, plus signalé",
        "en": "{name}: ignored, not reported again",
    },
    "watchers.notice.pipeline.failed": {
        "fr": "⚠ {name} : l'*arr a refusé ({error}), rien retiré",
        "en": "⚠ {name}: the *arr refused ({error}), nothing removed",
    },
    "watchers.notice.stalled.removed": {
        "fr": "🐢 {name} : {why} ; retiré via {arr}, version mise en liste noire, nouvelle recherche lancée",
        "en": "🐢 {name}: {why}; removed through {arr}, release blocklisted, new search started",
    },
    "watchers.notice.stalled.would_remove": {
        "fr": "🐢 {name} : {why} ; serait retiré via {arr} (liste noire et nouvelle recherche)",
        "en": "🐢 {name}: {why}; would be removed through {arr} (blocklist and new search)",
    },
    "watchers.notice.stalled.tagged": {
        "fr": "🐢 {name} : {why} ; tracker privé ou inconnu, marqué {tag}, jamais supprimé",
        "en": "🐢 {name}: {why}; private or unknown tracker, tagged {tag}, never removed",
    },
    "watchers.notice.stalled.report": {
        "fr": "🐢 {name} : {why} ; ni Radarr ni Sonarr ne peut le remplacer, à regarder",
        "en": "🐢 {name}: {why}; neither Radarr nor Sonarr can replace it, please look",
    },
    "watchers.notice.stalled.ask": {
        "fr": "🐢 {name} : {why} ; à décider par un admin",
        "en": "🐢 {name}: {why}; an admin decides",
    },
    "watchers.stalled.why.download": {
        "fr": "aucun progrès depuis {duration}",
        "en": "no progress for {duration}",
    },
    "watchers.stalled.why.metadata": {
        "fr": "métadonnées introuvables depuis {duration}",
        "en": "no metadata for {duration}",
    },
    "watchers.notice.malware.removed": {
        "fr": "🦠 {name} : {why} ; retiré via {arr} et mis en liste noire, nouvelle recherche lancée",
        "en": "🦠 {name}: {why}; removed through {arr} and blocklisted, new search started",
    },
    "watchers.notice.malware.would_remove": {
        "fr": "🦠 {name} : {why} ; serait retiré via {arr} et mis en liste noire",
        "en": "🦠 {name}: {why}; would be removed through {arr} and blocklisted",
    },
    "watchers.notice.malware.tagged": {
        "fr": "🦠 {name} : {why} ; marqué {tag}",
        "en": "🦠 {name}: {why}; tagged {tag}",
    },
    "watchers.notice.malware.report": {
        "fr": "🦠 {name} : {why} ; hors Radarr/Sonarr, rien retiré, à regarder",
        "en": "🦠 {name}: {why}; not Radarr's or Sonarr's, nothing removed, please look",
    },
    "watchers.notice.malware.ask": {
        "fr": "🦠 {name} : {why} ; tracker privé ou inconnu : rien n'est retiré sans un admin",
        "en": "🦠 {name}: {why}; private or unknown tracker: nothing is removed without an admin",
    },
    "watchers.malware.why.extension": {"fr": "fichier interdit {file}", "en": "forbidden file {file}"},
    "watchers.malware.why.not_video": {
        "fr": "le plus gros fichier n'est pas une vidéo ({file})",
        "en": "the largest file is not a video ({file})",
    },
    "watchers.malware.why.too_small": {
        "fr": "vidéo bien trop petite pour sa durée ({file})",
        "en": "video far too small for its runtime ({file})",
    },
    "watchers.notice.disk.paused": {
        "fr": "💽 {tier} sous son seuil ({free} libres) : {count} téléchargement(s) en pause, "
        "reprise quand l'espace revient",
        "en": "💽 {tier} below its floor ({free} free): paused {count} download(s), "
        "resumed when space returns",
    },
    "watchers.notice.disk.would_pause": {
        "fr": "💽 {tier} sous son seuil ({free} libres) : {count} téléchargement(s) seraient mis en pause",
        "en": "💽 {tier} below its floor ({free} free): would pause {count} download(s)",
    },
    "watchers.notice.disk.paused_admission": {
        "fr": "💽 {tier} n'a pas la place ({free} libres) : {count} téléchargement(s) attendent en pause",
        "en": "💽 {tier} has no room ({free} free): paused {count} download(s) until there is",
    },
    "watchers.notice.disk.would_pause_admission": {
        "fr": "💽 {tier} n'a pas la place ({free} libres) : {count} téléchargement(s) attendraient en pause",
        "en": "💽 {tier} has no room ({free} free): would pause {count} download(s)",
    },
    "watchers.notice.disk.resumed": {
        "fr": "💽 de la place est revenue : {count} téléchargement(s) relancé(s)",
        "en": "💽 space is back: resumed {count} download(s)",
    },
    "watchers.notice.disk.misconfigured": {
        "fr": "💽 {tier} mal réglé : son seuil d'espace libre ({floor}) plus sa marge de reprise ({margin}) "
        "n'est pas sous la taille du disque ({total}), il ne peut jamais être atteint. Rien n'y est "
        "supprimé pour lui et ses téléchargements restent en pause : réglez floor_bytes / floor_percent / "
        "hysteresis_bytes de ce disque dans myflix_bot_disk_tiers pour que seuil + marge restent sous sa "
        "taille",
        "en": "💽 {tier} is misconfigured: its free-space floor ({floor}) plus its resume margin ({margin}) "
        "is not below the disk's size ({total}), so it can never be met. Nothing is deleted for it and its "
        "downloads stay paused: set this disk's floor_bytes / floor_percent / hysteresis_bytes in "
        "myflix_bot_disk_tiers so that floor + margin stay below its size",
    },
    "watchers.notice.disk.unavailable": {
        "fr": "💽 {tier} absent ({path}) : rien n'y est écrit, ses téléchargements restent en pause",
        "en": "💽 {tier} is unavailable ({path}): nothing is written there, its downloads stay paused",
    },
}
