#!/usr/bin/env bash
# Frozen-build check for CI (Linux): build the onedir app with the same spec the Windows
# build uses, run its self-test (sample, a traditional-character copy, the shared seeds and
# real PDFs, offscreen window start), and compile the NSIS installer script with makensis.
# A missing hidden import or data file fails here the way it would fail on a clerk's PC.
#
#   bash packaging/ci_frozen_check.sh        (from anywhere; ~1 minute on 2 cores)
#
# Installs what it needs: PyInstaller into .venv (the project's "build" extra), and NSIS
# with apt-get when running as root. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
export QT_QPA_PLATFORM=offscreen

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi
mkdir -p build
if ! { .venv/bin/python -m pip install -q -e ".[build]" && .venv/bin/python -m pip install -q --no-deps -r requirements-nodeps.txt; } >build/pip.log 2>&1; then
  cat build/pip.log >&2
  exit 1
fi
rm -f build/pip.log

if ! command -v makensis >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "ci_frozen_check: installing nsis"
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nsis >/dev/null
  fi
fi
if ! command -v makensis >/dev/null; then
  echo "ci_frozen_check: makensis not available (not root, or apt-get failed); cannot check the installer script" >&2
  exit 1
fi

.venv/bin/python packaging/build.py --dist build/ci-dist
.venv/bin/python packaging/selftest.py build/ci-dist/nianbao

echo "ci_frozen_check: passed in $(( $(date +%s) - started )) s"
