"""The assembly: every feature listed once with its sections and messages, and importing any module of
the package changes nothing (no config section, no message appears until the assembly is asked)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from myflix_bot import assembly, i18n
from myflix_bot.assembly import FEATURES, OPERATIONS, TELEGRAM, WATCHERS
from myflix_bot.config import ConfigError
from myflix_bot.config import parse_config as core_parse_config
from myflix_bot.watchers.settings import WATCHER_NAMES

from .conftest import ADMIN, TOKEN
from .test_import_graph import modules

# In a fresh interpreter: the catalog's keys and whether the core parser accepts a feature's section,
# before and after importing the given modules.
PROBE = textwrap.dedent(
    """
    import importlib, json, sys
    from myflix_bot import config, i18n

    def state():
        data = {"telegram": {"admins": [1]}, "watchers": {}, "search": {}, "charts": {}}
        try:
            config.parse_config(data, {"MYFLIX_TELEGRAM_TOKEN": "1:x"})
            accepted = True
        except config.ConfigError:
            accepted = False
        return {"keys": sorted(i18n.keys()), "accepted": accepted,
                "registries": sorted(n for n in vars(config) if n.isupper() and n != "CORE_SECTIONS")}

    before = state()
    for name in sys.argv[1:]:
        importlib.import_module(name)
    print(json.dumps({"before": before, "after": state()}))
    """
)


def probe(*names: str, path: Path | None = None) -> dict[str, dict[str, object]]:
    env_path = [str(path)] if path is not None else []
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *names],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env={"PYTHONPATH": ":".join([*env_path, *sys.path])},
    )
    return json.loads(out.stdout)


def test_importing_every_module_registers_nothing() -> None:
    names = [n for n in modules() if not n.endswith("__main__")]
    assert len(names) > 100
    seen = probe(*names)
    assert seen["before"] == seen["after"]
    assert seen["after"]["accepted"] is False  # the core parser knows no feature section by itself


def test_the_probe_sees_a_module_that_registers_on_import(tmp_path: Path) -> None:
    """The positive twin: a module that adds messages when imported is caught by the same probe."""
    (tmp_path / "noisy_feature.py").write_text(
        "from myflix_bot import i18n\ni18n.register({'noisy.hello': {'fr': 'Salut', 'en': 'Hi'}})\n"
    )
    seen = probe("noisy_feature", path=tmp_path)
    assert seen["before"] != seen["after"]
    assert "noisy.hello" in seen["after"]["keys"]  # type: ignore[operator]


def test_the_assembly_gives_every_feature_section_and_message() -> None:
    data = {"telegram": {"admins": [ADMIN]}, "watchers": {"gc": {"dry_run": True}}, "charts": {"hours": 6}}
    with pytest.raises(ConfigError, match="watchers"):
        core_parse_config(data, {"MYFLIX_TELEGRAM_TOKEN": TOKEN})
    config = assembly.parse_config(data, {"MYFLIX_TELEGRAM_TOKEN": TOKEN})
    assert config.section("charts").hours == 6
    assert config.section("watchers").gc.dry_run is True
    assert set(config.sections) == set(assembly.sections())
    assembly.prepare()
    for key in assembly.messages():
        assert i18n.t("en", key) != key
        assert i18n.t("fr", key) != key


def test_every_feature_and_watcher_is_listed_once() -> None:
    names = [f.name for f in FEATURES]
    assert len(names) == len(set(names))
    assert FEATURES == TELEGRAM + OPERATIONS
    for wanted in ("catalogue", "status", "queue", "search", "requests", "household", "preview", "charts"):
        assert wanted in [f.name for f in TELEGRAM]
    for wanted in ("watchers", "logs", "gc", "backup", "alerts", "pipeline"):
        assert wanted in [f.name for f in OPERATIONS]
    # every watcher the config knows has its one builder, in the watchers section
    assert sorted(w.name for w in WATCHERS) == sorted(WATCHER_NAMES)
    assert all(w.section == f"watchers.{w.name}" for w in WATCHERS)
    # a section owned twice is refused
    twice = (*FEATURES, assembly.Feature("again", sections={"charts": lambda r, s: None}))
    with pytest.raises(ValueError, match="charts"):
        assembly.sections(twice)
