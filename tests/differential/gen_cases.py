#!/usr/bin/env python3
"""Generate the differential fixture: tests/differential/cases.jsonl.

Every case is a backend certificate chain in the oracle's JSONL format (id, desc, category,
chain [PEM, leaf first, as the server presents it], roots [PEM], host, time, optional
tls_version / auth_type).  The Java oracle's verdicts for them are in expected.jsonl
(run_oracle.sh regenerates that file).

Certificates are assembled here from DER pieces (TBSCertificate, names, validity, extensions)
and signed with the issuer's key, so that encodings cryptography's builder refuses (MD5/SHA-1
signatures, v1 certificates, fractional GeneralizedTime, raw DN string types, unsorted
multi-valued RDNs, duplicate extensions, ...) are possible.  cryptography (48) supplies the
keys, the SubjectPublicKeyInfo encodings and the raw signature operations.

Deterministic choices (random.Random(SEED)); keys and ECDSA/PSS signatures are not, so a
re-run gives an equivalent but not byte-identical corpus: the committed files are the fixture.

Hostnames: the oracle here only has HttpClient 4.5.14, API Gateway runs 4.5.2.  Every case
satisfies `hostname_guard` below (shapes where SPEC.md says the two versions agree), so the
4.5.14 verdict is the 4.5.2 verdict.

usage: python3 gen_cases.py [--out cases.jsonl] [--seed N] [--scale F]
"""
import argparse
import base64
import datetime as dt
import hashlib
import ipaddress
import json
import os
import random
import re
import subprocess
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, padding, rsa

SEED = 20260601
UTC = dt.timezone.utc
NOW = dt.datetime(2026, 6, 1, tzinfo=UTC)          # default case time
T0 = dt.datetime(2024, 1, 1, tzinfo=UTC)           # default notBefore
T1 = dt.datetime(2036, 1, 1, tzinfo=UTC)           # default notAfter
BASES = ("example.com", "example.org", "example.net")


# =============================================================================== DER
def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, body):
    return bytes([tag]) + der_len(len(body)) + body


def seq(*items):
    return tlv(0x30, b"".join(items))


def oid(dotted):
    p = [int(x) for x in dotted.split(".")]
    body = bytearray([40 * p[0] + p[1]]) if p[0] < 2 else bytearray()
    rest = p[2:] if p[0] < 2 else [40 * p[0] + p[1]] + p[2:]
    for v in rest:
        enc = [v & 0x7F]
        v >>= 7
        while v:
            enc.append(0x80 | (v & 0x7F))
            v >>= 7
        body += bytes(reversed(enc))
    return tlv(0x06, bytes(body))


def der_int(n):
    if n == 0:
        return tlv(0x02, b"\x00")
    ln = (n.bit_length() + 8) // 8 if n > 0 else ((-n - 1).bit_length() + 8) // 8
    return tlv(0x02, n.to_bytes(ln, "big", signed=True))


def der_bool(v):
    return tlv(0x01, b"\xff" if v else b"\x00")


def octets(b):
    return tlv(0x04, b)


