"""Error paths: bad certificates and values raise apigw_tls errors, wrong types TypeError."""

from __future__ import annotations

import datetime as dt
import ipaddress

import pytest

import apigw_tls
from apigw_tls import Error, InternalError, ParseError, ProbeError


@pytest.fixture(scope="module")
def good(corpus):
    """The corpus' good_chain case."""
    return next(c for c in corpus["basic"] if c["id"] == "good_chain")


def test_exception_hierarchy():
    for cls in (ParseError, ProbeError, InternalError):
        assert issubclass(cls, Error) and issubclass(cls, Exception)
    assert issubclass(ParseError, ValueError)
    assert apigw_tls.Error.__doc__ and ParseError.__doc__ and ProbeError.__doc__ and InternalError.__doc__


def test_every_public_name_has_a_docstring():
    for name in apigw_tls.__all__:
        obj = getattr(apigw_tls, name)
        if name.startswith("__") or name.endswith("Input"):
            continue
        assert getattr(obj, "__doc__", None), name


@pytest.mark.parametrize(
    "entry",
    [
        "not a certificate",
        "-----BEGIN CERTIFICATE-----\nA\n-----END CERTIFICATE-----\n",
        "-----BEGIN CERTIFICATE-----\nMIIB",
        "",
    ],
)
def test_text_that_is_not_pem_raises_parse_error_with_the_verdict(entry, good):
    with pytest.raises(ParseError) as info:
        apigw_tls.evaluate("api.example.com", [entry], roots=good["roots"], at=good["time"])
    assert "chain[0]" in str(info.value)
    verdict = info.value.verdict
    assert isinstance(verdict, apigw_tls.Verdict) and not verdict.accepted
    assert verdict.gateway_message == "Execution failed due to configuration error: Failed to parse server certificates"
    # Also catchable as ValueError and as the package's base class.
    with pytest.raises(ValueError):
        apigw_tls.evaluate("api.example.com", [good["chain"][0], entry])
    with pytest.raises(Error):
        apigw_tls.evaluate("api.example.com", [good["chain"][0], entry])


def test_der_the_jdk_refuses_is_a_verdict_not_an_exception(good):
    """Bytes a server could send are API Gateway's business: a rejection, as the CLI says."""
    for der in (b"\x30\x03\x02\x01\x01", b"\x30\x82\xff\xff" + b"\x00" * 10):
        v = apigw_tls.evaluate("api.example.com", [der], roots=good["roots"], at=good["time"])
        assert not v.accepted and v.rule is not None and v.rule.code == "unparseable_certificate"
        assert v.gateway_message == "Execution failed due to configuration error: Failed to parse server certificates"


def test_bad_values_raise_parse_error(good):
    args = ("api.example.com", good["chain"])
    with pytest.raises(ParseError, match="roots entry 0"):
        apigw_tls.evaluate(*args, roots=["nope"], at=good["time"])
    with pytest.raises(ParseError, match="RFC 3339"):
        apigw_tls.evaluate(*args, roots=good["roots"], at="yesterday")
    with pytest.raises(ParseError, match="tls_version"):
        apigw_tls.evaluate(*args, roots=good["roots"], tls_version="1.1")
    with pytest.raises(ParseError, match="no host"):
        apigw_tls.evaluate("https:///path", good["chain"], roots=good["roots"])


