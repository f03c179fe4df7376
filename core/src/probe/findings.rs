//! What the network side of a probe found: DNS outcomes, unreachable addresses, differing chains,
//! and the address / name mismatches of private integrations. These are the probe's own
//! observations, not API Gateway messages (the verdicts carry those).

use std::collections::BTreeSet;
use std::net::IpAddr;

use serde::Serialize;

use super::conn::{ChainSource, ConnectionReport};
use super::dns::{DnsReport, DnsStatus};
use super::failure::ProbeFailure;
use super::tls::SignatureCheck;
use crate::case::Integration;

// One vocabulary with the offline diagnosis: the probe's codes and severities are the
// diagnosis's (`docs/findings.md` documents them all).
pub use crate::diagnose::{Code, Severity};

/// One observation with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProbeFinding {
    /// What kind.
    pub code: Code,
    /// How much it matters.
    pub severity: Severity,
    /// Plain-language explanation.
    pub message: String,
    /// The concrete fix, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// The address it concerns, when it is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
}

impl ProbeFinding {
    fn new(code: Code, severity: Severity, message: String) -> ProbeFinding {
        ProbeFinding {
            code,
            severity,
            message,
            fix: None,
            address: None,
        }
    }
    fn fix(mut self, fix: impl Into<String>) -> ProbeFinding {
        self.fix = Some(fix.into());
        self
    }
    fn at(mut self, address: impl ToString) -> ProbeFinding {
        self.address = Some(address.to_string());
        self
    }
}

/// A finding for a lookup that gave no address (None when it did).
pub fn dns_finding(dns: &DnsReport, what: &str) -> Option<ProbeFinding> {
    let name = &dns.name;
    let ns = dns.nameserver;
    let private_zone_hint = "a name in a Route 53 private hosted zone resolves only inside the VPCs the zone is associated with: run the probe from there, or pass that VPC's resolver with --dns, or give the NLB's address with --connect-to";
    let f = match dns.status() {
        DnsStatus::Resolved => return None,
        DnsStatus::NxDomain => ProbeFinding::new(Code::HostNotFound, Severity::Error, format!("{what} {name} does not exist for {ns} (NXDOMAIN)"))
            .fix(format!("create the record, or check the spelling; {private_zone_hint}")),
        DnsStatus::NoData => ProbeFinding::new(Code::HostHasNoAddress, Severity::Error, format!("{what} {name} exists but has no A or AAAA record for {ns}"))
            .fix("add an A/AAAA (or alias) record pointing at the backend"),
        DnsStatus::ServFail => ProbeFinding::new(Code::DnsServerFailure, Severity::Error, format!("{ns} answered SERVFAIL for {what} {name}"))
            .fix("the resolver could not get an answer: check the zone's delegation and DNSSEC, then retry"),
        DnsStatus::Refused => ProbeFinding::new(Code::DnsRefused, Severity::Error, format!("{ns} refused to answer for {what} {name}")),
        DnsStatus::Timeout => ProbeFinding::new(Code::DnsTimeout, Severity::Error, format!("{ns} did not answer for {what} {name} in time"))
            .fix("check that the resolver is reachable from here (UDP and TCP port 53)"),
        DnsStatus::Failed => {
            let detail = [&dns.a, &dns.aaaa]
                .iter()
                .find_map(|a| match a {
                    super::dns::DnsAnswer::Failed { detail } => Some(detail.clone()),
                    _ => None,
                })
                .unwrap_or_default();
            ProbeFinding::new(Code::DnsFailed, Severity::Error, format!("the lookup of {what} {name} failed: {detail}"))
        }
    };
    Some(f)
}

/// Findings about where the name points: the offline diagnosis's rule (`resolution_findings`
/// of the diagnosis) on what DNS answered.
pub fn address_findings(
    host: &str,
    dns: &DnsReport,
    integration: Option<Integration>,
    nlb: &[IpAddr],
) -> Vec<ProbeFinding> {
    if dns.addresses.is_empty() {
        return Vec::new();
    }
    crate::diagnose::resolution_findings(host, &dns.addresses, nlb, integration)
        .into_iter()
        .map(|f| ProbeFinding {
            code: f.code,
            severity: f.severity,
            message: f.explanation,
            fix: f.fix,
            address: None,
        })
        .collect()
}

