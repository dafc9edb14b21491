"""The bot role's preflight on the host's groups: the GC's data group (myflix_bot_gc_data_gid) becomes the
unit's SupplementaryGroups=, and systemd refuses to start a unit whose supplementary group is unknown
(216/GROUP), so the preflight looks it up with getent and stops the role, naming the variable, before anything
changes.

The same preflight checks the disk tiers' keys and ranges (myflix_bot_disk_tiers: a negative hysteresis_bytes,
which the bot would refuse at start, after the deploy).

One ansible-playbook run on this machine (local connection, read-only lookups): one inventory host with a gid
that is no group here, one with a tier whose margin is negative, their twin with an existing gid and the
role's tiers. After the role's preflight the play writes a marker file, a stand-in for the role's first
change: it must appear for the twin only."""

from __future__ import annotations

import grp
import hashlib
import json
import re
from pathlib import Path

import yaml
from myflix_testkit.role_render import LOCAL_PYTHON, run_playbook

SECRET = "preflight-SECRET-value-" + "s" * 16
SECRETS = {  # the vault values the role's defaults read; never in the output
    f"vault_{name}": SECRET
    for name in (
        "radarr_api_key",
        "sonarr_api_key",
        "prowlarr_api_key",
        "qbittorrent_password",
        "gluetun_api_key",
        "alerts_secret",
    )
}


def unknown_gid() -> int:
    """A gid no group of this host has (as getent sees it: grp reads the same NSS databases)."""
    gid = 64000
    while True:
        try:
            grp.getgrgid(gid)
        except KeyError:
            return gid
        gid += 1


def known_gid() -> int:
    """An existing group of this host other than root's."""
    return next(group.gr_gid for group in grp.getgrall() if group.gr_gid)


def test_the_preflight_refuses_a_gc_data_gid_that_is_no_group_and_changes_nothing(tmp_path: Path) -> None:
    missing, present = unknown_gid(), known_gid()
    marker = tmp_path / "changed"
    play = [
        {
            "hosts": "all",
            "connection": "local",
            "gather_facts": False,
            "vars": {
                **SECRETS,
                "vault_telegram_bot_token": "123456789:" + "T" * 35,
                "myflix_bot_admins": [424242],
            },
            "tasks": [
                {
                    "name": "The bot role's preflight",
                    "ansible.builtin.include_role": {"name": "myflix_bot", "tasks_from": "preflight"},
                },
                {
                    "name": "A stand-in for the role's first change",
                    "ansible.builtin.copy": {
                        "content": "changed\n",
                        "dest": f"{marker}-{{{{ inventory_hostname }}}}",
                        "mode": "0644",
                    },
                },
            ],
        }
    ]
    (tmp_path / "play.yml").write_text(json.dumps(play), encoding="utf-8")
    bad_tier = {
        "name": "hdd",
        "path": "/data",
        "host_path": "/srv/hdd/data",
        "floor_percent": 5,
        "floor_bytes": 0,
    }
    hosts = {
        "unknown_gid": {"myflix_bot_gc_data_gid": missing},
        "bad_tiers": {
            "myflix_bot_gc_data_gid": present,
            "myflix_bot_disk_tiers": [{**bad_tier, "hysteresis_bytes": -1}],
        },
        "known_gid": {"myflix_bot_gc_data_gid": present},
    }
    (tmp_path / "hosts.yml").write_text(json.dumps({"all": {"hosts": hosts}}), encoding="utf-8")
    groups_before = hashlib.sha256(Path("/etc/group").read_bytes()).hexdigest()
    code, out = run_playbook(tmp_path / "hosts.yml", tmp_path / "play.yml", LOCAL_PYTHON)
    assert code == 2, out  # a host failed (2), not a broken play (1, 4)

    check = task_output(out, "myflix_bot : Assert the data group exists")
    refused = re.search(r"fatal: \[unknown_gid\]: FAILED! => \n((?:[ \t]+\S.*\n?)+)", check)
    assert refused, out
    message = " ".join(yaml.safe_load(refused.group(1))["msg"].split())
    assert f"myflix_bot_gc_data_gid ({missing}) is not a group on this host" in message, message
    assert "run myflix_base first" in message  # and what to do
    assert re.search(r"^ok: \[known_gid\]$", check, re.M), check  # the twin passed the same check
    assert "fatal: [known_gid]" not in out, out

    tiers = task_output(out, "myflix_bot : Assert each disk tier's paths and floors are in range")
    # its indented result, wherever the hosts' lines fall in the task's output
    refused = re.search(r"failed: \[bad_tiers\] \(item=hdd\) => \n((?:[ \t]+\S.*\n?)+)", tiers)
    assert refused, out
    message = " ".join(yaml.safe_load(refused.group(1))["msg"].split())
    assert "myflix_bot_disk_tiers: tier hdd" in message, message
    assert "hysteresis_bytes" in message
    # the role's own tiers pass the same check
    assert re.search(r"^ok: \[known_gid\] => \(item=nvme\)$", tiers, re.M), tiers
    assert re.search(r"^ok: \[known_gid\] => \(item=hdd\)$", tiers, re.M), tiers

    # the refused host stopped at the preflight: the role's first change never ran; its twin went on
    assert not Path(f"{marker}-unknown_gid").exists()
    assert not Path(f"{marker}-bad_tiers").exists()
    assert Path(f"{marker}-known_gid").read_text(encoding="utf-8") == "changed\n"
    recap = {
        host: {"changed": changed, "failed": failures}
        for host, changed, failures in re.findall(
            r"^(\w+)\s+: ok=\d+\s+changed=(\d+)\s+unreachable=0\s+failed=(\d)", out, re.M
        )
    }
    assert recap == {
        "unknown_gid": {"changed": "0", "failed": "1"},
        "bad_tiers": {"changed": "0", "failed": "1"},
        "known_gid": {"changed": "1", "failed": "0"},  # the marker only
    }, out
    assert hashlib.sha256(Path("/etc/group").read_bytes()).hexdigest() == groups_before
    assert SECRET not in out


def task_output(out: str, name: str) -> str:
    """What ansible-playbook printed under the task whose name starts with name."""
    sections = re.split(r"^TASK \[", out, flags=re.M)
    found = [section for section in sections if section.startswith(name)]
    assert len(found) == 1, out
    return found[0]
