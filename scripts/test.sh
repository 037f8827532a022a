#!/usr/bin/env bash
# Run the test suite. Installs what the tests need: the project with its test
# extras, and GNU gettext (msgfmt) when it is missing and we may install it.
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
.venv/bin/ruff check briefings hooks tests bench
exec .venv/bin/python -m pytest "$@"
