"""Other spellings of a misspelt word, for the lookups that a TMDB-like token search needs.

:class:`Speller` makes one guess per word, without any lookup, from the titles the bot has seen (its memory)
and a word-frequency list; the sound and key rules below only serve the last round, when nothing was found.

The *arr lookup matches whole words (the last one may be a prefix), so a typo before the end of a
word finds nothing. These rules guess what the word could be, most likely first:

- neighbours swapped, a letter doubled or a double made single ("dnue", "kamelott");
- sounds written another way, French and English ("cherlock" -> sherlock, "ouestworld" ->
  westworld, "gostbusters" -> ghostbusters, "jurassik" -> jurassic, "fone" -> phone);
- a vowel for another ("fargi" -> fargo), a letter dropped (an extra key), and for short words a
  neighbouring key on QWERTY or AZERTY ("dume" -> dune).

Each variant is cut a few letters after the change: TMDB treats a last word as a prefix, so
"ghostb" finds "Ghostbusters" whatever else the word got wrong further on.
"""

from __future__ import annotations

import bisect
from collections.abc import Collection
from functools import lru_cache
from typing import Protocol

# Sounds: (written, also written). Applied in both directions, one at a time.
_SOUNDS = (
    ("ch", "sh"),
    ("ch", "k"),
    ("c", "k"),
    ("ck", "k"),
    ("qu", "k"),
    ("ph", "f"),
    ("w", "ou"),
    ("w", "v"),
    ("oo", "ou"),
    ("ee", "i"),
    ("ea", "i"),
    ("y", "i"),
    ("s", "z"),
    ("s", "c"),
    ("x", "ks"),
    ("j", "g"),
    ("g", "gh"),
    ("t", "th"),
    ("en", "an"),
    ("ai", "e"),
    ("au", "o"),
    ("eau", "o"),
    ("ie", "ei"),
    ("er", "or"),
    ("ck", "c"),
    ("k", "kh"),
)
# French spellings of foreign sounds: (written, meant).
_FRENCH_WRITING = (("tch", "ch"), ("ique", "ic"), ("ou", "u"), ("dj", "j"))
_VOWELS = "aeiouy"
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "azertyuiop", "qsdfghjklm", "wxcvbn")


def _keyboard() -> dict[str, str]:
    near: dict[str, set[str]] = {}
    for row in _ROWS:
        for i, ch in enumerate(row):
            near.setdefault(ch, set()).update(row[max(0, i - 1) : i] + row[i + 1 : i + 2])
    return {k: "".join(sorted(v - {k})) for k, v in near.items()}


_NEAR = _keyboard()
_KEEP_AFTER = 2  # letters kept after the change before the prefix cut
_MIN_PREFIX = 5


def _cut(variant: str, changed_at: int) -> str:
    return variant[: max(_MIN_PREFIX, changed_at + _KEEP_AFTER)]


def _edits(word: str) -> list[tuple[int, str, int]]:
    """(family rank, variant, position of the change) for swaps, doubles and sounds."""
    n = len(word)
    # a doubled key and a French way of writing a foreign name come first: they are the commonest
    # misspellings of names no word list holds ("ozzark", "tchernobyl", "titanique")
    out = [(0, word[:i] + word[i + 1 :], i) for i in range(n - 1) if word[i] == word[i + 1]]
    for src, dst in _FRENCH_WRITING:
        if (start := word.find(src)) != -1:
            out.append((0, word[:start] + dst + word[start + len(src) :], start))
    out += [(0, word[:i] + word[i + 1] + word[i] + word[i + 2 :], i + 1) for i in range(n - 1)]
    out += [(2, word[: i + 1] + word[i] + word[i + 1 :], i + 1) for i in range(n) if word[i].isalpha()]
    for a, b in _SOUNDS:
        for src, dst in ((a, b), (b, a)):
            start = word.find(src)
            while start != -1:
                out.append((1, word[:start] + dst + word[start + len(src) :], start))
                start = word.find(src, start + 1)
    return out


