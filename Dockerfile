# newswatch on the official Apache Airflow image: Airflow 3.3.2, Python 3.11, this project's DAGs, library,
# SQL and seeds, and every Python package from uv.lock (nothing resolved at build time, nothing installed at
# container start).
#
#   docker build -t newswatch-airflow:latest .        (docker compose build does the same)
#
# Base: the slim variant of the official apache/airflow 3.3.2 image for Python 3.11 (core Airflow, no extra
# providers), so uv.lock is the whole dependency set. Its `deploy` group adds the providers this deployment
# uses (postgres, celery, fab). The regular image ships ~30 more providers pinned by Airflow's constraints.
# When the lock was installed on top of a simulation of it (Airflow 3.3.2 with the image's default extras),
# the google and snowflake providers were left with conflicting pins on protobuf, tenacity and websockets,
# and the `pip check` below failed. Another base: --build-arg AIRFLOW_IMAGE=...
ARG AIRFLOW_VERSION=3.3.2
ARG PYTHON_VERSION=3.11
ARG AIRFLOW_IMAGE=apache/airflow:slim-${AIRFLOW_VERSION}-python${PYTHON_VERSION}

# --- stage 1: the lock file as a hashed requirements file (uv stays out of the final image) ---------------
FROM ${AIRFLOW_IMAGE} AS requirements
ARG UV_VERSION=0.13.9
WORKDIR /tmp/newswatch
COPY pyproject.toml uv.lock ./
RUN pip install --no-cache-dir --user "uv==${UV_VERSION}" \
 && ~/.local/bin/uv export --quiet --frozen --no-dev --group deploy --no-emit-project --format requirements.txt \
      --output-file /tmp/requirements.txt

# --- stage 2: the runtime image ----------------------------------------------------------------------------
FROM ${AIRFLOW_IMAGE}
ARG AIRFLOW_VERSION

# The DuckDB file, raw-HTML archive, run files and fetch state live on a volume mounted here; group 0 may
# write (the compose file runs containers as ${AIRFLOW_UID}:0, as the official compose file does).
USER root
RUN mkdir -p /opt/newswatch/data \
 && chown -R airflow:0 /opt/newswatch \
 && chmod -R g+rwX /opt/newswatch
USER airflow

COPY --from=requirements /tmp/requirements.txt /opt/newswatch/requirements.txt
# The lock pins apache-airflow; refuse to build if it is not the base image's version. Then install with
# hashes checked, and fail the build on any inconsistent requirement.
RUN grep -q "^apache-airflow==${AIRFLOW_VERSION} " /opt/newswatch/requirements.txt \
      || { echo "uv.lock does not pin apache-airflow==${AIRFLOW_VERSION}" >&2; exit 1; } \
 && pip install --no-cache-dir --require-hashes -r /opt/newswatch/requirements.txt \
 && pip check \
 && test "$(python -c 'import importlib.metadata as m; print(m.version("apache-airflow"))')" = "${AIRFLOW_VERSION}"

# The project: DAGs, the newswatch library (plugins/newswatch, also importable outside Airflow through
# PYTHONPATH), migrations and views, sources/gazetteer/lexicons and the offline snapshot site.
COPY --chown=airflow:0 dags/ /opt/airflow/dags/
COPY --chown=airflow:0 plugins/ /opt/airflow/plugins/
COPY --chown=airflow:0 sql/ /opt/airflow/sql/
COPY --chown=airflow:0 seeds/ /opt/airflow/seeds/
RUN printf '#!/bin/sh\nexec python -m newswatch.cli "$@"\n' > /home/airflow/.local/bin/newswatch \
 && chmod 0755 /home/airflow/.local/bin/newswatch

ENV PYTHONPATH=/opt/airflow/plugins \
    NEWSWATCH_HOME=/opt/airflow \
    NEWSWATCH_DB=/opt/newswatch/data/newswatch.duckdb \
    NEWSWATCH_DATA=/opt/newswatch/data \
    AIRFLOW__CORE__LOAD_EXAMPLES=False
