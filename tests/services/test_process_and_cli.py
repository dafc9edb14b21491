"""Stopping by PID (escalating to SIGKILL) and the manual runner ``python -m myflix_testkit.services``."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from myflix_testkit.services.process import ManagedProcess, ServiceStartError, free_port, wait_until

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
