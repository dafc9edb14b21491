#!/usr/bin/env bash
# Brings in what the test suites need and the controller does not: Debian packages (as root),
# a running Docker engine, and the locally built systemd test images.
# Never called by `make setup`: docker.io, for one, conflicts with an existing Docker install.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[test-deps]\033[0m %s\n' "$*"; }
die() { printf '\033[31m[test-deps] error:\033[0m %s\n' "$*" >&2; exit 1; }

APT_PACKAGES=(
  docker.io                 # engine for molecule hosts and the auto-heal tests
  qbittorrent-nox           # the real torrent client the modules and watchers drive
  prometheus                # also provides promtool
  prometheus-node-exporter
  prometheus-alertmanager   # amtool check-config for the monitoring role's Alertmanager config
  debootstrap               # builds the trixie/bookworm systemd test images
  e2fsprogs util-linux      # mkfs.ext4, losetup for the storage scenarios
  iproute2 procps
  restic                    # the backup engine the myflix_backup tests drive
)

# Callers may ask for more (scripts/soak.sh: stress-ng), space-separated.
read -r -a EXTRA <<<"${MYFLIX_EXTRA_APT_PACKAGES:-}"
APT_PACKAGES+=("${EXTRA[@]}")

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || die "need root to install: ${missing[*]} (run as root or install sudo)"
    SUDO=(sudo)
  fi
  say "installing Debian packages: ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  # Package scripts must not start system-wide services on a test machine.
  DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  say "Debian packages present"
fi

scripts/dockerd.sh start
scripts/build-test-images.sh
scripts/build-standin-images.sh   # test-only stand-ins of the stack's images (molecule/default, make try)
