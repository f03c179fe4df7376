//! The JDK PKIX trust decision (`sun.security.validator.PKIXValidator`), as the TLS trust
//! manager calls it.
//!
//! `PKIXValidator.engineValidate` first looks at the chain *as presented*:
//! * a leaf identical to a trusted certificate is accepted with no further checks;
//! * a certificate whose subject is not the previous one's issuer sends the chain to the
//!   **builder** ([`build`]);
//! * a trusted certificate at position i > 0 (identical, or same subject and key) cuts the chain
//!   there and **validates** positions 0..i-1 with it as anchor ([`validate`]);
//! * if the last certificate's issuer *name* is a trusted subject, the chain is **validated as
//!   presented** — no signature decides this, and there is no fall-back to the builder;
//! * otherwise the **builder** searches the presented certificates and the trust store.
//!
//! The two strategies word failures differently: validation reports the precise reason,
//! building only "unable to find valid certification path".

pub mod build;
pub mod checks;
pub mod order;
mod policy;
pub mod search;
pub mod validate;

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::cert::Certificate;
use crate::message::{PathStrategy, TrustFailure};
use crate::name::Name;

pub use checks::{Budget, Context};

/// A trusted certificate.
#[derive(Debug, Clone)]
pub struct Anchor {
    /// The certificate, parsed as the JDK parses it.
    pub(crate) cert: Certificate,
    /// True for a root of the JDK's own `cacerts` (the `jdkCA` constraint applies under it).
    pub jdk_ca: bool,
}

impl Anchor {
    /// The certificate's DER.
    pub fn der(&self) -> &[u8] {
        self.cert.der()
    }

    /// The SHA-256 fingerprint, lower-case hex (as API Gateway's CA list gives it).
    pub fn fingerprint(&self) -> String {
        self.cert.fingerprint()
    }

    /// The subject as `X500Principal.toString()` renders it.
    pub fn subject(&self) -> String {
        self.cert.subject_string()
    }
}

/// The trust store: anchors indexed the way `PKIXValidator` looks them up.
#[derive(Debug, Clone, Default)]
pub struct TrustStore {
    anchors: Vec<Anchor>,
    by_fingerprint: HashSet<[u8; 32]>,
    by_subject: HashMap<Name, Vec<usize>>,
    /// `by_subject` keyed by the subjects' encodings, made once: a name with the encoding of an
    /// anchor's subject has its canonical form (an equal encoding is an equal name), so the
    /// usual lookup hashes bytes instead of making the name's canonical form. A name encoded
    /// otherwise falls back on `by_subject`.
    by_subject_der: std::sync::OnceLock<HashMap<Vec<u8>, Vec<usize>>>,
    /// The path builder's view, computed once: anchors in the JDK's `HashSet` iteration order
    /// and the distinct anchor subjects in theirs.
    builder_order: std::sync::OnceLock<(Vec<usize>, Vec<usize>)>,
    /// The anchors as rustls-webpki reads them (for the second opinion), converted once per
    /// store instead of once per case.
    webpki_anchors: std::sync::OnceLock<Vec<rustls_pki_types::TrustAnchor<'static>>>,
}

