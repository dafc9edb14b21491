"""A fake of the Gemini API ``generateContent`` method, as google-genai calls it.

Route: ``POST /{api_version}/models/{model}:generateContent`` (google-genai 3.x sends ``v1`` by default and
``v1beta`` when asked; both are served). The API key must come in the ``x-goog-api-key`` header: a missing
key is 403 ``PERMISSION_DENIED`` and a wrong one 400 ``INVALID_ARGUMENT`` (``API_KEY_INVALID``), as Google
answers. Stricter than Google: a key (or any registered secret) in the URL or the request body is a 400, and
is remembered in ``fake.leaks`` (the fixture fails the test at teardown if there are any).

Answers come from a script queue (``fake.script(...)``), one item per request:

- ``"text"`` or ``Text("...")``: a plain text candidate;
- ``Json(value)``: JSON text; the request must ask for ``responseMimeType: application/json`` and the value
  must match the request's ``responseSchema``/``responseJsonSchema``, else the fake answers 500 with a
  message saying why (a scripted answer the real model could not give is a test bug);
- ``FunctionCall(name, args)`` (or several in ``Calls([...])``): ``functionCall`` parts; the function must be
  declared in the request's ``tools`` and ``args`` must match its parameters schema;
- ``Error(429)`` (``RESOURCE_EXHAUSTED`` with quota details and a RetryInfo), ``Error(500)`` (``INTERNAL``),
  ``Error(503)`` (``UNAVAILABLE``), ``Error(400)``;
- a dict: sent verbatim as a 200 body.

When the queue is empty the fake answers 500 ``fake Gemini: no scripted response left``.
Every request is recorded in ``fake.requests`` (path, api_version, model, headers without the key, body).
"""

from __future__ import annotations

import argparse
import collections
import json
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema
from aiohttp import web

from myflix_testkit.fakes.server import CONTROL_PREFIX, FAULTS_KEY, FakeServer, Faults, make_app

JSON = dict[str, Any]
API_KEY_HEADER = "x-goog-api-key"
API_VERSIONS = ("v1", "v1beta", "v1alpha")


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int | None = None  # None: estimated from the request (words)
    candidate_tokens: int | None = None


@dataclass(frozen=True)
class Text:
    text: str
    finish_reason: str = "STOP"
    usage: Usage = Usage()


@dataclass(frozen=True)
class Json:
    value: Any
    usage: Usage = Usage()


@dataclass(frozen=True)
class FunctionCall:
    name: str
    args: JSON = field(default_factory=dict)
    usage: Usage = Usage()


@dataclass(frozen=True)
class Calls:
    calls: list[FunctionCall]
    usage: Usage = Usage()


@dataclass(frozen=True)
class Error:
    code: int
    message: str | None = None
    retry_delay: str = "30s"


ScriptItem = str | Text | Json | FunctionCall | Calls | Error | JSON

_STATUS = {
    400: ("INVALID_ARGUMENT", "Request contains an invalid argument."),
    403: ("PERMISSION_DENIED", "The caller does not have permission"),
    404: ("NOT_FOUND", "Requested entity was not found."),
    429: (
        "RESOURCE_EXHAUSTED",
        "You exceeded your current quota, please check your plan and billing details. For more "
        "information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
    ),
    500: (
        "INTERNAL",
        "An internal error has occurred. Please retry or report in "
        "https://developers.generativeai.google/guide/troubleshooting",
    ),
    503: ("UNAVAILABLE", "The model is overloaded. Please try again later."),
}


def google_error(code: int, message: str | None = None, details: list[JSON] | None = None) -> web.Response:
    status, default_message = _STATUS.get(code, ("UNKNOWN", "Unknown error"))
    error: JSON = {"code": code, "message": message or default_message, "status": status}
    if details:
        error["details"] = details
    return web.json_response({"error": error}, status=code)


