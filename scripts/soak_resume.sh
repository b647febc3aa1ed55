#!/usr/bin/env bash
# Kill-and-resume soak (docs/RELIABILITY.md): trains a super-net configuration once straight through, then again
# while killing it with SIGKILL at random moments (KILLS times), resuming after each kill; the resumed run's final
# checkpoint tensors (weights, optimizer state) and its final scores must equal the uninterrupted run's, byte for
# byte. Kills land anywhere, checkpoint writes included: a delay is drawn uniformly up to twice an epoch's time.
# Usage: scripts/soak_resume.sh [KILLS] [CONFIG ...]   (default: 10 kills of examples/soak-landmarks.yaml and
#        examples/soak-gdas.yaml; cairn on PATH or $CAIRN; work in $SOAK_DIR, default a temporary directory)
set -euo pipefail
kills=${1:-10}
shift || true
configs=("$@")
[[ ${#configs[@]} -gt 0 ]] || configs=(examples/soak-landmarks.yaml examples/soak-gdas.yaml)
cairn=${CAIRN:-cairn}
work=${SOAK_DIR:-$(mktemp -d)}
mkdir -p "$work"
if ! [[ $kills =~ ^[0-9]+$ ]]; then
  echo "usage: $0 [KILLS] [CONFIG ...]" >&2
  exit 2
fi

# The tensors of a checkpoint (name, dtype, shape, bytes) as one digest; the run-state metadata is left out.
digest() {
  python3 - "$1" <<'PY'
import hashlib, json, struct, sys
data = open(sys.argv[1], "rb").read()
(length,) = struct.unpack("<Q", data[:8])
header = json.loads(data[8:8 + length])
body = data[8 + length:]
h = hashlib.sha256()
for name in sorted(k for k in header if k != "__metadata__"):
    entry = header[name]
    start, end = entry["data_offsets"]
    h.update(f"{name}|{entry['dtype']}|{entry['shape']}|".encode() + body[start:end])
print(h.hexdigest())
PY
}

total=0
for config in "${configs[@]}"; do
  name=$(basename "$config" .yaml)
  straight=$work/$name-straight
  soaked=$work/$name-soaked
  rm -rf "$straight" "$soaked"
  start=$(date +%s.%N)
  "$cairn" supernet train "$config" --run-dir "$straight" --threads 1 > "$work/$name-straight.log" 2>&1
  seconds=$(python3 -c "print($(date +%s.%N) - $start)")
  epochs=$(python3 -c "import json; print(json.load(open('$straight/config.json'))['training']['epochs'])")
  limit=$(python3 -c "print(2 * $seconds / $epochs)")
  survived=0
  for ((k = 0; k < kills; k++)); do
    [[ -f $soaked/result.json ]] && break
    "$cairn" supernet train "$config" --run-dir "$soaked" --threads 1 >> "$work/$name-soaked.log" 2>&1 &
    pid=$!
    sleep "$(python3 -c "import random; print(round(random.uniform(0.05, $limit), 3))")"
    if kill -9 "$pid" 2> /dev/null; then survived=$((survived + 1)); fi
    wait "$pid" 2> /dev/null || true
  done
  "$cairn" supernet train "$config" --run-dir "$soaked" --threads 1 >> "$work/$name-soaked.log" 2>&1
  a=$(digest "$straight/checkpoint/latest.safetensors")
  b=$(digest "$soaked/checkpoint/latest.safetensors")
  if [[ $a != "$b" ]] || ! cmp -s "$straight/scores.csv" "$soaked/scores.csv"; then
    echo "$config: after $survived kills the resumed run differs from the uninterrupted one ($work)" >&2
    exit 1
  fi
  echo "$config: $survived kills survived; final checkpoint tensors and scores identical (sha256 ${a:0:16})"
  total=$((total + survived))
done
echo "soak: $total kills survived in all"
