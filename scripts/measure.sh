#!/usr/bin/env bash
# Prints the release wasm size (raw and gzip) and the time from start to the first served page on
# an empty data directory (migrations + demo data included). Needs a release build first
# (scripts/run.sh or scripts/test.sh make one).
set -euo pipefail
cd "$(dirname "$0")/.."
# Build files carry a content hash in their names: samvaer.<hash>.wasm and so on.
pkg() { ls target/site/pkg/samvaer.*."$1" 2>/dev/null | head -1; }
WASM=$(pkg wasm)
[ -n "$WASM" ] && [ -x target/release/server ] || { echo "build first: cargo leptos build --release --precompress" >&2; exit 1; }
printf 'wasm raw:  %6d KB\n' $(( $(stat -c %s "$WASM") / 1024 ))
printf 'wasm gzip: %6d KB\n' $(( $(gzip -9 -c "$WASM" | wc -c) / 1024 ))
printf 'js gzip:   %6d KB\n' $(( $(gzip -9 -c "$(pkg js)" | wc -c) / 1024 ))
printf 'css gzip:  %6d KB\n' $(( $(gzip -9 -c "$(pkg css)" | wc -c) / 1024 ))

DIR=$(mktemp -d)
PORT=3917
start=$(date +%s%N)
SAMVAER_DATABASE_URL="sqlite://$DIR/samvaer.db" SAMVAER_SEED_DEMO=1 SAMVAER_ADDR="127.0.0.1:$PORT" \
  LEPTOS_SITE_ROOT=target/site RUST_LOG=warn target/release/server serve &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$DIR"' EXIT
for _ in $(seq 1 600); do
  if curl -fs -o /dev/null "http://127.0.0.1:$PORT/logind"; then break; fi
  sleep 0.02
done
end=$(date +%s%N)
printf 'start to first page (empty data dir, migrate + demo data): %d ms\n' $(( (end - start) / 1000000 ))
page=$(curl -s -H 'Accept-Encoding: gzip' "http://127.0.0.1:$PORT/logind" | wc -c)
printf 'sign-in page HTML gzip: %d KB\n' $(( page / 1024 ))
