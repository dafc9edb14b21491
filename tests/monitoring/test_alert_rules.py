"""promtool and amtool accept what the role renders, and every alert is unit-tested both ways."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml
from mon_contract import CONTRACT_NAMES
from mon_dashboards import load_dashboards, panel_queries
from mon_render import REPO, ROLE
from mon_tools import run

PROMTOOL_TESTS = Path(__file__).resolve().parent / "promtool" / "alerts_test.yml"


def alert_names(rules_file: Path) -> set[str]:
    groups = yaml.safe_load(rules_file.read_text())["groups"]
    return {rule["alert"] for group in groups for rule in group["rules"] if "alert" in rule}


def test_promtool_accepts_the_rendered_prometheus_config(rendered: dict[str, Path]) -> None:
    result = run("promtool", "check", "config", rendered["prometheus.yml"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 rule files found" in result.stdout, result.stdout  # the rules are found through rule_files


def test_promtool_accepts_the_rendered_rules(rendered: dict[str, Path]) -> None:
    result = run("promtool", "check", "rules", rendered["myflix_alerts.yml"])
    assert result.returncode == 0, result.stdout + result.stderr


def test_promtool_unit_tests_of_every_alert_pass(rendered: dict[str, Path], tmp_path: Path) -> None:
    shutil.copy(rendered["myflix_alerts.yml"], tmp_path / "myflix_alerts.yml")
    shutil.copy(PROMTOOL_TESTS, tmp_path / PROMTOOL_TESTS.name)
    result = run("promtool", "test", "rules", PROMTOOL_TESTS.name, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_a_wrong_expectation_makes_promtool_fail(rendered: dict[str, Path], tmp_path: Path) -> None:
    # Guards the test above: the unit tests compare labels and annotations for real.
    shutil.copy(rendered["myflix_alerts.yml"], tmp_path / "myflix_alerts.yml")
    broken = PROMTOOL_TESTS.read_text().replace("is 90% full", "is 80% full")
    (tmp_path / "broken_test.yml").write_text(broken)
    result = run("promtool", "test", "rules", "broken_test.yml", cwd=tmp_path)
    assert result.returncode != 0
    assert "MyflixStorageAlmostFull" in result.stdout + result.stderr


def test_every_alert_has_a_firing_and_a_not_firing_unit_test(rendered: dict[str, Path]) -> None:
    alerts = alert_names(rendered["myflix_alerts.yml"])
    assert len(alerts) >= 10
    firing: set[str] = set()
    silent: set[str] = set()
    for case in yaml.safe_load(PROMTOOL_TESTS.read_text())["tests"]:
        for check in case.get("alert_rule_test", []):
            (firing if check.get("exp_alerts") else silent).add(check["alertname"])
    assert alerts - firing == set(), f"alerts without a firing test: {sorted(alerts - firing)}"
    assert alerts - silent == set(), f"alerts without a not-firing test: {sorted(alerts - silent)}"
    unknown = (firing | silent) - alerts
    assert unknown == set(), f"tests of unknown alerts: {sorted(unknown)}"


def test_the_required_concerns_have_alerts(rendered: dict[str, Path]) -> None:
    alerts = alert_names(rendered["myflix_alerts.yml"])
    required = {
        "MyflixStorageAlmostFull",  # disk saturation per tier
        "MyflixStorageFull",
        "MyflixCpuTemperatureHigh",  # high temperature
        "MyflixCpuThrottled",  # throttling
        "MyflixVpnDown",
        "MyflixVpnLeak",
        "MyflixPortOutOfSync",
        "MyflixContainerRestartStorm",
        "MyflixWatcherStalled",
    }
    assert required <= alerts, sorted(required - alerts)


def test_amtool_accepts_the_rendered_alertmanager_config(rendered: dict[str, Path]) -> None:
    result = run("amtool", "check-config", rendered["alertmanager.yml"])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "receivers" in result.stdout.lower()
    config = yaml.safe_load(rendered["alertmanager.yml"].read_text())
    receivers = {r["name"]: r for r in config["receivers"]}
    assert config["route"]["receiver"] == "myflix-bot"  # every alert goes through the bot ...
    (webhook,) = receivers["myflix-bot"]["webhook_configs"]
    assert webhook["url"] == "http://127.0.0.1:9877/-/alerts"
    assert webhook["send_resolved"] is True
    assert webhook["http_config"]["basic_auth"] == {
        "username": "alertmanager",
        "password": "test-alerts-secret-not-real",
    }
    (bot_down,) = config["route"]["routes"]  # ... but the bot being down, which goes straight to Telegram
    assert bot_down["receiver"] == "telegram-bot-down"
    assert bot_down["matchers"] == ['alertname =~ "MyflixExporterDown"']
    (telegram,) = receivers["telegram-bot-down"]["telegram_configs"]
    assert telegram["chat_id"] == 42
    assert telegram["bot_token"] == "123456:test-token-not-real"
    assert "myflix.bot_down" in telegram["message"]


def test_a_resolution_reaches_the_owner_within_a_minute(rendered: dict[str, Path]) -> None:
    # scrape + evaluation + group_interval bound the delay between a fixed cause and its "resolved"
    def seconds(text: str) -> int:
        return int(text[:-1]) * {"s": 1, "m": 60}[text[-1]]

    am = yaml.safe_load(rendered["alertmanager.yml"].read_text())["route"]
    prom = yaml.safe_load(rendered["prometheus.yml"].read_text())["global"]
    delay = seconds(prom["scrape_interval"]) + seconds(prom["evaluation_interval"])
    assert delay + seconds(am["group_interval"]) <= 60, (prom, am)


def test_prometheus_flags_cap_retention_and_keep_data_on_the_appdata_path(rendered: dict[str, Path]) -> None:
    text = rendered["prometheus.default"].read_text()
    assert "--storage.tsdb.retention.time=30d" in text
    assert "--storage.tsdb.retention.size=2GB" in text
    assert "--storage.tsdb.path=/srv/fast/appdata/prometheus" in text  # the storage role's appdata dir
    assert "--web.listen-address=127.0.0.1:9090" in text


_METRIC = re.compile(r"\bmyflix_[a-z_]+\b")


def test_every_myflix_metric_used_is_in_the_exporter_contract(rendered: dict[str, Path]) -> None:
    used = set(_METRIC.findall(rendered["myflix_alerts.yml"].read_text()))
    for name, dashboard in load_dashboards().items():
        for query in panel_queries(name, dashboard):
            used |= set(_METRIC.findall(query.expr))
    assert used, "no myflix_* metric found at all"
    assert used - CONTRACT_NAMES == set(), f"not in the exporter contract: {sorted(used - CONTRACT_NAMES)}"


def test_the_role_readme_documents_every_contract_metric() -> None:
    readme = (ROLE / "README.md").read_text()
    missing = sorted(name for name in CONTRACT_NAMES if f"`{name}" not in readme)
    assert not missing, f"roles/myflix_monitoring/README.md does not document: {missing}"
    assert (REPO / "README.md").read_text().count("myflix_monitoring") >= 1
