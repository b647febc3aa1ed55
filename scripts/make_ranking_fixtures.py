#!/usr/bin/env python3
"""Writes the rank-correlation fixture CairnRanking's tests read, with SciPy as the reference.

    python3 scripts/make_ranking_fixtures.py    # writes Tests/CairnRankingTests/Fixtures/ranking_cases.json

Every case holds two equal-length lists `x` and `y` and SciPy's answers for them:
`kendall_tau_b` (scipy.stats.kendalltau, variant 'b'), `spearman_rho` (scipy.stats.spearmanr) and
`pearson_r` (scipy.stats.pearsonr); an undefined answer (SciPy's NaN) is written as null.
Cases marked `accuracy_like` also hold the two sparse Kendall tau variants computed here in NumPy, with
`x` as the super-net scores and `y` as the ground-truth accuracies.

Floats are written with Python's shortest round-trip repr, so every double is exact. The generator is
seeded: running the script again writes the same file.

Needs: pip install numpy scipy
"""
import json
import math
import warnings

import numpy as np
from scipy import stats

FIXTURE = "Tests/CairnRankingTests/Fixtures/ranking_cases.json"
SEED = 20240517


def defined(value):
    """SciPy's NaN (undefined) becomes None (JSON null); anything else a Python float."""
    value = float(value)
    return None if math.isnan(value) else value


def scipy_answers(x, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tau = stats.kendalltau(x, y, variant="b").statistic
        rho = stats.spearmanr(x, y).statistic if len(x) >= 2 else math.nan
        r = stats.pearsonr(x, y).statistic if len(x) >= 2 else math.nan
    return {"kendall_tau_b": defined(tau), "spearman_rho": defined(rho), "pearson_r": defined(r)}


def binned_sparse_tau(scores, truth, precision):
    """Cairn's binned S-KdT: ground truth floored to `precision` (snapping quotients within 1e-9 of an
    integer to it), scores left alone, then tau-b."""
    bins = []
    for value in truth:
        q = value / precision
        nearest = round(q)
        bins.append(nearest if abs(q - nearest) <= 1e-9 * max(1.0, abs(q)) else math.floor(q))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return defined(stats.kendalltau(scores, bins, variant="b").statistic)


def landmark_authors_sparse_tau(scores, truth, threshold):
    """The landmark authors' S-KdT, re-derived from its description (not their code): fractions,
    dense bins of floor(acc * (1/t)) along the ground-truth order, the same bins read along the super-net
    order (ties by index: a stable sort), then tau-b of the two bin sequences."""

    def as_fraction(values):
        return [v * 1e-2 for v in values] if 1 < np.average(values) < 100 else list(values)

    s = as_fraction(scores)
    g = as_fraction(truth)
    multiplier = 1 / threshold if threshold < 1 else 1.0
    truth_order = np.argsort(np.array(g), kind="stable")
    bin_of = {}
    previous, current_bin = 0.0, -1
    for i in truth_order:
        if g[i] * multiplier // 1 > previous * multiplier // 1:
            current_bin += 1
        bin_of[int(i)] = current_bin
        previous = g[i]
    x = [bin_of[int(i)] for i in truth_order]
    y = [bin_of[int(i)] for i in np.argsort(np.array(s), kind="stable")]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return defined(stats.kendalltau(x, y, variant="b").statistic)


def case(name, x, y, accuracy_like=False):
    x = [float(v) for v in x]
    y = [float(v) for v in y]
    entry = {"name": name, "x": x, "y": y, **scipy_answers(x, y)}
    if accuracy_like:
        entry["sparse"] = [
            {"variant": "binned", "threshold": 0.1, "value": binned_sparse_tau(x, y, 0.1)},
            {"variant": "binned", "threshold": 1.0, "value": binned_sparse_tau(x, y, 1.0)},
            {"variant": "landmarkAuthors", "threshold": 1e-3, "value": landmark_authors_sparse_tau(x, y, 1e-3)},
            {"variant": "landmarkAuthors", "threshold": 1e-2, "value": landmark_authors_sparse_tau(x, y, 1e-2)},
        ]
    return entry


def main():
    rng = np.random.default_rng(SEED)
    cases = []

    x = rng.normal(size=60)
    cases.append(case("random continuous n=60", x, 0.6 * x + rng.normal(size=60)))

    x = rng.normal(size=200)
    cases.append(case("heavy ties (both rounded) n=200", np.round(x), np.round(x + rng.normal(size=200), 0)))

    x = rng.integers(0, 4, size=150)
    cases.append(case("few levels in both n=150", x, rng.integers(0, 3, size=150) + x))

    x = rng.normal(size=80)
    cases.append(case("ties in y only n=80", x, np.round(x + 0.5 * rng.normal(size=80), 0)))

    x = rng.normal(size=80)
    cases.append(case("ties in x only n=80", np.round(2 * x) / 2, x + 0.3 * rng.normal(size=80)))

    cases.append(case("n=2 concordant", [0.25, 1.5], [3.0, 7.0]))
    cases.append(case("n=2 discordant", [1.0, 2.0], [3.0, 1.0]))
    cases.append(case("n=2 tied in x", [1.0, 1.0], [3.0, 1.0]))
    cases.append(case("n=3", [0.1, 0.7, 0.4], [10.0, 30.0, 30.0]))
    cases.append(case("n=3 distinct", [3.0, 1.0, 2.0], [1.0, 2.0, 3.0]))

    x = np.arange(25, dtype=float)
    cases.append(case("reversed n=25", x, -x))
    cases.append(case("identical n=25", x, x.copy()))

    cases.append(case("constant x", [2.0, 2.0, 2.0, 2.0], [1.0, 3.0, 2.0, 5.0]))
    cases.append(case("constant y", [1.0, 3.0, 2.0, 5.0], [4.5, 4.5, 4.5, 4.5]))

    x = rng.normal(size=2000)
    y = 0.3 * x + rng.normal(size=2000)
    cases.append(case("large continuous n=2000", x, y))
    cases.append(case("large tied n=2000", np.round(x, 1), np.round(y, 1)))

    truth = np.round(70 + 24 * rng.beta(5, 2, size=300), 2)
    scores = np.round(0.4 * truth + 3.0 * rng.normal(size=300), 6)
    cases.append(case("accuracy-like percent n=300", scores, truth, accuracy_like=True))

    truth = np.round(0.6 + 0.35 * rng.beta(4, 2, size=120), 4)
    scores = truth + 0.05 * rng.normal(size=120)
    cases.append(case("accuracy-like fraction n=120", scores, truth, accuracy_like=True))

    for entry in cases:
        assert len(entry["x"]) == len(entry["y"])
    document = {
        "generator": "scripts/make_ranking_fixtures.py",
        "scipy": __import__("scipy").__version__,
        "numpy": np.__version__,
        "seed": SEED,
        "cases": cases,
    }
    header = {key: value for key, value in document.items() if key != "cases"}
    lines = [json.dumps(entry, allow_nan=False) for entry in cases]
    with open(FIXTURE, "w") as f:
        f.write(json.dumps(header, allow_nan=False)[:-1] + ',\n "cases": [\n  ')
        f.write(",\n  ".join(lines))
        f.write("\n ]\n}\n")
    print(f"wrote {FIXTURE} ({len(cases)} cases)")


if __name__ == "__main__":
    main()
