//! Certificate policies: the findings in the case's own terms and the bounded tree. (Java's
//! verdicts on 1,300 generated policy chains are checked in `conformance.rs`; the expected
//! messages below are the ones the oracle gives for the same shapes in that fixture.)

mod common;
use common::find;

use apigw_tls::diagnose::Code;
use apigw_tls::{Case, Evaluator, TrustStore, Verdict};
use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, CustomExtension, DistinguishedName, DnType,
    IsCa, Issuer, KeyPair, KeyUsagePurpose,
};

const TIME: &str = "2026-06-01T00:00:00Z";
const PVF: &str = "Execution failed due to configuration error: PKIX path validation failed: java.security.cert.CertPathValidatorException: ";
const HOST: &str = "orders.internal.example";
const P1: &str = "1.3.6.1.4.1.9999.1";
const P2: &str = "1.3.6.1.4.1.9999.2";
const ANY: &str = "2.5.29.32.0";

// ---------------------------------------------------------------------------------------------
// DER for the policy extensions (rcgen has no builder for them)

fn tlv(tag: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    if body.len() < 0x80 {
        out.push(body.len() as u8);
    } else {
        let len = (body.len() as u32).to_be_bytes();
        let skip = len.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (4 - skip) as u8);
        out.extend_from_slice(&len[skip..]);
    }
    out.extend_from_slice(body);
    out
}

fn oid_arcs(dotted: &str) -> Vec<u64> {
    dotted.split('.').map(|a| a.parse().unwrap()).collect()
}

fn oid(dotted: &str) -> Vec<u8> {
    let arcs = oid_arcs(dotted);
    let mut body = vec![(arcs[0] * 40 + arcs[1]) as u8];
    for &a in &arcs[2..] {
        let mut enc = vec![(a & 0x7f) as u8];
        let mut v = a >> 7;
        while v > 0 {
            enc.push(0x80 | (v & 0x7f) as u8);
            v >>= 7;
        }
        enc.reverse();
        body.extend(enc);
    }
    tlv(0x06, &body)
}

fn ext(oid_dotted: &str, critical: bool, value: Vec<u8>) -> CustomExtension {
    let mut e = CustomExtension::from_oid_content(&oid_arcs(oid_dotted), value);
    e.set_criticality(critical);
    e
}

/// certificatePolicies with the given OIDs; `cps` adds a CPS-pointer qualifier to each.
fn policies(ids: &[&str], critical: bool, cps: bool) -> CustomExtension {
    let mut list = Vec::new();
    for id in ids {
        let mut info = oid(id);
        if cps {
            let q = [
                oid("1.3.6.1.5.5.7.2.1"),
                tlv(0x16, b"https://pki.example/cps"),
            ]
            .concat();
            info.extend(tlv(0x30, &tlv(0x30, &q)));
        }
        list.extend(tlv(0x30, &info));
    }
    ext("2.5.29.32", critical, tlv(0x30, &list))
}

fn require_explicit(n: u8) -> CustomExtension {
    ext("2.5.29.36", true, tlv(0x30, &tlv(0x80, &[n])))
}

fn mapping(from: &str, to: &str) -> CustomExtension {
    ext(
        "2.5.29.33",
        true,
        tlv(0x30, &tlv(0x30, &[oid(from), oid(to)].concat())),
    )
}

// ---------------------------------------------------------------------------------------------
// Chains

fn dn(cn: &str) -> DistinguishedName {
    let mut d = DistinguishedName::new();
    d.push(DnType::CommonName, cn);
    d
}

fn ca_params(cn: &str, exts: Vec<CustomExtension>) -> CertificateParams {
    let mut p = CertificateParams::default();
    p.distinguished_name = dn(cn);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p.not_before = date_time_ymd(2020, 1, 1);
    p.not_after = date_time_ymd(2040, 1, 1);
    p.custom_extensions = exts;
    p
}

/// Root → one intermediate per entry of `ints` (name, extensions) → leaf for HOST with
/// `leaf_exts`. Returns (chain leaf first, root).
fn chain(
    ints: Vec<(&str, Vec<CustomExtension>)>,
    leaf_exts: Vec<CustomExtension>,
) -> (Vec<String>, String) {
    let root_key = KeyPair::generate().unwrap();
    let root = ca_params("Policy Test Root", vec![]);
    let root_pem = root.self_signed(&root_key).unwrap().pem();
    let mut issuer = Issuer::new(root, root_key);
    let mut pems = Vec::new();
    for (cn, exts) in ints {
        let key = KeyPair::generate().unwrap();
        let p = ca_params(cn, exts);
        pems.push(p.signed_by(&key, &issuer).unwrap().pem());
        issuer = Issuer::new(p, key);
    }
    let key = KeyPair::generate().unwrap();
    let mut p = CertificateParams::new(vec![HOST.to_string()]).unwrap();
    p.distinguished_name = dn(HOST);
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p.not_before = date_time_ymd(2025, 1, 1);
    p.not_after = date_time_ymd(2030, 1, 1);
    p.custom_extensions = leaf_exts;
    pems.push(p.signed_by(&key, &issuer).unwrap().pem());
    pems.reverse();
    (pems, root_pem)
}

fn evaluate(chain: Vec<String>, root: String) -> Verdict {
    let case = Case {
        roots: Some(vec![root.into_bytes()]),
        time: Some(apigw_tls::parse_time(TIME).unwrap()),
        ..Case::new(HOST, chain.into_iter().map(String::into_bytes).collect())
    };
    let v = Evaluator::new(TrustStore::new()).evaluate(&case);
    assert!(v.error.is_none(), "{:?}", v.error);
    v
}

