//! The input of one evaluation, as typed values: [`Case`], API Gateway's settings, the
//! integration kind. The JSON-lines format is a boundary type in [`crate::jsonl`].

use std::net::IpAddr;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

pub use crate::constraints::TlsVersion;
use crate::evaluate::{MAX_CASE_ROOTS, MAX_CHAIN_LEN};

/// How API Gateway reaches the backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Integration {
    /// REST API HTTP / HTTP_PROXY integration to a public endpoint.
    RestHttp,
    /// REST API private integration through a VPC link to a Network Load Balancer.
    RestVpcLink,
    /// HTTP API private integration (VPC link to an NLB / ALB / Cloud Map service).
    HttpApiPrivate,
}

impl Integration {
    /// Every kind, in the order the documentation lists them.
    pub const ALL: [Integration; 3] = [
        Integration::RestHttp,
        Integration::RestVpcLink,
        Integration::HttpApiPrivate,
    ];

    /// The kind's name in the JSON-lines format and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Integration::RestHttp => "rest-http",
            Integration::RestVpcLink => "rest-vpc-link",
            Integration::HttpApiPrivate => "http-api-private",
        }
    }
}

impl std::fmt::Display for Integration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is no integration kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown integration kind {0:?} (expected rest-http, rest-vpc-link or http-api-private)")]
pub struct UnknownIntegration(pub String);

impl std::str::FromStr for Integration {
    type Err = UnknownIntegration;

    /// `rest-http`, `rest-vpc-link`, `http-api-private`, in any case, with `_` for `-`, and
    /// the aliases API definitions use (`http_proxy`, `vpc-link`, `http-api`).
    fn from_str(s: &str) -> Result<Integration, UnknownIntegration> {
        match s.replace('_', "-").to_ascii_lowercase().as_str() {
            "rest-http" | "http" | "http-proxy" => Ok(Integration::RestHttp),
            "rest-vpc-link" | "vpc-link" | "rest-private" => Ok(Integration::RestVpcLink),
            "http-api-private" | "http-api" => Ok(Integration::HttpApiPrivate),
            _ => Err(UnknownIntegration(s.to_string())),
        }
    }
}

/// One case: what API Gateway's client has in hand when it decides — the chain the server
/// presented, where it connected, the trust store, the time, the negotiated TLS version and the
/// integration's settings — as typed values. The JSON-lines format (the oracle's, and the
/// bindings') is [`CaseJson`](crate::CaseJson), converted with `TryFrom`.
///
/// ```
/// use apigw_tls::{ApiGatewaySettings, Case, Integration, TlsVersion};
///
/// let case = Case {
///     tls_version: TlsVersion::Tls12,
///     settings: ApiGatewaySettings {
///         integration: Some(Integration::RestVpcLink),
///         ..ApiGatewaySettings::default()
///     },
///     ..Case::new("api.example.com", vec![])
/// };
/// assert_eq!(case.host, "api.example.com");
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Case {
    /// The chain as the server presents it, leaf first: each entry as JSSE's
    /// `CertificateFactory` receives it — DER, or PEM text (which `CertificateFactory` also
    /// reads). An entry that is neither is the JDK's "Failed to parse server certificates".
    pub chain: Vec<Vec<u8>>,
    /// The trust store for this case, each entry DER or PEM text (several PEM blocks allowed,
    /// as `CertificateFactory.generateCertificates` reads them); `None` = the evaluator's
    /// default store (API Gateway's CAs).
    pub roots: Option<Vec<Vec<u8>>>,
    /// The host API Gateway connects to: the integration URL's host as `java.net.URI.getHost()`
    /// returns it (case kept, an IPv6 literal in brackets). HttpClient verifies the certificate
    /// against it, unless `settings.server_name_to_verify` replaces it.
    pub host: String,
    /// The integration URL, when known (the diagnosis quotes it in its fixes).
    pub url: Option<String>,
    /// The validation time; `None` = the evaluator's clock.
    pub time: Option<SystemTime>,
    /// The negotiated TLS version: it selects the signature schemes the JDK client accepts.
    pub tls_version: TlsVersion,
    /// The key-exchange auth type JSSE passes to the trust manager (`ECDHE_RSA`, `RSA`,
    /// `UNKNOWN` under TLS 1.3, …); `None` = derived from the leaf's key and the TLS version.
    pub auth_type: Option<String>,
    /// API Gateway's settings for the integration.
    pub settings: ApiGatewaySettings,
    /// The addresses the host resolves to, from where API Gateway resolves it; `Some(empty)` =
    /// it does not resolve; `None` = not known (no address findings).
    pub resolved: Option<Vec<IpAddr>>,
    /// The NLB's addresses (private integrations); `None` = not known.
    pub nlb_addresses: Option<Vec<IpAddr>>,
    /// What the server did in the handshake beyond presenting its chain, when a prober saw it.
    pub handshake: Handshake,
}

