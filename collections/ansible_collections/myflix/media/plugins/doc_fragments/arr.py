"""Connection options shared by the myflix.media Radarr/Sonarr modules."""

from __future__ import annotations


class ModuleDocFragment:  # pylint: disable=too-few-public-methods
    """Documentation of the Radarr/Sonarr connection options."""

    DOCUMENTATION = r"""
options:
  app:
    description:
      - Which application O(url) points at. Both speak API v3; the choice selects app-specific
        field names (for example the download category field).
    type: str
    choices: [radarr, sonarr]
    required: true
  url:
    description:
      - Root URL of the application, as seen from the managed host, for example C(http://127.0.0.1:7878).
    type: str
    required: true
  api_key:
    description:
      - The application's API key (Settings > General), sent as C(X-Api-Key). Never logged or returned.
    type: str
    required: true
  validate_certs:
    description:
      - Verify TLS certificates when the URL uses HTTPS.
    type: bool
    default: true
  timeout:
    description:
      - Timeout of each HTTP request, in seconds.
    type: float
    default: 15
"""
