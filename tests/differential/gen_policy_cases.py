#!/usr/bin/env python3
"""Generate the certificate-policy fixture: tests/differential/policy/cases.jsonl.

Chains whose certificates carry certificatePolicies (with qualifiers of each kind, duplicates,
anyPolicy), policyMappings (anyPolicy on either side, chains of mappings), policyConstraints
(requireExplicitPolicy, inhibitPolicyMapping, in either order, duplicated, negative, out of
Java's int range) and inhibitAnyPolicy (critical or not, -1, -2, huge), critical or not, on 1-3
intermediates (sometimes self-issued), the leaf and sometimes the root; each chain presented on
one of the JDK's routes: in order (validate as presented), shuffled or with an unrelated extra
certificate (the path builder), an intermediate as the trust anchor (its own extensions are never
processed), two versions of an intermediate, one with a policy defect (the builder must go on to
the other). Some cases add an expired certificate, a bad signature or a host mismatch on top.
The `policy_parse` category puts one malformed policy extension (empty, wrong tags, truncated,
trailing data, BER lengths, bad integers, empty qualifiers, ...) on one certificate.

The certificates are built with gen_cases.py's DER helpers and keys; the Java oracle's verdicts
are in policy/expected.jsonl (`run_oracle.sh policy` regenerates them).  Choices are
deterministic (random.Random(SEED), one sub-seed per case); keys and ECDSA signatures are not, so
the committed pair is the fixture.

usage: python3 gen_policy_cases.py [--out policy/cases.jsonl] [--seed N] [--scale F]
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_cases as G  # noqa: E402
from gen_cases import seq, tlv, oid, ext  # noqa: E402

SEED = 20261207
HERE = os.path.dirname(os.path.abspath(__file__))

POL = ["1.3.6.1.4.1.32473.7.%d" % i for i in range(1, 6)]
ANY = "2.5.29.32.0"
CABF_DV = "2.23.140.1.2.1"
OID_CP, OID_PM, OID_PC, OID_IAP = "2.5.29.32", "2.5.29.33", "2.5.29.36", "2.5.29.54"


# =============================================================================== encodings
def int_content(n):
    """Two's-complement content octets of an INTEGER (minimal)."""
    if n == 0:
        return b"\x00"
    ln = (n.bit_length() + 8) // 8 if n > 0 else ((-n - 1).bit_length() + 8) // 8
    return n.to_bytes(ln, "big", signed=True)


def q_cps():
    return seq(oid("1.3.6.1.5.5.7.2.1"), tlv(0x16, b"https://pki.example.com/cps"))


def q_notice_text():
    return seq(oid("1.3.6.1.5.5.7.2.2"), seq(tlv(0x0C, "Explicit text for relying parties".encode())))


def q_notice_ref():
    return seq(oid("1.3.6.1.5.5.7.2.2"),
               seq(seq(tlv(0x0C, b"Example Org"), seq(G.der_int(1), G.der_int(2))), tlv(0x1A, b"visible")))


def q_unknown():
    return seq(oid("1.3.6.1.4.1.32473.8.1"), tlv(0x04, b"opaque"))


def q_oid_only():
    return seq(oid("1.3.6.1.5.5.7.2.1"))


QUALIFIERS = [q_cps, q_notice_text, q_notice_ref, q_unknown, q_oid_only]


def policy_info(pid, quals=()):
    body = oid(pid)
    if quals:
        body += seq(*quals)
    return seq(body)


def x_cp(policies, crit):
    """policies: list of (oid, [qualifier DER])."""
    return ext(OID_CP, crit, seq(*[policy_info(p, q) for p, q in policies]))


def x_pm(pairs, crit):
    return ext(OID_PM, crit, seq(*[seq(oid(a), oid(b)) for a, b in pairs]))


