"""The end-to-end scenario proves the shipped inventory: its only additions are named lab necessities."""

from __future__ import annotations

import re

import yaml

from .conftest import REPO

SCENARIO_VARS = REPO / "molecule" / "default" / "group_vars" / "myflix"
LAB_ONLY = SCENARIO_VARS / "lab_only.yml"
SHIPPED = REPO / "inventory" / "group_vars" / "myflix"

# The explicit list: what a lab needs and a Pi never does (a new entry needs a reason here and in the file).
LAB_ONLY_VARIABLES = {
    "myflix_storage_disks",  # the loop devices of create.yml
    "myflix_docker_source",  # Docker's apt repository is not reachable offline
    "myflix_media_stack_pull",  # no registry: stand-in images are side-loaded
    "myflix_media_stack_gluetun_devices",  # no /dev/net/tun in a container
    "myflix_media_stack_prowlarr_force_save",  # the Prowlarr stand-in tests loopback URLs only
    "myflix_monitoring_telegram_api_url",  # the Telegram fake
    "myflix_bot_telegram_base_url",  # the Telegram fake
    "myflix_bot_admins",  # the Telegram fake's user and chat
    "myflix_bot_pip_extra_args",  # the wheelhouse: no PyPI inside the test host
    # the disk admission's floors and margins sized to the loop disks (~5.5 GB, ~906 MB): the shipped 20 GB /
    # 50 GB floors are above their size, so every download of `make try` would be held as misconfigured;
    # a Pi keeps the role's defaults (test_the_lab_disk_tiers_differ_from_the_shipped_ones_by_size_only)
    "myflix_bot_disk_tiers",
}


def test_lab_file_sets_only_listed_lab_variables() -> None:
    names = set(yaml.safe_load(LAB_ONLY.read_text(encoding="utf-8")))
    assert names <= LAB_ONLY_VARIABLES, f"not lab-only variables: {sorted(names - LAB_ONLY_VARIABLES)}"
    assert not any(name.startswith("vault_") for name in names)


def test_each_lab_variable_carries_its_reason() -> None:
    lines = LAB_ONLY.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines):
        match = re.match(r"^([a-z_][a-z0-9_]*):", line)
        if not match:
            continue
        previous = lines[number - 1] if number else ""
        assert " # " in line or previous.startswith("#"), f"{match.group(1)} has no one-line reason"


def test_scenario_inventory_is_the_shipped_one_plus_the_lab_file() -> None:
    """Every shipped group_vars file is linked, nothing else is committed next to lab_only.yml."""
    shipped = sorted(p.name for p in SHIPPED.glob("*.yml") if p.name != "vault.yml")
    links = sorted(p for p in SCENARIO_VARS.iterdir() if p.name.startswith("00-shipped-"))
    assert [p.name.removeprefix("00-shipped-") for p in links] == shipped
    for link in links:
        assert link.is_symlink()
        assert link.resolve() == (SHIPPED / link.name.removeprefix("00-shipped-")).resolve()
    others = (
        {p.name for p in SCENARIO_VARS.iterdir()} - {p.name for p in links} - {"lab_only.yml", "vault.yml"}
    )
    assert not others, f"the scenario may add only lab_only.yml (and the wizard's vault.yml): {others}"
    assert sorted(p.name for p in SCENARIO_VARS.parent.iterdir()) == ["myflix"]
    # the lab file sorts after the shipped links, so its values are the ones the scenario uses
    assert all(link.name < "lab_only.yml" for link in links)


def test_scenario_sets_no_inline_inventory() -> None:
    config = yaml.safe_load((REPO / "molecule" / "default" / "molecule.yml").read_text(encoding="utf-8"))
    inventory = config.get("provisioner", {}).get("inventory", {})
    assert set(inventory) <= {"links"}
    assert set(inventory.get("links", {})) <= {"group_vars"}


def test_the_lab_disk_tiers_differ_from_the_shipped_ones_by_size_only() -> None:
    """The lab's tiers are the role's (names, paths, percent floors) with byte floors and margins that fit
    its loop disks (create.yml's sizes) with room to spare, so the try host admits downloads; the role's
    defaults, which a Pi keeps, would not fit them (which is why the lab sets its own)."""
    lab = yaml.safe_load(LAB_ONLY.read_text(encoding="utf-8"))["myflix_bot_disk_tiers"]
    role = yaml.safe_load(
        (REPO / "roles" / "myflix_bot" / "defaults" / "main.yml").read_text(encoding="utf-8")
    )
    shipped = role["myflix_bot_disk_tiers"]
    sized = ("floor_bytes", "hysteresis_bytes")
    assert [{k: v for k, v in t.items() if k not in sized} for t in lab] == [
        {k: v for k, v in t.items() if k not in sized} for t in shipped
    ]
    create = yaml.safe_load((REPO / "molecule" / "default" / "create.yml").read_text(encoding="utf-8"))
    units = {"G": 1 << 30, "M": 1 << 20}
    disks = {
        name: int(size[:-1]) * units[size[-1]] for name, size in create[0]["vars"]["e2e_disk_sizes"].items()
    }

    def asks(tier: dict, size: int) -> int:  # the floor and margin, as the bot counts them
        return max(tier["floor_bytes"], tier["floor_percent"] * size // 100) + tier["hysteresis_bytes"]

    for tier in lab:  # at most a third of the disk: ext4's reserve, the inner engine's images, a download
        assert asks(tier, disks[tier["name"]]) <= disks[tier["name"]] // 3, tier["name"]
    assert all(asks(tier, disks[tier["name"]]) >= disks[tier["name"]] for tier in shipped)
