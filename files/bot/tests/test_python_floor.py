"""The bot's code parses on the oldest Python it declares (bookworm's 3.11), not only on the test venv's.

The tests run on the controller's Python (3.12+); Raspberry Pi OS bookworm runs the bot on 3.11. `ast.parse`
with `feature_version` refuses the newer grammar (type parameter lists, `type` statements), so a PEP 695
class in the bot or in the collection code it imports fails here instead of on a bookworm Pi. (f-string
grammar from 3.12 is not covered by feature_version; the bookworm end-to-end host runs the bot itself.)
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
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


LOCK = REPO / "requirements" / "controller.lock"
LOCK_FLOOR = REPO / "scripts" / "lock_floor.py"


def lock_as_read_on(version: str) -> dict[str, str]:
    """The lock's pins as pip on that Python reads them (markers resolved), by package name."""
    done = subprocess.run(
        [sys.executable, str(LOCK_FLOOR), "for", version, str(LOCK)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    pins = [line.split("==") for line in done.stdout.splitlines()]
    names = [name.lower() for name, _ in pins]
    assert len(names) == len(set(names)), f"a package pinned twice for Python {version}"
    return {name.lower(): version for name, version in pins}


def test_the_lock_carries_the_floor_pins_make_lock_writes(tmp_path: Path) -> None:
    """A lock re-frozen without `make lock`'s floor step would give bookworm a numpy it cannot install."""
    again = tmp_path / "controller.lock"
    again.write_text(LOCK.read_text(encoding="utf-8"), encoding="utf-8")
    subprocess.run(
        [sys.executable, str(LOCK_FLOOR), "apply", str(again), str(LOCK.with_name("python-floor.txt"))],
        check=True,
        timeout=60,
    )
    assert again.read_text(encoding="utf-8") == LOCK.read_text(encoding="utf-8")


def test_the_floor_reads_its_own_numpy_and_the_controller_the_locked_one() -> None:
    on_floor, on_controller = lock_as_read_on("3.11"), lock_as_read_on("3.13")
    assert on_floor["numpy"] == "2.4.6"
    assert on_controller["numpy"] != "2.4.6"
    assert {name for name in on_floor if on_floor[name] != on_controller[name]} == {"numpy", "contourpy"}
