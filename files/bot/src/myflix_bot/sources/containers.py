"""Container health through the Docker socket (the docker SDK is imported only when first used)."""

from __future__ import annotations

import asyncio
from typing import Any

from myflix_bot.models import ContainerInfo


class ContainersSource:
    name = "containers"

    def __init__(self, socket_path: str) -> None:
        self._socket = socket_path
        self._client: Any = None

    def client(self) -> Any:
        if self._client is None:
            import docker  # noqa: PLC0415 - heavy, lazy on purpose

            self._client = docker.DockerClient(base_url=f"unix://{self._socket}", timeout=10)
        return self._client

    def read(self) -> tuple[ContainerInfo, ...]:
        infos = []
        for c in self.client().containers.list(all=True):
            attrs = c.attrs if isinstance(c.attrs, dict) else {}
            state = attrs.get("State") if isinstance(attrs.get("State"), dict) else {}
            health = state.get("Health", {}).get("Status") if isinstance(state.get("Health"), dict) else None
            infos.append(
                ContainerInfo(name=c.name, state=str(state.get("Status") or c.status), health=health)
            )
        infos.sort(key=lambda i: i.name)
        return tuple(infos)

    async def fetch(self) -> tuple[ContainerInfo, ...]:
        return await asyncio.to_thread(self.read)
