"""The streaming JSON array decoder of the *arr sources: any split of the answer decodes the same,
and a cut or malformed answer is an error, never a silently short library."""

from __future__ import annotations

import json

import pytest
from myflix_bot.sources.arr import JsonArrayStream

DATA = [{"t": '千と"x\\', "n": [1, {"c": "]"}]}, 12345, "s]", True, None, {"e": []}]


def decode(text: str, size: int) -> list[object]:
    stream = JsonArrayStream()
    out = []
    for i in range(0, len(text), size):
        out += stream.feed(text[i : i + size])
    stream.close()
    return out


def test_every_split_decodes_the_same() -> None:
    text = json.dumps(DATA, ensure_ascii=False, indent=1)
    for size in range(1, len(text) + 1):
        assert decode(text, size) == DATA, size
    assert decode(" [ ] ", 1) == []


@pytest.mark.parametrize("text", ['{"a": 1}', "[1,,2]", "[1 2]", "[1, 2", "[1]x", "[1,]", ""])
def test_cut_or_malformed_is_an_error(text: str) -> None:
    for size in (1, 2, max(1, len(text))):
        with pytest.raises(ValueError, match="JSON array"):
            decode(text, size)
