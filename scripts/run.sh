#!/usr/bin/env bash
# Installs what is missing, builds a release, and serves Samvær at http://127.0.0.1:3000 with the
# demo centre (created in ./data/samvaer.db on the first start; kept on later starts).
# Unless SAMVAER_SMTP_HOST is set, a local SMTP sink takes the demo's e-mail (./data/mail/) and
# SMS texts are written to ./data/sms/, so links and one-time codes can be tried out.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
source scripts/env.sh
addr="${SAMVAER_ADDR:-${LEPTOS_SITE_ADDR:-127.0.0.1:3000}}"
need_port "${addr##*:}" "the app"
export SAMVAER_SEED_DEMO="${SAMVAER_SEED_DEMO:-1}"
if [ -z "${SAMVAER_SMTP_HOST:-}" ]; then
  need_port 2525 "the demo's mail sink"
  # Not quiet: on a new machine this is the first build, and it takes minutes.
  cargo build --release -p server --bin smtp_sink
  target/release/smtp_sink 127.0.0.1:2525 data/mail &
  sink=$!
  trap 'kill $sink 2>/dev/null || true' EXIT
  export SAMVAER_SMTP_HOST=127.0.0.1 SAMVAER_SMTP_PORT=2525 SAMVAER_SMTP_TLS=none
  export SAMVAER_SMS_DIR="${SAMVAER_SMS_DIR:-data/sms}"
fi
cargo leptos serve --release --precompress
