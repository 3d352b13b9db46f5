#!/usr/bin/env bash
# make demo: serve the bundled offline news site on 127.0.0.1, run the real DAG through Airflow on it,
# then print the summary. Needs no network.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEWSWATCH_HOME=$(pwd)
port_base=${NEWSWATCH_DEMO_PORT:-8731}
day=${NEWSWATCH_DEMO_DAY:-2019-11-08}

.venv/bin/newswatch serve-snapshot --port-base "$port_base" > .demo-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  grep -q korea-ledger .demo-server.log 2>/dev/null && break
  kill -0 $server 2>/dev/null || { cat .demo-server.log >&2; echo "snapshot server failed to start" >&2; exit 1; }
  sleep 0.1
done
echo "snapshot site: $(tr '\n' ' ' < .demo-server.log)"

scripts/airflow.sh run "$day" seeds/demo_sources.yaml > .demo-airflow.log 2>&1 || {
  tail -n 60 .demo-airflow.log >&2; echo "DAG run failed (full log: .demo-airflow.log)" >&2; exit 1; }
echo "DAG news_coverage_daily ran for $day (log: .demo-airflow.log)"
echo
.venv/bin/newswatch summary
echo
echo "DuckDB: ${NEWSWATCH_DB:-data/newswatch.duckdb}   report: data/report.html"
