"""The AI worker: a small authenticated HTTP service (``myflix-ai-worker``) that upscales the frames and clips
the preview process sends. Standard library HTTP server; one job at a time (a second one gets 503); every
route needs ``Authorization: Bearer <token>`` (compared in constant time; 401 otherwise). Plain HTTP: it
is meant for a private network (the role binds it to the worker's private address; see the README)."""

from __future__ import annotations

import argparse
import hmac
import io
import json
import logging
import os
import sys
import tempfile
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NamedTuple
from urllib.parse import parse_qs, urlsplit

from PIL import Image

from myflix_bot.preview.compose import png_bytes
from myflix_bot.preview.frames import decode_clip, encode_clip
from myflix_bot.preview.models import WORKER_MODEL
from myflix_bot.preview.spec import CLIP_SECONDS, MAX_LINES, PreviewError
from myflix_bot.preview.upscale import Upscaler

log = logging.getLogger("myflix.ai_worker")
MAX_IMAGE_BYTES = 16 << 20
MAX_CLIP_BYTES = 64 << 20
MAX_PIXELS = 1920 * 1080


class Reply(NamedTuple):
    status: int
    body: bytes
    content_type: str
    headers: dict[str, str] | None = None


def json_reply(status: int, data: dict[str, object]) -> Reply:
    return Reply(status, json.dumps(data).encode(), "application/json")


class WorkerState:
    def __init__(self, upscaler: Upscaler, token: str) -> None:
        self.upscaler = upscaler
        self.token = token.encode()
        self.busy = threading.Lock()
        self.served = 0


class Handler(BaseHTTPRequestHandler):
    server_version = "myflix-ai-worker"
    state: WorkerState

    def log_message(self, format: str, *args: object) -> None:
        log.info("%s %s", self.address_string(), format % args)

    def _send(
        self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: dict[str, object]) -> None:
        self._send(*json_reply(status, data))

    def _authorized(self) -> bool:
        header = self.headers.get("Authorization", "")
        given = header[7:].encode() if header.startswith("Bearer ") else b""
        if given and hmac.compare_digest(given, self.state.token):
            return True
        self._json(HTTPStatus.UNAUTHORIZED, {"error": "unauthorized"})
        return False

    def _body(self, limit: int) -> bytes | None:
        length = int(self.headers.get("Content-Length") or 0)
        if length <= 0 or length > limit:
            self._json(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE if length else HTTPStatus.BAD_REQUEST,
                {"error": "body size"},
            )
            return None
        return self.rfile.read(length)

    def _model_ok(self) -> bool:
        wanted = parse_qs(urlsplit(self.path).query).get("model", [""])[0]
        if wanted and wanted != self.state.upscaler.model.name:
            self._json(
                HTTPStatus.BAD_REQUEST, {"error": f"this worker serves {self.state.upscaler.model.name}"}
            )
            return False
        return True

    def _headers(self, ms: float) -> dict[str, str]:
        upscaler = self.state.upscaler
        return {
            "X-Myflix-Ms": f"{ms:.1f}",
            "X-Myflix-Model": upscaler.model.name,
            "X-Myflix-Device": upscaler.device,
        }

    def do_GET(self) -> None:
        if not self._authorized():
            return
        if urlsplit(self.path).path != "/v1/health":
            self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})
            return
        upscaler = self.state.upscaler
        self._json(
            HTTPStatus.OK,
            {
                "status": "ok",
                "model": upscaler.model.name,
                "device": upscaler.device,
                "served": self.state.served,
            },
        )

    def do_POST(self) -> None:
        if not self._authorized():
            return
        route = urlsplit(self.path).path
        if route not in ("/v1/upscale", "/v1/clip"):
            self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})
            return
        if not self._model_ok():
            return
        body = self._body(MAX_IMAGE_BYTES if route == "/v1/upscale" else MAX_CLIP_BYTES)
        if body is None:
            return
        if not self.state.busy.acquire(blocking=False):
            self._json(HTTPStatus.SERVICE_UNAVAILABLE, {"error": "busy"})
            return
        try:
            reply = self._work(route, body)
        finally:
            # free the slot before the answer leaves: a client that sends its next job the moment it holds
            # this answer must not find the worker still "busy" with the job it already has
            self.state.busy.release()
        self._send(*reply)

    def _work(self, route: str, body: bytes) -> Reply:
        try:
            reply = self._upscale(body) if route == "/v1/upscale" else self._clip(body)
        except PreviewError as exc:
            return json_reply(HTTPStatus.UNPROCESSABLE_ENTITY, {"error": exc.code, "detail": exc.detail})
        except (OSError, ValueError) as exc:
            return json_reply(HTTPStatus.BAD_REQUEST, {"error": type(exc).__name__})
        if reply.status == HTTPStatus.OK:
            self.state.served += 1
        return reply

    def _upscale(self, body: bytes) -> Reply:
        image = Image.open(io.BytesIO(body))
        if image.width * image.height > MAX_PIXELS:
            return json_reply(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": "image too large"})
        started = time.perf_counter()
        result = self.state.upscaler.upscale(image.convert("RGB"))
        ms = (time.perf_counter() - started) * 1000
        return Reply(HTTPStatus.OK, png_bytes(result), "image/png", self._headers(ms))

    def _clip(self, body: bytes) -> Reply:
        with tempfile.NamedTemporaryFile(suffix=".mp4") as source:
            source.write(body)
            source.flush()
            images, fps = decode_clip(source.name, 0.0, CLIP_SECONDS, MAX_LINES)
        started = time.perf_counter()
        upscaled = [self.state.upscaler.upscale(image) for image in images]
        ms = (time.perf_counter() - started) * 1000 / max(1, len(images))
        return Reply(HTTPStatus.OK, encode_clip(upscaled, fps), "video/mp4", self._headers(ms))


def serve(host: str, port: int, upscaler: Upscaler, token: str) -> ThreadingHTTPServer:
    """A started server (its thread is a daemon); ``shutdown()`` stops it."""
    handler = type("BoundHandler", (Handler,), {"state": WorkerState(upscaler, token)})
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, name="ai-worker", daemon=True).start()
    return server


def _token(token_file: str) -> str:
    token = os.environ.get("MYFLIX_AI_WORKER_TOKEN", "")
    if token_file:
        with open(token_file, encoding="utf-8") as handle:
            token = handle.read().strip()
    return token


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="myflix-ai-worker", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--model", default=WORKER_MODEL)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--tile", type=int, default=256)
    parser.add_argument("--gpu", choices=("auto", "off"), default="auto")
    parser.add_argument(
        "--token-file", default="", help="file holding the token (else MYFLIX_AI_WORKER_TOKEN)"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s", stream=sys.stderr)
    token = _token(args.token_file)
    if len(token) < 16:
        print("myflix-ai-worker: a token of at least 16 characters is required", file=sys.stderr)
        return 2
    try:
        upscaler = Upscaler(args.model, threads=args.threads, tile=args.tile, use_gpu=args.gpu == "auto")
    except PreviewError as exc:
        print(f"myflix-ai-worker: {exc}", file=sys.stderr)
        return 2
    server = serve(args.host, args.port, upscaler, token)
    log.info("serving %s on %s:%d (%s)", upscaler.model.name, args.host, args.port, upscaler.device)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
