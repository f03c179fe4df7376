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
//! let case = Case { chain: Some(vec![]), host: Some("api.example.com".into()), ..Case::default() };
//! let verdict = evaluator.evaluate(&case);
//! assert!(!verdict.accepted);
//! assert_eq!(
//!     verdict.gateway_message.as_deref(),
//!     Some("Execution failed due to configuration error: Empty server certificate chain")
//! );
//! ```
//!
//! The flow of one case: [`cert`] parses as the JDK parses, [`trust`] reproduces
//! `PKIXValidator` (validate-as-presented versus the path builder), [`end_entity`] the TLS server
//! checks, [`hostname`] HttpClient 4.5.2, and [`message`] renders every Java string.

#![forbid(unsafe_code)]

pub mod apigw;
pub mod batch;
pub mod case;
pub mod cert;
pub mod constraints;
pub mod crypto;
pub mod der;
pub mod diagnose;
pub mod end_entity;
pub mod evaluate;
pub mod general_name;
pub mod hostname;
pub mod jsonl;
pub mod message;
pub mod name;
pub mod name_constraints;
#[cfg(feature = "probe")]
pub mod probe;
pub mod psl;
pub mod time;
pub mod trust;
pub mod trust_store;
pub mod verdict;

pub use apigw::{default_trust_store, trust_store_with};
pub use case::{ApiGatewaySettings, Case, CaseError, Handshake, Integration, TlsVersion};
pub use evaluate::Evaluator;
pub use jsonl::{parse_time, CaseJson};
pub use trust::TrustStore;
pub use trust_store::{pem_certificates, PemError};
pub use verdict::Verdict;