def quota_details(model: str, retry_delay: str) -> list[JSON]:
    return [
        {
            "@type": "type.googleapis.com/google.rpc.QuotaFailure",
            "violations": [
                {
                    "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
                    "quotaId": "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
                    "quotaDimensions": {"location": "global", "model": model},
                    "quotaValue": "10",
                }
            ],
        },
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": retry_delay},
    ]


def gemini_schema_to_json_schema(schema: Any) -> Any:
    """Gemini's OpenAPI-subset ``Schema`` (``type: OBJECT``, ``nullable``...) as a JSON Schema."""
    if not isinstance(schema, dict):
        return schema
    out: JSON = {}
    for key, value in schema.items():
        if key == "type" and isinstance(value, str):
            out["type"] = value.lower()
        elif key == "properties" and isinstance(value, dict):
            out["properties"] = {k: gemini_schema_to_json_schema(v) for k, v in value.items()}
        elif key in ("items", "additionalProperties"):
            out[key] = gemini_schema_to_json_schema(value)
        elif key == "anyOf" and isinstance(value, list):
            out["anyOf"] = [gemini_schema_to_json_schema(v) for v in value]
        elif key in ("required", "enum", "minimum", "maximum", "minItems", "maxItems", "format", "pattern"):
            out[key] = value
        elif key in ("minLength", "maxLength"):
            out[key] = int(value)
    if schema.get("nullable") and "type" in out:
        out["type"] = [out["type"], "null"]
    return out


def _word_count(value: Any) -> int:
    if isinstance(value, str):
        return len(value.split())
    if isinstance(value, dict):
        return sum(_word_count(v) for v in value.values())
    if isinstance(value, list):
        return sum(_word_count(v) for v in value)
    return 0


@dataclass
class GeminiRequest:
    """One request received: ``headers`` exclude the API key header; ``api_key_ok`` says whether it
    carried the right key there."""

    method: str
    path: str
    query: dict[str, str]
    api_version: str
    model: str
    action: str
    headers: dict[str, str]
    body: Any
    api_key_ok: bool


class ScriptError(Exception):
    """A scripted answer that the real model could not give for this request."""


