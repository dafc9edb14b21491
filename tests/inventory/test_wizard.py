"""The first-run wizard (`make inventory`): interactive through a pseudo-terminal, unattended, safe."""

from __future__ import annotations

import configparser
import json
import os
import pty
import select
import stat
import subprocess
import sys
import time
from pathlib import Path

import yaml

from .conftest import (
    ADMIN_ID,
    FAST_UUID,
    REPO,
    TOKEN,
    WIREGUARD_KEY,
    WIZARD,
    decrypt,
    run_wizard,
    vault_values,
    wizard_args,
    wizard_env,
)

GENERATED = {
    "vault_gluetun_api_key",
    "vault_qbittorrent_password",
    "vault_radarr_api_key",
    "vault_sonarr_api_key",
    "vault_prowlarr_api_key",
    "vault_grafana_admin_password",
    "vault_restic_password",
    "vault_alerts_secret",
}


class Terminal:
    """The wizard on a pseudo-terminal: answers prompts as they appear, keeps everything it showed."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the wizard, with the pty as its controlling terminal
            os.execve(sys.executable, [sys.executable, str(WIZARD), *args], env)
        self.transcript = ""

    def expect(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.transcript:
            left = deadline - time.monotonic()
            assert left > 0, f"no prompt {text!r}; the terminal showed:\n{self.transcript}"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                assert chunk, f"the wizard ended before {text!r}:\n{self.transcript}"
                self.transcript += chunk.decode(errors="replace")

    def answer(self, prompt: str, value: str) -> None:
        self.expect(prompt)
        os.write(self.fd, value.encode() + b"\r")

    def finish(self, timeout: float = 120) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                if chunk:
                    self.transcript += chunk.decode(errors="replace")
                    continue
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, 9)
        raise AssertionError(f"the wizard did not finish:\n{self.transcript}")


def test_interactive_run_through_a_pseudo_terminal(tmp_path: Path) -> None:
    inventory, password_file = tmp_path / "inventory", tmp_path / "home" / "vault-pass"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYFLIX_")}
    term = Terminal(["--inventory-dir", str(inventory), "--vault-password-file", str(password_file)], env)
    term.answer("The Pi's address", "192.168.1.60")
    term.answer("SSH user on the Pi", "")  # the default: pi
    term.answer("VPN provider", "mullvad")
    term.answer("VPN type", "bogus")  # refused, asked again
    term.answer("VPN type", "wireguard")
    term.answer("Your Telegram user id", ADMIN_ID)
    term.answer("Media server", "plex")
    term.answer("NVMe data filesystem", "/dev/nvme0n1p2")  # refused: a /dev name
    term.answer("NVMe data filesystem", FAST_UUID)
    term.answer("USB HDD filesystem", "none")
    term.answer("Telegram bot token (hidden)", TOKEN)
    term.answer("WireGuard private key (hidden)", WIREGUARD_KEY)
    term.answer("Plex claim token", "claim-SECRETclaimvalue")
    term.answer("Gemini API key", "")
    assert term.finish() == 0, term.transcript

    assert "expected one of wireguard, openvpn" in term.transcript
    assert "never /dev/sdX" in term.transcript
    vault = vault_values(inventory / "group_vars" / "myflix" / "vault.yml", password_file)
    assert vault["vault_telegram_bot_token"] == TOKEN
    assert vault["vault_plex_claim"] == "claim-SECRETclaimvalue"
    assert "vault_gemini_api_key" not in vault
    for value in vault.values():  # hidden prompts: no secret was echoed or printed
        assert value not in term.transcript
    hosts = yaml.safe_load((inventory / "hosts.yml").read_text())["all"]["children"]["myflix"]["hosts"][
        "mediapi"
    ]
    assert hosts["ansible_host"] == "192.168.1.60"
    assert hosts["ansible_user"] == "pi"
    assert hosts["myflix_media_stack_vpn_provider"] == "mullvad"
    assert hosts["myflix_media_stack_media_server"] == "plex"
    assert hosts["myflix_storage_disks"] == [{"name": "nvme", "uuid": FAST_UUID, "mount_point": "/srv/fast"}]


def test_non_interactive_run_generates_every_secret_and_a_private_password_file(tmp_path: Path) -> None:
    inventory, password_file = tmp_path / "inventory", tmp_path / "home" / "vault-pass"
    result = run_wizard(wizard_args(inventory, password_file), wizard_env())
    assert result.rc == 0, result.output

    assert stat.S_IMODE(password_file.stat().st_mode) == 0o600
    vault_file = inventory / "group_vars" / "myflix" / "vault.yml"
    assert vault_file.read_text().startswith("$ANSIBLE_VAULT;")  # encrypted at rest
    vault = vault_values(vault_file, password_file)
    assert set(vault) >= GENERATED
    assert vault["vault_telegram_bot_token"] == TOKEN
    assert vault["vault_vpn_wireguard_private_key"] == WIREGUARD_KEY
    for name in ("vault_radarr_api_key", "vault_sonarr_api_key", "vault_prowlarr_api_key"):
        assert len(vault[name]) == 32
        assert int(vault[name], 16) >= 0
    assert len(vault["vault_grafana_admin_password"]) >= 12
    # every secret is fresh: a second inventory shares none of them
    other = tmp_path / "other"
    assert run_wizard(wizard_args(other, tmp_path / "other-pass"), wizard_env()).rc == 0
    again = vault_values(other / "group_vars" / "myflix" / "vault.yml", tmp_path / "other-pass")
    assert all(vault[name] != again[name] for name in GENERATED)
    # no secret on the terminal; the names are
    for value in vault.values():
        assert value not in result.output
    assert "vault_restic_password" in result.output


def test_missing_answers_are_listed_at_once_and_nothing_is_written(tmp_path: Path) -> None:
    inventory = tmp_path / "inventory"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYFLIX_")}
    result = run_wizard(
        [
            "--non-interactive",
            "--inventory-dir",
            str(inventory),
            "--vault-password-file",
            str(tmp_path / "p"),
        ],
        env,
    )
    assert result.rc == 1
    for name in (
        "--pi-host",
        "--admin-id",
        "--fast-disk",
        "MYFLIX_TELEGRAM_BOT_TOKEN",
        "MYFLIX_VPN_WIREGUARD_PRIVATE_KEY",
    ):
        assert name in result.output
    assert not inventory.exists()
    assert not (tmp_path / "p").exists()


def test_an_existing_vault_is_kept_unless_forced(tmp_path: Path) -> None:
    inventory, password_file = tmp_path / "inventory", tmp_path / "vault-pass"
    assert run_wizard(wizard_args(inventory, password_file), wizard_env()).rc == 0
    vault_file = inventory / "group_vars" / "myflix" / "vault.yml"
    before, hosts_before = vault_file.read_bytes(), (inventory / "hosts.yml").read_bytes()

    refused = run_wizard(wizard_args(inventory, password_file), wizard_env())
    assert refused.rc == 1
    assert "kept it" in refused.output
    assert "--force" in refused.output
    assert vault_file.read_bytes() == before
    assert (inventory / "hosts.yml").read_bytes() == hosts_before

    forced = run_wizard([*wizard_args(inventory, password_file), "--force"], wizard_env())
    assert forced.rc == 0, forced.output
    assert vault_file.read_bytes() != before  # replaced, with the same (existing) password file
    assert "existing" in forced.output
    decrypt(vault_file, password_file)


def test_an_existing_hosts_file_alone_is_kept_unless_forced(tmp_path: Path) -> None:
    """A user inventory without a vault yet (hosts.yml written by hand) is still the user's: kept."""
    inventory, password_file = tmp_path / "inventory", tmp_path / "vault-pass"
    inventory.mkdir()
    mine = "all:\n  children:\n    myflix:\n      hosts:\n        mypi: {}\n"
    (inventory / "hosts.yml").write_text(mine, encoding="utf-8")

    refused = run_wizard(wizard_args(inventory, password_file), wizard_env())
    assert refused.rc == 1
    assert "hosts.yml" in refused.output
    assert "--force" in refused.output
    assert (inventory / "hosts.yml").read_text(encoding="utf-8") == mine
    assert not (inventory / "group_vars").exists()
    assert not password_file.exists()

    forced = run_wizard([*wizard_args(inventory, password_file), "--force"], wizard_env())
    assert forced.rc == 0, forced.output
    assert "mediapi" in (inventory / "hosts.yml").read_text(encoding="utf-8")


