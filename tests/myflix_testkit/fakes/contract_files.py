"""The project's own API contract files (``tests/contracts/*.json``): loading and the type language.

Standard library only: the stand-in images load the Telegram contract with it, without ``jsonschema``.
The format is described in ``tests/contracts/README.md``. In short, a contract is a JSON object with

- ``routes`` (HTTP APIs): ``"METHOD /path/{param}" -> {"query", "required", "body", "answer", "ok"}``;
- ``methods`` (the Telegram Bot API): ``name -> {"params", "required", "returns"}``;
- ``types``: ``Name -> {"fields": {...}, "required": [...], "open": bool}`` or ``Name -> {"enum": [...]}``.

Type expressions: ``string``, ``integer``, ``number``, ``boolean``, ``any``, a type name, ``[T]`` (array),
``[T]+`` (non-empty array), ``{T}`` (object whose values are T), ``{}`` (any object), and a trailing
``?`` for "may be null".

Where the files live: ``<testkit>/../contracts`` (in the repository ``tests/contracts``; in a stand-in image
the build copies them beside the test kit), never outside the repository.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

JSON = dict[str, Any]
PRIMITIVES = {"string", "integer", "number", "boolean"}


class ContractFileError(RuntimeError):
    """A contract file is missing or malformed (a repository bug, never skipped)."""


def contracts_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "contracts"


@functools.cache
def load(name: str) -> JSON:
    """``load("radarr-v3")`` reads ``tests/contracts/radarr-v3.json``."""
    path = contracts_dir() / f"{name}.json"
    if not path.is_file():
        raise ContractFileError(f"contract file {path} is missing; it belongs to the repository (restore it)")
    try:
        data: JSON = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ContractFileError(f"contract file {path} is not JSON: {exc}") from exc
    check_types_resolve(data, path.name)
    return data


def names() -> list[str]:
    return sorted(p.stem for p in contracts_dir().glob("*.json"))


def split_nullable(expr: str) -> tuple[str, bool]:
    expr = expr.strip()
    return (expr[:-1], True) if expr.endswith("?") else (expr, False)


def referenced_names(expr: str) -> set[str]:
    """Type names an expression refers to (``[MovieResource]?`` -> ``{"MovieResource"}``)."""
    inner, _ = split_nullable(expr)
    if inner.endswith("]+"):
        inner = inner[:-1]
    if inner.startswith("[") and inner.endswith("]"):
        return referenced_names(inner[1:-1])
    if inner.startswith("{") and inner.endswith("}"):
        return referenced_names(inner[1:-1]) if inner != "{}" else set()
    if inner in PRIMITIVES or inner == "any":
        return set()
    return {inner}


def to_json_schema(expr: str) -> JSON:
    """Compile a type expression; names become ``$ref`` to ``#/$defs/<Name>``."""
    inner, nullable = split_nullable(expr)
    schema: JSON
    if inner.endswith("]+") and inner.startswith("["):
        schema = {"type": "array", "items": to_json_schema(inner[1:-2]), "minItems": 1}
    elif inner.startswith("[") and inner.endswith("]"):
        schema = {"type": "array", "items": to_json_schema(inner[1:-1])}
    elif inner == "{}":
        schema = {"type": "object"}
    elif inner.startswith("{") and inner.endswith("}"):
        schema = {"type": "object", "additionalProperties": to_json_schema(inner[1:-1])}
    elif inner == "any":
        return {}
    elif inner in PRIMITIVES:
        schema = {"type": inner}
    else:
        schema = {"$ref": f"#/$defs/{inner}"}
    return {"anyOf": [schema, {"type": "null"}]} if nullable else schema


def type_definition_schema(definition: JSON) -> JSON:
    if "enum" in definition:
        return {"enum": list(definition["enum"])}
    fields: dict[str, str] = definition.get("fields", {})
    return {
        "type": "object",
        "properties": {name: to_json_schema(expr) for name, expr in fields.items()},
        "required": list(definition.get("required", [])),
        "additionalProperties": bool(definition.get("open", False)),
    }


def definitions_schema(contract: JSON) -> JSON:
    return {name: type_definition_schema(d) for name, d in contract.get("types", {}).items()}


def all_expressions(contract: JSON) -> list[str]:
    exprs: list[str] = []
    for route in contract.get("routes", {}).values():
        exprs += [route[k] for k in ("body", "answer") if route.get(k)]
        exprs += list(route.get("query", {}).values())
    for status in contract.get("errors", {}).values():
        exprs += [v for k, v in status.items() if k in ("json", "problem")]
    for definition in contract.get("types", {}).values():
        exprs += list(definition.get("fields", {}).values())
    return exprs


def check_types_resolve(contract: JSON, where: str) -> None:
    """Every type name used is defined: a typo in a contract file fails at load time."""
    defined = set(contract.get("types", {}))
    missing = sorted({n for e in all_expressions(contract) for n in referenced_names(e)} - defined)
    if missing:
        raise ContractFileError(f"{where}: undefined type(s) {missing}")
