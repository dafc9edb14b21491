"""Render the monitoring role's templates with the role defaults, through ansible's own template action.

Going through ``ansible-playbook`` (not bare Jinja) keeps the rendering identical to a real run:
the same filters, ``trim_blocks`` and ``ansible_managed``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
ROLE = REPO / "roles" / "myflix_monitoring"

# template (relative to the role's templates/) -> file name in the output directory
TEMPLATES: dict[str, str] = {
    "prometheus.yml.j2": "prometheus.yml",
    "myflix_alerts.yml.j2": "myflix_alerts.yml",
    "alertmanager.yml.j2": "alertmanager.yml",
    "alertmanager_bot_down.tmpl.j2": "alertmanager_myflix.tmpl",
    "prometheus.default.j2": "prometheus.default",
    "node_exporter.default.j2": "node_exporter.default",
    "alertmanager.default.j2": "alertmanager.default",
    "grafana/datasource.yml.j2": "grafana-datasource.yml",
    "grafana/dashboards.yml.j2": "grafana-dashboards.yml",
}


def render_role_templates(out_dir: Path, overrides: Mapping[str, Any]) -> dict[str, Path]:
    """Render every template of the role into ``out_dir`` with the defaults plus ``overrides``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    playbook = out_dir / "render.yml"
    playbook.write_text(
        json.dumps(
            [
                {
                    "name": "Render the monitoring templates",
                    "hosts": "localhost",
                    "connection": "local",
                    "gather_facts": False,
                    "vars_files": [str(ROLE / "defaults" / "main.yml")],
                    "tasks": [
                        {
                            "name": "Render",
                            "ansible.builtin.template": {
                                "src": str(ROLE / "templates" / src),
                                "dest": str(out_dir / dest),
                                "mode": "0644",
                            },
                            "loop_control": {"label": dest},
                        }
                        for src, dest in TEMPLATES.items()
                    ],
                }
            ]
        )
    )
    extra = out_dir / "overrides.json"
    extra.write_text(json.dumps(dict(overrides)))
    env = dict(os.environ)
    env["ANSIBLE_CONFIG"] = str(REPO / "ansible.cfg")
    env["ANSIBLE_LOCALHOST_WARNING"] = "false"
    env["ANSIBLE_INVENTORY_UNPARSED_WARNING"] = "false"
    playbook_bin = Path(sys.executable).parent / "ansible-playbook"
    result = subprocess.run(
        [str(playbook_bin), "-i", "localhost,", "-e", f"@{extra}", str(playbook)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"rendering the role templates failed:\n{result.stdout}\n{result.stderr}")
    return {dest: out_dir / dest for dest in TEMPLATES.values()}


def env_file_args(path: Path) -> list[str]:
    """The flags of an ``ARGS="..."`` EnvironmentFile, split at whitespace as systemd does."""
    for line in path.read_text().splitlines():
        if line.startswith("ARGS="):
            value = line.removeprefix("ARGS=")
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            return value.split()
    raise ValueError(f"no ARGS= line in {path}")
