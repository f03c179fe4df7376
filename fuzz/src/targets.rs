//! The fuzz targets. Each takes any byte string and must return normally; the assertions are
//! invariants that hold for every input (a failing one is a bug, like a panic).

use std::collections::BTreeMap;
use std::io::Cursor;
use std::sync::OnceLock;

use apigw_tls::cert::Certificate;
use apigw_tls::general_name::parse_general_names;
use apigw_tls::hostname::{self, HostnameCn, SubjectAltName};
use apigw_tls::name::Name;
use apigw_tls::name_constraints::NameConstraints;
use apigw_tls::probe::{scan, ProbeRequest};
use apigw_tls::{batch, Evaluator};

use crate::input::{decode_hostname, ChainInput, HostnameItem};

/// The evaluator of the chain and batch targets: API Gateway's bundled trust store as the
/// default (for inputs without inline roots), the default budget.
fn evaluator() -> &'static Evaluator {
    static EVALUATOR: OnceLock<Evaluator> = OnceLock::new();
    EVALUATOR.get_or_init(|| Evaluator::new(apigw_tls::apigw::default_trust_store()))
}

/// Certificate input as a chain entry (PEM or DER), as raw DER, and the parsers a
/// certificate's fields go through (names, general names, name constraints, PEM bundles).
pub fn pem_der(data: &[u8]) {
    if let Ok(der) = apigw_tls::decode_certificate_input(data) {
        if let Ok(c) = Certificate::from_der(&der) {
            exercise_certificate(&c);
        }
    }
    if let Ok(c) = Certificate::from_der(data) {
        exercise_certificate(&c);
        // A parsed certificate re-parses from its own encoding to the same thing.
        let again = Certificate::from_der(c.der()).ok();
        assert!(
            again.as_ref() == Some(&c),
            "a parsed certificate does not re-parse"
        );
    }
    let text = String::from_utf8_lossy(data);
    for block in apigw_tls::pem_blocks(&text).into_iter().flatten() {
        let _ = Certificate::from_der(&block);
    }
    let _ = apigw_tls::pem_certificates(&text);
    if let Ok(name) = Name::from_der(data) {
        exercise_name(&name);
    }
    let _ = parse_general_names(data);
    let _ = NameConstraints::from_der(data);
}

fn exercise_certificate(c: &Certificate) {
    let _ = c.fingerprint();
    let _ = c.java_basic_constraints();
    let _ = c.is_self_issued();
    let _ = c.key_usage_bit(5);
    let _ = (c.tbs().len(), c.spki().len());
    exercise_name(&c.subject);
    exercise_name(&c.issuer);
    if let Some(sans) = &c.extensions.subject_alt_names {
        let _ = format!("{sans:?}");
    }
}

fn exercise_name(n: &Name) {
    let _ = n.to_java_string();
    let _ = n.to_rfc2253();
    let _ = n.canonical();
    let _ = n.hostname_cn();
    let _ = n.email_addresses();
    let _ = n.common_names();
    let _ = n.most_specific_common_name();
    let _ = n.is_within_subtree(n);
    for rdn in n.rdns() {
        let _ = (rdn.to_java_string(), rdn.to_rfc2253(), rdn.canonical());
        for ava in rdn.avas() {
            let _ = (
                ava.java_value_string(),
                ava.java_der(),
                ava.to_java_string(),
                ava.canonical(),
            );
        }
    }
}

/// `Evaluator::evaluate` on a case decoded from [`ChainInput`]: mutated certificates, chain
/// orders, roots and settings. Invariants: evaluating twice (the second time from the
/// evaluator's trust-store cache) gives the same verdict, and an accepted verdict is trusted,
/// hostname-matched and has no error.
pub fn evaluate_chain(data: &[u8]) {
    let Ok(case) = apigw_tls::Case::try_from(ChainInput::decode(data).to_case()) else {
        return;
    };
    let ev = evaluator();
    let v = ev.evaluate(&case);
    let again = ev.evaluate(&case);
    let json = |v: &apigw_tls::Verdict| serde_json::to_string(v).unwrap_or_default();
    assert_eq!(
        json(&v),
        json(&again),
        "verdict depends on the evaluator's cache"
    );
    if v.accepted {
        assert!(
            v.error.is_none()
                && v.trusted == Some(true)
                && v.hostname_ok == Some(true)
                && v.negotiation_ok
        );
        assert!(v.gateway_message.is_none() && v.rule.is_none());
    } else {
        assert!(
            v.gateway_message.is_some() || v.error.is_some(),
            "a rejection without a message"
        );
    }
}