def _keys(word: str) -> list[tuple[int, str, int]]:
    """A vowel for another, an extra key dropped, and (short words) a neighbouring key."""
    out = [
        (3, word[:i] + v + word[i + 1 :], i)
        for i, ch in enumerate(word)
        if ch in _VOWELS
        for v in _VOWELS
        if v != ch
    ]
    out += [(3, word[:i] + word[i + 1 :], i) for i in range(len(word))]
    if len(word) <= 6:
        out += [(4, word[:i] + o + word[i + 1 :], i) for i, ch in enumerate(word) for o in _NEAR.get(ch, "")]
    return out


def variants(word: str, limit: int = 40) -> list[str]:
    """Likely intended spellings of ``word`` (folded, one word), each cut to a prefix, best first."""
    n = len(word)
    # A change after the middle of a long word is found anyway by a lookup of the word's first half.
    horizon = n if n <= 6 else (n + 1) // 2 + 1
    found = [
        (rank, _cut(v, at))
        for rank, v, at in _edits(word) + _keys(word)
        if v != word and len(v) >= 3 and at <= horizon
    ]
    ordered: list[str] = []
    for _, v in sorted(found, key=lambda p: p[0]):
        if v not in ordered and not word.startswith(v):
            ordered.append(v)
    return ordered[:limit]


# ---------------------------------------------------------------- known words

WORDLIST_LANGUAGES = ("en", "fr")
WORDLIST_MIN_COUNT = 100  # rarer words of the frequency lists are more often typos than titles
RARE_WORD = 1000  # a listed word rarer than this may be a typo of a frequent one ("shinning")
TYPO_RATIO = 20  # ... when a word one edit away is this many times as frequent
DOUBLED_RATIO = 5  # ... or the word with a doubled letter typed once is this many times as frequent
TWO_EDITS_MIN = 7  # an unknown word this long may be two edits from the listed word meant
SPLIT_MIN = 8  # a word this long may be two typed without the space
SPLIT_COUNT = 1000  # and both halves must be this frequent
RESPELL_PART_MIN = 4  # the half of a glued word read with a typo in it has this many letters at least
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
GLUED_MIN = 5  # a word this long may be two typed without the space ("themask")
GLUED_ARTICLES = ("les", "the", "le", "la", "l")  # longest first
JOINED_MIN = 5  # two words typed for one make a word this long at least
JOIN_RATIO = 20  # a word typed in two listed halves is this many times as frequent as the rarer half
LEADING_ARTICLES = ("the", "les", "des", "une")  # the three-letter articles a title opens with


def load_wordlist(languages: tuple[str, ...] = WORDLIST_LANGUAGES) -> dict[str, int]:
    """Word frequencies from the lists that pyspellchecker ships inside its wheel (nothing is downloaded);
    empty when the package is missing. Folded words of 3+ letters, counts summed over the languages."""
    import gzip  # noqa: PLC0415 - only on the first misspelt request
    import json  # noqa: PLC0415
    from importlib.resources import files  # noqa: PLC0415

    from myflix_bot.search.text import fold  # noqa: PLC0415

    words: dict[str, int] = {}
    for lang in languages:
        try:
            raw = (files("spellchecker") / "resources" / f"{lang}.json.gz").read_bytes()
        except (ModuleNotFoundError, FileNotFoundError, OSError):
            continue
        for word, count in json.loads(gzip.decompress(raw)).items():
            if count < WORDLIST_MIN_COUNT or len(word) < 3:
                continue
            key = fold(word) if not word.isascii() or not word.isalpha() else word.lower()
            if key.isalpha():
                words[key] = words.get(key, 0) + int(count)
    return words


@lru_cache(maxsize=1)
def word_counts() -> dict[str, int]:
    """:func:`load_wordlist` once per process (shared by the speller and the people reader)."""
    return load_wordlist()


