//! The diagnosis layer: the real incident's three steps from files alone (certificates made
//! here with rcgen, as in the corpus), every gateway message kind of the conformance corpus
//! mapped to its specific finding, and the settings / address / warning findings.

mod common;
use common::find;

use std::collections::HashMap;
use std::path::PathBuf;

use apigw_tls::diagnose::{Code, Finding, Severity, Source};
use apigw_tls::{Case, Evaluator, TrustStore, Verdict};
use rcgen::{
    date_time_ymd, BasicConstraints, CertificateParams, DistinguishedName, DnType,
    ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose,
};
use serde_json::Value;

const NLB: &str = "nlb1-1f700f2691864826.elb.ap-northeast-1.amazonaws.com";
const SERVICE: &str = "20211114.tak1wa.com";
const TIME: &str = "2026-06-01T00:00:00Z";
const GEN: &str = "Execution failed due to configuration error: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target";

// ---------------------------------------------------------------------------------------------
// Certificates, made the way the corpus makes them

fn dn(cn: &str, o: Option<&str>) -> DistinguishedName {
    let mut d = DistinguishedName::new();
    if let Some(o) = o {
        d.push(DnType::OrganizationName, o);
    }
    d.push(DnType::CommonName, cn);
    d
}

/// A public-CA-style hierarchy: a root (the trust store) and an intermediate.
struct Ca {
    root_pem: String,
    intermediate_pem: String,
    intermediate: Issuer<'static, KeyPair>,
}

/// The root's certificate fields (its key is the caller's: a re-keyed root has other keys).
fn root_params() -> CertificateParams {
    let mut root = CertificateParams::default();
    root.distinguished_name = dn("Example Public Root CA", Some("Example Trust Services"));
    root.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    root.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    root.not_before = date_time_ymd(2020, 1, 1);
    root.not_after = date_time_ymd(2040, 1, 1);
    root
}

fn ca() -> Ca {
    let root_key = KeyPair::generate().unwrap();
    let root = root_params();
    let root_pem = root.self_signed(&root_key).unwrap().pem();
    let root_issuer = Issuer::new(root, root_key);

    let int_key = KeyPair::generate().unwrap();
    let mut int = CertificateParams::default();
    int.distinguished_name = dn("Example Public CA R1", Some("Example Trust Services"));
    int.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    int.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    int.use_authority_key_identifier_extension = true;
    int.not_before = date_time_ymd(2020, 1, 1);
    int.not_after = date_time_ymd(2035, 1, 1);
    let intermediate_pem = int.signed_by(&int_key, &root_issuer).unwrap().pem();
    Ca {
        root_pem,
        intermediate_pem,
        intermediate: Issuer::new(int, int_key),
    }
}

