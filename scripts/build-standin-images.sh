#!/usr/bin/env bash
# Builds the test-only stand-in images of the Myflix stack (molecule/images/standins/) and tags each with
# the pinned production name, so the stack's compose file runs unchanged in the end-to-end scenario and in
# `make try`, where no registry can be pulled from. FROM the locally built myflix-test/debian:trixie.
#
#   scripts/build-standin-images.sh            build (cached by a recipe hash) and tag
#   scripts/build-standin-images.sh --save F   also write every stand-in into one archive F (docker save)
#
# The pinned names come from roles/myflix_media_stack/defaults/main/images.yml (and the Grafana image
# from roles/myflix_monitoring/defaults/main.yml). Called by scripts/test-deps.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

BASE=myflix-test/debian:trixie
REPO=myflix-test/standin
RECIPE=molecule/images/standins
IMAGES_FILE=roles/myflix_media_stack/defaults/main/images.yml
STATE=$ROOT/.state/standins
CONTRACTS=tests/contracts
PY=${PYTHON:-$ROOT/.venv/bin/python}

say() { printf '\033[1m[standins]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[standins] error:\033[0m %s\n' "$*" >&2; exit 1; }

docker image inspect "$BASE" >/dev/null 2>&1 \
  || die "$BASE is missing; build it first with scripts/build-test-images.sh trixie"
[ -f "$CONTRACTS/telegram-bot-api.json" ] || die "no $CONTRACTS/telegram-bot-api.json: the repository is incomplete"
[ -x "$PY" ] || die "no $PY; run 'make setup' first"

# stand-in name -> production image name, one per line
mapfile -t PAIRS < <("$PY" - "$IMAGES_FILE" roles/myflix_monitoring/defaults/main.yml <<'PYEOF'
import sys, yaml
images = yaml.safe_load(open(sys.argv[1]))["myflix_media_stack_images"]
monitoring = yaml.safe_load(open(sys.argv[2]))
for name, ref in images.items():
    print(f"{name.replace('_', '-')} {ref}")
print(f"grafana {monitoring['myflix_monitoring_grafana_image']}")
print("telegram myflix-test/standin:telegram")
PYEOF
)

hash=$( { for f in scripts/build-standin-images.sh $(find "$RECIPE" tests/myflix_testkit/fakes "$CONTRACTS" -type f -name '*' \
            ! -path '*/__pycache__/*' | LC_ALL=C sort); do printf '%s\n' "$f"; cat "$f"; done;
          docker image inspect --format '{{.Id}}' "$BASE"; } | sha256sum | cut -c1-12)

mkdir -p "$STATE"
exec 9>"$STATE/build.lock"
flock 9

ctx=$(mktemp -d "$STATE/context.XXXXXX")
trap 'rm -rf --one-file-system -- "$ctx"' EXIT
cp "$RECIPE"/Dockerfile "$RECIPE"/standin.py "$RECIPE"/arr_sqlite.py "$RECIPE"/gluetun-entrypoint "$ctx"/
mkdir -p "$ctx/testkit/fakes" "$ctx/testkit/data" "$ctx/contracts"
cp tests/myflix_testkit/fakes/*.py "$ctx/testkit/fakes/"
cp tests/myflix_testkit/data/*.json "$ctx/testkit/data/" 2>/dev/null || true
printf '"""Stand-in copy of the test kit: the fakes only."""\n' > "$ctx/testkit/__init__.py"
cp "$CONTRACTS"/*.json "$ctx/contracts/"

for pair in "${PAIRS[@]}"; do
  standin=${pair%% *} ref=${pair#* }
  tag="$REPO:$standin-$hash"
  if docker image inspect "$tag" >/dev/null 2>&1 && [ -z "${MYFLIX_IMAGE_REBUILD:-}" ]; then
    say "$standin: $tag is up to date"
  else
    say "$standin: building $tag"
    docker build --quiet --network host --build-arg "BASE=$BASE" --build-arg "STANDIN=$standin" -t "$tag" "$ctx" \
      >"$STATE/build-$standin.log" 2>&1 || { tail -n 20 "$STATE/build-$standin.log" >&2; die "build of $standin failed"; }
  fi
  docker tag "$tag" "$ref"
  docker tag "$tag" "$REPO:$standin"
  say "$standin: $ref -> $tag"
done

if [ "${1:-}" = --save ]; then
  out=${2:?--save needs a file}
  refs=()
  for pair in "${PAIRS[@]}"; do refs+=("${pair#* }"); done
  say "saving ${#refs[@]} images to $out"
  docker save -o "$out.tmp" "${refs[@]}" && mv "$out.tmp" "$out"
fi
