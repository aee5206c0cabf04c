#!/usr/bin/env bash
# Prints what a parent's phone downloads the first time it opens "Mine samvær": the HTML, CSS, JS
# and wasm, compressed as served (brotli where the browser accepts it, like Chromium does), and
# after that the service worker with what it stores. Target: under 350 KB. Needs a release build
# (scripts/run.sh or scripts/test.sh make one).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x target/release/server ] && ls target/site/pkg/*.wasm >/dev/null 2>&1 || { echo "build first: cargo leptos build --release --precompress" >&2; exit 1; }

DIR=$(mktemp -d)
PORT=${PORT:-3918}
BASE="http://127.0.0.1:$PORT"
SAMVAER_DATABASE_URL="sqlite://$DIR/samvaer.db" SAMVAER_SEED_DEMO=1 SAMVAER_ADDR="127.0.0.1:$PORT" SAMVAER_PUBLIC_URL="$BASE" \
  LEPTOS_SITE_ROOT=target/site RUST_LOG=warn target/release/server serve &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$DIR"' EXIT
for _ in $(seq 1 300); do curl -fs -o /dev/null "$BASE/healthz" && break; sleep 0.05; done

JAR="$DIR/cookies"
ENC='gzip, deflate, br, zstd'
fail() { echo "first-load: $1" >&2; exit 1; }
# The numbers mean something only for the signed-in parent's page: a failed sign-in, a missing
# file or another page fails the script.
landing=$(curl -fs -c "$JAR" -b "$JAR" -H "Origin: $BASE" -H 'Accept: application/json' \
  --data 'email=mette@demo.test&password=samvaer-demo' "$BASE/api/auth/sign_in") || fail "the demo parent could not sign in"
[ "$landing" = '"/mine-samvaer"' ] || fail "the sign-in answered $landing, not \"/mine-samvaer\""
# Bytes on the wire for one request, and its Content-Encoding; a status of 400 or more fails.
fetch() {
  curl -fs -o /dev/null -b "$JAR" -H "Accept-Encoding: $ENC" -w '%{size_download} %header{content-encoding}' "$BASE$1" \
    || fail "$1 was not served"
}

total=0
kb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
row() { printf '  %-44s %7s KB  %s\n' "$1" "$(kb "$2")" "${3:-identity}"; total=$((total + $2)); }
echo "first load of /mine-samvaer (signed in as the demo parent):"
out=$(fetch /mine-samvaer); read -r bytes enc <<<"$out"; row "/mine-samvaer (HTML)" "$bytes" "$enc"
html=$(curl -fs -b "$JAR" "$BASE/mine-samvaer") || fail "/mine-samvaer was not served"
grep -q 'class="page-title">Mine samvær<' <<<"$html" || fail "the page is not \"Mine samvær\" (signed out?)"
# Exactly one hashed stylesheet, script and wasm file: a renamed or unhashed one fails.
css=$(grep -oE '/pkg/samvaer\.[A-Za-z0-9_-]{16,}\.css' <<<"$html" | sort -u)
js=$(grep -oE '/pkg/samvaer\.[A-Za-z0-9_-]{16,}\.js' <<<"$html" | sort -u)
wasm=$(grep -oE 'samvaer\.[A-Za-z0-9_-]{16,}\.wasm' <<<"$html" | sort -u | sed 's|^|/pkg/|')
for kind in css js wasm; do
  [ "$(grep -c . <<<"${!kind}")" -eq 1 ] || fail "expected one hashed $kind file on the page, found: ${!kind:-none}"
done
for asset in $css $js $wasm; do
  out=$(fetch "$asset"); read -r bytes enc <<<"$out"; row "$asset" "$bytes" "$enc"
done
printf '  %-44s %7s KB   (target: under 350 KB)\n' "TOTAL before the page is interactive" "$(kb "$total")"
page_total=$total
echo "then, in the background, the service worker and what it stores:"
for asset in /sw.js /offline.html /offline.css /manifest.webmanifest /icons/icon.svg /icons/icon-192.png; do
  out=$(fetch "$asset"); read -r bytes enc <<<"$out"; row "$asset" "$bytes" "$enc"
done
printf '  %-44s %7s KB\n' "TOTAL with the service worker's files" "$(kb "$total")"
printf 'wasm: %d bytes raw, %d brotli, %d gzip\n' "$(stat -c %s target/site/pkg/samvaer.*.wasm | head -1)" \
  "$(stat -c %s target/site/pkg/samvaer.*.wasm.br | head -1)" "$(stat -c %s target/site/pkg/samvaer.*.wasm.gz | head -1)"
[ "$page_total" -lt $((350 * 1024)) ]
