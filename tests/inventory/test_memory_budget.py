"""The rendered compose project carries every service's memory limit, and the 4 GB budget fits its host."""

from __future__ import annotations

import pytest
import yaml
from myflix_testkit.role_render import render_templates

from .conftest import REPO

ROLE = REPO / "roles" / "myflix_media_stack"
MB = 1024 * 1024


CASES: dict[str, dict[str, object]] = {
    "2gb": {"myflix_media_stack_memory_total_mb": 1900},
    "4gb": {"myflix_media_stack_memory_total_mb": 3900},
    "8gb": {"myflix_media_stack_memory_total_mb": 7800},
    "4gb-override": {
        "myflix_media_stack_memory_total_mb": 3900,
        "myflix_media_stack_memory_overrides": {"jellyfin": {"limit": 640}},
    },
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """compose.yml.j2 through ansible's template action with the role's defaults and vars, once per case
    (task vars, which win over the defaults as inventory values would), in one ansible run."""
    texts = render_templates(
        ROLE,
        {f"{case}.yml": ("compose.yml.j2", values) for case, values in CASES.items()},
        tmp_path_factory.mktemp("compose"),
    )
    return {case: yaml.safe_load(texts[f"{case}.yml"]) for case in CASES}


def megabytes(value: str) -> int:
    assert value.endswith("m"), value
    return int(value[:-1])


@pytest.mark.parametrize(
    ("case", "total_mb", "limits_sum"), [("2gb", 1900, 928), ("4gb", 3900, 2592), ("8gb", 7800, 5280)]
)
def test_every_service_has_a_limit_and_a_reservation_that_fit_the_host(
    rendered: dict[str, dict], case: str, total_mb: int, limits_sum: int
) -> None:
    compose = rendered[case]
    services = compose["services"]
    assert set(services) == {
        "gluetun",
        "qbittorrent",
        "prowlarr",
        "radarr",
        "sonarr",
        "jellyfin",
        "docker-proxy",
    }
    for name, service in services.items():
        limit, reservation = megabytes(service["mem_limit"]), megabytes(service["mem_reservation"])
        assert 0 < reservation <= limit, name
    total = sum(megabytes(s["mem_limit"]) for s in services.values())
    assert total == limits_sum  # the documented sums (README, defaults/main/memory.yml)
    reserve = 256 + 256 + 128 + 128 + total_mb // 10  # OS, monitoring, bot, Grafana, page cache
    assert total <= total_mb - reserve


def test_an_override_changes_only_its_service(rendered: dict[str, dict]) -> None:
    compose = rendered["4gb-override"]
    assert compose["services"]["jellyfin"]["mem_limit"] == "640m"
    assert compose["services"]["jellyfin"]["mem_reservation"] == "256m"  # kept from the 4 GB profile
    assert compose["services"]["radarr"]["mem_limit"] == "384m"
