"""The whole conformance corpus through the Python binding, against Java's verdicts."""

from __future__ import annotations

import datetime as dt

import pytest

import apigw_tls
from conftest import CORPUS_FILES, mismatches


def evaluate_case(case: dict, **overrides) -> apigw_tls.Verdict:
    """evaluate() with a corpus case's fields as its arguments."""
    kwargs = dict(
        roots=case.get("roots"),
        at=case.get("time"),
        tls_version=case.get("tls_version", "1.3"),
        auth_type=case.get("auth_type"),
        skip_verification=case.get("skip_verification", False),
        id=case["id"],
    )
    kwargs.update(overrides)
    chain = kwargs.pop("chain", case["chain"])
    return apigw_tls.evaluate(case["host"], chain, **kwargs)


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_corpus_through_evaluate(name, corpus, expected):
    bad = []
    for case in corpus[name]:
        verdict = evaluate_case(case)
        assert isinstance(verdict, apigw_tls.Verdict)
        assert verdict.id == case["id"]
        bad += mismatches(expected[name][case["id"]], verdict.to_dict())
    assert not bad, f"{len(bad)} mismatches:\n" + "\n".join(bad[:40])


@pytest.mark.parametrize("name", CORPUS_FILES)
@pytest.mark.parametrize("threads", [None, 1, 2])
def test_corpus_through_evaluate_many(name, threads, corpus, expected):
    verdicts = apigw_tls.evaluate_many(corpus[name], threads=threads)
    assert [v.id for v in verdicts] == [c["id"] for c in corpus[name]], "results must keep input order"
    bad = []
    for v in verdicts:
        bad += mismatches(expected[name][v.id], v.to_dict())
    assert not bad, f"{len(bad)} mismatches:\n" + "\n".join(bad[:40])


def test_attributes_mirror_the_json(corpus):
    for case in corpus["basic"]:
        v = evaluate_case(case)
        d = v.to_dict()
        for field in ("accepted", "gateway_message", "trusted", "trust_error", "hostname_ok", "hostname_peer_error", "route"):
            assert getattr(v, field) == d.get(field), (case["id"], field)
        # The path is certificates (with their DER) whose subjects are the JSON's.
        subjects = None if v.validated_path is None else [c.subject for c in v.validated_path]
        assert subjects == d.get("validated_path")
        assert all(c.der for c in v.validated_path or [])
        assert v.negotiation_ok == (d.get("negotiation_ok") is not False)
        assert v.accepted == (v.gateway_message is None)
        if v.accepted:
            assert v.rule is None
        else:
            assert v.rule is not None and v.rule.code == d["rule"]["code"] and v.rule.stage == d["rule"]["stage"]
        assert [f.to_dict() for f in v.findings] == d.get("findings", [])


def _as_datetime(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_datetime_and_der_and_cryptography_inputs_give_the_same_verdicts(corpus):
    """`at` as a datetime, chains as DER bytes and as cryptography certificates: same verdicts."""
    x509 = pytest.importorskip("cryptography.x509")
    import base64
    import re

    def der(pem: str) -> bytes:
        body = re.sub(r"-----[^-]+-----", "", pem)
        return base64.b64decode("".join(body.split()))

    checked_crypto = 0
    for case in corpus["basic"]:
        reference = evaluate_case(case).to_dict()
        assert evaluate_case(case, at=_as_datetime(case["time"])).to_dict() == reference, case["id"]
        ders = [der(p) for p in case["chain"]]
        assert evaluate_case(case, chain=ders).to_dict() == reference, case["id"]
        assert evaluate_case(case, chain=[bytearray(d) for d in ders]).to_dict() == reference, case["id"]
        assert evaluate_case(case, roots=[der(p) for p in case["roots"]]).to_dict() == reference, case["id"]
        try:
            certs = [x509.load_der_x509_certificate(d) for d in ders]
        except Exception:
            continue  # cryptography refuses some of the corpus' odd certificates (v1, bad encodings)
        assert evaluate_case(case, chain=certs).to_dict() == reference, case["id"]
        checked_crypto += 1
    assert checked_crypto >= 80


def test_pem_bundle_string_is_split_into_the_chain(corpus):
    for case in corpus["basic"][:20]:
        reference = evaluate_case(case).to_dict()
        bundle = "\n".join(case["chain"])
        assert evaluate_case(case, chain=bundle).to_dict() == reference, case["id"]
        assert evaluate_case(case, chain=bundle.encode()).to_dict() == reference, case["id"]


def test_evaluate_many_releases_the_gil(corpus):
    """While the native call runs, other Python threads keep running: no long stall."""
    import json
    import threading
    import time

    from apigw_tls import _native

    lines = [json.dumps(c) for c in corpus["hostname"]] * 4
    done = threading.Event()
    span = {}

    def work():
        span["start"] = time.perf_counter()
        out = _native.evaluate_many(lines, 1)
        span["end"] = time.perf_counter()
        span["n"] = len(out)
        done.set()

    t = threading.Thread(target=work)
    t.start()
    last = time.perf_counter()
    max_gap = 0.0
    while not done.is_set():
        now = time.perf_counter()
        max_gap = max(max_gap, now - last)
        last = now
    t.join()
    call = span["end"] - span["start"]
    assert span["n"] == len(lines)
    assert call > 0.1, "the call must be long enough to tell"
    # Holding the GIL would stall this thread for the whole call.
    assert max_gap < call / 2, f"the main thread stalled {max_gap:.3f}s during a {call:.3f}s call"
