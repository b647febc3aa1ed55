#!/usr/bin/env bash
# Searches every super-net of a finished `cairn experiment` with random search, regularized evolution and NAO
# (one shared score cache per super-net), then prints the mean ground truth of the returned architectures per
# arm and method (docs/RESULTS.md).
# Usage: scripts/search_study.sh EXPERIMENT_DIR OUT_DIR [BUDGET]   (default budget 300; cairn on PATH or $CAIRN)
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 EXPERIMENT_DIR OUT_DIR [BUDGET]" >&2
  exit 2
fi
experiment=$1
out=$2
budget=${3:-300}
cairn=${CAIRN:-cairn}
if [[ ! -f $experiment/plan.json ]]; then
  echo "$experiment: not an experiment directory (no plan.json)" >&2
  exit 2
fi
mkdir -p "$out"
for run in "$experiment"/*/seed-*; do
  [[ -f $run/result.json ]] || continue
  arm=$(basename "$(dirname "$run")")
  seed=$(basename "$run")
  for method in random evolution nao; do
    config=$out/$arm-$seed-$method.yaml
    cat > "$config" <<YAML
supernet_run: '$run'
score_cache: '$out/$arm-$seed-cache.csv'
budget: $budget
population: 50
tournament: 10
nao: {seed_pool: 100, iterations: 2, proposals_per_iteration: $(((budget - 100) / 2)), top_seeds: 100, controller_epochs: 200}
YAML
    "$cairn" search --method "$method" "$config" --run-dir "$out/$arm/$seed/$method" > "$out/$arm-$seed-$method.log"
  done
done
python3 - "$out" <<'PY'
import json, pathlib, statistics, sys
out = pathlib.Path(sys.argv[1])
rows = {}
for result in sorted(out.glob("*/seed-*/*/result.json")):
    method, seed, arm = result.parent.name, result.parent.parent.name, result.parent.parent.parent.name
    rows.setdefault((arm, method), []).append((seed, json.loads(result.read_text())["groundTruth"]))
print("| arm | method | seeds | ground truth of the returned architecture (per seed) | mean ± std |")
print("|---|---|---|---|---|")
for (arm, method), values in sorted(rows.items()):
    numbers = [v for _, v in values]
    std = statistics.stdev(numbers) if len(numbers) > 1 else 0.0
    per_seed = " / ".join(f"{v:.2f}" for v in numbers)
    print(f"| {arm} | {method} | {len(numbers)} | {per_seed} | {statistics.mean(numbers):.2f} ± {std:.2f} |")
PY
