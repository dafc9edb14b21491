"""Text keys for matching: case-folded, punctuation-free, numbers canonical, in every script.

Both sides of every comparison (query and titles) go through the same function, so "Amélie",
"amelie" and "AMÉLIE" compare equal, and "Dune : Deuxième partie", "dune partie 2" and
"Dune 2" share the token ``2``. Only Latin letters lose their accents: the letters of other scripts
(CJK, kana, Hangul, Thai, Arabic, Cyrillic...) are kept whole, with their own marks, because there a
mark is part of the letter (ガ is not カ, a Thai vowel sign is not decoration).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NON_WORD_ASCII = re.compile(r"[^0-9a-z]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l", "ı": "i"})
_NUMBERS = {
    "one": "1",
    "un": "1",
    "une": "1",
    "i": "1",
    "premier": "1",
    "premiere": "1",
    "first": "1",
    "two": "2",
    "deux": "2",
    "ii": "2",
    "deuxieme": "2",
    "second": "2",
    "seconde": "2",
    "2e": "2",
    "2eme": "2",
    "2nd": "2",
    "1er": "1",
    "1ere": "1",
    "three": "3",
    "trois": "3",
    "iii": "3",
    "troisieme": "3",
    "third": "3",
    "3e": "3",
    "3eme": "3",
    "four": "4",
    "quatre": "4",
    "iv": "4",
    "quatrieme": "4",
    "fourth": "4",
    "4e": "4",
    "4eme": "4",
    "five": "5",
    "cinq": "5",
    "v": "5",
    "cinquieme": "5",
    "fifth": "5",
    "5e": "5",
    "5eme": "5",
    "six": "6",
    "vi": "6",
    "sixieme": "6",
    "vii": "7",
    "septieme": "7",
    "sept": "7",
    "seven": "7",
    "huit": "8",
    "eight": "8",
    "viii": "8",
    "huitieme": "8",
    "8e": "8",
    "8eme": "8",
    "dix": "10",
    "ten": "10",
}
# The numbers a title may write in words where a request types digits, French then English
# ("10 pour cent": 'Dix pour cent'; "3 billboards": 'Three Billboards ...').
_IN_WORDS = {
    "2": ("deux", "two"),
    "3": ("trois", "three"),
    "4": ("quatre", "four"),
    "5": ("cinq", "five"),
    "6": ("six", "six"),
    "7": ("sept", "seven"),
    "8": ("huit", "eight"),
    "9": ("neuf", "nine"),
    "10": ("dix", "ten"),
    "11": ("onze", "eleven"),
    "12": ("douze", "twelve"),
    "13": ("treize", "thirteen"),
    "20": ("vingt", "twenty"),
    "100": ("cent", "hundred"),
}

# Of those, the ones read as digits in a title only against a request that has digits, so that a typo
# in the word still reads as the word ("ocean's twelv"): "L'Armée des douze singes", "Dix pour cent".
_SPELT = {word: digits for digits in ("11", "12", "13", "100") for word in _IN_WORDS[digits]}


_FRENCH_WORDS = frozenset(
    ["le", "la", "les", "l", "des", "du", "de", "d", "pour", "et", "au", "aux", "sur", "en"]
)


def in_words(title: str) -> list[str]:
    """``title`` (folded) with its numbers written in words, the French way first when a French word is
    around them ("10 pour cent" -> "dix pour cent"), else the English way first ("3 billboards" -> "three
    billboards"); none for a number that ends the title (a sequel's or a season's) or when none is there."""
    words = fold(title).split()
    at = [i for i, w in enumerate(words[:-1]) if w in _IN_WORDS]
    if not at:
        return []
    french = any(w in _FRENCH_WORDS for w in words)
    out = []
    for lang in (0, 1) if french else (1, 0):
        out.append(" ".join(_IN_WORDS[w][lang] if i in at else w for i, w in enumerate(words)))
    return list(dict.fromkeys(out))


def spelt_as_digits(key: str) -> str:
    """A :func:`match_key` with the numbers 11 to 13 and 100 spelt out written as digits ("douze" -> "12",
    "cent" -> "100")."""
    return " ".join(_SPELT.get(tok, tok) for tok in key.split())


# Articles and linking words: ignored when other words remain (FR, EN and a few others).
STOP_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "and",
        "le",
        "la",
        "les",
        "l",
        "de",
        "des",
        "du",
        "d",
        "un",
        "une",
        "et",
        "el",
        "los",
        "las",
        "il",
        "lo",
        "der",
        "die",
        "das",
    ]
)


def _latin(char: str) -> bool:
    """A letter of the Latin script (basic, Latin-1, Extended-A/B, IPA, Extended Additional)."""
    return char < "\u02b0" or "\u1d00" <= char < "\u1f00" or "\u2c60" <= char < "\u2c80"


def fold_uncached(text: str) -> str:
    """Case-folded, Latin accents stripped, anything not a letter, digit or mark turned into single
    spaces (ligatures expanded). Letters of every other script are kept with their marks, recomposed
    (NFC); a mark with no letter before it (a lone variation selector after an emoji) is dropped."""
    folded = text.casefold()
    if folded.isascii():
        return " ".join(_NON_WORD_ASCII.sub(" ", folded).split())
    out: list[str] = []
    keep_marks = False  # the previous character is a letter of a script whose marks we keep
    for char in unicodedata.normalize("NFKD", folded):
        kind = unicodedata.category(char)[0]
        if kind == "M":
            if keep_marks:
                out.append(char)
        elif kind in "LN":
            out.append(char)
            keep_marks = not _latin(char)
        else:
            out.append(" ")
            keep_marks = False
    kept = unicodedata.normalize("NFC", "".join(out)).translate(_LIGATURES)
    return " ".join(kept.split())


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """:func:`fold_uncached` with a small cache, for queries and candidate titles."""
    return fold_uncached(text)


