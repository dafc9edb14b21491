"""``make contract-drift``: the comparison logic, on small synthetic upstream documents (the real upstream
specs are not part of the repository)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from myflix_testkit import contract_drift
from myflix_testkit.contract_drift import compare_methods, compare_routes, distill_openapi, drift

MOVIE = {
    "type": "object",
    "properties": {
        "id": {"type": "integer", "format": "int32"},
        "title": {"type": "string", "nullable": True},
        "status": {"$ref": "#/components/schemas/Status"},
        "tags": {"type": "array", "items": {"type": "integer"}, "nullable": True},
    },
    "additionalProperties": False,
}


def oas(
    movie: dict[str, Any] | None = None, extra_path: bool = False, statuses: tuple[str, ...] = ("200",)
) -> Any:
    answer = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Movie"}}}}
    paths: dict[str, Any] = {
        "/api/v3/movie/{id}": {
            "get": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {s: answer for s in statuses},
            }
        },
        "/api/v3/movie": {
            "get": {
                "parameters": [{"name": "tmdbId", "in": "query", "schema": {"type": "integer"}}],
                "responses": {
                    "200": {
                        "content": {
                            "application/json": {
                                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Movie"}}
                            }
                        }
                    }
                },
            }
        },
    }
    if extra_path:
        paths["/api/v3/movie/lookup"] = {"get": {"responses": {"200": {}}}}
    return {
        "openapi": "3.0.4",
        "paths": paths,
        "components": {
            "schemas": {
                "Movie": json.loads(json.dumps(movie or MOVIE)),
                "Status": {"enum": ["tba", "released"], "type": "string"},
            }
        },
    }


def contract() -> dict[str, Any]:
    """What the project's contract for this synthetic API looks like (built by hand, not by distill)."""
    return {
        "upstream": {"file": "mini.openapi.json", "format": "openapi"},
        "routes": {
            "GET /api/v3/movie": {"query": {"tmdbId": "integer"}, "answer": "[Movie]"},
            "GET /api/v3/movie/{id}": {"answer": "Movie"},
        },
        "types": {
            "Movie": {
                "fields": {"id": "integer", "title": "string?", "status": "Status", "tags": "[integer]?"}
            },
            "Status": {"enum": ["tba", "released"]},
            "ErrorModel": {"not_upstream": "CONTRACT-NOTES", "fields": {"message": "string"}},
        },
    }


def diff(upstream: Any) -> list[str]:
    ours = contract()
    return compare_routes(ours, distill_openapi(upstream, ours["routes"]))


def test_an_identical_upstream_has_no_drift() -> None:
    assert diff(oas()) == []


def test_a_changed_field_type_a_new_field_and_a_removed_field_are_listed() -> None:
    movie = json.loads(json.dumps(MOVIE))
    movie["properties"]["id"] = {"type": "string"}
    movie["properties"]["popularity"] = {"type": "number", "format": "double"}
    del movie["properties"]["tags"]
    found = diff(oas(movie))
    assert "type Movie: field 'id' is integer in the contract, string upstream" in found
    assert "type Movie: field 'popularity' is upstream (number), not in the contract" in found
    assert "type Movie: field 'tags' is in the contract, not upstream" in found
    assert len(found) == 3, found


def test_a_removed_route_a_new_status_and_an_enum_change_are_listed() -> None:
    upstream = oas(statuses=("200", "404"))
    del upstream["paths"]["/api/v3/movie"]
    upstream["components"]["schemas"]["Status"]["enum"].append("deleted")
    found = diff(upstream)
    assert "route GET /api/v3/movie is in the contract, not upstream" in found
    assert any("GET /api/v3/movie/{id}: upstream documents status(es) [404]" in f for f in found)
    assert any(f.startswith("type Status: enum") for f in found)
    # a new upstream route the project does not use is not drift
    assert diff(oas(extra_path=True)) == []


def test_query_parameter_and_nullability_drift() -> None:
    upstream = oas()
    upstream["paths"]["/api/v3/movie"]["get"]["parameters"][0]["required"] = True
    upstream["components"]["schemas"]["Movie"]["properties"]["title"]["nullable"] = False
    found = diff(upstream)
    assert "GET /api/v3/movie: required query [] vs upstream ['tmdbId']" in found
    assert "type Movie: field 'title' is string? in the contract, string upstream" in found


def test_telegram_methods_parameters_and_deprecated_ones() -> None:
    upstream = {
        "methods": {
            "sendMessage": {
                "fields": [
                    {"name": "chat_id", "types": ["Integer", "String"], "required": True},
                    {"name": "text", "types": ["String"], "required": True},
                    {"name": "link_preview_options", "types": ["LinkPreviewOptions"], "required": False},
                ],
                "returns": ["Message"],
            },
            "sendDice": {"fields": [], "returns": ["Message"]},
        }
    }
    ours = {
        "methods": {
            "sendMessage": {
                "params": {
                    "chat_id": "Integer|String",
                    "text": "String",
                    "link_preview_options": "LinkPreviewOptions",
                    "disable_web_page_preview": "Boolean",
                },
                "required": ["chat_id", "text"],
                "returns": "Message",
                "deprecated": {"disable_web_page_preview": "replaced in 7.0, still accepted"},
            }
        },
        "other_methods": ["sendDice"],
    }
    assert compare_methods(ours, contract_drift.distill_telegram(upstream)) == []
    upstream["methods"]["sendMessage"]["fields"][1]["types"] = ["Integer"]
    upstream["methods"]["sendPoll"] = {"fields": [], "returns": ["Message"]}
    del upstream["methods"]["sendDice"]
    found = compare_methods(ours, contract_drift.distill_telegram(upstream))
    assert found == [
        "sendMessage: parameter 'text' is String in the contract, Integer upstream",
        "method sendPoll is upstream, not in the contract",
        "method sendDice is in the contract, not upstream",
    ]


def test_markdown_routes_and_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    page = "- HTTP GET to `/v1/portforward` gives\n- HTTP PUT to `/v1/dns/status` sets\n"
    (tmp_path / "page.md").write_text(page)
    ours = {
        "upstream": {"file": "page.md", "format": "markdown-routes"},
        "routes": {"GET /v1/portforward": {}, "GET /v1/old": {"not_upstream": "source"}, "GET /v1/gone": {}},
        "unused_upstream": [],
    }
    assert drift(ours, tmp_path) == [
        "route GET /v1/gone is in the contract, not upstream",
        "route PUT /v1/dns/status is upstream, not in the contract",
    ]
    assert drift(dict(ours, upstream={"file": "nope.md", "format": "markdown-routes"}), tmp_path) == [
        f"upstream document nope.md is not in {tmp_path}"
    ]
    monkeypatch.delenv("MYFLIX_SPECS_DIR", raising=False)
    assert contract_drift.main([]) == 2
    assert "MYFLIX_SPECS_DIR is not set" in capsys.readouterr().err
    (tmp_path / "mini.openapi.json").write_text(json.dumps(oas()))
    monkeypatch.setenv("MYFLIX_SPECS_DIR", str(tmp_path))
    monkeypatch.setattr(contract_drift.contract_files, "load", lambda name: contract())
    assert contract_drift.main(["mini"]) == 0
    broken = oas()
    broken["components"]["schemas"]["Movie"]["properties"]["year"] = {"type": "integer"}
    (tmp_path / "mini.openapi.json").write_text(json.dumps(broken))
    assert contract_drift.main(["mini"]) == 1
    assert "field 'year' is upstream (integer), not in the contract" in capsys.readouterr().out
