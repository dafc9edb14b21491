"""Configuration: every problem at once with key names, secrets from env or a 0600 file, no leaks."""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from myflix_bot.assembly import load_config, parse_config
from myflix_bot.cli import main
from myflix_bot.config import ConfigError
from myflix_bot.secrets import MASK, RedactingFormatter, Secret

from .conftest import TOKEN

SECRET_VALUES = {
    "MYFLIX_TELEGRAM_TOKEN": TOKEN,
    "MYFLIX_RADARR_API_KEY": "radarr-key-0123456789abcdef",
    "MYFLIX_SONARR_API_KEY": "sonarr-key-0123456789abcdef",
    "MYFLIX_QBITTORRENT_PASSWORD": "qbit-password-42",
    "MYFLIX_GLUETUN_API_KEY": "gluetun-key-xyz",
    "MYFLIX_GEMINI_API_KEY": "gemini-key-abc",
}
GOOD = {
    "telegram": {"allowed_users": [1], "admins": [2]},
    "radarr": {"url": "http://radarr:7878"},
    "sonarr": {"url": "http://sonarr:8989"},
    "qbittorrent": {"url": "http://gluetun:8080", "username": "admin"},
    "gluetun": {"url": "http://gluetun:8000", "home_ip": "82.1.2.3"},
    "system": {"storage": [{"name": "NVMe", "path": "/"}, {"name": "HDD", "path": "/srv/data"}]},
    "ui": {"language": "en"},
}


def test_good_config_parses_with_secrets_from_env() -> None:
    config = parse_config(GOOD, SECRET_VALUES)
    assert config.radarr is not None
    assert config.radarr.api_key.reveal() == SECRET_VALUES["MYFLIX_RADARR_API_KEY"]
    assert config.qbittorrent is not None
    assert config.qbittorrent.password is not None
    assert config.gemini_api_key is not None
    assert config.gemini_api_key.reveal() == "gemini-key-abc"
    assert config.ui.language == "en"
    assert [t.name for t in config.system.storage] == ["NVMe", "HDD"]
    assert config.telegram.admins == frozenset({2})


def test_every_problem_is_reported_at_once() -> None:
    bad = {
        "telegram": {"allowed_users": ["alice"], "token": "inline!", "refusal_interval": -1},
        "radarr": {"url": "radarr:7878", "api_key": "inline"},
        "sonarr": {},
        "gluetun": {"url": "http://user:pw@gluetun:8000", "home_ip": "not-an-ip"},
        "cache": {"catalog_interval": "often", "queue_live_interval": 0},
        "ui": {"language": "de", "page_size": 100, "colour": "red"},
        "system": {"storage": [{"name": "NVMe"}], "warn_percent": True},
        "typo_section": {},
    }
    with pytest.raises(ConfigError) as info:
        parse_config(bad, {})
    problems = info.value.problems
    expected_keys = [
        "telegram.token: MYFLIX_TELEGRAM_TOKEN is not set",
        "telegram.token: secrets do not belong in the config file",
        "telegram.allowed_users: must contain integer Telegram ids only",
        "telegram.refusal_interval: must be between",
        "radarr.url: must be an http(s) URL",
        "radarr.api_key: secrets do not belong",
        "radarr.api_key: MYFLIX_RADARR_API_KEY is not set",
        "sonarr.url: required",
        "sonarr.api_key: MYFLIX_SONARR_API_KEY is not set",
        "gluetun.url: must not contain credentials",
        "gluetun.home_ip: must be an IP address",
        "cache.catalog_interval: must be a number",
        "cache.queue_live_interval: must be between",
        "ui.language: must be one of fr, en",
        "ui.page_size: must be between 1 and 25",
        "ui.colour: unknown key",
        "system.storage[0].path: required",
        "system.warn_percent: must be a number",
        "typo_section: unknown key",
    ]
    for key in expected_keys:
        assert any(p.startswith(key) for p in problems), f"missing {key!r} in {problems}"
    text = str(info.value)
    assert "inline!" not in text
    assert "pw@" not in text


def test_nobody_allowed_is_a_problem() -> None:
    with pytest.raises(ConfigError, match="nobody is allowed"):
        parse_config({"telegram": {}}, SECRET_VALUES)


