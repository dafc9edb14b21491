"""`make try` (scripts/try.sh) on the paths a user meets, with stand-ins for molecule, docker and the engine
script in a copy of the script's surroundings (the real run, `make try` itself, converges a whole host and
takes 15-20 minutes: see the README). What is pinned here: molecule's state stays in the clone, a host whose
container is gone (a reboot, an engine restart) is torn down before it is built again instead of failing as
unreachable, and a running or never-built host is converged straight away."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HOST = "myflix-default-trixie"


def stub(path: Path, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/usr/bin/env bash\n" + body)
    path.chmod(0o755)


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """scripts/try.sh in a folder shaped like a clone; every command it runs logs its argv to calls.log."""
    if os.geteuid() != 0:
        pytest.fail("try.sh refuses to run without root (loop devices); this suite runs as root in make test")
    (tmp_path / "scripts").mkdir()
    shutil.copy2(ROOT / "scripts" / "try.sh", tmp_path / "scripts" / "try.sh")
    log = 'echo "$(basename "$0") $* MOLECULE_EPHEMERAL_DIRECTORY=${MOLECULE_EPHEMERAL_DIRECTORY:-}"'
    log += ' >> "$CALLS"\n'
    inspect = '[ "$1" = inspect ] && [ -n "${HOST_RUNNING:-}" ] && echo "$HOST_RUNNING"\nexit 0\n'
    bin_dir = tmp_path / ".venv" / "bin"
    stub(bin_dir / "molecule", log)
    stub(bin_dir / "docker", log + inspect)
    (bin_dir / "activate").write_text(f'export PATH="{bin_dir}:$PATH"\n')
    stub(tmp_path / "scripts" / "dockerd.sh", log)
    stub(tmp_path / "scripts" / "build-test-images.sh", log)
    return tmp_path


def run_try(clone: Path, *, state: str | None, running: str | None, action: str = "up") -> list[str]:
    state_dir = clone / ".state" / "molecule" / "default"
    if state is not None:
        state_dir.mkdir(parents=True, exist_ok=True)
        (state_dir / "state.yml").write_text(state)
    env = {**os.environ, "CALLS": str(clone / "calls.log")}
    env.pop("HOST_RUNNING", None)
    if running is not None:
        env["HOST_RUNNING"] = running
    subprocess.run(
        ["bash", str(clone / "scripts" / "try.sh"), action], env=env, check=True, capture_output=True
    )
    return (clone / "calls.log").read_text().splitlines()


def molecule_calls(calls: list[str]) -> list[str]:
    return [c.split(" MOLECULE_EPHEMERAL_DIRECTORY=")[0] for c in calls if c.startswith("molecule ")]


CREATED = "---\nconverged: true\ncreated: true\ndriver: docker\nprepared: true\n"


def test_a_host_whose_container_is_gone_is_torn_down_then_built_again(clone: Path) -> None:
    calls = run_try(clone, state=CREATED, running=None)
    assert molecule_calls(calls) == [
        "molecule destroy -s default",
        f"molecule converge -s default -- --limit {HOST},localhost",
    ]
    # the state stays inside the clone, for every molecule call
    assert {c.split("MOLECULE_EPHEMERAL_DIRECTORY=")[1] for c in calls if c.startswith("molecule ")} == {
        str(clone / ".state" / "molecule" / "default")
    }


@pytest.mark.parametrize(
    ("state", "running"),
    [(CREATED, "true"), (None, None), ("---\ncreated: false\n", None)],
    ids=["running host", "never built", "destroyed"],
)
def test_a_running_or_absent_host_is_converged_straight_away(
    clone: Path, state: str | None, running: str | None
) -> None:
    assert molecule_calls(run_try(clone, state=state, running=running)) == [
        f"molecule converge -s default -- --limit {HOST},localhost"
    ]


def test_clean_destroys_and_stops_only_through_the_engine_script(clone: Path) -> None:
    calls = run_try(clone, state=CREATED, running="true", action="clean")
    assert molecule_calls(calls) == ["molecule destroy -s default"]
    assert [c.split(" MOLECULE")[0] for c in calls if c.startswith("dockerd.sh")] == [
        "dockerd.sh status",
        "dockerd.sh stop",
    ]
