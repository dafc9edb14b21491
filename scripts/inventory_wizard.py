#!/usr/bin/env python3
"""First-run wizard (`make inventory`): writes a new user's inventory in one go, as that user, no root.

It asks for the Pi's address and SSH user, the VPN provider, type and secret, the Telegram bot token, the
admin's Telegram user id, the media server and the disks (optionally listed over SSH with lsblk), generates
every random secret with `secrets`, and writes the user's own inventory, by default in inventory/local/
(git-ignored, so no tracked file changes; ansible.cfg reads inventory/local/hosts.yml), or in --inventory-dir:

    INVENTORY/hosts.yml                        the Pi, with this Pi's answers as host variables
    INVENTORY/group_vars/myflix/vault.yml      every vault_* value, encrypted with ansible-vault
    INVENTORY/group_vars/myflix/00-shipped     a link to the shipped inventory/group_vars/myflix, loaded
                                               first; the user's own group_vars/myflix/*.yml override it

The vault password file is created with mode 0600 when it does not exist (or the named one is used).
No secret is ever printed, and none is taken from the command line (the process list): secrets come from
the environment, a KEY=VALUE file (--secrets-file) or a hidden prompt. An existing inventory (hosts.yml or
vault) is kept unless --force; the shipped example inventory/ itself is never written. Every question has
a flag and an environment variable, so the wizard also runs unattended:

    MYFLIX_TELEGRAM_BOT_TOKEN=... MYFLIX_VPN_WIREGUARD_PRIVATE_KEY=... \\
      python scripts/inventory_wizard.py --non-interactive --pi-host 192.168.1.50 --admin-id 12345 \\
      --fast-disk 3f1c...-uuid --hdd-disk LABEL=MYFLIX_HDD
"""

from __future__ import annotations

import argparse
import base64
import binascii
import getpass
import json
import os
import re
import secrets
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHIPPED_INVENTORY = REPO / "inventory"
SHIPPED_GROUP_VARS = SHIPPED_INVENTORY / "group_vars" / "myflix"
DEFAULT_INVENTORY = SHIPPED_INVENTORY / "local"
SHIPPED_LINK = "00-shipped"  # sorts before the user's own group_vars files, which therefore win
DEFAULT_PASSWORD_FILE = Path("~/.config/myflix/vault-pass")
LSBLK = ["lsblk", "-o", "NAME,SIZE,MODEL,UUID,LABEL,FSTYPE"]

UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
SHORT_UUID_RE = re.compile(r"^[0-9a-fA-F]{4}-[0-9a-fA-F]{4}$")  # vfat/exfat
TOKEN_RE = re.compile(r"^[0-9]{3,}:[A-Za-z0-9_-]{20,}$")
HOST_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.:-]*$")
USER_RE = re.compile(r"^[a-z_][a-z0-9_-]*$")
PROVIDER_RE = re.compile(r"^[a-z0-9][a-z0-9 _-]*$")


class WizardError(Exception):
    """A problem the user must fix; the message names the setting, never a secret value."""


@dataclass(frozen=True)
class Question:
    """One answer: its flag/attribute, its environment variable, the prompt and how to check it."""

    name: str
    env: str
    prompt: str
    check: Callable[[str], str | None]  # returns an error text or None
    secret: bool = False
    default: str | None = None
    optional: bool = False


def _check_host(value: str) -> str | None:
    return None if HOST_RE.match(value) else "an IP address or host name"


def _check_user(value: str) -> str | None:
    return None if USER_RE.match(value) else "a Unix user name"


def _check_provider(value: str) -> str | None:
    return None if PROVIDER_RE.match(value) else "a Gluetun provider name, for example protonvpn"


