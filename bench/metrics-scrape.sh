#!/usr/bin/env bash
# bench/metrics-scrape.sh DB PREMIUMS [none] (docs/benchmarks.md, "Metrics"): a batch staged by two
# worker processes (`run --workers 0`), one of them serving --metrics-port 19190, scraped every 0.25 s
# while the batch runs (with `none`: not scraped, for the batch's time without). Prints the run's phase
# times and the scrapes' latency (answered scrapes only).
# DB: a SQLite file (created) or a PostgreSQL connection string to an empty database.
set -euo pipefail
db=$1; premiums=$2; scrape=${3:-scrape}; port=19190
m="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/monthend"
work="$(mktemp -d)"; cd "$work"
export MONTHEND_DB="$db" MONTHEND_AUDIT_KEY="$(head -c 32 /dev/urandom | base64)" MONTHEND_PASSWORD='bench passphrase, long enough'
"$m" init --admin bench >/dev/null
export MONTHEND_USER=bench
"$m" generate --period 2025-01 --premiums "$premiums" --claims $((premiums / 20)) --seed 1 >/dev/null
MONTHEND_NEW_PASSWORD="$MONTHEND_PASSWORD" "$m" user add w --role batch_worker >/dev/null
MONTHEND_USER=w "$m" worker --name metered --metrics-port $port >metered.out 2>&1 & w1=$!
MONTHEND_USER=w "$m" worker --name plain >plain.out 2>&1 & w2=$!
until curl -sf -o /dev/null "127.0.0.1:$port/metrics"; do sleep 0.2; done
"$m" run --period 2025-01 --workers 0 >run.out 2>&1 & run=$!
while kill -0 $run 2>/dev/null; do
  [ "$scrape" = none ] && { sleep 0.25; continue; }
  curl -s -o /dev/null -w "%{http_code} %{time_total}\n" "127.0.0.1:$port/metrics" >>scrapes.txt || true
  sleep 0.25
done
kill $w1 $w2; wait $w1 $w2 2>/dev/null || true
tail -n 1 run.out
touch scrapes.txt
awk '$1 == 200 {print $2 * 1000}' scrapes.txt | sort -n | awk '{a[NR]=$1} END {printf "scrapes answered %d of %d: median %.1f ms, p90 %.1f ms, max %.1f ms\n", NR, '"$(wc -l <scrapes.txt)"', a[int((NR+1)/2)], a[int(NR*0.9)], a[NR]}'
rm -rf "$work"
