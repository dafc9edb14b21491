"""Test kit shared by every Myflix suite.

- ``myflix_testkit.services``: real services (qbittorrent-nox, Prometheus, node-exporter, dockerd)
  started on 127.0.0.1 with private state and stopped by PID.
- ``myflix_testkit.fakes``: contract-faithful fakes of the services that cannot run here.
- ``myflix_testkit.pytest_plugin``: the pytest fixtures for both, loaded automatically.
"""
