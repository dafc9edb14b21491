"""The GC's recycle bin: a directory on the same filesystem as the data, so "deleting" is a rename.

Each removal is one entry ``<bin>/<UTC time>-<hash12>/`` holding ``manifest.json`` (what, from where,
when), the ``.torrent`` file and the data, moved in with :func:`os.rename` (never a copy: a rename
across filesystems fails, and then nothing is removed). :meth:`RecycleBin.purge` deletes entries whose
manifest is older than N days, then the oldest while the bin is over its size cap; under disk pressure
:func:`purge_for_space` deletes the oldest entries until enough is freed. Neither touches anything
without a manifest of ours.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

MANIFEST = "manifest.json"
MARK = "myflix-gc"


class RecycleError(Exception):
    """The data cannot be moved safely; nothing was moved."""


def may_write(path: Path) -> bool:
    """Whether this process may create or remove entries in the directory ``path`` (its effective
    ids, so a test can drop privileges with ``seteuid``; a read-only mount says no)."""
    effective = os.access in os.supports_effective_ids
    return os.access(path, os.W_OK | os.X_OK, effective_ids=effective)


def _sticky_refuses(parent: Path, content: Path) -> bool:
    """A sticky directory (like /tmp) lets only the owner of an entry (or of the directory) move it."""
    try:
        st_parent, st_content = os.stat(parent), os.stat(content, follow_symlinks=False)
    except OSError:
        return True
    euid = os.geteuid()
    return bool(st_parent.st_mode & stat.S_ISVTX) and euid not in (0, st_parent.st_uid, st_content.st_uid)


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
        # the rename needs: write access to where the data is, to the data itself when it is a folder
        # (its ".." changes), and to the bin (or the folder the bin will be created in)
        if not may_write(content.parent) or _sticky_refuses(content.parent, content):
            raise RecycleError(f"permission denied: cannot move {content.name} out of {content.parent}")
        if content.is_dir() and not may_write(content):
            raise RecycleError(f"permission denied: cannot move the folder {content}")
        target = self.path
        while not target.exists() and target != target.parent:
            target = target.parent
        if not target.is_dir() or not may_write(target):
            raise RecycleError(f"permission denied: cannot write the recycle bin {self.path}")

    def put(self, content: Path, torrent_file: bytes, manifest: Mapping[str, object], now: float) -> Path:
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

    def purge(self, older_than: float, now: float, max_bytes: int | None = None) -> list[Path]:
        """Delete the entries older than ``older_than`` seconds, then, while the bin holds more than
        ``max_bytes``, the oldest ones; returns them."""
        gone = []
        kept: list[tuple[Path, float]] = []
        for entry, deleted_at in self.entries():
            if now - deleted_at >= older_than and not entry.is_symlink():
                shutil.rmtree(entry)
                gone.append(entry)
            elif not entry.is_symlink():
                kept.append((entry, deleted_at))
        if max_bytes is None:
            return gone
        sizes = {entry: entry_size(entry) for entry, _ in kept}
        total = sum(sizes.values())
        for entry, _ in sorted(kept, key=lambda e: (e[1], e[0].name)):
            if total <= max_bytes:
                break
            shutil.rmtree(entry)
            gone.append(entry)
            total -= sizes[entry]
        return gone


def entry_size(entry: Path) -> int:
    """Bytes of the regular files in a bin entry (symlinks not followed)."""
    total = 0
    for root, _dirs, files in os.walk(entry):
        for name in files:
            try:
                st = os.lstat(os.path.join(root, name))
            except OSError:
                continue
            if stat.S_ISREG(st.st_mode):
                total += st.st_size
    return total


def purge_for_space(
    bins: Iterable[RecycleBin], need: int, *, dry_run: bool = False
) -> tuple[list[Path], int]:
    """Under disk pressure: the oldest entries of all ``bins`` first (they were removed already, the
    pressure cuts their grace short), until ``need`` bytes are freed or the bins are empty; returns
    the entries and the bytes. ``dry_run`` deletes nothing and says what it would free."""
    entries = sorted(
        ((entry, at) for b in bins for entry, at in b.entries() if not entry.is_symlink()),
        key=lambda e: (e[1], e[0].name),
    )
    gone: list[Path] = []
    freed = 0
    for entry, _at in entries:
        if freed >= need:
            break
        size = entry_size(entry)
        if not dry_run:
            shutil.rmtree(entry)
        gone.append(entry)
        freed += size
    return gone, freed
