#!/usr/bin/env bash
# naskernel's super-net steps against the Python reference on the same ATen
# (bench/python_reference/nb201_supernet_step.py), in one run, for the
# quickstart's and the paper's NB201 super-nets.
#
#   bench/vs_python.sh [--configs "quickstart paper"] [--threads "1 2"]
#                      [--rounds 3] [--python /usr/bin/python3] [--build build]
#
# Per round and thread count, in an order that alternates between rounds:
# bench_supernet_step (SPOS step), bench_regularizer_overhead (SPOS step
# with the landmark regularizer, P = 1, as the search runs it, and with
# every pair active, which is how the reference always runs it), and the
# Python reference (SPOS step, landmark step). Each tool reports the median
# over its repetitions; printed are the medians over rounds and, per
# round, the reference's time over naskernel's (median over rounds), so
# every ratio is taken between figures measured minutes apart.
set -euo pipefail
cd "$(dirname "$0")/.."
configs="quickstart paper"
threads_list="1 2"
rounds=3
python=/usr/bin/python3
build=build
while [ $# -gt 0 ]; do
  case "$1" in
    --configs) configs=$2; shift 2 ;;
    --threads) threads_list=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --python) python=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "vs_python.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done
for tool in bench_supernet_step bench_regularizer_overhead; do
  [ -x "$build/bench/$tool" ] || { echo "vs_python.sh: $build/bench/$tool is not built (cmake --build $build --target $tool)" >&2; exit 2; }
done
"$python" -c 'import torch' 2>/dev/null || {
  echo "vs_python.sh: $python cannot import torch (Debian: apt-get install python3-torch; or pass --python)" >&2; exit 2; }

manifest_of() { case "$1" in quickstart) echo configs/nb201-fashion-mnist-spos.toml ;; paper) echo bench/configs/paper-nb201.toml ;; *) echo "vs_python.sh: unknown config $1 (quickstart, paper)" >&2; exit 2 ;; esac; }
python_args_of() { case "$1" in quickstart) echo "--channels 8 --cells 1 --input-channels 1 --image-size 16 --batch 64 --steps 20 --reps 5" ;; paper) echo "--channels 16 --cells 5 --input-channels 3 --image-size 32 --batch 256 --steps 2 --reps 3" ;; esac; }
cxx_args_of() { case "$1" in quickstart) echo "--steps 20 --reps 5" ;; paper) echo "--steps 2 --reps 3" ;; esac; }

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

results=$(mktemp)
trap 'rm -f "$results"' EXIT
echo "vs_python.sh: configs [$configs], threads [$threads_list], $rounds rounds; load average at start $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs; OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-(unset)}"

run_cxx() {  # config threads
  local manifest step landmark
  manifest=$(manifest_of "$1")
  # shellcheck disable=SC2046
  step=$("$build/bench/bench_supernet_step" --manifest "$manifest" --threads "$2" $(cxx_args_of "$1") --eval-archs 1 | awk '/^RESULT/ { print $5 }')
  # shellcheck disable=SC2046
  landmark=$("$build/bench/bench_regularizer_overhead" --manifest "$manifest" --threads "$2" $(cxx_args_of "$1") | awk '/^RESULT/ { print $4, $5, $6, $7 }')
  echo "$step $landmark"
}
run_python() {  # config threads
  # shellcheck disable=SC2046
  "$python" bench/python_reference/nb201_supernet_step.py --threads "$2" $(python_args_of "$1") |
    awk '/^RESULT spos/ { s = $4 } /^RESULT landmark/ { l = $4 } END { print s, l }'
}

for config in $configs; do
  for threads in $threads_list; do
    for round in $(seq 1 "$rounds"); do
      if [ $((round % 2)) -eq 1 ]; then cxx=$(run_cxx "$config" "$threads"); py=$(run_python "$config" "$threads")
      else py=$(run_python "$config" "$threads"); cxx=$(run_cxx "$config" "$threads"); fi
      echo "$config $threads $round $cxx $py" | tee -a "$results" | awk '{ printf "  %s, %s thread(s), round %s: naskernel SPOS %s ms; beside the landmark runs SPOS %s ms, landmark %s ms (every pair active %s ms, active %s); reference SPOS %s ms, landmark %s ms\n", $1, $2, $3, $4, $5, $6, $7, $8, $9, $10 }'
    done
  done
done

echo
echo "| config | threads | naskernel SPOS ms | reference SPOS ms | reference / naskernel | naskernel landmark ms | its / SPOS (same run) | naskernel landmark, every pair active ms | its / SPOS | reference landmark ms | reference / naskernel (every pair active) | reference landmark / SPOS |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for config in $configs; do
  for threads in $threads_list; do
    col() { awk -v c="$config" -v t="$threads" '$1 == c && $2 == t { print ('"$1"') }' "$results" | median; }
    printf "| %s | %s | %.1f | %.1f | %.2f | %.1f | %.2f | %.1f | %.2f | %.1f | %.2f | %.2f |\n" "$config" "$threads" \
      "$(col '$4')" "$(col '$9')" "$(col '$9 / $4')" "$(col '$6')" "$(col '$6 / $5')" "$(col '$7')" "$(col '$7 / $5')" \
      "$(col '$10')" "$(col '$10 / $7')" "$(col '$10 / $9')"
  done
done
echo
echo "(medians over $rounds rounds; every ratio is the median of the per-round ratios)"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
