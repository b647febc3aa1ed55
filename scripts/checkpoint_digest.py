#!/usr/bin/env python3
"""Prints one sha256 over a safetensors checkpoint's tensors (name, dtype, shape, bytes), leaving out the run-state
metadata, so two checkpoints of the same weights and optimizer state compare equal. Fails on a torn or unreadable
file. Used by scripts/soak_resume.sh and scripts/storage_faults.sh. Usage: scripts/checkpoint_digest.py FILE"""
import hashlib
import json
import struct
import sys

data = open(sys.argv[1], "rb").read()
(length,) = struct.unpack("<Q", data[:8])
header = json.loads(data[8:8 + length])
body = data[8 + length:]
digest = hashlib.sha256()
for name in sorted(k for k in header if k != "__metadata__"):
    entry = header[name]
    start, end = entry["data_offsets"]
    assert end <= len(body), f"tensor {name} runs past the end of the file"
    digest.update(f"{name}|{entry['dtype']}|{entry['shape']}|".encode() + body[start:end])
print(digest.hexdigest())
