#!/usr/bin/env bash
# Regenerate expected.jsonl (the Java oracle's verdicts for cases.jsonl) and print a summary.
#
#   tests/differential/run_oracle.sh            # oracle at ../shared/oracle beside the repository
#   tests/differential/run_oracle.sh policy     # the certificate-policy fixture (policy/)
#   ORACLE_DIR=/path/to/oracle tests/differential/run_oracle.sh
#
# Needs JDK 17.0.21 and Debian's libhttpclient-java (apt-get install -y openjdk-17-jdk-headless
# libhttpclient-java): the oracle builds itself on first use. The cases themselves come from
# `python3 gen_cases.py` (python3 + cryptography 48 + the openssl CLI); re-running it gives new
# keys and signatures, so regenerate expected.jsonl right after it.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ORACLE_DIR="${ORACLE_DIR:-$HERE/../../../shared/oracle}"
[ -x "$ORACLE_DIR/run.sh" ] || { echo "no oracle at $ORACLE_DIR (set ORACLE_DIR)" >&2; exit 1; }
if ! java -version 2>&1 | grep -q '"17\.0\.21'; then
  echo "warning: expected.jsonl was made with JDK 17.0.21, this is: $(java -version 2>&1 | head -n 1)" >&2
fi
# The fixture: the main one (cases.jsonl / expected.jsonl here) or a sub-fixture directory
# (policy/cases.jsonl -> policy/expected.jsonl, made by gen_policy_cases.py).
DIR="$HERE${1:+/$1}"
[ -f "$DIR/cases.jsonl" ] || { echo "no cases.jsonl in $DIR" >&2; exit 1; }
RAW="$(mktemp)"
trap 'rm -f "$RAW"' EXIT
"$ORACLE_DIR/run.sh" < "$DIR/cases.jsonl" > "$RAW"
python3 "$HERE/make_expected.py" --cases "$DIR/cases.jsonl" --raw "$RAW" --out "$DIR/expected.jsonl"
