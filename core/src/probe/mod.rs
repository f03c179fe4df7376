//! The live probe (feature `probe`): resolve the integration host the way API Gateway would,
//! connect to every address, capture the chain each presents with a ClientHello shaped like the
//! JDK 17 client's, and evaluate each chain with the same pure function as offline cases.
//!
//! ```text
//!  URL ─▶ target ─▶ dns (hickory) ─▶ conn (TCP, per address) ─▶ tls (rustls, capture) ─▶ Case ─▶ evaluate ─▶ report
//!                                                                                                        └▶ findings
//! ```
//!
//! Async stays inside this module: the public entry points are blocking and build their own
//! tokio runtime. Every network step has a timeout, bytes read are bounded, the probe connects
//! only to addresses it resolved or was given, sends no HTTP request (so follows no redirect) and
//! writes nothing to disk.

#![warn(missing_docs)]

pub mod conn;
pub mod dns;
pub mod failure;
pub mod findings;
pub mod json;
pub mod kx;
pub mod legacy;
pub mod many;
pub mod scan;
pub mod target;
pub mod tls;

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant, SystemTime};

use serde::Serialize;

use crate::case::{
    url_host, ApiGatewaySettings, Case, CaseError, Handshake, Integration, TlsVersion,
};
use crate::evaluate::Evaluator;
use crate::jsonl::CaseJson;
use crate::verdict::Verdict;

pub use conn::{AddressSource, ChainSource, ConnectionReport};
pub use dns::{DnsAnswer, DnsReport, DnsStatus, Nameserver};
pub use failure::{NonTlsProtocol, ProbeFailure, Step};
pub use findings::{Code, ProbeFinding, Severity};
pub use json::{ProbeJson, ProbeJsonError};
pub use target::{jdk_sni_name, ConnectTo, Target, TargetError};
pub use tls::SignatureCheck;

/// Timeouts of the network steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// One DNS lookup (A and AAAA run in parallel).
    pub dns: Duration,
    /// One TCP connect.
    pub connect: Duration,
    /// One TLS handshake, from the ClientHello to the server's Finished.
    pub handshake: Duration,
}

impl Timeouts {
    /// The same timeout for every step.
    pub fn uniform(d: Duration) -> Timeouts {
        Timeouts {
            dns: d,
            connect: d,
            handshake: d,
        }
    }
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts::uniform(Duration::from_secs(5))
    }
}

/// How the probe reaches the network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProbeOptions {
    /// The resolver.
    pub nameserver: Nameserver,
    /// Step timeouts.
    pub timeouts: Timeouts,
    /// At most this many addresses are probed per target (an NLB has one per zone).
    pub max_addresses: usize,
}

impl Default for ProbeOptions {
    fn default() -> Self {
        ProbeOptions {
            nameserver: Nameserver::System,
            timeouts: Timeouts::default(),
            max_addresses: 8,
        }
    }
}

/// What to probe and the API Gateway settings the verdict needs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProbeRequest {
    /// The integration URL (`https://HOST[:PORT]/PATH`).
    pub url: String,
    /// Echoed in the report and in each verdict.
    pub id: Option<serde_json::Value>,
    /// HTTP API `tlsConfig.serverNameToVerify`: sent as SNI and verified instead of the host.
    pub server_name_to_verify: Option<String>,
    /// The integration kind.
    pub integration: Option<Integration>,
    /// The NLB's addresses (private integrations), for the address findings.
    pub nlb_addresses: Vec<IpAddr>,
    /// Where to connect instead of what DNS says.
    pub connect_to: Vec<ConnectTo>,
    /// REST `tlsConfig.insecureSkipVerification`.
    pub skip_verification: bool,
    /// The trust store for the verdicts (each entry DER or PEM text, as a case's `roots`);
    /// None = the evaluator's default.
    pub roots: Option<Vec<Vec<u8>>>,
    /// Validation time; None = now.
    pub time: Option<SystemTime>,
    /// API Gateway presents a client certificate to the backend (a REST API stage with one).
    pub client_certificate: bool,
}

