#!/usr/bin/env python3
"""Generate the certificate fixtures used by the `crypto` module's tests.

For every case NAME this writes
  NAME.issuer.der  an issuer certificate whose SubjectPublicKeyInfo is the key under test
                   (its own signature is a placeholder: only its key matters), and
  NAME.leaf.der    a certificate signed (or mis-signed) with that key,
and one line in cases.tsv: NAME <tab> the CryptoError our verifier must return
("ok" when it must verify; "key:<problem>" when the issuer key must not load;
"alg" when the signature AlgorithmIdentifier must not parse).

What Java does with each pair is recorded separately by JavaVerify.java (java.tsv),
so the Rust test checks us against the real JDK, not against this script.

RSA is done by hand (key generation and both paddings) so that odd moduli, odd exponents
and DigestInfo variants can be produced; everything else uses `cryptography`.
Usage: python3 gen_fixtures.py   (writes next to this file)
"""

import hashlib
import os
import random
import sys

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, mldsa

OUT = os.path.dirname(os.path.abspath(__file__))
rng = random.SystemRandom()

# ---------------------------------------------------------------- DER encoding


def tlv(tag, content):
    n = len(content)
    if n < 0x80:
        head = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, "big")
        head = bytes([0x80 | len(b)]) + b
    return bytes([tag]) + head + content


def seq(*items):
    return tlv(0x30, b"".join(items))


