#!/usr/bin/env bash
# Install everything the tests need, then run the whole suite (real model, SQLite, PostgreSQL, Redis, Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/install-browser.sh
bash scripts/services.sh
mkdir -p test-artifacts
.venv/bin/python -m pytest "$@"