/// A server certificate for `names` (the first is the CN) issued by the intermediate.
fn leaf(ca: &Ca, names: &[&str], not_after: (i32, u8, u8)) -> String {
    let key = KeyPair::generate().unwrap();
    let mut p =
        CertificateParams::new(names.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
    p.distinguished_name = dn(names[0], None);
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    p.use_authority_key_identifier_extension = true;
    p.not_before = date_time_ymd(2025, 1, 1);
    p.not_after = date_time_ymd(not_after.0, not_after.1, not_after.2);
    p.signed_by(&key, &ca.intermediate).unwrap().pem()
}

/// What `openssl req -x509 -newkey … -subj /CN=<cn>` makes: a self-signed CA:TRUE certificate.
fn self_signed(cn: &str) -> String {
    let key = KeyPair::generate().unwrap();
    let mut p = CertificateParams::default();
    p.distinguished_name = dn(cn, None);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.not_before = date_time_ymd(2025, 1, 1);
    p.not_after = date_time_ymd(2030, 1, 1);
    p.self_signed(&key).unwrap().pem()
}

fn bytes(pems: Vec<String>) -> Vec<Vec<u8>> {
    pems.into_iter().map(String::into_bytes).collect()
}

fn case(chain: Vec<String>, roots: Vec<String>, url: &str) -> Case {
    Case {
        roots: Some(bytes(roots)),
        time: Some(apigw_tls::parse_time(TIME).unwrap()),
        ..Case::for_url(url, bytes(chain)).unwrap()
    }
}

fn ips(list: &[&str]) -> Option<Vec<std::net::IpAddr>> {
    Some(list.iter().map(|a| a.parse().unwrap()).collect())
}

fn evaluate(c: &Case) -> Verdict {
    let v = Evaluator::new(TrustStore::new()).evaluate(c);
    assert!(v.error.is_none(), "{:?}", v.error);
    v
}

fn codes(v: &Verdict) -> Vec<Code> {
    v.findings.iter().map(|f| f.code).collect()
}

fn errors(v: &Verdict) -> Vec<&Finding> {
    v.findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The incident, step by step

#[test]
fn incident_step1_self_signed_certificate() {
    let ca = ca();
    let c = case(
        vec![self_signed(SERVICE)],
        vec![ca.root_pem.clone()],
        &format!("https://{NLB}/"),
    );
    let v = evaluate(&c);
    assert_eq!(v.gateway_message.as_deref(), Some(GEN));
    let first = &v.findings[0];
    assert_eq!(first.code, Code::SelfSignedCertificate);
    assert_eq!(first.source, Source::GatewayMessage);
    assert_eq!(first.severity, Severity::Error);
    let fix = first.fix.as_deref().unwrap();
    assert!(fix.contains("CA in API Gateway's list"), "{fix}");
    assert!(fix.contains("ACM public certificate"), "{fix}");
    assert!(
        fix.contains("or enable insecureSkipVerification on a REST HTTP integration"),
        "{fix}"
    );
    // A public CA issues for the service's name, not for the load balancer's.
    assert!(
        fix.contains(&format!("self-signed certificate for `{SERVICE}`")),
        "{fix}"
    );
    // The URL's load-balancer name is what API Gateway would report next.
    let next = find(&v, Code::LoadBalancerNameInUrl);
    assert_eq!(next.source, Source::NextFailure);
}

#[test]
fn incident_step1_on_a_private_integration_skip_is_offered() {
    // AWS documents insecureSkipVerification for REST APIs' HTTP / HTTP_PROXY integrations,
    // which a REST private (VPC link) integration is: the fix offers it there too.
    let ca = ca();
    let mut c = case(
        vec![self_signed(SERVICE)],
        vec![ca.root_pem.clone()],
        &format!("https://{NLB}/"),
    );
    c.settings.integration = Some("rest-vpc-link".parse().unwrap());
    let v = evaluate(&c);
    let fix = find(&v, Code::SelfSignedCertificate).fix.clone().unwrap();
    assert!(fix.contains("or enable insecureSkipVerification"), "{fix}");
    assert!(!fix.contains("exists only on"), "{fix}");

    // On an HTTP API private integration it is not offered.
    c.settings.integration = Some("http-api-private".parse().unwrap());
    let v = evaluate(&c);
    let fix = find(&v, Code::SelfSignedCertificate).fix.clone().unwrap();
    assert!(
        fix.contains("exists only on REST API HTTP / HTTP_PROXY integrations"),
        "{fix}"
    );
}

#[test]
fn incident_step2_load_balancer_name_in_the_url() {
    let ca = ca();
    let mut c = case(
        vec![
            leaf(&ca, &[SERVICE], (2027, 1, 1)),
            ca.intermediate_pem.clone(),
        ],
        vec![ca.root_pem.clone()],
        &format!("https://{NLB}/"),
    );
    c.settings.integration = Some("rest-vpc-link".parse().unwrap());
    let v = evaluate(&c);
    assert_eq!(v.trusted, Some(true));
    assert_eq!(
        v.gateway_message.as_deref(),
        Some(&*format!(
            "Execution failed due to configuration error: Host name '{NLB}' does not match the certificate subject provided by the peer (CN={SERVICE})"
        ))
    );
    let first = &v.findings[0];
    assert_eq!(first.code, Code::LoadBalancerNameInUrl);
    assert_eq!(first.source, Source::GatewayMessage);
    let fix = first.fix.as_deref().unwrap();
    assert!(
        fix.contains(&format!("the certificate names `{SERVICE}`")),
        "{fix}"
    );
    assert!(
        fix.contains(&format!("use `https://{SERVICE}/` in the integration URL")),
        "{fix}"
    );
    assert!(
        fix.contains("Route 53 private hosted zone alias record"),
        "{fix}"
    );
    assert!(fix.contains("serverNameToVerify"), "{fix}");
    assert_eq!(errors(&v).len(), 1, "{:#?}", v.findings);
}

#[test]
fn incident_step2_on_an_http_api_offers_server_name_to_verify() {
    let ca = ca();
    let mut c = case(
        vec![
            leaf(&ca, &[SERVICE], (2027, 1, 1)),
            ca.intermediate_pem.clone(),
        ],
        vec![ca.root_pem.clone()],
        &format!("https://{NLB}/"),
    );
    c.settings.integration = Some("http-api-private".parse().unwrap());
    let v = evaluate(&c);
    let fix = find(&v, Code::LoadBalancerNameInUrl).fix.clone().unwrap();
    assert!(
        fix.contains(&format!(
            "set tlsConfig.serverNameToVerify to `{SERVICE}` on this HTTP API private integration"
        )),
        "{fix}"
    );

    // ... and with it set, the same URL is accepted.
    c.settings.server_name_to_verify = Some(SERVICE.into());
    let v = evaluate(&c);
    assert!(v.accepted, "{:?}", v.gateway_message);
    assert!(errors(&v).is_empty(), "{:#?}", v.findings);
}

#[test]
fn incident_step3_service_name_resolving_to_the_nlb_is_accepted() {
    let ca = ca();
    let mut c = case(
        vec![
            leaf(&ca, &[SERVICE], (2027, 1, 1)),
            ca.intermediate_pem.clone(),
        ],
        vec![ca.root_pem.clone()],
        &format!("https://{SERVICE}/"),
    );
    c.settings.integration = Some("rest-vpc-link".parse().unwrap());
    c.nlb_addresses = ips(&["10.0.1.25", "10.0.2.61"]);
    c.resolved = ips(&["10.0.2.61", "10.0.1.25"]);
    let v = evaluate(&c);
    assert!(v.accepted, "{:?}", v.gateway_message);
    assert_eq!(v.gateway_message, None);
    assert!(v.findings.is_empty(), "{:#?}", v.findings);
}

// ---------------------------------------------------------------------------------------------
// Addresses and settings

fn service_case(integration: &str) -> Case {
    let ca = ca();
    let mut c = case(
        vec![
            leaf(&ca, &[SERVICE], (2027, 1, 1)),
            ca.intermediate_pem.clone(),
        ],
        vec![ca.root_pem.clone()],
        &format!("https://{SERVICE}/api"),
    );
    c.settings.integration = Some(integration.parse().unwrap());
    c
}

#[test]
fn name_resolving_elsewhere_than_the_nlb() {
    let mut c = service_case("rest-vpc-link");
    c.nlb_addresses = ips(&["10.0.1.25"]);
    c.resolved = ips(&["203.0.113.7"]);
    let v = evaluate(&c);
    assert!(v.accepted);
    let f = find(&v, Code::ResolvesElsewhereThanNlb);
    assert_eq!(f.source, Source::ApigwTls);
    assert!(
        f.explanation.contains("API Gateway logs no such message"),
        "{}",
        f.explanation
    );
    assert!(f.fix.as_deref().unwrap().contains(SERVICE));
}

#[test]
fn name_that_does_not_resolve() {
    let mut c = service_case("rest-vpc-link");
    c.resolved = ips(&[]);
    let v = evaluate(&c);
    let f = find(&v, Code::HostDoesNotResolve);
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.source, Source::ApigwTls);
    assert!(f.fix.as_deref().unwrap().contains(SERVICE));
}

#[test]
fn public_integration_with_private_addresses() {
    let mut c = service_case("rest-http");
    c.resolved = ips(&["10.0.1.25", "fd00::5"]);
    let v = evaluate(&c);
    find(&v, Code::PublicIntegrationPrivateAddresses);
    // A public address anywhere in the answer is enough.
    c.resolved = ips(&["10.0.1.25", "198.51.100.4"]);
    assert!(!codes(&evaluate(&c)).contains(&Code::PublicIntegrationPrivateAddresses));
}

#[test]
fn ip_literal_url_host() {
    let ca = ca();
    let c = case(
        vec![
            leaf(&ca, &[SERVICE, "10.0.1.25"], (2027, 1, 1)),
            ca.intermediate_pem.clone(),
        ],
        vec![ca.root_pem],
        "https://10.0.1.25/",
    );
    let v = evaluate(&c);
    assert!(v.accepted, "{:?}", v.gateway_message);
    let f = find(&v, Code::IpLiteralHost);
    assert!(
        f.fix
            .as_deref()
            .unwrap()
            .contains(&format!("https://{SERVICE}/")),
        "{:?}",
        f.fix
    );
}

#[test]
fn settings_on_kinds_that_lack_them() {
    // REST private (VPC link) integrations are HTTP / HTTP_PROXY integrations: the setting
    // applies, under the model, and the finding cites the documentation it rests on.
    let mut c = service_case("rest-vpc-link");
    c.settings.skip_verification = true;
    let v = evaluate(&c);
    assert!(!codes(&v).contains(&Code::SkipVerificationUnsupported));
    assert!(v.skip_verification_model.is_some());
    let f = find(&v, Code::SkipVerificationModel);
    assert!(
        f.explanation
            .contains(apigw_tls::apigw::SKIP_VERIFICATION_DOC),
        "{}",
        f.explanation
    );

    let mut c = service_case("http-api-private");
    c.settings.skip_verification = true;
    let v = evaluate(&c);
    let f = find(&v, Code::SkipVerificationUnsupported);
    assert_eq!(f.severity, Severity::Error);
    assert!(
        f.explanation.contains("HTTP API private integration")
            && f.explanation
                .contains(apigw_tls::apigw::SKIP_VERIFICATION_DOC),
        "{}",
        f.explanation
    );
    // Refused on this kind: the chain is verified in full, not under the model.
    assert!(v.skip_verification_model.is_none());
    assert!(!codes(&v).contains(&Code::SkipVerificationModel));

    let mut c = service_case("rest-http");
    c.settings.skip_verification = true;
    let v = evaluate(&c);
    assert!(!codes(&v).contains(&Code::SkipVerificationUnsupported));
    find(&v, Code::SkipVerificationModel);

    let mut c = service_case("rest-vpc-link");
    c.settings.server_name_to_verify = Some(SERVICE.into());
    let f = find(&evaluate(&c), Code::ServerNameToVerifyUnsupported).clone();
    assert!(
        f.fix
            .as_deref()
            .unwrap()
            .contains(&format!("https://{SERVICE}/api")),
        "{:?}",
        f.fix
    );
}

#[test]
fn skip_verification_needs_a_root_ca() {
    // A self-signed CA:FALSE certificate (no keyCertSign): the model refuses it, in our words.
    let key = KeyPair::generate().unwrap();
    let mut p = CertificateParams::new(vec![SERVICE.to_string()]).unwrap();
    p.distinguished_name = dn(SERVICE, None);
    p.is_ca = IsCa::ExplicitNoCa;
    let pem = p.self_signed(&key).unwrap().pem();
    let mut c = case(vec![pem], vec![], &format!("https://{SERVICE}/"));
    c.settings.skip_verification = true;
    c.settings.integration = Some("rest-http".parse().unwrap());
    let v = evaluate(&c);
    assert!(!v.accepted);
    let f = &v.findings[0];
    assert_eq!(f.code, Code::SkipVerificationNoRootCa);
    assert_eq!(f.source, Source::GatewayMessage);
    assert!(f.fix.as_deref().unwrap().contains(&format!("CN={SERVICE}")));
}

// ---------------------------------------------------------------------------------------------
// Warnings on accepted chains

#[test]
fn expiring_certificate() {
    let ca = ca();
    let c = case(
        vec![
            leaf(&ca, &[SERVICE], (2026, 6, 20)),
            ca.intermediate_pem.clone(),
        ],
        vec![ca.root_pem],
        &format!("https://{SERVICE}/"),
    );
    let v = evaluate(&c);
    assert!(v.accepted);
    let f = find(&v, Code::ExpiresSoon);
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.explanation.contains("19 days"), "{}", f.explanation);
    assert!(f.fix.as_deref().unwrap().contains(SERVICE));
}

