#!/usr/bin/env bash
# Installs what is missing, builds a release, and serves Samvær at http://127.0.0.1:3000 with the
# demo centre (created in ./data/samvaer.db on the first start; kept on later starts).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
export SAMVAER_SEED_DEMO="${SAMVAER_SEED_DEMO:-1}"
exec cargo leptos serve --release --precompress
