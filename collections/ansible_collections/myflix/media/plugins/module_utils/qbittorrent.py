"""qBittorrent WebUI API v2 client (qBittorrent 4.x and 5.x), standard library only.

Shared by the ``myflix.media`` modules and the bot's watchers (canonical import name
``ansible_collections.myflix.media.plugins.module_utils.qbittorrent``).

Contract facts it relies on (see the WebUI API wiki and the project's CONTRACT-NOTES):

- ``POST auth/login`` answers **200** both ways: body ``Ok.`` plus a ``SID`` cookie on success, body
  ``Fails.`` on bad credentials; **403** means the client IP is banned after too many failures.
- Without a valid session every other route answers 403 ``Forbidden``; the client logs in again once.
- qBittorrent 5.2 (WebAPI 2.14.1) also accepts ``Authorization: Bearer qbt_...`` API keys, which skip
  the login (and cannot call ``auth/*``).
- 5.0 (WebAPI 2.11) renamed ``torrents/pause``/``resume`` to ``stop``/``start`` and the states
  ``pausedUP``/``pausedDL`` to ``stoppedUP``/``stoppedDL``.
- ``app/setPreferences`` takes one form field, ``json=<object>``.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .http_client import ConnectError, HttpClient, HttpError, HttpStatusError, Response

STOPPED_STATES_V4 = frozenset({"pausedUP", "pausedDL"})
STOPPED_STATES_V5 = frozenset({"stoppedUP", "stoppedDL"})
STOPPED_STATES = STOPPED_STATES_V4 | STOPPED_STATES_V5
V5_WEBAPI = (2, 11, 0)
API_KEY_WEBAPI = (2, 14, 1)


class QBittorrentError(HttpError):
    """qBittorrent answered in a way that stops the operation; the message is safe to show."""


class QBittorrentAuthError(QBittorrentError):
    """Wrong username/password, wrong API key, or the client IP is banned."""


def parse_version(text: str) -> tuple[int, ...]:
    """``"v4.5.2"`` or ``"2.8.19"`` -> ``(4, 5, 2)``; suffixes such as ``beta1`` are ignored."""
    numbers: list[int] = []
    for part in text.strip().lstrip("vV").split("."):
        digits = ""
        for char in part:
            if not char.isdigit():
                break
            digits += char
        if not digits:
            break
        numbers.append(int(digits))
    return tuple(numbers)


def is_stopped(state: str) -> bool:
    """True for a paused (4.x) or stopped (5.x) torrent state."""
    return state in STOPPED_STATES


class QBittorrentClient:
    """One WebUI session. Give ``api_key`` (5.2+) or ``username``/``password`` (every version)."""

    def __init__(
        self,
        url: str,
        *,
        username: str | None = None,
        password: str | None = None,
        api_key: str | None = None,
        timeout: float = 10.0,
        validate_certs: bool = True,
    ) -> None:
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.http = HttpClient(
            url,
            timeout=timeout,
            headers=headers,
            secrets=[s for s in (password, api_key) if s],
            validate_certs=validate_certs,
        )
        self.url = url
        self.username = username
        self._password = password
        self._api_key = api_key
        self._logged_in = False
        self._webapi: tuple[int, ...] | None = None

    # -- session ---------------------------------------------------------------------------------

    def login(self) -> None:
        """Open a session (no-op with an API key). Raises :class:`QBittorrentAuthError` on refusal."""
        if self._api_key:
            self._logged_in = True
            return
        if self.username is None or self._password is None:
            raise QBittorrentAuthError("qBittorrent needs either an API key or a username and password")
        try:
            response = self.http.request(
                "POST",
                "api/v2/auth/login",
                form={"username": self.username, "password": self._password},
                expected=(200, 204, 403),
            )
        except ConnectError as exc:
            raise QBittorrentError(f"qBittorrent WebUI is not reachable: {exc}") from None
        if response.status == 403:
            raise QBittorrentAuthError(
                f"qBittorrent at {self.url} banned this client's IP after too many failed logins; "
                "wait for the ban to expire (web_ui_ban_duration) and check the password"
            )
        body = response.text.strip()
        if body == "Fails.":
            raise QBittorrentAuthError(
                f"qBittorrent at {self.url} rejected the username or password for user {self.username!r}"
            )
        if body not in ("Ok.", ""):
            raise QBittorrentError(
                f"unexpected answer to the qBittorrent login: {self.http.redact(body)[:100]}"
            )
        self._logged_in = True

    def logout(self) -> None:
        """Close the session (best effort; nothing to do with an API key)."""
        if self._logged_in and not self._api_key:
            with contextlib.suppress(HttpError):
                self.http.request("POST", "api/v2/auth/logout", expected=(200, 204, 403))
        self._logged_in = False
        self.http.cookies.clear()

    def request(self, method: str, path: str, **kwargs: Any) -> Response:
        """Call ``api/v2/<path>``, logging in first and once more if the session expired."""
        if not self._logged_in:
            self.login()
        kwargs.setdefault("expected", (200, 204))
        try:
            try:
                return self.http.request(method, "api/v2/" + path, **kwargs)
            except HttpStatusError as exc:
                if exc.status not in (401, 403):
                    raise
                if self._api_key:
                    raise QBittorrentAuthError(
                        f"qBittorrent at {self.url} rejected the API key (HTTP {exc.status}); API keys need "
                        "qBittorrent 5.2 or newer"
                    ) from None
                if exc.status == 401:
                    raise QBittorrentError(
                        "qBittorrent refused the request (HTTP 401: Host/Origin/Referer check failed); "
                        f"check web_ui_host_header_validation and the URL used: {exc}"
                    ) from None
                self._logged_in = False
                self.login()
                return self.http.request(method, "api/v2/" + path, **kwargs)
        except ConnectError as exc:
            raise QBittorrentError(f"qBittorrent WebUI is not reachable: {exc}") from None
        except HttpStatusError as exc:
            raise QBittorrentError(f"qBittorrent: {exc}") from None

    def get_json(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        """GET ``api/v2/<path>`` and parse JSON."""
        return self.request("GET", path, params=params).json()

    def post(self, path: str, form: Mapping[str, Any] | None = None) -> str:
        """POST a form to ``api/v2/<path>``; returns the text body."""
        return self.request("POST", path, form=form or {}).text

    # -- application -----------------------------------------------------------------------------

    def app_version(self) -> str:
        """The application version, for example ``v4.5.2``."""
        return self.request("GET", "app/version").text.strip()

    def webapi_version(self) -> tuple[int, ...]:
        """The WebAPI version as a tuple, for example ``(2, 8, 19)`` (cached)."""
        if self._webapi is None:
            self._webapi = parse_version(self.request("GET", "app/webapiVersion").text)
        return self._webapi

    def is_v5(self) -> bool:
        """True for qBittorrent 5.0+ (WebAPI 2.11+): stop/start instead of pause/resume."""
        return self.webapi_version() >= V5_WEBAPI

    def preferences(self) -> dict[str, Any]:
        """All preferences (``app/preferences``)."""
        prefs = self.get_json("app/preferences")
        if not isinstance(prefs, dict):
            raise QBittorrentError("qBittorrent returned preferences that are not a JSON object")
        return prefs

    def set_preferences(self, changes: Mapping[str, Any]) -> None:
        """Send only ``changes`` (``app/setPreferences`` with ``json=``)."""
        if changes:
            self.post("app/setPreferences", {"json": json.dumps(dict(changes))})

    # -- categories and tags ---------------------------------------------------------------------

    def categories(self) -> dict[str, dict[str, Any]]:
        """Categories by name, each ``{"name": ..., "savePath": ...}``."""
        data = self.get_json("torrents/categories")
        return data if isinstance(data, dict) else {}

    def create_category(self, name: str, save_path: str = "") -> None:
        """Create a category (``torrents/createCategory``)."""
        self.post("torrents/createCategory", {"category": name, "savePath": save_path})

    def edit_category(self, name: str, save_path: str) -> None:
        """Change a category's save path (``torrents/editCategory``)."""
        self.post("torrents/editCategory", {"category": name, "savePath": save_path})

    def remove_categories(self, names: Sequence[str]) -> None:
        """Remove categories; their torrents keep their data and lose the category."""
        if names:
            self.post("torrents/removeCategories", {"categories": "\n".join(names)})

    # -- torrents --------------------------------------------------------------------------------

    def torrents(
        self,
        *,
        category: str | None = None,
        tag: str | None = None,
        hashes: Iterable[str] | None = None,
        status_filter: str | None = None,
    ) -> list[dict[str, Any]]:
        """``torrents/info``, optionally filtered by category, tag, hashes or state filter."""
        params: dict[str, Any] = {"category": category, "tag": tag, "filter": status_filter}
        if hashes is not None:
            params["hashes"] = "|".join(hashes)
        data = self.get_json("torrents/info", params=params)
        return data if isinstance(data, list) else []

    def properties(self, torrent_hash: str) -> dict[str, Any]:
        """``torrents/properties`` of one torrent (empty dict if unknown)."""
        data = self.get_json("torrents/properties", params={"hash": torrent_hash})
        return data if isinstance(data, dict) else {}

    def trackers(self, torrent_hash: str) -> list[dict[str, Any]]:
        """``torrents/trackers`` of one torrent, including the DHT/PeX/LSD pseudo entries."""
        data = self.get_json("torrents/trackers", params={"hash": torrent_hash})
        return data if isinstance(data, list) else []

    def add_trackers(self, torrent_hash: str, urls: Sequence[str]) -> None:
        """``torrents/addTrackers`` (newline-separated URLs)."""
        if urls:
            self.post("torrents/addTrackers", {"hash": torrent_hash, "urls": "\n".join(urls)})

    def files(self, torrent_hash: str) -> list[dict[str, Any]]:
        """``torrents/files`` of one torrent (empty while its metadata is not known)."""
        data = self.get_json("torrents/files", params={"hash": torrent_hash})
        return data if isinstance(data, list) else []

    def add_tags(self, hashes: Sequence[str], tags: Sequence[str]) -> None:
        """``torrents/addTags`` (tags are created when missing)."""
        if hashes and tags:
            self.post("torrents/addTags", {"hashes": "|".join(hashes), "tags": ",".join(tags)})

    def remove_tags(self, hashes: Sequence[str], tags: Sequence[str]) -> None:
        """``torrents/removeTags`` from these torrents (the tags themselves stay defined)."""
        if hashes and tags:
            self.post("torrents/removeTags", {"hashes": "|".join(hashes), "tags": ",".join(tags)})

    def stop(self, hashes: Sequence[str]) -> None:
        """Pause (4.x) or stop (5.x) torrents; ``["all"]`` means every torrent."""
        self.post("torrents/stop" if self.is_v5() else "torrents/pause", {"hashes": "|".join(hashes)})

    def start(self, hashes: Sequence[str]) -> None:
        """Resume (4.x) or start (5.x) torrents; ``["all"]`` means every torrent."""
        self.post("torrents/start" if self.is_v5() else "torrents/resume", {"hashes": "|".join(hashes)})


def torrent_is_private(
    torrent: Mapping[str, Any],
    properties: Mapping[str, Any] | None = None,
    trackers: Sequence[Mapping[str, Any]] | None = None,
) -> bool | None:
    """Whether a torrent is private: True, False, or None when qBittorrent does not say.

    Sources, most direct first: the ``isPrivate``/``is_private``/``private`` field of ``torrents/info``
    (5.0+) or ``torrents/properties``; then, for 4.x, the DHT/PeX/LSD pseudo-trackers that qBittorrent
    marks with the message ``This torrent is private`` on private torrents (and leave empty on public
    ones). Anything else (no field, no pseudo-trackers, a translated message) answers None, and callers
    must treat None as "do not touch".
    """
    for source in (torrent, properties or {}):
        for key in ("isPrivate", "is_private", "private"):
            value = source.get(key)
            if isinstance(value, bool):
                return value
    pseudo = [t for t in trackers or () if str(t.get("url", "")).startswith("** [")]
    messages = [str(t.get("msg", "")).strip() for t in pseudo]
    if any("this torrent is private" in m.lower() for m in messages):
        return True
    if pseudo and not any(messages):
        return False
    return None  # no pseudo entries, or messages in another language: unknown
