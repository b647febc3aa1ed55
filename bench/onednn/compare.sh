#!/usr/bin/env bash
# oneDNN 2.6 (Debian's libdnnl-dev, OpenMP) beside oneDNN 3.13 (PyPI's onednn + onednn-devel wheels) on the
# primitives of an NB201 training step, in one run: bench/onednn/primitives.c built against each, run in
# alternation ROUNDS times (default 3). PyPI's 3.13 is built for the SYCL runtime: its CPU engine runs on Intel's
# OpenCL CPU device, so the wheels of that runtime (about 650 MB) come too. Everything lands in .build/onednn3;
# nothing here is needed by Cairn itself.
#
#   bench/onednn/compare.sh [ROUNDS] > docs/results/performance/onednn-versions.tsv
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3}
root=.build/onednn3
if [ ! -f "$root/lib/cl.cfg" ]; then
  mkdir -p "$root/wheels" "$root/unpacked" "$root/lib"
  python3 -m pip download --quiet --dest "$root/wheels" onednn onednn-devel >&2
  for wheel in "$root"/wheels/*.whl; do python3 -m zipfile -e "$wheel" "$root/unpacked" >&2; done
  # every wheel's lib directory: the OpenCL CPU runtime needs its data files next to its library
  find "$root/unpacked" -type d -path '*/data/lib' -exec cp -rP {}/. "$root/lib/" \;
fi
include=$(dirname "$(dirname "$(dirname "$(find "$root/unpacked" -path '*oneapi/dnnl/dnnl.h' | head -1)")")")
gcc -O2 -o "$root/primitives-2" bench/onednn/primitives.c -ldnnl -lm
gcc -O2 -I"$include" -o "$root/primitives-3" bench/onednn/primitives.c -L"$root/lib" -l:libdnnl.so.3 \
  -Wl,-rpath-link,"$root/lib" -lm
export BENCH_BF16=1
for round in $(seq "$rounds"); do
  "$root/primitives-2" | sed "s/^/$round\t/"
  LD_LIBRARY_PATH="$PWD/$root/lib" OCL_ICD_FILENAMES="$PWD/$root/lib/libintelocl.so" \
    "$root/primitives-3" 2>/dev/null | sed "s/^/$round\t/"
done