impl Case {
    /// A case for `host` with the presented `chain` (leaf first) and every other input at its
    /// default: the default trust store, now, TLS 1.3, no integration settings.
    pub fn new(host: impl Into<String>, chain: Vec<Vec<u8>>) -> Case {
        Case {
            host: host.into(),
            chain,
            ..Case::default()
        }
    }

    /// A case for the integration URL `url` (its host is the one verified), or
    /// [`CaseError::UrlWithoutHost`] when the URL has none.
    pub fn for_url(url: impl Into<String>, chain: Vec<Vec<u8>>) -> Result<Case, CaseError> {
        let url = url.into();
        let host = url_host(&url).ok_or_else(|| CaseError::UrlWithoutHost(url.clone()))?;
        Ok(Case {
            url: Some(url),
            ..Case::new(host, chain)
        })
    }

    /// The first chain entry that is not even PEM (or DER), as `chain[i] is not a
    /// certificate: why`. A server sends DER, so such an entry can only be a caller's mistake:
    /// the language bindings' single-case `evaluate` raises it as an argument error, where the
    /// CLI and `evaluate_many` report the JDK's "Failed to parse server certificates" verdict.
    pub fn chain_encoding_error(&self) -> Option<String> {
        use crate::cert::CertError;
        use crate::pem::decode_certificate_input;
        self.chain.iter().enumerate().find_map(|(i, entry)| {
            // A key or a CSR is PEM too (the JDK would report it as unparseable): name it.
            let text = std::str::from_utf8(entry).ok();
            if let Some(why) = text.and_then(crate::pem::not_a_certificate) {
                return Some(format!("chain[{i}] is not a certificate: {why}"));
            }
            match decode_certificate_input(entry) {
                Err(CertError::Encoding(why)) => {
                    Some(format!("chain[{i}] is not a certificate: {why}"))
                }
                _ => None,
            }
        })
    }
}

/// API Gateway's settings for an integration: what changes how it calls the backend.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiGatewaySettings {
    /// How API Gateway reaches the backend; `None` = not known (the settings apply as given
    /// and no integration-specific finding is made).
    pub integration: Option<Integration>,
    /// REST `tlsConfig.insecureSkipVerification` (ignored, with a finding, on an HTTP API).
    pub skip_verification: bool,
    /// HTTP API `tlsConfig.serverNameToVerify`: replaces the URL's host for SNI and the
    /// hostname check (ignored, with a finding, on a REST integration).
    pub server_name_to_verify: Option<String>,
    /// API Gateway presents a client certificate to the backend (a REST API stage with a
    /// client certificate configured). Without one, a server that requires a client
    /// certificate fails the handshake.
    pub client_certificate: bool,
}

/// What a prober saw the server do in the handshake, beyond its chain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Handshake {
    /// The body size of the server's Certificate handshake message as received, when it
    /// carries more than the chain (a stapled OCSP response in a TLS 1.3 entry); `None` =
    /// computed from the chain. JSSE's `jdk.tls.maxHandshakeMessageSize` applies to it.
    pub certificate_message_size: Option<usize>,
    /// The server's CertificateRequest; `None` = none seen.
    pub client_certificate_request: Option<ClientCertificateRequest>,
    /// A TLS 1.2 DHE server: the bit length of the prime of its ServerKeyExchange. JSSE
    /// refuses a prime under 1024 bits (`jdk.tls.disabledAlgorithms`: `DH keySize < 1024`).
    pub dh_prime_bits: Option<usize>,
}

