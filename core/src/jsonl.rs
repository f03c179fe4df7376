//! The JSON-lines format shared with the Java oracle, at the boundary: [`CaseJson`] is one input
//! line as serde reads it, converted into a typed [`Case`] with `TryFrom`; the verdict is
//! written by its own `Serialize`, with the oracle's field names and values.
//!
//! Oracle fields: `id`, `chain` (PEM list, leaf first, as the server presents it), `roots` (PEM
//! list; absent = the default trust store), `host`, `time` (RFC 3339), `tls_version`,
//! `auth_type`, `skip_verification`. Ours: `url`, `resolved`, `nlb_addresses`,
//! `server_name_to_verify`, `integration`, `client_certificate`, and what a prober saw
//! (`certificate_message_size`, `client_certificate_request`). Unknown fields are ignored.

use std::net::IpAddr;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::case::{
    url_host, ApiGatewaySettings, Case, CaseError, ClientCertificateRequest, Handshake,
    Integration, TlsVersion,
};
use crate::time::{self, Millis};

/// One case as a JSON line. Every field is optional at the serde level so that a malformed
/// line still yields an output line with a clear `error` naming the field.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CaseJson {
    /// Echoed in the verdict (any JSON value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<serde_json::Value>,
    /// The presented chain, leaf first: PEM strings (raw DER bytes are accepted too, as by
    /// `CertificateFactory`).
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
    /// Integration kind: `rest-http`, `rest-vpc-link` or `http-api-private`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub integration: Option<String>,
    /// Addresses the URL's host resolves to (from where API Gateway resolves it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved: Option<Vec<String>>,
    /// The NLB's addresses (private integrations).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nlb_addresses: Option<Vec<String>>,
    /// The body size of the server's Certificate handshake message as received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_message_size: Option<u64>,
    /// API Gateway presents a client certificate to the backend.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_certificate: Option<bool>,
    /// The server's CertificateRequest, as the prober saw it (absent = none seen).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_certificate_request: Option<ClientCertificateRequest>,
    /// A TLS 1.2 DHE server's ServerKeyExchange prime, in bits, as the prober saw it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dh_prime_bits: Option<u64>,
}

impl TryFrom<CaseJson> for Case {
    type Error = CaseError;

    /// Checks the fields in the order the errors have always been reported (chain, host, time,
    /// TLS version, then ours), so that a line with several mistakes names the same one.
    fn try_from(json: CaseJson) -> Result<Case, CaseError> {
        // A chain over the limit converts: the evaluator refuses it (so the limit holds for
        // typed cases too).
        let chain = json.chain.ok_or(CaseError::MissingChain)?;
        let host = match (json.host, &json.url) {
            (Some(h), _) => h,
            (None, Some(u)) => url_host(u).ok_or_else(|| CaseError::UrlWithoutHost(u.clone()))?,
            (None, None) => return Err(CaseError::MissingHost),
        };
        let time = time(json.time.as_deref())?;
        let tls_version = match json.tls_version {
            Some(v) => TlsVersion::parse(&v).ok_or(CaseError::BadTlsVersion(v))?,
            None => TlsVersion::Tls13,
        };
        let integration = json
            .integration
            .as_deref()
            .map(str::parse::<Integration>)
            .transpose()?;
        Ok(Case {
            chain: chain.into_iter().map(String::into_bytes).collect(),
            roots: json
                .roots
                .map(|r| r.into_iter().map(String::into_bytes).collect()),
            host,
            url: json.url,
            time,
            tls_version,
            auth_type: json.auth_type,
            settings: ApiGatewaySettings {
                integration,
                skip_verification: json.skip_verification.unwrap_or(false),
                server_name_to_verify: json.server_name_to_verify,
                client_certificate: json.client_certificate.unwrap_or(false),
            },
            resolved: addresses(json.resolved, "resolved")?,
            nlb_addresses: addresses(json.nlb_addresses, "nlb_addresses")?,
            handshake: Handshake {
                certificate_message_size: json
                    .certificate_message_size
                    .map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
                client_certificate_request: json.client_certificate_request,
                dh_prime_bits: json
                    .dh_prime_bits
                    .map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
            },
        })
    }
}

/// An RFC 3339 `time` field.
pub(crate) fn time(field: Option<&str>) -> Result<Option<SystemTime>, CaseError> {
    field
        .map(parse_time)
        .transpose()
        .map_err(CaseError::BadTime)
}

