//! A handshake the server ended before the JDK client could see its chain: the verdict carries
//! the exception JSSE throws (its message in [`crate::message`]), and one finding says what the
//! server wanted instead, as far as the live probe could tell (see [`RefusalCause`]).

use serde::Serialize;

use super::{Code, Finding, Source};
use crate::verdict::{Rule, Stage, Verdict};

/// What a server that refused the JDK 17.0.21 client's ClientHello wanted instead, found by
/// offering it, on a second connection, the JDK's offer plus what the JDK disables or lacks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RefusalCause {
    /// It speaks only a TLS version the JDK disables (`jdk.tls.disabledAlgorithms`: TLSv1,
    /// TLSv1.1) — the version it chose, as the JDK names it (`TLSv1.1`).
    ProtocolVersion {
        /// The version it chose.
        version: String,
    },
    /// It chose a cipher suite the JDK does not offer (TLS_RSA_* key exchange, CCM, ...).
    CipherSuite {
        /// The suite it chose.
        suite: String,
        /// Under TLS 1.3 (where the JDK has only the GCM and ChaCha20 suites).
        tls13: bool,
    },
    /// It chose a key-exchange group the JDK does not offer (a brainpool curve, ...).
    Group {
        /// The group it chose.
        group: String,
    },
    /// Offered more groups, suites and schemes, it went on with a version, suite and group the
    /// JDK offers: what it lacked is a signature scheme for its certificate (an ECDSA key on a
    /// brainpool curve, a scheme the JDK does not list).
    SignatureScheme,
    /// It refused the wider offer too: the probe cannot tell why.
    Unknown,
}

impl RefusalCause {
    /// The finding code.
    pub fn code(&self) -> Code {
        match self {
            RefusalCause::ProtocolVersion { .. } => Code::ProtocolVersionDisabled,
            RefusalCause::CipherSuite { .. } => Code::NoCommonCipherSuite,
            RefusalCause::Group { .. } => Code::NoCommonGroup,
            RefusalCause::SignatureScheme => Code::NoCommonSignatureScheme,
            RefusalCause::Unknown => Code::HandshakeRefused,
        }
    }

    /// One line on what the server wanted (the probe failure's hint).
    pub fn hint(&self) -> String {
        match self {
            RefusalCause::ProtocolVersion { version } => format!(
                "the server speaks only {version} or older, which JDK 17.0.21 disables (it offers TLSv1.3 and TLSv1.2)"
            ),
            RefusalCause::CipherSuite { suite, tls13: true } => format!(
                "no TLS 1.3 cipher suite in common: the server wants {suite}; JDK 17.0.21 offers only TLS_AES_256_GCM_SHA384, TLS_AES_128_GCM_SHA256 and TLS_CHACHA20_POLY1305_SHA256"
            ),
            RefusalCause::CipherSuite { suite, tls13: false } if suite.starts_with("TLS_RSA_") || suite.starts_with("SSL_RSA_") => format!(
                "no cipher suite in common: the server wants {suite}, RSA key exchange, which JDK 17.0.21 disables (jdk.tls.disabledAlgorithms: TLS_RSA_*); it offers ECDHE and DHE suites"
            ),
            RefusalCause::CipherSuite { suite, tls13: false } => format!(
                "no cipher suite in common: the server wants {suite}, which JDK 17.0.21 does not offer (it offers ECDHE and DHE with AES-GCM, ChaCha20-Poly1305 or AES-CBC)"
            ),
            RefusalCause::Group { group } => format!(
                "no key-exchange group in common: the server wants {group}; JDK 17.0.21 offers x25519, secp256r1, secp384r1, secp521r1, x448 and ffdhe2048-8192"
            ),
            RefusalCause::SignatureScheme => "no signature scheme in common: version, cipher suite and group are ones JDK 17.0.21 offers, so the server found no scheme the JDK accepts for its certificate (an ECDSA key on a brainpool curve, or a signature algorithm the JDK does not list)".into(),
            RefusalCause::Unknown => "the server refused the JDK 17.0.21 client's ClientHello, and a wider one too; the probe cannot tell which parameter it lacks".into(),
        }
    }

