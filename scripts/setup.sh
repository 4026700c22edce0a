#!/usr/bin/env bash
# Set up dyadwatch on a fresh machine, from the project's own files only.
#   scripts/setup.sh          the main job: .venv with the pinned, hash-checked dependencies
#   scripts/setup.sh --test   the same plus what the tests need (Python test tools, Debian packages)
# DYADWATCH_VENV=DIR puts the environment elsewhere than .venv (CI's bootstrap check uses it).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-main}
PYTHON=${PYTHON:-python3}
VENV=${DYADWATCH_VENV:-.venv}

if [ "$mode" = "--test" ]; then
  lock=requirements/test.lock
  if [ -x scripts/setup-system.sh ]; then scripts/setup-system.sh; fi
else
  lock=requirements/main.lock
fi

[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
pip=("$VENV/bin/python" -m pip install -q --disable-pip-version-check)
# A venv made --without-pip (or whose pip was removed) gets the pip its Python bundles first.
"$VENV/bin/python" -m pip --version >/dev/null 2>&1 || "$VENV/bin/python" -m ensurepip --default-pip >/dev/null
# Whatever pip the Python bundles only installs the pinned, hash-checked installer; the locks
# are then installed by that one. Old pips (23.2) read a dependency's extra, such as justext's
# lxml[html_clean], as a new unpinned requirement under --require-hashes and stop.
"${pip[@]}" --require-hashes -r requirements/installer.lock
"${pip[@]}" --require-hashes -r "$lock"
# The project itself, editable, without touching the hash-checked dependencies.
"${pip[@]}" --no-deps --no-build-isolation -e . 2>/dev/null || "${pip[@]}" --no-deps -e .
echo "dyadwatch is set up in $VENV ($("$VENV/bin/dyadwatch" --version 2>/dev/null || echo installed)," \
     "$("$VENV/bin/python" -m pip --version | cut -d' ' -f1-2))"
