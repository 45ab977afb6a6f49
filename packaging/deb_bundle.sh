#!/usr/bin/env bash
# The Linux onedir bundle for the 统信 UOS / 银河麒麟 Kylin .deb, built where its glibc floor
# is low enough: a Debian bullseye chroot (glibc 2.31; buster is off the mirrors) with CPython
# 3.11 compiled to need at most GLIBC_2.28 and wheels no newer than manylinux_2_28
# (packaging/deb_chroot.sh does the work inside). packaging/deb_check.sh builds the .deb from it.
#
#   bash packaging/deb_bundle.sh            → build/deb-dist/nianbao     (root; debootstrap)
#
# First run ~21 minutes on a loaded 2-core machine (measured: debootstrap 303 s, CPython 795 s,
# pip 49 s, PyInstaller 54–128 s); with the chroot kept (NIANBAO_DEB_CHROOT pointing at an existing one) only
# pip and PyInstaller run again. The chroot trusts the host's CA bundle (a TLS-inspecting proxy
# in front of PyPI keeps working) and gets only the proxy settings from the environment.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
CHROOT=$(realpath -m "${NIANBAO_DEB_CHROOT:-build/deb-chroot}")
MIRROR=${NIANBAO_DEB_MIRROR:-http://deb.debian.org/debian}
OUT=build/deb-dist
fail() { echo "deb_bundle: FAIL: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (debootstrap, chroot, mount)"

if [ ! -x "$CHROOT/usr/bin/gcc" ]; then
  command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  t=$(date +%s)
  rm -rf "$CHROOT"
  mkdir -p "$(dirname "$CHROOT")"
  # Build tools and the -dev packages of what CPython's modules link; the Qt runtime libraries
  # so PyInstaller's hooks can load QtCore/QtGui while analysing (they are not bundled).
  debootstrap --variant=minbase \
    --include=build-essential,pkg-config,ca-certificates,libffi-dev,zlib1g-dev,libbz2-dev,liblzma-dev,libssl-dev,libsqlite3-dev,uuid-dev,libfontconfig1,libxkbcommon0,libxkbcommon-x11-0,libegl1,libgl1,libdbus-1-3,libxcb-cursor0,libglib2.0-0 \
    bullseye "$CHROOT" "$MIRROR" >build/debootstrap.log 2>&1 || { tail -20 build/debootstrap.log; fail "debootstrap bullseye"; }
  echo "deb-src $MIRROR bookworm main" >"$CHROOT/etc/apt/sources.list.d/bookworm-src.list"
  echo "deb_bundle: debootstrap bullseye in $(( $(date +%s) - t )) s → $CHROOT"
fi
cp /etc/ssl/certs/ca-certificates.crt "$CHROOT/etc/ssl/certs/ca-certificates.crt"
cp /etc/resolv.conf "$CHROOT/etc/resolv.conf"

unmount() {
  for m in proc dev; do mountpoint -q "$CHROOT/$m" && umount "$CHROOT/$m"; done
  return 0
}
trap unmount EXIT
mountpoint -q "$CHROOT/dev" || mount --bind /dev "$CHROOT/dev"
mountpoint -q "$CHROOT/proc" || mount -t proc proc "$CHROOT/proc"

# This checkout's files as git sees them (tracked and new, not ignored) — no build/ or .venv.
rm -rf "$CHROOT/src/nianbao"
mkdir -p "$CHROOT/src/nianbao"
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - 2>/dev/null | tar -x -C "$CHROOT/src/nianbao"

env_vars=(PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 PIP_DISABLE_PIP_VERSION_CHECK=1
          PIP_CERT=/etc/ssl/certs/ca-certificates.crt SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt)
for v in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY PIP_INDEX_URL; do
  [ -n "${!v:-}" ] && env_vars+=("$v=${!v}")
done
chroot "$CHROOT" /usr/bin/env -i "${env_vars[@]}" sh -c "apt-get update -qq >/dev/null && sh /src/nianbao/packaging/deb_chroot.sh" \
  || fail "building in the chroot"

rm -rf "$OUT"
mkdir -p "$OUT"
cp -a "$CHROOT/src/nianbao/build/deb-dist/nianbao" "$OUT/"
cp "$CHROOT/src/nianbao/build/deb-pyinstaller.log" build/ 2>/dev/null || true
echo "deb_bundle: $OUT/nianbao ($(du -sm "$OUT/nianbao" | cut -f1) MiB) in $(( $(date +%s) - started )) s"