#[test]
fn out_of_order_chain_depends_on_the_builder() {
    let ca = ca();
    let other = self_signed("Unrelated CA");
    let c = case(
        vec![
            leaf(&ca, &[SERVICE], (2027, 1, 1)),
            other,
            ca.intermediate_pem.clone(),
        ],
        vec![ca.root_pem],
        &format!("https://{SERVICE}/"),
    );
    let v = evaluate(&c);
    assert!(v.accepted, "{:?}", v.gateway_message);
    let f = find(&v, Code::DependsOnPathBuilder);
    assert!(
        f.explanation.contains("CN=Unrelated CA"),
        "{}",
        f.explanation
    );
}

#[test]
fn trusted_leaf_and_second_opinion() {
    let pem = self_signed(SERVICE);
    let c = case(vec![pem.clone()], vec![pem], &format!("https://{SERVICE}/"));
    let v = evaluate(&c);
    assert!(v.accepted);
    find(&v, Code::AcceptedAsTrustedLeaf);
    // CN-only and a trusted CA:TRUE leaf: a strict client refuses it.
    find(&v, Code::CommonNameOnly);
    let f = find(&v, Code::StrictClientRejects);
    assert!(f.explanation.contains("rustls-webpki"), "{}", f.explanation);
}

#[test]
fn findings_serialise_with_stable_codes() {
    let ca = ca();
    let c = case(
        vec![leaf(&ca, &[SERVICE], (2027, 1, 1))],
        vec![ca.root_pem.clone()],
        &format!("https://{SERVICE}/"),
    );
    let v = evaluate(&c);
    let json = serde_json::to_value(&v).unwrap();
    let f = &json["findings"][0];
    assert_eq!(f["code"], "missing_intermediate");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["source"], "gateway_message");
    assert_eq!(f["certificate"]["from"], "presented");
    assert!(f["fix"]
        .as_str()
        .unwrap()
        .contains("CN=Example Public CA R1, O=Example Trust Services"));
    // An accepted verdict without findings has no "findings" key at all (the oracle's shape).
    let ok = case(
        vec![
            leaf(&ca, &[SERVICE], (2027, 1, 1)),
            ca.intermediate_pem.clone(),
        ],
        vec![ca.root_pem.clone()],
        &format!("https://{SERVICE}/"),
    );
    let json = serde_json::to_value(evaluate(&ok)).unwrap();
    assert_eq!(json["accepted"], true);
    assert!(json.get("findings").is_none(), "{json}");
}

// ---------------------------------------------------------------------------------------------
// The builder's message, told apart when the chain goes through the builder

/// An intermediate with the right name but its own key (a stale or wrong download).
fn impostor_intermediate(not_after: (i32, u8, u8)) -> String {
    let root_issuer = Issuer::new(root_params(), KeyPair::generate().unwrap());
    let key = KeyPair::generate().unwrap();
    let mut p = CertificateParams::default();
    p.distinguished_name = dn("Example Public CA R1", Some("Example Trust Services"));
    p.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    p.not_before = date_time_ymd(2020, 1, 1);
    p.not_after = date_time_ymd(not_after.0, not_after.1, not_after.2);
    p.signed_by(&key, &root_issuer).unwrap().pem()
}

