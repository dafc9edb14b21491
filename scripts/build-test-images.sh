#!/usr/bin/env bash
# Builds the systemd Debian test hosts the molecule scenarios run on, locally, from debootstrap:
#   myflix-test/debian:<release>          what molecule.yml uses
#   myflix-test/debian:<release>-<hash>   the cache key: <hash> covers the recipe (this script and
#                                         molecule/images/*); a release is rebuilt only when it is missing
#
#   scripts/build-test-images.sh [release ...]    (default: trixie bookworm)
#   MYFLIX_IMAGE_REBUILD=1 scripts/build-test-images.sh   rebuild even if the hash tag exists
#
# Needs root (debootstrap), a Docker engine that answers, and access to the Debian mirror
# (DEBIAN_MIRROR, default http://deb.debian.org/debian). Called by scripts/test-deps.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

REPO=myflix-test/debian
RECIPE_DIR=molecule/images
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUPPORTED=(trixie bookworm)
STATE=$ROOT/.state/images

say() { printf '\033[1m[images]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[images] error:\033[0m %s\n' "$*" >&2; exit 1; }

recipe_hash() {
  # The script and every recipe file, by name and content, in a stable order.
  local f
  {
    for f in scripts/build-test-images.sh $(find "$RECIPE_DIR" -type f | LC_ALL=C sort); do
      printf '%s\n' "$f"
      cat "$f"
    done
  } | sha256sum | cut -c1-12
}

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

build_release() {
  local release=$1 hash=$2
  local tag="$REPO:$release-$hash" base="myflix-test/debian-rootfs:$release-$hash"
  local work log
  work=$(mktemp -d "$STATE/rootfs-$release.XXXXXX")
  WORKDIRS+=("$work")
  log="$STATE/debootstrap-$release.log"

  say "$release: debootstrap --variant=minbase from $MIRROR (log: ${log#"$ROOT"/})"
  if ! debootstrap --variant=minbase "$release" "$work/root" "$MIRROR" >"$log" 2>&1; then
    tail -n 15 "$log" >&2
    die "debootstrap of $release failed (full log: $log). Is $MIRROR reachable?"
  fi

  say "$release: importing the rootfs as $base"
  tar -C "$work/root" --numeric-owner -c . | docker import - "$base" >/dev/null \
    || die "docker import of the $release rootfs failed"

  say "$release: building $tag from $RECIPE_DIR/Dockerfile"
  if ! docker build --quiet --build-arg "BASE=$base" -t "$tag" -f "$RECIPE_DIR/Dockerfile" "$RECIPE_DIR" \
       >"$STATE/build-$release.log" 2>&1; then
    tail -n 20 "$STATE/build-$release.log" >&2
    die "docker build of $tag failed (full log: $STATE/build-$release.log)"
  fi
  # The rootfs tag is only an intermediate; the built image keeps its layer.
  docker rmi "$base" >/dev/null 2>&1 || true
  rm -rf --one-file-system -- "$work"
}

# Remove only the rootfs directories this run made (also after a failure); never cross into a mount.
WORKDIRS=()
cleanup() {
  local d
  for d in "${WORKDIRS[@]}"; do [ -d "$d" ] && rm -rf --one-file-system -- "$d"; done
  return 0
}
trap cleanup EXIT

main() {
  local releases=("$@") release hash
  [ "${#releases[@]}" -gt 0 ] || releases=("${SUPPORTED[@]}")
  for release in "${releases[@]}"; do
    [[ " ${SUPPORTED[*]} " == *" $release "* ]] || die "unknown release '$release' (supported: ${SUPPORTED[*]})"
  done

  command -v docker >/dev/null || die "no docker CLI; run scripts/test-deps.sh (installs docker.io) first"
  docker version --format '{{.Server.Version}}' >/dev/null 2>&1 \
    || die "no Docker engine answers; start one with 'scripts/dockerd.sh start' (as root)"

  mkdir -p "$STATE"
  # Several engineers (or suites) may call this at once: one build at a time, the others then find the tag.
  exec 9>"$STATE/build.lock"
  flock 9

  hash=$(recipe_hash)
  for release in "${releases[@]}"; do
    if image_exists "$REPO:$release-$hash" && [ -z "${MYFLIX_IMAGE_REBUILD:-}" ]; then
      say "$release: $REPO:$release-$hash is up to date"
    else
      command -v debootstrap >/dev/null || die "no debootstrap; run scripts/test-deps.sh (installs it) first"
      [ "$(id -u)" -eq 0 ] || die "building $release needs root (debootstrap); run as root or via 'make test'"
      build_release "$release" "$hash"
    fi
    docker tag "$REPO:$release-$hash" "$REPO:$release"
    say "$release: $REPO:$release -> $REPO:$release-$hash"
  done
}

main "$@"
