"""The common machinery of every fake server: an aiohttp app on 127.0.0.1, run in a thread,
with fault injection that every fake gets for free.

A fake is an ``aiohttp.web.Application`` built by a factory. ``FakeServer`` runs it either
inside a test (``with FakeServer(app) as srv: srv.url``) on an ephemeral port, or in the
foreground for the standalone CLI (``serve_forever``).

Faults (``srv.faults``) are applied by a middleware before the fake's own handler runs:

- ``latency``: seconds added before each answer;
- ``status``: answer every request with this HTTP status (e.g. 500, 502, 503) and a short body;
- ``malformed_json``: answer 200 with a body that is not valid JSON;
- ``close_mid_response``: send headers promising a body, write part of it, then drop the connection;
- ``only_paths``: restrict the faults to requests whose path starts with one of these prefixes;
- ``count``: apply the fault to the next N matching requests only (``None`` = until cleared).

Paths under ``CONTROL_PREFIX`` (``/_fake/``) are a fake's test-only controls: faults never apply to them,
so a test (or another process) can always switch a fault off again.

``unreachable_url()`` returns a loopback URL on which nothing listens, for "service down" tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Self

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

LOOPBACK = "127.0.0.1"
CONTROL_PREFIX = "/_fake/"


@dataclass
class Faults:
    """Fault switches, shared between the test thread and the server thread."""

    latency: float = 0.0
    status: int | None = None
    malformed_json: bool = False
    close_mid_response: bool = False
    only_paths: tuple[str, ...] = ()
    count: int | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def set(self, **changes: object) -> None:
        with self._lock:
            for key, value in changes.items():
                if key.startswith("_") or not hasattr(self, key):
                    raise AttributeError(f"unknown fault {key!r}")
                setattr(self, key, value)

    def clear(self) -> None:
        self.set(
            latency=0.0,
            status=None,
            malformed_json=False,
            close_mid_response=False,
            only_paths=(),
            count=None,
        )

    def take(self, path: str) -> Faults | None:
        """Return a snapshot of the faults to apply to this request, consuming one from ``count``."""
        with self._lock:
            active = self.latency or self.status or self.malformed_json or self.close_mid_response
            if not active or path.startswith(CONTROL_PREFIX):
                return None
            if self.only_paths and not path.startswith(self.only_paths):
                return None
            snapshot = Faults(
                latency=self.latency,
                status=self.status,
                malformed_json=self.malformed_json,
                close_mid_response=self.close_mid_response,
            )
            if self.count is not None:
                self.count -= 1
                if self.count <= 0:  # the budget is spent: back to normal service
                    self.latency, self.status = 0.0, None
                    self.malformed_json = self.close_mid_response = False
                    self.only_paths, self.count = (), None
            return snapshot


FAULTS_KEY = web.AppKey("faults", Faults)


@web.middleware
async def fault_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    faults = request.app[FAULTS_KEY].take(request.path)
    if faults is None:
        return await handler(request)
    if faults.latency:
        await asyncio.sleep(faults.latency)
    if faults.close_mid_response:
        resp = web.StreamResponse(status=200, headers={"Content-Type": "application/json"})
        resp.content_length = 4096
        await resp.prepare(request)
        await resp.write(b'{"partial": ')
        transport = request.transport
        if transport is not None:
            transport.abort()
        return resp
    if faults.status is not None:
        return web.Response(status=faults.status, text=f"injected fault: HTTP {faults.status}")
    if faults.malformed_json:
        return web.Response(status=200, content_type="application/json", text='{"truncated": [1, 2,')
    return await handler(request)


def make_app(middlewares: list[object] | None = None, client_max_size: int = 1 << 20) -> web.Application:
    """A new application with the fault middleware first, so faults apply before auth; request bodies up to
    ``client_max_size`` bytes (aiohttp's default: 1 MiB)."""
    app = web.Application(
        middlewares=[fault_middleware, *(middlewares or [])], client_max_size=client_max_size
    )
    app[FAULTS_KEY] = Faults()
    return app


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return int(s.getsockname()[1])


def unreachable_url(scheme: str = "http") -> str:
    """A loopback URL where nothing listens: connections are refused at once."""
    return f"{scheme}://{LOOPBACK}:{free_port()}"


class FakeServer:
    """Runs an aiohttp application on 127.0.0.1 in a background thread with its own event loop."""

    def __init__(self, app: web.Application, port: int = 0, host: str = LOOPBACK) -> None:
        if host not in (LOOPBACK, "localhost", "::1"):
            raise ValueError("fake servers listen on loopback only")
        self.app = app
        self.host = host
        self.port = port
        self.loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None

    @property
    def faults(self) -> Faults:
        return self.app[FAULTS_KEY]

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def call(self, fn: Callable[[], object]) -> object:
        """Run ``fn`` on the server's loop thread (for state that handlers mutate) and return its result."""
        if self.loop is None:
            raise RuntimeError("server not started")

        async def _run() -> object:
            return fn()

        return asyncio.run_coroutine_threadsafe(_run(), self.loop).result(timeout=10)

    def start(self) -> Self:
        self._thread = threading.Thread(target=self._main, name=f"fake-{id(self):x}", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout=15):
            raise RuntimeError("fake server did not start within 15 s")
        if self._error is not None:
            raise RuntimeError(f"fake server failed to start: {self._error}") from self._error
        return self

    def stop(self) -> None:
        if self.loop is not None and self._stop is not None:
            with contextlib.suppress(RuntimeError):
                self.loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(timeout=15)
        self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _main(self) -> None:
        loop = asyncio.new_event_loop()
        self.loop = loop
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(self._serve())
        except BaseException as exc:  # surfaced to start()
            self._error = exc
            self._ready.set()
        finally:
            loop.close()

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        self._runner = web.AppRunner(self.app, handle_signals=False, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, reuse_address=True)
        await site.start()
        server = site._server
        if self.port == 0 and server is not None and server.sockets:  # type: ignore[attr-defined]
            self.port = int(server.sockets[0].getsockname()[1])  # type: ignore[attr-defined]
        self._ready.set()
        await self._stop.wait()
        await self._runner.cleanup()

    def serve_forever(self) -> None:
        """Foreground mode for the standalone CLI: blocks until interrupted."""
        self.start()
        print(f"listening on {self.url}", flush=True)
        try:
            while self._thread is not None and self._thread.is_alive():
                self._thread.join(timeout=0.5)
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()
