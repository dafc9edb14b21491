"""Command line: ``python3 -m myflix_backup {run,drill,restore,status} [--config FILE]``.

Errors are one line on stderr with exit status 2 (never a traceback, never a secret)."""

from __future__ import annotations

import argparse
import fcntl
import json
import sys
from pathlib import Path

from . import backup, config, drill, report, restore
from .restic import ResticError

DEFAULT_CONFIG = "/etc/myflix/backup/config.json"
LOCK = "/run/lock/myflix-backup.lock"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="myflix-backup", description=__doc__)
    p.add_argument("--config", default=DEFAULT_CONFIG)
    p.add_argument("--lock-file", default=LOCK, help=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="back up now (skipped with a notice while hot or short of space)")
    r.add_argument("--time", help="record the snapshot at this time (restic --time; imports and tests)")
    sub.add_parser("drill", help="restore the latest snapshot into a scratch directory and check it")
    s = sub.add_parser("restore", help="restore a snapshot onto this host (stop the stack first)")
    s.add_argument("--snapshot", default="latest")
    s.add_argument("--force", action="store_true", help="overwrite a host holding newer data")
    s.add_argument("--check-only", action="store_true", help="do every check, change nothing")
    sub.add_parser("status", help="the last run, the drill and the repository's snapshots as JSON")
    return p


def status(cfg: config.Config) -> int:
    current = report.load_status(Path(cfg.state_dir))
    try:
        snaps = backup.local_restic(cfg).snapshots(cfg.tag)
        current["snapshots"] = [{"id": s["short_id"], "time": s["time"]} for s in snaps]
        current["repository_ok"] = True
    except ResticError as exc:
        current["repository_ok"] = False
        current["repository_error"] = str(exc)
    print(json.dumps(current, indent=2, sort_keys=True))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        cfg = config.load(args.config)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"myflix-backup: bad configuration {args.config}: {exc}", file=sys.stderr)
        return 2
    if args.command == "status":
        return status(cfg)
    Path(args.lock_file).parent.mkdir(parents=True, exist_ok=True)
    with open(args.lock_file, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("myflix-backup: another backup, drill or restore is running", file=sys.stderr)
            return 2
        return dispatch(cfg, args)


def dispatch(cfg: config.Config, args: argparse.Namespace) -> int:
    try:
        if args.command == "run":
            return backup.run(cfg, at=args.time)
        if args.command == "drill":
            return drill.run(cfg)
        result = restore.run(cfg, args.snapshot, force=args.force, apply=not args.check_only)
    except (ResticError, restore.RestoreRefused, OSError) as exc:
        print(f"myflix-backup {args.command}: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(result, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
