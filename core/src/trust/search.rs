//! What the path builder learned before it gave up, as typed data.
//!
//! `SunCertPathBuilder` throws one generic message ("unable to find valid certification path to
//! requested target") whatever it ran into. [`super::build`] records, as it searches, every dead
//! end it meets — the target selector refusing the leaf, an issuer the selector does not offer,
//! `ForwardBuilder.verifyCert` refusing a candidate, a loop, a path that fails its final
//! verification — and, once it has failed, where the issuer names lead from the leaf with the
//! signature of each link ([`IssuerWalk`], [`Link`]). The diagnosis reads this record instead of
//! walking the chain and verifying signatures itself, and the verdict's rule detail is its
//! [`SearchRecord::note`].
//!
//! The record is bounded ([`MAX_DEAD_ENDS`], [`MAX_LINKS`]) so that a hostile chain costs no
//! more memory than the builder's [`super::Budget`] allows it time. The accept path pays
//! nothing but the dead ends a successful search backtracked from: the record's vectors only
//! allocate when something is recorded, and the walk is made on failure only.

use std::fmt;

use super::checks::Context;
use super::{Origin, TrustStore};
use crate::cert::Certificate;
use crate::message::PathFailure;

/// Dead ends kept per search (the first noteworthy one is always kept).
pub const MAX_DEAD_ENDS: usize = 64;

/// Signature results kept per search.
pub const MAX_LINKS: usize = 64;

/// Issuers of one name tried for a signature per step of the walk (bounds the work on hostile
/// chains).
const WALK_SIGNATURE_TRIES: usize = 4;

/// Why the builder's target selector does not select the leaf (the search never starts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeafRefusal {
    /// Outside its validity period at the validation time: expired, or not yet valid.
    Validity {
        /// True when it has expired, false when it is not yet valid.
        expired: bool,
    },
    /// A CA leaf with a negative pathLenConstraint, which neither of the selector's basic
    /// constraints alternatives (end entity, or a CA admitting 0 CA certificates) matches.
    NegativePathLen,
    /// A critical extension no JDK checker handles.
    UnrecognizedCritical,
}

/// Why `ForwardBuilder.getMatchingCerts` does not offer a certificate that bears the issuer's
/// name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotOffered {
    /// Outside its validity period at the validation time (a presented CA certificate, or an
    /// anchor above the leaf's issuer once the reused `caSelector` carries the date).
    Validity {
        /// True when it has expired, false when it is not yet valid.
        expired: bool,
    },
    /// Its basic constraints do not admit the CA certificates already traversed (an end-entity
    /// certificate admits none).
    BasicConstraints,
    /// A v1/v2 certificate whose validity does not cover the child's.
    VersionOneValidity,
    /// `maxPathLength` CA certificates are already traversed: no presented issuer is offered.
    MaxPathLength,
}

/// Why `ForwardBuilder.verifyCert` refuses an untrusted candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A critical extension no JDK checker handles.
    UnrecognizedCritical,
    /// Not a CA (no basicConstraints CA:TRUE).
    NotCa,
    /// A KeyUsage extension without keyCertSign.
    NoKeyCertSign,
}

/// One place the search could not go on from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeadEnd {
    /// The target selector refuses the leaf.
    Leaf(LeafRefusal),
    /// A certificate with the name of presented certificate `child`'s issuer is not offered.
    NotOffered {
        /// The presented certificate whose issuer was looked for.
        child: usize,
        /// The certificate bearing the issuer's name.
        issuer: Origin,
        /// The selector's reason.
        why: NotOffered,
    },
    /// `verifyCert` refuses the presented candidate `issuer` for `child`.
    Refused {
        /// The presented certificate whose issuer was looked for.
        child: usize,
        /// The refused candidate's presented position.
        issuer: usize,
        /// `verifyCert`'s reason.
        why: Refusal,
    },
    /// The candidate repeats a certificate already on the path (same certificate, or same
    /// subject, key and subjectAltNames): the search does not loop.
    Loop {
        /// The presented certificate whose issuer was looked for.
        child: usize,
        /// The candidate already on the path.
        issuer: Origin,
    },
    /// A self-issued certificate is never followed by another self-issued one: the search
    /// leaves `child`'s remaining candidates untried.
    SelfIssuedAgain {
        /// The self-issued presented certificate whose issuer was looked for.
        child: usize,
        /// The self-issued candidate's presented position.
        issuer: usize,
    },
    /// A path completed at trust anchor `anchor` and its final verification failed at
    /// presented certificate `at`.
    PathFails {
        /// The trust store index of the anchor it completed at.
        anchor: usize,
        /// The presented position of the certificate the failing check looked at.
        at: usize,
        /// The failing check's reason.
        failure: PathFailure,
    },
}

