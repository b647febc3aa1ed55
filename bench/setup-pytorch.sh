#!/usr/bin/env bash
# Sets up the PyTorch that bench/compare.py measures Cairn against: a virtual environment in
# .build/bench-venv with torch from PyPI. Only the benchmarks use it; the tests never do.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  apt-get update && apt-get install -y python3-venv
fi
if [ ! -x .build/bench-venv/bin/python ]; then
  python3 -m venv .build/bench-venv
fi
.build/bench-venv/bin/pip install --quiet 'torch>=2.4'
.build/bench-venv/bin/python -c 'import torch; print("torch", torch.__version__, torch.backends.cpu.get_cpu_capability(), torch.get_num_threads(), "threads")'
