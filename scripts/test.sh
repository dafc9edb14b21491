#!/usr/bin/env bash
# make test: bring in the test dependencies, then run every suite in order.
# Stops at the first broken suite and always prints a summary.
#   scripts/test.sh [suite ...]     (default: all suites; names as listed by --list)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${VENV:-.venv}
[ -x "$VENV/bin/python" ] || { echo "[test] error: no controller venv; run 'make setup' first" >&2; exit 1; }
export PATH="$ROOT/$VENV/bin:$PATH"
export ANSIBLE_CONFIG="$ROOT/ansible.cfg"
export PYTHONDONTWRITEBYTECODE=1
COLL=collections/ansible_collections/myflix/media
PYVER=$(python -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')

suite_lint() {
  # mypy: the bot, the collection's module_utils and modules, the backup role's package (files/bot/pyproject.toml)
  ruff check . && ruff format --check . && (cd files/bot && mypy) \
    && yamllint --strict . && ansible-lint --profile production
}
suite_sanity() {
  # ansible-test bootstraps pip from ci-files.testing.ansible.com; seed an offline stand-in if needed.
  python "$COLL/tests/utils/seed_ansible_test_pip.py" >/dev/null || return 1
  (cd "$COLL" && ansible-test sanity --venv --python "$PYVER" --color no)
}
suite_collection_units() {
  python -m pytest "$COLL/tests/unit"
}
suite_testkit() {
  python -m pytest tests
}
suite_collection_integration() {
  python -m pytest "$COLL/tests/integration"
}
suite_bot() {
  python -m pytest files/bot/tests
}
# A scenario whose directory holds NOT_IN_MAKE_TEST (first line: why) is too long for make test's
# 60-minute budget on 2 cores; it runs in the suite `molecule_long` (make test-molecule_long), never silently:
# the molecule suite names each one it leaves out.
run_scenarios() {  # run_scenarios short|long
  local s name t rc found=0
  for s in molecule/*/molecule.yml; do
    [ -e "$s" ] || continue
    name=$(basename "$(dirname "$s")")
    if [ -e "molecule/$name/NOT_IN_MAKE_TEST" ]; then
      if [ "$1" = short ]; then
        echo "--- molecule scenario: $name NOT RUN by this suite ($(head -n1 "molecule/$name/NOT_IN_MAKE_TEST")); run: make test-molecule_long"
        continue
      fi
    elif [ "$1" = long ]; then
      continue
    fi
    found=1
    echo "--- molecule scenario: $name"
    t=$(date +%s)
    # molecule's working state (its inventory, the loop disks, the wizard's vault) stays inside this clone
    MOLECULE_EPHEMERAL_DIRECTORY="$ROOT/.state/molecule/$name" molecule test -s "$name"
    rc=$?
    # each scenario's seconds in the summary: where make test's time goes
    summary+=("$(printf '  scenario %-15s %-6s %4ss' "$name" "$([ "$rc" = 0 ] && echo ok || echo FAIL)" $(( $(date +%s) - t )))")
    [ "$rc" = 0 ] || return 1
  done
  [ "$found" = 1 ] || { echo "no $1 molecule scenarios found under molecule/" >&2; return 1; }
}
suite_molecule() { run_scenarios short; }
suite_molecule_long() { run_scenarios long; }

ALL=(lint sanity collection_units testkit collection_integration bot molecule)
if [ "${1:-}" = --list ]; then printf '%s\n' "${ALL[@]}" molecule_long; exit 0; fi
DEPS=1
if [ "${1:-}" = --no-deps ]; then DEPS=0; shift; fi  # the caller (scripts/soak.sh) brought the deps in
SUITES=("${@:-${ALL[@]}}")
[ "$#" -gt 0 ] || SUITES=("${ALL[@]}")

summary=()
status=0
finish() {
  [ "$DEPS" = 0 ] || scripts/dockerd.sh stop || true
  echo
  echo "================ make test summary ================"
  printf '%s\n' "${summary[@]}"
  [ "$status" -eq 0 ] && echo "ALL SUITES PASSED" || echo "FAILED (see the suite output above)"
}
trap finish EXIT

t0=$(date +%s)
if [ "$DEPS" = 0 ]; then
  :
elif ! scripts/test-deps.sh; then
  summary+=("$(printf '%-24s %-6s %4ss' test-deps FAIL $(( $(date +%s) - t0 )))")
  status=1; exit 1
fi
summary+=("$(printf '%-24s %-6s %4ss' test-deps ok $(( $(date +%s) - t0 )))")

for s in "${SUITES[@]}"; do
  declare -F "suite_$s" >/dev/null || { echo "[test] unknown suite '$s' (try --list)" >&2; status=2; exit 2; }
  echo
  echo "================ suite: $s ================"
  t=$(date +%s)
  if "suite_$s"; then
    summary+=("$(printf '%-24s %-6s %4ss' "$s" ok $(( $(date +%s) - t )))")
  else
    summary+=("$(printf '%-24s %-6s %4ss' "$s" FAIL $(( $(date +%s) - t )))")
    status=1
    break
  fi
done
exit "$status"
