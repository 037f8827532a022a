#!/usr/bin/env bash
# Move the lock forward: resolve the newest versions that pyproject.toml allows
# (with every extra) in a throw-away virtual environment, and write them to
# requirements/constraints.txt, which scripts/bootstrap.sh, .ci/run and the
# GitHub workflow install with `pip install -c`. Review the diff, run
# `bash scripts/test.sh`, and commit both files together.
#
#   bash scripts/lock.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
TORCH_VERSION=$(sed -n 's/^TORCH_VERSION=//p' scripts/bootstrap.sh)
out=requirements/constraints.txt
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

"$PYTHON" -m venv "$scratch/venv"
pip=("$scratch/venv/bin/python" -m pip --disable-pip-version-check -q)
# torch first, as bootstrap.sh does, so that stanza does not pull the CUDA build.
"${pip[@]}" install "torch==$TORCH_VERSION" ${TORCH_INDEX_URL:+--index-url "$TORCH_INDEX_URL"}
"${pip[@]}" install ".[test,bench]"
{
  echo "# The locked dependency set: what scripts/bootstrap.sh, .ci/run and the site"
  echo "# workflow install (pip install -c requirements/constraints.txt)."
  echo "# Made by 'bash scripts/lock.sh' with $("$scratch/venv/bin/python" -V) on $(date -u +%Y-%m-%d)."
  echo "# torch is pinned in scripts/bootstrap.sh (the CPU build), not here."
  # The project itself and torch's local CPU build are not pinned here.
  "$scratch/venv/bin/python" -m pip freeze --exclude-editable --all \
    | grep -viE '^(briefings|torch|pip|setuptools|wheel) ?(==|@)' | LC_ALL=C sort -f
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "Wrote $out ($(grep -vc '^#' "$out") pins). Now: bash scripts/test.sh"