@pytest.mark.parametrize(
    "call, where",
    [
        (lambda g: apigw_tls.evaluate(123, g["chain"]), "host"),
        (lambda g: apigw_tls.evaluate(None, g["chain"]), "host"),
        (lambda g: apigw_tls.evaluate("h", 42), "chain"),
        (lambda g: apigw_tls.evaluate("h", None), "chain"),
        (lambda g: apigw_tls.evaluate("h", {"a": 1}), "chain"),
        (lambda g: apigw_tls.evaluate("h", [1]), "chain[0]"),
        (lambda g: apigw_tls.evaluate("h", [g["chain"][0], None]), "chain[1]"),
        (lambda g: apigw_tls.evaluate("h", g["chain"], roots=[object()]), "roots[0]"),
        (lambda g: apigw_tls.evaluate("h", g["chain"], roots=5), "roots"),
        (lambda g: apigw_tls.evaluate("h", g["chain"], at=1700000000), "at"),
        # (a datetime.date is a valid `at`: midnight UTC, see test_native_feel.py)
        (lambda g: apigw_tls.evaluate("h", g["chain"], tls_version=1.2), "tls_version"),
        (lambda g: apigw_tls.evaluate("h", g["chain"], skip_verification="yes"), "skip_verification"),
        (lambda g: apigw_tls.evaluate("h", g["chain"], skip_verification=None), "skip_verification"),
        (lambda g: apigw_tls.evaluate("h", g["chain"], server_name=b"x"), "server_name"),
        (lambda g: apigw_tls.evaluate("h", g["chain"], integration=1), "integration"),
        (lambda g: apigw_tls.evaluate("h", g["chain"], resolved="10.0.0.1"), "resolved"),
        (lambda g: apigw_tls.evaluate("h", g["chain"], nlb=[1]), "nlb[0]"),
        (lambda g: apigw_tls.evaluate("h", g["chain"], auth_type=[]), "auth_type"),
        (lambda g: apigw_tls.evaluate("h", g["chain"], id=object()), "id"),
        (lambda g: apigw_tls.evaluate("h", g["chain"], id=float("nan")), "id"),
        (lambda g: apigw_tls.evaluate_many(None), "cases"),
        (lambda g: apigw_tls.evaluate_many("abc"), "cases"),
        (lambda g: apigw_tls.evaluate_many({"chain": []}), "cases"),
        (lambda g: apigw_tls.evaluate_many([{"host": "h", "chain": []}, 3]), "cases[1]"),
        (lambda g: apigw_tls.evaluate_many([{"host": 3, "chain": []}]), "cases[0]['host']"),
        (lambda g: apigw_tls.evaluate_many([{1: "x"}]), "cases[0]"),
        (lambda g: apigw_tls.evaluate_many([{"host": "h", "chain": [], "time": "t", "at": "t"}]), "twice"),
        (lambda g: apigw_tls.evaluate_many([], threads="2"), "threads"),
        (lambda g: apigw_tls.evaluate_many([], threads=True), "threads"),
        (lambda g: apigw_tls.probe(b"https://x/"), "url"),
        (lambda g: apigw_tls.probe("https://127.0.0.1:1/", timeout="1"), "timeout"),
        (lambda g: apigw_tls.probe("https://127.0.0.1:1/", connect_to=5), "connect_to"),
        (lambda g: apigw_tls.probe("https://127.0.0.1:1/", max_addresses=1.5), "max_addresses"),
    ],
)
def test_wrong_types_raise_type_error_naming_the_argument(call, where, good):
    with pytest.raises(TypeError) as info:
        call(good)
    assert where in str(info.value)


def test_unknown_keyword_is_a_type_error(good):
    with pytest.raises(TypeError):
        apigw_tls.evaluate("h", good["chain"], tls="1.2")  # type: ignore[call-arg]


def test_bad_ranges_raise_value_error():
    with pytest.raises(ValueError, match="threads"):
        apigw_tls.evaluate_many([], threads=0)
    with pytest.raises(ValueError, match="timeout"):
        apigw_tls.probe("https://127.0.0.1:1/", timeout=-1)
    with pytest.raises(ValueError, match="timeout"):
        apigw_tls.probe("https://127.0.0.1:1/", timeout=float("inf"))
    with pytest.raises(ValueError, match="max_addresses"):
        apigw_tls.probe("https://127.0.0.1:1/", max_addresses=0)


def test_evaluate_many_reports_bad_cases_in_their_verdict(good):
    cases = [
        {"id": 1, "host": "api.example.com", "chain": good["chain"], "roots": good["roots"], "time": good["time"]},
        {"id": 2, "host": "api.example.com", "chain": good["chain"], "time": "not a time"},
        {"id": 3, "chain": good["chain"]},
        {"id": 4, "host": "api.example.com", "chain": ["garbage"], "roots": good["roots"]},
    ]
    v = apigw_tls.evaluate_many(cases, threads=2)
    assert [x.id for x in v] == [1, 2, 3, 4]
    assert v[0].accepted and v[0].error is None
    assert v[1].error and "RFC 3339" in v[1].error and not v[1].accepted
    assert v[2].error and "host" in v[2].error
    assert v[3].rule.code == "unparseable_certificate"
    assert "error=" in repr(v[1])


