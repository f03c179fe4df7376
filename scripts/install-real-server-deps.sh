#!/usr/bin/env bash
# Installs the real TLS server the Rust suite runs on 127.0.0.1 (core/tests/real_servers.rs):
# Debian's openssl (s_server). Nothing is done when it is already there; needs apt-get (and
# root) otherwise.
set -euo pipefail
missing=()
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ ${#missing[@]} -eq 0 ]; then
  echo "real-server-deps: openssl present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}"
echo "real-server-deps: installed ${missing[*]}"
