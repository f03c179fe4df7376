//! `PKIXValidator.doValidate`: the presented chain (or its part below a trusted certificate) is
//! checked in order against each trust anchor whose subject is the top certificate's issuer and
//! whose key identifiers agree; the first anchor that validates wins, otherwise the last
//! anchor's failure is reported (`PKIX path validation failed: …`).

use super::checks::{check_path, Context, Mode};
use super::{
    budget_rejection, key_ids_match, verify_anchor, Origin, Rejection, Route, TrustedPath,
};
use crate::cert::Certificate;
use crate::message::{PathFailure, PathStrategy, TrustFailure};

/// Validates `chain[..cut]` (leaf first) against the store's anchors.
// A rejection is the verdict's content (the JDK's failure, its certificate, the builder's
// dead ends), made once per case: boxing it would only add an allocation.
#[allow(clippy::result_large_err)]
pub fn validate(
    chain: &[Certificate],
    cut: usize,
    store: &super::TrustStore,
    ctx: &mut Context,
    route: Route,
) -> Result<TrustedPath, Rejection> {
    let presented = &chain[..cut];
    let top = &presented[cut - 1];
    // The checkers walk from the certificate below the anchor down to the leaf.
    let top_first: Vec<&Certificate> = presented.iter().rev().collect();
    // The last anchor's failure (what the JDK reports): the failure, the certificate it is
    // on and the one whose key the checkers held there.
    let mut last_failure: Option<(PathFailure, Origin, Origin)> = None;
    for (anchor_index, anchor) in store.with_subject(&top.issuer) {
        if !key_ids_match(top, &anchor.cert) {
            continue;
        }
        match check_path(&top_first, anchor, Mode::Validate, ctx) {
            Err(e) => return Err(budget_rejection(route, e)),
            Ok(Err((failure, idx))) => {
                // An index in top_first is a position in the presented chain counted from
                // the top; the checkers held the key of the certificate before it in that
                // order: the anchor's for the top certificate — named as presented when the
                // server sent a certificate with that name and key above the cut (the
                // trusted-in-chain route), which is where the user sees it.
                let issuer = match idx {
                    0 if chain.get(cut).is_some_and(|c| {
                        c.subject == anchor.cert.subject && c.spki() == anchor.cert.spki()
                    }) =>
                    {
                        Origin::Presented(cut)
                    }
                    0 => Origin::Anchor(anchor_index),
                    _ => Origin::Presented(cut - idx),
                };
                last_failure = Some((failure, Origin::Presented(cut - 1 - idx), issuer));
            }
            Ok(Ok(())) => {
                if let Err(failure) = verify_anchor(&anchor.cert, PathStrategy::Validate) {
                    return Err(Rejection {
                        route,
                        failure,
                        certificate: Some(Origin::Anchor(anchor_index)),
                        issuer: None,
                        search: None,
                    });
                }
                let mut path: Vec<Origin> = (0..cut).map(Origin::Presented).collect();
                path.push(Origin::Anchor(anchor_index));
                return Ok(TrustedPath { route, path });
            }
        }
    }
    let (failure, certificate, issuer) = match last_failure {
        Some((f, at, issuer)) => (f, Some(at), Some(issuer)),
        None => (PathFailure::NoTrustAnchor, Some(Origin::Presented(cut - 1)), None),
    };
    Err(Rejection {
        route,
        failure: TrustFailure::PathValidation { failure },
        certificate,
        issuer,
        search: None,
    })
}
