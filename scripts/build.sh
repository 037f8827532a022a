#!/usr/bin/env bash
# Build the site into site/: parse content/, draft translations when a model is
# installed, and run a strict MkDocs build. Extra arguments go to `mkdocs build`.
set -euo pipefail
source "$(dirname "$0")/bootstrap.sh"
# Material prints its end-of-life notice on every build; we know, and the core is
# kept free of MkDocs for the move to its successor (docs/decisions/i18n.md).
export NO_MKDOCS_2_WARNING=${NO_MKDOCS_2_WARNING:-1}
"$VENV/bin/mkdocs" build --strict "$@"
# Pages link to folders (page/ → page/index.html), which a browser resolves only
# over HTTP, not from file://: say how to read the site as it will be published.
echo "Site built in site/. To read it: $VENV/bin/python -m http.server -d site -b 127.0.0.1 8000"
echo "then open http://127.0.0.1:8000/"