// ---------------------------------------------------------------------------------------------

#[test]
fn required_explicit_policy_names_the_constraint_and_the_certificate_without_policy() {
    let (pems, root) = chain(
        vec![
            ("Issuing CA 1", vec![policies(&[P1], false, false)]),
            (
                "Issuing CA 2",
                vec![policies(&[P1], false, false), require_explicit(0)],
            ),
        ],
        vec![],
    );
    let v = evaluate(pems, root);
    assert_eq!(
        v.gateway_message.as_deref(),
        Some(format!("{PVF}non-null policy tree required and policy tree is null").as_str())
    );
    let rule = v.rule.as_ref().unwrap();
    assert_eq!(rule.code, "explicit_policy_required");
    assert_eq!(
        rule.certificate.as_ref().unwrap().subject,
        format!("CN={HOST}")
    );
    let f = find(&v, Code::ExplicitPolicyRequired);
    assert!(
        f.explanation.contains(
            "`CN=Issuing CA 2` requires an explicit policy from here down (requireExplicitPolicy=0)"
        ),
        "{}",
        f.explanation
    );
    assert!(
        f.explanation.contains(&format!(
            "`CN={HOST}` asserts none of the policies in the path: `{P1}`"
        )),
        "{}",
        f.explanation
    );
    let fix = f.fix.as_deref().unwrap();
    assert!(
        fix.contains(&format!(
            "reissue `CN={HOST}` asserting one of the policies"
        )),
        "{fix}"
    );
    assert!(
        fix.contains("drop the policyConstraints requireExplicitPolicy from `CN=Issuing CA 2`"),
        "{fix}"
    );
}

#[test]
fn the_leaf_asserting_a_permitted_policy_is_accepted() {
    let (pems, root) = chain(
        vec![(
            "Issuing CA",
            vec![policies(&[P1, P2], false, false), require_explicit(0)],
        )],
        vec![policies(&[P2], false, true)],
    );
    let v = evaluate(pems, root);
    assert!(v.accepted, "{:?}", v.gateway_message);
}

#[test]
fn a_policy_the_ca_does_not_permit_is_named() {
    let (pems, root) = chain(
        vec![(
            "Issuing CA",
            vec![policies(&[P1], false, false), require_explicit(0)],
        )],
        vec![policies(&[P2], false, false)],
    );
    let v = evaluate(pems, root);
    let f = find(&v, Code::ExplicitPolicyRequired);
    assert!(
        f.explanation.contains(&format!(
            "`CN={HOST}` asserts `{P2}`, none of the policies the certificates above it permit: `{P1}`"
        )),
        "{}",
        f.explanation
    );
}

#[test]
fn critical_policies_with_qualifiers_are_rejected_unless_on_any_policy() {
    let (pems, root) = chain(
        vec![("Issuing CA", vec![policies(&[P1], true, true)])],
        vec![],
    );
    let v = evaluate(pems, root);
    assert_eq!(
        v.gateway_message.as_deref(),
        Some(format!("{PVF}critical policy qualifiers present in certificate").as_str())
    );
    let f = find(&v, Code::CriticalPolicyQualifiers);
    assert!(f.fix.as_deref().unwrap().contains("`CN=Issuing CA`"));
    // Qualifiers on anyPolicy are never examined, and non-critical ones are fine.
    let (pems, root) = chain(
        vec![("Issuing CA", vec![policies(&[ANY], true, true)])],
        vec![],
    );
    assert!(evaluate(pems, root).accepted);
}

#[test]
fn a_mapping_to_any_policy_is_refused_but_not_on_the_leaf() {
    let (pems, root) = chain(
        vec![(
            "Mapping CA",
            vec![policies(&[P1], false, false), mapping(P1, ANY)],
        )],
        vec![policies(&[P1], false, false)],
    );
    let v = evaluate(pems, root);
    assert_eq!(
        v.gateway_message.as_deref(),
        Some(format!("{PVF}encountered a subjectDomainPolicy of ANY_POLICY").as_str())
    );
    find(&v, Code::AnyPolicyMapping);
    // Mappings are not processed on the last certificate of the path.
    let (pems, root) = chain(
        vec![("Issuing CA", vec![policies(&[P1], false, false)])],
        vec![policies(&[P1], false, false), mapping(ANY, P1)],
    );
    assert!(evaluate(pems, root).accepted);
}

#[test]
fn an_exploding_policy_tree_stops_at_the_budget() {
    // Every duplicated policy OID doubles the tree at each level: 64 copies on five CAs would
    // be 64^5 ≈ 10^9 nodes for the JDK. The work budget stops it with a clear finding.
    let dup: Vec<&str> = std::iter::repeat_n(P1, 64).collect();
    let ints = (1..=5)
        .map(|i| {
            (
                ["CA 1", "CA 2", "CA 3", "CA 4", "CA 5"][i - 1],
                vec![policies(&dup, false, false)],
            )
        })
        .collect();
    let (pems, root) = chain(ints, vec![policies(&[P1], false, false)]);
    let v = evaluate(pems, root);
    assert!(!v.accepted);
    assert_eq!(v.rule.as_ref().unwrap().code, "budget_exceeded");
    let f = find(&v, Code::BudgetExceeded);
    assert!(
        f.explanation.contains("certificate-policy tree nodes"),
        "{}",
        f.explanation
    );
}
