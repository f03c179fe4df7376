//! The path builder's single generic message (`unable to find valid certification path to
//! requested target`), its reasons told apart from what the builder recorded
//! ([`SearchRecord`]): where the issuer names stop leading up, which link does not verify, what
//! its most promising attempt ran into. Nothing here walks the chain or verifies a signature
//! again.

use super::*;
use crate::trust::search::{LeafRefusal, SearchRecord, WalkEnd};

/// Put before every reason found for the builder's message, which names none.
pub(super) const GEN_NOTE: &str = "Java's path builder names no reason (\"unable to find valid certification path to requested target\").";

pub(super) fn no_path(ctx: &Context<'_>, record: Option<&SearchRecord>) -> Vec<Finding> {
    let Some(leaf) = ctx.chain.first() else {
        return vec![];
    };
    let leaf_at = Located {
        origin: Origin::Presented(0),
        cert: leaf,
    };
    let host = ctx.host;
    let mut out = Vec::new();

    // The builder does not even start from a leaf its target selector refuses.
    for refusal in record.into_iter().flat_map(SearchRecord::leaf_refusals) {
        match refusal {
            LeafRefusal::Validity { expired } => {
                let mut f = validity(ctx, Some(leaf_at), expired, true);
                f.explanation = format!(
                    "{GEN_NOTE} It does not start from a leaf outside its validity period: {}",
                    lower_first(&f.explanation)
                );
                out.push(f);
            }
            LeafRefusal::UnrecognizedCritical => {
                let mut f = critical_extension(leaf_at);
                f.explanation = format!(
                    "{GEN_NOTE} It does not start from a leaf with an unhandled critical extension: {}",
                    lower_first(&f.explanation)
                );
                out.push(f);
            }
            // No finding of its own: the walk and the note below tell the rest.
            LeafRefusal::NegativePathLen => {}
        }
    }

    let no_walk = crate::trust::search::IssuerWalk::default();
    let w = record.map_or(&no_walk, |r| &r.walk);
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
        WalkEnd::Trusted => out.extend(broken_links(ctx, &w.steps, record)),
    }

    if out.is_empty() {
        let note = record.map(|r| r.note(ctx.chain).to_string());
        let why = note.as_deref().unwrap_or("no candidate path passed the checks");
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
pub(super) fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The name a new certificate should be for: the host, unless the host is a load balancer's
/// generated name (no public CA issues for it), then the name the current certificate has.
pub(super) fn service_name(ctx: &Context<'_>, leaf: &Certificate) -> String {
    if crate::apigw::is_aws_load_balancer_name(ctx.host) {
        if let Some(name) = CertNames::of(leaf).suggested_host() {
            return name;
        }
    }
    ctx.host.to_string()
}

/// The names chain up to a trusted issuer, yet the builder found no path: say which link
/// breaks (validity, CA flag, keyCertSign, unhandled critical extension, wrong key).
///
/// The signatures are the record's ([`SearchRecord::signature`]: the trust step verified each
/// link of the walk once). The certificate's own faults are read from the certificate: the
/// builder stops at the first issuer it does not offer or refuses and never looks at the links
/// above it, yet the diagnosis names a fault on every link of the walk (and in its own order of
/// usefulness, not `verifyCert`'s), which the record's dead ends alone cannot say.
pub(super) fn broken_links(
    ctx: &Context<'_>,
    steps: &[usize],
    record: Option<&SearchRecord>,
) -> Vec<Finding> {
    let signature = |child: usize, issuer: Origin| record.and_then(|r| r.signature(child, issuer));
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
        } else if signature(c, Origin::Presented(p)) == Some(false) {
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
                    .all(|(k, _)| signature(last, Origin::Anchor(*k)) == Some(false))
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
