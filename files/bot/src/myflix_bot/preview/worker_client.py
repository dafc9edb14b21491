"""The one client of the AI worker's HTTP API (standard library only). The preview process uses it; the
worker's side is ``worker.py``. Every failure is a ``WorkerUnavailable`` with a short reason, so the caller
can fall back to the local backend and say why."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

from myflix_bot.preview.spec import WorkerTarget


class WorkerUnavailable(Exception):
    """The worker did not serve the request; ``reason``: down, timeout, refused_token, busy or error."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class WorkerClient:
    def __init__(self, target: WorkerTarget) -> None:
        if not target.url.startswith(("http://", "https://")):
            raise ValueError(f"the worker URL must be http(s): {target.url!r}")
        self.target = target
        self.base = target.url.rstrip("/")
        self.last_ms = 0.0
        self.device = ""
        self.model = ""

    def _call(self, path: str, body: bytes | None, content_type: str) -> tuple[bytes, dict[str, str]]:
        request = urllib.request.Request(  # noqa: S310 - http(s) only, checked in __init__
            self.base + path,
            data=body,
            method="POST" if body is not None else "GET",
            headers={"Authorization": f"Bearer {self.target.token}", "Content-Type": content_type},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.target.timeout) as response:  # noqa: S310 - http(s) only, checked above
                return response.read(), {k.lower(): v for k, v in response.headers.items()}
        except urllib.error.HTTPError as exc:
            reason = {401: "refused_token", 403: "refused_token", 503: "busy"}.get(exc.code, "error")
            raise WorkerUnavailable(reason, f"HTTP {exc.code}") from None
        except TimeoutError:
            raise WorkerUnavailable("timeout", f"{self.target.timeout:g}s") from None
        except (urllib.error.URLError, OSError) as exc:
            cause = getattr(exc, "reason", exc)
            if isinstance(cause, TimeoutError):
                raise WorkerUnavailable("timeout", f"{self.target.timeout:g}s") from None
            raise WorkerUnavailable("down", str(cause)) from None

    def health(self) -> dict[str, object]:
        body, _ = self._call("/v1/health", None, "application/json")
        return dict(json.loads(body))

    def _model_query(self) -> str:
        return f"?model={self.target.model}" if self.target.model else ""

    def upscale_png(self, png: bytes) -> bytes:
        started = time.perf_counter()
        body, headers = self._call("/v1/upscale" + self._model_query(), png, "image/png")
        self.last_ms = float(headers.get("x-myflix-ms") or (time.perf_counter() - started) * 1000)
        self.device = headers.get("x-myflix-device", "")
        self.model = headers.get("x-myflix-model", "")
        return body

    def upscale_clip(self, mp4: bytes) -> bytes:
        started = time.perf_counter()
        body, headers = self._call("/v1/clip" + self._model_query(), mp4, "video/mp4")
        self.last_ms = float(headers.get("x-myflix-ms") or (time.perf_counter() - started) * 1000)
        self.device = headers.get("x-myflix-device", "")
        self.model = headers.get("x-myflix-model", "")
        return body
