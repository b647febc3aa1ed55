#!/usr/bin/env bash
# Installs the system packages Cairn needs (Debian/Ubuntu): oneDNN, zlib, Fashion-MNIST, and Open MPI (mpirun and
# its library, opened at run time for multi-process jobs only).
set -euo pipefail
packages=(libdnnl-dev zlib1g-dev dataset-fashion-mnist openmpi-bin)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq "${missing[@]}"
