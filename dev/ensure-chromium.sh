#!/usr/bin/env bash
# The browser test and the demo's screenshot drive Debian's Chromium through playwright-core (which
# downloads no browser of its own). Installs it when it is missing, so `npm ci && npm test` works on
# a fresh machine; does nothing when it is there. Needs root and apt, as on CI and the dev machines.
set -euo pipefail

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: no browser at $chromium, and no root apt-get to install one." >&2
  echo "  Install Chromium (Debian: apt-get install chromium) or point CHROMIUM_PATH at one." >&2
  exit 1
fi
echo "ensure-chromium: installing Debian's chromium (once per machine)..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Liberation fonts are metric twins of Arial and Helvetica, which the digest's CSS names.
apt-get install -y -qq chromium fonts-liberation >/dev/null
test -x "$chromium"
