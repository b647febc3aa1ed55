#!/usr/bin/env bash
# Kill-and-resume soak (docs/RELIABILITY.md): runs each job once straight through, then again while killing it
# with SIGKILL at random moments (KILLS times per job), resuming after each kill; the resumed job's final outputs
# must equal the uninterrupted job's, byte for byte. Kills land anywhere — start-up, training steps, evaluations,
# checkpoint and store writes — after a delay drawn uniformly up to the uninterrupted job's time. A job
# that finishes before its next kill ends a round: its outputs are compared, and the next round starts afresh, until
# KILLS kills have landed. A kill that leaves a temporary file behind landed in an atomic write (counted); the
# resumed job must remove such files.
#
# Usage: scripts/soak_resume.sh [KILLS] [KIND:FILE ...]
#   KIND is supernet (`cairn supernet train`; a bare FILE means this), experiment (`cairn experiment`), search
#   (`cairn search --method evolution` over the soaked super-net of examples/soak-landmarks.yaml) or bench
#   (`cairn bench build`, store and runs moved into the work directory) or mpi-supernet (`cairn supernet train`
#   as 2 data-parallel processes under mpirun; a kill stops mpirun and both ranks). Default: 10 kills of each of
#   supernet:examples/soak-landmarks.yaml supernet:examples/soak-gdas.yaml experiment:examples/soak-experiment.yaml
#   search:examples/soak-search.yaml bench:examples/bench-nb201-tiny.yaml. cairn on PATH or $CAIRN; work in
#   $SOAK_DIR (default a temporary directory).
# Compared outputs: supernet — checkpoint tensors (weights, optimizer state) and scores.csv; experiment — every
# cell's checkpoint tensors and scores and the comparison table; search — the result without its timing and the
# trace; bench — the store's rows as `cairn bench export` writes them.
set -euo pipefail
kills=${1:-10}
shift || true
if ! [[ $kills =~ ^[0-9]+$ ]]; then
  echo "usage: $0 [KILLS] [KIND:FILE ...]" >&2
  exit 2
fi
jobs=("$@")
[[ ${#jobs[@]} -gt 0 ]] || jobs=(supernet:examples/soak-landmarks.yaml supernet:examples/soak-gdas.yaml
  experiment:examples/soak-experiment.yaml search:examples/soak-search.yaml bench:examples/bench-nb201-tiny.yaml)
cairn=$(realpath "$(command -v "${CAIRN:-cairn}")")
work=$(realpath "${SOAK_DIR:-$(mktemp -d)}")
mkdir -p "$work"

# The tensors of a checkpoint (name, dtype, shape, bytes) as one digest; the run-state metadata is left out.
digest() { python3 "$(dirname "$0")/checkpoint_digest.py" "$1"; }

# The search configuration over the uninterrupted soak-landmarks super-net (trained here when missing).
search_config() {
  local supernet=$work/search-supernet
  if [[ ! -f $supernet/result.json ]]; then
    "$cairn" supernet train examples/soak-landmarks.yaml --run-dir "$supernet" --threads 1 > "$work/search-supernet.log" 2>&1
  fi
  sed "s|^supernet_run: .*|supernet_run: $supernet|" "$1" > "$work/search.yaml"
  echo "$work/search.yaml"
}

# A benchmark plan with its store and runs inside DIR.
bench_plan() {
  sed -e "s|^store: .*|store: $2/results.sqlite|" -e "s|^runs: .*|runs: $2/runs|" "$1" > "$2.yaml"
  echo "$2.yaml"
}

# Whether process PID still runs (a finished child not yet waited for is a zombie: not running).
running() {
  local state
  state=$(ps -o stat= -p "$1" 2> /dev/null) || return 1
  [[ $state != Z* ]]
}

# Sets `job_argv` to job KIND FILE in DIR (a resume when DIR holds an unfinished run). The job runs as a simple
# command, so that the process a kill reaches is cairn itself, not a subshell around it.
job_command() {
  local kind=$1 file=$2 dir=$3
  case $kind in
    supernet) job_argv=("$cairn" supernet train "$file" --run-dir "$dir" --threads 1) ;;
    experiment) job_argv=("$cairn" experiment "$file" --run-dir "$dir" --threads 1) ;;
    search) job_argv=("$cairn" search --method evolution "$file" --run-dir "$dir" --threads 1) ;;
    bench) job_argv=("$cairn" bench build "$file" --threads 1) ;;
    mpi-supernet)
      job_argv=(env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun -np 2 --oversubscribe --bind-to none --mca btl_vader_single_copy_mechanism none
        "$cairn" supernet train "$file" --run-dir "$dir" --threads 1)
      ;;
  esac
}

