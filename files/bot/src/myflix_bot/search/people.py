"""Is a run of request words a person's name ("damien chazelle", "bong joon ho") or words of a title
("with benefits", "christmas party", "premier volet")?

A person named next to a title is a signal (or noise) and must not stop a confident answer; title words
that no candidate explains mean the request names something else, which must never be answered with the
shorter title. Users type names in lower case, so capitals do not tell. What does:

- a common first name (French and English) opening the run: "tom cruise", "emma stone", "pierre niney";
- a well-known film maker's or actor's surname ("nolan", "hanks"): these are also common words or
  places, so frequency alone cannot tell;
- otherwise every word being rare in the French/English word-frequency lists (pyspellchecker's, shipped
  in its wheel): surnames ("villeneuve", "chazelle") are, title words mostly are not ("berlin", "volet").
"""

from __future__ import annotations

import re
from functools import lru_cache

from myflix_bot.search.spelling import word_counts
from myflix_bot.search.text import STOP_WORDS, fold


def lexicon(text: str) -> frozenset[str]:
    """A word set written as a block of words (one place for each list of names or words)."""
    return frozenset(text.split())


RARE = 300  # a word seen fewer times than this in the frequency lists may be a surname

FIRST_NAMES = lexicon(
    """
    adam alain alan alex alexandre alfred alice amy andre andrew andy anna anne anthony antoine audrey
    ben benedict benicio benjamin bill billy bob brad bradley brian bruce bruno bryan carey cate catherine
    charles charlie charlize chris christian christopher clint colin daniel danny david denis dennis denzel
    diane dustin ed edward emily emma eric ethan eva francis francois frank gary gaspar gene george
    gerard greta guillaume guy harrison heath helen henry hugh isabelle ivan jack jackie jacques jake james
    jamie jane jason javier jean jeff jennifer jerome jessica jim jodie joe joel john johnny jon jonathan
    jordan jose joseph judd julia julianne julie kate keanu kevin kirsten kristen lars laura leonardo
    lea liam louis luc lucas marion mark martin matt matthew meryl michael michel mike morgan natalie
    nicolas nicole olivia omar oliver pablo patrick paul penelope peter philippe pierre quentin rachel ralph
    richard ridley robert robin roman russell ryan sam samuel sandra scarlett sean sergio sigourney
    sofia sophie stanley steve steven susan sylvester taika thomas tim timothee tom tony uma vincent
    viola wes will willem william woody yorgos zac
    adele agnes akira alejandro alfonso ava benoit cillian claude donnie ewan federico fritz gaspard
    guillermo gus hayao hirokazu ingmar jared jeanne jeremy joaquin jonah josh joshua juliette kathryn
    keira kenneth kiefer luca lupita mads mahershala margot michelle noah orson paolo pedro rami reese
    renee romain rosamund sacha saoirse sidney stephen takeshi terry tilda viggo yul zach zack
    """
)

SURNAMES = lexicon(
    """
    affleck allen almodovar anderson aronofsky audiard bardem besson bigelow blanchett bong boyle branagh
    burton cage cameron carell carpenter chaplin chastain cooper coppola costner craig cronenberg cruise
    cuaron damon dafoe depp dicaprio driver dujardin eastwood ford fincher foster freeman gerwig gibson
    gosling hanks hardy hathaway hitchcock hopkins jackson jeunet johansson jolie kidman kubrick lanthimos
    lawrence lee leone lucas lynch mann mcconaughey miyazaki murphy neeson nolan oldman pacino park peele
    phoenix pitt polanski portman reeves reitman ridley ritchie robbie scorsese scott smith soderbergh
    spielberg stallone stone streep swinton tarantino theron travolta verhoeven villeneuve waititi
    washington weaver willis winslet wright zemeckis
    """
)

# First names that are also common words ("claire" is clear): a first name only when a word that reads as
# a surname follows (:data:`SURNAME_RARE`: "homeland claire danes", "claire foy"), never alone nor before
# a common word ("la haine claire", "claire obscure" are no names).
WORD_FIRST_NAMES = lexicon("claire")
SURNAME_RARE = 1000  # a word after such a first name seen fewer times than this in the lists is a surname


