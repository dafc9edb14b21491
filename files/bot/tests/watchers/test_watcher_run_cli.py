"""``myflix-bot watcher run NAME [--dry-run]`` (issue 14, point 12): one pass of a watcher from the
command line, its verdicts printed; a real qbittorrent-nox for the GC and the thermal governor."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from myflix_bot import cli
from myflix_testkit.waiting import wait_until

from .conftest import make_data, seed_torrent


def write_config(tmp_path: Path, qbittorrent, **watchers) -> Path:
    path = tmp_path / "bot.yml"
    data = {
        "telegram": {"allowed_users": [1], "admins": [1]},
        "system": {"docker_socket": None, "thermal_path": str(tmp_path / "temp")},
        "qbittorrent": {"url": qbittorrent.url, "username": qbittorrent.username},
        "exporter": {"enabled": False},
        "ui": {"language": "en"},  # the notices in English
        "watchers": {"state_dir": str(tmp_path / "state"), **watchers},
    }
    path.write_text(yaml.safe_dump(data))
    return path


def run(monkeypatch, qbittorrent, *argv: str) -> int:
    monkeypatch.setenv("MYFLIX_TELEGRAM_TOKEN", "123456789:" + "D" * 35)
    monkeypatch.setenv("MYFLIX_QBITTORRENT_PASSWORD", qbittorrent.password)
    return cli.main(list(argv))


def imported_and_fresh(qbittorrent, imported: str, fresh: str) -> tuple[Any, Path, Path, Path, str, str]:
    """Two radarr torrents: one whose file is hardlinked into the library (imported), one that is not
    (fresh, with no *arr to ask): (api, root, imported data, fresh data, their hashes)."""
    api = qbittorrent.client()
    root = qbittorrent.download_dir
    linked = make_data(root / "torrents", imported)
    (root / "library").mkdir()
    os.link(linked / "part0.mkv", root / "library" / "part0.mkv")
    new = make_data(root / "torrents", fresh)
    return (
        api,
        root,
        linked,
        new,
        seed_torrent(api, linked, category="radarr"),
        seed_torrent(api, new, category="radarr"),
    )


def test_gc_dry_run_prints_its_verdicts_and_moves_nothing(qbittorrent, tmp_path, monkeypatch, capsys) -> None:
    api, root, linked, _fresh, h_linked, h_fresh = imported_and_fresh(
        qbittorrent, "Imported.Film.2020", "Fresh.Film.2022"
    )
    gc = {
        "dry_run": False,  # the command line's --dry-run wins
        "categories": [{"name": "radarr", "arr": "radarr", "min_ratio": 0.0}],
        "roots": [str(root)],
    }
    path = write_config(tmp_path, qbittorrent, gc=gc, thermal={"enabled": False})
    assert run(monkeypatch, qbittorrent, "watcher", "run", "gc", "--dry-run", "--config", str(path)) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert any(line.startswith("WOULD MOVE") and h_linked[:12] in line for line in lines), out
    kept = [line for line in lines if line.startswith("KEEP") and h_fresh[:12] in line]
    assert kept, out
    assert "import state unknown" in kept[0]
    assert any(line.startswith("notice: [dry-run] 🧹 GC: would move 1") for line in lines)
    assert {t.hash for t in api.torrents_info()} == {h_linked, h_fresh}
    assert linked.exists()

    # without --dry-run, the config's setting applies: the pass moves it
    assert run(monkeypatch, qbittorrent, "watcher", "run", "gc", "--config", str(path)) == 0
    out = capsys.readouterr().out
    assert any(line.startswith("MOVED") and h_linked[:12] in line for line in out.splitlines()), out
    assert {t.hash for t in api.torrents_info()} == {h_fresh}


def test_thermal_pass_and_unknown_watcher(qbittorrent, tmp_path, monkeypatch, capsys) -> None:
    (tmp_path / "temp").write_text("81500\n")
    path = write_config(tmp_path, qbittorrent, thermal={"high": 75, "low": 70})
    assert run(monkeypatch, qbittorrent, "watcher", "run", "thermal", "--dry-run", "--config", str(path)) == 0
    out = capsys.readouterr().out
    assert "thermal: 81.5 °C, limits ON" in out
    assert "notice: [dry-run] 🌡 81.5 °C > 75 °C: alternative speed limits ON" in out
    assert qbittorrent.client().transfer_speed_limits_mode() in (False, "0", 0)  # dry-run: not switched

    assert run(monkeypatch, qbittorrent, "watcher", "run", "leak_guard", "--config", str(path)) == 2
    assert "not enabled or its service is not configured" in capsys.readouterr().out


def test_verdicts_speak_the_ui_language_french_by_default(qbittorrent, tmp_path, monkeypatch, capsys) -> None:
    from ..language import foreign_words, words  # noqa: PLC0415

    _, root, linked, fresh, h_linked, h_fresh = imported_and_fresh(
        qbittorrent, "Lien.Film.2020", "Frais.Film.2022"
    )
    gc = {"categories": [{"name": "radarr", "arr": "radarr", "min_ratio": 0.0}], "roots": [str(root)]}
    path = write_config(tmp_path, qbittorrent, gc=gc, thermal={"enabled": False})
    config = yaml.safe_load(path.read_text())
    del config["ui"]  # the default UI language: French
    path.write_text(yaml.safe_dump(config))
    assert run(monkeypatch, qbittorrent, "watcher", "run", "gc", "--dry-run", "--config", str(path)) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert any(line.startswith("DÉPLACERAIT") and h_linked[:12] in line for line in lines), out
    kept = [line for line in lines if line.startswith("GARDÉ") and h_fresh[:12] in line]
    assert kept, out
    assert "import inconnu" in kept[0]
    assert any(line.startswith("avis : ") for line in lines), out
    # not one English word, the torrents' own names and hashes aside
    plain = out
    for data in (h_linked[:12], h_fresh[:12], linked.name, fresh.name):
        plain = plain.replace(data, " ")
    assert not words(plain) & foreign_words("fr"), out

    assert run(monkeypatch, qbittorrent, "watcher", "run", "leak_guard", "--config", str(path)) == 2
    assert "n'est pas activé" in capsys.readouterr().out


def test_the_pipeline_watchers_verdicts_speak_french(qbittorrent, tmp_path, monkeypatch, capsys) -> None:
    """The malware guard, the disk admission and the stalled doctor print their verdict words and
    reasons from the catalog: French by default, not one English word; the twin in English."""
    from myflix_testkit.torrents import make_torrent  # noqa: PLC0415

    from ..language import foreign_words, words  # noqa: PLC0415

    api = qbittorrent.client()
    root = qbittorrent.download_dir
    fake = make_data(root / "torrents", "Faux.Film.2021")
    (fake / "lecteur.exe").write_bytes(b"MZ" + b"\0" * 4000)
    h_fake = seed_torrent(api, fake, category="manuel")  # unmanaged: reported, never removed
    missing = make_data(root / "ailleurs", "Absent.Film.2019")
    torrent = make_torrent(missing, announce="http://127.0.0.1:9/announce", piece_length=16384)
    api.torrents_add(
        torrent_files=torrent.data, save_path=str(root / "incomplet"), use_auto_torrent_management=False
    )
    h_writer = torrent.info_hash
    wait_until(
        lambda: any(t.hash == h_writer and t.progress < 1 for t in api.torrents_info()),
        what="the download to be listed",
    )
    watchers = {
        "thermal": {"enabled": False},
        "malware": {"dry_run": True},
        # a floor no disk reaches: the tier is misconfigured, its download would be held
        "disk": {"dry_run": True, "tiers": [{"name": "nvme", "path": str(root), "floor_bytes": 10**18}]},
        "pipeline": {"require_vpn": True},  # no Gluetun configured: the VPN state is unknown
    }
    path = write_config(tmp_path, qbittorrent, **watchers)
    config = yaml.safe_load(path.read_text())
    del config["ui"]  # French by default
    path.write_text(yaml.safe_dump(config))
    outputs = {}
    for name in ("malware", "disk", "stalled"):
        assert run(monkeypatch, qbittorrent, "watcher", "run", name, "--config", str(path)) == 0
        outputs[name] = capsys.readouterr().out
    malware, disk, stalled = (outputs[n].splitlines() for n in ("malware", "disk", "stalled"))
    held = "notre faute : l'état du VPN est inconnu"
    assert malware[0] == f"EN ATTENTE   {held}", outputs["malware"]
    assert any(
        line.startswith("EN ATTENTE") and h_fake[:12] in line and "fichier interdit lecteur.exe" in line
        for line in malware
    ), outputs["malware"]
    assert any(line.startswith("SUSPENDRAIT") and h_writer[:12] in line for line in disk), outputs["disk"]
    assert any(line.startswith("MAL RÉGLÉ") and line.endswith("nvme") for line in disk), outputs["disk"]
    assert any(line.startswith("EN ATTENTE") and held in line for line in stalled), outputs["stalled"]
    config["watchers"]["pipeline"]["require_vpn"] = False  # no VPN in front: the fake is only reported
    path.write_text(yaml.safe_dump(config))
    assert run(monkeypatch, qbittorrent, "watcher", "run", "malware", "--config", str(path)) == 0
    outputs["reported"] = capsys.readouterr().out
    assert any(
        line.startswith("SIGNALÉ") and h_fake[:12] in line and "fichier interdit lecteur.exe" in line
        for line in outputs["reported"].splitlines()
    ), outputs["reported"]
    plain = "\n".join(outputs.values())
    # the data (hashes, names, the tier's name) and the watchers' ids, as typed on the command line
    for data in (h_fake[:12], h_writer[:12], fake.name, "lecteur.exe", "nvme", "disk :", "stalled :"):
        plain = plain.replace(data, " ")
    assert not words(plain) & foreign_words("fr"), plain

    # the twin: in English, the same verdicts in English words
    config["ui"] = {"language": "en"}
    path.write_text(yaml.safe_dump(config))  # (without the VPN requirement)
    assert run(monkeypatch, qbittorrent, "watcher", "run", "malware", "--config", str(path)) == 0
    out = capsys.readouterr().out
    reported = [line for line in out.splitlines() if line.startswith("REPORT")]
    assert reported, out
    assert "forbidden file lecteur.exe" in reported[0], out
    config["watchers"]["pipeline"]["require_vpn"] = True
    path.write_text(yaml.safe_dump(config))
    assert run(monkeypatch, qbittorrent, "watcher", "run", "stalled", "--config", str(path)) == 0
    assert "HOLD         our fault: the VPN state is unknown" in capsys.readouterr().out
    assert {t.hash for t in api.torrents_info()} == {h_fake, h_writer}  # dry-run: all still there
