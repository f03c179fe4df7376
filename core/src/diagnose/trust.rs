//! Findings for the handshake and trust steps: one specific finding per failure kind, and for
//! the path builder's single generic message, the reasons told apart from the chain itself.

use crate::cert::Certificate;
use crate::constraints;
use crate::crypto::{Curve, PublicKeyKind};
use crate::message::{EndEntityFailure, Failure, PathFailure, TrustFailure};
use crate::trust::checks::has_unrecognized_critical;
use crate::trust::{Origin, Rejection, Route};

use super::describe::{
    self, date, is_ca, quoted_issuer, quoted_list, quoted_subject, CertNames, Located,
};
use super::{Code, Context, Finding, TrustOutcome};

mod end_entity;
mod no_path;
mod path;

use end_entity::*;
use no_path::*;
use path::*;

/// The negotiation failure (the leaf's curve), when there is one.
pub fn negotiation(ctx: &Context<'_>) -> Vec<Finding> {
    if ctx.verdict.negotiation_ok {
        return vec![];
    }
    if let Some(Failure::WeakDhPrime { bits }) = &ctx.verdict.failure {
        return vec![Finding::new(
            Code::DhPrimeTooSmall,
            "The server's Diffie-Hellman group is too small for API Gateway's client",
            format!(
                "The server negotiates a DHE cipher suite under TLS 1.2 with a {bits}-bit prime. JDK 17 refuses DH keys under 1024 bits (jdk.tls.disabledAlgorithms: DH keySize < 1024), so the handshake fails after the certificate is trusted and before the host name is checked."
            ),
        )
        .source(crate::diagnose::Source::GatewayMessage)
        .fix(format!(
            "configure `{}`'s server with a DH group of at least 2048 bits (RFC 7919 ffdhe2048), or prefer ECDHE cipher suites, or enable TLS 1.3",
            ctx.host
        ))];
    }
    let Some(leaf) = located(ctx, Origin::Presented(0)) else {
        return vec![];
    };
    // The other handshake failures (JSSE's limits) have their own findings.
    let curve = match &leaf.cert.key {
        PublicKeyKind::Ec { curve, .. }
            if !matches!(curve, Curve::P256 | Curve::P384 | Curve::P521) =>
        {
            curve.display_name()
        }
        _ => return vec![],
    };
    vec![Finding::new(
        Code::UnsupportedLeafCurve,
        "The leaf's key is on a curve API Gateway's client does not offer",
        format!(
            "{} has an EC key on {curve}. The JDK client offers ECDSA only on P-256, P-384 and P-521, so the server cannot authenticate and the handshake fails before any certificate check.",
            leaf.label()
        ),
    )
    .fix(format!(
        "reissue the certificate for `{}` with an ECDSA key on P-256 or P-384 (or an RSA 2048-bit key)",
        ctx.host
    ))
    .on(Some(leaf.reference()))]
}

/// The server's request for a client certificate: what it asked for, and whether the handshake
/// fails (it requires one and the integration presents none) or goes on.
pub fn client_certificate(ctx: &Context<'_>) -> Vec<Finding> {
    let Some(request) = &ctx.case.handshake.client_certificate_request else {
        return vec![];
    };
    let authorities = if request.authorities.is_empty() {
        "without naming the CAs it accepts".to_string()
    } else {
        format!(
            "issued by one of: {}",
            request
                .authorities
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    let asked = format!("The server asks for a client certificate (mutual TLS) {authorities}");
    let finding = match (&request.refused_with, ctx.case.settings.client_certificate) {
        (Some(alert), false) => Finding::new(
            Code::ClientCertificateRequired,
            "The server requires a client certificate that API Gateway does not present",
            format!(
                "{asked}. Without one, JSSE sends an empty Certificate message and the server ends the handshake with the {alert} alert: \"{}\".",
                crate::message::received_fatal_alert(alert)
            ),
        )
        .fix(format!(
            "generate a client certificate for the REST API stage (API Gateway presents it to `{}`) and make the server trust its issuer, or stop requiring client certificates on the server",
            ctx.host
        )),
        (Some(alert), true) => Finding::new(
            Code::ClientCertificateRequested,
            "The server requires a client certificate: the stage's must be accepted",
            format!(
                "{asked}; without one it sends {alert}. The integration presents the stage's client certificate, so the handshake is modelled as going on: it succeeds only if the server trusts that certificate's issuer (API Gateway's client certificates are self-signed: add its PEM to the server's trusted client CAs)."
            ),
        )
        .fix("add the stage's client certificate (its PEM from API Gateway) to the CAs the server trusts for client authentication"),
        (None, _) => Finding::new(
            Code::ClientCertificateRequested,
            "The server asks for a client certificate but does not require one",
            format!("{asked}; the handshake went on without one, as it does for API Gateway without a client certificate."),
        ),
    };
    vec![finding]
}

/// The trust step's failures.
pub fn findings(ctx: &Context<'_>) -> Vec<Finding> {
    match ctx.trust {
        TrustOutcome::NotParsed(failure) => failure_findings(ctx, failure, None, None),
        TrustOutcome::SkipModel(None) => vec![],
        TrustOutcome::SkipModel(Some((failure, origin))) => {
            failure_findings(ctx, failure, *origin, None)
        }
        TrustOutcome::Path {
            end_entity: None, ..
        } => vec![],
        TrustOutcome::Path {
            end_entity: Some(f),
            ..
        } => vec![end_entity(ctx, f)],
        TrustOutcome::Rejected(r) => failure_findings(ctx, &r.failure, r.certificate, Some(r)),
    }
}

fn located<'a>(ctx: &Context<'a>, origin: Origin) -> Option<Located<'a>> {
    Located::at(origin, ctx.chain, ctx.store)
}

