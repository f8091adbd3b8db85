#!/bin/sh
# Build the one-folder Linux bundle dist/caseboard/ with PyInstaller (about a minute).
#
#   installer/build.sh        (or ./dev bundle, which also smoke-runs the result)
#
# PyInstaller is a build tool, not an app or test dependency, so it is installed into .venv
# here, on demand, at a pinned version.
set -eu

cd "$(dirname "$0")/.."
VENV=.venv
PYINSTALLER_VERSION=6.22.3
HOOKS_CONTRIB_VERSION=2026.9

if [ ! -x "$VENV/bin/python" ]; then
    sh ./dev setup   # the venv with the app installed in it
fi

if ! "$VENV/bin/python" -c "
import sys
from importlib.metadata import version
sys.exit(version('pyinstaller') != '$PYINSTALLER_VERSION'
         or version('pyinstaller-hooks-contrib') != '$HOOKS_CONTRIB_VERSION')
" 2>/dev/null; then
    echo "build.sh: installing PyInstaller $PYINSTALLER_VERSION into $VENV" >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
        "pyinstaller==$PYINSTALLER_VERSION" "pyinstaller-hooks-contrib==$HOOKS_CONTRIB_VERSION"
fi

started=$(date +%s)
# --clean: no stale cached analysis from an older tree; build/ holds PyInstaller's work files.
# QT_QPA_PLATFORM: PyInstaller's Qt hooks start Qt to ask where its plugins are.
QT_QPA_PLATFORM=offscreen "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller installer/caseboard.spec
echo "build.sh: dist/caseboard built in $(($(date +%s) - started)) s," \
    "$(du -sh dist/caseboard | cut -f1)" >&2
