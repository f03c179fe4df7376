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
    let mut last_failure: Option<(PathFailure, usize)> = None;
    for (anchor_index, anchor) in store.with_subject(&top.issuer) {
        if !key_ids_match(top, &anchor.cert) {
            continue;
        }
        match check_path(&top_first, anchor, Mode::Validate, ctx) {
            Err(e) => return Err(budget_rejection(route, e)),
            Ok(Err(failure)) => last_failure = Some(failure),
            Ok(Ok(())) => {
                if let Err(failure) = verify_anchor(&anchor.cert, PathStrategy::Validate) {
                    return Err(Rejection {
                        route,
                        failure,
                        certificate: Some(Origin::Anchor(anchor_index)),
                        search: None,
                    });
                }
                let mut path: Vec<Origin> = (0..cut).map(Origin::Presented).collect();
                path.push(Origin::Anchor(anchor_index));
                return Ok(TrustedPath { route, path });
            }
        }
    }
    let (failure, certificate) = match last_failure {
        // index in top_first -> position in the presented chain
        Some((f, idx)) => (f, Some(Origin::Presented(cut - 1 - idx))),
        None => (PathFailure::NoTrustAnchor, Some(Origin::Presented(cut - 1))),
    };
    Err(Rejection {
        route,
        failure: TrustFailure::PathValidation { failure },
        certificate,
        search: None,
    })
}
