"""What a user of pyca/cryptography, certifi or trustme expects: a reusable store and evaluator,
the bundled store as certificates, the path as certificates, enums, a JSON round trip,
truthiness, paths as files, one certificate or a list, and clear errors for what is not one."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import json
import os
import pathlib
import subprocess
import typing

import pytest

import apigw_tls
from apigw_tls import (
    Certificate,
    Evaluator,
    Finding,
    Integration,
    Origin,
    ParseError,
    Route,
    Rule,
    Severity,
    Source,
    Stage,
    TrustStore,
    Verdict,
)

REPO = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
CHAIN = EXAMPLES / "backend-chain.pem"
LEAF = EXAMPLES / "leaf-only.pem"
ROOT = EXAMPLES / "private-root.pem"
SELF_SIGNED = EXAMPLES / "self-signed.pem"
HOST = "20211114.tak1wa.com"
AT = "2026-06-01T00:00:00Z"


@pytest.fixture(scope="module")
def private() -> TrustStore:
    return TrustStore.bundled(extra=ROOT)


def test_a_private_ca_is_added_to_api_gateways_store(private):
    bundled = TrustStore.bundled()
    assert len(private) == len(bundled) + 1 > 200
    assert Evaluator(private).evaluate(HOST, CHAIN, at=AT).accepted
    # The bundled store alone does not trust the private root; roots= would replace the store.
    assert not Evaluator(bundled).evaluate(HOST, CHAIN, at=AT).accepted
    only = TrustStore.from_certificates(ROOT)
    assert len(only) == 1 and [c.subject for c in only] == ["CN=Example Private Root CA, O=Example Corp"]
    assert Evaluator(only).evaluate(HOST, CHAIN, at=AT).accepted
    # The module-level function takes the store too, but not together with roots.
    assert apigw_tls.evaluate(HOST, CHAIN, trust_store=private, at=AT)
    with pytest.raises(TypeError, match="not both"):
        apigw_tls.evaluate(HOST, CHAIN, trust_store=private, roots=ROOT)


def test_one_evaluator_serves_many_threads(private):
    evaluator = Evaluator(private)
    cases = [(HOST, CHAIN), (HOST, LEAF), ("nlb.example.com", CHAIN)] * 40
    expected = [evaluator.evaluate(h, c, at=AT).to_dict() for h, c in cases[:3]] * 40
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda hc: evaluator.evaluate(hc[0], hc[1], at=AT).to_dict(), cases))
    assert got == expected
    many = evaluator.evaluate_many([{"host": h, "chain": c, "at": AT} for h, c in cases], threads=2)
    assert [v.to_dict() for v in many] == expected


@pytest.mark.filterwarnings("ignore:Parsed a serial number")  # a bundled root has a negative serial
def test_the_bundled_store_as_certificates():
    certs = apigw_tls.default_trust_store()
    assert len(certs) == len(TrustStore.bundled()) > 200
    first = certs[0]
    assert isinstance(first, Certificate) and first.subject and first.aliases
    assert first.pem.startswith("-----BEGIN CERTIFICATE-----\n")
    assert len(first.sha256) == 64
    pems = apigw_tls.default_trust_store("pem")
    ders = apigw_tls.default_trust_store("der")
    assert pems[0] == first.pem and ders[0] == first.der
    crypto = apigw_tls.default_trust_store("cryptography")
    from cryptography.hazmat.primitives.serialization import Encoding

    assert crypto[0].public_bytes(Encoding.DER) == first.der
    assert TrustStore.bundled().pem() == "".join(pems)
    with pytest.raises(ValueError):
        apigw_tls.default_trust_store("jks")  # type: ignore[call-overload]


def test_the_validated_path_is_certificates(private):
    from cryptography import x509

    v = Evaluator(private).evaluate(HOST, CHAIN, at=AT)
    path = v.validated_path
    assert path is not None and [c.subject for c in path] == [
        "CN=20211114.tak1wa.com",
        "CN=Example Private Intermediate CA, O=Example Corp",
        "CN=Example Private Root CA, O=Example Corp",
    ]
    presented = x509.load_pem_x509_certificates(CHAIN.read_bytes())
    root = x509.load_pem_x509_certificate(ROOT.read_bytes())
    assert [c.to_cryptography() for c in path] == presented + [root]
    # The JSON keeps the subjects, as the CLI prints them.
    assert v.to_dict()["validated_path"] == [c.subject for c in path]


def test_closed_sets_are_enums(private):
    v = Evaluator(private).evaluate("nlb.example.com", CHAIN, at=AT, integration=Integration.REST_VPC_LINK)
    assert isinstance(v.rule.stage, Stage) and v.rule.stage is Stage.HOSTNAME
    assert v.rule.stage == "hostname"  # str enums compare equal to their JSON values
    assert isinstance(v.rule.certificate.origin, Origin) and v.rule.certificate.origin is Origin.PRESENTED
    assert v.route is Route.AS_PRESENTED
    assert all(isinstance(f.severity, Severity) and isinstance(f.source, Source) for f in v.findings)
    hints = typing.get_type_hints(Finding)
    assert hints["severity"] is Severity and hints["source"] is Source
    assert typing.get_type_hints(Rule)["stage"] is Stage
    assert typing.get_type_hints(Verdict)["route"] == typing.Optional[Route]
    assert typing.get_type_hints(Verdict)["validated_path"] == typing.Optional[typing.List[Certificate]]
    assert str(Severity.ERROR) == "error" and json.dumps(Severity.ERROR) == '"error"'


def test_json_round_trip(private):
    for host in (HOST, "nlb.example.com"):
        v = Evaluator(private).evaluate(host, CHAIN, at=AT)
        again = Verdict.from_dict(v.to_dict())
        assert again == v and again.to_dict() == v.to_dict()
        assert Verdict.from_json(v.to_json()) == v
        assert again.rule == v.rule and [f.code for f in again.findings] == [f.code for f in v.findings]
    cli = os.environ.get("APIGW_TLS_CLI")
    if cli:
        out = subprocess.run(
            [cli, "check", "--host", HOST, "--chain", str(CHAIN), "--ca", str(ROOT), "--at", AT, "--json"],
            capture_output=True,
            check=True,
        ).stdout
        assert Verdict.from_json(out) == Evaluator(private).evaluate(HOST, CHAIN, at=AT)
    with pytest.raises(TypeError):
        Verdict.from_dict("{}")  # type: ignore[arg-type]


def test_a_rejected_verdict_is_falsy(private):
    evaluator = Evaluator(private)
    assert evaluator.evaluate(HOST, CHAIN, at=AT)
    assert not evaluator.evaluate("nlb.example.com", CHAIN, at=AT)
    assert bool(apigw_tls.evaluate(HOST, [])) is False
    assert "falsy" in (Verdict.__doc__ or "")


def test_paths_are_read_as_files_and_strs_that_look_like_paths_are_refused(private):
    assert apigw_tls.evaluate(HOST, CHAIN, roots=ROOT, at=AT)
    assert apigw_tls.evaluate(HOST, [LEAF], roots=[ROOT], at=AT).rule.code == "no_path_found"
    for kwargs in ({"roots": str(ROOT)}, {}):
        chain = str(CHAIN) if not kwargs else CHAIN
        with pytest.raises(ParseError, match=r"looks like a file path .*pathlib\.Path"):
            apigw_tls.evaluate(HOST, chain, at=AT, **kwargs)
    # certifi.where() style: a bundle's file name as roots.
    with pytest.raises(ParseError, match="looks like a file path"):
        TrustStore.from_certificates("/etc/ssl/certs/ca-certificates.crt")
    with pytest.raises(ParseError, match="cannot read"):
        apigw_tls.evaluate(HOST, pathlib.Path("/nonexistent/chain.pem"))


def test_one_certificate_or_a_list(private):
    from cryptography import x509

    leaf, intermediate = x509.load_pem_x509_certificates(CHAIN.read_bytes())
    root = x509.load_pem_x509_certificate(ROOT.read_bytes())
    assert apigw_tls.evaluate(HOST, [leaf, intermediate], roots=root, at=AT)
    v = apigw_tls.evaluate(HOST, leaf, roots=root, at=AT)  # the leaf alone: not a list
    assert v.rule.code == "no_path_found"
    # apigw_tls.Certificate objects (from a store or a path) are inputs too.
    path = Evaluator(private).evaluate(HOST, CHAIN, at=AT).validated_path
    assert apigw_tls.evaluate(HOST, path[:2], roots=path[2], at=AT)


def test_a_key_given_as_a_certificate_is_named(tmp_path):
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    with pytest.raises(ParseError, match="this is a private key, not a certificate"):
        apigw_tls.evaluate(HOST, [key.decode()])
    with pytest.raises(ParseError, match="this is a private key, not a certificate"):
        TrustStore.bundled(extra=key)
    (tmp_path / "key.pem").write_bytes(key)
    with pytest.raises(ParseError, match="roots entry 0: this is a private key"):
        apigw_tls.evaluate(HOST, CHAIN, roots=tmp_path / "key.pem")


def test_dates_and_skip_verification_on_private_integrations():
    # A date alone is midnight UTC (as the CLI's --at 2026-06-01); date objects too.
    assert apigw_tls.evaluate(HOST, CHAIN, roots=ROOT, at="2026-06-01")
    assert apigw_tls.evaluate(HOST, CHAIN, roots=ROOT, at=dt.date(2026, 6, 1))
    # insecureSkipVerification applies to REST private (VPC link) integrations, as a model.
    v = apigw_tls.evaluate(HOST, SELF_SIGNED, at=AT, integration="rest-vpc-link", skip_verification=True)
    assert v.accepted and v.skip_verification_model
    assert any(f.code == "skip_verification_model" and "docs.aws.amazon.com" in f.explanation for f in v.findings)
