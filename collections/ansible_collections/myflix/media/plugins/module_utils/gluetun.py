"""Gluetun HTTP control server client (port forwarding, VPN status, public IP), standard library only.

Shared by the ``myflix.media`` modules and the bot's watchers (canonical import name
``ansible_collections.myflix.media.plugins.module_utils.gluetun``).

Port-forwarding routes differ by generation:

- v3.41+: ``GET /v1/portforward`` -> ``{"port": first, "ports": [...]}``; the old route answers 301 to it;
- up to v3.40: ``GET /v1/openvpn/portforwarded`` -> ``{"port": N}``, or ``{"ports": [...]}`` (no ``port``)
  when several ports are forwarded.

A port of 0 (or an empty list) means "not forwarded yet". ``route="auto"`` asks the v3.41 route first and
falls back to the old one when it does not exist (404), or when it is refused (401): on v3.40 an auth
config that lists only the old route refuses the new one. Redirects are followed on the same server.
Auth: none, API key (``X-API-Key``) or HTTP Basic.
"""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from .http_client import ConnectError, HttpClient, HttpError, HttpStatusError, ResponseFormatError

ROUTE_V341 = "v1/portforward"
ROUTE_V340 = "v1/openvpn/portforwarded"
ROUTES = {"auto": (ROUTE_V341, ROUTE_V340), "v3.41": (ROUTE_V341,), "v3.40": (ROUTE_V340,)}
AUTH_MODES = ("none", "apikey", "basic")


class GluetunError(HttpError):
    """Gluetun could not tell the forwarded ports; the message is safe to show."""


class GluetunAuthError(GluetunError):
    """Gluetun refused the credentials (HTTP 401)."""


class PortNotReadyError(GluetunError):
    """Gluetun answered, but no port was forwarded within the wait."""


class ForwardedPorts(NamedTuple):
    """The forwarded ports (0s removed, order kept) and the route that answered."""

    ports: tuple[int, ...]
    route: str


def parse_forwarded(body: Any) -> tuple[int, ...]:
    """The ports in a Gluetun answer: ``ports`` when present, else ``port``; 0 means none."""
    if not isinstance(body, Mapping):
        raise ResponseFormatError(f"Gluetun answered {type(body).__name__}, expected a JSON object")
    raw: Any = body.get("ports")
    if raw is None:
        raw = [body.get("port", 0)]
    if not isinstance(raw, list):
        raise ResponseFormatError(f"Gluetun 'ports' is {type(raw).__name__}, expected a list")
    ports: list[int] = []
    for value in raw:
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 65535:
            raise ResponseFormatError(f"Gluetun returned an invalid port {value!r}")
        if value and value not in ports:
            ports.append(value)
    return tuple(ports)


