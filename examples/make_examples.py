#!/usr/bin/env python3
"""Regenerates the example inputs of the README (needs `cryptography`); keys are thrown away.

examples/private-root.pem    a private root CA (not in API Gateway's list)
examples/backend-chain.pem   what the backend presents: a leaf for 20211114.tak1wa.com and the
                             intermediate that issued it (the root is not sent)
examples/leaf-only.pem       the leaf alone (the intermediate is missing)
examples/self-signed.pem     a self-signed CA:TRUE certificate for 20211114.tak1wa.com
"""

import datetime as dt
import pathlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

HERE = pathlib.Path(__file__).resolve().parent
HOST = "20211114.tak1wa.com"


def name(cn, o=None):
    attrs = ([x509.NameAttribute(NameOID.ORGANIZATION_NAME, o)] if o else []) + [x509.NameAttribute(NameOID.COMMON_NAME, cn)]
    return x509.Name(attrs)


def cert(subject, issuer, key, issuer_key, start, end, ca, san=None, pathlen=None):
    b = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(dt.datetime(*start, tzinfo=dt.timezone.utc))
        .not_valid_after(dt.datetime(*end, tzinfo=dt.timezone.utc))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=pathlen), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if ca:
        b = b.add_extension(
            x509.KeyUsage(True, False, False, False, False, True, True, False, False), critical=True
        )
    else:
        b = b.add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True
        ).add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    if san:
        b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName(san)]), critical=False)
    if issuer_key is not key:
        b = b.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    return b.sign(issuer_key, hashes.SHA256())


def pem(*certs):
    return "".join(c.public_bytes(serialization.Encoding.PEM).decode() for c in certs)


def main():
    root_key, int_key, leaf_key, self_key = (ec.generate_private_key(ec.SECP256R1()) for _ in range(4))
    root_name = name("Example Private Root CA", "Example Corp")
    int_name = name("Example Private Intermediate CA", "Example Corp")
    root = cert(root_name, root_name, root_key, root_key, (2025, 1, 1), (2040, 1, 1), True)
    inter = cert(int_name, root_name, int_key, root_key, (2025, 1, 1), (2035, 1, 1), True, pathlen=0)
    leaf = cert(name(HOST), int_name, leaf_key, int_key, (2025, 1, 1), (2030, 1, 1), False, san=HOST)
    self_signed = cert(name(HOST), name(HOST), self_key, self_key, (2025, 1, 1), (2030, 1, 1), True, san=HOST)
    (HERE / "private-root.pem").write_text(pem(root))
    (HERE / "backend-chain.pem").write_text(pem(leaf, inter))
    (HERE / "leaf-only.pem").write_text(pem(leaf))
    (HERE / "self-signed.pem").write_text(pem(self_signed))


if __name__ == "__main__":
    main()
