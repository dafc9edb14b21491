"""Render a role's templates as the role would: ansible's template action, with the role's defaults and vars
files, on the controller, every render in one ansible-playbook run.

``render_templates(role, renders, out)`` takes ``{name: (template, task_vars)}`` and returns ``{name: text}``;
task vars win over the role's defaults and vars, as inventory values would. ``run_playbook`` is the one way
the role tests run ansible-playbook (the repository's ansible.cfg; ``LOCAL_PYTHON`` for local hosts).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
LOCAL_PYTHON = {"ANSIBLE_PYTHON_INTERPRETER": str(BIN / "python")}  # hosts on this machine use this venv


def run_playbook(
    inventory: Path | str, playbook: Path, env: dict[str, str] | None = None, timeout: int = 300
) -> tuple[int, str]:
    """ansible-playbook of this venv with the repository's ansible.cfg: its exit status and all it printed."""
    done = subprocess.run(
        [str(BIN / "ansible-playbook"), "-i", str(inventory), str(playbook)],
        env=dict(os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), **(env or {})),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return done.returncode, done.stdout + done.stderr


def role_vars_files(role: Path) -> list[Path]:
    """The role's defaults (one file or a defaults/main/ directory) and its vars/main.yml."""
    defaults = role / "defaults" / "main"
    files = sorted(defaults.glob("*.yml")) if defaults.is_dir() else [role / "defaults" / "main.yml"]
    return [*files, *[path for path in [role / "vars" / "main.yml"] if path.exists()]]


def render_templates(
    role: Path, renders: dict[str, tuple[str, dict[str, object]]], out: Path
) -> dict[str, str]:
    play = [
        {
            "hosts": "localhost",
            "connection": "local",
            "gather_facts": False,
            "vars_files": [str(path) for path in role_vars_files(role)],
            "tasks": [
                {
                    "name": f"Render {template} as {name}",
                    "ansible.builtin.template": {
                        "src": str(role / "templates" / template),
                        "dest": str(out / name),
                        "mode": "0644",
                    },
                    "vars": values,
                }
                for name, (template, values) in renders.items()
            ],
        }
    ]
    (out / "render.yml").write_text(json.dumps(play), encoding="utf-8")
    code, output = run_playbook("localhost,", out / "render.yml", LOCAL_PYTHON)
    assert code == 0, output
    return {name: (out / name).read_text(encoding="utf-8") for name in renders}
