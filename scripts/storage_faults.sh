#!/usr/bin/env bash
# Storage faults (docs/RELIABILITY.md), on a small tmpfs as the run directory's disk:
#   1. a read-only run directory: `cairn supernet train` stops with exit 2 and an error naming it, before training;
#   2. a full disk at FILLS random moments of super-net runs (examples/soak-landmarks.yaml): the disk is filled
#      while the run works, so the next write — a checkpoint, a metrics line, scores, the report — fails; the run
#      must stop with exit 1 and an error naming the file, leave a readable checkpoint and a metrics log of whole
#      JSON lines, and resume once the space is back; the final checkpoint tensors and scores must equal those of
#      a run that never saw a fault;
#   3. the same for `cairn bench build` (examples/bench-nb201-tiny.yaml) with its results store on the full disk:
#      every row recorded before the fault stays intact (SQLite integrity check), and the resumed build exports
#      the same rows as an undisturbed build;
#   4. the same with only the results store on the full disk, so that every fault hits a store write.
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
# the command's exit code; its output goes to $work/attempt.log. The fill leaves 0, 8, 64 or 192 KB free at
# random, so that the write that fails is sometimes the next one (often a small metrics line or score file) and
# sometimes the next large one (a checkpoint, a store page).
run_and_fill() {
  "$@" > "$work/attempt.log" 2>&1 &
  local pid=$!
  sleep "$(python3 -c "import random; print(round(random.uniform(0.2, $limit), 2))")"
  local leave free
  leave=$(python3 -c "import random; print(random.choice([0, 8, 64, 192]))")
  free=$(df --output=avail -k "$disk" | tail -n 1)
  if ((free > leave)); then
    dd if=/dev/zero of="$disk/filler" bs=1k count=$((free - leave)) 2> /dev/null || true
  fi
  local status=0
  wait "$pid" || status=$?
  echo "$status"
}

# What the failed write of an error line was: checkpoint, metrics, scores, report, store or other.
hit_kind() {
  case $1 in
    *safetensors* | *checkpoint*) echo checkpoint ;;
    *metrics*) echo metrics ;;
    *scores* | *ranking* | *result.json*) echo scores ;;
    *report* | *.html*) echo report ;;
    *sqlite* | *database* | *store*) echo store ;;
    *) echo other ;;
  esac
}
declare -A hits=()

# 1. Read-only run directory.
mount -o remount,ro "$disk"
status=0
"$cairn" supernet train "$config" --run-dir "$disk/run" --threads 1 > "$work/ro.log" 2>&1 || status=$?
mount -o remount,rw "$disk"
((status == 2)) || fail "read-only run directory: exit $status, expected 2 ($(tail -n 1 "$work/ro.log"))"
grep -q "$disk/run" "$work/ro.log" || fail "read-only run directory: the error does not name it"
grep -q "epoch" "$work/ro.log" && fail "read-only run directory: training started"
echo "read-only run directory: refused before training (exit 2): $(grep -i error "$work/ro.log" | tail -n 1)"

# Records a fault of the attempt just made (exit 1 and an error naming the file; anything else fails).
record_fault() {
  local what=$1 status=$2
  ((status == 1)) || fail "$what: exit $status, expected 1 ($(tail -n 1 "$work/attempt.log"))"
  grep -qE "No space left on device|database or disk is full" "$work/attempt.log" || fail "$what: unclear error: $(tail -n 1 "$work/attempt.log")"
  line=$(grep -i error "$work/attempt.log" | tail -n 1)
  kind=$(hit_kind "$line")
  hits[$kind]=$((${hits[$kind]:-0} + 1))
  echo "$what, fault $((${faults[$what]:-0} + 1)) ($kind): $line"
  faults[$what]=$((${faults[$what]:-0} + 1))
}
declare -A faults=()