@lru_cache(maxsize=1)
def _sorted_words() -> list[str]:
    return sorted(word_counts())


def starts_a_word(prefix: str, words: list[str] | None = None) -> bool:
    """Some word of the frequency lists (or of ``words``, sorted) starts with ``prefix``."""
    ordered = words if words is not None else _sorted_words()
    at = bisect.bisect_left(ordered, prefix)
    return at < len(ordered) and ordered[at].startswith(prefix)


def _edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    out |= {a + c + b for a, b in splits for c in _ALPHABET}
    return out


# How a word sounds, French or English, for :func:`sound_key`: (written, said), applied in order.
_SOUND_KEY = (
    ("tion", "sion"),
    ("ph", "f"),
    ("qu", "k"),
    ("ck", "k"),
    ("ch", "sh"),
    ("th", "t"),
    ("gh", "g"),
    ("ee", "i"),
    ("ea", "i"),
    ("oo", "u"),
    ("ou", "u"),
    ("w", "u"),
    ("y", "i"),
    ("ce", "se"),
    ("ci", "si"),
    ("c", "k"),
    ("z", "s"),
    ("x", "ks"),
)
SOUND_MIN = 4  # shorter words sound like too many others


@lru_cache(maxsize=8192)
def sound_key(word: str) -> str:
    """``word`` (folded) as it sounds, roughly: sounds written alike made one ("ph" and "f", "ou", "oo" and
    "u", "y" and "i", "k", "c" and "qu"), double letters single, a silent final "e" and a final t, d
    or h dropped: "matreex" and "matrix", "la hayne" and "la haine", "deadpoule" and "deadpool" sound
    alike."""
    key = word
    for written, said in _SOUND_KEY:
        key = key.replace(written, said)
    key = "".join(c for i, c in enumerate(key) if i == 0 or c != key[i - 1])
    if len(key) >= SOUND_MIN and key.endswith("e"):
        key = key[:-1]
    if len(key) > SOUND_MIN and key[-1] in "tdh":
        key = key[:-1]
    return key


TRANSCRIBED_MIN = 6  # "tchad" stays as typed


def untranscribed(title: str) -> str | None:
    """``title`` (folded) with each word that French spells "tch" where English writes "ch" (Russian and
    Ukrainian names: "tchernobyl", "tchekhov", "tchaikovsky") spelt the English way; None when it has none."""
    from myflix_bot.search.text import fold  # noqa: PLC0415

    words = fold(title).split()
    out = [f"ch{w[3:]}" if w.startswith("tch") and len(w) >= TRANSCRIBED_MIN else w for w in words]
    return " ".join(out) if out != words else None


# French endings of words English writes otherwise: (French, English), the longer first.
_FRENCH_ENDINGS = (
    ("aire", "ary"),
    ("ique", "ic"),
    ("isme", "ism"),
    ("iste", "ist"),
    ("eur", "or"),
    ("eux", "ous"),
    ("ere", "ery"),
    ("ie", "y"),
    ("re", "er"),
    ("if", "ive"),
    ("te", "ty"),
)
ANGLICISED_MIN = 5  # a French word this long may be an English title's word spelt the French way


def _english_form(word: str) -> str | None:
    """The English word that a French ``word`` (listed in French only) writes with a French ending
    ("docteur" -> "doctor", "mystere" -> "mystery", "monstre" -> "monster"), when the English list holds
    it :data:`OWN_WORD` times; None otherwise."""
    french, english = language_counts("fr"), language_counts("en")
    if len(word) < ANGLICISED_MIN or word in english or french.get(word, 0) < OWN_WORD:
        return None
    for ending, meant in _FRENCH_ENDINGS:
        if word.endswith(ending) and english.get(other := word[: -len(ending)] + meant, 0) >= OWN_WORD:
            return other
    return None


