"""The bot role's systemd unit and config, rendered by ansible's template action with the role's defaults:
the sandbox gives write access to the bot's own data, the backup request drop and, for the garbage
collector, exactly the torrent download tree (its recycle bin inside), nothing else of the data; the
config the role renders is one the bot accepts, with the GC and auto-heal settings the role documents."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from myflix_testkit.role_render import render_templates, run_playbook

REPO = Path(__file__).resolve().parents[2]
ROLE = REPO / "roles" / "myflix_bot"
TEMPLATES = ("myflix-bot.service.j2", "bot.yml.j2")

DISKS = [  # the storage role's inventory: the NVMe always there, the USB HDD optional
    {"name": "nvme", "uuid": "0b6c7c1e-0000-4000-8000-000000000001", "mount_point": "/srv/fast"},
    {"name": "hdd", "label": "MYFLIX_HDD", "mount_point": "/srv/hdd/", "optional": True},
]
CASES: dict[str, dict[str, object]] = {
    "defaults": {},
    "gc-off": {"myflix_bot_gc_categories": []},
    "preview": {"myflix_bot_preview_enabled": True, "myflix_bot_preview_local_possible": True},
    "preview-bookworm": {
        "myflix_bot_preview_enabled": True,
        "myflix_bot_preview_local_possible": False,
        "myflix_bot_preview_backend": "worker",
        "myflix_bot_preview_worker_url": "http://10.0.0.5:8765",
    },
    "elsewhere": {
        "myflix_storage_data_dir": "/mnt/big/data",
        "myflix_bot_gc_dry_run": False,
        "myflix_bot_autoheal_retry_max": 45,
        "myflix_media_stack_media_server": "plex",
    },
    "disks": {"myflix_storage_disks": DISKS},
    # the storage role's fact when the optional HDD was not found (detect.yml)
    "hdd-absent": {"myflix_storage_disks": DISKS, "myflix_storage_unavailable_mounts": ["/srv/hdd"]},
    "admission-off": {"myflix_bot_disk_admission": False},
    # a small disk's own floors and margin, and a tier that leaves the margin to the bot's default
    "small-disk": {
        "myflix_bot_disk_tiers": [
            {
                "name": "nvme",
                "path": "/incomplete",
                "host_path": "/srv/fast/incomplete",
                "floor_percent": 10,
                "floor_bytes": 500_000_000,
                "hysteresis_bytes": 300_000_000,
            },
            {
                "name": "hdd",
                "path": "/data",
                "host_path": "/srv/hdd/data",
                "floor_percent": 5,
                "floor_bytes": 100_000_000,
            },
        ]
    },
}


def templates_of(case: str) -> tuple[str, ...]:
    """The preview's cases differ in the config only."""
    return ("bot.yml.j2",) if case.startswith("preview") else TEMPLATES


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """Each template for each case, in one ansible run (task vars win over the defaults, as inventory
    values would)."""
    texts = render_templates(
        ROLE,
        {f"{case}-{t[:-3]}": (t, values) for case, values in CASES.items() for t in templates_of(case)},
        tmp_path_factory.mktemp("bot_role"),
    )
    return {case: {t[:-3]: texts[f"{case}-{t[:-3]}"] for t in templates_of(case)} for case in CASES}


def directives(unit: str, key: str) -> list[str]:
    return [line.split("=", 1)[1] for line in unit.splitlines() if line.startswith(f"{key}=")]


def writable(unit: str) -> list[str]:
    """Every path the sandbox makes writable (ProtectSystem=strict makes the rest read-only)."""
    return directives(unit, "ReadWritePaths") + directives(unit, "BindPaths")


def test_the_gc_may_write_the_torrent_tree_and_nothing_else_of_the_data(rendered) -> None:
    unit = rendered["defaults"]["myflix-bot.service"]
    assert "ProtectSystem=strict" in unit.splitlines()
    # the host's torrent tree, bound where qBittorrent (in its container) says the torrents are
    assert directives(unit, "BindPaths") == ["-/srv/hdd/data/torrents:/data/torrents"]
    assert writable(unit) == [
        "/srv/myflix/bot",
        "-/run/myflix/backup-request",
        "-/srv/hdd/data/torrents:/data/torrents",
    ]
    assert directives(unit, "SupplementaryGroups") == ["1000"]  # the data tree's group (umask 002)
    # the data tiers stay read-only: the media library, the NVMe, the rest of the HDD
    assert set(directives(unit, "ReadOnlyPaths")) >= {"-/srv/fast", "-/srv/hdd"}


