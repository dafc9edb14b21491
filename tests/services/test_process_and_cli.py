"""Stopping by PID (escalating to SIGKILL) and the manual runner ``python -m myflix_testkit.services``."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from myflix_testkit.services import prometheus as prometheus_module
from myflix_testkit.services import qbittorrent as qbittorrent_module
from myflix_testkit.services.process import (
    ManagedProcess,
    ServiceStartError,
    free_port,
    retry_on_port_clash,
    wait_until,
)

TESTKIT_DIR = Path(__file__).resolve().parents[1]


def test_stop_escalates_to_sigkill_when_sigterm_is_ignored(tmp_path: Path) -> None:
    stubborn = ManagedProcess(
        ["sh", "-c", "trap '' TERM; echo ready; exec sleep 60"], tmp_path / "log", stop_timeout=0.5
    )
    with stubborn:
        wait_until(lambda: "ready" in stubborn.log_path.read_text() or None, timeout=10, what="sh")
        pid = stubborn.pid
    assert stubborn.exit_code() == -signal.SIGKILL
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


def test_sigterm_is_enough_for_a_well_behaved_process(tmp_path: Path) -> None:
    with ManagedProcess(["sleep", "60"], tmp_path / "log") as proc:
        assert proc.exit_code() is None
    assert proc.exit_code() == -signal.SIGTERM


def test_wait_until_fails_fast_when_the_process_dies(tmp_path: Path) -> None:
    proc = ManagedProcess(["sh", "-c", "echo 'cannot bind'; exit 3"], tmp_path / "log")
    started = time.monotonic()
    with proc, pytest.raises(ServiceStartError, match=r"exited with status 3(.|\n)*cannot bind"):
        wait_until(lambda: None, timeout=30, what="dying service", process=proc)
    assert time.monotonic() - started < 30  # it did not wait for the timeout


def test_free_port_is_bindable_on_loopback() -> None:
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_manual_runner_prints_url_and_pid_and_stops_on_ctrl_c() -> None:
    runner = subprocess.Popen(
        [sys.executable, "-m", "myflix_testkit.services", "node-exporter"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=TESTKIT_DIR,
    )
    try:
        lines: dict[str, str] = {}
        assert runner.stdout is not None
        for line in runner.stdout:
            if line.startswith("running;"):
                break
            name, _, value = line.strip().partition("  ")
            lines[name] = value.strip()
        assert set(lines) >= {"url", "pid", "log"}, lines
        assert lines["url"].startswith("http://127.0.0.1:")
        assert "node_uname_info" in httpx.get(lines["url"], trust_env=False).text
        runner.send_signal(signal.SIGINT)
        assert runner.wait(timeout=30) == 0
        assert "stopped" in runner.stdout.read()
        with pytest.raises(ProcessLookupError):
            os.kill(int(lines["pid"]), 0)
    finally:
        if runner.poll() is None:
            runner.kill()
            runner.wait()


@pytest.fixture
def taken_port() -> Iterator[int]:
    """A 127.0.0.1 port that something else already listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def _first_port_taken(monkeypatch: pytest.MonkeyPatch, module: object, taken: int) -> list[int]:
    handed_out: list[int] = []

    def fake_free_port() -> int:
        handed_out.append(taken if not handed_out else free_port())
        return handed_out[-1]

    monkeypatch.setattr(module, "free_port", fake_free_port)
    return handed_out


def test_qbittorrent_starts_again_when_its_webui_port_was_taken(
    monkeypatch: pytest.MonkeyPatch, taken_port: int, tmp_path: Path
) -> None:
    handed_out = _first_port_taken(monkeypatch, qbittorrent_module, taken_port)
    with qbittorrent_module.start_qbittorrent(state_dir=tmp_path) as qbt:
        assert qbt.port != taken_port
        assert qbt.login_body(password=qbt.password) == (200, "Ok.")
        assert f"Unable to bind to IP: 127.0.0.1, port: {taken_port}" in qbt.log_path.read_text()
    assert handed_out[0] == taken_port
    assert len(handed_out) == 4  # two ports per attempt: WebUI, then BitTorrent


def test_prometheus_starts_again_when_its_port_was_taken(
    monkeypatch: pytest.MonkeyPatch, taken_port: int, tmp_path: Path
) -> None:
    _first_port_taken(monkeypatch, prometheus_module, taken_port)
    with prometheus_module.start_prometheus({}, state_dir=tmp_path) as prom:
        assert prom.port != taken_port
        assert httpx.get(f"{prom.url}/-/ready", trust_env=False).status_code == 200
        assert "address already in use" in prom.log_path.read_text()


def test_a_failure_that_is_not_a_port_clash_is_not_retried(tmp_path: Path) -> None:
    calls: list[int] = []

    def broken() -> None:
        calls.append(1)
        raise ServiceStartError("config error: no such file")

    with pytest.raises(ServiceStartError, match="config error"):
        retry_on_port_clash(broken)
    assert calls == [1]


def test_children_die_with_a_parent_that_is_killed_hard(tmp_path: Path) -> None:
    script = (
        "import sys, pathlib\n"
        "from myflix_testkit.services.process import ManagedProcess\n"
        "p = ManagedProcess(['sleep', '60'], pathlib.Path(sys.argv[1])).start()\n"
        "print(p.pid, flush=True)\n"
        "sys.stdin.read()\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script, str(tmp_path / "log")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=TESTKIT_DIR,
    )
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    os.kill(child, 0)  # running
    parent.kill()  # no cleanup code runs in the parent
    parent.wait(timeout=10)

    def child_gone() -> bool | None:
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            return True
        # reaped by init once it exits; a zombie still counts as gone
        status = Path(f"/proc/{child}/stat").read_text().split()[2]
        return True if status == "Z" else None

    assert wait_until(child_gone, timeout=10, what="orphaned child to exit")
