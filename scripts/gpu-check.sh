#!/usr/bin/env bash
# The GPU check: build naskernel against a CUDA-enabled LibTorch, run the test
# suite, a tiny search on the GPU, a 2-GPU NCCL run when two GPUs are
# visible, and the paper-config step benchmark on the GPU. CI has no GPU;
# run this where one is.
#
#   scripts/gpu-check.sh [--torch PREFIX] [--build DIR]
#
# PREFIX is a LibTorch with CUDA (its share/cmake/Torch). The default is the
# one inside the Python wheel: python3 -c 'import torch; print(torch.utils.cmake_prefix_path)'.
# The rest of the dependencies are Debian's, built with the C++11 string
# ABI, so the LibTorch must be too: torch >= 2.7 wheels, or the
# "cxx11 ABI" LibTorch archive from pytorch.org. CMake refuses a mismatch.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
torch_prefix=""
build="$root/build-gpu"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --torch) torch_prefix="$2"; shift 2 ;;
    --build) build="$2"; shift 2 ;;
    *) echo "gpu-check.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
if [[ -z "$torch_prefix" ]]; then
  torch_prefix="$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)' 2>/dev/null)" || {
    echo "gpu-check.sh: no --torch PREFIX and no Python torch to find one in" >&2; exit 1; }
fi
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader
gpus="$(nvidia-smi -L 2>/dev/null | wc -l || echo 0)"
[[ "$gpus" -ge 1 ]] || { echo "gpu-check.sh: no GPU visible (nvidia-smi -L lists none)" >&2; exit 1; }

bash "$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$torch_prefix" -DNASKERNEL_WITH_NCCL=ON
cmake --build "$build" -j"$(nproc)"
(cd "$build" && ctest --output-on-failure -j"$(nproc)" -E soak)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export NASKERNEL_PLUGIN_PATH=
cat > "$work/tiny.toml" <<TOML
[run]
name = "gpu-tiny"
device = "cuda"
[task]
plugin = "classification"
dataset = "synthetic"
classes = 10
channels = 3
image_size = 32
train_size = 2048
test_size = 512
[search_space]
plugin = "nb201"
channels = 16
cells = 5
[sampler]
plugin = "spos"
[[regularizers]]
plugin = "landmark"
[supernet]
epochs = 2
batch_size = 256
[standalone]
epochs = 1
batch_size = 256
[landmarks]
count = 3
iterations = 1
[evaluation]
archs = 20
[ground_truth]
provider = "train"
store = "$work/store.sqlite"
TOML
echo "== a tiny search on cuda"
"$build/bin/naskernel" run "$work/tiny.toml" --out "$work/runs"
if [[ "$gpus" -ge 2 ]] && command -v torchrun >/dev/null; then
  echo "== the same on 2 GPUs over NCCL"
  torchrun --no_python --standalone --nproc_per_node 2 --redirects 2 --tee 2 --log_dir "$work/torchrun" \
    "$build/bin/naskernel" run "$work/tiny.toml" --out "$work/runs2"
fi
echo "== the paper-config step on cuda"
"$build/bench/bench_supernet_step" --manifest "$root/bench/configs/paper-nb201.toml" --set 'run.device="cuda"' \
  --steps 20 --reps 5 --threads 4
