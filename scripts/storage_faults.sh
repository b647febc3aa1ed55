#!/usr/bin/env bash
# Storage faults (docs/RELIABILITY.md), on a small tmpfs as the run directory's disk:
#   1. a read-only run directory: `cairn supernet train` stops with exit 2 and an error naming it, before training;
#   2. a full disk at FILLS random moments of a super-net run (examples/soak-landmarks.yaml): the disk is filled
#      while the run works, so the next write — a checkpoint, a metrics line, scores, the report — fails; the run
#      must stop with exit 1 and an error naming the file, leave a readable checkpoint and a metrics log of whole
#      JSON lines, and resume once the space is back; the final checkpoint tensors and scores must equal those of
#      a run that never saw a fault;
#   3. the same for `cairn bench build` (examples/bench-nb201-tiny.yaml) with its results store on the full disk:
#      every row recorded before the fault stays intact (SQLite integrity check), and the resumed build exports
#      the same rows as an undisturbed build.
# Usage: scripts/storage_faults.sh [FILLS]   (default 5; cairn on PATH or $CAIRN; needs root to mount a tmpfs,
#        else it says so and skips)
set -euo pipefail
fills=${1:-5}
if ! [[ $fills =~ ^[0-9]+$ ]]; then
  echo "usage: $0 [FILLS]" >&2
  exit 2
fi
cairn=$(realpath "$(command -v "${CAIRN:-cairn}")")
work=$(mktemp -d)
disk=$work/disk
mkdir -p "$disk"
if ! mount -t tmpfs -o size=16m tmpfs "$disk" 2> /dev/null; then
  echo "storage faults: cannot mount a tmpfs here (needs root); skipped"
  exit 0
fi
trap 'umount "$disk" 2> /dev/null || true; rm -rf "$work"' EXIT
config=examples/soak-landmarks.yaml

fail() {
  echo "storage faults: $*" >&2
  exit 1
}

# The checkpoint's tensors as one digest (fails on a torn or unreadable file).
digest() { python3 "$(dirname "$0")/checkpoint_digest.py" "$1"; }

# Every line of a metrics log is one JSON object.
whole_lines() {
  [[ ! -f $1 ]] || python3 -c "import json, sys; [json.loads(l) for l in open(sys.argv[1])]" "$1"
}

# Runs "$@" in the background, fills the disk after a random delay of up to $limit seconds, and waits. Prints
# the command's exit code; its output goes to $work/attempt.log.
run_and_fill() {
  "$@" > "$work/attempt.log" 2>&1 &
  local pid=$!
  sleep "$(python3 -c "import random; print(round(random.uniform(0.2, $limit), 2))")"
  dd if=/dev/zero of="$disk/filler" bs=64k 2> /dev/null || true
  local status=0
  wait "$pid" || status=$?
  echo "$status"
}

# 1. Read-only run directory.
mount -o remount,ro "$disk"
status=0
"$cairn" supernet train "$config" --run-dir "$disk/run" --threads 1 > "$work/ro.log" 2>&1 || status=$?
mount -o remount,rw "$disk"
((status == 2)) || fail "read-only run directory: exit $status, expected 2 ($(tail -n 1 "$work/ro.log"))"
grep -q "$disk/run" "$work/ro.log" || fail "read-only run directory: the error does not name it"
grep -q "epoch" "$work/ro.log" && fail "read-only run directory: training started"
echo "read-only run directory: refused before training (exit 2): $(grep -i error "$work/ro.log" | tail -n 1)"

# 2. Full disk during a super-net run.
start=$(date +%s.%N)
"$cairn" supernet train "$config" --run-dir "$work/straight" --threads 1 > "$work/straight.log" 2>&1
limit=$(python3 -c "print($(date +%s.%N) - $start)")
faults=0
for ((i = 0; i < fills; i++)); do
  [[ -f $disk/run/result.json ]] && break
  status=$(run_and_fill "$cairn" supernet train "$config" --run-dir "$disk/run" --threads 1)
  if ((status != 0)); then
    ((status == 1)) || fail "full disk: exit $status, expected 1 ($(tail -n 1 "$work/attempt.log"))"
    grep -q "No space left on device" "$work/attempt.log" || fail "full disk: unclear error: $(tail -n 1 "$work/attempt.log")"
    faults=$((faults + 1))
    echo "full disk $faults: $(grep -i error "$work/attempt.log" | tail -n 1)"
  fi
  [[ ! -f $disk/run/checkpoint/latest.safetensors ]] || digest "$disk/run/checkpoint/latest.safetensors" > /dev/null \
    || fail "full disk: the checkpoint is unreadable"
  whole_lines "$disk/run/metrics.jsonl" || fail "full disk: torn metrics line"
  rm -f "$disk/filler"
done
"$cairn" supernet train "$config" --run-dir "$disk/run" --threads 1 > "$work/final.log" 2>&1
[[ $(digest "$work/straight/checkpoint/latest.safetensors") == $(digest "$disk/run/checkpoint/latest.safetensors") ]] \
  || fail "full disk: the resumed run's checkpoint differs from the undisturbed run's"
cmp -s "$work/straight/scores.csv" "$disk/run/scores.csv" || fail "full disk: the resumed run's scores differ"
echo "super-net run: $faults full-disk faults, each a clear error with exit 1; resumed to the undisturbed result"

# 3. Full disk under `cairn bench build` and its results store.
plan() { sed -e "s|^store: .*|store: $1/results.sqlite|" -e "s|^runs: .*|runs: $1/runs|" examples/bench-nb201-tiny.yaml; }
plan "$work/bench-straight" > "$work/bench-straight.yaml"
plan "$disk/bench" > "$work/bench-faulted.yaml"
start=$(date +%s.%N)
"$cairn" bench build "$work/bench-straight.yaml" --threads 1 > "$work/bench-straight.log" 2>&1
limit=$(python3 -c "print($(date +%s.%N) - $start)")
store_faults=0
for ((i = 0; i < fills; i++)); do
  status=$(run_and_fill "$cairn" bench build "$work/bench-faulted.yaml" --threads 1)
  if ((status != 0)); then
    ((status == 1)) || fail "bench build on a full disk: exit $status, expected 1 ($(tail -n 1 "$work/attempt.log"))"
    store_faults=$((store_faults + 1))
    echo "bench build, full disk $store_faults: $(grep -i error "$work/attempt.log" | tail -n 1)"
  fi
  rm -f "$disk/filler"
  if [[ -f $disk/bench/results.sqlite ]]; then
    check=$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('pragma integrity_check').fetchone()[0])" "$disk/bench/results.sqlite")
    [[ $check == ok ]] || fail "bench build on a full disk: the store fails its integrity check ($check)"
  fi
done
"$cairn" bench build "$work/bench-faulted.yaml" --threads 1 > "$work/bench-final.log" 2>&1
"$cairn" bench export --space nb201 --dataset cifar10 --store "$work/bench-straight/results.sqlite" > "$work/straight.csv"
"$cairn" bench export --space nb201 --dataset cifar10 --store "$disk/bench/results.sqlite" > "$work/faulted.csv"
cmp -s "$work/straight.csv" "$work/faulted.csv" || fail "bench build on a full disk: the store's rows differ"
echo "bench build: $store_faults full-disk faults; every row intact, the resumed build's rows equal the undisturbed build's"
echo "storage faults: $((faults + store_faults)) injected, all survived"
