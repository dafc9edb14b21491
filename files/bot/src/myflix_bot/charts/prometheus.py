"""The bot's one client of Prometheus' HTTP API: ``query_range`` over the standard library, called in a
worker thread (a chart is rare: no session is kept, no library loaded at idle)."""

from __future__ import annotations

import json
import math
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

MAX_BODY = 8 * 1024 * 1024


class PrometheusError(Exception):
    """Prometheus could not be reached (``kind`` "unreachable" or "timeout"), answered an HTTP error
    ("http", ``detail`` the status) or something that is not a query result ("answer"). ``detail`` is
    for the log; the user gets a text for the kind."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True, slots=True)
class Series:
    labels: dict[str, str]
    points: tuple[tuple[float, float], ...]  # (unix time, value), NaN/Inf dropped


class PrometheusClient:
    def __init__(self, url: str, timeout: float = 10.0) -> None:
        if not url.startswith(("http://", "https://")):
            raise ValueError("Prometheus' URL must be http(s)")
        self.url = url.rstrip("/")
        self.timeout = timeout
        # loopback only: never through a proxy from the environment
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def query_range(self, query: str, start: float, end: float, step: float) -> list[Series]:
        params = urllib.parse.urlencode(
            {"query": query, "start": f"{start:.3f}", "end": f"{end:.3f}", "step": f"{step:g}"}
        )
        url = f"{self.url}/api/v1/query_range?{params}"
        request = urllib.request.Request(url)  # noqa: S310 - http(s) only, checked above
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                body = json.loads(response.read(MAX_BODY))
        except urllib.error.HTTPError as exc:
            detail = _error_of(exc)
            raise PrometheusError("http", f"{exc.code}{': ' + detail if detail else ''}") from None
        except TimeoutError as exc:
            raise PrometheusError("timeout", str(exc) or "timed out") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            kind = "timeout" if isinstance(reason, TimeoutError) else "unreachable"
            raise PrometheusError(kind, str(reason) or type(exc).__name__) from None
        except ValueError:
            raise PrometheusError("answer", "not JSON") from None
        if not isinstance(body, dict) or body.get("status") != "success":
            raise PrometheusError(
                "answer", str(body.get("error") if isinstance(body, dict) else "bad answer")
            )
        data = body.get("data") or {}
        if data.get("resultType") != "matrix":
            raise PrometheusError("answer", f"unexpected result type {data.get('resultType')!r}")
        out = []
        for item in data.get("result") or []:
            points = []
            for ts, raw in item.get("values") or []:
                value = float(raw)
                if math.isfinite(value):
                    points.append((float(ts), value))
            out.append(Series(dict(item.get("metric") or {}), tuple(points)))
        return out


def _error_of(exc: urllib.error.HTTPError) -> str:
    try:
        body = json.loads(exc.read(65536))
    except (ValueError, OSError):
        return ""
    return str(body.get("error", ""))[:200] if isinstance(body, dict) else ""
