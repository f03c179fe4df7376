//! `PKIXValidator.doBuild` → `SunCertPathBuilder`: a depth-first search from the leaf towards
//! the anchors over the presented certificates and the trust store (JDK 17.0.21 semantics).
//!
//! At each step `ForwardBuilder.getMatchingCerts` offers, in `PKIXCertComparator` order
//! (see [`super::order`]):
//! * trust anchors whose subject is the current certificate's issuer (a v1/v2 anchor must also be
//!   valid over the current certificate's validity period) — never checked for expiry;
//! * presented certificates with that subject that are valid at the validation time and whose
//!   pathLenConstraint allows the CA certificates already traversed, while fewer than
//!   `maxPathLength` (5) CA certificates have been traversed.
//!
//! Candidates repeating a certificate already on the path (same certificate, or same subject, key
//! and subjectAltNames) are skipped. `ForwardBuilder.verifyCert` then rejects an untrusted
//! candidate with an unhandled critical extension, without CA:TRUE, or without keyCertSign. A
//! candidate identical to a trust anchor completes the path, which then gets its final
//! verification — signatures (checked only here), path length, name constraints, algorithm
//! constraints; when that fails the search backtracks to the next candidate. Otherwise the search
//! goes deeper — except that a self-issued certificate never leads to another self-issued one.
//!
//! Only when nothing works does it fail, with one generic message.

use super::checks::{check_path, has_unrecognized_critical, BudgetExceeded, Context, Mode};
use super::order::{hash_set_order, java_bytes_hash, Comparator, TreeSetSim};
use super::{
    budget_rejection, describe, verify_anchor, Origin, Rejection, Route, TrustStore, TrustedPath,
};
use crate::cert::Certificate;
use crate::message::{PathStrategy, TrustFailure};
use crate::name::Name;

/// `PKIXBuilderParameters`' default maximum number of intermediate CA certificates.
const MAX_PATH_LENGTH: i64 = 5;

fn valid_at(cert: &Certificate, time: i64) -> bool {
    cert.not_before <= time && time <= cert.not_after
}

/// A candidate issuer.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
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
    /// Trust anchors in the JDK's `HashSet` iteration order.
    anchor_order: Vec<usize>,
    /// Subjects of the anchors, in the JDK's `HashSet` iteration order.
    trusted_subjects: Vec<&'a Name>,
    /// Presented indices on the current path, leaf first.
    path: Vec<usize>,
    /// `ForwardBuilder` reuses one `caSelector`: the validity date it sets after the anchors are
    /// matched for the leaf's issuer stays set, so every later lookup also requires anchors to be
    /// valid at the validation time (only an anchor directly above the leaf may be expired).
    anchors_need_validity: bool,
    /// The most useful thing the search ran into, for the diagnosis.
    note: Option<String>,
}

/// Runs the builder over `chain` and `store`.
// A rejection is the verdict's content (the JDK's failure, its certificate, the builder's
// dead ends), made once per case: boxing it would only add an allocation.
#[allow(clippy::result_large_err)]
pub fn build(
    chain: &[Certificate],
    store: &TrustStore,
    ctx: &mut Context,
) -> Result<TrustedPath, Rejection> {
    let leaf = &chain[0];
    let fail = |note: String| Rejection {
        route: Route::Builder,
        failure: TrustFailure::NoPathFound,
        certificate: Some(Origin::Presented(0)),
        builder_note: Some(note),
    };
    // The target selector requires the leaf to be valid at the validation time.
    if !valid_at(leaf, ctx.time) {
        let why = if leaf.not_after < ctx.time {
            "has expired"
        } else {
            "is not yet valid"
        };
        return Err(fail(format!(
            "the leaf certificate {why}, so the path builder cannot start from it"
        )));
    }
    // The target selector: an end entity (getBasicConstraints() == -1) or, for a CA target, one
    // whose pathLenConstraint admits the 0 CA certificates traversed so far — a CA leaf with a
    // negative pathLenConstraint matches neither.
    if leaf.java_basic_constraints() < -1 {
        return Err(fail(
            "the leaf claims to be a CA with a negative pathLenConstraint, so the path builder cannot select it".into(),
        ));
    }
    if has_unrecognized_critical(leaf) {
        return Err(fail(
            "the leaf carries a critical extension the JDK does not handle".into(),
        ));
    }
    let (anchor_order, subject_order) = store.builder_order();
    let anchor_order = anchor_order.clone();
    let trusted_subjects: Vec<&Name> = subject_order
        .iter()
        .map(|&i| &store.anchors()[i].cert.subject)
        .collect();
    let mut search = Search {
        chain,
        store,
        ctx,
        anchor_order,
        trusted_subjects,
        path: vec![0],
        anchors_need_validity: false,
        note: None,
    };
    match search.extend(0, 0, false) {
        Err(e) => Err(budget_rejection(Route::Builder, e)),
        Ok(Step::Done(result)) => result,
        Ok(Step::Continue) => {
            let note = search
                .note
                .take()
                .unwrap_or_else(|| dead_end_note(chain, store));
            Err(fail(note))
        }
    }
}

