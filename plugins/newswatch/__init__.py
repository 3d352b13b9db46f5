"""newswatch: a news-coverage tracker.

The library does the work (discovery, polite fetching, text extraction, mention finding, quote
attribution, DuckDB loading, reporting) as plain, typed Python. It never imports Airflow: the DAG
files in ``dags/`` are thin wiring over these modules, and the CLI drives the same functions.
"""

__version__ = "0.1.0"

# Bumped whenever extraction (text, mentions or quotes) changes its output; stored on every row so
# re-extraction can tell stale rows from fresh ones.
EXTRACTOR_VERSION = "2026.11.4"