impl DeadEnd {
    /// Whether the builder's note names it (the first such dead end is the "most promising
    /// attempt"); the others only explain why a candidate was passed over.
    fn noteworthy(&self) -> bool {
        match self {
            DeadEnd::Leaf(_) | DeadEnd::PathFails { .. } => true,
            DeadEnd::Refused { why, .. } => *why != Refusal::NotCa,
            _ => false,
        }
    }
}

/// A signature on the walk of issuer names: does `issuer`'s key verify presented certificate
/// `child`?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Link {
    /// The signed certificate's presented position.
    pub child: usize,
    /// The certificate whose key was tried.
    pub issuer: Origin,
    /// Whether the key verifies the signature.
    pub verified: bool,
}

/// Where the issuer names lead from the leaf through the presented certificates (each used
/// once), preferring at each step an issuer whose key verifies the signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuerWalk {
    /// Presented positions, leaf first.
    pub steps: Vec<usize>,
    /// Where the walk stopped.
    pub end: WalkEnd,
}

/// Why the walk of issuer names stopped at its last step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WalkEnd {
    /// The last step's issuer is a trusted name.
    Trusted,
    /// The last step is self-issued and its name is not trusted.
    UntrustedRoot,
    /// The last step's issuer is neither presented (unused) nor trusted.
    MissingIssuer,
}

/// What a failed search learned.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchRecord {
    /// Dead ends in the order the search met them (at most [`MAX_DEAD_ENDS`], plus the first
    /// noteworthy one).
    pub dead_ends: Vec<DeadEnd>,
    /// Dead ends left out once the record was full.
    pub dropped: usize,
    /// The signatures on the walk's links (at most [`MAX_LINKS`]).
    pub links: Vec<Link>,
    /// Where the issuer names lead (made when the search failed).
    pub walk: IssuerWalk,
}

impl Default for IssuerWalk {
    fn default() -> Self {
        IssuerWalk {
            steps: vec![0],
            end: WalkEnd::MissingIssuer,
        }
    }
}

impl SearchRecord {
    /// Records a dead end (bounded; the first noteworthy one is always kept).
    pub(crate) fn push(&mut self, dead_end: DeadEnd) {
        let first_note = dead_end.noteworthy() && self.most_promising().is_none();
        if self.dead_ends.len() < MAX_DEAD_ENDS || first_note {
            self.dead_ends.push(dead_end);
        } else {
            self.dropped += 1;
        }
    }

    /// Whether `issuer`'s key verifies presented certificate `child`'s signature, for the
    /// walk's links: `None` when it is not recorded (off the walk, or over the budget).
    pub fn signature(&self, child: usize, issuer: Origin) -> Option<bool> {
        self.links
            .iter()
            .find(|l| l.child == child && l.issuer == issuer)
            .map(|l| l.verified)
    }

    /// The first dead end the builder's note names: what its most promising attempt ran into.
    pub fn most_promising(&self) -> Option<&DeadEnd> {
        self.dead_ends.iter().find(|d| d.noteworthy())
    }

