//! Every Java message in one place.
//!
//! Checks return typed failures; this module alone turns them into the exact strings the JDK
//! and HttpClient produce, and assembles API Gateway's `gateway_message`: here the trust
//! manager's, the validators', JSSE's and HttpClient's messages; in `parsing` the texts of
//! the exceptions `CertificateFactory` throws while it parses a certificate; in `unchecked`
//! the unchecked exceptions of the JDK's name-constraint code.

pub(crate) mod parsing;
pub(crate) mod unchecked;

use serde::Serialize;

/// API Gateway's prefix for an integration failure.
pub const GATEWAY_PREFIX: &str = "Execution failed due to configuration error: ";

/// `PKIXValidator.doValidate` wraps a `CertPathValidatorException` with this prefix.
const PATH_VALIDATION: &str =
    "PKIX path validation failed: java.security.cert.CertPathValidatorException: ";
/// `PKIXValidator.doBuild`'s message when no path is found.
pub const PATH_BUILDING_GENERIC: &str = "PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target";
/// The anchor check's prefixes, for the validate and build paths.
const ANCHOR_VALIDATION: &str =
    "PKIX path validation failed: sun.security.validator.ValidatorException: ";
const ANCHOR_BUILDING: &str =
    "PKIX path building failed: sun.security.validator.ValidatorException: ";

/// A `CertPathValidatorException` reason, as the per-certificate checkers raise it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PathFailure {
    /// BasicChecker: validity period (expired or not yet valid).
    Validity {
        /// True when past notAfter, false when before notBefore.
        expired: bool,
    },
    /// BasicChecker: the signature does not verify with the issuer's key.
    Signature,
    /// BasicChecker: issuer name differs from the previous subject.
    NameChaining,
    /// ConstraintsChecker: an intermediate without CA:TRUE (or a v1/v2 intermediate).
    NotCa,
    /// ConstraintsChecker: a pathLenConstraint above is exceeded.
    PathLength,
    /// KeyChecker: a CA whose KeyUsage lacks keyCertSign.
    CaKeyUsage,
    /// ConstraintsChecker: a name outside the permitted / inside the excluded subtrees.
    NameConstraints,
    /// ConstraintsChecker: the name-constraints extension cannot be applied (IOException text).
    NameConstraintsError {
        /// The exception's text.
        detail: String,
    },
    /// PKIXMasterCertPathValidator: a critical extension no checker handles.
    UnrecognizedCriticalExtension,
    /// AlgorithmChecker: KeyUsage present with no bit that maps to a primitive.
    IncorrectKeyUsageBits,
    /// AlgorithmChecker: the signature algorithm (or the issuer key it is used with) is refused.
    SignatureAlgorithm {
        /// The algorithm's Java name.
        algorithm: String,
    },
    /// The TLS AlgorithmChecker: the certificate's key algorithm is disabled for TLS (the JDK
    /// knows no size for it and reports -1).
    KeyAlgorithm {
        /// The algorithm's Java name.
        algorithm: String,
    },
    /// AlgorithmChecker: the certificate's own key is below the size limits.
    KeySize {
        /// The algorithm's Java name.
        algorithm: String,
        /// The key size in bits.
        bits: u32,
        /// The certificate's subject, `X500Principal.toString()`.
        subject: String,
    },
    /// A Java runtime exception escapes the validator (e.g. from merging name constraints);
    /// what JSSE then reports is not known, so the text is ours.
    UncheckedJavaException {
        /// The exception's text.
        detail: String,
    },
    /// AlgorithmChecker: `SHA1 jdkCA & usage TLSServer` under a root of the JDK's own cacerts.
    UsageConstraint {
        /// The algorithm's Java name.
        algorithm: String,
        /// The certificate's subject, `X500Principal.toString()`.
        subject: String,
    },
    /// PKIXCertPathValidator: no trust anchor matches the top certificate's issuer and key ids.
    NoTrustAnchor,
    /// PolicyChecker: the certificate-policy rules (RFC 5280 6.1 as the JDK runs them).
    Policy {
        /// The checker's failure.
        failure: PolicyFailure,
    },
}

