"""The bot's container image, built for real on the locally built Debian test host and run with mounted
config, as a container deployment would run it.

The image is built by ``files/bot/container/build_image.py`` (a small context, pinned wheels) on
``myflix-test/debian:trixie`` and tagged by a hash of its inputs, so a second run reuses it. The config
directory is laid out as roles/myflix_bot lays out /etc/myflix: root:bot 0750, bot.yml 0640, bot.secrets
0600 owned by the bot's user.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import socket
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import docker
import docker.errors
import pytest
import yaml
from myflix_bot.secrets import SECRET_ENV
from myflix_testkit.fakes.telegram import TelegramFake

BOT_DIR = Path(__file__).resolve().parents[1]
BUILDER_PATH = BOT_DIR / "container" / "build_image.py"
MODULE_UTILS_DIR = BOT_DIR.parents[1] / "collections/ansible_collections/myflix/media/plugins/module_utils"
BASE_IMAGE = "myflix-test/debian:trixie"
REPO = "myflix-test/bot"
BOT_UID = 10001
BOT_GID = 10001
USER_ID = 424242  # the fake Telegram's default user
ADMIN_ID = 1001
CONTAINER_TIMEOUT = 120
SECRETS = {
    "MYFLIX_TELEGRAM_TOKEN": "123456789:" + "T" * 35,
    "MYFLIX_RADARR_API_KEY": "radarr-key-0123456789abcdef",
    "MYFLIX_SONARR_API_KEY": "sonarr-key-0123456789abcdef",
    "MYFLIX_QBITTORRENT_PASSWORD": "qbt-password-s3cret",
    "MYFLIX_GLUETUN_API_KEY": "gluetun-key-0123456789",
}
PROD_CONFIG: dict[str, Any] = {
    "secrets_file": "/etc/myflix/bot.secrets",
    "telegram": {"allowed_users": [USER_ID], "admins": [ADMIN_ID], "allowed_chats": []},
    "radarr": {"url": "http://127.0.0.1:7878"},
    "sonarr": {"url": "http://127.0.0.1:8989"},
    "qbittorrent": {"url": "http://127.0.0.1:8080", "username": "admin"},
    "gluetun": {"url": "http://127.0.0.1:8000"},
    "system": {"storage": [{"name": "NVMe", "path": "/"}], "docker_socket": None},
    "ui": {"language": "fr"},
}


def _load_builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("myflix_bot_build_image", BUILDER_PATH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


builder = _load_builder()


@pytest.fixture(scope="module")
def bot_image(docker_engine: docker.DockerClient) -> str:
    try:
        return str(builder.ensure_image(docker_engine, base_image=BASE_IMAGE, repo=REPO))
    except builder.ImageBuildError as exc:
        pytest.fail(
            f"the bot's image cannot be built: {exc}\n"
            f"Build it by hand to see the whole log: .venv/bin/python files/bot/container/build_image.py "
            f"--base-image {BASE_IMAGE} --repo {REPO}",
            pytrace=False,
        )


def write_config_dir(
    directory: Path, config: dict[str, Any], secrets: dict[str, str], secrets_mode: int = 0o600
) -> Path:
    """An /etc/myflix as roles/myflix_bot writes it, for the image's user."""
    if os.geteuid() != 0:
        pytest.fail(
            "run this test as root (make test does): the mounted secrets file must belong to the image's "
            f"user (uid {BOT_UID}) with mode 0600, as in production",
            pytrace=False,
        )
    (directory / "bot.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    (directory / "bot.secrets").write_text("".join(f"{k}={v}\n" for k, v in secrets.items()))
    os.chown(directory, 0, BOT_GID)
    directory.chmod(0o750)
    os.chown(directory / "bot.yml", 0, BOT_GID)
    (directory / "bot.yml").chmod(0o640)
    os.chown(directory / "bot.secrets", BOT_UID, BOT_GID)
    (directory / "bot.secrets").chmod(secrets_mode)
    return directory


@pytest.fixture
def etc_myflix() -> Iterator[Path]:
    """An empty directory the container's user can reach (pytest's temp dirs are 0700 root)."""
    path = Path(tempfile.mkdtemp(prefix="myflix-bot-etc-"))
    try:
        yield path
    finally:
        shutil.rmtree(path)


def run_container(
    client: docker.DockerClient,
    image: str,
    command: list[str],
    *,
    config_dir: Path | None = None,
    entrypoint: list[str] | None = None,
) -> tuple[int, str]:
    """Run the image to completion without network; return its exit code and its output."""
    volumes = {str(config_dir): {"bind": "/etc/myflix", "mode": "ro"}} if config_dir else {}
    container = client.containers.create(
        image, command, entrypoint=entrypoint, volumes=volumes, network_disabled=True, detach=True
    )
    try:
        container.start()
        status = container.wait(timeout=CONTAINER_TIMEOUT)
        return int(status["StatusCode"]), container.logs(stdout=True, stderr=True).decode()
    finally:
        container.remove(force=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- the image ----------------------------------------------------------------------------------------------


def test_image_metadata_runs_the_bot_unprivileged_with_its_stop_signal_and_no_secret(
    bot_image: str, docker_engine: docker.DockerClient
) -> None:
    config = docker_engine.images.get(bot_image).attrs["Config"]
    assert config["User"] == f"{BOT_UID}:{BOT_GID}"
    assert config["Entrypoint"] == ["myflix-bot"]
    assert config["Cmd"] == ["run"]
    # The Debian test host hands down SIGRTMIN+3 (systemd's); the bot stops on SIGTERM.
    assert config["StopSignal"] == "SIGTERM"
    env = dict(item.split("=", 1) for item in config["Env"])
    assert env["MALLOC_ARENA_MAX"] == "2"
    assert env["MYFLIX_CONFIG"] == "/etc/myflix/bot.yml"
    assert not set(env) & set(SECRET_ENV.values()), "a secret variable is baked into the image"
    assert "MYFLIX_HEALTH_URL" in " ".join(config["Healthcheck"]["Test"])


def test_no_config_no_secrets_and_no_tests_inside_the_image(
    bot_image: str, docker_engine: docker.DockerClient
) -> None:
    script = (
        "import os, pathlib, myflix_bot\n"
        "print(os.path.exists('/etc/myflix'))\n"
        "pkg = pathlib.Path(myflix_bot.__file__).parent\n"
        "print(sorted(str(p) for p in pkg.rglob('*') if p.name in ('tests', 'conftest.py')))\n"
        "roots = ('/etc', '/opt', '/srv', '/var', '/root', '/home', '/tmp')\n"
        "print(sorted(str(p) for r in roots for p in pathlib.Path(r).rglob('bot.*')))\n"
    )
    code, out = run_container(docker_engine, bot_image, ["-c", script], entrypoint=["python3"])
    assert code == 0, out
    assert out.split("\n")[:3] == ["False", "[]", "[]"], out


def test_runs_as_non_root_and_cannot_change_its_own_code(
    bot_image: str, docker_engine: docker.DockerClient
) -> None:
    script = (
        "import os, sysconfig\n"
        "print(os.getuid(), os.getgid())\n"
        "for path in ('/opt/myflix/bot/venv/bin', sysconfig.get_paths()['purelib'],\n"
        "             '/opt/myflix/bot/lib/ansible_collections/myflix/media/plugins/module_utils', '/etc',\n"
        "             '/var/lib/myflix-bot', '/srv/myflix/bot'):\n"
        "    print(path, os.access(path, os.W_OK))\n"
    )
    code, out = run_container(docker_engine, bot_image, ["-c", script], entrypoint=["python3"])
    assert code == 0, out
    lines = out.strip().splitlines()
    assert lines[0] == f"{BOT_UID} {BOT_GID}"
    writable = {line.rsplit(" ", 1)[0]: line.endswith("True") for line in lines[1:]}
    assert writable.pop("/var/lib/myflix-bot") is True  # the watchers' state
    assert writable.pop("/srv/myflix/bot") is True  # the search requests database
    assert writable
    assert not any(writable.values()), writable


def test_module_utils_import_by_their_canonical_name(
    bot_image: str, docker_engine: docker.DockerClient
) -> None:
    # The shared code is the stdlib-only part of module_utils; helpers that import Ansible
    # (module argument specs, AnsibleModule glue) serve the modules only and need no import here.
    names = sorted(
        p.stem
        for p in MODULE_UTILS_DIR.glob("*.py")
        if not re.search(r"^\s*(from|import) ansible\b", p.read_text(encoding="utf-8"), re.MULTILINE)
    )
    assert {"port_sync", "trackers", "qbittorrent", "gluetun", "http_client", "arr"} <= set(names)
    script = (
        "import importlib, sys\n"
        "for name in sys.argv[1:]:\n"
        "    canonical = 'ansible_collections.myflix.media.plugins.module_utils.' + name\n"
        "    module = importlib.import_module(canonical)\n"
        "    print(module.__file__)\n"
        # the bot's own modules that import them (what failed before module_utils were installed)
        "import myflix_bot.watchers.port_sync, myflix_bot.watchers.trackers, myflix_bot.sources.qbittorrent\n"
        "from ansible_collections.myflix.media.plugins.module_utils.port_sync import sync_forwarded\n"
        "print(myflix_bot.watchers.port_sync.sync_forwarded is sync_forwarded)\n"
    )
    code, out = run_container(docker_engine, bot_image, ["-c", script, *names], entrypoint=["python3"])
    assert code == 0, out
    lines = out.strip().splitlines()
    prefix = "/opt/myflix/bot/lib/ansible_collections/myflix/media/plugins/module_utils/"
    assert lines[:-1] == [f"{prefix}{name}.py" for name in names]
    assert lines[-1] == "True"


# --- check-config with a mounted config --------------------------------------------------------------------


def test_check_config_accepts_the_mounted_production_config(
    bot_image: str, docker_engine: docker.DockerClient, etc_myflix: Path
) -> None:
    config_dir = write_config_dir(etc_myflix, PROD_CONFIG, SECRETS)
    code, out = run_container(docker_engine, bot_image, ["check-config"], config_dir=config_dir)
    assert code == 0, out
    assert "/etc/myflix/bot.yml: ok (sources: radarr, sonarr, qbittorrent, gluetun; language fr; " in out
    assert "1 user(s), 1 admin(s)" in out
    for value in SECRETS.values():
        assert value not in out


def test_check_config_reports_every_problem_of_a_bad_config_with_a_non_zero_exit(
    bot_image: str, docker_engine: docker.DockerClient, etc_myflix: Path
) -> None:
    bad = {
        **PROD_CONFIG,
        "radarr": {"url": "ftp://127.0.0.1:7878"},
        "ui": {"language": "fr", "colour": "blue"},
    }
    secrets = {k: v for k, v in SECRETS.items() if k != "MYFLIX_SONARR_API_KEY"}
    config_dir = write_config_dir(etc_myflix, bad, secrets)
    code, out = run_container(docker_engine, bot_image, ["check-config"], config_dir=config_dir)
    assert code == 2, out
    assert "/etc/myflix/bot.yml: 3 problem(s):" in out, out
    assert "radarr.url: must be an http(s) URL" in out
    assert "colour" in out
    assert "MYFLIX_SONARR_API_KEY is not set" in out
    for value in SECRETS.values():
        assert value not in out


def test_check_config_refuses_a_secrets_file_others_can_read(
    bot_image: str, docker_engine: docker.DockerClient, etc_myflix: Path
) -> None:
    config_dir = write_config_dir(etc_myflix, PROD_CONFIG, SECRETS, secrets_mode=0o644)
    code, out = run_container(docker_engine, bot_image, ["check-config"], config_dir=config_dir)
    assert code == 2, out
    assert "secrets_file: /etc/myflix/bot.secrets has mode 0644" in out
    assert "qbt-password-s3cret" not in out


def test_check_config_without_a_mounted_config_says_where_it_looked(
    bot_image: str, docker_engine: docker.DockerClient
) -> None:
    code, out = run_container(docker_engine, bot_image, ["check-config"])
    assert code == 2, out
    assert "cannot read /etc/myflix/bot.yml (No such file or directory)" in out


# --- the bot itself -----------------------------------------------------------------------------------------


@pytest.fixture
def running_bot(
    bot_image: str, docker_engine: docker.DockerClient, fake_telegram: TelegramFake, etc_myflix: Path
) -> Iterator[tuple[Any, TelegramFake]]:
    """The bot in its container on the host's loopback (the fake Telegram listens on 127.0.0.1 there),
    the health check probed every second instead of every 30 s."""
    port = free_port()
    config = {
        "secrets_file": "/etc/myflix/bot.secrets",
        "telegram": {"allowed_users": [USER_ID], "admins": [ADMIN_ID], "base_url": fake_telegram.base_url},
        "system": {"storage": [{"name": "NVMe", "path": "/"}], "docker_socket": None},
        "exporter": {"enabled": True, "host": "127.0.0.1", "port": port},
    }
    fake_telegram.add_chat(ADMIN_ID)
    config_dir = write_config_dir(etc_myflix, config, {"MYFLIX_TELEGRAM_TOKEN": fake_telegram.token})
    container = docker_engine.containers.create(
        bot_image,
        volumes={str(config_dir): {"bind": "/etc/myflix", "mode": "ro"}},
        network_mode="host",
        environment={"MYFLIX_HEALTH_URL": f"http://127.0.0.1:{port}/-/healthy"},
        healthcheck={"interval": 1_000_000_000, "timeout": 3_000_000_000, "retries": 3},
        detach=True,
    )
    try:
        container.start()
        yield container, fake_telegram
    finally:
        container.remove(force=True)


def _wait_healthy(container: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        container.reload()
        state = container.attrs["State"]
        health = state.get("Health", {}).get("Status")
        if health == "healthy":
            return
        if state["Status"] != "running" or time.monotonic() > deadline:
            logs = container.logs().decode()[-3000:]
            pytest.fail(f"the bot never became healthy (status {state['Status']}, health {health}):\n{logs}")
        time.sleep(0.5)


def test_the_bot_answers_turns_healthy_and_stops_cleanly_on_docker_stop(
    running_bot: tuple[Any, TelegramFake],
) -> None:
    container, tg = running_bot
    _wait_healthy(container)
    assert container.attrs["Config"]["User"] == f"{BOT_UID}:{BOT_GID}"
    tg.send_command("start")
    call = tg.wait_for_call_sync(
        "sendMessage", timeout=60, predicate=lambda c: c.params.get("chat_id") == USER_ID
    )
    assert str(call.params.get("text", "")).strip()
    container.stop(timeout=30)  # SIGTERM, then SIGKILL after 30 s
    container.reload()
    state = container.attrs["State"]
    assert state["Status"] == "exited"
    assert state["ExitCode"] == 0, container.logs().decode()[-3000:]  # 137 would be the SIGKILL
    assert not state["OOMKilled"]


def test_installed_versions_are_those_of_the_controller_lock(
    bot_image: str, docker_engine: docker.DockerClient
) -> None:
    script = (
        "import importlib.metadata as md\n"
        "for d in md.distributions():\n"
        "    print(d.metadata['Name'], d.version)\n"
    )
    code, out = run_container(docker_engine, bot_image, ["-c", script], entrypoint=["python3"])
    assert code == 0, out

    def key(name: str) -> str:
        return name.lower().replace("_", "-").replace(".", "-")

    installed = dict(tuple(line.split()) for line in out.strip().splitlines())
    installed = {key(name): version for name, version in installed.items()}
    lock = dict(line.split("==", 1) for line in builder.LOCK_FILE.read_text().splitlines() if "==" in line)
    lock = {key(name): version for name, version in lock.items()}
    assert installed.pop("myflix-bot") == "0.1.0"
    assert "pip" not in installed, "pip only installs in the build stage"
    assert installed["python-telegram-bot"] == "22.8"
    assert "docker" in installed  # the default extra, as roles/myflix_bot installs it
    assert "pytest" not in installed
    assert "ansible-core" not in installed
    assert {name: version for name, version in installed.items() if lock.get(name) != version} == {}


# --- the build helper ---------------------------------------------------------------------------------------


def test_a_missing_base_image_fails_with_what_to_do(docker_engine: docker.DockerClient) -> None:
    with pytest.raises(builder.ImageBuildError, match=r"scripts/build-test-images\.sh trixie"):
        builder.ensure_image(docker_engine, base_image="myflix-test/debian:no-such-release", repo=REPO)
    with pytest.raises(builder.ImageBuildError, match=r"docker pull python:3\.99-slim"):
        builder.ensure_image(docker_engine, base_image="python:3.99-slim", repo=REPO)


def test_the_cache_key_follows_the_base_image_and_the_extras_not_the_call() -> None:
    key = builder.inputs_hash("sha256:aaa", "docker")
    assert key == builder.inputs_hash("sha256:aaa", "docker")
    assert key != builder.inputs_hash("sha256:bbb", "docker")
    assert key != builder.inputs_hash("sha256:aaa", "")
    sources = {p.relative_to(BOT_DIR).as_posix() for p in builder.bot_source_files()}
    assert "src/myflix_bot/cli.py" in sources
    assert not {s for s in sources if "__pycache__" in s or s.startswith("tests/") or ".egg-info" in s}


def test_platform_tags_cover_the_manylinux_wheels_the_base_accepts() -> None:
    tags = builder.Target(python="3.13", machine="aarch64", glibc=(2, 36)).platform_tags()
    assert tags[0] == "manylinux_2_36_aarch64"
    assert "manylinux_2_17_aarch64" in tags
    assert "manylinux2014_aarch64" in tags
    assert "manylinux_2_37_aarch64" not in tags  # would not load on bookworm's glibc
    assert not [t for t in tags if "x86_64" in t]