#[test]
fn builder_wrong_key_intermediate_is_named() {
    let ca = ca();
    // Out of order (an extra certificate first) so that the builder decides.
    let c = case(
        vec![
            leaf(&ca, &[SERVICE], (2027, 1, 1)),
            self_signed("Unrelated CA"),
            impostor_intermediate((2035, 1, 1)),
        ],
        vec![ca.root_pem.clone()],
        &format!("https://{SERVICE}/"),
    );
    let v = evaluate(&c);
    assert_eq!(v.gateway_message.as_deref(), Some(GEN));
    let f = &v.findings[0];
    assert_eq!(f.code, Code::WrongIssuerKey, "{:#?}", v.findings);
    assert!(
        f.fix
            .as_deref()
            .unwrap()
            .contains("CN=Example Public CA R1, O=Example Trust Services"),
        "{:?}",
        f.fix
    );
}

/// A self-signed root with the corpus root's name and a key of its own (a re-keyed root).
fn rekeyed_root() -> String {
    let key = KeyPair::generate().unwrap();
    root_params().self_signed(&key).unwrap().pem()
}

#[test]
fn validator_wrong_key_names_the_anchor_whose_failure_is_reported() {
    // Two trusted roots of the intermediate's issuer name, neither with the key that signed
    // it: PKIXValidator tries both and reports the last one's "signature check failed". The
    // finding names that anchor — the one whose key the JDK's checker held for the message
    // API Gateway logs — not one chosen again by name.
    let ca = ca();
    let c = case(
        vec![
            leaf(&ca, &[SERVICE], (2027, 1, 1)),
            impostor_intermediate((2035, 1, 1)),
        ],
        vec![ca.root_pem.clone(), rekeyed_root()],
        &format!("https://{SERVICE}/"),
    );
    let v = evaluate(&c);
    assert_eq!(
        v.gateway_message.as_deref(),
        Some("Execution failed due to configuration error: PKIX path validation failed: java.security.cert.CertPathValidatorException: signature check failed")
    );
    let f = &v.findings[0];
    assert_eq!(f.code, Code::WrongIssuerKey, "{:#?}", v.findings);
    let on = serde_json::to_value(&f.certificate).unwrap();
    assert_eq!(on["from"], "anchor", "{on}");
    assert_eq!(on["index"], 1, "{on}");
}

#[test]
fn builder_expired_intermediate_is_named() {
    let ca = ca();
    let key = KeyPair::generate().unwrap();
    let mut p = CertificateParams::default();
    p.distinguished_name = dn("Example Public CA R1", Some("Example Trust Services"));
    p.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
    p.not_before = date_time_ymd(2015, 1, 1);
    p.not_after = date_time_ymd(2021, 1, 1);
    // Same name, expired, and not even the key that signed the leaf: only the expiry is named
    // first (the builder skips an expired CA before looking at its key).
    let other_root = Issuer::new(root_params(), KeyPair::generate().unwrap());
    let expired = p.signed_by(&key, &other_root).unwrap().pem();
    let c = case(
        vec![
            leaf(&ca, &[SERVICE], (2027, 1, 1)),
            self_signed("Unrelated CA"),
            expired,
        ],
        vec![ca.root_pem.clone()],
        &format!("https://{SERVICE}/"),
    );
    let v = evaluate(&c);
    assert_eq!(v.gateway_message.as_deref(), Some(GEN));
    let f = &v.findings[0];
    assert_eq!(f.code, Code::CertificateExpired, "{:#?}", v.findings);
    assert!(
        f.fix
            .as_deref()
            .unwrap()
            .contains("CN=Example Public CA R1"),
        "{:?}",
        f.fix
    );
    assert!(f.explanation.contains("2021-01-01"), "{}", f.explanation);
}

#[test]
fn private_ca_under_api_gateways_store_mentions_unbundled_cas() {
    let ca = ca();
    let c = Case {
        time: Some(apigw_tls::parse_time(TIME).unwrap()),
        ..Case::new(
            SERVICE,
            bytes(vec![
                leaf(&ca, &[SERVICE], (2027, 1, 1)),
                ca.intermediate_pem.clone(),
                ca.root_pem.clone(),
            ]),
        )
    };
    let v = Evaluator::new(apigw_tls::apigw::default_trust_store()).evaluate(&c);
    assert_eq!(v.gateway_message.as_deref(), Some(GEN));
    let f = &v.findings[0];
    assert_eq!(f.code, Code::PrivateCa);
    assert!(
        f.fix
            .as_deref()
            .unwrap()
            .contains("CN=Example Public Root CA, O=Example Trust Services"),
        "{:?}",
        f.fix
    );
    let note = find(&v, Code::ListedCaNotBundled);
    assert_eq!(note.severity, Severity::Info);
    // Not with a store of one's own.
    let own = case(
        vec![leaf(&ca, &[SERVICE], (2027, 1, 1))],
        vec![self_signed("Other Root")],
        &format!("https://{SERVICE}/"),
    );
    assert!(!codes(&evaluate(&own)).contains(&Code::ListedCaNotBundled));
}

// ---------------------------------------------------------------------------------------------
// Every gateway message kind of the conformance corpus

fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
        .join(rel)
}