/// A certificate of the path whose policy extension set a policy counter (for the diagnosis).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyConstraintSource {
    /// `X500Principal.toString()` of its subject.
    pub subject: String,
    /// The SkipCerts value it carries.
    pub value: i32,
}

/// Why the valid-policy tree became empty, for the diagnosis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PolicyTreeEmptied {
    /// The certificate has no certificatePolicies (or a non-critical one Java could not parse
    /// and so ignores).
    NoPolicies {
        /// The certificate's subject, `X500Principal.toString()`.
        subject: String,
        /// Its certificatePolicies was malformed and so ignored (non-critical).
        malformed_ignored: bool,
        /// The policies the certificates above it permit.
        permitted: Vec<String>,
    },
    /// None of the policies it asserts is one the certificates above it permit.
    NoneMatched {
        /// The certificate's subject, `X500Principal.toString()`.
        subject: String,
        /// The policies it asserts.
        asserted: Vec<String>,
        /// The policies the certificates above it permit.
        permitted: Vec<String>,
    },
    /// It asserts only anyPolicy, which inhibitAnyPolicy no longer lets through.
    AnyPolicyInhibited {
        /// The certificate's subject, `X500Principal.toString()`.
        subject: String,
        /// The certificate whose policy constraint set the counter, when known.
        inhibited_by: Option<PolicyConstraintSource>,
    },
    /// Its policyMappings removed the mapped policies (inhibitPolicyMapping had reached 0).
    MappingInhibited {
        /// The certificate's subject, `X500Principal.toString()`.
        subject: String,
        /// The policies its mappings removed.
        mapped: Vec<String>,
        /// The certificate whose policy constraint set the counter, when known.
        inhibited_by: Option<PolicyConstraintSource>,
    },
}

/// A `PolicyChecker` failure (`PKIXReason.INVALID_POLICY`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PolicyFailure {
    /// The explicit-policy counter reached 0 while the valid-policy tree is empty.
    ExplicitPolicyRequired {
        /// The certificate whose requireExplicitPolicy set the counter.
        required_by: Option<PolicyConstraintSource>,
        /// What emptied the tree.
        emptied: Option<PolicyTreeEmptied>,
    },
    /// A critical certificatePolicies entry (other than anyPolicy) carries qualifiers, which
    /// the JDK's default parameters reject.
    CriticalQualifiers {
        /// The policy OID.
        policy: String,
    },
    /// A policyMappings entry maps from anyPolicy.
    IssuerDomainAnyPolicy,
    /// A policyMappings entry maps to anyPolicy.
    SubjectDomainAnyPolicy,
}

impl PolicyFailure {
    /// The `CertPathValidatorException` message `PolicyChecker` throws.
    pub fn java_message(&self) -> &'static str {
        match self {
            PolicyFailure::ExplicitPolicyRequired { .. } => {
                "non-null policy tree required and policy tree is null"
            }
            PolicyFailure::CriticalQualifiers { .. } => {
                "critical policy qualifiers present in certificate"
            }
            PolicyFailure::IssuerDomainAnyPolicy => {
                "encountered an issuerDomainPolicy of ANY_POLICY"
            }
            PolicyFailure::SubjectDomainAnyPolicy => {
                "encountered a subjectDomainPolicy of ANY_POLICY"
            }
        }
    }
}