def test_evaluate_many_accepts_keyword_aliases_and_empty_input(good):
    assert apigw_tls.evaluate_many([]) == []
    a = apigw_tls.evaluate_many([{"host": "api.example.com", "chain": good["chain"], "roots": good["roots"], "at": good["time"], "server_name": "api.example.com", "nlb": [ipaddress.ip_address("10.0.0.1")]}])
    b = apigw_tls.evaluate("api.example.com", good["chain"], roots=good["roots"], at=good["time"], server_name="api.example.com", nlb=["10.0.0.1"])
    assert a[0].to_dict() == b.to_dict() and b.accepted
    # A generator works too.
    gen = ({"host": "api.example.com", "chain": good["chain"], "roots": good["roots"], "time": good["time"]} for _ in range(3))
    assert all(v.accepted for v in apigw_tls.evaluate_many(gen))


def test_times_naive_is_utc_and_aware_is_converted(good):
    expired_at = dt.datetime(2040, 1, 1)
    args = ("api.example.com", good["chain"])
    naive = apigw_tls.evaluate(*args, roots=good["roots"], at=dt.datetime(2026, 6, 1, 12, 0))
    aware = apigw_tls.evaluate(*args, roots=good["roots"], at=dt.datetime(2026, 6, 1, 14, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))))
    assert naive.to_dict() == aware.to_dict() and naive.accepted
    late = apigw_tls.evaluate(*args, roots=good["roots"], at=expired_at)
    assert not late.accepted and late.rule.code in ("expired", "leaf_expired", "no_path_found")


def test_default_trust_store_is_api_gateways(good):
    """Without roots, the bundled CAs are the trust store: a private test root is not in it."""
    v = apigw_tls.evaluate("api.example.com", good["chain"], at=good["time"])
    assert not v.accepted and v.trusted is False


def test_url_as_host(good):
    a = apigw_tls.evaluate("https://api.example.com:8443/path", good["chain"], roots=good["roots"], at=good["time"])
    b = apigw_tls.evaluate("api.example.com", good["chain"], roots=good["roots"], at=good["time"])
    assert a.accepted and b.accepted


def test_results_are_readable_and_detached(good):
    v = apigw_tls.evaluate("www.example.org", good["chain"], roots=good["roots"], at=good["time"], id="x")
    r = repr(v)
    assert r.startswith("<Verdict id='x' accepted=False") and "hostname/hostname_mismatch" in r
    d = v.to_dict()
    d["accepted"] = True
    assert v.to_dict()["accepted"] is False
    assert v == apigw_tls.evaluate("www.example.org", good["chain"], roots=good["roots"], at=good["time"], id="x")
    with pytest.raises(TypeError):
        hash(v)
    assert "Rule(" in repr(v.rule) and "CertificateRef(" in repr(v.rule.certificate)
    assert v.rule.certificate.origin == "presented" and v.rule.certificate.index == 0


def test_findings_are_typed(good):
    v = apigw_tls.evaluate("www.example.org", good["chain"], roots=good["roots"], at=good["time"])
    assert v.findings, "a rejected case explains itself"
    codes = [f.code for f in v.findings]
    assert "hostname_mismatch" in codes
    for f, d in zip(v.findings, v.to_dict()["findings"]):
        assert isinstance(f, apigw_tls.Finding)
        assert (f.code, f.severity, f.source, f.title, f.explanation, f.fix) == (
            d["code"], d["severity"], d.get("source"), d["title"], d["explanation"], d.get("fix"))
        assert f.severity in ("error", "warning", "info")
        assert f.source in ("gateway_message", "next_failure", "apigw_tls")
        assert f.title and f.explanation
        assert "Finding(" in repr(f)