impl ProbeRequest {
    /// A request for `url` with default settings.
    pub fn new(url: impl Into<String>) -> ProbeRequest {
        ProbeRequest {
            url: url.into(),
            ..ProbeRequest::default()
        }
    }

    /// The request a JSON-lines case describes: its `url` (or `https://<host>/`), settings,
    /// trust store and time. The case's `chain` is ignored: the server's is probed.
    pub fn from_case(case: &CaseJson) -> Result<ProbeRequest, ProbeError> {
        let bad = |e: CaseError| ProbeError::BadCase(e.to_string());
        let url = match (&case.url, &case.host) {
            (Some(u), _) => u.clone(),
            (None, Some(h)) if h.contains(':') && !h.starts_with('[') => format!("https://[{h}]/"),
            (None, Some(h)) => format!("https://{h}/"),
            (None, None) => return Err(bad(CaseError::MissingHost)),
        };
        let integration = case
            .integration
            .as_deref()
            .map(str::parse::<Integration>)
            .transpose()
            .map_err(|e| bad(e.into()))?;
        let nlb_addresses = crate::jsonl::addresses(case.nlb_addresses.clone(), "nlb_addresses")
            .map_err(bad)?
            .unwrap_or_default();
        let time = crate::jsonl::time(case.time.as_deref()).map_err(bad)?;
        Ok(ProbeRequest {
            url,
            id: case.id.clone(),
            server_name_to_verify: case.server_name_to_verify.clone(),
            integration,
            nlb_addresses,
            connect_to: vec![],
            skip_verification: case.skip_verification.unwrap_or(false),
            roots: case
                .roots
                .as_ref()
                .map(|r| r.iter().map(|e| e.clone().into_bytes()).collect()),
            time,
            client_certificate: case.client_certificate.unwrap_or(false),
        })
    }
}

/// Why a probe could not start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProbeError {
    /// The URL or a `--connect-to` value is unusable.
    #[error(transparent)]
    Target(#[from] TargetError),
    /// A JSON-lines case cannot become a request.
    #[error("{0}")]
    BadCase(String),
    /// The async runtime could not be created.
    #[error("cannot start the network runtime: {0}")]
    Runtime(String),
}

/// The probe's overall answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every address presented a chain, and every chain is accepted.
    Accepted,
    /// Every chain received is accepted, but some addresses presented none (unreachable,
    /// refused, not TLS, ...): API Gateway fails whenever it picks one of those.
    SomeAddressesFailed,
    /// At least one address presents a chain API Gateway rejects.
    Rejected,
    /// No address presented a chain (DNS or connection failures): see the findings.
    NoChain,
}

/// Everything one probe saw and decided.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProbeReport {
    /// The request's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<serde_json::Value>,
    /// The URL as parsed.
    pub target: Target,
    /// The name verified (serverNameToVerify when set, else the URL host).
    pub verified_name: String,
    /// The SNI name sent (None: the JDK sends no SNI for this name).
    pub sni: Option<String>,
    /// The integration kind, when given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub integration: Option<Integration>,
    /// The override used, when one matched.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connect_to: Option<ConnectTo>,
    /// The URL host's lookup (None for an IP literal).
    pub dns: Option<DnsReport>,
    /// The lookup of the `--connect-to` name, when it is a name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connect_to_dns: Option<DnsReport>,
    /// One entry per address probed.
    pub connections: Vec<ConnectionReport>,
    /// The overall answer.
    pub outcome: Outcome,
    /// The verdict that decides the outcome: the first rejected chain's, else the first
    /// accepted one's (every connection has its own in `connections`).
    pub verdict: Option<Verdict>,
    /// What the network side found.
    pub findings: Vec<ProbeFinding>,
    /// Total time.
    pub elapsed_ms: u64,
}