def _first_name_leads(words: list[str]) -> bool:
    if words[0] in FIRST_NAMES:
        return True
    if words[0] not in WORD_FIRST_NAMES or len(words) < 2:
        return False
    surname = words[1]
    return (
        len(surname) >= 3
        and surname.isalpha()
        and surname not in STOP_WORDS
        and (surname in SURNAMES or word_counts().get(surname, 0) < SURNAME_RARE)
    )


NAME_TYPO_MIN = 4  # letters a word needs to be read as a known name typed one edit off


def known_name(word: str, written: frozenset[str] = frozenset()) -> str | None:
    """The known name ``word`` stands for: a listed first name or surname, or a word an overview found
    writes in a name (``written``, :func:`written_names`: "Judy Garland"), typed as it is or one edit off,
    its first letter right, when exactly one name is that near ("nolab": nolan, "haanks": hanks, "loam":
    liam, "judi": the overview's judy; "kong" is no "bong"). Not a listed word as frequent as a surname is
    rare ("back" is no "jack", "harry" no "hardy", "martian" no "martin"), nor a short one. None otherwise."""
    if word in FIRST_NAMES or word in SURNAMES or word in written:
        return word
    if len(word) < NAME_TYPO_MIN or not word.isalpha() or word_counts().get(word, 0) >= RARE:
        return None
    near = _one_edit(word, _LISTED) | _one_edit(word, written)
    return next(iter(near)) if len(near) == 1 else None


_LISTED = FIRST_NAMES | SURNAMES


@lru_cache(maxsize=8192)
def _one_edit(word: str, names: frozenset[str]) -> frozenset[str]:
    """The ``names`` (4+ letters) one edit from ``word``, their first letter the same ("kong" is no
    "bong": a name's first letter is typed right)."""
    from rapidfuzz.distance import OSA  # noqa: PLC0415 - lazy: not loaded until the first search

    return frozenset(
        name
        for name in names
        if len(name) >= NAME_TYPO_MIN
        and name[0] == word[0]
        and abs(len(name) - len(word)) <= 1
        and OSA.distance(word, name) <= 1
    )


def as_typed_names(words: list[str], written: frozenset[str] = frozenset()) -> list[str]:
    """``words`` with the known names in them spelt right (:func:`known_name`) and a name typed in two
    halves joined ("spiel berg": spielberg): the run as a name would read. Other words as typed."""
    out: list[str] = []
    k = 0
    while k < len(words):
        pair = words[k] + words[k + 1] if k + 1 < len(words) else ""
        if (
            pair
            and pair.isalpha()
            and min(len(words[k]), len(words[k + 1])) >= 3
            and known_name(pair, written)
        ):
            out.append(known_name(pair, written) or pair)
            k += 2
            continue
        if (split := _glued_name(words[k], written)) is not None:
            out.extend(split)  # "garyoldman": a first name and the surname typed without the space
        else:
            out.append(known_name(words[k], written) or words[k])
        k += 1
    return out


_GLUED_LINKS = ("de", "by", "par")  # words announcing a name, typed glued to a listed surname
GLUED_SURNAME_MIN = 4  # letters the surname glued after a first name needs ("garyoldman"; not "jackass")


def _glued_name(word: str, written: frozenset[str] = frozenset()) -> list[str] | None:
    """``word``, which no list holds, as a listed first name and the surname typed after it without the
    space ("garyoldman" -> gary oldman, "tomhanks"), the surname a listed one or one an overview found
    writes in a name (``written``); or as "de", "by", "par" glued to such a surname ("demiyazaki"). None
    otherwise: a listed word is typed as meant ("tomorrow" is no "tom orrow"), and a misspelt word is no
    first name and a rare fragment ("benefitz" is no "ben efitz", "leagoue" no "lea goue")."""
    counts = word_counts()
    if not word.isalpha() or word in counts:
        return None
    for link in _GLUED_LINKS:  # "demiyazaki": "de miyazaki", a listed surname announced
        if (
            word.startswith(link)
            and word[len(link) :] in SURNAMES | written
            and len(word) - len(link) >= GLUED_SURNAME_MIN
        ):
            return [link, word[len(link) :]]
    for at in range(3, len(word) - GLUED_SURNAME_MIN + 1):
        head, tail = word[:at], word[at:]
        if head in FIRST_NAMES and tail in SURNAMES | written:
            return [head, tail]
    return None


