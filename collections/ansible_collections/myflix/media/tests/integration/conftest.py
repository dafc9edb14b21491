"""Run myflix.media modules through a real ``ansible-playbook`` (connection local) and read the results.

``run_module(name, args, check=..., diff=..., verbosity=...)`` writes a one-task playbook, runs it with
ANSIBLE_CONFIG pointing at the repository's ansible.cfg, the venv's Python as interpreter, the
``ansible.posix.json`` callback (structured results), and returns a :class:`PlaybookRun` with the task
result, the play stats and the raw output (to search for secrets).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = (
    Path(__file__).resolve().parents[6]
)  # the repository (collections/ansible_collections/myflix/media/...)
ANSIBLE_PLAYBOOK = Path(sys.executable).with_name("ansible-playbook")


@dataclass
class PlaybookRun:
    rc: int
    stdout: str
    stderr: str
    result: dict[str, Any]
    stats: dict[str, Any]

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def changed(self) -> bool:
        return bool(self.result.get("changed"))

    @property
    def failed(self) -> bool:
        return bool(self.result.get("failed"))

    def assert_ok(self) -> None:
        assert self.rc == 0, f"playbook failed:\n{self.output[-4000:]}"
        assert not self.failed, f"task failed:\n{self.output[-4000:]}"

    def assert_failed_cleanly(self, *fragments: str) -> str:
        assert self.rc != 0, f"expected a failure:\n{self.output[-4000:]}"
        assert self.failed, f"expected a failed task:\n{self.output[-4000:]}"
        message = str(self.result.get("msg", ""))
        for fragment in fragments:
            assert fragment in message, f"{fragment!r} not in {message!r}"
        assert "Traceback" not in self.output
        assert "MODULE FAILURE" not in message
        assert "module_stderr" not in self.result
        return message


class Runner:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.count = 0

    def __call__(
        self,
        module: str,
        args: dict[str, Any],
        *,
        check: bool = False,
        diff: bool = False,
        verbosity: int = 0,
        json_output: bool = True,
    ) -> PlaybookRun:
        self.count += 1
        play = [
            {
                "name": "integration",
                "hosts": "localhost",
                "connection": "local",
                "gather_facts": False,
                "vars": {"ansible_python_interpreter": sys.executable},
                "tasks": [{"name": "module under test", f"myflix.media.{module}": args}],
            }
        ]
        playbook = self.tmp_path / f"play{self.count}.yml"
        playbook.write_text(json.dumps(play))  # JSON is YAML
        env = dict(os.environ)
        env.update(
            ANSIBLE_CONFIG=str(ROOT / "ansible.cfg"),
            ANSIBLE_LOCAL_TEMP=str(self.tmp_path / "ansible-local"),
            ANSIBLE_REMOTE_TEMP=str(self.tmp_path / "ansible-remote"),
            ANSIBLE_NOCOLOR="1",
            ANSIBLE_FORCE_COLOR="0",
        )
        if json_output:
            env["ANSIBLE_STDOUT_CALLBACK"] = "ansible.posix.json"
        command = [str(ANSIBLE_PLAYBOOK), "-i", "localhost,", str(playbook)]
        if check:
            command.append("--check")
        if diff:
            command.append("--diff")
        if verbosity:
            command.append("-" + "v" * verbosity)
        proc = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
        )
        result: dict[str, Any] = {}
        stats: dict[str, Any] = {}
        if json_output:
            try:
                data = json.loads(proc.stdout[proc.stdout.index("{") :])
            except ValueError as exc:
                raise AssertionError(f"ansible-playbook gave no JSON:\n{proc.stdout}\n{proc.stderr}") from exc
            result = data["plays"][0]["tasks"][0]["hosts"]["localhost"]
            stats = data["stats"]["localhost"]
        return PlaybookRun(proc.returncode, proc.stdout, proc.stderr, result, stats)


@pytest.fixture
def run_module(tmp_path: Path) -> Runner:
    if not ANSIBLE_PLAYBOOK.exists():
        pytest.fail(f"{ANSIBLE_PLAYBOOK} is missing: run `make setup` to create the controller venv")
    return Runner(tmp_path)


def assert_no_secret(run: PlaybookRun, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in run.output, "a secret leaked into the ansible-playbook output"


@pytest.fixture
def closed_port_url() -> str:
    """A loopback URL nothing listens on (the port was bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"
