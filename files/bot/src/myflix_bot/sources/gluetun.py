"""Gluetun's control server: VPN status, public IP and forwarded port (v3.40 and v3.41+ routes)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from myflix_bot.config import GluetunConfig
from myflix_bot.models import VpnData
from myflix_bot.sources.arr import SourceError


class GluetunSource:
    name = "gluetun"

    def __init__(self, config: GluetunConfig, http: httpx.AsyncClient | None = None) -> None:
        self._config = config
        self._http = http or httpx.AsyncClient(timeout=config.timeout, follow_redirects=False)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _get(self, path: str, *, missing_ok: bool = False) -> Any:
        headers = {"Accept": "application/json"}
        if self._config.api_key:
            headers["X-API-Key"] = self._config.api_key.reveal()
        try:
            resp = await self._http.get(
                f"{self._config.url}{path}", headers=headers, timeout=self._config.timeout
            )
        except httpx.HTTPError as exc:
            raise SourceError(f"Gluetun: {type(exc).__name__}") from None
        if missing_ok and resp.status_code in (301, 404):
            return None
        if resp.status_code == 401:
            raise SourceError("Gluetun: HTTP 401 (check the API key)")
        if resp.status_code >= 400:
            raise SourceError(f"Gluetun: HTTP {resp.status_code} on {path}")
        try:
            data = resp.json()
        except ValueError:
            raise SourceError(f"Gluetun: answer to {path} is not JSON") from None
        if not isinstance(data, dict):
            raise SourceError(f"Gluetun: answer to {path} is not an object")
        return data

    async def forwarded_port(self) -> int | None:
        """The first forwarded port, None when none. Tries v3.41+ then the v3.40 route."""
        data = await self._get("/v1/portforward", missing_ok=True)
        if data is None:
            data = await self._get("/v1/openvpn/portforwarded")
        ports = data.get("ports")
        port = data.get("port")
        if isinstance(ports, list) and ports and isinstance(ports[0], int):
            port = ports[0]
        return port if isinstance(port, int) and not isinstance(port, bool) and port > 0 else None

    async def fetch(self) -> VpnData:
        status, ip, port = await asyncio.gather(
            self._get("/v1/vpn/status"), self._get("/v1/publicip/ip"), self.forwarded_port()
        )
        public_ip = ip.get("public_ip")
        return VpnData(
            status=str(status.get("status") or "unknown"),
            public_ip=public_ip if isinstance(public_ip, str) and public_ip else None,
            forwarded_port=port,
        )
