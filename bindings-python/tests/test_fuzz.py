"""A light fuzz of the entry points: random bytes, strings and types never crash the process.

Every call must return a result or raise TypeError / ValueError / apigw_tls.Error; anything else
(another exception, a crash of the interpreter) fails. Seeds are fixed so failures reproduce.
"""

from __future__ import annotations

import base64
import datetime as dt
import random
import re

import pytest

import apigw_tls

ALLOWED = (TypeError, ValueError, apigw_tls.Error)


def der_of(pem: str) -> bytes:
    body = re.sub(r"-----[^-]+-----", "", pem)
    return base64.b64decode("".join(body.split()))


def random_value(rng: random.Random, corpus_ders):
    kind = rng.randrange(14)
    if kind == 0:
        return rng.randbytes(rng.randrange(0, 200))
    if kind == 1:
        return "".join(chr(rng.randrange(0, 0x2FFFF)) for _ in range(rng.randrange(0, 40)) if not 0xD800 <= rng.randrange(0, 0x2FFFF) <= 0xDFFF)
    if kind == 2:
        return rng.randrange(-(2**70), 2**70)
    if kind == 3:
        return rng.random() * 1e6
    if kind == 4:
        return None
    if kind == 5:
        return [random_value(rng, corpus_ders) for _ in range(rng.randrange(0, 4))] if rng.random() < 0.7 else []
    if kind == 6:
        return {"k": rng.random()}
    if kind == 7:
        return object()
    if kind == 8:
        return dt.datetime(rng.randrange(1, 9999), rng.randrange(1, 13), rng.randrange(1, 29))
    if kind == 9:
        return "\ud800x"  # a lone surrogate
    if kind == 10:
        return mutate(rng, rng.choice(corpus_ders))
    if kind == 11:
        return "-----BEGIN CERTIFICATE-----\n" + base64.b64encode(mutate(rng, rng.choice(corpus_ders))).decode() + "\n-----END CERTIFICATE-----"
    if kind == 12:
        return True
    return rng.choice(["", "1.2", "1.3", "api.example.com", "https://api.example.com/", "[::1]", "*.", "\x00", "2026-01-01T00:00:00Z"])


def mutate(rng: random.Random, der: bytes) -> bytes:
    b = bytearray(der)
    for _ in range(rng.randrange(1, 6)):
        op = rng.randrange(3)
        if op == 0 and b:
            b[rng.randrange(len(b))] = rng.randrange(256)
        elif op == 1 and b:
            del b[rng.randrange(len(b)) :]
        else:
            b.insert(rng.randrange(len(b) + 1), rng.randrange(256))
    return bytes(b)


@pytest.fixture(scope="module")
def corpus_ders(corpus):
    return [der_of(p) for c in corpus["basic"] for p in c["chain"]]


def test_fuzz_evaluate_arguments(corpus_ders):
    rng = random.Random(20260601)
    results = 0
    for _ in range(600):
        kwargs = {}
        for name in ("roots", "at", "tls_version", "integration", "server_name", "resolved", "nlb", "auth_type", "id", "skip_verification"):
            if rng.random() < 0.1:
                kwargs[name] = random_value(rng, corpus_ders)
        host = random_value(rng, corpus_ders) if rng.random() < 0.3 else "api.example.com"
        if rng.random() < 0.3:
            chain = random_value(rng, corpus_ders)
        else:
            chain = [rng.choice([d, mutate(rng, d)]) for d in rng.sample(corpus_ders, rng.randrange(0, 4))]
        try:
            v = apigw_tls.evaluate(host, chain, **kwargs)
        except ALLOWED:
            continue
        assert isinstance(v, apigw_tls.Verdict)
        assert isinstance(v.to_dict(), dict) and isinstance(repr(v), str)
        results += 1
    assert results > 100


def test_fuzz_mutated_certificates(corpus, corpus_ders):
    """Corrupted certificates of the corpus: the core answers for each (verdict or ParseError)."""
    rng = random.Random(7)
    good = next(c for c in corpus["basic"] if c["id"] == "good_chain")
    verdicts = 0
    for _ in range(800):
        chain = [mutate(rng, rng.choice(corpus_ders)) for _ in range(rng.randrange(1, 4))]
        roots = good["roots"] if rng.random() < 0.8 else [mutate(rng, der_of(good["roots"][0]))]
        try:
            v = apigw_tls.evaluate("api.example.com", chain, roots=roots, at=good["time"])
        except apigw_tls.ParseError:
            continue
        assert isinstance(v, apigw_tls.Verdict) and v.accepted in (True, False)
        verdicts += 1
    assert verdicts > 400


def test_fuzz_evaluate_many(corpus_ders):
    rng = random.Random(99)
    keys = ["id", "host", "url", "chain", "roots", "time", "at", "tls_version", "auth_type", "skip_verification", "server_name_to_verify", "integration", "resolved", "nlb_addresses", "desc"]
    for _ in range(150):
        cases = []
        for _ in range(rng.randrange(0, 6)):
            case = {k: random_value(rng, corpus_ders) for k in rng.sample(keys, rng.randrange(0, len(keys)))}
            cases.append(case if rng.random() < 0.95 else random_value(rng, corpus_ders))
        try:
            out = apigw_tls.evaluate_many(cases, threads=rng.choice([None, 1, 2]))
        except ALLOWED:
            continue
        assert len(out) == len(cases)


def test_fuzz_native_json_entry_points():
    """The native module itself on arbitrary text: a verdict with `error`, never a crash."""
    from apigw_tls import _native

    rng = random.Random(3)
    samples = ["", "{", "[]", "null", '{"chain": 5}', '{"chain": ["x"], "host": 1}', "\x00" * 10, '{"id": ' + "[" * 500 + "]" * 500 + "}"]
    samples += ["".join(chr(rng.randrange(32, 127)) for _ in range(rng.randrange(0, 80))) for _ in range(200)]
    for s in samples:
        verdict_json, _, _ = _native.evaluate(s)
        assert isinstance(verdict_json, str)
        many = _native.evaluate_many([s, s], 2)
        assert len(many) == 2
        store = _native.NativeStore([], True)
        assert isinstance(store.evaluate(s)[0], str) and len(store.evaluate_many([s], 1)) == 1
        try:
            _native.probe(s)
        except (apigw_tls.ProbeError, apigw_tls.InternalError):
            pass
