"""A role's templates rendered by ansible's own template action, as a play would: the role's defaults and
vars files loaded, each case's values given as task vars (which win over the defaults, as inventory
values would), every case in one ``ansible-playbook`` run on localhost."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def role_vars_files(role: Path) -> list[Path]:
    """``defaults/main.yml`` or the files of ``defaults/main/``, then ``vars/main.yml`` if any."""
    defaults = role / "defaults"
    files = sorted((defaults / "main").glob("*.yml")) or [defaults / "main.yml"]
    return [*files, *[p for p in [role / "vars" / "main.yml"] if p.exists()]]


def render(role: Path, jobs: Mapping[str, tuple[str, Mapping[str, object]]], out: Path) -> dict[str, str]:
    """``jobs`` maps an output name to (a template of ``role/templates``, the case's values); returns
    each output's text. A failing run fails the test with ansible's output."""
    play = [
        {
            "hosts": "localhost",
            "connection": "local",
            "gather_facts": False,
            "vars_files": [str(p) for p in role_vars_files(role)],
            "tasks": [
                {
                    "name": f"Render {name}",
                    "ansible.builtin.template": {
                        "src": str(role / "templates" / template),
                        "dest": str(out / name),
                        "mode": "0644",
                    },
                    "vars": dict(values),
                }
                for name, (template, values) in jobs.items()
            ],
        }
    ]
    (out / "render.yml").write_text(json.dumps(play))
    env = dict(
        os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), ANSIBLE_PYTHON_INTERPRETER=str(BIN / "python")
    )
    done = subprocess.run(
        [str(BIN / "ansible-playbook"), "-i", "localhost,", str(out / "render.yml")],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return {name: (out / name).read_text() for name in jobs}