impl PathFailure {
    /// The `CertPathValidatorException` message.
    pub fn java_message(&self) -> String {
        match self {
            PathFailure::Validity { .. } => "validity check failed".into(),
            PathFailure::Signature => "signature check failed".into(),
            PathFailure::NameChaining => "subject/issuer name chaining check failed".into(),
            PathFailure::NotCa => "basic constraints check failed: this is not a CA certificate".into(),
            PathFailure::PathLength => {
                "basic constraints check failed: pathLenConstraint violated - this cert must be the last cert in the certification path".into()
            }
            PathFailure::CaKeyUsage => "CA key usage check failed: keyCertSign bit is not set".into(),
            PathFailure::NameConstraints => "name constraints check failed".into(),
            PathFailure::NameConstraintsError { detail } => format!("java.io.IOException: {detail}"),
            PathFailure::UnrecognizedCriticalExtension => "unrecognized critical extension(s)".into(),
            PathFailure::IncorrectKeyUsageBits => "incorrect KeyUsage extension bits".into(),
            PathFailure::SignatureAlgorithm { algorithm } => {
                format!("Algorithm constraints check failed on signature algorithm: {algorithm}")
            }
            PathFailure::KeyAlgorithm { algorithm } => {
                format!("Algorithm constraints check failed on key {algorithm} with size of -1bits")
            }
            PathFailure::KeySize { algorithm, bits, subject } => format!(
                "Algorithm constraints check failed on keysize limits: {algorithm} {bits} bit key used with certificate: {subject}"
            ),
            PathFailure::NoTrustAnchor => "Path does not chain with any of the trust anchors".into(),
            PathFailure::Policy { failure } => failure.java_message().into(),
            PathFailure::UsageConstraint { algorithm, subject } => {
                format!("Usage constraint TLSServer check failed: {algorithm} used with certificate: {subject}")
            }
            PathFailure::UncheckedJavaException { detail } => {
                format!("[apigw-tls] the JDK validator throws {detail} (the handshake fails; exact wording unknown)")
            }
        }
    }
}

/// End-entity checks (`EndEntityChecker.checkTLSServer`) after a path is found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EndEntityFailure {
    /// KeyUsage without digitalSignature for an auth type that signs (ECDHE_*, DHE_*, TLS 1.3).
    KeyUsageNoDigitalSignature,
    /// KeyUsage without keyEncipherment for RSA key exchange.
    KeyUsageNoKeyEncipherment,
    /// KeyUsage without keyAgreement for a static (EC)DH key exchange.
    KeyUsageNoKeyAgreement,
    /// An auth type the checker does not know.
    UnknownAuthType {
        /// The auth type as JSSE passed it.
        auth_type: String,
    },
    /// ExtendedKeyUsage without serverAuth (or anyExtendedKeyUsage).
    ExtendedKeyUsage,
    /// A Netscape cert type without SSL server.
    NetscapeCertType,
}

impl EndEntityFailure {
    /// The `CertificateException` message of `EndEntityChecker`.
    pub fn java_message(&self) -> String {
        match self {
            EndEntityFailure::KeyUsageNoDigitalSignature => {
                "KeyUsage does not allow digital signatures".into()
            }
            EndEntityFailure::KeyUsageNoKeyEncipherment => {
                "KeyUsage does not allow key encipherment".into()
            }
            EndEntityFailure::KeyUsageNoKeyAgreement => {
                "KeyUsage does not allow key agreement".into()
            }
            EndEntityFailure::UnknownAuthType { auth_type } => {
                format!("Unknown authType: {auth_type}")
            }
            EndEntityFailure::ExtendedKeyUsage => {
                "Extended key usage does not permit use for TLS server authentication".into()
            }
            EndEntityFailure::NetscapeCertType => {
                "Netscape cert type does not permit use for SSL server".into()
            }
        }
    }
}

/// Which of the JDK's two strategies produced a failure; they word the same problem differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PathStrategy {
    /// `PKIXValidator.doValidate`: the chain as presented (or a prefix of it).
    Validate,
    /// `PKIXValidator.doBuild`: the path builder.
    Build,
}

