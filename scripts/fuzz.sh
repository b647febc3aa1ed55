#!/usr/bin/env bash
# Fuzzes every parser of outside input with libFuzzer and address sanitizer (docs/RELIABILITY.md).
# Usage: scripts/fuzz.sh [SECONDS] [TARGET ...]
#   Each target runs until 1,000,000 executions or SECONDS seconds (default 600), whichever comes first, starting
#   from its committed seeds (Fuzz/seeds/TARGET) and the corpus it grew before (runs/fuzz/corpus/TARGET). A crash,
#   a hang (10 s per input), a single allocation above 1 GB or 2 GB of memory is a finding: the input is kept in
#   runs/fuzz/findings/TARGET/ and the script exits 1. Executions, speed and corpus growth go to
#   runs/fuzz/summary.tsv. Set FUZZ_BINARY to skip the build, FUZZ_DIR to work elsewhere, FUZZ_SEED to fix
#   libFuzzer's random seed (the short run of `make test` uses 1, so it repeats the run checked before a commit).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds == 0)); then
  echo "usage: $0 [SECONDS] [TARGET ...] (SECONDS a positive whole number)" >&2
  exit 2
fi
work=${FUZZ_DIR:-runs/fuzz}
binary=${FUZZ_BINARY:-Fuzz/.build/release/cairn-fuzz}
if [[ -z ${FUZZ_BINARY:-} ]]; then
  # `--sanitize fuzzer` makes SwiftPM link libFuzzer's entry point; the -Xswiftc flag instruments every module
  # (SwiftPM's two --sanitize flags reach the compiler as two options, of which it keeps one).
  swift build --package-path Fuzz -c release --sanitize fuzzer \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld 2>&1 | tail -n 1
fi
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  mapfile -t targets < <(find Fuzz/seeds -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)
fi
mkdir -p "$work"
# Inputs are written to files for the readers to open; on a memory file system when there is one, so the
# store-writing targets fuzz the parsers rather than the disk's flushes.
scratch_root=${TMPDIR:-/tmp}
[[ -d /dev/shm && -w /dev/shm ]] && scratch_root=/dev/shm
summary=$work/summary.tsv
[[ -f $summary ]] || printf 'date\tcommit\ttarget\tseconds\texecutions\texec_per_s\tnew_units\tpeak_rss_mb\tresult\n' > "$summary"
commit=$(git rev-parse --short HEAD 2> /dev/null || echo unknown)
failed=0
for target in "${targets[@]}"; do
  if [[ ! -d Fuzz/seeds/$target ]]; then
    echo "fuzz: no target '$target' (targets are the directories of Fuzz/seeds)" >&2
    exit 2
  fi
  corpus=$work/corpus/$target
  findings=$work/findings/$target
  scratch=$(mktemp -d -p "$scratch_root")
  mkdir -p "$corpus" "$findings"
  log=$work/$target.log
  status=0
  SWIFT_BACKTRACE=enable=no CAIRN_FUZZ_TARGET=$target CAIRN_FUZZ_SCRATCH=$scratch \
    ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=0 \
    "$binary" -runs=1000000 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -malloc_limit_mb=1024 -print_final_stats=1 -artifact_prefix="$findings/" -seed="${FUZZ_SEED:-0}" \
    "$corpus" "Fuzz/seeds/$target" > "$log" 2>&1 || status=$?
  rm -rf "$scratch"
  stat() { awk -v key="stat::$1:" '$1 == key { print $2 }' "$log" | tail -n 1; }
  result=ok
  if ((status != 0)); then
    result="finding (exit $status, see $log and $findings)"
    failed=1
  fi
  elapsed=$(awk '/^Done [0-9]+ runs in/ { print $5 }' "$log" | tail -n 1)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%F)" "$commit" "$target" "${elapsed:-?}" \
    "$(stat number_of_executed_units)" "$(stat average_exec_per_sec)" "$(stat new_units_added)" \
    "$(stat peak_rss_mb)" "$result" >> "$summary"
  printf 'fuzz %-24s %9s executions in %4s s, %6s/s, corpus +%s, peak %s MB: %s\n' "$target" \
    "$(stat number_of_executed_units)" "${elapsed:-?}" "$(stat average_exec_per_sec)" \
    "$(stat new_units_added)" "$(stat peak_rss_mb)" "$result"
done
exit $failed