/// Every rejected corpus case: the finding that explains its message, and a string of the
/// case's own (host, or a certificate's subject) that its fix must contain.
const EXPECTED: &[(&str, Code, &str)] = &[
    (
        "good_chain_wrong_host",
        Code::HostnameMismatch,
        "www.example.org",
    ),
    (
        "self_signed",
        Code::SelfSignedCertificate,
        "api.example.com",
    ),
    (
        "self_signed_not_ca",
        Code::SelfSignedCertificate,
        "CN=api.example.com",
    ),
    (
        "private_ca",
        Code::PrivateCa,
        "CN=Private Root CA, O=Somebody Else",
    ),
    (
        "missing_intermediate",
        Code::MissingIntermediate,
        "CN=Oracle Test Intermediate CA, O=Oracle Test",
    ),
    (
        "untrusted_root_included",
        Code::PrivateCa,
        "CN=Oracle Test Root CA, O=Oracle Test",
    ),
    (
        "intermediate_wrong_key",
        Code::WrongIssuerKey,
        "CN=Oracle Test Intermediate CA, O=Oracle Test",
    ),
    ("expired_leaf", Code::CertificateExpired, "api.example.com"),
    (
        "expired_leaf_missing_intermediate",
        Code::CertificateExpired,
        "api.example.com",
    ),
    (
        "not_yet_valid_leaf",
        Code::CertificateNotYetValid,
        "api.example.com",
    ),
    (
        "expired_intermediate",
        Code::CertificateExpired,
        "CN=Oracle Test Expired Intermediate, O=Oracle Test",
    ),
    ("empty_chain", Code::EmptyChain, "api.example.com"),
    (
        "wildcard_two_labels",
        Code::HostnameMismatch,
        "a.b.example.com",
    ),
    ("wildcard_apex", Code::HostnameMismatch, "`example.com`"),
    (
        "partial_wildcard_prefix_nomatch",
        Code::HostnameMismatch,
        "bar.example.com",
    ),
    ("wildcard_double", Code::HostnameMismatch, "a.b.example.com"),
    (
        "wildcard_public_suffix_com",
        Code::WildcardPublicSuffix,
        "`example.com`",
    ),
    (
        "wildcard_public_suffix_co_uk",
        Code::WildcardPublicSuffix,
        "example.co.uk",
    ),
    (
        "wildcard_star_only_dotted",
        Code::HostOnlyInCommonName,
        "api.example.com",
    ),
    ("trailing_dot_host", Code::TrailingDot, "api.example.com"),
    ("trailing_dot_san", Code::TrailingDot, "api.example.com"),
    (
        "cn_only_mismatch",
        Code::HostnameMismatch,
        "other.example.com",
    ),
    (
        "cn_only_uppercase_host",
        Code::CommonNameCase,
        "api.example.com",
    ),
    (
        "cn_only_nlb_host",
        Code::LoadBalancerNameInUrl,
        "20211114.tak1wa.com",
    ),
    (
        "san_present_only_cn_matches",
        Code::HostOnlyInCommonName,
        "api.example.com",
    ),
    ("no_cn_no_san", Code::NoHostIdentity, "api.example.com"),
    (
        "ip_host_ip_san_mismatch",
        Code::HostnameMismatch,
        "10.0.0.5",
    ),
    (
        "ip_host_dns_san_with_ip_string",
        Code::HostnameMismatch,
        "10.0.0.5",
    ),
    ("ipv6_host_mismatch", Code::HostnameMismatch, "2001:db8::2"),
    ("ipv4_mapped_ipv6", Code::HostnameMismatch, "10.0.0.5"),
    (
        "eku_client_auth_only",
        Code::LeafEkuNotServerAuth,
        "api.example.com",
    ),
    (
        "ku_keyencipherment_only",
        Code::LeafKeyUsageNoDigitalSignature,
        "api.example.com",
    ),
    (
        "ku_digitalsignature_only_rsa_kx",
        Code::LeafKeyUsageNoKeyEncipherment,
        "api.example.com",
    ),
    (
        "ku_keycertsign_only",
        Code::LeafKeyUsageNoDigitalSignature,
        "api.example.com",
    ),
    (
        "intermediate_ca_false",
        Code::IntermediateNotCa,
        "CN=Oracle Test Not-a-CA Intermediate, O=Oracle Test",
    ),
    (
        "intermediate_no_basic_constraints",
        Code::IntermediateNotCa,
        "CN=Oracle Test No-BC Intermediate, O=Oracle Test",
    ),
    (
        "intermediate_ku_without_keycertsign",
        Code::CaWithoutKeyCertSign,
        "CN=Oracle Test No-keyCertSign Intermediate, O=Oracle Test",
    ),
    (
        "pathlen_violation",
        Code::PathLengthExceeded,
        "CN=Oracle Test PathLen0 Intermediate, O=Oracle Test",
    ),
    (
        "name_constraints_violated",
        Code::NameConstraintsViolated,
        "CN=Oracle Test NC Intermediate, O=Oracle Test",
    ),
    (
        "name_constraints_excluded",
        Code::NameConstraintsViolated,
        "x.bad.example.com",
    ),
    (
        "md5_leaf",
        Code::DisabledSignatureAlgorithm,
        "CN=api.example.com",
    ),
    (
        "md5_leaf_tls12",
        Code::DisabledSignatureAlgorithm,
        "CN=api.example.com",
    ),
    (
        "sha224_leaf_tls13",
        Code::SignatureAlgorithmNotOffered,
        "CN=api.example.com",
    ),
    ("leaf_key_rsa512", Code::KeyTooSmall, "CN=api.example.com"),
    (
        "leaf_key_p224",
        Code::UnsupportedLeafCurve,
        "api.example.com",
    ),
    (
        "leaf_key_k256",
        Code::UnsupportedLeafCurve,
        "api.example.com",
    ),
    (
        "chain_all_k256",
        Code::UnsupportedLeafCurve,
        "api.example.com",
    ),
    (
        "v1_intermediate",
        Code::IntermediateNotCa,
        "CN=Oracle Test V1 Intermediate, O=Oracle Test",
    ),
    (
        "critical_unknown_ext_leaf",
        Code::UnrecognizedCriticalExtension,
        "CN=api.example.com",
    ),
    (
        "critical_unknown_ext_intermediate",
        Code::UnrecognizedCriticalExtension,
        "CN=Oracle Test CritExt Intermediate, O=Oracle Test",
    ),
    (
        "duplicate_extension_leaf",
        Code::UnparseableCertificate,
        "api.example.com",
    ),
    (
        "root_not_ca",
        Code::TrustAnchorNotCa,
        "CN=Oracle Test Root without CA flag, O=Oracle Test",
    ),
    (
        "skip_self_signed_wrong_host",
        Code::HostnameMismatch,
        "www.example.org",
    ),
    (
        "skip_self_signed_expired",
        Code::CertificateExpired,
        "api.example.com",
    ),
];

fn corpus() -> Vec<(Value, Verdict, Value)> {
    let cases = std::fs::read_to_string(data("conformance/basic.jsonl")).expect("corpus");
    let expected: HashMap<String, Value> =
        std::fs::read_to_string(data("conformance/basic.expected.jsonl"))
            .expect("expected")
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                let v: Value = serde_json::from_str(l).unwrap();
                (v["id"].as_str().unwrap().to_string(), v)
            })
            .collect();
    let evaluator = Evaluator::new(TrustStore::new());
    cases
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let raw: Value = serde_json::from_str(l).unwrap();
            let v = apigw_tls::batch::evaluate_line(&evaluator, l);
            let e = expected[raw["id"].as_str().unwrap()].clone();
            (raw, v, e)
        })
        .collect()
}

