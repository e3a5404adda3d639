#!/usr/bin/env bash
# Super-net step time with the machine idle and with one competing CPU-bound
# process (a busy loop), for each OpenMP wait policy and thread count, in one
# run: bench_supernet_step on one manifest under each condition, in turn.
#
#   bench/under_load.sh [--bench build/bench/bench_supernet_step]
#                       [--manifest configs/nb201-fashion-mnist-spos.toml]
#                       [--threads "1 2"] [--steps 20] [--reps 5]
#
# Policies: libgomp's default (threads spin for a while at each barrier,
# then sleep) and OMP_WAIT_POLICY=PASSIVE (they sleep at once). Printed:
# median step ms per condition, and each loaded time over the idle time of
# the same policy and thread count, and over the fastest idle time.
set -euo pipefail
cd "$(dirname "$0")/.."
bench=build/bench/bench_supernet_step
manifest=configs/nb201-fashion-mnist-spos.toml
threads_list="1 2"
steps=20
reps=5
while [ $# -gt 0 ]; do
  case "$1" in
    --bench) bench=$2; shift 2 ;;
    --manifest) manifest=$2; shift 2 ;;
    --threads) threads_list=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "under_load.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ -x "$bench" ] || { echo "under_load.sh: $bench is not built (cmake --build build --target bench_supernet_step)" >&2; exit 2; }

competitor=""
stop_competitor() {
  if [ -n "$competitor" ]; then
    kill "$competitor" 2>/dev/null || true
    wait "$competitor" 2>/dev/null || true
  fi
  competitor=""
}
trap stop_competitor EXIT

# Median step ms of one bench_supernet_step run.
step_ms() {
  local policy=$1 threads=$2 out
  if [ "$policy" = PASSIVE ]; then
    out=$(env -u GOMP_SPINCOUNT OMP_WAIT_POLICY=PASSIVE "$bench" --manifest "$manifest" --threads "$threads" \
          --steps "$steps" --reps "$reps" --eval-archs 1)
  else
    out=$(env -u OMP_WAIT_POLICY -u GOMP_SPINCOUNT "$bench" --manifest "$manifest" --threads "$threads" \
          --steps "$steps" --reps "$reps" --eval-archs 1)
  fi
  # The first row of the training table: | manifest | batch | median | ...
  echo "$out" | awk -F'|' '/^\| / && $3 ~ /[0-9]/ { gsub(/ /, "", $4); print $4; exit }'
}

echo "under_load.sh: $manifest, $steps steps x $reps reps per condition; load average at start $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs"
declare -A idle loaded
for load in idle loaded; do
  if [ $load = loaded ]; then (while :; do :; done) & competitor=$!; fi
  for policy in spin PASSIVE; do
    for threads in $threads_list; do
      ms=$(step_ms $policy "$threads")
      if [ $load = idle ]; then idle[$policy,$threads]=$ms; else loaded[$policy,$threads]=$ms; fi
    done
  done
  stop_competitor
done

best_idle=$(for k in "${!idle[@]}"; do echo "${idle[$k]}"; done | sort -g | head -1)
echo
echo "| wait policy | threads | idle ms | one busy loop ms | loaded / idle | loaded / fastest idle ($best_idle ms) |"
echo "|---|---:|---:|---:|---:|---:|"
for policy in spin PASSIVE; do
  for threads in $threads_list; do
    i=${idle[$policy,$threads]}; l=${loaded[$policy,$threads]}
    name=$policy; [ $policy = spin ] && name="libgomp default"
    awk -v n="$name" -v t="$threads" -v i="$i" -v l="$l" -v b="$best_idle" \
      'BEGIN { printf "| %s | %s | %.1f | %.1f | %.2f | %.2f |\n", n, t, i, l, l / i, l / b }'
  done
done
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
