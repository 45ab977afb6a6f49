#!/usr/bin/env bash
# .deb check for CI (Linux, root): the package for 统信 UOS / 银河麒麟 Kylin built, then used as a
# clerk's IT person and the clerk would:
#   0. packaging/deb_bundle.sh: the frozen onedir built in a Debian bullseye chroot with a
#      CPython 3.11 compiled for glibc 2.28 (this machine's own build needs 2.34+)
#   1. the GLIBC ceiling of every ELF file in the bundle (packaging/glibc_ceiling.py), enforced:
#      at most 2.28 (UOS 20; NIANBAO_DEB_MAX_GLIBC to change)
#   2. packaging/deb.py: the UOS app-store layout under /opt/apps/<appid>/; no maintainer scripts
#   3. apt-get install ./<deb> (the README's command: dpkg plus the desktop libraries in Depends);
#      the package's files all under /opt/apps/<appid>, none writable by the user
#   4. as an ordinary user (created here): packaging/selftest.py --run-as against
#      /opt/apps/<appid>/files, and the window started offscreen from the desktop entry's Exec line
#   5. dpkg -r: /opt/apps/<appid> is gone
#
#   bash packaging/deb_check.sh [ONEDIR]      (default: build it with deb_bundle.sh; from scratch
#                                              1428 s measured, 8 minutes with a kept chroot)
#
# The user must be able to read this checkout (the sample, the working folder): .ci/run opens
# its temporary folder for that. The checker's Python may sit under /root: it runs as root.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
ONEDIR=${1:-}
MAX_GLIBC=${NIANBAO_DEB_MAX_GLIBC:-2.28}
PY=.venv/bin/python
[ -x "$PY" ] || PY=python3
TESTUSER=nianbao-deb-test
fail() { echo "deb_check: FAIL: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (dpkg -i, useradd)"
if [ -z "$ONEDIR" ]; then
  bash packaging/deb_bundle.sh || fail "packaging/deb_bundle.sh"
  ONEDIR=build/deb-dist/nianbao
fi
[ -x "$ONEDIR/nianbao" ] || fail "no frozen Linux bundle at $ONEDIR"
read -r APPID VERSION < <("$PY" -c "import sys; sys.path.insert(0, 'packaging'); import product; print(product.APPID, product.version())")
ROOTDIR=/opt/apps/$APPID

# --- 1. glibc ceiling ---------------------------------------------------------------------
"$PY" packaging/glibc_ceiling.py "$ONEDIR" | sed 's/^/deb_check: /'
CEILING=$("$PY" packaging/glibc_ceiling.py "$ONEDIR" --json | "$PY" -c "import json,sys; print(json.load(sys.stdin)['ceiling'])")
"$PY" packaging/glibc_ceiling.py "$ONEDIR" --max "$MAX_GLIBC" >/dev/null || fail "the bundle needs GLIBC_$CEILING, above $MAX_GLIBC"
echo "deb_check: glibc ceiling GLIBC_$CEILING ≤ $MAX_GLIBC"

# --- 2. build -----------------------------------------------------------------------------
t=$(date +%s)
DEB=build/deb/${APPID}_${VERSION}_amd64.deb
if [ -n "${NIANBAO_DEB_REUSE:-}" ] && [ "$DEB" -nt "$ONEDIR/nianbao" ]; then
  echo "deb_check: NIANBAO_DEB_REUSE: testing the existing $DEB"   # while working on this script
else
  "$PY" packaging/deb.py "$ONEDIR" build/deb --libc "$CEILING" | sed 's/^/deb_check: /'
fi
[ -f "$DEB" ] || fail "no $DEB"
echo "deb_check: built in $(( $(date +%s) - t )) s: $DEB ($(du -m "$DEB" | cut -f1) MiB)"
outside=$(dpkg-deb -c "$DEB" | awk '{print $6}' | grep -v -e "^\./$" -e "^\./opt/$" -e "^\./opt/apps/$" -e "^\./opt/apps/$APPID/" || true)
[ -z "$outside" ] || fail "files outside /opt/apps/$APPID: $(echo "$outside" | head -5)"
scripts=$(dpkg-deb --ctrl-tarfile "$DEB" | tar t | grep -v -e '^\./$' -e '^\./control$' -e '^\./md5sums$' || true)
[ -z "$scripts" ] || fail "maintainer scripts in the package: $scripts"
dpkg-deb -f "$DEB" Package Version Architecture Depends | sed 's/^/deb_check:   /'

# --- 3. install ---------------------------------------------------------------------------
dpkg -s "$APPID" >/dev/null 2>&1 && dpkg -r "$APPID" >/dev/null
t=$(date +%s)
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "./$DEB" >build/deb/apt-install.log 2>&1 \
  || { cat build/deb/apt-install.log; fail "apt-get install ./$DEB"; }
echo "deb_check: apt-get install ./$DEB in $(( $(date +%s) - t )) s; installed $(du -sm "$ROOTDIR" | cut -f1) MiB in $ROOTDIR"
for f in info "entries/applications/$APPID.desktop" "entries/icons/hicolor/256x256/apps/$APPID.png" \
         "entries/mime/packages/$APPID.xml" files/nianbao files/nianbao-cli; do
  [ -e "$ROOTDIR/$f" ] || fail "missing $ROOTDIR/$f"
done
"$PY" - "$ROOTDIR/info" "$APPID" "$VERSION" <<'PYEOF' || fail "info is not the UOS JSON"
import json, sys
info = json.load(open(sys.argv[1], encoding="utf-8"))
assert info["appid"] == sys.argv[2] and info["version"] == sys.argv[3] and info["arch"] == ["amd64"], info
assert isinstance(info["permissions"], dict) and info["name"], info
print(f"deb_check: info ok: appid {info['appid']}, name {info['name']}, version {info['version']}, arch {info['arch']}")
PYEOF

# --- 4. as an ordinary user ----------------------------------------------------------------
cleanup() { dpkg -s "$APPID" >/dev/null 2>&1 && dpkg -r "$APPID" >/dev/null 2>&1; userdel -r "$TESTUSER" >/dev/null 2>&1 || true; }
trap cleanup EXIT
id "$TESTUSER" >/dev/null 2>&1 || useradd -m -s /bin/sh "$TESTUSER"
HOMEDIR=$(getent passwd "$TESTUSER" | cut -d: -f6)
asuser() { runuser -u "$TESTUSER" -- env -i HOME="$HOMEDIR" USER="$TESTUSER" PATH=/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$@"; }
asuser test -r resources/sample/示例年报.txt || fail "$TESTUSER cannot read $PWD (open its parent folders: chmod o+rx)"
if asuser test -w "$ROOTDIR/files" -o -w "$ROOTDIR/files/_internal"; then fail "the installed program is writable by an ordinary user"; fi
t=$(date +%s)
# The sample and its converted copies, the seeds and real PDFs in tests/data, batch and window:
# this bundle is not the one ci_frozen_check.sh tested (bullseye's interpreter, PySide6 6.9).
# The checker (and its source comparison) runs here; the installed programs run as the user.
QT_QPA_PLATFORM=offscreen "$PY" packaging/selftest.py "$ROOTDIR/files" --run-as "$TESTUSER" | sed 's/^/deb_check: selftest: /' \
  || fail "selftest of $ROOTDIR/files as $TESTUSER"
echo "deb_check: self-test as $TESTUSER took $(( $(date +%s) - t )) s"

exec_line=$(sed -n 's/^Exec=//p' "$ROOTDIR/entries/applications/$APPID.desktop")
sample="$ROOTDIR/files/_internal/resources/sample/示例年报.txt"
[ -f "$sample" ] || fail "no bundled sample at $sample"
prog=${exec_line%% *}
[ "$prog" = "$ROOTDIR/files/nianbao" ] && [ "${exec_line#* }" = "%F" ] \
  || fail "Exec is not '$ROOTDIR/files/nianbao %F': $exec_line"
echo "deb_check: window from the desktop entry: Exec=$exec_line (%F = the bundled sample)"
rc=0
asuser timeout 12 "$prog" "$sample" >build/deb/window.log 2>&1 || rc=$?
if grep -q "Traceback (most recent call last)" build/deb/window.log; then cat build/deb/window.log; fail "Python error in the window"; fi
[ "$rc" = 124 ] || { tail -20 build/deb/window.log; fail "the window exited with $rc before 12 s"; }
echo "deb_check: the window stayed up 12 s offscreen as $TESTUSER, no traceback"
leftovers=$(find "$ROOTDIR" -newer "$DEB" -not -type d 2>/dev/null | head -3)
[ -z "$leftovers" ] || fail "running the program wrote into $ROOTDIR: $leftovers"

# --- 5. remove ----------------------------------------------------------------------------
dpkg -r "$APPID" >build/deb/dpkg-r.log 2>&1 || { cat build/deb/dpkg-r.log; fail "dpkg -r $APPID"; }
[ ! -e "$ROOTDIR" ] || fail "$ROOTDIR is still there after dpkg -r: $(find "$ROOTDIR" | head -5)"
echo "deb_check: dpkg -r removed $ROOTDIR"
echo "deb_check: glibc ceiling GLIBC_$CEILING; package $(du -m "$DEB" | cut -f1) MiB"
echo "deb_check: passed in $(( $(date +%s) - started )) s"
