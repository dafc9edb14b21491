"""The alert texts of the catalog: per alert, what happened and what to do (French and English).

``alerts.<Name>.what`` may use ``{subject}`` (the tier, source, watcher or container of the alert);
an alert without its own texts uses ``alerts.other.*`` with its name.
"""

from __future__ import annotations

KNOWN = (
    "MyflixStorageAlmostFull",
    "MyflixStorageFull",
    "MyflixCpuTemperatureHigh",
    "MyflixCpuTemperatureCritical",
    "MyflixCpuThrottled",
    "MyflixVpnDown",
    "MyflixVpnLeak",
    "MyflixPortOutOfSync",
    "MyflixQbittorrentDown",
    "MyflixGluetunDown",
    "MyflixArrDown",
    "MyflixSourceDown",
    "MyflixContainerRestartStorm",
    "MyflixContainerNearMemoryLimit",
    "MyflixWatcherStalled",
    "MyflixExporterDown",
    "MyflixNodeExporterDown",
    # roles/myflix_backup's own rules (myflix_backup_alerts.yml)
    "MyflixBackupTooOld",
    "MyflixBackupNeverSucceeded",
    "MyflixRestoreDrillFailed",
)

_TEXTS: dict[str, dict[str, dict[str, str]]] = {
    "MyflixStorageAlmostFull": {
        "what": {"fr": "Le disque {subject} est presque plein", "en": "Disk {subject} is almost full"},
        "todo": {
            "fr": "Supprimez des films ou séries déjà vus, ou videz la corbeille du nettoyage.",
            "en": "Delete movies or series already watched, or empty the clean-up recycle bin.",
        },
    },
    "MyflixStorageFull": {
        "what": {"fr": "Le disque {subject} est plein", "en": "Disk {subject} is full"},
        "todo": {
            "fr": "Libérez de la place maintenant : les téléchargements et imports vont échouer.",
            "en": "Free some space now: downloads and imports are about to fail.",
        },
    },
    "MyflixCpuTemperatureHigh": {
        "what": {"fr": "Le Pi chauffe", "en": "The Pi is running hot"},
        "todo": {
            "fr": "Vérifiez le ventilateur et l'aération ; les téléchargements sont déjà ralentis.",
            "en": "Check the fan and the airflow; downloads are already slowed down.",
        },
    },
    "MyflixCpuTemperatureCritical": {
        "what": {"fr": "Le Pi est brûlant", "en": "The Pi is overheating"},
        "todo": {
            "fr": "Vérifiez tout de suite le ventilateur ; le Pi va se brider lui-même.",
            "en": "Check the fan right away; the Pi is about to throttle itself.",
        },
    },
    "MyflixCpuThrottled": {
        "what": {
            "fr": "Le Pi se bride (alimentation ou chaleur)",
            "en": "The Pi throttles itself (power or heat)",
        },
        "todo": {
            "fr": "Vérifiez l'alimentation (5 V 5 A officielle) et le refroidissement.",
            "en": "Check the power supply (official 5 V 5 A) and the cooling.",
        },
    },
    "MyflixVpnDown": {
        "what": {"fr": "Le VPN est coupé", "en": "The VPN is down"},
        "todo": {
            "fr": "Les torrents restent arrêtés jusqu'au retour du VPN ; regardez les journaux de Gluetun.",
            "en": "Torrents stay stopped until the VPN is back; look at Gluetun's logs.",
        },
    },
    "MyflixVpnLeak": {
        "what": {"fr": "Fuite : le trafic sort sans le VPN", "en": "Leak: traffic bypasses the VPN"},
        "todo": {
            "fr": "Tous les torrents sont arrêtés ; vérifiez la configuration de Gluetun avant de relancer.",
            "en": "Every torrent is stopped; check Gluetun's configuration before resuming.",
        },
    },
    "MyflixPortOutOfSync": {
        "what": {
            "fr": "qBittorrent n'écoute pas sur le port du VPN",
            "en": "qBittorrent does not listen on the VPN's port",
        },
        "todo": {
            "fr": "La synchronisation du port réessaie seule ; si cela dure, redémarrez qBittorrent.",
            "en": "Port sync keeps retrying; if it lasts, restart qBittorrent.",
        },
    },
    "MyflixQbittorrentDown": {
        "what": {"fr": "qBittorrent ne répond plus", "en": "qBittorrent does not answer"},
        "todo": {
            "fr": "Plus aucun téléchargement n'avance ; l'auto-guérison va tenter un redémarrage.",
            "en": "No download progresses; auto-heal will try a restart.",
        },
    },
    "MyflixGluetunDown": {
        "what": {"fr": "Gluetun (le VPN) ne répond plus", "en": "Gluetun (the VPN) does not answer"},
        "todo": {
            "fr": "L'état du VPN est inconnu ; regardez le conteneur gluetun.",
            "en": "The VPN state is unknown; look at the gluetun container.",
        },
    },
    "MyflixArrDown": {
        "what": {"fr": "{subject} ne répond plus", "en": "{subject} does not answer"},
        "todo": {
            "fr": "Les demandes et le catalogue ne sont plus à jour ; regardez le conteneur.",
            "en": "Requests and the catalog are not updated; look at the container.",
        },
    },
    "MyflixSourceDown": {
        "what": {"fr": "Le bot ne lit plus {subject}", "en": "The bot cannot read {subject}"},
        "todo": {"fr": "Ce que /status en montre est ancien.", "en": "What /status shows about it is old."},
    },
    "MyflixContainerRestartStorm": {
        "what": {
            "fr": "Le conteneur {subject} redémarre en boucle",
            "en": "Container {subject} keeps restarting",
        },
        "todo": {
            "fr": "L'auto-guérison va abandonner ; regardez les journaux du conteneur.",
            "en": "Auto-heal is about to give up; look at the container's logs.",
        },
    },
    "MyflixContainerNearMemoryLimit": {
        "what": {
            "fr": "Le conteneur {subject} approche de sa limite de mémoire",
            "en": "Container {subject} is close to its memory limit",
        },
        "todo": {
            "fr": "À la limite, le noyau le tue ; relevez sa limite ou cherchez ce qui gonfle.",
            "en": "At the limit the kernel kills it; raise its limit or find what grows.",
        },
    },
    "MyflixWatcherStalled": {
        "what": {"fr": "La tâche « {subject} » est bloquée", "en": "Task “{subject}” is stuck"},
        "todo": {"fr": "Voyez /status et /logs.", "en": "See /status and /logs."},
    },
    "MyflixExporterDown": {
        "what": {"fr": "Je ne vois plus le bot", "en": "I can no longer see the bot"},
        "todo": {"fr": "Redémarrez le service myflix-bot.", "en": "Restart the myflix-bot service."},
    },
    "MyflixNodeExporterDown": {
        "what": {
            "fr": "Je ne vois plus les mesures du système (node-exporter)",
            "en": "I can no longer see the system metrics (node-exporter)",
        },
        "todo": {
            "fr": "Redémarrez le service prometheus-node-exporter sur le Pi.",
            "en": "Restart the prometheus-node-exporter service on the Pi.",
        },
    },
    "MyflixBackupTooOld": {
        "what": {"fr": "Plus de sauvegarde réussie depuis 36 h", "en": "No successful backup for 36 h"},
        "todo": {
            "fr": "Envoyez /backup pour la raison (Pi trop chaud, disque plein, erreur restic).",
            "en": "Send /backup for the reason (Pi too hot, disk full, restic error).",
        },
    },
    "MyflixBackupNeverSucceeded": {
        "what": {"fr": "Aucune sauvegarde n'a jamais réussi", "en": "No backup has ever succeeded"},
        "todo": {
            "fr": "Lancez sudo myflix-backup run sur le Pi et lisez son message.",
            "en": "Run sudo myflix-backup run on the Pi and read its message.",
        },
    },
    "MyflixRestoreDrillFailed": {
        "what": {
            "fr": "L'exercice de restauration a échoué : les sauvegardes pourraient ne pas se restaurer",
            "en": "The restore drill failed: the backups may not restore",
        },
        "todo": {
            "fr": "journalctl -u myflix-backup-drill sur le Pi liste les problèmes ; /backup les résume.",
            "en": "journalctl -u myflix-backup-drill on the Pi lists the problems; /backup sums them up.",
        },
    },
}

MESSAGES: dict[str, dict[str, str]] = {
    "alerts.firing": {"fr": "🔴 <b>{what}</b>", "en": "🔴 <b>{what}</b>"},
    "alerts.resolved": {"fr": "✅ <b>Résolu : {what}</b>", "en": "✅ <b>Resolved: {what}</b>"},
    "alerts.since": {"fr": "depuis {time} (il y a {age})", "en": "since {time} ({age} ago)"},
    "alerts.lasted": {"fr": "a duré {age}", "en": "lasted {age}"},
    "alerts.todo": {"fr": "👉 {todo}", "en": "👉 {todo}"},
    "alerts.status_button": {"fr": "📊 État du serveur", "en": "📊 Server status"},
    "alerts.other.what": {"fr": "Alerte {name}", "en": "Alert {name}"},
    "alerts.other.todo": {"fr": "Voyez /status.", "en": "See /status."},
    **{f"alerts.{name}.{part}": texts for name, parts in _TEXTS.items() for part, texts in parts.items()},
}