def test_without_gc_categories_no_data_path_is_writable(rendered) -> None:
    unit = rendered["gc-off"]["myflix-bot.service"]
    assert directives(unit, "BindPaths") == directives(unit, "SupplementaryGroups") == []
    assert directives(unit, "BindReadOnlyPaths") == ["-/srv/hdd/data:/data"]  # the apps' paths, read-only
    assert writable(unit) == ["/srv/myflix/bot", "-/run/myflix/backup-request"]
    assert yaml.safe_load(rendered["gc-off"]["bot.yml"])["watchers"]["gc"]["categories"] == []


def test_the_bound_tree_follows_the_data_dir(rendered) -> None:
    unit = rendered["elsewhere"]["myflix-bot.service"]
    assert directives(unit, "BindPaths") == ["-/mnt/big/data/torrents:/data/torrents"]
    assert directives(unit, "BindReadOnlyPaths") == ["-/mnt/big/data:/data"]
    assert "-/mnt/big" in directives(unit, "ReadOnlyPaths")


def test_the_recycle_bin_is_inside_the_writable_tree(rendered) -> None:
    for case in ("defaults", "elsewhere"):
        gc = yaml.safe_load(rendered[case]["bot.yml"])["watchers"]["gc"]
        tree = directives(rendered[case]["myflix-bot.service"], "BindPaths")[0].rsplit(":", 1)[1]
        assert gc["roots"] == [tree]
        assert Path(gc["recycle_dir"]).parent == Path(tree)  # same filesystem: a removal is a rename


def bot_config(text: str, env_extra: dict[str, str] | None = None):
    """The rendered config parsed by the bot, as check-config would (sections registered by the CLI);
    the secrets come from the environment here, the inventory's users are filled in."""
    from myflix_bot import cli  # noqa: PLC0415 - registers every config section
    from myflix_bot.assembly import parse_config  # noqa: PLC0415

    assert cli.main
    data = yaml.safe_load(text)
    data.pop("secrets_file")
    data["telegram"]["allowed_users"] = [42]
    env = {
        "MYFLIX_TELEGRAM_TOKEN": "123456789:" + "A" * 35,
        **{f"MYFLIX_{k}": "x" * 32 for k in ("RADARR_API_KEY", "SONARR_API_KEY", "QBITTORRENT_PASSWORD")},
        **{f"MYFLIX_{k}": "x" * 32 for k in ("GLUETUN_API_KEY", "ALERTS_SECRET", "PROWLARR_API_KEY")},
    }
    return parse_config(data, {**env, **(env_extra or {})})


def test_the_rendered_config_is_one_the_bot_accepts(rendered) -> None:
    from myflix_bot.sources.health import MediaServerConfig  # noqa: PLC0415
    from myflix_bot.watchers.settings import watchers_config  # noqa: PLC0415

    config = bot_config(rendered["defaults"]["bot.yml"])
    # /status's applications: Prowlarr and the stack's media server (Jellyfin by default) too
    assert config.sections["prowlarr"].url == "http://127.0.0.1:9696"
    assert config.sections["media_server"] == MediaServerConfig("jellyfin", "http://127.0.0.1:8096")
    assert (
        "MYFLIX_PROWLARR_API_KEY={{ myflix_bot_prowlarr_api_key }}"
        in (ROLE / "templates" / "bot.secrets.j2").read_text()
    )
    defaults = watchers_config(config)
    assert defaults.gc.dry_run is True  # data at stake: dry-run unless the owner says otherwise
    assert [(c.name, c.arr) for c in defaults.gc.categories] == [("radarr", "radarr"), ("sonarr", "sonarr")]
    assert defaults.autoheal.retry_max == 30
    plex = bot_config(rendered["elsewhere"]["bot.yml"])
    assert plex.sections["media_server"] == MediaServerConfig("plex", "http://127.0.0.1:32400")
    changed = watchers_config(plex)
    assert changed.gc.dry_run is False
    assert changed.autoheal.retry_max == 45


