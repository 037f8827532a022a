#!/usr/bin/env bash
# Run the test suite against the newest versions pyproject.toml allows, ignoring
# the lock, in its own environment (.venv-newest), so that a release that breaks
# us (as Babel 2.19's new CLDR data did) is seen the day it appears. The GitHub
# workflow .github/workflows/newest.yml runs this every day; when it fails, fix
# the code or tighten a bound in pyproject.toml, then `bash scripts/lock.sh`.
#
#   bash scripts/test-newest.sh [pytest arguments]
set -euo pipefail
export BRIEFINGS_NEWEST=1
exec bash "$(dirname "$0")/test.sh" "$@"