impl TrustStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a trusted certificate (duplicates are ignored).
    pub fn add(&mut self, cert: Certificate, jdk_ca: bool) {
        if !self.by_fingerprint.insert(*cert.sha256()) {
            return;
        }
        self.by_subject
            .entry(cert.subject.clone())
            .or_default()
            .push(self.anchors.len());
        self.anchors.push(Anchor { cert, jdk_ca });
        self.builder_order = std::sync::OnceLock::new();
        self.by_subject_der = std::sync::OnceLock::new();
        self.webpki_anchors = std::sync::OnceLock::new();
    }

    /// The anchors rustls-webpki can read, in store order (one it cannot read is left out, as a
    /// client would leave it out).
    pub(crate) fn webpki_anchors(&self) -> &[rustls_pki_types::TrustAnchor<'static>] {
        self.webpki_anchors.get_or_init(|| {
            self.anchors
                .iter()
                .filter_map(|a| {
                    let der = rustls_pki_types::CertificateDer::from(a.cert.der());
                    webpki::anchor_from_trusted_cert(&der)
                        .ok()
                        .map(|t| t.to_owned())
                })
                .collect()
        })
    }

    /// Anchor indices in the order the JDK's builder iterates its trusted certificates, and the
    /// indices of one anchor per distinct subject in the order it iterates trusted subjects.
    pub(crate) fn builder_order(&self) -> &(Vec<usize>, Vec<usize>) {
        self.builder_order.get_or_init(|| {
            let keyed: Vec<(usize, i32)> = (0..self.anchors.len())
                .map(|i| (i, order::java_bytes_hash(self.anchors[i].cert.der())))
                .collect();
            let anchor_order = order::hash_set_order(&keyed, self.anchors.len());
            let mut subjects: Vec<(usize, i32)> = Vec::new();
            for &i in &anchor_order {
                let s = &self.anchors[i].cert.subject;
                if !subjects
                    .iter()
                    .any(|&(j, _)| self.anchors[j].cert.subject == *s)
                {
                    subjects.push((i, order::java_string_hash(s.canonical())));
                }
            }
            let subject_order = order::hash_set_order(&subjects, self.anchors.len());
            (anchor_order, subject_order)
        })
    }

    /// Every anchor, in insertion order.
    pub fn anchors(&self) -> &[Anchor] {
        &self.anchors
    }

    /// Number of anchors.
    pub fn len(&self) -> usize {
        self.anchors.len()
    }

    /// True when the store is empty.
    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }

    /// `trustedCerts.contains(cert)`: the same encoding is trusted.
    pub fn contains(&self, cert: &Certificate) -> bool {
        self.by_fingerprint.contains(cert.sha256())
    }

    /// Anchors whose subject equals `name`.
    pub fn with_subject<'s>(
        &'s self,
        name: &Name,
    ) -> impl Iterator<Item = (usize, &'s Anchor)> + 's {
        self.subject_indices(name)
            .iter()
            .map(move |&i| (i, &self.anchors[i]))
    }

    /// True when some anchor has subject `name`.
    pub fn has_subject(&self, name: &Name) -> bool {
        !self.subject_indices(name).is_empty()
    }

    /// The anchors whose subject equals `name` (X500Principal.equals), by encoding first.
    fn subject_indices(&self, name: &Name) -> &[usize] {
        let by_der = self.by_subject_der.get_or_init(|| {
            let mut map = HashMap::new();
            for indices in self.by_subject.values() {
                for &i in indices {
                    map.insert(self.anchors[i].cert.subject.der().to_vec(), indices.clone());
                }
            }
            map
        });
        by_der
            .get(name.der())
            .or_else(|| self.by_subject.get(name))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Trusted, or the same subject and public key as a trusted certificate (a re-issued root).
    fn trusts_subject_and_key(&self, cert: &Certificate) -> bool {
        self.contains(cert)
            || self
                .with_subject(&cert.subject)
                .any(|(_, a)| a.cert.spki() == cert.spki())
    }
}

/// Where a certificate of a path comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "from", content = "index", rename_all = "snake_case")]
pub enum Origin {
    /// Position in the presented chain.
    Presented(usize),
    /// Index in the trust store.
    Anchor(usize),
}

impl Origin {
    /// The certificate it names: in the presented `chain` or in `store` (None when the index
    /// is out of range, or an anchor is named without a store).
    pub(crate) fn certificate<'a>(
        self,
        chain: &'a [Certificate],
        store: Option<&'a TrustStore>,
    ) -> Option<&'a Certificate> {
        match self {
            Origin::Presented(i) => chain.get(i),
            Origin::Anchor(i) => store?.anchors().get(i).map(|a| &a.cert),
        }
    }
}

/// How the validator reached its decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// The leaf itself is trusted: accepted without checks.
    TrustedLeaf,
    /// A trusted certificate inside the chain served as the anchor for the part below it.
    TrustedInChain,
    /// The chain was validated in the order presented.
    AsPresented,
    /// The path builder searched for a path.
    Builder,
}