# the sandbox on a real systemd (the test image boots systemd, as the molecule hosts do) ---------------
SYSTEMD_IMAGE = "myflix-test/debian:trixie"  # built by scripts/build-test-images.sh
PROBE = """r=/srv/myflix/bot/result
try() { if sh -c "$2" 2>/dev/null; then echo "$1 ok"; else echo "$1 denied"; fi >> $r; }
try bin "mkdir -p /data/torrents/.myflix-recycle/entry"
try move "mv /data/torrents/movies/Film /data/torrents/.myflix-recycle/entry/"
try host-path "touch /srv/hdd/data/torrents/movies/other"
try media "touch /srv/hdd/data/media/movies/x"
try data-root "touch /srv/hdd/data/x"
try fast "touch /srv/fast/appdata/x"
try read-media "ls /srv/hdd/data/media/movies >/dev/null"
try app-media "grep -q movie /data/media/movies/Film.mkv"
try app-media-write "touch /data/media/movies/y"
"""
SETUP = """set -e
groupadd -g 1000 media && useradd -u 1000 -g media -M media
groupadd -r myflix-bot && useradd -r -g myflix-bot -M myflix-bot
mkdir -p /srv/hdd/data/torrents/movies /srv/hdd/data/media/movies /srv/fast/appdata /srv/myflix/bot
echo movie > /srv/hdd/data/media/movies/Film.mkv
chown -R 1000:1000 /srv/hdd/data /srv/fast && chmod -R 2775 /srv/hdd/data && chown myflix-bot /srv/myflix/bot
film=/srv/hdd/data/torrents/movies/Film
su -s /bin/sh media -c "umask 002; mkdir $film; echo x > $film/f.mkv"
"""


def probe_unit(unit: str) -> str:
    """The rendered unit with the probe as its one-shot program (sandbox lines unchanged)."""
    lines = []
    replaced = {"Type=simple": "Type=oneshot"}
    for line in unit.splitlines():
        if line.startswith(("ExecStartPre=", "Restart")):
            continue
        if line.startswith("ExecStart="):
            lines.append("ExecStart=/bin/sh /usr/local/bin/probe.sh")
        else:
            lines.append(replaced.get(line, line))
    return "\n".join(lines) + "\n"


def sandbox_outcome(engine, unit: str) -> dict[str, str]:
    import io  # noqa: PLC0415
    import tarfile  # noqa: PLC0415
    import uuid  # noqa: PLC0415

    from myflix_testkit.waiting import wait_until  # noqa: PLC0415

    try:
        engine.images.get(SYSTEMD_IMAGE)
    except Exception:  # whatever the SDK raises, the message says what to do
        pytest.fail(f"{SYSTEMD_IMAGE} is missing: run scripts/build-test-images.sh first", pytrace=False)
    host = engine.containers.run(
        SYSTEMD_IMAGE,
        "/lib/systemd/systemd",
        name=f"botunit-{uuid.uuid4().hex[:10]}",
        detach=True,
        labels={"myflix.test": "bot-unit"},
        cap_add=["SYS_ADMIN"],
        cgroupns="host",
        volumes={"/sys/fs/cgroup": {"bind": "/sys/fs/cgroup", "mode": "rw"}},
        tmpfs={"/run": "", "/run/lock": "", "/tmp": ""},
        network_mode="none",
        stop_signal="SIGRTMIN+3",
    )
    try:

        def booted() -> bool:
            state = host.exec_run(["systemctl", "is-system-running"]).output.decode().strip()
            return state in ("running", "degraded")

        wait_until(booted, timeout=120, what="systemd in the test host")
        archive = io.BytesIO()
        with tarfile.open(fileobj=archive, mode="w") as tar:
            for name, text in (
                ("etc/systemd/system/myflix-bot.service", probe_unit(unit)),
                ("usr/local/bin/probe.sh", PROBE),
            ):
                info = tarfile.TarInfo(name)
                info.size = len(text.encode())
                info.mode = 0o644
                tar.addfile(info, io.BytesIO(text.encode()))
        assert host.put_archive("/", archive.getvalue())
        done = host.exec_run(["sh", "-c", SETUP + "systemctl daemon-reload && systemctl start myflix-bot"])
        assert done.exit_code == 0, done.output.decode()
        result = host.exec_run(["cat", "/srv/myflix/bot/result"]).output.decode()
        return dict(line.split(" ", 1) for line in result.splitlines())
    finally:
        host.remove(force=True)


