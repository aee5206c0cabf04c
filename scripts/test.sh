#!/usr/bin/env bash
# Every test: format, lints (warnings denied), unit, integration, and end-to-end in headless
# Chromium against a release build with a fresh demo database.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# Ports of its own (3100, mail 2526), so a demo from scripts/run.sh (3000, 2525) can keep running;
# checked first, so a taken port stops the run at once and not after the builds.
need_port 3100 "the end-to-end server"
need_port 2526 "the end-to-end mail sink"
scripts/setup.sh

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "format"
cargo fmt --all --check

step "clippy (server side, browser side)"
cargo clippy -p app --features ssr --all-targets -- -D warnings
cargo clippy -p server --all-targets -- -D warnings
cargo clippy -p app --features hydrate --target wasm32-unknown-unknown -- -D warnings
cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

step "unit tests"
cargo test -p app --features ssr

step "integration tests (the real app on 127.0.0.1:0, a fresh database each)"
cargo test -p server

step "booking benchmark on a small dataset (it runs; the national-scale numbers: see README)"
cargo run -q -p server --bin bench_booking -- --visits 20000 --runs 200 --db target/bench/small.db

step "soak: every page type as every role, new and kept-alive connections (no 5xx, no hang, no panic)"
cargo run -q -p server --bin soak -- --requests 2000

step "end-to-end (release build, headless Chromium, fresh demo database)"
# The server's own address setting wins over cargo-leptos's, and links in mail follow the public
# address (by default the server's own): pinned and cleared, so nothing set in the shell sends the
# tests elsewhere.
export LEPTOS_SITE_ADDR=127.0.0.1:3100 LEPTOS_RELOAD_PORT=3101 SAMVAER_BASE_URL=http://127.0.0.1:3100
export SAMVAER_ADDR=127.0.0.1:3100
unset SAMVAER_PUBLIC_URL
rm -rf target/e2e && mkdir -p target/e2e
export SAMVAER_DATABASE_URL="sqlite://target/e2e/samvaer.db"
export SAMVAER_SEED_DEMO=1
# A local SMTP sink takes the app's mail (the tests read links and codes from the files), and SMS
# texts go to a folder.
cargo build -q -p server --bin smtp_sink
target/debug/smtp_sink 127.0.0.1:2526 target/e2e/mail &
sink=$!
trap 'kill $sink 2>/dev/null || true' EXIT
export SAMVAER_SMTP_HOST=127.0.0.1 SAMVAER_SMTP_PORT=2526 SAMVAER_SMTP_TLS=none
export SAMVAER_SMS_DIR=target/e2e/sms SAMVAER_NOTICE_INTERVAL_MS=300
cargo leptos end-to-end --release --precompress 2>&1 | tee target/e2e/run.log
passed=$(grep -aoE '^ +[0-9]+ passed' target/e2e/run.log | tail -1 | tr -dc '0-9' || true)
failed=$(grep -aoE '^ +[0-9]+ failed' target/e2e/run.log | tail -1 | tr -dc '0-9' || true)
# A skipped test, or one that did not run (a failure before it stopped the run), fails too.
skipped=$(grep -aoE '^ +[0-9]+ (skipped|did not run|interrupted)' target/e2e/run.log | awk '{ n += $1 } END { print n + 0 }' || true)
echo "end2end: ${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped or not run"
[ "${passed:-0}" -gt 0 ] && [ -z "$failed" ] && [ "${skipped:-0}" -eq 0 ] || exit 1

step "first-load size of the parents' portal (fails at 350 KB or more)"
scripts/first-load.sh