/// Why the trust step rejected the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TrustFailure {
    /// The server sent no certificate.
    EmptyChain,
    /// A presented certificate the JDK cannot parse.
    Unparseable {
        /// The entry's position in the chain, from 0.
        index: usize,
        /// The exception's text.
        detail: String,
    },
    /// The chain as presented failed a per-certificate check.
    PathValidation {
        /// The checker's failure.
        failure: PathFailure,
    },
    /// The builder found no valid path.
    NoPathFound,
    /// The path's anchor is a v3 certificate without CA:TRUE.
    AnchorNotCa {
        /// Which `PKIXValidator` route met the anchor.
        strategy: PathStrategy,
        /// The certificate's subject, `X500Principal.toString()`.
        subject: String,
    },
    /// The path's anchor has KeyUsage without keyCertSign.
    AnchorNoKeyCertSign {
        /// Which `PKIXValidator` route met the anchor.
        strategy: PathStrategy,
        /// The certificate's subject, `X500Principal.toString()`.
        subject: String,
    },
    /// End-entity check on the leaf.
    EndEntity {
        /// The checker's failure.
        failure: EndEntityFailure,
    },
    /// insecureSkipVerification model: the leaf's validity (`X509Certificate.checkValidity`).
    LeafValidity {
        /// True when past notAfter, false when before notBefore.
        expired: bool,
        /// The date as `java.util.Date.toString()` prints it.
        date: String,
    },
    /// insecureSkipVerification model: the top certificate is not a CA with keyCertSign.
    /// API Gateway's wording is unknown; this message is ours.
    SkipVerificationNoRootCa {
        /// The certificate's subject, `X500Principal.toString()`.
        subject: String,
    },
    /// The work budget ran out before a decision (not a Java message).
    BudgetExceeded {
        /// Which budget ran out.
        what: String,
    },
}

impl TrustFailure {
    /// A stable code for each failure kind (`Rule::code`).
    pub fn code(&self) -> &'static str {
        use self::{EndEntityFailure as E, PathFailure as P};
        match self {
            TrustFailure::EmptyChain => "empty_chain",
            TrustFailure::Unparseable { .. } => "unparseable_certificate",
            TrustFailure::NoPathFound => "no_path_found",
            TrustFailure::AnchorNotCa { .. } => "anchor_not_ca",
            TrustFailure::AnchorNoKeyCertSign { .. } => "anchor_no_key_cert_sign",
            TrustFailure::LeafValidity { expired: true, .. } => "leaf_expired",
            TrustFailure::LeafValidity { expired: false, .. } => "leaf_not_yet_valid",
            TrustFailure::SkipVerificationNoRootCa { .. } => "skip_verification_no_root_ca",
            TrustFailure::BudgetExceeded { .. } => "budget_exceeded",
            TrustFailure::EndEntity { failure } => match failure {
                E::KeyUsageNoDigitalSignature => "key_usage_no_digital_signature",
                E::KeyUsageNoKeyEncipherment => "key_usage_no_key_encipherment",
                E::KeyUsageNoKeyAgreement => "key_usage_no_key_agreement",
                E::UnknownAuthType { .. } => "unknown_auth_type",
                E::ExtendedKeyUsage => "extended_key_usage",
                E::NetscapeCertType => "netscape_cert_type",
            },
            TrustFailure::PathValidation { failure } => match failure {
                P::Validity { expired: true } => "expired",
                P::Validity { expired: false } => "not_yet_valid",
                P::Signature => "signature",
                P::NameChaining => "name_chaining",
                P::NotCa => "not_ca",
                P::PathLength => "path_length",
                P::CaKeyUsage => "ca_key_usage",
                P::NameConstraints => "name_constraints",
                P::NameConstraintsError { .. } => "name_constraints_error",
                P::UnrecognizedCriticalExtension => "unrecognized_critical_extension",
                P::IncorrectKeyUsageBits => "incorrect_key_usage_bits",
                P::SignatureAlgorithm { .. } => "signature_algorithm",
                P::KeySize { .. } => "key_size",
                P::KeyAlgorithm { .. } => "key_algorithm_disabled",
                P::NoTrustAnchor => "no_trust_anchor",
                P::UsageConstraint { .. } => "sha1_under_jdk_root",
                P::UncheckedJavaException { .. } => "unchecked_java_exception",
                P::Policy { failure } => match failure {
                    PolicyFailure::ExplicitPolicyRequired { .. } => {
                        "explicit_policy_required"
                    }
                    PolicyFailure::CriticalQualifiers { .. } => {
                        "critical_policy_qualifiers"
                    }
                    PolicyFailure::IssuerDomainAnyPolicy
                    | PolicyFailure::SubjectDomainAnyPolicy => "any_policy_mapping",
                },
            },
        }
    }

    /// The message the trust manager throws (API Gateway logs it after its prefix).
    pub fn java_message(&self) -> String {
        match self {
            TrustFailure::EmptyChain => "Empty server certificate chain".into(),
            TrustFailure::Unparseable { .. } => "Failed to parse server certificates".into(),
            TrustFailure::PathValidation { failure } => format!("{PATH_VALIDATION}{}", failure.java_message()),
            TrustFailure::NoPathFound => PATH_BUILDING_GENERIC.into(),
            TrustFailure::AnchorNotCa { strategy, subject } => {
                format!("{}TrustAnchor with subject \"{subject}\" is not a CA certificate", anchor_prefix(*strategy))
            }
            TrustFailure::AnchorNoKeyCertSign { strategy, subject } => format!(
                "{}TrustAnchor with subject \"{subject}\" does not have keyCertSign bit set in KeyUsage extension",
                anchor_prefix(*strategy)
            ),
            TrustFailure::EndEntity { failure } => failure.java_message(),
            TrustFailure::LeafValidity { expired: true, date } => format!("NotAfter: {date}"),
            TrustFailure::LeafValidity { expired: false, date } => format!("NotBefore: {date}"),
            TrustFailure::SkipVerificationNoRootCa { subject } => format!(
                "[apigw-tls model, API Gateway's wording unknown] insecureSkipVerification still requires a root CA: the top certificate ({subject}) is not a CA certificate with keyCertSign"
            ),
            TrustFailure::BudgetExceeded { what } => format!("[apigw-tls] work budget exceeded: {what}"),
        }
    }
}

