//! `PKIXValidator.doBuild` → `SunCertPathBuilder`: a depth-first search from the leaf towards
//! the anchors over the presented certificates and the trust store.
//!
//! What the JDK's forward builder enforces while choosing each issuer (`ForwardBuilder`):
//! * the target is the presented leaf and must be valid at the validation time;
//! * an intermediate candidate has the child's issuer as subject, key identifiers that agree,
//!   is valid at the validation time, is a CA whose pathLenConstraint allows the CA
//!   certificates already traversed, asserts keyCertSign when it has KeyUsage, is not already on
//!   the path, and at most `maxPathLength` (5) intermediates are traversed;
//! * an anchor candidate only needs the subject and key identifiers (a v1 anchor must also be
//!   valid over the child's validity period), and is never checked for expiry;
//! * every candidate must verify the child's signature and carry no unhandled critical extension;
//! * a complete path gets a final verification (signatures, path length, name constraints,
//!   algorithm constraints); when it fails the search backtracks and tries other candidates.
//!
//! Only when nothing works does it fail, with one generic message.

use super::checks::{check_path, has_unrecognized_critical, BudgetExceeded, Context, Mode};
use super::{budget_rejection, describe, key_ids_match, verify_anchor, Origin, Rejection, Route, TrustStore, TrustedPath};
use crate::cert::Certificate;
use crate::message::{PathStrategy, TrustFailure};

/// `PKIXBuilderParameters`' default maximum number of intermediate CA certificates.
const MAX_PATH_LENGTH: i64 = 5;

fn valid_at(cert: &Certificate, time: i64) -> bool {
    cert.not_before <= time && time <= cert.not_after
}

/// A candidate issuer.
#[derive(Clone, Copy)]
enum Candidate {
    Presented(usize),
    Anchor(usize),
}

enum Step {
    Done(Result<TrustedPath, Rejection>),
    Continue,
}

struct Search<'a, 'c> {
    chain: &'a [Certificate],
    store: &'a TrustStore,
    ctx: &'c mut Context,
    /// Presented indices on the current path, leaf first.
    path: Vec<usize>,
    /// The most useful thing the search ran into, for the diagnosis.
    note: Option<String>,
}

/// Runs the builder over `chain` and `store`.
pub fn build(chain: &[Certificate], store: &TrustStore, ctx: &mut Context) -> Result<TrustedPath, Rejection> {
    let leaf = &chain[0];
    let fail = |note: String| Rejection {
        route: Route::Builder,
        failure: TrustFailure::NoPathFound,
        certificate: Some(Origin::Presented(0)),
        builder_note: Some(note),
    };
    if !valid_at(leaf, ctx.time) {
        let why = if leaf.not_after < ctx.time { "has expired" } else { "is not yet valid" };
        return Err(fail(format!("the leaf certificate {why}, so the builder cannot start from it")));
    }
    if has_unrecognized_critical(leaf) {
        return Err(fail("the leaf carries a critical extension the JDK does not handle".into()));
    }
    let mut search = Search { chain, store, ctx, path: vec![0], note: None };
    match search.extend(0, 0, leaf.is_self_issued(), true) {
        Err(e) => Err(budget_rejection(Route::Builder, e)),
        Ok(Step::Done(result)) => result,
        Ok(Step::Continue) => {
            let note = search.note.take().unwrap_or_else(|| {
                format!(
                    "no certificate named \"{}\" (the issuer of \"{}\") is in the chain or the trust store",
                    leaf.issuer.to_java_string(),
                    leaf.subject_string()
                )
            });
            Err(fail(note))
        }
    }
}

impl Search<'_, '_> {
    fn cert<'x>(chain: &'x [Certificate], store: &'x TrustStore, c: Candidate) -> &'x Certificate {
        match c {
            Candidate::Presented(i) => &chain[i],
            Candidate::Anchor(i) => &store.anchors()[i].cert,
        }
    }

