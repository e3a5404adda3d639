#!/usr/bin/env bash
# Stand-alone training throughput of the real `naskernel train` command:
# serial (standalone.workers = 1: one process, run.threads = 2) against
# parallel (standalone.workers = 2 worker processes x 1 thread each), on the
# Fashion-MNIST config. Every run gets a fresh, empty ground-truth store, so
# every architecture is really trained; the script checks that it was.
#
#   images/s = archs x epochs x trained images per epoch / wall seconds
#
# where trained images per epoch = floor(train images / batch) x batch (the
# kernel's batch stream drops a short tail). Wall time is the whole command:
# process start, data loading, training, the test-set evaluation of each
# network and the store write. Repetitions alternate the order (S P, P S, ...);
# medians over repetitions are reported, and their ratio.
#
# With --also-one-thread, a third mode (workers = 1, run.threads = 1) joins
# the rotation, to separate the effect of threads from that of processes.
#
# Usage: bench/standalone_throughput.sh [--bin PATH] [--config FILE] [--reps N]
#            [--epochs N] [--batch N] [--train-images N] [--also-one-thread]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/build/bin/naskernel"
config="$root/configs/nb201-fashion-mnist-spos.toml"
reps=2
epochs=1
batch=128
train_images=6000   # task.subset.train of the Fashion-MNIST config; set explicitly below
one_thread=0

while [[ $# -gt 0 ]]; do
  case "$1" in
    --bin) bin="$2"; shift 2 ;;
    --config) config="$2"; shift 2 ;;
    --reps) reps="$2"; shift 2 ;;
    --epochs) epochs="$2"; shift 2 ;;
    --batch) batch="$2"; shift 2 ;;
    --train-images) train_images="$2"; shift 2 ;;
    --also-one-thread) one_thread=1; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "standalone_throughput.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
for n in "$reps" "$epochs" "$batch" "$train_images"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "standalone_throughput.sh: '$n' is not a positive integer" >&2; exit 2; }
done

if [[ ! -x "$bin" ]]; then
  echo "standalone_throughput.sh: no naskernel binary at $bin (build it, or pass --bin PATH)" >&2
  exit 1
fi
if ! "$bin" --help 2>/dev/null | grep -Eq '^[[:space:]]+train[[:space:]]'; then
  echo "standalone_throughput.sh: $bin has no working 'train' subcommand" >&2
  exit 1
fi

# Four architectures with convolutions (3x3 and 1x1), and some pooling/skips.
archs=(
  '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|'
  '|nor_conv_1x1~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|'
  '|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|nor_conv_3x3~0|none~1|nor_conv_1x1~2|'
  '|nor_conv_1x1~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|avg_pool_3x3~0|nor_conv_3x3~1|skip_connect~2|'
)
arch_args=()
for a in "${archs[@]}"; do arch_args+=(--arch "$a"); done

per_epoch=$(( train_images / batch * batch ))
images=$(( ${#archs[@]} * epochs * per_epoch ))
tmp="$(mktemp -d "${TMPDIR:-/tmp}/naskernel-bench-standalone.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

# run_once WORKERS THREADS LABEL -> prints wall seconds
run_once() {
  local workers="$1" run_threads="$2" label="$3"
  local store="$tmp/store-$label.sqlite" log="$tmp/$label.log"
  rm -f "$store"
  local start end
  start=$(date +%s.%N)
  if ! "$bin" train "$config" "${arch_args[@]}" \
      --set "standalone.workers=$workers" --set standalone.threads_per_worker=1 \
      --set "run.threads=$run_threads" --set "ground_truth.store=\"$store\"" \
      --set "standalone.epochs=$epochs" --set "standalone.batch_size=$batch" \
      --set "task.subset.train=$train_images" >"$log" 2>&1; then
    echo "standalone_throughput.sh: '$label' run failed; its output:" >&2
    cat "$log" >&2
    exit 1
  fi
  end=$(date +%s.%N)
  if ! grep -q "^${#archs[@]} trained" "$log"; then
    echo "standalone_throughput.sh: '$label' did not train all ${#archs[@]} architectures; its output:" >&2
    cat "$log" >&2
    exit 1
  fi
  echo "$end - $start" | bc -l
}

median() { sort -g | awk '{v[NR]=$1} END {if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }

echo "standalone_throughput.sh: $(nproc) CPUs, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
if awk -v n="$(nproc)" '{exit !($1 >= n)}' /proc/loadavg; then
  echo "WARNING: the 1-minute load already fills the $(nproc) CPUs: timings are unreliable," \
       "the 2-thread serial run especially (compare with --also-one-thread)"
fi
echo "binary: $bin"
echo "config: $config (real Fashion-MNIST if the config's data is present; the binary reads it)"
echo "archs: ${#archs[@]}, epochs: $epochs, batch: $batch, train images: $train_images" \
     "(trained per epoch: $per_epoch), reps: $reps (alternating order)"
echo

serial=() parallel=() single=()
for (( r = 1; r <= reps; r++ )); do
  if (( r % 2 )); then
    s=$(run_once 1 2 "serial-$r"); p=$(run_once 2 1 "parallel-$r")
    if (( one_thread )); then o=$(run_once 1 1 "single-$r"); fi
  else
    if (( one_thread )); then o=$(run_once 1 1 "single-$r"); fi
    p=$(run_once 2 1 "parallel-$r"); s=$(run_once 1 2 "serial-$r")
  fi
  serial+=("$s"); parallel+=("$p")
  printf 'rep %d: serial %.2f s, parallel %.2f s' "$r" "$s" "$p"
  if (( one_thread )); then single+=("$o"); printf ', 1 process x 1 thread %.2f s' "$o"; fi
  echo
done

ms=$(printf '%s\n' "${serial[@]}" | median)
mp=$(printf '%s\n' "${parallel[@]}" | median)
echo
printf '%-36s %12s %12s\n' "mode" "median wall s" "images/s"
printf '%-36s %12.2f %12.0f\n' "serial: 1 process x 2 threads" "$ms" "$(echo "$images / $ms" | bc -l)"
printf '%-36s %12.2f %12.0f\n' "parallel: 2 workers x 1 thread" "$mp" "$(echo "$images / $mp" | bc -l)"
if (( one_thread )); then
  mo=$(printf '%s\n' "${single[@]}" | median)
  printf '%-36s %12.2f %12.0f\n' "(1 process x 1 thread)" "$mo" "$(echo "$images / $mo" | bc -l)"
fi
printf 'throughput ratio parallel / serial: %.3f   (images per run: %d = %d archs x %d epochs x %d)\n' \
  "$(echo "$ms / $mp" | bc -l)" "$images" "${#archs[@]}" "$epochs" "$per_epoch"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
