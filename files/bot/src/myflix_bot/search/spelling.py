"""Other spellings of a misspelt word, for the lookups that a TMDB-like token search needs.

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
    out = [(0, word[:i] + word[i + 1] + word[i] + word[i + 2 :], i + 1) for i in range(n - 1)]
    out += [(1, word[:i] + word[i + 1 :], i) for i in range(n - 1) if word[i] == word[i + 1]]
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
