"""``myflix-bot watcher run NAME [--dry-run]`` (issue 14, point 12): one pass of a watcher from the
command line, its verdicts printed; a real qbittorrent-nox for the GC and the thermal governor."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from myflix_bot import cli

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
