#!/usr/bin/env bash
# The end-to-end suites run the integration guides' own client code with Debian's programs:
# Chromium (the browser form post), python3 with requests and PyJWT, php-cli with php-curl, and
# curl (the README's commands). Installs whichever is missing, from Debian's packages (never a
# browser download).
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
/usr/bin/python3 -c 'import requests' 2>/dev/null || missing+=(python3-requests)
# The integration guide's examples (integration-examples.e2e-spec.ts): PyJWT, PHP with curl, curl.
/usr/bin/python3 -c 'import jwt' 2>/dev/null || missing+=(python3-jwt)
[ -x /usr/bin/php ] || missing+=(php-cli)
/usr/bin/php -r 'exit(function_exists("curl_init") ? 0 : 1);' 2>/dev/null || missing+=(php-curl)
command -v curl >/dev/null || missing+=(curl)
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
