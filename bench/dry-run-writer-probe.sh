#!/usr/bin/env bash
# bench/dry-run-writer-probe.sh DB STOPFILE: a production writer beside a dry run (docs/benchmarks.md, "Dry run"): one
# March premium inserted every 0.2 s with the sqlite3 shell (busy timeout 60 s) until STOPFILE exists; prints each insert's wall time in ms.
db=$1; stop=$2; id=900000000
while [ ! -e "$stop" ]; do
  id=$((id + 1)); start=$(date +%s%N)
  sqlite3 -cmd ".timeout 60000" "$db" "INSERT INTO premium_transaction (txn_id, policy_id, txn_date, payment_date, premium_amount,
    fund_tabarru, fund_tanahud, fund_ujroh, product_code, plan_code, payment_method, status, batch_processed)
    VALUES ($id, 1, '2025-03-10', '2025-03-10', 1000, 400, 400, 200, 'TKF-LIFE', 'P1', 'TRANSFER', 'PAID', 0)" >/dev/null
  echo $(( ($(date +%s%N) - start) / 1000000 ))
  sleep 0.2
done
