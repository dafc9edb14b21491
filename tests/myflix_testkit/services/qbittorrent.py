"""A real qbittorrent-nox on 127.0.0.1 with a private profile, preset credentials and no outside traffic.

    with start_qbittorrent() as qbt:
        client = qbt.client()            # a logged-in qbittorrentapi.Client
        client.torrents_add(torrent_files=..., save_path=str(qbt.download_dir))

``qBittorrent.conf`` is written before the first start: the WebUI password is preset as a PBKDF2
hash (the format qBittorrent 4.2+ stores), the WebUI and the BitTorrent session are bound to the
loopback interface, and everything that would reach the outside is off (DHT, LSD, PeX, UPnP/NAT-PMP,
peer-country lookups that download a GeoIP database). The login is polled until it succeeds.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import string
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import qbittorrentapi

from myflix_testkit.services.process import (
    LOOPBACK,
    ManagedProcess,
    ServiceStartError,
    free_port,
    require_binary,
    retry_on_port_clash,
    start_and_wait,
    state_directory,
    tail,
)

QBITTORRENT_BINARY = "/usr/bin/qbittorrent-nox"
PBKDF2_ITERATIONS = 100_000  # what qBittorrent uses (Utils::Password::PBKDF2)
DEFAULT_USERNAME = "myflix"
START_TIMEOUT = 30.0


def hash_password(password: str, salt: bytes | None = None) -> str:
    """The value of ``WebUI\\Password_PBKDF2``: ``@ByteArray(b64(salt):b64(PBKDF2-SHA512))``."""
    salt = os.urandom(16) if salt is None else salt
    key = hashlib.pbkdf2_hmac("sha512", password.encode(), salt, PBKDF2_ITERATIONS, dklen=64)
    return f"@ByteArray({base64.b64encode(salt).decode()}:{base64.b64encode(key).decode()})"


def _ini_escape(text: str) -> str:
    """Escape as QSettings does: qBittorrent reads its INI file as Latin-1, so every character
    outside printable ASCII becomes ``\\xHEX`` of its UTF-16 units (and a hex digit right after one
    is escaped too, or the reader would take it as part of the number)."""
    out: list[str] = []
    after_hex_escape = False
    for char in text:
        code = ord(char)
        if char in '\\"':
            out.append("\\" + char)
            after_hex_escape = False
        elif code <= 0x1F or code >= 0x7F:
            units = char.encode("utf-16-be")
            out += [f"\\x{int.from_bytes(units[i : i + 2], 'big'):x}" for i in range(0, len(units), 2)]
            after_hex_escape = True
        elif after_hex_escape and char in string.hexdigits:
            out.append(f"\\x{code:x}")
        else:
            out.append(char)
            after_hex_escape = False
    return "".join(out)


def _ini_value(value: object) -> str:
    """A value as QSettings writes it; quoted where QSettings would otherwise read a list (comma),
    a comment (semicolon) or lose edge spaces. Byte arrays are always quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    escaped = _ini_escape(text)
    if text.startswith("@ByteArray(") or any(c in text for c in ',;="') or text != text.strip():
        return f'"{escaped}"'
    return escaped


def render_config(settings: dict[str, dict[str, object]]) -> str:
    """Render ``{section: {key: value}}`` as a QSettings INI file (keys use ``\\`` as separator)."""
    chunks = []
    for section, values in settings.items():
        lines = [f"[{section}]"] + [f"{key}={_ini_value(value)}" for key, value in values.items()]
        chunks.append("\n".join(lines))
    return "\n\n".join(chunks) + "\n"


def base_settings(
    *,
    username: str,
    password: str,
    webui_port: int,
    listen_port: int,
    download_dir: Path,
    max_auth_fail_count: int,
) -> dict[str, dict[str, object]]:
    """The qBittorrent 4.5 settings of a private, loopback-only test instance."""
    return {
        "LegalNotice": {"Accepted": True},
        "BitTorrent": {
            "Session\\Interface": "lo",
            "Session\\InterfaceName": "lo",
            "Session\\InterfaceAddress": LOOPBACK,
            "Session\\Port": listen_port,
            "Session\\DHTEnabled": False,
            "Session\\LSDEnabled": False,
            "Session\\PeXEnabled": False,
            "Session\\DefaultSavePath": str(download_dir),
            "Session\\TempPathEnabled": False,
            "Session\\AddTorrentPaused": False,
        },
        "Network": {"PortForwardingEnabled": False},  # UPnP / NAT-PMP
        "Preferences": {
            "General\\UseRandomPort": False,
            "Connection\\ResolvePeerCountries": False,  # else it downloads a GeoIP database at start
            "Advanced\\updateCheck": False,
            "WebUI\\Enabled": True,
            "WebUI\\Address": LOOPBACK,
            "WebUI\\Port": webui_port,
            "WebUI\\UPnP": False,
            "WebUI\\Username": username,
            "WebUI\\Password_PBKDF2": hash_password(password),
            "WebUI\\LocalHostAuth": True,  # no bypass for 127.0.0.1: every client must log in
            "WebUI\\AuthSubnetWhitelistEnabled": False,
            # qBittorrent's defaults, written out: qbittorrent-api sends no Origin/Referer, so CSRF
            # protection lets it through, and host-header validation accepts 127.0.0.1 itself.
            "WebUI\\CSRFProtection": True,
            "WebUI\\HostHeaderValidation": True,
            "WebUI\\ClickjackingProtection": True,
            # 0 = never ban 127.0.0.1 after failed logins (tests try bad passwords on purpose)
            "WebUI\\MaxAuthenticationFailCount": max_auth_fail_count,
        },
    }


