#!/usr/bin/env python3
"""Print the installed packages whose installed version only Debian SUITE's apt lists have (one a line).

Used by the verify steps on a bookworm host to prove the docker role's pin: nothing but docker-compose comes
from trixie. `apt list` cannot tell (it names the archive, "stable", which changes with each release).
Usage: installed_from_suite.py SUITE  (run on the host; reads /var/lib/apt/lists and dpkg's database)
"""

import glob
import subprocess
import sys


def versions(paths: list[str]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for path in paths:
        package = None
        with open(path, encoding="utf-8", errors="replace") as lists:
            for line in lists:
                if line.startswith("Package: "):
                    package = line[9:].strip()
                elif line.startswith("Version: ") and package:
                    found.add((package, line[9:].strip()))
    return found


def main() -> int:
    suite = sys.argv[1]
    theirs = glob.glob(f"/var/lib/apt/lists/*_dists_{suite}_*_Packages")
    if not theirs:
        print(f"no apt lists for {suite}", file=sys.stderr)
        return 2
    from_suite = versions(theirs)
    elsewhere = versions([path for path in glob.glob("/var/lib/apt/lists/*_Packages") if path not in theirs])
    query = ["dpkg-query", "-W", "-f=${Package} ${Version}\n"]
    installed = {tuple(line.split(" ", 1)) for line in subprocess.check_output(query, text=True).splitlines()}
    only_there = sorted(
        pkg for pkg, ver in installed if (pkg, ver) in from_suite and (pkg, ver) not in elsewhere
    )
    print("\n".join(only_there))
    return 0


if __name__ == "__main__":
    sys.exit(main())