def _choice(*choices: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        return None if value in choices else "one of " + ", ".join(choices)

    return check


def _check_admin(value: str) -> str | None:
    return None if value.isdigit() and int(value) > 0 else "a positive Telegram user id (ask @userinfobot)"


def _check_token(value: str) -> str | None:
    return None if TOKEN_RE.match(value) else "a bot token from @BotFather (digits, a colon, then the key)"


def _check_wireguard_key(value: str) -> str | None:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    return None if len(raw) == 32 else "a WireGuard private key (44 base64 characters)"


def _check_not_empty(value: str) -> str | None:
    return None if value.strip() else "a value"


def _check_disk(value: str) -> str | None:
    return None if disk_identity(value) else "a filesystem UUID or LABEL=name (never /dev/sdX)"


def _check_optional_disk(value: str) -> str | None:
    return None if value == "none" or disk_identity(value) else "a UUID, LABEL=name, or none"


def disk_identity(value: str) -> dict[str, str] | None:
    """{'uuid': ...} or {'label': ...} for a UUID or LABEL=name; None for anything else."""
    if value.upper().startswith("UUID="):
        value = value[5:]
    if UUID_RE.match(value) or SHORT_UUID_RE.match(value):
        return {"uuid": value.lower()}
    if value.upper().startswith("LABEL=") and re.match(r"^[A-Za-z0-9_.-]{1,16}$", value[6:]):
        return {"label": value[6:]}
    return None


QUESTIONS = [
    Question("pi_host", "MYFLIX_PI_HOST", "The Pi's address (IP or host name)", _check_host),
    Question("pi_user", "MYFLIX_PI_USER", "SSH user on the Pi (sudo-capable)", _check_user, default="pi"),
    Question(
        "vpn_provider",
        "MYFLIX_VPN_PROVIDER",
        "VPN provider (Gluetun name)",
        _check_provider,
        default="protonvpn",
    ),
    Question("vpn_type", "MYFLIX_VPN_TYPE", "VPN type", _choice("wireguard", "openvpn"), default="wireguard"),
    Question("admin_id", "MYFLIX_ADMIN_ID", "Your Telegram user id (the first admin)", _check_admin),
    Question(
        "media_server", "MYFLIX_MEDIA_SERVER", "Media server", _choice("jellyfin", "plex"), default="jellyfin"
    ),
    Question("fast_disk", "MYFLIX_FAST_DISK", "NVMe data filesystem (UUID or LABEL=name)", _check_disk),
    Question(
        "hdd_disk", "MYFLIX_HDD_DISK", "USB HDD filesystem (UUID, LABEL=name or none)", _check_optional_disk
    ),
]
# Secrets: environment, --secrets-file or a hidden prompt; never a flag (argv is visible to every user).
SECRET_QUESTIONS = {
    "telegram_bot_token": Question(
        "telegram_bot_token", "MYFLIX_TELEGRAM_BOT_TOKEN", "Telegram bot token", _check_token, secret=True
    ),
    "wireguard": Question(
        "vpn_wireguard_private_key",
        "MYFLIX_VPN_WIREGUARD_PRIVATE_KEY",
        "WireGuard private key",
        _check_wireguard_key,
        secret=True,
    ),
    "openvpn_user": Question(
        "vpn_openvpn_user", "MYFLIX_VPN_OPENVPN_USER", "OpenVPN user", _check_not_empty, secret=True
    ),
    "openvpn_password": Question(
        "vpn_openvpn_password",
        "MYFLIX_VPN_OPENVPN_PASSWORD",
        "OpenVPN password",
        _check_not_empty,
        secret=True,
    ),
    "plex_claim": Question(
        "plex_claim",
        "MYFLIX_PLEX_CLAIM",
        "Plex claim token (https://plex.tv/claim)",
        _check_not_empty,
        secret=True,
    ),
    "gemini": Question(
        "gemini_api_key",
        "MYFLIX_GEMINI_API_KEY",
        "Gemini API key (optional, Enter to skip)",
        lambda _v: None,
        secret=True,
        optional=True,
    ),
}


def generated_secrets() -> dict[str, str]:
    """Every random secret of the vault, made with `secrets` (the *arr apps want 32 hex characters)."""
    return {
        "vault_gluetun_api_key": secrets.token_hex(24),
        "vault_alerts_secret": secrets.token_hex(24),
        "vault_qbittorrent_password": secrets.token_urlsafe(18),
        "vault_radarr_api_key": secrets.token_hex(16),
        "vault_sonarr_api_key": secrets.token_hex(16),
        "vault_prowlarr_api_key": secrets.token_hex(16),
        "vault_grafana_admin_password": secrets.token_urlsafe(18),
        "vault_restic_password": secrets.token_urlsafe(32),
    }


class Answers:
    """Resolves each question: flag, then environment (and secrets file), then a prompt when interactive."""

    def __init__(self, flags: Mapping[str, str | None], env: Mapping[str, str], interactive: bool) -> None:
        self.flags = flags
        self.env = env
        self.interactive = interactive
        self.missing: list[str] = []

    def ask(self, q: Question) -> str:
        value = None if q.secret else self.flags.get(q.name)
        if value is None:
            value = self.env.get(q.env)
        if value is not None:
            value = value.strip()
            if q.optional and value == "":
                return ""
            error = q.check(value)
            if error:
                where = q.env if q.secret else f"--{q.name.replace('_', '-')} / {q.env}"
                raise WizardError(f"{where}: expected {error}")
            return value
        if not self.interactive:
            if q.optional:
                return ""
            if q.default is not None:
                return q.default
            self.missing.append(q.env if q.secret else f"--{q.name.replace('_', '-')} (or {q.env})")
            return ""
        return self._prompt(q)

    def _prompt(self, q: Question) -> str:
        suffix = f" [{q.default}]" if q.default else ""
        while True:
            if q.secret:
                value = getpass.getpass(f"{q.prompt} (hidden): ").strip()
            else:
                value = input(f"{q.prompt}{suffix}: ").strip()
            if not value and q.default is not None:
                value = q.default
            if not value and q.optional:
                return ""
            error = q.check(value)
            if error is None:
                return value
            print(f"  expected {error}; try again", flush=True)


def read_secrets_file(path: Path) -> dict[str, str]:
    """KEY=VALUE lines (the MYFLIX_* names of the secrets); the file must not be readable by others."""
    mode = path.stat().st_mode
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise WizardError(f"{path}: the secrets file must be readable by you only (chmod 600)")
    values: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep:
            raise WizardError(f"{path}: a line without KEY=VALUE (key {key[:40]!r})")
        values[key.strip()] = value.strip()
    return values


def list_disks(user: str, host: str) -> str:
    """The Pi's block devices as lsblk shows them (over SSH, batch mode: no password prompt)."""
    cmd = ["ssh", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10", f"{user}@{host}", *LSBLK]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise WizardError(f"could not list the disks over SSH ({type(exc).__name__})") from exc
    if done.returncode != 0:
        raise WizardError(f"could not list the disks over SSH: {done.stderr.strip()[:200]}")
    return done.stdout


def yaml_scalar(value: object) -> str:
    """A YAML scalar: JSON's string syntax is valid YAML, ints as they are."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(str(value))


def render_hosts(answers: dict[str, str], host_name: str = "mediapi") -> str:
    """hosts.yml: the Pi in the myflix group, this Pi's (non-secret) answers as its host variables."""
    disks = [{"name": "nvme", **(disk_identity(answers["fast_disk"]) or {}), "mount_point": "/srv/fast"}]
    if answers["hdd_disk"] != "none":
        hdd = disk_identity(answers["hdd_disk"]) or {}
        disks.append({"name": "hdd", **hdd, "mount_point": "/srv/hdd", "optional": True, "automount": True})
    lines = [
        "---",
        "# Written by `make inventory` (scripts/inventory_wizard.py). The Pi's own answers are host",
        "# variables here; the rest is in group_vars/myflix/, the secrets in group_vars/myflix/vault.yml.",
        "all:",
        "  children:",
        "    myflix:",
        "      hosts:",
        f"        {host_name}:",
        f"          ansible_host: {yaml_scalar(answers['pi_host'])}",
        f"          ansible_user: {yaml_scalar(answers['pi_user'])}",
        f"          myflix_media_stack_vpn_provider: {yaml_scalar(answers['vpn_provider'])}",
        f"          myflix_media_stack_vpn_type: {yaml_scalar(answers['vpn_type'])}",
        f"          myflix_media_stack_media_server: {yaml_scalar(answers['media_server'])}",
        f"          myflix_bot_admins: [{int(answers['admin_id'])}]",
        "          myflix_storage_disks:",
    ]
    for disk in disks:
        first = True
        for key, value in disk.items():
            lines.append(f"            {'- ' if first else '  '}{key}: {yaml_scalar(value)}")
            first = False
    return "\n".join(lines) + "\n"


def render_vault(values: dict[str, str]) -> str:
    lines = ["---", "# Written by `make inventory`. Edit with: ansible-vault edit <this file>"]
    lines += [f"{key}: {yaml_scalar(value)}" for key, value in sorted(values.items())]
    return "\n".join(lines) + "\n"


def ensure_password_file(path: Path) -> bool:
    """Creates the vault password file (0600, parent 0700) unless it exists; True when it was created."""
    if path.exists():
        if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise WizardError(f"{path}: the vault password file must be readable by you only (chmod 600)")
        if not path.read_text(encoding="utf-8").strip():
            raise WizardError(f"{path}: the vault password file is empty")
        return False
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(32) + "\n")
    return True


def ansible_vault_command() -> str:
    beside = Path(sys.executable).with_name("ansible-vault")
    if beside.exists():
        return str(beside)
    found = shutil.which("ansible-vault")
    if not found:
        raise WizardError("ansible-vault not found; run `make setup` first")
    return found


def encrypt_to(plaintext: str, output: Path, password_file: Path) -> None:
    """ansible-vault encrypts from stdin: the plaintext never touches the disk or the command line."""
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(output.name + ".tmp")
    tmp.unlink(missing_ok=True)
    cmd = [
        ansible_vault_command(),
        "encrypt",
        "--vault-password-file",
        str(password_file),
        "--output",
        str(tmp),
    ]
    # only this password file: an inherited ANSIBLE_VAULT_PASSWORD_FILE would add a second vault id
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"ANSIBLE_VAULT_PASSWORD_FILE", "ANSIBLE_VAULT_IDENTITY_LIST"}
    }
    done = subprocess.run(cmd, input=plaintext, capture_output=True, text=True, check=False, env=env)
    if done.returncode != 0:
        tmp.unlink(missing_ok=True)
        raise WizardError(f"ansible-vault encrypt failed: {done.stderr.strip()[-300:]}")
    os.chmod(tmp, 0o600)
    os.replace(tmp, output)


