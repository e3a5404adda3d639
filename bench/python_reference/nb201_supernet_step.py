#!/usr/bin/env python3
"""The Python reference for naskernel's super-net step benchmarks.

A plain PyTorch NB201 super-net trained with uniformly random single paths
(SPOS, as xautodl's TinyNetworkRANDOM search does), written for this
repository so that naskernel's C++ step can be timed against Python on the
same ATen, in one run (bench/vs_python.sh). The network is the one
naskernel's nb201 plugin builds for a super-net: stem 3x3 conv + BN, three
stages of N cells (channels C, 2C, 4C) joined by ResNet reduction blocks,
BN + ReLU, global average pooling, a linear classifier; every BN with
batch statistics only and no affine parameters (the plugin's
supernet_bn_* defaults). Edge operations: none, skip_connect,
nor_conv_1x1 and nor_conv_3x3 (ReLU, conv, BN) and avg_pool_3x3.

Per SPOS step, as the reference search loop does it: draw a path, forward,
cross-entropy, zero the gradients, backward, clip the gradient norm to 5,
one SGD step (momentum 0.9, weight decay 5e-4), read the loss. `none` is
computed as the reference computes it (the input times 0); naskernel skips
such edges, which is one of the savings being measured.

Per landmark step (--landmark), as the paper's code does it: the SPOS
step's forward and backward, then two landmark paths forward on a separate
batch of the same size, the hinge on their losses (lambda 10) backward, one
clip and one SGD step. The backward through the hinge always runs, as in
the reference; naskernel's `every pair active` figure is its like.

Prints one line per measured variant for scripts:
    RESULT <variant> <threads> <median ms per step> <min> <max>
"""

import argparse
import os
import random
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

OPS = ("none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3")
EDGES = [(to, source) for to in range(1, 4) for source in range(to)]  # 6 edges into nodes 1..3


def batch_norm(channels):
    return nn.BatchNorm2d(channels, affine=False, track_running_stats=False)


class ReLUConvBN(nn.Module):
    def __init__(self, c_in, c_out, kernel, stride):
        super().__init__()
        self.op = nn.Sequential(
            nn.ReLU(inplace=False),
            nn.Conv2d(c_in, c_out, kernel, stride=stride, padding=(kernel - 1) // 2, bias=False),
            batch_norm(c_out),
        )

    def forward(self, x):
        return self.op(x)


class Zero(nn.Module):
    def forward(self, x):
        return x.mul(0.0)


def make_op(name, channels):
    if name == "none":
        return Zero()
    if name == "skip_connect":
        return nn.Identity()
    if name == "nor_conv_1x1":
        return ReLUConvBN(channels, channels, 1, 1)
    if name == "nor_conv_3x3":
        return ReLUConvBN(channels, channels, 3, 1)
    return nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False)


class SearchCell(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.edges = nn.ModuleList(nn.ModuleList(make_op(name, channels) for name in OPS) for _ in EDGES)

    def forward(self, x, path):
        nodes = [x]
        edge = 0
        for to in range(1, 4):
            inputs = []
            for source in range(to):
                inputs.append(self.edges[edge][path[edge]](nodes[source]))
                edge += 1
            nodes.append(sum(inputs))
        return nodes[-1]


class ReductionBlock(nn.Module):
    def __init__(self, c_in, c_out):
        super().__init__()
        self.conv_a = ReLUConvBN(c_in, c_out, 3, 2)
        self.conv_b = ReLUConvBN(c_out, c_out, 3, 1)
        self.downsample = nn.Sequential(nn.AvgPool2d(2, stride=2), nn.Conv2d(c_in, c_out, 1, bias=False))

    def forward(self, x):
        return self.downsample(x) + self.conv_b(self.conv_a(x))


class SuperNet(nn.Module):
    def __init__(self, channels, cells, input_channels, classes):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(input_channels, channels, 3, padding=1, bias=False), batch_norm(channels))
        layers = []
        c = channels
        for stage in range(3):
            if stage > 0:
                layers.append(ReductionBlock(c, 2 * c))
                c *= 2
            layers.extend(SearchCell(c) for _ in range(cells))
        self.cells = nn.ModuleList(layers)
        self.lastact = nn.Sequential(batch_norm(c), nn.ReLU())
        self.classifier = nn.Linear(c, classes)

    def forward(self, x, path):
        x = self.stem(x)
        for cell in self.cells:
            x = cell(x, path) if isinstance(cell, SearchCell) else cell(x)
        x = F.adaptive_avg_pool2d(self.lastact(x), 1).flatten(1)
        return self.classifier(x)