class GeminiFake:
    """A scripted Gemini. Thread-safe: script from the test thread while the client runs anywhere."""

    def __init__(self, api_key: str | None = None) -> None:
        self.api_key = api_key or "AIza" + secrets.token_urlsafe(26)[:35]
        self.secrets: list[str] = [self.api_key]
        self.server: FakeServer | None = None
        self._queue: collections.deque[ScriptItem] = collections.deque()
        self._requests: list[GeminiRequest] = []
        self.leaks: list[str] = []
        self._lock = threading.Lock()
        self.app = self.build_app()

    # --- test side -----------------------------------------------------------------------------

    def serve(self, port: int = 0) -> FakeServer:
        self.server = FakeServer(self.app, port=port).start()
        return self.server

    @property
    def url(self) -> str:
        if self.server is None:
            raise RuntimeError("the fake is not running (use the fake_gemini fixture or serve())")
        return self.server.url

    @property
    def base_url(self) -> str:
        """For ``genai.Client(http_options=types.HttpOptions(base_url=...))``."""
        return self.url + "/"

    @property
    def faults(self) -> Faults:
        return self.app[FAULTS_KEY]

    def script(self, *items: ScriptItem) -> None:
        """Queue answers, one per request, in order."""
        with self._lock:
            self._queue.extend(items)

    @property
    def remaining(self) -> int:
        with self._lock:
            return len(self._queue)

    @property
    def requests(self) -> list[GeminiRequest]:
        with self._lock:
            return list(self._requests)

    def add_secret(self, value: str) -> None:
        """Another value that must never reach Gemini (in URL or body), e.g. a bot token."""
        with self._lock:
            self.secrets.append(value)

    def assert_no_secret_leak(self) -> None:
        assert not self.leaks, f"secrets sent to Gemini outside the x-goog-api-key header: {self.leaks}"

    # --- HTTP ----------------------------------------------------------------------------------

    def build_app(self) -> web.Application:
        app = make_app()
        app.router.add_post("/{version}/models/{target}", self._handle)
        app.router.add_route("*", CONTROL_PREFIX + "{name}", self._handle_control)
        return app

    async def _handle(self, request: web.Request) -> web.Response:  # noqa: PLR0911
        version = request.match_info["version"]
        model, _, action = request.match_info["target"].partition(":")
        raw = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() != API_KEY_HEADER}
        given_key = request.headers.get(API_KEY_HEADER)
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode(errors="replace")
        record = GeminiRequest(
            method=request.method,
            path=request.path,
            query=dict(request.query),
            api_version=version,
            model=model,
            action=action,
            headers=headers,
            body=body,
            api_key_ok=given_key is not None and secrets.compare_digest(given_key, self.api_key),
        )
        with self._lock:
            self._requests.append(record)
            leaked = [
                where
                for s in self.secrets
                for where, text in (("URL", str(request.rel_url)), ("body", raw.decode(errors="replace")))
                if s and s in text
            ] + [f"header {k}" for k, v in headers.items() for s in self.secrets if s and s in v]
            self.leaks.extend(f"{request.method} {request.path}: secret in {w}" for w in leaked)
        if leaked:
            return google_error(400, f"Myflix fake: a secret was sent in the {', '.join(leaked)}")
        if given_key is None:
            return google_error(
                403,
                "Method doesn't allow unregistered callers (callers without established identity). "
                "Please use API Key or other form of API consumer identity to call this API.",
            )
        if not record.api_key_ok:
            return google_error(
                400,
                "API key not valid. Please pass a valid API key.",
                [
                    {
                        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                        "reason": "API_KEY_INVALID",
                        "domain": "googleapis.com",
                        "metadata": {"service": "generativelanguage.googleapis.com"},
                    }
                ],
            )
        if version not in API_VERSIONS or action != "generateContent":
            return google_error(404, f"{request.method} {request.path} is not served by the Myflix fake")
        if not isinstance(body, dict) or not isinstance(body.get("contents"), list) or not body["contents"]:
            return google_error(400, "* GenerateContentRequest.contents: contents is not specified")
        with self._lock:
            item = self._queue.popleft() if self._queue else None
        if item is None:
            return google_error(500, "fake Gemini: no scripted response left for this request")
        try:
            return self._answer(item, model, body)
        except ScriptError as exc:
            return google_error(500, f"fake Gemini: scripted answer is impossible: {exc}")

    def _answer(self, item: ScriptItem, model: str, body: JSON) -> web.Response:
        if isinstance(item, Error):
            details = quota_details(model, item.retry_delay) if item.code == 429 else None
            return google_error(item.code, item.message, details)
        if isinstance(item, dict):
            return web.json_response(item)
        if isinstance(item, str):
            item = Text(item)
        if isinstance(item, Text):
            parts: list[JSON] = [{"text": item.text}]
            finish, usage = item.finish_reason, item.usage
        elif isinstance(item, Json):
            self._check_json(item.value, body)
            parts, finish, usage = [{"text": json.dumps(item.value, ensure_ascii=False)}], "STOP", item.usage
        else:
            calls = item.calls if isinstance(item, Calls) else [item]
            for call in calls:
                self._check_function_call(call, body)
            parts = [{"functionCall": {"name": c.name, "args": c.args}} for c in calls]
            finish, usage = "STOP", item.usage
        prompt = usage.prompt_tokens if usage.prompt_tokens is not None else _word_count(body["contents"])
        output = usage.candidate_tokens if usage.candidate_tokens is not None else _word_count(parts)
        return web.json_response(
            {
                "candidates": [
                    {"content": {"parts": parts, "role": "model"}, "finishReason": finish, "index": 0}
                ],
                "usageMetadata": {
                    "promptTokenCount": prompt,
                    "candidatesTokenCount": output,
                    "totalTokenCount": prompt + output,
                },
                "modelVersion": model,
                "responseId": secrets.token_urlsafe(16),
            }
        )

    @staticmethod
    def _check_json(value: Any, body: JSON) -> None:
        config = body.get("generationConfig") or {}
        if config.get("responseMimeType") != "application/json":
            raise ScriptError("the request did not ask for responseMimeType application/json")
        if "responseJsonSchema" in config:
            schema = config["responseJsonSchema"]
        elif "responseSchema" in config:
            schema = gemini_schema_to_json_schema(config["responseSchema"])
        else:
            return
        try:
            jsonschema.validate(value, schema)
        except jsonschema.ValidationError as exc:
            raise ScriptError(f"scripted JSON does not match the response schema: {exc.message}") from None

    @staticmethod
    def _check_function_call(call: FunctionCall, body: JSON) -> None:
        declared = {
            d["name"]: d
            for tool in body.get("tools") or []
            for d in tool.get("functionDeclarations") or []
            if "name" in d
        }
        if call.name not in declared:
            raise ScriptError(
                f"function {call.name!r} is not declared in the request (declared: {sorted(declared)})"
            )
        declaration = declared[call.name]
        if "parametersJsonSchema" in declaration:
            schema = declaration["parametersJsonSchema"]
        elif "parameters" in declaration:
            schema = gemini_schema_to_json_schema(declaration["parameters"])
        else:
            return
        try:
            jsonschema.validate(call.args, schema)
        except jsonschema.ValidationError as exc:
            raise ScriptError(f"args of {call.name} do not match its parameters: {exc.message}") from None

    async def _handle_control(self, request: web.Request) -> web.Response:
        """Test-only HTTP API for a standalone fake: POST /_fake/script, GET /_fake/requests."""
        name = request.match_info["name"]
        if request.method == "POST" and name == "script":
            try:
                self.script(*items_from_json(await request.json()))
            except (ValueError, KeyError, TypeError) as exc:
                return web.json_response({"error": str(exc)}, status=400)
            return web.json_response({"queued": self.remaining})
        if request.method == "GET" and name == "requests":
            return web.json_response(
                [
                    {"path": r.path, "model": r.model, "body": r.body, "api_key_ok": r.api_key_ok}
                    for r in self.requests
                ]
            )
        return web.json_response({"error": f"no control {request.method} {request.path}"}, status=404)