def git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True, check=False)


def test_the_shipped_inventory_is_never_written(tmp_path: Path) -> None:
    """--inventory-dir inventory (the tracked example) is refused even with --force; nothing changes."""
    shipped = REPO / "inventory"
    before = {p: p.read_bytes() for p in shipped.rglob("*") if p.is_file()}
    for extra in ([], ["--force"]):
        args = [*wizard_args(shipped, tmp_path / "vault-pass"), *extra]
        refused = run_wizard(args, wizard_env())
        assert refused.rc == 1
        assert "shipped example inventory" in refused.output
    assert {p: p.read_bytes() for p in shipped.rglob("*") if p.is_file()} == before
    assert not (tmp_path / "vault-pass").exists()


def test_the_default_inventory_is_git_ignored_and_what_ansible_reads(tmp_path: Path) -> None:
    """By default the wizard writes inventory/local/, which git ignores and ansible.cfg names."""
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import inventory_wizard  # noqa: PLC0415 (a script, importable only from scripts/)
    finally:
        sys.path.pop(0)
    default = inventory_wizard.parse_args([]).inventory_dir
    assert default == REPO / "inventory" / "local"
    written = ["hosts.yml", "group_vars/myflix/vault.yml", "group_vars/myflix/00-shipped"]
    for name in written:
        path = (default / name).relative_to(REPO)
        assert git("check-ignore", "--quiet", "--no-index", str(path)).returncode == 0, f"{path} not ignored"
    assert (
        git("check-ignore", "--quiet", "--no-index", "inventory/hosts.yml").returncode == 1
    )  # the positive twin
    config = configparser.ConfigParser()
    config.read(REPO / "ansible.cfg")
    assert config["defaults"]["inventory"] == "./inventory/local/hosts.yml"