#[test]
fn every_corpus_rejection_has_its_specific_finding() {
    let table: HashMap<&str, (Code, &str)> =
        EXPECTED.iter().map(|(id, c, n)| (*id, (*c, *n))).collect();
    let mut seen = 0;
    for (raw, v, e) in corpus() {
        let id = raw["id"].as_str().unwrap();
        // The diagnosis explains Java's message: the verdicts must agree first.
        assert_eq!(
            v.gateway_message.as_deref(),
            e["gateway_message"].as_str(),
            "{id}"
        );
        if e["gateway_message"].is_null() {
            assert!(
                v.findings.iter().all(|f| f.severity != Severity::Error),
                "{id}: an accepted case has error findings: {:#?}",
                v.findings
            );
            continue;
        }
        let (code, needle) = table
            .get(id)
            .unwrap_or_else(|| panic!("{id}: rejected corpus case missing from EXPECTED"));
        seen += 1;
        let first = v
            .findings
            .first()
            .unwrap_or_else(|| panic!("{id}: no finding"));
        assert_eq!(first.code, *code, "{id}: {:#?}", v.findings);
        assert_eq!(first.source, Source::GatewayMessage, "{id}");
        assert_eq!(first.severity, Severity::Error, "{id}");
        assert!(
            !first.title.is_empty() && !first.explanation.is_empty(),
            "{id}"
        );
        let fix = first
            .fix
            .as_deref()
            .unwrap_or_else(|| panic!("{id}: no fix"));
        assert!(
            fix.contains(needle),
            "{id}: fix does not name {needle:?}: {fix}"
        );
        // The needle is the case's own: its host or a subject of its chain or roots.
        let host = raw["host"].as_str().unwrap_or_default();
        let own = host.contains(needle.trim_matches('`'))
            || raw.to_string().contains(needle.trim_matches('`'))
            || v.rule
                .as_ref()
                .and_then(|r| r.certificate.as_ref())
                .is_some_and(|c| c.subject.contains(needle));
        assert!(
            own || needle.contains("CN="),
            "{id}: {needle} is not from the case"
        );
    }
    assert_eq!(
        seen,
        EXPECTED.len(),
        "EXPECTED lists a case the corpus does not reject"
    );
}

#[test]
fn every_distinct_gateway_message_kind_maps_to_a_specific_code() {
    // The message kind: the gateway message with the case's own names cut off.
    fn kind(m: &str) -> String {
        let m = m.trim_start_matches("Execution failed due to configuration error: ");
        for cut in [
            "Host name '",
            "TrustAnchor with subject",
            "keysize limits",
            "signature algorithm:",
            "NotAfter:",
        ] {
            if let Some(i) = m.find(cut) {
                return m[..i + cut.len()].to_string();
            }
        }
        m.to_string()
    }
    let mut kinds: HashMap<String, Vec<Code>> = HashMap::new();
    for (_, v, _) in corpus() {
        if let (Some(m), Some(f)) = (&v.gateway_message, v.findings.first()) {
            kinds.entry(kind(m)).or_default().push(f.code);
        }
    }
    assert!(kinds.len() >= 15, "{kinds:#?}");
    for (k, codes) in &kinds {
        assert!(
            !codes.contains(&Code::NoValidPath),
            "{k}: generic finding {codes:?}"
        );
    }
    // The builder's one message is told apart into several specific causes.
    let gen = &kinds[GEN.trim_start_matches("Execution failed due to configuration error: ")];
    for c in [
        Code::SelfSignedCertificate,
        Code::PrivateCa,
        Code::MissingIntermediate,
        Code::CertificateExpired,
    ] {
        assert!(gen.contains(&c), "{c} not among {gen:?}");
    }
}

#[test]
fn the_hidden_failure_is_reported_too() {
    // expired leaf and no intermediate: both reasons behind the builder's message.
    let (_, v, _) = corpus()
        .into_iter()
        .find(|(r, _, _)| r["id"] == "expired_leaf_missing_intermediate")
        .unwrap();
    assert_eq!(
        codes(&v)[..2],
        [Code::CertificateExpired, Code::MissingIntermediate]
    );
    // a curve the client does not offer, and behind it a signature Java cannot verify.
    let (_, v, _) = corpus()
        .into_iter()
        .find(|(r, _, _)| r["id"] == "chain_all_k256")
        .unwrap();
    let next = find(&v, Code::UnsupportedIssuerCurve);
    assert_eq!(next.source, Source::NextFailure);
}

#[test]
fn warnings_on_accepted_corpus_cases() {
    let want: &[(&str, &[Code])] = &[
        (
            "sha1_leaf",
            &[Code::Sha1Signature, Code::StrictClientRejects],
        ),
        ("sha1_intermediate", &[Code::Sha1Signature]),
        ("leaf_key_rsa1024", &[Code::RsaKeyUnder2048]),
        (
            "intermediate_key_rsa1024",
            &[Code::RsaKeyUnder2048, Code::StrictClientRejects],
        ),
        (
            "cn_only_match",
            &[Code::CommonNameOnly, Code::StrictClientRejects],
        ),
        (
            "self_signed_expired_in_roots",
            &[Code::AcceptedAsTrustedLeaf],
        ),
        ("chain_out_of_order", &[Code::DependsOnPathBuilder]),
        ("extra_unrelated_cert", &[Code::DependsOnPathBuilder]),
        ("skip_private_ca_ok", &[Code::SkipVerificationModel]),
        ("ip_host_ip_san", &[Code::IpLiteralHost]),
    ];
    let corpus = corpus();
    for (id, codes_wanted) in want {
        let (_, v, _) = corpus.iter().find(|(r, _, _)| r["id"] == *id).unwrap();
        assert!(v.accepted, "{id}");
        for c in *codes_wanted {
            let f = find(v, *c);
            assert_ne!(f.severity, Severity::Error, "{id}");
            assert_eq!(f.source, Source::ApigwTls, "{id}");
        }
    }
    // A clean chain has nothing to say.
    let (_, v, _) = corpus
        .iter()
        .find(|(r, _, _)| r["id"] == "good_chain")
        .unwrap();
    assert!(v.findings.is_empty(), "{:#?}", v.findings);
}

