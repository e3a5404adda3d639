#!/usr/bin/env bash
# The kill -9 soak: runs a small search once uninterrupted (the reference),
# then N trials that each start the same search fresh, SIGKILL its whole
# process group (the host and its stand-alone workers) at a random moment,
# resume it with `naskernel run --resume RUN_DIR` (killing again with some
# probability) until it finishes, and check that
#   * results.json and metrics.jsonl equal the reference's, cost and time fields aside;
#   * PRAGMA integrity_check of the ground-truth store is `ok`, and the store
#     holds the same records as the reference's.
# Kill moments: uniform over the reference's duration; aimed at one phase of
# the reference (the stretch of its log where the phase ran, found again in
# the trial's log by line); or during the Nth checkpoint write (inotify).
# Each kill's phase is read afterwards from the killed run's log and files.
# -v also prints each trial's cost next to the reference's.
#
#   scripts/soak.sh N [--binary PATH] [--seed S] [--kill-prob P] [--max-kills K] [--work DIR] [--keep] [-v]
#
# Exit status: 0 when every trial passed, 1 when one failed (its folder is
# kept and named), 2 for usage, 77 when python3 or setsid is missing.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
tools="$here/soak_tools.py"
usage() { sed -n '16p' "$0" | sed 's/^#   //' >&2; exit 2; }

trials=""; binary="$here/../build/bin/naskernel"; seed=1; kill_prob=0.5; max_kills=3; work=""; keep=0; verbose=0
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --kill-prob) kill_prob="$2"; shift 2 ;;
    --max-kills) max_kills="$2"; shift 2 ;;
    --work) work="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    -v|--verbose) verbose=1; shift ;;
    -h|--help) usage ;;
    -*) echo "soak: unknown option $1" >&2; usage ;;
    *) [ -z "$trials" ] || usage; trials="$1"; shift ;;
  esac
done
[[ "$trials" =~ ^[0-9]+$ ]] || usage
for tool in python3 setsid; do
  command -v "$tool" >/dev/null || { echo "soak: skipped, $tool is not installed" >&2; exit 77; }
done
[ -x "$binary" ] || { echo "soak: no naskernel binary at $binary (build it, or pass --binary PATH)" >&2; exit 2; }
binary="$(cd "$(dirname "$binary")" && pwd)/$(basename "$binary")"

if [ -z "$work" ]; then work="$(mktemp -d "${TMPDIR:-/tmp}/naskernel-soak.XXXXXX")"; else mkdir -p "$work"; fi
work="$(cd "$work" && pwd)"

# The search: NB201 (C=4, N=1) on generated images, SPOS + landmark, two
# landmark iterations, ground truth trained stand-alone in 2 worker processes
# and kept in a store of the trial's own; one thread, so runs are repeatable.
# The images are generated large, resized and subsampled only so that data
# loading lasts long enough (~0.3 s) to be killed in; training sees 8x8 images.
epochs=6
iterations=2
write_manifest() {  # FILE STORE
  cat >"$1" <<EOF
[run]
name = "soak"
seed = 3
threads = 1

[task]
plugin = "classification"
dataset = "synthetic"
classes = 4
channels = 1
image_size = 32
resize = 8
train_size = 2400
test_size = 800
subset = {train = 480, test = 160}
noise = 0.6
search_valid_fraction = 0.2

[search_space]
plugin = "nb201"
channels = 4
cells = 1

[sampler]
plugin = "spos"
population = 20
tournament = 5
queries = 240

[[regularizers]]
plugin = "landmark"
lambda = 1.0
warmup_epochs = 1

[supernet]
epochs = $epochs
steps_per_epoch = 80
batch_size = 32
lr = 0.05
eval_every = 2

[standalone]
epochs = 1
batch_size = 32
lr = 0.05
workers = 2
threads_per_worker = 1

[landmarks]
count = 3
iterations = $iterations
min_distance = 2

[evaluation]
archs = 8
batch_size = 48
batches = 2
proposals = 2

[ground_truth]
provider = "train"
store = "$2"
EOF
}

now() { date +%s.%N; }
seconds_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Starts naskernel in a session (and process group) of its own; sets PID and STARTED.
start() {  # LOG ARGS...
  local log="$1"; shift
  STARTED="$(now)"
  setsid "$binary" "$@" >>"$log" 2>&1 </dev/null &
  PID=$!
}

kill_group() {  # PGID; before setsid() has run the group is not there yet: kill the process itself
  kill -KILL -- "-$1" 2>/dev/null || kill -KILL "$1" 2>/dev/null || true
}

# Runs COMMAND... in the background after SECONDS, unless cancelled first with `cancel $!`.
after() {  # SECONDS COMMAND...
  local delay="$1"; shift
  ( s=""; trap '[ -n "$s" ] && kill "$s" 2>/dev/null; exit 0' TERM
    sleep "$delay" & s=$!
    wait "$s" && "$@" ) >/dev/null 2>&1 &
}

