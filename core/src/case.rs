//! The input of one evaluation: the JSON-lines case format shared with the Java oracle.
//!
//! Oracle fields: `id`, `chain` (PEM list, leaf first, as the server presents it), `roots` (PEM
//! list; absent = the default trust store), `host`, `time` (RFC 3339), `tls_version`,
//! `auth_type`, `skip_verification`. Ours: `url`, `resolved`, `nlb_addresses`,
//! `server_name_to_verify`, `integration`. Unknown fields are ignored.

use serde::{Deserialize, Serialize};

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
    /// Parses `rest-http`, `rest-vpc-link`, `http-api-private` (also with underscores).
    pub fn parse(s: &str) -> Option<Integration> {
        match s.replace('_', "-").to_ascii_lowercase().as_str() {
            "rest-http" | "http" | "http-proxy" => Some(Integration::RestHttp),
            "rest-vpc-link" | "vpc-link" | "rest-private" => Some(Integration::RestVpcLink),
            "http-api-private" | "http-api" => Some(Integration::HttpApiPrivate),
            _ => None,
        }
    }
}

/// One case. Every field is optional at the serde level so that a malformed line still yields
/// an output line with a clear `error`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Case {
    /// Echoed in the verdict (any JSON value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<serde_json::Value>,
    /// The presented chain, leaf first: PEM strings (raw DER bytes are accepted too, as by `CertificateFactory`).
    #[serde(default)]
    pub chain: Option<Vec<String>>,
    /// Trust store for this case; absent = the default (API Gateway's CAs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roots: Option<Vec<String>>,
    /// The host API Gateway connects to (the integration URL's host).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// The integration URL; its host is used when `host` is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Validation time (RFC 3339); absent = now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// "1.2" or "1.3" (default).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_version: Option<String>,
    /// The key-exchange auth type JSSE passes to the trust manager (derived when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth_type: Option<String>,
    /// REST `tlsConfig.insecureSkipVerification`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip_verification: Option<bool>,
    /// HTTP API `tlsConfig.serverNameToVerify`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_name_to_verify: Option<String>,
    /// Integration kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration: Option<String>,
    /// Addresses the URL's host resolves to (from where API Gateway resolves it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Vec<String>>,
    /// The NLB's addresses (private integrations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nlb_addresses: Option<Vec<String>>,
    /// The body size of the server's Certificate handshake message as received (the probe
    /// sets it when the message carries more than the chain, e.g. a stapled OCSP response in a
    /// TLS 1.3 entry); absent = computed from the chain. JSSE's
    /// `jdk.tls.maxHandshakeMessageSize` applies to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_message_size: Option<u64>,
    /// API Gateway presents a client certificate to the backend (a REST API stage with a
    /// client certificate configured). Without one, a server that requires a client
    /// certificate fails the handshake.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_certificate: Option<bool>,
    /// The server's CertificateRequest, as the prober saw it (absent = none seen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_certificate_request: Option<ClientCertificateRequest>,
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

/// The port of an integration URL (default 443).
pub fn url_port(url: &str) -> u16 {
    let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let after_host = match authority.rfind(']') {
        Some(i) => &authority[i + 1..],
        None => authority,
    };
    after_host
        .rsplit_once(':')
        .and_then(|(_, p)| p.parse().ok())
        .unwrap_or(443)
}

impl Case {
    /// The first chain entry that is not even PEM (or DER) text, as `chain[i] is not a
    /// certificate: why`. A server sends DER, so such an entry can only be a caller's mistake:
    /// the language bindings' single-case `evaluate` raises it as an argument error, where the
    /// CLI and `evaluate_many` report the JDK's "Failed to parse server certificates" verdict.
    pub fn chain_encoding_error(&self) -> Option<String> {
        use crate::cert::{decode_certificate_input, CertError};
        self.chain
            .iter()
            .flatten()
            .enumerate()
            .find_map(|(i, entry)| {
                // A key or a CSR is PEM too (the JDK would report it as unparseable): name it.
                if let Some(why) = crate::trust_store::not_a_certificate(entry) {
                    return Some(format!("chain[{i}] is not a certificate: {why}"));
                }
                match decode_certificate_input(entry.as_bytes()) {
                    Err(CertError::Encoding(why)) => {
                        Some(format!("chain[{i}] is not a certificate: {why}"))
                    }
                    _ => None,
                }
            })
    }
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
        assert_eq!(url_port("https://h.example:8443/p"), 8443);
        assert_eq!(url_port("https://[::1]/"), 443);
        assert_eq!(url_host("https:///nohost"), None);
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let c: Case =
            serde_json::from_str(r#"{"id":"a","chain":[],"desc":"x","extra":1}"#).unwrap();
        assert_eq!(c.id, Some(serde_json::json!("a")));
    }
}
