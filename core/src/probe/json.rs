//! The probe request as the language bindings send it: one JSON object holding a case (the
//! JSON-lines case format) and the network options.
//!
//! The Python and Node bindings both take a probe as JSON text; reading that text into a
//! [`ProbeRequest`] and [`ProbeOptions`] lives here so the bindings stay thin and both accept
//! exactly the same requests with exactly the same error messages.

use std::time::Duration;

use serde::Deserialize;

use super::{dns, ConnectTo, ProbeError, ProbeOptions, ProbeRequest, Timeouts};
use crate::jsonl::CaseJson;

/// A probe request in the bindings' JSON form: `{"case": {...}, "connect_to": [...],
/// "timeout_ms": N, "max_addresses": N, "nameserver": "ADDR[:PORT]"}`.
///
/// The target and its API Gateway settings come as a case, so a probe is described the same
/// way as an offline evaluation and as a `probe-many` line; only the network options are extra.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ProbeJson {
    /// `url`, `id`, `server_name_to_verify`, `integration`, `nlb_addresses`,
    /// `skip_verification`, `roots`, `time` (the case format, read by
    /// [`ProbeRequest::from_case`]; the case's `chain` is ignored).
    pub case: CaseJson,
    /// `--connect-to` overrides, `HOST:PORT:ADDR:PORT` each (see [`ConnectTo::parse`]).
    #[serde(default)]
    pub connect_to: Vec<String>,
    /// One timeout for every network step, in milliseconds (0 counts as 1); None = the default.
    pub timeout_ms: Option<u64>,
    /// At most this many addresses probed (0 counts as 1); None = the default.
    pub max_addresses: Option<usize>,
    /// The resolver, `ADDR` or `ADDR:PORT`; None = the system's.
    pub nameserver: Option<String>,
}

/// Why a [`ProbeJson`] text cannot become a probe. The bindings raise [`Malformed`] as an
/// internal error (they build the JSON themselves, so bad JSON is their bug) and the other
/// variants as a probe error (the caller's input is unusable).
///
/// [`Malformed`]: ProbeJsonError::Malformed
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProbeJsonError {
    /// The text is not a probe request object (the JSON parser's message).
    #[error("malformed probe request: {0}")]
    Malformed(String),
    /// The case or a `connect_to` entry is unusable.
    #[error(transparent)]
    Probe(#[from] ProbeError),
    /// The `nameserver` is not an IP address with an optional port.
    #[error("nameserver {0:?} is not an address (ADDR or ADDR:PORT)")]
    Nameserver(String),
}

impl ProbeJson {
    /// Reads a request from JSON text and turns it into what [`super::probe`] takes: the one
    /// entry point of both bindings, so they cannot diverge.
    pub fn parse(json: &str) -> Result<(ProbeRequest, ProbeOptions), ProbeJsonError> {
        let r: ProbeJson =
            serde_json::from_str(json).map_err(|e| ProbeJsonError::Malformed(e.to_string()))?;
        r.to_request()
    }

    /// The request and options this describes. Checked in order: the case, each `connect_to`
    /// entry, the nameserver; the first error is returned.
    pub fn to_request(&self) -> Result<(ProbeRequest, ProbeOptions), ProbeJsonError> {
        let mut request = ProbeRequest::from_case(&self.case)?;
        for c in &self.connect_to {
            request
                .connect_to
                .push(ConnectTo::parse(c).map_err(ProbeError::from)?);
        }
        let mut options = ProbeOptions::default();
        if let Some(ms) = self.timeout_ms {
            options.timeouts = Timeouts::uniform(Duration::from_millis(ms.max(1)));
        }
        if let Some(n) = self.max_addresses {
            options.max_addresses = n.max(1);
        }
        if let Some(ns) = &self.nameserver {
            options.nameserver =
                dns::parse_nameserver(ns).ok_or_else(|| ProbeJsonError::Nameserver(ns.clone()))?;
        }
        Ok((request, options))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probe::Nameserver;

    #[test]
    fn a_full_request() {
        let (request, options) = ProbeJson::parse(
            r#"{"case":{"url":"https://api.example.com/x","id":7,"skip_verification":true},
                "connect_to":["api.example.com:443:127.0.0.1:8443"],
                "timeout_ms":0,"max_addresses":0,"nameserver":"127.0.0.1:5353"}"#,
        )
        .unwrap();
        assert_eq!(request.url, "https://api.example.com/x");
        assert_eq!(request.id, Some(serde_json::json!(7)));
        assert!(request.skip_verification);
        assert_eq!(request.connect_to.len(), 1);
        assert_eq!(
            options.timeouts,
            Timeouts::uniform(Duration::from_millis(1))
        );
        assert_eq!(options.max_addresses, 1);
        assert_eq!(
            options.nameserver,
            Nameserver::At("127.0.0.1:5353".parse().unwrap())
        );
    }

    #[test]
    fn defaults_when_absent() {
        let (request, options) = ProbeJson::parse(r#"{"case":{"host":"a.example"}}"#).unwrap();
        assert_eq!(request.url, "https://a.example/");
        assert!(request.connect_to.is_empty());
        assert_eq!(options, ProbeOptions::default());
    }

    #[test]
    fn errors_and_their_messages() {
        let e = ProbeJson::parse("[]").unwrap_err();
        assert!(matches!(e, ProbeJsonError::Malformed(_)));
        assert!(e.to_string().starts_with("malformed probe request: "));
        let e = ProbeJson::parse(r#"{"case":{}}"#).unwrap_err();
        assert_eq!(e.to_string(), "case has neither \"host\" nor \"url\"");
        let e =
            ProbeJson::parse(r#"{"case":{"host":"a.example"},"connect_to":["x"]}"#).unwrap_err();
        assert!(matches!(e, ProbeJsonError::Probe(ProbeError::Target(_))));
        let e = ProbeJson::parse(r#"{"case":{"host":"a.example"},"nameserver":"dns.example"}"#)
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "nameserver \"dns.example\" is not an address (ADDR or ADDR:PORT)"
        );
    }
}