/// The fallback note when the search noted nothing: where the chain of issuers runs out.
/// Follows the presented certificates from the leaf by issuer name (each used once) and names
/// the last one reached, so that a leaf + intermediate sent without the intermediate's issuer
/// names the intermediate's missing issuer, not the leaf's (which was sent).
fn dead_end_note(chain: &[Certificate], store: &TrustStore) -> String {
    let mut cur = &chain[0];
    let mut used = vec![false; chain.len()];
    used[0] = true;
    while !cur.is_self_issued() && !store.has_subject(&cur.issuer) {
        let next = (0..chain.len()).find(|&j| !used[j] && chain[j].subject == cur.issuer);
        let Some(j) = next else { break };
        used[j] = true;
        cur = &chain[j];
    }
    let role = if std::ptr::eq(cur, &chain[0]) {
        "the leaf"
    } else {
        "the presented certificate"
    };
    if cur.is_self_issued() {
        format!(
            "{role} \"{}\" is self-issued and not in the trust store",
            cur.subject_string()
        )
    } else if store.has_subject(&cur.issuer) {
        format!(
            "no path from \"{}\" to the trust store's \"{}\" validates",
            cur.subject_string(),
            cur.issuer.to_java_string()
        )
    } else {
        format!(
            "no certificate named \"{}\" (the issuer of \"{}\") is in the chain or the trust store",
            cur.issuer.to_java_string(),
            cur.subject_string()
        )
    }
}

/// `SunCertPathBuilder.repeated`: the same certificate, or the same subject, key and altNames.
fn repeated(on_path: &Certificate, candidate: &Certificate) -> bool {
    on_path == candidate
        || (on_path.subject == candidate.subject
            && on_path.spki() == candidate.spki()
            && on_path.extensions.subject_alt_names == candidate.extensions.subject_alt_names)
}