    /// The issuers `ForwardBuilder.getMatchingCACerts` would offer for the certificate `cur`.
    fn candidates(&self, cur: &Certificate, traversed: i64, initial: bool) -> Vec<Candidate> {
        let mut out = Vec::new();
        for (i, anchor) in self.store.with_subject(&cur.issuer) {
            let cert = &anchor.cert;
            if !key_ids_match(cur, cert) {
                continue;
            }
            if cert.version < 3
                && !(valid_at(cert, cur.not_before) && valid_at(cert, cur.not_after))
            {
                continue;
            }
            out.push(Candidate::Anchor(i));
        }
        if initial || MAX_PATH_LENGTH > traversed {
            for (j, cert) in self.chain.iter().enumerate() {
                if self.path.contains(&j)
                    || cert.subject != cur.issuer
                    || self.store.contains(cert)
                    || !key_ids_match(cur, cert)
                    || !valid_at(cert, self.ctx.time)
                    || cert.java_basic_constraints() < traversed
                    || (cert.version < 3 && !(valid_at(cert, cur.not_before) && valid_at(cert, cur.not_after)))
                {
                    continue;
                }
                out.push(Candidate::Presented(j));
            }
        }
        out
    }

    /// Tries every issuer of the certificate at `path`'s end.
    fn extend(&mut self, cur_index: usize, traversed: i64, cur_self_issued: bool, initial: bool) -> Result<Step, BudgetExceeded> {
        let chain = self.chain;
        let store = self.store;
        let cur = &chain[cur_index];
        let candidates = self.candidates(cur, traversed, initial);
        for cand in candidates {
            self.ctx.build_step()?;
            let cert = Self::cert(chain, store, cand);
            // ForwardBuilder.verifyCert
            if has_unrecognized_critical(cert) {
                self.note_once(format!("\"{}\" carries a critical extension the JDK does not handle", cert.subject_string()));
                continue;
            }
            if let Candidate::Presented(_) = cand {
                if cert.java_basic_constraints() == -1 {
                    continue;
                }
                if cert.key_usage_bit(5) == Some(false) {
                    self.note_once(format!("\"{}\" lacks keyCertSign in its KeyUsage", cert.subject_string()));
                    continue;
                }
            }
            if !self.ctx.signature_ok(cur, cert)? {
                self.note_once(format!(
                    "the signature of \"{}\" does not verify with the key of \"{}\"",
                    cur.subject_string(),
                    cert.subject_string()
                ));
                continue;
            }
            match cand {
                Candidate::Anchor(anchor_index) => {
                    if let Step::Done(r) = self.finish(anchor_index)? {
                        return Ok(Step::Done(r));
                    }
                }
                Candidate::Presented(j) => {
                    if cur_self_issued && cert.is_self_issued() {
                        return Ok(Step::Continue);
                    }
                    let self_issued = cert.is_self_issued();
                    let next_traversed = if !self_issued && cert.java_basic_constraints() != -1 { traversed + 1 } else { traversed };
                    self.path.push(j);
                    let step = self.extend(j, next_traversed, self_issued, false)?;
                    self.path.pop();
                    if let Step::Done(r) = step {
                        return Ok(Step::Done(r));
                    }
                }
            }
        }
        Ok(Step::Continue)
    }

    /// Final verification of the current path under an anchor.
    fn finish(&mut self, anchor_index: usize) -> Result<Step, BudgetExceeded> {
        let store = self.store;
        let anchor = &store.anchors()[anchor_index].cert;
        let top_first: Vec<&Certificate> = self.path.iter().rev().map(|&i| &self.chain[i]).collect();
        match check_path(&top_first, anchor, Mode::BuildFinal, self.ctx)? {
            Err((failure, idx)) => {
                self.note_once(format!(
                    "a path through \"{}\" fails: {}",
                    top_first.get(idx).map(|c| c.subject_string()).unwrap_or_default(),
                    describe(&failure)
                ));
                Ok(Step::Continue)
            }
            Ok(()) => {
                if let Err(failure) = verify_anchor(anchor, PathStrategy::Build) {
                    return Ok(Step::Done(Err(Rejection {
                        route: Route::Builder,
                        failure,
                        certificate: Some(Origin::Anchor(anchor_index)),
                        builder_note: None,
                    })));
                }
                let mut path: Vec<Origin> = self.path.iter().map(|&i| Origin::Presented(i)).collect();
                path.push(Origin::Anchor(anchor_index));
                Ok(Step::Done(Ok(TrustedPath { route: Route::Builder, path })))
            }
        }
    }

    fn note_once(&mut self, note: String) {
        if self.note.is_none() {
            self.note = Some(note);
        }
    }
}
