"""The chart's texts (every key in French and English), registered with the one catalog."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "charts.button": {"fr": "📈 Graphiques", "en": "📈 Charts"},
    "charts.caption": {
        "fr": "📈 <b>Les dernières {hours} h</b> : température, débit, stockage, VPN",
        "en": "📈 <b>The last {hours} h</b>: temperature, throughput, storage, VPN",
    },
    "charts.down": {
        "fr": "📉 Pas de graphique : Prometheus ne répond pas ({why}).",
        "en": "📉 No chart: Prometheus does not answer ({why}).",
    },
    "charts.why.unreachable": {"fr": "injoignable", "en": "unreachable"},
    "charts.why.timeout": {"fr": "délai dépassé", "en": "timed out"},
    "charts.why.http": {"fr": "erreur HTTP {code}", "en": "HTTP error {code}"},
    "charts.why.answer": {"fr": "réponse illisible", "en": "unreadable answer"},
    "charts.empty": {
        "fr": "📉 Pas de graphique : Prometheus n'a encore aucune mesure du bot.",
        "en": "📉 No chart: Prometheus has no reading of the bot yet.",
    },
    "charts.failed": {
        "fr": "📉 Le graphique n'a pas pu être dessiné.",
        "en": "📉 The chart could not be drawn.",
    },
    "charts.temperature": {"fr": "Température du processeur", "en": "CPU temperature"},
    "charts.throttle": {"fr": "bridage {temp} °C", "en": "throttle {temp} °C"},
    "charts.throughput": {"fr": "Débit des torrents", "en": "Torrent throughput"},
    "charts.download": {"fr": "réception", "en": "download"},
    "charts.upload": {"fr": "envoi", "en": "upload"},
    "charts.mb_per_s": {"fr": "Mo/s", "en": "MB/s"},
    "charts.storage": {"fr": "Stockage utilisé", "en": "Storage used"},
    "charts.vpn": {"fr": "VPN (vert : actif, rouge : coupé)", "en": "VPN (green: up, red: down)"},
    "charts.vpn_legend": {"fr": "VPN", "en": "VPN"},
    "charts.no_data": {"fr": "pas de données", "en": "no data"},
}