    /// The target selector's refusals of the leaf, in the selector's order (empty when the
    /// search started).
    pub fn leaf_refusals(&self) -> impl Iterator<Item = LeafRefusal> + '_ {
        self.dead_ends.iter().filter_map(|d| match d {
            DeadEnd::Leaf(r) => Some(*r),
            _ => None,
        })
    }

    /// Follows the issuer names from the leaf (see [`IssuerWalk`]), once, when the search has
    /// failed, and records the signature of each link it takes and, when the names lead to a
    /// trusted name, of the top certificate under each trusted certificate of that name.
    ///
    /// Most of these signatures the search's final verifications already computed (`ctx`
    /// caches them). The others it never reached: the final verification runs from the anchor
    /// down and stops at its first failure, and the selector never offers an expired issuer;
    /// those are verified here, within the budget the search left (a signature the budget no
    /// longer covers stays unknown), so that the diagnosis can name a wrong key anywhere on
    /// the way up without verifying anything itself.
    pub(crate) fn walk_names(
        &mut self,
        chain: &[Certificate],
        store: &TrustStore,
        ctx: &mut Context,
    ) {
        let mut steps = vec![0];
        let mut cur = 0;
        let end = loop {
            let Some(cert) = chain.get(cur) else {
                break WalkEnd::MissingIssuer;
            };
            if store.has_subject(&cert.issuer) {
                break WalkEnd::Trusted;
            }
            if cert.is_self_issued() {
                break WalkEnd::UntrustedRoot;
            }
            // The first issuer of that name (among the first few: the tries are bounded on
            // hostile chains) whose key verifies the signature, else the first of that name.
            let named: Vec<usize> = (0..chain.len())
                .filter(|j| !steps.contains(j) && chain[*j].subject == cert.issuer)
                .collect();
            let verified = named
                .iter()
                .take(WALK_SIGNATURE_TRIES)
                .find(|&&j| self.link(chain, store, ctx, cur, Origin::Presented(j)) == Some(true));
            match verified.or(named.first()) {
                Some(&j) => {
                    self.link(chain, store, ctx, cur, Origin::Presented(j));
                    steps.push(j);
                    cur = j;
                }
                None => break WalkEnd::MissingIssuer,
            }
        };
        if end == WalkEnd::Trusted {
            // The top link: stops at the first trusted certificate not known to fail.
            let indices: Vec<usize> = store
                .with_subject(&chain[cur].issuer)
                .map(|(k, _)| k)
                .collect();
            for k in indices {
                if self.link(chain, store, ctx, cur, Origin::Anchor(k)) != Some(false) {
                    break;
                }
            }
        }
        self.walk = IssuerWalk { steps, end };
    }

    /// The signature of `issuer` on presented certificate `child`: recorded, cached by the
    /// search, or verified now; `None` when the budget does not cover it.
    fn link(
        &mut self,
        chain: &[Certificate],
        store: &TrustStore,
        ctx: &mut Context,
        child: usize,
        issuer: Origin,
    ) -> Option<bool> {
        if let Some(known) = self.signature(child, issuer) {
            return Some(known);
        }
        let issuer_cert = issuer.certificate(chain, Some(store))?;
        let verified = ctx.signature_ok(chain.get(child)?, issuer_cert).ok()?;
        if self.links.len() < MAX_LINKS {
            self.links.push(Link {
                child,
                issuer,
                verified,
            });
        }
        Some(verified)
    }

    /// The builder's note: the most promising attempt's dead end, or else where the issuer
    /// names run out.
    pub fn note<'a>(&'a self, chain: &'a [Certificate]) -> Note<'a> {
        Note {
            record: self,
            chain,
        }
    }
}

/// The builder's note in words (see [`SearchRecord::note`]).
pub struct Note<'a> {
    record: &'a SearchRecord,
    chain: &'a [Certificate],
}

