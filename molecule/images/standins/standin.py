"""Entrypoint of the test-only stand-in images (MYFLIX_STANDIN picks which one).

A contract fake listens on 127.0.0.1 inside the container only (the test kit refuses anything else);
socat publishes it on the container's interface at the port the production image uses, so the compose
file, its healthchecks and the Ansible wiring see the same ports as on a Pi. Settings come from the same
places the real images read them from (config.xml, config.toml, qBittorrent.conf, environment), so a
role that renders them wrong fails here too.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import shlex
import signal
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path
from typing import NoReturn

from aiohttp import web
from arr_sqlite import Library
from myflix_testkit.fakes.server import FakeServer

INTERNAL_OFFSET = 10000  # the fake behind published port P listens on 127.0.0.1:P+10000


def log(message: str) -> None:
    print(f"[standin {os.environ.get('MYFLIX_STANDIN', '?')}] {message}", flush=True)


def publish(public_port: int, internal_port: int) -> subprocess.Popen[bytes]:
    """Forward 0.0.0.0:public_port (the container's own interface) to the loopback-only fake."""
    return subprocess.Popen(
        ["socat", f"TCP-LISTEN:{public_port},fork,reuseaddr", f"TCP:127.0.0.1:{internal_port}"]
    )


def serve(app: web.Application, internal_port: int) -> NoReturn:
    server = FakeServer(app, port=internal_port)
    server.serve_forever()
    raise SystemExit(0)


def fake_app(name: str, argv: list[str]) -> web.Application:
    module = importlib.import_module(f"myflix_testkit.fakes.{name}")
    parser = argparse.ArgumentParser(prog=name)
    module.add_arguments(parser)
    return module.app_from_args(parser.parse_args(argv))


def xml_value(path: Path, key: str) -> str | None:
    match = re.search(rf"<{key}>([^<]*)</{key}>", path.read_text(encoding="utf-8"))
    return match.group(1).strip() if match else None


def run_arr(name: str, default_port: int) -> NoReturn:
    """Radarr/Sonarr/Prowlarr: API key and port from /config/config.xml, as the real apps read them."""
    config = Path("/config/config.xml")
    if not config.is_file():
        log("no /config/config.xml; the role must seed it with the API key")
        raise SystemExit(2)
    api_key = xml_value(config, "ApiKey")
    if not api_key:
        log("config.xml has no ApiKey")
        raise SystemExit(2)
    port = int(xml_value(config, "Port") or default_port)
    app = sqlite_app(name, api_key) if os.environ.get("MYFLIX_STANDIN_SQLITE") == "1" else None
    publish(port, port + INTERNAL_OFFSET)
    serve(app or fake_app(name, ["--api-key", api_key]), port + INTERNAL_OFFSET)


def sqlite_app(name: str, api_key: str) -> web.Application:
    """The fake with its library kept in /config/<app>.db (arr_sqlite.py), as the real app keeps it."""
    module = importlib.import_module(f"myflix_testkit.fakes.{name}")
    state_class = {"radarr": "RadarrState", "sonarr": "SonarrState", "prowlarr": "ProwlarrState"}[name]
    state = getattr(module, state_class)(api_key=api_key)
    library = Library(name, state)
    log(f"library kept in SQLite: {library.load()} records")
    return module.create_app(state, middlewares=[library.middleware()])  # type: ignore[no-any-return]


def gluetun_api_key(path: Path) -> str:
    roles = tomllib.loads(path.read_text(encoding="utf-8")).get("roles", [])
    for role in roles:
        if role.get("auth") == "apikey" and role.get("apikey"):
            return str(role["apikey"])
    raise SystemExit(f"{path}: no role with auth = apikey")


def run_up_command(control_port: int, forwarded: int) -> None:
    """Gluetun runs VPN_PORT_FORWARDING_UP_COMMAND once the port is forwarded; so does the stand-in."""
    command = os.environ.get("VPN_PORT_FORWARDING_UP_COMMAND", "")
    if not command:
        return
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{control_port}/_fake/state", timeout=2):
                break
        except OSError:
            time.sleep(0.2)
    expanded = command.replace("{{PORTS}}", str(forwarded)).replace("{{PORT}}", str(forwarded))
    expanded = expanded.replace("{{VPN_INTERFACE}}", "tun0")
    result = subprocess.run(shlex.split(expanded), check=False)
    log(f"port forwarding up command exited {result.returncode}")


def run_gluetun() -> NoReturn:
    auth_file = Path(os.environ.get("HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH", "/gluetun/auth/config.toml"))
    api_key = gluetun_api_key(auth_file)
    if os.environ.get("VPN_PORT_FORWARDING", "off") != "on":
        log("VPN_PORT_FORWARDING is not on: no port will be forwarded")
    forwarded = int(os.environ.get("MYFLIX_STANDIN_FORWARDED_PORT", "47123"))
    address = os.environ.get("HTTP_CONTROL_SERVER_ADDRESS", ":8000")
    port = int(address.rsplit(":", 1)[1])
    internal = port + INTERNAL_OFFSET
    publish(port, internal)
    args = ["--generation", "v3.41", "--auth", "apikey", "--api-key", api_key]
    if os.environ.get("VPN_PORT_FORWARDING") == "on":
        args += ["--forwarded-port", str(forwarded)]
    app = fake_app("gluetun", args)
    server = FakeServer(app, port=internal)
    server.start()
    run_up_command(internal, forwarded)
    while True:  # the server runs in its thread; SIGTERM ends the process
        time.sleep(3600)


def run_qbittorrent() -> NoReturn:
    """Like the linuxserver image: config under /config (XDG), the WebUI on $WEBUI_PORT, run as PUID:PGID."""
    puid, pgid = os.environ.get("PUID", "1000"), os.environ.get("PGID", "1000")
    umask = int(os.environ.get("UMASK", "022"), 8)
    for sub in ("", "qBittorrent"):
        path = Path("/config", sub)
        path.mkdir(exist_ok=True)
        os.chown(path, int(puid), int(pgid))
    conf = Path("/config/qBittorrent/qBittorrent.conf")
    if conf.exists():
        os.chown(conf, int(puid), int(pgid))
    os.umask(umask)
    env = dict(os.environ, HOME="/config", XDG_CONFIG_HOME="/config", XDG_DATA_HOME="/config")
    argv = [
        "setpriv", f"--reuid={puid}", f"--regid={pgid}", "--clear-groups", "--",
        "qbittorrent-nox", f"--webui-port={os.environ.get('WEBUI_PORT', '8080')}",
    ]  # fmt: skip
    # PID 1 stays root and supervises, as s6 does in the linuxserver image (docker exec joins PID 1's
    # namespaces; it could not join a process of another user without CAP_SYS_PTRACE).
    child = subprocess.Popen(argv, env=env)
    signal.signal(signal.SIGTERM, lambda *_: child.terminate())
    raise SystemExit(child.wait())


def health_app(route: str, body: str) -> web.Application:
    """Grafana's stand-in: its health route, nothing else."""

    async def health(_: web.Request) -> web.Response:
        return web.Response(text=body)

    app = web.Application()
    app.router.add_get(route, health)
    return app


# the versions of the pinned production images (scripts/build-standin-images.sh)
JELLYFIN_VERSION = "10.10.7"
PLEX_VERSION = "1.42.1.10060-4e8b05daf"


def media_server_app(kind: str) -> web.Application:
    """Jellyfin's or Plex's stand-in: the routes the compose healthcheck and the bot's /status probe read,
    answered as the real servers do without a login. Jellyfin: GET /health ("Healthy") and
    GET /System/Info/Public (JSON with Version). Plex: GET /identity, a MediaContainer with its version, as
    JSON when asked with Accept: application/json, as XML otherwise."""
    app = web.Application()
    if kind == "jellyfin":

        async def health(_: web.Request) -> web.Response:
            return web.Response(text="Healthy")

        async def public_info(_: web.Request) -> web.Response:
            return web.json_response(
                {
                    "LocalAddress": "http://127.0.0.1:8096",
                    "ServerName": "myflix",
                    "Version": JELLYFIN_VERSION,
                    "ProductName": "Jellyfin Server",
                    "Id": "0" * 32,
                    "StartupWizardCompleted": True,
                }
            )

        app.router.add_get("/health", health)
        app.router.add_get("/System/Info/Public", public_info)
        return app
    if kind != "plex":
        raise ValueError(f"no media server stand-in {kind!r}")

    async def identity(request: web.Request) -> web.Response:
        fields = {"size": 0, "claimed": False, "machineIdentifier": "0" * 40, "version": PLEX_VERSION}
        if "application/json" in request.headers.get("Accept", ""):
            return web.json_response({"MediaContainer": fields})
        attributes = " ".join(
            f'{k}="{str(v).lower() if isinstance(v, bool) else v}"' for k, v in fields.items()
        )
        xml = f'<?xml version="1.0" encoding="UTF-8"?>\n<MediaContainer {attributes}>\n</MediaContainer>\n'
        return web.Response(text=xml, content_type="application/xml")

    app.router.add_get("/identity", identity)
    return app


def run_published(app: web.Application, port: int) -> NoReturn:
    publish(port, port + INTERNAL_OFFSET)
    serve(app, port + INTERNAL_OFFSET)


def run_docker_proxy() -> NoReturn:
    """The real HAProxy, with the configuration the role renders (the official image's path)."""
    argv = ["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]
    os.execvp(argv[0], argv)  # noqa: S606 - replaces this process, as an image entrypoint does


def run_telegram() -> NoReturn:
    port = int(os.environ.get("MYFLIX_STANDIN_PORT", "8081"))
    argv = ["--token", os.environ["MYFLIX_STANDIN_TELEGRAM_TOKEN"]]
    for chat in os.environ.get("MYFLIX_STANDIN_TELEGRAM_CHATS", "").split(","):
        if chat.strip():
            argv += ["--chat", chat.strip()]
    publish(port, port + INTERNAL_OFFSET)
    serve(fake_app("telegram", argv), port + INTERNAL_OFFSET)


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # PID 1 ignores SIGTERM without a handler
    which = os.environ.get("MYFLIX_STANDIN", "")
    log("starting")
    if which in ("radarr", "sonarr", "prowlarr"):
        run_arr(which, {"radarr": 7878, "sonarr": 8989, "prowlarr": 9696}[which])
    elif which == "gluetun":
        run_gluetun()
    elif which == "qbittorrent":
        run_qbittorrent()
    elif which in ("jellyfin", "plex"):
        run_published(media_server_app(which), {"jellyfin": 8096, "plex": 32400}[which])
    elif which == "grafana":
        # host network: listen where the real one would, loopback only
        addr = os.environ.get("GF_SERVER_HTTP_ADDR") or "127.0.0.1"
        port = int(os.environ.get("GF_SERVER_HTTP_PORT", "3000"))
        bind = "127.0.0.1" if addr in ("", "0.0.0.0") else addr
        FakeServer(health_app("/api/health", '{"database": "ok"}'), port=port, host=bind).serve_forever()
        raise SystemExit(0)
    elif which == "docker-proxy":
        run_docker_proxy()
    elif which == "telegram":
        run_telegram()
    else:
        raise SystemExit(f"unknown stand-in {which!r}")


if __name__ == "__main__":
    main()
