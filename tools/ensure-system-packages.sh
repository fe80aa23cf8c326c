#!/usr/bin/env bash
# The end-to-end suites run the integration guides' own client code with Debian's programs:
# Chromium (the browser form post) and python3 with requests (the Python example). Installs
# whichever is missing, from Debian's packages (never a browser download).
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
/usr/bin/python3 -c 'import requests' 2>/dev/null || missing+=(python3-requests)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages the end-to-end suites need: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
if ! command -v apt-get >/dev/null; then
  echo "apt-get is not available: install ${missing[*]} yourself (see README, Development)." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