# What must be identical after the job in DIR: one line per compared output.
fingerprint() {
  local kind=$1 dir=$2
  case $kind in
    supernet | mpi-supernet) echo "$(digest "$dir/checkpoint/latest.safetensors") $(sha256sum < "$dir/scores.csv")" ;;
    experiment)
      for cell in "$dir"/*/seed-*; do
        echo "${cell#"$dir"/} $(digest "$cell/checkpoint/latest.safetensors") $(sha256sum < "$cell/scores.csv")"
      done
      sha256sum < "$dir/comparison.csv"
      ;;
    search)
      python3 -c "import json, sys; r = json.load(open(sys.argv[1])); r.pop('seconds', None); print(json.dumps(r, sort_keys=True))" "$dir/result.json"
      sha256sum < "$dir/trace.csv"
      ;;
    bench) "$cairn" bench export --space nb201 --dataset cifar10 --store "$dir/results.sqlite" | sha256sum ;;
  esac
}

total=0
for job in "${jobs[@]}"; do
  kind=${job%%:*}
  file=${job#*:}
  [[ $job == *:* ]] || kind=supernet
  case $kind in
    supernet | experiment | search | bench | mpi-supernet) ;;
    *)
      echo "soak: unknown kind '$kind' in '$job' (supernet, experiment, search, bench or mpi-supernet)" >&2
      exit 2
      ;;
  esac
  name=$kind-$(basename "$file" .yaml)
  straight=$work/$name-straight
  soaked=$work/$name-soaked
  rm -rf "$straight" "$soaked" "$straight.yaml" "$soaked.yaml"
  straight_file=$file
  soaked_file=$file
  [[ $kind != search ]] || { straight_file=$(search_config "$file") && soaked_file=$straight_file; }
  if [[ $kind == bench ]]; then
    straight_file=$(bench_plan "$file" "$straight")
    soaked_file=$(bench_plan "$file" "$soaked")
  fi
  start=$(date +%s.%N)
  job_command "$kind" "$straight_file" "$straight"
  "${job_argv[@]}" > "$work/$name-straight.log" 2>&1
  limit=$(python3 -c "print(max(0.2, $(date +%s.%N) - $start))")
  expected=$(fingerprint "$kind" "$straight")
  survived=0 rounds=0 mid_write=0
  log=$work/$name-soaked.log
  while ((survived < kills)); do
    # One round: a fresh job killed until it finishes on its own, then compared with the uninterrupted one.
    rm -rf "$soaked"
    rounds=$((rounds + 1))
    job_command "$kind" "$soaked_file" "$soaked"
    while ((survived < kills)); do
      "${job_argv[@]}" >> "$log" 2>&1 &
      pid=$!
      sleep "$(python3 -c "import random; print(round(random.uniform(0.05, $limit), 3))")"
      if ! running "$pid"; then
        status=0
        wait "$pid" || status=$?
        if ((status != 0)); then
          echo "$job: a resumed job failed with exit $status (round $rounds; see $log)" >&2
          exit 1
        fi
        break
      fi
      kill -9 "$pid" 2> /dev/null || true
      # an MPI job is mpirun and its ranks: kill them all (their command lines name the run directory)
      [[ $kind != mpi-supernet ]] || pkill -9 -f -- "--run-dir $soaked --threads" 2> /dev/null || true
      wait "$pid" 2> /dev/null || true
      survived=$((survived + 1))
      # a temporary file left behind: the kill landed in an atomic write
      if [[ -n $(find "$soaked" -name '.*.tmp-*' -print -quit 2> /dev/null) ]]; then
        mid_write=$((mid_write + 1))
      fi
    done
    if ! "${job_argv[@]}" >> "$log" 2>&1; then
      echo "$job: the last resume failed (round $rounds; see $log)" >&2
      exit 1
    fi
    if [[ $(fingerprint "$kind" "$soaked") != "$expected" ]]; then
      echo "$job: in round $rounds the resumed job differs from the uninterrupted one ($work)" >&2
      exit 1
    fi
    if [[ -n $(find "$soaked" -name '.*.tmp-*' -print -quit) ]]; then
      echo "$job: temporary files of killed writers were left in $soaked" >&2
      exit 1
    fi
  done
  echo "$job: $survived kills survived in $rounds rounds ($mid_write during a file write); final outputs identical to the uninterrupted job's"
  total=$((total + survived))
done
echo "soak: $total kills survived in all"
[[ -n ${SOAK_DIR:-} ]] || rm -rf "$work"  # a temporary work directory is kept only when a job failed
