"""Roles, their documented defaults and specs, the preflight's role list and the vault example agree."""

from __future__ import annotations

import re

import pytest
import yaml

from .conftest import REPO

ROLES = sorted(p.name for p in (REPO / "roles").iterdir() if (p / "meta" / "argument_specs.yml").exists())


def role_defaults(role: str) -> dict[str, object]:
    base = REPO / "roles" / role / "defaults"
    files = [base / "main.yml"] if (base / "main.yml").exists() else sorted((base / "main").glob("*.yml"))
    merged: dict[str, object] = {}
    for path in files:
        merged.update(yaml.safe_load(path.read_text(encoding="utf-8")) or {})
    return merged


def role_spec(role: str) -> dict[str, dict[str, object]]:
    spec = yaml.safe_load((REPO / "roles" / role / "meta" / "argument_specs.yml").read_text(encoding="utf-8"))
    return spec["argument_specs"]["main"]["options"]


@pytest.mark.parametrize("role", ROLES)
def test_defaults_and_argument_specs_name_the_same_variables(role: str) -> None:
    defaults, spec = role_defaults(role), role_spec(role)
    assert set(defaults) - set(spec) == set(), "documented in defaults but not in meta/argument_specs.yml"
    assert set(spec) - set(defaults) == set(), "in meta/argument_specs.yml but without a default"


@pytest.mark.parametrize("role", ROLES)
def test_literal_defaults_match_the_specs(role: str) -> None:
    defaults, spec = role_defaults(role), role_spec(role)
    for name, value in defaults.items():
        if "default" in spec[name] and not (isinstance(value, str) and "{{" in value):
            assert spec[name]["default"] == value, f"{name}: spec default differs from defaults/"


def test_every_vault_value_a_role_reads_is_in_the_vault_example() -> None:
    example = yaml.safe_load((REPO / "inventory" / "vault.example.yml").read_text(encoding="utf-8"))
    commented = set(
        re.findall(r"^# (vault_[a-z0-9_]+):", (REPO / "inventory" / "vault.example.yml").read_text(), re.M)
    )
    for role in ROLES:
        for name, value in role_defaults(role).items():
            for used in re.findall(r"\bvault_[a-z0-9_]+", str(value)):
                assert used in example or used in commented, (
                    f"{role}: {name} reads {used}, not in vault.example.yml"
                )


def test_preflight_validates_every_role_of_site_yml() -> None:
    site = yaml.safe_load((REPO / "playbooks" / "site.yml").read_text(encoding="utf-8"))
    in_site = [entry["role"] for play in site if "roles" in play for entry in play["roles"]]
    preflight = yaml.safe_load((REPO / "playbooks" / "preflight.yml").read_text(encoding="utf-8"))
    assert preflight[0]["vars"]["myflix_preflight_roles"] == in_site
    assert site[0].get("ansible.builtin.import_playbook") == "preflight.yml"  # before any change


def test_no_preflight_hides_its_own_message() -> None:
    """A check on a secret asserts a non-secret boolean; no preflight task carries no_log."""
    files = [REPO / "playbooks" / "preflight.yml", *sorted((REPO / "roles").glob("*/tasks/preflight.yml"))]
    for path in files:
        for play_or_task in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            tasks = play_or_task.get("tasks", [play_or_task])
            for task in tasks:
                assert "no_log" not in task, f"{path.relative_to(REPO)}: {task.get('name')}"