impl<'a> Search<'a, '_> {
    fn cert(&self, c: Candidate) -> &'a Certificate {
        match c {
            Candidate::Presented(i) => &self.chain[i],
            Candidate::Anchor(i) => &self.store.anchors()[i].cert,
        }
    }

    /// The issuers `ForwardBuilder.getMatchingCerts` offers for the certificate `cur`, in order.
    fn candidates(&mut self, cur: &Certificate, traversed: i64) -> Vec<Candidate> {
        let mut inserted: Vec<Candidate> = Vec::new();
        for &i in &self.anchor_order {
            let cert = &self.store.anchors()[i].cert;
            if cert.subject != cur.issuer {
                continue;
            }
            if self.anchors_need_validity && !valid_at(cert, self.ctx.time) {
                continue;
            }
            if cert.version < 3
                && !(valid_at(cert, cur.not_before) && valid_at(cert, cur.not_after))
            {
                continue;
            }
            inserted.push(Candidate::Anchor(i));
        }
        if MAX_PATH_LENGTH > traversed {
            // CollectionCertStore answers with a HashSet of the matching presented certificates.
            let mut matching: Vec<(usize, i32)> = Vec::new();
            for (j, cert) in self.chain.iter().enumerate() {
                if cert.subject != cur.issuer
                    || !valid_at(cert, self.ctx.time)
                    || cert.java_basic_constraints() < traversed
                    || (cert.version < 3
                        && !(valid_at(cert, cur.not_before) && valid_at(cert, cur.not_after)))
                    || matching.iter().any(|&(k, _)| self.chain[k] == *cert)
                {
                    continue;
                }
                matching.push((j, java_bytes_hash(cert.der())));
            }
            inserted.extend(
                hash_set_order(&matching, 0)
                    .into_iter()
                    .map(Candidate::Presented),
            );
        }
        self.anchors_need_validity = true;
        let cmp = Comparator {
            trusted_subjects: &self.trusted_subjects,
            previous_aki: cur
                .extensions
                .authority_key_id
                .as_ref()
                .and_then(|a| a.key_id.as_deref()),
        };
        let mut set = TreeSetSim::new();
        for c in inserted {
            set.add(c, |a, b| cmp.compare(self.cert(a), self.cert(b)));
        }
        set.in_order()
    }

    /// Tries every issuer of the certificate `chain[cur_index]` (the end of `path`).
    fn extend(
        &mut self,
        cur_index: usize,
        traversed: i64,
        cur_self_issued: bool,
    ) -> Result<Step, BudgetExceeded> {
        let cur = &self.chain[cur_index];
        let candidates = self.candidates(cur, traversed);
        for cand in candidates {
            let cert = self.cert(cand);
            if self.path.iter().any(|&p| repeated(&self.chain[p], cert)) {
                continue;
            }
            self.ctx.build_step()?;
            let trusted = self.store.contains(cert);
            // ForwardBuilder.verifyCert: trusted certificates are not examined.
            if !trusted {
                if has_unrecognized_critical(cert) {
                    self.note_once(format!(
                        "\"{}\" carries a critical extension the JDK does not handle",
                        cert.subject_string()
                    ));
                    continue;
                }
                if cert.java_basic_constraints() == -1 {
                    continue;
                }
                if cert.key_usage_bit(5) == Some(false) {
                    self.note_once(format!(
                        "\"{}\" lacks keyCertSign in its KeyUsage",
                        cert.subject_string()
                    ));
                    continue;
                }
            }
            // isPathCompleted: the candidate is itself a trust anchor.
            if let Some(anchor_index) = self.anchor_index(cand, cert) {
                if let Step::Done(r) = self.finish(anchor_index)? {
                    return Ok(Step::Done(r));
                }
                continue;
            }
            let Candidate::Presented(j) = cand else {
                continue;
            };
            if cur_self_issued && cert.is_self_issued() {
                return Ok(Step::Continue);
            }
            let self_issued = cert.is_self_issued();
            let next_traversed = if !self_issued && cert.java_basic_constraints() != -1 {
                traversed + 1
            } else {
                traversed
            };
            self.path.push(j);
            let step = self.extend(j, next_traversed, self_issued)?;
            self.path.pop();
            if let Step::Done(r) = step {
                return Ok(Step::Done(r));
            }
        }
        Ok(Step::Continue)
    }

    /// The store index of a candidate that is a trust anchor (identical certificate).
    fn anchor_index(&self, cand: Candidate, cert: &Certificate) -> Option<usize> {
        match cand {
            Candidate::Anchor(i) => Some(i),
            Candidate::Presented(_) => self.store.anchors().iter().position(|a| a.cert == *cert),
        }
    }

    /// Final verification of the current path under an anchor.
    fn finish(&mut self, anchor_index: usize) -> Result<Step, BudgetExceeded> {
        let store = self.store;
        let anchor_entry = &store.anchors()[anchor_index];
        let anchor = &anchor_entry.cert;
        let top_first: Vec<&Certificate> =
            self.path.iter().rev().map(|&i| &self.chain[i]).collect();
        match check_path(&top_first, anchor_entry, Mode::BuildFinal, self.ctx)? {
            Err((failure, idx)) => {
                self.note_once(format!(
                    "a path through \"{}\" fails: {}",
                    top_first
                        .get(idx)
                        .map(|c| c.subject_string())
                        .unwrap_or_default(),
                    describe(&failure)
                ));
                Ok(Step::Continue)
            }
            Ok(()) => {
                // PKIXValidator.toArray checks the anchor after the build succeeded: no backtracking.
                if let Err(failure) = verify_anchor(anchor, PathStrategy::Build) {
                    return Ok(Step::Done(Err(Rejection {
                        route: Route::Builder,
                        failure,
                        certificate: Some(Origin::Anchor(anchor_index)),
                        builder_note: None,
                    })));
                }
                let mut path: Vec<Origin> =
                    self.path.iter().map(|&i| Origin::Presented(i)).collect();
                path.push(Origin::Anchor(anchor_index));
                Ok(Step::Done(Ok(TrustedPath {
                    route: Route::Builder,
                    path,
                })))
            }
        }
    }

    fn note_once(&mut self, note: String) {
        if self.note.is_none() {
            self.note = Some(note);
        }
    }
}