# Number words that are far more often an article or a pronoun: not a sequel number in a request.
_WEAK_NUMBERS = frozenset(["un", "une", "i", "v", "vi"])
# Words that only announce a part number: "Part II", "partie 2", "Chapitre 2", "Vol. 1", "Livre VI".
PART_WORDS = frozenset(
    ["part", "partie", "chapter", "chapitre", "vol", "volume", "episode", "livre", "book", "tome"]
)


# Words people shorten in a title, with the words the title may write in full ("dr who" is 'Doctor Who',
# "st elmo" 'Saint Elmo'), folded; the spellings in full are only tried, never assumed.
ABBREVIATIONS = {
    "dr": ("doctor", "docteur"),
    "mr": ("mister",),
    "st": ("saint", "sainte"),
    "ste": ("sainte",),
    "mt": ("mount",),
}


def spelt_in_full(text: str) -> list[str]:
    """``text`` folded with its shortened words written in full, one spelling per way of writing them
    ("dr who 2005" -> ["doctor who 2005", "docteur who 2005"]); [] when it has none. A text made of a
    shortened word alone is no title to expand."""
    words = fold(text).split()
    if len(words) < 2 or not any(w in ABBREVIATIONS for w in words):
        return []
    ways = max(len(ABBREVIATIONS[w]) for w in words if w in ABBREVIATIONS)
    out: list[str] = []
    for k in range(ways):
        spelt = " ".join(
            ABBREVIATIONS[w][min(k, len(ABBREVIATIONS[w]) - 1)] if w in ABBREVIATIONS else w for w in words
        )
        if spelt not in out:
            out.append(spelt)
    return out


_HOURS = re.compile(r"^(\d{1,3})h$")


def hours_said(text: str) -> str:
    """``text`` folded, with hours written short said in full ("24h chrono" -> "24 heures chrono", as
    the title is written); "" when it has none."""
    words = fold(text).split()
    said = [f"{m.group(1)} heures" if (m := _HOURS.match(w)) else w for w in words]
    return " ".join(said) if said != words else ""


@lru_cache(maxsize=4096)
def match_key(text: str) -> str:
    """:func:`fold`, then number words and roman numerals as digits, a word announcing a part number
    dropped ("Back to the Future Part II" and "back to the future 2" share a key; ranking only), hours
    written short said in full ("24h" -> "24 heures"); a weak number word only where a number stands."""
    words = (hours_said(text) or fold(text)).split()
    tokens = [
        tok if tok in _WEAK_NUMBERS and not _number_place(words, i) else _NUMBERS.get(tok, tok)
        for i, tok in enumerate(words)
    ]
    return " ".join(
        tok
        for i, tok in enumerate(tokens)
        if not (tok in PART_WORDS and i > 0 and i + 1 < len(tokens) and tokens[i + 1].isdigit())
    )


def _number_place(words: list[str], i: int) -> bool:
    """A number stands at ``i``: last, or after a part word ("Rocky V", "Part I"); a weak number word
    elsewhere is an article or a pronoun ("Il était une fin", "Un gars, une fille")."""
    return i == len(words) - 1 or (i > 0 and words[i - 1] in PART_WORDS)


def small_numbers(key: str) -> set[str]:
    """The 1-2 digit numbers of a :func:`match_key` (sequel and part numbers; years excluded)."""
    return {tok for tok in key.split() if tok.isdigit() and len(tok) <= 2}


@lru_cache(maxsize=4096)
def asked_numbers(text: str) -> frozenset[str]:
    """The sequel or part numbers a request names: digits, "deux", "II", "2eme" (not "un", "i")."""
    return frozenset(
        small_numbers(
            " ".join(_NUMBERS.get(tok, tok) for tok in fold(text).split() if tok not in _WEAK_NUMBERS)
        )
    )


def _part_pairs(text: str) -> list[tuple[int, str]]:
    """(position, number) of each number a part word announces in ``text`` ("livre VI" -> "6")."""
    tokens = [_NUMBERS.get(tok, tok) for tok in fold(text).split()]
    return [
        (i, tokens[i + 1])
        for i, tok in enumerate(tokens[:-1])
        if i > 0 and tok in PART_WORDS and tokens[i + 1].isdigit() and len(tokens[i + 1]) <= 2
    ]


def part_numbers(text: str) -> frozenset[str]:
    """The numbers that a part word announces ("band of brothers part 4", "kaamelott livre 2"): for a
    series, a part, a book or an episode of it, never a sequel that the series would lack."""
    return frozenset(n for _, n in _part_pairs(text))


def without_parts(text: str) -> str:
    """``text`` folded, without its part words and the numbers they announce ("kaamelott livre 2" ->
    "kaamelott"): the series' own name, for the lookup and the title match of series."""
    pairs = _part_pairs(text)
    if not pairs:
        return text
    drop = {i for i, _ in pairs} | {i + 1 for i, _ in pairs}
    return " ".join(tok for i, tok in enumerate(fold(text).split()) if i not in drop)


def significant(tokens: list[str]) -> list[str]:
    """The tokens without stop words, or all of them if nothing else remains."""
    kept = [t for t in tokens if t not in STOP_WORDS]
    return kept or tokens