fn anchor_prefix(strategy: PathStrategy) -> &'static str {
    match strategy {
        PathStrategy::Validate => ANCHOR_VALIDATION,
        PathStrategy::Build => ANCHOR_BUILDING,
    }
}

/// The failure that decided a rejection, typed by the step of API Gateway's client that threw
/// it; it renders the exception message API Gateway logs ([`Failure::java_message`]) and names
/// the rule ([`Failure::code`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// One of JSSE's handshake limits refused the server's Certificate message.
    JsseLimit(JsseLimitFailure),
    /// The leaf's key is on a curve the JDK client does not offer: the server cannot complete
    /// the handshake with this certificate.
    UnsupportedLeafCurve,
    /// The trust manager (PKIX, or the insecureSkipVerification model) or the end-entity checks.
    Trust(TrustFailure),
    /// The server required a client certificate the integration does not present: its alert.
    ClientCertificateRequired {
        /// The fatal alert's description (`handshake_failure`, `certificate_required`).
        alert: String,
    },
    /// The server refused the JDK client's handshake before presenting a chain (a live probe):
    /// JSSE's exception message, and the code of the cause the probe made out.
    HandshakeRefused {
        /// JSSE's exception message (`Received fatal alert: handshake_failure`, …).
        message: String,
        /// The cause's finding code (`no_common_cipher_suite`, …, `handshake_refused`).
        code: &'static str,
    },
    /// A TLS 1.2 DHE server's ServerKeyExchange prime is under 1024 bits, which
    /// `jdk.tls.disabledAlgorithms` (`DH keySize < 1024`) refuses (`DHServerKeyExchange`,
    /// after the trust manager has accepted the chain).
    WeakDhPrime {
        /// The prime's bit length.
        bits: usize,
    },
    /// HttpClient's hostname verifier rejected the leaf.
    HostnameMismatch {
        /// The host HttpClient verified.
        host: String,
        /// The leaf's subject, `X500Principal.toString()`.
        subject: String,
    },
}