/// Probes one target (blocking; builds a single-threaded runtime for the duration).
pub fn probe(
    request: &ProbeRequest,
    options: &ProbeOptions,
    evaluator: &Evaluator,
) -> Result<ProbeReport, ProbeError> {
    let rt = runtime()?;
    rt.block_on(probe_async(request, options, evaluator))
}

pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, ProbeError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| ProbeError::Runtime(e.to_string()))
}

/// The probe itself.
pub(crate) async fn probe_async(
    request: &ProbeRequest,
    options: &ProbeOptions,
    evaluator: &Evaluator,
) -> Result<ProbeReport, ProbeError> {
    let start = Instant::now();
    let target = Target::parse(&request.url)?;
    let verified_name = request
        .server_name_to_verify
        .clone()
        .unwrap_or_else(|| target.host.clone());
    // The JDK derives SNI from the name it verifies (serverNameToVerify replaces the host).
    let sni = jdk_sni_name(&verified_name);
    let resolver = dns::Dns::new(options.nameserver, options.timeouts.dns);
    let mut findings =
        findings::sni_findings(&target.host, target.ip_literal.is_some(), sni.as_deref());
    // What the host is and where it points: the verdicts' diagnosis says this when there is a
    // chain to evaluate; the probe says it only when there is none.
    let mut context = findings::host_findings(&target.host, target.ip_literal.is_some());

    let connect_to = request
        .connect_to
        .iter()
        .find(|c| c.matches(&target))
        .cloned();
    // -- the URL host: an IP literal skips DNS, as InetAddress does; so does a --connect-to
    // target, as curl's --connect-to does (the name is only sent as SNI and verified).
    let host_dns = match (target.ip_literal, &connect_to) {
        (Some(_), _) | (None, Some(_)) => None,
        (None, None) => Some(resolver.resolve(target.bare_host()).await),
    };

    // -- the addresses to connect to
    let mut connect_to_dns = None;
    let (mut addresses, source, total): (Vec<SocketAddr>, AddressSource, usize) = match &connect_to
    {
        Some(ct) => {
            let port = ct.to_port.unwrap_or(target.port);
            match target::parse_ip_literal(&ct.to_host) {
                Some(ip) => (vec![SocketAddr::new(ip, port)], AddressSource::ConnectTo, 1),
                None => {
                    let r = resolver.resolve(&ct.to_host).await;
                    let addrs: Vec<SocketAddr> = r
                        .addresses
                        .iter()
                        .map(|ip| SocketAddr::new(*ip, port))
                        .collect();
                    if let Some(f) = findings::dns_finding(&r, "the --connect-to name") {
                        findings.push(f);
                    }
                    connect_to_dns = Some(r);
                    let n = addrs.len();
                    (addrs, AddressSource::ConnectTo, n)
                }
            }
        }
        None => match (target.ip_literal, &host_dns) {
            (Some(ip), _) => (
                vec![SocketAddr::new(ip, target.port)],
                AddressSource::IpLiteral,
                1,
            ),
            (None, Some(r)) => {
                let n = r.addresses.len();
                (
                    r.addresses
                        .iter()
                        .map(|ip| SocketAddr::new(*ip, target.port))
                        .collect(),
                    AddressSource::Dns,
                    n,
                )
            }
            (None, None) => (vec![], AddressSource::Dns, 0),
        },
    };
    if let Some(r) = &host_dns {
        if let Some(mut f) = findings::dns_finding(r, "the integration host") {
            if connect_to.is_some() {
                // Reached through --connect-to anyway: the lookup failure is context, not the
                // reason for a missing chain.
                f.severity = Severity::Info;
            }
            findings.push(f);
        }
        context.extend(findings::address_findings(
            &target.host,
            r,
            request.integration,
            &request.nlb_addresses,
        ));
    }
    addresses.truncate(options.max_addresses.max(1));
    findings.extend(findings::truncated_finding(total, addresses.len()));

    // -- connect to every address at once (an NLB has one per zone)
    let t = options.timeouts;
    let probes = addresses
        .iter()
        .map(|a| conn::probe_address(*a, source, sni.as_deref(), t.connect, t.handshake));
    let mut connections: Vec<ConnectionReport> = futures_util::future::join_all(probes).await;

    // -- evaluate each chain with the same function as offline cases
    // What the URL host resolves to, when known: a lookup that failed from here (a private
    // zone probed from outside, reached through --connect-to) says nothing about the VPC's view.
    let resolved: Option<Vec<IpAddr>> = host_dns
        .as_ref()
        .filter(|r| !r.addresses.is_empty())
        .map(|r| r.addresses.clone());
    for c in &mut connections {
        if c.chain.is_empty() {
            // A handshake the JDK fails the same way, before any chain: Java's exception.
            if let Some(message) = c.error.as_ref().and_then(ProbeFailure::java_message) {
                c.verdict = Some(crate::diagnose::handshake_failure_verdict(
                    request.id.clone(),
                    message,
                    c.refusal_cause.as_ref(),
                    &verified_name,
                ));
            }
            continue;
        }
        let case = case_for(request, &target, c, resolved.clone());
        c.verdict = Some(evaluator.evaluate(&case));
    }
    findings.extend(findings::connection_findings(&connections));

    let rejected = connections
        .iter()
        .filter_map(|c| c.verdict.as_ref())
        .find(|v| !v.accepted);
    let accepted = connections
        .iter()
        .filter_map(|c| c.verdict.as_ref())
        .find(|v| v.accepted);
    let some_failed = connections.iter().any(|c| c.chain.is_empty());
    let (outcome, verdict) = match (rejected, accepted) {
        (Some(v), _) => (Outcome::Rejected, Some(v.clone())),
        (None, Some(v)) if some_failed => (Outcome::SomeAddressesFailed, Some(v.clone())),
        (None, Some(v)) => (Outcome::Accepted, Some(v.clone())),
        (None, None) => (Outcome::NoChain, None),
    };
    if verdict.is_none() {
        findings.extend(context);
    }
    Ok(ProbeReport {
        id: request.id.clone(),
        target,
        verified_name,
        sni,
        integration: request.integration,
        connect_to,
        dns: host_dns,
        connect_to_dns,
        connections,
        outcome,
        verdict,
        findings,
        elapsed_ms: start.elapsed().as_millis() as u64,
    })
}

