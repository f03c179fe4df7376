#!/usr/bin/env python3
"""Hostile-but-parseable chains for the bounded-work suite (core/tests/adversarial.rs).

Writes core/tests/data/adversarial/cases.jsonl: many presented certificates, cross-signed loops,
many candidates sharing one subject (path-building explosion), deep chains, huge extensions,
giant names, thousands of SANs and name-constraint subtrees, oversized DSA parameters.
Java's verdicts come from the oracle: `run_oracle.sh` next to this file.

Certificates are assembled as DER by hand (cryptography's builder refuses several of these
shapes) and signed with P-256 keys derived from fixed scalars, so the keys are reproducible;
ECDSA signatures are randomized, so the committed file is the reference, not a regenerated one.
"""

import base64
import datetime as dt
import hashlib
import json
import os
import random
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "core", "tests", "data", "adversarial", "cases.jsonl")
TIME = "2026-06-01T00:00:00Z"
HOST = "api.example.com"
NB = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
NA = dt.datetime(2036, 1, 1, tzinfo=dt.timezone.utc)


# ------------------------------------------------------------------------------------- DER
def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, body):
    return bytes([tag]) + der_len(len(body)) + body


def seq(*items):
    return tlv(0x30, b"".join(items))


def der_set(*items):
    return tlv(0x31, b"".join(items))


def oid(dotted):
    p = [int(x) for x in dotted.split(".")]
    body = bytearray([40 * p[0] + p[1]])
    for v in p[2:]:
        enc = [v & 0x7F]
        v >>= 7
        while v:
            enc.append(0x80 | (v & 0x7F))
            v >>= 7
        body += bytes(reversed(enc))
    return tlv(0x06, bytes(body))


