#!/bin/sh
# Runs INSIDE the Debian bullseye chroot that packaging/deb_bundle.sh prepares (glibc 2.31):
#   1. CPython 3.11 built from Debian's python3.11 source package (bookworm) into /opt/py311 —
#      shared, no PGO — so that it needs at most GLIBC_2.28 (see below); skipped while the
#      stamp file says this recipe already built it;
#   2. a venv with the app's dependencies (PySide6 < 6.10 through packaging/deb-constraints.txt);
#   3. PyInstaller with packaging/nianbao.spec → /src/nianbao/build/deb-dist/nianbao.
#
# glibc 2.29 gave exp, log, pow, exp2 and log2 new symbol versions and 2.30 added
# sem_clockwait: a build on 2.31 binds to those, so UOS 20 (glibc 2.28) could not load
# libpython. The forced-include header binds the libm functions to their old versions (the
# same code without the SVID error wrapper) and configure is told sem_clockwait is absent
# (CPython then waits on sem_timedwait, as on 2.28).
set -eu
log() { echo "deb_chroot: $*"; }
PREFIX=/opt/py311
STAMP=$PREFIX/.recipe
# Change this when the CPython recipe below changes: a kept chroot then builds it again.
RECIPE=cpython-3.11-debian-fixes-glibc2.28-v1

if [ "$(cat "$STAMP" 2>/dev/null)" != "$RECIPE" ]; then
  s=$(date +%s)
  rm -rf /src/cpython "$PREFIX" /opt/venv
  mkdir -p /src/cpython && cd /src/cpython
  # The orig tarball plus Debian's upstream and security fixes (the patches after Debian's own
  # layout changes in the series: those move files to Debian's paths and disable ensurepip).
  apt-get source -q --download-only python3.11 >apt-source.log 2>&1 || { cat apt-source.log; exit 1; }
  tar xzf python3.11_*.orig.tar.gz
  tar xJf python3.11_*.debian.tar.xz
  src=$(ls -d Python-3.11.*)
  applied=0; skipped=""
  for p in $(grep -v '^#' debian/patches/series | sed -n '/^shutdown-deadlock.diff$/,$p'); do
    if patch -d "$src" -p1 -s --dry-run <"debian/patches/$p" >/dev/null 2>&1; then
      patch -d "$src" -p1 -s <"debian/patches/$p"; applied=$((applied + 1))
    else
      skipped="$skipped $p"
    fi
  done
  log "CPython $(ls python3.11_*.dsc | sed 's/python3.11_//; s/.dsc//'): $applied Debian fix patches applied${skipped:+; did NOT apply:$skipped}"
  # Debian's CVE-2026-4224 patch includes pycore_ceval.h in pyexpat.c, which Debian builds into
  # the interpreter; as a shared module it needs what upstream's pyexpat.c declares.
  if ! grep -q Py_BUILD_CORE_MODULE "$src/Modules/pyexpat.c"; then
    sed -i '1i #ifndef Py_BUILD_CORE_BUILTIN\n#  define Py_BUILD_CORE_MODULE 1\n#endif' "$src/Modules/pyexpat.c"
  fi
  cat >/src/cpython/glibc228.h <<'EOF'
__asm__(".symver exp,exp@GLIBC_2.2.5");
__asm__(".symver log,log@GLIBC_2.2.5");
__asm__(".symver pow,pow@GLIBC_2.2.5");
__asm__(".symver exp2,exp2@GLIBC_2.2.5");
__asm__(".symver log2,log2@GLIBC_2.2.5");
EOF
  cd "$src"
  ./configure -q --prefix=$PREFIX --enable-shared LDFLAGS="-Wl,-rpath,$PREFIX/lib" \
    CFLAGS="-include /src/cpython/glibc228.h" ac_cv_func_sem_clockwait=no >../configure.log 2>&1 \
    || { tail -30 ../configure.log; exit 1; }
  make -j"$(nproc)" -s >../make.log 2>&1 || { tail -40 ../make.log; exit 1; }
  if grep -A3 "^Failed to build these modules" ../make.log; then exit 1; fi
  make -s install >../install.log 2>&1 || { tail -30 ../install.log; exit 1; }
  $PREFIX/bin/python3.11 -c "import ctypes, ssl, zlib, bz2, lzma, pyexpat, _elementtree, _decimal, _uuid"
  echo "$RECIPE" >"$STAMP"
  log "CPython built into $PREFIX in $(( $(date +%s) - s )) s"
  cd / && rm -rf /src/cpython
fi

s=$(date +%s)
cd /src/nianbao
[ -x /opt/venv/bin/python ] || $PREFIX/bin/python3.11 -m venv /opt/venv
/opt/venv/bin/python -m pip install -q --upgrade pip
/opt/venv/bin/python -m pip install -q -c packaging/deb-constraints.txt -e ".[build]" >/tmp/pip.log 2>&1 || { cat /tmp/pip.log; exit 1; }
/opt/venv/bin/python -m pip install -q --no-deps -r requirements-nodeps.txt
log "dependencies installed in $(( $(date +%s) - s )) s: $(/opt/venv/bin/python -m pip list 2>/dev/null | grep -i -E '^(pyside6|numpy|onnxruntime|opencv)' | tr -s ' ' | tr '\n' ';')"

s=$(date +%s)
export QT_QPA_PLATFORM=offscreen
mkdir -p build
/opt/venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath build/deb-dist --workpath build/deb-work packaging/nianbao.spec >build/deb-pyinstaller.log 2>&1 \
  || { tail -40 build/deb-pyinstaller.log; exit 1; }
grep -E "^(bundle_policy|deb_libs):" build/deb-pyinstaller.log || true
log "PyInstaller took $(( $(date +%s) - s )) s"
