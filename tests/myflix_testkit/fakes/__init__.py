"""Contract-faithful fakes of the services that cannot run on a test machine.

Each fake module exposes ``create_app(...) -> aiohttp.web.Application`` and is served by
:class:`myflix_testkit.fakes.server.FakeServer`. ``python -m myflix_testkit.fakes NAME --port N``
runs one standalone.
"""
