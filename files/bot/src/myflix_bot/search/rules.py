"""A deterministic parser for plain requests in French or English.

    "ajoute le film dune de 2021"       -> movie, "dune", 2021
    "la série the office saison 2"      -> series, "the office", season 2
    "dune partie deux"                  -> kind unknown, "dune partie deux"
    "I want to watch Inception (2010)"  -> kind unknown, "inception", 2010

It removes request words at the edges (politeness, verbs, "le film", "the show"), reads the kind from
words like film/série/saison, a year (1900-2039) when it is not the whole title, and a season number.
What remains is the title. It never fails: at worst the title is the whole text.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime

from myflix_bot.search import hints
from myflix_bot.search.ids import parse_ids, strip_ids, tvdb_slug
from myflix_bot.search.people import lexicon
from myflix_bot.search.query import Kind, ParsedQuery
from myflix_bot.search.text import fold

_MOVIE_WORDS = r"(?:le |un |les |des |the |a )?(?:film|movie|long[- ]m[ée]trage)s?"
_SERIES_WORDS = r"(?:la |une |les |des |the |a )?(?:s[ée]ries?|tv show|serie tv|feuilleton|anime)"
# "Please", however it is typed ("steuplé": "s'il te plaît" as it is said), before or after a title
_PLEASE = r"s'?il (?:te|vous) pla[iî]t|svp|stp|steupl[ée]|steuplait|siouplait|please|pls"
_LEAD = re.compile(
    r"^(?:"
    r"(?:" + _PLEASE + r"|hey|salut|bonjour|hello|hi|yo|ok|alors|coucou)\b[ ,!]*|"
    r"(?:merci|thanks|thank you)\s+(?:de |d'|to |for |for adding )|"
    r"(?:est-ce qu'on|est ce qu'on|on|tu|vous|je|nous|i|we)\s+"
    r"(?:peut|peux|pourrait|pourrais|pourrait-on|can|could)"
    r"(?: me| m'| nous| us)?\s*(?:avoir|have|get|mettre|ajouter|add)?\b\s*|"
    r"(?:peut-on|peut on|can i|can we|could i|could we|may i)(?: have| get| avoir)?\b\s*|"
    r"(?:i'?d|i would|we'?d|we would|j'adorerais|j'aimerais bien)(?: really)? (?:love|like|want)? ?(?:to )?|"
    r"(?:do you have|tu as|t'as|vous avez|avez-vous|as-tu)\b\s*|"
    r"(?:est-ce que |est ce que )?(?:tu peux|vous pouvez|peux-tu|peux tu|pouvez-vous|pourrais-tu|"
    r"pourrais tu|can you|could you|would you)(?: me\b| m'| nous\b)?\s*|"
    r"(?:je (?:veux|voudrais|cherche|souhaite|aimerais)|j'?aimerais|i (?:want|would like|'d like|need)|"
    r"i'd like|on (?:veut|pourrait)|need|want|gimme|give me|show me|montre[- ]moi|il me faut|"
    r"j'?ai envie de|let'?s watch)(?: bien)?(?: (?:voir|regarder|avoir|telecharger|télécharger|watch|"
    r"see|get|download))?\s*|"
    r"(?:ajoute|ajouter|ajoutes|rajoute|mets|mettre|met|t[ée]l[ée]charge|t[ée]l[ée]charger|dl|"
    r"cherche|chercher|recherche|trouve|trouver|add|download|get|grab|find|search(?: for)?|fetch|"
    r"look for|regarder|voir|watch|to watch|to see|mater|choper|r[ée]cup[ée]rer|stream)\b[ ,:]*"
    r"(?:moi |me |nous |us )?|"
    r"(?:" + _MOVIE_WORDS + r"|" + _SERIES_WORDS + r")\b[ ,:]*|"
    r"(?:the |a )show\b[ ,:]*"  # "the show severance"; at the end it is a title's ("The Truman Show")
    r")",
    re.I,
)
# The form of a film that no lookup's data tells: silent, black and white, colourised
_FORM_WORDS = (
    r"(?:(?:en |in )?(?:noir (?:et|&) blanc|black (?:and|&) white|n&b|b&w)|muet|muette|silent (?:film|movie)|"
    r"coloris[ée]e?|colori[sz]ed)"
)
_FORM_SAID = re.compile(r"(?<![\w&])" + _FORM_WORDS + r"(?![\w&])", re.I)


def form_said(text: str) -> bool:
    """``text`` says the form of the film (silent, black and white, colourised): the parser takes it off
    the title, and no data tells which homonym has it, so popularity may not pick one ("scarface noir et
    blanc" is the 1932 film, not the popular 1983 one)."""
    return bool(_FORM_SAID.search(text))


_TAIL = re.compile(
    r"(?:[ ,!.?]+(?:" + _PLEASE + r"|merci(?: beaucoup| bcp)?|thanks(?: a lot)?|thank you|thx|thanx|thnx|tks|"
    r"(?:la |une |the |a )?mini[- ]?s[ée]ries?|"
    r"en (?:4k|hd|1080p?|vf|vostfr|vo|fran[çc]ais)|in (?:4k|hd|1080p?)|(?:le |la |the |un |une |a )?"
    r"(?:film|movie|s[ée]rie|series|tv show)|"
    r"pour (?:moi|ce soir)|tonight|ce soir|asap|for me|for tonight|quand tu peux|when you can|si possible|"
    # who it is for: "le monde de nemo pour les enfants", "frozen for the kids"
    r"pour (?:les |mes |nos |ma |mon |la |le )?(?:enfants?|gosses|petits?|petites?|kids|fille|fils|"
    r"famille|filles|gar[çc]ons|ados?)|"
    r"for (?:the |my |our )?(?:kids|children|family|son|daughter|little ones)|en famille|"
    # how it is watched: "inception en blu-ray", "dune sous-titré"
    r"(?:en |in |on )?(?:blu[- ]?ray|dvd|streaming|vod)|(?:avec (?:les )?)?sous[- ]titres?|"
    r"sous[- ]titr[ée]e?s?|subtitled|with subtitles|"
    r"if possible|vf|vostfr|vo|multi|4k|hd|1080p?|720p|en entier|complete?|compl[eè]te|"
    r"aussi|[ée]galement|also|as well|"  # "jveux le parrain 2 aussi"
    # an edition or a cut of the item: the same item to the *arr ("blade runner director's cut")
    r"(?:en |in |the |la |le |l')?(?:director'?s? cut|version (?:originale|longue|courte|director'?s? cut|"
    r"remasteris[ée]e|restaur[ée]e|originale? remasteris[ée]e|cin[ée]ma|salle|int[ée]grale)|"
    r"extended(?: edition| cut| version)?|(?:final|theatrical|ultimate) (?:cut|edition|version)|"
    r"(?:special|collector'?s?|anniversary) edition|"
    r"[ée]dition (?:longue|collector|remasteris[ée]e|sp[ée]ciale|ultime|limit[ée]e)|remastered|"
    r"remasteris[ée]e?|unrated|uncut|imax|en 3d|in 3d)|"
    # the form of the film: silent, black and white, colourised ("the artist film muet")
    r"(?:(?:le |un |the |a )?(?:film|movie) )?" + _FORM_WORDS + r")|"
    r"[ ,!.?]+)$",
    re.I,
)
_SEASON = re.compile(
    r"(?:(?<!['’])\b(?:saison|season|s)\s*(\d{1,2})\b|\b(\d{1,2})(?:e|ème|eme|th|st|nd|rd) saison\b|"
    r"\bs(\d{1,2})e\d{1,3}\b)",
    re.I,
)
_EPISODE_AFTER = re.compile(r"^\s*[,-]?\s*(?:[ée]pisodes?|episodes?|eps?|e)\.?\s*\d{1,3}\b", re.I)
_ALL_SEASONS = re.compile(r"\b(?:toutes les saisons|all seasons|int[ée]grale|compl[eè]te?)\b", re.I)
_YEAR = re.compile(
    r"(?:[\(\[]\s*((?:19|20)\d\d)\s*[\)\]]|\b(?:de|from|sorti en|of|en|year|ann[ée]e)\s+((?:19|20)\d\d)\b|"
    r"\b((?:19|20)\d\d)\b)",
    re.I,
)
_KIND_MOVIE = re.compile(r"\b(?:film|films|movie|movies|long[- ]m[ée]trage)\b", re.I)
# "show" alone is not a cue: "The Truman Show", "The Morning Show".
# "anime" is no cue: a Japanese cartoon is a film as often ("akira anime"); the hints read it as one
_KIND_SERIES = re.compile(r"\b(?:s[ée]ries?|tv show|feuilleton|saisons?|seasons?|miniseries)\b", re.I)
# ... but "the show" after a title is ("hannibal the show": the series, not the film)
_TRAILING_SHOW = re.compile(r"(?<=\w)\s+(?:the|a|le) show[\s!.?]*$", re.I)
# A kind said between the title and words about it ("lost la série abc", "fargo serie noah hawley",
# "westworld le film yul brynner"): a kind cue, and the words after it read as typed after the title
# ("the witcher la série blood origin" names more than 'The Witcher'); not before a linking word, which
# the hints read ("le film des coen"), nor an English word without its article ("scary movie 2").
_INNER_KIND = re.compile(
    r"(?<=\w)\s+(?:(?:la|le|the) (s[ée]rie|series|film|movie|show)|(s[ée]rie))\s+"
    r"(?!(?:de|des|du|d'|by|par|avec|with|of|starring)\b)(?=\w)",
    re.I,
)


# Words that open a request, read a word at a time (the phrasings are too many for patterns): a
# request opens with a run of these, and the title starts after the last verb or politeness word of
# the run ("hey bot, get me whiplash", "any chance you could grab arcane", "dis, tu peux me mettre
# fleabag"). A run without such a word is left alone: it may be the title ("I, Robot", "Can You Ever...").
_REQUEST_VERBS = lexicon(
    """
    ajoute ajoutes ajoutez rajoute rajoutes rajoutez mets met mettez telecharge telechargez dl cherche
    cherches recherche trouve trouves trouvez veux voudrais voudrait aimerais aimerait souhaite
    souhaiterais adorerais envie besoin donne montre lance stp svp steuple steuplait siouplait plait bonjour
    bonsoir salut coucou hey merci
    add get grab download find fetch search want wanna need please pls plz hi hello yo give gimme put
    queue stream send dispo dispos disponible available
    """
)
# Infinitives open a title as often as a request ("avoir 20 ans dans les aurès", "Watch the Skies"):
# verbs only after another request word ("on peut avoir", "I want to watch").
_REQUEST_INFINITIVES = lexicon(
    """
    ajouter rajouter mettre telecharger chercher rechercher trouver voir regarder mater choper recuperer
    avoir donner montrer lancer watch see have avez
    """
)
_REQUEST_FILLERS = lexicon(
    """
    can could would will you u tu vous on je j i we peux peut pourrais pourrait pourriez pouvez serait
    il est ce que qu possible me m moi nous us to for pour d de s te t bot dis alors ok okay bien really
    juste just vite any chance do does ai as let lets maybe also aussi mon ma like love suis
    """
)
_REQUEST_OBJECTS = frozenset(["me", "moi", "m", "nous", "us", "for", "pour"])
# Adverbs said right after the verb, before the title ("j'aimerais bien parasite", "I'd really like dune")
_AFTER_VERB = frozenset(["bien", "vraiment", "really", "aussi", "also"])
_TOKEN = re.compile(r"[^\s,;:!?.]+")


def _request_word(word: str) -> bool:
    return word in _REQUEST_VERBS or word in _REQUEST_INFINITIVES or word in _REQUEST_FILLERS


# Spoken French glues the pronoun to the verb after it ("jveux", "jvoudrais", "tu peux mmettre",
# "chuis"): the French request verbs a pronoun is so glued to, and the words "je suis" is said as.
_GLUED_VERBS = lexicon(
    """
    veux voudrais voudrai peux pourrais cherche aimerais aimerai souhaite souhaiterais adorerais ajoute
    rajoute mets telecharge prends lance ajouter rajouter mettre telecharger chercher trouver donner
    montrer lancer
    """
)
_GLUED_PRONOUNS = ("j", "m", "t")
_JE_SUIS = frozenset(["chuis", "chui", "jsuis", "jsui", "shuis"])


def _unglued(word: str) -> list[str]:
    """``word`` (folded) as the request words spoken French glued into one ("jveux" -> "j veux",
    "mmettre" -> "m mettre", "chuis" -> "je suis"), or as it is: only a pronoun glued to a French
    request verb, never a word of the frequency lists ("madd" is no "m add", "tpeux" is "t peux")."""
    if word in _JE_SUIS:
        return ["je", "suis"]
    if word[:1] not in _GLUED_PRONOUNS or word[1:] not in _GLUED_VERBS:
        return [word]
    from myflix_bot.search.spelling import word_counts  # noqa: PLC0415 - lazy, as every search module

    return [word[0], word[1:]] if word not in word_counts() else [word]


def _strip_request_words(text: str) -> str:
    """``text`` without the run of request words it opens with, up to the run's last verb or politeness
    word and the "me"/"moi" after it; never down to request words only ("add us please" keeps "us")."""
    tokens = list(_TOKEN.finditer(text))
    parts = [[u for w in fold(t.group()).split() for u in _unglued(w)] for t in tokens]
    last_verb: int | None = None
    for i, words in enumerate(parts):
        if not words or not all(_request_word(w) for w in words):
            break
        if any(w in _REQUEST_VERBS or (i > 0 and w in _REQUEST_INFINITIVES) for w in words):
            last_verb = i
    if last_verb is None:
        return text
    cut = last_verb + 1
    while (
        cut < len(parts) and parts[cut] and all(w in _REQUEST_OBJECTS or w in _AFTER_VERB for w in parts[cut])
    ):
        cut += 1
    if all(_request_word(w) for words in parts[cut:] for w in words):
        cut = last_verb + 1  # "add us": "us" is the title
    if cut >= len(tokens):
        return text
    start = tokens[cut].start()
    if parts[cut - 1][-1:] in (["envie"], ["besoin"]):
        # "j'ai besoin de kill bill", "envie d'inception": the "de" the phrase asks for is no title word
        word = tokens[cut].group().lower()
        if word == "de" and cut + 1 < len(tokens):
            start = tokens[cut + 1].start()
        elif word[:2] in ("d'", "d’") and len(word) > 2:
            start += 2
    return text[start:]


def _verb(word: str) -> bool:
    return word in _REQUEST_VERBS or word in _REQUEST_INFINITIVES


def _lead_verb(text: str, stripped: str) -> str:
    """The request verb that ``stripped`` lost at its front, right before what is left ("get" in "get out
    jordan peele"), "the show" ("the show must go on"), or the "me"/"moi" after a verb ("ajoute moi moche
    et méchant": the title is "Moi, moche et méchant"): maybe the title's first words. "" otherwise."""
    found = re.search(r"(?<!\w)" + re.escape(stripped), text)  # "out" of "ajoute get out", not of "ajoute"
    at = found.start() if found else -1
    words = fold(text[:at]).split() if at > 0 else []
    verb = words[-1] if words else ""
    if verb == "show" and len(words) > 1 and words[-2] in ("the", "a"):
        return " ".join(words[-2:])
    if verb in _REQUEST_OBJECTS and len(words) > 1 and _verb(words[-2]):
        return verb
    return verb if _verb(verb) else ""


def _strip_edges(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        # never down to nothing: a request that is only such words is a title ("got", "watch")
        text = _TAIL.sub("", text).strip(" ,:;-") or text
        text = _strip_request_words(text)
        text = _LEAD.sub("", text).strip(" ,:;-") or text
    return text


# The words the parser and the hints read (folded), for the typos people make in them ("saisno", "sérei",
# "aojute", "version américaien"): a word mistyped so is read as the word meant.
REQUEST_VOCABULARY = lexicon(
    """
    saison saisons season seasons série séries serie series épisode episode film films movie movies ajoute
    ajouter rajoute télécharge télécharger download please merci thanks version dernier dernière remake
    reboot dessin animé animée action américaine américain american anglaise anglais british britannique
    française français french allemande allemand german coréen coréenne japonais espagnol netflix partie
    chapitre volume cherche trouver regarder mettre première deuxième troisième quatrième
    """
)
# each word as the parser's patterns read it, by its folded spelling
_WRITTEN = {fold(w): w for w in sorted(REQUEST_VOCABULARY)}
MEND_MIN = 4  # shorter words have too many neighbours


def _vocabulary_word(word: str) -> str | None:
    """The request word ``word`` (folded) is a typo of, one edit away (a swap counts as one), when it is no
    word of the frequency lists; None otherwise. The first of the vocabulary on a tie."""
    from rapidfuzz.distance import OSA  # noqa: PLC0415 - lazy, as every search module

    from myflix_bot.search.spelling import word_counts  # noqa: PLC0415

    if len(word) < MEND_MIN or not word.isalpha() or word in _WRITTEN or word in word_counts():
        return None
    near = sorted(v for v in _WRITTEN if OSA.distance(word, v) <= 1)
    return _WRITTEN[near[0]] if near else None


def mend_request_words(text: str) -> str:
    """``text`` with each mistyped request word replaced by the word meant ("game of thrones saisno 8" ->
    "game of thrones saison 8"); a word of any list, a title's word included, is left as typed."""
    out: list[str] = []
    for token in text.split(" "):
        meant = _vocabulary_word(fold(token)) if token else None
        out.append(meant if meant is not None else token)
    return " ".join(out)


def _season(text: str) -> tuple[str, int | None, list[str]]:
    """The text without its season ("dexter saison 1 ep 1": the season's episode too), the season, and
    the words after it when a title comes before it ("white lotus saison 2 sicile": the season in Sicily)."""
    m = _SEASON.search(text)
    if not m:
        return text, None, []
    season = int(next(g for g in m.groups() if g))
    before = re.sub(r"(?:\b(?:la|the|en|in)\s*)$", "", text[: m.start()], flags=re.I)
    after = re.sub(r"^\s*(?:de|d'|of|du)\b\s*", " ", text[m.end() :], flags=re.I)
    after = _EPISODE_AFTER.sub(" ", after)
    described = fold(after).split() if fold(before).strip() else []
    return (before + " " + after).strip(), season, described


def _without_described(title: str, described: list[str]) -> str:
    """``title`` without the words a season was followed by (``described``, folded), when it still ends
    with them and something is left: a series title goes before its season, what comes after tells the
    season ("white lotus saison 2 sicile"), and the ranker reads them as words around the title."""
    words = title.split()
    size = len(described)
    if not size or len(words) <= size or fold(" ".join(words[-size:])).split() != described:
        return title
    return " ".join(words[:-size])


def parse_request(text: str) -> ParsedQuery:
    """Kind, title, year and season of a plain request. Never raises."""
    original = text
    slug = tvdb_slug(text)
    if slug is not None:  # a TheTVDB page of a series, named by its slug
        parsed = parse_request(slug)
        return replace(parsed, text=original, kind="series")
    ids, id_kind = parse_ids(text)
    text = strip_ids(text) if ids else text
    text = mend_request_words(" ".join(text.replace("’", "'").split()))
    kind: Kind | None = id_kind
    # words after a season said after the title: they describe it
    text, season, described = _season(text)
    if season is not None:
        kind = kind or "series"
    if (show := _TRAILING_SHOW.search(text)) and text[: show.start()].strip():
        text = text[: show.start()]
        kind = kind or "series"
    if _ALL_SEASONS.search(text):
        text = _ALL_SEASONS.sub(" ", text)
        kind = kind or "series"
    if kind is None and _KIND_SERIES.search(text):
        kind = "series"
    elif kind is None and _KIND_MOVIE.search(text):
        kind = "movie"
    stripped = _strip_edges(text)
    lead = _lead_verb(text, stripped)
    if kind is None and lead.endswith("show"):
        kind = "series"  # "can you add the show severance"
    text = stripped
    if inner := _INNER_KIND.search(text):  # the words after it are read around the title, as typed
        kind = kind or ("movie" if fold(inner.group(1) or inner.group(2)) in ("film", "movie") else "series")
        text = f"{text[: inner.start()]} {text[inner.end() :]}"
    year: int | None = None
    latest = datetime.now(UTC).year + 2  # "Blade Runner 2049": a year to come is part of the title
    years = [m for m in _YEAR.finditer(text) if int(m.group(1) or m.group(2) or m.group(3)) <= latest]
    if years:
        m = years[-1]
        rest = (text[: m.start()] + " " + text[m.end() :]).strip()
        if _strip_edges(rest):  # "1917" alone, or "2001" in "2001 l'odyssée": keep it as title
            explicit = m.group(1) or m.group(2)
            after_title = bool(text[: m.start()].strip())  # "dune 1984 de lynch"
            if explicit or after_title or len(years) > 1:
                year = int(m.group(1) or m.group(2) or m.group(3))
                text = rest
    title = _strip_edges(" ".join(text.split()))
    found = hints.extract(title) if not ids else hints.Hints(title)
    short_title = _without_described(_strip_edges(found.title) or title, described)
    return ParsedQuery(
        text=original,
        title=short_title,
        kind=kind,
        year=year if year is not None else found.short_year,
        season=season,
        ids=ids,
        source="id" if ids else "rules",
        full_title=title if short_title != title else "",
        language=found.language,
        country=found.country,
        order=found.order,
        people=found.people,
        lead=lead,
    )