# Fills the disk at random moments of JOB (a command that resumes what it finds in DIR) until FILLS faults have
# hit it, checking after each that DIR is whole (CHECK), and whenever the job finishes, that its outputs equal the
# undisturbed job's (SAME); a finished job starts afresh (DIR and any further directories, DIR:DIR2:…, removed). At
# most 4 × FILLS attempts.
fill_rounds() {
  local what=$1 dirs=$2 check=$3 same=$4
  shift 4
  local dir=${dirs%%:*}
  local attempts=0 finished=0
  while ((${faults[$what]:-0} < fills && attempts < 4 * fills)); do
    attempts=$((attempts + 1))
    status=$(run_and_fill "$@")
    rm -f "$disk/filler"
    ((status == 0)) || record_fault "$what" "$status"
    $check || fail "$what: damaged after a fault"
    if ((status == 0)); then
      $same || fail "$what: the finished job's outputs differ from the undisturbed job's"
      finished=$((finished + 1))
      IFS=: read -ra reset <<< "$dirs"
      rm -rf "${reset[@]}"
    fi
  done
  if [[ -d $dir ]]; then
    "$@" > "$work/final.log" 2>&1 || fail "$what: the resume after the faults failed ($(tail -n 1 "$work/final.log"))"
    $same || fail "$what: the resumed job's outputs differ from the undisturbed job's"
    finished=$((finished + 1))
  fi
  echo "$what: ${faults[$what]:-0} full-disk faults in $attempts attempts, each exit 1 naming the file; $finished jobs resumed to the undisturbed result"
}

# 2. Full disk during a super-net run.
start=$(date +%s.%N)
"$cairn" supernet train "$config" --run-dir "$work/straight" --threads 1 > "$work/straight.log" 2>&1
limit=$(python3 -c "print($(date +%s.%N) - $start)")
supernet_whole() {
  [[ ! -f $disk/run/checkpoint/latest.safetensors ]] || digest "$disk/run/checkpoint/latest.safetensors" > /dev/null \
    || fail "super-net run: the checkpoint is unreadable"
  whole_lines "$disk/run/metrics.jsonl" || fail "super-net run: torn metrics line"
}
supernet_same() {
  [[ $(digest "$work/straight/checkpoint/latest.safetensors") == $(digest "$disk/run/checkpoint/latest.safetensors") ]] \
    && cmp -s "$work/straight/scores.csv" "$disk/run/scores.csv"
}
fill_rounds "super-net run" "$disk/run" supernet_whole supernet_same \
  "$cairn" supernet train "$config" --run-dir "$disk/run" --threads 1

# 3. Full disk under `cairn bench build` and its results store.
plan() { sed -e "s|^store: .*|store: $1/results.sqlite|" -e "s|^runs: .*|runs: $1/runs|" examples/bench-nb201-tiny.yaml; }
plan "$work/bench-straight" > "$work/bench-straight.yaml"
plan "$disk/bench" > "$work/bench-faulted.yaml"
start=$(date +%s.%N)
"$cairn" bench build "$work/bench-straight.yaml" --threads 1 > "$work/bench-straight.log" 2>&1
limit=$(python3 -c "print($(date +%s.%N) - $start)")
"$cairn" bench export --space nb201 --dataset cifar10 --store "$work/bench-straight/results.sqlite" > "$work/straight.csv"
store_whole() {
  [[ -f $disk/bench/results.sqlite ]] || return 0
  local integrity
  integrity=$(python3 -c "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('pragma integrity_check').fetchone()[0])" "$disk/bench/results.sqlite")
  [[ $integrity == ok ]] || fail "bench build: the store fails its integrity check ($integrity)"
}
store_same() {
  "$cairn" bench export --space nb201 --dataset cifar10 --store "$disk/bench/results.sqlite" > "$work/faulted.csv" \
    && cmp -s "$work/straight.csv" "$work/faulted.csv"
}
fill_rounds "bench build" "$disk/bench" store_whole store_same \
  "$cairn" bench build "$work/bench-faulted.yaml" --threads 1

# 4. The results store alone on the full disk (the runs elsewhere): every fault is a store write's.
rm -rf "$disk/bench"
sed -e "s|^store: .*|store: $disk/bench/results.sqlite|" -e "s|^runs: .*|runs: $work/store-only-runs|" \
  examples/bench-nb201-tiny.yaml > "$work/bench-store.yaml"
fill_rounds "results store" "$disk/bench:$work/store-only-runs" store_whole store_same \
  "$cairn" bench build "$work/bench-store.yaml" --threads 1
summary=""
for kind in "${!hits[@]}"; do summary+=" $kind ${hits[$kind]},"; done
echo "storage faults: $((${faults["super-net run"]:-0} + ${faults["bench build"]:-0} + ${faults["results store"]:-0})) injected (the failed write:${summary%,}), all survived"