/// Findings about the connections: failures, incomplete handshakes, differing chains.
pub fn connection_findings(connections: &[ConnectionReport]) -> Vec<ProbeFinding> {
    let mut out = Vec::new();
    for c in connections {
        match (&c.error, c.chain.is_empty()) {
            // A refusal the JDK meets too: the connection's verdict explains it.
            (Some(_), true) if c.verdict.is_some() => {}
            (Some(e), true) => out.push(
                ProbeFinding::new(Code::ConnectionFailed, Severity::Error, e.to_string())
                    .fix_opt(failure_fix(e))
                    .at(c.address),
            ),
            (Some(e), false) => out.push(
                ProbeFinding::new(
                    Code::HandshakeIncomplete,
                    Severity::Warning,
                    format!("the server presented its chain but the handshake then failed: {e}"),
                )
                .fix_opt(failure_fix(e))
                .at(c.address),
            ),
            (None, _) => {}
        }
        if let (Some(ChainSource::Tls12ServerFlight { probe_failure }), Some(suite)) =
            (&c.chain_source, &c.cipher_suite)
        {
            out.push(
                ProbeFinding::new(
                    Code::ChainFromServerFlight,
                    Severity::Info,
                    format!(
                        "the probe cannot finish a handshake with this server ({probe_failure}); offered the JDK 17 client's own ClientHello (TLS 1.3 and 1.2), it chose TLS 1.2 with {suite}, and the chain was read from that server flight"
                    ),
                )
                .at(c.address),
            );
        }
        let scheme = match &c.handshake_signature {
            Some(
                SignatureCheck::Verified { scheme }
                | SignatureCheck::NotVerified { scheme, .. }
                | SignatureCheck::Invalid { scheme },
            ) => Some(scheme.as_str()),
            None => None,
        };
        if let Some(scheme) =
            scheme.filter(|s| matches!(*s, "rsa_pkcs1_sha1" | "ecdsa_sha1" | "dsa_sha1"))
        {
            out.push(
                ProbeFinding::new(
                    Code::Sha1HandshakeSignature,
                    Severity::Error,
                    format!(
                        "the server signed the handshake with {scheme}; JDK 17.0.21 does not offer SHA-1 handshake signatures (jdk.tls.disabledAlgorithms: {scheme} usage HandshakeSignature), so API Gateway's handshake fails before any certificate check"
                    ),
                )
                .fix("enable SHA-256 or stronger signature algorithms (or TLS 1.3) on the server")
                .at(c.address),
            );
        }
    }
    let chains: BTreeSet<&Vec<Vec<u8>>> = connections
        .iter()
        .filter(|c| !c.chain.is_empty())
        .map(|c| &c.chain)
        .collect();
    if chains.len() > 1 {
        let addresses: Vec<String> = connections
            .iter()
            .filter(|c| !c.chain.is_empty())
            .map(|c| c.address.to_string())
            .collect();
        out.push(
            ProbeFinding::new(
                Code::ChainsDiffer,
                Severity::Warning,
                format!(
                    "the addresses present {} different certificate chains ({}); API Gateway may reach any of them, so the verdict can change from one request to the next",
                    chains.len(),
                    addresses.join(", ")
                ),
            )
            .fix("deploy the same certificate and chain on every target (every NLB zone / listener)"),
        );
    }
    out
}

impl ProbeFinding {
    fn fix_opt(self, fix: Option<&'static str>) -> ProbeFinding {
        match fix {
            Some(f) => self.fix(f),
            None => self,
        }
    }
}

fn failure_fix(f: &ProbeFailure) -> Option<&'static str> {
    Some(match f {
        ProbeFailure::ConnectionRefused => "nothing listens on this port: check the listener port and the target's health",
        ProbeFailure::ConnectTimeout { .. } => "packets are dropped: check security groups, network ACLs and routes from the caller to the backend",
        ProbeFailure::Unreachable { .. } => "there is no route to this address from here",
        ProbeFailure::ConnectionReset { .. } => "the server (or a middlebox) reset the connection: check that the port serves TLS and that the listener accepts this client",
        ProbeFailure::HandshakeTimeout { .. } => "the port accepts connections but does not answer the ClientHello: is it a TLS listener? (an NLB TCP listener in front of a non-TLS port behaves like this)",
        ProbeFailure::ClosedDuringHandshake { .. } => "the server dropped the ClientHello: it may require an SNI name it knows, or a TLS version / suite the JDK does not offer",
        ProbeFailure::NotTls { .. } => "this port does not serve TLS: use an http:// integration for it or point the https:// URL at the TLS port",
        ProbeFailure::AlertReceived { .. } | ProbeFailure::Incompatible { .. } => {
            "configure the server for TLS 1.2 or 1.3 with ECDHE and AES-GCM, as a JDK 17 client expects"
        }
        ProbeFailure::BadHandshakeSignature { .. } => "the server's private key does not match the certificate it presents: install the matching key",
        ProbeFailure::Tls { .. } | ProbeFailure::TooMuchData { .. } | ProbeFailure::Io { .. } => return None,
    })
}

