#!/usr/bin/env bash
# Run the test suite. Installs what the tests need: the project with its test
# extras, GNU gettext (msgfmt) when it is missing and we may install it, and
# axe-core (npm ci, from tests/browser/package-lock.json) for the browser tests.
# Chromium and Java are system packages: .ci/run installs them in CI; without
# them the browser and HTML validation tests are skipped, except when CI is set.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh" test
if ! command -v msgfmt >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq gettext >/dev/null
  else
    echo "The tests need GNU gettext's msgfmt: install the 'gettext' package" >&2
    exit 1
  fi
fi
browser=tests/browser
if [ -f "$browser/package-lock.json" ] \
   && [ ! "$browser/node_modules/.package-lock.json" -nt "$browser/package-lock.json" ]; then
  if command -v npm >/dev/null; then
    npm ci --prefix "$browser" --ignore-scripts --no-audit --no-fund --loglevel=error
  elif [ -n "${CI:-}" ]; then
    echo "CI: the browser tests need npm (Node.js) to install axe-core" >&2
    exit 1
  else
    echo "npm is missing: the accessibility tests will be skipped" >&2
  fi
fi
if [ -n "${BRIEFINGS_NEWEST:-}" ]; then
  echo "Testing against the newest allowed versions, not the lock:" \
    "$("$VENV/bin/python" -m pip list --format=freeze 2>/dev/null \
       | grep -iE '^(mkdocs|mkdocs-material|babel|ctranslate2|argostranslate)==' | tr '\n' ' ')"
fi
"$VENV/bin/ruff" check briefings hooks tests bench corpus
# One test process per core (pytest-xdist), at most four: the slow tests build
# sites and models, and on two cores the suite takes about half as long.
# BRIEFINGS_TEST_PROCESSES=0 runs everything in this one process.
exec "$VENV/bin/python" -m pytest -n "${BRIEFINGS_TEST_PROCESSES:-auto}" --maxprocesses 4 "$@"
