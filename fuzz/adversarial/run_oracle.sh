#!/usr/bin/env bash
# Java's verdicts for the adversarial cases: runs the oracle (ORACLE, default /work/oracle) on
# core/tests/data/adversarial/cases.jsonl and writes expected.jsonl beside it, one line per case:
# the oracle's fields plus `accepted` (trusted and HttpClient's hostname check passed). The
# oracle here lacks HttpClient 4.5.2, so the hostname answer is 4.5.14's (`hc4514`); every case
# uses plain ASCII names on which the two versions agree; a mismatch gets 4.5.2's message.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
DATA="$HERE/../../core/tests/data/adversarial"
ORACLE="${ORACLE:-/work/oracle}"
"$ORACLE/run.sh" < "$DATA/cases.jsonl" > "$DATA/oracle.raw.jsonl"
python3 - "$DATA" <<'PY'
import json, sys
data = sys.argv[1]
cases = {c["id"]: c for c in (json.loads(l) for l in open(f"{data}/cases.jsonl") if l.strip())}
ids = list(cases)
got = {}
for l in open(f"{data}/oracle.raw.jsonl"):
    v = json.loads(l)
    got[v["id"]] = v
with open(f"{data}/expected.jsonl", "w") as out:
    for i in ids:
        v = got.get(i)
        if v is None:
            out.write(json.dumps({"id": i, "java_no_answer": True}) + "\n")
            continue
        hc = v.get("hc4514") or {}
        host_ok = v.get("hostname_ok") if v.get("hostname_ok") is not None else hc.get("hostname_ok")
        msg = v.get("gateway_message")
        if msg is None and v.get("trusted") and host_ok is False:
            # HttpClient 4.5.2's SSLConnectionSocketFactory message (4.5.14 words it otherwise).
            case = cases[v["id"]]
            msg = ("Execution failed due to configuration error: Host name '" + case["host"]
                   + "' does not match the certificate subject provided by the peer ("
                   + v["validated_path"][0] + ")")
        v["gateway_message"] = msg
        v["accepted"] = msg is None and bool(v.get("trusted")) and host_ok is True
        out.write(json.dumps(v) + "\n")
PY
rm -f "$DATA/oracle.raw.jsonl"
echo "wrote $DATA/expected.jsonl" >&2
