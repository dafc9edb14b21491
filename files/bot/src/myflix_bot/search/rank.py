"""Scores: how well a candidate matches the request, title first, then year, kind and popularity.

The title similarity is the best of rapidfuzz ratios between the request's title and every title of
the candidate (title, original title, alternative titles, French included), on :func:`match_key`
strings. A year that matches adds, a year that is off subtracts (this is what tells the 1984 Dune
from the 2021 one); a kind that contradicts the request subtracts a lot; popularity only breaks ties.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from dataclasses import dataclass, replace
from typing import Literal

from myflix_bot.search.candidates import Candidate
from myflix_bot.search.describe import described as describing
from myflix_bot.search.describe import genres_named
from myflix_bot.search.memory import as_abbreviation, initials, said_in_full
from myflix_bot.search.people import (
    FIRST_NAMES,
    RARE,
    SURNAMES,
    known_name,
    lexicon,
    looks_like_name,
    written_names,
)
from myflix_bot.search.query import Kind, ParsedQuery
from myflix_bot.search.spelling import listed_typo, other_words, sounds_alike, word_counts
from myflix_bot.search.text import (
    PART_WORDS,
    STOP_WORDS,
    asked_numbers,
    fold,
    match_key,
    part_numbers,
    significant,
    small_numbers,
    spelt_as_digits,
    without_parts,
)

YEAR_EXACT = 8.0
YEAR_CLOSE = 4.0  # one year off: festival vs release year
YEAR_PENALTY = 6.0  # per year beyond one, capped
YEAR_PENALTY_CAP = 30.0
KIND_PENALTY = 30.0
POPULARITY_MAX = 4.0
NUMBER_PENALTY = 12.0  # the request names a number ("le parrain 2") that the title lacks
ORDINAL_BONUS = 15.0  # "matrix 4": the 4th of the franchise by year, when no title has the number
NETWORK_BONUS = 5.0  # "dark netflix", "sherlock bbc"
LANGUAGE_BONUS = 6.0  # "les misérables le film français": the French one
COUNTRY_BONUS = 6.0  # "the office uk ricky gervais": the title carrying "(UK)"
TITLE_WORD_BONUS = 5.0  # a word of another of its titles said beside the title ("the bridge saison 2 bron")
OVERVIEW_BONUS = 3.0  # per word the title leaves unexplained and the overview holds ("david lynch")
OVERVIEW_BONUS_MAX = 6.0
ABBREVIATION_SIMILARITY = 90.0  # "got" spells "Game of Thrones" (homonyms decide as for a title)
TYPO_PENALTY = 5.0  # per edit of a query word corrected to the closest word of the candidate's title


@dataclass(frozen=True, slots=True)
class Scored:
    candidate: Candidate
    similarity: float  # 0..100, title only
    score: float  # similarity plus the signals
    exact_id: bool = False
    guess: bool = False  # chosen by the sequel-order rule ("matrix 4": the 4th of the franchise)
    number_missing: bool = False  # the request names a sequel number this movie's titles lack
    signals: float = 0.0  # what the request's other words earned: network, language, country, overview
    named: bool = False  # one of its titles is what the request names (extra words aside)
    partial: bool = False  # one of its titles opens the request, but the rest is words of another title


CONTAINED_BASE = 78.0  # a title whose words are all in a longer request ("star wars de george lucas")
# ... plus this much times the share of the request it explains (max < 86: never confident alone)
CONTAINED_SPAN = 7.5
CONTAINED_MAX = 84.0  # below decide.CONFIDENT_MIN


def _same_order(q: str, t: str) -> bool:
    """The words the two share come in the same order ("Dark City" is not "City Dark")."""
    qw, tw = dict.fromkeys(significant(q.split())), dict.fromkeys(significant(t.split()))
    return [w for w in qw if w in tw] == [w for w in tw if w in qw]


def _pair_similarity(q: str, t: str) -> float:
    from rapidfuzz import fuzz  # noqa: PLC0415 - lazy: not loaded until the first search

    if not _same_order(q, t):
        # the same words in another order make another title: a rough match at best
        return min(CONTAINED_MAX, max(fuzz.ratio(q, t), fuzz.token_sort_ratio(q, t)))
    plain = max(fuzz.ratio(q, t), fuzz.token_sort_ratio(q, t))
    qw, tw = set(significant(q.split())), set(significant(t.split()))
    if tw and tw < qw:
        # The request has words the title lacks (a director, "version anglaise"): the more of the
        # request the title explains, the better; "Star" must not tie with "Star Wars".
        share = sum(len(w) for w in tw) / sum(len(w) for w in qw)
        return max(plain, CONTAINED_BASE + CONTAINED_SPAN * share)
    return max(plain, 0.9 * fuzz.token_set_ratio(q, t))


def _corrected(q: str, t: str) -> tuple[str, int]:
    """``q`` with each misspelt word (4+ letters, absent from ``t``) replaced by the closest word of
    ``t`` within a few edits (one per four letters; a swap is one edit): "amelei poulain" against
    "amelie poulain" -> ("amelie poulain", 1 edit). Returns the text and the edits made."""
    from rapidfuzz.distance import OSA  # noqa: PLC0415

    title_words = [w for w in t.split() if len(w) >= 3]
    if not title_words:
        return q, 0
    out: list[str] = []
    edits = 0
    words, spacing = _respaced(q.split(), t.split())
    for i, word in enumerate(words):
        # a word of the lists is never read as another listed word two edits off ("revelations")
        meant = [w for w in title_words if not other_words(word, w)]
        if len(word) < 4 or word in title_words or word.isdigit() or not meant:
            out.append(word)
            continue
        best, cost = min(((w, OSA.distance(word, w)) for w in meant), key=lambda p: p[1])
        last = i == len(words) - 1
        if cost > 1 and (stem := next((w for w in meant if same_stem(word, w, last)), None)):
            best, cost = stem, 1  # "gladiateur" / "gladiator", "redem" / "redemption": one edit's worth
        if cost > 1 and (alike := next((w for w in meant if sounds_alike(word, w)), None)):
            best, cost = alike, 1  # "matreex" / "matrix", "deadpoule" / "deadpool": one edit's worth
        if cost <= max(1, len(word) // 4):
            out.append(best)
            edits += cost
        else:
            out.append(word)
    return " ".join(out), edits + spacing


def _respaced(words: list[str], title: list[str]) -> tuple[list[str], int]:
    """``words`` with a title word typed as two ("glad iator") joined and two title words typed as one
    ("thejoker") split, against the title's words ``title``; and the count of such mends (one edit each)."""
    pairs = {a + b: (a, b) for a, b in itertools.pairwise(title) if a.isalpha() and b.isalpha()}
    whole = set(title)
    out: list[str] = []
    mends = 0
    i = 0
    while i < len(words):
        word = words[i]
        if i + 1 < len(words) and word not in whole and word + words[i + 1] in whole:
            out.append(word + words[i + 1])
            mends += 1
            i += 2
            continue
        if word not in whole and word in pairs:
            out.extend(pairs[word])
            mends += 1
        else:
            out.append(word)
        i += 1
    return out, mends


def _letters(key: str) -> str:
    """A match key without the spaces between its words, numbers kept apart ("jurassic park 3" ->
    "jurassicpark 3"): two titles typed with other spacing compare equal, a sequel number still counts."""
    return re.sub(r"(?<=[^\d ]) (?=[^\d ])", "", key)


# Word endings that change with the language or the grammar, longest first: a French reading of a foreign
# name ("titanique", "gladiateur", "interstellaire") or a plural, against the title's own ending.
_ENDINGS = ("iques", "ique", "aires", "aire", "eurs", "eur", "es", "ic", "ar", "or", "er", "e", "s", "x")
STEM_MIN = 5  # letters a stem keeps: shorter words are too alike to be told apart by their start
TRUNCATED_SHARE = 0.5  # a word cut short keeps at least this share of the title word


# Endings that stand for one another across French and English or in a plural: "titanique" is "titanic",
# "gladiateur" "gladiator", "parasites" "parasite"; not "titanic" and "titans" ("ic" is no plural).
_SAME_ENDINGS = (
    frozenset(["iques", "ique", "ic"]),
    frozenset(["aires", "aire", "ar"]),
    frozenset(["eurs", "eur", "or", "er"]),
    frozenset(["es", "e", "s", "x", ""]),
)


# French endings and the English ones of the same word, the stem spelt alike: "prophétie" / "prophecy",
# "comédie" / "comedy", "liberté" / "liberty", "mystérieux" / "mysterious" (a subtitle said in French of an
# English title). Not "espoir" / "hope": another word altogether, which no rule of letters can tell.
_COGNATE_ENDINGS = (("tie", "cy"), ("ie", "y"), ("te", "ty"), ("eux", "ous"))


def _cognates(word: str, title_word: str) -> bool:
    return any(
        x.endswith(a) and y.endswith(b) and len(x) - len(a) >= STEM_MIN and x[: -len(a)] == y[: -len(b)]
        for a, b in _COGNATE_ENDINGS
        for x, y in ((word, title_word), (title_word, word))
    )


def _ending(word: str) -> tuple[str, str]:
    for end in _ENDINGS:
        if word.endswith(end) and len(word) - len(end) >= STEM_MIN:
            return word[: -len(end)], end
    return word, ""


def _stem(word: str) -> str:
    return _ending(word)[0]


def same_stem(word: str, title_word: str, last: bool = False) -> bool:
    """``word`` is ``title_word`` with another ending ("titanique" / "titanic", "gladiateur" / "gladiator",
    the French cognate "prophetie" / "prophecy") or, the request's ``last`` word, cut short while typing
    ("ratatoui" / "ratatouille", "redem" / "redemption")."""
    if len(word) < STEM_MIN or word == title_word:
        return False
    if last and title_word.startswith(word) and len(word) >= TRUNCATED_SHARE * len(title_word):
        return True
    if _cognates(word, title_word):
        return True
    stem, end = _ending(word)
    other, other_end = _ending(title_word)
    return (
        len(stem) >= STEM_MIN
        and stem != word
        and stem == other
        and any(end in group and other_end in group for group in _SAME_ENDINGS)
    )


