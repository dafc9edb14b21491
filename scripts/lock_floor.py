"""Give the lock its Python-floor pins (requirements/python-floor.txt), so one constraints file serves
the controller (3.12+) and the bot on bookworm (3.11): pip evaluates each line's marker on the machine.

  lock_floor.py apply LOCK FLOOR     rewrite LOCK in place (make lock)
  lock_floor.py for 3.11 LOCK        print LOCK as pip on that Python reads it, markers resolved
                                     (pip download --python-version evaluates markers on the running one)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from packaging.markers import Marker
from packaging.requirements import Requirement

FLOOR_MARKER = '; python_version >= "3.12"'


def requirement_lines(text: str) -> list[str]:
    return [line.split("#", 1)[0].strip() for line in text.splitlines() if line.split("#", 1)[0].strip()]


def apply(lock: Path, floor: Path) -> None:
    pins = requirement_lines(floor.read_text(encoding="utf-8"))
    names = {Requirement(pin).name.lower() for pin in pins}
    out = []
    for line in lock.read_text(encoding="utf-8").splitlines():
        name = re.split(r"[=<>!~ ;]", line, maxsplit=1)[0].lower()
        marked = not line.startswith("#") and ";" not in line and name in names
        out.append(f"{line} {FLOOR_MARKER}" if marked else line)
    lock.write_text("\n".join([*out, *(pin for pin in pins if pin not in out)]) + "\n", encoding="utf-8")


def resolved_for(version: str, lock: Path) -> str:
    env = {"python_version": version, "python_full_version": f"{version}.0"}
    kept = []
    for line in requirement_lines(lock.read_text(encoding="utf-8")):
        spec, _, marker = line.partition(";")
        if not marker or Marker(marker.strip()).evaluate(env):
            kept.append(spec.strip())
    return "\n".join(kept) + "\n"


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "apply":
        apply(Path(argv[1]), Path(argv[2]))
        return 0
    if len(argv) == 3 and argv[0] == "for":
        sys.stdout.write(resolved_for(argv[1], Path(argv[2])))
        return 0
    sys.stderr.write(__doc__ or "")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
