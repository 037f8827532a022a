#!/usr/bin/env bash
# Build the site into site/: parse content/, draft translations when a model is
# installed, and run a strict MkDocs build. Extra arguments go to `mkdocs build`.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
"$VENV/bin/mkdocs" build --strict "$@"
echo "Site built: open site/index.html"