/// An RFC 3339 instant (`2026-06-01T00:00:00Z`, `2026-06-01T12:00:00.5+02:00`), read as the
/// JSON-lines `time` field is, at millisecond precision (`java.util.Date`'s).
pub fn parse_time(text: &str) -> Result<SystemTime, time::TimeError> {
    time::parse_rfc3339(text).map(system_time)
}

/// A list of IP addresses (an IPv6 address may come in brackets, as in a URL).
pub(crate) fn addresses(
    list: Option<Vec<String>>,
    field: &'static str,
) -> Result<Option<Vec<IpAddr>>, CaseError> {
    list.map(|entries| {
        entries
            .into_iter()
            .enumerate()
            .map(|(index, value)| {
                crate::case::ip_literal(&value).ok_or(CaseError::BadAddress {
                    field,
                    index,
                    value,
                })
            })
            .collect()
    })
    .transpose()
}

/// The instant `ms` milliseconds from the epoch (before it when negative).
pub(crate) fn system_time(ms: Millis) -> SystemTime {
    let magnitude = Duration::from_millis(ms.unsigned_abs());
    if ms >= 0 {
        UNIX_EPOCH + magnitude
    } else {
        UNIX_EPOCH - magnitude
    }
}

/// Milliseconds from the epoch, as `java.util.Date` counts them (floored).
pub(crate) fn millis(t: SystemTime) -> Millis {
    match t.duration_since(UNIX_EPOCH) {
        Ok(after) => Millis::try_from(after.as_millis()).unwrap_or(Millis::MAX),
        Err(before) => {
            let d = before.duration();
            let whole = Millis::try_from(d.as_millis()).unwrap_or(Millis::MAX);
            // Floor: 1.5 ms before the epoch is -2 ms, as Date rounds towards -infinity.
            if d.subsec_nanos() % 1_000_000 != 0 {
                -whole - 1
            } else {
                -whole
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(line: &str) -> Result<Case, CaseError> {
        Case::try_from(serde_json::from_str::<CaseJson>(line).unwrap())
    }

    #[test]
    fn unknown_fields_are_ignored() {
        let c: CaseJson =
            serde_json::from_str(r#"{"id":"a","chain":[],"desc":"x","extra":1}"#).unwrap();
        assert_eq!(c.id, Some(serde_json::json!("a")));
    }

    #[test]
    fn fields_become_typed_values() {
        let c = case(
            r#"{"chain":["PEM"],"url":"https://[2001:db8::1]:8443/x","time":"2026-06-01T00:00:00Z",
                "tls_version":"1.2","integration":"http_api_private","resolved":["10.0.0.1","[::1]"]}"#,
        )
        .unwrap();
        assert_eq!(c.host, "[2001:db8::1]");
        assert_eq!(c.chain, vec![b"PEM".to_vec()]);
        assert_eq!(c.tls_version, TlsVersion::Tls12);
        assert_eq!(c.settings.integration, Some(Integration::HttpApiPrivate));
        assert_eq!(
            c.resolved,
            Some(vec!["10.0.0.1".parse().unwrap(), "::1".parse().unwrap()])
        );
        assert_eq!(
            c.time.map(millis),
            Some(time::parse_rfc3339("2026-06-01T00:00:00Z").unwrap())
        );
    }

    #[test]
    fn errors_name_the_field() {
        let e = |line| case(line).unwrap_err().to_string();
        assert_eq!(e(r#"{"host":"h"}"#), r#"case has no "chain" field"#);
        assert_eq!(e(r#"{"chain":[]}"#), r#"case has neither "host" nor "url""#);
        assert_eq!(
            e(r#"{"chain":[],"host":"h","integration":"lambda"}"#),
            r#"integration: unknown integration kind "lambda" (expected rest-http, rest-vpc-link or http-api-private)"#
        );
        assert_eq!(
            e(r#"{"chain":[],"host":"h","nlb_addresses":["10.0.0.1","nlb.example"]}"#),
            r#"nlb_addresses[1]: "nlb.example" is not an IPv4 or IPv6 address"#
        );
    }

    #[test]
    fn times_round_trip_at_millisecond_precision() {
        for ms in [0, 1, -1, -1500, 1_780_272_000_123, Millis::MIN / 4] {
            assert_eq!(millis(system_time(ms)), ms);
        }
        assert_eq!(millis(UNIX_EPOCH - Duration::from_micros(1500)), -2);
    }
}