class GluetunClient:
    """A client of one Gluetun control server, for example ``http://127.0.0.1:8000``."""

    def __init__(
        self,
        url: str,
        *,
        auth: str = "none",
        api_key: str | None = None,
        username: str | None = None,
        password: str | None = None,
        route: str = "auto",
        timeout: float = 10.0,
        validate_certs: bool = True,
    ) -> None:
        if auth not in AUTH_MODES:
            raise GluetunError(f"unknown Gluetun auth mode {auth!r}; expected one of {', '.join(AUTH_MODES)}")
        if route not in ROUTES:
            raise GluetunError(f"unknown Gluetun route {route!r}; expected one of {', '.join(ROUTES)}")
        headers: dict[str, str] = {}
        basic: tuple[str, str] | None = None
        if auth == "apikey":
            if not api_key:
                raise GluetunError("Gluetun auth 'apikey' needs an API key")
            headers["X-API-Key"] = api_key
        elif auth == "basic":
            if not username or password is None:
                raise GluetunError("Gluetun auth 'basic' needs a username and a password")
            basic = (username, password)
        self.url = url
        self.auth = auth
        self.route = route
        self.http = HttpClient(
            url,
            timeout=timeout,
            headers=headers,
            basic_auth=basic,
            secrets=[s for s in (api_key, password) if s],
            validate_certs=validate_certs,
        )

    def _get(self, path: str) -> Any:
        return self._get_answered(path)[0]

    def _get_answered(self, path: str) -> tuple[Any, str]:
        """GET ``path``: the JSON body and the route that answered (after same-server redirects)."""
        try:
            response = self.http.request("GET", path)
            return response.json(), self._route_of(response.url)
        except ConnectError as exc:
            raise GluetunError(f"Gluetun control server is not reachable: {exc}") from None
        except HttpStatusError as exc:
            if exc.status == 401:
                raise GluetunAuthError(
                    f"Gluetun at {self.url} refused the credentials (HTTP 401, auth mode {self.auth!r}); "
                    "check the API key or username/password, and that the route is allowed in Gluetun's "
                    "auth config"
                ) from None
            raise

    def _route_of(self, url: str) -> str:
        """``/v1/portforward`` for ``http://host:8000[/prefix]/v1/portforward``."""
        base = urllib.parse.urlsplit(self.http.base_url).path.rstrip("/")
        path = urllib.parse.urlsplit(url).path
        return "/" + path[len(base) :].lstrip("/") if path.startswith(base) else path

    def forwarded_ports(self) -> ForwardedPorts:
        """Ask Gluetun once; an empty ``ports`` means "not ready yet"."""
        candidates = ROUTES[self.route]
        last: Exception | None = None
        for index, path in enumerate(candidates):
            more = index + 1 < len(candidates)
            try:
                body, answered = self._get_answered(path)
            except GluetunAuthError as exc:
                last = exc
                if more:
                    continue
                raise
            except HttpStatusError as exc:
                last = exc
                if exc.status == 404 and more:
                    continue
                raise GluetunError(f"Gluetun port-forward query failed: {exc}") from None
            except ResponseFormatError as exc:
                raise GluetunError(f"Gluetun port-forward answer is not understood: {exc}") from None
            try:
                return ForwardedPorts(parse_forwarded(body), answered)
            except ResponseFormatError as exc:
                raise GluetunError(f"Gluetun port-forward answer is not understood: {exc}") from None
        raise GluetunError(f"Gluetun port-forward query failed: {last}")  # pragma: no cover

    def wait_for_ports(
        self,
        timeout: float = 60.0,
        interval: float = 2.0,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> ForwardedPorts:
        """Poll until at least one port is forwarded; :class:`PortNotReadyError` after ``timeout`` s."""
        deadline = clock() + max(timeout, 0.0)
        attempts = 0
        while True:
            attempts += 1
            result = self.forwarded_ports()
            if result.ports:
                return result
            remaining = deadline - clock()
            if remaining <= 0:
                raise PortNotReadyError(
                    f"Gluetun at {self.url} forwarded no port (port 0) after {attempts} attempt(s) in "
                    f"{timeout:g}s; is VPN port forwarding enabled (VPN_PORT_FORWARDING=on) and does the "
                    "provider support it?"
                )
            sleep(min(interval, remaining))

    def vpn_status(self) -> str:
        """``running`` or ``stopped`` (``GET /v1/vpn/status``)."""
        try:
            body = self._get("v1/vpn/status")
        except (HttpStatusError, ResponseFormatError) as exc:
            raise GluetunError(f"Gluetun VPN status query failed: {exc}") from None
        return str(body.get("status", "")) if isinstance(body, Mapping) else ""

    def public_ip(self) -> dict[str, Any]:
        """The VPN's public IP record (``GET /v1/publicip/ip``)."""
        try:
            body = self._get("v1/publicip/ip")
        except (HttpStatusError, ResponseFormatError) as exc:
            raise GluetunError(f"Gluetun public IP query failed: {exc}") from None
        return dict(body) if isinstance(body, Mapping) else {}
