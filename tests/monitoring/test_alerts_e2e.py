"""End to end, everything real but the contract fakes: the role's RENDERED prometheus.yml, rules,
alertmanager.yml and French template; Debian's Prometheus, Alertmanager and node-exporter on 127.0.0.1
with private directories; the bot runtime (exporter + alert endpoint) fed by the Gluetun fake and a
controllable system source (CPU temperature, tier usage); the Telegram fake as the owner's chat.

The rendering variables shorten every `for:` to 3 s, scrape and evaluation to 1 s and the Alertmanager
group delays to 1 s / 2 s (production keeps its defaults). Each cause is provoked, the French message
must reach the admin within its `for:` plus a minute, and the resolution only after the cause is fixed.
Killing the bot must give "Je ne vois plus le bot", never a false "Résolu".
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from mon_bot import RunningBot, run_bot
from mon_render import env_file_args, render_role_templates
from myflix_bot.assembly import parse_config
from myflix_bot.exporter import ExporterServer
from myflix_bot.models import StorageUsage, SystemData
from myflix_bot.telegram_io import TelegramOutbox
from myflix_testkit.fakes.gluetun import GluetunFake
from myflix_testkit.fakes.telegram import BotCall, TelegramFake
from myflix_testkit.services.process import ManagedProcess, free_port, require_binary, start_and_wait
from myflix_testkit.waiting import wait_until
from telegram import Bot

ADMIN = 1001
SECRET = "alerts-secret-of-the-e2e-test-0123"
FOR_SECONDS = 3
WITHIN = FOR_SECONDS + 60  # the rule's for: plus a minute
GB = 1024**3
START = 60.0


class ControlledSystem:
    """The system source with a settable CPU temperature and fill ratio of the mass tier."""

    def __init__(self) -> None:
        self.temperature = 50.0
        self.mass_fill = 0.5

    async def fetch(self) -> SystemData:
        total = 4000 * GB
        return SystemData(
            storage=(
                StorageUsage("fast", 100 * GB, 480 * GB),
                StorageUsage("mass", int(total * self.mass_fill), total),
            ),
            storage_names=("fast", "mass"),
            cpu_temp=self.temperature,
            throttled=0,
            mem_used=2 * GB,
            mem_total=8 * GB,
            load=(0.1, 0.1, 0.1),
        )


@dataclass
class Stack:
    telegram: TelegramFake
    bot: RunningBot
    system: ControlledSystem
    gluetun: GluetunFake
    prometheus: str
    node: ManagedProcess
    node_argv: list[str]
    root: Path

    def messages(self) -> list[str]:
        return [str(c.params.get("text", "")) for c in self.telegram.calls("sendMessage") if c.ok]

    def wait_message(self, needle: str, timeout: float = WITHIN) -> BotCall:
        return self.telegram.wait_for_call_sync(
            "sendMessage",
            timeout=timeout,
            predicate=lambda c: c.ok and needle in str(c.params.get("text", "")),
        )

    def query(self, promql: str) -> list[dict[str, Any]]:
        body = httpx.get(f"{self.prometheus}/api/v1/query", params={"query": promql}, timeout=10).json()
        return list(body["data"]["result"])

    def wait_query(self, promql: str, timeout: float = WITHIN) -> None:
        wait_until(lambda: self.query(promql), timeout, what=f"a series for {promql!r}", interval=0.2)


def _process(argv: list[str], log: Path, ready_url: str, what: str) -> ManagedProcess:
    process = ManagedProcess(argv, log)
    start_and_wait(
        process, lambda: httpx.get(ready_url, timeout=2).status_code == 200 or None, timeout=START, what=what
    )
    return process


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    root = tmp_path_factory.mktemp("alerts-e2e")
    telegram = TelegramFake()
    telegram.add_chat(ADMIN)
    tg_server = telegram.serve()
    gluetun = GluetunFake()
    gluetun_server = gluetun.serve()
    system = ControlledSystem()
    ports: set[int] = set()
    while len(ports) < 4:  # four distinct free ports (the rendered configs name them)
        ports.add(free_port())
    exporter_port, node_port, prom_port, am_port = sorted(ports)
    data = {
        "telegram": {"allowed_users": [42], "admins": [ADMIN], "base_url": telegram.base_url},
        "gluetun": {"url": gluetun.url, "home_ip": "203.0.113.7"},
        "system": {
            "docker_socket": None,
            "storage": [{"name": "fast", "path": "/"}, {"name": "mass", "path": "/"}],
        },
        "cache": {"system_interval": 1, "vpn_interval": 1},
        "exporter": {"host": "127.0.0.1", "port": exporter_port},
    }
    env = {"MYFLIX_TELEGRAM_TOKEN": telegram.token, "MYFLIX_ALERTS_SECRET": SECRET}
    processes: list[ManagedProcess] = []
    try:
        with run_bot(parse_config(data, env), source_overrides={"system": system}) as bot:

            async def connect() -> None:  # what BotService does: the Telegram adapter, the endpoint's loop
                adapter = Bot(telegram.token, base_url=telegram.base_url)
                await adapter.initialize()
                bot.runtime.outbox = TelegramOutbox(adapter)
                await bot.runtime.alerts.start()

            asyncio.run_coroutine_threadsafe(connect(), bot.loop).result(timeout=START)
            out = root / "rendered"
            rules_dir = root / "rules"
            durations = yaml.safe_load(
                (Path(__file__).parents[2] / "roles/myflix_monitoring/defaults/main.yml").read_text()
            )["myflix_monitoring_alert_for"]
            rendered = render_role_templates(
                out,
                {
                    "myflix_monitoring_telegram_bot_token": telegram.token,
                    "myflix_monitoring_telegram_chat_id": ADMIN,
                    "myflix_monitoring_telegram_api_url": telegram.base_url.removesuffix("/bot"),
                    "myflix_monitoring_alert_webhook_secret": SECRET,
                    "myflix_monitoring_exporter_address": bot.target,
                    "myflix_monitoring_prometheus_port": prom_port,
                    "myflix_monitoring_prometheus_data_dir": str(root / "tsdb"),
                    "myflix_monitoring_prometheus_rules_dir": str(rules_dir),
                    "myflix_monitoring_prometheus_scrape_interval": "1s",
                    "myflix_monitoring_prometheus_evaluation_interval": "1s",
                    "myflix_monitoring_node_exporter_port": node_port,
                    "myflix_monitoring_alertmanager_port": am_port,
                    "myflix_monitoring_alertmanager_data_dir": str(root / "am"),
                    "myflix_monitoring_alertmanager_templates_path": str(out / "alertmanager_myflix.tmpl"),
                    "myflix_monitoring_alert_group_wait": "1s",
                    "myflix_monitoring_alert_group_interval": "2s",
                    "myflix_monitoring_alert_for": dict.fromkeys(durations, f"{FOR_SECONDS}s"),
                },
            )
            rules_dir.mkdir()
            shutil.copy(rendered["myflix_alerts.yml"], rules_dir / "myflix_alerts.yml")

            node_argv = [
                require_binary("/usr/bin/prometheus-node-exporter"),
                *[a for a in env_file_args(rendered["node_exporter.default"]) if not a.startswith("--web.")],
                f"--web.listen-address=127.0.0.1:{node_port}",
            ]
            node = _process(
                node_argv, root / "node.log", f"http://127.0.0.1:{node_port}/metrics", "node-exporter"
            )
            processes.append(node)

            def daemon(binary: str, name: str, config: str, url: str, log: str) -> ManagedProcess:
                """The Debian package's daemon with the role's rendered defaults file and config."""
                args = [
                    a.replace(f"/etc/prometheus/{config}.yml", str(rendered[f"{config}.yml"]))
                    for a in env_file_args(rendered[f"{config}.default"])
                ]
                return _process([require_binary(binary), *args], root / log, f"{url}/-/ready", name)

            am_url = f"http://127.0.0.1:{am_port}"
            processes.append(
                daemon("/usr/bin/prometheus-alertmanager", "Alertmanager", "alertmanager", am_url, "am.log")
            )
            prom_url = f"http://127.0.0.1:{prom_port}"
            processes.append(
                daemon("/usr/bin/prometheus", "Prometheus", "prometheus", prom_url, "prometheus.log")
            )
            s = Stack(telegram, bot, system, gluetun, prom_url, node, node_argv, root)
            s.wait_query('up{job="myflix"} == 1 and on () up{job="node"} == 1', timeout=START)
            yield s
    finally:
        for process in reversed(processes):
            process.stop()
        gluetun_server.stop()
        tg_server.stop()


def resolved_lines(stack: Stack, what: str) -> list[str]:
    return [m for m in stack.messages() if f"Résolu : {what}" in m]


def test_cpu_temperature_high_alerts_then_resolves_after_the_fix(stack: Stack) -> None:
    stack.system.temperature = 90.0
    stack.wait_message("Le Pi est brûlant")
    assert resolved_lines(stack, "Le Pi est brûlant") == []  # still hot
    stack.system.temperature = 50.0
    stack.wait_message("Résolu : Le Pi est brûlant", timeout=60)


def test_gluetun_answering_500_alerts_then_resolves_after_the_fix(stack: Stack) -> None:
    stack.gluetun.faults.set(status=500)
    text = stack.wait_message("Gluetun (le VPN) ne répond plus").params["text"]
    assert "Le VPN est coupé" in text  # related alerts, one message (area vpn)
    assert "127.0.0.1" not in text
    assert resolved_lines(stack, "Gluetun") == []
    stack.gluetun.faults.clear()
    stack.wait_message("Résolu : Gluetun (le VPN) ne répond plus", timeout=60)


def test_node_exporter_killed_alerts_then_resolves_when_it_is_back(stack: Stack) -> None:
    stack.node.stop()
    stack.wait_message("Je ne vois plus les mesures du système")
    stack.node = _process(
        stack.node_argv,
        stack.root / "node2.log",
        stack.node_argv[-1].replace("--web.listen-address=", "http://") + "/metrics",
        "node-exporter",
    )
    stack.wait_message("Résolu : Je ne vois plus les mesures du système", timeout=60)


def test_a_full_tier_and_a_killed_bot_never_give_a_false_resolution(stack: Stack) -> None:
    stack.system.mass_fill = 0.98
    stack.wait_message("Le disque mass est plein")
    watchers = stack.bot.watchers
    exporter = watchers.exporter
    assert exporter is not None
    exporter.stop()  # the bot process as Prometheus and Alertmanager see it: gone
    call = stack.wait_message("Je ne vois plus le bot Myflix")  # Alertmanager's own receiver, in French
    assert "MyflixStorageFull mass" in call.params["text"]  # held, and said so
    assert call.params["chat_id"] == ADMIN
    assert call.params.get("disable_web_page_preview") is True  # its deprecated parameter, accepted
    # 10 s of failed scrapes (10 evaluations, 5 group intervals) with the alert held: no false "resolved"
    stack.wait_query('max_over_time(up{job="myflix"}[10s]) == 0', timeout=60)
    stack.wait_query('ALERTS{alertname="MyflixStorageFull", alertstate="firing"}', timeout=5)
    assert resolved_lines(stack, "Le disque mass est plein") == []
    # the bot comes back on the same port, the disk still full: it sees the bot again, still no "resolved"
    watchers.exporter = ExporterServer(
        exporter.server_address[0],
        exporter.port,
        stack.bot.runtime.metrics.registry,
        post_routes=watchers.post_routes,
    ).start()
    stack.wait_message("Je revois le bot Myflix")
    stack.wait_query('min_over_time(up{job="myflix"}[5s]) == 1', timeout=60)
    assert resolved_lines(stack, "Le disque mass est plein") == []
    stack.system.mass_fill = 0.5
    stack.wait_message("Résolu : Le disque mass est plein", timeout=60)