_QUALIFIER = re.compile(r"\s*\((?:\d{4}|[A-Z]{2,3})\)\s*$")
_ARTICLES = frozenset(["the", "a", "an", "le", "la", "les", "l"])


_COUNTRY_QUALIFIER = re.compile(r"\(([A-Z]{2,3})\)\s*$")
TYPED_TAGS = frozenset(["us", "uk"])  # the country tags people leave out as well as type ("the office")


def untagged(title: str, asked: str) -> bool:
    """``title`` carries a country qualifier other than US/UK ("High Potential (FR)": the French series
    whose English name an American one shares) that the request ``asked`` (a match key) does not type: the
    qualifier says the bare name is another item's too; the request names this one only with the tag."""
    m = _COUNTRY_QUALIFIER.search(title)
    if m is None:
        return False
    tag = m.group(1).lower()
    return tag not in TYPED_TAGS and tag not in asked.split()


def unqualified(title: str) -> str:
    """The title without a "(2024)" or "(US)" qualifier."""
    return _QUALIFIER.sub("", title)


def without_article(key: str) -> str:
    words = key.split()
    return " ".join(words[1:]) if len(words) > 1 and words[0] in _ARTICLES else key


def _readable_titles(candidate: Candidate) -> list[str]:
    """The candidate's titles, and each translated title after the franchise name of the main one when it
    lacks it: "Star Wars: The Force Awakens" is also "Star Wars Le Réveil de la Force"."""
    titles = candidate.titles()
    franchise, colon, _ = candidate.title.partition(":")
    if not colon or not franchise.strip():
        return titles
    head = fold(franchise)
    return titles + [f"{franchise} {t}" for t in titles[1:] if not fold(t).startswith(head)]


def title_similarity(query_title: str, candidate: Candidate, year: int | None = None) -> float:
    q = match_key(query_title)
    if not q:
        return 0.0
    best = 0.0
    abbr = as_abbreviation(query_title)
    digits = any(w.isdigit() for w in q.split())
    for title in _readable_titles(candidate):
        if abbr and len(fold(title).split()) >= 2 and initials(title) == abbr:
            best = max(best, ABBREVIATION_SIMILARITY)
        if untagged(title, q):
            best = max(best, min(CONTAINED_MAX, _key_similarity(q, match_key(unqualified(title)), None)))
            continue
        for t, plain in _title_keys(title, digits):
            if without_article(q) in (without_article(t), without_article(plain)):
                return 100.0  # "batman" names "The Batman" too
            similarity = _key_similarity(q, t, candidate.year)
            if similarity > CONTAINED_MAX and part_of_title(q, t, title):
                similarity = CONTAINED_MAX  # "dogs", "grand hotel": some words of a longer title
            best = max(best, similarity)
            if best >= 100:
                return best
    return best


DISTINCTIVE = 1000  # a word seen fewer times than this in the frequency lists names few titles
_SEGMENTS = re.compile(r":|\(|\)|\s[-–—]\s")


def _distinctive(word: str) -> bool:
    """A word few titles hold: a name or a rare word ("chihiro", "shawshank", "budapest"), not a common
    word that many titles the lookup did not return would hold too ("dogs", "hotel", "gone")."""
    return len(word) >= 4 and not word.isdigit() and word_counts().get(word, 0) < DISTINCTIVE


def part_of_title(q: str, t: str, title: str) -> bool:
    """The request ``q`` (a match key, typos mended against the title's key ``t``) is only some words of
    the longer ``title``, in common words: "dogs" of "Reservoir Dogs", "grand hotel" of "The Grand
    Budapest Hotel", "fight night" read "fight fight" against "Fight Club". Such a request names an
    absent title as often as this one ("watch dogs", "Grand Hotel"). Not a part of the title set off by
    punctuation ("furiosa", "fallout", "no way home": the title or subtitle people call it by), not a part
    holding a distinctive word ("chihiro", "shawshank", "budapest hotel"), not its first words ("le
    fabuleux destin", ``_head``), not a part that leaves
    only numbers and part words (the number rules judge sequels: "le parrain" / "Le Parrain, 2e
    partie"), nor a request with a number."""
    if any(w.isdigit() for w in q.split()):
        return False
    tw = set(t.split()) - _ARTICLES  # "die" of "Die Hard" is a word here, not the German article
    segments = {without_article(match_key(part)) for part in _SEGMENTS.split(title) if part.strip()}
    for asked in {q, _corrected(q, t)[0]}:
        qw = set(asked.split()) - _ARTICLES
        rest = {w for w in tw - qw if not w.isdigit() and w not in PART_WORDS}
        if (
            qw < tw
            and rest
            and without_article(asked) not in segments
            and not _head(asked, t)
            and not any(_distinctive(w) for w in qw)
        ):
            return True
    return False


HEAD_WORDS = 2  # words a request needs to name a title by its first words alone


def _head(q: str, t: str) -> bool:
    """``q`` is the first words of ``t``, two or more ("le fabuleux destin" of "Le Fabuleux Destin
    d'Amélie Poulain", "the last of" of "The Last of Us"): a title cut short, as typing does. One word is
    too little ("gone" of "Gone Girl", "fight" of "Fight Club")."""
    words, title = without_article(q).split(), without_article(t).split()
    return len(words) >= HEAD_WORDS and title[: len(words)] == words


def _title_keys(title: str, digits: bool) -> list[tuple[str, str]]:
    """The title's key and its name without a "(2024)", "(US)" qualifier; when the request has digits,
    again with the numbers the title spells as digits ("L'Armée des douze singes" for "... 12 singes")."""
    t = match_key(title)
    if not t:
        return []
    keys = [(t, match_key(unqualified(title)))]
    if digits and (spelt := spelt_as_digits(t)) != t:
        keys.append((spelt, spelt_as_digits(keys[0][1])))
    return keys


def _key_similarity(q: str, t: str, year: int | None) -> float:
    from rapidfuzz import fuzz  # noqa: PLC0415 - lazy: not loaded until the first search

    s = _pair_similarity(q, t)
    if year:  # "blade runner 2049" vs "Blade Runner" (2017): the year may be typed in
        s = max(s, fuzz.token_sort_ratio(q, f"{t} {year}") - 2)
    if s < 95:
        # "bladerunner", "star wars" typed "starwars": the same letters, spaces aside
        s = max(s, fuzz.ratio(_letters(q), _letters(t)) - 2)
        fixed, edits = _corrected(q, t)
        if edits:  # "amelei poulain": a typo in one word of several
            corrected = _pair_similarity(fixed, t) - TYPO_PENALTY * edits
            part = set(significant(fixed.split())) < set(significant(t.split()))
            if part or (edits > 1 and len(significant(q.split())) == 1):
                # one word two edits from the title's: no other word says it is this title and not
                # another the lookup did not return ("spuderman": Superman, or Spider-Man?); or a typo
                # read so makes the request a part of a longer title ("dark wate": Dark Fate?)
                corrected = min(corrected, CONTAINED_MAX)
            s = max(s, corrected)
    tw = set(significant(t.split()))
    if tw and tw < set(significant(q.split())):
        # The request has every word of this title and more: never confident on that alone, only
        # the words the ranker explains lift it (``_contained``). "fear the walking dead" is not
        # "The Walking Dead", whatever the letters in common.
        s = min(s, CONTAINED_MAX)
    if _other_word_read(q, t):
        s = min(s, CONTAINED_MAX)  # "matrix revelations" is not "The Matrix Revolutions" misspelt
    short = f"{year % 100:02d}" if year else ""
    if (
        short in q.split()
        and short not in t.split()
        and (bare := " ".join(w for w in q.split() if w != short))
    ):
        # the year written short ("les miserables 12": the 2012 film), a number below 30 that the parser
        # leaves in the title ("ocean's 11"); this item's year says it is one: the rest is the title
        s = max(s, _key_similarity(bare, t, None) - 2)
    return s


