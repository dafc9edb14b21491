"""The bencode encoder and the v1 .torrent maker, checked against the BitTorrent spec by hand."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from myflix_testkit.torrents import bdecode, bencode, make_torrent


def test_bencode_encodes_each_type_as_the_spec_says() -> None:
    assert bencode(0) == b"i0e"
    assert bencode(-42) == b"i-42e"
    assert bencode(b"spam") == b"4:spam"
    assert bencode("é") == b"2:\xc3\xa9"  # length in bytes, not characters
    assert bencode(b"") == b"0:"
    assert bencode(["spam", 3]) == b"l4:spami3ee"
    assert bencode({}) == b"de"


def test_bencode_sorts_dictionary_keys_by_raw_bytes() -> None:
    assert bencode({"zeta": 1, "Alpha": 2, "alpha": [b"x"]}) == b"d5:Alphai2e5:alphal1:xe4:zetai1ee"
    assert bencode({b"b": 1, "a": 2}) == b"d1:ai2e1:bi1ee"


def test_bencode_refuses_what_has_no_bencode_form() -> None:
    with pytest.raises(TypeError):
        bencode(True)
    with pytest.raises(TypeError):
        bencode(1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="duplicate"):
        bencode({"a": 1, b"a": 2})


def test_bdecode_reads_back_what_bencode_wrote() -> None:
    value = {"announce": "http://127.0.0.1:1/a", "list": [1, -2, b"\x00\xff"], "nested": {"k": 0}}
    assert bdecode(bencode(value)) == {
        b"announce": b"http://127.0.0.1:1/a",
        b"list": [1, -2, b"\x00\xff"],
        b"nested": {b"k": 0},
    }
    for bad in (b"i01e", b"i-0e", b"ie", b"5:abc", b"i1ei2e", b"x"):
        with pytest.raises(ValueError, match=r"bad integer|truncated|trailing|unexpected"):
            bdecode(bad)


def _write(path: Path, size: int, seed: int) -> bytes:
    data = hashlib.shake_256(seed.to_bytes(4, "big")).digest(size)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def _pieces(blob: bytes, piece_length: int) -> bytes:
    return b"".join(
        hashlib.sha1(blob[i : i + piece_length]).digest() for i in range(0, len(blob), piece_length)
    )


def test_single_file_torrent_has_the_v1_layout_and_hashes(tmp_path: Path) -> None:
    data = _write(tmp_path / "Film (2020).mkv", 100_000, seed=1)
    torrent = make_torrent(tmp_path / "Film (2020).mkv", piece_length=16384, creation_date=1_700_000_000)

    meta = bdecode(torrent.data)
    assert isinstance(meta, dict)
    info = meta[b"info"]
    assert info == {
        b"name": b"Film (2020).mkv",
        b"piece length": 16384,
        b"length": 100_000,
        b"pieces": _pieces(data, 16384),
    }
    assert len(info[b"pieces"]) == 20 * 7  # ceil(100000 / 16384) pieces, the last one short
    assert torrent.piece_count == 7
    assert meta[b"creation date"] == 1_700_000_000
    assert b"announce" not in meta
    assert torrent.info_hash == hashlib.sha1(bencode(info)).hexdigest()
    assert not torrent.multi_file
    assert torrent.total_size == 100_000


def test_multi_file_torrent_lists_files_in_order_and_hashes_across_boundaries(tmp_path: Path) -> None:
    root = tmp_path / "Show S01"
    blobs = {
        ("a.mkv",): _write(root / "a.mkv", 20_000, seed=2),
        ("Extras", "b.srt"): _write(root / "Extras" / "b.srt", 5_000, seed=3),
        ("c.nfo",): _write(root / "c.nfo", 17_000, seed=4),
    }
    torrent = make_torrent(root, piece_length=16384)

    info = bdecode(torrent.data)[b"info"]  # type: ignore[index]
    assert info[b"name"] == b"Show S01"
    paths = [tuple(p.decode() for p in f[b"path"]) for f in info[b"files"]]
    assert paths == [("Extras", "b.srt"), ("a.mkv",), ("c.nfo",)]  # sorted, so the hash is stable
    assert [f[b"length"] for f in info[b"files"]] == [5_000, 20_000, 17_000]
    stream = b"".join(blobs[p] for p in paths)
    assert info[b"pieces"] == _pieces(stream, 16384)
    assert b"length" not in info
    assert torrent.multi_file
    assert torrent.total_size == 42_000


def test_private_flag_and_announce_list(tmp_path: Path) -> None:
    _write(tmp_path / "f.bin", 30_000, seed=5)
    public = make_torrent(tmp_path / "f.bin")
    tiers = [["http://127.0.0.1:9/announce", "http://127.0.0.1:10/announce"], ["udp://127.0.0.1:11"]]
    private = make_torrent(tmp_path / "f.bin", private=True, announce_list=tiers)

    meta = bdecode(private.data)
    assert meta[b"info"][b"private"] == 1  # type: ignore[index]
    assert meta[b"announce"] == b"http://127.0.0.1:9/announce"  # type: ignore[index]
    assert meta[b"announce-list"] == [[u.encode() for u in tier] for tier in tiers]  # type: ignore[index]
    assert private.info_hash != public.info_hash  # the flag is inside info, so it changes the hash
    assert b"private" not in bdecode(public.data)[b"info"]  # type: ignore[index]


def test_invalid_inputs_are_refused(tmp_path: Path) -> None:
    _write(tmp_path / "f.bin", 10, seed=6)
    for bad in (8192, 20000, 0):
        with pytest.raises(ValueError, match="power of two"):
            make_torrent(tmp_path / "f.bin", piece_length=bad)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ValueError, match="no files"):
        make_torrent(tmp_path / "empty")
    with pytest.raises(FileNotFoundError):
        make_torrent(tmp_path / "missing")