impl Failure {
    /// The exception message API Gateway logs after [`GATEWAY_PREFIX`].
    pub fn java_message(&self) -> String {
        match self {
            Failure::JsseLimit(limit) => limit.java_message(),
            Failure::UnsupportedLeafCurve => NEGOTIATION_HANDSHAKE_FAILURE.to_string(),
            Failure::Trust(failure) => failure.java_message(),
            Failure::ClientCertificateRequired { alert } => received_fatal_alert(alert),
            Failure::HandshakeRefused { message, .. } => message.clone(),
            Failure::WeakDhPrime { .. } => DH_SERVER_KEY_EXCHANGE_CONSTRAINTS.to_string(),
            Failure::HostnameMismatch { host, subject } => hostname_peer_error(host, subject),
        }
    }

    /// The stable machine-readable code of the rule (`Rule::code`).
    pub fn code(&self) -> &'static str {
        match self {
            Failure::JsseLimit(limit) => limit.code(),
            Failure::UnsupportedLeafCurve => "unsupported_leaf_curve",
            Failure::Trust(failure) => failure.code(),
            Failure::ClientCertificateRequired { .. } => "client_certificate_required",
            Failure::HandshakeRefused { code, .. } => code,
            Failure::WeakDhPrime { .. } => "dh_prime_too_small",
            Failure::HostnameMismatch { .. } => "hostname_mismatch",
        }
    }
}

/// JSSE's `DHServerKeyExchange` consumer refusing the server's DH public key under
/// `jdk.tls.disabledAlgorithms` (an `SSLHandshakeException` raised with the
/// insufficient_security alert; as for [`received_fatal_alert`], without the `(alert) ` prefix
/// JDK 17.0.21's `Alert` adds).
pub const DH_SERVER_KEY_EXCHANGE_CONSTRAINTS: &str =
    "DH ServerKeyExchange does not comply to algorithm constraints";

/// The handshake fails before validation (the leaf's key is on a curve the client does not offer).
pub const NEGOTIATION_HANDSHAKE_FAILURE: &str = "Received fatal alert: handshake_failure";

/// The `SSLHandshakeException` JSSE throws when the server sends a fatal alert
/// (`Alert.AlertConsumer`: `"Received fatal alert: " + alert`). The JDK 17.0.21 reference adds
/// an `(alert) ` prefix (`(certificate_required) Received fatal alert: certificate_required`,
/// confirmed with RealHandshake); API Gateway's JVM predates that prefix (see the SPEC), so
/// the gateway message carries the text without it, as [`NEGOTIATION_HANDSHAKE_FAILURE`] does.
pub fn received_fatal_alert(alert: &str) -> String {
    format!("Received fatal alert: {alert}")
}

/// The `SSLHandshakeException` of a JDK 17.0.21 client whose server chose a version it does
/// not enable (`ServerHello.onServerHello`): the version and the client's active protocols are
/// `ProtocolVersion` enum names (`TLS11`; the client's `[TLS13, TLS12]`). `version` is the
/// JDK's `TLSv1.1`-style name. (A server that honours `supported_versions` answers such a
/// ClientHello with a protocol_version alert instead: [`received_fatal_alert`].)
#[cfg(feature = "probe")]
pub fn server_selected_disabled_version(version: &str) -> String {
    let constant = match version {
        "TLSv1.1" => "TLS11",
        "TLSv1" => "TLS10",
        "SSLv3" => "SSL30",
        other => other,
    };
    format!("The server selected protocol version {constant} is not accepted by client preferences [TLS13, TLS12]")
}

