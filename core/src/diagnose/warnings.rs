//! What API Gateway lets through but should not be relied on: certificates about to expire,
//! SHA-1 and small RSA keys, CN-only names, a leaf accepted only because it is itself trusted,
//! a chain that only the JDK's path builder can use; CAs of API Gateway's list that the
//! bundled store lacks. (Chains over JSSE's handshake limits fail the handshake: their finding,
//! [`jsse_handshake_limits`], belongs to the handshake step.)

use std::collections::HashSet;
use std::sync::OnceLock;


use crate::cert::Certificate;
use crate::crypto::Digest as HashAlg;
use crate::crypto::PublicKeyKind;
use crate::hostname::MatchedIdentity;
use crate::trust::search::{SearchRecord, WalkEnd};
use crate::trust::{Origin, Route, TrustStore};
use crate::trust_store;

use super::describe::{date, quoted_subject, Located};
use super::trust::route_of;
use super::{Code, Context, Finding, TrustOutcome};

/// How far ahead an expiry is worth a warning.
const EXPIRY_WINDOW_MS: i64 = 30 * 24 * 3600 * 1000;

/// Every warning and note for this case.
pub fn findings(ctx: &Context<'_>) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(path) = accepted_path(ctx) {
        expiring(ctx, &path, &mut out);
        weak_algorithms(ctx, &path, &mut out);
        route(ctx, &path, &mut out);
    }
    common_name_only(ctx, &mut out);
    listed_not_bundled(ctx, &mut out);
    if let Some(w) = &ctx.verdict.server_dependent_warning {
        out.push(
            Finding::new(Code::ServerDependentSignature, "The server may refuse to send this chain", format!("{w}."))
                .fix(format!("reissue the certificates of the chain for `{}` with SHA-256 RSA or ECDSA signatures", ctx.host)),
        );
    }
    out
}

/// The certificates of the path the trust step accepted (presented ones and the anchor); under
/// the skip-verification model, the presented chain.
fn accepted_path<'a>(ctx: &Context<'a>) -> Option<Vec<Located<'a>>> {
    let origins: Vec<Origin> = match ctx.trust {
        TrustOutcome::Path {
            path,
            end_entity: None,
        } => path.path.clone(),
        TrustOutcome::SkipModel(None) => (0..ctx.chain.len()).map(Origin::Presented).collect(),
        _ => return None,
    };
    Some(
        origins
            .into_iter()
            .filter_map(|o| Located::at(o, ctx.chain, ctx.store))
            .collect(),
    )
}

/// JSSE refuses the server's Certificate message before the trust manager runs when it is
/// over `jdk.tls.maxHandshakeMessageSize` or lists more than `jdk.tls.maxCertificateChainLength`
/// certificates (see [`crate::message::JsseLimitFailure`]): the handshake fails with that
/// message whatever the chain's trust, so the finding is an error of the handshake step.
pub(super) fn jsse_handshake_limits(ctx: &Context<'_>) -> Vec<Finding> {
    use crate::message::JsseLimitFailure as L;
    let Some((limit, entries)) = ctx.jsse_limit else {
        return vec![];
    };
    let fix = format!(
        "serve only the certificate for `{}` and the intermediates up to (not including) the root, leaf first",
        ctx.host
    );
    let finding = match limit {
        L::ChainLength { limit: max, .. } => Finding::new(
            Code::ChainOverJsseLengthLimit,
            "The server sends more certificates than API Gateway's client reads",
            format!(
                "The server presents {entries} certificates; the JDK 17 client stops reading at {} (jdk.tls.maxCertificateChainLength is {max}) and fails the handshake before validating anything: \"{}\".",
                max + 1,
                limit.java_message()
            ),
        ),
        L::HandshakeMessageSize { size, limit: max } => Finding::new(
            Code::CertificateMessageOverJsseSizeLimit,
            "The server's certificate message is larger than API Gateway's client reads",
            format!(
                "The server's Certificate handshake message is {size} bytes; the JDK 17 client refuses handshake messages over {max} bytes (jdk.tls.maxHandshakeMessageSize) before reading any certificate: \"{}\".",
                limit.java_message()
            ),
        ),
    };
    vec![finding.fix(fix)]
}

