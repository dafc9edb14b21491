"""Real BitTorrent v1 metainfo (.torrent) files made from data already on disk.

``bencode`` encodes the four bencode types (integers, byte strings, lists, dictionaries with keys
sorted as raw bytes); ``bdecode`` reads them back (strings stay bytes). ``make_torrent`` hashes a
file or a directory tree into pieces and returns a :class:`Torrent` with the encoded bytes and the
v1 info hash (SHA-1 of the bencoded ``info`` dictionary), the hash qBittorrent reports.

    torrent = make_torrent(Path("data/Film (2020)"), piece_length=32768, private=True,
                           announce_list=[["http://127.0.0.1:6969/announce"]])
    torrent.write(tmp_path / "film.torrent")
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

Bencodable = int | bytes | str | Sequence["Bencodable"] | Mapping[str | bytes, "Bencodable"]

MIN_PIECE_LENGTH = 16 * 1024  # one BitTorrent block; libtorrent refuses anything smaller


def bencode(value: Bencodable) -> bytes:
    """Encode ``value``; str is UTF-8, dictionary keys are sorted by their raw bytes."""
    out: list[bytes] = []
    _encode(value, out)
    return b"".join(out)


def _encode(value: Bencodable, out: list[bytes]) -> None:
    if isinstance(value, bool):  # bool is an int subclass; it has no bencode form
        raise TypeError("bencode has no booleans; use 0 or 1")
    if isinstance(value, int):
        out.append(b"i%de" % value)
    elif isinstance(value, bytes | str):
        raw = value.encode() if isinstance(value, str) else value
        out.append(b"%d:" % len(raw))
        out.append(raw)
    elif isinstance(value, Mapping):
        items = [(k.encode() if isinstance(k, str) else k, v) for k, v in value.items()]
        keys = [k for k, _ in items]
        if len(set(keys)) != len(keys):
            raise ValueError("duplicate dictionary key after UTF-8 encoding")
        out.append(b"d")
        for key, item in sorted(items, key=lambda kv: kv[0]):
            _encode(key, out)
            _encode(item, out)
        out.append(b"e")
    elif isinstance(value, Sequence):
        out.append(b"l")
        for item in value:
            _encode(item, out)
        out.append(b"e")
    else:
        raise TypeError(f"cannot bencode {type(value).__name__}")


def bdecode(data: bytes) -> object:
    """Decode one bencoded value that spans all of ``data``; byte strings stay ``bytes``."""
    value, end = _decode(data, 0)
    if end != len(data):
        raise ValueError(f"trailing data after offset {end}")
    return value


def _decode(data: bytes, pos: int) -> tuple[object, int]:
    if pos >= len(data):
        raise ValueError("truncated bencode")
    lead = data[pos : pos + 1]
    if lead == b"i":
        end = data.index(b"e", pos)
        digits = data[pos + 1 : end]
        if digits in (b"", b"-", b"-0") or (digits.lstrip(b"-").startswith(b"0") and digits != b"0"):
            raise ValueError(f"bad integer {digits!r} at offset {pos}")
        return int(digits), end + 1
    if lead == b"l":
        items: list[object] = []
        pos += 1
        while data[pos : pos + 1] != b"e":
            item, pos = _decode(data, pos)
            items.append(item)
        return items, pos + 1
    if lead == b"d":
        result: dict[bytes, object] = {}
        pos += 1
        while data[pos : pos + 1] != b"e":
            key, pos = _decode(data, pos)
            if not isinstance(key, bytes):
                raise ValueError(f"dictionary key at offset {pos} is not a string")
            result[key], pos = _decode(data, pos)
        return result, pos + 1
    if lead.isdigit():
        colon = data.index(b":", pos)
        length = int(data[pos:colon])
        start = colon + 1
        if start + length > len(data):
            raise ValueError("truncated string")
        return data[start : start + length], start + length
    raise ValueError(f"unexpected byte {lead!r} at offset {pos}")


@dataclass(frozen=True)
class TorrentFile:
    """One file of the torrent: its path inside the torrent (parts) and its size in bytes."""

    path: tuple[str, ...]
    length: int


@dataclass(frozen=True)
class Torrent:
    """A made torrent: ``data`` is the .torrent file, ``info_hash`` the lowercase hex v1 hash."""

    data: bytes
    info_hash: str
    name: str
    piece_length: int
    total_size: int
    files: tuple[TorrentFile, ...]
    multi_file: bool

    @property
    def piece_count(self) -> int:
        return -(-self.total_size // self.piece_length)

    def write(self, path: Path) -> Path:
        path.write_bytes(self.data)
        return path


def _walk(root: Path) -> Iterator[Path]:
    """Regular files under ``root``, in a stable order (sorted path parts); symlinks are refused."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath, name)
            if path.is_symlink():
                raise ValueError(f"symlinks are not supported in a torrent: {path}")
            yield path