/// A successful trust decision: the path from the leaf up to and including the anchor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrustedPath {
    pub route: Route,
    pub path: Vec<Origin>,
}

/// A failed trust decision, with the certificate the failing rule looked at when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    pub route: Route,
    pub failure: TrustFailure,
    pub certificate: Option<Origin>,
    /// For a path validation failure: the certificate whose key the failing checker held when
    /// it looked at `certificate` — the one above it on the validated path, or the anchor the
    /// reported failure was met under (`PKIXValidator` reports the last anchor's). The
    /// diagnosis names it ("signed by …, whose key is …") without choosing an issuer again.
    pub issuer: Option<Origin>,
    /// For the builder's "no path" failure: the dead ends its search ran into (the note and
    /// the diagnosis read them; nothing re-walks the chain). Boxed: most rejections have none.
    pub search: Option<Box<search::SearchRecord>>,
}

/// `PKIXValidator.engineValidate` followed by nothing else (end-entity checks are the caller's).
// A rejection is the verdict's content (the JDK's failure, its certificate, the builder's
// dead ends), made once per case: boxing it would only add an allocation.
#[allow(clippy::result_large_err)]
pub fn decide(
    chain: &[Certificate],
    store: &TrustStore,
    ctx: &mut Context,
) -> Result<TrustedPath, Rejection> {
    let Some(leaf) = chain.first() else {
        return Err(Rejection {
            route: Route::AsPresented,
            failure: TrustFailure::EmptyChain,
            certificate: None,
            issuer: None,
            search: None,
        });
    };
    if store.contains(leaf) {
        return Ok(TrustedPath {
            route: Route::TrustedLeaf,
            path: vec![Origin::Presented(0)],
        });
    }
    for i in 1..chain.len() {
        if chain[i].subject != chain[i - 1].issuer {
            return build::build(chain, store, ctx);
        }
        if store.trusts_subject_and_key(&chain[i]) {
            return validate::validate(chain, i, store, ctx, Route::TrustedInChain);
        }
    }
    let last = &chain[chain.len() - 1];
    if store.has_subject(&last.issuer) {
        return validate::validate(chain, chain.len(), store, ctx, Route::AsPresented);
    }
    build::build(chain, store, ctx)
}

/// `PKIXValidator.verifyTrustAnchor`, run once a path is found: a v3 anchor must be a CA and,
/// with KeyUsage, assert keyCertSign.
fn verify_anchor(anchor: &Certificate, strategy: PathStrategy) -> Result<(), TrustFailure> {
    if anchor.version < 3 {
        return Ok(());
    }
    let subject = || anchor.subject_string();
    if anchor.java_basic_constraints() == -1 {
        return Err(TrustFailure::AnchorNotCa {
            strategy,
            subject: subject(),
        });
    }
    if anchor.key_usage_bit(5) == Some(false) {
        return Err(TrustFailure::AnchorNoKeyCertSign {
            strategy,
            subject: subject(),
        });
    }
    Ok(())
}

/// `AdaptableX509CertSelector.match` for an issuer candidate: the child's authorityKeyIdentifier
/// must agree with the candidate's subjectKeyIdentifier (when both exist) and serial (for v3).
fn key_ids_match(child: &Certificate, candidate: &Certificate) -> bool {
    let Some(aki) = &child.extensions.authority_key_id else {
        return true;
    };
    if let Some(kid) = &aki.key_id {
        if let Some(ski) = &candidate.extensions.subject_key_id {
            if ski != kid {
                return false;
            }
        }
    }
    if let Some(serial) = &aki.serial {
        if candidate.version > 2
            && strip_leading_zeros(serial) != strip_leading_zeros(&candidate.serial)
        {
            return false;
        }
    }
    true
}

fn strip_leading_zeros(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|&&x| x == 0).count();
    &b[n.min(b.len().saturating_sub(1))..]
}

fn budget_rejection(route: Route, e: checks::BudgetExceeded) -> Rejection {
    Rejection {
        route,
        failure: TrustFailure::BudgetExceeded {
            what: e.0.to_string(),
        },
        certificate: None,
        issuer: None,
        search: None,
    }
}
