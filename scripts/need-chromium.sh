#!/usr/bin/env bash
# Run before the end-to-end tests: they drive Debian's Chromium (or $CHROMIUM_PATH). Installs it
# with apt when it is missing and we are root; otherwise stops at once with the command to run.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$browser" ] && exit 0
if [ -n "${CHROMIUM_PATH:-}" ]; then
  echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file: point it at a Chromium, or unset it to use /usr/bin/chromium." >&2
  exit 1
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "The end-to-end tests need Chromium: installing Debian's (apt-get install chromium)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "The end-to-end tests need Chromium at /usr/bin/chromium, which is missing. Install it with:" >&2
echo "  sudo apt-get install -y chromium" >&2
echo "(or set CHROMIUM_PATH to a Chromium binary), then run npm test again." >&2
exit 1
