//! The diagnosis: every failure of a verdict turned into findings that say, in plain words and
//! with the case's own names, what is wrong and what to change; plus what API Gateway lets
//! through but should not be relied on, and what it cannot know (addresses, settings).
//!
//! The verdict fields stay Java's. Findings are ours: each carries a [`Source`] telling whether
//! it explains the message API Gateway logs, a failure that message hides, or one of our own
//! checks that API Gateway never reports.
//!
//! [`diagnose`] is a pure function of what the evaluation already computed ([`Context`]).

mod code;
mod describe;
#[cfg(feature = "probe")]
mod handshake;
mod host;
mod network;
mod policy;
mod second_opinion;
mod trust;
mod warnings;


use serde::Serialize;

pub use code::{Code, Severity};
#[cfg(feature = "probe")]
pub use handshake::{handshake_failure_verdict, RefusalCause};
#[cfg(feature = "probe")]
pub use network::resolution_findings;

use crate::case::Case;
use crate::cert::Certificate;
use crate::constraints::TlsVersion;
use crate::hostname::HostnameCheck;
use crate::message::{EndEntityFailure, TrustFailure};
use crate::time::Millis;
use crate::trust::{Origin, Rejection, TrustStore, TrustedPath};
use crate::verdict::{CertificateRef, Stage, Verdict};

/// Where a finding comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// It explains the message API Gateway logs for this case (`gateway_message`).
    GatewayMessage,
    /// A failure API Gateway would report once the one it logs now is fixed (it checks
    /// negotiation, then trust, then the hostname, and logs only the first failure).
    NextFailure,
    /// Our own check: API Gateway logs no such message.
    ApigwTls,
}

/// One finding: what is wrong (or worth knowing) and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable machine-readable kind (see `docs/findings.md`).
    pub code: Code,
    /// How much it matters.
    pub severity: Severity,
    /// Whether it explains API Gateway's message or is our own observation.
    pub source: Source,
    /// One line.
    pub title: String,
    /// What happens and why, with the case's own names.
    pub explanation: String,
    /// The concrete change to make, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    /// The certificate it concerns, when it concerns one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateRef>,
}

impl Finding {
    /// A finding with the code's default severity, from our own checks.
    pub fn new(code: Code, title: impl Into<String>, explanation: impl Into<String>) -> Finding {
        Finding {
            code,
            severity: code.default_severity(),
            source: Source::ApigwTls,
            title: title.into(),
            explanation: sentence(explanation.into()),
            fix: None,
            certificate: None,
        }
    }

    /// Sets the fix.
    pub fn fix(mut self, fix: impl Into<String>) -> Finding {
        self.fix = Some(fix.into());
        self
    }

    /// Sets the certificate.
    pub fn on(mut self, certificate: Option<CertificateRef>) -> Finding {
        self.certificate = certificate;
        self
    }

    /// Sets the source.
    pub fn source(mut self, source: Source) -> Finding {
        self.source = source;
        self
    }

    /// Overrides the severity.
    pub fn severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }
}

/// The text with its first letter capitalised (explanations often start with a label such as
/// "the leaf `CN=…`").
fn sentence(mut s: String) -> String {
    if let Some(first) = s.chars().next() {
        if first.is_lowercase() {
            let upper: String = first.to_uppercase().collect();
            s.replace_range(..first.len_utf8(), &upper);
        }
    }
    s
}

/// What the trust step concluded, with its typed details.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrustOutcome {
    /// The chain never reached the validator: empty, or a certificate did not parse.
    NotParsed(TrustFailure),
    /// insecureSkipVerification's model ran instead of PKIX: `None` = it passed, else its
    /// failure and the certificate it concerns.
    SkipModel(Option<(TrustFailure, Option<Origin>)>),
    /// The PKIX validator found a path; `end_entity` is the end-entity check's failure.
    Path {
        path: TrustedPath,
        end_entity: Option<EndEntityFailure>,
    },
    /// The PKIX validator rejected the chain.
    Rejected(Rejection),
}