/// The `SSLHandshakeException` of a JDK client whose server chose a cipher suite it did not
/// offer (`ServerHello.ServerHelloMessage`, checked before the version): `suite` as
/// `CipherSuite.nameOf` prints it (`UNKNOWN-CIPHER-SUITE(0xC0FF)` for one it does not know).
#[cfg(feature = "probe")]
pub fn server_selected_improper_suite(suite: &str) -> String {
    let name = match suite.strip_prefix("0x") {
        Some(_) => format!("UNKNOWN-CIPHER-SUITE({suite})"),
        None => suite.to_string(),
    };
    format!("Server selected improper ciphersuite {name}")
}

/// The description JSSE gives an alert code (`sun.security.ssl.Alert`), None for a code it
/// does not know. (rustls spells 112 `UnrecognisedName`; the JDK, like RFC 6066,
/// `unrecognized_name`.)
#[cfg(feature = "probe")]
pub fn jsse_alert_description(code: u8) -> Option<&'static str> {
    Some(match code {
        0 => "close_notify",
        10 => "unexpected_message",
        20 => "bad_record_mac",
        21 => "decryption_failed",
        22 => "record_overflow",
        30 => "decompression_failure",
        40 => "handshake_failure",
        41 => "no_certificate",
        42 => "bad_certificate",
        43 => "unsupported_certificate",
        44 => "certificate_revoked",
        45 => "certificate_expired",
        46 => "certificate_unknown",
        47 => "illegal_parameter",
        48 => "unknown_ca",
        49 => "access_denied",
        50 => "decode_error",
        51 => "decrypt_error",
        60 => "export_restriction",
        70 => "protocol_version",
        71 => "insufficient_security",
        80 => "internal_error",
        86 => "inappropriate_fallback",
        90 => "user_canceled",
        100 => "no_renegotiation",
        109 => "missing_extension",
        110 => "unsupported_extension",
        111 => "certificate_unobtainable",
        112 => "unrecognized_name",
        113 => "bad_certificate_status_response",
        114 => "bad_certificate_hash_value",
        115 => "unknown_psk_identity",
        116 => "certificate_required",
        120 => "no_application_protocol",
        _ => return None,
    })
}

/// JSSE's exception for a fatal alert whose code it does not know (`Alert.AlertConsumer`).
#[cfg(feature = "probe")]
pub fn unknown_alert_description(code: u8) -> String {
    format!("Unknown alert description ({code})")
}

/// JSSE's `CertificateMessage` refusal of a chain over `jdk.tls.maxCertificateChainLength`.
/// `length` is the count at which JSSE stopped reading (the limit plus one), not the chain's.
pub fn jsse_chain_too_long(length: usize, limit: usize) -> String {
    format!("The certificate chain length ({length}) exceeds the maximum allowed length ({limit})")
}

/// JSSE's input-record refusal of a handshake message over `jdk.tls.maxHandshakeMessageSize`.
pub fn jsse_handshake_message_too_large(size: usize, limit: usize) -> String {
    format!("The size of the handshake message ({size}) exceeds the maximum allowed size ({limit})")
}

/// One of JSSE's handshake limits refused the server's Certificate message: the handshake
/// fails before the trust manager sees the chain.
///
/// How the exception surfaces (JDK 17.0.21 `sun.security.ssl`): both checks throw a bare
/// `SSLProtocolException` — the size check in `SSLSocketInputRecord.handleHandshake` while
/// reassembling the message, the length check in `CertificateMessage.T12CertificateMessage` /
/// `T13CertificateMessage` while reading its entries. `SSLTransport.decode` (size) and
/// `SSLSocketImpl.startHandshake` (length) hand it to `TransportContext.fatal`, which, the
/// cause being an `SSLException` already, sends the alert and rethrows that same exception:
/// its message is the text below with no `(alert) ` prefix, even on JDKs whose `Alert` adds
/// one. Confirmed with a real JDK 17.0.21 + HttpClient handshake (oracle `RealHandshake`):
/// `javax.net.ssl.SSLProtocolException: The certificate chain length (11) exceeds the maximum
/// allowed length (10)`. API Gateway logs it like any other exception message, after
/// [`GATEWAY_PREFIX`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsseLimitFailure {
    /// The Certificate message's body is over `jdk.tls.maxHandshakeMessageSize` (checked first,
    /// from the handshake header, before the message is parsed).
    HandshakeMessageSize {
        /// The body length of the message, as in its handshake header.
        size: usize,
        /// The limit (32768).
        limit: usize,
    },
    /// The Certificate message lists more than `jdk.tls.maxCertificateChainLength` entries.
    ChainLength {
        /// The count JSSE reports: it stops reading at the limit plus one.
        reported: usize,
        /// The limit (10).
        limit: usize,
    },
}

