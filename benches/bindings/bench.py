"""Throughput of the Python package against the native batch, on one bench corpus.

    python benches/bindings/bench.py CORPUS.jsonl --cli target/release/apigw-tls [--seconds S] [--runs N]

Prints, single thread, cases per second (median of runs):
  native     `apigw-tls batch --threads 1` over the corpus (process, JSON lines in and out)
  many       apigw_tls.evaluate_many(cases, threads=1): mappings in, Verdict objects out
  many-json  the extension's JSON-lines entry point (no Python objects built), threads=1
  call       apigw_tls.evaluate(host, chain, roots=..., at=...), one call per case
and the per-case ratio of each to the native batch, and the overhead of a single call over the
native per-case time. Run it with the interpreter of the environment the package is installed in
(scripts/test-python.sh makes one under the cargo target directory: venv-python).
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time

import apigw_tls
from apigw_tls import _native


def rate(fn, n_cases, seconds, runs):
    """Median cases per second of `fn` (which evaluates `n_cases` cases) over `runs` runs."""
    fn()  # warm-up (page cache, allocator, lazy statics)
    rates = []
    for _ in range(runs):
        done, start = 0, time.perf_counter()
        while True:
            fn()
            done += n_cases
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                break
        rates.append(done / elapsed)
    return statistics.median(rates)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--cli", required=True)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    lines = [l.strip() for l in open(args.corpus) if l.strip()]
    cases = [json.loads(l) for l in lines]
    n = len(cases)

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl") as tmp:
        tmp.write("\n".join(lines) + "\n")
        tmp.flush()

        def native():
            with open(tmp.name, "rb") as f:
                subprocess.run([args.cli, "batch", "--threads", "1"], stdin=f,
                               stdout=subprocess.DEVNULL, check=True)

        r_native = rate(native, n, args.seconds, args.runs)

    r_many = rate(lambda: apigw_tls.evaluate_many(cases, threads=1), n, args.seconds, args.runs)
    r_json = rate(lambda: _native.evaluate_many(lines, 1), n, args.seconds, args.runs)

    def calls():
        for c in cases:
            apigw_tls.evaluate(c["host"], c["chain"], roots=c.get("roots"), at=c.get("time"))

    r_call = rate(calls, n, args.seconds, args.runs)

    per_native = 1e6 / r_native
    print(f"corpus: {args.corpus} ({n} cases), apigw-tls {apigw_tls.__version__}, Python {sys.version.split()[0]}")
    print(f"{'what':<10} {'cases/s':>10} {'µs/case':>9} {'÷ native':>9}")
    for name, r in [("native", r_native), ("many", r_many), ("many-json", r_json), ("call", r_call)]:
        print(f"{name:<10} {r:>10.0f} {1e6 / r:>9.1f} {r_native / r:>9.2f}")
    print(f"single-call overhead over the native per-case time: {1e6 / r_call - per_native:.1f} µs")


if __name__ == "__main__":
    main()
