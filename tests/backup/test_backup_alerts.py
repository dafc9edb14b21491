"""The backup alerts: promtool accepts the rendered rules, and every alert fires and stays quiet as tested."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import jinja2
import pytest
import yaml
from myflix_bot import assembly, i18n
from myflix_bot.alerts import messages

ROLE = Path(__file__).resolve().parents[2] / "roles" / "myflix_backup"
TESTS = Path(__file__).resolve().parent / "promtool" / "backup_alerts_test.yml"


def render(tmp_path: Path, **overrides: object) -> Path:
    defaults = yaml.safe_load((ROLE / "defaults" / "main.yml").read_text())
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    template = env.from_string((ROLE / "templates" / "myflix_backup_alerts.yml.j2").read_text())
    values = {"ansible_managed": "test", **defaults, **overrides}
    out = tmp_path / "myflix_backup_alerts.yml"
    out.write_text(template.render(values))
    return out


def promtool(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("promtool") is None:
        pytest.fail("promtool is not installed: run `make test` as root (it installs prometheus)")
    return subprocess.run(["promtool", *args], cwd=cwd, capture_output=True, text=True, check=False)


def test_promtool_accepts_the_rules_and_their_unit_tests_pass(tmp_path: Path) -> None:
    rules = render(tmp_path)
    checked = promtool("check", "rules", rules.name, cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    shutil.copy(TESTS, tmp_path / TESTS.name)
    tested = promtool("test", "rules", TESTS.name, cwd=tmp_path)
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "SUCCESS" in tested.stdout


def test_the_age_limit_is_the_role_variable(tmp_path: Path) -> None:
    # With a 48 h limit the 37 h case of the unit tests must fail: the threshold is really the variable.
    render(tmp_path, myflix_backup_alert_max_age_seconds=48 * 3600)
    shutil.copy(TESTS, tmp_path / TESTS.name)
    tested = promtool("test", "rules", TESTS.name, cwd=tmp_path)
    assert tested.returncode != 0
    assert "MyflixBackupTooOld" in tested.stdout + tested.stderr


def test_every_alert_has_a_firing_and_a_quiet_case(tmp_path: Path) -> None:
    rules = yaml.safe_load(render(tmp_path).read_text())
    alerts = {r["alert"] for g in rules["groups"] for r in g["rules"]}
    firing: set[str] = set()
    quiet: set[str] = set()
    for case in yaml.safe_load(TESTS.read_text())["tests"]:
        for check in case["alert_rule_test"]:
            (firing if check["exp_alerts"] else quiet).add(check["alertname"])
    assert (
        alerts
        == firing
        == quiet
        == {"MyflixBackupTooOld", "MyflixBackupNeverSucceeded", "MyflixRestoreDrillFailed"}
    )


def test_the_bot_tells_the_admins_each_backup_alert_in_its_own_words(tmp_path: Path) -> None:
    rules = yaml.safe_load(render(tmp_path).read_text())
    assembly.prepare()  # the catalog as the running bot has it
    for alert in (r["alert"] for g in rules["groups"] for r in g["rules"]):
        assert alert in messages.KNOWN
        for lang in ("fr", "en"):
            what = i18n.t(lang, f"alerts.{alert}.what", subject="")
            assert what != f"alerts.{alert}.what"  # the alert has its own text in the catalog
            assert what != i18n.t(lang, "alerts.other.what", name=alert)
            assert alert not in what
