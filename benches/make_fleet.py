#!/usr/bin/env python3
"""Builds the fleet workload in benches/data (generated, not committed).

A real estate of backends: many distinct server certificates, issued by a few hundred CAs that
recur, decided against API Gateway's default (bundled) trust store. Chains that end at a bundled
root cannot be made without the roots' private keys, so the issuing CAs chain to private roots
that are added to the bundled store, as `--roots` does for the `default_store` workload:

  fleet.jsonl          N cases (default 100,000): a distinct leaf each (its own serial, host and
                       subjectAltName), presented with its intermediate; no `roots` field
  fleet_roots.pem      the store: the bundled API Gateway CAs plus the 4 private roots
                       (`apigw-tls batch --roots` and the oracle's `run.sh --roots`)

200 intermediates (RSA-2048, SHA-256), 50 under each of 4 roots; each leaf is issued by an
intermediate drawn at random (seeded), so the intermediates recur in no particular order, as in
a real fleet. Leaf keys are drawn from a pool of 64 RSA-2048 keys: generating 100,000 RSA keys
would take hours, and the leaf's own key is never used to verify anything on the path (only the
intermediates' and roots' keys are), so sharing leaf keys changes no cost that is measured.

Usage: python3 benches/make_fleet.py [--n 100000] [--intermediates 200] [--roots 4] [--jobs 2]
Needs python3 with `cryptography`.
"""
import argparse
import datetime
import json
import multiprocessing
import os
import random
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
NOT_BEFORE = datetime.datetime(2025, 1, 1, tzinfo=datetime.timezone.utc)
NOT_AFTER = datetime.datetime(2027, 1, 1, tzinfo=datetime.timezone.utc)
CA_NOT_AFTER = datetime.datetime(2035, 1, 1, tzinfo=datetime.timezone.utc)
TIME = "2026-06-01T00:00:00Z"


def key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def name(cn, org="Fleet"):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, org), x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def ca_cert(subject, subject_key, issuer, issuer_key, path_len):
    b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
         .public_key(subject_key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(NOT_BEFORE).not_valid_after(CA_NOT_AFTER)
         .add_extension(x509.BasicConstraints(ca=True, path_length=path_len), critical=True)
         .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                      data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                      crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
         .add_extension(x509.SubjectKeyIdentifier.from_public_key(subject_key.public_key()), critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False))
    return b.sign(issuer_key, hashes.SHA256())


def pem(cert):
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def key_pem(k):
    return k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                           serialization.NoEncryption()).decode()


# Worker state (one copy per process).
_W = {}


def _init(intermediates, leaf_keys):
    _W["ints"] = [(x509.load_pem_x509_certificate(c.encode()), serialization.load_pem_private_key(k.encode(), None), c)
                  for c, k in intermediates]
    _W["leaf_keys"] = [serialization.load_pem_private_key(k.encode(), None) for k in leaf_keys]


def _leaf(args):
    i, int_index, key_index = args
    cert, ca_key, ca_pem = _W["ints"][int_index]
    leaf_key = _W["leaf_keys"][key_index]
    host = "svc%d.fleet.example.com" % i
    b = (x509.CertificateBuilder()
         .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)]))
         .issuer_name(cert.subject).public_key(leaf_key.public_key())
         .serial_number(x509.random_serial_number())
         .not_valid_before(NOT_BEFORE).not_valid_after(NOT_AFTER)
         .add_extension(x509.SubjectAlternativeName([x509.DNSName(host)]), critical=False)
         .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
         .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=True,
                                      data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                      crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
         .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
         .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False))
    leaf = b.sign(ca_key, hashes.SHA256())
    return json.dumps({"id": "fleet%d" % i, "chain": [pem(leaf), ca_pem], "host": host, "time": TIME}) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100000)
    ap.add_argument("--intermediates", type=int, default=200)
    ap.add_argument("--roots", type=int, default=4)
    ap.add_argument("--leaf-keys", type=int, default=64)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--seed", type=int, default=18)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    data = os.path.join(HERE, "data")
    os.makedirs(data, exist_ok=True)

    roots = []
    for r in range(args.roots):
        k = key()
        n = name("Fleet Root CA %d" % r)
        roots.append((ca_cert(n, k, n, k, None), k))
    intermediates = []
    for i in range(args.intermediates):
        root, root_key = roots[i % args.roots]
        k = key()
        c = ca_cert(name("Fleet Issuing CA %d" % i), k, root.subject, root_key, 0)
        intermediates.append((pem(c), key_pem(k)))
    leaf_keys = [key_pem(key()) for _ in range(args.leaf_keys)]
    print("made %d roots, %d intermediates, %d leaf keys" % (args.roots, args.intermediates, args.leaf_keys),
          file=sys.stderr)

    with open(os.path.join(REPO, "core", "data", "trust-store", "bundled.pem")) as f:
        bundled = f.read()
    with open(os.path.join(data, "fleet_roots.pem"), "w") as f:
        f.write(bundled.rstrip("\n") + "\n" + "".join(pem(c) for c, _ in roots))

    work = [(i, rng.randrange(args.intermediates), rng.randrange(args.leaf_keys)) for i in range(args.n)]
    path = os.path.join(data, "fleet.jsonl")
    with multiprocessing.Pool(args.jobs, _init, (intermediates, leaf_keys)) as pool, open(path, "w") as out:
        for line in pool.imap(_leaf, work, chunksize=256):
            out.write(line)
    print("wrote %d cases to %s" % (args.n, os.path.relpath(path, REPO)), file=sys.stderr)


if __name__ == "__main__":
    main()
