#!/usr/bin/env python3
"""Writes the safetensors fixture Cairn's tests read, with Python's reference `safetensors` package.

    python3 scripts/make_safetensors_fixture.py            # writes Tests/CairnEngineTests/Fixtures/python.safetensors
    python3 scripts/make_safetensors_fixture.py FILE       # checks that Python loads a file Cairn wrote

Needs: pip install safetensors numpy
"""
import sys

import numpy as np
from safetensors.numpy import load_file, save_file

FIXTURE = "Tests/CairnEngineTests/Fixtures/python.safetensors"


def write():
    tensors = {
        "conv.weight": np.arange(2 * 3 * 1 * 2, dtype=np.float32).reshape(2, 3, 1, 2) / 4.0,
        "bias": np.array([-1.5, 0.25, 3.0], dtype=np.float32),
        "scalar": np.array(7.0, dtype=np.float32),
    }
    save_file(tensors, FIXTURE, metadata={"producer": "python-safetensors"})
    print(f"wrote {FIXTURE}")


def check(path):
    tensors = load_file(path)
    for name in sorted(tensors):
        print(name, tensors[name].dtype, list(tensors[name].shape), tensors[name].ravel()[:6].tolist())


if __name__ == "__main__":
    check(sys.argv[1]) if len(sys.argv) > 1 else write()
