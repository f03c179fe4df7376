//! Findings for the handshake and trust steps: one specific finding per failure kind, and for
//! the path builder's single generic message, the reasons told apart from the chain itself.

use crate::cert::Certificate;
use crate::constraints;
use crate::crypto::{Curve, PublicKeyKind};
use crate::message::{EndEntityFailure, PathFailure, TrustFailure};
use crate::trust::checks::has_unrecognized_critical;
use crate::trust::{Origin, Rejection, Route};

use super::describe::{
    self, date, is_ca, quoted_issuer, quoted_list, quoted_subject, CertNames, Located,
};
use super::{Code, Context, Finding, TrustOutcome};

/// The negotiation failure (the leaf's curve), when there is one.
pub fn negotiation(ctx: &Context<'_>) -> Vec<Finding> {
    if ctx.verdict.negotiation_ok {
        return vec![];
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

/// Does `issuer`'s key verify `child`'s signature? `None` when the budget the trust step left
/// does not cover the check.
fn signed_by(ctx: &Context<'_>, child: &Certificate, issuer: &Certificate) -> Option<bool> {
    ctx.signatures?
        .borrow_mut()
        .signature_ok(child, issuer)
        .ok()
}

/// The certificate that issued `origin` in the validated chain: the next presented one when
/// it has the issuer's name, else a trusted certificate of that name (one whose key verifies
/// the signature when there is one).
fn issuer_of<'a>(ctx: &Context<'a>, origin: Origin) -> Option<Located<'a>> {
    let Origin::Presented(i) = origin else {
        return None;
    };
    let child = ctx.chain.get(i)?;
    if let Some(next) = ctx.chain.get(i + 1) {
        if next.subject == child.issuer {
            return Some(Located {
                origin: Origin::Presented(i + 1),
                cert: next,
            });
        }
    }
    let store = ctx.store?;
    let anchors: Vec<(usize, &Certificate)> = store
        .with_subject(&child.issuer)
        .map(|(k, a)| (k, &a.cert))
        .collect();
    let (k, cert) = anchors
        .iter()
        .find(|(_, a)| signed_by(ctx, child, a) == Some(true))
        .or(anchors.first())
        .copied()?;
    Some(Located {
        origin: Origin::Anchor(k),
        cert,
    })
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
        TrustFailure::NoPathFound => no_path(ctx, rejection.and_then(|r| r.builder_note.as_deref())),
        TrustFailure::PathValidation { failure } => vec![path_failure(ctx, failure, at)],
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

// ---------------------------------------------------------------------------------------------
// The builder's generic message

/// How the issuer names lead up from the leaf through the presented certificates.
struct Walk {
    /// Presented positions, leaf first.
    steps: Vec<usize>,
    end: WalkEnd,
}

enum WalkEnd {
    /// The last step's issuer is a trusted name.
    Trusted,
    /// The last step is self-issued and not trusted.
    UntrustedRoot,
    /// The last step's issuer is neither presented nor trusted.
    MissingIssuer,
}

/// Candidate issuers tried for a signature per step (bounds the work on hostile chains).
const WALK_SIGNATURE_TRIES: usize = 4;

fn walk(ctx: &Context<'_>) -> Walk {
    let (chain, store) = (ctx.chain, ctx.store);
    let mut steps = vec![0];
    let mut cur = 0;
    loop {
        let Some(cert) = chain.get(cur) else {
            return Walk {
                steps,
                end: WalkEnd::MissingIssuer,
            };
        };
        if store.is_some_and(|s| s.has_subject(&cert.issuer)) {
            return Walk {
                steps,
                end: WalkEnd::Trusted,
            };
        }
        if cert.is_self_issued() {
            return Walk {
                steps,
                end: WalkEnd::UntrustedRoot,
            };
        }
        let candidates: Vec<usize> = (0..chain.len())
            .filter(|j| {
                !steps.contains(j) && chain.get(*j).is_some_and(|c| c.subject == cert.issuer)
            })
            .collect();
        let next = candidates
            .iter()
            .take(WALK_SIGNATURE_TRIES)
            .find(|&&j| {
                chain
                    .get(j)
                    .is_some_and(|c| signed_by(ctx, cert, c) == Some(true))
            })
            .or(candidates.first());
        match next {
            Some(&j) => {
                steps.push(j);
                cur = j;
            }
            None => {
                return Walk {
                    steps,
                    end: WalkEnd::MissingIssuer,
                }
            }
        }
    }
}

/// Put before every reason found for the builder's message, which names none.
const GEN_NOTE: &str = "Java's path builder names no reason (\"unable to find valid certification path to requested target\").";

fn no_path(ctx: &Context<'_>, note: Option<&str>) -> Vec<Finding> {
    let Some(leaf) = ctx.chain.first() else {
        return vec![];
    };
    let leaf_at = Located {
        origin: Origin::Presented(0),
        cert: leaf,
    };
    let host = ctx.host;
    let mut out = Vec::new();

    // The builder does not even start from a leaf outside its validity period.
    if leaf.not_after < ctx.now || leaf.not_before > ctx.now {
        let mut f = validity(ctx, Some(leaf_at), leaf.not_after < ctx.now, true);
        f.explanation = format!(
            "{GEN_NOTE} It does not start from a leaf outside its validity period: {}",
            lower_first(&f.explanation)
        );
        out.push(f);
    }
    if has_unrecognized_critical(leaf) {
        let mut f = critical_extension(leaf_at);
        f.explanation = format!(
            "{GEN_NOTE} It does not start from a leaf with an unhandled critical extension: {}",
            lower_first(&f.explanation)
        );
        out.push(f);
    }

    let w = walk(ctx);
    let last = w.steps.last().copied().unwrap_or(0);
    let top = ctx.chain.get(last).unwrap_or(leaf);
    let top_at = Located {
        origin: Origin::Presented(last),
        cert: top,
    };
    match w.end {
        WalkEnd::UntrustedRoot if last == 0 => out.push(
            Finding::new(
                Code::SelfSignedCertificate,
                "The server's certificate is self-signed",
                format!(
                    "{GEN_NOTE} Here the server presents only {}, which is self-signed (issued by itself) and is not in the trust store, so no certificate authority vouches for it.",
                    leaf_at.label()
                ),
            )
            .fix(format!(
                "replace the self-signed certificate for `{}` with one from a CA in API Gateway's list (an ACM public certificate on the NLB's TLS listener works){}",
                service_name(ctx, leaf),
                describe::skip_alternative(ctx.case, Some(leaf))
            ))
            .on(Some(leaf_at.reference())),
        ),
        WalkEnd::MissingIssuer if last == 0 => out.push(
            Finding::new(
                Code::MissingIntermediate,
                "The server does not send the intermediate certificate",
                format!(
                    "{GEN_NOTE} Here {} is issued by {}, which the server does not send and the trust store does not hold, so the path to a trusted root cannot be built. Browsers often hide this by fetching or caching intermediates; Java does not.",
                    leaf_at.label(),
                    quoted_issuer(leaf)
                ),
            )
            .fix(format!(
                "the server does not send the intermediate {}; configure the full chain on the listener (the certificate for `{host}` followed by its intermediate certificates, e.g. fullchain.pem)",
                quoted_issuer(leaf)
            ))
            .on(Some(leaf_at.reference())),
        ),
        WalkEnd::UntrustedRoot | WalkEnd::MissingIssuer => {
            let (what, root_name) = if matches!(w.end, WalkEnd::UntrustedRoot) {
                (format!("ends at the root {} (certificate [{last}] as presented), which", quoted_subject(top)), quoted_subject(top))
            } else {
                (format!("ends at {} (certificate [{last}] as presented), whose issuer {} is not sent and", quoted_subject(top), quoted_issuer(top)), quoted_issuer(top))
            };
            out.push(
                Finding::new(
                    Code::PrivateCa,
                    "The certificate is issued by a CA that API Gateway does not trust",
                    format!(
                        "{GEN_NOTE} Here the chain of {} {what} is not in the trust store: a private CA, or a CA that API Gateway does not list.",
                        leaf_at.label()
                    ),
                )
                .fix(format!(
                    "the certificate for `{}` is issued by the private CA {root_name}: use a certificate from a CA in API Gateway's list (an ACM public certificate works){}",
                    service_name(ctx, leaf),
                    describe::skip_alternative(ctx.case, Some(top))
                ))
                .on(Some(top_at.reference())),
            );
        }
        WalkEnd::Trusted => out.extend(broken_links(ctx, &w.steps)),
    }

    if out.is_empty() {
        let why = note.unwrap_or("no candidate path passed the checks");
        out.push(
            Finding::new(
                Code::NoValidPath,
                "No valid certification path",
                format!("{GEN_NOTE} For {}, its most promising attempt failed because {why}.", leaf_at.label()),
            )
            .fix(format!(
                "serve the certificate for `{host}` followed by exactly the intermediates that lead to a root in API Gateway's list, each valid now and a proper CA"
            ))
            .on(Some(leaf_at.reference())),
        );
    }
    out
}

/// "The leaf …" → "the leaf …", to continue a sentence.
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The name a new certificate should be for: the host, unless the host is a load balancer's
/// generated name (no public CA issues for it), then the name the current certificate has.
fn service_name(ctx: &Context<'_>, leaf: &Certificate) -> String {
    if crate::apigw::is_aws_load_balancer_name(ctx.host) {
        if let Some(name) = CertNames::of(leaf).suggested_host() {
            return name;
        }
    }
    ctx.host.to_string()
}

/// The names chain up to a trusted issuer, yet the builder found no path: say which link
/// breaks (validity, CA flag, keyCertSign, unhandled critical extension, wrong key).
fn broken_links(ctx: &Context<'_>, steps: &[usize]) -> Vec<Finding> {
    let mut out = Vec::new();
    for pair in steps.windows(2) {
        let (Some(&c), Some(&p)) = (pair.first(), pair.get(1)) else {
            continue;
        };
        let (Some(child), Some(parent)) = (ctx.chain.get(c), ctx.chain.get(p)) else {
            continue;
        };
        let parent_at = Located {
            origin: Origin::Presented(p),
            cert: parent,
        };
        if parent.not_after < ctx.now || parent.not_before > ctx.now {
            out.push(validity(
                ctx,
                Some(parent_at),
                parent.not_after < ctx.now,
                true,
            ));
        } else if !is_ca(parent) {
            out.push(not_ca(parent_at, child));
        } else if parent.key_usage_bit(5) == Some(false) {
            out.push(ca_key_usage(parent_at));
        } else if has_unrecognized_critical(parent) {
            out.push(critical_extension(parent_at));
        } else if signed_by(ctx, child, parent) == Some(false) {
            out.push(wrong_key(
                ctx,
                Located {
                    origin: Origin::Presented(c),
                    cert: child,
                },
                Some(parent_at),
            ));
        }
    }
    // The top link: a trusted certificate of the right name must verify the last signature.
    if let (Some(&last), Some(store)) = (steps.last(), ctx.store) {
        if let Some(top) = ctx.chain.get(last) {
            let anchors: Vec<(usize, &Certificate)> = store
                .with_subject(&top.issuer)
                .map(|(k, a)| (k, &a.cert))
                .collect();
            if !anchors.is_empty()
                && anchors
                    .iter()
                    .all(|(_, a)| signed_by(ctx, top, a) == Some(false))
            {
                let anchor = anchors.first().map(|(k, a)| Located {
                    origin: Origin::Anchor(*k),
                    cert: a,
                });
                out.push(wrong_key(
                    ctx,
                    Located {
                        origin: Origin::Presented(last),
                        cert: top,
                    },
                    anchor,
                ));
            }
        }
    }
    for f in &mut out {
        f.explanation = format!("{GEN_NOTE} {}", f.explanation);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// One finding per per-certificate failure

fn path_failure(ctx: &Context<'_>, failure: &PathFailure, at: Option<Located<'_>>) -> Finding {
    let reference = at.map(|l| l.reference());
    let label = at
        .map(|l| l.label())
        .unwrap_or_else(|| "a certificate of the chain".to_string());
    let subject = at
        .map(|l| quoted_subject(l.cert))
        .unwrap_or_else(|| "the certificate".to_string());
    match failure {
        PathFailure::Validity { expired } => validity(ctx, at, *expired, false),
        PathFailure::Signature => match at {
            Some(child) => wrong_key(ctx, child, issuer_of(ctx, child.origin)),
            None => Finding::new(Code::WrongIssuerKey, "A signature in the chain does not verify", "A certificate's signature does not verify with its issuer's key.")
                .fix(format!("serve the chain your CA issued with the certificate for `{}`", ctx.host)),
        },
        PathFailure::NameChaining => Finding::new(
            Code::NameChaining,
            "The chain's names do not link up",
            format!("{label} names an issuer that is not the subject of the certificate above it."),
        )
        .fix(format!("serve the certificate for `{}` followed by its issuer, then that issuer's issuer, in order", ctx.host))
        .on(reference),
        PathFailure::NotCa => match at {
            Some(l) => {
                let child = match l.origin {
                    Origin::Presented(i) if i > 0 => ctx.chain.get(i - 1),
                    _ => None,
                };
                not_ca(l, child.unwrap_or(l.cert))
            }
            None => Finding::new(Code::IntermediateNotCa, "A certificate above the leaf is not a CA", "basic constraints check failed."),
        },
        PathFailure::PathLength => {
            let constrained = constraining_ca(ctx, at, |c| c.extensions.basic_constraints.as_ref().and_then(|b| b.path_len).is_some());
            let n = constrained.and_then(|c| c.cert.extensions.basic_constraints.as_ref().and_then(|b| b.path_len)).unwrap_or(0);
            let limit = constrained
                .map(|c| format!("{} allows only {n} CA certificate(s) below it (pathLenConstraint={n}), and ", c.label()))
                .unwrap_or_default();
            let fix = match constrained {
                Some(c) => format!(
                    "get the certificate for `{}` issued directly by {} (or by a CA it may have below it), or use a CA without this constraint",
                    ctx.host,
                    quoted_subject(c.cert)
                ),
                None => format!("get the certificate for `{}` issued under a CA whose pathLenConstraint allows the chain", ctx.host),
            };
            Finding::new(Code::PathLengthExceeded, "Too many CA certificates below a constrained CA", format!("{limit}{label} is one CA too many on the path."))
                .fix(fix)
                .on(reference)
        }
        PathFailure::CaKeyUsage => match at {
            Some(l) => ca_key_usage(l),
            None => Finding::new(Code::CaWithoutKeyCertSign, "A CA certificate lacks keyCertSign", "CA key usage check failed."),
        },
        PathFailure::NameConstraints => {
            let ca = constraining_ca(ctx, at, |c| c.extensions.name_constraints.is_some());
            let names = at.map(|l| CertNames::of(l.cert).listing()).unwrap_or_default();
            let by = ca.map(|c| format!(" set by {}", c.label())).unwrap_or_default();
            Finding::new(
                Code::NameConstraintsViolated,
                "The certificate's names are outside what its CA may issue for",
                format!("{label} has {names}, which the name constraints{by} do not permit."),
            )
            .fix(format!(
                "issue the certificate for names that {} permits, or from a CA without such constraints; the host `{}` must be among them",
                ca.map(|c| quoted_subject(c.cert)).unwrap_or_else(|| "the constraining CA".to_string()),
                ctx.host
            ))
            .on(reference)
        }
        PathFailure::NameConstraintsError { detail } => Finding::new(
            Code::NameConstraintsError,
            "A name-constraints extension cannot be applied",
            format!("Java could not apply the name constraints while checking {label}: {detail}."),
        )
        .fix(format!("reissue the CA of {subject} with well-formed name constraints, or without them"))
        .on(reference),
        PathFailure::UnrecognizedCriticalExtension => match at {
            Some(l) => critical_extension(l),
            None => Finding::new(Code::UnrecognizedCriticalExtension, "An unknown critical extension", "unrecognized critical extension(s)."),
        },
        PathFailure::IncorrectKeyUsageBits => Finding::new(
            Code::EmptyKeyUsage,
            "A KeyUsage extension with no usable bit",
            format!("{label} has a KeyUsage extension that sets none of the bits Java maps to a use, so its key may not be used at all."),
        )
        .fix(format!("reissue {subject} with the key usages it needs (digitalSignature for a server certificate, keyCertSign for a CA)"))
        .on(reference),
        PathFailure::SignatureAlgorithm { algorithm } => signature_algorithm(ctx, at, algorithm),
        PathFailure::KeySize { algorithm, bits, subject: holder } => Finding::new(
            Code::KeyTooSmall,
            "A key below Java's size limits",
            format!(
                "`{holder}` has a {bits}-bit {algorithm} key; the JDK refuses RSA and DSA keys under 1024 bits and EC keys under 224 bits (jdk.certpath.disabledAlgorithms)."
            ),
        )
        .fix(format!("reissue `{holder}` with an RSA 2048-bit (or larger) or ECDSA P-256 key"))
        .on(reference),
        PathFailure::KeyAlgorithm { algorithm } => Finding::new(
            Code::KeyAlgorithmDisabled,
            "A key algorithm Java disables for TLS",
            format!(
                "{label} carries a public key under the algorithm identifier {algorithm}, which jdk.tls.disabledAlgorithms disables: the JDK's TLS checker refuses the certificate."
            ),
        )
        .fix(format!("reissue {subject} with an ordinary EC (id-ecPublicKey) or RSA key"))
        .on(reference),
        PathFailure::UsageConstraint { algorithm, subject: holder } => Finding::new(
            Code::Sha1UnderJdkRoot,
            "A SHA-1 signature under a root the JDK itself ships",
            format!(
                "`{holder}` is signed with {algorithm}, and the path ends at a root of the JDK's own cacerts, under which JDK 17 refuses SHA-1 for TLS servers (jdk.certpath.disabledAlgorithms: SHA1 jdkCA & usage TLSServer). Under a root the JDK does not ship, SHA-1 would pass."
            ),
        )
        .fix(format!("get `{holder}` reissued with a SHA-256 signature (every public CA issues SHA-256 today)"))
        .on(reference),
        PathFailure::NoTrustAnchor => {
            let issuer = at.map(|l| quoted_issuer(l.cert)).unwrap_or_else(|| "its issuer".to_string());
            Finding::new(
                Code::NoMatchingTrustAnchor,
                "The trusted root of that name is not the one that issued the chain",
                format!(
                    "{label} is issued by {issuer}, a name the trust store holds, but no trusted certificate of that name has the key identifier the chain refers to: the chain was issued under another generation (or a cross-signed version) of that root."
                ),
            )
            .fix(format!(
                "serve the chain that leads to the version of {issuer} in API Gateway's list (your CA publishes the current chain), or get the certificate for `{}` reissued",
                ctx.host
            ))
            .on(reference)
        }
        PathFailure::Policy { failure } => super::policy::finding(ctx, failure, at),
        PathFailure::UncheckedJavaException { detail } => Finding::new(
            Code::JavaException,
            "Java's validator throws on this chain",
            format!(
                "While checking {label}, the JDK validator throws {detail}. The handshake fails; the exact message API Gateway logs is unknown."
            ),
        )
        .fix(format!("reissue the certificates of the chain for `{}` without the constructs that trigger it (see the detail)", ctx.host))
        .on(reference),
    }
}

/// The CA above `at` on the presented chain (or the trust store) that carries a constraint.
fn constraining_ca<'a>(
    ctx: &Context<'a>,
    at: Option<Located<'a>>,
    has: impl Fn(&Certificate) -> bool,
) -> Option<Located<'a>> {
    let Some(Origin::Presented(i)) = at.map(|l| l.origin) else {
        return None;
    };
    for j in i + 1..ctx.chain.len() {
        if let Some(c) = ctx.chain.get(j) {
            if has(c) {
                return Some(Located {
                    origin: Origin::Presented(j),
                    cert: c,
                });
            }
        }
    }
    let top = ctx.chain.get(i..)?.last()?;
    let store = ctx.store?;
    store
        .with_subject(&top.issuer)
        .find(|(_, a)| has(&a.cert))
        .map(|(k, a)| Located {
            origin: Origin::Anchor(k),
            cert: &a.cert,
        })
}

fn validity(
    ctx: &Context<'_>,
    at: Option<Located<'_>>,
    expired: bool,
    via_builder: bool,
) -> Finding {
    let host = ctx.host;
    let now = date(ctx.now);
    let Some(l) = at else {
        let code = if expired {
            Code::CertificateExpired
        } else {
            Code::CertificateNotYetValid
        };
        return Finding::new(
            code,
            "A certificate is outside its validity period",
            format!("validity check failed at {now}."),
        )
        .fix(format!("renew the certificate for `{host}`"));
    };
    let is_leaf = l.origin == Origin::Presented(0);
    let (code, title, when) = if expired {
        (
            Code::CertificateExpired,
            if is_leaf {
                "The server's certificate has expired"
            } else {
                "A certificate of the chain has expired"
            },
            format!("expired on {}", date(l.cert.not_after)),
        )
    } else {
        (
            Code::CertificateNotYetValid,
            if is_leaf {
                "The server's certificate is not valid yet"
            } else {
                "A certificate of the chain is not valid yet"
            },
            format!("is valid only from {}", date(l.cert.not_before)),
        )
    };
    let mut explanation = format!("{} {when} (validation time {now}).", l.label());
    if via_builder && !is_leaf {
        explanation.push_str(" The path builder skips a CA certificate that is not valid now.");
    }
    let fix = match (is_leaf, expired) {
        (true, true) => format!("renew the certificate for `{host}` and install it (with its intermediates) on the listener"),
        (true, false) => format!("install a certificate for `{host}` that is already valid (check the server's clock and the certificate's notBefore)"),
        (false, _) => format!(
            "the server sends {} {when}; replace it on the listener with the CA's current intermediate for the certificate of `{host}`",
            quoted_subject(l.cert)
        ),
    };
    Finding::new(code, title, explanation)
        .fix(fix)
        .on(Some(l.reference()))
}

fn wrong_key(ctx: &Context<'_>, child: Located<'_>, issuer: Option<Located<'_>>) -> Finding {
    let host = ctx.host;
    // The JDK verifies ECDSA only on P-256/384/521: any other curve fails as a bad signature.
    if let Some(i) = issuer {
        if let PublicKeyKind::Ec { curve, .. } = &i.cert.key {
            if !curve.is_jdk_supported() {
                return Finding::new(
                    Code::UnsupportedIssuerCurve,
                    "A certificate is signed with a key on a curve Java cannot verify",
                    format!(
                        "{} is signed by {}, whose EC key is on {}; JDK 17 verifies ECDSA only on P-256, P-384 and P-521, so the signature check fails.",
                        child.label(),
                        i.label(),
                        curve.display_name()
                    ),
                )
                .fix(format!("reissue {} and the certificates it signed with P-256 or P-384 (or RSA 2048+) keys", quoted_subject(i.cert)))
                .on(Some(i.reference()));
            }
        }
    }
    let (explanation, fix) = match issuer {
        Some(i @ Located { origin: Origin::Presented(_), .. }) => (
            format!(
                "{} has the name of the issuer of {}, but not the key that signed it: the server sends an intermediate from another issuance (or a re-keyed CA).",
                i.label(),
                child.label()
            ),
            format!(
                "send the intermediate that actually issued {} (the chain file delivered with the certificate for `{host}`) instead of {}",
                quoted_subject(child.cert),
                quoted_subject(i.cert)
            ),
        ),
        Some(i) => (
            format!(
                "{} has the same name as the issuer of {}, but a different key: the chain was issued under another root of that name (an older, newer or cross-signed one).",
                i.label(),
                child.label()
            ),
            format!(
                "serve the chain for `{host}` that leads to the version of {} in API Gateway's list, or drop the stale certificate of that name from the chain",
                quoted_subject(i.cert)
            ),
        ),
        None => (
            format!("The signature of {} does not verify with its issuer's key.", child.label()),
            format!("serve the chain your CA issued with the certificate for `{host}`"),
        ),
    };
    Finding::new(
        Code::WrongIssuerKey,
        "A certificate is not signed by the issuer it names",
        explanation,
    )
    .fix(fix)
    .on(Some(issuer.unwrap_or(child).reference()))
}

fn not_ca(l: Located<'_>, child: &Certificate) -> Finding {
    let why = if l.cert.version < 3 {
        "is an X.509 v1 certificate, which cannot carry basicConstraints and is not accepted as an intermediate CA"
    } else if l.cert.extensions.basic_constraints.is_none() {
        "has no basicConstraints extension, so it is not a CA"
    } else {
        "has basicConstraints CA:FALSE"
    };
    Finding::new(
        Code::IntermediateNotCa,
        "A certificate used as an intermediate is not a CA",
        format!("{} {why}, yet it is on the path as the issuer of {}.", l.label(), quoted_subject(child)),
    )
    .fix(format!(
        "{} cannot issue certificates: serve the real intermediate CA that issued {} (or have it reissued by a CA certificate with basicConstraints CA:TRUE)",
        quoted_subject(l.cert),
        quoted_subject(child)
    ))
    .on(Some(l.reference()))
}

fn ca_key_usage(l: Located<'_>) -> Finding {
    Finding::new(
        Code::CaWithoutKeyCertSign,
        "A CA certificate may not sign certificates",
        format!("{} is a CA, but its KeyUsage lacks keyCertSign, so Java refuses the certificates it signed.", l.label()),
    )
    .fix(format!("reissue {} with KeyUsage keyCertSign (and cRLSign)", quoted_subject(l.cert)))
    .on(Some(l.reference()))
}

fn critical_extension(l: Located<'_>) -> Finding {
    let oids: Vec<String> = crate::trust::checks::unrecognized_critical(l.cert)
        .map(str::to_string)
        .collect();
    let list = if oids.is_empty() {
        "an extension".to_string()
    } else {
        quoted_list(&oids)
    };
    Finding::new(
        Code::UnrecognizedCriticalExtension,
        "A critical extension Java does not understand",
        format!("{} marks {list} critical, and no JDK checker handles it; a critical extension that is not understood must fail the path.", l.label()),
    )
    .fix(format!("reissue {} without {list}, or with it marked non-critical", quoted_subject(l.cert)))
    .on(Some(l.reference()))
}

fn signature_algorithm(ctx: &Context<'_>, at: Option<Located<'_>>, algorithm: &str) -> Finding {
    let label = at
        .map(|l| l.label())
        .unwrap_or_else(|| "a certificate of the chain".to_string());
    let subject = at
        .map(|l| quoted_subject(l.cert))
        .unwrap_or_else(|| "it".to_string());
    let reference = at.map(|l| l.reference());
    if constraints::certpath_signature_disabled(algorithm) {
        return Finding::new(
            Code::DisabledSignatureAlgorithm,
            "A certificate is signed with a broken algorithm",
            format!("{label} is signed with {algorithm}, which the JDK disables (jdk.certpath.disabledAlgorithms: MD2, MD5)."),
        )
        .fix(format!("get {subject} reissued with a SHA-256 signature"))
        .on(reference);
    }
    if !constraints::tls_signature_permitted(ctx.tls, algorithm) {
        let tls12 = constraints::tls_signature_permitted(constraints::TlsVersion::Tls12, algorithm);
        let note = if tls12 && ctx.tls == constraints::TlsVersion::Tls13 {
            " Under TLS 1.2 the client offers it, so the verdict depends on the TLS version the server negotiates."
        } else {
            ""
        };
        return Finding::new(
            Code::SignatureAlgorithmNotOffered,
            "A certificate is signed with an algorithm the client does not offer",
            format!("{label} is signed with {algorithm}, which API Gateway's JDK 17 client does not list among its certificate signature algorithms for this TLS version.{note}"),
        )
        .fix(format!("get {subject} reissued with a SHA-256 RSA, RSA-PSS or ECDSA signature"))
        .on(reference);
    }
    // The algorithm itself is fine: the key that made the signature is too small.
    let issuer = at.and_then(|l| issuer_of(ctx, l.origin));
    let key = issuer
        .map(|i| key_description(&i.cert.key))
        .unwrap_or_else(|| "a too small key".to_string());
    let issuer_label = issuer
        .map(|i| i.label())
        .unwrap_or_else(|| "its issuer".to_string());
    Finding::new(
        Code::IssuerKeyTooSmall,
        "A certificate is signed with a key below Java's size limits",
        format!("{label} is signed ({algorithm}) by {issuer_label}, whose key is {key}; the JDK refuses signatures made with RSA keys under 1024 bits and EC keys under 224 bits."),
    )
    .fix(format!(
        "use a CA whose key is RSA 2048+ or ECDSA P-256+ to issue {subject}{}",
        issuer.map(|i| format!(" (replace {})", quoted_subject(i.cert))).unwrap_or_default()
    ))
    .on(issuer.map(|i| i.reference()).or(reference))
}

fn key_description(key: &PublicKeyKind) -> String {
    match (key.java_algorithm_name(), key.bits()) {
        (alg, Some(bits)) => format!("{alg} {bits} bits"),
        (alg, None) => alg,
    }
}

// ---------------------------------------------------------------------------------------------
// End-entity checks

const KEY_USAGE_NAMES: &[&str] = &[
    "digitalSignature",
    "nonRepudiation",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly",
];

fn key_usage_listing(cert: &Certificate) -> String {
    match &cert.extensions.key_usage {
        None => "no KeyUsage".to_string(),
        Some(bits) => {
            let set: Vec<&str> = bits
                .iter()
                .zip(KEY_USAGE_NAMES)
                .filter(|(b, _)| **b)
                .map(|(_, n)| *n)
                .collect();
            if set.is_empty() {
                "an empty KeyUsage".to_string()
            } else {
                format!("KeyUsage {}", set.join(", "))
            }
        }
    }
}

fn eku_name(oid: &str) -> String {
    match oid {
        "1.3.6.1.5.5.7.3.1" => "serverAuth".into(),
        "1.3.6.1.5.5.7.3.2" => "clientAuth".into(),
        "1.3.6.1.5.5.7.3.3" => "codeSigning".into(),
        "1.3.6.1.5.5.7.3.4" => "emailProtection".into(),
        "1.3.6.1.5.5.7.3.8" => "timeStamping".into(),
        "1.3.6.1.5.5.7.3.9" => "OCSPSigning".into(),
        "2.5.29.37.0" => "anyExtendedKeyUsage".into(),
        other => other.to_string(),
    }
}

fn end_entity(ctx: &Context<'_>, failure: &EndEntityFailure) -> Finding {
    let host = ctx.host;
    let Some(leaf) = located(ctx, Origin::Presented(0)) else {
        return Finding::new(
            Code::UnknownAuthType,
            "End-entity check failed",
            failure.java_message(),
        );
    };
    let has = key_usage_listing(leaf.cert);
    let auth = ctx.verdict.auth_type.clone().unwrap_or_default();
    let (code, title, explanation, fix) = match failure {
        EndEntityFailure::KeyUsageNoDigitalSignature => (
            Code::LeafKeyUsageNoDigitalSignature,
            "The server certificate may not make signatures",
            format!(
                "{} has {has} without digitalSignature; with key exchange {auth} (TLS 1.3, or ECDHE / DHE under TLS 1.2) the server signs the handshake with this key, so Java refuses it.",
                leaf.label()
            ),
            format!("reissue the certificate for `{host}` with KeyUsage digitalSignature (plus keyEncipherment for an RSA key)"),
        ),
        EndEntityFailure::KeyUsageNoKeyEncipherment => (
            Code::LeafKeyUsageNoKeyEncipherment,
            "The server certificate may not encrypt keys (RSA key exchange)",
            format!("{} has {has} without keyEncipherment, which RSA key exchange ({auth}) needs.", leaf.label()),
            format!("reissue the certificate for `{host}` with KeyUsage digitalSignature, keyEncipherment (or let the server negotiate ECDHE)"),
        ),
        EndEntityFailure::KeyUsageNoKeyAgreement => (
            Code::LeafKeyUsageNoKeyAgreement,
            "The server certificate may not agree keys (static ECDH / DH)",
            format!("{} has {has} without keyAgreement, which key exchange {auth} needs.", leaf.label()),
            format!("reissue the certificate for `{host}` with KeyUsage keyAgreement, or let the server negotiate ECDHE"),
        ),
        EndEntityFailure::UnknownAuthType { auth_type } => (
            Code::UnknownAuthType,
            "The key exchange's auth type is unknown to Java's end-entity checker",
            format!("Java's checker does not know the auth type `{auth_type}` given for {}.", leaf.label()),
            "give an auth type JSSE uses (UNKNOWN for TLS 1.3; ECDHE_RSA, ECDHE_ECDSA, DHE_RSA, RSA, … for TLS 1.2), or none to derive it".to_string(),
        ),
        EndEntityFailure::ExtendedKeyUsage => {
            let ekus: Vec<String> = leaf.cert.extensions.extended_key_usage.as_deref().unwrap_or(&[]).iter().map(|o| eku_name(o)).collect();
            (
                Code::LeafEkuNotServerAuth,
                "The server certificate is not for TLS servers",
                format!(
                    "{} has ExtendedKeyUsage {} without serverAuth, so it may not authenticate a TLS server.",
                    leaf.label(),
                    if ekus.is_empty() { "(empty)".to_string() } else { ekus.join(", ") }
                ),
                format!("reissue the certificate for `{host}` with ExtendedKeyUsage serverAuth"),
            )
        }
        EndEntityFailure::NetscapeCertType => (
            Code::LeafNetscapeCertType,
            "The server certificate's Netscape cert type excludes SSL servers",
            format!("{} has a Netscape cert type extension without the SSL server bit.", leaf.label()),
            format!("reissue the certificate for `{host}` without the Netscape cert type extension (or with SSL server set)"),
        ),
    };
    Finding::new(code, title, explanation)
        .fix(fix)
        .on(Some(leaf.reference()))
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
    fn walking_nothing_does_not_panic() {
        let verdict = crate::verdict::Verdict::default();
        let trust = TrustOutcome::SkipModel(None);
        let case = crate::case::Case::default();
        let ctx = Context {
            chain: &[],
            store: None,
            verdict: &verdict,
            trust: &trust,
            hostname: None,
            host: "example.com",
            now: 0,
            tls: crate::constraints::TlsVersion::Tls13,
            case: &case,
            signatures: None,
            jsse_limit: None,
        };
        let w = walk(&ctx);
        assert_eq!(w.steps, vec![0]);
        assert!(matches!(w.end, WalkEnd::MissingIssuer));
    }

    #[test]
    fn names_extended_key_usages() {
        assert_eq!(eku_name("1.3.6.1.5.5.7.3.2"), "clientAuth");
        assert_eq!(eku_name("1.2.3"), "1.2.3");
    }
}
