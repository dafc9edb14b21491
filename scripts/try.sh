#!/usr/bin/env bash
# `make try`: a throwaway virtual Pi built by the end-to-end scenario's machinery (molecule/default, its
# trixie host only: a systemd container with loop disks, Docker inside, the stand-in images), converged with
# site.yml from the SHIPPED inventory (plus the wizard's vault and the lab-only file) and left running.
# `make try-clean` removes it (containers, loop devices, backing files). When no Docker engine answers,
# `up` starts one with scripts/dockerd.sh (as make test does) and `clean` stops that one, and only that one.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/molecule ] || { echo "[try] error: no controller venv; run 'make setup' first" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "[try] error: the virtual Pi's disks are loop devices, which need root" >&2; exit 1; }
# shellcheck disable=SC1091
source .venv/bin/activate
HOST=myflix-default-trixie
# molecule keeps its state (created/converged, the loop disks, the wizard's vault) inside this clone, not in
# ~/.ansible/tmp where another clone of the same name would share it
export MOLECULE_EPHEMERAL_DIRECTORY="$PWD/.state/molecule/default"
state_says_created() { grep -qs '^created: true' "$MOLECULE_EPHEMERAL_DIRECTORY/state.yml"; }
host_running() { [ "$(docker inspect -f '{{.State.Running}}' "$HOST" 2>/dev/null)" = true ]; }
case "${1:-up}" in
  up)
    scripts/dockerd.sh start
    scripts/build-test-images.sh trixie
    # after a reboot or an engine restart the container is gone while molecule still says "created", and
    # converge would skip create and fail as unreachable: tear the leftovers down (loop disks included) first
    if state_says_created && ! host_running; then
      echo "[try] $HOST is gone (engine restarted?); removing its leftovers before building it again"
      molecule destroy -s default
    fi
    # the scenario has a bookworm host too; --limit reaches create.yml, prepare and converge
    molecule converge -s default -- --limit "$HOST,localhost"
    ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$HOST")
    cat <<MSG

Your virtual Pi is up ($HOST, $ip on this machine's Docker network). Reach it with:
  shell         docker exec -it $HOST bash
  the stack     docker exec $HOST docker ps            (stand-in images: no real VPN, fakes for the *arr apps)
  web UIs       http://$ip:8080 (qBittorrent: admin, password in the lab vault, see below), :7878 Radarr, :8989 Sonarr,
                :9696 Prowlarr, :8096 Jellyfin
  the bot       docker exec $HOST journalctl -u myflix-bot -f
  talk to it    docker exec $HOST curl -s -X POST -H 'Content-Type: application/json' \\
                  -d '{"text": "/status", "chat_id": 424242, "user_id": 424242}' http://127.0.0.1:8081/_fake/message
  the secrets   .venv/bin/ansible-vault view --vault-password-file molecule/default/.lab/vault-pass \\
                  molecule/default/group_vars/myflix/vault.yml
  re-run        make try   (converges the same host again)
Remove it with: make try-clean
MSG
    ;;
  clean)
    if scripts/dockerd.sh status >/dev/null; then molecule destroy -s default; fi
    scripts/dockerd.sh stop
    ;;
  *) echo "usage: $0 [up|clean]" >&2; exit 2 ;;
esac