def test_the_written_inventory_loads_the_shipped_group_vars_and_the_users_own_win(tmp_path: Path) -> None:
    inventory, password_file = tmp_path / "elsewhere" / "mine", tmp_path / "vault-pass"
    result = run_wizard(wizard_args(inventory, password_file), wizard_env())
    assert result.rc == 0, result.output
    link = inventory / "group_vars" / "myflix" / "00-shipped"
    assert link.is_symlink()
    assert not Path(os.readlink(link)).is_absolute()  # the clone may move
    assert link.resolve() == (REPO / "inventory" / "group_vars" / "myflix").resolve()

    def host_vars() -> dict[str, object]:
        done = subprocess.run(
            [str(Path(sys.executable).parent / "ansible-inventory"), "-i", str(inventory / "hosts.yml"),
             "--vault-password-file", str(password_file), "--host", "mediapi"],
            capture_output=True, text=True, check=True,
            env={k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_VAULT")},
        )  # fmt: skip
        return json.loads(done.stdout)

    shipped = yaml.safe_load((REPO / "inventory" / "group_vars" / "myflix" / "base.yml").read_text())
    assert host_vars()["myflix_base_timezone"] == shipped["myflix_base_timezone"]
    (inventory / "group_vars" / "myflix" / "mine.yml").write_text("myflix_base_timezone: Asia/Tokyo\n")
    loaded = host_vars()
    assert loaded["myflix_base_timezone"] == "Asia/Tokyo"
    assert loaded["vault_telegram_bot_token"] == TOKEN  # the vault beside it


def test_secrets_never_reach_the_command_line(tmp_path: Path, monkeypatch) -> None:
    """No flag takes a secret, and the children (ansible-vault) get none in argv: a clean process list."""
    sys.path.insert(0, str(REPO / "scripts"))
    try:
        import inventory_wizard  # noqa: PLC0415 (a script, importable only from scripts/)
    finally:
        sys.path.pop(0)
    seen: list[list[str]] = []
    real_run = subprocess.run

    def recording_run(cmd, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append([str(part) for part in cmd])
        return real_run(cmd, *args, **kwargs)

    monkeypatch.setattr(inventory_wizard.subprocess, "run", recording_run)
    monkeypatch.setattr(inventory_wizard.sys.stdin, "isatty", lambda: False, raising=False)
    inventory, password_file = tmp_path / "inventory", tmp_path / "vault-pass"
    argv = wizard_args(inventory, password_file)
    assert inventory_wizard.run(argv, wizard_env()) == 0

    vault = vault_values(inventory / "group_vars" / "myflix" / "vault.yml", password_file)
    assert seen, "the wizard encrypts through ansible-vault"
    for cmd in [argv, *seen]:
        for value in vault.values():
            assert value not in " ".join(cmd)
    flags = subprocess.run(
        [sys.executable, str(WIZARD), "--help"], capture_output=True, text=True, check=True
    ).stdout
    for word in (
        "--token",
        "--telegram-bot-token",
        "--wireguard",
        "--password ",
        "--openvpn-password",
        "--plex-claim",
    ):
        assert word not in flags


def test_disks_listed_over_ssh_with_lsblk(tmp_path: Path) -> None:
    """--list-disks runs lsblk on the Pi over SSH (a stand-in ssh on PATH records the call and answers)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "ssh-args"
    fake_ssh = bin_dir / "ssh"
    fake_ssh.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > {record}\n'
        "echo 'NAME        SIZE MODEL            UUID                                 LABEL      FSTYPE'\n"
        f"echo 'nvme0n1p3   900G Samsung SSD 980  {FAST_UUID} data       ext4'\n"
    )
    fake_ssh.chmod(0o755)
    inventory = tmp_path / "inventory"
    env = wizard_env(PATH=f"{bin_dir}:{os.environ['PATH']}")
    result = run_wizard([*wizard_args(inventory, tmp_path / "vault-pass"), "--list-disks"], env)
    assert result.rc == 0, result.output
    assert "Samsung SSD 980" in result.output
    args = record.read_text().split("\n")
    assert "pi@127.0.0.1" in args
    assert "lsblk" in args
    assert "NAME,SIZE,MODEL,UUID,LABEL,FSTYPE" in args
    assert "BatchMode=yes" in args  # never a password prompt in the middle of the wizard


def test_an_inherited_vault_password_setting_does_not_interfere(tmp_path: Path) -> None:
    """Run from inside ansible (molecule's create.yml), ANSIBLE_VAULT_PASSWORD_FILE is already set."""
    other = tmp_path / "other-pass"
    other.write_text("another password\n")
    other.chmod(0o600)
    inventory, password_file = tmp_path / "inventory", tmp_path / "vault-pass"
    env = wizard_env(ANSIBLE_VAULT_PASSWORD_FILE=str(other))
    result = run_wizard(wizard_args(inventory, password_file), env)
    assert result.rc == 0, result.output
    decrypt(inventory / "group_vars" / "myflix" / "vault.yml", password_file)