def test_on_systemd_the_gc_moves_into_its_bin_and_writes_nothing_else(rendered, docker_engine) -> None:
    outcome = sandbox_outcome(docker_engine, rendered["defaults"]["myflix-bot.service"])
    assert outcome == {
        "bin": "ok",
        "move": "ok",  # qBittorrent's path, into the bin on the same filesystem
        "host-path": "denied",
        "media": "denied",
        "data-root": "denied",
        "fast": "denied",
        "read-media": "ok",
        "app-media": "ok",  # a path as Radarr reports it (the preview reads media by it)
        "app-media-write": "denied",
    }


def test_on_systemd_without_the_gc_the_torrent_tree_is_read_only(rendered, docker_engine) -> None:
    outcome = sandbox_outcome(docker_engine, rendered["gc-off"]["myflix-bot.service"])
    assert outcome["bin"] == outcome["move"] == outcome["host-path"] == "denied"
    assert outcome["read-media"] == outcome["app-media"] == "ok"
    assert outcome["app-media-write"] == "denied"


# the AI preview's local job and the host's systemd (a real bookworm and a real trixie, through Ansible) --
PREVIEW_PLAY = """
- hosts: all
  gather_facts: false
  vars_files: [{vars}]
  vars:
    myflix_bot_preview_enabled: true
  tasks:
    - name: The role's preview preflight
      ansible.builtin.import_tasks: {preflight}
    - name: Say the verdict
      ansible.builtin.debug:
        msg: "local_possible={{{{ myflix_bot_preview_local_possible | bool }}}}"
"""


@pytest.fixture(scope="module")
def release_hosts(docker_engine):
    """One container per Debian release (the locally built test images; systemctl answers its version without
    booting), reachable by Ansible's docker connection."""
    import uuid  # noqa: PLC0415

    hosts: dict[str, str] = {}
    try:
        for release in ("bookworm", "trixie"):
            image = f"myflix-test/debian:{release}"
            try:
                docker_engine.images.get(image)
            except Exception:  # whatever the SDK raises, the message says what to do
                pytest.fail(f"{image} is missing: run scripts/build-test-images.sh first", pytrace=False)
            name = f"botpreflight-{release}-{uuid.uuid4().hex[:8]}"
            docker_engine.containers.run(
                image,
                "sleep infinity",
                name=name,
                detach=True,
                network_mode="none",
                labels={"myflix.test": "bot-unit"},
            )
            hosts[release] = name
        yield hosts
    finally:
        for name in hosts.values():
            docker_engine.containers.get(name).remove(force=True)


