//! End-to-end tests of the live probe against real servers on 127.0.0.1: a DNS server
//! (hickory-server), TLS servers (rustls) and misbehaving servers. No traffic leaves loopback:
//! every name resolves through the local DNS server to 127.0.0.1, and IP-literal hosts are
//! redirected there with a connect-to override.

use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use apigw_tls::probe::Nameserver;
use apigw_tls::probe::{
    self, ConnectTo, DnsAnswer, DnsStatus, NonTlsProtocol, Outcome, ProbeFailure, ProbeOptions,
    ProbeRequest, Timeouts,
};
use apigw_tls::{Code, Evaluator, TrustStore};
use apigw_tls_cli::loopback::{
    DnsFault, DnsServer, Fault, Loopback, ServerVersions, TlsServer, Zone, ZoneRecord,
};

fn options(dns: SocketAddr, timeout_ms: u64) -> ProbeOptions {
    ProbeOptions {
        nameserver: Nameserver::At(dns),
        timeouts: Timeouts::uniform(Duration::from_millis(timeout_ms)),
        max_addresses: 8,
    }
}

fn evaluator() -> Evaluator {
    Evaluator::new(TrustStore::new())
}

/// A self-signed P-256 certificate for `name` and its key (PEM).
fn self_signed(name: &str) -> (String, String) {
    let key = rcgen::KeyPair::generate().unwrap();
    let cert = rcgen::CertificateParams::new(vec![name.to_string()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    (cert.pem(), key.serialize_pem())
}

/// The codes of the diagnosis findings of the report's deciding verdict.
fn verdict_codes(r: &probe::ProbeReport) -> Vec<String> {
    let v = serde_json::to_value(&r.verdict).unwrap();
    v.get("findings")
        .and_then(|f| f.as_array())
        .into_iter()
        .flatten()
        .filter_map(|f| f.get("code")?.as_str().map(str::to_string))
        .collect()
}

fn zone(origin: &str, records: Vec<ZoneRecord>) -> Zone {
    Zone {
        origin: origin.into(),
        records,
    }
}

/// A self-signed `api.example.com` served over TLS 1.2 and 1.3, and a DNS server whose
/// `example.com` zone points the name at loopback: (the certificate, TLS server, DNS server).
fn api_example_backend(lo: &Loopback) -> (String, TlsServer, DnsServer) {
    let (cert, key) = self_signed("api.example.com");
    let tls = lo
        .tls_server(std::slice::from_ref(&cert), &key, ServerVersions::Both)
        .unwrap();
    let dns = lo
        .dns_server(&[zone("example.com", vec![a("api.example.com")])])
        .unwrap();
    (cert, tls, dns)
}

fn a(name: &str) -> ZoneRecord {
    ZoneRecord::A(name.into(), Ipv4Addr::LOCALHOST)
}

#[test]
fn demo_replays_the_incident() {
    let run = apigw_tls_cli::demo::run(|_| {}).expect("demo runs as scripted");
    assert_eq!(run.steps.len(), 3);
    let s1 = &run.steps[0].report;
    assert_eq!(s1.outcome, Outcome::Rejected);
    assert_eq!(
        s1.verdict.as_ref().and_then(|v| v.gateway_message.as_deref()),
        Some("Execution failed due to configuration error: PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target")
    );
    let s2 = &run.steps[1].report;
    assert_eq!(
        s2.verdict.as_ref().and_then(|v| v.gateway_message.as_deref()),
        Some("Execution failed due to configuration error: Host name 'nlb1-1f700f2691864826.elb.ap-northeast-1.amazonaws.com' does not match the certificate subject provided by the peer (CN=20211114.tak1wa.com)")
    );
    assert!(
        verdict_codes(s2).contains(&"load_balancer_name_in_url".to_string()),
        "{:?}",
        verdict_codes(s2)
    );
    let s3 = &run.steps[2].report;
    assert_eq!(s3.outcome, Outcome::Accepted);
    let dns = s3.dns.as_ref().unwrap();
    assert_eq!(
        dns.cname_chain,
        vec!["nlb1-1f700f2691864826.elb.ap-northeast-1.amazonaws.com".to_string()]
    );
    assert_eq!(s3.sni.as_deref(), Some("20211114.tak1wa.com"));
}

#[test]
fn probes_a_name_through_the_local_dns_server() {
    let lo = Loopback::new().unwrap();
    let (cert, tls, dns) = api_example_backend(&lo);
    let mut req = ProbeRequest::new(format!(
        "https://api.example.com:{}/x",
        tls.address().port()
    ));
    req.roots = Some(vec![cert.clone().into_bytes()]);
    let report = probe::probe(&req, &options(dns.address(), 3000), &evaluator()).unwrap();
    assert_eq!(report.outcome, Outcome::Accepted, "{report:#?}");
    assert_eq!(report.connections.len(), 1);
    let c = &report.connections[0];
    assert_eq!(c.address, tls.address());
    assert_eq!(c.tls_version.as_deref(), Some("1.3"));
    assert!(c.handshake_complete);
    assert_eq!(c.chain.len(), 1);
    assert!(matches!(
        c.handshake_signature,
        Some(probe::SignatureCheck::Verified { .. })
    ));
    assert_eq!(tls.sni_seen(), vec![Some("api.example.com".to_string())]);
    // The probe's PEM is the server's certificate, byte for byte.
    let strip = |p: &str| {
        p.lines()
            .filter(|l| !l.starts_with("-----"))
            .collect::<String>()
    };
    assert_eq!(strip(&c.chain_pem()[0]), strip(&cert));
}

#[test]
fn ip_literal_skips_dns_and_sends_no_sni() {
    let lo = Loopback::new().unwrap();
    let (cert, key) = self_signed("api.example.com");
    let tls = lo.tls_server(&[cert], &key, ServerVersions::Tls12).unwrap();
    let silent_dns = lo.dns_fault_server(DnsFault::Silent).unwrap();
    let req = ProbeRequest::new(format!("https://127.0.0.1:{}/", tls.address().port()));
    let report = probe::probe(&req, &options(silent_dns, 2000), &evaluator()).unwrap();
    assert!(report.dns.is_none());
    assert_eq!(report.sni, None);
    assert_eq!(tls.sni_seen(), vec![None]);
    let c = &report.connections[0];
    assert_eq!(c.tls_version.as_deref(), Some("1.2"));
    assert_eq!(
        c.cipher_suite.as_deref(),
        Some("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")
    );
    // Said by the verdict's diagnosis (the probe's own finding is for when there is no chain).
    assert!(verdict_codes(&report).contains(&"ip_literal_host".to_string()));
    assert!(!report
        .findings
        .iter()
        .any(|f| f.code == Code::IpLiteralHost));
}

#[test]
fn connect_to_reaches_another_address_with_the_urls_name() {
    let lo = Loopback::new().unwrap();
    let (cert, key) = self_signed("api.internal.example");
    let tls = lo.tls_server(&[cert], &key, ServerVersions::Both).unwrap();
    // The URL's name does not exist; the "NLB" name does.
    let dns = lo
        .dns_server(&[zone("example", vec![a("nlb.example")])])
        .unwrap();
    let mut req = ProbeRequest::new("https://api.internal.example/");
    req.connect_to = vec![ConnectTo::parse(&format!(
        "api.internal.example:443:nlb.example:{}",
        tls.address().port()
    ))
    .unwrap()];
    let report = probe::probe(&req, &options(dns.address(), 3000), &evaluator()).unwrap();
    // The URL's name is not looked up (as curl's --connect-to): no "host not found".
    assert!(report.dns.is_none());
    assert!(report.findings.iter().all(|f| f.code != Code::HostNotFound));
    assert_eq!(
        report.connect_to_dns.as_ref().map(|d| d.status()),
        Some(DnsStatus::Resolved)
    );
    assert_eq!(report.connections.len(), 1);
    assert_eq!(report.connections[0].address, tls.address());
    assert_eq!(
        tls.sni_seen(),
        vec![Some("api.internal.example".to_string())]
    );
    assert!(!report.connections[0].chain.is_empty());
}

#[test]
fn differing_chains_are_a_finding() {
    // Two targets of one name (an NLB has one per zone). Tests reach 127.0.0.1 only, so the
    // two targets are two ports probed in turn, and the finding is computed over both.
    let lo = Loopback::new().unwrap();
    let (c1, k1) = self_signed("api.example.com");
    let (c2, k2) = self_signed("api.example.com");
    let t1 = lo.tls_server(&[c1], &k1, ServerVersions::Both).unwrap();
    let t2 = lo.tls_server(&[c2], &k2, ServerVersions::Both).unwrap();
    let dns = lo
        .dns_server(&[zone("example.com", vec![a("api.example.com")])])
        .unwrap();
    let r1 = probe::probe(
        &ProbeRequest::new(format!("https://api.example.com:{}/", t1.address().port())),
        &options(dns.address(), 3000),
        &evaluator(),
    )
    .unwrap();
    let r2 = probe::probe(
        &ProbeRequest::new(format!("https://api.example.com:{}/", t2.address().port())),
        &options(dns.address(), 3000),
        &evaluator(),
    )
    .unwrap();
    assert_ne!(r1.connections[0].chain, r2.connections[0].chain);
    let both = vec![r1.connections[0].clone(), r2.connections[0].clone()];
    let f = probe::findings::connection_findings(&both);
    assert!(f.iter().any(|x| x.code == Code::ChainsDiffer));
    assert!(probe::findings::connection_findings(&[
        r1.connections[0].clone(),
        r1.connections[0].clone()
    ])
    .is_empty());
}

#[test]
fn server_name_to_verify_is_sent_and_verified() {
    let lo = Loopback::new().unwrap();
    let (cert, key) = self_signed("api.example.com");
    let tls = lo
        .tls_server(std::slice::from_ref(&cert), &key, ServerVersions::Both)
        .unwrap();
    let nlb = "nlb1-1f700f2691864826.elb.ap-northeast-1.amazonaws.com";
    let dns = lo
        .dns_server(&[zone("elb.ap-northeast-1.amazonaws.com", vec![a(nlb)])])
        .unwrap();
    let mut req = ProbeRequest::new(format!("https://{nlb}:{}/", tls.address().port()));
    req.roots = Some(vec![cert.into_bytes()]);
    req.integration = Some(apigw_tls::Integration::HttpApiPrivate);
    let without = probe::probe(&req, &options(dns.address(), 3000), &evaluator()).unwrap();
    assert_eq!(without.outcome, Outcome::Rejected);
    assert!(
        verdict_codes(&without).contains(&"load_balancer_name_in_url".to_string()),
        "{:?}",
        verdict_codes(&without)
    );
    req.server_name_to_verify = Some("api.example.com".into());
    let with = probe::probe(&req, &options(dns.address(), 3000), &evaluator()).unwrap();
    assert_eq!(with.outcome, Outcome::Accepted, "{with:#?}");
    assert_eq!(
        tls.sni_seen(),
        vec![Some(nlb.to_string()), Some("api.example.com".to_string())]
    );
}

#[test]
fn a_server_without_the_leafs_key_is_caught_after_the_chain() {
    let lo = Loopback::new().unwrap();
    let (cert, _) = self_signed("api.example.com");
    let (_, other_key) = self_signed("api.example.com");
    let tls = lo
        .tls_server(&[cert], &other_key, ServerVersions::Both)
        .unwrap();
    let dns = lo
        .dns_server(&[zone("example.com", vec![a("api.example.com")])])
        .unwrap();
    let req = ProbeRequest::new(format!("https://api.example.com:{}/", tls.address().port()));
    let report = probe::probe(&req, &options(dns.address(), 3000), &evaluator()).unwrap();
    let c = &report.connections[0];
    assert_eq!(c.chain.len(), 1);
    assert!(!c.handshake_complete);
    assert!(
        matches!(c.error, Some(ProbeFailure::BadHandshakeSignature { .. })),
        "{c:#?}"
    );
    assert!(c.verdict.is_some());
    assert!(report
        .findings
        .iter()
        .any(|f| f.code == Code::HandshakeIncomplete));
}

#[test]
fn probe_many_bounds_concurrency_and_keeps_order() {
    let lo = Loopback::new().unwrap();
    let silent = lo.fault_server(Fault::Silent).unwrap();
    let dns = lo
        .dns_server(&[zone("example.com", vec![a("api.example.com")])])
        .unwrap();
    let reqs: Vec<ProbeRequest> = (0..4)
        .map(|i| ProbeRequest::new(format!("https://api.example.com:{}/{i}", silent.port())))
        .collect();
    let start = Instant::now();
    let mut done = 0;
    let out = probe::many::probe_many(&reqs, &options(dns.address(), 300), &evaluator(), 2, |_| {
        done += 1
    })
    .unwrap();
    let elapsed = start.elapsed();
    // Four 300 ms handshake timeouts, two at a time: at least two rounds.
    assert!(elapsed >= Duration::from_millis(600), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    assert_eq!(done, 4);
    let urls: Vec<&str> = out.iter().map(|r| r.url.as_str()).collect();
    assert_eq!(
        urls,
        reqs.iter().map(|r| r.url.as_str()).collect::<Vec<_>>()
    );
}

#[test]
fn scan_probes_the_exports_https_integrations() {
    let lo = Loopback::new().unwrap();
    let (cert, tls, dns) = api_example_backend(&lo);
    let export = format!(
        r#"{{"openapi":"3.0.1","paths":{{"/a":{{"get":{{"x-amazon-apigateway-integration":{{"type":"http_proxy","connectionType":"VPC_LINK","uri":"https://${{stageVariables.h}}:{port}/a"}}}}}},"/m":{{"get":{{"x-amazon-apigateway-integration":{{"type":"mock"}}}}}}}}}}"#,
        port = tls.address().port()
    );
    let vars = std::collections::BTreeMap::from([("h".to_string(), "api.example.com".to_string())]);
    let template = ProbeRequest {
        roots: Some(vec![cert.into_bytes()]),
        ..ProbeRequest::default()
    };
    let plan = probe::scan::plan(&export, &vars, &template).unwrap();
    assert_eq!((plan.targets.len(), plan.skipped.len()), (1, 1));
    let reqs: Vec<ProbeRequest> = plan.targets.iter().map(|t| t.request.clone()).collect();
    let out = probe::many::probe_many(
        &reqs,
        &options(dns.address(), 3000),
        &evaluator(),
        4,
        |_| {},
    )
    .unwrap();
    match &out[0].result {
        probe::many::ManyOutcome::Report(r) => {
            assert_eq!(r.outcome, Outcome::Accepted, "{r:#?}");
            assert_eq!(r.integration, Some(apigw_tls::Integration::RestVpcLink));
        }
        other => panic!("{other:?}"),
    }
}

fn probe_fault(fault: Fault, timeout_ms: u64) -> (probe::ProbeReport, Duration) {
    let lo = Loopback::new().unwrap();
    let port = lo.fault_server(fault).unwrap();
    let dns = lo
        .dns_server(&[zone("example.com", vec![a("api.example.com")])])
        .unwrap();
    let req = ProbeRequest::new(format!("https://api.example.com:{}/", port.port()));
    let start = Instant::now();
    let report = probe::probe(&req, &options(dns.address(), timeout_ms), &evaluator()).unwrap();
    (report, start.elapsed())
}

fn only_error(report: &probe::ProbeReport) -> ProbeFailure {
    assert_eq!(report.outcome, Outcome::NoChain, "{report:#?}");
    assert_eq!(report.connections.len(), 1);
    report.connections[0].error.clone().expect("an error")
}

#[test]
fn silent_port_is_bounded_by_the_timeout() {
    let (report, elapsed) = probe_fault(Fault::Silent, 700);
    assert!(matches!(
        only_error(&report),
        ProbeFailure::HandshakeTimeout {
            after_ms: 700,
            received_bytes: 0
        }
    ));
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    assert!(report
        .findings
        .iter()
        .any(|f| f.code == Code::ConnectionFailed));
}

#[test]
fn reset_port() {
    let (report, _) = probe_fault(Fault::Reset, 2000);
    assert_eq!(
        only_error(&report),
        ProbeFailure::ConnectionReset {
            during: probe::Step::Handshake
        }
    );
}

#[test]
fn plain_http_port() {
    let (report, _) = probe_fault(Fault::PlainHttp, 2000);
    assert!(matches!(
        only_error(&report),
        ProbeFailure::NotTls {
            protocol: NonTlsProtocol::Http,
            ..
        }
    ));
}

#[test]
fn closed_mid_handshake() {
    let (report, _) = probe_fault(Fault::CloseAfterHello, 2000);
    assert_eq!(
        only_error(&report),
        ProbeFailure::ClosedDuringHandshake { received_bytes: 0 }
    );
}

#[test]
fn handshake_failure_alert_and_legacy_server() {
    // A refusal the JDK meets the same way is Java's exception, with the cause the wider
    // ClientHello shows (this fault server refuses every ClientHello: cause unknown).
    let (report, _) = probe_fault(Fault::Alert(40), 2000);
    assert_eq!(report.outcome, Outcome::Rejected, "{report:#?}");
    let c = &report.connections[0];
    assert!(
        matches!(&c.error, Some(ProbeFailure::AlertReceived { alert, hint: Some(_) }) if alert == "handshake_failure")
    );
    let v = report.verdict.as_ref().unwrap();
    assert_eq!(
        v.gateway_message.as_deref(),
        Some(
            "Execution failed due to configuration error: Received fatal alert: handshake_failure"
        )
    );
    assert_eq!(v.rule.as_ref().unwrap().code, "handshake_refused");
    assert!(c.chain.is_empty());
    // A ServerHello choosing TLS 1.0 with TLS_RSA_WITH_AES_128_CBC_SHA: JSSE reads the suite
    // first. RealHandshake against the same ServerHello (a raw socket server):
    // `(illegal_parameter) Server selected improper ciphersuite TLS_RSA_WITH_AES_128_CBC_SHA`.
    let (report, _) = probe_fault(Fault::Tls10ServerHello, 2000);
    assert_eq!(report.outcome, Outcome::Rejected, "{report:#?}");
    assert!(
        matches!(
            &report.connections[0].error,
            Some(ProbeFailure::Incompatible {
                legacy_version: true,
                chosen_version: Some(v),
                ..
            }) if v == "TLSv1"
        ),
        "{report:#?}"
    );
    let v = report.verdict.as_ref().unwrap();
    assert_eq!(
        v.gateway_message.as_deref(),
        Some("Execution failed due to configuration error: Server selected improper ciphersuite TLS_RSA_WITH_AES_128_CBC_SHA")
    );
    assert_eq!(v.rule.as_ref().unwrap().code, "protocol_version_disabled");
}

#[test]
fn refused_port() {
    let lo = Loopback::new().unwrap();
    let dns = lo
        .dns_server(&[zone("example.com", vec![a("api.example.com")])])
        .unwrap();
    let port = Loopback::refused_port().unwrap();
    let req = ProbeRequest::new(format!("https://api.example.com:{}/", port.port()));
    let report = probe::probe(&req, &options(dns.address(), 2000), &evaluator()).unwrap();
    assert_eq!(only_error(&report), ProbeFailure::ConnectionRefused);
}

#[test]
fn unresolvable_and_empty_names() {
    let lo = Loopback::new().unwrap();
    let dns = lo
        .dns_server(&[zone(
            "example.com",
            vec![
                ZoneRecord::Aaaa("v6only.example.com".into(), "::1".parse().unwrap()),
                a("a.example.com"),
            ],
        )])
        .unwrap();
    let nx = probe::probe(
        &ProbeRequest::new("https://nope.example.com/"),
        &options(dns.address(), 2000),
        &evaluator(),
    )
    .unwrap();
    let d = nx.dns.as_ref().unwrap();
    assert_eq!(
        (d.status(), &d.a, &d.aaaa),
        (
            DnsStatus::NxDomain,
            &DnsAnswer::NxDomain,
            &DnsAnswer::NxDomain
        )
    );
    assert!(nx.connections.is_empty());
    assert_eq!(nx.outcome, Outcome::NoChain);
    assert!(nx.findings.iter().any(|f| f.code == Code::HostNotFound));
    // A name that exists with only an A record: the AAAA query is "no data".
    let a_only = probe::probe(
        &ProbeRequest::new("https://a.example.com:1/"),
        &options(dns.address(), 2000),
        &evaluator(),
    )
    .unwrap();
    let d = a_only.dns.as_ref().unwrap();
    assert_eq!(
        (&d.a, &d.aaaa),
        (&DnsAnswer::Answered { count: 1 }, &DnsAnswer::NoData)
    );
    // The apex exists (SOA) but has no address.
    let apex = probe::probe(
        &ProbeRequest::new("https://example.com/"),
        &options(dns.address(), 2000),
        &evaluator(),
    )
    .unwrap();
    assert_eq!(
        apex.dns.as_ref().map(|d| d.status()),
        Some(DnsStatus::NoData)
    );
    assert!(apex
        .findings
        .iter()
        .any(|f| f.code == Code::HostHasNoAddress));
}

#[test]
fn dns_server_that_never_answers_or_fails() {
    let lo = Loopback::new().unwrap();
    let silent = lo.dns_fault_server(DnsFault::Silent).unwrap();
    let start = Instant::now();
    let r = probe::probe(
        &ProbeRequest::new("https://api.example.com/"),
        &options(silent, 600),
        &evaluator(),
    )
    .unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(
        r.dns.as_ref().map(|d| d.status()),
        Some(DnsStatus::Timeout),
        "{r:#?}"
    );
    assert!(r.findings.iter().any(|f| f.code == Code::DnsTimeout));

    let servfail = lo.dns_fault_server(DnsFault::ServFail).unwrap();
    let r = probe::probe(
        &ProbeRequest::new("https://api.example.com/"),
        &options(servfail, 2000),
        &evaluator(),
    )
    .unwrap();
    assert_eq!(
        r.dns.as_ref().map(|d| d.status()),
        Some(DnsStatus::ServFail),
        "{r:#?}"
    );
    assert!(r.findings.iter().any(|f| f.code == Code::DnsServerFailure));
}

// ---------------------------------------------------------------------------------------------
// Conformance: every basic case a rustls server can serve, probed by name through the local DNS
// server; the probe's verdict must equal the offline verdict of the same case.

fn conformance_dir() -> std::path::PathBuf {
    match std::env::var_os("APIGW_TLS_CONFORMANCE_DIR") {
        Some(d) => d.into(),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance"),
    }
}

fn read_jsonl(name: &str) -> Vec<serde_json::Value> {
    let path = conformance_dir().join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn conformance_chains_served_live_match_offline_verdicts() {
    use apigw_tls::url_host;
    use apigw_tls::{Case, CaseJson};
    use std::collections::{BTreeMap, BTreeSet};

    let cases: Vec<CaseJson> = read_jsonl("basic.jsonl")
        .into_iter()
        .map(|v| serde_json::from_value(v).unwrap())
        .collect();
    let keys: BTreeMap<String, String> = read_jsonl("basic.keys.jsonl")
        .into_iter()
        .filter_map(|v| {
            Some((
                v.get("id")?.as_str()?.to_string(),
                v.get("key")?.as_str()?.to_string(),
            ))
        })
        .collect();
    let lo = Loopback::new().unwrap();
    let ev = evaluator();

    let mut skipped: BTreeMap<String, String> = BTreeMap::new();
    let mut planned = Vec::new(); // (case, request, offline case)
    let mut names = BTreeSet::new();
    for case in &cases {
        let id = case
            .id
            .as_ref()
            .and_then(|v| v.as_str())
            .unwrap_or("?")
            .to_string();
        let Some(key) = keys.get(&id) else {
            skipped.insert(
                id,
                "no key: a TLS server cannot present an empty chain".into(),
            );
            continue;
        };
        if case.auth_type.as_deref() == Some("RSA") {
            skipped.insert(
                id,
                "needs TLS_RSA key exchange, which rustls does not implement".into(),
            );
            continue;
        }
        let chain = case.chain.clone().unwrap_or_default();
        let versions = match case.tls_version.as_deref() {
            Some("1.2") => ServerVersions::Tls12,
            _ => ServerVersions::Both,
        };
        let server = match lo.tls_server(&chain, key, versions) {
            Ok(s) => s,
            Err(e) => {
                skipped.insert(id, format!("{e}"));
                continue;
            }
        };
        let port = server.address().port();
        let host = case.host.clone().unwrap();
        let ip = probe::target::parse_ip_literal(&host);
        let url_authority = match ip {
            Some(std::net::IpAddr::V6(_)) if !host.starts_with('[') => format!("[{host}]"),
            _ => host.clone(),
        };
        let url = format!("https://{url_authority}:{port}/");
        let mut req = ProbeRequest::from_case(&CaseJson {
            url: Some(url.clone()),
            ..case.clone()
        })
        .unwrap();
        if ip.is_some() {
            // The case's address is not ours: reach the local server instead.
            req.connect_to = vec![ConnectTo::parse(&format!("::127.0.0.1:{port}")).unwrap()];
        } else {
            names.insert(host.trim_end_matches('.').to_ascii_lowercase());
        }
        // The offline case as the probe expresses it: with the URL probed (a URL brackets an IPv6
        // host), so that anything derived from the URL (fix texts) is the same.
        let offline = Case::try_from(CaseJson {
            host: url_host(&url),
            url: Some(url.clone()),
            ..case.clone()
        })
        .unwrap();
        planned.push((id, req, offline, case.clone(), server));
    }
    // Each name is the apex of its own zone, so any name (localhost, example.co.uk, ...) resolves.
    let zones: Vec<Zone> = names.iter().map(|n| zone(n, vec![a(n)])).collect();
    let dns = lo.dns_server(&zones).unwrap();

    let requests: Vec<ProbeRequest> = planned.iter().map(|p| p.1.clone()).collect();
    let results =
        probe::many::probe_many(&requests, &options(dns.address(), 5000), &ev, 8, |_| {}).unwrap();
    let mut failures = Vec::new();
    let mut compared = 0;
    let mut host_bracketed = 0;
    for ((id, _req, offline_case, original, server), result) in planned.iter().zip(&results) {
        let report = match &result.result {
            probe::many::ManyOutcome::Report(r) => r,
            probe::many::ManyOutcome::Error { error } => {
                failures.push(format!("{id}: {error}"));
                continue;
            }
        };
        let Some(conn) = report.connections.first() else {
            failures.push(format!("{id}: no connection: {:?}", report.findings));
            continue;
        };
        let Some(live) = &conn.verdict else {
            failures.push(format!("{id}: no chain: {:?}", conn.error));
            continue;
        };
        if conn.chain.len() != original.chain.as_ref().map_or(0, Vec::len) {
            failures.push(format!(
                "{id}: chain of {} certificates, served {}",
                conn.chain.len(),
                original.chain.as_ref().map_or(0, Vec::len)
            ));
        }
        let offline = ev.evaluate(offline_case);
        let (l, o) = (
            serde_json::to_value(live).unwrap(),
            serde_json::to_value(&offline).unwrap(),
        );
        if l != o {
            failures.push(format!("{id}:\n  live    {l}\n  offline {o}\n  conn    tls={:?} suite={:?} sig={:?} err={:?}", conn.tls_version, conn.cipher_suite, conn.handshake_signature, conn.error));
            continue;
        }
        if Some(&offline_case.host) != original.host.as_ref() {
            host_bracketed += 1;
            // Bracketing changes only how the host is written, never the decision.
            let orig = ev.evaluate(&Case::try_from(original.clone()).unwrap());
            assert_eq!(
                (orig.accepted, &orig.gateway_message),
                (live.accepted, &live.gateway_message),
                "{id}"
            );
        }
        // SNI as the JDK sends it (a rustls server lower-cases what it receives).
        let expected_sni = probe::jdk_sni_name(original.host.as_deref().unwrap_or(""))
            .map(|s| s.to_ascii_lowercase());
        assert_eq!(
            server.sni_seen().first().cloned().flatten(),
            expected_sni,
            "{id}"
        );
        compared += 1;
    }
    eprintln!("conformance live: {compared} compared ({host_bracketed} with the IPv6 host bracketed for the URL), {} skipped:", skipped.len());
    for (id, why) in &skipped {
        eprintln!("  skip {id}: {why}");
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The corpus has 121 cases; rustls cannot serve a handful (keys AWS-LC cannot sign with).
    assert_eq!(compared + skipped.len(), cases.len());
    assert!(skipped.len() <= 10, "more cases skipped than the known ten");
    assert!(compared >= 100, "only {compared} compared");
}

#[test]
fn a_tls12_server_rustls_cannot_finish_still_shows_its_chain() {
    let lo = Loopback::new().unwrap();
    let (cert, _) = self_signed("api.example.com");
    let port = lo
        .cbc_only_tls12_server(std::slice::from_ref(&cert))
        .unwrap();
    let dns = lo
        .dns_server(&[zone("example.com", vec![a("api.example.com")])])
        .unwrap();
    let mut req = ProbeRequest::new(format!("https://api.example.com:{}/", port.port()));
    req.roots = Some(vec![cert.clone().into_bytes()]);
    let report = probe::probe(&req, &options(dns.address(), 3000), &evaluator()).unwrap();
    let c = &report.connections[0];
    assert!(
        matches!(
            &c.chain_source,
            Some(probe::ChainSource::Tls12ServerFlight {
                probe_failure: ProbeFailure::AlertReceived { .. }
            })
        ),
        "{c:#?}"
    );
    assert_eq!(
        c.cipher_suite.as_deref(),
        Some("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256")
    );
    assert_eq!(c.tls_version.as_deref(), Some("1.2"));
    assert_eq!(c.error, None);
    assert!(!c.handshake_complete);
    let strip = |p: &str| {
        p.lines()
            .filter(|l| !l.starts_with("-----"))
            .collect::<String>()
    };
    assert_eq!(
        c.chain_pem().iter().map(|p| strip(p)).collect::<Vec<_>>(),
        vec![strip(&cert)]
    );
    assert_eq!(report.outcome, Outcome::Accepted, "{report:#?}");
    assert_eq!(
        c.verdict
            .as_ref()
            .and_then(|v| v.auth_type.clone())
            .as_deref(),
        Some("ECDHE_RSA")
    );
    assert!(report
        .findings
        .iter()
        .any(|f| f.code == Code::ChainFromServerFlight));
}
