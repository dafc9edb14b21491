"""A fake of the Gluetun HTTP control server (default port 8000), faithful to both API generations.

Generations:

- ``"v3.40"`` (Gluetun <= v3.40.x): ``GET /v1/openvpn/portforwarded`` answers ``{"port":N}`` (0 when none),
  but ``{"ports":[...]}`` without a ``port`` key when several ports are forwarded. ``/v1/portforward``
  does not exist (404).
- ``"v3.41"`` (Gluetun >= v3.41): ``GET /v1/portforward`` answers ``{"port":first,"ports":[...]}`` and
  ``PUT /v1/portforward {"ports":[...]}`` replaces them; the old route answers 301 to the new one.

Both serve ``GET``/``PUT /v1/vpn/status`` and ``GET /v1/publicip/ip``. Bodies are written the way Go's
``json.Encoder`` writes them (compact, ending in ``\\n``, ``text/plain; charset=utf-8`` since Gluetun sets
no content type); errors are Go ``http.Error`` bodies (a line of text).

Auth (applied to every ``/v1`` route): ``none``, ``apikey`` (``X-API-Key`` header or ``?api_key=``) or
``basic`` (401 with ``WWW-Authenticate: Basic realm="restricted", charset="UTF-8"``).

Test controls: the methods of :class:`GluetunFake` (thread-safe), and the same over HTTP under ``/_fake/``
(never authenticated, never faulted) for other processes::

    GET  /_fake/state                       -> {"generation", "auth", "ports", "vpn", "public_ip"}
    PUT  /_fake/ports     {"ports":[...]}   (or {"port":N}; 0 / [] = not ready)
    PUT  /_fake/vpn       {"status":"running"|"stopped"}
    PUT  /_fake/publicip  {"public_ip":"1.2.3.4", "country":..., ...}
    PUT  /_fake/faults    {"status":503, "count":2, ...}   (fields of server.Faults)
    DELETE /_fake/faults
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hmac
import json
import threading
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from myflix_testkit.fakes.server import FAULTS_KEY, FakeServer, Faults, Handler, make_app

GENERATIONS = ("v3.40", "v3.41")
AUTH_MODES = ("none", "apikey", "basic")
PUBLIC_IP_FIELDS = (
    "public_ip",
    "region",
    "country",
    "city",
    "hostname",
    "location",
    "organization",
    "postal_code",
    "timezone",
)
DEFAULT_PUBLIC_IP: dict[str, str] = {
    "public_ip": "198.51.100.23",  # TEST-NET-2: never a real host
    "region": "North Holland",
    "country": "Netherlands",
    "city": "Amsterdam",
    "hostname": "nl-ams-001.example.invalid",
    "location": "52.3740,4.8897",
    "organization": "AS64500 Example VPN",
    "postal_code": "1012",
    "timezone": "Europe/Amsterdam",
}
GO_TEXT = "text/plain; charset=utf-8"
FAKE_PREFIX = "/_fake/"
MAX_PORT = 65535


def go_json(data: object, status: int = 200) -> web.Response:
    """A response as Go's json.Encoder writes it: compact JSON plus a newline."""
    body = json.dumps(data, separators=(",", ":")) + "\n"
    return web.Response(status=status, body=body.encode(), headers={"Content-Type": GO_TEXT})


def go_error(message: str, status: int, headers: dict[str, str] | None = None) -> web.Response:
    """A response as Go's http.Error writes it."""
    all_headers = {"Content-Type": GO_TEXT, "X-Content-Type-Options": "nosniff", **(headers or {})}
    return web.Response(status=status, body=(message + "\n").encode(), headers=all_headers)


def _check_ports(value: object) -> list[int]:
    if not isinstance(value, list) or not all(
        isinstance(p, int) and not isinstance(p, bool) and 0 <= p <= MAX_PORT for p in value
    ):
        raise ValueError("ports must be a list of integers in 0..65535")
    return list(value)


