"""``make contract-drift``: compare the project's contract files with the full upstream specs.

The upstream documents are not part of the repository. Point ``MYFLIX_SPECS_DIR`` at a folder that holds
them (the names are in each contract's ``upstream.file``); every route, parameter, field, type or status
that differs is listed. Exit status: 0 no drift, 1 drift found, 2 the specs are not available.

Upstream formats understood:

- ``openapi``: an OpenAPI 3.0 document (Radarr, Sonarr, Prowlarr);
- ``telegram``: the scraped Bot API method list (``api.json`` of telegram-bot-api-spec);
- ``markdown-routes``: a Markdown page naming routes as ``GET `/v1/...``` (the Gluetun wiki).

The same ``distill_*`` functions turn an upstream document into the contract format, restricted to the
routes (methods) the contract lists, so both sides are compared in one vocabulary.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from myflix_testkit.fakes import contract_files
from myflix_testkit.fakes.contract_files import JSON, referenced_names

SPECS_ENV = "MYFLIX_SPECS_DIR"
HTTP_METHODS = ("get", "put", "post", "delete", "head", "patch")


# --- OpenAPI 3.0 -> contract vocabulary ----------------------------------------------------------------


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def oas_expr(schema: JSON | None) -> str:  # noqa: PLR0911 (one return per schema kind)
    """The type expression of an OpenAPI schema (``{"type":"array","items":{"$ref":..}}`` -> ``[Name]``)."""
    if not schema:
        return "any"
    nullable = "?" if schema.get("nullable") else ""
    if "$ref" in schema:
        return _ref_name(schema["$ref"]) + nullable
    if len(schema.get("allOf", [])) == 1:
        return oas_expr(schema["allOf"][0]) + nullable
    kind = schema.get("type")
    if kind == "array":
        return f"[{oas_expr(schema.get('items'))}]{nullable}"
    if kind == "object" or (kind is None and "properties" in schema):
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and not schema.get("properties"):
            return "{" + oas_expr(extra) + "}" + nullable
        return "{}" + nullable
    if kind in contract_files.PRIMITIVES:
        return kind + nullable
    return "any"


def oas_type(schema: JSON) -> JSON:
    if "enum" in schema:
        return {"enum": list(schema["enum"])}
    definition: JSON = {"fields": {k: oas_expr(v) for k, v in schema.get("properties", {}).items()}}
    if schema.get("required"):
        definition["required"] = list(schema["required"])
    if schema.get("additionalProperties", True) is not False:
        definition["open"] = True
    return definition


def _json_schema(content: JSON | None) -> JSON | None:
    if not content:
        return None
    media = content.get("application/json") or next(iter(content.values()), None)
    return media.get("schema") if media else None


def oas_route(operation: JSON) -> JSON:
    route: JSON = {}
    query = {
        p["name"]: oas_expr(p.get("schema")) for p in operation.get("parameters", []) if p["in"] == "query"
    }
    required = [
        p["name"] for p in operation.get("parameters", []) if p["in"] == "query" and p.get("required")
    ]
    if query:
        route["query"] = query
    if required:
        route["required"] = required
    body = _json_schema((operation.get("requestBody") or {}).get("content"))
    if body is not None:
        route["body"] = oas_expr(body)
    responses = operation.get("responses", {})
    success = responses.get("200") or next((v for k, v in responses.items() if k.startswith("2")), {})
    answer = _json_schema(success.get("content"))
    route["answer"] = oas_expr(answer) if answer is not None else None
    route["documented"] = sorted(int(k) for k in responses if k.isdigit())
    return route


def closure(exprs: Iterable[str], types: dict[str, JSON]) -> set[str]:
    """Names reachable from ``exprs`` through the fields of ``types``."""
    todo = [n for e in exprs for n in referenced_names(e)]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen or name not in types:
            seen.add(name)
            continue
        seen.add(name)
        for expr in types[name].get("fields", {}).values():
            todo.extend(referenced_names(expr))
    return seen


def distill_openapi(spec: JSON, wanted: Iterable[str] | None = None) -> JSON:
    """The upstream document in contract vocabulary, restricted to the ``"METHOD /template"`` keys wanted."""
    routes: dict[str, JSON] = {}
    for template, item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method in item:
                routes[f"{method.upper()} {template}"] = oas_route(item[method])
    if wanted is not None:
        routes = {k: v for k, v in routes.items() if k in set(wanted)}
    all_types = {n: oas_type(s) for n, s in spec.get("components", {}).get("schemas", {}).items()}
    exprs = [
        e
        for r in routes.values()
        for e in [r.get("body"), r.get("answer"), *r.get("query", {}).values()]
        if e
    ]
    used = closure(exprs, all_types)
    return {"routes": routes, "types": {n: all_types[n] for n in sorted(used) if n in all_types}}


# --- Telegram api.json -> contract vocabulary --------------------------------------------------------


def distill_telegram(api: JSON) -> JSON:
    methods: dict[str, JSON] = {}
    for name, method in api.get("methods", {}).items():
        fields = method.get("fields", [])
        entry: JSON = {"params": {f["name"]: "|".join(f["types"]) for f in fields}}
        required = [f["name"] for f in fields if f.get("required")]
        if required:
            entry["required"] = required
        entry["returns"] = "|".join(method.get("returns", []))
        methods[name] = entry
    return {"version": api.get("version"), "methods": methods}


# --- Markdown route list (Gluetun wiki) -------------------------------------------------------------

MD_ROUTE = re.compile(r"HTTP (GET|PUT|POST|DELETE|PATCH)(?: request)? to `(/[^`\s]+)`")


def distill_markdown_routes(text: str) -> JSON:
    return {"routes": {f"{m} {p}": {} for m, p in MD_ROUTE.findall(text)}}


# --- comparison -------------------------------------------------------------------------------------


def _compare_maps(
    kind: str, where: str, ours: dict[str, Any], theirs: dict[str, Any], out: list[str]
) -> None:
    for name in sorted(set(ours) | set(theirs)):
        if name not in theirs:
            out.append(f"{where}: {kind} {name!r} is in the contract, not upstream")
        elif name not in ours:
            out.append(f"{where}: {kind} {name!r} is upstream ({theirs[name]}), not in the contract")
        elif ours[name] != theirs[name]:
            out.append(f"{where}: {kind} {name!r} is {ours[name]} in the contract, {theirs[name]} upstream")


def compare_routes(ours: JSON, theirs: JSON, full: bool = True) -> list[str]:  # noqa: PLR0912
    """Differences between a contract and a distilled upstream document (same vocabulary).

    ``full`` compares parameters, bodies, answers and statuses too (OpenAPI); otherwise only routes.
    Routes the contract marks ``"not_upstream": "<why>"`` are facts from elsewhere (CONTRACT-NOTES) and are
    not reported as missing upstream.
    """
    out: list[str] = []
    our_routes: dict[str, JSON] = ours.get("routes", {})
    their_routes: dict[str, JSON] = theirs.get("routes", {})
    for key in sorted(set(our_routes) - set(their_routes)):
        if not our_routes[key].get("not_upstream"):
            out.append(f"route {key} is in the contract, not upstream")
    if not full:
        return out
    for key in sorted(set(our_routes) & set(their_routes)):
        mine, up = our_routes[key], their_routes[key]
        _compare_maps("query parameter", key, mine.get("query", {}), up.get("query", {}), out)
        if sorted(mine.get("required", [])) != sorted(up.get("required", [])):
            out.append(
                f"{key}: required query {mine.get('required', [])} vs upstream {up.get('required', [])}"
            )
        for part in ("body", "answer"):
            if mine.get(part) != up.get(part):
                out.append(f"{key}: {part} is {mine.get(part)} in the contract, {up.get(part)} upstream")
        extra = set(up.get("documented", [])) - {200} - set(mine.get("statuses", []))
        if extra:
            out.append(f"{key}: upstream documents status(es) {sorted(extra)} the contract does not list")
    our_types: dict[str, JSON] = ours.get("types", {})
    their_types: dict[str, JSON] = theirs.get("types", {})
    for name in sorted(our_types):
        if our_types[name].get("not_upstream"):
            continue
        if name not in their_types:
            out.append(f"type {name} is in the contract, not upstream")
            continue
        mine, up = our_types[name], their_types[name]
        if "enum" in mine or "enum" in up:
            if sorted(map(str, mine.get("enum", []))) != sorted(map(str, up.get("enum", []))):
                out.append(f"type {name}: enum {mine.get('enum')} in the contract, {up.get('enum')} upstream")
            continue
        _compare_maps("field", f"type {name}", mine.get("fields", {}), up.get("fields", {}), out)
        if sorted(mine.get("required", [])) != sorted(up.get("required", [])):
            out.append(
                f"type {name}: required {mine.get('required', [])} vs upstream {up.get('required', [])}"
            )
        if bool(mine.get("open")) != bool(up.get("open")):
            out.append(
                f"type {name}: open={bool(mine.get('open'))} in the contract, {bool(up.get('open'))} upstream"
            )
    for name in sorted(set(their_types) - set(our_types)):
        out.append(f"type {name} is used upstream by the contract's routes, not in the contract")
    return out


def compare_methods(ours: JSON, theirs: JSON) -> list[str]:
    """Telegram: methods, parameters (names, types, required) and return types.

    Parameters the contract marks in ``deprecated`` (accepted by the real service though no longer
    documented) are expected to be missing upstream and are not reported.
    """
    out: list[str] = []
    their_methods: dict[str, JSON] = theirs.get("methods", {})
    for name, mine in sorted(ours.get("methods", {}).items()):
        up = their_methods.get(name)
        if up is None:
            out.append(f"method {name} is in the contract, not upstream")
            continue
        kept = set(mine.get("deprecated", {}))
        params = {k: v for k, v in mine.get("params", {}).items() if k not in kept}
        _compare_maps("parameter", name, params, up.get("params", {}), out)
        required = sorted(set(mine.get("required", [])) - kept)
        if required != sorted(up.get("required", [])):
            out.append(f"{name}: required {required} vs upstream {sorted(up.get('required', []))}")
        if mine.get("returns") != up.get("returns"):
            out.append(f"{name}: returns {mine.get('returns')} in the contract, {up.get('returns')} upstream")
    listed = set(ours.get("methods", {})) | set(ours.get("other_methods", []))
    for name in sorted(set(their_methods) - listed):
        out.append(f"method {name} is upstream, not in the contract")
    for name in sorted(set(ours.get("other_methods", [])) - set(their_methods)):
        out.append(f"method {name} is in the contract, not upstream")
    return out


def drift(contract: JSON, specs: Path) -> list[str]:
    """Every difference between one contract and its upstream document in ``specs``."""
    upstream = contract["upstream"]
    path = specs / upstream["file"]
    if not path.is_file():
        return [f"upstream document {upstream['file']} is not in {specs}"]
    text = path.read_text(encoding="utf-8")
    kind = upstream["format"]
    if kind == "openapi":
        return compare_routes(contract, distill_openapi(json.loads(text), contract.get("routes", {})))
    if kind == "telegram":
        return compare_methods(contract, distill_telegram(json.loads(text)))
    if kind == "markdown-routes":
        theirs = distill_markdown_routes(text)
        out = compare_routes(contract, theirs, full=False)
        mine = set(contract.get("routes", {}))
        for key in sorted(set(theirs["routes"]) - mine):
            if key not in contract.get("unused_upstream", []):
                out.append(f"route {key} is upstream, not in the contract")
        return out
    raise ValueError(f"unknown upstream format {kind!r}")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    configured = os.environ.get(SPECS_ENV)
    if not configured:
        print(
            f"contract-drift: {SPECS_ENV} is not set; point it at a folder of the upstream specs "
            "(radarr-v3.openapi.json, telegram-bot-api.json, ...). See tests/contracts/SOURCES.md.",
            file=sys.stderr,
        )
        return 2
    specs = Path(configured)
    if not specs.is_dir():
        print(f"contract-drift: {SPECS_ENV}={specs} is not a folder", file=sys.stderr)
        return 2
    total = 0
    for name in args or contract_files.names():
        contract = contract_files.load(name)
        found = drift(contract, specs)
        total += len(found)
        print(f"== {name} (upstream {contract['upstream']['file']}): {len(found) or 'no'} difference(s)")
        for line in found:
            print(f"   {line}")
    print(f"contract-drift: {total} difference(s) in total")
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
