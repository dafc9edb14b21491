"""A one-word title typed as two words, with a signal after it ("mind hunter netflix" for "Mindhunter"): the
two words are read as the title's one word, so that the words after it are judged as around the title (a
network the item's data holds names it). Twins: a network the data does not hold, or a word of no data,
still names more than the title."""

from __future__ import annotations

import pytest
from myflix_bot.search.candidates import Candidate
from myflix_bot.search.decide import decide
from myflix_bot.search.rank import rank
from myflix_bot.search.rules import parse_request

SERIES = "series"
DEADWOOD = Candidate(SERIES, 11, "Deadwood", 2004, overview="A camp in the Black Hills.", network="HBO")
BLACKLIST = Candidate(
    SERIES, 12, "The Blacklist", 2013, overview="A fugitive turns informant.", network="NBC"
)


def _verdict(text: str, candidates: list[Candidate]) -> tuple[str, tuple[str, int] | None]:
    q = parse_request(text)
    d = decide(q, rank(q, candidates))
    return d.verdict, d.best.candidate.key if d.best else None


@pytest.mark.parametrize(
    ("text", "want"),
    [("dead wood hbo", (SERIES, 11)), ("the black list nbc", (SERIES, 12))],
)
def test_a_title_word_typed_in_two_is_read_with_the_network_after_it(
    text: str, want: tuple[str, int]
) -> None:
    assert _verdict(text, [DEADWOOD, BLACKLIST]) == ("confident", want), text


@pytest.mark.parametrize("text", ["dead wood netflix", "dead wood riders", "the black list hbo"])
def test_a_word_no_data_holds_after_a_split_title_still_names_more(text: str) -> None:
    verdict, _ = _verdict(text, [DEADWOOD, BLACKLIST])
    assert verdict != "confident", text