def anglicised(title: str) -> str | None:
    """``title`` (folded) with each French word that an English word writes with another ending spelt
    the English way (:func:`_english_form`: "docteur who" -> "doctor who"), when another word of the
    title is English and no French (the title is an English one, a word typed as a French speaker says
    it); None otherwise ("le docteur" stays French)."""
    from myflix_bot.search.text import STOP_WORDS, fold  # noqa: PLC0415

    words = fold(title).split()
    french, english = language_counts("fr"), language_counts("en")
    if not any(w not in STOP_WORDS and english.get(w, 0) >= OWN_WORD and w not in french for w in words):
        return None
    out = [_english_form(w) or w for w in words]
    return " ".join(out) if out != words else None


def sounds_alike(word: str, other: str) -> bool:
    """Two different words of four letters or more that :func:`sound_key` reads the same."""
    return word != other and min(len(word), len(other)) >= SOUND_MIN and sound_key(word) == sound_key(other)


def _osa(a: str, b: str) -> int:
    from rapidfuzz.distance import OSA  # noqa: PLC0415

    return int(OSA.distance(a, b))


OWN_WORD = 1000  # two words this frequent in one language's list, two edits apart or more, are two words
OWN_WORD_LETTERS = 7  # ... and this long: a short word two edits off is a homophone as often ("brake")
SHARED_START = 5  # ... unless they open alike: one word in two forms ("histoire" / "history")


@lru_cache(maxsize=len(WORDLIST_LANGUAGES))
def language_counts(language: str) -> dict[str, int]:
    """:func:`load_wordlist` of one language, once per process."""
    return load_wordlist((language,))


def other_words(word: str, other: str) -> bool:
    """``word`` and ``other`` are two words of one language, each typed as meant: both seen
    :data:`OWN_WORD` times or more in its list, both long, two edits apart or more, not opening alike
    ("revelations" is not "revolutions" misspelt, whatever their letters in common; "night" may be
    "knight", one edit off; "miroir" is the French "mirror", "peace" a homophone of "piece")."""
    if (
        word == other
        or min(len(word), len(other)) < OWN_WORD_LETTERS
        or word[:SHARED_START] == other[:SHARED_START]
    ):
        return False
    same_language = any(
        (counts := language_counts(lang)).get(word, 0) >= OWN_WORD and counts.get(other, 0) >= OWN_WORD
        for lang in WORDLIST_LANGUAGES
    )
    return same_language and _osa(word, other) >= 2


FREQUENT = 300  # a listed word this frequent that one edit turns a word no list holds into: its typo


def listed_typo(word: str) -> str | None:
    """The frequent listed word that ``word``, which no list holds, is one edit from (a swap counts as one;
    the first letter kept when one does): "premir" -> "premier", "voelt" -> "volet"; None otherwise. A
    typo of a common word is no surname."""
    counts = word_counts()
    if len(word) < SOUND_MIN or not word.isalpha() or word in counts:
        return None
    near = [w for w in _edits1(word) if counts.get(w, 0) >= FREQUENT]
    near = [w for w in near if w[0] == word[0]] or near
    return max(near, key=lambda w: (counts[w], w)) if near else None