def test_the_local_preview_needs_systemd_256(release_hosts, tmp_path: Path) -> None:
    """bookworm's systemd 252 does not name a transient unit to polkit (the preview's scope cannot be allowed
    alone): the local backend fails the preflight with the reason and what to do; with a worker it passes and
    the Pi is marked unable to compute (bot.yml's preview.local false); trixie's systemd 257 passes. One
    Ansible run, three inventory hosts on the two containers."""
    import re  # noqa: PLC0415

    play = tmp_path / "play.yml"
    play.write_text(
        PREVIEW_PLAY.format(
            vars=ROLE / "vars" / "main.yml", preflight=ROLE / "tasks" / "preflight_preview.yml"
        )
    )
    inventory = tmp_path / "hosts.ini"
    inventory.write_text(
        "[all:vars]\nansible_connection=community.docker.docker\n[all]\n"
        f"bookworm_local ansible_host={release_hosts['bookworm']} myflix_bot_preview_backend=local\n"
        f"bookworm_worker ansible_host={release_hosts['bookworm']} myflix_bot_preview_backend=worker\n"
        f"trixie_local ansible_host={release_hosts['trixie']} myflix_bot_preview_backend=local\n"
    )
    code, out = run_playbook(inventory, play)
    assert code != 0, out  # one host failed
    failed = re.search(r"fatal: \[bookworm_local\].*?PLAY RECAP|fatal: \[bookworm_local\].*", out, re.S)
    assert failed, out
    message = " ".join(failed.group(0).split())
    assert "needs systemd 256 or newer" in message
    assert "this host has systemd 252" in message
    assert "myflix_ai_workers" in message
    verdicts = dict(re.findall(r"ok: \[(\w+)\] =>\s+msg: local_possible=(\w+)", out))
    assert verdicts == {"bookworm_worker": "False", "trixie_local": "True"}, out
    recap = dict(re.findall(r"^(\w+)\s+: ok=\d+\s+changed=\d+\s+unreachable=0\s+failed=(\d)", out, re.M))
    assert recap == {"bookworm_local": "1", "bookworm_worker": "0", "trixie_local": "0"}, out


def test_the_rendered_preview_config_says_whether_the_pi_may_compute(rendered) -> None:
    """bot.yml's preview.local follows the verdict on the host's systemd, and the bot accepts both configs:
    no path translation (the unit's bind shows the apps' paths), the scope launcher, the worker's URL."""
    import myflix_bot.preview.settings as preview  # noqa: PLC0415

    local = yaml.safe_load(rendered["preview"]["bot.yml"])["preview"]
    assert local["local"] is True
    assert "path_map" not in local
    assert local["launcher"][:2] == ["systemd-run", "--scope"]
    assert "worker_url" not in local
    older = yaml.safe_load(rendered["preview-bookworm"]["bot.yml"])["preview"]
    assert older["local"] is False
    assert older["worker_url"] == "http://10.0.0.5:8765"
    token = {"MYFLIX_AI_WORKER_TOKEN": "w" * 32}
    assert preview.preview_settings(bot_config(rendered["preview"]["bot.yml"])).local is True
    settings = preview.preview_settings(bot_config(rendered["preview-bookworm"]["bot.yml"], token))
    assert (settings.local, settings.backend) == (False, "worker")


# disk admission: the storage role's tiers, as qBittorrent sees them --------------------------------------
def tiers(case: str, rendered) -> list[dict]:
    return yaml.safe_load(rendered[case]["bot.yml"])["watchers"]["disk"]["tiers"]


def test_the_disk_tiers_follow_the_storage_role(rendered) -> None:
    margin = {"hysteresis_bytes": 2_000_000_000}
    nvme = {
        "name": "nvme",
        "path": "/incomplete",
        "floor_percent": 10.0,
        "floor_bytes": 20_000_000_000,
        **margin,
    }
    hdd = {"name": "hdd", "path": "/data", "floor_percent": 5.0, "floor_bytes": 50_000_000_000, **margin}
    # no disk declared (the OS disk holds everything): nothing to check for a mount
    assert tiers("defaults", rendered) == [
        {**nvme, "host_path": "/srv/fast/incomplete"},
        {**hdd, "host_path": "/srv/hdd/data"},
    ]
    assert [t["host_path"] for t in tiers("elsewhere", rendered)] == ["/srv/fast/incomplete", "/mnt/big/data"]
    # each tier on its declared disk: that disk must be mounted for the tier to count
    assert tiers("disks", rendered) == [
        {**nvme, "host_path": "/srv/fast/incomplete", "mount_point": "/srv/fast"},
        {**hdd, "host_path": "/srv/hdd/data", "mount_point": "/srv/hdd"},
    ]
    # the HDD the storage role found absent: unavailable (its downloads stay paused), the NVMe unchanged
    absent = tiers("hdd-absent", rendered)
    assert absent == [
        {**nvme, "host_path": "/srv/fast/incomplete", "mount_point": "/srv/fast"},
        {**hdd, "host_path": "/srv/hdd/data", "mount_point": "/srv/hdd", "available": False},
    ]
    assert tiers("admission-off", rendered) == []
    small = tiers("small-disk", rendered)
    assert [(t["floor_bytes"], t.get("hysteresis_bytes")) for t in small] == [
        (500_000_000, 300_000_000),
        (100_000_000, None),
    ]