def _other_word_read(q: str, t: str) -> bool:
    """A word of the request ``q`` stands where the title ``t`` has another word of the lists, both typed
    as meant (``spelling.other_words``) though their letters are close ("revelations" and "revolutions"):
    the request names another title, absent or not, whatever the likeness of the letters."""
    from rapidfuzz.distance import OSA  # noqa: PLC0415

    tw = set(t.split())
    return any(
        len(w) >= 4
        and abs(len(w) - len(x)) <= 2
        and OSA.distance(w, x) <= max(2, len(w) // 3)
        and other_words(w, x)
        for w in set(q.split()) - tw
        for x in tw - set(q.split())
    )


SPELLED_LETTERS = 88.0  # the two titles' letters, spaces aside, this alike: one misspelt title
# letters more or fewer than the title's that still read as typos; a whole word more is another title
# ("qu'est-ce qu'on a encore fait au bon dieu" is the sequel, absent, not the first film misspelt)
SPELLED_SLACK = 3


def _words(key: str) -> list[str]:
    """The words that name: no stop word, number or part word ("Le Parrain, 2e partie" -> parrain)."""
    return [w for w in significant(key.split()) if not w.isdigit() and w not in PART_WORDS]


def _typo_of(word: str, words: set[str], alone: bool = False) -> bool:
    """``near_word``, one edit away from a word of four letters or more ("parc" and "park"), and for a
    three-letter word its plural ("con" and "cons"), one vowel for another ("men" and "man") or a double
    letter typed single ("bil" and "bill")."""
    from rapidfuzz.distance import OSA  # noqa: PLC0415

    if near_word(word, words, alone):
        return True
    if len(word) >= 4 and any(OSA.distance(word, w) <= 1 for w in words):
        return True
    if len(word) != 3:
        return False
    return any(
        w in (word + "s", word + "x")
        or word in (w + "s", w + "x")
        or (len(w) == 3 and sum(a != b for a, b in zip(w, word, strict=True)) == 1 and _vowel_swap(w, word))
        or (len(w) == 4 and any(w[i] == w[i + 1] and w[:i] + w[i + 1 :] == word for i in range(3)))
        for w in words
    )


def _vowel_swap(a: str, b: str) -> bool:
    """The only difference is a vowel for another ("men" and "man")."""
    return all(x == y or (x in "aeiouy" and y in "aeiouy") for x, y in zip(a, b, strict=True))


def _asked_keys(query: ParsedQuery, candidate: Candidate) -> list[str]:
    asked = [match_key(t) for t in query.titles()]
    if candidate.kind == "series":
        asked += [match_key(without_parts(t)) for t in query.titles()]
    return asked


def words_named(query: ParsedQuery, candidate: Candidate) -> bool:
    """Every word of the request's title is (a typo of) a word of one of the candidate's titles, which may
    have more ("chihiro" in "Le Voyage de Chihiro"; not "homecoming" in "Spider-Man 2")."""
    for title in _readable_titles(candidate):
        tw = set(_words(match_key(title)))
        for q in _asked_keys(query, candidate):
            qw = _words(q)
            if untagged(title, q):
                continue
            if qw and tw and all(_typo_of(w, tw, len(qw) == 1) for w in qw):
                return True
    return False


def spelled_out(query: ParsedQuery, candidate: Candidate) -> bool:
    """One of the candidate's titles is the request's title, misspelt at most: each word of either side is
    a word of the other, a typo or a translation of one (``near_word``), in the same order, or the letters
    of both, spaces aside, are nearly the same ("spiderman no way home"), or the request is its initials.
    Numbers are left to the number rules. "the revenant" does not spell "The Returned", nor "blade"
    "Blade Runner", nor "mission impossible dead reckoning" "Mission: Impossible II"."""
    from rapidfuzz import fuzz  # noqa: PLC0415

    asked = _asked_keys(query, candidate)
    abbr = as_abbreviation(query.title)
    for title in _readable_titles(candidate):
        if abbr and len(fold(title).split()) >= 2 and initials(title) == abbr:
            return True
        t = match_key(unqualified(title))
        tw = _words(t)
        for q in asked:
            qw = _words(q)
            if not qw or not tw or _other_word_read(q, t) or untagged(title, q):
                continue
            # a leading article added or left out is no letter of the title ("la better call sol")
            for a, b in ((q, t), (without_article(q), without_article(t))):
                letters, title_letters = a.replace(" ", ""), b.replace(" ", "")
                if (
                    fuzz.ratio(letters, title_letters) >= SPELLED_LETTERS
                    and abs(len(letters) - len(title_letters)) <= SPELLED_SLACK
                ):
                    return True
            if all(_typo_of(w, set(tw), len(qw) == 1) for w in qw) and all(_typo_of(w, set(qw)) for w in tw):
                return _same_order(" ".join(qw), " ".join(tw)) or set(qw) != set(tw)
    return False


def franchise_part(query: ParsedQuery, matches: list[Scored]) -> bool:
    """The request is exactly the words that two or more candidates' titles share ("harry potter",
    "kill bill", "indiana jones") and open the titles of two of them: it names the franchise. "blade" is
    not: "Blade Runner" and "Blade Runner 2049" share "blade runner"; nor "twelve", the last word of
    "Ocean's Twelve" and the first of "Twelve Monkeys"."""
    qw = _words(match_key(query.title))
    if not qw:
        return False
    shared: set[str] | None = None
    members = heads = 0
    for s in matches:
        carrying = [
            _words(match_key(t))
            for t in _readable_titles(s.candidate)
            if all(near_word(w, set(_words(match_key(t)))) for w in qw)
        ]
        if not carrying:
            continue
        members += 1
        # a franchise's name opens its titles: "twelve" in "Ocean's Twelve" and "Twelve Monkeys" is none
        heads += any(near_word(qw[0], {words[0]}) for words in carrying)
        words = set(min(carrying, key=lambda ws: len(set(ws))))
        shared = words if shared is None else shared & words
    return members >= 2 and heads >= 2 and shared is not None and all(near_word(w, set(qw)) for w in shared)


GLUED_HALF = 3  # letters each half of a name typed in two needs ("sina tra" for "Sinatra")


def _overview_signal(query: ParsedQuery, candidate: Candidate) -> float:
    """Words of the request that no title of the candidate explains, found in its overview:
    "dune de david lynch" and the 1984 film "David Lynch's adaptation of ..."."""
    if not candidate.overview:
        return 0.0
    title_words: set[str] = set()
    for title in candidate.titles():
        title_words |= set(fold(title).split())
    typed = fold(f"{query.full_title or query.title} {query.people}").split()
    asked = set(typed)
    overview = with_glued(fold(candidate.overview).split())
    # a name typed in two halves ("ocean's eleven sina tra": the overview's "Sinatra"), as the overview
    # writes it: one word, the halves no words of a title
    glued = {
        a + b
        for a, b in itertools.pairwise(typed)
        if a.isalpha() and b.isalpha() and min(len(a), len(b)) >= GLUED_HALF and a + b in overview
    }
    extra = [
        w
        for w in (asked | glued) - title_words
        if len(w) >= 4
        and w not in STOP_WORDS
        and not w.isdigit()
        and not any(t.startswith(w[:4]) for t in title_words)  # "alien" is not news for "Aliens"
        and not _one_typo(w, title_words)  # "le roi lino": 'Lion' misspelt, not the overview's "lion"
    ]
    if not extra:
        return 0.0
    hits = [
        w
        for w in extra
        if w in overview or (w.endswith("s") and w[:-1] in overview) or _one_typo(w, overview)
    ]
    if not hits or not (telling(hits, written_names(candidate.overview)) or set(hits) <= subject(query)[1]):
        return 0.0  # (what the film or series is said to be about tells, whatever its words)
    return min(OVERVIEW_BONUS_MAX, OVERVIEW_BONUS * len(hits))


def year_signal(wanted: int | None, year: int | None) -> float:
    if wanted is None or year is None:
        return 0.0
    diff = abs(wanted - year)
    if diff == 0:
        return YEAR_EXACT
    if diff == 1:
        return YEAR_CLOSE
    return -min(YEAR_PENALTY_CAP, YEAR_PENALTY * diff)


def popularity_signal(popularity: float) -> float:
    return min(POPULARITY_MAX, 2.0 * math.log10(1.0 + max(0.0, popularity)))


def score(query: ParsedQuery, candidate: Candidate) -> Scored:
    ids = query.ids
    exact = bool(
        (ids.tmdb and candidate.tmdb == ids.tmdb and (candidate.kind == "movie" or not ids.tvdb))
        or (ids.tvdb and candidate.kind == "series" and candidate.id == ids.tvdb)
        or (ids.imdb and candidate.imdb == ids.imdb)
    )
    if exact:
        return Scored(candidate, 100.0, 200.0, exact_id=True)
    sim = max(title_similarity(t, candidate) for t in query.titles())
    wanted = asked_numbers(query.title)
    parts = part_numbers(query.title)
    if candidate.kind == "series" and parts:
        # "band of brothers part 4", "kaamelott livre 2": a part, a book or an episode of the series
        sim = max(sim, title_similarity(without_parts(query.title), candidate))
        wanted = wanted - parts
    if wanted and not wanted <= _numbers_of(candidate) and (labelled := _episode_label(query, candidate)):
        sim, wanted = max(sim, labelled), frozenset()  # "star wars 5 l'empire contre attaque"
    total = sim + year_signal(query.year, candidate.year) + popularity_signal(candidate.popularity)
    if query.kind is not None and candidate.kind != query.kind:
        total -= KIND_PENALTY
    # "the office bbc two", "skins channel 4": the number is the network's
    wanted = wanted - _network_words(match_key(query.full_title or query.title).split(), candidate)
    # A number next to a series title may be a season or a book ("kaamelott livre 6"), not a sequel.
    missing = bool(wanted) and not wanted <= _numbers_of(candidate)
    if missing and candidate.kind == "series":
        missing = bool(candidate.seasons) and not {int(n) for n in wanted} <= set(candidate.seasons)
    if missing and candidate.year and wanted - _numbers_of(candidate) == {f"{candidate.year % 100:02d}"}:
        missing = False  # a short year, not a sequel: "les miserables 12" is the 2012 film
    if missing:
        total -= NUMBER_PENALTY
    signals = 0.0
    if candidate.network and _network_named(query.full_title or query.title, candidate.network):
        signals += NETWORK_BONUS
    if query.language and candidate.language == query.language:
        signals += LANGUAGE_BONUS
    if query.country and any(query.country in fold(t).split() for t in candidate.titles()):
        signals += COUNTRY_BONUS
    signals += _overview_signal(query, candidate) + _title_word_signal(query, candidate)
    return Scored(candidate, sim, total + signals, number_missing=missing, signals=signals)


def _title_word_signal(query: ParsedQuery, candidate: Candidate) -> float:
    """A word the parser read around the title (after a season: "the bridge saison 2 bron") that is a word
    of one of the item's titles: its other name, said to tell it from its homonyms."""
    said = _said_around(query.full_title, query.title) if query.full_title else frozenset()
    return TITLE_WORD_BONUS if said and said & _title_words(candidate) else 0.0


@functools.lru_cache(maxsize=256)
def _said_around(full_title: str, title: str) -> frozenset[str]:
    """The words of ``full_title`` that ``title`` lacks (match_key, stop words and numbers aside)."""
    words = set(significant(match_key(full_title).split())) - set(match_key(title).split())
    return frozenset(w for w in words if not w.isdigit())


EPISODE_LABEL_SIMILARITY = 97.0  # a title named exactly around an installment number it does not carry


def _episode_label(query: ParsedQuery, candidate: Candidate) -> float | None:
    """ "star wars 5 l'empire contre attaque": a number between a franchise's name and a subtitle that,
    without the number, is exactly one of the candidate's titles (none of which carries a number) is the
    installment's place, not a sequel number the item lacks; the subtitle names the item. None when the
    number ends the request ("alien 2" is the number rules' business) or the titles carry a number."""
    words = match_key(query.title).split()
    inner = [i for i, w in enumerate(words) if 0 < i < len(words) - 1 and w.isdigit() and len(w) <= 2]
    if not inner or _numbers_of(candidate):
        return None
    rest = " ".join(w for i, w in enumerate(words) if i not in inner)
    return EPISODE_LABEL_SIMILARITY if title_similarity(rest, candidate) >= EXACT_SIMILARITY else None


def _numbers_of(candidate: Candidate) -> set[str]:
    found: set[str] = set()
    for title in candidate.titles():
        found |= small_numbers(spelt_as_digits(match_key(title)))
    return found


# Words of studio names that name no studio on their own ("Walt Disney Pictures" is named by "disney").
STUDIO_GENERIC = frozenset(
    [
        "pictures",
        "studios",
        "studio",
        "films",
        "film",
        "entertainment",
        "productions",
        "production",
        "company",
        "cinema",
        "television",
        "video",
        "international",
        "network",
        "channel",
        "group",
        "media",
        "classics",
    ]
)


def _network_words(asked: list[str], candidate: Candidate) -> set[str]:
    """The words (match_key) of the candidate's network or studio when the request ``asked`` (match_key
    words) names it whole, numbers included ("bbc two", "channel 4", "france 2"); else none."""
    net = match_key(candidate.network).split()
    if not net or not any(asked[i : i + len(net)] == net for i in range(len(asked) - len(net) + 1)):
        return set()
    return set(net)


SHORT_FORM_MIN = 2  # letters a channel's name keeps without its number ("dr" of "DR1")
INITIALS_MIN = 3  # words of a name people say by its initials ("mgm": Metro-Goldwyn-Mayer)
_GLUED_NUMBER = re.compile(r"([a-z]+)\d+")


def short_forms(network: str) -> set[str]:
    """The short or local forms people name a channel or studio by, folded: a name glued to its number
    without it ("svt" for "SVT1", "dr" for "DR1"), a name and its number glued, the name cut short ("fr3"
    for "France 3", "ch4", "c4" for "Channel 4", "bbc2" for "BBC Two"), the initials of a name of three
    words or more ("mgm" for "Metro-Goldwyn-Mayer")."""
    words = fold(network).split()
    glued = [m.group(1) for w in words if (m := _GLUED_NUMBER.fullmatch(w))]
    out = {w for w in glued if len(w) >= SHORT_FORM_MIN}
    keyed = match_key(network).split()
    if len(keyed) == 2 and keyed[0].isalpha() and keyed[1].isdigit():  # a name and its number
        out |= {keyed[0][:k] + keyed[1] for k in range(1, len(keyed[0]) + 1)}
    if len(words) >= INITIALS_MIN and all(w.isalpha() for w in words):
        out.add("".join(w[0] for w in words))
    return out


def _network_named(title: str, network: str) -> bool:
    """The request names the network or studio: its first word ("netflix", "bbc"), another of its
    distinctive words ("mulan disney": Walt Disney Pictures), so that every item of that studio earns it,
    or a short form of it ("the bridge svt": SVT1)."""
    words = set(fold(title).split())
    net = fold(network).split()
    if not net:
        return False
    if (net[0] in words and len(net[0]) >= 3) or words & short_forms(network):
        return True
    return any(w in words for w in net[1:] if len(w) >= 3 and w not in STUDIO_GENERIC and w not in STOP_WORDS)


def _in_franchise(base: str, candidate: Candidate, typos: bool = False) -> bool:
    """Every significant word of ``base`` is a word of one of the candidate's titles, or starts one
    ("alien" -> "Aliens", "matrix" -> "The Matrix Resurrections")."""
    wanted = [w for w in base.split() if w not in STOP_WORDS] or base.split()
    if not wanted:
        return False
    for title in candidate.titles():
        words = match_key(title).split()
        if all(any(w == x or (len(w) >= 4 and x.startswith(w)) for x in words) for w in wanted):
            return True
        starts = {x[: len(w)] for x in words for w in wanted}  # "matrx" is a typo of "matrix"
        if (
            typos
            and all(_typo_of(w, starts) for w in wanted if len(w) >= 4)
            and all(w in words for w in wanted if len(w) < 4)
        ):
            return True  # "le dernier matrx": the franchise's name misspelt
    return False


EXACT_TITLE = 100.0
FRANCHISE_SIMILARITY = 80.0  # a franchise member's title must match the franchise's name this well


def _franchise(
    query: ParsedQuery, scored: list[Scored], base: str, typos: bool = False, kind: Kind | None = None
) -> list[Scored]:
    """The candidates of one kind (``kind``, else the request's, else the best one's) whose titles carry
    ``base``, oldest first (ties: lower id); ``typos``: or a misspelling of it (the first or the latest
    does not depend on every member being found, the n-th does, and a misspelt lookup may have missed one)."""
    wanted = kind or query.kind
    members = [
        s
        for s in scored
        if (wanted is None or s.candidate.kind == wanted)
        and _in_franchise(base, s.candidate, typos)
        # "the avengers 2": the franchise's name with its article is still 'Avengers: Age of Ultron''s
        and max(title_similarity(b, s.candidate) for b in {base, without_article(base)})
        >= FRANCHISE_SIMILARITY
    ]
    if not members:
        return []
    kind = max(members, key=lambda s: (s.score, s.candidate.popularity)).candidate.kind
    return sorted(
        (s for s in members if s.candidate.kind == kind),
        key=lambda s: (s.candidate.year or 9999, s.candidate.id),
    )


def _bump(scored: list[Scored], chosen: Scored, similarity: float | None = None) -> list[Scored]:
    """``chosen`` picked by release order; ``similarity`` is how well the franchise's name matched."""
    sim = max(chosen.similarity, similarity if similarity is not None else 0.0)
    bumped = replace(
        chosen,
        similarity=sim,
        score=chosen.score + ORDINAL_BONUS + (sim - chosen.similarity),
        guess=True,
        number_missing=False,
        named=True,
        partial=False,
    )
    return [bumped if s is chosen else s for s in scored]


def _sequel_order(query: ParsedQuery, scored: list[Scored]) -> list[Scored]:  # noqa: PLR0911 - a rule each
    """ "matrix 4", "top gun 2", "alien 2": when no title of the franchise carries the number, the
    n-th film of the franchise (same base title, by year) is the best guess (flagged, so never
    confident)."""
    words = match_key(query.title).split()
    at = next((i for i, w in enumerate(words) if i > 0 and w.isdigit() and 1 <= int(w) <= 9), None)
    if at is None:
        return scored
    number = words[at]
    base = " ".join(words[:at])  # "alien 2 le retour": the franchise is "alien", the rest a subtitle
    # "rocky 1 stallone", "le parrain 2 coppola": a person named after the number is no subtitle
    after = _without_name(significant(words[at + 1 :]) if at + 1 < len(words) else [])
    numbered = [s for s in scored if s.candidate.kind == "movie" and _carries(base, number, s.candidate)]
    # a subtitle typed, nothing else
    carriers = [s for s in numbered if all(near_word(w, _title_words(s.candidate)) for w in after)]
    if not carriers and len(numbered) == 1 and _subtitle_replaced(base, number, after, numbered[0], scored):
        carriers = numbered  # "star wars episode iv un nouvel espoir": the subtitle in another language
    if len(carriers) == 1 and carriers[0].similarity < NAMED_MIN:
        # "the terminator 2": "Terminator 2: Judgment Day" is the title followed by that number
        return _bump(scored, carriers[0], CONTAINED_SIMILARITY)
    franchise = _one_head(base, _franchise(query, scored, base, kind="movie"))
    if len(franchise) == 1 and (main := _named_otherwise(base, franchise[0].candidate)):
        # "piege de cristal 2": the French title of 'Die Hard', whose franchise goes by its own title
        wider = _one_head(main, _franchise(query, scored, main, kind="movie"))
        carrying = [s for s in wider if number in _numbers_of(s.candidate)]
        if len(carrying) == 1 and not after:
            return _bump(scored, carrying[0], title_similarity(base, franchise[0].candidate))
        if len(wider) > 1:
            franchise, base = wider, main
    if any(number in _numbers_of(s.candidate) for s in franchise):
        return scored
    n = int(number)
    if number in part_numbers(query.title) and (placed := _episode_place(franchise, n)) is not None:
        # "star wars episode 6": the first film is "Episode IV", the ones after it follow in release order
        return _bump(scored, placed, max(title_similarity(base, s.candidate) for s in franchise))
    if len(franchise) < n:
        return scored  # past the last one: every member lacks the number, nothing is bumped
    chosen = franchise[n - 1]
    if n == 1 and (titled := [s for s in franchise if title_similarity(base, s.candidate) >= EXACT_TITLE]):
        chosen = titled[0]  # "taxi 1" is "Taxi", the original, not an older "Taxi Driver"
    if not _nth_fits(query, franchise, chosen, (base, number), after):
        return scored
    # how well the franchise's name is matched: by its first item, or by the one chosen ("taxi 1": the
    # older "Taxi Driver" holds "taxi" only as a part, "Taxi" is titled so)
    first = max(
        title_similarity(base, franchise[0].candidate),
        title_similarity(base, chosen.candidate),
        franchise[0].similarity,
    )
    return _bump(scored, chosen, first)


def sequel_base(query: ParsedQuery) -> tuple[str, str] | None:
    """The name before a sequel number and the number ("alien 2" -> ("alien", "2")), or None."""
    words = match_key(query.title).split()
    at = next((i for i, w in enumerate(words) if i > 0 and w.isdigit() and 1 <= int(w) <= 9), None)
    return None if at is None else (" ".join(words[:at]), words[at])


def _named_otherwise(base: str, candidate: Candidate) -> str | None:
    """The main title (match key, no article) of a film that ``base`` names by another of its titles
    ("piege de cristal" -> "die hard"); None when ``base`` is its main title or none of its titles."""
    main = without_article(match_key(unqualified(candidate.title)))
    key = without_article(base)
    if main == key or not any(without_article(match_key(unqualified(t))) == key for t in candidate.titles()):
        return None
    return main


def franchise_name(query: ParsedQuery, candidates: list[Candidate]) -> str | None:
    """The main title of the one film that the name before the request's sequel number, or the name whose
    remake or first the request asks, names by another of its titles ("piege de cristal 2": 'Die Hard'):
    its sequels and homonyms are found by that title only."""
    asked = sequel_base(query)
    if asked is None and query.order is None:
        return None
    base = asked[0] if asked else match_key(query.title)  # "le remake de psychose": 'Psycho''s homonyms
    names = {m for c in candidates if c.kind == "movie" and (m := _named_otherwise(base, c))}
    return names.pop() if len(names) == 1 else None


def named_before_name(query: ParsedQuery) -> list[ParsedQuery]:
    """The request without each run of words that ends its title and reads as a person's name, shortest
    first ("kill bill quentin tarantino" -> "kill bill quentin", "kill bill", "kill")."""
    words = fold(query.title).split()
    return [
        replace(query, title=" ".join(words[:k]), full_title="")
        for k in range(len(words) - 1, 0, -1)
        if looks_like_name(words[k:])
    ]


def _without_name(after: list[str]) -> list[str]:
    """The words after a sequel number without the person's name that ends them, the shortest read as one
    ("stallone", "jim carrey"; "bill" of "kill bill tarantino" stays): the name describes the film, a
    subtitle is what is left."""
    return next((after[:k] for k in range(len(after) - 1, -1, -1) if looks_like_name(after[k:])), after)


def _episode_place(franchise: list[Scored], n: int) -> Scored | None:
    """The member (oldest first) that is installment ``n`` when one member alone carries a number, its
    installment's ("Star Wars: Episode IV - A New Hope", 1977), and the others follow it in release
    order: 5 and 6 are the two films after it. None when no member or several carry one, or ``n`` falls
    outside the franchise found (the prequels, absent)."""
    carrying = [(i, _numbers_of(s.candidate)) for i, s in enumerate(franchise) if _numbers_of(s.candidate)]
    if len(carrying) != 1 or len(carrying[0][1]) != 1:
        return None
    at, numbers = carrying[0]
    place = at + n - int(next(iter(numbers)))
    if place == at or not 0 <= place < len(franchise):
        return None
    return franchise[place]


def _one_head(base: str, franchise: list[Scored]) -> list[Scored]:
    """The franchise (oldest first) with one item titled ``base`` itself: when it has continuations (a
    title that goes on after the name with a colon, a number or a part word: "Avengers: Age of Ultron"),
    they follow the last homonym of the name released before the first of them ('The Avengers' of 2012,
    not the unrelated one of 1998, whose place would shift every number by one); a homonym released after
    them is one of them ('Scream' of 2022, the fifth). Homonyms alone stay."""
    head = without_article(match_key(base))
    titled = [s for s in franchise if _titled(head, s.candidate)]
    later = [s for s in franchise if s not in titled and _continues(head, s.candidate)]
    if len(titled) < 2 or not later:
        return franchise
    first = min(s.candidate.year or 9999 for s in later)
    before = [s for s in titled if (s.candidate.year or 9999) <= first]
    if not before:
        return franchise
    dropped = before[:-1]  # the homonyms after the first continuation are of it ('Scream' of 2022)
    return [s for s in franchise if s not in dropped]


def _titled(head: str, candidate: Candidate) -> bool:
    return any(without_article(match_key(unqualified(t))) == head for t in candidate.titles())


def _continues(head: str, candidate: Candidate) -> bool:
    """A title of the candidate is ``head`` followed by a subtitle after a colon, a number or a part
    word ("Avengers: Age of Ultron", "Dune: Part Two")."""
    for title in candidate.titles():
        words = without_article(match_key(title)).split()
        size = len(head.split())
        if words[:size] != head.split() or len(words) == size:
            continue
        after = words[size]
        named, _, _ = title.partition(":")
        if ":" in title and without_article(match_key(named)) == head:
            return True
        if after.isdigit() or after in PART_WORDS:
            return True
    return False


def _films_numbered(query: ParsedQuery, scored: list[Scored]) -> list[Scored]:
    """ "it chapter three": when a film found numbers itself with the request's part word after the same
    name ('It Chapter Two'), the number asked is that franchise's, not a part or an episode of a series
    of that name (the miniseries 'It'): the series lacks it as the films do ("band of brothers part 4",
    whose name no film carries, stays the series' part)."""
    pairs = [i for i, w in enumerate(fold(query.title).split()) if i > 0 and w in PART_WORDS]
    if not part_numbers(query.title) or not pairs:
        return scored
    head = without_article(match_key(" ".join(fold(query.title).split()[: pairs[0]])))
    if not any(s.candidate.kind == "movie" and _numbered_with_part(head, s.candidate) for s in scored):
        return scored
    return [
        replace(s, number_missing=True, score=s.score - NUMBER_PENALTY)
        if s.candidate.kind == "series" and not s.guess and not s.number_missing
        else s
        for s in scored
    ]


def _numbered_with_part(head: str, candidate: Candidate) -> bool:
    """A title of the candidate is ``head`` followed by a part word and a number ("It Chapter Two")."""
    for title in candidate.titles():
        words = fold(title).split()
        at = [i for i, w in enumerate(words) if i > 0 and w in PART_WORDS]
        if at and part_numbers(title) and without_article(match_key(" ".join(words[: at[0]]))) == head:
            return True
    return False


def _nth_fits(
    query: ParsedQuery,
    franchise: list[Scored],
    chosen: Scored,
    asked: tuple[str, str],
    after: list[str],
) -> bool:
    """The n-th of the franchise by release order, ``chosen``, may be the one asked (``asked`` is the
    franchise's name and the number): not when it carries another number (the franchise found lacks the
    item asked: "ça chapitre 1" when only "Ça : Chapitre 2" came back), unless the number asked is 1 and
    one of its titles is the franchise's name alone ("alien 1": 'Alien', whose French title "Alien, le
    huitième passager" holds an ordinal that numbers no film), nor when the request's subtitle ``after``
    the number is not its own ("star wars 2 l'attaque des clones"), nor for an episode or part number when
    the franchise numbers its installments apart from release order ("star wars episode ii": the first
    film is "Episode IV")."""
    base, number = asked
    original = number == "1" and _bare_name(base, chosen.candidate)
    if _numbers_of(chosen.candidate) - {number} and not original:
        return False
    if any(w not in REQUEST_NOISE and not near_word(w, _title_words(chosen.candidate)) for w in after):
        return False
    return not (number in part_numbers(query.title) and _numbered_otherwise(franchise))


def _bare_name(base: str, candidate: Candidate) -> bool:
    """One of the candidate's titles is the franchise's name ``base`` alone, with no number in it."""
    keys = {base, without_article(base)}
    return any(without_article(match_key(t)) in keys for t in candidate.titles())


def _numbered_otherwise(franchise: list[Scored]) -> bool:
    """A member of the franchise (oldest first) carries a number other than its place ("Star Wars:
    Episode IV - A New Hope", the first film): its installments are numbered apart from release order."""
    return any(
        (numbers := _numbers_of(s.candidate)) and str(place) not in numbers
        for place, s in enumerate(franchise, start=1)
    )


def _subtitle_replaced(
    base: str, number: str, after: list[str], chosen: Scored, scored: list[Scored]
) -> bool:
    """The words ``after`` a franchise's name and an installment number that one item alone carries stand
    for that item's own subtitle in another language ("star wars episode iv un nouvel espoir": "Star Wars:
    Episode IV - A New Hope", whose French subtitle the lookup does not carry): the item's title goes on
    after the number, the request has as many words there (two at least, or one fewer than a long
    subtitle), and none is a word of a title of the franchise found, that item's included. Not when its
    title ends at the number ("rocky 2 la renaissance" may be an absent sequel's), nor for a word added
    ("star wars 4 rising"), nor when the request keeps some of its subtitle and adds words ("terminator 3
    rise of the machines legacy"), nor when they are another member's words ("alien 3 le retour":
    "Aliens, le retour")."""
    subtitle = _subtitle_after(base, number, chosen.candidate)
    if not subtitle or len(after) < max(SUBTITLE_WORDS, len(subtitle) - 1):
        return False
    members = [_title_words(s.candidate) for s in scored if s is chosen or _in_franchise(base, s.candidate)]
    return not any(near_word(w, words) for w in after for words in members)


SUBTITLE_WORDS = 2  # significant words a subtitle in another language needs to stand for the item's own


def _subtitle_after(base: str, number: str, candidate: Candidate) -> list[str]:
    """The significant words after ``base`` and ``number`` in the candidate's title that goes on after
    them ("star wars" 4 -> "new hope"), or none."""
    head = without_article(base).split()
    for title in candidate.titles():
        words = without_article(match_key(title)).split()
        rest = [w for w in words[len(head) + 1 :] if w not in STOP_WORDS]
        if words[: len(head)] == head and words[len(head) : len(head) + 1] == [number] and rest:
            return rest
    return []


def _carries(base: str, number: str, candidate: Candidate) -> bool:
    """One of the candidate's titles is ``base`` (a leading article aside) followed by ``number``."""
    head = without_article(base).split()
    for title in candidate.titles():
        words = without_article(match_key(title)).split()
        if _same_words(head, words[: len(head)]) and words[len(head) : len(head) + 1] == [number]:
            return True
    return False


def _same_words(typed: list[str], title: list[str]) -> bool:
    """The words typed are the title's, a word no list holds one typo off ("kil bill 1": 'Kill Bill 1');
    a listed word is typed as meant ("rock 2" is not 'Rocky 2')."""
    counts = word_counts()
    return len(typed) == len(title) and all(
        a == b or (a not in counts and not a.isdigit() and _typo_of(a, {b}))
        for a, b in zip(typed, title, strict=True)
    )


def _released(members: list[Scored]) -> list[Scored]:
    return [
        s for s in members if s.candidate.year and s.candidate.raw.get("status") not in ("announced", "tba")
    ]


def _release_order(query: ParsedQuery, scored: list[Scored]) -> list[Scored]:
    """ "le dernier matrix", "ghostbusters reboot", "le roi lion dessin animé": the latest or the
    first of the franchise (flagged: a guess, never confident). A year asked for wins."""
    if query.order is None or query.year is not None:
        return scored
    base = match_key(query.title)
    franchise = _released(_franchise(query, scored, base, typos=True))
    if len(franchise) == 1 and (main := _named_otherwise(base, franchise[0].candidate)):
        # "le remake de psychose": the French title of 'Psycho' (1960); its remake is a 'Psycho'
        franchise = _released(_franchise(query, scored, main, typos=True))
    head = _described_head(query, scored) if len(franchise) < 2 else None
    described = head is not None
    if head is not None:
        # "psycho gus van sant remake", "twin peaks originale abc": the homonyms of the title that the
        # other words describe (the one they name: a person, a network its data holds)
        franchise = _released([s for s in _franchise(query, scored, head) if _titled(head, s.candidate)])
    if len(franchise) < 2:
        return scored
    # a remake is one of the homonyms carrying the very name ("the three musketeers remake" is the latest
    # "The Three Musketeers", not a later "The Three Musketeers: Milady"; "le dernier dune" is Part Two)
    titled = [s for s in franchise if s.similarity >= EXACT_TITLE]
    if query.order == "remake" and len(titled) >= 2:
        franchise = titled
    if query.order == "animated":
        drawn = [s for s in franchise if "Animation" in genres_of(s.candidate)]
        if not drawn and all(genres_of(s.candidate) for s in franchise):
            return scored  # "dune anime": the data tells every genre, and no member is a cartoon
        franchise = drawn or franchise
    chosen = franchise[-1] if query.order in ("latest", "remake") else franchise[0]
    if described and chosen.signals <= 0:
        # the words around the title describe the one the order picks only when its data holds them ("the
        # thing carpenter remake": the 1982 remake, whose data does not name him, not the 2011 prequel)
        return scored
    return _bump(scored, chosen, max(s.similarity for s in franchise))


def _described_head(query: ParsedQuery, scored: list[Scored]) -> str | None:
    """The first words of the request's title (a match key, no article) that an item found is titled,
    longest first, when that item is named by the request: the words after them describe it (a person,
    a network its data holds: "psycho gus van sant"). None when no item is so named."""
    words = without_article(match_key(query.title)).split()
    for k in range(len(words) - 1, 0, -1):
        head = " ".join(words[:k])
        if any(s.named and _titled(head, s.candidate) for s in scored):
            return head
    return None


NAMED_MIN = 95.0  # title similarity from which a candidate counts as named by the request
CONTAINED_SIMILARITY = 97.0  # the title opens the request, the other words are not another title's


def _title_words(candidate: Candidate) -> set[str]:
    words: set[str] = set()
    for title in candidate.titles():
        words |= set(match_key(title).split())
    return words


def near_word(word: str, words: set[str], alone: bool = False) -> bool:
    """``word`` is one of ``words``, a typo of one, or shares its first five letters with one (the same
    word in another language: "prophetie" and "prophecy", "resurrection" and "resurrections"). A common
    word of the frequency lists typed ``alone`` (the request's only word) is a title of its own, the typo
    of another only one edit away ("singing" is not "shining", "depart" not "departed"; "nigth" is
    "night")."""
    if word in words:
        return True
    from rapidfuzz import fuzz  # noqa: PLC0415
    from rapidfuzz.distance import OSA  # noqa: PLC0415

    if alone and word_counts().get(word, 0) >= COMMON_WORD:
        return len(word) >= 4 and any(OSA.distance(word, w) <= 1 for w in words)
    if len(word) >= COGNATE_PREFIX and any(w[:COGNATE_PREFIX] == word[:COGNATE_PREFIX] for w in words):
        return True
    # two listed words two edits apart are two words ("revelations" / "revolutions")
    close = [w for w in words if abs(len(w) - len(word)) <= 2 and not other_words(word, w)]
    if len(word) >= 6 and any(OSA.distance(word, w) <= len(word) // 3 for w in close):
        return True  # "chiriho" for "chihiro"
    return len(word) >= 4 and any(fuzz.ratio(word, w) >= 80 for w in close)


COGNATE_PREFIX = 5
COMMON_WORD = 20_000  # a word seen this often in the frequency lists is typed as meant
# Words after a title that never name anything: request, format and linking words ("dune 84 version
# longue", "whiplash en vf", "friends sur netflix"). Stop words are already out.
REQUEST_NOISE = lexicon(
    """
    avec with by par sur on chez from starring feat realise directed version longue long extended original
    originale director directors cut remastered remaster restaure integrale complete complet vf vostfr vo
    multi hd uhd 4k 1080p 720p bluray film movie serie series tv show saison season saisons seasons episode
    episodes mini miniserie derniere dernier latest svp stp steuple steuplait siouplait please merci thanks
    tonight asap
    """
)


def _near(word: str, words: set[str]) -> bool:
    """``word`` is in ``words``, or shares a stem with one ("horreur" and "horror", "spies" and "spy")."""
    return word in words or (len(word) >= 5 and any(len(w) >= 4 and w[:4] == word[:4] for w in words))


def _confirmed(query: ParsedQuery, candidate: Candidate) -> bool:
    """The request's own disambiguator (a year, a language or country word) fits the item: the user
    pointed at it, the other words describe it ("ghostbusters de 2016 avec les filles"). Not a kind cue:
    the lookup asked only that kind, so every candidate fits it, and the words it leaves may be the rest
    of a title of the other kind ("the last of us le film" is not the film "Last")."""
    return bool(
        (query.year is not None and year_signal(query.year, candidate.year) > 0)
        or (query.language and candidate.language == query.language)
        or (query.country and any(query.country in fold(t).split() for t in candidate.titles()))
    )


@dataclass(frozen=True, slots=True)
class _Described:
    data: set[str]  # network or studio and genres (match_key words too: "bbc two" is "bbc 2" in a request)
    overview: set[str]  # the overview's words
    names: frozenset[str]  # those the overview writes in a name
    genres: tuple[str, ...]  # the genres, as the lookup names them
    network: str  # the channel or studio ("" when the lookup names none)
    proper: frozenset[str]  # the overview's words written with a capital


def genres_of(candidate: Candidate) -> tuple[str, ...]:
    genres = candidate.raw.get("genres")
    return tuple(g for g in genres or () if isinstance(g, str))


def _described_words(candidate: Candidate) -> _Described:
    """What the lookup says about an item beyond its titles."""
    genres = genres_of(candidate)
    network = candidate.network.replace("+", " plus ")  # "Canal+", "Disney+" are said "canal plus"
    text = " ".join([network, *genres])
    data = with_glued(fold(text).split()) | set(match_key(text).split()) | short_forms(candidate.network)
    overview = with_glued(fold(candidate.overview).split())
    proper = frozenset(fold(w) for w in candidate.overview.split() if w[:1].isupper())
    names = written_names(candidate.overview)
    return _Described(data, overview, names, genres, candidate.network, proper)


def genre_asked(query: ParsedQuery, candidate: Candidate) -> bool:
    """The request names, beside the title, a genre the item carries ("cendrillon dessin animé": the
    1950 cartoon, not the 2015 live-action film)."""
    own = _title_words(candidate)
    words = [w for w in fold(query.full_title or query.title).split() if w not in own]
    return genres_named(words, genres_of(candidate))


def with_glued(words: list[str]) -> set[str]:
    """``words`` and each two neighbours typed as one: a name typed without its space ("scarface de
    howardhawks") is still the overview's "Howard Hawks"."""
    return set(words) | {a + b for a, b in itertools.pairwise(words)}


NAME_WORD_MAX = 5000  # a word this frequent in the lists is a common word, even written in a name


def telling(words: list[str], names: frozenset[str] = frozenset()) -> bool:
    """Words of a request found in an item's overview that point at it: two or more (a full name: "howard
    hawks", "spike lee"), or one surname or rare word ("lynch", "gervais"), or one word that the overview
    writes in a name (``names``, ``people.written_names``: "Howard Hawks", though "hawks" is a listed
    word) and that is no frequent word ("King Mufasa"). Not a first name alone ("christopher": Reeve is
    not Nolan), nor one common word that any overview may hold ("returns")."""
    counts = word_counts()
    return len(words) >= 2 or any(
        w in SURNAMES
        or (
            w not in FIRST_NAMES
            and (counts.get(w, 0) < RARE or (w in names and counts.get(w, 0) < NAME_WORD_MAX))
        )
        for w in words
    )


def _one_typo(word: str, known: set[str]) -> bool:
    """``word`` (4+ letters) is one edit from a word of ``known`` ("lync" and "lynch")."""
    from rapidfuzz.distance import OSA  # noqa: PLC0415

    if word in SURNAMES or word in FIRST_NAMES:
        return False  # a known name typed as meant: "hanks" is not the overview's "Hawks"
    return len(word) >= 4 and any(OSA.distance(word, k) <= 1 for k in known)


def _explained_words(words: list[str], described: _Described) -> set[str]:
    """The ``words`` the lookup's data explains, misspelt or not ("dune de david lync": the overview's
    "Lynch"): by the network, studio or genres (said in French or English: "sf", "comédie musicale"), by
    what only ever describes (``describe.described``: "ghibli"), or, when they tell (:func:`telling`), by
    the overview."""

    def near(w: str, known: set[str]) -> bool:
        # one typo at most: a looser likeness makes other words ("prince" for "France 2") explained
        return _near(w, known) or _one_typo(w, known)

    data, overview, names = described.data, described.overview, described.names
    explained = {w for w in words if near(w, data)} | describing(words, described.genres, described.network)
    # a word that names no channel or studio on its own, said beside one the data names: "roots history
    # channel" (the network "History"), "toy story pixar studios"
    explained |= {
        w
        for i, w in enumerate(words)
        if w in STUDIO_GENERIC
        and any(n in explained and n not in STUDIO_GENERIC for n in words[max(0, i - 1) : i + 2])
    }
    told = [w for w in words if w not in explained and near(w, overview)]
    return explained | (set(told) if told and (telling(told, names) or _places(told, described)) else set())


# Words that announce what a film or a series is about, after its kind ("le film sur facebook", "the movie
# about facebook", "la série à propos de ..."): the subject, which the overview tells
_SUBJECT_WORDS = frozenset(["sur", "about", "propos", "parle", "parlant", "raconte"])
_KIND_WORDS = frozenset(
    ["film", "films", "movie", "serie", "series", "show", "documentaire", "documentary", "doc", "docu"]
)
# words between the kind and the word announcing the subject ("le film qui parle de", "the movie that's
# about", "la série à propos de")
_SUBJECT_LINKS = frozenset(["qui", "que", "a", "that", "thats", "which", "s", "is", "tout", "all"])
SUBJECT_LINKS_MAX = 2


def subject(query: ParsedQuery) -> tuple[set[str], set[str]]:
    """The words announcing the subject of the item and the words after them, when the request says what
    the item is about after its kind ("the social network le film sur facebook": ({"sur"}, {"facebook"}),
    "le film qui parle de facebook", "the movie that's about facebook"); (set(), set()) otherwise: a bare
    "sur" or "about" is as often a title's word ("le pont sur la rivière kwaï", "about a boy")."""
    words = fold(query.text).split()
    for i, w in enumerate(words[:-1]):
        if w not in _SUBJECT_WORDS:
            continue
        k = i - 1
        while k >= 0 and i - k <= SUBJECT_LINKS_MAX and words[k] in _SUBJECT_LINKS:
            k -= 1
        if k >= 0 and words[k] in _KIND_WORDS:
            return set(words[k + 1 : i + 1]), set(significant(words[i + 1 :]))
    return set(), set()


def _told(word: str, overview: set[str]) -> bool:
    """``word`` is a word of the overview, a typo of one, or the same word in the other language, ending
    aside ("atomique" / "atomic", "nucleaire" / "nuclear")."""
    return (
        word in overview
        or _one_typo(word, overview)
        or any(
            same_stem(word, w)
            or (len(word) >= COGNATE_PREFIX and w[:COGNATE_PREFIX] == word[:COGNATE_PREFIX])
            for w in overview
        )
    )


def _subject_told(query: ParsedQuery, rest: list[str], described: _Described) -> set[str]:
    """The words of ``rest`` that say what the item is about (:func:`subject`), and the words announcing
    them, when the overview tells every one of them (:func:`_told`): the request points at this item,
    whatever the frequency of the words ("facebook")."""
    announcing, about = subject(query)
    told = [w for w in rest if w in about]
    if not told or not all(_told(w, described.overview) for w in told):
        return set()
    return {*told, *announcing}


def _places(words: list[str], described: _Described) -> bool:
    """Each of ``words`` is a proper name the overview writes with its capital and few titles hold (a
    place: "the wire baltimore", the overview "Baltimore."); not a frequent one ("Paris")."""
    counts = word_counts()
    return all(w in described.proper and counts.get(w, 0) < DISTINCTIVE for w in words)


Reading = Literal["named", "misspelt", "partial", "neither"]
SHORT_TYPED = 4  # a three-letter title word typed with a letter after it ("mere" for "mer")


def _misspelt(typed: list[str], title: list[str]) -> bool:
    """The words ``typed`` are the title's words ``title``, some misspelt ("oppenheemer" for "oppenheimer",
    "la hainne" for "la haine"): short words exactly or with one letter typed after them ("les dent de la
    mere": 'mer'), longer ones within a typo or another ending."""
    from rapidfuzz.distance import OSA  # noqa: PLC0415

    return any(a != b for a, b in zip(typed, title, strict=True)) and all(
        a == b
        or (len(a) == len(b) + 1 == SHORT_TYPED and a.startswith(b))
        or (
            len(a) >= 4
            and len(b) >= 4
            and OSA.distance(a, b) <= max(1, len(b) // 4)
            and not other_words(a, b)
        )
        or same_stem(a, b)
        for a, b in zip(typed, title, strict=True)
    )


def _read_title(
    query: ParsedQuery,
    s: Scored,
    t: list[str],
    asked: list[str],
    known: _Known,
    *,
    explained_only: bool = False,
) -> Reading:
    """How the request reads against one title ``t`` (significant words) of candidate ``s`` that it
    contains: "named" when the other words are explained, "partial" when they are words of another
    title, "neither" when numbers are left for the number rules. ``explained_only``: named only when the
    lookup's data explains every other word (a name the title is called by, not the whole title)."""
    at = next((k for k in range(len(asked) - len(t) + 1) if asked[k : k + len(t)] == t), None)
    misspelt = False
    if at is None:
        at = next((k for k in range(len(asked) - len(t) + 1) if _misspelt(asked[k : k + len(t)], t)), None)
        misspelt = True
    if (
        at is None
        or set(t) <= known.hints
        or (at > 0 and all(w.isdigit() and len(w) <= 2 for w in t))
        or (misspelt and not _misspelt_names(query, _typed_span(query, at, len(t)), len(t), s.candidate))
    ):
        # or only words the parser read around the title, or a number after other words: a title
        # "Premier" (1) is the part number of "the night of part 1", "night part 1", not a title they
        # hold; or misspelt words that alone would not name it ("the revenant" is no "Les Revenants",
        # whoever is named after it)
        return "neither"
    rest = [
        w
        for w in asked[:at] + asked[at + len(t) :]
        if not _own_word(w, known.own, t) and w not in known.hints and w not in REQUEST_NOISE
    ]
    described = _described_words(s.candidate)
    # the lookup's data explains a word, misspelt or not ("dune de david lync": the overview's "Lynch")
    explained = _explained_words(rest, described)
    if len(t) == 1 and said_in_full(t[0], asked[at + 1 :]):
        explained = set(rest)  # the abbreviation, then what it stands for ("hpi haut potentiel intellectuel")
    explained |= _subject_told(query, rest, described)
    unexplained = [w for w in rest if w not in explained]
    # the words of longer titles that carry this one ("Dune" -> "Dune: Prophecy")
    longer = set().union(*(words for words in known.others if set(t) <= words)) - known.own
    # announced as a person or a description, and this item's own data explains every word ("it de
    # stephen king": the 2017 film's overview names him, though the series is "Stephen King's It")
    described_by = not unexplained and bool(rest) and _announced(query, rest[0], _ANNOUNCING | _CAST)
    if not described_by and any(near_word(w, longer) for w in rest):
        return "partial"  # (a typo of, a translation of) a longer title's word: that one is meant
    network = _network_words(asked, s.candidate)
    if any(w.isdigit() and w not in network for w in rest):
        return "neither"  # a sequel, season or book number: the number rules judge
    # a person's name, all of it or what the item's data leaves of it ("robert patt inson": the
    # overview holds "Robert" and "Matt", not "inson"; the whole is still a name)
    written = described.names
    # one rare word after "de" is a surname ("la haine de kassovitz") after a title typed right; after a
    # misspelt one it is as often the rest of an absent title ("les ombres de marseille": 'Ombre')
    announcing = frozenset() if misspelt else _ANNOUNCING
    named = (
        bool(unexplained)
        and not _mistyped_words(unexplained, written)
        and (
            _announced(query, unexplained[0], _CAST)
            or looks_like_name(unexplained, _announced(query, unexplained[0], announcing), written)
            or looks_like_name(rest, _announced(query, rest[0], announcing), written)
        )
    )
    # (a name a title is called by: only words the data explains, never misspelt words of an absent
    # sequel that read as a name, "the hobbit the desolztion of smaugg")
    all_told = not unexplained and (bool(rest) or not explained_only)
    if all_told or (not explained_only and at == 0 and (_confirmed(query, s.candidate) or named)):
        # signals the lookup confirms, request words, a person's name, or a year
        return "misspelt" if misspelt else "named"
    if at > 0 or explained_only:
        return "neither"  # unexplained words before the title: maybe request words, never confident
    return "partial"  # "friends with benefits", "house md": words of another title


MISSPELT_MIN = 85.0  # what the words typed for a misspelt title need alone (decide.CONFIDENT_MIN)


def _misspelt_names(query: ParsedQuery, typed: str, size: int, candidate: Candidate) -> bool:
    """The words ``typed`` for a title misspelt would name it alone: they are that alike, or, two words or
    more, they spell it word by word (``spelled_out``: "dumb and dumbe jim carrey", as "dumb and dumbe"
    alone is 'Dumb and Dumber'). One word is too little to tell a typo from another title ("the
    revenant" is no "Les Revenants")."""
    if title_similarity(typed, candidate) >= MISSPELT_MIN:
        return True
    return size >= SPELLED_TITLE_WORDS and spelled_out(replace(query, title=typed, full_title=""), candidate)


SPELLED_TITLE_WORDS = (
    2  # words a misspelt title needs to be read by its spelling alone (decide.SPELLED_WORDS)
)


def _typed_span(query: ParsedQuery, at: int, size: int) -> str:
    """The request's words (match_key) from the end of the significant word before ``at`` to the
    significant word ``at + size - 1``, stop words kept: the title as typed ("the revenant"), not its
    significant words only ("revenant")."""
    words = match_key(query.full_title or query.title).split()
    places = [i for i, w in enumerate(words) if w not in STOP_WORDS] or list(range(len(words)))
    start = places[at - 1] + 1 if at > 0 else 0
    return " ".join(words[start : places[at + size - 1] + 1])


def _own_word(word: str, own: set[str], read: list[str]) -> bool:
    """``word`` is a word of another title of the candidate, as typed or one typo off ("star wars episode iv
    un nouvel espoir": its French title's words); not a word that only looks like one ("revenge" and the
    "revenu" of "Il est revenu"), nor one that repeats a word of the title read ("the returned returns"): a
    continuation that names another title, absent or not."""
    from rapidfuzz.distance import OSA  # noqa: PLC0415

    others = own - set(read)
    if word in others or (len(word) <= 3 and _typo_of(word, others)):  # "star war": "wars"
        return True
    return len(word) >= 4 and any(OSA.distance(word, w) <= 1 for w in others)


def _mistyped_words(words: list[str], written: frozenset[str] = frozenset()) -> bool:
    """Two words or more, each a typo of a listed word (no list holds it, one edit from a frequent one)
    and no known name, as typed or mistyped (``people.known_name``): "premir voelt" is "premier volet",
    no person, though as rare in the lists as a surname. One word alone may be a surname ("de chazelle")."""
    long_words = [w for w in words if len(w) >= 3]
    return (
        len(long_words) >= 2
        and not any(known_name(w, written) for w in long_words)
        and all(listed_typo(w) is not None for w in long_words)
    )


_ANNOUNCING = frozenset(["de", "d", "du", "by", "par"])
# Words that announce the cast after a title: whatever follows is people ("whiplash avec miles teller").
# Not "with", which opens many titles' second half ("friends with benefits").
_CAST = frozenset(["avec", "starring", "feat", "featuring"])


def _announced(query: ParsedQuery, word: str, linking: frozenset[str]) -> bool:
    """A ``linking`` word comes right before ``word`` in the request ("la haine de kassovitz")."""
    words = fold(query.full_title or query.title).split()
    return any(w == word and i > 0 and words[i - 1] in linking for i, w in enumerate(words))


@dataclass(frozen=True, slots=True)
class _Known:
    own: set[str]  # the candidate's title words and initials
    others: list[set[str]]  # the title words of every other candidate
    hints: set[str]  # request words the parser read as hints (country, people, a short year)


def _contained(query: ParsedQuery, scored: list[Scored]) -> list[Scored]:
    """A title that opens the request, followed by words that name no other candidate ("heat de michael
    mann", "the office uk ricky gervais"): the request names that title; the other words are signals
    (already scored) or noise, and must not drag the match below confidence. A title whose request adds
    words of another title ("friends with benefits") is marked partial: a suggestion, never an answer."""
    asked = significant(match_key(query.full_title or query.title).split())
    if len(asked) < 2:
        return scored
    hints = set(asked) - set(match_key(query.title).split())
    words_of = [_title_words(s.candidate) for s in scored]
    keys_of = [[match_key(t) for t in s.candidate.titles()] for s in scored]
    out: list[Scored] = []
    for i, s in enumerate(scored):
        if s.similarity >= CONTAINED_SIMILARITY or s.exact_id:
            out.append(s)
            continue
        own = words_of[i] | {initials(x) for x in s.candidate.titles()}  # "got ... game of thrones"
        known = _Known(own, words_of[:i] + words_of[i + 1 :], hints)
        other_keys = [k for j, keys in enumerate(keys_of) if j != i for k in keys]
        readings = {
            _read_title(query, s, t, _glued_as(asked, t), known)
            for t in (significant(match_key(title).split()) for title in _plain_titles(s.candidate))
            if t
        } | {
            _read_title(query, s, t, _glued_as(asked, t), known, explained_only=True)
            for t in (significant(match_key(h).split()) for h in _called_by_head(s.candidate, other_keys))
            if t
        }
        if "named" in readings or "misspelt" in readings:
            # a title typed with typos is named as well, a little less surely
            sim = CONTAINED_SIMILARITY - (TYPO_PENALTY if "named" not in readings else 0.0)
            gain = max(0.0, sim - s.similarity)
            out.append(replace(s, similarity=max(sim, s.similarity), score=s.score + gain, named=True))
        elif "partial" in readings:
            out.append(replace(s, partial=True))
        else:
            out.append(s)
    return out


GLUED_MIN = 6  # a title word this long may be typed as two words ("mind hunter" for "Mindhunter")


def _glued_as(asked: list[str], title: list[str]) -> list[str]:
    """``asked`` with two adjacent words glued where the title writes them as one word ("mind hunter
    netflix" read against "Mindhunter": "mindhunter netflix"), so that the words around the title are
    read as around it; only a long title word, both halves words of two letters or more."""
    long_words = {w for w in title if len(w) >= GLUED_MIN}
    if not long_words:
        return asked
    out: list[str] = []
    k = 0
    while k < len(asked):
        pair = asked[k] + asked[k + 1] if k + 1 < len(asked) else ""
        if pair in long_words and min(len(asked[k]), len(asked[k + 1])) >= 2 and asked[k] not in title:
            out.append(pair)
            k += 2
        else:
            out.append(asked[k])
            k += 1
    return out


# an apostrophe between two letters: "Ch'tis", "Schindler's"
_INNER_APOSTROPHE = re.compile(r"(?<=[^\W\d_])['’](?=[^\W\d_])")


def _plain_titles(candidate: Candidate) -> list[str]:
    """The candidate's titles, and each one that ends in a "(1992)", "(US)" qualifier without it: the
    alternative title "Dracula (1992)" is a "Dracula" whose year the lookup's data tells ("dracula de
    coppola": the words around it are read as around "Dracula")."""
    titles = candidate.titles()
    # not a name the data qualifies by another country ("High Potential (FR)"): the bare name is shared
    plain = [bare for t in titles if (bare := unqualified(t)) != t and bare.strip() and not untagged(t, "")]
    # and each one with an apostrophe inside a word typed without it ("bienvenue chez les chtis dany
    # boon": "Ch'tis" reads as two words, the request glues them, and the name after it is read around it)
    elided = [glued for t in titles + plain if (glued := _INNER_APOSTROPHE.sub("", t)) != t]
    return titles + [t for t in plain + elided if t not in titles]


def _called_by_head(candidate: Candidate, other_keys: list[str]) -> list[str]:
    """The name before a subtitle that people call a title by, a distinctive one ("Furiosa" of "Furiosa: A
    Mad Max Saga": "furiosa 2024 anya taylor joy", the words after it the overview's), when no other
    candidate's title opens with it: not a franchise's name ("Asterix & Obelix: ..." when several films
    are found) nor another item's own title ("Dune" of "Dune: Part Two"), nor a common word ("Alien:
    Romulus")."""
    heads: list[str] = []
    for title in candidate.titles():
        head, colon, _ = title.partition(":")
        key = match_key(head)
        words = significant(key.split())
        if (
            colon
            and words
            and all(_distinctive(w) for w in words)
            and not any(k == key or k.startswith(f"{key} ") for k in other_keys)
            and head not in heads
        ):
            heads.append(head)
    return heads


def contained_title(query: ParsedQuery, s: Scored, named_only: bool = True) -> str | None:
    """The words of the request that one of ``s``'s titles is, when ``s`` is named by a title inside a
    longer request ("it de stephen king": "it", the series also being "Stephen King's It"): the lookup
    of the whole request finds only the items carrying every word, so the homonyms that the other words
    merely describe (the 2017 film, "Stephen King" in its overview) come back only when that part is
    looked up alone. ``named_only=False``: also when the other words left ``s`` unnamed ("a star is
    born judy garland": the 2018 film, whose data does not name her, while the 1954 one's does). None
    when the request is no more than a title of ``s``."""
    if (named_only and not s.named) or s.exact_id or s.similarity >= EXACT_SIMILARITY:
        return None
    asked = significant(match_key(query.full_title or query.title).split())
    for title in _plain_titles(s.candidate):
        t = significant(match_key(title).split())
        if not t or len(t) >= len(asked):
            continue
        if any(asked[k : k + len(t)] == t for k in range(len(asked) - len(t) + 1)):
            return " ".join(t)
    return None


EXACT_SIMILARITY = 100.0


def rank(query: ParsedQuery, candidates: list[Candidate]) -> list[Scored]:
    scored = _contained(query, [score(query, c) for c in candidates])
    scored = [replace(s, named=True) if s.similarity >= NAMED_MIN and not s.named else s for s in scored]
    scored = _films_numbered(query, _release_order(query, _sequel_order(query, scored)))
    scored.sort(key=lambda s: (-s.score, -s.candidate.popularity, s.candidate.kind, s.candidate.id))
    return scored