def integer(v):
    if v == 0:
        return tlv(0x02, b"\x00")
    b = v.to_bytes((v.bit_length() + 8) // 8, "big")  # always room for a sign bit
    while len(b) > 1 and b[0] == 0 and b[1] < 0x80:
        b = b[1:]
    return tlv(0x02, b)


def oid(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    body = [40 * arcs[0] + arcs[1]] + arcs[2:]
    out = b""
    for a in body:
        chunk = [a & 0x7F]
        a >>= 7
        while a:
            chunk.insert(0, 0x80 | (a & 0x7F))
            a >>= 7
        out += bytes(chunk)
    return tlv(0x06, out)


NULL = b"\x05\x00"


def bitstring(b):
    return tlv(0x03, b"\x00" + b)


def octets(b):
    return tlv(0x04, b)


def alg_id(dotted, params=None):
    return seq(oid(dotted), params) if params is not None else seq(oid(dotted))


def name(cn):
    return seq(tlv(0x31, seq(oid("2.5.4.3"), tlv(0x0C, cn.encode()))))


def tbs_certificate(sig_alg, issuer_cn, subject_cn, spki, serial):
    return seq(
        tlv(0xA0, integer(2)),
        integer(serial),
        sig_alg,
        name(issuer_cn),
        seq(tlv(0x17, b"250101000000Z"), tlv(0x17, b"350101000000Z")),
        name(subject_cn),
        spki,
    )


def certificate(tbs, sig_alg, signature):
    return seq(tbs, sig_alg, bitstring(signature))


# ---------------------------------------------------------------- digests

MD2_S = [
    41, 46, 67, 201, 162, 216, 124, 1, 61, 54, 84, 161, 236, 240, 6, 19, 98, 167, 5, 243, 192, 199, 115, 140,
    152, 147, 43, 217, 188, 76, 130, 202, 30, 155, 87, 60, 253, 212, 224, 22, 103, 66, 111, 24, 138, 23, 229, 18,
    190, 78, 196, 214, 218, 158, 222, 73, 160, 251, 245, 142, 187, 47, 238, 122, 169, 104, 121, 145, 21, 178, 7, 63,
    148, 194, 16, 137, 11, 34, 95, 33, 128, 127, 93, 154, 90, 144, 50, 39, 53, 62, 204, 231, 191, 247, 151, 3,
    255, 25, 48, 179, 72, 165, 181, 209, 215, 94, 146, 42, 172, 86, 170, 198, 79, 184, 56, 210, 150, 164, 125, 182,
    118, 252, 107, 226, 156, 116, 4, 241, 69, 157, 112, 89, 100, 113, 135, 32, 134, 91, 207, 101, 230, 45, 168, 2,
    27, 96, 37, 173, 174, 176, 185, 246, 28, 70, 97, 105, 52, 64, 126, 15, 85, 71, 163, 35, 221, 81, 175, 58,
    195, 92, 249, 206, 186, 197, 234, 38, 44, 83, 13, 110, 133, 40, 132, 9, 211, 223, 205, 244, 65, 129, 77, 82,
    106, 220, 55, 200, 108, 193, 171, 250, 36, 225, 123, 8, 12, 189, 177, 74, 120, 136, 149, 139, 227, 99, 232, 109,
    233, 203, 213, 254, 59, 0, 29, 57, 242, 239, 183, 14, 102, 88, 208, 228, 166, 119, 114, 248, 235, 117, 75, 10,
    49, 68, 80, 180, 143, 237, 31, 26, 219, 153, 141, 51, 159, 17, 131, 20,
]


def md2(data):
    """MD2 (RFC 1319), which neither hashlib nor OpenSSL 3 provides."""
    pad = 16 - len(data) % 16
    msg = bytearray(data) + bytes([pad]) * pad
    checksum = bytearray(16)
    last = 0
    for i in range(0, len(msg), 16):
        for j in range(16):
            checksum[j] ^= MD2_S[msg[i + j] ^ last]
            last = checksum[j]
    msg += checksum
    x = bytearray(48)
    for i in range(0, len(msg), 16):
        for j in range(16):
            x[16 + j] = msg[i + j]
            x[32 + j] = x[16 + j] ^ x[j]
        t = 0
        for r in range(18):
            for k in range(48):
                x[k] ^= MD2_S[t]
                t = x[k]
            t = (t + r) % 256
    return bytes(x[:16])


assert md2(b"abc").hex() == "da853b0d3f88d99b30283a69e6ded6bb"

# name -> (OID, hashlib name or function, cryptography hash class)
DIGESTS = {
    "md2": ("1.2.840.113549.2.2", md2, None),
    "md5": ("1.2.840.113549.2.5", "md5", hashes.MD5),
    "sha1": ("1.3.14.3.2.26", "sha1", hashes.SHA1),
    "sha224": ("2.16.840.1.101.3.4.2.4", "sha224", hashes.SHA224),
    "sha256": ("2.16.840.1.101.3.4.2.1", "sha256", hashes.SHA256),
    "sha384": ("2.16.840.1.101.3.4.2.2", "sha384", hashes.SHA384),
    "sha512": ("2.16.840.1.101.3.4.2.3", "sha512", hashes.SHA512),
    "sha512-224": ("2.16.840.1.101.3.4.2.5", "sha512_224", hashes.SHA512_224),
    "sha512-256": ("2.16.840.1.101.3.4.2.6", "sha512_256", hashes.SHA512_256),
    "sha3-224": ("2.16.840.1.101.3.4.2.7", "sha3_224", hashes.SHA3_224),
    "sha3-256": ("2.16.840.1.101.3.4.2.8", "sha3_256", hashes.SHA3_256),
    "sha3-384": ("2.16.840.1.101.3.4.2.9", "sha3_384", hashes.SHA3_384),
    "sha3-512": ("2.16.840.1.101.3.4.2.10", "sha3_512", hashes.SHA3_512),
}


def digest(dname, data):
    h = DIGESTS[dname][1]
    return h(data) if callable(h) else hashlib.new(h, data).digest()


RSA_PKCS1_OIDS = {
    "md2": "1.2.840.113549.1.1.2",
    "md5": "1.2.840.113549.1.1.4",
    "sha1": "1.2.840.113549.1.1.5",
    "sha256": "1.2.840.113549.1.1.11",
    "sha384": "1.2.840.113549.1.1.12",
    "sha512": "1.2.840.113549.1.1.13",
    "sha224": "1.2.840.113549.1.1.14",
    "sha512-224": "1.2.840.113549.1.1.15",
    "sha512-256": "1.2.840.113549.1.1.16",
    "sha3-224": "2.16.840.1.101.3.4.3.13",
    "sha3-256": "2.16.840.1.101.3.4.3.14",
    "sha3-384": "2.16.840.1.101.3.4.3.15",
    "sha3-512": "2.16.840.1.101.3.4.3.16",
}
ECDSA_OIDS = {
    "sha1": "1.2.840.10045.4.1",
    "sha224": "1.2.840.10045.4.3.1",
    "sha256": "1.2.840.10045.4.3.2",
    "sha384": "1.2.840.10045.4.3.3",
    "sha512": "1.2.840.10045.4.3.4",
    "sha3-256": "2.16.840.1.101.3.4.3.10",
}
DSA_OIDS = {
    "sha1": "1.2.840.10040.4.3",
    "sha224": "2.16.840.1.101.3.4.3.1",
    "sha256": "2.16.840.1.101.3.4.3.2",
    "sha384": "2.16.840.1.101.3.4.3.3",
    "sha512": "2.16.840.1.101.3.4.3.4",
}
PSS_OID = "1.2.840.113549.1.1.10"
RSA_OID = "1.2.840.113549.1.1.1"
MGF1_OID = "1.2.840.113549.1.1.8"

# ---------------------------------------------------------------- RSA by hand


def is_probable_prime(n):
    if n < 2:
        return False
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for _ in range(24):
        x = pow(rng.randrange(2, n - 1), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def random_prime(bits, e):
    while True:
        c = rng.getrandbits(bits) | (3 << (bits - 2)) | 1
        if (c - 1) % e != 0 and is_probable_prime(c):
            return c


class RsaKey:
    def __init__(self, bits, e=65537):
        while True:
            p = random_prime(bits - bits // 2, e)
            q = random_prime(bits // 2, e)
            n = p * q
            if n.bit_length() == bits and p != q:
                break
        self.n, self.e = n, e
        self.d = pow(e, -1, (p - 1) * (q - 1))
        self.k = (n.bit_length() + 7) // 8

    def public_der(self):
        return seq(integer(self.n), integer(self.e))

    def spki(self, alg=None):
        return seq(alg if alg is not None else alg_id(RSA_OID, NULL), bitstring(self.public_der()))

    def raw_sign(self, em):
        return pow(int.from_bytes(em, "big"), self.d, self.n).to_bytes(self.k, "big")

    def sign_pkcs1(self, dname, data, with_null=True):
        h = digest(dname, data)
        doid = DIGESTS[dname][0]
        t = seq(alg_id(doid, NULL) if with_null else alg_id(doid), octets(h))
        ps = self.k - len(t) - 3
        assert ps >= 8, "key too small"
        return self.raw_sign(b"\x00\x01" + b"\xff" * ps + b"\x00" + t)

    def sign_pss(self, dname, mgf_name, salt_len, data):
        m_hash = digest(dname, data)
        h_len = len(m_hash)
        em_bits = self.n.bit_length() - 1
        em_len = (em_bits + 7) // 8
        salt = os.urandom(salt_len)
        h = digest(dname, b"\x00" * 8 + m_hash + salt)
        db = b"\x00" * (em_len - salt_len - h_len - 2) + b"\x01" + salt
        mask = mgf1(mgf_name, h, em_len - h_len - 1)
        masked = bytearray(a ^ b for a, b in zip(db, mask))
        masked[0] &= 0xFF >> (8 * em_len - em_bits)
        return self.raw_sign(bytes(masked) + h + b"\xbc")


def mgf1(dname, seed, length):
    out = b""
    counter = 0
    while len(out) < length:
        out += digest(dname, seed + counter.to_bytes(4, "big"))
        counter += 1
    return out[:length]


def pss_params(hash_name=None, mgf_name=None, salt=None, trailer=None):
    """RSASSA-PSS-params; omitted fields take their defaults (SHA-1, MGF1-SHA-1, 20, 1)."""
    fields = b""
    if hash_name is not None:
        fields += tlv(0xA0, alg_id(DIGESTS[hash_name][0], NULL))
    if mgf_name is not None:
        fields += tlv(0xA1, alg_id(MGF1_OID, alg_id(DIGESTS[mgf_name][0], NULL)))
    if salt is not None:
        fields += tlv(0xA2, integer(salt))
    if trailer is not None:
        fields += tlv(0xA3, integer(trailer))
    return seq(fields) if fields else seq()


# ---------------------------------------------------------------- other key types


def spki_of(private_key):
    return private_key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def crypto_hash(dname):
    return DIGESTS[dname][2]()


# A fixed, unrelated leaf key: the leaf's own key plays no part in these tests.
LEAF_SPKI = spki_of(ed25519.Ed25519PrivateKey.generate())

cases = []  # (name, expected rust outcome)
serial = [1000]


def emit(case, issuer_spki, sig_alg, sign, expect, outer_sig_alg=None, mutate_sig=None):
    """Write NAME.issuer.der / NAME.leaf.der. `sign(tbs) -> signature bytes`."""
    serial[0] += 1
    # The issuer certificate's own signature is never checked; a plain
    # algorithm keeps it parseable whatever the case under test does.
    issuer_alg = alg_id(RSA_PKCS1_OIDS["sha256"], NULL)
    issuer = certificate(
        tbs_certificate(issuer_alg, "Issuer " + case, "Issuer " + case, issuer_spki, serial[0]),
        issuer_alg,
        b"\x00" * 8,
    )
    tbs = tbs_certificate(sig_alg, "Issuer " + case, "Leaf " + case, LEAF_SPKI, serial[0] + 5000)
    sig = sign(tbs)
    if mutate_sig is not None:
        sig = mutate_sig(sig)
    leaf = certificate(tbs, outer_sig_alg or sig_alg, sig)
    with open(os.path.join(OUT, case + ".issuer.der"), "wb") as f:
        f.write(issuer)
    with open(os.path.join(OUT, case + ".leaf.der"), "wb") as f:
        f.write(leaf)
    cases.append((case, expect))


def rsa_cases():
    k2048 = RsaKey(2048)
    for d in RSA_PKCS1_OIDS:
        emit(f"rsa2048-{d}", k2048.spki(), alg_id(RSA_PKCS1_OIDS[d], NULL),
             lambda tbs, d=d: k2048.sign_pkcs1(d, tbs), "ok")
    emit("rsa2048-sha256-absent-params", k2048.spki(), alg_id(RSA_PKCS1_OIDS["sha256"]),
         lambda tbs: k2048.sign_pkcs1("sha256", tbs), "ok")
    emit("rsa2048-sha256-digestinfo-without-null", k2048.spki(), alg_id(RSA_PKCS1_OIDS["sha256"], NULL),
         lambda tbs: k2048.sign_pkcs1("sha256", tbs, with_null=False), "ok")
    emit("rsa2048-sha256-with-params", k2048.spki(), alg_id(RSA_PKCS1_OIDS["sha256"], octets(b"x")),
         lambda tbs: k2048.sign_pkcs1("sha256", tbs), "IncompatibleParameters")
    emit("rsa2048-sha256-signed-as-sha1", k2048.spki(), alg_id(RSA_PKCS1_OIDS["sha256"], NULL),
         lambda tbs: k2048.sign_pkcs1("sha1", tbs), "BadSignature")
    emit("rsa2048-sha1-oiw", k2048.spki(), alg_id("1.3.14.3.2.29", NULL),
         lambda tbs: k2048.sign_pkcs1("sha1", tbs), "ok")
    emit("rsa2048-sha256-short-signature", k2048.spki(), alg_id(RSA_PKCS1_OIDS["sha256"], NULL),
         lambda tbs: k2048.sign_pkcs1("sha256", tbs)[1:], "MalformedSignature")

    k1024 = RsaKey(1024)
    for d in ("sha1", "sha256", "sha384", "sha512"):
        emit(f"rsa1024-{d}", k1024.spki(), alg_id(RSA_PKCS1_OIDS[d], NULL),
             lambda tbs, d=d: k1024.sign_pkcs1(d, tbs), "ok")
    k512 = RsaKey(512)
    for d in ("md5", "sha1", "sha256"):
        emit(f"rsa512-{d}", k512.spki(), alg_id(RSA_PKCS1_OIDS[d], NULL),
             lambda tbs, d=d: k512.sign_pkcs1(d, tbs), "ok")
    # SHA-512's DigestInfo (83 octets) does not fit a 64-octet block.
    emit("rsa512-sha512", k512.spki(), alg_id(RSA_PKCS1_OIDS["sha512"], NULL),
         lambda tbs: b"\x01" * 64, "KeyTooSmallForAlgorithm")
    k505 = RsaKey(505, e=3)
    emit("rsa505-sha1", k505.spki(), alg_id(RSA_PKCS1_OIDS["sha1"], NULL),
         lambda tbs: k505.sign_pkcs1("sha1", tbs), "ok")
    k504 = RsaKey(504)
    emit("rsa504-sha1", k504.spki(), alg_id(RSA_PKCS1_OIDS["sha1"], NULL),
         lambda tbs: k504.sign_pkcs1("sha1", tbs), "key:RsaModulusSize")
    k3072 = RsaKey(3072)
    emit("rsa3072-sha384", k3072.spki(), alg_id(RSA_PKCS1_OIDS["sha384"], NULL),
         lambda tbs: k3072.sign_pkcs1("sha384", tbs), "ok")
    k4096 = RsaKey(4096)
    emit("rsa4096-sha512", k4096.spki(), alg_id(RSA_PKCS1_OIDS["sha512"], NULL),
         lambda tbs: k4096.sign_pkcs1("sha512", tbs), "ok")
    k8200 = RsaKey(8200)
    emit("rsa8200-sha256", k8200.spki(), alg_id(RSA_PKCS1_OIDS["sha256"], NULL),
         lambda tbs: k8200.sign_pkcs1("sha256", tbs), "ok")
    ke3 = RsaKey(2048, e=3)
    emit("rsa2048-e3-sha256", ke3.spki(), alg_id(RSA_PKCS1_OIDS["sha256"], NULL),
         lambda tbs: ke3.sign_pkcs1("sha256", tbs), "ok")
    kbig = RsaKey(2048, e=(1 << 40) + 15)
    emit("rsa2048-e2pow40-sha256", kbig.spki(), alg_id(RSA_PKCS1_OIDS["sha256"], NULL),
         lambda tbs: kbig.sign_pkcs1("sha256", tbs), "ok")
    kbig4 = RsaKey(4096, e=(1 << 70) + 25)
    emit("rsa4096-e2pow70-sha256", kbig4.spki(), alg_id(RSA_PKCS1_OIDS["sha256"], NULL),
         lambda tbs: kbig4.sign_pkcs1("sha256", tbs), "key:RsaExponent")
    # An RSA public key with exponent 1 (the JDK requires at least 3).
    e1 = seq(alg_id(RSA_OID, NULL), bitstring(seq(integer(k2048.n), integer(1))))
    emit("rsa2048-e1", e1, alg_id(RSA_PKCS1_OIDS["sha256"], NULL), lambda tbs: b"\x01" * 256, "key:RsaExponent")

    # id-RSASSA-PSS keys.
    pss_key_no_params = k2048.spki(alg_id(PSS_OID))
    emit("pss-key-no-params-pkcs1-sha256", pss_key_no_params, alg_id(RSA_PKCS1_OIDS["sha256"], NULL),
         lambda tbs: k2048.sign_pkcs1("sha256", tbs), "ok")
    pss_key_256 = k2048.spki(alg_id(PSS_OID, pss_params("sha256", "sha256", 32)))
    emit("pss-key-params-pkcs1-sha256", pss_key_256, alg_id(RSA_PKCS1_OIDS["sha256"], NULL),
         lambda tbs: k2048.sign_pkcs1("sha256", tbs), "KeyAlgorithmMismatch")

    def pss(case, key, spki, h, m, s, expect="ok", params=None, sign_h=None, sign_m=None, sign_s=None):
        p = params if params is not None else pss_params(h, m, s)
        salt = sign_s if sign_s is not None else (s if s is not None else 20)
        emit(case, spki, alg_id(PSS_OID, p),
             lambda tbs: key.sign_pss(sign_h or h or "sha1", sign_m or m or "sha1", salt, tbs), expect)

    pss("pss-sha256-mgf256-salt32", k2048, k2048.spki(), "sha256", "sha256", 32)
    pss("pss-sha384-mgf384-salt48", k2048, k2048.spki(), "sha384", "sha384", 48)
    pss("pss-sha512-mgf512-salt64", k2048, k2048.spki(), "sha512", "sha512", 64)
    pss("pss-sha256-mgf256-salt0", k2048, k2048.spki(), "sha256", "sha256", 0)
    pss("pss-sha256-mgf256-salt20", k2048, k2048.spki(), "sha256", "sha256", 20)
    pss("pss-sha256-mgf1-salt32", k2048, k2048.spki(), "sha256", "sha1", 32)
    pss("pss-sha224-mgf224-salt28", k2048, k2048.spki(), "sha224", "sha224", 28)
    pss("pss-sha3-256-mgf3-256-salt32", k2048, k2048.spki(), "sha3-256", "sha3-256", 32)
    pss("pss-sha512-256-mgf512-256-salt32", k2048, k2048.spki(), "sha512-256", "sha512-256", 32)
    pss("pss-defaults", k2048, k2048.spki(), None, None, None)
    pss("pss-sha256-salt32-signed-salt20", k2048, k2048.spki(), "sha256", "sha256", 32, "BadSignature",
        sign_s=20)
    pss("pss-md5-mgf1", k2048, k2048.spki(), "md5", "sha1", 16, "UnsupportedAlgorithm")
    pss("pss-trailer2", k2048, k2048.spki(), "sha256", "sha256", 32, "alg",
        params=pss_params("sha256", "sha256", 32, trailer=2), sign_h="sha256", sign_m="sha256", sign_s=32)
    pss("pss-mgf-md5", k2048, k2048.spki(), "sha256", "sha256", 32, "alg",
        params=pss_params("sha256", "md5", 32), sign_h="sha256", sign_m="sha256", sign_s=32)
    emit("pss-without-params", k2048.spki(), alg_id(PSS_OID), lambda tbs: k2048.sign_pss("sha1", "sha1", 20, tbs),
         "UnsupportedAlgorithm")
    pss("pss-huge-salt", k1024, k1024.spki(), "sha256", "sha256", 100, "KeyTooSmallForAlgorithm",
        sign_s=32)
    k2047 = RsaKey(2047)
    pss("pss-2047bit-sha256", k2047, k2047.spki(), "sha256", "sha256", 32)
    k2049 = RsaKey(2049)
    pss("pss-2049bit-sha256", k2049, k2049.spki(), "sha256", "sha256", 32)
    pss("pss-1024bit-sha256", k1024, k1024.spki(), "sha256", "sha256", 32)
    pss("pss-512bit-sha1-salt20", k512, k512.spki(), "sha1", "sha1", 20)
    pss("pss-key-no-params", k2048, pss_key_no_params, "sha256", "sha256", 32)
    pss("pss-key-params-same", k2048, pss_key_256, "sha256", "sha256", 32)
    pss_key_salt20 = k2048.spki(alg_id(PSS_OID, pss_params("sha256", "sha256", 20)))
    pss("pss-key-salt20-sig-salt32", k2048, pss_key_salt20, "sha256", "sha256", 32)
    pss_key_salt64 = k2048.spki(alg_id(PSS_OID, pss_params("sha256", "sha256", 64)))
    pss("pss-key-salt64-sig-salt32", k2048, pss_key_salt64, "sha256", "sha256", 32, "IncompatibleParameters")
    pss_key_384 = k2048.spki(alg_id(PSS_OID, pss_params("sha384", "sha384", 32)))
    pss("pss-key-sha384-sig-sha256", k2048, pss_key_384, "sha256", "sha256", 32, "IncompatibleParameters")
    bad_key_params = k2048.spki(alg_id(PSS_OID, pss_params("sha256", "sha256", 32, trailer=3)))
    pss("pss-key-bad-params", k2048, bad_key_params, "sha256", "sha256", 32, "key:PssParameters")


def ecdsa_cases():
    curves = {
        "p256": ec.SECP256R1(),
        "p384": ec.SECP384R1(),
        "p521": ec.SECP521R1(),
    }
    keys = {c: ec.generate_private_key(curve) for c, curve in curves.items()}
    for c, digests in (
        ("p256", ("sha256", "sha384", "sha1", "sha224", "sha512", "sha3-256")),
        ("p384", ("sha384", "sha256", "sha512", "sha1")),
        ("p521", ("sha512", "sha256", "sha1", "sha384")),
    ):
        key = keys[c]
        for d in digests:
            emit(f"ecdsa-{c}-{d}", spki_of(key), alg_id(ECDSA_OIDS[d]),
                 lambda tbs, key=key, d=d: key.sign(tbs, ec.ECDSA(crypto_hash(d))), "ok")
    p256 = keys["p256"]
    emit("ecdsa-p256-sha256-signed-as-sha1", spki_of(p256), alg_id(ECDSA_OIDS["sha256"]),
         lambda tbs: p256.sign(tbs, ec.ECDSA(hashes.SHA1())), "BadSignature")
    emit("ecdsa-p256-sha256-null-params", spki_of(p256), alg_id(ECDSA_OIDS["sha256"], NULL),
         lambda tbs: p256.sign(tbs, ec.ECDSA(hashes.SHA256())), "ok")
    emit("ecdsa-p256-sha256-curve-params", spki_of(p256), alg_id(ECDSA_OIDS["sha256"], oid("1.2.840.10045.3.1.7")),
         lambda tbs: p256.sign(tbs, ec.ECDSA(hashes.SHA256())), "ok")
    emit("ecdsa-p256-sha256-other-curve-params", spki_of(p256), alg_id(ECDSA_OIDS["sha256"], oid("1.3.132.0.34")),
         lambda tbs: p256.sign(tbs, ec.ECDSA(hashes.SHA256())), "IncompatibleParameters")

    def sign_high_r(tbs, redundant):
        """A signature whose r has its top bit set, re-encoded without the 0x00 pad
        (a negative INTEGER, which Java reads as a magnitude), or with an extra one."""
        while True:
            sig = p256.sign(tbs, ec.ECDSA(hashes.SHA256()))
            # SEQUENCE { INTEGER r, INTEGER s }
            rlen = sig[3]
            r = sig[4:4 + rlen]
            rest = sig[4 + rlen:]
            if rlen == 33 and r[0] == 0:
                r2 = r[1:] if not redundant else b"\x00" + r
                body = tlv(0x02, r2) + rest
                return seq(body)

    emit("ecdsa-p256-sha256-negative-r", spki_of(p256), alg_id(ECDSA_OIDS["sha256"]),
         lambda tbs: sign_high_r(tbs, False), "ok")
    emit("ecdsa-p256-sha256-padded-r", spki_of(p256), alg_id(ECDSA_OIDS["sha256"]),
         lambda tbs: sign_high_r(tbs, True), "MalformedSignature")
    emit("ecdsa-p256-sha256-trailing-byte", spki_of(p256), alg_id(ECDSA_OIDS["sha256"]),
         lambda tbs: p256.sign(tbs, ec.ECDSA(hashes.SHA256())) + b"\x00", "MalformedSignature")
    emit("ecdsa-specified", spki_of(p256), alg_id("1.2.840.10045.4.3", alg_id(DIGESTS["sha256"][0])),
         lambda tbs: p256.sign(tbs, ec.ECDSA(hashes.SHA256())), "ok")
    emit("ecdsa-specified-sha1", spki_of(p256), alg_id("1.2.840.10045.4.3", alg_id(DIGESTS["sha1"][0], NULL)),
         lambda tbs: p256.sign(tbs, ec.ECDSA(hashes.SHA1())), "ok")
    # "SHA3256withECDSA" is not an engine name, so Java cannot verify this one.
    emit("ecdsa-specified-sha3-256", spki_of(p256), alg_id("1.2.840.10045.4.3", alg_id(DIGESTS["sha3-256"][0])),
         lambda tbs: p256.sign(tbs, ec.ECDSA(hashes.SHA3_256())), "UnsupportedAlgorithm")
    emit("ecdsa-specified-without-params", spki_of(p256), alg_id("1.2.840.10045.4.3"),
         lambda tbs: p256.sign(tbs, ec.ECDSA(hashes.SHA256())), "UnsupportedAlgorithm")
    # Point with one stray octet appended: ECUtil.decodePoint ignores it.
    spki = spki_of(p256)
    stray = seq(alg_id("1.2.840.10045.2.1", oid("1.2.840.10045.3.1.7")), bitstring(spki[-65:] + b"\x07"))
    emit("ecdsa-p256-point-stray-octet", stray, alg_id(ECDSA_OIDS["sha256"]),
         lambda tbs: p256.sign(tbs, ec.ECDSA(hashes.SHA256())), "ok")
    compressed = p256.public_key().public_bytes(serialization.Encoding.X962,
                                                serialization.PublicFormat.CompressedPoint)
    emit("ecdsa-p256-compressed-key", seq(alg_id("1.2.840.10045.2.1", oid("1.2.840.10045.3.1.7")),
                                          bitstring(compressed)),
         alg_id(ECDSA_OIDS["sha256"]), lambda tbs: p256.sign(tbs, ec.ECDSA(hashes.SHA256())), "key:EcPoint")
    explicit = seq(integer(1), seq(oid("1.2.840.10045.1.1"), integer(2**256 - 2**224 + 2**192 + 2**96 - 1)))
    emit("ecdsa-p256-explicit-params", seq(alg_id("1.2.840.10045.2.1", explicit), bitstring(spki[-65:])),
         alg_id(ECDSA_OIDS["sha256"]), lambda tbs: p256.sign(tbs, ec.ECDSA(hashes.SHA256())), "key:EcParameters")
    emit("ecdsa-unknown-curve", seq(alg_id("1.2.840.10045.2.1", oid("1.3.132.0.99")), bitstring(spki[-65:])),
         alg_id(ECDSA_OIDS["sha256"]), lambda tbs: p256.sign(tbs, ec.ECDSA(hashes.SHA256())), "key:UnknownCurve")
    # Curves SunEC cannot verify with.
    for cname, curve in (("p224", ec.SECP224R1()), ("secp256k1", ec.SECP256K1()),
                         ("brainpoolp256r1", ec.BrainpoolP256R1())):
        key = ec.generate_private_key(curve)
        emit(f"ecdsa-{cname}-sha256", spki_of(key), alg_id(ECDSA_OIDS["sha256"]),
             lambda tbs, key=key: key.sign(tbs, ec.ECDSA(hashes.SHA256())), "UnsupportedCurve")
    rsa = RsaKey(1024)
    emit("ecdsa-sig-rsa-key", rsa.spki(), alg_id(ECDSA_OIDS["sha256"]),
         lambda tbs: p256.sign(tbs, ec.ECDSA(hashes.SHA256())), "KeyAlgorithmMismatch")


def dsa_cases():
    k1024 = dsa.generate_private_key(1024)
    k2048 = dsa.generate_private_key(2048)
    k3072 = dsa.generate_private_key(3072)
    for case, key, d in (
        ("dsa1024-sha1", k1024, "sha1"),
        ("dsa1024-sha256", k1024, "sha256"),
        ("dsa2048-sha1", k2048, "sha1"),
        ("dsa2048-sha224", k2048, "sha224"),
        ("dsa2048-sha256", k2048, "sha256"),
        ("dsa3072-sha256", k3072, "sha256"),
        ("dsa3072-sha384", k3072, "sha384"),
        ("dsa3072-sha512", k3072, "sha512"),
    ):
        emit(case, spki_of(key), alg_id(DSA_OIDS[d]), lambda tbs, key=key, d=d: key.sign(tbs, crypto_hash(d)), "ok")
    emit("dsa2048-sha256-signed-as-sha1", spki_of(k2048), alg_id(DSA_OIDS["sha256"]),
         lambda tbs: k2048.sign(tbs, hashes.SHA1()), "BadSignature")
    emit("dsa1024-sha1-oiw", spki_of(k1024), alg_id("1.3.14.3.2.27"),
         lambda tbs: k1024.sign(tbs, hashes.SHA1()), "ok")
    emit("dsa1024-sha1-null-params", spki_of(k1024), alg_id(DSA_OIDS["sha1"], NULL),
         lambda tbs: k1024.sign(tbs, hashes.SHA1()), "ok")
    emit("dsa1024-sha1-with-params", spki_of(k1024), alg_id(DSA_OIDS["sha1"], octets(b"x")),
         lambda tbs: k1024.sign(tbs, hashes.SHA1()), "IncompatibleParameters")
    # A key without parameters: they would have to be inherited from its issuer.
    y = k1024.public_key().public_numbers().y
    no_params = seq(alg_id("1.2.840.10040.4.1"), bitstring(integer(y)))
    emit("dsa1024-key-without-params", no_params, alg_id(DSA_OIDS["sha1"]),
         lambda tbs: k1024.sign(tbs, hashes.SHA1()), "MissingDsaParameters")

    def negative_r(tbs):
        while True:
            sig = k1024.sign(tbs, hashes.SHA1())
            rlen = sig[3]
            r = sig[4:4 + rlen]
            if rlen == 21 and r[0] == 0:
                return seq(tlv(0x02, r[1:]) + sig[4 + rlen:])

    emit("dsa1024-sha1-negative-r", spki_of(k1024), alg_id(DSA_OIDS["sha1"]), negative_r, "ok")


def eddsa_and_mldsa_cases():
    e1 = ed25519.Ed25519PrivateKey.generate()
    e2 = ed448.Ed448PrivateKey.generate()
    emit("ed25519", spki_of(e1), alg_id("1.3.101.112"), e1.sign, "ok")
    emit("ed448", spki_of(e2), alg_id("1.3.101.113"), e2.sign, "ok")
    emit("ed25519-sig-ed448-key", spki_of(e2), alg_id("1.3.101.112"), e1.sign, "KeyAlgorithmMismatch")
    emit("ed25519-with-null-params", spki_of(e1), alg_id("1.3.101.112", NULL), e1.sign, "ok")
    emit("ed25519-wrong-key", spki_of(ed25519.Ed25519PrivateKey.generate()), alg_id("1.3.101.112"), e1.sign,
         "BadSignature")
    for level, cls, o in (
        ("44", mldsa.MLDSA44PrivateKey, "2.16.840.1.101.3.4.3.17"),
        ("65", mldsa.MLDSA65PrivateKey, "2.16.840.1.101.3.4.3.18"),
        ("87", mldsa.MLDSA87PrivateKey, "2.16.840.1.101.3.4.3.19"),
    ):
        key = cls.generate()
        emit(f"mldsa{level}", spki_of(key), alg_id(o), key.sign, "ok")


def unsupported_cases():
    k = RsaKey(1024)
    emit("unknown-sig-oid", k.spki(), alg_id("1.2.3.4.5"), lambda tbs: k.sign_pkcs1("sha256", tbs),
         "UnsupportedAlgorithm")
    emit("rsa-encryption-as-sig-oid", k.spki(), alg_id(RSA_OID, NULL), lambda tbs: k.sign_pkcs1("sha256", tbs),
         "UnsupportedAlgorithm")
    unknown_key = seq(alg_id("1.2.3.4.6"), bitstring(b"\x01\x02\x03"))
    emit("unknown-key-oid", unknown_key, alg_id(RSA_PKCS1_OIDS["sha256"], NULL),
         lambda tbs: k.sign_pkcs1("sha256", tbs), "KeyAlgorithmMismatch")


def main():
    for f in os.listdir(OUT):
        if f.endswith(".der"):
            os.remove(os.path.join(OUT, f))
    rsa_cases()
    ecdsa_cases()
    dsa_cases()
    eddsa_and_mldsa_cases()
    unsupported_cases()
    with open(os.path.join(OUT, "cases.tsv"), "w") as f:
        f.write("# name\texpected verify_signature outcome (see gen_fixtures.py)\n")
        for case, expect in cases:
            f.write(f"{case}\t{expect}\n")
    print(f"{len(cases)} cases", file=sys.stderr)


if __name__ == "__main__":
    main()
