#!/usr/bin/env bash
# The Node binding's suite on a fresh machine: `npm install ./bindings-node` into a scratch
# project (its install script builds the addon from source, release), the README example run
# there, the CLI (for the same-JSON test), then `node --test` on bindings-node/test.
#
# Environment: CARGO_TARGET_DIR (cargo's own), APIGW_TLS_CLI (skip the CLI build).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CARGO=${CARGO:-cargo}

TARGET_DIR=$("$CARGO" metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
CONSUMER=$(mktemp -d "${TMPDIR:-/tmp}/apigw-tls-node-XXXXXX")
trap 'rm -rf "$CONSUMER"' EXIT

echo "== Node: npm install ./bindings-node (builds the addon from source) =="
(
  cd "$CONSUMER"
  npm init -y >/dev/null
  npm install --no-audit --no-fund --foreground-scripts "$ROOT/bindings-node"
)

echo "== Node: the README example, from the scratch project =="
node -e '
  const text = require("fs").readFileSync(process.argv[1], "utf8");
  const m = /```js\n([\s\S]*?)```/.exec(text.split("## Example")[1]);
  require("fs").writeFileSync(process.argv[2], m[1]);
' "$ROOT/bindings-node/README.md" "$CONSUMER/example.js"
(cd "$CONSUMER" && node example.js && node --input-type=module -e 'import { evaluate } from "apigw-tls"; if (evaluate("a.example", []).accepted) process.exit(1);')

if [ -z "${APIGW_TLS_CLI:-}" ]; then
  echo "== Node: the CLI, for the same-JSON test =="
  "$CARGO" build --release --locked -p apigw-tls --bin apigw-tls
  export APIGW_TLS_CLI="$TARGET_DIR/release/apigw-tls"
fi

echo "== Node: node --test bindings-node/test =="
cd "$ROOT/bindings-node"
node --test --test-timeout=600000 test/*.test.js test/*.test.mjs
