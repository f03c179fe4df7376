#!/usr/bin/env bash
# The one test command (README "The two commands"): installs what the suites need and runs every
# suite — Rust (unit, conformance corpus, differential fixture, diagnosis, CLI, end-to-end probe
# on loopback, the probe against real openssl and nginx servers, adversarial chains), the corpora through the
# release CLI, Python (pytest through the pip-installed package), Node (node --test through the
# npm-installed package), the release artefacts installed without Rust
# (scripts/test-packages.sh) and a bounded fuzz smoke run.
#
# Every stage runs even when an earlier one failed; the output ends with one summary line per
# stage (what passed, or that it failed) and a total, and the exit status is non-zero when any
# stage failed. Each stage's full output stays in $TARGET_DIR/test-all/<stage>.log.
#
# Needs: the Rust toolchain (cargo), python3 with pip and venv, node with npm. Everything else
# (maturin, pytest, cryptography, napi tooling, typescript, crates) is installed by the scripts
# it runs.
set -uo pipefail
cd "$(dirname "$0")/.."

TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
LOGS="$TARGET_DIR/test-all"
mkdir -p "$LOGS"
export APIGW_TLS_CLI="$TARGET_DIR/release/apigw-tls"

STAGES=()
STATUS=()
SUMMARY=()

# run NAME COMMAND...: runs a stage with its output shown and kept in $LOGS/NAME.log.
run() {
  local name=$1
  shift
  echo "== $name =="
  "$@" 2>&1 | tee "$LOGS/$name.log"
  local rc=${PIPESTATUS[0]}
  STAGES+=("$name")
  STATUS+=("$rc")
  SUMMARY+=("$(summarise "$name" "$LOGS/$name.log")")
  return 0
}

# What a stage's log says passed (the counting line of its test runner).
summarise() {
  local name=$1 log=$2
  case "$name" in
  rust)
    awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed;?$/) p += $i; if ($(i+1) ~ /^failed;?$/) f += $i } }
         END { printf "%d tests passed, %d failed", p, f }' "$log" ;;
  cli-corpus)
    grep -E '^[0-9]+/[0-9]+ cases match' "$log" | awk -F'[/ ]' '{ ok += $1; all += $2 } END { printf "%d/%d cases match (basic, hostname, differential, policy, mutation)", ok, all }' ;;
  real-server-deps)
    printf 'real-server tests: %s, %s' "$(openssl version 2>/dev/null | cut -d' ' -f1-2)" "$( (nginx -v 2>&1 || /usr/sbin/nginx -v 2>&1) | sed 's/^nginx version: //')" ;;
  scan)
    printf '%d SARIF logs valid (SARIF 2.1.0 schema), template fixtures cfn-lint clean' "$(grep -c 'valid SARIF 2.1.0' "$log")" ;;
  python)
    grep -E '[0-9]+ (passed|failed)' "$log" | tail -1 | sed -E 's/^=+ //; s/ =+$//' ;;
  node)
    awk '/^# pass / { p = $3 } /^# fail / { f = $3 } END { printf "%d tests passed, %d failed", p, f }' "$log" ;;
  packages)
    grep -E '^packages: [0-9]+ checks passed' "$log" | tail -1 | sed -E 's/^packages: ([0-9]+) checks passed, ([0-9]+) failed.*/\1 package checks passed, \2 failed (wheel, npm, crate; no Rust on PATH)/' ;;
  fuzz-smoke)
    grep -E '^fuzz-smoke: [0-9]+ passed' "$log" | tail -1 | sed -E 's/^fuzz-smoke: ([0-9]+) passed, ([0-9]+) failed/\1 fuzz targets passed, \2 failed/' ;;
  *) echo "" ;;
  esac
}

corpus_through_cli() {
  set -e
  cargo build --release --locked -p apigw-tls-cli --bin apigw-tls
  for corpus in basic hostname; do
    "$APIGW_TLS_CLI" batch < tests/conformance/$corpus.jsonl > "$TARGET_DIR/$corpus.verdicts.jsonl"
    python3 tests/compare_verdicts.py tests/conformance/$corpus.expected.jsonl "$TARGET_DIR/$corpus.verdicts.jsonl" --quiet
  done
  "$APIGW_TLS_CLI" batch < tests/differential/cases.jsonl > "$TARGET_DIR/differential.verdicts.jsonl"
  python3 tests/compare_verdicts.py tests/differential/expected.jsonl "$TARGET_DIR/differential.verdicts.jsonl" --quiet
  for fixture in policy mutation; do
    "$APIGW_TLS_CLI" batch < tests/differential/$fixture/cases.jsonl > "$TARGET_DIR/$fixture.verdicts.jsonl"
    python3 tests/compare_verdicts.py tests/differential/$fixture/expected.jsonl "$TARGET_DIR/$fixture.verdicts.jsonl" --quiet
  done
}

# The Rust suite's real-server tests (core/tests/real_servers.rs) run openssl s_server and
# nginx; here a missing nginx fails them rather than skipping them.
export APIGW_TLS_REQUIRE_REAL_SERVERS=1
run real-server-deps ./scripts/install-real-server-deps.sh
run rust cargo test --workspace --locked
run cli-corpus corpus_through_cli
run scan ./scripts/test-scan.sh
run python ./scripts/test-python.sh
run node ./scripts/test-node.sh
# After python and node: their dist-profile builds of the extension and the addon are reused.
run packages ./scripts/test-packages.sh
if [ -x scripts/fuzz-smoke.sh ]; then
  run fuzz-smoke ./scripts/fuzz-smoke.sh
fi

echo
echo "== summary =="
failed=()
for i in "${!STAGES[@]}"; do
  if [ "${STATUS[$i]}" -eq 0 ]; then word=passed; else word="FAILED (exit ${STATUS[$i]})"; failed+=("${STAGES[$i]}"); fi
  printf '%-11s %-20s %s\n' "${STAGES[$i]}" "$word" "${SUMMARY[$i]}"
done
total_tests=$(printf '%s\n' "${SUMMARY[@]}" | awk '$2 == "passed," || ($2 == "tests" && $3 == "passed,") || $2 == "passed" { n += $1 } END { print n + 0 }')
if [ ${#failed[@]} -eq 0 ]; then
  echo "total: all ${#STAGES[@]} stages passed; $total_tests tests passed (plus the corpus cases and fuzz targets above)"
  exit 0
fi
echo "total: $(( ${#STAGES[@]} - ${#failed[@]} )) of ${#STAGES[@]} stages passed, $total_tests tests passed; FAILED: ${failed[*]} (logs in $LOGS)"
exit 1