def bits_from_list(bit_idx):
    """DER BIT STRING of named bits (trailing zero bits removed)."""
    if not bit_idx:
        return tlv(0x03, b"\x00")
    top = max(bit_idx)
    nbytes = top // 8 + 1
    v = bytearray(nbytes)
    for i in bit_idx:
        v[i // 8] |= 0x80 >> (i % 8)
    unused = 7 - (top % 8)
    return tlv(0x03, bytes([unused]) + bytes(v))


def pem(der):
    b64 = base64.b64encode(der).decode()
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(b64[i:i + 64] for i in range(0, len(b64), 64)) \
        + "\n-----END CERTIFICATE-----\n"


# =============================================================================== time
def enc_time(t, how="auto"):
    """Validity time encodings: auto (RFC 5280: UTCTime 1950-2049), utc, gen, genfrac
    (GeneralizedTime with milliseconds), utc_nosec (YYMMDDHHMMZ), utc_offset (+0100)."""
    if how == "auto":
        how = "utc" if 1950 <= t.year < 2050 else "gen"
    if how == "utc":
        return tlv(0x17, t.strftime("%y%m%d%H%M%SZ").encode())
    if how == "utc_nosec":
        return tlv(0x17, t.strftime("%y%m%d%H%MZ").encode())
    if how == "utc_offset":
        lt = t + dt.timedelta(hours=1)
        return tlv(0x17, lt.strftime("%y%m%d%H%M%S+0100").encode())
    if how == "gen":
        return tlv(0x18, (t.strftime("%Y%m%d%H%M%S") + "Z").encode())
    if how == "genfrac":
        frac = ("%03d" % (t.microsecond // 1000)).rstrip("0")
        s = t.strftime("%Y%m%d%H%M%S") + ("." + frac if frac else "") + "Z"
        return tlv(0x18, s.encode())
    raise ValueError(how)


def rfc3339(t):
    if t.microsecond:
        return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d" % (t.microsecond // 1000) + "Z"
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


# =============================================================================== keys
KINDS = ["rsa512", "rsa1024", "rsa2048", "rsa3072", "rsa4096", "p256", "p384", "p521", "p224", "k256",
         "bp256", "ed25519", "ed448", "dsa1024", "dsa2048"]
POOL_SIZE = {"rsa4096": 3, "rsa3072": 4, "dsa2048": 4}


def keygen(kind):
    if kind == "rsa512":   # cryptography refuses to generate < 1024 bits
        out = subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:512"],
                             check=True, capture_output=True).stdout
        return serialization.load_pem_private_key(out, None)
    if kind.startswith("rsa"):
        return rsa.generate_private_key(65537, int(kind[3:]))
    if kind.startswith("dsa"):
        return dsa.generate_private_key(int(kind[3:]))
    curves = {"p256": ec.SECP256R1, "p384": ec.SECP384R1, "p521": ec.SECP521R1, "p224": ec.SECP224R1,
              "k256": ec.SECP256K1, "bp256": ec.BrainpoolP256R1}
    if kind in curves:
        return ec.generate_private_key(curves[kind]())
    if kind == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    if kind == "ed448":
        return ed448.Ed448PrivateKey.generate()
    raise ValueError(kind)


class KeyPool:
    """A few keys per kind, shared across cases (never twice within one case)."""

    def __init__(self):
        self.pools = {}

    def get(self, kind, rng, used):
        pool = self.pools.setdefault(kind, [])
        while len(pool) < POOL_SIZE.get(kind, 8):
            pool.append(keygen(kind))
        free = [k for k in pool if id(k) not in used]
        if not free:
            pool.append(keygen(kind))
            free = [pool[-1]]
        k = rng.choice(free)
        used.add(id(k))
        return k


def key_family(key):
    if isinstance(key, rsa.RSAPrivateKey):
        return "rsa"
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return "ec"
    if isinstance(key, dsa.DSAPrivateKey):
        return "dsa"
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return "ed25519"
    return "ed448"


def spki(key):
    return key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)


def key_id(key):
    return x509.SubjectKeyIdentifier.from_public_key(key.public_key()).digest


# =============================================================================== signatures
HASH = {"md5": hashes.MD5, "sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256,
        "sha384": hashes.SHA384, "sha512": hashes.SHA512}
HASH_OID = {"sha1": "1.3.14.3.2.26", "sha224": "2.16.840.1.101.3.4.2.4", "sha256": "2.16.840.1.101.3.4.2.1",
            "sha384": "2.16.840.1.101.3.4.2.2", "sha512": "2.16.840.1.101.3.4.2.3"}
SIG_OID = {
    "rsa-md5": "1.2.840.113549.1.1.4", "rsa-sha1": "1.2.840.113549.1.1.5", "rsa-sha224": "1.2.840.113549.1.1.14",
    "rsa-sha256": "1.2.840.113549.1.1.11", "rsa-sha384": "1.2.840.113549.1.1.12",
    "rsa-sha512": "1.2.840.113549.1.1.13",
    "ec-sha1": "1.2.840.10045.4.1", "ec-sha224": "1.2.840.10045.4.3.1", "ec-sha256": "1.2.840.10045.4.3.2",
    "ec-sha384": "1.2.840.10045.4.3.3", "ec-sha512": "1.2.840.10045.4.3.4",
    "dsa-sha1": "1.2.840.10040.4.3", "dsa-sha224": "2.16.840.1.101.3.4.3.1", "dsa-sha256": "2.16.840.1.101.3.4.3.2",
    "ed25519": "1.3.101.112", "ed448": "1.3.101.113",
}
ALGS_FOR = {
    "rsa": ["rsa-md5", "rsa-sha1", "rsa-sha224", "rsa-sha256", "rsa-sha384", "rsa-sha512",
            "pss-sha1", "pss-sha256", "pss-sha384", "pss-sha512"],
    "ec": ["ec-sha1", "ec-sha224", "ec-sha256", "ec-sha384", "ec-sha512"],
    "dsa": ["dsa-sha1", "dsa-sha224", "dsa-sha256"],
    "ed25519": ["ed25519"], "ed448": ["ed448"],
}


def alg_id(alg, pss_salt=None):
    if alg.startswith("pss-"):
        h = alg[4:]
        salt = HASH[h].digest_size if pss_salt is None else pss_salt
        hid = seq(oid(HASH_OID[h]), b"\x05\x00")
        params = seq(tlv(0xA0, hid), tlv(0xA1, seq(oid("1.2.840.113549.1.1.8"), hid)), tlv(0xA2, der_int(salt)))
        return seq(oid("1.2.840.113549.1.1.10"), params)
    if alg.startswith("rsa-"):
        return seq(oid(SIG_OID[alg]), b"\x05\x00")
    return seq(oid(SIG_OID[alg]))


def default_alg(key):
    fam = key_family(key)
    if fam == "rsa":
        return "rsa-sha256"
    if fam == "ec":
        return {384: "ec-sha384", 521: "ec-sha512"}.get(key.curve.key_size, "ec-sha256")
    if fam == "dsa":
        return "dsa-sha256"
    return fam


def raw_sign(key, alg, data, pss_salt=None):
    fam = key_family(key)
    if fam in ("ed25519", "ed448"):
        return key.sign(data)
    h = HASH[alg.split("-")[1]]()
    if alg.startswith("pss-"):
        salt = h.digest_size if pss_salt is None else pss_salt
        return key.sign(data, padding.PSS(mgf=padding.MGF1(h), salt_length=salt), h)
    if fam == "rsa":
        return key.sign(data, padding.PKCS1v15(), h)
    if fam == "ec":
        return key.sign(data, ec.ECDSA(h))
    return key.sign(data, h)


# =============================================================================== names
T_UTF8, T_PRINT, T_T61, T_IA5, T_VIS, T_UNIV, T_BMP = 0x0C, 0x13, 0x14, 0x16, 0x1A, 0x1C, 0x1E
STRING_TAGS = (T_UTF8, T_PRINT, T_T61, T_IA5, T_VIS, T_UNIV, T_BMP)
OID_CN = "2.5.4.3"
ATTRS = [  # (label used in descriptions, OID, weight)
    ("CN", OID_CN, 6), ("O", "2.5.4.10", 6), ("OU", "2.5.4.11", 4), ("L", "2.5.4.7", 3), ("ST", "2.5.4.8", 3),
    ("STREET", "2.5.4.9", 1), ("C", "2.5.4.6", 4), ("DC", "0.9.2342.19200300.100.1.25", 2),
    ("UID", "0.9.2342.19200300.100.1.1", 1), ("EMAILADDRESS", "1.2.840.113549.1.9.1", 2),
    ("SERIALNUMBER", "2.5.4.5", 2), ("T", "2.5.4.12", 1), ("GIVENNAME", "2.5.4.42", 1),
    ("SURNAME", "2.5.4.4", 1), ("INITIALS", "2.5.4.43", 1), ("GENERATION", "2.5.4.44", 1),
    ("DNQ", "2.5.4.46", 1), ("postalCode", "2.5.4.17", 1), ("businessCategory", "2.5.4.15", 1),
    ("jurisdictionC", "1.3.6.1.4.1.311.60.2.1.3", 1), ("organizationIdentifier", "2.5.4.97", 1),
    ("pseudonym", "2.5.4.65", 1), ("description", "2.5.4.13", 1), ("name", "2.5.4.41", 1),
    ("privateOID", "1.3.6.1.4.1.32473.7.1", 1), ("uuidOID", "2.25.329800735698586629295641978511506172918", 1),
    ("exampleOID", "2.999.3", 1),
]
PRINTABLE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-./:=?")
WORDS_TXT = ["Example Corp", "Acme", "Widgets Ltd", "Test Unit", "Ops", "Backend Team", "Zeta", "Q",
             "Ünïcödé GmbH", "日本語", "Ωμέγα", "Привет мир", "Şirket A.Ş.", "Café", "Zürich", "東京都",
             "😀 Smile", "O'Brien", "A&B", "Main St. 1", "Niño", "İstanbul", "ﬁnance", "Ťest"]
SPECIALS = [",", "+", "=", "<", ">", "#", ";", '"', "\\"]


def enc_str(tag, s):
    if tag == T_BMP:
        return s.encode("utf-16-be")
    if tag == T_UNIV:
        return s.encode("utf-32-be")
    if tag == T_T61:
        return s.encode("latin-1")
    if tag in (T_PRINT, T_IA5, T_VIS):
        return s.encode("ascii")
    return s.encode("utf-8")


def dec_str(tag, b):
    if tag not in STRING_TAGS:
        return None
    try:
        return b.decode({T_BMP: "utf-16-be", T_UNIV: "utf-32-be", T_T61: "latin-1"}.get(tag, "ascii"
                                                                                       if tag != T_UTF8 else "utf-8"))
    except UnicodeDecodeError:
        return None


class DN:
    """A Name as a list of RDNs, each a list of (oid, tag, value bytes) in encoding order."""

    def __init__(self, rdns):
        self.rdns = rdns

    def der(self):
        return seq(*[tlv(0x31, b"".join(seq(oid(o), tlv(t, v)) for o, t, v in rdn)) for rdn in self.rdns])

    def cn_values(self):
        return [dec_str(t, v) for rdn in self.rdns for o, t, v in rdn if o == OID_CN]

    def text(self):  # for descriptions only
        label = {o: n for n, o, _ in ATTRS}
        return ", ".join("+".join("%s=%s" % (label.get(o, o), dec_str(t, v) if t in STRING_TAGS else "#" + v.hex())
                                 for o, t, v in rdn) for rdn in self.rdns)


def simple_dn(*pairs):
    """simple_dn(("O", "x"), ("CN", "y")): UTF8String values, C as PrintableString."""
    oids = {n: o for n, o, _ in ATTRS}
    return DN([[(oids[n], T_PRINT if n == "C" else T_UTF8, enc_str(T_UTF8, v))] for n, v in pairs])


def rand_text(rng):
    s = rng.choice(WORDS_TXT)
    r = rng.random()
    if r < 0.35:
        i = rng.randint(0, len(s))
        s = s[:i] + rng.choice(SPECIALS) + s[i:]
    elif r < 0.45:
        s = " " + s
    elif r < 0.55:
        s = s + " "
    elif r < 0.62:
        s = s.replace(" ", "  ", 1) if " " in s else s + "  x"
    elif r < 0.67:
        s = "#" + s
    elif r < 0.70:
        s = ""
    elif r < 0.72:
        s = s + rng.choice(["\t", "\n", "\x00", "\x7f"])
    if rng.random() < 0.1:
        s = s + rng.choice(SPECIALS) + rng.choice(SPECIALS)
    return s


def pick_tag(rng, s):
    if s.isascii():
        opts = [(T_UTF8, 5), (T_IA5, 1), (T_BMP, 1), (T_T61, 1), (T_UNIV, 0.3), (T_VIS, 0.2)]
        if set(s) <= PRINTABLE:
            opts.append((T_PRINT, 3))
        elif rng.random() < 0.05:
            opts = [(T_PRINT, 1)]          # PrintableString with a character it does not allow
    elif all(ord(c) < 256 for c in s):
        opts = [(T_UTF8, 5), (T_BMP, 1), (T_T61, 1), (T_UNIV, 0.3)]
    elif all(ord(c) < 0x10000 for c in s):
        opts = [(T_UTF8, 5), (T_BMP, 2), (T_UNIV, 0.3)]
    else:
        opts = [(T_UTF8, 5), (T_UNIV, 1)]
    return rng.choices([t for t, _ in opts], [w for _, w in opts])[0]


def rand_ava(rng, label=None, value=None, tag=None):
    names = [a for a in ATTRS]
    if label is None:
        label, o, _ = rng.choices(names, [w for _, _, w in names])[0]
    else:
        o = {n: x for n, x, _ in ATTRS}[label]
    if value is None:
        if label == "C":
            value = rng.choice(["US", "DE", "JP", "GB", "FR"]) if rng.random() < 0.95 else rng.choice(["USA", "d", ""])
        elif label in ("DC",):
            value = rng.choice(["com", "example", "corp", "internal", "Ex-Ample"])
        elif label == "EMAILADDRESS":
            value = rng.choice(["ops@example.com", "Admin@Example.ORG", "x+y@example.net"])
        elif label == "SERIALNUMBER":
            value = str(rng.randint(1, 10 ** 9))
        else:
            value = rand_text(rng)
    if tag is None:
        if label in ("C", "SERIALNUMBER", "DNQ") and set(value) <= PRINTABLE and rng.random() < 0.8:
            tag = T_PRINT
        elif label in ("DC", "EMAILADDRESS") and value.isascii() and rng.random() < 0.8:
            tag = T_IA5
        else:
            tag = pick_tag(rng, value)
    if label.endswith("OID") and rng.random() < 0.25:   # a value that is not a string at all
        t, v = rng.choice([(0x02, b"\x01"), (0x04, b"hi"), (0x12, b"12345"), (0x01, b"\xff")])
        return (o, t, v)
    return (o, tag, enc_str(tag, value))


def rand_dn(rng, cn_values=(), n_extra=None, multi_p=0.2):
    """Random attribute mix; cn_values are placed as CN AVAs at random positions."""
    n_extra = rng.randint(0, 6) if n_extra is None else n_extra
    avas = [rand_ava(rng) for _ in range(n_extra)]
    if cn_values:   # only the requested CNs
        avas = [a for a in avas if a[0] != OID_CN]
    for v in cn_values:
        tag = pick_tag(rng, v) if rng.random() < 0.4 else (T_PRINT if set(v) <= PRINTABLE else T_UTF8)
        avas.insert(rng.randint(0, len(avas)), (OID_CN, tag, enc_str(tag, v)))
    rdns = []
    i = 0
    while i < len(avas):
        if i + 1 < len(avas) and rng.random() < multi_p:
            k = rng.randint(2, min(3, len(avas) - i))
            grp = avas[i:i + k]
            if rng.random() < 0.5:   # DER order (SET OF sorted by encoding)
                grp = sorted(grp, key=lambda a: seq(oid(a[0]), tlv(a[1], a[2])))
            rdns.append(grp)
            i += k
        else:
            rdns.append([avas[i]])
            i += 1
    return DN(rdns)


# =============================================================================== extensions
EKU = {"serverAuth": "1.3.6.1.5.5.7.3.1", "clientAuth": "1.3.6.1.5.5.7.3.2", "codeSigning": "1.3.6.1.5.5.7.3.3",
       "emailProtection": "1.3.6.1.5.5.7.3.4", "timeStamping": "1.3.6.1.5.5.7.3.8",
       "OCSPSigning": "1.3.6.1.5.5.7.3.9", "anyExtendedKeyUsage": "2.5.29.37.0",
       "msSGC": "1.3.6.1.4.1.311.10.3.3", "nsSGC": "2.16.840.1.113730.4.1", "unknownEKU": "1.3.6.1.4.1.32473.9.9"}
KU_BITS = ["digitalSignature", "nonRepudiation", "keyEncipherment", "dataEncipherment", "keyAgreement",
           "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"]


def ext(o, crit, value):
    return (o, crit, value)


def ext_der(e):
    o, crit, value = e
    return seq(oid(o), der_bool(True) if crit else b"", octets(value))


def x_bc(ca, pathlen=None, crit=True, explicit_false=False):
    body = b""
    if ca:
        body += der_bool(True)
    elif explicit_false:
        body += der_bool(False)
    if pathlen is not None:
        body += der_int(pathlen)
    return ext("2.5.29.19", crit, seq(body))


def x_ku(names, crit=True):
    return ext("2.5.29.15", crit, bits_from_list([KU_BITS.index(n) for n in names]))


def x_eku(names, crit=False):
    return ext("2.5.29.37", crit, seq(*[oid(EKU[n]) for n in names]))


def x_ski(kid):
    return ext("2.5.29.14", False, octets(kid))


def x_aki(kid=None, issuer_dn=None, serial=None):
    body = b""
    if kid is not None:
        body += tlv(0x80, kid)
    if issuer_dn is not None:
        body += tlv(0xA1, tlv(0xA4, issuer_dn.der())) + tlv(0x82, der_int(serial)[2:])
    return ext("2.5.29.35", False, seq(body))


def gn(kind, v):
    """GeneralName DER: dns, ip (str or (net)), email, uri, dir (DN), rid (oid)."""
    if kind == "dns":
        return tlv(0x82, v.encode("ascii"))
    if kind == "ip":
        return tlv(0x87, ipaddress.ip_address(v).packed)
    if kind == "ipnet":
        n = ipaddress.ip_network(v)
        return tlv(0x87, n.network_address.packed + n.netmask.packed)
    if kind == "email":
        return tlv(0x81, v.encode("ascii"))
    if kind == "uri":
        return tlv(0x86, v.encode("ascii"))
    if kind == "dir":
        return tlv(0xA4, v.der())
    if kind == "rid":
        return tlv(0x88, oid(v)[2:])
    raise ValueError(kind)


def x_san(names, crit=False):
    return ext("2.5.29.17", crit, seq(*[gn(k, v) for k, v in names]))


def x_nc(permitted=(), excluded=(), crit=True):
    body = b""
    if permitted:
        body += tlv(0xA0, b"".join(seq(gn(k, v)) for k, v in permitted))
    if excluded:
        body += tlv(0xA1, b"".join(seq(gn(k, v)) for k, v in excluded))
    return ext("2.5.29.30", crit, seq(body))


def x_nstype(names, crit=False):
    order = ["sslClient", "sslServer", "smime", "objectSigning", "reserved", "sslCA", "smimeCA", "objectSigningCA"]
    return ext("2.16.840.1.113730.1.1", crit, bits_from_list([order.index(n) for n in names]))


def x_unknown(crit, o="1.3.6.1.4.1.32473.1.1", value=b"\x05\x00"):
    return ext(o, crit, value)


def x_policies(crit=False):
    return ext("2.5.29.32", crit, seq(seq(oid("2.23.140.1.2.1"))))


# =============================================================================== certificates
class Cert:
    def __init__(self, der, key, subject, sans, desc):
        self.der, self.key, self.subject, self.sans, self.desc = der, key, subject, sans, desc

    @property
    def pem(self):
        return pem(self.der)


_serial = [0x1000]


def make_cert(subject, key, issuer=None, *, issuer_dn=None, signer=None, alg=None, pss_salt=None,
              nb=T0, na=T1, nb_enc="auto", na_enc="auto", version=3, exts=None, serial=None,
              outer_alg=None, corrupt_sig=False, sans=None, desc="", algid_override=None):
    """issuer: a Cert, or None for self-signed.  exts: list of (oid, critical, value)."""
    signer = signer or (issuer.key if issuer else key)
    issuer_dn = issuer_dn or (issuer.subject if issuer else subject)
    if alg not in ALGS_FOR[key_family(signer)]:
        alg = default_alg(signer)
    if version != 3:
        sans = None   # no extensions at all
    if serial is None:
        _serial[0] += 1
        serial = _serial[0]
    inner = algid_override or alg_id(alg, pss_salt)
    tbs = b""
    if version == 3:
        tbs += tlv(0xA0, der_int(2))
    elif version == 2:
        tbs += tlv(0xA0, der_int(1))
    tbs += der_int(serial) + inner + issuer_dn.der() + seq(enc_time(nb, nb_enc), enc_time(na, na_enc))
    tbs += subject.der() + spki(key)
    if exts and version == 3:
        tbs += tlv(0xA3, seq(*[ext_der(e) for e in exts]))
    tbs = seq(tbs)
    try:
        sig = raw_sign(signer, alg, tbs, pss_salt)
    except (ValueError, TypeError):
        # the key is too small for this hash/padding (RSA-512 with SHA-384...)
        alg = default_alg(signer)
        return make_cert(subject, key, issuer, issuer_dn=issuer_dn, signer=signer, alg=alg, nb=nb, na=na,
                         nb_enc=nb_enc, na_enc=na_enc, version=version, exts=exts, serial=serial,
                         outer_alg=outer_alg, corrupt_sig=corrupt_sig, sans=sans, desc=desc,
                         algid_override=algid_override)
    if corrupt_sig:
        sig = sig[:-1] + bytes([sig[-1] ^ 0x01])
    outer = alg_id(outer_alg) if outer_alg else inner
    der = seq(tbs, outer, tlv(0x03, b"\x00" + sig))
    return Cert(der, key, subject, sans, desc)


def ca_exts(key, issuer_key, *, pathlen=None, ku=("keyCertSign", "cRLSign", "digitalSignature")):
    e = [x_bc(True, pathlen), x_ku(list(ku)), x_ski(key_id(key))]
    if issuer_key is not None:
        e.append(x_aki(key_id(issuer_key)))
    return e


def leaf_ku_for(key):
    fam = key_family(key)
    if fam == "rsa":
        return ["digitalSignature", "keyEncipherment"]
    return ["digitalSignature"]


def leaf_exts(key, issuer_key, sans, *, ku="default", eku=("serverAuth",), bc="absent"):
    e = []
    if bc == "false":
        e.append(x_bc(False))
    if ku == "default":
        ku = leaf_ku_for(key)
    if ku is not None:
        e.append(x_ku(ku))
    if eku is not None:
        e.append(x_eku(list(eku)))
    e.append(x_ski(key_id(key)))
    if issuer_key is not None:
        e.append(x_aki(key_id(issuer_key)))
    if sans:
        e.append(x_san(sans))
    return e


# =============================================================================== hostname guard
def is_ipv4(s):
    return re.fullmatch(r"(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}", s) is not None


def host_type(h):
    if is_ipv4(h):
        return "ip"
    s = h[1:-1] if h.startswith("[") and h.endswith("]") else h
    try:
        ipaddress.IPv6Address(s)
        return "ip6mapped" if "." in s else "ip"
    except ValueError:
        return "dns"


def loose_match(host, ident):
    """A superset of what either HttpClient version could call a match (both lowercased)."""
    host = host.strip("[]")
    ident = ident.strip("[]")
    if "*" in ident:
        p, _, s = ident.partition("*")
        return host.startswith(p) and host.endswith(s) and len(host) >= len(p) + len(s)
    return host == ident


def wildcard_ok(ident):
    ident = ident.lower()
    if ident == "*":
        return True
    return any(ident.endswith("." + b) and "*" not in ident[-len(b) - 1:] for b in BASES)


def hostname_guard(host, leaf):
    """True when HttpClient 4.5.2 and 4.5.14 decide this host/leaf the same way (SPEC.md:
    lowercase host, ordinary registrable domains, a SAN of the host's type whenever there is a
    DNS/IP SAN, no possibly-matching uppercase or odd-suffix wildcard identity)."""
    if host != host.lower() or host.endswith(".") or "*" in host:
        return False
    t = host_type(host)
    if t == "ip6mapped":
        return False
    if t == "dns" and host != "localhost" and not any(host == b or host.endswith("." + b) for b in BASES):
        return False
    if leaf is None:
        return True
    sans = leaf.sans or []
    dnsip = [k for k, _ in sans if k in ("dns", "ip")]
    if dnsip and ("dns" if t == "dns" else "ip") not in dnsip:
        return False
    for k, v in sans:
        if k == "dns":
            if not v.isascii() or v.endswith("."):
                return False
            if loose_match(host, v.lower()) and "*" in v and not wildcard_ok(v):
                return False
    if not dnsip:
        for cn in leaf.subject.cn_values():
            if cn is None:
                continue
            lc = cn.lower()
            if loose_match(host, lc) or loose_match(host, cn):
                if cn != lc or cn.endswith(".") or ("*" in cn and not wildcard_ok(cn)):
                    return False
            if any(c in "\u212a\u212b\u0130\u0131\u017f" for c in cn):   # Java case folding oddities
                return False
    return True


# =============================================================================== case context
WORDS = ["api", "www", "app", "shop", "edge", "svc", "backend", "internal", "prod", "dev", "eu", "us", "v2",
         "x-api", "node-1", "a", "b", "c1", "gw", "foo", "bar"]
ORGS = ["Fixture Labs", "Diff Test", "Acme Certs", "Example Trust", "Backend Inc", "Zeta PKI"]


class Ctx:
    def __init__(self, cat, idx, rng, pool):
        self.cat, self.idx, self.rng, self.pool, self.used = cat, idx, rng, pool, set()
        self.org = rng.choice(ORGS)
        self.n = 0

    def key(self, kind):
        return self.pool.get(kind, self.rng, self.used)

    def ca_name(self, role):
        self.n += 1
        return simple_dn(("C", "US"), ("O", self.org), ("CN", "%s %s %d-%d" % (self.cat, role, self.idx, self.n)))

    def host(self, depth=None):
        r = self.rng
        depth = r.randint(1, 2) if depth is None else depth
        return ".".join(r.choice(WORDS) for _ in range(depth)) + "." + r.choice(BASES)

    def pick(self, *opts, w=None):
        return self.rng.choices(opts, w)[0] if w else self.rng.choice(opts)


COMMON_KINDS = ["rsa2048", "rsa2048", "rsa2048", "p256", "p256", "p384", "rsa3072", "ed25519", "rsa1024"]


def hierarchy(ctx, depth=1, kinds=None, root_kw=None, int_kw=None):
    """root + `depth` intermediates (top-down).  kinds: list of key kinds, root first."""
    kinds = kinds or [ctx.pick(*COMMON_KINDS) for _ in range(depth + 1)]
    rk = ctx.key(kinds[0])
    root = make_cert(ctx.ca_name("Root"), rk, None, exts=ca_exts(rk, None), desc="root", **(root_kw or {}))
    cas = [root]
    for i in range(depth):
        k = ctx.key(kinds[i + 1])
        kw = dict(int_kw or {})
        cas.append(make_cert(ctx.ca_name("Int"), k, cas[-1], exts=ca_exts(k, cas[-1].key), desc="int", **kw))
    return cas


def make_leaf(ctx, issuer, host, *, kind=None, sans="host", cn="host", subject=None, ku="default",
              eku=("serverAuth",), bc="absent", extra=(), **kw):
    key = ctx.key(kind or ctx.pick(*COMMON_KINDS))
    if sans == "host":
        sans = [("ip" if host_type(host) == "ip" else "dns", host.strip("[]"))]
    if subject is None:
        cns = [] if cn is None else [host if cn == "host" else cn]
        subject = simple_dn(("O", ctx.org), *[("CN", c) for c in cns]) if ctx.rng.random() < 0.5 \
            else simple_dn(*[("CN", c) for c in cns]) if cns else simple_dn(("O", ctx.org))
    exts = leaf_exts(key, issuer.key if issuer else None, sans, ku=ku, eku=eku, bc=bc) + list(extra)
    return make_cert(subject, key, issuer, exts=exts, sans=sans, desc="leaf", **kw)


def case(desc, chain, roots, host, time=NOW, tls=None, auth=None):
    c = {"desc": desc, "chain": chain, "roots": roots, "host": host,
         "time": time if isinstance(time, str) else rfc3339(time)}
    if tls:
        c["tls_version"] = tls
    if auth is not None:
        c["auth_type"] = auth
    return c


def rand_tls(ctx):
    return ctx.pick(None, "1.3", "1.2", w=[3, 1, 2])


# =============================================================================== categories
def cat_dn(ctx):
    """Random DN attribute mixes and string encodings on the leaf and, sometimes, the CAs."""
    r = ctx.rng
    host = ctx.host()
    cas = hierarchy(ctx, r.randint(0, 2))
    if r.random() < 0.35:   # weird names on the CAs too (they appear in validated_path / anchor errors)
        k = ctx.key("rsa2048")
        rdn = rand_dn(r, cn_values=[rand_text(r)] if r.random() < 0.7 else ())
        cas[0] = make_cert(rdn, k, None, exts=ca_exts(k, None), desc="root")
        for i in range(1, len(cas)):
            nm = rand_dn(r, cn_values=[rand_text(r) + " CA %d" % i]) if r.random() < 0.7 else ctx.ca_name("Int")
            cas[i] = make_cert(nm, cas[i].key, cas[i - 1], exts=ca_exts(cas[i].key, cas[i - 1].key), desc="int")
    mode = ctx.pick("san", "cn_only", "mismatch", "multi_cn", "no_cn", w=[4, 3, 2, 1, 1])
    if mode == "san":
        subject = rand_dn(r, cn_values=[ctx.pick(host, rand_text(r))] if r.random() < 0.8 else ())
        sans = [("dns", host)] + ([("email", "ops@" + host)] if r.random() < 0.2 else [])
    elif mode == "cn_only":
        subject = rand_dn(r, cn_values=[host])
        sans = None if r.random() < 0.8 else [("email", "ops@example.com")]
    elif mode == "multi_cn":
        subject = rand_dn(r, cn_values=[host, ctx.host()] if r.random() < 0.5 else [ctx.host(), host], multi_p=0.4)
        sans = None
    elif mode == "no_cn":
        subject = rand_dn(r, n_extra=r.randint(0, 4))
        subject = DN([rdn for rdn in subject.rdns if all(a[0] != OID_CN for a in rdn)])
        sans = None if r.random() < 0.5 else [("dns", host)]
    else:
        subject = rand_dn(r, cn_values=[ctx.host()] if r.random() < 0.6 else [rand_text(r)])
        sans = None if r.random() < 0.5 else [("dns", ctx.host())]
    if not subject.rdns and not sans:
        sans = [("dns", host)]
    leaf = make_leaf(ctx, cas[-1], host, subject=subject, sans=sans)
    roots = [cas[0].pem]
    return case("DN %s: leaf subject %r" % (mode, subject.text()), [leaf] + cas[:0:-1], roots, host,
                tls=rand_tls(ctx))


def cat_dn_issuer_encoding(ctx):
    """The leaf's issuer field names its CA with a different encoding of the same (or nearly the
    same) DN: Java compares names in canonical form, byte comparison would not chain."""
    r = ctx.rng
    host = ctx.host()
    rk, ik = ctx.key("rsa2048"), ctx.key(ctx.pick("rsa2048", "p256"))
    root = make_cert(ctx.ca_name("Root"), rk, None, exts=ca_exts(rk, None))
    base = "Issuer Enc CA %d" % ctx.idx
    int_dn = DN([[("2.5.4.6", T_PRINT, b"US")], [("2.5.4.10", T_PRINT, enc_str(T_PRINT, ctx.org))],
                 [(OID_CN, T_PRINT, enc_str(T_PRINT, base))]])
    inter = make_cert(int_dn, ik, root, exts=ca_exts(ik, rk))
    how = ctx.pick("utf8", "bmp", "case", "spaces", "order", "multi", "t61", "univ", "ia5", "extra_attr")
    rd = [list(x) for x in int_dn.rdns]
    if how in ("utf8", "bmp", "t61", "univ", "ia5"):
        tag = {"utf8": T_UTF8, "bmp": T_BMP, "t61": T_T61, "univ": T_UNIV, "ia5": T_IA5}[how]
        j = r.randrange(len(rd))
        o, _, v = rd[j][0]
        rd[j] = [(o, tag, enc_str(tag, v.decode()))]
    elif how == "case":
        rd[2] = [(OID_CN, T_PRINT, base.upper().encode())]
    elif how == "spaces":
        rd[2] = [(OID_CN, ctx.pick(T_PRINT, T_UTF8), ("  " + base.replace(" ", "   ") + " ").encode())]
    elif how == "order":
        rd = [rd[1], rd[0], rd[2]]
    elif how == "multi":
        rd = [rd[0], rd[1] + rd[2]]
    else:
        rd = rd + [[("2.5.4.11", T_UTF8, b"Extra")]]
    leaf = make_leaf(ctx, inter, host, issuer_dn=DN(rd))
    chain = [leaf, inter]
    if r.random() < 0.3:
        chain = [leaf]
        roots = [root.pem, inter.pem]
    else:
        roots = [root.pem]
    return case("leaf issuer DN re-encoded (%s) vs intermediate subject%s" %
                (how, "; intermediate trusted" if len(chain) == 1 else ""), chain, roots, host)


def rand_sans_for(ctx, host):
    """A SAN list / CN for `host` mixing exact names, wildcard shapes, decoys and other types."""
    r = ctx.rng
    t = host_type(host)
    bare = host.strip("[]")
    labels = bare.split(".")
    sans, notes = [], []
    if t == "dns":
        n = r.randint(0, 4)
        for _ in range(n):
            kind = ctx.pick("exact", "wild", "decoy", "email", "uri", "ip", "decoy_wild", "upper",
                            w=[3, 4, 3, 1, 1, 1, 2, 1])
            if kind == "exact":
                sans.append(("dns", bare))
            elif kind == "upper":
                sans.append(("dns", bare.upper() if r.random() < 0.5 else bare.title()))
            elif kind == "wild" and len(labels) >= 3:
                first, rest = labels[0], ".".join(labels[1:])
                shape = ctx.pick("star", "prefix", "suffix", "infix", "wrongpre", "middle", "double", "deep",
                                 "apex", "bare")
                if shape == "star":
                    w = "*." + rest
                elif shape == "prefix":
                    w = first[:r.randint(1, len(first))] + "*." + rest
                elif shape == "suffix":
                    w = "*" + first[-r.randint(1, len(first)):] + "." + rest
                elif shape == "infix":
                    w = first[:1] + "*" + first[-1:] + "." + rest if len(first) >= 2 else "*." + rest
                elif shape == "wrongpre":
                    w = "zz*." + rest
                elif shape == "middle" and len(labels) >= 4:
                    w = first + ".*." + ".".join(labels[2:])
                elif shape == "double" and len(labels) >= 4:
                    w = "*.*." + ".".join(labels[2:])
                elif shape == "deep":
                    w = "*." + ".".join(labels[-2:])
                elif shape == "apex":
                    w = "*." + bare
                elif shape == "bare":
                    w = "*"
                else:
                    w = "*." + rest
                sans.append(("dns", w))
                notes.append(w)
            elif kind == "decoy":
                sans.append(("dns", ctx.host()))
            elif kind == "decoy_wild":
                sans.append(("dns", "*." + ctx.host()))
            elif kind == "email":
                sans.append(("email", "ops@" + bare))
            elif kind == "uri":
                sans.append(("uri", "https://" + bare + "/"))
            elif kind == "ip":
                sans.append(("ip", "10.0.%d.%d" % (r.randint(0, 9), r.randint(1, 254))))
        if any(k == "ip" for k, _ in sans) and not any(k == "dns" for k, _ in sans):
            sans.append(("dns", ctx.host()))
    else:
        addr = ipaddress.ip_address(bare)
        n = r.randint(0, 4)
        for _ in range(n):
            kind = ctx.pick("exact", "other", "dns", "email", "mapped", w=[4, 3, 2, 1, 1])
            if kind == "exact":
                sans.append(("ip", str(addr)))
            elif kind == "other":
                if addr.version == 4:
                    sans.append(("ip", str(ipaddress.ip_address(int(addr) ^ r.randint(1, 255)))))
                else:
                    sans.append(("ip", str(ipaddress.ip_address(int(addr) ^ r.randint(1, 2 ** 16)))))
            elif kind == "dns":
                sans.append(("dns", ctx.pick(ctx.host(), bare if addr.version == 4 else ctx.host())))
            elif kind == "email":
                sans.append(("email", "ops@example.com"))
            elif kind == "mapped" and addr.version == 4:
                sans.append(("ip", "::ffff:" + str(addr)))
        if any(k == "dns" for k, _ in sans) and not any(k == "ip" for k, _ in sans):
            sans.append(("ip", str(addr) if r.random() < 0.5 else "192.0.2.77"))
    r.shuffle(sans)
    cn_choice = ctx.pick("host", "other", "wild", "none", "bracket", w=[4, 2, 1, 1, 1 if t != "dns" else 0])
    if cn_choice == "host":
        cn = bare
    elif cn_choice == "bracket":
        cn = "[" + bare + "]"
    elif cn_choice == "other":
        cn = ctx.host() if r.random() < 0.7 else "10.9.8.7"
    elif cn_choice == "wild" and t == "dns" and len(labels) >= 3:
        cn = "*." + ".".join(labels[1:])
    else:
        cn = None
    return sans or None, cn


def rand_ip_host(ctx):
    r = ctx.rng
    if r.random() < 0.55:
        return ctx.pick("10.%d.%d.%d" % (r.randint(0, 255), r.randint(0, 255), r.randint(1, 254)),
                        "192.0.2.%d" % r.randint(1, 254), "198.51.100.%d" % r.randint(1, 254), "127.0.0.1")
    a = ipaddress.IPv6Address(ctx.pick("2001:db8::%x" % r.randint(1, 0xffff),
                                       "2001:db8:%x:0:0:0:0:%x" % (r.randint(1, 0xff), r.randint(1, 0xff)),
                                       "fe80::%x" % r.randint(1, 0xfff), "::1", "fd00:1:2:3::10"))
    form = ctx.pick("compressed", "exploded", "nozero", "bracketed", "bracketed_exploded")
    if form == "compressed":
        return a.compressed
    if form == "exploded":
        return a.exploded
    if form == "nozero":
        return ":".join("%x" % int(g, 16) for g in a.exploded.split(":"))
    if form == "bracketed":
        return "[" + a.compressed + "]"
    return "[" + a.exploded + "]"


def cat_hostname(ctx):
    r = ctx.rng
    kind = ctx.pick("dns", "ip", "localhost", w=[6, 3, 0.3])
    if kind == "dns":
        host = ctx.host(ctx.pick(0, 1, 2, 3, w=[1, 4, 3, 1])) if r.random() < 0.95 else ctx.pick(*BASES)
        host = host.lstrip(".")
    elif kind == "ip":
        host = rand_ip_host(ctx)
    else:
        host = "localhost"
    sans, cn = rand_sans_for(ctx, host) if kind != "localhost" else (ctx.pick([("dns", "*")], [("dns", "localhost")],
                                                                               None), ctx.pick("localhost", "*"))
    cas = hierarchy(ctx, ctx.pick(0, 1, 1, 2))
    leaf = make_leaf(ctx, cas[-1], host, sans=sans, cn=cn)
    chain = [leaf] + cas[:0:-1]
    return case("hostname %s: SAN %s, CN %r" % (host, sans, cn), chain, [cas[0].pem], host, tls=rand_tls(ctx))


def cat_keys(ctx):
    """Key types and sizes at each position, signatures with the issuer key's default algorithm."""
    r = ctx.rng
    depth = ctx.pick(0, 1, 1, 2)
    kinds = [ctx.pick(*KINDS, w=[1, 2, 3, 1, 1, 3, 2, 2, 1, 1, 0.3, 2, 2, 1, 1]) for _ in range(depth + 1)]
    leaf_kind = ctx.pick(*KINDS, w=[1, 2, 3, 1, 1, 3, 2, 2, 1.5, 1.5, 0.3, 2, 2, 1, 1])
    cas = hierarchy(ctx, depth, kinds)
    host = ctx.host()
    leaf = make_leaf(ctx, cas[-1], host, kind=leaf_kind)
    tls = rand_tls(ctx)
    return case("keys: root %s, intermediates %s, leaf %s" % (kinds[0], kinds[1:], leaf_kind),
                [leaf] + cas[:0:-1], [cas[0].pem], host, tls=tls)


def rand_alg(ctx, key):
    algs = ALGS_FOR[key_family(key)]
    return ctx.pick(*algs)


def cat_sigalg(ctx):
    """Signature algorithm per position (leaf, intermediate, root self-signature)."""
    r = ctx.rng
    fams = [ctx.pick("rsa2048", "rsa2048", "p256", "p384", "p521", "dsa2048", "dsa1024", "ed25519", "ed448",
                     "rsa1024", "rsa4096") for _ in range(3)]
    rk = ctx.key(fams[0])
    root_alg = rand_alg(ctx, rk) if r.random() < 0.5 else None
    root = make_cert(ctx.ca_name("Root"), rk, None, exts=ca_exts(rk, None), alg=root_alg)
    ik = ctx.key(fams[1])
    int_alg = rand_alg(ctx, rk)
    salt = ctx.pick(None, None, 0, 20, 64) if int_alg.startswith("pss") else None
    inter = make_cert(ctx.ca_name("Int"), ik, root, exts=ca_exts(ik, rk), alg=int_alg, pss_salt=salt)
    leaf_alg = rand_alg(ctx, ik)
    host = ctx.host()
    leaf = make_leaf(ctx, inter, host, kind=ctx.pick("rsa2048", "p256", "ed25519"), alg=leaf_alg)
    tls = ctx.pick(None, "1.3", "1.2", w=[1, 1, 2])
    return case("sigalg: root self %s, int %s%s, leaf %s" % (root_alg or default_alg(rk), int_alg,
                                                            " salt %s" % salt if salt is not None else "", leaf_alg),
                [leaf, inter], [root.pem], host, tls=tls)


def cat_sigalg_odd(ctx):
    """Signature encodings that do not verify or do not parse."""
    host = ctx.host()
    cas = hierarchy(ctx, 1, ["rsa2048", ctx.pick("rsa2048", "p256")])
    mode = ctx.pick("outer_mismatch", "corrupt", "wrong_key", "rsa_oid_ec_key", "pss_outer_rsa")
    kw = {}
    if mode == "outer_mismatch":
        kw = dict(alg=default_alg(cas[-1].key), outer_alg=ctx.pick("rsa-sha384", "ec-sha384", "rsa-sha1"))
    elif mode == "corrupt":
        kw = dict(corrupt_sig=True)
    elif mode == "wrong_key":
        kw = dict(signer=ctx.key("rsa2048"))
    elif mode == "rsa_oid_ec_key":
        # both AlgorithmIdentifiers name the other key family than the issuer key that signed
        other = "ec-sha256" if key_family(cas[-1].key) == "rsa" else "rsa-sha256"
        kw = dict(algid_override=alg_id(other))
    else:
        kw = dict(alg="pss-sha256", outer_alg="rsa-sha256") if key_family(cas[-1].key) == "rsa" else \
            dict(corrupt_sig=True)
    leaf = make_leaf(ctx, cas[-1], host, **kw)
    return case("leaf signature: %s %s" % (mode, {k: v for k, v in kw.items() if k != "signer"}),
                [leaf, cas[-1]], [cas[0].pem], host, tls=rand_tls(ctx))


def cat_order(ctx):
    """Chain orders, missing / extra / cross-signed / duplicate / re-issued certificates."""
    r = ctx.rng
    depth = ctx.pick(1, 1, 2, 2, 3)
    cas = hierarchy(ctx, depth)
    root, ints = cas[0], cas[1:]
    host = ctx.host()
    leaf = make_leaf(ctx, ints[-1], host)
    down = list(reversed(ints))            # issuing intermediate first
    roots = [root.pem]
    how = ctx.pick("in_order", "reversed_ints", "reversed_all", "shuffled", "root_included", "root_first",
                   "root_middle", "missing_one", "leaf_only", "extra_unrelated", "cross_signed", "two_candidates",
                   "trusted_intermediate", "reissued_root", "stale_root", "duplicates", "leaf_in_roots",
                   "leaf_twice_first", "anchor_middle", "unrelated_roots_too",
                   w=[2, 2, 1, 2, 2, 1, 1, 2, 1, 2, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1])
    chain = [leaf] + down
    desc = how
    if how == "reversed_ints":
        chain = [leaf] + ints
    elif how == "reversed_all":
        chain = list(reversed([leaf] + down))
    elif how == "shuffled":
        d = down[:]
        r.shuffle(d)
        chain = [leaf] + d
    elif how == "root_included":
        chain = [leaf] + down + [root]
    elif how == "root_first":
        chain = [leaf, root] + down
    elif how == "root_middle":
        chain = [leaf] + down[:1] + [root] + down[1:]
    elif how == "missing_one":
        j = r.randrange(len(down))
        chain = [leaf] + down[:j] + down[j + 1:]
        desc += " (dropped intermediate %d of %d)" % (j, len(down))
    elif how == "leaf_only":
        chain = [leaf]
    elif how == "extra_unrelated":
        k = ctx.key(ctx.pick("rsa2048", "p256"))
        other = make_cert(ctx.ca_name("Unrelated"), k, None, exts=ca_exts(k, None))
        ok = ctx.key("p256")
        other_leaf = make_cert(simple_dn(("CN", ctx.host())), ok, other,
                               exts=leaf_exts(ok, k, [("dns", "x.example.org")]))
        extra = ctx.pick(other, other_leaf)
        chain = [leaf] + down
        chain.insert(r.randint(1, len(chain)), extra)
    elif how == "cross_signed":
        # intermediate X under root A; X' (same subject and key) under root B.
        kb = ctx.key(ctx.pick("rsa2048", "p384"))
        root_b = make_cert(ctx.ca_name("Root B"), kb, None, exts=ca_exts(kb, None))
        top = ints[0]
        cross_na = ctx.pick(T1, dt.datetime(2025, 1, 1, tzinfo=UTC))
        cross = make_cert(top.subject, top.key, root_b, exts=ca_exts(top.key, kb), na=cross_na)
        trust = ctx.pick("A", "B", "both")
        roots = {"A": [root.pem], "B": [root_b.pem], "both": [root.pem, root_b.pem]}[trust]
        present = ctx.pick("orig", "cross", "both", "cross_then_orig", "cross_and_rootA")
        tail = {"orig": [top], "cross": [cross], "both": [top, cross], "cross_then_orig": [cross, top],
                "cross_and_rootA": [cross, root]}[present]
        chain = [leaf] + down[:-1] + tail
        desc += " (trusted %s, presented %s, cross notAfter %d)" % (trust, present, cross_na.year)
    elif how == "two_candidates":
        # two intermediates with the leaf's issuer name, one expired; same or different key
        iss = ints[-1]
        same_key = r.random() < 0.5
        k2 = iss.key if same_key else ctx.key(ctx.pick("rsa2048", "p256"))
        parent = cas[-2]
        exp = make_cert(iss.subject, k2, parent, exts=ca_exts(k2, parent.key),
                        nb=dt.datetime(2019, 1, 1, tzinfo=UTC), na=dt.datetime(2021, 1, 1, tzinfo=UTC))
        if not same_key:
            leaf = make_leaf(ctx, iss, host)   # the leaf is signed by the valid one
            if r.random() < 0.5:
                leaf = make_leaf(ctx, exp, host)
                desc += " leaf signed by the expired one"
        pair = ctx.pick([iss, exp], [exp, iss])
        chain = [leaf] + pair + down[1:]
        desc += " (%s key, expired first: %s)" % ("same" if same_key else "different", pair[0] is exp)
    elif how == "trusted_intermediate":
        j = r.randrange(len(down))
        roots = ctx.pick([down[j].pem], [root.pem, down[j].pem])
        chain = ctx.pick([leaf], [leaf] + down[:j], [leaf] + down)
        desc += " (intermediate %d trusted, %d presented, root trusted: %s)" % (j, len(chain) - 1, len(roots) == 2)
    elif how == "reissued_root":
        re_root = make_cert(root.subject, root.key, None, exts=ca_exts(root.key, None),
                            nb=dt.datetime(2023, 6, 1, tzinfo=UTC), na=ctx.pick(T1, dt.datetime(2025, 1, 1,
                                                                                                tzinfo=UTC)),
                            alg=ctx.pick(None, "rsa-sha1" if key_family(root.key) == "rsa" else None))
        if r.random() < 0.5:
            roots, chain = [re_root.pem], [leaf] + down + [root]
            desc += " (old root presented, re-issued one trusted)"
        else:
            roots, chain = [root.pem], [leaf] + down + [re_root]
            desc += " (re-issued root presented, old one trusted)"
    elif how == "stale_root":
        k2 = ctx.key(ctx.pick("rsa2048", "p256"))
        stale = make_cert(root.subject, k2, None, exts=ca_exts(k2, None))
        if r.random() < 0.5:
            chain = [leaf] + down + [stale]
            desc += " (root of the same name, other key, presented)"
        else:
            roots = [stale.pem]
            desc += " (only the same-name other-key root trusted)"
    elif how == "duplicates":
        chain = [leaf] + down
        dup = ctx.pick(*chain)
        chain.insert(r.randint(1, len(chain)), dup)
    elif how == "leaf_in_roots":
        roots = ctx.pick([leaf.pem], [root.pem, leaf.pem])
        chain = ctx.pick([leaf], [leaf] + down, [leaf, root])
    elif how == "leaf_twice_first":
        chain = [leaf, leaf] + down
    elif how == "anchor_middle":
        roots = [root.pem, down[0].pem]
        chain = [leaf] + down + [root]
    elif how == "unrelated_roots_too":
        extra_roots = []
        for _ in range(r.randint(1, 3)):
            k = ctx.key(ctx.pick("rsa2048", "p256"))
            extra_roots.append(make_cert(ctx.ca_name("Other Root"), k, None, exts=ca_exts(k, None)).pem)
        roots = extra_roots + [root.pem]
        r.shuffle(roots)
    return case("order: %s, %d intermediate(s)" % (desc, depth), chain, roots, host, tls=rand_tls(ctx))


def cat_validity(ctx):
    """Validity edges: exactly at the bounds, one second / millisecond off, UTCTime 19xx/20xx,
    GeneralizedTime before 1950 / after 2049 / inside 1950-2049, fractional seconds."""
    r = ctx.rng
    depth = ctx.pick(0, 1, 1, 2)
    pos = ctx.pick("leaf", "int", "root", w=[4, 3 if depth else 0, 1])
    edge = ctx.pick("at_nb", "before_nb", "at_na", "after_na", "frac_na_in", "frac_na_out", "frac_nb_in",
                    "frac_nb_out", "utc_19xx", "utc_1950", "utc_2049", "gen_pre1950", "gen_post2049",
                    "gen_in_range", "gen_9999", "utc_nosec", "utc_offset", "expired", "not_yet",
                    w=[2, 2, 2, 2, 2, 2, 1, 1, 2, 1, 1, 2, 2, 2, 1, 0.5, 0.5, 2, 2])
    moment = NOW.replace(hour=r.randint(0, 23), minute=r.randint(0, 59), second=r.randint(0, 59))
    time = NOW
    nb, na, nbe, nae = T0, T1, "auto", "auto"
    if edge == "at_nb":
        nb, time, nbe = moment, moment, ctx.pick("auto", "gen")
    elif edge == "before_nb":
        nb, time = moment, moment - dt.timedelta(seconds=1)
    elif edge == "at_na":
        na, time, nae = moment, moment, ctx.pick("auto", "gen")
    elif edge == "after_na":
        na, time = moment, moment + dt.timedelta(seconds=1)
    elif edge in ("frac_na_in", "frac_na_out"):
        ms = r.randint(1, 998)
        na, nae = moment.replace(microsecond=ms * 1000), "genfrac"
        time = na + dt.timedelta(milliseconds=0 if edge.endswith("in") else 1)
        time = time if r.random() < 0.8 else moment.replace(microsecond=0)   # whole second of the same time
    elif edge in ("frac_nb_in", "frac_nb_out"):
        ms = r.randint(1, 998)
        nb, nbe = moment.replace(microsecond=ms * 1000), "genfrac"
        time = nb - dt.timedelta(milliseconds=0 if edge.endswith("in") else 1)
        if edge.endswith("in"):
            time = nb
    elif edge == "utc_19xx":
        nb = dt.datetime(r.randint(1950, 1999), r.randint(1, 12), 1, tzinfo=UTC)
        na = ctx.pick(dt.datetime(r.randint(1951, 1999), 12, 31, tzinfo=UTC), T1)
    elif edge == "utc_1950":
        nb = dt.datetime(1950, 1, 1, tzinfo=UTC)
        time = ctx.pick(NOW, "1950-01-01T00:00:00Z", "1949-12-31T23:59:59Z")
    elif edge == "utc_2049":
        na = dt.datetime(2049, 12, 31, 23, 59, 59, tzinfo=UTC)
        time = ctx.pick(NOW, "2049-12-31T23:59:59Z", "2050-01-01T00:00:00Z")
    elif edge == "gen_pre1950":
        nb = dt.datetime(ctx.pick(1900, 1930, 1949), 1, 1, tzinfo=UTC)
        time = ctx.pick(NOW, "1949-06-01T00:00:00Z", "1899-01-01T00:00:00Z")
    elif edge == "gen_post2049":
        na = dt.datetime(ctx.pick(2050, 2099, 2200), 1, 1, tzinfo=UTC)
        time = ctx.pick(NOW, "2060-01-01T00:00:00Z", "2250-01-01T00:00:00Z")
    elif edge == "gen_in_range":
        nbe, nae = ctx.pick(("gen", "gen"), ("gen", "auto"), ("auto", "gen"), ("genfrac", "genfrac"))
        nb, na = NOW - dt.timedelta(days=r.randint(0, 900)), NOW + dt.timedelta(days=r.randint(0, 900))
        nb = nb.replace(microsecond=r.randint(0, 999) * 1000)
    elif edge == "gen_9999":
        na, nae = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC), "gen"
    elif edge == "utc_nosec":
        nbe = nae = "utc_nosec"
    elif edge == "utc_offset":
        nbe = "utc_offset"
    elif edge == "expired":
        na = NOW - dt.timedelta(days=r.randint(1, 2000))
        nb = na - dt.timedelta(days=365)
    elif edge == "not_yet":
        nb = NOW + dt.timedelta(days=r.randint(1, 2000))
        na = nb + dt.timedelta(days=365)
    if isinstance(time, dt.datetime) and r.random() < 0.1:
        tstr = (time + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%S") + \
               (".%03d" % (time.microsecond // 1000) if time.microsecond else "") + "+02:00"
    else:
        tstr = time if isinstance(time, str) else rfc3339(time)
    vkw = dict(nb=nb, na=na, nb_enc=nbe, na_enc=nae)
    kinds = [ctx.pick(*COMMON_KINDS) for _ in range(depth + 1)]
    rk = ctx.key(kinds[0])
    root = make_cert(ctx.ca_name("Root"), rk, None, exts=ca_exts(rk, None), **(vkw if pos == "root" else {}))
    cas = [root]
    target_int = r.randint(1, depth) if depth else 0
    for i in range(1, depth + 1):
        k = ctx.key(kinds[i])
        cas.append(make_cert(ctx.ca_name("Int"), k, cas[-1], exts=ca_exts(k, cas[-1].key),
                             **(vkw if pos == "int" and i == target_int else {})))
    host = ctx.host()
    leaf = make_leaf(ctx, cas[-1], host, **(vkw if pos == "leaf" else {}))
    chain = [leaf] + cas[:0:-1]
    pres = ctx.pick("in_order", "in_order", "in_order", "missing", "shuffled")
    if pres == "missing" and depth:
        chain = [leaf]
    elif pres == "shuffled" and depth > 1:
        chain = [leaf] + cas[1:]
    else:
        pres = "in_order"
    return case("validity: %s %s (nb %s %s, na %s %s), time %s, chain %s" %
                (pos, edge, nb.isoformat(), nbe, na.isoformat(), nae, tstr, pres),
                chain, [root.pem], host, time=tstr, tls=rand_tls(ctx))


def rand_ku(ctx, base=None):
    r = ctx.rng
    if r.random() < 0.12:
        return []
    return [b for b in KU_BITS if r.random() < 0.3] if base is None else base


def rand_eku(ctx):
    r = ctx.rng
    n = r.randint(0, 3)
    return r.sample(list(EKU), n) if n else ctx.pick([], ["serverAuth"])


NC_SETS = [
    ("dns permit example.com", [("dns", "example.com")], []),
    ("dns permit .example.com", [("dns", ".example.com")], []),
    ("dns permit example.org", [("dns", "example.org")], []),
    ("dns exclude example.com", [], [("dns", "example.com")]),
    ("dns permit example.com exclude api.example.com", [("dns", "example.com")], [("dns", "api.example.com")]),
    ("ip permit 10.0.0.0/8", [("ipnet", "10.0.0.0/8")], []),
    ("ip exclude 192.0.2.0/24", [], [("ipnet", "192.0.2.0/24")]),
    ("ip permit 2001:db8::/32", [("ipnet", "2001:db8::/32")], []),
    ("email permit example.com", [("email", "example.com")], []),
    ("email permit .example.net", [("email", ".example.net")], []),
    ("email exclude ops@example.com", [], [("email", "ops@example.com")]),
    ("dir permit O=Fixture Labs", [("dir", simple_dn(("O", "Fixture Labs")))], []),
    ("dir permit C=US,O=Diff Test", [("dir", simple_dn(("C", "US"), ("O", "Diff Test")))], []),
    ("dir exclude O=Acme Certs", [], [("dir", simple_dn(("O", "Acme Certs")))]),
    ("uri permit .example.com", [("uri", ".example.com")], []),
    ("dns+ip permit", [("dns", "example.net"), ("ipnet", "10.0.0.0/8")], []),
]


def cat_ext(ctx):
    """Extensions on each position: basicConstraints, keyUsage, EKU, name constraints, unknown
    critical/non-critical, Netscape cert type, AKI/SKI present/absent/mismatched."""
    r = ctx.rng
    depth = ctx.pick(0, 1, 1, 2)
    kinds = [ctx.pick(*COMMON_KINDS) for _ in range(depth + 1)]
    keys = [ctx.key(k) for k in kinds]
    leaf_key = ctx.key(ctx.pick(*COMMON_KINDS))
    host_kind = ctx.pick("dns", "ip", w=[5, 1])
    host = ctx.host() if host_kind == "dns" else rand_ip_host(ctx)
    bare = host.strip("[]")
    n_mut = ctx.pick(1, 1, 2, 3)
    positions = ["leaf"] * 3 + ["int"] * (2 if depth else 0) + ["root"]
    muts = []
    # extension lists per position (index 0 = root ... depth = last intermediate, depth+1 = leaf)
    ext_lists = []
    for i in range(depth + 1):
        ext_lists.append(ca_exts(keys[i], keys[i - 1] if i else None))
    leaf_sans = [("ip" if host_kind == "ip" else "dns", bare)]
    if r.random() < 0.3:
        leaf_sans.append(ctx.pick(("email", "ops@" + ctx.pick(*BASES)), ("uri", "https://x.example.com/"),
                                  ("dns", ctx.host()), ("email", "ops@example.com")))
    leaf_e = leaf_exts(leaf_key, keys[-1], leaf_sans)
    ext_lists.append(leaf_e)
    leaf_subject_dn = None
    for _ in range(n_mut):
        p = ctx.pick(*positions)
        idx = {"leaf": depth + 1, "root": 0}.get(p, r.randint(1, depth) if depth else 0)
        el = ext_lists[idx]
        kind = ctx.pick("bc", "ku", "eku", "nc", "unknown", "nstype", "aki", "ski", "policies", "san_crit",
                        w=[4, 4, 3 if idx == depth + 1 else 0.5, 3 if idx <= depth else 0, 2, 1.5, 1.5, 1, 0.5,
                           0.5 if idx == depth + 1 else 0])

        def replace(o, new):
            for j, e in enumerate(el):
                if e[0] == o:
                    if new is None:
                        del el[j]
                    else:
                        el[j] = new
                    return
            if new is not None:
                el.insert(0, new)

        if kind == "bc":
            v = ctx.pick("absent", "ca", "notca", "pl0", "pl1", "pl2", "noncrit", "notca_pl", "explicit_false")
            new = {"absent": None, "ca": x_bc(True), "notca": x_bc(False), "pl0": x_bc(True, 0),
                   "pl1": x_bc(True, 1), "pl2": x_bc(True, 2), "noncrit": x_bc(True, None, crit=False),
                   "notca_pl": x_bc(False, 0), "explicit_false": x_bc(False, explicit_false=True)}[v]
            replace("2.5.29.19", new)
        elif kind == "ku":
            v = ctx.pick("absent", "random", "empty", "nocertsign", "certsign_only", "noncrit")
            if v == "absent":
                new = None
            elif v == "empty":
                new = x_ku([])
            elif v == "nocertsign":
                new = x_ku(["digitalSignature", "cRLSign"])
            elif v == "certsign_only":
                new = x_ku(["keyCertSign"])
            elif v == "noncrit":
                new = x_ku(["digitalSignature", "keyEncipherment", "keyCertSign"], crit=False)
            else:
                v = rand_ku(ctx)
                new = x_ku(v)
            replace("2.5.29.15", new)
        elif kind == "eku":
            v = rand_eku(ctx)
            replace("2.5.29.37", x_eku(v, crit=r.random() < 0.2) if v or r.random() < 0.5 else None)
            v = "+".join(v) or "absent"
        elif kind == "nc":
            label, perm, excl = ctx.pick(*NC_SETS)
            replace("2.5.29.30", x_nc(perm, excl, crit=r.random() < 0.85))
            v = label
            if label.startswith("dir") and r.random() < 0.7:
                o = ctx.pick("Fixture Labs", "Diff Test", "Acme Certs")
                leaf_subject_dn = simple_dn(("C", "US"), ("O", o), ("CN", bare))
                v += " (leaf O=%s)" % o
        elif kind == "unknown":
            crit = r.random() < 0.6
            o = ctx.pick("1.3.6.1.4.1.32473.1.1", "2.999.42", "1.2.3.4.5", "2.5.29.99")
            replace(o, x_unknown(crit, o, ctx.pick(b"\x05\x00", b"\x30\x00", b"\x04\x02hi")))
            v = "%s critical=%s" % (o, crit)
        elif kind == "nstype":
            v = ctx.pick(["sslServer"], ["sslClient"], ["sslClient", "sslServer"], ["sslCA"], ["smime"],
                         ["sslCA", "smimeCA"], [])
            replace("2.16.840.1.113730.1.1", x_nstype(v, crit=r.random() < 0.2))
            v = "+".join(v) or "empty"
        elif kind == "aki":
            v = ctx.pick("absent", "mismatch", "issuer_serial", "mismatch_serial")
            if v == "absent":
                replace("2.5.29.35", None)
            elif v == "mismatch":
                replace("2.5.29.35", x_aki(hashlib.sha1(b"nope%d" % r.randint(0, 1 << 30)).digest()))
            elif v == "issuer_serial":
                replace("2.5.29.35", x_aki(None, simple_dn(("CN", "Some Other CA")), 4242))
            else:
                replace("2.5.29.35", x_aki(key_id(keys[max(idx - 1, 0)]) if idx else key_id(keys[0]),
                                           simple_dn(("CN", "Wrong Issuer")), 7))
        elif kind == "ski":
            v = ctx.pick("absent", "mismatch")
            replace("2.5.29.14", None if v == "absent" else x_ski(b"\x01\x02\x03\x04"))
        elif kind == "policies":
            crit = r.random() < 0.5
            replace("2.5.29.32", x_policies(crit))
            v = "critical=%s" % crit
        else:
            crit = True
            replace("2.5.29.17", x_san(leaf_sans, crit=True))
            leaf_subject_dn = DN([]) if r.random() < 0.7 else leaf_subject_dn
            v = "critical SAN, empty subject: %s" % (leaf_subject_dn is not None and not leaf_subject_dn.rdns)
        muts.append("%s %s %s" % (p if p != "int" else "int%d" % idx, kind, v))
    # mismatched AKI/SKI on a CA affects its children: keep the key ids as mutated above
    certs = []
    for i in range(depth + 1):
        certs.append(make_cert(ctx.ca_name("Root" if i == 0 else "Int"), keys[i], certs[-1] if i else None,
                               exts=ext_lists[i]))
    subject = leaf_subject_dn if leaf_subject_dn is not None else \
        ctx.pick(simple_dn(("CN", bare)), simple_dn(("O", ctx.org), ("CN", bare)))
    if not subject.rdns and not any(e[0] == "2.5.29.17" for e in leaf_e):
        subject = simple_dn(("CN", bare))
    leaf = make_cert(subject, leaf_key, certs[-1], exts=leaf_e, sans=leaf_sans)
    chain = [leaf] + certs[:0:-1]
    tls = rand_tls(ctx)
    auth = None if r.random() < 0.8 else ctx.pick("RSA", "ECDHE_RSA", "ECDH_RSA", "DHE_DSS", "ECDHE_ECDSA",
                                                   "ECDH_ECDSA")
    if auth is not None:
        tls = "1.2"
    return case("ext: " + "; ".join(muts), chain, [certs[0].pem], host, tls=tls, auth=auth)


def cat_pathlen(ctx):
    """pathLenConstraint on each CA, with 1-3 intermediates and sometimes a self-issued
    intermediate (same name, new key: does not count towards the path length)."""
    r = ctx.rng
    depth = ctx.pick(1, 2, 2, 3)
    pls = [ctx.pick(None, 0, 1, 2, w=[3, 2, 2, 1]) for _ in range(depth + 1)]
    keys = [ctx.key(ctx.pick("rsa2048", "p256", "p384")) for _ in range(depth + 1)]
    cas = [make_cert(ctx.ca_name("Root"), keys[0], None, exts=ca_exts(keys[0], None, pathlen=pls[0]))]
    self_issued_at = r.randint(1, depth) if r.random() < 0.3 else None
    for i in range(1, depth + 1):
        subject = cas[-1].subject if i == self_issued_at else ctx.ca_name("Int")
        cas.append(make_cert(subject, keys[i], cas[-1], exts=ca_exts(keys[i], keys[i - 1], pathlen=pls[i])))
    host = ctx.host()
    leaf_ca = r.random() < 0.15
    leaf = make_leaf(ctx, cas[-1], host, extra=[x_bc(True, 0)] if leaf_ca else ())
    chain = [leaf] + cas[:0:-1]
    pres = ctx.pick("in_order", "in_order", "in_order", "shuffled", "with_root")
    if pres == "shuffled":
        mid = chain[1:]
        r.shuffle(mid)
        chain = [leaf] + mid
    elif pres == "with_root":
        chain.append(cas[0])
    return case("pathlen: root %s, intermediates %s%s%s, chain %s" %
                (pls[0], pls[1:], ", int%d self-issued" % self_issued_at if self_issued_at else "",
                 ", leaf CA:true pathLen 0" if leaf_ca else "", pres),
                chain, [cas[0].pem], host, tls=rand_tls(ctx))


def cat_v1(ctx):
    """X.509 v1 (and v2) certificates at each position."""
    r = ctx.rng
    pos = ctx.pick("leaf", "int", "root", "root_and_leaf", "leaf_v2", "root_presented")
    depth = 1 if pos != "root_and_leaf" or r.random() < 0.5 else 0
    kinds = [ctx.pick(*COMMON_KINDS) for _ in range(depth + 1)]
    rk = ctx.key(kinds[0])
    v_root = 1 if pos in ("root", "root_and_leaf", "root_presented") else 3
    root = make_cert(ctx.ca_name("Root"), rk, None, exts=ca_exts(rk, None), version=v_root)
    cas = [root]
    if depth:
        k = ctx.key(kinds[1])
        cas.append(make_cert(ctx.ca_name("Int"), k, root, exts=ca_exts(k, rk), version=1 if pos == "int" else 3))
    host = ctx.host()
    v_leaf = {"leaf": 1, "root_and_leaf": 1, "leaf_v2": 2}.get(pos, 3)
    leaf = make_leaf(ctx, cas[-1], host, version=v_leaf, cn=ctx.pick("host", "host", ctx.host()))
    chain = [leaf] + cas[:0:-1]
    if pos == "root_presented":
        chain.append(root)
    return case("v1: %s (leaf v%d, root v%d)" % (pos, v_leaf, v_root), chain, [root.pem], host, tls=rand_tls(ctx))


def cat_anchor(ctx):
    """Trust anchors that are not CAs, lack keyCertSign, have small keys or other defects."""
    r = ctx.rng
    defect = ctx.pick("bc_false", "bc_absent", "ku_no_certsign", "ku_empty", "rsa512", "rsa1024", "p224", "k256",
                      "dsa1024", "expired", "md5_self", "nc_excludes", "pathlen0", "crit_unknown", "v1_small",
                      "not_yet_valid", "ed448")
    kind = {"rsa512": "rsa512", "rsa1024": "rsa1024", "p224": "p224", "k256": "k256", "dsa1024": "dsa1024",
            "v1_small": "rsa512", "ed448": "ed448"}.get(defect, ctx.pick("rsa2048", "p256"))
    rk = ctx.key(kind)
    ex = ca_exts(rk, None)
    kw = {}
    if defect == "bc_false":
        ex[0] = x_bc(False)
    elif defect == "bc_absent":
        ex = ex[1:]
    elif defect == "ku_no_certsign":
        ex[1] = x_ku(["digitalSignature", "cRLSign"])
    elif defect == "ku_empty":
        ex[1] = x_ku([])
    elif defect == "expired":
        kw = dict(nb=dt.datetime(2001, 1, 1, tzinfo=UTC), na=dt.datetime(2011, 1, 1, tzinfo=UTC))
    elif defect == "not_yet_valid":
        kw = dict(nb=dt.datetime(2030, 1, 1, tzinfo=UTC))
    elif defect == "md5_self":
        kw = dict(alg="rsa-md5" if key_family(rk) == "rsa" else "ec-sha1")
    elif defect == "nc_excludes":
        ex.append(x_nc([], [("dns", "example.com"), ("dns", "example.org"), ("dns", "example.net")]))
    elif defect == "pathlen0":
        ex[0] = x_bc(True, 0)
    elif defect == "crit_unknown":
        ex.append(x_unknown(True))
    elif defect == "v1_small":
        kw = dict(version=1)
    root = make_cert(ctx.ca_name("Anchor"), rk, None, exts=ex, **kw)
    depth = ctx.pick(0, 1, 1, 2)
    cas = [root]
    for i in range(depth):
        k = ctx.key(ctx.pick("rsa2048", "p256"))
        cas.append(make_cert(ctx.ca_name("Int"), k, cas[-1], exts=ca_exts(k, cas[-1].key)))
    host = ctx.host()
    leaf = make_leaf(ctx, cas[-1], host)
    pres = ctx.pick("in_order", "in_order", "with_root", "leaf_only", "reversed")
    chain = {"in_order": [leaf] + cas[:0:-1], "with_root": [leaf] + cas[:0:-1] + [root], "leaf_only": [leaf],
             "reversed": [leaf] + cas[1:]}[pres]
    roots = [root.pem]
    if r.random() < 0.2:
        k = ctx.key("rsa2048")
        roots.append(make_cert(ctx.ca_name("Other Root"), k, None, exts=ca_exts(k, None)).pem)
    return case("anchor %s (key %s), depth %d, chain %s" % (defect, kind, depth, pres), chain, roots, host,
                tls=rand_tls(ctx))


AUTH_TYPES = [None, "RSA", "ECDHE_RSA", "ECDH_RSA", "DHE_RSA", "DH_RSA", "ECDHE_ECDSA", "ECDH_ECDSA", "DHE_DSS",
              "DH_DSS", "UNKNOWN", "RSA_EXPORT", "DH_anon", "BOGUS", "ecdhe_rsa", "", "RSA_PSK"]


def cat_auth(ctx):
    """TLS 1.2 vs 1.3 and explicit auth types against leaf key usages."""
    r = ctx.rng
    cas = hierarchy(ctx, 1)
    host = ctx.host()
    lk = ctx.pick("rsa2048", "p256", "dsa2048", "ed25519", "rsa1024", "p384")
    ku = ctx.pick("default", None, ["digitalSignature"], ["keyEncipherment"], ["keyAgreement"],
                  ["digitalSignature", "keyEncipherment"], ["digitalSignature", "keyAgreement"], [],
                  ["nonRepudiation"], ["keyEncipherment", "dataEncipherment"], ["keyCertSign"])
    eku = ctx.pick(("serverAuth",), None, ("clientAuth",), ("msSGC",), ("nsSGC",), ("anyExtendedKeyUsage",),
                   ("codeSigning", "serverAuth"), ())
    extra = []
    if r.random() < 0.25:
        extra.append(x_nstype(ctx.pick(["sslServer"], ["sslClient"], ["smime"], ["sslClient", "sslServer"])))
    leaf = make_leaf(ctx, cas[-1], host, kind=lk, ku=ku, eku=eku, extra=extra)
    auth = ctx.pick(*AUTH_TYPES)
    tls = ctx.pick("1.2", "1.3", None) if auth is None else ctx.pick("1.2", "1.2", "1.3")
    return case("auth: leaf %s KU %s EKU %s%s, tls %s, auth_type %r" %
                (lk, ku, eku, " nstype" if extra else "", tls, auth), [leaf, cas[-1]], [cas[0].pem], host,
                tls=tls, auth=auth)


def cat_misc(ctx):
    """Empty chain, unparsable certificates, odd serials, duplicate extensions."""
    r = ctx.rng
    cas = hierarchy(ctx, 1)
    host = ctx.host()
    what = ctx.pick("empty", "dup_ext", "empty_subject_no_san", "empty_subject_san", "serial_zero",
                    "serial_negative", "serial_huge", "garbage_after", "ext_empty_seq", "self_signed_leaf",
                    "self_signed_leaf_trusted")
    if what == "empty":
        return case("empty chain", [], [cas[0].pem], host)
    kw = {}
    if what == "dup_ext":
        lk = ctx.key("rsa2048")
        sans = [("dns", host)]
        e = leaf_exts(lk, cas[-1].key, sans)
        e.append(e[ctx.pick(0, 1, -1)])
        leaf = make_cert(simple_dn(("CN", host)), lk, cas[-1], exts=e, sans=sans)
    elif what in ("empty_subject_no_san", "empty_subject_san"):
        sans = [("dns", host)] if what.endswith("_san") else [("email", "ops@example.com")] \
            if r.random() < 0.3 else None
        lk = ctx.key("p256")
        e = leaf_exts(lk, cas[-1].key, None)
        if sans:
            e.append(x_san(sans, crit=r.random() < 0.7))
        leaf = make_cert(DN([]), lk, cas[-1], exts=e, sans=sans)
    elif what.startswith("serial"):
        s = {"serial_zero": 0, "serial_negative": -r.randint(1, 10 ** 6), "serial_huge": r.getrandbits(200)}[what]
        leaf = make_leaf(ctx, cas[-1], host, serial=s)
    elif what == "garbage_after":
        leaf = make_leaf(ctx, cas[-1], host)
        return case("leaf + a non-certificate PEM block", [leaf.pem, pem(seq(der_int(5)))], [cas[0].pem], host)
    elif what == "ext_empty_seq":   # a v3 leaf without any extension
        lk = ctx.key("rsa2048")
        leaf = make_cert(simple_dn(("CN", host)), lk, cas[-1], exts=[], sans=None)
    else:
        lk = ctx.key(ctx.pick("rsa2048", "p256"))
        sans = [("dns", host)]
        ca = r.random() < 0.5
        e = ([x_bc(True)] if ca else []) + leaf_exts(lk, None, sans)
        leaf = make_cert(simple_dn(("CN", host)), lk, None, exts=e, sans=sans,
                         **(dict(na=dt.datetime(2021, 1, 1, tzinfo=UTC)) if r.random() < 0.3 else {}))
        roots = [leaf.pem] if what.endswith("trusted") else [cas[0].pem]
        return case("%s (CA:%s)" % (what, ca), [leaf] + ([cas[-1]] if r.random() < 0.3 else []), roots, host,
                    tls=rand_tls(ctx))
    return case("misc: " + what, [leaf, cas[-1]], [cas[0].pem], host, tls=rand_tls(ctx))


def cat_mixed(ctx):
    """Everything at once, each dimension with a modest probability."""
    r = ctx.rng
    sub = ctx.pick(cat_keys, cat_sigalg, cat_order, cat_validity, cat_ext, cat_hostname, cat_dn, cat_anchor,
                   cat_auth)
    c = sub(ctx)
    c["desc"] = "mixed/" + sub.__name__[4:] + ": " + c["desc"]
    if r.random() < 0.3 and c["chain"]:
        c["tls_version"] = ctx.pick("1.2", "1.3")
        c.pop("auth_type", None)
    return c


CATEGORIES = [  # (name, function, count)
    ("dn", cat_dn, 320), ("dn_issuer_enc", cat_dn_issuer_encoding, 60), ("hostname", cat_hostname, 380),
    ("keys", cat_keys, 260), ("sigalg", cat_sigalg, 240), ("sigalg_odd", cat_sigalg_odd, 40),
    ("order", cat_order, 400), ("validity", cat_validity, 300), ("ext", cat_ext, 480), ("pathlen", cat_pathlen, 100),
    ("v1", cat_v1, 80),
    ("anchor", cat_anchor, 160), ("auth", cat_auth, 180), ("misc", cat_misc, 60), ("mixed", cat_mixed, 240),
]


def write_fixture(path, categories, seed, scale=1.0):
    """Writes `categories` [(name, fn(Ctx) -> case, count)] to `path` as JSON lines: ids
    `<name>_<i>`, one sub-seed per case drawn from random.Random(seed) (so a category added at
    the end leaves the cases before it unchanged), a case redrawn until it passes
    `hostname_guard`. Returns the count per category."""
    pool = KeyPool()
    master = random.Random(seed)
    counts = {}
    with open(path, "w") as f:
        for name, fn, count in categories:
            for i in range(max(1, int(count * scale))):
                for attempt in range(50):
                    rng = random.Random(master.getrandbits(64))
                    c = fn(Ctx(name, i, rng, pool))
                    leaf = c["chain"][0] if c["chain"] and isinstance(c["chain"][0], Cert) else None
                    if hostname_guard(c["host"], leaf):
                        break
                else:
                    raise RuntimeError("no case satisfying the hostname guard for %s %d" % (name, i))
                c["chain"] = [x.pem if isinstance(x, Cert) else x for x in c["chain"]]
                out = {"id": "%s_%04d" % (name, i), "category": name}
                out.update(c)
                f.write(json.dumps(out, ensure_ascii=False) + "\n")
                counts[name] = counts.get(name, 0) + 1
    return counts


def fixture_main(default_out, default_seed, categories):
    """The command line of every generator: --out, --seed, --scale."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=default_out)
    ap.add_argument("--seed", type=int, default=default_seed)
    ap.add_argument("--scale", type=float, default=1.0)
    a = ap.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    counts = write_fixture(a.out, categories, a.seed, a.scale)
    print("wrote %d cases to %s: %s" % (sum(counts.values()), a.out, counts), file=sys.stderr)


def main():
    fixture_main(os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases.jsonl"), SEED, CATEGORIES)


if __name__ == "__main__":
    main()
