#!/usr/bin/env python3
"""Seed a test host with app data shaped like the real apps': SQLite libraries in WAL mode under each app's
directory, qBittorrent's BT_backup, the bot's requests database; owned by the media user (1001)."""

import os
import sqlite3
import sys
from pathlib import Path

appdata, bot = Path(sys.argv[1]), Path(sys.argv[2])


def library(path: Path, table: str, titles: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f'CREATE TABLE "{table}" (Id INTEGER PRIMARY KEY, Title TEXT, Monitored INTEGER)')
    rows = [(t, i % 2) for i, t in enumerate(titles)]
    db.executemany(f'INSERT INTO "{table}" (Title, Monitored) VALUES (?, ?)', rows)  # noqa: S608
    db.commit()
    db.close()


library(appdata / "radarr" / "radarr.db", "Movies", ["Dune", "Amélie", "Heat", "Alien", "Up"])
library(appdata / "sonarr" / "sonarr.db", "Series", ["Dark", "Severance", "Bluey"])
library(appdata / "prowlarr" / "prowlarr.db", "Indexers", ["one", "two"])
library(appdata / "radarr" / "logs.db", "Logs", ["noise"] * 20)
(appdata / "radarr" / "config.xml").write_text(
    "<Config><ApiKey>0123456789abcdef0123456789abcdef</ApiKey></Config>\n"
)
bt = appdata / "qbittorrent" / "qBittorrent" / "BT_backup"
bt.mkdir(parents=True)
for i in range(6):
    (bt / f"{i:040x}.fastresume").write_bytes(b"d13:total_uploadedi%de8:progressi1ee" % (i * 1000))
    (bt / f"{i:040x}.torrent").write_bytes(b"d4:infod4:name5:test%dee" % i)
(appdata / "qbittorrent" / "qBittorrent" / "qBittorrent.conf").write_text(
    "[Preferences]\nSession\\Port=6881\n"
)
for root in (appdata,):
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [".", *dirnames, *filenames]:
            os.chown(os.path.join(dirpath, name), 1001, 1001)
library(bot / "requests.sqlite", "requests", ["req-a", "req-b", "req-c", "req-d"])
