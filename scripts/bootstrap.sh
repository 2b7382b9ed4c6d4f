#!/usr/bin/env bash
# Installs what the build needs on a Debian 12 machine, and nothing when it is already there, so that
# `npm test` and `npm start` work on a fresh clone of a fresh machine. fonts-noto-core lets Chromium
# draw the demo's Indic and Arabic scripts (the screenshots are unreadable boxes without it).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
for pkg in emscripten nlohmann-json3-dev libgtest-dev cmake g++ clang libclang-rt-14-dev chromium fonts-noto-core brotli; do
  have_pkg "$pkg" || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "bootstrap: installing ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# npm ci only when the lock file changed since the last install: keeps the no-op path to seconds.
stamp=node_modules/.nudgekit-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