fn expiring(ctx: &Context<'_>, path: &[Located<'_>], out: &mut Vec<Finding>) {
    // Java checks no anchor's validity, so only the presented certificates matter.
    for l in path
        .iter()
        .filter(|l| matches!(l.origin, Origin::Presented(_)))
    {
        let left = l.cert.not_after.saturating_sub(ctx.now);
        if (0..=EXPIRY_WINDOW_MS).contains(&left) {
            let days = left / (24 * 3600 * 1000);
            let what = if l.origin == Origin::Presented(0) {
                format!(
                    "renew the certificate for `{}` before {}",
                    ctx.host,
                    date(l.cert.not_after)
                )
            } else {
                format!(
                    "install the CA's replacement for {} before {}",
                    quoted_subject(l.cert),
                    date(l.cert.not_after)
                )
            };
            out.push(
                Finding::new(
                    Code::ExpiresSoon,
                    "A certificate expires within 30 days",
                    format!("{} expires on {} ({days} days after the validation time {}); API Gateway will then reject it.", l.label(), date(l.cert.not_after), date(ctx.now)),
                )
                .fix(what)
                .on(Some(l.reference())),
            );
        }
    }
}

fn weak_algorithms(ctx: &Context<'_>, path: &[Located<'_>], out: &mut Vec<Finding>) {
    for l in path {
        // An anchor's own signature is never checked; a presented certificate's is.
        if matches!(l.origin, Origin::Presented(_))
            && l.cert.signature_algorithm.digest() == Some(HashAlg::Sha1)
        {
            out.push(
                Finding::new(
                    Code::Sha1Signature,
                    "A certificate is signed with SHA-1",
                    format!(
                        "{} is signed with {}. API Gateway's JDK accepts SHA-1 under a root that is not a JDK default CA, but browsers and modern TLS libraries refuse it.",
                        l.label(),
                        l.cert.signature_algorithm.java_name()
                    ),
                )
                .fix(format!("get {} reissued with a SHA-256 signature", quoted_subject(l.cert)))
                .on(Some(l.reference())),
            );
        }
        if let PublicKeyKind::Rsa { bits } | PublicKeyKind::RsaPss { bits } = l.cert.key {
            if bits < 2048 {
                out.push(
                    Finding::new(
                        Code::RsaKeyUnder2048,
                        "An RSA key under 2048 bits",
                        format!(
                            "{} has an RSA {bits}-bit key. The JDK accepts 1024 bits and more, but CAs and modern clients require 2048.",
                            l.label()
                        ),
                    )
                    .fix(format!("reissue {} with an RSA 2048-bit (or larger) or ECDSA P-256 key", quoted_subject(l.cert)))
                    .on(Some(l.reference())),
                );
            }
        }
    }
    let _ = ctx;
}

