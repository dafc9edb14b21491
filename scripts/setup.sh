#!/usr/bin/env bash
# make setup: prepare the controller (the machine that provisions the Pi).
# Needs no root and installs nothing system-wide: everything lands in ./.venv.
# Idempotent: a second run with unchanged inputs only checks a stamp.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${VENV:-.venv}
LOCK=requirements/controller.lock
STAMP="$VENV/.myflix-setup"

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[setup] error:\033[0m %s\n' "$*" >&2; exit 1; }

usable() {
  # A candidate counts only if it really runs and is >= 3.12 (pyenv shims exist for versions
  # that are not selected and fail when called).
  "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1
}

find_python() {
  # An explicit choice wins; then 3.13, then 3.12, on PATH or under pyenv; then python3.
  if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; return; fi
  local cand
  for cand in "$(command -v python3.13 || true)" \
              "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.13*/bin/python3 \
              "$(command -v python3.12 || true)" \
              "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*/bin/python3 \
              "$(command -v python3 || true)"; do
    if [ -n "$cand" ] && [ -x "$cand" ] && usable "$cand"; then echo "$cand"; return; fi
  done
}

inputs_hash() {
  cat "$LOCK" files/bot/pyproject.toml tests/pyproject.toml scripts/setup.sh | sha256sum | cut -c1-16
}

if [ -x "$VENV/bin/python" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$(inputs_hash)" ]; then
  say "controller venv is up to date ($VENV); nothing to do"
  exit 0
fi

PY=$(find_python || true)
[ -n "$PY" ] || die "no Python >= 3.12 found (looked for python3.13, python3.12 and python3 on PATH and under pyenv). Install Python 3.13, e.g. 'pyenv install 3.13', or set PYTHON=/path/to/python3.13"
usable "$PY" || die "$PY does not run or is older than 3.12 ($("$PY" -V 2>&1 | head -1)). Myflix needs Python >= 3.12 (3.13 preferred)"
"$PY" -c 'import venv, ensurepip' 2>/dev/null \
  || die "$PY has no venv/ensurepip module (Debian: the python3-venv package)"

if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV with $("$PY" -V 2>&1) ($PY)"
  "$PY" -m venv "$VENV"
fi
venv_minor=$("$VENV/bin/python" -c 'import sys; print(sys.version_info >= (3, 12))')
[ "$venv_minor" = True ] || die "$VENV was made with an old Python; remove it and run make setup again"

PIP=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
say "installing pinned dependencies from $LOCK"
"${PIP[@]}" install -r "$LOCK"
say "installing the bot package (files/bot) and the test kit (tests/) in editable mode"
"${PIP[@]}" install --no-deps -e files/bot -e tests

# Our own collection is found through ansible.cfg (collections_path = ./collections).
# The bot imports the shared domain code from the collection's module_utils by its canonical
# name (ansible_collections.myflix.media...), so the venv gets the same path on sys.path.
site=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
printf '%s\n' "$PWD/collections" > "$site/myflix-collections.pth"

say "checking the community collections shipped by the ansible package"
for c in community.docker community.general ansible.posix; do
  ANSIBLE_CONFIG=$PWD/ansible.cfg "$VENV/bin/ansible-galaxy" collection list "$c" 2>/dev/null | grep -q "^$c " \
    || die "collection $c not found after installing the ansible package"
done

inputs_hash > "$STAMP"
say "done. Activate with: source $VENV/bin/activate"