def link_shipped_group_vars(group_vars: Path) -> Path:
    """GROUP_VARS/00-shipped -> the shipped group_vars (relative, so the clone can move); made anew."""
    link = group_vars / SHIPPED_LINK
    if link.exists() and not link.is_symlink():
        raise WizardError(f"{link} exists and is not a link; move it away (the shipped group_vars go there)")
    group_vars.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(os.path.relpath(SHIPPED_GROUP_VARS, group_vars), target_is_directory=True)
    return link


def check_destination(inventory: Path, force: bool) -> None:
    """Never the shipped example (tracked files); an existing user inventory only with --force."""
    if inventory.resolve() == SHIPPED_INVENTORY.resolve():
        raise WizardError(
            f"{inventory} is the shipped example inventory (tracked by git); the wizard writes yours to "
            f"{DEFAULT_INVENTORY.relative_to(REPO)}/ or the --inventory-dir you choose"
        )
    existing = [
        path
        for path in (inventory / "hosts.yml", inventory / "group_vars" / "myflix" / "vault.yml")
        if path.exists()
    ]
    if existing and not force:
        raise WizardError(
            f"an inventory exists ({', '.join(str(p) for p in existing)}); kept it. "
            "Rerun with --force to replace it (its secrets are lost)."
        )


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for q in QUESTIONS:
        p.add_argument(f"--{q.name.replace('_', '-')}", dest=q.name, help=f"{q.prompt} (env {q.env})")
    p.add_argument(
        "--inventory-dir",
        type=Path,
        default=DEFAULT_INVENTORY,
        help="where to write your inventory (inventory/local, git-ignored; never the shipped inventory/)",
    )
    p.add_argument(
        "--vault-password-file",
        type=Path,
        default=None,
        help=f"password file, made 0600 if missing (MYFLIX_VAULT_PASSWORD_FILE; {DEFAULT_PASSWORD_FILE})",
    )
    p.add_argument("--secrets-file", type=Path, help="KEY=VALUE file with the MYFLIX_* secrets (mode 0600)")
    p.add_argument(
        "--list-disks", action="store_true", help="show the Pi's disks over SSH (lsblk) before asking"
    )
    p.add_argument("--force", action="store_true", help="replace an existing inventory (hosts.yml and vault)")
    p.add_argument(
        "--non-interactive",
        action="store_true",
        help="never prompt; fail listing what is missing (env MYFLIX_WIZARD_NONINTERACTIVE=1)",
    )
    return p.parse_args(argv)


