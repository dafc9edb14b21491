"""Container health and memory through the Docker socket (the docker SDK is imported only when first used).

Read on the coordinator's interval (``cache.containers_interval``) and cached: a Prometheus scrape or a
/status never calls Docker. Memory comes from one one-shot stats call per running container that has a
limit (``GET /containers/{id}/stats?stream=false&one-shot=true``, allowed read-only by the socket proxy).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from myflix_bot.json_fields import object_field
from myflix_bot.models import ContainerInfo

log = logging.getLogger(__name__)


def memory_in_use(stats: dict[str, Any]) -> int | None:
    """Bytes a container uses as its limit sees them: usage minus the reclaimable inactive page cache
    (cgroup v2 ``inactive_file``, v1 ``total_inactive_file``), as ``docker stats`` shows it."""
    memory = object_field(stats, "memory_stats")
    usage = memory.get("usage")
    if not isinstance(usage, int):
        return None
    detail = object_field(memory, "stats")
    inactive = detail.get("inactive_file", detail.get("total_inactive_file", 0))
    return max(0, usage - (inactive if isinstance(inactive, int) else 0))


def memory_limit(attrs: dict[str, Any]) -> int | None:
    """The container's memory limit in bytes (HostConfig.Memory), None when it has none."""
    limit = object_field(attrs, "HostConfig").get("Memory")
    return limit if isinstance(limit, int) and limit > 0 else None


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
            state = object_field(attrs, "State")
            health = state["Health"].get("Status") if isinstance(state.get("Health"), dict) else None
            status = str(state.get("Status") or c.status)
            limit = memory_limit(attrs)
            used = self._memory(c) if limit is not None and status == "running" else None
            infos.append(
                ContainerInfo(
                    name=c.name,
                    state=status,
                    health=health,
                    memory_bytes=used,
                    memory_limit_bytes=limit if status == "running" else None,
                )
            )
        infos.sort(key=lambda i: i.name)
        return tuple(infos)

    @staticmethod
    def _memory(container: Any) -> int | None:
        try:
            return memory_in_use(container.stats(stream=False, one_shot=True))
        except Exception as exc:  # one container's stats must not hide the others
            log.debug("no memory stats for %s: %s", container.name, type(exc).__name__)
            return None

    async def fetch(self) -> tuple[ContainerInfo, ...]:
        return await asyncio.to_thread(self.read)
