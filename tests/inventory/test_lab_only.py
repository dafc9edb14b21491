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