def run(argv: list[str], env: Mapping[str, str]) -> int:
    args = parse_args(argv)
    interactive = (
        not (args.non_interactive or env.get("MYFLIX_WIZARD_NONINTERACTIVE") == "1") and sys.stdin.isatty()
    )
    inventory = args.inventory_dir
    group_vars = inventory / "group_vars" / "myflix"
    vault_path = group_vars / "vault.yml"
    hosts_path = inventory / "hosts.yml"
    check_destination(inventory, args.force)
    if (SHIPPED_GROUP_VARS / "vault.yml").exists():
        print(
            f"note: {SHIPPED_GROUP_VARS / 'vault.yml'} (an earlier wizard's vault) is loaded with the "
            f"shipped group_vars; the new one in {group_vars} overrides it. Delete the old one once you "
            "no longer need it.",
            file=sys.stderr,
        )
    merged_env = dict(env)
    if args.secrets_file:
        merged_env.update(read_secrets_file(args.secrets_file))
    password_file = (
        args.vault_password_file or Path(env.get("MYFLIX_VAULT_PASSWORD_FILE", str(DEFAULT_PASSWORD_FILE)))
    ).expanduser()

    answers_src = Answers(vars(args), merged_env, interactive)
    answers: dict[str, str] = {}
    for q in QUESTIONS[:2]:
        answers[q.name] = answers_src.ask(q)
    if args.list_disks and answers["pi_host"]:
        print(list_disks(answers["pi_user"], answers["pi_host"]), flush=True)
    for q in QUESTIONS[2:]:
        answers[q.name] = answers_src.ask(q)
    vault = {"vault_telegram_bot_token": answers_src.ask(SECRET_QUESTIONS["telegram_bot_token"])}
    if answers["vpn_type"] == "openvpn":
        vault["vault_vpn_openvpn_user"] = answers_src.ask(SECRET_QUESTIONS["openvpn_user"])
        vault["vault_vpn_openvpn_password"] = answers_src.ask(SECRET_QUESTIONS["openvpn_password"])
    else:
        vault["vault_vpn_wireguard_private_key"] = answers_src.ask(SECRET_QUESTIONS["wireguard"])
    if answers["media_server"] == "plex":
        vault["vault_plex_claim"] = answers_src.ask(SECRET_QUESTIONS["plex_claim"])
    gemini = answers_src.ask(SECRET_QUESTIONS["gemini"])
    if gemini:
        vault["vault_gemini_api_key"] = gemini
    if answers_src.missing:
        raise WizardError(
            "missing answers (no prompt in non-interactive mode): " + ", ".join(answers_src.missing)
        )
    made = generated_secrets()
    vault.update(made)

    created = ensure_password_file(password_file)
    encrypt_to(render_vault(vault), vault_path, password_file)
    link = link_shipped_group_vars(group_vars)
    hosts_path.write_text(render_hosts(answers), encoding="utf-8")
    print(f"wrote {hosts_path}")
    print(f"wrote {vault_path} (encrypted; {len(vault)} values: {', '.join(sorted(vault))})")
    print(f"linked {link} -> the shipped group_vars (your own files in {group_vars} override them)")
    print(f"generated with secrets: {', '.join(sorted(made))}")
    print(f"vault password file: {password_file} ({'created, mode 0600' if created else 'existing'})")
    inventory_arg = "" if inventory.resolve() == DEFAULT_INVENTORY.resolve() else f" -i {hosts_path}"
    print(f"next: ansible-playbook{inventory_arg} playbooks/site.yml --vault-password-file {password_file}")
    return 0


def main() -> int:
    try:
        return run(sys.argv[1:], os.environ)
    except WizardError as exc:
        print(f"inventory wizard: {exc}", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, EOFError):
        print("\ninventory wizard: interrupted; nothing written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
