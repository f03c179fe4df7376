//! # apigw-tls
//!
//! Tells, before deploying, whether Amazon API Gateway will accept an HTTPS backend — and if
//! not, the exact message API Gateway will log, the rule that fired, on which certificate.
//!
//! API Gateway calls HTTPS backends with a Java client: JDK 17 PKIX trust and Apache HttpClient
//! 4.5.2's hostname check. This crate reproduces that client's decision byte for byte, as a pure
//! function over the case (host, presented chain, trust store, time, TLS version, settings).
//!
//! ```
//! use apigw_tls::{Case, Evaluator, TrustStore};
//!
//! let evaluator = Evaluator::new(TrustStore::new());
//! let verdict = evaluator.evaluate(&Case::new("api.example.com", vec![]));
//! assert!(!verdict.accepted);
//! assert_eq!(
//!     verdict.gateway_message.as_deref(),
//!     Some("Execution failed due to configuration error: Empty server certificate chain")
//! );
//! ```
//!
//! The flow of one case (the modules are private; README's "How it is built" names them): parse
//! each certificate as `X509CertImpl` does, reproduce `PKIXValidator` (validate-as-presented
//! versus the path builder), the end-entity checks for a TLS server, HttpClient 4.5.2's hostname
//! verifier, then render every Java string and explain the verdict ([`Finding`]s).
//!
//! * Input: [`Case`] (typed), or a JSON line ([`CaseJson`], the Java oracle's format) through
//!   [`batch`].
//! * The function: [`Evaluator::evaluate`], over a [`TrustStore`] ([`default_trust_store`] is
//!   API Gateway's CAs).
//! * Output: [`Verdict`] — Java's fields and message, the [`Rule`] that fired, [`Finding`]s.
//! * Feature `probe` (off by default): `probe`, the live probe and the scan of API
//!   definitions. The command line is the `apigw-tls-cli` crate.

#![forbid(unsafe_code)]
#![cfg_attr(not(any(fuzzing, feature = "internals")), deny(missing_docs))]

/// The engine's modules: private, except to the project's own fuzzers, benchmarks and tests
/// (`cfg(fuzzing)` or the undocumented `internals` feature), which reach the parser, the
/// crypto and the name code directly. Not part of the API.
macro_rules! internal_modules {
    ($($name:ident),* $(,)?) => {
        $(
            #[cfg(any(fuzzing, feature = "internals"))]
            #[doc(hidden)]
            pub mod $name;
            #[cfg(not(any(fuzzing, feature = "internals")))]
            mod $name;
        )*
    };
}

internal_modules!(
    apigw,
    case,
    cert,
    constraints,
    crypto,
    der,
    diagnose,
    end_entity,
    evaluate,
    general_name,
    hostname,
    jsonl,
    message,
    name,
    name_constraints,
    pem,
    psl,
    time,
    trust,
    verdict,
);

pub mod batch;
#[cfg(feature = "probe")]
pub mod probe;
pub mod trust_store;

pub use self::time::TimeError;
pub use apigw::{default_trust_store, trust_store_with, SKIP_VERIFICATION_DOC};
pub use case::{
    url_host, ApiGatewaySettings, Case, CaseError, ClientCertificateRequest, Handshake,
    Integration, TlsVersion, UnknownIntegration,
};
pub use cert::{certificate_subject, CertError};
pub use diagnose::{Code, Finding, Severity, Source};
pub use end_entity::{is_known_auth_type, known_auth_types};
pub use evaluate::{route_description, Evaluator, MAX_CASE_ROOTS, MAX_CHAIN_LEN};
pub use jsonl::{parse_time, CaseJson};
pub use message::{
    EndEntityFailure, Failure, JsseLimitFailure, PathFailure, PathStrategy, PolicyConstraintSource,
    PolicyFailure, PolicyTreeEmptied, TrustFailure, GATEWAY_PREFIX,
};
pub use pem::{
    certificate_file, decode_certificate_input, der_to_pem, pem_blocks, pem_certificates,
    CertificateFileError, PemError,
};
pub use trust::{Anchor, Budget, Origin, Route, TrustStore};
pub use verdict::{CertificateRef, Rule, Stage, Verdict};