impl TrustOutcome {
    /// The outcome of `trust::decide` (end-entity checks not run yet).
    pub fn from_decision(decision: &Result<TrustedPath, Rejection>) -> TrustOutcome {
        match decision {
            Ok(path) => TrustOutcome::Path {
                path: path.clone(),
                end_entity: None,
            },
            Err(rejection) => TrustOutcome::Rejected(rejection.clone()),
        }
    }

    /// Records the end-entity checks' failure on a found path (no effect otherwise).
    pub fn set_end_entity(&mut self, failure: EndEntityFailure) {
        if let TrustOutcome::Path { end_entity, .. } = self {
            *end_entity = Some(failure);
        }
    }
}

/// Everything the evaluation computed for one case.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The parsed chain, leaf first (empty when it did not parse).
    pub chain: &'a [Certificate],
    /// The trust store (None when it was not consulted: skip model, unparsed chain).
    pub store: Option<&'a TrustStore>,
    /// The verdict so far (its `findings` are ignored).
    pub verdict: &'a Verdict,
    /// The trust step's outcome.
    pub trust: &'a TrustOutcome,
    /// The hostname check (None when the chain did not parse).
    pub hostname: Option<&'a HostnameCheck>,
    /// The host the certificate is checked against (serverNameToVerify when set).
    pub host: &'a str,
    /// The validation time.
    pub now: Millis,
    /// The TLS version modelled.
    pub tls: TlsVersion,
    /// The case: API Gateway's settings, the URL, the addresses, what the prober saw.
    pub case: &'a Case,
    /// JSSE's handshake limit the server's Certificate message breaks, with its entry count.
    pub jsse_limit: Option<(crate::message::JsseLimitFailure, usize)>,
}

/// Every finding for one evaluated case: errors first, and among them the ones that explain
/// API Gateway's message first.
pub fn diagnose(ctx: &Context<'_>) -> Vec<Finding> {
    let decided = ctx.verdict.rule.as_ref().map(|r| step_of(r.stage));
    // A failure explains the logged message when API Gateway's client stopped at its step;
    // otherwise it is what would be logged next. Anything else is our own observation.
    let label = |step: Step| {
        move |f: Finding| {
            if f.severity != Severity::Error {
                f
            } else if decided == Some(step) {
                f.source(Source::GatewayMessage)
            } else {
                f.source(Source::NextFailure)
            }
        }
    };

    let mut out = Vec::new();
    out.extend(
        trust::negotiation(ctx)
            .into_iter()
            .chain(warnings::jsse_handshake_limits(ctx))
            .chain(trust::client_certificate(ctx))
            .map(label(Step::Negotiation)),
    );
    out.extend(trust::findings(ctx).into_iter().map(label(Step::Trust)));
    out.extend(host::findings(ctx).into_iter().map(label(Step::Hostname)));
    out.extend(network::settings_findings(ctx));
    out.extend(network::address_findings(ctx));
    out.extend(warnings::findings(ctx));
    out.extend(second_opinion::findings(ctx));

    // Stable: within a severity, the gateway's own failure first, then later failures, then ours.
    out.sort_by_key(|f| (f.severity, source_rank(f.source)));
    out
}

/// API Gateway's client: the handshake, the trust manager (PKIX, end-entity checks or the
/// skip-verification model), then HttpClient's hostname verifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Input,
    Negotiation,
    Trust,
    Hostname,
}

fn step_of(stage: Stage) -> Step {
    match stage {
        Stage::Input => Step::Input,
        Stage::Negotiation | Stage::ClientCertificate => Step::Negotiation,
        Stage::Trust | Stage::EndEntity | Stage::SkipVerification => Step::Trust,
        Stage::Hostname => Step::Hostname,
    }
}

fn source_rank(s: Source) -> u8 {
    match s {
        Source::GatewayMessage => 0,
        Source::NextFailure => 1,
        Source::ApigwTls => 2,
    }
}
