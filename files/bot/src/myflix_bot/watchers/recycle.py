"""The GC's recycle bin: a directory on the same filesystem as the data, so "deleting" is a rename.

Each removal is one entry ``<bin>/<UTC time>-<hash12>/`` holding ``manifest.json`` (what, from where,
when), the ``.torrent`` file and the data, moved in with :func:`os.rename` (never a copy: a rename
across filesystems fails, and then nothing is removed). :meth:`RecycleBin.purge` deletes entries whose
manifest is older than N days; it touches nothing without a manifest of ours.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "manifest.json"
MARK = "myflix-gc"


class RecycleError(Exception):
    """The data cannot be moved safely; nothing was moved."""


def inside(path: Path, root: Path) -> bool:
    """True when ``path`` is strictly below ``root`` (both resolved, symlinks followed)."""
    try:
        rel = path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return rel != Path(".")


@dataclass(frozen=True)
class RecycleBin:
    path: Path

    def check(self, content: Path) -> None:
        """Raise :class:`RecycleError` unless ``content`` can be renamed into the bin."""
        if content.is_symlink() or not content.exists():
            raise RecycleError(f"{content} is missing or a symlink")
        if inside(self.path, content) or content.resolve() == self.path.resolve():
            raise RecycleError(f"{content} contains the recycle bin")
        parent = self.path if self.path.exists() else self.path.parent
        try:
            same = os.stat(parent).st_dev == os.stat(content).st_dev
        except OSError as exc:
            raise RecycleError(f"cannot stat {content} or {parent}: {exc.strerror}") from None
        if not same:
            raise RecycleError(f"{content} is not on the recycle bin's filesystem ({self.path})")

    def put(self, content: Path, torrent_file: bytes, manifest: dict[str, object], now: float) -> Path:
        """Move ``content`` and the ``.torrent`` into a new entry; returns the entry."""
        self.check(content)
        stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(now))
        entry = self.path / f"{stamp}-{str(manifest.get('hash', 'x'))[:12]}"
        entry.mkdir(parents=True, exist_ok=False)
        (entry / f"{manifest.get('hash', 'torrent')}.torrent").write_bytes(torrent_file)
        record = {**manifest, "mark": MARK, "deleted_at": now, "original_path": str(content)}
        (entry / MANIFEST).write_text(json.dumps(record, indent=1))
        os.rename(content, entry / content.name)
        return entry

    def entries(self) -> list[tuple[Path, float]]:
        found = []
        try:
            children = list(self.path.iterdir())
        except OSError:
            return []
        for child in children:
            try:
                data = json.loads((child / MANIFEST).read_text())
            except (OSError, ValueError):
                continue
            if (
                isinstance(data, dict)
                and data.get("mark") == MARK
                and isinstance(data.get("deleted_at"), int | float)
            ):
                found.append((child, float(data["deleted_at"])))
        return found

    def purge(self, older_than: float, now: float) -> list[Path]:
        """Delete the entries older than ``older_than`` seconds; returns them."""
        gone = []
        for entry, deleted_at in self.entries():
            if now - deleted_at >= older_than and not entry.is_symlink():
                shutil.rmtree(entry)
                gone.append(entry)
        return gone