def random_path(rng):
    return [rng.randrange(len(OPS)) for _ in EDGES]


class Bench:
    def __init__(self, args):
        torch.manual_seed(args.seed)
        self.rng = random.Random(args.seed)
        self.net = SuperNet(args.channels, args.cells, args.input_channels, args.classes)
        self.optimizer = torch.optim.SGD(self.net.parameters(), lr=args.lr, momentum=0.9, weight_decay=5e-4)
        shape = (args.batch, args.input_channels, args.image_size, args.image_size)
        # A few preloaded batches, as naskernel's benchmarks read from memory.
        self.batches = [(torch.randn(shape), torch.randint(args.classes, (args.batch,))) for _ in range(4)]
        self.landmarks = [random_path(self.rng) for _ in range(10)]  # index order = made-up ground-truth order
        self.step_index = 0
        self.set_to_none = args.zero_grad == "none"

    def batch(self):
        self.step_index += 1
        return self.batches[self.step_index % len(self.batches)]

    def finish(self, loss):
        nn.utils.clip_grad_norm_(self.net.parameters(), 5.0)
        self.optimizer.step()
        return loss.item()

    def spos_step(self):
        x, y = self.batch()
        loss = F.cross_entropy(self.net(x, random_path(self.rng)), y)
        self.optimizer.zero_grad(set_to_none=self.set_to_none)
        loss.backward()
        return self.finish(loss)

    def landmark_step(self):
        x, y = self.batch()
        loss = F.cross_entropy(self.net(x, random_path(self.rng)), y)
        self.optimizer.zero_grad(set_to_none=self.set_to_none)
        loss.backward()
        better, worse = sorted(self.rng.sample(range(len(self.landmarks)), 2))
        xl, yl = self.batch()
        loss_better = F.cross_entropy(self.net(xl, self.landmarks[better]), yl)
        loss_worse = F.cross_entropy(self.net(xl, self.landmarks[worse]), yl)
        (10.0 * F.relu(loss_better - loss_worse)).backward()
        return self.finish(loss)


def per_step_ms(step, steps, reps):
    for _ in range(steps):  # warm-up: allocator, oneDNN primitive caches
        step()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        for _ in range(steps):
            step()
        times.append(1e3 * (time.perf_counter() - start) / steps)
    return times


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--channels", type=int, default=8)
    parser.add_argument("--cells", type=int, default=1)
    parser.add_argument("--input-channels", type=int, default=1)
    parser.add_argument("--image-size", type=int, default=16)
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=0.05)
    parser.add_argument("--steps", type=int, default=20, help="steps per repetition")
    parser.add_argument("--reps", type=int, default=5, help="measured repetitions (median over these)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--variants", default="spos,landmark", help="comma-separated: spos, landmark")
    parser.add_argument("--zero-grad", choices=("none", "zero"), default="none",
                        help="none: gradients of parameters off the path stay unset and SGD leaves those "
                             "parameters alone (naskernel's mathematics); zero: zero tensors, so SGD's weight "
                             "decay and momentum move every parameter each step (optimizer.zero_grad() before "
                             "PyTorch 2.0)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    bench = Bench(args)
    steps = {"spos": bench.spos_step, "landmark": bench.landmark_step}
    print(f"nb201_supernet_step.py: torch {torch.__version__}, {torch.get_num_threads()} threads, "
          f"C={args.channels} N={args.cells}, {args.input_channels}x{args.image_size}x{args.image_size}, "
          f"batch {args.batch}, {args.steps} steps x {args.reps} reps, zero_grad={args.zero_grad}; "
          f"OMP_WAIT_POLICY={os.environ.get('OMP_WAIT_POLICY', '(unset)')}")
    for variant in args.variants.split(","):
        if variant not in steps:
            sys.exit(f"nb201_supernet_step.py: unknown variant {variant!r} (spos, landmark)")
        times = per_step_ms(steps[variant], args.steps, args.reps)
        print(f"RESULT {variant} {args.threads} {statistics.median(times):.3f} {min(times):.3f} {max(times):.3f}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
