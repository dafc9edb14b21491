"""The package's import graph has no cycle, counting every import statement in the source: module
level, inside functions and under ``if TYPE_CHECKING:``. A function-level import that dodges a cycle
at load time is still a cycle in the design, so it fails here too."""

from __future__ import annotations

import ast
from pathlib import Path

import myflix_bot

PACKAGE = "myflix_bot"
PACKAGE_DIR = Path(myflix_bot.__file__).resolve().parent
SOURCE_DIR = PACKAGE_DIR.parent  # files/bot/src, inside the repository: module names start there


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE_DIR).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE_DIR.rglob("*.py"))}


def resolve(current: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = current.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The package modules that ``name`` imports anywhere in its source (a ``from pkg import mod``
    counts as importing the submodule when it is one)."""
    tree = ast.parse(path.read_text(), str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = resolve(name, path.name == "__init__.py", node)
            targets = [f"{base}.{alias.name}" for alias in node.names] + [base]
        for target in targets:
            # the deepest package module this target names (``a.b.func`` -> ``a.b``)
            parts = target.split(".")
            while parts and ".".join(parts) not in known:
                parts.pop()
            if parts and parts[0] == PACKAGE:
                found.add(".".join(parts))
    found.discard(name)
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    known = set(mods)
    # ``import a.b.c`` runs a/__init__ and a/b/__init__ first: a package's __init__ is not counted as
    # imported by its own submodules (Python runs it before them anyway), only explicit imports are.
    return {name: imports_of(name, path, known) for name, path in mods.items()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(edges, white)
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        colour[node] = grey
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if colour.get(nxt, black) == grey:
                return [*stack[stack.index(nxt) :], nxt]
            if colour.get(nxt) == white:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        stack.pop()
        colour[node] = black
        return None

    for node in sorted(edges):
        if colour[node] == white:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_the_walker_sees_function_level_and_type_checking_imports(tmp_path: Path) -> None:
    """The positive twin: a cycle hidden in a function body or under TYPE_CHECKING is found."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from myflix_bot.b import x\n"
        "def f():\n    from myflix_bot import b\n"
    )
    path = tmp_path / "a.py"
    path.write_text(source)
    assert imports_of("myflix_bot.a", path, {"myflix_bot.a", "myflix_bot.b"}) == {"myflix_bot.b"}
    assert find_cycle({"myflix_bot.a": {"myflix_bot.b"}, "myflix_bot.b": {"myflix_bot.a"}}) == [
        "myflix_bot.a",
        "myflix_bot.b",
        "myflix_bot.a",
    ]


def test_the_package_has_no_import_cycle() -> None:
    edges = graph()
    assert len(edges) > 50  # the walker found the package
    assert find_cycle(edges) is None, " -> ".join(find_cycle(edges) or [])


TELEGRAM_AWARE = {"myflix_bot.app", "myflix_bot.telegram_io"}


def telegram_importers() -> set[str]:
    """The package modules that import python-telegram-bot anywhere in their source."""
    found = set()
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            if any(n == "telegram" or n.startswith("telegram.") for n in names):
                found.add(name)
    return found


def test_only_the_adapter_and_the_application_know_telegram() -> None:
    """Commands and features return Views; the Telegram adapter alone turns them into Bot API calls."""
    importers = telegram_importers()
    assert importers == TELEGRAM_AWARE, sorted(importers ^ TELEGRAM_AWARE)