def x_pc(require=None, inhibit=None, crit=True, inhibit_first=False):
    items = []
    if require is not None:
        items.append(tlv(0x80, int_content(require)))
    if inhibit is not None:
        items.append(tlv(0x81, int_content(inhibit)))
    if inhibit_first:
        items.reverse()
    return ext(OID_PC, crit, seq(*items))


def x_iap(n, crit=True):
    return ext(OID_IAP, crit, tlv(0x02, int_content(n)))


def java_int_range_ok(exts):
    """False when a policyConstraints / inhibitAnyPolicy INTEGER is outside what the JDK reads
    (Java's int; inhibitAnyPolicy below -1): the JDK
    cannot parse such a certificate when the extension is critical, so it must not be a trust
    anchor (the oracle would fail to load its trust store)."""
    for o, crit, value in exts:
        if o == OID_PC and value[:1] == b"\x30":
            i, body = 2, value[2:]
            while len(body) >= 2 and body[1] < 0x80:
                n = body[1]
                if n > 4:
                    return False
                body = body[2 + n:]
        if o == OID_IAP and crit and len(value) >= 2:
            if value[1] > 4 or int.from_bytes(value[2:], "big", signed=True) < -1:
                return False
    return True


def describe_exts(exts):
    out = []
    for o, crit, value in exts:
        name = {OID_CP: "CP", OID_PM: "PM", OID_PC: "PC", OID_IAP: "IAP"}.get(o)
        if name:
            out.append("%s%s:%s" % (name, "!" if crit else "", value.hex()[:48]))
    return " ".join(out)


# =============================================================================== random configs
EDGE_INTS = [-1, -2, -7, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 1000, 2 ** 40]


def rand_policy_list(r, pool=None):
    pool = pool or POL[:3]
    n = r.choice([1, 1, 1, 2, 2, 3])
    out = []
    for _ in range(n):
        pid = r.choices(pool + [ANY, CABF_DV, POL[3]], weights=[4] * len(pool) + [4, 1, 1])[0]
        quals = []
        if r.random() < 0.22:
            quals = [f() for f in r.sample(QUALIFIERS, r.randint(1, 2))]
        out.append((pid, quals))
    if r.random() < 0.08:
        out.append(out[0])           # a duplicated policy OID
    return out


def rand_small_or_edge(r, small, p_edge=0.12):
    return r.choice(EDGE_INTS) if r.random() < p_edge else r.choice(small)


def rand_ca_policy_exts(r, role):
    """Policy extensions for a CA certificate (role: 'root' or 'int')."""
    e = []
    if r.random() < (0.75 if role == "int" else 0.5):
        e.append(x_cp(rand_policy_list(r), r.random() < 0.3))
    if r.random() < 0.3:
        pairs = []
        for _ in range(r.choice([1, 1, 2, 3])):
            a = r.choice(POL[:4] + [ANY] * (1 if r.random() < 0.08 else 0))
            b = r.choice(POL[:5] + [ANY] * (1 if r.random() < 0.08 else 0))
            pairs.append((a, b))
        e.append(x_pm(pairs, r.random() < 0.6))
    if r.random() < 0.35:
        req = rand_small_or_edge(r, [0, 0, 1, 2, 3]) if r.random() < 0.75 else None
        inh = rand_small_or_edge(r, [0, 0, 1, 2]) if r.random() < 0.5 or req is None else None
        e.append(x_pc(req, inh, crit=r.random() < 0.7, inhibit_first=r.random() < 0.2))
    if r.random() < 0.22:
        e.append(x_iap(rand_small_or_edge(r, [0, 0, 1, 2]), crit=r.random() < 0.85))
    r.shuffle(e)
    return e


def rand_leaf_policy_exts(r, ca_policies):
    """The leaf mostly asserts one of the policies the CAs use (or nothing, or something else)."""
    e = []
    roll = r.random()
    if roll < 0.65:
        pool = [p for p in ca_policies if p != ANY] or POL[:3]
        pols = rand_policy_list(r, pool=pool[:3])
        e.append(x_cp(pols, r.random() < 0.25))
    elif roll < 0.75:
        e.append(x_cp([(r.choice(POL), [])], False))
    if r.random() < 0.06:
        e.append(x_pm([(r.choice(POL), r.choice(POL + [ANY]))], True))
    if r.random() < 0.08:
        e.append(x_pc(r.choice([0, 1, None]), r.choice([0, None, 1]), crit=True))
    if r.random() < 0.05:
        e.append(x_iap(r.choice([0, 1]), True))
    return e


