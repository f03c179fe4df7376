//! The output of one evaluation: the oracle's fields with identical values, plus what the
//! oracle cannot say (the rule that fired, on which certificate, and how the path was chosen).

use serde::Serialize;

use crate::trust::{Origin, Route};

/// Which step of API Gateway's client decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The input itself (unparseable case, missing field, bad time).
    Input,
    /// The TLS handshake before validation.
    Negotiation,
    /// The PKIX trust decision.
    Trust,
    /// The end-entity checks after a path was found.
    EndEntity,
    /// insecureSkipVerification's model.
    SkipVerification,
    /// HttpClient's hostname verifier.
    Hostname,
    /// The server requires a client certificate that API Gateway does not present (TLS 1.2:
    /// after the server's chain is trusted, before the hostname check; TLS 1.3: the server's
    /// alert follows the handshake, so after the hostname check).
    ClientCertificate,
}

/// A certificate a rule looked at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateRef {
    /// Presented position (0 = leaf) or trust-store index.
    #[serde(flatten)]
    pub origin: Origin,
    /// `X500Principal.toString()` of its subject.
    pub subject: String,
}

/// The rule that decided a rejection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// The step that decided.
    pub stage: Stage,
    /// A stable machine-readable code, e.g. `expired`, `no_path_found`, `hostname_mismatch`
    /// ([`Failure::code`](crate::Failure::code)).
    pub code: &'static str,
    /// The certificate the rule looked at, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateRef>,
    /// Extra explanation (e.g. what the path builder ran into).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// The verdict for one case. Field names and values of the oracle's fields are identical to the
/// oracle's output so that any case file runs through both and compares.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Verdict {
    /// The JSON line's `id`, echoed (set by [`crate::batch`]; `None` for a typed case).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<serde_json::Value>,
    /// The trust manager's decision (`None` when it did not run: unparseable chain, skip model).
    pub trusted: Option<bool>,
    /// The trust manager's exception message, as the JDK words it.
    pub trust_error: Option<String>,
    /// The validated path's subjects (`X500Principal.toString()`), leaf first, anchor last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub validated_path: Option<Vec<String>>,
    /// The key-exchange auth type JSSE passed to the trust manager.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auth_type: Option<String>,
    /// HttpClient's hostname decision (`None` when it did not run).
    pub hostname_ok: Option<bool>,
    /// HttpClient's `SSLPeerUnverifiedException` message.
    pub hostname_error: Option<String>,
    /// The peer-name form of the hostname message, as HttpClient logs it.
    pub hostname_peer_error: Option<String>,
    /// The host as HttpClient verifies it, when it differs from the case's (an IPv6 literal
    /// without brackets, a normalised name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verified_host: Option<String>,
    /// The TLS handshake got as far as the certificate checks.
    pub negotiation_ok: bool,
    /// The handshake's failure, as JSSE words it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub negotiation_error: Option<String>,
    /// A verdict that depends on what the server does beyond its chain (the oracle's marker).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub server_dependent_warning: Option<String>,
    /// `"Execution failed due to configuration error: " + message`; null = accepted.
    pub gateway_message: Option<String>,
    /// insecureSkipVerification's model ran instead of PKIX: its marker.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skip_verification_model: Option<String>,
    /// True when API Gateway accepts the backend.
    pub accepted: bool,
    /// The rule that rejected it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    /// How the trust decision was reached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<Route>,
    /// What is wrong and how to fix it, plus warnings and our own checks (see
    /// `docs/findings.md`); not part of the oracle's output.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<crate::diagnose::Finding>,
    /// The failure that decided, typed (`None` when accepted or when the case could not be
    /// evaluated); `gateway_message` is its Java message after API Gateway's prefix. Not part
    /// of the JSON.
    #[serde(skip)]
    pub failure: Option<crate::message::Failure>,
    /// The case could not be evaluated (bad input): no verdict fields are meaningful.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The DER of each certificate of `validated_path`, in the same order; set only by an
    /// evaluator built [`with_path_certificates`](crate::Evaluator::with_path_certificates)
    /// (the language bindings return the path as certificates). Not part of the JSON.
    #[serde(skip)]
    pub validated_path_der: Option<Vec<Vec<u8>>>,
}

impl Verdict {
    /// A verdict for a case that could not be evaluated.
    pub fn input_error(id: Option<serde_json::Value>, error: impl Into<String>) -> Verdict {
        Verdict {
            id,
            error: Some(error.into()),
            negotiation_ok: true,
            ..Verdict::default()
        }
    }
}
