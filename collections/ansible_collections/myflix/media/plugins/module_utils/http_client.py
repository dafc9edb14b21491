"""A small HTTP client on urllib for the Myflix modules and the bot's watchers.

Standard library only: this file is shipped to the Raspberry Pi inside every module run, and the bot
imports it by its canonical name ``ansible_collections.myflix.media.plugins.module_utils.http_client``.

What it adds to urllib:

- a base URL, a timeout on every request, default headers (API keys) and optional HTTP Basic auth;
- a per-client cookie jar (name -> value) fed by ``Set-Cookie`` and sent back on every request;
- redirects followed only to the same scheme, host and port, so credentials never leave the server;
- typed errors (:class:`ConnectError`, :class:`HttpStatusError`, :class:`ResponseFormatError`) whose
  messages never contain a secret: registered secrets are masked, query strings are dropped, request
  headers and bodies are never quoted.
"""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from typing import Any, BinaryIO, TypeVar

T = TypeVar("T")
MASK = "********"
REDIRECT_CODES = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5
BODY_EXCERPT = 300


class HttpError(Exception):
    """Base class of every error raised by :class:`HttpClient`; the message is safe to show."""


class ConnectError(HttpError):
    """The server could not be reached (refused, timed out, DNS, TLS)."""


class HttpStatusError(HttpError):
    """The server answered with a status the caller did not expect."""

    def __init__(self, message: str, status: int, body: str) -> None:
        super().__init__(message)
        self.status = status
        self.body = body


class ResponseFormatError(HttpError):
    """The server answered, but not in the expected format (for example, not JSON)."""


class Response:
    """A finished HTTP exchange: status, headers (lower-case names), body and the final URL."""

    def __init__(self, status: int, headers: Mapping[str, str], body: bytes, url: str) -> None:
        self.status = status
        self.headers = dict(headers)
        self.body = body
        self.url = url

    @property
    def text(self) -> str:
        """The body decoded as UTF-8 (invalid bytes replaced)."""
        return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body parsed as JSON, or :class:`ResponseFormatError`."""
        try:
            return json.loads(self.text) if self.body.strip() else None
        except ValueError as exc:
            raise ResponseFormatError(
                f"{safe_url(self.url)} did not answer with JSON (HTTP {self.status}): {excerpt(self.text)}"
            ) from exc


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to :class:`HttpClient`, which decides whether to follow them."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_TLS_CONTEXTS: dict[bool, Any] = {}  # validate_certs -> the process's one SSL context of that kind


def _tls_context(validate_certs: bool) -> Any:
    """One SSL context per kind for the whole process: each one holds the system's CA store (~0.9 MiB),
    and urllib's default HTTPS handler would load a new one for every client."""
    context = _TLS_CONTEXTS.get(validate_certs)
    if context is None:
        import ssl  # noqa: PLC0415 - only needed for HTTPS

        context = ssl.create_default_context()
        if not validate_certs:  # self-signed HTTPS
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        _TLS_CONTEXTS[validate_certs] = context
    return context


def _opener(*, https: bool, validate_certs: bool) -> urllib.request.OpenerDirector:
    """urllib's opener with only what a client of one http(s) base URL needs: proxies from the
    environment, HTTP, errors as exceptions, redirects handed back to the client (which follows them
    only to the same scheme, host and port), and HTTPS on the shared context for an https URL only."""
    opener = urllib.request.OpenerDirector()
    handlers: list[urllib.request.BaseHandler] = [
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPDefaultErrorHandler(),
        _NoRedirect(),
        urllib.request.HTTPErrorProcessor(),
    ]
    if https:
        handlers.append(urllib.request.HTTPSHandler(context=_tls_context(validate_certs)))
    for handler in handlers:
        opener.add_handler(handler)
    return opener


def safe_url(url: str) -> str:
    """The URL without user info, query string or fragment: safe for messages."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def excerpt(text: str, limit: int = BODY_EXCERPT) -> str:
    """The first ``limit`` characters of a response body, on one line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + "..."


def _same_origin(first: str, second: str) -> bool:
    one, two = urllib.parse.urlsplit(first), urllib.parse.urlsplit(second)
    return (one.scheme, one.hostname, one.port) == (two.scheme, two.hostname, two.port)


