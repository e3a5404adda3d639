#!/usr/bin/env python3
"""Helpers of scripts/soak.sh (the kill -9 soak); standard library only.

  phase RUN_DIR ATTEMPT_START EPOCHS ITERATIONS   what a killed run was doing
  segments LOG START END EPOCHS ITERATIONS         phase windows of the reference run, as JSON
  plan SEED TRIAL ATTEMPT SEGMENTS DURATION EPOCHS KILL_PROB MAX_KILLS
                                                   when to kill: "time T [PHASE]", "line L DELAY PHASE",
                                                   "checkpoint N W" or "none"
  kill-on-checkpoint OUT_DIR PGID NTH WRITES       SIGKILL the group during its NTH checkpoint write
  kill-on-line OUT_DIR PGID LINES DELAY            SIGKILL the group DELAY s after its log has LINES lines
  compare REF_RUN_DIR RUN_DIR                      results.json and metrics.jsonl, cost and time fields aside
  store STORE REF_STORE                            PRAGMA integrity_check, and the same records as the reference
"""

import ctypes
import json
import math
import os
import random
import select
import shutil
import signal
import sqlite3
import struct
import sys
import tempfile
import time

# Fields that measure time or cost, so differ between an interrupted run and
# an uninterrupted one by design. `cost.images` (super-net training images)
# is restored from the checkpoint and must match; `cost.scored_images` counts
# the scoring done by the last process only.
RESULT_COST_FIELDS = {"wall_seconds", "search_seconds", "cpu_hours", "gpu_hours",
                      "ground_truth_training_seconds", "scored_images"}
METRICS_TIME_FIELDS = {"seconds"}

PHASES = ["startup", "data loading", "ground truth", "super-net epoch", "checkpoint write", "evolution",
          "finishing"]