/// The IP-literal finding (used when no chain reaches the diagnosis, which says the same).
pub fn host_findings(host: &str, ip_literal: bool) -> Vec<ProbeFinding> {
    if !ip_literal {
        return vec![];
    }
    vec![ProbeFinding::new(
        Code::IpLiteralHost,
        Severity::Warning,
        format!("the integration URL's host is the IP address {host}: the JDK sends no SNI and the certificate is checked against that address"),
    )
    .fix("use a DNS name that the certificate names")]
}

/// The no-SNI finding for a name the JDK sends no SNI for (not an IP literal: that one has its
/// own finding).
pub fn sni_findings(host: &str, ip_literal: bool, sni: Option<&str>) -> Vec<ProbeFinding> {
    if ip_literal || sni.is_some() {
        return vec![];
    }
    vec![ProbeFinding::new(
        Code::NoSni,
        Severity::Info,
        format!("the JDK sends no SNI for {host} (it needs a dotted, STD3-legal host name), so a server with several certificates shows its default one"),
    )]
}

/// A finding when DNS gave more addresses than are probed.
pub fn truncated_finding(total: usize, probed: usize) -> Option<ProbeFinding> {
    (total > probed).then(|| {
        ProbeFinding::new(
            Code::AddressesNotProbed,
            Severity::Info,
            format!("{total} addresses resolved; only the first {probed} were probed"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn(addr: &str, chain: &[&str], error: Option<ProbeFailure>) -> ConnectionReport {
        ConnectionReport {
            address: addr.parse().unwrap(),
            source: super::super::conn::AddressSource::Dns,
            sni: None,
            tls_version: None,
            cipher_suite: None,
            chain: chain.iter().map(|s| s.as_bytes().to_vec()).collect(),
            chain_source: None,
            handshake_complete: error.is_none(),
            handshake_signature: None,
            error,
            elapsed_ms: 0,
            verdict: None,
            client_certificate_request: None,
            refusal_cause: None,
            auth_type: None,
            dh_prime_bits: None,
        }
    }

    #[test]
    fn differing_chains_and_failures() {
        let same = [
            conn("10.0.0.1:443", &["A"], None),
            conn("10.0.1.1:443", &["A"], None),
        ];
        assert!(connection_findings(&same).is_empty());
        let differ = [
            conn("10.0.0.1:443", &["A"], None),
            conn("10.0.1.1:443", &["B"], None),
            conn("10.0.2.1:443", &[], Some(ProbeFailure::ConnectionRefused)),
        ];
        let f = connection_findings(&differ);
        let codes: Vec<Code> = f.iter().map(|x| x.code).collect();
        assert_eq!(codes, vec![Code::ConnectionFailed, Code::ChainsDiffer]);
        assert_eq!(f[0].address.as_deref(), Some("10.0.2.1:443"));
    }

    #[test]
    fn nlb_and_public_checks() {
        let dns = DnsReport {
            name: "api.example.com".into(),
            nameserver: super::super::dns::Nameserver::System,
            addresses: vec!["10.0.0.9".parse().unwrap()],
            cname_chain: vec![],
            a: super::super::dns::DnsAnswer::Answered { count: 1 },
            aaaa: super::super::dns::DnsAnswer::NoData,
            elapsed_ms: 0,
        };
        let f = address_findings(
            "api.example.com",
            &dns,
            Some(Integration::RestHttp),
            &["10.0.0.1".parse().unwrap()],
        );
        let codes: Vec<Code> = f.iter().map(|x| x.code).collect();
        assert_eq!(
            codes,
            vec![
                Code::PublicIntegrationPrivateAddresses,
                Code::ResolvesElsewhereThanNlb
            ]
        );
        assert!(address_findings(
            "api.example.com",
            &dns,
            Some(Integration::RestVpcLink),
            &["10.0.0.9".parse().unwrap()]
        )
        .is_empty());
    }
}
