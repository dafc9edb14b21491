"""Connection options shared by the myflix.media qBittorrent modules."""

from __future__ import annotations


class ModuleDocFragment:  # pylint: disable=too-few-public-methods
    """Documentation of the qBittorrent WebUI connection options."""

    DOCUMENTATION = r"""
options:
  qbittorrent_url:
    description:
      - Root URL of the qBittorrent WebUI, as seen from the managed host.
    type: str
    default: http://127.0.0.1:8080
  qbittorrent_username:
    description:
      - WebUI username. Used with O(qbittorrent_password) when O(qbittorrent_api_key) is not set.
    type: str
    default: admin
  qbittorrent_password:
    description:
      - WebUI password. Never logged or returned.
      - A wrong password fails the task with a clear message (qBittorrent answers C(Fails.)); too many
        failures make qBittorrent ban the client IP for a while.
    type: str
  qbittorrent_api_key:
    description:
      - "WebUI API key (C(qbt_...)), sent as C(Authorization: Bearer). Needs qBittorrent 5.2 or newer."
      - Takes precedence over the username and password. Never logged or returned.
    type: str
  validate_certs:
    description:
      - Verify TLS certificates when a URL uses HTTPS.
    type: bool
    default: true
  timeout:
    description:
      - Timeout of each HTTP request, in seconds.
    type: float
    default: 10
"""
