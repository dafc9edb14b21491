"""Config guards: NaN and infinities are rejected wherever a number is read, and a config file that
cannot be used (not UTF-8, not YAML, unreadable) is one clear line and exit code 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from myflix_bot import cli
from myflix_bot.config import ConfigError

from .conftest import make_config

NON_FINITE = [float("nan"), float("inf"), float("-inf")]


@pytest.mark.parametrize("value", NON_FINITE, ids=["nan", "inf", "-inf"])
@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"watchers": {"thermal": {"high": None}}}, "watchers.thermal.high"),
        ({"watchers": {"leak_guard": {"interval": None}}}, "watchers.leak_guard.interval"),
        ({"watchers": {"gc": {"interval": None}}}, "watchers.gc.interval"),
        ({"watchers": {"autoheal": {"retry_max": None}}}, "watchers.autoheal.retry_max"),
        (
            {"watchers": {"gc": {"categories": [{"name": "radarr", "arr": "radarr", "min_ratio": None}]}}},
            "watchers.gc.categories[0].min_ratio",
        ),
        ({"cache": {"system_interval": None}}, "cache.system_interval"),
    ],
)
def test_non_finite_numbers_are_rejected(overrides: dict, key: str, value: float) -> None:
    def put(tree: dict) -> dict:
        out = {}
        for k, v in tree.items():
            if isinstance(v, dict):
                out[k] = put(v)
            elif isinstance(v, list):
                out[k] = [put(i) for i in v]
            else:
                out[k] = value if v is None else v
        return out

    with pytest.raises(ConfigError) as err:
        make_config(put(overrides))
    assert any(p.startswith(f"{key}: must be a finite number") for p in err.value.problems), (
        err.value.problems
    )


def test_finite_numbers_still_pass() -> None:
    """The positive twin: ordinary values (floats and integers) at the same places are accepted."""
    config = make_config(
        {
            "watchers": {
                "thermal": {"high": 80.5, "low": 70},
                "leak_guard": {"interval": 10},
                "autoheal": {"retry_max": 20},
                "gc": {
                    "interval": 60.0,
                    "categories": [{"name": "radarr", "arr": "radarr", "min_ratio": 0.5}],
                },
            },
            "cache": {"system_interval": 15},
        }
    )
    watchers = config.sections["watchers"]
    assert watchers.thermal.high == 80.5
    assert watchers.gc.categories[0].min_ratio == 0.5


def test_nan_in_yaml_is_rejected_by_check_config(tmp_path: Path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("MYFLIX_TELEGRAM_TOKEN", "123456789:" + "C" * 35)
    path = tmp_path / "bot.yml"
    path.write_text(
        "telegram: {allowed_users: [1], admins: [1]}\nsystem: {docker_socket: null}\n"
        "watchers:\n  thermal: {high: .nan}\n  leak_guard: {interval: .inf}\n"
    )
    assert cli.main(["check-config", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert "watchers.thermal.high: must be a finite number" in err
    assert "watchers.leak_guard.interval: must be a finite number" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"telegram:\n  admins: [1]\n# caf\xe9 in Latin-1\n", "is not UTF-8 text"),
        (b"\xff\xfe t\x00e\x00", "is not UTF-8 text"),
        (b"telegram: [unclosed\n", "is not valid YAML"),
    ],
    ids=["latin1", "utf16", "yaml"],
)
@pytest.mark.parametrize("command", ["check-config", "run", "port-sync-now", "watcher"])
def test_unusable_config_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys, content: bytes, message: str, command: str
) -> None:
    path = tmp_path / "bot.yml"
    path.write_bytes(content)
    argv = [command, "--config", str(path)] + (["run", "thermal"] if command == "watcher" else [])
    if command == "watcher":
        argv = ["watcher", "run", "thermal", "--config", str(path)]
    assert cli.main(argv) == 2
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert message in lines[0]
    assert str(path) in lines[0]
    assert "Traceback" not in captured.err + captured.out


def test_unreadable_config_is_one_line(tmp_path: Path, capsys) -> None:
    assert cli.main(["check-config", "--config", str(tmp_path / "missing.yml")]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1
    assert "cannot read" in lines[0]
