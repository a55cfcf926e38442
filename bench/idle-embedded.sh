#!/usr/bin/env bash
# Idle CPU of the whole embedded system (npm start's launcher: every service, the gateway, PostgreSQL):
# starts it on its own ports and data folder, lets it settle, then reads the CPU of the launcher's
# whole process tree from /proc over a window. Bounded: 180 s to start, settle + window after.
#   npm run build && bash bench/idle-embedded.sh [port base, default 7000]
# BENCH_IDLE_SETTLE_S (60) and BENCH_IDLE_S (30) as in the pipeline bench; any service setting
# (e.g. METRICS_EVENT_LOOP_PRECISION_MS) passes through to the services.
set -euo pipefail
cd "$(dirname "$0")/.."
base="${1:-7000}"; settle="${BENCH_IDLE_SETTLE_S:-60}"; window="${BENCH_IDLE_S:-30}"
[ -f dist/scripts/launch.js ] || { echo "dist/ is missing: run npm run build first" >&2; exit 1; }
data="$(mktemp -d /tmp/mallcare-idle-XXXX)"; chmod 755 "$data"
MALLCARE_PORT_BASE="$base" MALLCARE_PG_PORT=$((base + 90)) MALLCARE_DATA="$data" LOG_FORMAT=json node dist/scripts/launch.js > "$data/log" 2>&1 &
launcher=$!
trap 'kill -INT $launcher 2>/dev/null; wait $launcher 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 180); do grep -q "ready — base URL" "$data/log" && break; kill -0 $launcher 2>/dev/null || { tail -20 "$data/log" >&2; exit 1; }; sleep 1; done
grep -q "ready — base URL" "$data/log" || { echo "the system did not start within 180 s" >&2; exit 1; }
sleep "$settle"
tree() { echo "$1"; for child in $(cat /proc/"$1"/task/*/children 2>/dev/null); do tree "$child"; done; }
ticks() { local total=0; for pid in $(tree $launcher); do [ -r /proc/$pid/stat ] && total=$((total + $(awk '{print $14 + $15}' /proc/$pid/stat))); done; echo $total; }
hz=$(getconf CLK_TCK); before=$(ticks); sleep "$window"; after=$(ticks)
echo "idle, embedded: $(( (after - before) * 1000 / hz / window )) ms CPU per second, whole system ($(tree $launcher | wc -l) processes), ${window} s after ${settle} s settling; node $(node --version), load $(cut -d' ' -f1 /proc/loadavg)"