def test_secrets_file_must_be_private(tmp_path: Path) -> None:
    secrets_file = tmp_path / "secrets.env"
    secrets_file.write_text(
        "MYFLIX_TELEGRAM_TOKEN=" + TOKEN + "\nexport MYFLIX_RADARR_API_KEY='file-key-123'\n"
    )
    secrets_file.chmod(0o640)
    data = {**GOOD, "secrets_file": str(secrets_file)}
    with pytest.raises(ConfigError) as info:
        parse_config({k: v for k, v in data.items() if k != "sonarr"}, {})
    assert any("mode 0640" in p and "chmod 600" in p for p in info.value.problems)
    secrets_file.chmod(0o600)
    config = parse_config({k: v for k, v in data.items() if k not in ("sonarr", "qbittorrent")}, {})
    assert config.radarr is not None
    assert config.radarr.api_key.reveal() == "file-key-123"
    # the environment wins over the file
    config = parse_config(
        {k: v for k, v in data.items() if k not in ("sonarr", "qbittorrent")},
        {"MYFLIX_RADARR_API_KEY": "env-key-456"},
    )
    assert config.radarr is not None
    assert config.radarr.api_key.reveal() == "env-key-456"


def test_secrets_file_bad_lines_and_unknown_keys_name_no_value(tmp_path: Path) -> None:
    secrets_file = tmp_path / "secrets.env"
    secrets_file.write_text("garbage-line-with-secret-material\nMYFLIX_TYPO=supersecret\n")
    secrets_file.chmod(0o600)
    with pytest.raises(ConfigError) as info:
        parse_config({"telegram": {"allowed_users": [1]}, "secrets_file": str(secrets_file)}, {})
    text = str(info.value)
    assert "line 1 is not KEY=VALUE" in text
    assert "unknown key MYFLIX_TYPO" in text
    assert "supersecret" not in text
    assert "garbage-line" not in text


def test_secret_never_shows_itself(caplog: pytest.LogCaptureFixture) -> None:
    secret = Secret("hunter2-very-secret")
    assert str(secret) == MASK
    assert repr(secret) == f"Secret('{MASK}')"
    assert f"{secret}" == MASK
    config = parse_config(GOOD, SECRET_VALUES)
    dumped = repr(config)
    for value in SECRET_VALUES.values():
        assert value not in dumped
    with pytest.raises(TypeError):
        pickle.dumps(secret)


def test_log_lines_are_scrubbed_of_known_secrets() -> None:
    Secret("token-in-a-url-0123")
    formatter = RedactingFormatter("%(message)s")
    record = logging.LogRecord(
        "httpx", logging.INFO, __file__, 1, "GET https://x/bot%s/getMe", ("token-in-a-url-0123",), None
    )
    assert formatter.format(record) == f"GET https://x/bot{MASK}/getMe"
    try:
        raise RuntimeError("failed with token-in-a-url-0123")
    except RuntimeError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", (), sys.exc_info())
    assert "token-in-a-url-0123" not in formatter.format(record)


def test_invalid_yaml_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "bot.yml"
    path.write_text("telegram: [unclosed\n")
    with pytest.raises(ConfigError, match="not valid YAML at line"):
        load_config(path, {})
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(tmp_path / "missing.yml", {})


def test_check_config_cli_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bot.yml"
    path.write_text(yaml.safe_dump(GOOD))
    for key, value in SECRET_VALUES.items():
        monkeypatch.setenv(key, value)
    assert main(["check-config", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert "ok (sources: radarr, sonarr, qbittorrent, gluetun; language en; 1 user(s), 1 admin(s))" in out
    monkeypatch.delenv("MYFLIX_RADARR_API_KEY")
    path.write_text(yaml.safe_dump({**GOOD, "ui": {"language": "xx"}}))
    assert main(["check-config", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert "2 problem(s)" in err
    assert "radarr.api_key: MYFLIX_RADARR_API_KEY is not set" in err
    assert "ui.language: must be one of fr, en" in err
    for value in SECRET_VALUES.values():
        assert value not in err


def test_console_script_runs_check_config(tmp_path: Path) -> None:
    path = tmp_path / "bot.yml"
    path.write_text(yaml.safe_dump({"telegram": {"allowed_users": [1]}}))
    env = {**os.environ, "MYFLIX_TELEGRAM_TOKEN": TOKEN}
    done = subprocess.run(
        [sys.executable, "-m", "myflix_bot.cli", "check-config", "--config", str(path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert TOKEN not in done.stdout + done.stderr