def policies_in(exts):
    """The policy OIDs the generator put in certificatePolicies (for picking leaf policies)."""
    out = []
    for o, crit, value in exts:
        if o == OID_CP:
            for pid in POL + [ANY, CABF_DV]:
                if oid(pid)[2:] in value:
                    out.append(pid)
    return out


# =============================================================================== malformed
def malformed(r, which):
    """A malformed (or oddly encoded) value for one policy extension: (value, label)."""
    P1, P2 = oid(POL[0]), oid(POL[1])
    if which == OID_CP:
        opts = [
            (b"", "empty value"),
            (tlv(0x31, policy_info(POL[0])), "SET instead of SEQUENCE"),
            (seq(), "empty SEQUENCE"),
            (seq(seq()), "empty PolicyInformation"),
            (seq(seq(P1, seq())), "empty qualifiers SEQUENCE"),
            (seq(seq(P1, tlv(0x04, b"x"))), "qualifiers not a SEQUENCE"),
            (seq(seq(tlv(0x06, b""))), "empty policy OID"),
            (seq(seq(tlv(0x06, b"\x2b\x80\x01"))), "non-minimal OID arc"),
            (seq(policy_info(POL[0])) + b"\x00", "trailing byte after the value"),
            (seq(tlv(0x04, P1)), "PolicyInformation not a SEQUENCE"),
            (seq(seq(P1, seq(q_cps()), P2)), "trailing element in PolicyInformation"),
            (seq(seq(P1, seq(tlv(0x04, b"x")))), "qualifier not a SEQUENCE"),
            (seq(seq(P1, seq(seq(tlv(0x04, b"x"))))), "qualifier id not an OID"),
            (seq(seq(P1, seq(seq()))), "empty qualifier"),
            (b"\x30\x81" + bytes([len(policy_info(POL[0]))]) + policy_info(POL[0]), "non-minimal length"),
            (b"\x30\x80" + policy_info(POL[0]) + b"\x00\x00", "indefinite length"),
            (seq(policy_info(POL[0]))[:-1], "truncated"),
            (seq(seq(P1)) + seq(seq(P2)), "two SEQUENCEs"),
            (seq(seq(oid(ANY), seq(q_cps()))), "anyPolicy with qualifiers"),
            (seq(seq(P1, seq(q_cps())), seq(P1)), "duplicate with qualifiers"),
            (tlv(0x02, b"\x01"), "an INTEGER"),
        ]
    elif which == OID_PM:
        opts = [
            (b"", "empty value"),
            (seq(), "empty SEQUENCE"),
            (seq(seq(P1)), "mapping without subjectDomainPolicy"),
            (seq(seq(P1, P2, oid(POL[2]))), "trailing element in a mapping"),
            (seq(tlv(0x31, P1 + P2)), "mapping as a SET"),
            (seq(seq(P1, tlv(0x04, b"x"))), "subjectDomainPolicy not an OID"),
            (seq(seq(P1, P2)) + b"\x05\x00", "trailing NULL"),
            (b"\x30\x80" + seq(P1, P2) + b"\x00\x00", "indefinite length"),
            (seq(seq(P1, P2))[:-2], "truncated"),
            (seq(seq(oid(ANY), P2)), "anyPolicy as issuerDomainPolicy"),
            (seq(seq(P1, oid(ANY))), "anyPolicy as subjectDomainPolicy"),
            (seq(seq(P1, P1)), "a policy mapped to itself"),
        ]
    elif which == OID_PC:
        opts = [
            (b"", "empty value"),
            (seq(), "empty SEQUENCE"),
            (seq(tlv(0x82, b"\x00")), "unknown [2] field"),
            (seq(tlv(0x80, b"\x00"), tlv(0x80, b"\x01")), "requireExplicitPolicy twice"),
            (seq(tlv(0x81, b"\x00"), tlv(0x81, b"\x00")), "inhibitPolicyMapping twice"),
            (seq(tlv(0x80, b"\xff"), tlv(0x80, b"\x00")), "requireExplicitPolicy -1 then 0"),
            (seq(tlv(0x80, b"")), "empty INTEGER"),
            (seq(tlv(0xA0, G.der_int(0))), "constructed [0]"),
            (seq(tlv(0x80, b"\x00\x00")), "non-minimal INTEGER 0"),
            (seq(tlv(0x80, b"\x80\x00\x00\x00")), "requireExplicitPolicy = Integer.MIN_VALUE"),
            (seq(tlv(0x80, b"\x00\x80\x00\x00\x00")), "requireExplicitPolicy = 2^31"),
            (seq(tlv(0x80, b"\x00")) + b"\x00", "trailing byte"),
            (tlv(0x02, b"\x00"), "an INTEGER"),
            (b"\x30\x80" + tlv(0x80, b"\x00") + b"\x00\x00", "indefinite length"),
            (seq(tlv(0x02, b"\x00")), "universal INTEGER inside"),
        ]
    else:
        opts = [
            (b"", "empty value"),
            (tlv(0x02, b""), "empty INTEGER"),
            (seq(G.der_int(0)), "a SEQUENCE"),
            (tlv(0x02, b"\x00\x00"), "non-minimal INTEGER"),
            (tlv(0x02, b"\xfe"), "-2"),
            (tlv(0x02, b"\xff"), "-1"),
            (tlv(0x02, b"\x00") + b"\x00", "trailing byte"),
            (tlv(0x02, b"\x01\x00\x00\x00\x00"), "2^32"),
            (tlv(0x0A, b"\x00"), "ENUMERATED"),
        ]
    return r.choice(opts)