def iteration_ends(epochs, iterations):
    return {epochs * i // iterations for i in range(1, iterations + 1)}


def phase_of_line(text, ends):
    """The phase a run is in after writing log line `text` (the message, without time and level)."""
    if text.startswith(("starting run", "resuming run", "plugin ", "study run")):
        return "data loading"  # plugins are created and the task's data loaded before the next line
    if text.startswith(("data loaded", "ground truth", "evaluation set", "stand-alone")):
        return "ground truth"
    if text.startswith("aging evolution"):
        return "evolution"
    if text.startswith("iteration "):
        # "iteration 2/2: epochs 7..6, ..." on a resume at an iteration's end: nothing left to train
        words = text.split()
        if len(words) > 3 and words[2] == "epochs" and ".." in words[3]:
            first, last = words[3].rstrip(",").split("..")
            if first.isdigit() and last.isdigit() and int(first) > int(last):
                return "evolution"
        return "super-net epoch"
    if text.startswith(("resumed from", "no checkpoint")):
        return "super-net epoch"
    if text.startswith("epoch "):
        head = text.split()[1]
        if head.endswith(":") and head[:-1].isdigit():  # "epoch 3: loss ...", the epoch is done
            return "evolution" if int(head[:-1]) in ends else "super-net epoch"
        return "super-net epoch"  # a progress line, "epoch 3/6 12/12 ..."
    return "other"


def read_log(file):
    """(unix time, message) for each line of a run's log.txt."""
    lines = []
    try:
        with open(file, encoding="utf-8", errors="replace") as f:
            for line in f:
                # 2026-12-01 20:00:45.516 [info] message
                if len(line) < 26 or line[4] != "-" or line[23] != " ":
                    continue
                try:
                    stamp = time.mktime(time.strptime(line[:19], "%Y-%m-%d %H:%M:%S")) + int(line[20:23]) / 1000
                except ValueError:
                    continue
                close = line.find("] ", 24)
                if close < 0:
                    continue
                lines.append((stamp, line[close + 2:].rstrip("\n")))
    except FileNotFoundError:
        pass
    return lines


def cmd_phase(run_dir, attempt_start, epochs, iterations):
    if not run_dir or not os.path.isdir(run_dir):
        return print("startup")
    temporary = os.path.join(run_dir, "checkpoints", "last.pt.tmp")
    if os.path.exists(temporary) and os.path.getmtime(temporary) >= float(attempt_start) - 0.002:
        return print("checkpoint write")  # a checkpoint was being written: the temporary was not renamed
    if os.path.exists(os.path.join(run_dir, "results.json")):
        return print("finishing")
    lines = read_log(os.path.join(run_dir, "log.txt"))
    lines = [l for l in lines if l[0] >= float(attempt_start) - 0.002]  # this attempt's (stamps are in ms)
    print(phase_of_line(lines[-1][1], iteration_ends(int(epochs), int(iterations))) if lines else "startup")


def cmd_segments(log, start, end, epochs, iterations):
    """[phase, from, to, line] per stretch of the reference run: seconds since
    its start, and the number of log lines written when the stretch began."""
    start, end = float(start), float(end)
    ends = iteration_ends(int(epochs), int(iterations))
    lines = read_log(log)
    segments = []
    previous_t, previous_phase = 0.0, "startup"
    for index, (stamp, text) in enumerate(lines):
        t = max(0.0, stamp - start)
        segments.append([previous_phase, previous_t, t, index])
        previous_t, previous_phase = t, phase_of_line(text, ends)
    segments.append(["finishing" if lines else previous_phase, previous_t, max(previous_t, end - start), len(lines)])
    merged = []
    for s in segments:  # a stretch starts at its first line, even one logged in the same millisecond as others
        if merged and merged[-1][0] == s[0]:
            merged[-1][2] = s[2]
        else:
            merged.append(s)
    json.dump([s for s in merged if s[2] > s[1]], sys.stdout)
    print()


def cmd_plan(seed, trial, attempt, segments_file, duration, epochs, kill_prob, max_kills):
    """DURATION: how long an uninterrupted run is expected to take (the
    reference's, or that of this trial's first try that finished too soon)."""
    trial, attempt, duration, epochs = int(trial), int(attempt), float(duration), int(epochs)
    with open(segments_file) as f:
        reference_duration = max(json.load(f)[-1][2], 1e-3)
    rng = random.Random(f"{seed}:{trial}:{attempt}")
    if attempt == 0:
        mode = ["uniform", "checkpoint", "phase", "uniform"][trial % 4]
    else:
        if attempt > int(max_kills) or rng.random() >= float(kill_prob):
            return print("none")
        mode = rng.choice(["uniform", "uniform", "checkpoint"])
    if mode == "checkpoint":
        # A resumed run writes fewer checkpoints; aim at its first few.
        nth = rng.randint(1, epochs if attempt == 0 else max(1, epochs // 2))
        return print(f"checkpoint {nth} {rng.randint(0, 6)}")
    if mode == "phase":
        # One stretch of the target phase in the reference, found again in
        # this run by its log line (timings vary with the machine's load),
        # then a kill at a uniform moment of the stretch's reference length.
        with open(segments_file) as f:
            segments = json.load(f)
        order = ["ground truth", "evolution", "data loading", "super-net epoch", "startup", "finishing"]
        target = order[(trial // 4) % len(order)]
        chosen = [s for s in segments if s[0] == target] or segments
        weights = [max(s[2] - s[1], 1e-3) for s in chosen]
        s = rng.choices(chosen, weights)[0]
        name = target.replace(" ", "_")
        if s[3] == 0:  # before the first line: by time
            return print(f"time {rng.uniform(s[1], s[2]) * duration / reference_duration:.3f} {name}")
        return print(f"line {s[3]} {rng.uniform(0, s[2] - s[1]):.3f} {name}")
    # A resumed run has less left to do: aim at its first half.
    return print(f"time {rng.uniform(0, duration if attempt == 0 else duration / 2):.3f}")


IN_MODIFY, IN_MOVED_TO, IN_CREATE = 0x2, 0x80, 0x100


def group_alive(pgid):
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def group_started(pgid):
    """True once the group exists: this helper may start before the host has
    called setsid(), and then its group is not there yet."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if group_alive(pgid):
            return True
        time.sleep(0.001)
    return False


def cmd_kill_on_checkpoint(out_dir, pgid, nth, writes):
    """Watches the run's checkpoints/ folder with inotify and kills the group
    once its NTH checkpoint write has started and WRITES writes into the
    temporary file were seen (0: as soon as the file is created)."""
    pgid, nth, writes = int(pgid), int(nth), int(writes)
    if not group_started(pgid):
        return print(f"no process group {pgid}")
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
    if fd < 0:
        return print("kill-on-checkpoint: no inotify")
    folder = None
    while folder is None:  # the run directory appears once the host has started
        if not group_alive(pgid):
            return print("finished before the checkpoint")
        for name in (os.listdir(out_dir) if os.path.isdir(out_dir) else []):
            candidate = os.path.join(out_dir, name, "checkpoints")
            if os.path.isdir(candidate):
                folder = candidate
        if folder is None:
            time.sleep(0.002)
    if libc.inotify_add_watch(fd, folder.encode(), IN_CREATE | IN_MODIFY | IN_MOVED_TO) < 0:
        return print("kill-on-checkpoint: cannot watch " + folder)
    created, modified = 0, 0

    def kill(what):
        try:
            os.killpg(pgid, signal.SIGKILL)
        except ProcessLookupError:
            return print("finished before the checkpoint")
        print(f"killed {what} of checkpoint {created}")

    while True:
        ready, _, _ = select.select([fd], [], [], 0.1)
        if not ready:
            if not group_alive(pgid):
                return print("finished before the checkpoint")
            continue
        data = os.read(fd, 65536)
        offset = 0
        while offset + 16 <= len(data):
            _, mask, _, length = struct.unpack_from("iIII", data, offset)
            name = data[offset + 16:offset + 16 + length].rstrip(b"\0").decode()
            offset += 16 + length
            if name == "last.pt.tmp" and mask & IN_CREATE:
                created += 1
                modified = 0
                if created == nth and writes == 0:
                    return kill("at the creation")
            elif name == "last.pt.tmp" and mask & IN_MODIFY and created == nth:
                modified += 1
                if modified >= writes:
                    return kill(f"after {modified} write(s)")
            elif name == "last.pt" and mask & IN_MOVED_TO and created == nth:
                return kill("just after the rename")


def cmd_kill_on_line(out_dir, pgid, lines, delay):
    """Kills the group DELAY seconds after its run's log.txt has LINES lines."""
    pgid, lines, delay = int(pgid), int(lines), float(delay)
    if not group_started(pgid):
        return print(f"no process group {pgid}")
    while True:
        if not group_alive(pgid):
            return print("finished before the line")
        logs = [os.path.join(out_dir, name, "log.txt") for name in
                (os.listdir(out_dir) if os.path.isdir(out_dir) else [])]
        if logs and len(read_log(logs[0])) >= lines:
            break
        time.sleep(0.01)
    time.sleep(delay)
    try:
        os.killpg(pgid, signal.SIGKILL)
        print(f"killed {delay:.2f} s after log line {lines}")
    except ProcessLookupError:
        print("finished before the kill")


def without(value, fields):
    return {k: v for k, v in value.items() if k not in fields}


def differences(a, b, path="", out=None):
    out = [] if out is None else out
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                out.append(f"{path}.{key}: only in {'the reference' if key in a else 'this run'}")
            else:
                differences(a[key], b[key], f"{path}.{key}", out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} entries in the reference, {len(b)} here")
        for i, (x, y) in enumerate(zip(a, b)):
            differences(x, y, f"{path}[{i}]", out)
    elif a != b and not (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)):
        out.append(f"{path}: {json.dumps(a)[:80]} in the reference, {json.dumps(b)[:80]} here")
    return out


def comparable_results(run_dir):
    with open(os.path.join(run_dir, "results.json")) as f:
        results = json.load(f)
    results["cost"] = without(results.get("cost", {}), RESULT_COST_FIELDS)
    return results


def comparable_metrics(run_dir):
    lines = []
    with open(os.path.join(run_dir, "metrics.jsonl")) as f:
        for line in f:
            if line.strip():
                lines.append(without(json.loads(line), METRICS_TIME_FIELDS))
    return lines


def cmd_compare(reference, run_dir):
    problems = []
    for name, read in (("results.json", comparable_results), ("metrics.jsonl", comparable_metrics)):
        try:
            found = differences(read(reference), read(run_dir), name)
        except (OSError, ValueError) as e:
            found = [f"{name}: cannot read: {e}"]
        problems += found
    for p in problems[:8]:
        print(p)
    if len(problems) > 8:
        print(f"... {len(problems) - 8} more differences")
    if not problems:
        # Cost is not compared, but shown: after a resume it should still be the cost of the whole search.
        costs = []
        for folder in (run_dir, reference):
            with open(os.path.join(folder, "results.json")) as f:
                costs.append(json.load(f).get("cost", {}))
        shown = [f"{k} {costs[0].get(k, 0):.4g} (reference {costs[1].get(k, 0):.4g})"
                 for k in ("search_seconds", "ground_truth_training_seconds", "scored_images")]
        print("equal; cost: " + ", ".join(shown))
    return 1 if problems else 0


def store_records(file):
    """Integrity check result and the records, read from a copy (with its WAL)
    so that checking never changes the evidence."""
    folder = tempfile.mkdtemp(prefix="soak-store-")
    try:
        copy = os.path.join(folder, "store.sqlite")
        shutil.copyfile(file, copy)
        for suffix in ("-wal", "-shm"):
            if os.path.exists(file + suffix):
                shutil.copyfile(file + suffix, copy + suffix)
        db = sqlite3.connect(copy)
        try:
            integrity = [row[0] for row in db.execute("PRAGMA integrity_check")]
            records = db.execute("SELECT space, arch_key, fingerprint, seed, arch, metrics FROM ground_truth "
                                 "ORDER BY space, arch_key, fingerprint, seed").fetchall()
        finally:
            db.close()
        return integrity, records
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def cmd_store(file, reference):
    if not os.path.exists(file):
        print(f"no store at {file}")
        return 1
    try:
        integrity, records = store_records(file)
    except sqlite3.Error as e:
        print(f"cannot read the store: {e}")
        return 1
    if integrity != ["ok"]:
        print("integrity_check: " + "; ".join(integrity[:5]))
        return 1
    _, expected = store_records(reference)
    if records != expected:
        missing = [r[4] for r in expected if r not in records]
        extra = [r[4] for r in records if r not in expected]
        print(f"integrity ok, but records differ: {len(records)} vs {len(expected)} in the reference; "
              f"missing {missing[:3]}, unexpected {extra[:3]}")
        return 1
    print(f"ok ({len(records)} records)")
    return 0


def main(argv):
    commands = {"phase": (cmd_phase, 4), "segments": (cmd_segments, 5), "plan": (cmd_plan, 8),
                "kill-on-checkpoint": (cmd_kill_on_checkpoint, 4), "kill-on-line": (cmd_kill_on_line, 4),
                "compare": (cmd_compare, 2),
                "store": (cmd_store, 2)}
    if len(argv) < 2 or argv[1] not in commands or len(argv) - 2 != commands[argv[1]][1]:
        sys.stderr.write(__doc__)
        return 2
    function, _ = commands[argv[1]]
    return function(*argv[2:]) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
