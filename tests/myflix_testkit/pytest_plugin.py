"""pytest plugin of the Myflix test kit, registered through the ``pytest11`` entry point.

Fixture modules are added here as the test kit grows: real services in
``myflix_testkit.services``, fakes in ``myflix_testkit.fakes``.
"""

from __future__ import annotations

pytest_plugins: list[str] = [
    "myflix_testkit.fakes.misc_fixtures",  # fake_gluetun, fake_telegram, fake_gemini
    "myflix_testkit.fakes.arr_fixtures",  # fake_radarr, fake_sonarr, fake_prowlarr
    "myflix_testkit.services.fixtures",  # qbittorrent*, prometheus*, node_exporter, docker_engine
]
