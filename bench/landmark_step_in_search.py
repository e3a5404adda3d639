#!/usr/bin/env python3
"""The landmark step's cost as a search runs it, read from a study's runs.

    python3 bench/landmark_step_in_search.py STUDY_DIR [--baseline SPOS]

A study (`naskernel run configs/quickstart-landmark-every.toml`, say) writes
one run directory per variant and seed, each with a metrics.jsonl line per
super-net epoch: its training seconds (evaluation excluded), the landmark
weight and the fraction of steps whose landmark hinge was active. For each
variant with a landmark regularizer, and each of its epochs with a non-zero
weight, this divides the epoch's seconds by the baseline variant's (no
regularizer) same epoch of the same seed: the per-step cost of the
regularized step over the plain one on real data, with the super-net's own
pairs ordered or violated as training left them (bench_regularizer_overhead
measures an untrained super-net with made-up landmarks instead). Printed:
the median and the range of those ratios, the ratio of their totals, and
the mean active fraction. The runs of a study follow one another, so each
ratio is between epochs minutes apart; read medians.
"""
import argparse
import json
import os
import re
import statistics
import sys


def read_runs(study_dir):
    """{variant slug: {seed: [metrics line per epoch]}}"""
    runs = {}
    for name in sorted(os.listdir(study_dir)):
        match = re.fullmatch(r"(.+)-seed(\d+)", name)
        metrics = os.path.join(study_dir, name, "metrics.jsonl")
        if not match or not os.path.isfile(metrics):
            continue
        with open(metrics) as f:
            lines = [json.loads(line) for line in f if line.strip()]
        epochs = [line for line in lines if "seconds" in line and "epoch" in line]
        runs.setdefault(match.group(1), {})[int(match.group(2))] = epochs
    return runs


def slug(name):
    return "".join(c if c.isalnum() or c == "-" else "_" for c in name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("study_dir")
    parser.add_argument("--baseline", default="SPOS", help="the variant without regularizer (default SPOS)")
    args = parser.parse_args()
    runs = read_runs(args.study_dir)
    baseline = slug(args.baseline)
    if baseline not in runs:
        sys.exit(f"landmark_step_in_search: no runs of the baseline variant `{args.baseline}` "
                 f"({baseline}-seedN/metrics.jsonl) under {args.study_dir}; found: {', '.join(runs) or 'none'}")
    print(f"landmark_step_in_search: {args.study_dir}, baseline {args.baseline}, "
          f"load average now {' '.join(open('/proc/loadavg').read().split()[:3])}")
    print("\n| variant | seeds | epochs with landmark weight > 0 | epoch time / baseline (median) | range "
          "| ratio of totals | active fraction (mean) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for variant, seeds in runs.items():
        if variant == baseline:
            continue
        ratios, totals, plain, active = [], 0.0, 0.0, []
        for seed, epochs in seeds.items():
            base = {line["epoch"]: line["seconds"] for line in runs[baseline].get(seed, [])}
            for line in epochs:
                weight = line.get("regularizer.landmark.weight", 0.0)
                if weight <= 0 or line["epoch"] not in base:
                    continue
                ratios.append(line["seconds"] / base[line["epoch"]])
                totals += line["seconds"]
                plain += base[line["epoch"]]
                if "regularizer.landmark.active" in line:
                    active.append(line["regularizer.landmark.active"])
        if not ratios:
            print(f"| {variant} | {len(seeds)} | 0 | | | | |")
            continue
        mean_active = f"{statistics.mean(active):.2f}" if active else ""
        print(f"| {variant} | {len(seeds)} | {len(ratios)} | {statistics.median(ratios):.2f} "
              f"| {min(ratios):.2f} .. {max(ratios):.2f} | {totals / plain:.2f} | {mean_active} |")


if __name__ == "__main__":
    main()