def der_int(n):
    ln = max(1, (n.bit_length() + 8) // 8)
    return tlv(0x02, n.to_bytes(ln, "big", signed=True))


def der_bool(v):
    return tlv(0x01, b"\xff" if v else b"\x00")


def utc(t):
    return tlv(0x17, t.strftime("%y%m%d%H%M%SZ").encode())


def pem(der):
    b64 = base64.b64encode(der).decode()
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(b64[i:i + 64] for i in range(0, len(b64), 64)) + \
        "\n-----END CERTIFICATE-----\n"


# ------------------------------------------------------------------------------------- names
CN, O, OU = "2.5.4.3", "2.5.4.10", "2.5.4.11"


def name(*avas):
    """name(("CN", "x"), ...) -> RDNSequence, one AVA per RDN, in the order given."""
    oids = {"CN": CN, "O": O, "OU": OU}
    return seq(*[der_set(seq(oid(oids[k]), tlv(0x0C, v.encode()))) for k, v in avas])


def simple(cn):
    return name(("O", "Adversarial"), ("CN", cn))


# ------------------------------------------------------------------------------------- keys
class Key:
    """A P-256 key from a fixed scalar (reproducible)."""

    def __init__(self, label):
        scalar = int.from_bytes(hashlib.sha256(label.encode()).digest(), "big") % (2**255) + 1
        self.priv = ec.derive_private_key(scalar, ec.SECP256R1())
        self.spki = self.priv.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
        self.ski = hashlib.sha1(self.spki).digest()

    def sign(self, data):
        return self.priv.sign(data, ec.ECDSA(hashes.SHA256()))


ECDSA_SHA256 = seq(oid("1.2.840.10045.4.3.2"))
_keys = {}


def key(label):
    if label not in _keys:
        _keys[label] = Key(label)
    return _keys[label]


# ------------------------------------------------------------------------------------- extensions
def ext(oid_s, value, critical=False):
    return seq(oid(oid_s), *([der_bool(True)] if critical else []), tlv(0x04, value))


def basic_constraints(ca, pathlen=None):
    body = (der_bool(True) if ca else b"") + (der_int(pathlen) if pathlen is not None else b"")
    return ext("2.5.29.19", seq(body) if body else seq(), critical=True)


def key_usage_ca():
    return ext("2.5.29.15", tlv(0x03, b"\x01\x06"), critical=True)  # keyCertSign, cRLSign


def key_usage_leaf():
    return ext("2.5.29.15", tlv(0x03, b"\x07\x80"), critical=True)  # digitalSignature


def eku_server():
    return ext("2.5.29.37", seq(oid("1.3.6.1.5.5.7.3.1")))


def san(dns_names):
    return ext("2.5.29.17", seq(*[tlv(0x82, d.encode()) for d in dns_names]))


def name_constraints(permitted_dns):
    # permittedSubtrees [0] IMPLICIT GeneralSubtrees: the SEQUENCE OF tag becomes [0].
    subtrees = b"".join(seq(tlv(0x82, d.encode())) for d in permitted_dns)
    return ext("2.5.29.30", seq(tlv(0xA0, subtrees)), critical=True)


def ski(k):
    return ext("2.5.29.14", tlv(0x04, k.ski))


def aki(k):
    return ext("2.5.29.35", seq(tlv(0x80, k.ski)))


# ------------------------------------------------------------------------------------- certificates
_serial = [1000]


def cert(subject, issuer, subject_spki, signer, exts, nb=NB, na=NA, sign_alg=ECDSA_SHA256, signature=None):
    _serial[0] += 1
    tbs = seq(
        tlv(0xA0, der_int(2)),
        der_int(_serial[0]),
        sign_alg,
        issuer,
        seq(utc(nb), utc(na)),
        subject,
        subject_spki,
        tlv(0xA3, seq(*exts)),
    )
    sig = signature if signature is not None else signer.sign(tbs)
    return seq(tbs, sign_alg, tlv(0x03, b"\x00" + sig))


def root(label, cn=None, extra=()):
    k = key(label)
    n = simple(cn or label)
    return cert(n, n, k.spki, k, [basic_constraints(True), key_usage_ca(), ski(k), *extra])


def ca(label, cn, issuer_cn, issuer_label, pathlen=None, extra=(), subject=None, issuer=None):
    k, ik = key(label), key(issuer_label)
    return cert(subject or simple(cn), issuer or simple(issuer_cn), k.spki, ik,
                [basic_constraints(True, pathlen), key_usage_ca(), ski(k), aki(ik), *extra])


def leaf(issuer_cn, issuer_label, sans=(HOST,), extra=(), subject=None, issuer=None, label="leaf"):
    k, ik = key(label), key(issuer_label)
    return cert(subject or simple(HOST), issuer or simple(issuer_cn), k.spki, ik,
                [basic_constraints(False), key_usage_leaf(), eku_server(), san(list(sans)), aki(ik), *extra])


# ------------------------------------------------------------------------------------- cases
def case(cid, desc, chain, roots):
    return {"id": cid, "desc": desc, "chain": [pem(c) for c in chain], "roots": [pem(r) for r in roots],
            "host": HOST, "time": TIME}


def ordered_chain(depth, prefix):
    """leaf, int_1 .. int_depth (each signed by the next), root; returns (chain, root)."""
    r = root(prefix + "root")
    certs = []
    above_cn, above_label = prefix + "root", prefix + "root"
    ints = []
    for i in range(depth, 0, -1):
        lab = f"{prefix}int{i}"
        ints.append(ca(lab, lab, above_cn, above_label))
        above_cn, above_label = lab, lab
    certs = [leaf(above_cn, above_label, label=prefix + "leaf")] + list(reversed(ints))
    return certs, r


def junk(i):
    k = key(f"junk{i}")
    n = simple(f"junk {i}")
    return cert(n, n, k.spki, k, [basic_constraints(True), key_usage_ca()])


def build_cases():
    cases = []
    rng = random.Random(20260601)

    chain, r = ordered_chain(1, "base-")
    cases.append(case("baseline", "leaf + intermediate, root trusted", chain, [r]))

    for depth in (10, 63):
        chain, r = ordered_chain(depth, f"d{depth}-")
        cases.append(case(f"chain_{depth + 1}_in_order", f"leaf + {depth} intermediates in order, root trusted",
                          chain, [r]))
    chain, r = ordered_chain(64, "d64-")
    cases.append(case("chain_65_in_order", "65 certificates in order: over MAX_CHAIN_LEN", chain, [r]))

    chain, r = ordered_chain(1, "p150-")
    cases.append(case("presented_150", "a good leaf + intermediate followed by 148 unrelated CA certificates",
                      chain + [junk(i) for i in range(148)], [r]))

    chain, r = ordered_chain(8, "shuf-")
    ints = chain[1:]
    rng.shuffle(ints)
    cases.append(case("deep_8_shuffled", "8 intermediates out of order: the builder's maxPathLength (5) applies",
                      [chain[0]] + ints, [r]))
    chain, r = ordered_chain(5, "shuf5-")
    ints = chain[1:]
    rng.shuffle(ints)
    cases.append(case("deep_5_shuffled", "5 intermediates out of order: just within maxPathLength",
                      [chain[0]] + ints, [r]))

    # Many presented candidates with one subject; only the last one's key signed the leaf.
    r = root("same-root")
    sames = [ca(f"same{i}", "Same Subject CA", "same-root", "same-root") for i in range(63)]
    lf = leaf("Same Subject CA", "same62")
    cases.append(case("same_subject_63_presented", "63 intermediates named alike, the last one signed the leaf",
                      [lf] + sames, [r]))

    # Many trusted anchors with one subject; only the last one's key signed the leaf.
    anchors = [root(f"anchor{i}", cn="Shared Root") for i in range(1500)]
    lf = leaf("Shared Root", "anchor1499", label="anchor-leaf")
    cases.append(case("same_subject_1500_anchors", "1500 trusted roots named alike, the last one signed the leaf",
                      [lf], anchors))
    lf = leaf("Shared Root", "no-such-anchor", label="anchor-leaf2")
    cases.append(case("same_subject_1500_anchors_none_signs", "1500 trusted roots named alike, none signed the leaf",
                      [lf], anchors))

    # Path-building explosion: LEVELS levels of K certificates, alike in subject and key within a
    # level (each is a valid issuer of every certificate of the level below), top level issued by
    # an untrusted name: the builder explores K^LEVELS partial paths before giving up.
    for k_per, levels, trusted in ((8, 5, False), (6, 4, True)):
        tag = f"explosion_{k_per}x{levels}" + ("_nc" if trusted else "")
        r = root(tag + "root")
        top_cn = tag + "root" if trusted else tag + "nowhere"
        top_label = tag + "root" if trusted else tag + "nowhere"
        certs = []
        above_cn, above_label = top_cn, top_label
        for lvl in range(levels, 0, -1):
            lab = f"{tag}L{lvl}"
            # With _nc, level 1 permits only names under allowed.example: every path fails its
            # final verification (the leaf is api.example.com), so every path is tried.
            extra = [name_constraints(["allowed.example"])] if trusted and lvl == 1 else []
            for j in range(k_per):
                certs.append(ca(lab, lab, above_cn, above_label, extra=extra))
            above_cn, above_label = lab, lab
        lf = leaf(f"{tag}L1", f"{tag}L1", label=tag + "leaf")
        cases.append(case(tag, f"{levels} levels of {k_per} interchangeable intermediates"
                          + (", anchored, failing name constraints" if trusted else ", no anchor"),
                          [lf] + list(reversed(certs)), [r]))

    # Cross-signed loop: A issued by B and B issued by A, several copies of each; no anchor.
    r = root("loop-root")
    loop = []
    for i in range(10):
        loop.append(ca("loopA", "Loop A", "Loop B", "loopB"))
        loop.append(ca("loopB", "Loop B", "Loop A", "loopA"))
    lf = leaf("Loop A", "loopA", label="loop-leaf")
    cases.append(case("cross_signed_loop", "A<->B cross-signed, 10 copies each, no way out", [lf] + loop, [r]))
    exit_b = ca("loopB", "Loop B", "loop-root", "loop-root")
    cases.append(case("cross_signed_loop_with_exit", "the same loop plus B issued by the trusted root, presented last",
                      [lf] + loop + [exit_b], [r]))

    # Huge extensions and names.
    r = root("big-root")
    mid = ca("big-int", "Big Int", "big-root", "big-root")
    blob = bytes(rng.getrandbits(8) for _ in range(60000))
    cases.append(case("huge_extension", "a 60 KB non-critical private extension in the leaf",
                      [leaf("Big Int", "big-int", extra=[ext("1.3.6.1.4.1.99999.1", tlv(0x04, blob))], label="big1"), mid], [r]))
    cases.append(case("huge_extension_critical", "the same extension marked critical",
                      [leaf("Big Int", "big-int", extra=[ext("1.3.6.1.4.1.99999.1", tlv(0x04, blob), critical=True)],
                            label="big2"), mid], [r]))
    blob70 = bytes(rng.getrandbits(8) for _ in range(70000))
    cases.append(case("certificate_over_64k", "a 70 KB leaf: over MAX_CERT_SIZE",
                      [leaf("Big Int", "big-int", extra=[ext("1.3.6.1.4.1.99999.1", tlv(0x04, blob70))], label="big3"), mid],
                      [r]))
    giant = name(*([("OU", f"unit {i:05d}") for i in range(2500)] + [("CN", HOST)]))
    cases.append(case("giant_subject_name", "a leaf subject of 2,501 RDNs (~55 KB)",
                      [leaf("Big Int", "big-int", subject=giant, label="big4"), mid], [r]))
    giant_ca = name(*([("OU", f"ca unit {i:05d}") for i in range(2000)] + [("CN", "Giant CA")]))
    gmid = ca("giant-int", None, "big-root", "big-root", subject=giant_ca)
    cases.append(case("giant_issuer_name", "the intermediate's subject (= the leaf's issuer) has 2,001 RDNs",
                      [leaf(None, "giant-int", issuer=giant_ca, label="big5"), gmid], [r]))
    many = [f"host{i}.example.net" for i in range(3000)] + [HOST]
    cases.append(case("many_sans", "3,001 dNSName SANs, the match last",
                      [leaf("Big Int", "big-int", sans=many, label="big6"), mid], [r]))
    long_san = "a." * 30000 + "example.com"
    cases.append(case("long_dns_san", "one 60 KB dNSName of one-letter labels (no match)",
                      [leaf("Big Int", "big-int", sans=[long_san], label="big7"), mid], [r]))

    # Name constraints, big on both sides.
    permitted = [f"zone{i}.example.org" for i in range(2000)] + ["example.com"]
    nc_mid = ca("nc-int", "NC Int", "big-root", "big-root", extra=[name_constraints(permitted)])
    sans = [f"h{i}.example.com" for i in range(2000)] + [HOST]
    cases.append(case("name_constraints_2000x2000", "2,001 permitted subtrees x 2,001 SANs (all permitted)",
                      [leaf("NC Int", "nc-int", sans=sans, label="nc-leaf"), nc_mid], [r]))
    return cases


DSA_OID = "1.2.840.10040.4.1"
DSA_SHA256 = seq(oid("2.16.840.1.101.3.4.3.2"))
RSA_SHA256 = seq(oid("1.2.840.113549.1.1.11"), b"\x05\x00")


def huge_dsa_spki(bits, rng):
    """A DSA key the JDK parses (no primality check) with p and q of `bits` bits: verifying
    with it costs two modular exponentiations with ~bits-bit exponents modulo a bits-bit p."""
    p = rng.getrandbits(bits) | (1 << (bits - 1)) | 1
    q = (rng.getrandbits(bits - 1) | (1 << (bits - 2)) | 1)
    g = rng.getrandbits(bits - 8) | 3
    y = rng.getrandbits(bits - 8) | 5
    return seq(seq(oid(DSA_OID), seq(der_int(p), der_int(q), der_int(g))), tlv(0x03, b"\x00" + der_int(y))), q


def bench_cases():
    """Slow-by-design cases for the worst-case bench (fuzz/src/bin/worst-case.rs), not the test
    suite: anchors with oversized DSA keys, each costing one full verification."""
    rng = random.Random(7)
    out = []
    for bits, count in ((3072, 8), (8192, 4), (16384, 2)):
        anchors = []
        q = None
        for i in range(count):
            spki, q_i = huge_dsa_spki(bits, rng)
            q = q_i if q is None else min(q, q_i)
            n = simple("Huge DSA Root")
            anchors.append(cert(n, n, spki, None, [basic_constraints(True), key_usage_ca()], sign_alg=DSA_SHA256,
                                signature=seq(der_int(5), der_int(7))))
        # The leaf's signature: r close to q, s = 2 (w = (q+1)/2), so both exponents are full size.
        lf = cert(simple(HOST), simple("Huge DSA Root"), key("dsa-leaf").spki, None,
                  [basic_constraints(False), key_usage_leaf(), eku_server(), san([HOST])], sign_alg=DSA_SHA256,
                  signature=seq(der_int(q - 2), der_int(2)))
        out.append(case(f"dsa_{bits}_x{count}_anchors", f"{count} anchors with {bits}-bit DSA p and q; "
                        "each costs one failed verification", [lf], anchors))
    # RSA: the JDK takes any exponent below the modulus up to 3072 bits, 64-bit exponents above.
    for bits, e_bits, count in ((3072, 3071, 8), (16384, 64, 4)):
        anchors = []
        for i in range(count):
            n = rng.getrandbits(bits) | (1 << (bits - 1)) | 1
            e = rng.getrandbits(e_bits) | (1 << (e_bits - 1)) | 1
            spki = seq(seq(oid("1.2.840.113549.1.1.1"), b"\x05\x00"), tlv(0x03, b"\x00" + seq(der_int(n), der_int(e))))
            nm = simple("Huge RSA Root")
            anchors.append(cert(nm, nm, spki, None, [basic_constraints(True), key_usage_ca()], sign_alg=RSA_SHA256,
                                signature=b"\x01" * (bits // 8)))
        lf = cert(simple(HOST), simple("Huge RSA Root"), key("rsa-leaf").spki, None,
                  [basic_constraints(False), key_usage_leaf(), eku_server(), san([HOST])], sign_alg=RSA_SHA256,
                  signature=b"\x01" * (bits // 8))
        out.append(case(f"rsa_{bits}_e{e_bits}_x{count}_anchors", f"{count} anchors with {bits}-bit RSA moduli and "
                        f"{e_bits}-bit exponents; each costs one failed verification", [lf], anchors))
    # Name-constraint work times the builder's paths: 4 levels of 6 interchangeable intermediates
    # under a trusted root, level 1 permitting 2,000 subtrees; the leaf's 2,001 SANs all fall in
    # the last subtree but the final one, so every one of the 6^4 complete paths fails its final
    # verification only after ~4 million name comparisons.
    tag = "nc_explosion"
    r = root(tag + "root")
    permitted = [f"zone{i}.example.org" for i in range(1999)] + ["example.com"]
    certs = []
    above_cn, above_label = tag + "root", tag + "root"
    for lvl in range(4, 0, -1):
        lab = f"{tag}L{lvl}"
        extra = [name_constraints(permitted)] if lvl == 1 else []
        for j in range(6):
            certs.append(ca(lab, lab, above_cn, above_label, extra=extra))
        above_cn, above_label = lab, lab
    sans = [f"h{i}.example.com" for i in range(2000)] + ["api.example.net"]
    lf = leaf(f"{tag}L1", f"{tag}L1", sans=sans, label=tag + "leaf")
    out.append(case(tag, "6^4 complete paths, each failing 2,000 x 2,001 name-constraint checks at its end",
                    [lf] + list(reversed(certs)), [r]))
    return out


def main():
    if "--bench" in sys.argv:
        path = os.path.join(HERE, "bench.jsonl")
        with open(path, "w") as f:
            for c in bench_cases():
                f.write(json.dumps(c) + "\n")
        print(f"wrote {path}", file=sys.stderr)
        return
    cases = build_cases()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        for c in cases:
            f.write(json.dumps(c) + "\n")
    for c in cases:
        print(f"{c['id']}: {len(c['chain'])} presented, {len(c['roots'])} roots", file=sys.stderr)


if __name__ == "__main__":
    main()