def _content_files(source: Path) -> list[tuple[Path, TorrentFile]]:
    if source.is_file():
        return [(source, TorrentFile((source.name,), source.stat().st_size))]
    if not source.is_dir():
        raise FileNotFoundError(f"no file or directory at {source}")
    files = [
        (path, TorrentFile(path.relative_to(source).parts, path.stat().st_size)) for path in _walk(source)
    ]
    files.sort(key=lambda pair: pair[1].path)
    if not files:
        raise ValueError(f"{source} holds no files")
    return files


def _piece_hashes(paths: Sequence[Path], piece_length: int) -> bytes:
    """SHA-1 of each piece of the concatenation of ``paths``; the last piece may be short."""
    hashes: list[bytes] = []
    piece = hashlib.sha1()
    filled = 0
    for path in paths:
        with path.open("rb") as stream:
            while chunk := stream.read(piece_length - filled):
                piece.update(chunk)
                filled += len(chunk)
                if filled == piece_length:
                    hashes.append(piece.digest())
                    piece, filled = hashlib.sha1(), 0
    if filled:
        hashes.append(piece.digest())
    return b"".join(hashes)


def _metainfo(
    info: dict[str, Bencodable],
    *,
    announce: str | None,
    announce_list: Sequence[Sequence[str]] | None,
    comment: str | None,
    created_by: str | None,
    creation_date: int | None,
) -> dict[str, Bencodable]:
    meta: dict[str, Bencodable] = {"info": info}
    tiers = [list(tier) for tier in announce_list or [] if tier]
    if announce is None and tiers:
        announce = tiers[0][0]
    if announce is not None:
        meta["announce"] = announce
    if tiers:
        meta["announce-list"] = tiers
    if comment is not None:
        meta["comment"] = comment
    if created_by is not None:
        meta["created by"] = created_by
    if creation_date is not None:
        meta["creation date"] = creation_date
    return meta


def make_torrent(
    source: Path,
    *,
    piece_length: int = 32 * 1024,
    private: bool = False,
    announce: str | None = None,
    announce_list: Sequence[Sequence[str]] | None = None,
    name: str | None = None,
    comment: str | None = None,
    created_by: str | None = "myflix-testkit",
    creation_date: int | None = None,
) -> Torrent:
    """Make a v1 torrent of ``source`` (a file: single-file torrent; a directory: multi-file).

    ``piece_length`` must be a power of two of at least 16 KiB. ``announce_list`` is BEP 12 tiers;
    when it is given without ``announce``, its first URL is also the ``announce`` key. ``private``
    sets ``info.private = 1`` (BEP 27), which changes the info hash. Nothing is contacted.
    """
    if piece_length < MIN_PIECE_LENGTH or piece_length & (piece_length - 1):
        raise ValueError(f"piece_length must be a power of two >= {MIN_PIECE_LENGTH}, not {piece_length}")
    source = Path(source)
    entries = _content_files(source)
    multi_file = source.is_dir()
    torrent_name = name or source.name
    info: dict[str, Bencodable] = {
        "name": torrent_name,
        "piece length": piece_length,
        "pieces": _piece_hashes([path for path, _ in entries], piece_length),
    }
    if multi_file:
        files = tuple(f for _, f in entries)
    else:
        files = (TorrentFile((torrent_name,), entries[0][1].length),)
    if not sum(f.length for f in files):
        raise ValueError(f"{source} holds no data: a torrent needs at least one byte")
    if multi_file:
        info["files"] = [{"length": f.length, "path": list(f.path)} for _, f in entries]
    else:
        info["length"] = entries[0][1].length
    if private:
        info["private"] = 1
    info_bytes = bencode(info)

    meta = _metainfo(
        info,
        announce=announce,
        announce_list=announce_list,
        comment=comment,
        created_by=created_by,
        creation_date=creation_date,
    )
    return Torrent(
        data=bencode(meta),
        info_hash=hashlib.sha1(info_bytes).hexdigest(),
        name=torrent_name,
        piece_length=piece_length,
        total_size=sum(f.length for f in files),
        files=files,
        multi_file=multi_file,
    )