impl JsseLimitFailure {
    /// The exception message.
    pub fn java_message(&self) -> String {
        match *self {
            JsseLimitFailure::HandshakeMessageSize { size, limit } => {
                jsse_handshake_message_too_large(size, limit)
            }
            JsseLimitFailure::ChainLength { reported, limit } => {
                jsse_chain_too_long(reported, limit)
            }
        }
    }

    /// The verdict rule's code.
    pub fn code(&self) -> &'static str {
        match self {
            JsseLimitFailure::HandshakeMessageSize { .. } => "jsse_handshake_message_size",
            JsseLimitFailure::ChainLength { .. } => "jsse_certificate_chain_length",
        }
    }
}

/// HttpClient 4.5.2 `DefaultHostnameVerifier.matchIPAddress` / `matchDNSName`: no
/// subjectAltName of the host's type matches (`SSLPeerUnverifiedException`).
pub fn hostname_no_matching_subject_alt(host: &str, subject_alts: &[String]) -> String {
    format!(
        "Certificate for <{host}> doesn't match any of the subject alternative names: [{}]",
        subject_alts.join(", ")
    )
}

/// HttpClient 4.5.2 `DefaultHostnameVerifier.matchCN`: the CN (used only without SANs of the
/// host's type) does not match.
pub fn hostname_common_name_mismatch(host: &str, cn: &str) -> String {
    format!("Certificate for <{host}> doesn't match common name of the certificate subject: {cn}")
}

/// HttpClient 4.5.2 `DefaultHostnameVerifier.verify`: no SAN of the host's type and no CN.
pub fn hostname_no_common_name(host: &str) -> String {
    format!("Certificate subject for <{host}> doesn't contain a common name and does not have alternative names")
}

/// HttpClient 4.5.2 `SSLConnectionSocketFactory.verifyHostname`'s message.
pub fn hostname_peer_error(host: &str, subject: &str) -> String {
    format!("Host name '{host}' does not match the certificate subject provided by the peer ({subject})")
}

/// `gateway_message` for a failure text.
pub fn gateway_message(failure: &str) -> String {
    format!("{GATEWAY_PREFIX}{failure}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_corpus_wordings() {
        assert_eq!(
            TrustFailure::PathValidation { failure: PathFailure::Validity { expired: true } }.java_message(),
            "PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed"
        );
        assert_eq!(
            TrustFailure::AnchorNotCa { strategy: PathStrategy::Validate, subject: "CN=R, O=X".into() }.java_message(),
            "PKIX path validation failed: sun.security.validator.ValidatorException: TrustAnchor with subject \"CN=R, O=X\" is not a CA certificate"
        );
        assert_eq!(
            PathFailure::KeySize { algorithm: "RSA".into(), bits: 512, subject: "CN=api.example.com".into() }.java_message(),
            "Algorithm constraints check failed on keysize limits: RSA 512 bit key used with certificate: CN=api.example.com"
        );
        assert_eq!(
            gateway_message(&hostname_peer_error("a", "CN=b")),
            "Execution failed due to configuration error: Host name 'a' does not match the certificate subject provided by the peer (CN=b)"
        );
        assert_eq!(
            TrustFailure::LeafValidity {
                expired: true,
                date: "D".into()
            }
            .java_message(),
            "NotAfter: D"
        );
    }
}