/// The case one connection describes: the chain as presented, the negotiated TLS version and
/// key exchange, the request's settings.
pub fn case_for(
    request: &ProbeRequest,
    target: &Target,
    c: &ConnectionReport,
    resolved: Option<Vec<IpAddr>>,
) -> Case {
    let chain = c.chain.clone();
    let mut case = case_from(request, target, chain, resolved);
    // An unknown version string (a TLS 1.1 server read in plaintext) leaves the default: the
    // JDK would not have negotiated it.
    if let Some(version) = c.tls_version.as_deref().and_then(TlsVersion::parse) {
        case.tls_version = version;
    }
    case.auth_type = c.auth_type.clone();
    case.handshake.client_certificate_request = c.client_certificate_request.clone();
    case.handshake.dh_prime_bits = c.dh_prime_bits;
    case
}

/// The case of a request with a given chain (each entry DER or PEM text): from a connection,
/// or from a file when a scan runs offline (no TLS version or key exchange then: the
/// evaluator's defaults apply).
pub(crate) fn case_from(
    request: &ProbeRequest,
    target: &Target,
    chain: Vec<Vec<u8>>,
    resolved: Option<Vec<IpAddr>>,
) -> Case {
    Case {
        chain,
        roots: request.roots.clone(),
        // java.net.URI.getHost(): what HttpClient verifies when serverNameToVerify is absent.
        host: url_host(&target.url).unwrap_or_else(|| target.host.clone()),
        url: Some(target.url.clone()),
        time: request.time,
        tls_version: TlsVersion::default(),
        auth_type: None,
        settings: ApiGatewaySettings {
            integration: request.integration,
            skip_verification: request.skip_verification,
            server_name_to_verify: request.server_name_to_verify.clone(),
            client_certificate: request.client_certificate,
        },
        resolved,
        nlb_addresses: (!request.nlb_addresses.is_empty()).then(|| request.nlb_addresses.clone()),
        handshake: Handshake::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn(tls: &str, auth: Option<&str>) -> ConnectionReport {
        ConnectionReport {
            address: "127.0.0.1:443".parse().unwrap(),
            source: AddressSource::Dns,
            sni: None,
            tls_version: Some(tls.into()),
            cipher_suite: None,
            chain: vec![b"DER".to_vec()],
            chain_source: Some(ChainSource::Handshake),
            handshake_complete: true,
            handshake_signature: None,
            error: None,
            elapsed_ms: 0,
            verdict: None,
            client_certificate_request: None,
            refusal_cause: None,
            auth_type: auth.map(str::to_string),
            dh_prime_bits: None,
        }
    }

    #[test]
    fn case_carries_what_the_connection_negotiated() {
        let mut req = ProbeRequest::new("https://[2001:db8::1]:8443/x");
        req.integration = Some(Integration::HttpApiPrivate);
        req.server_name_to_verify = Some("api.example.com".into());
        req.nlb_addresses = vec!["10.0.0.1".parse().unwrap()];
        let target = Target::parse(&req.url).unwrap();
        let ten: IpAddr = "10.0.0.1".parse().unwrap();
        let case = case_for(
            &req,
            &target,
            &conn("1.2", Some("ECDHE_RSA")),
            Some(vec![ten]),
        );
        assert_eq!(case.host, "[2001:db8::1]");
        assert_eq!(case.tls_version, TlsVersion::Tls12);
        assert_eq!(case.auth_type.as_deref(), Some("ECDHE_RSA"));
        assert_eq!(case.settings.integration, Some(Integration::HttpApiPrivate));
        assert_eq!(
            case.settings.server_name_to_verify.as_deref(),
            Some("api.example.com")
        );
        assert_eq!(case.nlb_addresses, Some(vec![ten]));
        assert_eq!(case.resolved, Some(vec![ten]));
        assert_eq!(case.chain, vec![b"DER".to_vec()]);
        // An unknown version string leaves the default.
        assert_eq!(
            case_for(&req, &target, &conn("TLSv1", None), None).tls_version,
            TlsVersion::Tls13
        );
    }

    #[test]
    fn requests_from_cases() {
        let case: CaseJson = serde_json::from_str(r#"{"id":1,"host":"2001:db8::1","skip_verification":true,"time":"2025-01-01T00:00:00Z"}"#).unwrap();
        let r = ProbeRequest::from_case(&case).unwrap();
        assert_eq!(r.url, "https://[2001:db8::1]/");
        assert!(r.skip_verification);
        assert_eq!(
            r.time,
            Some(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_735_689_600))
        );
        let bad: CaseJson =
            serde_json::from_str(r#"{"host":"a.example","integration":"grpc"}"#).unwrap();
        assert!(matches!(
            ProbeRequest::from_case(&bad),
            Err(ProbeError::BadCase(_))
        ));
        let bad: CaseJson =
            serde_json::from_str(r#"{"host":"a.example","nlb_addresses":["nlb.example"]}"#)
                .unwrap();
        assert!(matches!(
            ProbeRequest::from_case(&bad),
            Err(ProbeError::BadCase(_))
        ));
        assert!(matches!(
            ProbeRequest::from_case(&CaseJson::default()),
            Err(ProbeError::BadCase(_))
        ));
    }
}
