"""Display width, trimming, padding, escaping and bars: emoji, CJK, accents, very long text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from myflix_bot.render.text import (
    bar,
    display_width,
    esc,
    pad,
    sanitize,
    trim,
    visible_length,
)


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("Dune", 4),
        ("Amélie", 6),  # precomposed é
        ("Ame\u0301lie", 6),  # e + combining acute
        ("千と千尋の神隠し", 16),  # CJK: two cells each
        ("🎬", 2),
        ("👨‍👩‍👧", 2),  # ZWJ family: one glyph
        ("🇫🇷 France", 9),  # flag: one glyph, two cells
        ("❤️", 2),  # VS16 emoji presentation
        ("a\u200bb", 2),  # zero-width space
    ],
)
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width


def test_trim_keeps_short_text_and_cuts_long_text_with_ellipsis() -> None:
    assert trim("Dune", 10) == "Dune"
    assert trim("The Lord of the Rings", 10) == "The Lord…"
    assert display_width(trim("The Lord of the Rings", 10)) <= 10


def test_trim_never_splits_wide_characters_or_clusters() -> None:
    cut = trim("千と千尋の神隠し", 7)
    assert cut == "千と千…"  # 6 cells + ellipsis; a half ideograph would be 8
    family = "👨‍👩‍👧" * 5
    cut = trim(family, 5)
    assert cut == "👨‍👩‍👧👨‍👩‍👧…"
    assert trim("Ame\u0301lie Poulain", 5) == "Ame\u0301l…"


def test_trim_bounds_zero_width_floods() -> None:
    flood = "e" + "\u0301" * 5000
    out = trim(flood, 10)
    assert len(out) <= 2 * 10 + 8


def test_pad_aligns_by_display_width() -> None:
    rows = [pad(t, 12) + "|" for t in ("Dune", "Amélie", "千と千尋", "🎬 Film", "👨‍👩‍👧 Family")]
    assert {display_width(r) for r in rows} == {13}
    assert pad("abc", 5, align="right") == "  abc"
    assert pad("Very long title", 6) == "Very…" + " "


def test_bar_uses_eighth_blocks_and_fixed_width() -> None:
    assert bar(0, 4) == "    "
    assert bar(1, 4) == "████"
    assert bar(0.5, 4) == "██  "
    assert bar(1 / 32, 4) == "▏   "  # one eighth of one cell of four
    assert bar(0.55, 4) == "██▎ "
    assert bar(None, 3) == "░░░"
    assert bar(float("nan"), 3) == "░░░"
    assert bar(7.0, 2) == "██"
    assert bar(-1, 2) == "  "


@given(st.floats(min_value=-2, max_value=3, allow_nan=False), st.integers(min_value=1, max_value=40))
def test_bar_width_is_exact(fraction: float, width: int) -> None:
    assert display_width(bar(fraction, width)) == width


def test_esc_escapes_html_and_strips_controls() -> None:
    assert esc("Tom & Jerry <3") == "Tom &amp; Jerry &lt;3"
    assert esc('say "hi"') == "say &quot;hi&quot;"
    assert esc("a\x00b\u202ec\nd") == "abc d"


def test_visible_length_counts_what_telegram_counts() -> None:
    assert visible_length("<b>Tom &amp; Jerry</b>") == len("Tom & Jerry")
    assert visible_length("🎬") == 2  # one astral code point = two UTF-16 units


@given(st.text(max_size=300), st.integers(min_value=1, max_value=60))
def test_trim_respects_width_and_length(text: str, width: int) -> None:
    out = trim(sanitize(text), width)
    assert display_width(out) <= width
    assert len(out) <= 2 * width + 8
