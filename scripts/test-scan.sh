#!/usr/bin/env bash
# The scan fixtures checked by the tools their formats belong to (cli/tests/scan.rs checks the
# verdicts): cfn-lint on the CloudFormation / SAM / CDK templates (they are templates
# CloudFormation accepts), and the SARIF logs `apigw-tls scan --format sarif` writes for every
# fixture validated against the SARIF 2.1.0 JSON schema (cli/tests/data/scan/sarif-schema-2.1.0.json)
# with python jsonschema — after checking that the validator does reject a broken log.
#
# Environment: PYTHON (default python3), APIGW_TLS_SCAN_VENV (default target/venv-scan under the
# cargo target directory), APIGW_TLS_CLI (skip the CLI build).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
CARGO=${CARGO:-cargo}
TARGET_DIR=$("$CARGO" metadata --format-version 1 --no-deps | "$PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
VENV=${APIGW_TLS_SCAN_VENV:-$TARGET_DIR/venv-scan}
DATA=cli/tests/data/scan

echo "== scan: virtual environment with cfn-lint and jsonschema ($VENV) =="
if [ ! -x "$VENV/bin/python" ]; then
  "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet "cfn-lint>=1,<2" "jsonschema>=4,<5"

echo "== scan: cfn-lint on the template fixtures =="
"$VENV/bin/cfn-lint" "$DATA/sam/template.yaml" "$DATA/cloudformation/template.yaml" "$DATA/cdk.out/ScanStack.template.json"

if [ -z "${APIGW_TLS_CLI:-}" ]; then
  "$CARGO" build --release --locked -p apigw-tls-cli --bin apigw-tls
  APIGW_TLS_CLI="$TARGET_DIR/release/apigw-tls"
fi

echo "== scan: SARIF of every fixture against the SARIF 2.1.0 schema =="
OUT="$TARGET_DIR/scan-sarif"
mkdir -p "$OUT"
for input in sam/template.yaml cloudformation/template.yaml cdk.out terraform/plan.json; do
  name=$(echo "$input" | tr '/.' '__')
  # Exit 1 is expected: every fixture holds the rejected seed incident.
  status=0
  (cd "$DATA" && "$APIGW_TLS_CLI" scan "$input" --chain chains --ca certs/root.pem \
      --at 2026-06-01T00:00:00Z --format sarif) > "$OUT/$name.sarif" || status=$?
  if [ "$status" != 1 ]; then
    echo "apigw-tls scan $input: exit $status, expected 1" >&2
    exit 1
  fi
done
"$VENV/bin/python" - "$DATA/sarif-schema-2.1.0.json" "$OUT"/*.sarif <<'PY'
import copy, json, sys
import jsonschema

schema = json.load(open(sys.argv[1]))
validator_cls = jsonschema.validators.validator_for(schema)
validator_cls.check_schema(schema)
validator = validator_cls(schema, format_checker=validator_cls.FORMAT_CHECKER)
for path in sys.argv[2:]:
    log = json.load(open(path))
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    for e in errors:
        print(f"{path}: {list(e.path)}: {e.message}", file=sys.stderr)
    if errors:
        sys.exit(1)
    results = log["runs"][0]["results"]
    if not results:
        sys.exit(f"{path}: no results (every fixture has a rejected integration)")
    # The validator must be able to fail: a level SARIF does not define is refused.
    broken = copy.deepcopy(log)
    broken["runs"][0]["results"][0]["level"] = "fatal"
    if validator.is_valid(broken):
        sys.exit("the SARIF validator accepted an invalid log")
    print(f"{path}: valid SARIF 2.1.0, {len(results)} results")
PY
echo "== scan: fixtures valid =="
