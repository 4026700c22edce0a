#!/usr/bin/env bash
# Set up dyadwatch on a fresh machine, from the project's own files only.
#   scripts/setup.sh          the main job: .venv with the pinned, hash-checked dependencies
#   scripts/setup.sh --test   the same plus what the tests need (Python test tools, Debian packages)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-main}
PYTHON=${PYTHON:-python3}

if [ "$mode" = "--test" ]; then
  lock=requirements/test.lock
  if [ -x scripts/setup-system.sh ]; then scripts/setup-system.sh; fi
else
  lock=requirements/main.lock
fi

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
# A venv made --without-pip (or whose pip was removed) gets the pip its Python bundles first.
.venv/bin/python -m pip --version >/dev/null 2>&1 || .venv/bin/python -m ensurepip --default-pip >/dev/null
# Whatever pip the Python bundles only installs the pinned, hash-checked installer; the
# locks are then installed by that one. Old pips (23.2) read a dependency's extra, such as
# justext's lxml[html_clean], as a new unpinned requirement under --require-hashes and stop.
.venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes -r requirements/installer.lock
.venv/bin/python -m pip install -q --disable-pip-version-check --require-hashes -r "$lock"
# The project itself, editable, without touching the hash-checked dependencies.
.venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e . 2>/dev/null \
  || .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .
echo "dyadwatch is set up in .venv ($(.venv/bin/dyadwatch --version 2>/dev/null || echo installed))"