class HttpClient:
    """HTTP against one base URL. Not thread-safe; create one per worker.

    ``secrets`` lists values (passwords, API keys, session ids) that must never appear in an error
    message; they are masked wherever a server echoes them back. Credentials given here are registered
    automatically.
    """

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float = 10.0,
        headers: Mapping[str, str] | None = None,
        basic_auth: tuple[str, str] | None = None,
        secrets: Sequence[str] = (),
        validate_certs: bool = True,
    ) -> None:
        parts = urllib.parse.urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise HttpError(f"invalid URL {safe_url(base_url)!r}: expected http(s)://host[:port][/path]")
        self.base_url = base_url.rstrip("/") + "/"
        self.timeout = timeout
        self.headers: dict[str, str] = dict(headers or {})
        self.cookies: dict[str, str] = {}
        self._secrets: list[str] = [s for s in secrets if s]
        if basic_auth is not None:
            user, password = basic_auth
            token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            self.headers["Authorization"] = f"Basic {token}"
            self.add_secret(password)
            self.add_secret(token)
        self._opener = _opener(https=parts.scheme == "https", validate_certs=validate_certs)

    def add_secret(self, value: str | None) -> None:
        """Mask ``value`` in every message this client produces from now on."""
        if value and value not in self._secrets:
            self._secrets.append(value)

    def redact(self, text: str) -> str:
        """``text`` with every registered secret replaced by a mask."""
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, MASK)
        return text

    def url_for(self, path: str, params: Mapping[str, Any] | None = None) -> str:
        """The absolute URL of ``path`` (relative to the base URL) with an optional query string."""
        url = urllib.parse.urljoin(self.base_url, path.lstrip("/"))
        if params:
            query = {k: _query_value(v) for k, v in params.items() if v is not None}
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(query)
        return url

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        form: Mapping[str, Any] | None = None,
        json_body: Any = None,
        headers: Mapping[str, str] | None = None,
        expected: Sequence[int] = (200,),
    ) -> Response:
        """Send one request; follow same-origin redirects; raise unless the status is in ``expected``."""
        url = self.url_for(path, params)
        data: bytes | None = None
        send_headers = dict(self.headers)
        send_headers.update(headers or {})
        if form is not None:
            data = urllib.parse.urlencode({k: _query_value(v) for k, v in form.items()}).encode()
            send_headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif json_body is not None:
            data = json.dumps(json_body).encode()
            send_headers["Content-Type"] = "application/json"
        for _hop in range(MAX_REDIRECTS + 1):
            response = self._send(method, url, data, send_headers)
            if response.status not in REDIRECT_CODES or response.status in expected:
                break
            target = response.headers.get("location")
            if not target:
                break
            target = urllib.parse.urljoin(url, target)
            if not _same_origin(url, target):
                raise HttpStatusError(
                    f"{method} {safe_url(url)} redirected to another server ({safe_url(target)}); "
                    "not following it with credentials",
                    response.status,
                    "",
                )
            if response.status == 303:
                method, data = "GET", None
            url = target
        else:
            raise HttpStatusError(f"{method} {safe_url(url)}: too many redirects", response.status, "")
        if response.status not in expected:
            body = self.redact(response.text)
            raise HttpStatusError(
                f"{method} {safe_url(url)} answered HTTP {response.status}"
                + (f": {excerpt(body)}" if body.strip() else ""),
                response.status,
                body,
            )
        return response

    def get_json(self, path: str, **kwargs: Any) -> Any:
        """GET ``path`` and parse the JSON answer."""
        return self.request("GET", path, **kwargs).json()

    def stream(
        self,
        method: str,
        path: str,
        consume: Callable[[BinaryIO], T],
        *,
        params: Mapping[str, Any] | None = None,
        expected: Sequence[int] = (200,),
    ) -> T:
        """Send one request and return ``consume(body)``, ``body`` being the open response to read in
        pieces (a big answer is never held whole). Redirects are not followed; an unexpected status
        raises :class:`HttpStatusError` as :meth:`request` does, a connection lost while reading
        :class:`ConnectError`."""
        url = self.url_for(path, params)
        try:
            with self._opener.open(
                self._prepare(method, url, None, self.headers), timeout=self.timeout
            ) as raw:
                if raw.status in expected:
                    return consume(raw)
                status, body = raw.status, raw.read(BODY_EXCERPT * 4)
        except urllib.error.HTTPError as exc:
            try:
                status, body = exc.code, exc.read(BODY_EXCERPT * 4)
            except (OSError, ValueError):
                status, body = exc.code, b""
            finally:
                exc.close()
        except (TimeoutError, urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ConnectError(
                f"cannot reach {safe_url(url)}: {self.redact(str(reason)) or type(exc).__name__}"
            ) from None
        text = self.redact(body.decode("utf-8", errors="replace"))
        raise HttpStatusError(
            f"{method} {safe_url(url)} answered HTTP {status}"
            + (f": {excerpt(text)}" if text.strip() else ""),
            status,
            text,
        )

    def _prepare(
        self, method: str, url: str, data: bytes | None, headers: Mapping[str, str]
    ) -> urllib.request.Request:
        # The scheme is checked in __init__ (http/https only) and redirects stay on the same origin.
        request = urllib.request.Request(url, data=data, method=method)  # noqa: S310
        for name, value in headers.items():
            request.add_header(name, value)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        return request

    def _send(self, method: str, url: str, data: bytes | None, headers: Mapping[str, str]) -> Response:
        request = self._prepare(method, url, data, headers)
        try:
            with self._opener.open(request, timeout=self.timeout) as raw:
                response = Response(raw.status, _lower(raw.headers), raw.read(), raw.geturl())
                cookie_headers = raw.headers.get_all("Set-Cookie") or []
        except urllib.error.HTTPError as exc:
            try:
                body = exc.read()
            except (OSError, ValueError):
                body = b""
            finally:
                exc.close()
            response = Response(exc.code, _lower(exc.headers), body, url)
            cookie_headers = exc.headers.get_all("Set-Cookie") or [] if exc.headers else []
        except (TimeoutError, urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise ConnectError(
                f"cannot reach {safe_url(url)}: {self.redact(str(reason)) or type(exc).__name__}"
            ) from None
        for header in cookie_headers:
            name, _sep, rest = header.partition("=")
            value = rest.split(";", 1)[0].strip()
            if name.strip():
                self.cookies[name.strip()] = value
                self.add_secret(value)
        return response


def _lower(headers: Any) -> dict[str, str]:
    return {str(k).lower(): str(v) for k, v in headers.items()} if headers else {}


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value)
    return str(value)


def fetch_text(url: str, *, timeout: float = 30.0, validate_certs: bool = True) -> str:
    """GET one absolute URL and return its body as text (same-origin redirects followed)."""
    parts = urllib.parse.urlsplit(url)
    origin = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/", "", ""))
    target = urllib.parse.urlunsplit(("", "", parts.path, parts.query, ""))
    client = HttpClient(origin, timeout=timeout, validate_certs=validate_certs)
    return client.request("GET", target).text