cancel() {  # PID of an `after` or of a kill-on-checkpoint helper
  [ -n "$1" ] || return 0
  kill "$1" 2>/dev/null
  wait "$1" 2>/dev/null
  return 0
}

# Arms the kill that PLAN describes ("time T ...", "line L DELAY ...",
# "checkpoint N W" or "none")
# for the group of PID; sets KILLER.
arm() {  # PLAN OUT_DIR LOG
  local what when nth writes
  read -r what when _ <<<"$1"
  KILLER=""
  case "$what" in
    time)
      after "$when" kill_group "$PID"
      KILLER=$! ;;
    line)
      read -r _ nth writes _ <<<"$1"
      python3 "$tools" kill-on-line "$2" "$PID" "$nth" "$writes" >>"$3" 2>&1 &
      KILLER=$! ;;
    checkpoint)
      read -r _ nth writes _ <<<"$1"
      python3 "$tools" kill-on-checkpoint "$2" "$PID" "$nth" "$writes" >>"$3" 2>&1 &
      KILLER=$! ;;
  esac
}

hung() {  # PGID FLAG_FILE
  kill_group "$1"
  touch "$2"
}

# The processes of a group that are still running (zombies aside), from /proc
# (procps may be missing on a fresh machine).
group_members() {  # PGID
  local stat line fields
  for stat in /proc/[0-9]*/stat; do
    { read -r line <"$stat"; } 2>/dev/null || continue
    read -r -a fields <<<"${line##*) }"  # after the command name: state ppid pgrp ...
    if [ "${fields[2]:-}" = "$1" ] && [ "${fields[0]:-}" != Z ]; then
      stat="${stat#/proc/}"
      echo "${stat%/stat}"
    fi
  done
}

# After a kill the whole group must be gone, workers included.
group_gone() {  # PGID
  local i
  for i in $(seq 50); do
    [ -z "$(group_members "$1")" ] && return 0
    sleep 0.1
  done
  return 1
}

