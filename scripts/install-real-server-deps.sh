#!/usr/bin/env bash
# Installs the real TLS servers the Rust suite runs on 127.0.0.1 (core/tests/real_servers.rs):
# Debian's openssl (s_server) and nginx. Nothing is done when they are already there; needs
# apt-get (and root) otherwise. nginx is installed without being started or enabled: the tests
# run their own instances in the foreground, as the current user, in temporary directories.
set -euo pipefail
have_nginx() { command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; }
missing=()
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
have_nginx || missing+=(nginx)
if [ ${#missing[@]} -eq 0 ]; then
  echo "real-server-deps: openssl and nginx present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# The package's own nginx.service may fail to start (port 80 taken, no init system): that
# fails apt-get's configure step but not the tests, which need only the binaries.
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" || true
command -v openssl >/dev/null 2>&1 || { echo "real-server-deps: openssl could not be installed" >&2; exit 1; }
have_nginx || { echo "real-server-deps: nginx could not be installed" >&2; exit 1; }
echo "real-server-deps: installed ${missing[*]}"