/// Every trust failure kind, mapped to its finding(s).
fn failure_findings(
    ctx: &Context<'_>,
    failure: &TrustFailure,
    origin: Option<Origin>,
    rejection: Option<&Rejection>,
) -> Vec<Finding> {
    let at = origin.and_then(|o| located(ctx, o));
    let reference = at.map(|l| l.reference());
    let host = ctx.host;
    match failure {
        TrustFailure::EmptyChain => vec![Finding::new(
            Code::EmptyChain,
            "The server sends no certificate",
            format!("The TLS server for `{host}` presented an empty certificate list, so there is nothing to validate."),
        )
        .fix(format!(
            "configure a certificate for `{host}` on the listener (on an NLB, a TLS listener with an ACM certificate; on a server, the certificate and its chain)"
        ))],
        TrustFailure::Unparseable { index, detail } => vec![Finding::new(
            Code::UnparseableCertificate,
            "The server sends a certificate the JDK cannot parse",
            format!(
                "Certificate [{index}] of the chain presented for `{host}` is malformed for Java's CertificateFactory ({detail}); JSSE stops at \"Failed to parse server certificates\"."
            ),
        )
        .fix(format!(
            "reissue certificate [{index}] of the chain served for `{host}` with a standard tool (each extension once, matching signature algorithms, a subject or a SAN), or remove it from the chain if it is not needed"
        ))],
        TrustFailure::NoPathFound => no_path(ctx, rejection.and_then(|r| r.search.as_deref())),
        TrustFailure::PathValidation { failure } => {
            let issuer = rejection.and_then(|r| r.issuer).and_then(|o| located(ctx, o));
            vec![path_failure(ctx, failure, at, issuer)]
        }
        TrustFailure::AnchorNotCa { subject, .. } => vec![Finding::new(
            Code::TrustAnchorNotCa,
            "The trusted certificate at the top of the path is not a CA",
            format!(
                "The path ends at the trusted certificate `{subject}`, a v3 certificate without basicConstraints CA:TRUE. Java refuses a trust anchor that is not a CA, even though it is in the trust store."
            ),
        )
        .fix(format!(
            "trust the CA certificate that issued the chain instead of `{subject}` (or reissue that root with basicConstraints CA:TRUE and keyCertSign)"
        ))
        .on(reference)],
        TrustFailure::AnchorNoKeyCertSign { subject, .. } => vec![Finding::new(
            Code::TrustAnchorWithoutKeyCertSign,
            "The trusted certificate at the top of the path may not sign certificates",
            format!("The trust anchor `{subject}` has a KeyUsage extension without keyCertSign, which Java requires of an anchor."),
        )
        .fix(format!("trust a root whose KeyUsage includes keyCertSign (reissue `{subject}` with keyCertSign and cRLSign)"))
        .on(reference)],
        TrustFailure::EndEntity { failure } => vec![end_entity(ctx, failure)],
        TrustFailure::LeafValidity { expired, .. } => {
            let mut f = validity(ctx, at, *expired, false);
            f.explanation.push_str(
                " Under insecureSkipVerification API Gateway does not require a trusted CA, but it still checks that the leaf is within its validity period.",
            );
            vec![f]
        }
        TrustFailure::SkipVerificationNoRootCa { subject } => vec![Finding::new(
            Code::SkipVerificationNoRootCa,
            "insecureSkipVerification still needs a root CA certificate at the top of the chain",
            format!(
                "API Gateway documents that with insecureSkipVerification it still checks \"the presence of a root CA\". The top certificate of the chain, `{subject}`, is not a CA certificate (basicConstraints CA:TRUE) with keyCertSign. This message is our model's; API Gateway's own wording is unknown."
            ),
        )
        .fix(format!(
            "send the chain up to a root CA certificate (CA:TRUE, KeyUsage keyCertSign); for a self-signed certificate, regenerate `{subject}` with basicConstraints CA:TRUE and keyUsage keyCertSign, digitalSignature"
        ))
        .on(reference)],
        TrustFailure::BudgetExceeded { what } => vec![Finding::new(
            Code::BudgetExceeded,
            "The chain is too complex to evaluate",
            format!(
                "The evaluation of the chain for `{host}` stopped after exhausting its budget of {what}. Such a chain (many certificates with the same names, keys with oversized parameters, thousands of name constraints, certificate policies that multiply with every mapping) is pathological; Java may still decide, but only after seconds or minutes."
            ),
        )
        .fix(format!("serve only the certificate for `{host}` and the intermediates that lead to its root"))],
    }
}

/// Whether the decision came from the builder (for warnings elsewhere).
pub fn route_of(ctx: &Context<'_>) -> Option<Route> {
    match ctx.trust {
        TrustOutcome::Path { path, .. } => Some(path.route),
        TrustOutcome::Rejected(r) => Some(r.route),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn continues_sentences() {
        assert_eq!(lower_first("The leaf `CN=a`"), "the leaf `CN=a`");
        assert_eq!(lower_first(""), "");
    }

    #[test]
    fn names_extended_key_usages() {
        assert_eq!(eku_name("1.3.6.1.5.5.7.3.2"), "clientAuth");
        assert_eq!(eku_name("1.2.3"), "1.2.3");
    }
}
