#!/usr/bin/env bash
# Every benchmark once on each of two Node versions, back to back in one run, so their figures can be
# compared under the same host conditions: node-versions.sh <old node binary> <new node binary>.
# Each bench is run old → new, then the next bench new → old, so neither version always goes first.
# The built dist/ is the same JavaScript for both. Output: bench/results/node-<stamp>/<bench>-<version>.log
# (each log's last line is the bench's JSON summary). Scale settings: BENCH_* as in bench/README.md;
# the analytics bench runs at BENCH_ANALYTICS_MALLS (default here 20) unless set.
set -euo pipefail
cd "$(dirname "$0")/.."
old="${1:?old node binary}"; new="${2:?new node binary}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"; out="bench/results/node-$stamp"; mkdir -p "$out"
export BENCH_ANALYTICS_MALLS="${BENCH_ANALYTICS_MALLS:-20}"
runs=("run.js store" "run.js pipeline" "run.js registration" "sla-bench.js" "analytics-bench.js")
flip=0
for run in "${runs[@]}"; do
  name="${run%% *}"; name="${name%.js}"; [ "$name" = run ] && name="${run#run.js }"
  if [ $flip = 0 ]; then order=("$old" "$new"); else order=("$new" "$old"); fi
  flip=$((1 - flip))
  for bin in "${order[@]}"; do
    version="$("$bin" -v)"
    echo "== $name on $version" >&2
    # shellcheck disable=SC2086
    "$bin" dist/bench/$run > "$out/$name-$version.log" 2>&1 || echo "   $name on $version exited $?" >&2
    tail -1 "$out/$name-$version.log" | cut -c1-300 >&2
  done
done
echo "$out"
