#!/usr/bin/env python3
"""Builds the benchmark corpora in benches/data (generated, not committed).

The base corpora come from the oracle's own generator, `gen_cases.py --bench N KIND`: N distinct
3-certificate chains (leaf + intermediate presented, root trusted through the case's `roots`).
Every certificate encoding is distinct, so neither the JDK's certificate cache nor ours helps.
The other workloads are derived from the RSA-2048 corpus without re-signing anything:

  bench3_rsa2048.jsonl        accepted RSA-2048 chains (from gen_cases.py)
  bench3_p256.jsonl           accepted ECDSA P-256 chains (from gen_cases.py)
  missing_intermediate.jsonl  only the leaf is presented: the path builder fails
  hostname_mismatch.jsonl     trusted chain, wrong host: only the hostname check fails
  default_store.jsonl         no `roots`: decided against the default store, which is the
                              bundled API Gateway CA list plus the bench root
                              (default_store_roots.pem, for `apigw-tls batch --roots` and the
                              oracle's `run.sh --roots`)
  stream_<N>.jsonl            N lines (--stream, default 100,000): the RSA corpus repeated, for
                              the batch parallelism / peak-memory measurement (compare.sh makes
                              it itself when it is missing)

Usage: python3 benches/make_corpora.py [--n 2000] [--stream 100000] [--oracle-dir DIR]
Needs python3 with `cryptography`. ORACLE_DIR defaults to ../shared/oracle next to the repository,
then /work/oracle.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def oracle_dir(explicit):
    candidates = [explicit, os.environ.get("ORACLE_DIR"), os.path.join(REPO, "..", "shared", "oracle"), "/work/oracle"]
    for c in candidates:
        if c and os.path.isfile(os.path.join(c, "gen_cases.py")):
            return os.path.abspath(c)
    sys.exit("make_corpora: gen_cases.py not found (set ORACLE_DIR)")


def generate(gen_dir, n, kind):
    """Runs gen_cases.py from a temporary copy: it writes next to itself (cases/), and the oracle
    directory must stay untouched."""
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(os.path.join(gen_dir, "gen_cases.py"), tmp)
        subprocess.run([sys.executable, os.path.join(tmp, "gen_cases.py"), "--bench", str(n), kind], check=True)
        with open(os.path.join(tmp, "cases", "bench3_%s.jsonl" % kind)) as f:
            return [json.loads(line) for line in f if line.strip()]


def write(name, cases):
    path = os.path.join(HERE, "data", name)
    with open(path, "w") as f:
        for c in cases:
            f.write(json.dumps(c) + "\n")
    print("wrote %d cases to %s" % (len(cases), os.path.relpath(path, REPO)), file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000, help="chains per corpus (default 2000)")
    ap.add_argument("--stream", type=int, default=100000, help="lines of stream_<N>.jsonl (0 = skip)")
    ap.add_argument("--oracle-dir", default=None)
    args = ap.parse_args()
    gen_dir = oracle_dir(args.oracle_dir)
    os.makedirs(os.path.join(HERE, "data"), exist_ok=True)

    rsa = generate(gen_dir, args.n, "rsa2048")
    p256 = generate(gen_dir, args.n, "p256")
    write("bench3_rsa2048.jsonl", rsa)
    write("bench3_p256.jsonl", p256)

    write("missing_intermediate.jsonl", [dict(c, id="missing%d" % i, chain=c["chain"][:1]) for i, c in enumerate(rsa)])
    # The leaf's only SAN is host<i>.bench.example.com; another label under the same domain
    # fails the hostname check and nothing else.
    write("hostname_mismatch.jsonl",
          [dict(c, id="mismatch%d" % i, host="other%d.bench.example.com" % i) for i, c in enumerate(rsa)])

    bench_root = rsa[0]["roots"][0]
    assert all(c["roots"] == [bench_root] for c in rsa), "gen_cases.py changed: one root expected"
    with open(os.path.join(REPO, "core", "data", "trust-store", "bundled.pem")) as f:
        bundled = f.read()
    with open(os.path.join(HERE, "data", "default_store_roots.pem"), "w") as f:
        f.write(bundled.rstrip("\n") + "\n" + bench_root.rstrip("\n") + "\n")
    write("default_store.jsonl",
          [{k: v for k, v in dict(c, id="default%d" % i).items() if k != "roots"} for i, c in enumerate(rsa)])

    if args.stream:
        path = os.path.join(HERE, "data", "stream_%d.jsonl" % args.stream)
        lines = [json.dumps(c) + "\n" for c in rsa]
        with open(path, "w") as f:
            for i in range(args.stream):
                f.write(lines[i % len(lines)])
        print("wrote %d lines to %s" % (args.stream, os.path.relpath(path, REPO)), file=sys.stderr)


if __name__ == "__main__":
    main()