def items_from_json(data: Any) -> list[ScriptItem]:
    """Script items from JSON: ``[{"text": ...} | {"json": ...} | {"function_call": {"name", "args"}} |
    {"error": 429} | {"raw": {...}}]``."""
    if not isinstance(data, list):
        raise TypeError("a script is a JSON list")
    items: list[ScriptItem] = []
    for entry in data:
        if "text" in entry:
            items.append(Text(str(entry["text"])))
        elif "json" in entry:
            items.append(Json(entry["json"]))
        elif "function_call" in entry:
            items.append(FunctionCall(entry["function_call"]["name"], entry["function_call"].get("args", {})))
        elif "error" in entry:
            items.append(Error(int(entry["error"]), entry.get("message")))
        elif "raw" in entry:
            items.append(dict(entry["raw"]))
        else:
            raise ValueError(f"unknown script item {entry!r}")
    return items


# --- standalone CLI ---------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--api-key", default=None, help="key to accept (default: a random one, printed)")
    parser.add_argument("--script", type=Path, default=None, help="JSON file with a list of script items")


def app_from_args(args: argparse.Namespace) -> web.Application:
    fake = GeminiFake(api_key=args.api_key)
    if args.script is not None:
        fake.script(*items_from_json(json.loads(args.script.read_text(encoding="utf-8"))))
    if args.api_key is None:
        print(f"api key: {fake.api_key}", flush=True)
    return fake.app
