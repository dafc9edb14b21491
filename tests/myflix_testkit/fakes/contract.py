"""Validate HTTP answers against a published OpenAPI 3.0 spec, with the real status codes.

The specs live in ``<repo>/../shared/specs`` (override with ``MYFLIX_SPECS_DIR``). A missing spec is a
hard error with a message that says what to do; nothing is skipped.

The *arr specs list only ``200``; CONTRACT-NOTES.md §4 says what the servers really answer, and
``ContractValidator.check`` encodes it:

- 200 for reads; POST that creates answers 201, PUT answers 202: all three use the spec's 2xx schema;
- DELETE answers 200 with an empty body (the spec has no content for it);
- 400 is a FluentValidation failure array (``VALIDATION_FAILURES``) or an ASP.NET problem document;
- 401 has an empty body;
- 404/409/500 are ``ERROR_MODEL`` or a problem document.

``ContractRecorder`` is an aiohttp middleware that checks every answer a fake sends and records which of
its routes were exercised, so a test can prove that every route was covered and every answer conformed.
Other fakes can reuse both with their own spec (``ContractValidator(path_to_spec)``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from aiohttp import web
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS30ReadValidator, oas30_format_checker

REPO_ROOT = Path(__file__).resolve().parents[3]
SPECS_ENV = "MYFLIX_SPECS_DIR"

VALIDATION_FAILURES: dict[str, Any] = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["propertyName", "errorMessage", "severity"],
        "properties": {
            "propertyName": {"type": "string"},
            "errorMessage": {"type": "string"},
            "attemptedValue": {},
            "customState": {},
            "severity": {"enum": ["error", "warning", "info"]},
            "errorCode": {"type": "string"},
            "formattedMessageArguments": {"type": "array"},
            "formattedMessagePlaceholderValues": {"type": "object"},
            "isWarning": {"type": "boolean"},
            "infoLink": {"type": "string"},
            "detailedDescription": {"type": "string"},
        },
        "additionalProperties": False,
    },
}
ERROR_MODEL: dict[str, Any] = {
    "type": "object",
    "required": ["message"],
    "properties": {"message": {"type": "string"}, "description": {"type": "string"}, "content": {}},
    "additionalProperties": False,
}
PROBLEM_DETAILS: dict[str, Any] = {
    "type": "object",
    "required": ["title", "status"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "traceId": {"type": "string"},
        "errors": {"type": "object"},
    },
}


class SpecsMissingError(RuntimeError):
    pass


def specs_dir() -> Path:
    """Where the shared specs are: ``$MYFLIX_SPECS_DIR``, else ``<repo>/../shared/specs``."""
    configured = os.environ.get(SPECS_ENV)
    path = Path(configured) if configured else REPO_ROOT.parent / "shared" / "specs"
    if not path.is_dir():
        raise SpecsMissingError(
            f"the OpenAPI specs are not at {path}: clone the shared specs next to the repository "
            f"(<repo>/../shared/specs) or set {SPECS_ENV} to the folder that holds radarr-v3.openapi.json"
        )
    return path


def spec_path(name: str) -> Path:
    path = specs_dir() / f"{name}.openapi.json"
    if not path.is_file():
        raise SpecsMissingError(f"spec {path} is missing; the shared specs folder is incomplete")
    return path


class ContractViolation(AssertionError):
    pass


@dataclass(frozen=True)
class Operation:
    template: str
    method: str
    spec: dict[str, Any]


class ContractValidator:
    """Checks (method, path, status, body) against one OpenAPI 3.0 document."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.spec: dict[str, Any] = json.loads(self.path.read_text(encoding="utf-8"))
        if not str(self.spec.get("openapi", "")).startswith("3.0"):
            raise ValueError(f"{self.path} is not an OpenAPI 3.0 document")
        self._routes = [
            (re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(tpl)) + "$"), tpl)
            for tpl in self.spec["paths"]
        ]
        # literal templates win over templated ones (``/movie/lookup`` before ``/movie/{id}``)
        self._routes.sort(key=lambda r: (r[1].count("{"), -len(r[1])))

    @classmethod
    def named(cls, name: str) -> ContractValidator:
        """``ContractValidator.named("radarr-v3")`` loads ``radarr-v3.openapi.json`` from the specs folder."""
        return cls(spec_path(name))

    @cached_property
    def components(self) -> dict[str, Any]:
        return self.spec.get("components", {})

    def template_for(self, path: str) -> str | None:
        for pattern, template in self._routes:
            if pattern.match(path):
                return template
        return None

    def operation(self, method: str, path_or_template: str) -> Operation:
        template = (
            path_or_template
            if path_or_template in self.spec["paths"]
            else self.template_for(path_or_template)
        )
        if method.upper() == "PUT" and (template is None or "put" not in self.spec["paths"][template]):
            # ``[RestPutById]`` routes are ``{id?}``: ``PUT /movie`` with the id in the body is that operation
            template = self.template_for(path_or_template.rstrip("/") + "/0") or template
        if template is None:
            raise ContractViolation(f"{path_or_template} is not a path of {self.path.name}")
        op = self.spec["paths"][template].get(method.lower())
        if op is None:
            raise ContractViolation(f"{method.upper()} {template} is not an operation of {self.path.name}")
        return Operation(template, method.upper(), op)

    def _validate(self, schema: dict[str, Any], body: Any, where: str) -> None:
        root = {"allOf": [schema], "components": self.components}
        validator = OAS30ReadValidator(root, format_checker=oas30_format_checker)
        errors = sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path))
        if errors:
            first: ValidationError = errors[0]
            location = "/".join(str(p) for p in first.absolute_path) or "(root)"
            raise ContractViolation(f"{where}: {len(errors)} schema error(s); at {location}: {first.message}")

    def success_schema(self, op: Operation) -> dict[str, Any] | None:
        responses = op.spec.get("responses", {})
        documented = responses.get("200") or next(
            (v for k, v in responses.items() if k.startswith("2")), None
        )
        if documented is None:
            raise ContractViolation(f"{op.method} {op.template} documents no 2xx answer")
        content = documented.get("content") or {}
        media = content.get("application/json") or next(iter(content.values()), None)
        return media.get("schema") if media else None

    def check(
        self,
        method: str,
        path: str,
        status: int,
        body: bytes,
        content_type: str = "application/json",
    ) -> Operation:
        """Raise ``ContractViolation`` unless this answer is what the real server could send."""
        op = self.operation(method, path)
        where = f"{op.method} {path} -> {status}"
        if method.upper() == "HEAD":
            if status != 200:
                raise ContractViolation(f"{where}: unexpected status")
            return op
        parsed: Any = None
        if body:
            if "json" not in content_type:
                raise ContractViolation(f"{where}: body is {content_type}, not JSON")
            try:
                parsed = json.loads(body)
            except ValueError as exc:
                raise ContractViolation(f"{where}: body is not JSON ({exc})") from exc
        if status in (200, 201, 202):
            self._check_success(op, where, status, body, parsed)
        else:
            self._check_error(where, status, body, parsed, content_type)
        return op

    def _check_success(self, op: Operation, where: str, status: int, body: bytes, parsed: Any) -> None:
        allowed = {200, 201} if op.method == "POST" else {200, 202} if op.method == "PUT" else {200}
        if status not in allowed:
            raise ContractViolation(f"{where}: {op.method} answers {sorted(allowed)}, not {status}")
        schema = self.success_schema(op)
        if schema is None:
            # the spec is silent on some GET bodies (Sonarr's ``GET /api``); DELETE/PUT/POST must be empty
            if body and op.method != "GET":
                raise ContractViolation(f"{where}: the spec documents no body, got {body[:80]!r}")
            return
        if not body:
            raise ContractViolation(f"{where}: empty body where the spec documents one")
        self._validate(schema, parsed, where)

    def _check_error(self, where: str, status: int, body: bytes, parsed: Any, content_type: str) -> None:
        problem = "problem+json" in content_type
        if status == 400:
            self._validate(PROBLEM_DETAILS if problem else VALIDATION_FAILURES, parsed, where)
        elif status == 401:
            if body:
                raise ContractViolation(f"{where}: 401 must have an empty body, got {body[:80]!r}")
        elif status in (404, 409, 500):
            if body:
                self._validate(PROBLEM_DETAILS if problem else ERROR_MODEL, parsed, where)
        else:
            raise ContractViolation(f"{where}: status {status} is not one the *arr stack answers")