/// HttpClient 4.5.2's hostname check and the helpers around it, on a host and a list of
/// subjectAltNames / CN decoded by [`decode_hostname`]. Invariant: `ok` iff no error.
pub fn hostname(data: &[u8]) {
    let (host, items) = decode_hostname(data);
    let host = String::from_utf8_lossy(&host).into_owned();
    let mut sans = Vec::new();
    let mut cn = None;
    for item in &items {
        match item {
            HostnameItem::Dns(v) => {
                let s = hostname::jdk_ia5_text(v);
                let _ = hostname::match_identity(&host, &s);
                let _ = hostname::match_dns_san(&host, &s);
                let _ = hostname::match_common_name(&host, &s);
                sans.push(SubjectAltName::Dns(s));
            }
            HostnameItem::Ip(v) => {
                let _ = hostname::jdk_ip_san_text(v);
                sans.push(SubjectAltName::Ip(v.clone()));
            }
            HostnameItem::Email(v) => sans.push(SubjectAltName::Email(
                String::from_utf8_lossy(v).into_owned(),
            )),
            HostnameItem::Other => sans.push(SubjectAltName::Other),
            HostnameItem::Cn(v) => {
                cn = Some(HostnameCn::Text(String::from_utf8_lossy(v).into_owned()))
            }
            HostnameItem::BinaryCn => cn = Some(HostnameCn::Binary),
        }
    }
    let _ = hostname::host_type(&host);
    for h in [host.clone(), hostname::verified_host(&host)] {
        let check = hostname::verify(&h, &sans, cn.as_ref());
        assert_eq!(
            check.ok,
            check.error.is_none(),
            "ok and error disagree for {h:?}"
        );
        assert_eq!(check.ok, check.matched.is_some());
    }
}

/// The JSON-lines reader: the input as one line (`parse_line`, then evaluation) and as a whole
/// batch stream (`batch::run`, one thread). Invariant: one verdict line per non-empty line.
pub fn batch_line(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(line) = batch::parse_line(text.trim()) {
        let _ = evaluator().evaluate(&line.case);
    }
    let mut out = Vec::new();
    let n = batch::run(evaluator(), Cursor::new(data), &mut out, 1).unwrap_or(usize::MAX);
    let expected = data
        .split(|&b| b == b'\n')
        .filter(|l| !String::from_utf8_lossy(l).trim().is_empty())
        .count();
    assert_eq!(
        n, expected,
        "verdict count differs from the non-empty line count"
    );
    assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), n);
}

/// The readers of `apigw-tls scan`: an OpenAPI 3 / Swagger 2 export, JSON or YAML, with
/// stage variables (one of which refers to itself), then the same text as a CloudFormation
/// template and as Terraform JSON. Invariant: every planned target is an https:// URL.
pub fn export_scan(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let vars: BTreeMap<String, String> = [
        ("host", "api.example.com"),
        ("port", "8443"),
        ("self", "${stageVariables.self}"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    if let Ok(plan) = scan::plan(&text, &vars, &ProbeRequest::default()) {
        for t in &plan.targets {
            assert!(
                t.request.url.to_ascii_lowercase().starts_with("https://"),
                "planned a non-https target"
            );
        }
        let _ = serde_json::to_string(&plan);
    }
    for line in text.lines().take(64) {
        let _ = scan::parse_stage_var(line);
    }
    // The same text as a CloudFormation template and as Terraform JSON: intrinsic functions,
    // conditions and references resolve or fail with an error, never a panic.
    if let Ok(doc) = scan::parse_document(&text) {
        let options = scan::ScanOptions {
            stage_vars: vars,
            ..scan::ScanOptions::default()
        };
        let path = std::path::Path::new("fuzz.yaml");
        for cases in [
            scan::cloudformation::read(path, &text, &doc, &options),
            scan::terraform::read(path, &text, &doc, &options),
        ]
        .into_iter()
        .flatten()
        {
            let _ = serde_json::to_string(&cases);
        }
    }
}
