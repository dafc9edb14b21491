"""playbooks/preflight.yml against the shipped inventory: every problem at once, names never values."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from .conftest import (
    REPO,
    TOKEN,
    WIREGUARD_KEY,
    Run,
    copy_shipped,
    run_playbook,
    run_wizard,
    unreachable_hosts,
    vault_values,
    wizard_args,
    wizard_env,
)

EXAMPLE = REPO / "inventory" / "vault.example.yml"
BUILD_PLAY = "PLAY [Build the media host]"


def problems_of(output: str, host: str = "mediapi") -> list[str]:
    """The lines of the host's one preflight failure (the assert's msg list, after its header line)."""
    match = re.search(rf"fatal: \[{host}\]: FAILED! => \n(.*?)\n(?=\S)", output, re.S)
    assert match, f"no preflight failure in:\n{output[-3000:]}"
    msg = yaml.safe_load(match.group(1))["msg"]
    assert isinstance(msg, list), msg
    assert "nothing was changed" in msg[0], msg
    return [" ".join(line.split()) for line in msg[1:]]


def assert_nothing_ran_past_preflight(output: str, host: str = "mediapi") -> None:
    assert BUILD_PLAY not in output, "site.yml went past a failed preflight"
    recap = re.search(rf"{host}\s*: ok=\d+\s+changed=(\d+)", output)
    assert recap, output[-2000:]
    assert recap.group(1) == "0", output[-2000:]


def test_untouched_example_vault_names_every_placeholder_at_once(tmp_path: Path) -> None:
    inventory = tmp_path / "inventory"
    copy_shipped(inventory)
    unreachable_hosts(inventory)
    shutil.copy2(EXAMPLE, inventory / "group_vars" / "myflix" / "vault.yml")
    placeholders = sorted(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))

    result = run_playbook("site.yml", inventory)

    assert result.rc != 0
    assert_nothing_ran_past_preflight(result.output)
    assert result.output.count("fatal: [mediapi]") == 1  # one failure, not one per problem
    report = " ".join(problems_of(result.output))
    for name in placeholders:
        assert f"{name} is still a placeholder" in report
    # the shipped example's other gaps are in the same report
    assert "myflix_bot_admins is empty" in report
    assert "myflix_storage_disks[0] (nvme): uuid is still the example placeholder" in report


def test_wizard_vault_passes(wizard_inventory) -> None:
    inventory, password_file = wizard_inventory()
    result = run_playbook("preflight.yml", inventory, password_file=password_file)
    assert result.rc == 0, result.output[-3000:]
    assert "the inventory is complete" in result.output
    secrets = vault_values(inventory / "group_vars" / "myflix" / "vault.yml", password_file)
    for value in secrets.values():
        assert str(value) not in result.output


# Each broken inventory: the extra vars that break it, and what the report must say.
BROKEN = {
    "no disks": ({"myflix_storage_disks": []}, ["myflix_storage_disks is empty"]),
    "disk by /dev/sda": (
        {"myflix_storage_disks": [{"name": "hdd", "device": "/dev/sda", "mount_point": "/srv/hdd"}]},
        [
            "myflix_storage_disks[0] (hdd): unknown key device"
            " (a disk is declared by uuid or label, never by its /dev name)",
            "myflix_storage_disks[0] (hdd): set exactly one of uuid or label",
        ],
    ),
    "uuid set to /dev/sda": (
        {"myflix_storage_disks": [{"name": "nvme", "uuid": "/dev/sda1", "mount_point": "/srv/fast"}]},
        ["myflix_storage_disks[0] (nvme): a /dev/ name changes between boots"],
    ),
    "unknown media server": (
        {"myflix_media_stack_media_server": "emby"},
        ["argument spec: value of myflix_media_stack_media_server must be one of: jellyfin, plex"],
    ),
    "empty admin list": ({"myflix_bot_admins": []}, ["myflix_bot_admins is empty"]),
    "admin id not a number": (
        {"myflix_bot_admins": ["@me"]},
        ["myflix_bot_admins must be a list of Telegram user ids"],
    ),
    "unknown VPN type": (
        {"myflix_media_stack_vpn_type": "ipsec"},
        ["argument spec: value of myflix_media_stack_vpn_type must be one of: wireguard, openvpn"],
    ),
    "openvpn without its credentials": (
        {"myflix_media_stack_vpn_type": "openvpn"},
        ["vault_vpn_openvpn_user is missing or empty", "vault_vpn_openvpn_password is missing or empty"],
    ),
    "bad bot token": (
        {"vault_telegram_bot_token": "not-a-token-SECRETVALUE"},
        ["vault_telegram_bot_token does not look"],
    ),
    "short Grafana password": (
        {"vault_grafana_admin_password": "SECRETshort"},
        ["vault_grafana_admin_password (myflix_monitoring_grafana_admin_password) needs 12 characters"],
    ),
    "role argument spec": (
        {"myflix_docker_source": "snap"},
        ["argument spec: value of myflix_docker_source must be one of"],
    ),
    "memory budget above a 4 GB host": (
        {"myflix_media_stack_memory_overrides": {"jellyfin": {"limit": 2048}}},
        ["myflix_media_stack_memory: the services' limits add up to 3744 MB, but this 3900 MB host keeps"],
    ),
    "memory override of an unknown service": (
        {"myflix_media_stack_memory_overrides": {"emby": {"limit": 64}}},
        ["myflix_media_stack_memory_overrides: unknown service emby"],
    ),
}


@pytest.fixture(scope="module")
def broken_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, dict[str, str]]:
    """One site.yml run over one host per broken case (host vars break it), in parallel; and the vault."""
    tmp = tmp_path_factory.mktemp("broken")
    inventory, password_file = tmp / "inventory", tmp / "vault-pass"
    assert run_wizard(wizard_args(inventory, password_file), wizard_env()).rc == 0
    answers = wizard_answers(inventory)
    hosts = {host_name(case): {**answers, "ansible_port": 1} for case in BROKEN}
    (inventory / "hosts.yml").write_text(
        yaml.safe_dump({"all": {"children": {"myflix": {"hosts": hosts}}}}), encoding="utf-8"
    )
    (inventory / "host_vars").mkdir()
    for case, (extra, _expected) in BROKEN.items():
        (inventory / "host_vars" / f"{host_name(case)}.yml").write_text(
            yaml.safe_dump(extra), encoding="utf-8"
        )
    result = run_playbook("site.yml", inventory, password_file=password_file, forks=len(BROKEN))
    return result, vault_values(inventory / "group_vars" / "myflix" / "vault.yml", password_file)


def wizard_answers(inventory: Path) -> dict[str, object]:
    """The host variables the wizard wrote for its Pi (hosts.yml), to give each test host."""
    hosts = yaml.safe_load((inventory / "hosts.yml").read_text(encoding="utf-8"))
    return dict(hosts["all"]["children"]["myflix"]["hosts"]["mediapi"])


def host_name(case: str) -> str:
    return "broken-" + re.sub(r"[^a-z0-9]+", "-", case.lower()).strip("-")


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_inventory_fails_with_the_right_message_and_changes_nothing(
    broken_run: tuple[Run, dict[str, str]], case: str
) -> None:
    result, secrets = broken_run
    host = host_name(case)
    extra, expected = BROKEN[case]

    assert result.rc != 0
    assert_nothing_ran_past_preflight(result.output, host)
    report = problems_of(result.output, host)
    joined = " ".join(report)
    for message in expected:
        assert message in joined, report
    assert len(report) == len(expected), report  # the other settings are fine: no noise
    for value in [
        *secrets.values(),
        TOKEN,
        WIREGUARD_KEY,
        *(v for v in extra.values() if "SECRET" in str(v)),
    ]:
        assert str(value) not in result.output, f"{case}: a secret reached the output"


def test_default_memory_budget_fits_2_4_and_8_gb_hosts(wizard_inventory) -> None:
    """The positive twin of the budget refusal: each profile's defaults pass on its host size."""
    inventory, password_file = wizard_inventory()
    answers = wizard_answers(inventory)
    hosts, host_vars = {}, inventory / "host_vars"
    host_vars.mkdir()
    for total_mb in (1900, 3900, 7800):
        for server in ("jellyfin", "plex"):
            name = f"mem-{total_mb}-{server}"
            hosts[name] = {**answers, "ansible_port": 1}
            values: dict[str, object] = {
                "myflix_media_stack_memory_total_mb": total_mb,
                "myflix_media_stack_media_server": server,
            }
            if server == "plex":
                values["vault_plex_claim"] = "claim-abcdefghijklmnop"
            (host_vars / f"{name}.yml").write_text(yaml.safe_dump(values), encoding="utf-8")
    (inventory / "hosts.yml").write_text(yaml.safe_dump({"all": {"children": {"myflix": {"hosts": hosts}}}}))
    result = run_playbook(
        "preflight.yml", inventory, password_file=password_file, forks=len(hosts), total_mb=None
    )
    assert result.rc == 0, result.output[-3000:]
    assert result.output.count("the inventory is complete") == len(hosts)
