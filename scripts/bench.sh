#!/usr/bin/env bash
# Times `npm run synth`'s command as a whole process, RUNS times (default 10) after one warm-up, into a
# scratch output folder, and prints min / median / max wall-clock seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-10}"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
synth() { CDK8S_OUTDIR="$out" node scripts/synth.js 2>/dev/null; }
synth
times=()
for _ in $(seq "$runs"); do
  start=$(date +%s%N)
  synth
  end=$(date +%s%N)
  times+=("$(( (end - start) / 1000000 ))")
done
printf '%s\n' "${times[@]}" | sort -n | awk -v n="$runs" '
  { t[NR] = $1 }
  END { printf "synth: %d runs, wall ms min %d, median %d, max %d\n", n, t[1], (n % 2 ? t[(n + 1) / 2] : (t[n / 2] + t[n / 2 + 1]) / 2), t[n] }'