/// Why a case could not be evaluated at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    /// A JSON case without `chain`.
    #[error("case has no \"chain\" field")]
    MissingChain,
    /// A JSON case with neither `host` nor `url`.
    #[error("case has neither \"host\" nor \"url\"")]
    MissingHost,
    /// An integration URL without a host.
    #[error("the URL {0:?} has no host")]
    UrlWithoutHost(String),
    /// `time` is not an RFC 3339 instant.
    #[error("{0}")]
    BadTime(crate::time::TimeError),
    /// `tls_version` is neither 1.2 nor 1.3.
    #[error("unknown tls_version {0:?} (expected \"1.2\" or \"1.3\")")]
    BadTlsVersion(String),
    /// `integration` names no integration kind.
    #[error("integration: {0}")]
    BadIntegration(#[from] UnknownIntegration),
    /// An entry of `resolved` or `nlb_addresses` is not an IP address.
    #[error("{field}[{index}]: {value:?} is not an IPv4 or IPv6 address")]
    BadAddress {
        /// `resolved` or `nlb_addresses`.
        field: &'static str,
        /// The entry's position.
        index: usize,
        /// The entry as given.
        value: String,
    },
    /// More presented certificates than any server sends.
    #[error("chain of {0} certificates exceeds the limit of {MAX_CHAIN_LEN}")]
    ChainTooLong(usize),
    /// A `roots` entry that is no certificate.
    #[error("roots entry {index}: {detail}")]
    BadRoot {
        /// The entry's position.
        index: usize,
        /// Why it is not a certificate.
        detail: String,
    },
    /// More trust-store certificates than one case may carry.
    #[error("too many roots: {0} (limit {MAX_CASE_ROOTS})")]
    TooManyRoots(usize),
}

/// A server's request for a client certificate (TLS 1.2 or 1.3 CertificateRequest) and what
/// the server did when the client sent none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientCertificateRequest {
    /// The CA names it accepts (certificate_authorities), as distinguished names.
    #[serde(default)]
    pub authorities: Vec<String>,
    /// The signature schemes it accepts for the client's CertificateVerify.
    #[serde(default)]
    pub signature_schemes: Vec<String>,
    /// The fatal alert the server sent after an empty client Certificate (`handshake_failure`
    /// under TLS 1.2, `certificate_required` under TLS 1.3): it requires one. Absent: the
    /// request is optional (the handshake went on without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refused_with: Option<String>,
}

/// The host of an integration URL as `java.net.URI.getHost()` returns it (case kept, IPv6
/// literal with its brackets), or None when the URL has no host.
pub fn url_host(url: &str) -> Option<String> {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let authority = rest.split(['/', '?', '#']).next()?;
    let host_port = authority
        .rsplit_once('@')
        .map(|(_, h)| h)
        .unwrap_or(authority);
    if let Some(v6) = host_port.strip_prefix('[') {
        let end = v6.find(']')?;
        return Some(format!("[{}]", &v6[..end]));
    }
    let host = match host_port.rsplit_once(':') {
        Some((h, port)) if port.chars().all(|c| c.is_ascii_digit()) => h,
        _ => host_port,
    };
    (!host.is_empty()).then(|| host.to_string())
}

/// The host without the brackets of an IPv6 literal (`[2001:db8::1]` → `2001:db8::1`); other
/// hosts as they are. Only a balanced pair is removed: `[::1` is not an IPv6 literal.
pub fn without_brackets(host: &str) -> &str {
    host.strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host)
}

/// The host as an address when it is an IPv4 dotted quad or an IPv6 literal (with or without
/// its brackets), surrounding whitespace ignored. `InetAddress.getByName` skips the resolver
/// for exactly these, and the same test reads the address lists of a case: one rule for what
/// an IP literal is, offline and live.
pub fn ip_literal(host: &str) -> Option<IpAddr> {
    // A zone id ("fe80::1%eth0") does not parse: an integration URL cannot carry one usefully.
    without_brackets(host.trim()).parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_hosts_like_java_uri() {
        assert_eq!(
            url_host("https://Api.Example.com/x").as_deref(),
            Some("Api.Example.com")
        );
        assert_eq!(
            url_host("https://[2001:db8::1]:8443/").as_deref(),
            Some("[2001:db8::1]")
        );
        assert_eq!(
            url_host("https://u:p@h.example:444").as_deref(),
            Some("h.example")
        );
        assert_eq!(url_host("https:///nohost"), None);
    }
}
