#!/usr/bin/env python3
"""Generates the scan fixtures' certificates. They are committed: this script documents how they
were made and remakes them if ever needed (new keys each run; the tests quote no key material).

  certs/root.pem                      the fixtures' private root (the tests pass it as --ca)
  chains/api.internal.example.com.pem the backend's chain: leaf (CN=api.internal.example.com,
                                      SAN api.internal.example.com) + issuing CA
  chains/nlb1-...amazonaws.com.pem    the same chain: the NLB passes TCP through, so its DNS
                                      name reaches the same backend and the same certificate
  chains/legacy.example.com.pem       a backend with its own root, trusted by nobody: leaf +
                                      that root (for insecureSkipVerification)

Validity 2025-01-01 .. 2075-01-01; the tests evaluate at a fixed --at time.
"""
import datetime
import pathlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID, ExtendedKeyUsageOID

HERE = pathlib.Path(__file__).parent
NOT_BEFORE = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
NOT_AFTER = datetime.datetime(2075, 1, 1, tzinfo=datetime.timezone.utc)
NLB = "nlb1-1f700f2691864826.elb.ap-northeast-1.amazonaws.com"


def name(cn, org=None):
    attrs = []
    if org:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(attrs)


def cert(subject, key, issuer, issuer_key, ca, dns=None):
    b = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if issuer_key is not key:
        b = b.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    if ca:
        b = b.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
    else:
        b = b.add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True
        )
        b = b.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName(d) for d in dns]), critical=False)
    return b.sign(issuer_key, hashes.SHA256())


def pem(*certs):
    return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)


def main():
    key = lambda: ec.generate_private_key(ec.SECP256R1())
    root_key, ca_key, leaf_key = key(), key(), key()
    root_name = name("apigw-tls Scan Fixture Root CA", "apigw-tls fixtures")
    ca_name = name("apigw-tls Scan Fixture Issuing CA", "apigw-tls fixtures")
    root = cert(root_name, root_key, root_name, root_key, True)
    ca = cert(ca_name, ca_key, root_name, root_key, True)
    leaf = cert(name("api.internal.example.com"), leaf_key, ca_name, ca_key, False, ["api.internal.example.com"])

    legacy_root_key, legacy_key = key(), key()
    legacy_root_name = name("Legacy Backend Root CA", "Legacy")
    legacy_root = cert(legacy_root_name, legacy_root_key, legacy_root_name, legacy_root_key, True)
    legacy = cert(name("legacy.example.com"), legacy_key, legacy_root_name, legacy_root_key, False, ["legacy.example.com"])

    (HERE / "certs/root.pem").write_bytes(pem(root))
    (HERE / "chains/api.internal.example.com.pem").write_bytes(pem(leaf, ca))
    (HERE / f"chains/{NLB}.pem").write_bytes(pem(leaf, ca))
    (HERE / "chains/legacy.example.com.pem").write_bytes(pem(legacy, legacy_root))


if __name__ == "__main__":
    main()
