#!/usr/bin/env python3
"""Generate the parse-mutation fixture: tests/differential/mutation/cases.jsonl.

A DER-level mutational differential of the JDK's certificate parser. Each case is a good chain
(root -> intermediate -> leaf, the root trusted) in which ONE certificate (the leaf or the
intermediate) carries ONE mutation of its TBSCertificate, re-signed with the issuer's key so that
the mutation is the only difference. The chain is presented in order (validate as presented) or
with an unrelated CA after the leaf (the path builder).

Mutations:
* `tlv` - any TLV node of the TBSCertificate (extension values are opened: an OCTET STRING
  that holds DER is a node with children): long-form and non-minimal lengths, indefinite lengths
  (constructed nodes), a trailing byte or a trailing NULL, emptied content, the node duplicated
  or dropped, another string type, a constructed string, SET for SEQUENCE, unused bits in a BIT
  STRING.
* `ext` - hand-written mutations of the extensions the JDK decodes (basicConstraints,
  keyUsage, EKU, SAN, AKI, SKI, name constraints, AIA, CRL distribution points, the CRL and
  other extensions the JDK decodes), of the extension wrapper (critical flag after the value, a
  SET for the Extension, a constructed OCTET STRING, extensions outside [3], a second [3]),
  of SubjectPublicKeyInfo (ECDH, DH, X25519, X448 OIDs for an EC/RSA key) and of the TBS
  header itself (non-minimal length, signed over the DER form or as presented).

Deterministic choices (random.Random(SEED), one sub-seed per case); keys and ECDSA signatures are
not, so the committed pair is the fixture.  `run_oracle.sh mutation` makes mutation/expected.jsonl.

usage: python3 gen_mutation_cases.py [--out mutation/cases.jsonl] [--seed N] [--scale F]
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_cases as G  # noqa: E402
from gen_cases import seq, tlv, oid, ext  # noqa: E402

SEED = 20261208
HERE = os.path.dirname(os.path.abspath(__file__))
STRING_TAGS = [0x0C, 0x13, 0x16, 0x14, 0x1E, 0x1C, 0x1A, 0x12]


# =============================================================================== TLV trees
class Node:
    def __init__(self, tag, content=None, children=None, wrapped=False):
        self.tag = tag
        self.content = content
        self.children = children
        self.wrapped = wrapped       # a primitive OCTET/BIT STRING whose content is DER
        self.len_form = "min"        # min | long1 | long2 | indef
        self.trailing = b""          # bytes appended to the content

    def copy(self):
        n = Node(self.tag, self.content, [c.copy() for c in self.children] if self.children is not None else None,
                 self.wrapped)
        n.len_form, n.trailing = self.len_form, self.trailing
        return n

    def body(self):
        if self.children is not None:
            inner = b"".join(c.encode() for c in self.children)
            if self.wrapped and self.tag == 0x03:
                inner = b"\x00" + inner
            return inner + self.trailing
        return self.content + self.trailing

    def encode(self):
        b = self.body()
        if self.len_form == "indef":
            return bytes([self.tag, 0x80]) + b + b"\x00\x00"
        if self.len_form == "long1" and len(b) < 256:
            return bytes([self.tag, 0x81, len(b)]) + b
        if self.len_form == "long2":
            return bytes([self.tag, 0x82]) + len(b).to_bytes(2, "big") + b
        return tlv(self.tag, b)


def read_tlv(buf, at):
    tag = buf[at]
    n = buf[at + 1]
    at += 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(buf[at:at + k], "big")
        at += k
    return tag, buf[at:at + n], at + n


def parse_all(buf):
    out, at = [], 0
    while at < len(buf):
        tag, content, at = read_tlv(buf, at)
        out.append(parse_node(tag, content))
    return out


def try_parse(buf):
    try:
        nodes = parse_all(buf)
        if b"".join(n.encode() for n in nodes) == buf and nodes:
            return nodes
    except (IndexError, ValueError):
        pass
    return None


def parse_node(tag, content):
    if tag & 0x20:
        return Node(tag, children=parse_all(content))
    if tag == 0x04 and content:
        inner = try_parse(content)
        if inner is not None and len(inner) == 1:
            return Node(tag, children=inner, wrapped=True)
    if tag == 0x03 and len(content) > 1 and content[0] == 0:
        inner = try_parse(content[1:])
        if inner is not None and len(inner) == 1 and inner[0].tag == 0x30:
            return Node(tag, children=inner, wrapped=True)
    return Node(tag, content=content)


def walk(node, path=()):
    yield path, node
    for i, c in enumerate(node.children or []):
        yield from walk(c, path + (i,))


def at_path(root, path):
    n = root
    for i in path:
        n = n.children[i]
    return n


# =============================================================================== mutations
def tlv_mutation(r, tbs):
    """One generic mutation of a random node of the TBS tree (in place). Returns a label."""
    nodes = list(walk(tbs))
    for _ in range(100):
        path, node = r.choice(nodes)
        kind = r.choice(["long1", "long2", "indef", "trail_byte", "trail_null", "empty", "dup", "drop",
                         "string_type", "constructed_string", "set_for_seq", "unused_bits"])
        parent = at_path(tbs, path[:-1]) if path else None
        label = "%s at %s (tag 0x%02x)" % (kind, "/".join(map(str, path)) or "tbs", node.tag)
        if kind in ("long1", "long2"):
            node.len_form = kind
            return label
        if kind == "indef":
            if node.tag & 0x20:
                node.len_form = "indef"
                return label
            continue
        if kind == "trail_byte":
            node.trailing = b"\x00"
            return label
        if kind == "trail_null":
            if node.children is not None:
                node.trailing = b"\x05\x00"
                return label
            continue
        if kind == "empty":
            if node.children is not None:
                node.children = []
                node.wrapped = False
            else:
                node.content = b""
            if node.children == [] and node.tag in (0x04, 0x03):
                node.children, node.content = None, b""
            return label
        if kind in ("dup", "drop"):
            if parent is None:
                continue
            i = path[-1]
            if kind == "dup":
                parent.children.insert(i + 1, node.copy())
            else:
                del parent.children[i]
            return label
        if kind == "string_type":
            if node.tag in STRING_TAGS:
                node.tag = r.choice([t for t in STRING_TAGS if t != node.tag])
                return label + " -> 0x%02x" % node.tag
            continue
        if kind == "constructed_string":
            if node.children is None and node.tag in STRING_TAGS + [0x04, 0x03] and node.content:
                c = node.content
                k = r.randint(0, len(c))
                chunks = [c[:k], c[k:]] if node.tag != 0x03 else [c]
                node.children = [Node(node.tag, content=x) for x in chunks if x or node.tag == 0x03]
                node.content = None
                node.tag |= 0x20
                return label
            continue
        if kind == "set_for_seq":
            if node.tag == 0x30:
                node.tag = 0x31
                return label
            continue
        if kind == "unused_bits":
            if node.tag == 0x03 and node.children is None and len(node.content) > 1:
                node.content = bytes([r.randint(1, 7)]) + node.content[1:]
                return label
            continue
    raise RuntimeError("no mutation applied")


OIDS = {
    "bc": "2.5.29.19", "ku": "2.5.29.15", "eku": "2.5.29.37", "san": "2.5.29.17", "ian": "2.5.29.18",
    "aki": "2.5.29.35", "ski": "2.5.29.14", "nc": "2.5.29.30", "cp": "2.5.29.32", "pm": "2.5.29.33",
    "pc": "2.5.29.36", "iap": "2.5.29.54", "aia": "1.3.6.1.5.5.7.1.1", "sia": "1.3.6.1.5.5.7.1.11",
    "crldp": "2.5.29.31", "freshest": "2.5.29.46", "idp": "2.5.29.28", "pkup": "2.5.29.16",
    "crlnum": "2.5.29.20", "delta": "2.5.29.27", "reason": "2.5.29.21", "certissuer": "2.5.29.29",
    "ns": "2.16.840.1.113730.1.1", "ocspnocheck": "1.3.6.1.5.5.7.48.1.5", "sda": "2.5.29.9",
}

GARBAGE = [b"", b"\x05\x00", b"\x30\x03\x02\x01", b"\x04\x01\x00", b"\x30\x00", b"\x02\x01\x05", b"\xff\xff",
           b"\x30\x02\x05\x00"]


def ext_mutations(r, is_leaf, key, issuer_key, host):
    """(extensions list, label) for one hand-written extension mutation on a v3 certificate."""
    base = base_exts(is_leaf, key, issuer_key, host)
    kind = r.choice([
        "bc_bool_len", "bc_not_bool", "bc_pathlen", "bc_trailing", "ku_twice", "ku_unused", "ku_empty_bits",
        "aki_order", "aki_junk_issuer", "aki_empty_serial", "aki_serial_only", "nc_indef_subtree",
        "decoded_garbage", "crit_after_value", "ext_as_set", "ext_value_constructed", "crit_bool_len",
        "san_garbage", "eku_garbage", "ski_garbage", "unknown_ext_garbage", "nc_garbage", "aia_variants",
        "crldp_variants"])
    idx = {e[0]: i for i, e in enumerate(base)}

    def put(o, crit, value):
        if o in idx:
            base[idx[o]] = (o, crit, value)
        else:
            base.append((o, crit, value))

    label = kind
    if kind == "bc_bool_len":
        v = r.choice([b"", b"\xff\xff", b"\xff\x00\x00", b"\x00\xff"])
        put(OIDS["bc"], r.random() < 0.7, seq(tlv(0x01, v)))
        label += " %s" % v.hex()
    elif kind == "bc_not_bool":
        v = r.choice([G.der_int(1), G.der_int(0), tlv(0x04, b"\xff"), tlv(0x0C, b"true")])
        put(OIDS["bc"], r.random() < 0.7, seq(v))
        label += " %s" % v.hex()
    elif kind == "bc_pathlen":
        n = r.choice([-1, -2, -5, 2 ** 31 - 1, 2 ** 31, 2 ** 32, 2 ** 63, -(2 ** 31), -(2 ** 31) - 1, 0, 1])
        crit = r.random() < 0.6
        put(OIDS["bc"], crit, seq(G.der_bool(True), G.der_int(n)))
        label += " %d %s" % (n, "critical" if crit else "non-critical")
    elif kind == "bc_trailing":
        extra = r.choice([b"\x05\x00", G.der_int(3), b"\x00"])
        put(OIDS["bc"], True, seq(G.der_bool(not is_leaf), extra))
        label += " %s" % extra.hex()
    elif kind == "ku_twice":
        inner = G.x_ku(["digitalSignature", "keyEncipherment", "keyCertSign", "cRLSign"] if not is_leaf
                       else ["digitalSignature", "keyEncipherment"])[2]
        put(OIDS["ku"], True, tlv(0x04, inner))
    elif kind == "ku_unused":
        bits = [5, 6, 0] if not is_leaf else [0, 2]
        v = G.bits_from_list(bits)
        v = v[:2] + bytes([v[2] + r.randint(1, 2)]) + v[3:] if v[2] < 6 else v[:2] + b"\x07" + v[3:]
        put(OIDS["ku"], True, v)
    elif kind == "ku_empty_bits":
        put(OIDS["ku"], True, r.choice([tlv(0x03, b""), tlv(0x03, b"\x00"), tlv(0x03, b"\x07\x00")]))
    elif kind == "aki_order":
        kid = G.key_id(issuer_key)
        parts = [tlv(0x80, kid), tlv(0xA1, tlv(0xA4, G.simple_dn(("CN", "Some Root")).der())), tlv(0x82, b"\x01")]
        r.shuffle(parts)
        if parts[0][0] == 0x80 and parts[1][0] == 0xA1:
            parts = [parts[2], parts[0], parts[1]]
        put(OIDS["aki"], False, seq(*parts))
    elif kind == "aki_junk_issuer":
        kid = G.key_id(issuer_key)
        put(OIDS["aki"], False, seq(tlv(0x80, kid), tlv(0xA1, r.choice([b"", b"\x05\x00", b"\x30\x00"])), tlv(0x82, b"\x01")))
    elif kind == "aki_empty_serial":
        put(OIDS["aki"], False, seq(tlv(0x80, G.key_id(issuer_key)), tlv(0x82, b"")))
    elif kind == "aki_serial_only":
        put(OIDS["aki"], False, seq(tlv(0x82, r.choice([b"\x01", b"\x00\x01", b"\x7f" * 9]))))
    elif kind == "nc_indef_subtree":
        put(OIDS["nc"], True, seq(tlv(0xA0, b"\x30\x80" + G.gn("dns", host.split(".", 1)[-1]) + b"\x00\x00")))
    elif kind in ("decoded_garbage", "unknown_ext_garbage"):
        name = r.choice(["ian", "sia", "aia", "crldp", "freshest", "idp", "pkup", "crlnum", "delta", "reason",
                         "certissuer", "ns", "ocspnocheck", "sda", "cp", "pm", "pc", "iap"]) \
            if kind == "decoded_garbage" else None
        o = OIDS[name] if name else "1.3.6.1.4.1.32473.5.5"
        g = r.choice(GARBAGE)
        crit = r.random() < 0.6
        put(o, crit, g)
        label += " %s %s %s" % (name or "unknown", "critical" if crit else "non-critical", g.hex())
    elif kind == "crit_after_value":
        o, crit, value = base[0]
        base[0] = ("RAW", seq(oid(o), tlv(0x04, value), G.der_bool(True)))
        label += " on %s" % o
    elif kind == "ext_as_set":
        i = r.randrange(len(base))
        o, crit, value = base[i]
        base[i] = ("RAW", tlv(0x31, oid(o) + (G.der_bool(True) if crit else b"") + tlv(0x04, value)))
        label += " on %s" % o
    elif kind == "ext_value_constructed":
        i = r.randrange(len(base))
        o, crit, value = base[i]
        k = r.randint(0, len(value))
        base[i] = ("RAW", seq(oid(o), G.der_bool(True) if crit else b"", tlv(0x24, tlv(0x04, value[:k]) + tlv(0x04, value[k:]))))
        label += " on %s" % o
    elif kind == "crit_bool_len":
        i = r.randrange(len(base))
        o, crit, value = base[i]
        base[i] = ("RAW", seq(oid(o), tlv(0x01, r.choice([b"", b"\xff\xff", b"\x01"])), tlv(0x04, value)))
        label += " on %s" % o
    elif kind == "san_garbage":
        g = r.choice([seq(), seq(tlv(0x82, b"")), seq(tlv(0x82, host.encode()), b"\x05\x00"),
                      seq(tlv(0xA2, host.encode())), seq(tlv(0x87, b"\x01\x02\x03")),
                      seq(tlv(0x82, host.encode())) + b"\x00"])
        put(OIDS["san"], r.random() < 0.3, g)
        label += " " + g.hex()
    elif kind == "eku_garbage":
        g = r.choice([seq(), seq(tlv(0x06, b"")), seq(oid(G.EKU["serverAuth"]), tlv(0x04, b"x")),
                      seq(oid(G.EKU["serverAuth"])) + b"\x00", tlv(0x31, oid(G.EKU["serverAuth"]))])
        put(OIDS["eku"], r.random() < 0.5, g)
        label += " " + g.hex()
    elif kind == "ski_garbage":
        g = r.choice([tlv(0x04, b""), seq(), tlv(0x04, b"\x01") + b"\x00", tlv(0x24, tlv(0x04, b"\x01\x02"))])
        put(OIDS["ski"], r.random() < 0.4, g)
        label += " " + g.hex()
    elif kind == "nc_garbage":
        g = r.choice([seq(), seq(tlv(0xA0, b"")), seq(tlv(0xA2, seq(G.gn("dns", "example.com")))),
                      seq(tlv(0xA0, seq(G.gn("dns", "example.com"), tlv(0x80, b"\x00")))),
                      seq(tlv(0xA0, seq(G.gn("dns", "example.com"), tlv(0x80, b"\x01"), tlv(0x81, b"\x02")))),
                      seq(tlv(0xA0, seq(G.gn("dns", "example.com")))) + b"\x00"])
        put(OIDS["nc"], r.random() < 0.7, g)
        label += " " + g.hex()
    elif kind == "aia_variants":
        ad = seq(oid("1.3.6.1.5.5.7.48.2"), tlv(0x86, b"http://ca.example.com/int.cer"))
        g = r.choice([seq(), seq(ad) + b"\x00", seq(seq(oid("1.3.6.1.5.5.7.48.2"))), seq(tlv(0x31, ad[2:])),
                      seq(seq(oid("1.3.6.1.5.5.7.48.2"), tlv(0x86, b""))), seq(ad, ad)])
        put(OIDS["aia"], r.random() < 0.5, g)
        label += " " + g.hex()
    elif kind == "crldp_variants":
        dp = seq(tlv(0xA0, tlv(0xA0, tlv(0x86, b"http://ca.example.com/crl"))))
        g = r.choice([seq(), seq(seq()), seq(dp) + b"\x00", seq(seq(tlv(0xA0, b""))), seq(tlv(0x31, dp[2:])),
                      seq(seq(tlv(0xA1, b"\x03\x02\x05\xa0")))])
        put(OIDS["crldp"], r.random() < 0.5, g)
        label += " " + g.hex()
    return base, label


def base_exts(is_leaf, key, issuer_key, host):
    if is_leaf:
        e = [("2.5.29.19", True, seq()),
             G.x_ku(G.leaf_ku_for(key)), G.x_eku(["serverAuth"]), G.x_ski(G.key_id(key)),
             G.x_aki(G.key_id(issuer_key)), G.x_san([("dns", host)])]
    else:
        e = [G.x_bc(True), G.x_ku(["keyCertSign", "cRLSign", "digitalSignature"]), G.x_ski(G.key_id(key)),
             G.x_aki(G.key_id(issuer_key))]
    e.append(("1.3.6.1.5.5.7.1.1", False,
              seq(seq(oid("1.3.6.1.5.5.7.48.2"), tlv(0x86, b"http://ca.example.com/int.cer")))))
    e.append(("2.5.29.31", False, seq(seq(tlv(0xA0, tlv(0xA0, tlv(0x86, b"http://ca.example.com/crl")))))))
    e.append(("2.5.29.32", False, seq(seq(oid("2.23.140.1.2.1")))))
    return e


def ext_bytes(e):
    if e[0] == "RAW":
        return e[1]
    return G.ext_der(e)


SPKI_OIDS = {"ecdh": "1.3.132.1.12", "ecmqv": "1.3.132.1.13", "dh": "1.2.840.113549.1.3.1",
             "x942dh": "1.2.840.10046.2.1", "x25519": "1.3.101.110", "x448": "1.3.101.111"}


def spki_mutation(r, key):
    """SubjectPublicKeyInfo with the algorithm OID of another key family."""
    name = r.choice(list(SPKI_OIDS))
    spki = G.spki(key)
    root = parse_node(spki[0], read_tlv(spki, 0)[1])
    algo = root.children[0]
    algo.children[0] = Node(0x06, content=oid(SPKI_OIDS[name])[2:])
    if name in ("x25519", "x448"):
        algo.children = algo.children[:1]
    return root.encode(), "spki oid " + name


# =============================================================================== certificates
def tbs_for(subject, key, issuer_key, issuer_dn, serial, exts_der, spki=None):
    body = tlv(0xA0, G.der_int(2)) + G.der_int(serial) + G.alg_id(G.default_alg(issuer_key)) + issuer_dn.der()
    body += seq(G.enc_time(G.T0), G.enc_time(G.T1)) + subject.der() + (spki or G.spki(key))
    if exts_der is not None:
        body += exts_der
    return seq(body)


def sign_cert(tbs, signer, presented_tbs=None):
    alg = G.default_alg(signer)
    sig = G.raw_sign(signer, alg, tbs)
    return seq(presented_tbs or tbs, G.alg_id(alg), tlv(0x03, b"\x00" + sig))


def build(ctx, mode):
    r = ctx.rng
    kinds = [ctx.pick("p256", "rsa2048", "p256") for _ in range(3)]
    rk, ik, lk = (ctx.key(k) for k in kinds)
    root = G.make_cert(ctx.ca_name("Root"), rk, None, exts=G.ca_exts(rk, None))
    host = ctx.host()
    target = ctx.pick("leaf", "int")
    int_dn = ctx.ca_name("Int")
    leaf_dn = G.simple_dn(("O", ctx.org), ("CN", host))

    def make(is_leaf, mutate):
        key, issuer_key, issuer_dn, subject = (lk, ik, int_dn, leaf_dn) if is_leaf else (ik, rk, root.subject, int_dn)
        serial = r.randint(1, 2 ** 64)
        label = None
        exts = base_exts(is_leaf, key, issuer_key, host)
        spki = None
        presented = None
        if mutate and mode == "ext":
            sub = r.random()
            if sub < 0.1 and is_leaf:
                spki, label = spki_mutation(r, key)
            elif sub < 0.16:
                label = "tbs header non-minimal, signed over " + ctx.pick("der", "presented")
            elif sub < 0.22:
                label = ctx.pick("trailing after extensions", "second [3]", "extensions outside [3]",
                                 "empty serial", "serial 00 01", "empty [3]", "empty extensions SEQUENCE")
            else:
                exts, label = ext_mutations(r, is_leaf, key, issuer_key, host)
        exts_der = tlv(0xA3, seq(*[ext_bytes(e) for e in exts]))
        if label == "trailing after extensions":
            exts_der += b"\x05\x00"
        elif label == "second [3]":
            exts_der += tlv(0xA3, seq(G.ext_der(("1.3.6.1.4.1.32473.5.6", False, b"\x05\x00"))))
        elif label == "extensions outside [3]":
            exts_der = seq(*[ext_bytes(e) for e in exts])
        elif label == "empty [3]":
            exts_der = tlv(0xA3, b"")
        elif label == "empty extensions SEQUENCE":
            exts_der = tlv(0xA3, seq())
        tbs = tbs_for(subject, key, issuer_key, issuer_dn, serial, exts_der, spki)
        if label in ("empty serial", "serial 00 01"):
            t = parse_node(tbs[0], read_tlv(tbs, 0)[1])
            t.children[1] = Node(0x02, content=b"" if label == "empty serial" else b"\x00\x01")
            tbs = t.encode()
        if label and label.startswith("tbs header non-minimal"):
            content = read_tlv(tbs, 0)[1]
            long = bytes([0x30, 0x83]) + len(content).to_bytes(3, "big") + content
            if label.endswith("der"):
                presented = long
            else:
                tbs = long
        if mutate and mode == "tlv":
            t = parse_node(tbs[0], read_tlv(tbs, 0)[1])
            label = tlv_mutation(r, t)
            tbs = t.encode()
        der = sign_cert(tbs, issuer_key, presented)
        return G.Cert(der, key, subject, [("dns", host)] if is_leaf else None, label or ""), label

    intermediate, int_label = make(False, target == "int")
    leaf, leaf_label = make(True, target == "leaf")
    route = ctx.pick("validate", "builder", w=[3, 2])
    chain = [leaf, intermediate]
    if route == "builder":
        xk = ctx.key("p256")
        chain.insert(1, G.make_cert(ctx.ca_name("Unrelated"), xk, None, exts=G.ca_exts(xk, None)))
    desc = "%s mutation on the %s: %s; route %s" % (mode, target, int_label or leaf_label, route)
    c = G.case(desc, chain, [root.pem], host, tls=ctx.pick(None, "1.2"))
    return c


CATEGORIES = [
    ("mut_tlv", lambda ctx: build(ctx, "tlv"), 3500),
    ("mut_ext", lambda ctx: build(ctx, "ext"), 2000),
]


def main():
    G.fixture_main(os.path.join(HERE, "mutation", "cases.jsonl"), SEED, CATEGORIES)


if __name__ == "__main__":
    main()
