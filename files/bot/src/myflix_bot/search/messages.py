"""The search feature's messages, registered with the core catalog (every key in FR and EN)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "cmd.search": {"fr": "Chercher un film ou une série", "en": "Find a movie or series"},
    "cmd.requests": {"fr": "Mes demandes", "en": "My requests"},
    "usage.search": {"fr": "[titre, lien ou id]", "en": "[title, link or id]"},
    "search.card": {
        "fr": "{icon} <b>{title}</b>{year}\n{meta}\n\n{overview}",
        "en": "{icon} <b>{title}</b>{year}\n{meta}\n\n{overview}",
    },
    "search.meta.movie": {"fr": "Film · TMDB {id}", "en": "Movie · TMDB {id}"},
    "search.meta.series": {"fr": "Série · TVDB {id}{seasons}", "en": "Series · TVDB {id}{seasons}"},
    "search.meta.seasons": {"fr": " · {count} saisons", "en": " · {count} seasons"},
    "search.meta.season": {"fr": " · saison {season} demandée", "en": " · season {season} requested"},
    "search.add": {"fr": "➕ Ajouter", "en": "➕ Add"},
    "search.add_season": {"fr": "➕ Ajouter la saison {season}", "en": "➕ Add season {season}"},
    "search.follow": {"fr": "🔔 Me prévenir quand c'est prêt", "en": "🔔 Tell me when it is ready"},
    "search.others": {"fr": "🔎 Autres résultats", "en": "🔎 Other results"},
    "search.choose": {
        "fr": "🔎 Plusieurs résultats pour « {query} » — lequel ?",
        "en": "🔎 Several results for “{query}” — which one?",
    },
    "search.not_found": {
        "fr": "🤷 Rien trouvé pour « {query} ». Essayez le titre original, l'année ou un lien IMDb/TMDB.",
        "en": "🤷 Nothing found for “{query}”. Try the original title, the year or an IMDb/TMDB link.",
    },
    "search.in_library": {
        "fr": "📚 Déjà dans la bibliothèque : <b>{title}</b>{year} — {state}",
        "en": "📚 Already in the library: <b>{title}</b>{year} — {state}",
    },
    "search.state.downloaded": {"fr": "✅ téléchargé", "en": "✅ downloaded"},
    "search.state.episodes": {"fr": "✅ {have}/{total} épisodes", "en": "✅ {have}/{total} episodes"},
    "search.state.waiting": {"fr": "⏳ pas encore téléchargé", "en": "⏳ not downloaded yet"},
    "search.added": {
        "fr": "✅ Ajouté : <b>{title}</b>{year}. La recherche est lancée, je vous préviens à chaque étape.",
        "en": "✅ Added: <b>{title}</b>{year}. Searching now; I will tell you at each step.",
    },
    "search.added_season": {
        "fr": "✅ Ajouté : <b>{title}</b>{year}, saison {season}. La recherche est lancée, "
        "je vous préviens à chaque étape.",
        "en": "✅ Added: <b>{title}</b>{year}, season {season}. Searching now; I will tell you at each step.",
    },
    "search.retry": {"fr": "🔁 Réessayer", "en": "🔁 Try again"},
    "search.exists": {
        "fr": "📚 <b>{title}</b>{year} est déjà dans la bibliothèque — {state}",
        "en": "📚 <b>{title}</b>{year} is already in the library — {state}",
    },
    "search.add_failed": {
        "fr": "😵 Impossible d'ajouter <b>{title}</b> pour l'instant ({app} ne répond pas comme prévu).",
        "en": "😵 Could not add <b>{title}</b> right now ({app} did not answer as expected).",
    },
    "search.unavailable": {
        "fr": "⚠️ Recherche indisponible : ni Radarr ni Sonarr ne sont configurés.",
        "en": "⚠️ Search unavailable: neither Radarr nor Sonarr is configured.",
    },
    "search.down": {
        "fr": "⚠️ {apps} injoignable, réessayez dans un moment.",
        "en": "⚠️ {apps} unreachable, try again in a moment.",
    },
    "search.not_yours": {"fr": "Cette recherche est celle de quelqu'un d'autre.", "en": "Not your search."},
    "search.working": {"fr": "⏳ J'ajoute…", "en": "⏳ Adding…"},
    "search.life.grabbed": {
        "fr": "📥 {title} : trouvé, le téléchargement commence.",
        "en": "📥 {title}: found, the download is starting.",
    },
    "search.life.progress": {"fr": "⬇️ {title} : {percent} %", "en": "⬇️ {title}: {percent}%"},
    "search.life.imported": {
        "fr": "🍿 {title} est prêt à regarder !",
        "en": "🍿 {title} is ready to watch!",
    },
    "search.life.failed": {
        "fr": "⚠️ {title} : le téléchargement a échoué, une autre source sera cherchée.",
        "en": "⚠️ {title}: the download failed; another release will be searched.",
    },
    "requests.title": {"fr": "📋 <b>Mes demandes</b>", "en": "📋 <b>My requests</b>"},
    "requests.empty": {
        "fr": "Aucune demande pour l'instant. Envoyez un titre pour commencer.",
        "en": "No requests yet. Send a title to start.",
    },
    "requests.state.requested": {"fr": "✅ approuvée, recherche en cours", "en": "✅ approved, searching"},
    "requests.state.grabbed": {"fr": "📥 trouvé", "en": "📥 grabbed"},
    "requests.state.downloading": {"fr": "⬇️ {progress} %", "en": "⬇️ {progress}%"},
    "requests.state.imported": {"fr": "🍿 prêt", "en": "🍿 ready"},
    "requests.state.failed": {"fr": "⚠️ échec", "en": "⚠️ failed"},
}