@dataclass
class GluetunFake:
    """The state of one fake Gluetun and its test controls. All public methods are thread-safe.

    When the VPN is stopped, the forwarded ports read as none and the public IP as ``{}`` (Gluetun tears
    port forwarding down with the tunnel); starting it again restores the ports and IP set before.
    """

    generation: str = "v3.41"
    auth: str = "none"
    api_key: str = "fake-gluetun-api-key-0123"
    username: str = "gluetun"
    password: str = "fake-gluetun-password"
    server: FakeServer | None = None
    app: web.Application = field(init=False, repr=False)
    _ports: list[int] = field(default_factory=list)
    _vpn_running: bool = True
    _public_ip: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PUBLIC_IP))
    _requests: list[tuple[str, str]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        if self.generation not in GENERATIONS:
            raise ValueError(f"generation must be one of {GENERATIONS}, not {self.generation!r}")
        if self.auth not in AUTH_MODES:
            raise ValueError(f"auth must be one of {AUTH_MODES}, not {self.auth!r}")
        self.app = self.build_app()

    # --- test controls -------------------------------------------------------------------------

    def set_ports(self, *ports: int | list[int] | tuple[int, ...]) -> None:
        """Set the forwarded port(s): ``set_ports(51413)``, ``set_ports(1, 2)``, ``set_ports([1, 2])``.
        ``set_ports(0)`` or ``set_ports()`` means port forwarding is not ready (no port)."""
        flat: list[int] = []
        for p in ports:
            flat.extend(p if isinstance(p, list | tuple) else [p])
        checked = [p for p in _check_ports(flat) if p != 0]
        with self._lock:
            self._ports = checked

    def set_vpn(self, running: bool | str) -> None:
        """Take the VPN up (``True``/``"running"``) or down (``False``/``"stopped"``)."""
        if isinstance(running, str):
            if running not in ("running", "stopped"):
                raise ValueError("status must be 'running' or 'stopped'")
            running = running == "running"
        with self._lock:
            self._vpn_running = bool(running)

    def set_public_ip(self, ip: str, **fields: str) -> None:
        """Change the public IP; other fields (country, city, ...) are kept unless given."""
        unknown = set(fields) - set(PUBLIC_IP_FIELDS)
        if unknown:
            raise ValueError(f"unknown public IP fields: {sorted(unknown)}")
        with self._lock:
            self._public_ip = {**self._public_ip, **fields, "public_ip": ip}

    @property
    def ports(self) -> list[int]:
        """The ports as a client currently sees them (empty while the VPN is down)."""
        with self._lock:
            return list(self._ports) if self._vpn_running else []

    @property
    def vpn_status(self) -> str:
        with self._lock:
            return "running" if self._vpn_running else "stopped"

    @property
    def public_ip(self) -> dict[str, str]:
        with self._lock:
            return dict(self._public_ip) if self._vpn_running else {}

    @property
    def requests(self) -> list[tuple[str, str]]:
        """``(method, path)`` of every control-server request served so far (not the ``/_fake`` ones)."""
        with self._lock:
            return list(self._requests)

    @property
    def faults(self) -> Faults:
        return self.app[FAULTS_KEY]

    @property
    def url(self) -> str:
        if self.server is None:
            raise RuntimeError("the fake is not running (use the fake_gluetun fixture or serve())")
        return self.server.url

    def serve(self, port: int = 0) -> FakeServer:
        """Start serving on 127.0.0.1 (``port=0``: ephemeral) and return the running server."""
        self.server = FakeServer(self.app, port=port).start()
        return self.server

    def state(self) -> dict[str, Any]:
        return {
            "generation": self.generation,
            "auth": self.auth,
            "ports": self.ports,
            "vpn": self.vpn_status,
            "public_ip": self.public_ip,
        }

    # --- the HTTP application ------------------------------------------------------------------

    def build_app(self) -> web.Application:
        app = make_app(middlewares=[self._auth_middleware])
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        return app

    def _authorized(self, request: web.Request) -> tuple[bool, dict[str, str]]:
        if self.auth == "none":
            return True, {}
        if self.auth == "apikey":
            given = request.headers.get("X-API-Key", "") or request.query.get("api_key", "")
            return hmac.compare_digest(given.encode(), self.api_key.encode()), {}
        challenge = {"WWW-Authenticate": 'Basic realm="restricted", charset="UTF-8"'}
        header = request.headers.get("Authorization", "")
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "basic":
            return False, challenge
        try:
            user, sep, password = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False, challenge
        if not sep:
            return False, challenge
        ok = hmac.compare_digest((user + password).encode(), (self.username + self.password).encode())
        return ok, {}  # Go's BasicAuth() parsed, so no challenge header on a wrong password

    @web.middleware
    async def _auth_middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith(FAKE_PREFIX):
            return await handler(request)
        with self._lock:
            self._requests.append((request.method, request.path))
        ok, headers = self._authorized(request)
        if not ok:
            return go_error("Unauthorized", 401, headers)
        return await handler(request)

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path.startswith(FAKE_PREFIX):
            return await self._control(request)
        if len(path) > 1:
            path = path.rstrip("/")  # Gluetun trims one trailing slash
        routes = self._routes()
        if path not in routes:
            return go_error("404 page not found", 404)
        methods = routes[path]
        if request.method not in methods:
            allow = ", ".join(sorted(methods))
            return go_error("Method Not Allowed", 405, {"Allow": allow})
        return await methods[request.method](request)

    def _routes(self) -> dict[str, dict[str, Handler]]:
        routes: dict[str, dict[str, Handler]] = {
            "/v1/vpn/status": {"GET": self._get_vpn, "PUT": self._put_vpn},
            "/v1/publicip/ip": {"GET": self._get_public_ip},
        }
        if self.generation == "v3.40":
            routes["/v1/openvpn/portforwarded"] = {"GET": self._get_portforwarded_legacy}
            routes["/v1/openvpn/status"] = {"GET": self._get_vpn, "PUT": self._put_vpn}
        else:
            routes["/v1/portforward"] = {"GET": self._get_portforward, "PUT": self._put_portforward}
            routes["/v1/openvpn/portforwarded"] = {"GET": self._redirect_portforward}
        return routes

    async def _get_portforwarded_legacy(self, request: web.Request) -> web.Response:
        ports = self.ports
        if len(ports) > 1:
            return go_json({"ports": ports})
        return go_json({"port": ports[0] if ports else 0})

    async def _get_portforward(self, request: web.Request) -> web.Response:
        ports = self.ports
        return go_json({"port": ports[0] if ports else 0, "ports": ports})

    async def _redirect_portforward(self, request: web.Request) -> web.Response:
        target = "/v1/portforward"
        body = f'<a href="{target}">Moved Permanently</a>.\n\n'
        return web.Response(
            status=301,
            body=body.encode(),
            headers={"Location": target, "Content-Type": "text/html; charset=utf-8"},
        )

    async def _put_portforward(self, request: web.Request) -> web.Response:
        try:
            data = json.loads(await request.text())
            if not isinstance(data, dict):
                raise ValueError("not an object")
            ports = _check_ports(data.get("ports") or [])
        except ValueError:
            return go_error("failed setting forwarded ports", 400)
        with self._lock:
            self._ports = sorted(ports)
        return web.Response(status=200, headers={"Content-Type": GO_TEXT})

    async def _get_vpn(self, request: web.Request) -> web.Response:
        return go_json({"status": self.vpn_status})

    async def _put_vpn(self, request: web.Request) -> web.Response:
        try:
            data = json.loads(await request.text())
        except ValueError as exc:
            return go_error(str(exc), 400)
        status = data.get("status") if isinstance(data, dict) else None
        if status not in ("running", "stopped"):
            return go_error(f"invalid status: {status}: possible values are: stopped, running", 400)
        before = self.vpn_status
        self.set_vpn(status)
        outcome = f"already {status}" if before == status else status
        return go_json({"outcome": outcome})

    async def _get_public_ip(self, request: web.Request) -> web.Response:
        data = self.public_ip
        return go_json({k: data[k] for k in PUBLIC_IP_FIELDS if data.get(k)})  # omitempty

    # --- /_fake/ controls -----------------------------------------------------------------------

    async def _control(self, request: web.Request) -> web.Response:
        name = request.path[len(FAKE_PREFIX) :].strip("/")
        try:
            body = await request.json() if request.can_read_body else {}
            if not isinstance(body, dict):
                raise ValueError("body must be a JSON object")
            result = self._apply_control(request.method, name, body)
        except (ValueError, TypeError, AttributeError) as exc:
            return web.json_response({"error": str(exc)}, status=400)
        if result is None:
            return web.json_response({"error": f"no control {request.method} {request.path}"}, status=404)
        return web.json_response(result)

    def _apply_control(self, method: str, name: str, body: dict[str, Any]) -> dict[str, Any] | None:
        if method == "GET" and name == "state":
            return self.state()
        if method in ("PUT", "POST") and name == "ports":
            self.set_ports(body["ports"] if "ports" in body else body.get("port", 0))
        elif method in ("PUT", "POST") and name == "vpn":
            self.set_vpn(str(body.get("status")))
        elif method in ("PUT", "POST") and name == "publicip":
            fields = {k: str(v) for k, v in body.items() if k != "public_ip"}
            self.set_public_ip(str(body["public_ip"]), **fields)
        elif method in ("PUT", "POST") and name == "faults":
            self.faults.set(**{k: tuple(v) if k == "only_paths" else v for k, v in body.items()})
        elif method == "DELETE" and name == "faults":
            self.faults.clear()
        else:
            return None
        return self.state()


# --- standalone CLI ---------------------------------------------------------------------------------


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--generation", choices=GENERATIONS, default="v3.41")
    parser.add_argument("--auth", choices=AUTH_MODES, default="none")
    parser.add_argument("--api-key", default="fake-gluetun-api-key-0123")
    parser.add_argument("--username", default="gluetun")
    parser.add_argument("--password", default="fake-gluetun-password")
    parser.add_argument("--forwarded-port", type=int, action="append", default=[], help="repeatable")
    parser.add_argument("--public-ip", default=DEFAULT_PUBLIC_IP["public_ip"])
    parser.add_argument("--vpn", choices=("running", "stopped"), default="running")


def fake_from_args(args: argparse.Namespace) -> GluetunFake:
    fake = GluetunFake(
        generation=args.generation,
        auth=args.auth,
        api_key=args.api_key,
        username=args.username,
        password=args.password,
    )
    fake.set_ports(args.forwarded_port)
    fake.set_public_ip(args.public_ip)
    fake.set_vpn(args.vpn)
    return fake


def app_from_args(args: argparse.Namespace) -> web.Application:
    return fake_from_args(args).app