fn route(ctx: &Context<'_>, path: &[Located<'_>], out: &mut Vec<Finding>) {
    let Some(leaf) = Located::at(Origin::Presented(0), ctx.chain, ctx.store) else {
        return;
    };
    match route_of(ctx) {
        Some(Route::TrustedLeaf) => {
            let mut explanation = format!(
                "{} is itself in the trust store, so Java accepts it without any check: not its validity, key usage or signature.",
                leaf.label()
            );
            if leaf.cert.not_after < ctx.now {
                explanation.push_str(&format!(
                    " It expired on {}, which goes unnoticed.",
                    date(leaf.cert.not_after)
                ));
            }
            out.push(
                Finding::new(Code::AcceptedAsTrustedLeaf, "Accepted only because the certificate itself is trusted", explanation)
                    .fix(format!(
                        "trust the CA that issues the certificate for `{}` rather than the certificate itself, so that a renewal keeps working",
                        ctx.host
                    ))
                    .on(Some(leaf.reference())),
            );
        }
        Some(Route::Builder) => {
            let used: HashSet<usize> = path
                .iter()
                .filter_map(|l| match l.origin {
                    Origin::Presented(i) => Some(i),
                    Origin::Anchor(_) => None,
                })
                .collect();
            let extras: Vec<String> = (0..ctx.chain.len())
                .filter(|i| !used.contains(i))
                .filter_map(|i| {
                    ctx.chain
                        .get(i)
                        .map(|c| format!("[{i}] {}", quoted_subject(c)))
                })
                .collect();
            let presented_order: Vec<usize> = path
                .iter()
                .filter_map(|l| match l.origin {
                    Origin::Presented(i) => Some(i),
                    Origin::Anchor(_) => None,
                })
                .collect();
            let in_order = presented_order.iter().enumerate().all(|(k, &i)| k == i);
            let mut what = Vec::new();
            if !in_order {
                what.push(format!(
                    "the certificates are out of order (the path uses them as {presented_order:?})"
                ));
            }
            if !extras.is_empty() {
                what.push(format!(
                    "the server sends certificates the path does not use: {}",
                    extras.join(", ")
                ));
            }
            if what.is_empty() {
                what.push("the path's top certificate came from the trust store, not from the chain as presented".to_string());
            }
            out.push(
                Finding::new(
                    Code::DependsOnPathBuilder,
                    "Accepted only thanks to Java's path builder",
                    format!(
                        "Java's validator could not use the chain as presented and searched for a path: {}. Clients that validate the chain as sent (and some proxies) would refuse it.",
                        what.join("; ")
                    ),
                )
                .fix(format!(
                    "serve the certificate for `{}` followed by its intermediates in order, leaf first, nothing else",
                    ctx.host
                )),
            );
        }
        _ => {}
    }
}

fn common_name_only(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    let Some(check) = ctx.hostname else { return };
    if let Some(MatchedIdentity::CommonName { value, .. }) = &check.matched {
        let leaf = Located::at(Origin::Presented(0), ctx.chain, ctx.store);
        out.push(
            Finding::new(
                Code::CommonNameOnly,
                "The host matches only the certificate's CN",
                format!(
                    "The certificate has no subjectAltName of the host's type, so HttpClient 4.5.2 matched `{}` against the CN `{value}`. Browsers and modern clients ignore the CN and would reject it.",
                    ctx.host
                ),
            )
            .fix(format!("reissue the certificate with `{}` as a subjectAltName entry", ctx.host))
            .on(leaf.map(|l| l.reference())),
        );
    }
}

/// SHA-256 digests of the bundled certificates.
fn bundled_digests() -> &'static HashSet<[u8; 32]> {
    static SET: OnceLock<HashSet<[u8; 32]>> = OnceLock::new();
    SET.get_or_init(|| {
        trust_store::bundled_der()
            .iter()
            .map(|d| crate::crypto::sha256(d))
            .collect()
    })
}

/// True when the store holds every bundled CA: the default (API Gateway's) store, possibly
/// extended.
fn is_apigw_store(store: &TrustStore) -> bool {
    let bundled = bundled_digests();
    !bundled.is_empty()
        && store
            .anchors()
            .iter()
            .filter(|a| bundled.contains(a.cert.sha256()))
            .count()
            == bundled.len()
}

