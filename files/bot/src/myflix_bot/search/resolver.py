"""understand → candidates → rank → decide, in one call (the CLI, the bench and the bot use it)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import Any

from myflix_bot.search.candidates import ArrLookup, Candidate
from myflix_bot.search.decide import NAMED_SPREAD, Decision, decide
from myflix_bot.search.describe import NETWORKS, brand_word
from myflix_bot.search.memory import TitleMemory, as_abbreviation, said_in_full
from myflix_bot.search.people import (
    FIRST_NAMES,
    PARTICLES,
    RARE,
    SURNAME_RARE,
    SURNAMES,
    known_name,
    looks_like_name,
    written_names,
)
from myflix_bot.search.query import KINDS, Kind, ParsedQuery
from myflix_bot.search.rank import (
    EXACT_TITLE,
    REQUEST_NOISE,
    Scored,
    contained_title,
    franchise_name,
    rank,
    same_stem,
    telling,
    title_similarity,
    unqualified,
)
from myflix_bot.search.spelling import (
    Speller,
    anglicised,
    sounds_alike,
    starts_a_word,
    untranscribed,
    word_counts,
)
from myflix_bot.search.text import (
    PART_WORDS,
    STOP_WORDS,
    asked_numbers,
    fold,
    hours_said,
    in_words,
    match_key,
    part_numbers,
    significant,
    small_numbers,
    spelt_as_digits,
    spelt_in_full,
    without_parts,
)
from myflix_bot.search.understand import Understander

GOOD_ENOUGH = 92.0  # a first lookup whose best title scores this well needs no other spelling
FOUND = 80.0  # below this, nothing found yet: a last round of other spellings
FIRST_ROUND = 2  # other terms tried after the first lookup (per kind)
LAST_ROUND = 2  # and, when still nothing matches, a last round (per kind)
MAX_EXPANSIONS = 2  # remembered titles looked up for one abbreviation
MAX_LOOKUPS = 10  # a request never costs more lookups than this (issue 16)
LONG_WORD = 7  # a word this long that finds nothing is worth a lookup of its first letters
LEAN_LOOKUPS = 6  # lookups most requests stay within (p95); a guess past them only replaces another
LONG_FIRST_WORD = 9  # a first word this long is looked up by its first letters, not dropped
COMMON_WORD = 20_000  # a respelling this frequent in the lists is the typo's likeliest meaning


@dataclass(frozen=True)
class Resolution:
    query: ParsedQuery
    decision: Decision
    ranked: tuple[Scored, ...]
    errors: tuple[str, ...] = ()
    lookups: int = 0
    seconds: float = 0.0
    lookup_seconds: float = 0.0  # of ``seconds``, the time spent waiting on Radarr/Sonarr
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        d = self.decision

        def item(s: Scored) -> dict[str, Any]:
            c = s.candidate
            return {
                "kind": c.kind,
                "id": c.id,
                "id_type": "tmdb" if c.kind == "movie" else "tvdb",
                "title": c.title,
                "year": c.year,
                "score": round(s.score, 2),
                "title_similarity": round(s.similarity, 2),
                "in_library": c.library_id is not None,
                "downloaded": c.has_file,
            }

        best = d.best.candidate if d.best else None
        return {
            "query": self.query.text,
            "understood": {
                "title": self.query.title,
                "kind": self.query.kind,
                "year": self.query.year,
                "season": self.query.season,
                "ids": {k: v for k, v in vars_of(self.query.ids).items() if v},
                "source": self.query.source,
                "intent": self.query.intent,
            },
            "decision": d.verdict,
            "kind": best.kind if best else None,
            "id": best.id if best else None,
            "title": best.title if best else None,
            "year": best.year if best else None,
            "confidence": d.confidence,
            "reason": d.reason,
            "best": item(d.best) if d.best else None,
            "alternatives": [item(s) for s in d.alternatives],
            "suggestions": list(d.suggestions),
            "errors": list(self.errors),
            "lookups": self.lookups,
            "seconds": round(self.seconds, 4),
        }


def vars_of(ids: Any) -> dict[str, Any]:
    return {"tmdb": ids.tmdb, "tvdb": ids.tvdb, "imdb": ids.imdb}


def _dedupe(terms: list[str], done: set[str]) -> list[str]:
    out: list[str] = []
    for t in terms:
        key = fold(t)
        if key and key not in done and key not in out:
            out.append(key)
    return out


RESPELL_MIN = 4  # shorter words have too many neighbours to be read as another
COUNTRY_TAGS = frozenset(["us", "uk"])  # as the *arr titles carry them: "The Office (US)"


def one_edit(word: str, words: set[str]) -> list[str]:
    """The words of ``words`` one edit from ``word`` (a swap counts as one), alphabetically."""
    from rapidfuzz import process  # noqa: PLC0415
    from rapidfuzz.distance import OSA  # noqa: PLC0415

    return sorted(h[0] for h in process.extract(word, words, scorer=OSA.distance, score_cutoff=1, limit=None))


def only_nearest(word: str, words: set[str]) -> str | None:
    """The one word of ``words`` one edit from ``word`` (a swap counts as one): "rinngs" -> "rings",
    "spuderman" -> "spiderman"; None when there is none or several ("wasr": "wars" and "was")."""
    hits = one_edit(word, words)
    return hits[0] if len(hits) == 1 else None


def part_word(word: str) -> bool:
    """A word announcing a part, book or chapter number, or one a typo off ("livr", "chapitr")."""
    return word in PART_WORDS or (len(word) >= RESPELL_MIN and bool(one_edit(word, set(PART_WORDS))))


def reads_as(word: str, other: str, last: bool = False) -> bool:
    """``word`` is ``other`` misspelt further than one edit, as the ranker reads a title word (one edit's
    worth): it sounds alike ("matreex" / "matrix"), or has another ending ("titanique" / "titanic")."""
    if not other.isalpha() or len(other) < RESPELL_MIN:
        return False
    return sounds_alike(word, other) or same_stem(word, other, last)


def few_edits(word: str, other: str) -> bool:
    """``word`` is long and a few edits from ``other``, one per four letters ("termanater" /
    "terminator")."""
    from rapidfuzz.distance import OSA  # noqa: PLC0415

    return (
        other.isalpha()
        and len(word) >= 2 * RESPELL_MIN
        and OSA.distance(word, other) <= len(word) // RESPELL_MIN
    )


def name_words(title: str) -> set[str]:
    """Words of ``title`` that read as a surname: a known one, or one after a first name or after "de",
    "by", "par" ("dune de denis villeneuve"): spelt as typed, never split into two words."""
    words = fold(title).split()
    return {
        w
        for i, w in enumerate(words)
        if w in SURNAMES or (i > 0 and (words[i - 1] in FIRST_NAMES or words[i - 1] in ("de", "by", "par")))
    }


def other_terms(query: ParsedQuery, speller: Speller) -> list[str]:
    """Other ways to ask the lookup when the title as typed found nothing good, most likely first
    (:func:`_other_terms`). When a person, a description or a kind cue follows the title (or opens the
    request: :func:`title_part`), the title part comes first, then its own other ways: the lookup needs
    every word of a term, so no spelling of the whole request, the name included, finds the title ("kil
    bill 1 tarantino": "kil bill 1", "kill bill"; "howls moving castle miyazaki": "howl s moving castle")."""
    lead = typed_part(query.title, speller)
    if lead is None:
        # "ocean's twelve de warner", "steven spielberg jaws": the words before a linking word or after a
        # name opening the request read first, a guess only ("le trône de fer", "oldboy park ...")
        typed = fold(query.title).split()
        # "hpi haut potentiel intellectuel": the abbreviation the other words spell out
        opened = title_around(typed, speller) or abbreviated(typed)
        return [opened, *_other_terms(query, speller)] if opened else _other_terms(query, speller)
    part = replace(query, title=lead, full_title="")
    return [lead, *_other_terms(part, speller), *last_terms(part, speller)[:1], *_other_terms(query, speller)]


def _other_terms(query: ParsedQuery, speller: Speller) -> list[str]:
    """Other ways to ask the lookup when the title as typed found nothing good, most likely first:

    - the title without a sequel number ("avatar 3": the lookup knows no "3"; the ranker needs the
      franchise to say which one, or that there is none);
    - the title with each unknown word spelt as the nearest known word (``spelling.Speller``: titles seen
      in earlier lookup answers, then a word-frequency list), or the remembered title it is closest to;
    - its first words (the title comes first: "dune de denis villeneuve", "oppenheimer nolan");
    - the text before hints were taken out ("le dernier samouraï");
    - the first unknown word cut to its first letters (the lookup reads a last word as a prefix);
    never an article or a number alone."""
    names = name_words(query.title)
    mended = speller.mend(query.title, names)
    words = (mended or fold(query.title)).split()
    fixed = speller.correct(query.title, names)
    spellings = [words, fixed.split()] if fixed else [words]  # as typed, then respelt
    front = [
        hours_said(query.title),  # "24h chrono": the title is written "24 heures chrono"
        # "tchernobyl hbo": the title is written 'Chernobyl', a word no list may hold to respell it so
        untranscribed(query.title),
        # "docteur who": an English title's word typed the French way ('Doctor Who')
        anglicised(query.title),
    ]
    terms: list[str] = [t for t in front if t] + ([mended] if mended else [])
    for spelt in spellings:
        numbered = [i for i, w in enumerate(spelt) if i > 0 and w.isdigit() and len(w) <= 2]
        if numbered:
            base = spelt[: numbered[0]]
            if len(base) > 1 and part_word(base[-1]):
                base = base[:-1]  # "ça chapitre 1", "kaamelott livr 4": the franchise is "ça", "kaamelott"
            terms.append(" ".join(base))
    terms.extend(speller.respell(query.title, names=names))
    for spelt in spellings:
        significant_at = [i for i, w in enumerate(spelt) if w not in STOP_WORDS]
        for count in (1, 2):
            if len(significant_at) > count:
                head = " ".join(spelt[: significant_at[count - 1] + 1])
                # "oceans eleven sinatra": the first words with their possessive read ("ocean s eleven")
                terms.append(typed_possessive(head, speller) or head)
    # "10 pour cent": the title writes its number in words ('Dix pour cent'), which a lookup needs; after
    # its first words as typed ("12 monkeys la serie": '12 Monkeys')
    terms.extend(in_words(query.title)[:1])
    # "howls moving castle": after the number in words ("3 mousquetaires milady" is no possessive);
    # first for a title part (``Resolver._likely_first``)
    if possessive := typed_possessive(query.title, speller):
        terms.append(possessive)
    if query.full_title:
        terms.append(query.full_title)
    for i, w in enumerate(words):
        if len(w) >= 5 and w not in STOP_WORDS and not speller.knows(w):
            terms.append(" ".join([*words[:i], w[: max(3, len(w) // 2)]]))
            break
    # an article or a number alone cut from a longer title names no title ("les 4 fantastiques": not
    # "les"; "10 pour cent": not "10"); a title that is a number is one ("24 sur fox": "24")
    return [t for t in terms if t in front or any(w not in STOP_WORDS and not w.isdigit() for w in t.split())]


def title_around(typed: list[str], speller: Speller) -> str | None:
    """The title inside a request (folded words ``typed``) that names a person, a studio or a network
    around it ("king kong de greta gerwig", "ocean's twelve de warner", "house of cards bbc one", "steven
    spielberg jaws"), a name glued to a word split off first ("psychohitchcock"); None when nothing is
    named around a title."""
    split = unglued_name(typed, speller) or typed
    return before_name(split) or before_link(typed) or before_network(split) or after_name(split)


def title_by_person(typed: list[str], speller: Speller) -> str | None:
    """The title of a request that names a person before or after it (:func:`title_around`, neither a
    studio nor a network: "mulan walt disney" has no title before "disney" that is sure)."""
    split = unglued_name(typed, speller) or typed
    return before_name(split) or after_name(split)


_LINKING = frozenset(["de", "d", "du", "by", "par", "avec", "with", "starring"])


def _word_or_number(word: str) -> bool:
    return word.isalpha() or (word.isdigit() and len(word) <= 2)


def typed_possessive(title: str, speller: Speller) -> str | None:
    """``title`` as typed with a word ending in "s" before a title word read as a possessive without its
    apostrophe, the lookup term that needs no guess of a typo ("howls moving castle" -> "howl s moving
    castle", "bram stokers dracula" -> "bram stoker s dracula"), without a number after it ("oceans 12"
    -> "ocean s": the title may spell it, "Ocean's Twelve"); None when no word reads so, or before an
    article, a preposition or a number ("house of cards la version", "planet of the apes 20th century": a
    plural)."""
    possessive = speller.possessive(title, respelt=False)
    if possessive is None:
        return None
    words = fold(possessive).split()
    if not all(
        k + 1 < len(words) and words[k + 1] not in STOP_WORDS and _word_or_number(words[k + 1])
        for k, w in enumerate(words)
        if k > 0 and w == "s"
    ):
        return None
    number = next((i for i, w in enumerate(words) if i > 0 and w.isdigit() and len(w) <= 2), len(words))
    return " ".join(words[:number])


def typed_part(title: str, speller: Speller, links: bool = False) -> str | None:
    """:func:`title_part` of ``title`` as typed, a name or channel glued to a title word split off first
    ("psychohitchcock", "seul au mondetom hanks": :func:`unglued_name`)."""
    typed = fold(title).split()
    return title_part(unglued_name(typed, speller) or typed, links)


def title_part(words: list[str], links: bool = True) -> str | None:
    """The title inside a request that says more (:func:`before_name`, :func:`before_link`,
    :func:`before_network`, :func:`before_cue`, or after a name a linking word announces first: "avec
    dicaprio killers of the flower moon"), or None. Each reading cuts once more what it finds after the
    title ("narcos netflix pablo escobar" -> "narcos netflix" -> "narcos"), a second name only when a
    linking word announces it ("bram stokers dracula gary oldman" keeps "bram stokers dracula").
    ``links=False``: not a linking word's reading alone, which cuts many titles' own "de" ("le trône de
    fer", "les ombres de marseille"): only a name, a channel or a kind cue tells a title part plainly."""
    head = words
    while True:
        if head is words:
            named = before_name(head)
        else:
            cut_at = _before_name(head, announced_only=True)
            named = " ".join(cut_at) if cut_at is not None else None
        linked = before_link(head) if links else None
        part = named or linked or before_network(head) or before_cue(head)
        if part is None:
            break
        cut = part.split()
        while len(cut) > 1 and cut[-1] in _KIND_CUES:  # "lost la serie abc": "lost la serie"
            cut = cut[:-1]
            while len(cut) > 1 and cut[-1] in _CUE_ARTICLES:
                cut = cut[:-1]
        if len(cut) >= len(head):
            break
        head = cut
    if head is words:
        return _after_announced_name(words) if words and words[0] in _LINKING else None
    return " ".join(head)


# Words that say the kind, and the articles before them ("lost la serie abc", "westworld le film ...").
_KIND_CUES = frozenset(["film", "films", "movie", "serie", "series", "feuilleton", "anime", "miniserie"])
_CUE_ARTICLES = frozenset(["le", "la", "les", "l", "un", "une", "the", "a", "en", "tv"])


def before_cue(words: list[str]) -> str | None:
    """The words before a kind cue that more words follow ("lost la serie abc" -> "lost", "westworld le
    film yul brynner" -> "westworld"): the parser takes a cue off the request's ends only, or None."""
    at = next((i for i in range(1, len(words) - 1) if words[i] in _KIND_CUES), None)
    if at is None:
        return None
    head = words[:at]
    while len(head) > 1 and head[-1] in _CUE_ARTICLES:
        head = head[:-1]
    return " ".join(head) if any(w not in STOP_WORDS for w in head) else None


def before_name(words: list[str]) -> str | None:
    """The words before a person named after the title ("king kong de greta gerwig" -> "king kong",
    "parasite bong joon ho" -> "parasite", "carrie de brian de palma" -> "carrie", "scarface al pacino"
    -> "scarface"), or None. The shortest name read from the end, then longer while the word before it is
    a name's too (:func:`_name_word`), or a name that a linking word announces ("de palma", "de brian");
    the linking word before it goes with it."""
    head = _before_name(words, announced_only=False)
    while head is not None and (shorter := _before_name(head, announced_only=True)) is not None:
        head = shorter
    # an article alone is no title: "la hpi tf1" is not "la" before a name "hpi tf1"
    return " ".join(head) if head is not None and any(w not in STOP_WORDS for w in head) else None


def _before_name(words: list[str], announced_only: bool) -> list[str] | None:
    start = next(
        (
            i
            for i in range(len(words) - 1, 0, -1)
            if len(words) - i <= MAX_NAME
            and (not announced_only or words[i - 1] in _LINKING)
            and looks_like_name(words[i:], words[i - 1] in _LINKING)
        ),
        None,
    )
    if start is None or not significant(words[:start]):
        return None  # "les intouchablesomar sy": no title before it
    whole = words[start] in FIRST_NAMES or words[start] in SURNAMES  # a name on its own ("martin scorsese")
    while start > 1 and _name_word(words[start - 1], whole):
        start -= 1
    while start > 1 and words[start - 1] in _LINKING:
        start -= 1
    if start > 1 and words[start] in PARTICLES and words[start - 1] in FIRST_NAMES | SURNAMES:
        # the linking word joined a name's parts ("robert de niro"), or a second name to the first
        # ("taxi driver scorsese de niro"): the name starts before it
        start -= 1
        while start > 1 and _name_word(words[start - 1], True):
            start -= 1
        while start > 1 and words[start - 1] in _LINKING:
            start -= 1
    return words[:start]


MAX_NAME = 3


def _rare(word: str) -> bool:
    return word_counts().get(word, 0) < RARE


def after_name(words: list[str]) -> str | None:
    """The words after a person named before the title ("steven spielberg jaws" -> "jaws", "tarantinno
    pulp fiction" -> "pulp fiction", "jame cameron titanic" -> "titanic"): a known first name and the
    word after it, two words whose second is a known surname, or a known surname alone, typos allowed
    (``people.known_name``); or a name a linking word announces first ("avec dicaprio killers of the
    flower moon" -> "killers of the flower moon"); None when no name opens the request or no title word
    follows it. Only a lookup term: the ranker still needs the item's data to name the person before
    its title."""
    if len(words) >= 3 and words[0] in _LINKING:
        return _after_announced_name(words)
    names = [known_name(w) for w in words[:2]]
    size = 0
    # two words: a first name and a word (not "emily in paris"), or a surname after a word no more
    # frequent than a name ("jame cameron", not "south park")
    pair = len(words) > 2 and words[1].isalpha() and len(words[1]) >= 3 and words[1] not in STOP_WORDS
    if pair and (names[0] in FIRST_NAMES or (names[1] in SURNAMES and _rare(words[0]))):
        size = 2
    elif len(words) > 1 and names[0] in SURNAMES:
        size = 1
    rest = words[size:]
    return " ".join(rest) if size and significant(rest) else None


def _after_announced_name(words: list[str]) -> str | None:
    for size in range(min(MAX_NAME, len(words) - 2), 0, -1):
        rest = words[1 + size :]
        name = words[1 : 1 + size]
        if name[-1] in STOP_WORDS or not any(w not in STOP_WORDS for w in rest):
            continue
        if looks_like_name(name, announced=True):
            return " ".join(rest)
    return None


def _name_word(word: str, named_after: bool = False) -> bool:
    """A word that goes with the name after it: a known first name or surname, typed right or one edit
    off ("loam neeson"), or a short one ("al pacino", "jo"); not a number or an article.
    ``named_after``: the words after it are a name already, so a surname that is also a common word is
    the title's ("taxi driver martin scorsese", "jurassic park spielberg")."""
    if named_after and word in SURNAMES and word_counts().get(word, 0) >= SURNAME_RARE:
        return False
    return known_name(word) is not None or (
        len(word) <= 2 and word.isalpha() and word not in STOP_WORDS and word not in _LINKING
    )


# Words that link a title to what describes it: a person, a studio, a network ("sur netflix", "by pixar").
_DESCRIBING = frozenset(["de", "du", "by", "par", "sur", "on", "chez", "avec", "with", "starring", "from"])
MAX_DESCRIPTION = 3  # words after the linking word


def before_link(words: list[str]) -> str | None:
    """The words before the last linking word followed by at most a few words ("ocean's twelve de
    warner" -> "ocean's twelve", "... the return of the king sur new line"), or None."""
    at = next((i for i in range(len(words) - 1, 0, -1) if words[i] in _DESCRIBING), None)
    if at is None or len(words) - at - 1 > MAX_DESCRIPTION or not significant(words[:at]):
        return None
    return " ".join(words[:at])


NETWORK_WORDS = frozenset(w for n in NETWORKS for w in n.split() if w.isalpha() and len(w) >= 3)
GLUED_TAIL_MIN = (
    4  # a name glued after a word no list knows is this long (a shorter one: after a listed word)
)
GLUED_HEAD_MIN = 5  # and the word it is glued to this long: "gill liam" is no split of "gillliam"


def unglued_name(words: list[str], speller: Speller) -> list[str] | None:
    """``words`` with the first word no list knows that is a word and a listed name or a channel typed
    without the space split in two ("psychohitchcock" -> "psycho hitchcock", "narcospablo escobar",
    "mind hunternetflix", "seul au mondetom hanks": a short name only after a listed word; not a name
    mistyped, "gillliam"); None when no word splits so. The longest name first."""
    for i, word in enumerate(words):
        if not word.isalpha() or speller.knows(word) or known_name(word) is not None:
            continue
        for at in range(GLUED_HEAD_MIN, len(word) - 2):
            head, tail = word[:at], word[at:]
            if tail not in FIRST_NAMES and tail not in SURNAMES and tail not in NETWORK_WORDS:
                continue
            if len(tail) >= GLUED_TAIL_MIN or speller.knows(head):
                return [*words[:i], head, tail, *words[i + 1 :]]
    return None


def before_network(words: list[str]) -> str | None:
    """The words before a channel or service, or a studio's distinctive name, named last ("house of cards
    bbc one" -> "house of cards", "shrek dreamworks" -> "shrek"), or None."""
    for size in (3, 2, 1):
        at = len(words) - size
        named = " ".join(words[at:])
        if at > 0 and (named in NETWORKS or (size == 1 and brand_word(named))):
            head = words[:at]
            while len(head) > 1 and head[-1] in _DESCRIBING:
                head = head[:-1]
            return " ".join(head) if significant(head) else None
    return None


def abbreviated(words: list[str]) -> str | None:
    """The abbreviation a request opens with, when the words after it are what it stands for ("hpi haut
    potentiel intellectuel" -> "hpi"), or None."""
    return words[0] if len(words) > 2 and said_in_full(words[0], significant(words[1:])) else None


def last_terms(query: ParsedQuery, speller: Speller) -> list[str]:
    """When nothing matched at all, spellings that need no guess of the typo itself:

    - a word ending in "s" before another word as a possessive without its apostrophe ("pans
      labirinth" -> "pan's labyrinth");
    - a compound typed as one word, split into two known words ("extraterrestre" -> "extra terrestre",
      "bladerunner" -> "blade runner");
    - the title without the words no list knows ("shindler's list" -> "s list": the lookup still finds
      the title by its other words, and the ranker judges the whole);
    - its longest word cut to its first letters (a known word in the wrong language or form:
      "gladiateur" -> "gladi", which the lookup reads as a prefix)."""
    words = fold(query.title).split()
    if not words:
        return []
    terms: list[str] = []
    if possessive := speller.possessive(query.title):
        terms.append(possessive)
    for i, w in enumerate(words):
        if (split := speller.split(w)) is not None:
            terms.append(" ".join([*words[:i], split, *words[i + 1 :]]))
    known = [
        w for w in words if w in STOP_WORDS or (w.isdigit() and len(w) > 2) or len(w) < 3 or speller.knows(w)
    ]
    if len(known) < len(words) and any(len(w) >= 3 and w not in STOP_WORDS for w in known):
        terms.append(" ".join(known))
    longest = max(words, key=len)
    if len(longest) >= LONG_WORD:
        at = words.index(longest)
        terms.append(" ".join([*words[:at], longest[: max(5, len(longest) // 2)]]))
    return terms


def singular_term(query: ParsedQuery) -> str | None:
    """The request with each plural word in the singular ("taxis 2" -> "taxi 2"): a plural typed for a
    title's singular finds nothing, the lookup matching whole words. A last resort, after every other."""
    words = fold(query.title).split()
    singular = [w[:-1] if len(w) >= SINGULAR_MIN and w.endswith("s") and w[-2] != "s" else w for w in words]
    return " ".join(singular) if singular != words else None


SINGULAR_MIN = 4  # a word this long ending in "s" may be the plural typed for a title's singular


PROBE_LETTERS = 2  # the first letters of an unknown word that a last lookup asks for
PROBE_MIN = 5  # words shorter than this have too many neighbours for a probe of their first letters


def probe_term(query: ParsedQuery, speller: Speller) -> str | None:
    """The first letters of the longest word no list knows ("wensday" -> "we", "the wicher" -> "wi"): the
    lookup reads them as a prefix and answers the most popular titles having a word that starts so, which
    the ranker then compares letter by letter with the request. For a typo early in a word ("sikario",
    "brodchurh") that no spelling rule guesses and that a longer prefix misses."""
    words = [w for w in fold(query.title).split() if len(w) >= PROBE_MIN and w.isalpha()]
    unknown = [w for w in words if not speller.knows(w)]
    if not unknown and all(speller.rare(w) for w in words):
        unknown = words  # only rare listed words ("dunne"): one of them is the typo
    if not unknown:
        return None
    return max(unknown, key=len)[:PROBE_LETTERS]


def without_first_word(query: ParsedQuery, speller: Speller) -> str | None:
    """The second word of a two-word title whose first word is a listed word ("forest gump" -> "gump",
    "games of thrones" -> "thrones", "braking bad" -> "bad"): a lookup needs every word, so a first word
    typed as another real word ("forest" for "forrest", "games" for "game") finds nothing, and no
    spelling rule sees it, the word being right as a word; the second word alone, read as a prefix,
    still finds the title, and the ranker compares it with the whole request. None otherwise (a word
    no list knows is the likelier typo, and the rules that guess it come first)."""
    words = fold(query.title).split()  # as typed: a word the mending split off is a guess already
    at = [i for i, w in enumerate(words) if w not in STOP_WORDS]
    if len(at) != 2 or not all(words[i].isalpha() and len(words[i]) >= 3 for i in at):
        return None
    first = words[at[0]]
    # a long first word is looked up by its first letters (``last_terms``), which its typo more
    # likely follows ("inglorious bastards": "inglo" finds "Inglourious Basterds")
    return words[at[1]] if speller.knows(first) and len(first) < LONG_FIRST_WORD else None


def term_for(kind: Kind, term: str) -> str:
    """The lookup term for one kind: a series is looked up by its name without the part, book or episode
    asked ("kaamelott livre 2" -> "kaamelott"), which the lookup's titles do not carry."""
    if kind == "series":
        return without_parts(term)
    words = fold(term).split()
    if len(words) > 2 and words[-2] in PART_WORDS and part_numbers(term):
        # "it chapter three": the films numbered so ('It Chapter Two') come back for "it chapter", which
        # tells the number rules where the franchise ends; the lookup reads a last word as a prefix. The
        # first ("it chapter 1") is the original, which carries no part word: its name alone
        return " ".join(words[:-2] if part_numbers(term) == {"1"} else words[:-1])
    return term


def _with_lead(query: ParsedQuery) -> ParsedQuery | None:
    """The request read with the verb the parser took off its front as the title's first word ("get out
    jordan peele": "get out", not "out"), when there was one."""
    if not query.lead:
        return None
    full = f"{query.lead} {query.full_title}" if query.full_title else ""
    return replace(query, title=f"{query.lead} {query.title}", full_title=full, lead="")


def _part_similarity(query: ParsedQuery, candidates: list[Candidate]) -> float:
    """How well the best candidate matches the request's title part alone (:func:`title_part`); 0 when
    there is none."""
    part = title_part(fold(query.title).split(), links=False)
    if not part or not candidates:
        return 0.0
    alone = replace(query, title=part, full_title="")
    return max(s.similarity for s in rank(alone, candidates))


# Words around a title part that say nothing of a title: linking, request and kind words.
_AROUND = _LINKING | _DESCRIBING | _KIND_CUES | _CUE_ARTICLES | REQUEST_NOISE


def _told_apart(rest: list[str], candidate: Candidate) -> bool:
    """The words ``rest`` around a title part are a person or a description the request plainly gives,
    not words of another title: once linking, request and kind words are out, none are left, or they
    are a channel, a person's name as :func:`looks_like_name` reads it unannounced (a first name
    leading, a known surname: "george clooney", "tarantino"), or words the item's overview holds."""
    words = [w for w in rest if w not in _AROUND and not w.isdigit()]
    overview = set(fold(candidate.overview).split())
    return (
        not words
        or " ".join(words) in NETWORKS
        or looks_like_name(words)
        or all(w in overview for w in words)
    )


def _title_part_at(query: ParsedQuery) -> tuple[list[str], list[str], int] | None:
    """The request's words, its title part's words (:func:`title_part`, no linking word's reading) and
    where that part starts among them; None when the request has no such part."""
    typed = fold(query.title).split()
    part = (title_part(typed, links=False) or "").split()
    at = next(
        (k for k in range(len(typed) - len(part) + 1) if part and typed[k : k + len(part)] == part), None
    )
    return None if at is None else (typed, part, at)


def _part_spelt(query: ParsedQuery, candidates: list[Candidate]) -> ParsedQuery | None:
    """The request with its title part (:func:`title_part`) written as the title of the item that part
    alone names ("kil bill 1 tarantino" -> "kill bill vol 1 tarantino", "howls moving castle miyazaki"
    -> "howl's moving castle miyazaki", "oceans 12 george clooney" -> "ocean's twelve george clooney"),
    so that the ranker reads the other words around a title typed right; None when the part names no
    item (the ranker's own typo rules say so) or is written so already."""
    located = _title_part_at(query)
    if located is None:
        return None
    typed, part, at = located
    alone = replace(query, title=" ".join(part), full_title="")
    decision = decide(alone, rank(alone, candidates))
    best_scored = decision.best
    if decision.verdict == "not_found" or best_scored is None or best_scored.similarity >= EXACT_TITLE:
        return None
    best = best_scored.candidate
    titles = [unqualified(t) for t in best.titles()]
    spelt = fold(
        max(titles, key=lambda t: title_similarity(alone.title, replace(best, title=t, alt_titles=())))
    )
    if not best_scored.named and [w for w in spelt.split() if w != "s"] != part:
        # only roughly like the title ("narcosis" is a word of its own, not "Narcos"), unless typed
        # without the title's possessive ("the handmaid tale": "The Handmaid's Tale")
        return None
    rest = typed[:at] + typed[at + len(part) :]
    if spelt.split() == part or set(significant(rest)) & set(significant(match_key(spelt).split())):
        return None  # written so already, or the other words are the title's own ("kill bill": "bill")
    if not _told_apart(rest, best):
        return None  # "les ombres de marseille": a place, maybe another title's word, not a person
    title = " ".join([*typed[:at], spelt, *typed[at + len(part) :]])
    full = query.full_title.replace(" ".join(part), spelt) if query.full_title else ""
    return replace(query, title=title, full_title=full)


def _decide_spelt(
    query: ParsedQuery, candidates: list[Candidate]
) -> tuple[ParsedQuery, list[Scored], Decision]:
    """:func:`_decide`, and when nothing is named, the decision on the request with its title part
    written as the item it names (:func:`_part_spelt`) when that one is confident: a title typed wrong
    with a person or a description after it ("kil bill 1 tarantino"), read as typed right."""
    ranked, decision = _decide(query, candidates)
    if decision.verdict == "not_found" and (spelt := _part_spelt(query, candidates)) is not None:
        spelt_ranked, spelt_decision = _decide(spelt, candidates)
        if spelt_decision.verdict == "confident":
            return spelt, spelt_ranked, spelt_decision
    if decision.verdict == "not_found" and (homonyms := _described_alike(query, candidates)) is not None:
        return query, *homonyms
    return query, ranked, decision


def _described_alike(query: ParsedQuery, candidates: list[Candidate]) -> tuple[list[Scored], Decision] | None:
    """The request's title part (:func:`title_part`) names several items alike ("oss 117": both films) and
    the words around it describe each of them, so pick none ("oss 117 dujardin": both overviews name
    him): the ambiguous answer on the part alone. None otherwise: words that describe one item only are
    the ranker's to weigh, and words no data of the items carries may be another title's ("oss 117
    alerte rouge en afrique noire", absent)."""
    located = _title_part_at(query)
    if located is None:
        return None
    typed, part, at = located
    rest = [w for w in typed[:at] + typed[at + len(part) :] if w not in _AROUND and not w.isdigit()]
    alone = replace(query, title=" ".join(part), full_title="")
    ranked = rank(alone, candidates)
    decision = decide(alone, ranked)
    if decision.verdict != "ambiguous" or decision.best is None or not rest:
        return None
    best = decision.best
    alike = [best, *(s for s in decision.alternatives if s.similarity >= best.similarity - NAMED_SPREAD)]
    if len(alike) < 2:
        return None
    overviews = [set(fold(s.candidate.overview).split()) for s in alike]
    return (ranked, decision) if all(all(w in o for w in rest) for o in overviews) else None


def _decide(query: ParsedQuery, candidates: list[Candidate]) -> tuple[list[Scored], Decision]:
    """The decision on the request as parsed and, when the parser took a request verb off its front, on
    the request read with that verb as the title's first word ("get out", "ajoute moi moche et méchant"):
    the second reading wins when the first names nothing, or when it names one item and the first does
    not, or names it by its whole title, the verb included ("watch dogs" is not "dogs")."""
    ranked = rank(query, candidates)
    decision = decide(query, ranked)
    if not (lead := _with_lead(query)):
        return ranked, decision
    lead_ranked = rank(lead, candidates)
    lead_decision = decide(lead, lead_ranked)
    if lead_decision.verdict == "not_found":
        return ranked, decision
    exact = lead_decision.best is not None and lead_decision.best.similarity >= EXACT_TITLE
    if decision.verdict == "not_found" or (
        lead_decision.verdict == "confident" and (decision.verdict != "confident" or exact)
    ):
        return lead_ranked, lead_decision
    return ranked, decision


_YEAR_WORD = re.compile(r"(?:19|20)\d\d")
_BEFORE_YEAR = frozenset(["de", "from", "of", "en", "in", "sorti", "annee", "year"])


def _uncarried_year(query: ParsedQuery, candidates: list[Candidate]) -> ParsedQuery:
    """The request with a year-like word read as its year when no title found carries it: the parser keeps
    a year to come as a title word ("blade runner 2049"), and when no answer's title has it ("parasite
    2031") it is the year the user asked, which the decision then weighs (no item of that year: nothing
    named); not when a title like the request's carries such a number ("blade runner 2048": 2049, mistyped).
    Otherwise the request as it was."""
    if query.year is not None or not query.title or not candidates:
        return query
    words = fold(query.title).split()
    at = [i for i, w in enumerate(words) if i > 0 and _YEAR_WORD.fullmatch(w)]
    if len(at) != 1:
        return query
    year = words[at[0]]
    for c in candidates:
        # "Shōgun (1980)": the year TMDB adds to tell homonyms apart is no part of the title
        keys = [match_key(unqualified(t)).split() for t in c.titles()]
        numbers = {w for key in keys for w in key if _YEAR_WORD.fullmatch(w)}
        if year in numbers or (numbers and title_similarity(query.title, c) >= FOUND):
            return query  # a title like the request's carries such a number: "blade runer 2048" means 2049
    head = words[: at[0]]
    while len(head) > 1 and head[-1] in _BEFORE_YEAR:
        head = head[:-1]  # "dracula de 2032", "dune from 2031"
    title = " ".join(head + words[at[0] + 1 :])
    full = " ".join(w for w in fold(query.full_title).split() if w != year) if query.full_title else ""
    return replace(query, title=title, full_title=full, year=int(year))


def _in_full(query: ParsedQuery, candidates: list[Candidate]) -> ParsedQuery:
    """The request with its shortened words written in full ("dr who" -> "doctor who"), when a title found
    is named so and not as typed: only words of that title, never a guess. Otherwise the request as it was."""
    typed = max((s.similarity for s in rank(query, candidates)), default=0.0)
    for title in spelt_in_full(query.title):
        full = spelt_in_full(query.full_title) if query.full_title else []
        spelt = replace(query, title=title, full_title=full[0] if full else query.full_title)
        if max((s.similarity for s in rank(spelt, candidates)), default=0.0) >= max(FOUND, typed + 1):
            return spelt
    return query


def _unconfirmed_base(
    typed: ParsedQuery, respelt: ParsedQuery, asked: set[str], candidates: list[Candidate]
) -> str | None:
    """The name before the sequel number of a request respelt (``respelt``, from ``typed``) when it was
    respelt there, that name was never looked up as spelt now and no title found of that name carries the
    number ("the matreex 4": "the matrix", whose 4th film is read by release order); None otherwise."""
    numbers = asked_numbers(respelt.title)
    if respelt.title == typed.title or not numbers:
        return None
    words = fold(respelt.title).split()
    at = next((i for i, w in enumerate(words) if i > 0 and match_key(w).isdigit()), len(words))
    while at > 1 and words[at - 1] in PART_WORDS:
        at -= 1  # "kaamelott licre 2": the name is "kaamelott", the part word's typo is no part of it
    if words[:at] == fold(typed.title).split()[:at]:
        return None
    base = " ".join(words[:at])
    if not significant(base.split()) or base in asked:
        return None
    carried = any(
        numbers & small_numbers(spelt_as_digits(match_key(t))) and title_similarity(base, c) >= FOUND
        for c in candidates
        for t in c.titles()
    )
    return None if carried else base


TITLE_CONTEXT = 2  # words of a title typed right around one word typed as another real word


def _one_word_off(words: list[str], titles: list[list[str]]) -> dict[str, str]:
    """Each word typed as another real word one edit off inside a title found that the request otherwise
    types word for word, with at least two words of it typed right ("retour verse le futur 1": 'Retour
    vers le futur'): no spelling rule sees such a word, right as a word, but the title around it says it."""
    from rapidfuzz.distance import OSA  # noqa: PLC0415

    out: dict[str, str] = {}
    for title in titles:
        size = len(title)
        for k in range(len(words) - size + 1):
            span = words[k : k + size]
            off = [i for i in range(size) if span[i] != title[i]]
            if len(off) != 1:
                continue
            typed, meant = span[off[0]], title[off[0]]
            right = [w for w in span if w != typed and w not in STOP_WORDS]
            if (
                len(right) >= TITLE_CONTEXT
                and typed.isalpha()
                and meant.isalpha()
                and len(typed) >= RESPELL_MIN
                and OSA.distance(typed, meant) <= 1
            ):
                out.setdefault(typed, meant)
    return out


def _holders(word: str, candidates: list[Candidate]) -> frozenset[tuple[str, int]]:
    """The items whose titles hold ``word``."""
    return frozenset(
        (c.kind, c.id)
        for c in candidates
        if any(word in f"{fold(t)} {match_key(t)}".split() for t in c.titles())
    )


def _spellings_of_one(
    hits: list[str], words: list[str], titles: list[set[str]], candidates: list[Candidate]
) -> bool:
    """The words ``hits`` are one word of one item's title spelt as its titles do in two languages
    ('cleopatra', 'cleopatre'): the same items hold each, no title holds two of them, and the request
    types none of them elsewhere ("dumb and dumbe": 'dumb' and 'dumber' are two words of one title)."""
    if any(x in words for x in hits) or any(sum(x in t for x in hits) > 1 for t in titles):
        return False
    held = {_holders(x, candidates) for x in hits}
    return len(held) == 1 and all(held)


def _dropped_from(word: str, other: str) -> bool:
    """``word`` is ``other`` with one letter left out, never the first."""
    return len(other) == len(word) + 1 and any(
        other[:i] + other[i + 1 :] == word for i in range(1, len(other))
    )


def _short_drops(
    unknown: list[str], seen: set[str], read: Callable[[list[str]], str | None]
) -> dict[str, str]:
    """Each three-letter word of ``unknown`` (no list knows it) that is a four-letter word of a title found
    with a letter dropped, as ``read`` takes it from those words: the one beside a word of that title typed
    right ("life on mrs", "joker folie a deu", "the lionn kig"); too short for any guess without a title
    found that holds both."""
    out: dict[str, str] = {}
    for w in unknown:
        if len(w) != RESPELL_MIN - 1 or not w.isalpha() or w in STOP_WORDS or w in seen:
            continue
        if (meant := read(sorted(x for x in seen if _dropped_from(w, x)))) is not None:
            out[w] = meant
    return out


def _part_word_typos(words: list[str], seen: set[str], names: set[str]) -> dict[str, str]:
    """Each word before a number, after the title's first word, that is one part word typed with one typo
    into another real word ("la casa de papel parte 3", "band of brothers parti 10", "kaamelott liver 2"):
    the speller leaves a listed word alone, but no title found holds it and the number says which part
    word was meant. A word a title found holds stays as typed ("Tome 2" is no part)."""
    out: dict[str, str] = {}
    for at in range(1, len(words) - 1):
        w = words[at]
        if (
            not w.isalpha()
            or len(w) < RESPELL_MIN
            or w in PART_WORDS
            or w in seen
            or w in names
            or not match_key(words[at + 1]).isdigit()
        ):
            continue
        hits = one_edit(w, set(PART_WORDS))  # "parti": 'part' and 'partie' alike
        if hits and all(h[0] == w[0] for h in hits):
            out[w] = hits[0]
    return out


JOINED_MIN = 6  # letters a title word needs to be read from two typed words ("up on" is no "upon")


def _joined(words: list[str], seen: set[str], knows: Callable[[str], bool]) -> list[str]:
    """``words`` with two typed words joined where they make one long word of a title found, one of them
    no listed word (``knows``): "termina tor 4" -> "terminator 4"; not "spider man" against
    'Spider-Man', whose words are both there, nor "up on" for 'upon', two words typed as meant."""
    out: list[str] = []
    for w in words:
        prev = out[-1] if out else ""
        joined = prev + w
        if (
            prev.isalpha()
            and w.isalpha()
            and len(joined) >= JOINED_MIN
            and joined in seen
            and not {prev, w} <= seen
            and not (knows(prev) and knows(w))
        ):
            out[-1] = joined
        else:
            out.append(w)
    return out


def _typed_head_second(terms: list[str], typed: list[str]) -> list[str]:
    """``terms`` with the request's first words as typed second, when the first two terms are one guess (a
    respelling and its own first words: "fargo coen" -> "forgo con", "forgo") and neither is those words:
    a title no list holds ('Fargo') is respelt as a listed word, and the words after it ("coen") are what
    the first lookup did not find, as often as a typo. Only when the words respelt are rare ones ("forgo"):
    a typo of a frequent word is respelt as meant ("the thnig 2011 le prequel": "the thing")."""
    if len(terms) <= FIRST_ROUND:
        return terms
    one, two = terms[0].split(), terms[1].split()
    if not (0 < len(two) < len(one) and one[: len(two)] == two):
        return terms
    heads = [t for t in terms if 0 < len(t.split()) < len(typed) and t.split() == typed[: len(t.split())]]
    if not heads or heads[0] in terms[:FIRST_ROUND]:
        return terms
    counts = word_counts()
    if any(counts.get(w, 0) >= COMMON_WORD for w in two if w not in typed):
        return terms  # a frequent word, the typo's likeliest meaning
    rest = [t for t in terms[1:] if t != heads[0]]
    return [terms[0], heads[0], *rest]


def _merge(candidates: list[Candidate], extra: list[Candidate]) -> list[Candidate]:
    known = {c.key for c in candidates}
    return candidates + [c for c in extra if c.key not in known]


class Resolver:
    def __init__(
        self, lookup: ArrLookup, understander: Understander | None = None, memory: TitleMemory | None = None
    ) -> None:
        self.lookup = lookup
        self.understander = understander or Understander()
        self.memory = memory if memory is not None else TitleMemory()
        self.speller = Speller(self.memory)
        self._waited = 0.0
        self._lookups = 0
        self._unglued: ParsedQuery | None = None

    @staticmethod
    def _title_then_word(word: str, seen: set[str], tails: set[str], before: str = "") -> str | None:
        """``word`` as a word of a title found followed, without the space, by the network of an item
        found, a person's name (listed, or written in an overview found), a country tag, a part word or
        a number ("lupinnetflix", "draculabbc", "psychohitchcock", "narcospablo", "theofficeus",
        "kaamelottlivre", "partieII"); the title's word may be the end of one typed in two ("mind
        hunternetflix": "Mindhunter", with the word ``before``); not any listed word ("deadpoule" is no
        "dead poule")."""
        for at in range(len(word) - 2, 2, -1):
            head, tail = word[:at], word[at:]
            number = match_key(tail).isdigit()  # "partieII": a part or sequel number
            titled = head in seen or (before.isalpha() and before + head in seen)
            if titled and (tail in tails or tail in COUNTRY_TAGS or tail in PART_WORDS or number):
                return f"{head} {tail}"
        return None

    def _glued_splits(
        self, words: list[str], respelt: dict[str, str], seen: set[str], candidates: list[Candidate]
    ) -> dict[str, str]:
        """Each word no list knows that is a title word found with a network, a name or a tag glued on
        (:meth:`_title_then_word`), split in two."""
        glued_on = [
            i
            for i, w in enumerate(words)
            if w not in respelt and w.isalpha() and w not in seen and not self.speller.knows(w)
        ]
        if not glued_on:
            return {}
        # what may follow a title word without the space: a network, a name the overviews write, a listed one
        tails = {w for c in candidates for w in fold(c.network).split()}
        tails |= {w for c in candidates for w in written_names(c.overview) if len(w) >= 3}
        tails |= FIRST_NAMES | SURNAMES
        splits: dict[str, str] = {}
        for i in glued_on:
            before = words[i - 1] if i else ""
            if (split := self._title_then_word(words[i], seen, tails, before)) is not None:
                splits[words[i]] = split
        return splits

    def _respelt(self, query: ParsedQuery, candidates: list[Candidate], further: bool = True) -> ParsedQuery:
        """The request read as the lookup answers confirm it was meant, so that the ranker reads the title
        as if typed right: its spacing mended ("glad iator 2" -> "gladiator 2", "thejoker" -> "the joker",
        ``Speller.mend``) when the answers carry every word the mending made, and each word no answer's
        title holds spelt as the speller would write it ("lrod of the rinngs 3" -> "lord of the rings 3")
        when an answer's title holds that word; ``further``: also a word further off that the ranker
        reads as the same (``reads_as``), and two typed words making one title word (``_joined``).
        Otherwise the request as it was."""
        if not query.title:
            return query
        names = name_words(query.title)
        seen = {w for c in candidates for t in c.titles() for w in f"{fold(t)} {match_key(t)}".split()}
        typed = fold(query.title).split()
        mended = self.speller.mend(query.title, names)
        # a part word made ("epis ode 2": "episode") is no title's word, the number after it says so
        made = {w for w in (mended or "").split() if w not in typed and w not in STOP_WORDS | PART_WORDS}
        words = mended.split() if mended and made <= seen else typed
        words = _joined(words, seen, self.speller.knows) if further else words
        glued = {a + b for c in candidates for t in c.titles() for a, b in pairwise(fold(t).split())}
        titles = [set(fold(t).split()) for c in candidates for t in c.titles()]
        others = {w for w in words if w not in STOP_WORDS and w in seen}

        def beside(meant: str) -> bool:
            """A title found holds ``meant`` next to another word typed right ("harry pottr": "potter"
            beside "harry"): the request's own words say which listed neighbour is meant."""
            return any(meant in t and t & others for t in titles)

        def company(meant: str) -> int:
            """The most words typed right that a title holding ``meant`` holds too."""
            return max((len(t & others) for t in titles if meant in t), default=0)

        def pool(at: int) -> set[str]:
            """The words ``words[at]`` may stand for: a title's, or a part word's before a number."""
            if at + 1 < len(words) and match_key(words[at + 1]).isdigit():
                return seen | glued | PART_WORDS  # "licre 2", "chapitr 3"
            return seen | glued

        def only(hits: list[str]) -> str | None:
            """The one word of ``hits``; of several, the one beside the most words typed right, when
            ``further`` ("crtstal": 'crystal' in the title holding 'skull', not the French 'cristal')."""
            if further and len(hits) > 1 and (most := max(company(x) for x in hits)):
                hits = [x for x in hits if company(x) == most]
            if len(hits) > 1 and _spellings_of_one(hits, words, titles, candidates):
                return hits[0]  # two spellings of one item's title ("cleopatrz": 'cleopatra', 'cleopatre')
            return hits[0] if len(hits) == 1 else None

        def unknown(w: str) -> bool:
            return (
                w.isalpha()
                and len(w) >= RESPELL_MIN
                and w not in names
                and w not in seen
                and not self.speller.knows(w)
            )

        # the title's only word, a number aside ("marix 3", "the matix 4"): no word typed right can say which
        # neighbour is meant, the one a title found holds is ("terminatr": 'terminator', not 'terminate')
        alone = len([w for w in words if w not in STOP_WORDS and not match_key(w).isdigit()]) == 1
        respelt: dict[str, str] = {}
        for _ in range(2):
            # a second pass reads the words respelt in the first as typed right: with two typos in two
            # words ("msision cleopatrz", "quee gmabit"), the one the speller respells says which title
            # word the other is ('cleopatra' beside 'mission', 'queen' beside 'gambit')
            others |= set(respelt.values())
            respelt |= {
                w: meant
                for at, w in enumerate(words)
                if w not in respelt
                and unknown(w)
                and (meant := only(one_edit(w, pool(at)))) is not None
                and (
                    self.speller.likeliest_neighbour(w, meant)
                    or (meant[0] == w[0] and (beside(meant) or meant in PART_WORDS or alone))
                )
            } | _short_drops(
                [w for w in words if w not in respelt and w not in names and not self.speller.knows(w)],
                seen,
                lambda hits: meant if (meant := only(hits)) is not None and beside(meant) else None,
            )
        respelt |= {
            **self._glued_splits(words, respelt, seen, candidates),
            **_part_word_typos(words, seen, names),
        }
        if further:
            # further off, as the ranker reads a title word: one sounding alike or with another ending
            # ("matreex", "maverique", "titanique"), checked as a word one edit off; a long word a few
            # edits off ("termanater") only beside a word typed right
            for at, w in enumerate(words):
                if w in respelt or not unknown(w):
                    continue
                last = at == len(words) - 1
                # not a word the request types right elsewhere: "dumb and dumbe jim carrey" is no "dumb
                # and dumb", the title's other word is meant
                alike = only(
                    sorted(
                        x
                        for x in pool(at)
                        if x[:1] == w[:1] and reads_as(w, x, last) and (x == w or x not in words)
                    )
                )
                edits = only(sorted(x for x in pool(at) if x[:1] == w[:1] and few_edits(w, x)))
                if alike and (self.speller.likeliest_neighbour(w, alike) or beside(alike)):
                    respelt[w] = alike
                elif edits and beside(edits):
                    respelt[w] = edits
                elif (listed := self.speller.two_typos(w, pool(at))) is not None:
                    # two typos in one long word that the word list, not the answers, reads as a word a
                    # title found holds ("glasiatr": 'gladiator'); never two listed words glued, one
                    # misspelt ("spuderman" is no 'Superman')
                    respelt[w] = listed
            spans = [fold(t).split() for c in candidates for t in c.titles()]
            for w, meant in _one_word_off(words, spans).items():
                respelt.setdefault(w, meant)
        title = " ".join(respelt.get(w, w) for w in words)
        if title == " ".join(typed):
            return query
        full = query.full_title
        if full:
            spaced = self.speller.mend(full, name_words(full)) if words is not typed else None
            full = " ".join(respelt.get(w, w) for w in (spaced or fold(full)).split())
        return replace(query, title=title, full_title=full)

    def _likely_first(self, terms: list[str], query: ParsedQuery) -> list[str]:
        """``terms`` with those holding fewer words no list knows first (the lookup matches whole words:
        a word no title has finds nothing; the last word is read as a prefix, so it does not count); the
        terms reaching into a name that a listed first name opens after the title come last: the name is
        no part of the title ("narcos pablo escobar": "narcs" and "narcos" before "narcs pablo"; "get
        ouut jordan peele": "out" before "out jordan peel"). Not "murphy" after "oppenheimer cillian": a
        word of the name may be left with the title."""
        typed = fold(query.title).split()
        lead = before_name(typed) or ""
        after = typed[len(lead.split()) : len(lead.split()) + 1]
        name = after[0] if lead and after and after[0] in FIRST_NAMES else ""
        part = typed_part(query.title, self.speller)
        # the title part as typed, then read with its possessive: they need no guess of a typo
        plain = {part, typed_possessive(part, self.speller) if part else None}

        spelt = abbreviated(typed)

        def unknown(term: str) -> int:
            words = term.split()
            return sum(
                1
                for i, w in enumerate(words)
                if len(w) >= 3
                and w.isalpha()
                and not self.speller.knows(w)
                and not (i == len(words) - 1 and starts_a_word(w))
                and w != spelt  # the abbreviation the request says in full is typed as meant
            )

        # the title part as typed first: the whole request as typed found nothing for its other words
        return sorted(terms, key=lambda t: (t not in plain, bool(name) and name in t.split(), unknown(t)))

    def _last_round(
        self, query: ParsedQuery, later: list[str], asked: set[str], found_any: bool, kinds: int = 1
    ) -> list[str]:
        """The terms of the last round, when nothing matched yet (``later``: the first round's leftovers): a
        deep respelling, the spellings that need no guess of the typo (``last_terms``), a probe of first
        letters; when no lookup found anything at all, the request without its first word first (in place
        of a guess once the request has spent :data:`LEAN_LOOKUPS`; ``kinds``: lookups per term)."""
        deep = self.speller.respell(query.title, deep=True)
        singular = singular_term(query)
        terms = _dedupe(
            [
                *deep[:1],
                *last_terms(query, self.speller),
                *deep[1:],
                *later,
                *([singular] if singular else []),
            ],
            asked,
        )
        if probe := probe_term(query, self.speller):
            terms.insert(min(1, len(terms)), probe)
        terms = _dedupe(terms, asked)[:LAST_ROUND]
        if not found_any and (rest := without_first_word(query, self.speller)):
            # nothing found at all: a typed word is wrong, maybe the first, though a real word; in place
            # of a guess past the lookups most requests stay within (an absent title asks no more)
            room = (LEAN_LOOKUPS - self._lookups) // max(1, kinds)
            terms = _dedupe([rest, *terms], asked)[: max(len(terms), min(room, LAST_ROUND))]
        return terms

    async def _many(self, terms: list[tuple[Kind, str]]) -> tuple[list[Candidate], list[str]]:
        t0 = time.perf_counter()
        self._lookups += len(terms)
        try:
            return await self.lookup.many(terms)
        finally:
            self._waited += time.perf_counter() - t0

    async def _round(
        self,
        query: ParsedQuery,
        kinds: list[Kind],
        terms: list[str],
        found: list[Candidate],
        errors: list[str],
    ) -> tuple[list[Candidate], float]:
        extra, errs = await self._many([(k, term_for(k, t)) for k in kinds for t in terms])
        found = _merge(found, extra)
        errors += [e for e in errs if e not in errors]
        best = max((s.similarity for s in rank(query, found)), default=0.0)
        if self._unglued is not None:  # "psychohitchcock": found once "Psycho" is, as read at the end
            best = max(best, max((s.similarity for s in rank(self._unglued, found)), default=0.0))
        return found, best

    def _unglue(self, query: ParsedQuery) -> ParsedQuery | None:
        """The request with a name or channel glued to a title word split off (:func:`unglued_name`), as
        :meth:`_respelt` reads it once a title found holds the word: the lookups stop when that reading
        is found. None when no word is glued so."""
        split = unglued_name(fold(query.title).split(), self.speller)
        if split is None:
            return None
        full = unglued_name(fold(query.full_title).split(), self.speller) if query.full_title else None
        return replace(query, title=" ".join(split), full_title=" ".join(full) if full else query.full_title)

    @staticmethod
    def _inner_title(query: ParsedQuery, candidates: list[Candidate], asked: set[str]) -> str | None:
        """The title inside a longer request that the best candidate is named by, when it was not the
        term looked up (``rank.contained_title``): its homonyms are found only by that part alone."""
        ranked = rank(query, candidates)
        part = contained_title(query, ranked[0]) if ranked else None
        return part if part and fold(part) not in asked else None

    def _franchise_title(
        self, query: ParsedQuery, candidates: list[Candidate], asked: set[str]
    ) -> str | None:
        """The main title of the film that the request names by another title before a sequel number or
        an order ("piege de cristal 2", "le remake de psychose"), when the request is not answered yet and
        that title was not looked up (``rank.franchise_name``)."""
        name = franchise_name(query, candidates)
        if name is None or name in asked or self._lookups >= MAX_LOOKUPS:
            return None
        return name if decide(query, rank(query, candidates)).verdict != "confident" else None

    @staticmethod
    def _described_homonyms(query: ParsedQuery, candidates: list[Candidate], asked: set[str]) -> str | None:
        """The title inside the request that the best candidate carries, when no term looked up was that
        title alone and the request is not answered yet: the lookups of the whole request or of its first
        words find the items carrying every word typed, or the most popular of a shorter name, so the
        homonyms whose data the other words describe come back only when that title is looked up alone
        ("a star is born judy garland": the 1954 film, whose overview names her; "a star" found the
        2018 one)."""
        ranked = rank(query, candidates)
        if not ranked or decide(query, ranked).verdict == "confident":
            return None
        part = contained_title(query, ranked[0], named_only=False)
        if not part or any(significant(match_key(a).split()) == part.split() for a in asked):
            return None  # looked up already ("the office": its homonyms came back with it)
        typed = significant(match_key(query.full_title or query.title).split())
        size = len(part.split())
        at = next((k for k in range(len(typed)) if typed[k : k + size] == part.split()), None)
        rest = [w for w in typed[:at] + typed[at + size :] if not w.isdigit()] if at is not None else []
        # only words that an overview holding them would tell (a full name, a surname, a rare word): one
        # common word ("la casa de papel berlin") explains nothing even when an overview holds it
        return part if rest and telling(rest) else None

    async def _other_names(
        self,
        query: ParsedQuery,
        kinds: list[Kind],
        candidates: list[Candidate],
        asked: set[str],
        *,
        errors: list[str],
        best: float,
    ) -> list[Candidate]:
        """The last lookups, of a title other than the one typed: the main title of a film the request
        names by another before a sequel number or an order (``_franchise_title``), then the title inside
        the request whose homonyms the other words describe (``_described_homonyms``)."""
        if "movie" in kinds and (name := self._franchise_title(query, candidates, asked)):
            # "piege de cristal 2": the sequels of 'Die Hard' are found by its own title
            asked.add(name)
            candidates, best = await self._round(query, ["movie"], [name], candidates, errors)
        # (a request that is exactly a title found has no words around it to describe a homonym)
        part = self._described_homonyms(query, candidates, asked) if best < EXACT_TITLE else None
        if part and self._lookups + len(kinds) <= MAX_LOOKUPS:
            candidates, best = await self._round(query, kinds, [part], candidates, errors)
        return candidates

    async def _as_meant(
        self,
        query: ParsedQuery,
        kinds: list[Kind],
        candidates: list[Candidate],
        errors: list[str],
        asked: set[str],
    ) -> tuple[ParsedQuery, list[Candidate]]:
        """The request respelt as the answers confirm it was meant (:meth:`_respelt`). When a reading further
        than one edit respelt the name before a sequel number ("the matreex 4": "the matrix") and no title
        found of that name carries the number, the name spelt so is looked up first unless it was: the n-th
        of a franchise needs all of it, and a misspelt lookup may have missed a member; without the room
        for that lookup, the request is read only one edit off, as typed otherwise."""
        respelt = self._respelt(query, candidates)
        if base := _unconfirmed_base(query, respelt, asked, candidates):
            near = self._respelt(query, candidates, further=False)
            if near.title == respelt.title:
                return respelt, candidates  # read so one edit off, as before: no lookup needed
            if self._lookups + len(kinds) > MAX_LOOKUPS:
                return near, candidates
            candidates, _ = await self._round(query, kinds, [base], candidates, errors)
            respelt = self._respelt(query, candidates)
        return respelt, candidates

    async def resolve(self, text: str, kind: Kind | None = None) -> Resolution:
        started = time.perf_counter()
        self._waited = 0.0
        self._lookups = 0
        query = await self.understander.understand(text, kind)
        self._unglued = self._unglue(query) if query.title else None
        kinds = [k for k in ([query.kind] if query.kind else KINDS) if k in self.lookup.available()]
        errors: list[str] = []
        candidates: list[Candidate] = []
        if query.ids:
            candidates, errors = await self._many(self.lookup.id_terms(query.ids, query.kind))
        asked: set[str] = set()
        if not candidates and query.title:
            asked = {fold(query.title)}
            candidates, best = await self._round(query, kinds, [query.title], candidates, errors)
            if best >= GOOD_ENOUGH and (part := self._inner_title(query, candidates, asked)):
                asked.add(part)
                candidates, best = await self._round(query, kinds, [part], candidates, errors)
            abbr = as_abbreviation(query.title) if best < FOUND else None
            if abbr and (known := self.memory.expand(abbr, kinds)):
                more = known[:MAX_EXPANSIONS]
                extra, errs = await self._many(more)
                candidates = _merge(candidates, extra)
                errors += [e for e in errs if e not in errors]
                best = max((s.similarity for s in rank(query, candidates)), default=0.0)
            if best < GOOD_ENOUGH:
                # "dr who": the lookup knows the title written in full ('Doctor Who'), tried first
                spelt = _dedupe(spelt_in_full(query.title), asked)[:FIRST_ROUND]
                others = self._likely_first(
                    _dedupe(other_terms(query, self.speller), asked | set(spelt)), query
                )
                terms = _typed_head_second([*spelt, *others], fold(query.title).split())
                first, later = terms[:FIRST_ROUND], terms[FIRST_ROUND : FIRST_ROUND + LAST_ROUND]
                if first:
                    asked |= set(first)
                    candidates, best = await self._round(query, kinds, first, candidates, errors)
                if spelt and (query_in_full := _in_full(query, candidates)) is not query:
                    query = query_in_full
                    best = max((s.similarity for s in rank(query, candidates)), default=0.0)
                if best < FOUND and _part_similarity(query, candidates) < GOOD_ENOUGH:
                    # (not when the title part found names an item: a person or a description follows)
                    # the spellings of the title alone when a person is named around it ("le gladiateur
                    # ridley scott": "le gladi", as for "le gladiateur"), or a network or a kind cue after
                    # it ("strangers things netflix": "stran")
                    typed = fold(query.title).split()
                    lead = title_by_person(typed, self.speller) or typed_part(query.title, self.speller)
                    spelt_query = replace(query, title=lead, full_title="") if lead else query
                    later = self._last_round(spelt_query, later, asked, bool(candidates), len(kinds))
                    if later:
                        asked |= set(later)
                        candidates, best = await self._round(query, kinds, later, candidates, errors)
            candidates = await self._other_names(query, kinds, candidates, asked, errors=errors, best=best)
        for c in candidates:
            for title in c.titles():
                self.memory.remember(c.kind, title)
        self.memory.flush()
        query, candidates = await self._as_meant(
            _uncarried_year(query, candidates), kinds, candidates, errors, asked
        )
        query, ranked, decision = _decide_spelt(query, candidates)
        return Resolution(
            query=query,
            decision=decision,
            ranked=tuple(ranked),
            errors=tuple(errors),
            lookups=self._lookups,
            seconds=time.perf_counter() - started,
            lookup_seconds=self._waited,
        )
