#!/usr/bin/env bash
# The Node binding's suite on a fresh machine: the addon built from source
# (bindings-node/scripts/build.js, profile dist), `npm install ./bindings-node` into a scratch
# project, the README example run there, the CLI (for the same-JSON test), then `node --test`
# on bindings-node/test. (The prebuilt packages, as users install them: scripts/test-packages.sh.)
#
# Environment: CARGO_TARGET_DIR (cargo's own), APIGW_TLS_CLI (skip the CLI build).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CARGO=${CARGO:-cargo}

TARGET_DIR=$("$CARGO" metadata --format-version 1 --no-deps | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).target_directory))')
CONSUMER=$(mktemp -d "${TMPDIR:-/tmp}/apigw-tls-node-XXXXXX")
trap 'rm -rf "$CONSUMER"' EXIT

echo "== Node: the addon from source (node bindings-node/scripts/build.js) =="
node "$ROOT/bindings-node/scripts/build.js"

echo "== Node: npm install ./bindings-node =="
(
  cd "$CONSUMER"
  npm init -y >/dev/null
  # The addon is the source build above; the prebuilt platform packages (optional
  # dependencies) are not published for this version and not wanted here.
  npm install --no-audit --no-fund --omit=optional "$ROOT/bindings-node"
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
  "$CARGO" build --release --locked -p apigw-tls-cli --bin apigw-tls
  export APIGW_TLS_CLI="$TARGET_DIR/release/apigw-tls"
fi

echo "== Node: node --test bindings-node/test =="
cd "$ROOT/bindings-node"
node --test --test-timeout=600000 test/*.test.js test/*.test.mjs
