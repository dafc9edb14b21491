"""The bot's code parses on the oldest Python it declares (bookworm's 3.11), not only on the test venv's.

The tests run on the controller's Python (3.12+); Raspberry Pi OS bookworm runs the bot on 3.11. `ast.parse`
with `feature_version` refuses the newer grammar (type parameter lists, `type` statements), so a PEP 695
class in the bot or in the collection code it imports fails here instead of on a bookworm Pi. (f-string
grammar from 3.12 is not covered by feature_version; the bookworm end-to-end host runs the bot itself.)
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[1]
REPO = BOT.parents[1]
SOURCES = [
    BOT / "src",
    REPO / "collections" / "ansible_collections" / "myflix" / "media" / "plugins" / "module_utils",
]


def floor() -> tuple[int, int]:
    declared = tomllib.loads((BOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "requires-python"
    ]
    found = re.fullmatch(r">=\s*3\.(\d+)", declared.strip())
    assert found, f"requires-python {declared!r} is not of the form >=3.N"
    return 3, int(found.group(1))


def test_the_declared_floor_is_bookworms_python() -> None:
    assert floor() == (3, 11)


def test_every_source_file_parses_on_the_floor() -> None:
    files = [path for root in SOURCES for path in sorted(root.rglob("*.py"))]
    assert len(files) > 50  # the whole package, not an empty glob
    too_new = []
    for path in files:
        try:
            ast.parse(path.read_text(encoding="utf-8"), filename=str(path), feature_version=floor())
        except SyntaxError as exc:
            too_new.append(f"{path.relative_to(REPO)}:{exc.lineno}: {exc.msg}")
    assert not too_new, "\n".join(too_new)


def test_the_check_refuses_a_pep_695_class() -> None:
    """The positive twin: the same parse does refuse 3.12 grammar."""
    with pytest.raises(SyntaxError, match=r"Python 3\.12 and greater"):
        ast.parse("class Index[Item]:\n    pass\n", feature_version=floor())
