#!/usr/bin/env bash
# Runs news_coverage_daily through Airflow (`airflow dags test`: the real DAG, real tasks, SQLite metadata DB).
# usage: scripts/airflow.sh run DATE SOURCES
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export NEWSWATCH_HOME="$root"
export AIRFLOW_HOME="${AIRFLOW_HOME:-$root/.airflow}"
export AIRFLOW__CORE__DAGS_FOLDER="$root/dags"
export AIRFLOW__CORE__PLUGINS_FOLDER="$root/plugins"
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__UNIT_TEST_MODE=False
export AIRFLOW__LOGGING__LOGGING_LEVEL="${AIRFLOW__LOGGING__LOGGING_LEVEL:-WARNING}"
export PATH="$root/.venv/bin:$PATH"
mkdir -p "$AIRFLOW_HOME"

cmd=${1:?usage: airflow.sh run DATE SOURCES}
case "$cmd" in
  run)
    day=${2:?DATE required (YYYY-MM-DD)}
    sources=${3:-seeds/sources.yaml}
    [[ "$day" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || { echo "DATE must be YYYY-MM-DD, got '$day'" >&2; exit 2; }
    [[ -f "$sources" ]] || { echo "sources file not found: $sources" >&2; exit 2; }
    airflow db migrate >/dev/null
    airflow pools set newswatch_duckdb 1 "single DuckDB writer" >/dev/null
    conf=$(printf '{"sources": "%s", "day": "%s"}' "$sources" "$day")
    airflow dags test news_coverage_daily "$day" --conf "$conf"
    ;;
  backfill)
    from=${2:?FROM required (YYYY-MM-DD)}; to=${3:?TO required (YYYY-MM-DD)}; sources=${4:-seeds/sources.yaml}
    day=$from
    while [[ "$day" < "$to" || "$day" == "$to" ]]; do
      echo "== $day"
      "$0" run "$day" "$sources"
      day=$(date -u -d "$day + 1 day" +%F)
    done
    ;;
  *) echo "unknown command: $cmd" >&2; exit 2 ;;
esac