class Speller:
    """The nearest known spelling of a word: titles seen in earlier lookup answers first (the bot's own
    memory, on disk), then a word-frequency list (English and French). One guess per word, no lookup."""

    def __init__(self, memory: WordSource, wordlist: dict[str, int] | None = None) -> None:
        self.memory = memory
        self._wordlist = wordlist
        self._by_shape: dict[tuple[str, int], list[str]] | None = None  # (first letter, length)

    @property
    def wordlist(self) -> dict[str, int]:
        if self._wordlist is None:
            self._wordlist = word_counts()
        return self._wordlist

    def knows(self, word: str) -> bool:
        return self.memory.knows_word(word) or word in self.wordlist

    def likely_typo(self, word: str) -> str | None:
        """A rare word of the list that is most likely a typo of a far more frequent one a single edit
        away ("shinning" -> "shining", "lande" -> "land"); None for a word seen in a title."""
        count = self.wordlist.get(word, 0)
        if not count or count >= RARE_WORD or self.memory.knows_word(word) or len(word) < 4:
            return None
        # a letter typed twice is the commonest slip: "dunne" is "dune" sooner than the frequent "donne";
        # and a double letter typed once: "carie" is "carrie" (the letters alike, only the count differs)
        single = {word[:i] + word[i + 1 :] for i in range(1, len(word)) if word[i] == word[i - 1]}
        single |= {word[: i + 1] + word[i:] for i in range(1, len(word)) if word[i].isalpha()}
        doubled = [w for w in single if self.wordlist.get(w, 0) >= DOUBLED_RATIO * count]
        if doubled:
            return max(doubled, key=lambda w: (self.wordlist[w], w))
        near = [w for w in _edits1(word) if self.wordlist.get(w, 0) >= TYPO_RATIO * count]
        return max(near, key=lambda w: (self.wordlist[w], w)) if near else None

    def likeliest_neighbour(self, word: str, meant: str) -> bool:
        """No listed word one edit from ``word`` (a swap counts as one) is as frequent as ``meant``: "lrod"
        is "lord" sooner than "rod"; "spuderman" would be no title word if a listed word were one edit
        from it."""
        count = self.wordlist.get(meant, 0)
        return all(self.wordlist[w] < count for w in _edits1(word) if w != meant and w in self.wordlist)

    def nearest(self, word: str) -> str | None:
        """The known word closest to ``word``: seen titles' words within a couple of edits, else the most
        frequent word of the list one edit away, else (long words) two edits away."""
        seen = self.memory.nearest_word(word)
        if seen is not None:
            return seen
        near = [w for w in _edits1(word) if w in self.wordlist]
        # the first letter is the one least often mistyped: "frrest" is "forrest" sooner than "arrest"
        near = [w for w in near if w[0] == word[0]] or near
        if near:
            return max(near, key=lambda w: (self.wordlist[w], w))
        return self._two_edits(word) if len(word) >= TWO_EDITS_MIN else None

    def _two_edits(self, word: str) -> str | None:
        """The most frequent listed word two edits away (same first letter, a swap counts as one):
        "sucesion" -> "succession"."""
        hits = self._within_two(word)
        if not hits:
            return None
        best = min(d for _, d in hits)
        return max((w for w, d in hits if d == best), key=lambda w: (self.wordlist[w], w))

    def _within_two(self, word: str) -> list[tuple[str, int]]:
        """Listed words two edits from ``word`` at most (same first letter), with their distance."""
        from rapidfuzz import process  # noqa: PLC0415
        from rapidfuzz.distance import OSA  # noqa: PLC0415

        if self._by_shape is None:
            self._by_shape = {}
            for w in self.wordlist:
                self._by_shape.setdefault((w[0], len(w)), []).append(w)
        lengths = range(len(word) - 2, len(word) + 3)
        choices = [w for n in lengths for w in self._by_shape.get((word[0], n), ())]
        return [
            (h[0], int(h[1]))
            for h in process.extract(word, choices, scorer=OSA.distance, limit=20, score_cutoff=2)
        ]

    def two_typos(self, word: str, among: Collection[str] | None = None) -> str | None:
        """The listed word that an unknown long ``word`` is with two typos in it ("glasiatr" -> "gladiator",
        "sveerznce" -> "severance"), when no listed word is one edit away and ``word`` is not two listed
        words glued with one typo in them ("spuderman": "spider man" misspelt once, never 'Superman'
        misspelt twice): the one two edits away that ``among`` holds ("hlalowen": 'halloween', a title's
        word, not the more frequent 'hallowed'), else the most frequent. None otherwise."""
        if len(word) < TWO_EDITS_MIN or not word.isalpha() or self.knows(word):
            return None
        if any(w in self.wordlist for w in _edits1(word)) or self._glued_once_off(word):
            return None
        if among is None:
            return self._two_edits(word)
        held = sorted({w for w, _ in self._within_two(word) if w in among})
        return held[0] if len(held) == 1 else None

    def _glued_once_off(self, word: str) -> bool:
        """``word`` is two frequent words typed without the space, one of them with one typo ("spuderman")."""
        for at in range(3, len(word) - 2):
            head, tail = word[:at], word[at:]
            for right, typed in ((head, tail), (tail, head)):
                if self.wordlist.get(right, 0) < SPLIT_COUNT or len(typed) < RESPELL_PART_MIN:
                    continue
                if any(self.wordlist.get(w, 0) >= SPLIT_COUNT for w in _edits1(typed)):
                    return True
        return False

    def split(self, word: str) -> str | None:
        """``word`` as two frequent words typed without the space ("extraterrestre" -> "extra terrestre"),
        the most frequent pair; None when it does not split so."""
        if len(word) < SPLIT_MIN or not word.isalpha():
            return None
        pairs = [
            (min(self.wordlist.get(word[:i], 0), self.wordlist.get(word[i:], 0)), i)
            for i in range(3, len(word) - 2)
        ]
        count, at = max(pairs)
        return f"{word[:at]} {word[at:]}" if count >= SPLIT_COUNT else None

    def _solid(self, word: str) -> int:
        """How surely ``word`` is a word of its own: a stop word or a word seen in a title counts as
        frequent; otherwise its count in the list (0: unknown)."""
        from myflix_bot.search.text import STOP_WORDS  # noqa: PLC0415

        if word in STOP_WORDS or self.memory.knows_word(word):
            return SPLIT_COUNT * 1000
        return self.wordlist.get(word, 0)

    def unglue(self, word: str) -> str | None:
        """An unknown ``word`` typed as two known ones without the space ("thejoker", "dixpour",
        "jurassicpark"): the pair whose rarer half is the most frequent, when both halves are frequent
        words or words seen in titles and no known word is one edit away (a typo: "batmen")."""
        if len(word) < GLUED_MIN or not word.isalpha() or self.knows(word):
            return None
        pairs = [(min(self._solid(word[:i]), self._solid(word[i:])), i) for i in range(1, len(word) - 1)]
        count, at = max(pairs)
        # an article glued to the title is the commonest case: "themask" is "the mask" sooner than "them ask"
        article = next((len(a) for a in GLUED_ARTICLES if word.startswith(a) and len(word) > len(a) + 2), 0)
        if article and self._solid(word[article:]) >= WORDLIST_MIN_COUNT:
            count, at = SPLIT_COUNT, article
        if count < SPLIT_COUNT:
            return None
        near = self.memory.nearest_word(word)
        if near is not None and len(near) <= len(word) + 1 and _osa(near, word) <= 1:
            return None
        if any(w in self.wordlist for w in _edits1(word)):
            return None
        return f"{word[:at]} {word[at:]}"

    def article_typo(self, word: str) -> str | None:
        """The leading article ``word``, a three-letter word no list knows, is one edit from ("thw",
        "teh" -> "the", "lse" -> "les"), when it is one only; None otherwise."""
        if len(word) != len(LEADING_ARTICLES[0]) or not word.isalpha() or self.knows(word):
            return None
        near = [a for a in LEADING_ARTICLES if _osa(word, a) <= 1]
        return near[0] if len(near) == 1 else None

    def mend(self, title: str, names: Collection[str] = ()) -> str | None:
        """``title`` (folded) with its spacing mended: two words that make a known word when joined, one of
        them no word itself, typed as one ("glad iator" -> "gladiator", "sever ance" -> "severance"), and
        a word typed for two (:meth:`unglue`), unless it is one of ``names`` (a surname: "villeneuve" is no
        "ville neuve"); a mistyped leading article too ("thw witcher", :meth:`article_typo`). None when
        nothing changed."""
        from myflix_bot.search.text import fold  # noqa: PLC0415

        words = fold(title).split()
        out: list[str] = []
        i = 0
        while i < len(words):
            a = words[i]
            b = words[i + 1] if i + 1 < len(words) else ""
            joined = a + b
            if (
                b
                and a.isalpha()
                and b.isalpha()
                and min(len(a), len(b)) > 1  # a letter an apostrophe left: "ocean's", "l'arme"
                and len(joined) >= JOINED_MIN
                and (
                    ((not self.knows(a) or not self.knows(b)) and self._solid(joined) >= WORDLIST_MIN_COUNT)
                    or self._split_off(a, b)
                )
            ):
                out.append(joined)
                i += 2
                continue
            article = self.article_typo(a) if i == 0 and b.isalpha() else None  # "thx 1138" stays
            out.append(article or (self.unglue(a) if a not in names else None) or a)
            i += 1
        mended = " ".join(out)
        return mended if mended != " ".join(words) else None

    def _split_off(self, a: str, b: str) -> bool:
        """Two listed words that are one far more frequent long word split in two ("mis sion", "epis ode",
        "cha pitre"): the rarer half is a rare word and the word joined is :data:`JOIN_RATIO` times as
        frequent; never two common words ("for ever", "net work", "anne aux")."""
        joined = a + b
        if len(joined) < SPLIT_MIN - 1 or self.memory.knows_word(a) or self.memory.knows_word(b):
            return False
        rarer = min(self.wordlist.get(a, 0), self.wordlist.get(b, 0))
        return 0 < rarer < RARE_WORD and self.wordlist.get(joined, 0) >= JOIN_RATIO * rarer

    def respell(self, title: str, deep: bool = False, names: Collection[str] = ()) -> list[str]:
        """Other spellings of ``title`` worth a lookup, best first: the remembered title it is closest to,
        then the title with each unknown word replaced by its nearest known word. ``deep`` (nothing found at
        all): sound and key variants of the first unknown word, cut to a prefix."""
        from myflix_bot.search.text import fold  # noqa: PLC0415

        out: list[str] = []
        remembered = self.memory.nearest_title(title)
        if remembered and self.respells(title, remembered):
            out.append(remembered)
        fixed, at = self._corrected(title, names)
        if fixed is not None:
            out.append(fixed)
        words = (self.mend(title, names) or fold(title)).split()
        if deep and at is None:
            # the mending split an unknown word into two listed ones ("ouestworld": "ouest world"), which
            # found nothing: the word as typed is the one to vary ("westw")
            typed = fold(title).split()
            at = next(
                (i for i, w in enumerate(typed) if w.isalpha() and w not in names and self.unglue(w)), None
            )
            words = typed
        if deep and at is not None:
            out.extend(" ".join([*words[:at], v]) for v in self.likely_variants(words[at]))
        return out

    def respells(self, title: str, other: str) -> bool:
        """``other`` (a remembered title) is ``title`` respelt, not another title: no listed word of
        ``title`` is replaced by a word of ``other`` that is no typo of a word typed (one edit, a swap
        counting as one, spaces aside): "forest gump" is "forrest gump", "got game of thrones" holds "game
        of thrones", but "oceans twelve" is not "ocean's eleven" nor "oceans 11" "ocean's 13", however
        alike the letters, learnt or not: a real word or a number is not corrected into another."""
        from myflix_bot.search.text import STOP_WORDS, match_key  # noqa: PLC0415

        def missing(words: list[str], among: list[str], listed_only: bool) -> bool:
            joined = "".join(among)
            return any(
                w not in STOP_WORDS
                and (w.isdigit() or (w.isalpha() and (not listed_only or w in self.wordlist)))
                and (w not in joined if w.isalpha() else w not in among)  # a number is not respelt
                and not any(_osa(w, t) <= 1 and w.isalpha() and t.isalpha() for t in among)
                for w in words
            )

        mine, theirs = match_key(title).split(), match_key(other).split()  # "dix pour cent": "10 pour cent"
        return not (missing(mine, theirs, listed_only=True) and missing(theirs, mine, listed_only=False))

    def correct(self, title: str, names: Collection[str] = ()) -> str | None:
        """``title`` (folded, spacing mended) with each unknown word spelt as the nearest known word and
        each rare listed word as the frequent one it is likely a typo of; None when nothing changed."""
        return self._corrected(title, names)[0]

    def _corrected(self, title: str, names: Collection[str]) -> tuple[str | None, int | None]:
        """:meth:`correct`, and the position of the word the last round's variants are made of."""
        from myflix_bot.search.text import STOP_WORDS, fold  # noqa: PLC0415

        words = (self.mend(title, names) or fold(title)).split()
        # a word no list knows is the likelier typo: a rare listed word is then left as typed
        any_unknown = any(
            len(w) >= 3 and not w.isdigit() and w not in STOP_WORDS and not self.knows(w) for w in words
        )
        fixed: list[str] = []
        changed = False
        unknown: int | None = None
        rare: int | None = None  # a listed but rare word, never seen in a title: maybe a typo too
        solid = False  # a frequent word or one seen in a title: the typo is more likely elsewhere
        for i, w in enumerate(words):
            if len(w) < 3 or w.isdigit() or w in STOP_WORDS:
                fixed.append(w)
                continue
            if self.knows(w):
                typo = None if any_unknown else self.likely_typo(w)
                fixed.append(typo or w)
                changed = changed or typo is not None
                rare = i if rare is None and self.rare(w) else rare
                solid = solid or not self.rare(w)
                continue
            unknown = i if unknown is None else unknown
            near = self.nearest(w)
            fixed.append(near or w)
            changed = changed or near is not None
        at = unknown if unknown is not None else (rare if not solid else None)
        return (" ".join(fixed) if changed else None), at

    def rare(self, word: str) -> bool:
        """A word of the list rare enough to be a typo ("dunne" for "dune"), which no title seen holds."""
        return (
            len(word) >= 4
            and self.wordlist.get(word, RARE_WORD) < RARE_WORD
            and not self.memory.knows_word(word)
        )

    def possessive(self, title: str, respelt: bool = True) -> str | None:
        """``title`` (respelt, unless not ``respelt``) with a word ending in "s" before another word read
        as a possessive whose apostrophe was left out ("pans labirinth" -> "pan's labyrinth"); None when
        no word reads so."""
        from myflix_bot.search.text import fold  # noqa: PLC0415

        words = ((self.respell(title)[-1:] if respelt else []) or [fold(title)])[0].split()
        out = [f"{w[:-1]}'s" if i + 1 < len(words) and self._plural(w) else w for i, w in enumerate(words)]
        return " ".join(out) if out != words else None

    def _plural(self, word: str) -> bool:
        return len(word) >= 4 and word.endswith("s") and self.knows(word[:-1])

    def likely_variants(self, word: str, limit: int = 2) -> list[str]:
        """The first :func:`variants` that start a known word ("gostbusters" -> "ghostb", not the swap
        "ogstb"), else the first ones: a lookup spent on a prefix no word has is wasted."""
        found = variants(word)
        seen = sorted(self.memory.words())
        likely = [v for v in found if starts_a_word(v) or starts_a_word(v, seen)]
        return (likely or found)[:limit]


class WordSource(Protocol):
    def knows_word(self, word: str) -> bool: ...

    def nearest_word(self, word: str) -> str | None: ...

    def nearest_title(self, title: str) -> str | None: ...

    def words(self) -> list[str]: ...
