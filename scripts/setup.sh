#!/usr/bin/env bash
# Set up a fresh machine: a virtual environment with the CPU build of torch and the package.
# Idempotent: re-running only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
# torch first and pinned to the CPU build, so nothing pulls the CUDA wheels
.venv/bin/python -m pip install --quiet "torch==2.13.0+cpu"
.venv/bin/python -m pip install --quiet -e ".[dev]"