@dataclass
class QBittorrentService:
    """A running qbittorrent-nox. ``url`` is the WebUI root, e.g. ``http://127.0.0.1:40123``."""

    url: str
    host: str
    port: int
    username: str
    password: str = field(repr=False)  # never in reprs, logs or test reports
    profile_dir: Path
    download_dir: Path
    pid: int
    listen_port: int
    log_path: Path

    def client(self, **kwargs: object) -> qbittorrentapi.Client:
        """A new ``qbittorrentapi.Client``, already logged in (extra kwargs go to the Client)."""
        options: dict[str, object] = {
            "host": self.url,
            "username": self.username,
            "password": self.password,
            "REQUESTS_ARGS": {"timeout": 15},
            "VERIFY_WEBUI_CERTIFICATE": False,
        }
        options.update(kwargs)
        client = qbittorrentapi.Client(**options)  # type: ignore[arg-type]
        client.auth_log_in()
        return client

    def login_body(self, username: str | None = None, password: str | None = None) -> tuple[int, str]:
        """POST /api/v2/auth/login with the standard library; returns (HTTP status, body text)."""
        return login_raw(self.url, self.username if username is None else username, password or "")

    def reset(self) -> None:
        """Delete every torrent (keeping its data on disk), category and tag: a clean shared instance."""
        client = self.client()
        hashes = [t.hash for t in client.torrents_info()]
        if hashes:
            client.torrents_delete(delete_files=False, torrent_hashes=hashes)
        categories = list(client.torrents_categories())
        if categories:
            client.torrents_remove_categories(categories=categories)
        tags = list(client.torrents_tags())
        if tags:
            client.torrents_delete_tags(tags=tags)


def login_raw(url: str, username: str, password: str, timeout: float = 5.0) -> tuple[int, str]:
    """One raw login request (no client library), as qBittorrent's WebUI sees it."""
    data = urllib.parse.urlencode({"username": username, "password": password}).encode()
    request = urllib.request.Request(f"{url}/api/v2/auth/login", data=data, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@dataclass(frozen=True)
class _Launch:
    exe: str
    root: Path
    username: str
    password: str
    extra_settings: dict[str, dict[str, object]]
    max_auth_fail_count: int
    timeout: float


def _launch_once(launch: _Launch) -> tuple[ManagedProcess, QBittorrentService]:
    """Write the config with fresh free ports, start, and wait for a successful login."""
    profile_dir = launch.root / "profile"
    download_dir = launch.root / "downloads"
    download_dir.mkdir(parents=True, exist_ok=True)
    config_path = profile_dir / "qBittorrent" / "config" / "qBittorrent.conf"
    config_path.parent.mkdir(parents=True, exist_ok=True)
    webui_port, listen_port = free_port(), free_port()
    settings = base_settings(
        username=launch.username,
        password=launch.password,
        webui_port=webui_port,
        listen_port=listen_port,
        download_dir=download_dir,
        max_auth_fail_count=launch.max_auth_fail_count,
    )
    for section, values in launch.extra_settings.items():
        settings.setdefault(section, {}).update(values)
    config_path.write_text(render_config(settings))
    qbt_log = profile_dir / "qBittorrent" / "data" / "logs" / "qbittorrent.log"
    url = f"http://{LOOPBACK}:{webui_port}"

    def logged_in() -> bool | None:
        status, body = login_raw(url, launch.username, launch.password, timeout=2.0)
        if status == 200 and body == "Ok.":
            return True
        raise RuntimeError(f"login answered HTTP {status} {body!r}")

    process = ManagedProcess(
        [launch.exe, f"--profile={profile_dir}", f"--webui-port={webui_port}"],
        launch.root / "qbittorrent-nox.out",
    )
    try:
        start_and_wait(process, logged_in, timeout=launch.timeout, what="qbittorrent-nox WebUI login")
    except ServiceStartError as exc:
        raise ServiceStartError(f"{exc}\nqBittorrent log ({qbt_log}):\n{tail(qbt_log)}") from exc
    service = QBittorrentService(
        url=url,
        host=LOOPBACK,
        port=webui_port,
        username=launch.username,
        password=launch.password,
        profile_dir=profile_dir,
        download_dir=download_dir,
        pid=process.pid,
        listen_port=listen_port,
        log_path=qbt_log,
    )
    return process, service


@contextmanager
def start_qbittorrent(
    *,
    state_dir: Path | None = None,
    username: str = DEFAULT_USERNAME,
    password: str | None = None,
    extra_settings: dict[str, dict[str, object]] | None = None,
    max_auth_fail_count: int = 0,
    binary: str = QBITTORRENT_BINARY,
    timeout: float = START_TIMEOUT,
) -> Iterator[QBittorrentService]:
    """Start qbittorrent-nox with a private profile under ``state_dir`` and stop it by PID on exit.

    ``state_dir`` defaults to a temporary directory removed afterwards; pass one to keep the log.
    ``password`` defaults to a random one. ``extra_settings`` is merged over the base settings
    (``{"BitTorrent": {"Session\\\\QueueingSystemEnabled": False}}``). If another program takes the
    chosen WebUI port first, it starts again on new ports (up to 3 times).
    """
    exe = require_binary(binary)
    with state_directory(state_dir, "myflix-qbt-") as root:
        launch = _Launch(
            exe=exe,
            root=root,
            username=username,
            password=password or secrets.token_urlsafe(16),
            extra_settings=extra_settings or {},
            max_auth_fail_count=max_auth_fail_count,
            timeout=timeout,
        )
        process, service = retry_on_port_clash(lambda: _launch_once(launch))
        try:
            yield service
        finally:
            process.stop()
