# Sourced by build.sh and test.sh: make a virtual environment and install the
# project into it, with the versions locked in requirements/constraints.txt, so
# that every machine gets the same set (move the lock forward: scripts/lock.sh).
# With BRIEFINGS_NEWEST=1 (scripts/test-newest.sh) it uses .venv-newest instead,
# ignores the lock and takes the newest versions pyproject.toml allows.
#
# torch is installed first, pinned to the CPU build, because argostranslate pulls
# stanza, which pulls torch: left to itself pip would fetch the multi-GB CUDA build.
# Set TORCH_INDEX_URL to the PyTorch CPU wheel index on machines whose pip does not
# already see a CPU wheel of torch 2.13.0.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
TORCH_VERSION=2.13.0
extras=${1:-}
if [ -n "${BRIEFINGS_NEWEST:-}" ]; then
  VENV=.venv-newest
  lock=(--upgrade --upgrade-strategy eager)
else
  VENV=.venv
  lock=(-c requirements/constraints.txt)
fi

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "briefings needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2
  exit 1
fi
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
pip=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
stamp=$VENV/.briefings-installed
want="$(cat pyproject.toml scripts/bootstrap.sh requirements/constraints.txt | sha256sum | cut -c1-16) $extras"
if [ -n "${BRIEFINGS_NEWEST:-}" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  if ! "$VENV/bin/python" -c "import torch" 2>/dev/null; then
    "${pip[@]}" install "torch==$TORCH_VERSION" ${TORCH_INDEX_URL:+--index-url "$TORCH_INDEX_URL"}
  fi
  "${pip[@]}" install "${lock[@]}" -e ".${extras:+[$extras]}"
  echo "$want" > "$stamp"
fi
