#!/usr/bin/env bash
# The Python binding's suite on a fresh machine: a virtual environment with maturin, pytest and
# cryptography; `pip install ./bindings-python` (builds the extension from source, profile dist);
# the CLI (for the same-JSON test); then pytest on bindings-python/tests.
#
# Environment: PYTHON (default python3), APIGW_TLS_VENV (default target/venv-python under the
# cargo target directory), CARGO_TARGET_DIR (cargo's own), APIGW_TLS_CLI (skip the CLI build).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}
CARGO=${CARGO:-cargo}

TARGET_DIR=$("$CARGO" metadata --format-version 1 --no-deps | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
VENV=${APIGW_TLS_VENV:-$TARGET_DIR/venv-python}

echo "== Python: virtual environment ($VENV) =="
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
PY="$VENV/bin/python"
# maturin's build hook runs the `maturin` executable of this environment.
export PATH="$VENV/bin:$PATH"
"$PY" -m pip install --quiet --upgrade pip
"$PY" -m pip install --quiet "maturin>=1.7,<2" "pytest>=7" "cryptography>=3.1"

echo "== Python: pip install ./bindings-python (builds the extension from source) =="
# The build runs in this environment (maturin installed above), so no second download.
"$PY" -m pip install --no-build-isolation --force-reinstall --no-deps ./bindings-python

if [ -z "${APIGW_TLS_CLI:-}" ]; then
  echo "== Python: the CLI, for the same-JSON test =="
  "$CARGO" build --release --locked -p apigw-tls-cli --bin apigw-tls
  export APIGW_TLS_CLI="$TARGET_DIR/release/apigw-tls"
fi

echo "== Python: pytest bindings-python/tests =="
# From the repository root, where no apigw_tls directory shadows the installed package.
cd "$ROOT"
"$PY" -m pytest bindings-python/tests -p no:cacheprovider -q
