#!/usr/bin/env bash
# Cairn's NB201 training step on oneDNN 3.x beside Debian's oneDNN 2.6, in one run.
#
# Cairn's engine is written against oneDNN 2.x's C API. bench/onednn/engine-onednn3.patch ports it to the 3.x API
# (opaque memory descriptors, dnnl_*_primitive_desc_create); it applies to commit 72dcf0e, the one it was written
# on, and exists only for this measurement. The script builds cairn-bench at that commit twice over: as it is
# (Debian's 2.6), and patched against each oneDNN 3.x given as NAME=PREFIX (PREFIX/include, PREFIX/lib). It then
# runs `cairn-bench nb201` (step at batch 64 and 256, pool evaluation) for every build in turn, ROUNDS times,
# printing one TSV row per run: round, build, case, batch, median seconds, peak RSS MB.
#
#   bench/onednn/step.sh ROUNDS NAME=PREFIX [NAME=PREFIX ...] > docs/results/performance/onednn-step.tsv
#
# NAME: letters, digits, dots and dashes, not onednn-2.6 (the baseline's). THREADS (default 2) sets the threads.
# A PREFIX whose lib holds Intel's OpenCL CPU runtime (PyPI's SYCL build, as bench/onednn/compare.sh unpacks it
# into .build/onednn3) gets that runtime registered. Builds land in .build/onednn-step, each run's stderr (with the
# oneDNN version the patched binaries print) in .build/onednn-step/NAME.stderr; nothing here is needed by Cairn
# itself. Run it on a quiet machine: the builds take a while, the runs about a minute per round and build.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:?usage: step.sh ROUNDS NAME=PREFIX ...}
shift
threads=${THREADS:-2}
base=72dcf0e
root=$PWD/.build/onednn-step
patch=$PWD/bench/onednn/engine-onednn3.patch
mkdir -p "$root"
[ -f .build/bench-archs.txt ] || { echo "run bench/compare.py once first (it writes .build/bench-archs.txt)" >&2; exit 2; }
archs=$PWD/.build/bench-archs.txt

checkout() { # NAME: a clean copy of the base commit in $root/NAME/src, with this checkout's resolved versions
  if [ ! -d "$root/$1/src" ]; then
    mkdir -p "$root/$1"
    git archive --prefix=src/ "$base" | tar -x -C "$root/$1"
    [ -f Package.resolved ] && cp Package.resolved "$root/$1/src/"
  fi
}

builds=()
checkout onednn-2.6
(cd "$root/onednn-2.6/src" && swift build -c release --product cairn-bench >&2)
builds+=("onednn-2.6=$root/onednn-2.6/src/.build/release/cairn-bench=")
patch_sum=$(sha1sum "$patch" | cut -d' ' -f1)
for spec in "$@"; do
  name=${spec%%=*}
  if [[ "$spec" != *=* || ! "$name" =~ ^[A-Za-z0-9.-]+$ || "$name" == onednn-2.6 ]]; then
    echo "step.sh: expected NAME=PREFIX with NAME of letters, digits, dots and dashes (not onednn-2.6), got '$spec'" >&2
    exit 2
  fi
  prefix=$(cd "${spec#*=}" && pwd)
  if [ "$(cat "$root/$name/patched" 2>/dev/null)" != "$patch_sum" ]; then
    rm -rf "$root/$name"
    checkout "$name"
    if ! (cd "$root/$name/src" && patch -p1 --forward --quiet < "$patch"); then
      rm -rf "$root/$name"
      echo "step.sh: bench/onednn/engine-onednn3.patch does not apply to $base" >&2
      exit 1
    fi
    echo "$patch_sum" > "$root/$name/patched"
  fi
  (cd "$root/$name/src" && swift build -c release --product cairn-bench -Xcc -I"$prefix/include" \
    -Xlinker -L"$prefix/lib" -Xlinker -rpath -Xlinker "$prefix/lib" >&2)
  builds+=("$name=$root/$name/src/.build/release/cairn-bench=$prefix/lib")
done

run() { # BUILD-SPEC CASE BATCH STEPS WARMUP
  local name=${1%%=*} rest=${1#*=}
  local binary=${rest%%=*} lib=${rest#*=}
  local env=()
  if [ -n "$lib" ] && [ -f "$lib/libintelocl.so" ]; then
    env=(LD_LIBRARY_PATH="$lib" OCL_ICD_FILENAMES="$lib/libintelocl.so")
  fi
  local extra=()
  [ "$2" = pool ] && extra=(--pool 50)
  env "${env[@]}" "$binary" nb201 "$2" --batch "$3" --threads "$threads" --steps "$4" --warmup "$5" \
    --archs "$archs" "${extra[@]}" 2>>"$root/$name.stderr" |
    python3 -c '
import json, statistics, sys
row = json.loads(sys.stdin.readline())
print("%s\t%d\t%.4f\t%.0f" % (row["case"], row["batch"], statistics.median(row["times"]), row["peak_rss_mb"]))' |
    sed "s/^/$name\t/"
}

printf 'round\tbuild\tcase\tbatch\tmedian_s\tpeak_rss_mb\n'
for round in $(seq "$rounds"); do
  for build in "${builds[@]}"; do
    run "$build" step 64 8 2 | sed "s/^/$round\t/"
    run "$build" step 256 3 1 | sed "s/^/$round\t/"
    run "$build" pool 64 2 1 | sed "s/^/$round\t/"
  done
done
