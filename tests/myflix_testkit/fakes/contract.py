"""Validate HTTP exchanges against the project's contract files (``tests/contracts/<name>.json``).

A contract (see ``contract_files`` and ``tests/contracts/README.md``) lists, per route, the query
parameters, the request body and answer types, and per API the success statuses by method and the shape of
each error status. For the *arr stack these are the facts of CONTRACT-NOTES.md section 4:

- 200 for reads; POST that creates answers 201, PUT answers 202: all three use the route's answer type;
- DELETE answers 200 with an empty body (the route documents no answer);
- 400 is a FluentValidation failure array or an ASP.NET problem document;
- 401 has an empty body;
- 404/409/500 are an ``ErrorModel`` or a problem document (or empty).

``ContractRecorder`` is an aiohttp middleware that checks every request and answer a fake handles and records
which of its routes were exercised, so a test can prove that every route was covered and every exchange
conformed. Any fake can use both with its own contract (``ContractValidator.named("gluetun-v3.41")``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from myflix_testkit.fakes import contract_files
from myflix_testkit.fakes.contract_files import JSON, split_nullable, to_json_schema


class ContractViolation(AssertionError):
    pass


@dataclass(frozen=True)
class Operation:
    template: str
    method: str
    spec: JSON


def _template_regex(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$")


class ContractValidator:
    """Checks (method, path, status, body) and request query strings against one contract."""

    def __init__(self, contract: JSON, name: str = "contract") -> None:
        self.name = name
        self.contract = contract
        self.routes: dict[str, JSON] = contract.get("routes", {})
        self._defs = contract_files.definitions_schema(contract)
        templates = sorted({key.split(" ", 1)[1] for key in self.routes})
        self._patterns = [
            (re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(tpl)) + "$"), tpl)
            for tpl in templates
        ]
        # literal templates win over templated ones (``/movie/lookup`` before ``/movie/{id}``)
        self._patterns.sort(key=lambda r: (r[1].count("{"), -len(r[1])))

    @classmethod
    def named(cls, name: str) -> ContractValidator:
        """``ContractValidator.named("radarr-v3")`` loads ``tests/contracts/radarr-v3.json``."""
        return cls(contract_files.load(name), name)

    def template_for(self, path: str) -> str | None:
        for pattern, template in self._patterns:
            if pattern.match(path):
                return template
        return None

    def _has(self, method: str, template: str | None) -> bool:
        return template is not None and f"{method} {template}" in self.routes

    def operation(self, method: str, path_or_template: str) -> Operation:
        method = method.upper()
        known = {key.split(" ", 1)[1] for key in self.routes}
        template = path_or_template if path_or_template in known else self.template_for(path_or_template)
        if method == "PUT" and not self._has(method, template) and self.contract.get("put_id_in_body"):
            # ``[RestPutById]`` routes are ``{id?}``: ``PUT /movie`` with the id in the body is that operation
            template = self.template_for(path_or_template.rstrip("/") + "/0") or template
        if template is None:
            raise ContractViolation(f"{path_or_template} is not a path of the {self.name} contract")
        route = self.routes.get(f"{method} {template}")
        if route is None:
            raise ContractViolation(f"{method} {template} is not an operation of the {self.name} contract")
        return Operation(template, method, route)

    def validate(self, expr: str, body: Any, where: str) -> None:
        schema = {**to_json_schema(expr), "$defs": self._defs}
        errors = sorted(Draft202012Validator(schema).iter_errors(body), key=lambda e: list(e.absolute_path))
        if errors:
            first: ValidationError = errors[0]
            location = "/".join(str(p) for p in first.absolute_path) or "(root)"
            raise ContractViolation(f"{where}: {len(errors)} schema error(s); at {location}: {first.message}")

    def check_request(self, method: str, path: str, query: Mapping[str, str]) -> Operation:
        """Required query parameters are present and typed ones parse (unknown ones are ignored, as the
        real servers do)."""
        op = self.operation(method, path)
        declared: dict[str, str] = op.spec.get("query", {})
        for name in op.spec.get("required", []):
            if name not in query:
                raise ContractViolation(f"{method} {path}: required query parameter {name!r} is missing")
        for name, value in query.items():
            expr = split_nullable(declared.get(name, "any"))[0].strip("[]")
            if expr == "integer" and not re.fullmatch(r"-?\d+", value):
                raise ContractViolation(f"{method} {path}: query {name}={value!r} is not an integer")
            if expr == "boolean" and value.lower() not in ("true", "false"):
                raise ContractViolation(f"{method} {path}: query {name}={value!r} is not a boolean")
        return op

    def check(
        self,
        method: str,
        path: str,
        status: int,
        body: bytes,
        content_type: str = "application/json",
    ) -> Operation | None:
        """Raise ``ContractViolation`` unless this answer is what the real server could send.

        An error answer to a route or method the contract does not list (404 unknown path, 405 wrong
        method) is checked against the contract's error shapes; any other answer to it is a violation."""
        try:
            op = self.operation(method, path)
        except ContractViolation:
            if status >= 400 and str(status) in self.contract.get("errors", {}):
                self._check_error(f"{method.upper()} {path} -> {status}", status, body, content_type)
                return None
            raise
        where = f"{op.method} {path} -> {status}"
        if op.method == "HEAD":
            if status != 200:
                raise ContractViolation(f"{where}: unexpected status")
            return op
        if status in op.spec.get("statuses", []):
            return op
        if 200 <= status < 300:
            self._check_success(op, where, status, body, content_type)
        else:
            self._check_error(where, status, body, content_type)
        return op

    def _parse(self, where: str, body: bytes, content_type: str) -> Any:
        expected = self.contract.get("content_type", "application/json")
        if expected.split(";")[0] not in content_type and "json" not in content_type:
            raise ContractViolation(f"{where}: body is {content_type}, not {expected}")
        try:
            return json.loads(body)
        except ValueError as exc:
            raise ContractViolation(f"{where}: body is not JSON ({exc})") from exc

    def _check_success(self, op: Operation, where: str, status: int, body: bytes, ctype: str) -> None:
        allowed = self.contract.get("success", {}).get(op.method, [200])
        if status not in allowed:
            raise ContractViolation(f"{where}: {op.method} answers {sorted(allowed)}, not {status}")
        answer = op.spec.get("answer")
        if answer is None:
            # the upstream document is silent on some GET bodies (Sonarr's ``GET /api``); others must be empty
            if body and op.method != "GET":
                raise ContractViolation(f"{where}: the contract documents no body, got {body[:80]!r}")
            return
        if not body:
            raise ContractViolation(f"{where}: empty body where the contract documents one")
        self.validate(answer, self._parse(where, body, ctype), where)

    def _check_error(self, where: str, status: int, body: bytes, ctype: str) -> None:
        shape: JSON | None = self.contract.get("errors", {}).get(str(status))
        if shape is None:
            raise ContractViolation(f"{where}: status {status} is not one the {self.name} contract lists")
        if not body:
            if not shape.get("empty"):
                raise ContractViolation(f"{where}: an empty body where the contract documents one")
            return
        if shape.get("text"):
            if "json" in ctype:
                raise ContractViolation(f"{where}: {status} answers a line of text, got {ctype}")
            return
        kind = "problem" if "problem+json" in ctype else "json"
        if kind not in shape:
            raise ContractViolation(f"{where}: {status} must have an empty body, got {body[:80]!r}")
        self.validate(shape[kind], self._parse(where, body, ctype), where)


@dataclass
class ContractRecorder:
    """An aiohttp middleware that checks every exchange against ``validator`` and records coverage."""

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
            resource = request.match_info.route.resource
            canonical = resource.canonical if resource is not None else request.path
            template = canonical
            if "{tail" in canonical:  # a catch-all dispatcher (the Gluetun fake): the path names the route
                template = self.validator.template_for(request.path) or request.path
            if isinstance(response, web.Response):
                body = response.body if isinstance(response.body, bytes) else b""
                ctype = response.headers.get("Content-Type", "")
                try:
                    if response.status < 400:
                        self.validator.check_request(request.method, request.path, request.query)
                    self.validator.check(request.method, request.path, response.status, body, ctype)
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