    fn fix(&self, host: &str) -> String {
        match self {
            RefusalCause::ProtocolVersion { .. } => format!("enable TLS 1.2 (and TLS 1.3) on the server for `{host}`"),
            RefusalCause::CipherSuite { tls13: true, .. } => "enable TLS_AES_128_GCM_SHA256 or TLS_AES_256_GCM_SHA384 (or TLS_CHACHA20_POLY1305_SHA256) among the server's TLS 1.3 cipher suites".into(),
            RefusalCause::CipherSuite { .. } => "enable an ECDHE suite with AES-GCM on the server (e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, or TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 for an ECDSA key)".into(),
            RefusalCause::Group { .. } => "enable x25519 or secp256r1 (P-256) among the server's key-exchange groups".into(),
            RefusalCause::SignatureScheme => format!("serve `{host}` a certificate with an RSA key or an ECDSA key on P-256 / P-384 / P-521, and allow SHA-256 or stronger signature schemes"),
            RefusalCause::Unknown => "check the server's TLS settings against the JDK 17 client's: TLS 1.2 or 1.3, ECDHE with AES-GCM, x25519 / P-256 groups, an RSA or P-256 / P-384 certificate".into(),
        }
    }
}

/// The verdict of a handshake that failed before the chain reached the trust manager:
/// `java_message` is the exception's message (from [`crate::message`]); `cause` what the probe
/// found the server wanted, when it looked.
pub fn handshake_failure_verdict(
    id: Option<serde_json::Value>,
    java_message: String,
    cause: Option<&RefusalCause>,
    host: &str,
) -> Verdict {
    let cause = cause.cloned().unwrap_or(RefusalCause::Unknown);
    let finding = Finding::new(
        cause.code(),
        "The server refuses the handshake of API Gateway's Java client",
        format!(
            "Java fails with \"{java_message}\" before it sees the certificate chain: {}.",
            cause.hint()
        ),
    )
    .source(Source::GatewayMessage)
    .fix(cause.fix(host));
    let failure = crate::message::Failure::HandshakeRefused {
        message: java_message.clone(),
        code: cause.code().as_str(),
    };
    Verdict {
        id,
        negotiation_ok: false,
        gateway_message: Some(crate::message::gateway_message(&failure.java_message())),
        negotiation_error: Some(java_message),
        accepted: false,
        rule: Some(Rule {
            stage: Stage::Negotiation,
            code: failure.code(),
            certificate: None,
            detail: Some(cause.hint()),
        }),
        verified_host: Some(host.to_string()),
        findings: vec![finding],
        failure: Some(failure),
        ..Verdict::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_java_s_failure_with_a_specific_hint() {
        let cause = RefusalCause::CipherSuite {
            suite: "TLS_RSA_WITH_AES_128_GCM_SHA256".into(),
            tls13: false,
        };
        let v = handshake_failure_verdict(
            None,
            crate::message::received_fatal_alert("handshake_failure"),
            Some(&cause),
            "api.example.com",
        );
        assert!(!v.accepted);
        assert_eq!(
            v.gateway_message.as_deref(),
            Some("Execution failed due to configuration error: Received fatal alert: handshake_failure")
        );
        assert_eq!(v.rule.as_ref().unwrap().code, "no_common_cipher_suite");
        assert!(v.findings[0].explanation.contains("TLS_RSA_*"));
        let group = RefusalCause::Group {
            group: "brainpoolP256r1".into(),
        };
        assert!(!group.hint().contains("TLS_RSA"));
        assert_eq!(
            handshake_failure_verdict(None, "m".into(), None, "h").findings[0].code,
            Code::HandshakeRefused
        );
    }
}
