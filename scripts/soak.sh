#!/usr/bin/env bash
# make test-soak: run test suites N times in a row while stress-ng loads the CPUs, then print the failures
# per test. A suite that passes here does not depend on timing luck. Not part of `make test`.
#   scripts/soak.sh N suite [suite ...]      e.g. scripts/soak.sh 5 bot testkit collection_integration
# stress-ng (Debian package) is installed as root if missing; it is stopped by its PID at the end.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
N=${1:?usage: scripts/soak.sh N suite [suite ...]}
shift
[ "$#" -gt 0 ] || { echo "usage: scripts/soak.sh N suite [suite ...]" >&2; exit 2; }
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "[soak] error: N must be a positive integer, not '$N'" >&2; exit 2; }
SUITES=("$@")
CPU_WORKERS=${SOAK_CPU_WORKERS:-2}
OUT=$ROOT/.state/soak/$(date -u +%Y%m%dT%H%M%SZ)
PY=${PYTHON:-$ROOT/.venv/bin/python}

say() { printf '\033[1m[soak]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[soak] error:\033[0m %s\n' "$*" >&2; exit 1; }

known=$(scripts/test.sh --list) || die "scripts/test.sh --list failed"
for s in "${SUITES[@]}"; do
  grep -qx "$s" <<<"$known" || die "unknown suite '$s' (names: $(tr '\n' ' ' <<<"$known"))"
done
[ -x "$PY" ] || die "no $PY; run 'make setup' first"

# test-deps installs stress-ng with the suites' own Debian packages (as root)
MYFLIX_EXTRA_APT_PACKAGES=stress-ng scripts/test-deps.sh || die "test dependencies are not ready"
command -v stress-ng >/dev/null || die "stress-ng is missing after scripts/test-deps.sh"

mkdir -p "$OUT"
stress-ng --cpu "$CPU_WORKERS" --quiet >"$OUT/stress-ng.log" 2>&1 &
STRESS=$!
stop_stress() {
  if kill -0 "$STRESS" 2>/dev/null; then
    kill "$STRESS"
    wait "$STRESS" 2>/dev/null
    say "stopped stress-ng (pid $STRESS)"
  fi
  scripts/dockerd.sh stop || true
}
trap stop_stress EXIT
trap 'exit 130' INT TERM
sleep 1
kill -0 "$STRESS" 2>/dev/null || die "stress-ng did not start: $(cat "$OUT/stress-ng.log")"
say "stress-ng --cpu $CPU_WORKERS running (pid $STRESS); ${#SUITES[@]} suite(s) x $N run(s); reports in $OUT"

declare -A took
t0=$(date +%s)
for i in $(seq 1 "$N"); do
  for s in "${SUITES[@]}"; do
    t=$(date +%s)
    PYTEST_ADDOPTS="${PYTEST_ADDOPTS:-} --junitxml=$OUT/$s-$i.xml -p no:cacheprovider" \
      scripts/test.sh --no-deps "$s" >"$OUT/$s-$i.log" 2>&1
    rc=$?
    took[$s]="${took[$s]:-} $(( $(date +%s) - t ))"
    say "run $i/$N $s: exit $rc in $(( $(date +%s) - t )) s"
    [ -f "$OUT/$s-$i.xml" ] || say "run $i/$N $s: no junit report (the suite did not run; see $OUT/$s-$i.log)"
  done
done
for s in "${SUITES[@]}"; do say "$s: seconds per run:${took[$s]}"; done
say "total $(( $(date +%s) - t0 )) s under load"
"$PY" - "$OUT" "$N" "${SUITES[@]}" <<'PYEOF'
import sys, xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

out, n, suites = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
failed, totals, missing = Counter(), Counter(), []
for suite in suites:
    for i in range(1, n + 1):
        report = out / f"{suite}-{i}.xml"
        if not report.is_file():
            missing.append(report.name)
            continue
        for case in ET.parse(report).iter("testcase"):
            name = f"{suite}: {case.get('classname')}::{case.get('name')}"
            totals[suite] += 1
            if case.find("failure") is not None or case.find("error") is not None:
                failed[name] += 1
print(f"\n================ soak: {n} run(s) per suite under stress-ng ================")
for suite in suites:
    print(f"{suite:24} {totals[suite]} test runs, {sum(v for k, v in failed.items() if k.startswith(suite + ':'))} failed")
if failed:
    print("failures per test:")
    for name, count in failed.most_common():
        print(f"  {count}/{n}  {name}")
for name in missing:
    print(f"  missing report {name}: the suite did not run")
print("SOAK PASSED: 0 failures" if not failed and not missing else "SOAK FAILED")
sys.exit(1 if failed or missing else 0)
PYEOF
