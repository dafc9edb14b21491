"""The household texts, registered with the core catalog (every key in FR and EN)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "cmd.demandes": {
        "fr": "Mes demandes (admins : celles en attente)",
        "en": "My requests (admins: pending ones)",
    },
    "cmd.invite": {"fr": "Inviter un membre (code à usage unique)", "en": "Invite a member (one-time code)"},
    "house.sent": {
        "fr": "🕐 Demande envoyée aux administrateurs : <b>{title}</b>{year}. "
        "Je vous préviens de leur réponse.",
        "en": "🕐 Request sent to the admins: <b>{title}</b>{year}. I will tell you their answer.",
    },
    "house.joined": {
        "fr": "🕐 <b>{title}</b>{year} est déjà demandé : votre demande s'ajoute, "
        "je vous préviens de la réponse.",
        "en": "🕐 <b>{title}</b>{year} was already requested: yours joins it; I will tell you the answer.",
    },
    "house.follow": {
        "fr": "📥 <b>{title}</b>{year} est déjà en route : je vous préviens quand c'est prêt.",
        "en": "📥 <b>{title}</b>{year} is already on its way: I will tell you when it is ready.",
    },
    "house.duplicate": {
        "fr": "ℹ️ Vous avez déjà demandé <b>{title}</b>{year} : /demandes montre où elle en est.",
        "en": "ℹ️ You already requested <b>{title}</b>{year}: /demandes shows where it stands.",
    },
    "house.available": {
        "fr": "🍿 <b>{title}</b>{year} est déjà disponible.",
        "en": "🍿 <b>{title}</b>{year} is already available.",
    },
    "house.quota": {
        "fr": "⛔ Quota atteint : {limit} {what} par {days} jours. Réessayez plus tard.",
        "en": "⛔ Quota reached: {limit} {what} per {days} days. Try again later.",
    },
    "house.left": {
        "fr": "Il vous reste {left} {what} sur {limit} ({days} jours).",
        "en": "You have {left} {what} left of {limit} ({days} days).",
    },
    "house.what.movie": {"fr": "film(s)", "en": "movie(s)"},
    "house.what.series": {"fr": "série(s)", "en": "series"},
    "house.ask": {
        "fr": "🙋 <b>Demande de {who}</b>\n{card}",
        "en": "🙋 <b>Request from {who}</b>\n{card}",
    },
    "house.ask.card": {
        "fr": "{icon} <b>{title}</b>{year}{season}\n{meta}",
        "en": "{icon} <b>{title}</b>{year}{season}\n{meta}",
    },
    "house.season": {"fr": " · saison {season}", "en": " · season {season}"},
    "house.approve": {"fr": "✅ Approuver", "en": "✅ Approve"},
    "house.refuse": {"fr": "❌ Refuser", "en": "❌ Refuse"},
    "house.refuse.no_reason": {"fr": "❌ Refuser sans raison", "en": "❌ Refuse without a reason"},
    "house.refuse.prompt": {
        "fr": "✍️ Répondez avec la raison du refus de <b>{title}</b>, ou touchez le bouton.",
        "en": "✍️ Reply with the reason for refusing <b>{title}</b>, or tap the button.",
    },
    "house.decided.approved": {
        "fr": "✅ Approuvée par {who}.",
        "en": "✅ Approved by {who}.",
    },
    "house.decided.refused": {"fr": "❌ Refusée par {who}.", "en": "❌ Refused by {who}."},
    "house.decided.already": {
        "fr": "Cette demande a déjà été traitée.",
        "en": "This request was already handled.",
    },
    "house.add_failed": {
        "fr": "😵 Impossible d'ajouter <b>{title}</b> pour l'instant ; la demande reste en attente.",
        "en": "😵 Could not add <b>{title}</b> right now; the request is still pending.",
    },
    "house.notice.approved": {
        "fr": "✅ Votre demande est approuvée : <b>{title}</b>{year}. La recherche est lancée.",
        "en": "✅ Your request was approved: <b>{title}</b>{year}. Searching now.",
    },
    "house.notice.refused": {
        "fr": "❌ Votre demande <b>{title}</b>{year} est refusée.",
        "en": "❌ Your request <b>{title}</b>{year} was refused.",
    },
    "house.notice.reason": {"fr": "Raison : « {reason} »", "en": "Reason: “{reason}”"},
    "house.pending.title": {
        "fr": "🙋 <b>En attente d'approbation</b>",
        "en": "🙋 <b>Waiting for approval</b>",
    },
    "house.invite": {
        "fr": "🎟️ Code d'invitation (une seule fois, valable jusqu'au {until} UTC) :\n"
        "<code>{code}</code>\n{link}",
        "en": "🎟️ Invitation code (once, valid until {until} UTC):\n<code>{code}</code>\n{link}",
    },
    "house.welcome": {
        "fr": "👋 Bienvenue {name} ! Envoyez le titre d'un film ou d'une série pour le demander.",
        "en": "👋 Welcome {name}! Send the title of a movie or a series to request it.",
    },
    "requests.state.pending": {"fr": "🕐 en attente d'approbation", "en": "🕐 waiting for approval"},
    "requests.state.refused": {"fr": "❌ refusée", "en": "❌ refused"},
}