impl fmt::Display for Note<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let subject = |i: usize| {
            self.chain
                .get(i)
                .map(|c| c.subject_string())
                .unwrap_or_default()
        };
        match self.record.most_promising() {
            Some(DeadEnd::Leaf(LeafRefusal::Validity { expired })) => {
                let why = if *expired {
                    "has expired"
                } else {
                    "is not yet valid"
                };
                write!(
                    f,
                    "the leaf certificate {why}, so the path builder cannot start from it"
                )
            }
            Some(DeadEnd::Leaf(LeafRefusal::NegativePathLen)) => f.write_str(
                "the leaf claims to be a CA with a negative pathLenConstraint, so the path builder cannot select it",
            ),
            Some(DeadEnd::Leaf(LeafRefusal::UnrecognizedCritical)) => {
                f.write_str("the leaf carries a critical extension the JDK does not handle")
            }
            Some(DeadEnd::Refused { issuer, why, .. }) => {
                let what = match why {
                    Refusal::UnrecognizedCritical => {
                        "carries a critical extension the JDK does not handle"
                    }
                    Refusal::NoKeyCertSign => "lacks keyCertSign in its KeyUsage",
                    // Never the note (the builder passes over a non-CA silently).
                    Refusal::NotCa => "is not a CA",
                };
                write!(f, "\"{}\" {what}", subject(*issuer))
            }
            Some(DeadEnd::PathFails { at, failure, .. }) => write!(
                f,
                "a path through \"{}\" fails: {}",
                subject(*at),
                failure.java_message()
            ),
            _ => self.names_end(f),
        }
    }
}

impl Note<'_> {
    /// Where the issuer names run out: the last certificate the walk reached.
    fn names_end(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let walk = &self.record.walk;
        let last = walk.steps.last().copied().unwrap_or(0);
        let Some(cur) = self.chain.get(last) else {
            return Ok(());
        };
        let role = if last == 0 {
            "the leaf"
        } else {
            "the presented certificate"
        };
        if cur.is_self_issued() {
            write!(
                f,
                "{role} \"{}\" is self-issued and not in the trust store",
                cur.subject_string()
            )
        } else if walk.end == WalkEnd::Trusted {
            write!(
                f,
                "no path from \"{}\" to the trust store's \"{}\" validates",
                cur.subject_string(),
                cur.issuer.to_java_string()
            )
        } else {
            write!(
                f,
                "no certificate named \"{}\" (the issuer of \"{}\") is in the chain or the trust store",
                cur.issuer.to_java_string(),
                cur.subject_string()
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_is_bounded_and_keeps_the_first_noteworthy_dead_end() {
        let mut record = SearchRecord::default();
        let passed_over = |j| DeadEnd::NotOffered {
            child: 0,
            issuer: Origin::Presented(j),
            why: NotOffered::Validity { expired: true },
        };
        for j in 0..MAX_DEAD_ENDS + 10 {
            record.push(passed_over(j));
        }
        assert_eq!(record.dead_ends.len(), MAX_DEAD_ENDS);
        assert_eq!(record.dropped, 10);
        assert_eq!(record.most_promising(), None);
        // A non-CA candidate is passed over silently: never the note.
        record.push(DeadEnd::Refused {
            child: 0,
            issuer: 1,
            why: Refusal::NotCa,
        });
        assert_eq!(record.most_promising(), None);
        let fails = DeadEnd::PathFails {
            anchor: 0,
            at: 1,
            failure: PathFailure::Signature,
        };
        record.push(fails.clone());
        record.push(DeadEnd::Refused {
            child: 0,
            issuer: 2,
            why: Refusal::NoKeyCertSign,
        });
        assert_eq!(record.most_promising(), Some(&fails));
        assert_eq!(record.dead_ends.len(), MAX_DEAD_ENDS + 1);
        assert_eq!(record.dropped, 12);
    }

    #[test]
    fn leaf_refusals_come_in_the_selectors_order() {
        let mut record = SearchRecord::default();
        record.push(DeadEnd::Leaf(LeafRefusal::Validity { expired: false }));
        record.push(DeadEnd::Leaf(LeafRefusal::UnrecognizedCritical));
        assert_eq!(
            record.leaf_refusals().collect::<Vec<_>>(),
            vec![
                LeafRefusal::Validity { expired: false },
                LeafRefusal::UnrecognizedCritical
            ]
        );
        assert_eq!(
            record.note(&[]).to_string(),
            "the leaf certificate is not yet valid, so the path builder cannot start from it"
        );
    }

    #[test]
    fn an_unrecorded_link_is_unknown() {
        let mut record = SearchRecord::default();
        record.links.push(Link {
            child: 0,
            issuer: Origin::Anchor(3),
            verified: false,
        });
        assert_eq!(record.signature(0, Origin::Anchor(3)), Some(false));
        assert_eq!(record.signature(0, Origin::Presented(1)), None);
    }
}