/// JSSE's handshake limits fail the handshake before the trust manager: the verdict is the
/// JDK's exception message. Both messages (and JSSE's count of 11 for a chain of 12) were
/// confirmed with a real JDK 17.0.21 + HttpClient client (oracle `RealHandshake`) against
/// `openssl s_server`: `javax.net.ssl.SSLProtocolException: The certificate chain length (11)
/// exceeds the maximum allowed length (10)`, and `... The size of the handshake message (39469)
/// exceeds the maximum allowed size (32768)`, with no `(alert) ` prefix.
#[test]
fn chains_over_jsse_handshake_limits_fail_the_handshake() {
    let ca = ca();
    let good = vec![
        leaf(&ca, &[SERVICE], (2027, 1, 1)),
        ca.intermediate_pem.clone(),
    ];
    let url = format!("https://{SERVICE}/");
    let chain_length = "Execution failed due to configuration error: The certificate chain length (11) exceeds the maximum allowed length (10)";

    // Leaf, intermediate and 8 unrelated certificates: 10 entries, the builder accepts.
    let mut ten = good.clone();
    ten.extend((0..8).map(|i| self_signed(&format!("Unrelated CA {i}"))));
    let v = evaluate(&case(ten.clone(), vec![ca.root_pem.clone()], &url));
    assert!(v.accepted, "{:?}", v.gateway_message);
    assert!(v.negotiation_ok);
    assert!(!codes(&v).contains(&Code::ChainOverJsseLengthLimit));

    // 11 and 12 entries: JSSE stops counting at 11 whatever the length.
    for extra in [1, 2] {
        let mut long = ten.clone();
        long.extend((0..extra).map(|i| self_signed(&format!("More CA {i}"))));
        let v = evaluate(&case(long, vec![ca.root_pem.clone()], &url));
        assert!(!v.accepted);
        assert_eq!(v.gateway_message.as_deref(), Some(chain_length));
        assert!(!v.negotiation_ok);
        let rule = v.rule.as_ref().unwrap();
        assert_eq!(rule.code, "jsse_certificate_chain_length");
        assert!(rule
            .detail
            .as_deref()
            .unwrap()
            .contains(&format!("{}", 10 + extra)));
        // The trust manager would have accepted: the reference fields still say so.
        assert_eq!(v.trusted, Some(true));
        let f = find(&v, Code::ChainOverJsseLengthLimit);
        assert_eq!(f.severity, Severity::Error);
        assert_eq!(f.source, Source::GatewayMessage);
        assert!(f
            .explanation
            .contains(&format!("presents {} certificates", 10 + extra)));
        assert!(f.fix.as_deref().unwrap().contains(SERVICE));
        assert!(!codes(&v).contains(&Code::CertificateMessageOverJsseSizeLimit));
        assert!(!codes(&v).contains(&Code::UnsupportedLeafCurve));
    }

    // The limit comes before parsing: 11 entries, one of them not a certificate.
    let mut broken = ten.clone();
    broken.push("-----BEGIN CERTIFICATE-----\nMIIBAA==\n-----END CERTIFICATE-----\n".into());
    let v = evaluate(&case(broken, vec![ca.root_pem.clone()], &url));
    assert_eq!(v.gateway_message.as_deref(), Some(chain_length));
    assert_eq!(
        v.rule.as_ref().unwrap().code,
        "jsse_certificate_chain_length"
    );

    // A leaf with enough names to make the message larger than 32 KiB: the size is checked
    // first, on the body length the handshake header carries (TLS 1.3: context, list length,
    // and per entry 3 + DER + 2 bytes of extensions; TLS 1.2: list length, 3 + DER).
    let names: Vec<String> = (0..1200)
        .map(|i| format!("name-{i:04}.{SERVICE}"))
        .collect();
    let mut all: Vec<&str> = vec![SERVICE];
    all.extend(names.iter().map(String::as_str));
    let big = vec![leaf(&ca, &all, (2027, 1, 1)), ca.intermediate_pem.clone()];
    let ders: Vec<usize> = big
        .iter()
        .map(|p| apigw_tls::pem_blocks(p)[0].as_ref().unwrap().len())
        .collect();
    let size13 = 4 + ders.iter().map(|n| n + 5).sum::<usize>();
    let size12 = 3 + ders.iter().map(|n| n + 3).sum::<usize>();
    assert!(size12 > 32768);
    let v = evaluate(&case(big.clone(), vec![ca.root_pem.clone()], &url));
    assert_eq!(
        v.gateway_message.as_deref(),
        Some(format!("Execution failed due to configuration error: The size of the handshake message ({size13}) exceeds the maximum allowed size (32768)").as_str())
    );
    assert_eq!(v.rule.as_ref().unwrap().code, "jsse_handshake_message_size");
    let f = find(&v, Code::CertificateMessageOverJsseSizeLimit);
    assert_eq!(f.severity, Severity::Error);
    assert!(!codes(&v).contains(&Code::ChainOverJsseLengthLimit));
    let mut c12 = case(big.clone(), vec![ca.root_pem.clone()], &url);
    c12.tls_version = apigw_tls::TlsVersion::Tls12;
    let v = evaluate(&c12);
    assert!(v
        .gateway_message
        .as_deref()
        .unwrap()
        .contains(&format!("({size12})")));
    // What the prober measured on the wire wins over the computed size.
    let mut measured = case(good.clone(), vec![ca.root_pem.clone()], &url);
    measured.handshake.certificate_message_size = Some(40_000);
    let v = evaluate(&measured);
    assert!(v.gateway_message.as_deref().unwrap().contains("(40000)"));
    // Both limits broken: the size, read from the header, decides.
    let mut both = big;
    both.extend((0..10).map(|i| self_signed(&format!("Unrelated CA {i}"))));
    let v = evaluate(&case(both, vec![ca.root_pem.clone()], &url));
    assert_eq!(v.rule.as_ref().unwrap().code, "jsse_handshake_message_size");

    // The usual two certificates: neither.
    let v = evaluate(&case(good, vec![ca.root_pem.clone()], &url));
    assert!(v.accepted);
    assert!(!codes(&v).contains(&Code::ChainOverJsseLengthLimit));
    assert!(!codes(&v).contains(&Code::CertificateMessageOverJsseSizeLimit));
}

