#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang in build-fuzz/ and
# runs each for SECONDS (default 20). Prints each target's executions and
# whether it crashed; crash inputs are kept in build-fuzz/artifacts/TARGET/.
# Exits non-zero if any target crashed (or the build failed).
#
#   scripts/fuzz.sh [SECONDS] [TARGET ...]     e.g. scripts/fuzz.sh 60 manifest idx
#
# Environment:
#   FUZZ_JOBS=N                 build parallelism (default: nproc)
#   NASKERNEL_FUZZ_OPTIONAL=1   exit 0 with a note when clang++ or libFuzzer
#                               is missing (CI machines without clang)
#   FUZZ_RSS_LIMIT_MB=N         libFuzzer's -rss_limit_mb (default 4096)
#   FUZZ_SEED=N                 libFuzzer's -seed (default 0: a new one each
#                               run); scripts/test.sh fixes it, so the test
#                               command tries the same inputs every time
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-20}"
[ $# -gt 0 ] && shift
case "$seconds" in '' | *[!0-9]*) echo "fuzz.sh: SECONDS must be a whole number, got '$seconds'" >&2; exit 2 ;; esac
jobs="${FUZZ_JOBS:-$(nproc)}"
rss_limit="${FUZZ_RSS_LIMIT_MB:-4096}"
seed="${FUZZ_SEED:-0}"
case "$seed" in '' | *[!0-9]*) echo "fuzz.sh: FUZZ_SEED must be a whole number, got '$seed'" >&2; exit 2 ;; esac
build=build-fuzz

unavailable() {
  echo "fuzz.sh: $1" >&2
  if [ "${NASKERNEL_FUZZ_OPTIONAL:-0}" = 1 ]; then
    echo "fuzz.sh: fuzzing skipped (NASKERNEL_FUZZ_OPTIONAL=1)"
    exit 0
  fi
  echo "fuzz.sh: install them (Debian: apt-get install clang libclang-rt-dev), or set NASKERNEL_FUZZ_OPTIONAL=1 to skip" >&2
  exit 2
}

command -v clang >/dev/null && command -v clang++ >/dev/null || unavailable "clang/clang++ not found"
mkdir -p "$build"
probe="$build/libfuzzer-probe"
if ! printf '#include <cstddef>\n#include <cstdint>\nextern "C" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }\n' |
  clang++ -x c++ -fsanitize=fuzzer,address,undefined -o "$probe" - 2>"$probe.log"; then
  reason=$(head -c 300 "$probe.log")
  rm -f "$probe" "$probe.log"
  unavailable "clang++ cannot link -fsanitize=fuzzer,address,undefined (libFuzzer or sanitizer runtimes missing): $reason"
fi
rm -f "$probe" "$probe.log"

launcher=()
if command -v ccache >/dev/null; then
  launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DNASKERNEL_FUZZ=ON \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" >"$build/configure.log" ||
  { cat "$build/configure.log" >&2; echo "fuzz.sh: configuring $build failed" >&2; exit 1; }
cmake --build "$build" --target fuzz_targets -j"$jobs"

all_targets=()
for dir in tests/fuzz/corpus/*/; do all_targets+=("$(basename "$dir")"); done
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")

# UBSan reports abort (-fno-sanitize-recover); print their stacks too.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# Leak checks stay on, except for leaks inside LibTorch itself (see the file).
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0}"

failed=0
summary=()
for target in "${targets[@]}"; do
  binary="$build/fuzz/fuzz_$target"
  [ -x "$binary" ] || { echo "fuzz.sh: no fuzz target '$target' (have: ${all_targets[*]})" >&2; exit 2; }
  work="$build/corpus/$target"            # new inputs land here, not in the repository
  artifacts="$build/artifacts/$target"
  scratch="$build/tmp/$target"
  log="$build/logs/$target.log"
  mkdir -p "$work" "$artifacts" "$scratch" "$(dirname "$log")"
  [ -d "tests/fuzz/corpus/$target" ] && cp -R "tests/fuzz/corpus/$target/." "$work/"
  echo "== fuzz_$target for ${seconds} s (log: $log)"
  status=0
  TMPDIR="$scratch" "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb="$rss_limit" -seed="$seed" \
    -artifact_prefix="$artifacts/" -print_final_stats=1 "$work" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$log" | tail -1)
  [ -n "$runs" ] || runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -1)
  if [ "$status" -eq 0 ]; then
    result="ok"
  else
    failed=1
    kind=$(grep -o -m1 -E 'ERROR: (AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer|libFuzzer): [a-z -]+|runtime error|invariant broken|terminate called|deadly signal' "$log" || true)
    artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
    result="CRASHED (exit $status: ${kind:-see log}) input: ${artifact:-none written}"
    tail -40 "$log" | sed 's/^/   | /'
  fi
  rm -rf "$scratch"
  summary+=("$(printf '%-20s %12s runs  %s' "$target" "${runs:-?}" "$result")")
done

echo
echo "fuzz summary (${seconds} s per target, seed ${seed/#0/random}):"
printf '  %s\n' "${summary[@]}"
exit "$failed"