def looks_like_name(words: list[str], announced: bool = False, written: frozenset[str] = frozenset()) -> bool:
    """``words`` (folded) read as a person's name: a first name leads, or every word of 3+ letters is a
    known name or rare in the frequency lists ("bong joon ho"), or it is one known surname ("nolan").
    Known names may be mistyped or split (:func:`as_typed_names`; ``written``: the names the items'
    overviews write). ``announced``: "de"/"by" came before the run. Empty or number-bearing runs are
    not names."""
    if not words or any(w.isdigit() for w in words):
        return False
    words = as_typed_names(words, written)
    if _first_name_leads(words):
        return True
    counts = word_counts()
    # a surname's own particle opening the run announces it, as "de" does ("pan del toro", "van sant")
    if len(words) >= 2 and words[0] in SURNAME_PARTICLES:
        announced, words = True, words[1:]
    # a particle inside a name is no word of its own ("guillermo del toro", "gus van sant")
    long_words = [
        w for i, w in enumerate(words) if len(w) >= 3 and not (0 < i < len(words) - 1 and w in PARTICLES)
    ]
    # one rare word right after a title is a subtitle as often as a surname ("naruto shippuden", "house
    # of gucci"): a name only when it is a known one, or when "de"/"by" announced it, or when a short
    # surname follows it ("ladj ly", "omar sy"; not "la lande", "fuji tv")
    alone = len(words) != 2 or len(words[0]) < 3 or not _short_surname(words[1])
    if len(long_words) == 1 and long_words[0] not in SURNAMES | written and not announced and alone:
        return False
    return bool(long_words) and all(
        w in SURNAMES or w in FIRST_NAMES or w in written or counts.get(w, 0) < RARE for w in long_words
    )


# Two-letter words that are no surname: formats, tags, numerals ("fuji tv", "rocky iv").
_NOT_SURNAMES = lexicon("tv hd vf vo uk us fr dc ii iv vi ix xi xx")


def _short_surname(word: str) -> bool:
    return len(word) == 2 and word.isalpha() and word not in STOP_WORDS and word not in _NOT_SURNAMES


# Words that join the parts of a name without being one: "Brian De Palma", "Gus Van Sant".
PARTICLES = frozenset(["de", "del", "della", "di", "da", "du", "van", "von", "der", "den", "le", "la", "st"])
# the particles that only ever open a surname (not an article nor a French linking word)
SURNAME_PARTICLES = frozenset(["del", "della", "van", "von"])
_CLAUSES = re.compile(r"[^\w\s'’-]+")  # punctuation ends a run of names ("Wes Craven, Ghostface")


def written_names(text: str) -> frozenset[str]:
    """The folded words that ``text`` (an item's overview, written with capitals) writes as part of a
    name: a run of two or more capitalised words, particles aside ("Howard Hawks gangster classic",
    "Brian De Palma", "Laurie Strode confronts Michael Myers"). Not a capitalised word alone ("the suburbs
    of Paris", a sentence's first word, "A Congressman"): a place or a common word as often as a name."""
    names: set[str] = set()
    for clause in _CLAUSES.split(text):
        run: list[str] = []
        for word in [*clause.split(), ""]:
            folded = fold(word)
            if folded in PARTICLES and run:
                continue
            if word[:1].isupper() and folded and folded not in STOP_WORDS:
                run.extend(folded.split())
                continue
            if len(run) >= 2:
                names |= set(run)
            run = []
    return frozenset(names)