def test_the_bot_reads_the_rendered_margins(rendered) -> None:
    """The rendered hysteresis_bytes reach the disk watcher (the bot's 2 GB when a tier leaves it out), and
    decide whether a small disk's tier is misconfigured: the role's 20 GB / 50 GB floors with their 2 GB
    margins on a lab's 6 GB / 1 GB disks are; the same disks with their own floors and margins are not."""
    from types import SimpleNamespace  # noqa: PLC0415

    from myflix_bot.watchers.disk import tier_facts  # noqa: PLC0415
    from myflix_bot.watchers.settings import watchers_config  # noqa: PLC0415

    sizes = {"/srv/fast/incomplete": 6_000_000_000, "/srv/hdd/data": 1_000_000_000}

    def facts(case: str) -> dict[str, object]:
        def statvfs(path: str) -> SimpleNamespace:
            return SimpleNamespace(f_bavail=sizes[path] // 2, f_blocks=sizes[path], f_frsize=1)

        disk = watchers_config(bot_config(rendered[case]["bot.yml"])).disk
        return {t.name: tier_facts(t, statvfs, lambda _: True) for t in disk.tiers}

    defaults, small = facts("defaults"), facts("small-disk")
    assert {name: t.hysteresis for name, t in defaults.items()} == {
        "nvme": 2_000_000_000,
        "hdd": 2_000_000_000,
    }
    assert {name: t.hysteresis for name, t in small.items()} == {"nvme": 300_000_000, "hdd": 2_000_000_000}
    assert all(t.misconfigured() for t in defaults.values())
    assert not small["nvme"].misconfigured()
    assert small["nvme"].budget() > 0  # admits: half the disk is free, above the 600 MB floor
    assert small["hdd"].misconfigured()  # 100 MB floor + the default 2 GB margin on 1 GB


def test_the_bot_reads_the_rendered_tiers_and_knows_the_absent_hdd(rendered) -> None:
    """The rendered tiers, parsed by the bot, decide what the disk watcher measures: the paths qBittorrent
    reports map to the tiers, the free space is read on the host, the HDD counts only while mounted and
    not at all when the storage role found it absent."""
    from types import SimpleNamespace  # noqa: PLC0415

    from myflix_bot.watchers.disk import tier_facts, tier_of  # noqa: PLC0415
    from myflix_bot.watchers.settings import watchers_config  # noqa: PLC0415

    asked: list[str] = []

    def statvfs(path: str) -> SimpleNamespace:
        asked.append(path)
        return SimpleNamespace(f_bavail=600, f_blocks=1000, f_frsize=1 << 30)

    def free(case: str, mounted: set[str]) -> dict[str, int | None]:
        disk = watchers_config(bot_config(rendered[case]["bot.yml"])).disk
        assert tier_of("/data/torrents/movies", disk.tiers) == "hdd"
        assert tier_of("/incomplete", disk.tiers) == "nvme"
        return {t.name: tier_facts(t, statvfs, mounted.__contains__).free for t in disk.tiers}

    gib600 = 600 << 30
    assert free("disks", {"/srv/fast", "/srv/hdd"}) == {"nvme": gib600, "hdd": gib600}
    assert asked == ["/srv/fast/incomplete", "/srv/hdd/data"]  # the host's paths, not qBittorrent's
    assert free("disks", {"/srv/fast"}) == {"nvme": gib600, "hdd": None}  # unplugged: unavailable
    assert free("hdd-absent", {"/srv/fast", "/srv/hdd"}) == {"nvme": gib600, "hdd": None}
    assert free("defaults", set()) == {"nvme": gib600, "hdd": gib600}  # no declared disk: no mount check
    assert watchers_config(bot_config(rendered["admission-off"]["bot.yml"])).disk.tiers == ()