@dataclass
class ContractRecorder:
    """An aiohttp middleware that checks every answer against ``validator`` and records coverage."""

    validator: ContractValidator
    seen: set[tuple[str, str]] = field(default_factory=set)
    statuses: set[tuple[str, str, int]] = field(default_factory=set)
    violations: list[str] = field(default_factory=list)

    @property
    def middleware(self) -> Callable[..., Any]:
        @web.middleware
        async def record(request: web.Request, handler: Callable[..., Any]) -> web.StreamResponse:
            try:
                response = await handler(request)
            except web.HTTPException as exc:
                response = exc
            route = request.match_info.route.resource
            template = route.canonical if route is not None else request.path
            if isinstance(response, web.Response):
                body = response.body if isinstance(response.body, bytes) else b""
                ctype = response.headers.get("Content-Type", "")
                try:
                    self.validator.check(request.method, template, response.status, body, ctype)
                except ContractViolation as exc:
                    self.violations.append(str(exc))
                self.seen.add((request.method, template))
                self.statuses.add((request.method, template, response.status))
            if isinstance(response, web.HTTPException):
                raise response
            return response

        return record


def served_routes(app: web.Application) -> set[tuple[str, str]]:
    """Every (method, template) an aiohttp app serves."""
    out = set()
    for route in app.router.routes():
        resource = route.resource
        if resource is None or route.method == "*":
            continue
        out.add((route.method, resource.canonical))
    return out