only_run_dir() {  # OUT_DIR: the run directory, or nothing when none was created yet
  local dirs=("$1"/*/)
  [ -d "${dirs[0]}" ] && echo "${dirs[0]%/}"
}

# --- the reference ------------------------------------------------------
mkdir -p "$work/reference/out"
write_manifest "$work/reference/soak.toml" "$work/reference/store.sqlite"
if ! "$binary" validate "$work/reference/soak.toml" >"$work/reference/validate.txt" 2>&1; then
  echo "soak: the soak manifest does not validate (are the plugins built?):" >&2
  cat "$work/reference/validate.txt" >&2
  exit 1
fi
echo "soak: work folder $work"
start "$work/reference/output.txt" run "$work/reference/soak.toml" --out "$work/reference/out" -q
wait "$PID"; rc=$?
finished="$(now)"
reference="$(only_run_dir "$work/reference/out")"
if [ "$rc" -ne 0 ] || [ ! -f "$reference/results.json" ]; then
  echo "soak: the uninterrupted reference run failed (exit $rc):" >&2
  tail -n 20 "$work/reference/output.txt" >&2
  exit 1
fi
duration="$(seconds_between "$STARTED" "$finished")"
python3 "$tools" segments "$reference/log.txt" "$STARTED" "$finished" "$epochs" "$iterations" \
  >"$work/reference/segments.json"
if ! check="$(python3 "$tools" store "$work/reference/store.sqlite" "$work/reference/store.sqlite")"; then
  echo "soak: the reference's store fails its check: $check" >&2
  exit 1
fi
echo "soak: reference run $duration s; phases: $(python3 -c '
import json, sys
totals = {}
for phase, a, b, _ in json.load(open(sys.argv[1])):
    totals[phase] = totals.get(phase, 0) + b - a
print(", ".join(f"{p} {t:.1f} s" for p, t in totals.items()))' "$work/reference/segments.json")"

# --- the trials -----------------------------------------------------------
declare -A kills_by_phase=()
passed=0; failed=0; kept=()
attempt_limit="$(awk -v d="$duration" 'BEGIN { printf "%d", d * 10 + 60 }')"  # seconds; a hang fails the trial

for ((trial = 1; trial <= trials; ++trial)); do
  dir="$work/trial-$trial"
  rm -rf "$dir"; mkdir -p "$dir/out"
  write_manifest "$dir/soak.toml" "$dir/store.sqlite"
  trial_start="$(now)"
  kills=(); resumes=0; restarts=0; problem=""; trial_duration="$duration"; retried=0
  for ((attempt = 0; ; ++attempt)); do
    if [ "$attempt" -gt $((max_kills + 4)) ]; then problem="still not finished after $attempt attempts"; break; fi
    plan="$(python3 "$tools" plan "$seed" "$trial" "$attempt" "$work/reference/segments.json" "$trial_duration" \
            "$epochs" "$kill_prob" "$max_kills")"
    run_dir="$(only_run_dir "$dir/out")"
    if [ -z "$run_dir" ]; then
      [ "$attempt" -gt 0 ] && restarts=$((restarts + 1))
      start "$dir/output.txt" run "$dir/soak.toml" --out "$dir/out" -q
    else
      resumes=$((resumes + 1))
      start "$dir/output.txt" run --resume "$run_dir" -q
    fi
    arm "$plan" "$dir/out" "$dir/killer.txt"
    after "$attempt_limit" hung "$PID" "$dir/hung"
    watchdog=$!
    { wait "$PID"; } 2>/dev/null; rc=$?
    ended="$(now)"
    cancel "$watchdog"
    cancel "$KILLER"
    if [ -e "$dir/hung" ]; then problem="attempt $attempt hung (killed after $attempt_limit s)"; break; fi
    if ! group_gone "$PID"; then
      problem="processes of group $PID outlived the kill: $(group_members "$PID" | tr '\n' ' ')"
      break
    fi
    if [ "$rc" -eq 0 ] && [ "$attempt" -eq 0 ] && [ "$retried" -eq 0 ] && [ "$plan" != none ]; then
      # Finished before its kill (the machine is faster now than for the
      # reference): once more from scratch, the kill aimed within this run's duration.
      retried=1
      trial_duration="$(seconds_between "$STARTED" "$ended")"
      rm -rf "$dir/out" "$dir"/store.sqlite*; mkdir -p "$dir/out"
      attempt=-1
      continue
    fi
    if [ "$rc" -eq 0 ]; then break; fi
    if [ "$rc" -ne 137 ] || [ "$plan" = "none" ]; then
      kind="start"; [ -n "$run_dir" ] && kind="resume"
      problem="attempt $attempt ($kind) exited $rc: $(grep -v '^$' "$dir/output.txt" | tail -n 1)"
      break
    fi
    run_dir="$(only_run_dir "$dir/out")"
    phase="$(python3 "$tools" phase "$run_dir" "$STARTED" "$epochs" "$iterations")"
    aim=""
    case "$plan" in
      "time "*" "* | line*) aim=" (aimed: ${plan##* })" ;;
      checkpoint*) aim=" (aimed: checkpoint $(cut -d' ' -f2 <<<"$plan"))" ;;
    esac
    kills+=("$(seconds_between "$STARTED" "$ended") s ${phase}${aim//_/ }")
    kills_by_phase["$phase"]=$(( ${kills_by_phase["$phase"]:-0} + 1 ))
  done

  if [ -z "$problem" ]; then
    run_dir="$(only_run_dir "$dir/out")"
    if [ -z "$run_dir" ] || [ "$(ls -d "$dir/out"/*/ | wc -l)" -ne 1 ]; then
      problem="expected exactly one run directory in $dir/out"
    elif ! diff_text="$(python3 "$tools" compare "$reference" "$run_dir")"; then
      problem="differs from the reference: $(echo "$diff_text" | head -n 3 | tr '\n' ';')"
    elif ! store_text="$(python3 "$tools" store "$dir/store.sqlite" "$work/reference/store.sqlite")"; then
      problem="store: $store_text"
    fi
  fi

  listed="$(printf '%s; ' "${kills[@]}")"
  summary="kills ${#kills[@]} [${listed%; }], resumed $resumes, restarted $restarts, $(seconds_between "$trial_start" "$(now)") s"
  [ "$retried" -eq 0 ] || summary+=" (tried twice: the first try finished in $trial_duration s, before its kill)"
  if [ -z "$problem" ]; then
    passed=$((passed + 1))
    echo "trial $trial: PASS  $summary"
    [ "$verbose" -eq 0 ] || echo "    ${diff_text#equal; }; store $store_text"
    [ "$keep" -eq 1 ] || rm -rf "$dir"
  else
    failed=$((failed + 1))
    kept+=("$dir")
    echo "trial $trial: FAIL  $summary"
    echo "    $problem"
  fi
done

by_phase=""
for phase in startup "data loading" "ground truth" "super-net epoch" "checkpoint write" evolution finishing other; do
  [ -n "${kills_by_phase[$phase]:-}" ] && by_phase+="${by_phase:+, }$phase ${kills_by_phase[$phase]}"
done
echo "soak: $passed/$trials trials passed (reference $duration s); kills by phase: ${by_phase:-none}"
if [ "$failed" -gt 0 ]; then
  echo "soak: kept for inspection: ${kept[*]} (reference in $work/reference)"
  exit 1
fi
[ "$keep" -eq 1 ] || rm -rf "$work"
exit 0