/// The CAs API Gateway lists that the bundled store lacks, each with its SHA-256 as bytes.
fn listed_not_bundled_digests() -> &'static [([u8; 32], &'static trust_store::ListedCa)] {
    static LIST: OnceLock<Vec<([u8; 32], &'static trust_store::ListedCa)>> = OnceLock::new();
    LIST.get_or_init(|| {
        trust_store::listed()
            .iter()
            .filter(|ca| !ca.bundled)
            .filter_map(|ca| Some((digest_from_hex(&ca.sha256)?, ca)))
            .collect()
    })
}

/// 64 hex digits as 32 bytes.
fn digest_from_hex(text: &str) -> Option<[u8; 32]> {
    let mut out = [0u8; 32];
    hex::decode_to_slice(text, &mut out).ok()?;
    Some(out)
}

fn listed_not_bundled(ctx: &Context<'_>, out: &mut Vec<Finding>) {
    // A presented certificate that API Gateway lists, but that we could not bundle (its
    // digest is already computed: no hex rendering per certificate and case).
    for (i, c) in ctx.chain.iter().enumerate() {
        let digest = c.sha256();
        if let Some(ca) = listed_not_bundled_digests()
            .iter()
            .find(|(d, _)| d == digest)
            .map(|(_, ca)| ca)
        {
            let at = Located {
                origin: Origin::Presented(i),
                cert: c,
            };
            out.push(
                Finding::new(
                    Code::ListedCaNotBundled,
                    "The chain includes a CA that API Gateway lists but the bundled store lacks",
                    format!(
                        "{} is `{}` in API Gateway's list of supported CAs, but it is not in the bundled trust store, so this verdict may be stricter than API Gateway.",
                        at.label(),
                        ca.alias
                    ),
                )
                .fix("add this CA to the trust store (--ca) to evaluate as API Gateway does")
                .on(Some(at.reference())),
            );
        }
    }
    // An unknown issuer under API Gateway's store: it may be one of the listed CAs we lack.
    let (TrustOutcome::Rejected(r), Some(store)) = (ctx.trust, ctx.store) else {
        return;
    };
    if r.failure != crate::message::TrustFailure::NoPathFound || !is_apigw_store(store) {
        return;
    }
    let Some(top) = r
        .search
        .as_deref()
        .and_then(|record| top_issuer(ctx.chain, record))
    else {
        return;
    };
    let (bundled, all) = trust_store::coverage();
    out.push(Finding::new(
        Code::ListedCaNotBundled,
        "The missing issuer might be a CA API Gateway lists but the bundled store lacks",
        format!(
            "{} of the {all} CAs API Gateway lists are not bundled here (retired roots with no public copy to match). If `{top}` is one of them, API Gateway would accept the chain.",
            all.saturating_sub(bundled)
        ),
    ).fix(format!("if `{top}` is in API Gateway's published list, add its certificate to the trust store (--ca) and evaluate again")));
}

/// The issuer name at the end of the presented chain that the store does not hold: where the
/// builder's walk of issuer names ran out.
fn top_issuer(chain: &[Certificate], record: &SearchRecord) -> Option<String> {
    let last = *record.walk.steps.last()?;
    match record.walk.end {
        // A trusted issuer name, or a self-signed leaf (no CA of any list issued it).
        WalkEnd::Trusted => None,
        WalkEnd::UntrustedRoot if last == 0 => None,
        WalkEnd::UntrustedRoot | WalkEnd::MissingIssuer => {
            Some(chain.get(last)?.issuer.to_java_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apigw;

    #[test]
    fn recognises_api_gateways_store() {
        let store = apigw::default_trust_store();
        assert!(is_apigw_store(&store));
        assert!(!is_apigw_store(&TrustStore::new()));
        // One bundled CA less is a user's own store.
        let mut partial = TrustStore::new();
        for a in store.anchors().iter().skip(1) {
            partial.add(a.cert.clone(), a.jdk_ca);
        }
        assert!(!is_apigw_store(&partial));
    }

    #[test]
    fn every_listed_but_not_bundled_digest_is_read() {
        let expected = trust_store::listed()
            .iter()
            .filter(|ca| !ca.bundled)
            .count();
        assert!(expected > 0);
        assert_eq!(listed_not_bundled_digests().len(), expected);
        for (digest, ca) in listed_not_bundled_digests() {
            assert_eq!(hex::encode(digest), ca.sha256);
        }
        assert_eq!(digest_from_hex("00"), None);
        assert_eq!(digest_from_hex(&"zz".repeat(32)), None);
    }

    #[test]
    fn top_issuer_of_an_empty_chain_is_none() {
        assert_eq!(top_issuer(&[], &SearchRecord::default()), None);
    }
}
