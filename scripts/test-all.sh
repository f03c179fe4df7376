#!/usr/bin/env bash
# The one test command (README "The two commands"): installs what the suites need and runs every
# suite — Rust (unit, conformance corpus, differential fixture, diagnosis, end-to-end probe on
# loopback, adversarial chains), Python (pytest through the pip-installed package), Node
# (node --test through the npm-installed package) and a bounded fuzz smoke run.
#
# Needs: the Rust toolchain (cargo), python3 with pip and venv, node with npm. Everything else
# (maturin, pytest, cryptography, napi tooling, crates) is installed by the scripts it runs.
set -euo pipefail
cd "$(dirname "$0")/.."


echo "== Rust: cargo test --workspace =="
cargo test --workspace --locked

echo "== Rust: the release CLI (shared by the binding suites' same-JSON tests) =="
cargo build --release --locked -p apigw-tls --bin apigw-tls
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
export APIGW_TLS_CLI="$TARGET_DIR/release/apigw-tls"

echo "== The corpus through the release CLI =="
for corpus in basic hostname; do
  "$APIGW_TLS_CLI" batch < tests/conformance/$corpus.jsonl > "$TARGET_DIR/$corpus.verdicts.jsonl"
  python3 tests/compare_verdicts.py tests/conformance/$corpus.expected.jsonl "$TARGET_DIR/$corpus.verdicts.jsonl" --quiet
done
"$APIGW_TLS_CLI" batch < tests/differential/cases.jsonl > "$TARGET_DIR/differential.verdicts.jsonl"
python3 tests/compare_verdicts.py tests/differential/expected.jsonl "$TARGET_DIR/differential.verdicts.jsonl" --quiet
"$APIGW_TLS_CLI" batch < tests/differential/policy/cases.jsonl > "$TARGET_DIR/policy.verdicts.jsonl"
python3 tests/compare_verdicts.py tests/differential/policy/expected.jsonl "$TARGET_DIR/policy.verdicts.jsonl" --quiet
# (the mutation fixture has known gaps, checked with them by core/tests/conformance.rs)

./scripts/test-scan.sh
./scripts/test-python.sh
./scripts/test-node.sh

if [ -x scripts/fuzz-smoke.sh ]; then
  ./scripts/fuzz-smoke.sh
fi

echo "== all suites passed =="
