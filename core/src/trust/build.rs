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
//! Only when nothing works does it fail, with one generic message. What it ran into on the way
//! is recorded as typed dead ends ([`SearchRecord`]) for the note and the diagnosis.

use super::checks::{check_path, has_unrecognized_critical, BudgetExceeded, Context, Mode};
use super::order::{hash_set_order, java_bytes_hash, Comparator, TreeSetSim};
use super::search::{DeadEnd, LeafRefusal, NotOffered, Refusal, SearchRecord};
use super::{budget_rejection, verify_anchor, Origin, Rejection, Route, TrustStore, TrustedPath};
use crate::cert::Certificate;
use crate::message::{PathStrategy, TrustFailure};
use crate::name::Name;

/// `PKIXBuilderParameters`' default maximum number of intermediate CA certificates.
const MAX_PATH_LENGTH: i64 = 5;

fn valid_at(cert: &Certificate, time: i64) -> bool {
    cert.not_before <= time && time <= cert.not_after
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
    /// The dead ends the search ran into, for the note and the diagnosis.
    record: SearchRecord,
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
    let fail = |mut record: SearchRecord, ctx: &mut Context| {
        record.walk_names(chain, store, ctx);
        Rejection {
            route: Route::Builder,
            failure: TrustFailure::NoPathFound,
            certificate: Some(Origin::Presented(0)),
            issuer: None,
            search: Some(Box::new(record)),
        }
    };
    // The target selector: the leaf must be valid at the validation time, and an end entity
    // (getBasicConstraints() == -1) or a CA whose pathLenConstraint admits the 0 CA certificates
    // traversed so far — a CA leaf with a negative pathLenConstraint matches neither. Every
    // reason is recorded (the diagnosis names each); the note names the first.
    let mut record = SearchRecord::default();
    if !valid_at(leaf, ctx.time) {
        record.push(DeadEnd::Leaf(LeafRefusal::Validity {
            expired: leaf.not_after < ctx.time,
        }));
    }
    if leaf.java_basic_constraints() < -1 {
        record.push(DeadEnd::Leaf(LeafRefusal::NegativePathLen));
    }
    if has_unrecognized_critical(leaf) {
        record.push(DeadEnd::Leaf(LeafRefusal::UnrecognizedCritical));
    }
    if !record.dead_ends.is_empty() {
        return Err(fail(record, ctx));
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
        record,
    };
    match search.extend(0, 0, false) {
        Err(e) => Err(budget_rejection(Route::Builder, e)),
        Ok(Step::Done(result)) => result,
        Ok(Step::Continue) => Err(fail(std::mem::take(&mut search.record), search.ctx)),
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
    /// The issuers `ForwardBuilder.getMatchingCerts` offers for the certificate
    /// `chain[cur_index]`, in order; the ones bearing the issuer's name that it does not offer
    /// are recorded.
    fn candidates(&mut self, cur_index: usize, traversed: i64) -> Vec<(Origin, &'a Certificate)> {
        let (chain, store) = (self.chain, self.store);
        let cur = &chain[cur_index];
        let time = self.ctx.time;
        // A v1/v2 issuer must be valid over the whole validity period of the certificate it
        // issued (the selector's certificateValid checks on both dates).
        let v1_outside = |cert: &Certificate| {
            cert.version < 3 && !(valid_at(cert, cur.not_before) && valid_at(cert, cur.not_after))
        };
        let not_valid = |cert: &Certificate| NotOffered::Validity {
            expired: cert.not_after < time,
        };
        let mut inserted: Vec<(Origin, &'a Certificate)> = Vec::new();
        for &i in &self.anchor_order {
            let cert = &store.anchors()[i].cert;
            if cert.subject != cur.issuer {
                continue;
            }
            let why = if self.anchors_need_validity && !valid_at(cert, time) {
                not_valid(cert)
            } else if v1_outside(cert) {
                NotOffered::VersionOneValidity
            } else {
                inserted.push((Origin::Anchor(i), cert));
                continue;
            };
            self.record.push(DeadEnd::NotOffered {
                child: cur_index,
                issuer: Origin::Anchor(i),
                why,
            });
        }
        if MAX_PATH_LENGTH > traversed {
            // CollectionCertStore answers with a HashSet of the matching presented certificates.
            let mut matching: Vec<((Origin, &'a Certificate), i32)> = Vec::new();
            for (j, cert) in chain.iter().enumerate() {
                if cert.subject != cur.issuer {
                    continue;
                }
                let why = if !valid_at(cert, time) {
                    not_valid(cert)
                } else if cert.java_basic_constraints() < traversed {
                    NotOffered::BasicConstraints
                } else if v1_outside(cert) {
                    NotOffered::VersionOneValidity
                } else {
                    if !matching.iter().any(|&((_, c), _)| c == cert) {
                        matching.push(((Origin::Presented(j), cert), java_bytes_hash(cert.der())));
                    }
                    continue;
                };
                self.record.push(DeadEnd::NotOffered {
                    child: cur_index,
                    issuer: Origin::Presented(j),
                    why,
                });
            }
            inserted.extend(hash_set_order(&matching, 0));
        } else {
            // The selector's maxPathLength: no presented certificate is looked at.
            for (j, cert) in chain.iter().enumerate() {
                if cert.subject == cur.issuer {
                    self.record.push(DeadEnd::NotOffered {
                        child: cur_index,
                        issuer: Origin::Presented(j),
                        why: NotOffered::MaxPathLength,
                    });
                }
            }
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
            set.add(c, |(_, a), (_, b)| cmp.compare(a, b));
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
        let candidates = self.candidates(cur_index, traversed);
        for (cand, cert) in candidates {
            if self.path.iter().any(|&p| repeated(&self.chain[p], cert)) {
                self.record.push(DeadEnd::Loop {
                    child: cur_index,
                    issuer: cand,
                });
                continue;
            }
            self.ctx.build_step()?;
            let trusted = self.store.contains(cert);
            // ForwardBuilder.verifyCert: trusted certificates are not examined (and only
            // presented certificates are untrusted).
            if let (false, Origin::Presented(j)) = (trusted, cand) {
                let refusal = if has_unrecognized_critical(cert) {
                    Some(Refusal::UnrecognizedCritical)
                } else if cert.java_basic_constraints() == -1 {
                    Some(Refusal::NotCa)
                } else if cert.key_usage_bit(5) == Some(false) {
                    Some(Refusal::NoKeyCertSign)
                } else {
                    None
                };
                if let Some(why) = refusal {
                    self.record.push(DeadEnd::Refused {
                        child: cur_index,
                        issuer: j,
                        why,
                    });
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
            let Origin::Presented(j) = cand else {
                continue;
            };
            if cur_self_issued && cert.is_self_issued() {
                self.record.push(DeadEnd::SelfIssuedAgain {
                    child: cur_index,
                    issuer: j,
                });
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
    fn anchor_index(&self, cand: Origin, cert: &Certificate) -> Option<usize> {
        match cand {
            Origin::Anchor(i) => Some(i),
            Origin::Presented(_) => self.store.anchors().iter().position(|a| a.cert == *cert),
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
                self.record.push(DeadEnd::PathFails {
                    anchor: anchor_index,
                    // top_first[idx], as a presented position
                    at: self.path[self.path.len() - 1 - idx],
                    failure,
                });
                Ok(Step::Continue)
            }
            Ok(()) => {
                // PKIXValidator.toArray checks the anchor after the build succeeded: no backtracking.
                if let Err(failure) = verify_anchor(anchor, PathStrategy::Build) {
                    return Ok(Step::Done(Err(Rejection {
                        route: Route::Builder,
                        failure,
                        certificate: Some(Origin::Anchor(anchor_index)),
                        issuer: None,
                        search: None,
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
}