/// A server that requires a client certificate, as the prober records it. Java's order was
/// confirmed with RealHandshake against `openssl s_server -Verify 1`: under TLS 1.2 the
/// server's alert comes inside the handshake, before HttpClient's hostname check (a wrong host
/// still gives `Received fatal alert: handshake_failure`); under TLS 1.3 it follows the
/// handshake, so a wrong host gives the hostname message first.
#[test]
fn a_required_client_certificate_fails_unless_the_stage_presents_one() {
    use apigw_tls::case::ClientCertificateRequest;
    let ca = ca();
    let chain = vec![
        leaf(&ca, &[SERVICE], (2027, 1, 1)),
        ca.intermediate_pem.clone(),
    ];
    let with = |tls: &str, alert: Option<&str>, url: &str, presented: bool| {
        let mut c = case(chain.clone(), vec![ca.root_pem.clone()], url);
        c.tls_version = apigw_tls::TlsVersion::parse(tls).unwrap();
        c.settings.client_certificate = presented;
        c.handshake.client_certificate_request = Some(ClientCertificateRequest {
            authorities: vec!["CN=Client CA".into()],
            signature_schemes: vec![],
            refused_with: alert.map(str::to_string),
        });
        evaluate(&c)
    };
    let good = format!("https://{SERVICE}/");
    let wrong = "https://other.example.com/";
    let msg = |a: &str| {
        Some(format!(
            "Execution failed due to configuration error: Received fatal alert: {a}"
        ))
    };

    let v = with("1.3", Some("certificate_required"), &good, false);
    assert_eq!(v.gateway_message, msg("certificate_required"));
    assert_eq!(v.rule.as_ref().unwrap().code, "client_certificate_required");
    let f = find(&v, Code::ClientCertificateRequired);
    assert_eq!(f.source, Source::GatewayMessage);
    assert!(
        f.explanation.contains("`CN=Client CA`"),
        "{}",
        f.explanation
    );
    let v = with("1.2", Some("handshake_failure"), &good, false);
    assert_eq!(v.gateway_message, msg("handshake_failure"));
    // The order around the hostname check.
    let v = with("1.2", Some("handshake_failure"), wrong, false);
    assert_eq!(v.gateway_message, msg("handshake_failure"));
    let v = with("1.3", Some("certificate_required"), wrong, false);
    assert!(v
        .gateway_message
        .as_deref()
        .unwrap()
        .contains("Host name 'other.example.com'"));
    assert_eq!(
        find(&v, Code::ClientCertificateRequired).source,
        Source::NextFailure
    );
    // With the stage's certificate, or an optional request: accepted, with an info finding.
    for v in [
        with("1.3", Some("certificate_required"), &good, true),
        with("1.3", None, &good, false),
    ] {
        assert!(v.accepted, "{:?}", v.gateway_message);
        assert_eq!(
            find(&v, Code::ClientCertificateRequested).severity,
            Severity::Info
        );
        assert!(!codes(&v).contains(&Code::ClientCertificateRequired));
    }
}

// ---------------------------------------------------------------------------------------------
// The builder's dead-end detail

#[test]
fn the_builder_detail_names_the_real_dead_end() {
    // Leaf + intermediate sent, the intermediate's (private) root missing: the dead end is the
    // intermediate's issuer, not the leaf's (the intermediate was sent).
    let ca = ca();
    let c = case(
        vec![
            leaf(&ca, &[SERVICE], (2027, 1, 1)),
            ca.intermediate_pem.clone(),
        ],
        vec![self_signed("Unrelated Root")],
        &format!("https://{SERVICE}/"),
    );
    let v = evaluate(&c);
    let detail = v.rule.as_ref().and_then(|r| r.detail.clone()).unwrap();
    assert_eq!(
        detail,
        "no certificate named \"CN=Example Public Root CA, O=Example Trust Services\" (the issuer of \"CN=Example Public CA R1, O=Example Trust Services\") is in the chain or the trust store"
    );

    // Only the leaf sent: its own issuer is the dead end.
    let c = case(
        vec![leaf(&ca, &[SERVICE], (2027, 1, 1))],
        vec![self_signed("Unrelated Root")],
        &format!("https://{SERVICE}/"),
    );
    let detail = evaluate(&c).rule.and_then(|r| r.detail).unwrap();
    assert!(
        detail.starts_with("no certificate named \"CN=Example Public CA R1, O=Example Trust Services\" (the issuer of \"CN=20211114.tak1wa.com\")"),
        "{detail}"
    );
}

/// A TLS 1.2 DHE server whose ServerKeyExchange prime is under 1024 bits: JSSE's
/// `DHServerKeyExchange` consumer refuses the key (`jdk.tls.disabledAlgorithms`:
/// `DH keySize < 1024`) with "DH ServerKeyExchange does not comply to algorithm constraints"
/// — read in the JDK 17.0.21 source; OpenSSL 3 and nginx refuse to serve such a group, so no
/// real handshake confirms it. The message is thrown after the trust manager accepted the chain
/// (the Certificate message comes first) and before HttpClient's hostname check.
#[test]
fn a_small_dhe_prime_fails_after_trust_and_before_the_hostname() {
    let dh = |bits: Option<usize>, tls: apigw_tls::TlsVersion| {
        let mut c = service_case("rest-vpc-link");
        c.tls_version = tls;
        c.handshake.dh_prime_bits = bits;
        c
    };
    let v = evaluate(&dh(Some(768), apigw_tls::TlsVersion::Tls12));
    assert_eq!(
        v.gateway_message.as_deref(),
        Some("Execution failed due to configuration error: DH ServerKeyExchange does not comply to algorithm constraints")
    );
    assert_eq!(v.trusted, Some(true));
    assert!(!v.negotiation_ok);
    assert_eq!(v.rule.as_ref().unwrap().code, "dh_prime_too_small");
    assert_eq!(
        v.failure,
        Some(apigw_tls::Failure::WeakDhPrime { bits: 768 })
    );
    find(&v, Code::DhPrimeTooSmall);
    // 1024 bits is allowed; TLS 1.3 has no DHE ServerKeyExchange.
    assert!(evaluate(&dh(Some(1024), apigw_tls::TlsVersion::Tls12)).accepted);
    assert!(evaluate(&dh(Some(768), apigw_tls::TlsVersion::Tls13)).accepted);
    // The trust manager runs first: an untrusted chain gets its PKIX message.
    let mut untrusted = dh(Some(512), apigw_tls::TlsVersion::Tls12);
    untrusted.roots = Some(vec![]);
    let v = evaluate(&untrusted);
    assert!(
        v.gateway_message.as_deref().unwrap().contains("PKIX path"),
        "{:?}",
        v.gateway_message
    );
    // The hostname check comes after: a wrong host still gets the DH message.
    let mut wrong_host = dh(Some(512), apigw_tls::TlsVersion::Tls12);
    wrong_host.host = "other.example".into();
    let v = evaluate(&wrong_host);
    assert!(v
        .gateway_message
        .as_deref()
        .unwrap()
        .contains("DH ServerKeyExchange"));
    // The JSON-lines field.
    let line = r#"{"chain":[],"host":"h","tls_version":"1.2","dh_prime_bits":768}"#;
    let json: apigw_tls::CaseJson = serde_json::from_str(line).unwrap();
    assert_eq!(
        apigw_tls::Case::try_from(json)
            .unwrap()
            .handshake
            .dh_prime_bits,
        Some(768)
    );
}
