"""Display-width text primitives: sanitize, measure, trim, pad, escape, progress bars.

Everything here is pure. Widths are terminal/monospace cells as computed by wcwidth, per grapheme
cluster, so an emoji ZWJ sequence, a flag, a CJK ideograph or an accented letter (precomposed or with
a combining mark) each count for what they occupy on screen, never for their ``len()``.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from functools import lru_cache

import wcwidth

# Cells of a monospace line that fit a phone screen without wrapping: every <pre> block of every view
# (catalog, /status, /queue) keeps within it. Decided once, here.
LINE_WIDTH = 34
ELLIPSIS = "…"
# Eighth blocks, from one eighth to a full cell.
EIGHTHS = ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")
FULL_BLOCK = "█"

# Characters that must never reach a message: C0/C1 controls (except none), lone surrogates, bidi
# overrides that could visually reorder a line, and the BOM.
_STRIP = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufeff]")


_INVISIBLE = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"))


def is_blank(text: str) -> bool:
    """True when ``text`` shows nothing: only spaces, controls and format characters (zero-width
    spaces and joiners, bidi marks, the BOM)."""
    return all(c.isspace() or unicodedata.category(c) in _INVISIBLE for c in text)


def sanitize(text: str) -> str:
    """Drop control characters, lone surrogates and bidi overrides; tabs and newlines become spaces."""
    return _STRIP.sub("", text.replace("\t", " ").replace("\n", " ").replace("\r", " "))


@lru_cache(maxsize=4096)
def _grapheme_width(cluster: str) -> int:
    w = wcwidth.wcswidth(cluster)
    if w >= 0:
        return min(w, 2)
    # Unknown sequence: fall back to the widest code point, never negative.
    return max(0, *(max(wcwidth.wcwidth(c), 0) for c in cluster))


def graphemes(text: str) -> list[str]:
    return list(wcwidth.iter_graphemes(text))


def display_width(text: str) -> int:
    """Cells that ``text`` occupies in a monospace font."""
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(_grapheme_width(g) for g in wcwidth.iter_graphemes(text))


def trim(text: str, width: int, *, max_chars: int | None = None) -> str:
    """``text`` cut to at most ``width`` cells (and ``max_chars`` code points), with an ellipsis if cut.

    Cuts only between grapheme clusters, so no emoji, flag or accent is ever split. ``max_chars``
    bounds the length too (a title of only zero-width marks has width 0 but can be very long).
    """
    max_chars = max_chars if max_chars is not None else 2 * width + 8
    if width <= 0:
        return ""
    if len(text) <= max_chars and display_width(text) <= width:
        return text
    out: list[str] = []
    used = 0
    chars = 0
    budget = width - 1  # room for the ellipsis
    for g in wcwidth.iter_graphemes(text):
        w = _grapheme_width(g)
        if used + w > budget or chars + len(g) > max_chars - 1:
            break
        out.append(g)
        used += w
        chars += len(g)
    return "".join(out).rstrip() + ELLIPSIS


def pad(text: str, width: int, *, align: str = "left") -> str:
    """``text`` padded with spaces to exactly ``width`` cells (trimmed first if wider)."""
    text = trim(text, width) if display_width(text) > width else text
    gap = width - display_width(text)
    if align == "right":
        return " " * gap + text
    if align == "center":
        left = gap // 2
        return " " * left + text + " " * (gap - left)
    return text + " " * gap


def esc(text: object) -> str:
    """Strict HTML escaping for Telegram's HTML parse mode (``<``, ``>``, ``&``, and quotes)."""
    return html.escape(sanitize(str(text)), quote=True)


def bar(fraction: float | None, width: int) -> str:
    """A progress bar exactly ``width`` cells wide, with eighth-block resolution.

    ``None`` or NaN (unknown) gives a bar of light shade; values are clamped to [0, 1].
    """
    if width <= 0:
        return ""
    if fraction is None or math.isnan(fraction):
        return "░" * width
    fraction = min(1.0, max(0.0, fraction))
    eighths = round(fraction * width * 8)
    full, rest = divmod(eighths, 8)
    text = FULL_BLOCK * full + EIGHTHS[rest]
    return text + " " * (width - full - (1 if rest else 0))


_TAG = re.compile(r"<[^>]*>")


def visible_length(html_text: str) -> int:
    """Length Telegram counts for a message: tags removed, entities decoded, in UTF-16 code units."""
    plain = html.unescape(_TAG.sub("", html_text))
    return len(plain.encode("utf-16-le")) // 2
