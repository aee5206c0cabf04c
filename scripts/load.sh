#!/usr/bin/env bash
# Throughput of the release build, all pages in one run: the server pinned to one core, wrk on
# the other, 32 connections, 10 s a page, in three rounds. Prints the medians of requests/s, p50
# and p99, and of each page's ratio to the anonymous sign-in page measured in the same round.
# Asserts nothing (timings never gate a test run).
#
#   scripts/load.sh            # after scripts/run.sh or scripts/test.sh made a release build
#   DURATION=30s ROUNDS=5 scripts/load.sh
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
  printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$1" "$rps" "$(ms "$p50")" "$(ms "$p99")"
}
ms() { # wrk's 850.00us / 7.64ms / 1.02s in milliseconds
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/ && v !~ /ms$/) n *= 1000; print n }'
}
# The machines are noisy: every page is measured in each of ROUNDS rounds, each page's ratio is
# taken against /logind of the same round, and the table shows the medians.
ROUNDS=${ROUNDS:-3}
for round in $(seq "$ROUNDS"); do
  row "/healthz" /healthz ""
  row "/logind (anonymous)" /logind ""
  row "/om-samvaer (anonymous)" /om-samvaer ""
  row "/om-samvaer (parent)" /om-samvaer "$parent"
  row "/mine-samvaer (parent)" /mine-samvaer "$parent"
  row "/booking (consultant)" /booking "$staff"
  row "/oversigt (consultant)" /oversigt "$staff"
done > target/load/table.tsv
printf '| page | requests/s | × /logind | p50 | p99 |\n|---|---|---|---|---|\n'
awk -F'\t' '
  $2 ~ /^\/logind/ { base[$1] = $3 }
  { rows[NR] = $0; if (!($2 in seen)) { seen[$2] = 1; order[++n] = $2 } }
  END {
    for (i = 1; i <= NR; i++) {
      split(rows[i], f, "\t"); k = f[2]; c = ++count[k]
      rps[k, c] = f[3]; ratio[k, c] = f[3] / base[f[1]]; p50[k, c] = f[4]; p99[k, c] = f[5]
    }
    for (j = 1; j <= n; j++) {
      k = order[j]
      printf "| %s | %.0f | %.2f | %.1f ms | %.1f ms |\n", k, med(rps, k, count[k]), med(ratio, k, count[k]), med(p50, k, count[k]), med(p99, k, count[k])
    }
  }
  function med(a, k, m,   v, i, j, t) {
    for (i = 1; i <= m; i++) v[i] = a[k, i]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
    return (m % 2) ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
  }' target/load/table.tsv
