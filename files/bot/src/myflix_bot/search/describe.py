"""Words that describe an item rather than continue its title: a genre or a form said in French or
English ("west side story comédie musicale", "solaris sf", "cendrillon disney dessin animé"), and the
studios and channels people name ("spirited away ghibli", "the wire hbo").

A genre word is read against the genres the lookup gives the item (TMDB's names, as Radarr and Sonarr
pass them on): it explains the word, and among homonyms it picks those that carry the genre. A listed
word that names a genre here is a title's word elsewhere ("captain america civil war", "modern family"),
so only the item's own genres explain it. The phrases and short forms that only ever describe ("comédie
musicale", "sf", "dessin animé") continue no title: they are description whichever item they are said
of. So are the distinctive names of studios and channels ("ghibli", "netflix") when the lookup names no
studio or channel for the item; when it names one, another one said excludes the item.
"""

from __future__ import annotations

from collections.abc import Iterable

from myflix_bot.search.people import lexicon
from myflix_bot.search.text import fold

# TMDB's genre names (folded) and what people call them, folded, a phrase as its words (stop words aside:
# the ranker reads a request without them).
GENRES: dict[str, tuple[str, ...]] = {
    "action": ("action",),
    "adventure": ("aventure", "aventures", "adventure"),
    "animation": (
        "animation",
        "anime",
        "animee",
        "animes",
        "animated",
        "cartoon",
        "dessin anime",
        "dessins animes",
    ),
    "comedy": ("comedie", "comedy", "comique", "humour", "drole", "funny", "sitcom"),
    "crime": ("policier", "polar", "crime", "criminel", "gangster", "gangsters", "mafia"),
    "documentary": ("documentaire", "documentary", "docu"),
    "drama": ("drame", "drama", "dramatique"),
    "family": ("famille", "familial", "family"),
    "fantasy": ("fantasy", "fantastique", "heroic fantasy"),
    "history": ("historique", "history", "historical"),
    "horror": ("horreur", "horror", "epouvante", "gore", "slasher"),
    "music": ("musical", "musicale", "comedie musicale", "musique", "music"),
    "mystery": ("mystere", "mystery"),
    "romance": ("romance", "romantique", "romantic", "romcom", "rom com", "comedie romantique"),
    "science fiction": ("sf", "scifi", "sci fi", "science fiction", "anticipation"),
    "thriller": ("thriller", "suspense"),
    "war": ("guerre", "war"),
    "western": ("western",),
}
# The short forms that name nothing but a genre (a phrase of several words never continues a title either),
# and words that praise the item ("lost la série culte")
_ONLY_DESCRIBING = frozenset(["sf", "scifi", "romcom", "docu", "sitcom"])
_PRAISING = lexicon("culte cultissime mythique iconique iconic legendaire incontournable")

# Channels and services people name after a title ("house of cards bbc one", "the boys prime video"), folded.
NETWORKS = frozenset(
    [
        "netflix",
        "hbo",
        "hbo max",
        "max",
        "bbc",
        "bbc one",
        "bbc two",
        "bbc three",
        "bbc four",
        "itv",
        "channel 4",
        "sky",
        "sky atlantic",
        "canal",
        "canal plus",
        "arte",
        "france 2",
        "france 3",
        "france 5",
        "tf1",
        "m6",
        "apple",
        "apple tv",
        "disney",
        "prime",
        "prime video",
        "amazon",
        "amazon prime",
        "hulu",
        "fx",
        "amc",
        "showtime",
        "starz",
        "nbc",
        "abc",
        "cbs",
        "fox",
        "cw",
        "paramount",
        "peacock",
        "syfy",
        "e4",
        "mtv",
        "tnt",
        "crunchyroll",
    ]
)
# Film studios people name after a title ("spirited away ghibli", "coco pixar"), folded.
STUDIOS = lexicon(
    """
    ghibli pixar dreamworks disney lucasfilm miramax gaumont pathe europacorp a24 blumhouse lionsgate mgm
    warner universal columbia legendary illumination aardman laika toho marvel amblin touchstone tristar
    """
)
BRAND_RARE = 1000  # a studio or channel word seen fewer times than this in the lists names only that


def _phrases(names: Iterable[str]) -> list[list[str]]:
    return [p.split() for name in names for p in GENRES.get(fold(name), ())]


INFLECTED_MIN = 5  # letters a word needs for its feminine or plural ending to be read off


def _uninflected(word: str) -> str:
    """``word`` without a French feminine or plural ending ("policière", "policiers" -> "policier")."""
    if len(word) >= INFLECTED_MIN and word.endswith("s"):
        word = word[:-1]
    if len(word) >= INFLECTED_MIN and word.endswith("e"):
        word = word[:-1]
    return word


def _covered(words: list[str], phrases: list[list[str]]) -> set[str]:
    """The ``words`` that one of ``phrases`` covers where it stands in ``words``, as a run, a feminine or
    plural ending aside ("la série policière": "policier")."""
    out: set[str] = set()
    bare = [_uninflected(w) for w in words]
    present = set(bare)
    for phrase in phrases:
        wanted = [_uninflected(w) for w in phrase]
        if wanted[0] not in present:
            continue
        size = len(phrase)
        for k in range(len(words) - size + 1):
            if bare[k : k + size] == wanted:
                out |= set(words[k : k + size])
    return out


_DESCRIBING_PHRASES = [
    p.split() for ps in GENRES.values() for p in ps if len(p.split()) > 1 or p in _ONLY_DESCRIBING
]


def brand_word(word: str) -> bool:
    """``word`` (folded) is a studio's or a channel's distinctive name, no word of the lists' common
    stock ("ghibli", "netflix"; not "fox", "universal", "marvel": a title's word as often)."""
    from myflix_bot.search.spelling import word_counts  # noqa: PLC0415 - lazy, as every search module

    named = word in STUDIOS or word in NETWORKS
    return named and len(word) >= 3 and word_counts().get(word, 0) < BRAND_RARE


def described(words: list[str], genres: Iterable[str], network: str) -> set[str]:
    """The ``words`` (folded, in request order) that describe an item of these ``genres`` (TMDB's names)
    and ``network`` (its channel or studio, "" when the lookup names none) rather than continue its title:
    a genre word or phrase of one of its genres, a phrase or short form that only ever names a genre, or,
    when the lookup names no studio or channel, a studio's or channel's distinctive name (one it names is
    the network rule's: "deadwood netflix" is no HBO series)."""
    out = _covered(words, _phrases(genres)) | _covered(words, _DESCRIBING_PHRASES) | (set(words) & _PRAISING)
    return (
        out
        | ({w for w in words if brand_word(w)} if not network.strip() else set())
        | _service_of(words, network)
    )


_NETWORK_PHRASES = [n.split() for n in NETWORKS if len(n.split()) > 1]


def _service_of(words: list[str], network: str) -> set[str]:
    """The words of a channel's or service's name said whole (``NETWORKS``) that shares a word with the
    ``network`` the data names: another name of the same broadcaster ("succession hbo max": HBO; "the
    boys amazon prime": Amazon Prime Video); its words, numbers aside."""
    own = set(fold(network.replace("+", " plus ")).split())
    hits = [p for p in _NETWORK_PHRASES if set(p) & own]
    return {w for w in _covered(words, hits) if w.isalpha()}


def genres_named(words: list[str], genres: Iterable[str]) -> bool:
    """One of the ``words`` (folded, in request order) names one of ``genres``: the request asks for the
    item of that genre ("beauty and the beast animated": the cartoon, not the live-action remake)."""
    return bool(_covered(words, _phrases(genres)))
