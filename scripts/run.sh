#!/usr/bin/env bash
# Install, build the index, answer a first question, then serve the assistant on http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/isl-assistant index build
.venv/bin/isl-assistant ask "What is Level 2 in Finances?"
exec .venv/bin/isl-assistant serve "$@"