# =============================================================================== cases
def leaf_with(ctx, issuer, host, pol_exts, **kw):
    return G.make_leaf(ctx, issuer, host, extra=pol_exts, kind=ctx.pick("p256", "rsa2048", "p256"), **kw)


def build(ctx, parse_mode=False):
    r = ctx.rng
    depth = ctx.pick(1, 2, 2, 3, 3)
    keys = [ctx.key(ctx.pick("p256", "p256", "rsa2048")) for _ in range(depth + 1)]
    root_pol = rand_ca_policy_exts(r, "root") if r.random() < 0.2 else []
    if not java_int_range_ok(root_pol):
        root_pol = []
    int_pols = [rand_ca_policy_exts(r, "int") for _ in range(depth)]
    self_issued_at = r.randint(1, depth) if r.random() < 0.2 else None
    host = ctx.host()
    ca_policies = policies_in(sum(int_pols, []))
    leaf_pol = rand_leaf_policy_exts(r, ca_policies)
    # Defects on top of the policy extensions.
    defect = ctx.pick(None, "expired", "bad_sig", "host", w=[82, 7, 6, 5])
    defect_at = r.randint(0, depth)          # 0 = leaf
    # One malformed policy extension (policy_parse): which certificate, which extension.
    bad = None
    if parse_mode:
        where = r.randint(0, depth)
        which = ctx.pick(OID_CP, OID_PM, OID_PC, OID_IAP, w=[4, 2, 3, 2])
        value, label = malformed(r, which)
        crit = r.random() < 0.6
        bad = (where, (which, crit, value), label)
        target = leaf_pol if where == 0 else int_pols[where - 1]
        target[:] = [e for e in target if e[0] != which] + [(which, crit, value)]

    def kw_for(pos):
        kw = {}
        if defect == "expired" and defect_at == pos:
            kw["na"] = G.NOW - G.dt.timedelta(days=3)
        if defect == "bad_sig" and defect_at == pos:
            kw["corrupt_sig"] = True
        return kw

    root = G.make_cert(ctx.ca_name("Root"), keys[0], None, exts=G.ca_exts(keys[0], None) + root_pol)
    cas = [root]
    for i in range(1, depth + 1):
        subject = cas[-1].subject if i == self_issued_at and i > 1 else ctx.ca_name("Int")
        cas.append(G.make_cert(subject, keys[i], cas[-1],
                               exts=G.ca_exts(keys[i], keys[i - 1]) + int_pols[i - 1], **kw_for(depth + 1 - i)))
    leaf = leaf_with(ctx, cas[-1], host, leaf_pol, **kw_for(0))
    case_host = host
    if defect == "host":
        case_host = ctx.host()
        if case_host == host:
            case_host = "other." + host
    ints_top_down = cas[1:]
    chain = [leaf] + ints_top_down[::-1]
    roots = [root.pem]
    route = ctx.pick("in_order", "shuffled", "int_anchor", "extra_cert", "two_paths", "with_root",
                     w=[40, 12, 14, 10, 14, 10])
    if route == "shuffled" and depth >= 2:
        mid = chain[1:]
        while mid == chain[1:]:
            r.shuffle(mid)
        chain = [leaf] + mid
    elif route == "shuffled":
        chain = [leaf, root, chain[1]]        # the root first, then the intermediate
    anchor_ok = [k for k in range(1, depth + 1)
                 if java_int_range_ok(int_pols[k - 1]) and not (bad and bad[0] == k)]
    if route == "int_anchor" and not anchor_ok:
        route = "in_order"
    if route == "int_anchor":
        k = r.choice(anchor_ok)               # cas[k] is trusted
        roots = [cas[k].pem] + ([root.pem] if r.random() < 0.3 else [])
        if r.random() < 0.5:
            chain = [leaf] + cas[k + 1:][::-1] + [cas[k]]
        else:
            chain = [leaf] + cas[k + 1:][::-1]
    elif route == "extra_cert":
        xk = ctx.key("p256")
        extra = G.make_cert(ctx.ca_name("Unrelated"), xk, None, exts=G.ca_exts(xk, None))
        chain.insert(r.randint(1, len(chain)), extra)
    elif route == "two_paths":
        # A second version of the leaf's issuer (same subject and key), with or without a
        # policy defect, so the builder has two candidates for that step.
        i = depth
        alt_pol = rand_ca_policy_exts(r, "int") if r.random() < 0.6 else \
            [x_pc(0, None, True)] if r.random() < 0.5 else []
        alt = G.make_cert(cas[i].subject, keys[i], cas[i - 1], exts=G.ca_exts(keys[i], keys[i - 1]) + alt_pol)
        pos = r.randint(1, 2)
        chain.insert(pos, alt)
    elif route == "with_root":
        chain.append(root)
    desc = "policy: depth %d%s, route %s%s; root [%s]; ints %s; leaf [%s]" % (
        depth, ", int%d self-issued" % self_issued_at if self_issued_at and self_issued_at > 1 else "",
        route, ", %s at %d" % (defect, defect_at) if defect else "",
        describe_exts(root_pol), ["[" + describe_exts(p) + "]" for p in int_pols], describe_exts(leaf_pol))
    if bad:
        desc = "policy_parse: %s %s on %s; %s" % (
            "critical" if bad[1][1] else "non-critical", bad[2],
            "leaf" if bad[0] == 0 else "int%d" % bad[0], desc)
    return G.case(desc, chain, roots, case_host)


CATEGORIES = [
    ("policy", lambda ctx: build(ctx), 1000),
    ("policy_parse", lambda ctx: build(ctx, parse_mode=True), 300),
]


def main():
    G.fixture_main(os.path.join(HERE, "policy", "cases.jsonl"), SEED, CATEGORIES)


if __name__ == "__main__":
    main()
