#!/usr/bin/env bash
# Scaling on this machine: one process with 2 LibTorch threads against two
# ranks (torchrun, Gloo on 127.0.0.1) with 1 thread each, on the quickstart's
# super-net and the paper's NB201 super-net (bench_supernet_step), and the
# ground-truth throughput of a search's stand-alone trainings with 1 process,
# 2 worker processes and 2 ranks. Modes alternate within each repetition;
# medians over repetitions, and the ratios of those medians, are printed.
#
#   bench/scaling.sh [--build DIR] [--reps N] [--gt-archs N] [--no-paper]
#
# Figures: step ms, images/s (global batch / step), all-reduce ms per step
# (gradient averaging inside the 2-rank step), evaluation ms per
# architecture (2 ranks split the architectures), stand-alone trainings per
# minute. The README's "Distributed runs" section quotes a run of this script.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build"
reps=3
gt_archs=8
paper=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --gt-archs) gt_archs="$2"; shift 2 ;;
    --no-paper) paper=0; shift ;;
    *) echo "scaling.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
bench="$build/bench/bench_supernet_step"
naskernel="$build/bin/naskernel"
for f in "$bench" "$naskernel"; do [[ -x "$f" ]] || { echo "scaling.sh: $f is not built" >&2; exit 1; }; done
command -v torchrun >/dev/null || { echo "scaling.sh: torchrun not found (apt-get install python3-torch)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export NASKERNEL_PLUGIN_PATH=
torchrun2=(torchrun --no_python --standalone --nproc_per_node 2 --redirects 2 --tee 2 --log_dir "$work/torchrun")

echo "scaling.sh: $(nproc) CPUs, load average at start $(cut -d' ' -f1-3 /proc/loadavg), $reps repetitions"

manifests=("$root/configs/nb201-fashion-mnist-spos.toml")
steps=(20)
[[ $paper == 1 ]] && manifests+=("$root/bench/configs/paper-nb201.toml") && steps+=(2)

step_run() {  # mode manifest steps -> RESULT line
  local mode="$1" manifest="$2" n="$3" out="$work/out.txt"
  local args=(--manifest "$manifest" --steps "$n" --reps 3 --eval-archs 10)
  case "$mode" in
    1x2) "$bench" "${args[@]}" --threads 2 > "$out" 2>&1 ;;
    1x1) "$bench" "${args[@]}" --threads 1 > "$out" 2>&1 ;;
    2x1) "${torchrun2[@]}" "$bench" "${args[@]}" --threads 1 > "$out" 2>&1 ;;
  esac || { cat "$out" >&2; exit 1; }
  grep -h "RESULT" "$out" "$work"/torchrun/*/*/0/stdout.log 2>/dev/null | sed 's/^\[default0\]://' | grep '^RESULT' | tail -1
  rm -rf "$work/torchrun"
}

median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

echo
echo "Super-net step (SPOS, no regularizer), medians over $reps runs of 3 reps each:"
echo
echo "| manifest | mode | step ms | images/s | all-reduce ms/step | gradient MB/step | eval ms/arch |"
echo "|---|---|---:|---:|---:|---:|---:|"
for i in "${!manifests[@]}"; do
  m="${manifests[$i]}"
  : > "$work/results"
  for r in $(seq "$reps"); do
    for mode in 1x2 2x1 1x1; do
      line="$(step_run "$mode" "$m" "${steps[$i]}")" || exit 1
      echo "$mode $line" >> "$work/results"
    done
  done
  label="$(basename "$m" .toml)"
  for mode in 1x2 2x1 1x1; do
    col() { grep "^$mode " "$work/results" | awk -v c="$1" '{print $c}' | median; }
    printf "| %s | %s | %.1f | %.0f | %.2f | %.2f | %.1f |\n" "$label" \
      "$( [[ $mode == 2x1 ]] && echo "2 ranks x 1 thread" || echo "1 rank x ${mode#1x} thread(s)")" \
      "$(col 6)" "$(col 7)" "$(col 8)" "$(col 10)" "$(col 9)"
    eval "img_$mode=$(col 7)"
  done
  awk -v a="$img_2x1" -v b="$img_1x2" -v c="$img_1x1" 'BEGIN {printf "ratio (images/s): 2 ranks x 1 / 1 rank x 2 = %.2f; 2 ranks x 1 / 1 rank x 1 = %.2f\n", a/b, a/c}' >> "$work/ratios"
done
cat "$work/ratios"

echo
echo "Ground truth: about $gt_archs stand-alone trainings (the quickstart recipe, 3 epochs) inside a search, fresh store each:"
echo
gt_run() {  # mode -> "trainings seconds"
  local mode="$1" dir="$work/gt-$1"
  rm -rf "$dir"; mkdir -p "$dir"
  local sets=(--set "ground_truth.store=\"$dir/store.sqlite\"" --set supernet.epochs=1 --set supernet.steps_per_epoch=2
              --set landmarks.iterations=1 --set landmarks.count=2 --set "evaluation.archs=$((gt_archs - 2))"
              --set evaluation.proposals=1 --out "$dir/runs" -q)
  case "$mode" in
    serial) "$naskernel" run "$root/configs/nb201-fashion-mnist-spos.toml" "${sets[@]}" --set standalone.workers=1 --set run.threads=2 ;;
    workers) "$naskernel" run "$root/configs/nb201-fashion-mnist-spos.toml" "${sets[@]}" --set standalone.workers=2 --set run.threads=1 ;;
    ranks) "${torchrun2[@]}" "$naskernel" run "$root/configs/nb201-fashion-mnist-spos.toml" "${sets[@]}" --set run.threads=1 ;;
  esac > "$dir/out.txt" 2>&1 || { cat "$dir/out.txt" >&2; exit 1; }
  python3 - "$dir" <<'PY'
import glob, json, sqlite3, sys
d = sys.argv[1]
results = json.load(open(glob.glob(d + "/runs/*/results.json")[0]))
n = sqlite3.connect(d + "/store.sqlite").execute("select count(*) from ground_truth").fetchone()[0]
print(n, results["cost"]["ground_truth_training_seconds"])
PY
  rm -rf "$work/torchrun"
}
: > "$work/gt"
for r in $(seq "$reps"); do
  for mode in serial workers ranks; do
    line="$(gt_run "$mode")" || exit 1
    echo "$mode $line" >> "$work/gt"
  done
done
echo "| mode | trainings | seconds (median) | trainings/min |"
echo "|---|---:|---:|---:|"
for mode in serial workers ranks; do
  n="$(grep "^$mode " "$work/gt" | awk '{print $2}' | median)"
  s="$(grep "^$mode " "$work/gt" | awk '{print $3}' | median)"
  label="$(case $mode in serial) echo "1 process, 2 threads";; workers) echo "1 process, 2 workers x 1 thread";; ranks) echo "2 ranks x 1 thread";; esac)"
  printf "| %s | %d | %.1f | %.1f |\n" "$label" "$n" "$s" "$(awk -v n="$n" -v s="$s" 'BEGIN {print 60*n/s}')"
  eval "gt_$mode=$s"
done
awk -v s="$gt_serial" -v w="$gt_workers" -v r="$gt_ranks" 'BEGIN {printf "ratio (speed): 2 ranks / 1 process = %.2f; 2 ranks / 2 workers = %.2f\n", s/r, w/r}'
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
