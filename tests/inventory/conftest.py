"""Helpers for the inventory tests: the shipped inventory in a temporary directory, the wizard, the preflight.

Everything runs on the controller: the preflight needs no connection (the memory size is given with
myflix_media_stack_memory_total_mb), and the host address is 127.0.0.1 port 1, where nothing listens, so a
play that went past the preflight could not change anything either.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
WIZARD = REPO / "scripts" / "inventory_wizard.py"
SHIPPED_GROUP_VARS = REPO / "inventory" / "group_vars" / "myflix"
BIN = Path(sys.executable).parent

# Values the user supplies to the wizard (secrets through the environment, never argv).
TOKEN = "123456:TEST-token-for-the-fake-telegram-api"
WIREGUARD_KEY = base64.b64encode(bytes(range(32))).decode()
ADMIN_ID = "424242"
FAST_UUID = "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f"


@dataclass
class Run:
    rc: int
    output: str


def copy_shipped(inventory: Path) -> None:
    """The shipped group_vars, byte for byte, without any real vault a developer may keep there."""
    dest = inventory / "group_vars" / "myflix"
    dest.mkdir(parents=True, exist_ok=True)
    for src in SHIPPED_GROUP_VARS.glob("*.yml"):
        if src.name != "vault.yml":
            shutil.copy2(src, dest / src.name)


def unreachable_hosts(inventory: Path) -> None:
    (inventory / "hosts.yml").write_text(
        "all:\n  children:\n    myflix:\n      hosts:\n        mediapi:\n"
        "          ansible_host: 127.0.0.1\n          ansible_port: 1\n",
        encoding="utf-8",
    )


def wizard_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYFLIX_")}
    env.update(MYFLIX_TELEGRAM_BOT_TOKEN=TOKEN, MYFLIX_VPN_WIREGUARD_PRIVATE_KEY=WIREGUARD_KEY)
    env.update(extra)
    return env


def wizard_args(inventory: Path, password_file: Path) -> list[str]:
    return [
        "--non-interactive",
        "--pi-host",
        "127.0.0.1",
        "--admin-id",
        ADMIN_ID,
        "--fast-disk",
        FAST_UUID,
        "--hdd-disk",
        "LABEL=MYFLIX_HDD",
        "--inventory-dir",
        str(inventory),
        "--vault-password-file",
        str(password_file),
    ]


def run_wizard(args: list[str], env: dict[str, str]) -> Run:
    done = subprocess.run(
        [sys.executable, str(WIZARD), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return Run(done.returncode, done.stdout + done.stderr)


def run_playbook(
    playbook: str,
    inventory: Path,
    *,
    extra_vars: dict[str, object] | None = None,
    password_file: Path | None = None,
    forks: int = 5,
    total_mb: int | None = 3900,
) -> Run:
    cmd = [
        str(BIN / "ansible-playbook"),
        "-v",
        "--forks",
        str(forks),
        "-i",
        str(inventory),
        str(REPO / "playbooks" / playbook),
    ]
    given = dict(extra_vars or {})
    if total_mb is not None:
        given["myflix_media_stack_memory_total_mb"] = total_mb
    if given:
        cmd += ["-e", json.dumps(given)]
    if password_file:
        cmd += ["--vault-password-file", str(password_file)]
    env = dict(
        os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0"
    )
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=False)
    return Run(done.returncode, done.stdout + done.stderr)


def decrypt(vault: Path, password_file: Path) -> str:
    done = subprocess.run(
        [str(BIN / "ansible-vault"), "view", "--vault-password-file", str(password_file), str(vault)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def vault_values(vault: Path, password_file: Path) -> dict[str, str]:
    return yaml.safe_load(decrypt(vault, password_file))


@pytest.fixture
def wizard_inventory(tmp_path: Path) -> Callable[..., tuple[Path, Path]]:
    """What the wizard writes, nothing else: hosts.yml, the vault and the link to the shipped group_vars.

    Returns (inventory dir, password file)."""

    def make(**env: str) -> tuple[Path, Path]:
        inventory = tmp_path / "inventory"
        password_file = tmp_path / "home" / "vault-pass"
        result = run_wizard(wizard_args(inventory, password_file), wizard_env(**env))
        assert result.rc == 0, result.output
        return inventory, password_file

    return make
