#!/usr/bin/env bash
# Start a Docker engine only if none answers; stop only the one we started (by its PID).
#   scripts/dockerd.sh start|stop|status
set -euo pipefail
cd "$(dirname "$0")/.."
STATE=.state/dockerd
PIDFILE=$STATE/dockerd.pid
mkdir -p "$STATE"

engine_answers() { docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

case "${1:-status}" in
  start)
    if engine_answers; then echo "[dockerd] an engine already answers; using it"; exit 0; fi
    command -v dockerd >/dev/null || { echo "[dockerd] error: no dockerd; install docker.io (make test does it as root)" >&2; exit 1; }
    [ "$(id -u)" -eq 0 ] || { echo "[dockerd] error: no engine answers and starting dockerd needs root" >&2; exit 1; }
    echo "[dockerd] no engine answers; starting dockerd (log: $STATE/dockerd.log)"
    nohup dockerd --host unix:///var/run/docker.sock >"$STATE/dockerd.log" 2>&1 &
    echo $! >"$PIDFILE"
    for _ in $(seq 1 60); do engine_answers && { echo "[dockerd] up (pid $(cat "$PIDFILE"))"; exit 0; }; sleep 0.5; done
    echo "[dockerd] error: dockerd did not answer within 30 s; last log lines:" >&2
    tail -20 "$STATE/dockerd.log" >&2
    exit 1
    ;;
  stop)
    [ -f "$PIDFILE" ] || exit 0
    pid=$(cat "$PIDFILE")
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
      echo "[dockerd] stopped pid $pid"
    fi
    rm -f "$PIDFILE"
    ;;
  status)
    engine_answers && echo "engine answers" || { echo "no engine"; exit 1; }
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
