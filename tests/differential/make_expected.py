#!/usr/bin/env python3
"""Turn the oracle's raw output for cases.jsonl into expected.jsonl, and print a summary.

The oracle in this workplace has only HttpClient 4.5.14, so its primary (4.5.2) hostname
fields are null and its gateway_message ignores the hostname.  Every fixture case has a
hostname shape on which 4.5.2 and 4.5.14 agree (gen_cases.hostname_guard), so:

  hostname_ok          = oracle hc4514.hostname_ok
  hostname_peer_error  = 4.5.2's SSLConnectionSocketFactory message, built here:
                         "Host name '<h>' does not match the certificate subject provided by the
                         peer (<leaf X500Principal.toString()>)", h = verified_host or host,
                         the subject rendered by Java itself (JavaNames.java)
  gateway_message      = prefix + first failure of negotiation, trust, hostname

Everything else is copied from the oracle.  Fields the oracle omits are null here, except
negotiation_ok, which is true when the oracle parsed a non-empty chain and reported no
negotiation failure (null when it did not get that far).

usage: make_expected.py --cases cases.jsonl --raw raw.jsonl --out expected.jsonl
"""
import argparse
import base64
import collections
import json
import os
import re
import subprocess
import sys

PREFIX = "Execution failed due to configuration error: "
HERE = os.path.dirname(os.path.abspath(__file__))


def first_der(pem_text):
    m = re.search(r"-----BEGIN CERTIFICATE-----(.*?)-----END CERTIFICATE-----", pem_text, re.S)
    return base64.b64decode("".join(m.group(1).split())) if m else None


def java_subjects(cases):
    """id -> leaf subject as X500Principal.toString(), via JavaNames.java."""
    lines = []
    for c in cases:
        if c["chain"]:
            der = first_der(c["chain"][0])
            if der is not None:
                lines.append("%s\t%s\n" % (c["id"], base64.b64encode(der).decode()))
    out = subprocess.run(["java", os.path.join(HERE, "JavaNames.java")], input="".join(lines).encode(),
                         capture_output=True, check=True).stdout.decode("utf-8")
    res = {}
    for line in out.splitlines():
        o = json.loads(line)
        res[o["id"]] = o
    return res


def shape(msg):
    """Group gateway messages for the summary."""
    if msg is None:
        return "ACCEPT"
    m = msg[len(PREFIX):]
    m = re.sub(r"^Host name '.*", "Host name '...' does not match the certificate subject provided by the peer (...)",
               m, flags=re.S)
    m = re.sub(r'TrustAnchor with subject ".*"', 'TrustAnchor with subject "..."', m, flags=re.S)
    m = re.sub(r"key used with certificate: .*", "key used with certificate: ...", m, flags=re.S)
    return m


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", default=os.path.join(HERE, "cases.jsonl"))
    ap.add_argument("--raw", required=True)
    ap.add_argument("--out", default=os.path.join(HERE, "expected.jsonl"))
    a = ap.parse_args()
    cases = [json.loads(l) for l in open(a.cases, encoding="utf-8")]
    raw = {}
    for l in open(a.raw, encoding="utf-8"):
        o = json.loads(l)
        raw[o["id"]] = o
    names = java_subjects(cases)
    problems = []
    out_rows = []
    per_cat = collections.defaultdict(collections.Counter)
    shapes = collections.Counter()
    for c in cases:
        r = raw.get(c["id"])
        if r is None or "error" in r:
            problems.append("%s: oracle error %s" % (c["id"], r and r.get("error")))
            continue
        parsed = r.get("trusted") is not None and "parse_error" not in r and bool(c["chain"])
        neg_ok = False if r.get("negotiation_ok") is False else (True if parsed else None)
        hc = r.get("hc4514") or {}
        host_ok = hc.get("hostname_ok")
        host = r.get("verified_host") or c["host"]
        peer = None
        if host_ok is False:
            n = names.get(c["id"]) or {}
            if n.get("subject") is None:
                problems.append("%s: Java could not render the leaf subject: %s" % (c["id"], n.get("error")))
                continue
            peer = "Host name '%s' does not match the certificate subject provided by the peer (%s)" % (
                host, n["subject"])
        if neg_ok is False:
            gw = PREFIX + r["negotiation_error"]
        elif r.get("trusted") is not True:
            gw = PREFIX + r["trust_error"]
        elif host_ok is not True:
            gw = PREFIX + peer if peer else None
            if peer is None:
                problems.append("%s: trusted but no hostname verdict" % c["id"])
        else:
            gw = None
        # consistency with the oracle's own (hostname-blind) gateway_message
        if r.get("gateway_message") is not None and r["gateway_message"] != gw:
            problems.append("%s: oracle gateway_message %r != %r" % (c["id"], r["gateway_message"], gw))
        vp = r.get("validated_path")
        if vp and names.get(c["id"], {}).get("subject") not in (None, vp[0]):
            problems.append("%s: JavaNames %r != validated_path[0] %r" % (c["id"], names[c["id"]]["subject"], vp[0]))
        row = collections.OrderedDict([
            ("id", c["id"]), ("trusted", r.get("trusted")), ("trust_error", r.get("trust_error")),
            ("validated_path", vp), ("auth_type", r.get("auth_type")), ("negotiation_ok", neg_ok),
            ("negotiation_error", r.get("negotiation_error")), ("hostname_ok", host_ok),
            ("hostname_peer_error", peer), ("gateway_message", gw)])
        for k in ("verified_host", "server_dependent_warning"):
            if r.get(k) is not None:
                row[k] = r[k]
        out_rows.append(row)
        s = shape(gw)
        shapes[s] += 1
        per_cat[c.get("category", "?")]["accept" if gw is None else "reject"] += 1
    if problems:
        print("\n".join(problems[:50]), file=sys.stderr)
        print("%d problem(s); expected.jsonl not written" % len(problems), file=sys.stderr)
        sys.exit(1)
    with open(a.out, "w", encoding="utf-8") as f:
        for row in out_rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print("wrote %d verdicts to %s" % (len(out_rows), a.out))
    print("\ngateway_message distribution:")
    for s, n in shapes.most_common():
        print("%6d  %s" % (n, s))
    print("\nper category (accept / reject):")
    for cat, cnt in per_cat.items():
        print("  %-14s %5d / %5d" % (cat, cnt["accept"], cnt["reject"]))


if __name__ == "__main__":
    main()
