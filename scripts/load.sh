#!/usr/bin/env bash
# Throughput of the release build, all pages in one run: the server pinned to one core, wrk on
# the other, 32 connections, 10 s a page. Prints requests/s, p50 and p99, and each page's ratio
# to the anonymous sign-in page. Asserts nothing (timings never gate a test run).
#
#   scripts/load.sh            # after scripts/run.sh or scripts/test.sh made a release build
#   DURATION=30s scripts/load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
command -v wrk >/dev/null || { SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"; $SUDO apt-get install -y -qq wrk >/dev/null; }
[ -x target/release/server ] || { echo "no release build: run scripts/run.sh or cargo leptos build --release first" >&2; exit 1; }
DURATION=${DURATION:-10s}
PORT=${PORT:-3099}
BASE="http://127.0.0.1:$PORT"
rm -rf target/load && mkdir -p target/load
cores=$(nproc)
server_core=0; load_core=$(( cores > 1 ? 1 : 0 ))
SAMVAER_DATABASE_URL="sqlite://target/load/samvaer.db" SAMVAER_SEED_DEMO=1 SAMVAER_ADDR="127.0.0.1:$PORT" \
  LEPTOS_SITE_ROOT=target/site RUST_LOG=warn taskset -c "$server_core" target/release/server > target/load/server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -fs "$BASE/healthz" >/dev/null && break; sleep 0.2; done
curl -fs "$BASE/healthz" >/dev/null || { echo "the server did not start (target/load/server.log)" >&2; exit 1; }

# A session cookie for a demo account (sessions last 12 hours: long enough for every run).
cookie() {
  curl -fs -o /dev/null -D - -H "Origin: $BASE" --data-urlencode "email=$1" --data-urlencode "password=samvaer-demo" \
    "$BASE/api/auth/sign_in" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \(samvaer_session=[^;]*\).*/\1/p' | head -1
}
parent=$(cookie mette@demo.test); staff=$(cookie konsulent@demo.test)
[ -n "$parent" ] && [ -n "$staff" ] || { echo "sign-in failed" >&2; exit 1; }

row() { # name path cookie
  local out rps p50 p99
  out=$(taskset -c "$load_core" wrk -t1 -c32 -d"$DURATION" --latency ${3:+-H "Cookie: $3"} "$BASE$2")
  rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  if grep -q "Non-2xx" <<<"$out"; then echo "$1: answers that were not 2xx: $(grep Non-2xx <<<"$out")" >&2; fi
  printf '%s\t%s\t%s\t%s\n' "$1" "$rps" "$p50" "$p99"
}
{
  row "/healthz" /healthz ""
  row "/logind (anonymous)" /logind ""
  row "/om-samvaer (anonymous)" /om-samvaer ""
  row "/om-samvaer (parent)" /om-samvaer "$parent"
  row "/mine-samvaer (parent)" /mine-samvaer "$parent"
  row "/booking (consultant)" /booking "$staff"
  row "/oversigt (consultant)" /oversigt "$staff"
} > target/load/table.tsv
base_rps=$(awk -F'\t' '$1 ~ /^\/logind/ {print $2}' target/load/table.tsv)
printf '| page | requests/s | × /logind | p50 | p99 |\n|---|---|---|---|---|\n'
awk -F'\t' -v b="$base_rps" '{ printf "| %s | %.0f | %.2f | %s | %s |\n", $1, $2, $2 / b, $3, $4 }' target/load/table.tsv
