"""The pipeline's single-torrent rules by example: strikes and timeouts, every file of a fake release,
stuck imports and their automatic reasons, the guard's limit."""

from __future__ import annotations

from myflix_bot.watchers.pipeline_policy import (
    Action,
    ImportFacts,
    NetworkFacts,
    decide_import,
    is_stalled,
    observe,
    own_fault,
    removal_limit,
    scan_files,
)

HOUR = 3600.0


def test_a_stall_needs_both_the_time_and_the_strikes() -> None:
    record = observe(None, downloaded=10, metadata=False, now=0.0, fault=False)
    for n in range(1, 4):
        record = observe(record, downloaded=10, metadata=False, now=n * 2 * HOUR, fault=False)
    limits = {"download_after": 6 * HOUR, "metadata_after": 1800.0, "strikes": 3}
    assert is_stalled(record, 6 * HOUR, **limits)
    assert not is_stalled(record, 5.9 * HOUR, **limits)  # not yet the time
    assert not is_stalled(
        observe(None, downloaded=10, metadata=False, now=0.0, fault=False), 9 * HOUR, **limits
    )
    meta = observe(None, downloaded=0, metadata=True, now=0.0, fault=False)
    for n in range(1, 4):
        meta = observe(meta, downloaded=0, metadata=True, now=n * 600.0, fault=False)
    assert is_stalled(meta, 1800.0, **limits)
    # the metadata arrived: a new clock for the download
    assert observe(meta, downloaded=0, metadata=False, now=1900.0, fault=False).strikes == 0


def reason(net: NetworkFacts, lang: str = "en") -> str | None:
    fault = own_fault(net)
    return None if fault is None else fault.text(lang)


def test_own_fault_names_each_cause() -> None:
    assert own_fault(NetworkFacts(True, 51413, 51413, False)) is None
    assert reason(NetworkFacts(False, 51413, 51413, False)) == "the VPN is down"
    assert reason(NetworkFacts(None, 51413, 51413, False)) == "the VPN state is unknown"
    mismatch = NetworkFacts(True, 51413, 6881, False)
    assert reason(mismatch) == "qBittorrent listens on 6881, the VPN forwards 51413"
    assert reason(mismatch, "fr") == "qBittorrent écoute sur 6881, le VPN redirige 51413"
    assert reason(NetworkFacts(True, None, 6881, False)) == "the forwarded port is unknown"
    assert reason(NetworkFacts(True, 51413, 51413, True)) == "the leak guard holds torrents"
    assert reason(NetworkFacts(False, None, None, False), "fr") == "le VPN est coupé"
    assert own_fault(NetworkFacts(None, None, None, False), require_vpn=False) is None


def test_every_file_is_checked_not_only_the_largest() -> None:
    mixed = [("Film/Film.mkv", 4_000_000_000), ("Film/codec.exe", 300_000)]
    match = scan_files(mixed, managed=False)
    assert match is not None
    assert (match.kind, match.file) == ("extension", "Film/codec.exe")
    assert scan_files([("Film/Film.mkv", 4_000_000_000), ("Film/readme.txt", 10)], managed=True) is None
    assert scan_files([("F/setup.EXE", 1)], managed=False, forbidden=[".exe"]).kind == "extension"  # type: ignore[union-attr]
    assert scan_files([("F/f.zip", 900), ("F/f.mkv", 10)], managed=True).kind == "not_video"  # type: ignore[union-attr]
    assert (
        scan_files([("F/f.zip", 900), ("F/f.mkv", 10)], managed=False) is None
    )  # unmanaged: only extensions
    small = [("F/f.mkv", 50_000_000)]
    assert (
        scan_files(small, managed=True, runtime_minutes=120, min_bytes_per_minute=2_000_000).kind
        == "too_small"
    )  # type: ignore[union-attr]
    assert scan_files(small, managed=True, runtime_minutes=20, min_bytes_per_minute=2_000_000) is None


def test_stuck_imports_are_reported_after_the_threshold_and_auto_reasons_removed() -> None:
    blocked = ImportFacts(7, "importBlocked", "warning", ("No files found are eligible for import",))
    assert decide_import(blocked, 0.0, 10.0, after=HOUR, auto_reasons=()) is Action.NONE
    assert decide_import(blocked, 0.0, HOUR, after=HOUR, auto_reasons=()) is Action.REPORT
    assert decide_import(blocked, 0.0, HOUR, after=HOUR, auto_reasons=["no files found"]) is Action.REMOVE
    assert decide_import(blocked, 0.0, HOUR, after=HOUR, auto_reasons=["sample"]) is Action.REPORT
    fine = ImportFacts(8, "importPending", "ok", ())
    assert decide_import(fine, 0.0, 10 * HOUR, after=HOUR, auto_reasons=["sample"]) is Action.NONE
    warned = ImportFacts(9, "importPending", "warning", ("Sample",))
    assert decide_import(warned, 0.0, HOUR, after=HOUR, auto_reasons=["sample"]) is Action.REMOVE


def test_the_guard_limit_is_the_smaller_of_count_and_share() -> None:
    assert removal_limit(100, max_removals=5, max_share=0.2) == 5
    assert removal_limit(10, max_removals=5, max_share=0.2) == 2
    assert removal_limit(3, max_removals=5, max_share=0.2) == 1  # rounded up
    assert removal_limit(0, max_removals=5, max_share=0.2) == 0
