//! The per-certificate checks of a certification path, in the JDK's order.
//!
//! `PKIXCertPathValidator` runs, for each certificate from the one below the anchor down to the
//! leaf: the default `AlgorithmChecker` (jdk.certpath.disabledAlgorithms), `KeyChecker` (CA
//! keyCertSign), `ConstraintsChecker` (basic constraints, path length, name constraints),
//! `BasicChecker` (validity, name chaining, signature), then the TLS `AlgorithmChecker` JSSE adds,
//! and finally the unresolved-critical-extension test. The path builder's final verification
//! runs a subset (its selection already enforced validity, chaining and CA key usage); both
//! share this code through [`Mode`].

use std::collections::HashMap;

use super::policy::PolicyChecker;
use super::Anchor;
use crate::cert::{oid, Certificate};
use crate::constraints::{self, TlsVersion};
use crate::crypto;
use crate::message::PathFailure;
use crate::name_constraints::{NameConstraints, NameConstraintsError};
use crate::time::Millis;

/// Which caller runs the checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `PKIXCertPathValidator.validate`: every checker.
    Validate,
    /// `SunCertPathBuilder`'s final verification of a candidate path.
    BuildFinal,
}

/// Limits on the work one evaluation may do (hostile chains must not run unbounded).
///
/// Java has no such limits; API Gateway's client simply takes as long as the chain makes it
/// (and its 29-second integration timeout ends the request). Each limit is far above what any
/// real chain needs, so it only decides cases Java would spend seconds to minutes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Budget {
    /// Signature verifications (cached results do not count).
    pub signature_checks: u32,
    /// Estimated cost of those verifications, in the crypto module's verification-work units
    /// (≈ 2^20 bit steps of modular arithmetic; an RSA-2048 verification is 68). Charged before
    /// each verification: one whose cost exceeds what is left is not attempted.
    pub signature_work: u64,
    /// Path-builder steps (candidate certificates considered).
    pub build_steps: u32,
    /// Name-constraint comparisons: for each check, the certificate's names times the subtrees
    /// it is compared with, and for each merge, the product of the two subtree counts.
    pub name_checks: u64,
    /// Valid-policy-tree work: nodes created, plus the tree's size for each certificate (the
    /// JDK copies the tree once per certificate). The tree grows as mappings × policies × depth.
    pub policy_nodes: u64,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            signature_checks: 512,
            signature_work: 4_000_000,
            build_steps: 20_000,
            name_checks: 20_000_000,
            policy_nodes: 2_000_000,
        }
    }
}

/// Raised when the budget runs out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetExceeded(pub &'static str);

/// State shared by every check of one evaluation: time, TLS version, budget and caches.
#[derive(Debug)]
pub struct Context {
    pub time: Millis,
    pub tls: TlsVersion,
    budget_left: Budget,
    signature_cache: HashMap<([u8; 32], [u8; 32]), bool>,
}

impl Context {
    pub fn new(time: Millis, tls: TlsVersion, budget: Budget) -> Self {
        Context {
            time,
            tls,
            budget_left: budget,
            signature_cache: HashMap::new(),
        }
    }

    /// Does `issuer`'s key verify `cert`'s signature? Cached per (certificate, issuer) pair.
    pub fn signature_ok(
        &mut self,
        cert: &Certificate,
        issuer: &Certificate,
    ) -> Result<bool, BudgetExceeded> {
        let key = (*cert.sha256(), *issuer.sha256());
        if let Some(&ok) = self.signature_cache.get(&key) {
            return Ok(ok);
        }
        if self.budget_left.signature_checks == 0 {
            return Err(BudgetExceeded("signature checks"));
        }
        let work = crypto::verification_work(issuer.spki());
        if work > self.budget_left.signature_work {
            return Err(BudgetExceeded("signature work"));
        }
        self.budget_left.signature_checks -= 1;
        self.budget_left.signature_work -= work;
        let ok = crypto::verify_signature(
            &cert.signature_algorithm,
            issuer.spki(),
            cert.tbs(),
            &cert.signature,
        )
        .is_ok();
        self.signature_cache.insert(key, ok);
        Ok(ok)
    }

    /// Takes `comparisons` name-constraint comparisons from the budget.
    fn name_checks(&mut self, comparisons: u64) -> Result<(), BudgetExceeded> {
        if comparisons > self.budget_left.name_checks {
            return Err(BudgetExceeded("name-constraint comparisons"));
        }
        self.budget_left.name_checks -= comparisons;
        Ok(())
    }

    /// Takes `nodes` units of valid-policy-tree work from the budget.
    pub(crate) fn policy_nodes(&mut self, nodes: u64) -> Result<(), BudgetExceeded> {
        if nodes > self.budget_left.policy_nodes {
            return Err(BudgetExceeded("certificate-policy tree nodes"));
        }
        self.budget_left.policy_nodes -= nodes;
        Ok(())
    }

    /// Takes one builder step from the budget.
    pub fn build_step(&mut self) -> Result<(), BudgetExceeded> {
        if self.budget_left.build_steps == 0 {
            return Err(BudgetExceeded("path-builder steps"));
        }
        self.budget_left.build_steps -= 1;
        Ok(())
    }
}

/// Critical extensions some checker of the path handles (KeyChecker, ConstraintsChecker,
/// PolicyChecker); any other critical extension is "unrecognized".
const HANDLED_CRITICAL: &[&str] = &[
    oid::KEY_USAGE,
    oid::EXTENDED_KEY_USAGE,
    oid::SUBJECT_ALT_NAME,
    oid::BASIC_CONSTRAINTS,
    oid::NAME_CONSTRAINTS,
    oid::CERTIFICATE_POLICIES,
    oid::POLICY_MAPPINGS,
    oid::POLICY_CONSTRAINTS,
    oid::INHIBIT_ANY_POLICY,
];

/// True when `cert` carries a critical extension no checker resolves.
pub fn has_unrecognized_critical(cert: &Certificate) -> bool {
    unrecognized_critical(cert).next().is_some()
}

/// The OIDs of `cert`'s critical extensions that no checker resolves, in encoding order (the
/// diagnosis names them).
pub fn unrecognized_critical(cert: &Certificate) -> impl Iterator<Item = &str> {
    cert.extensions
        .critical_oids()
        .filter(|o| !HANDLED_CRITICAL.contains(o))
}

/// Outcome of checking a path: Ok, or the failure with the index (in `path`) of the certificate.
pub type PathResult = Result<Result<(), (PathFailure, usize)>, BudgetExceeded>;

/// Runs the checkers over `path` (top certificate first, leaf last) under `anchor`.
pub fn check_path(
    path: &[&Certificate],
    anchor: &Anchor,
    mode: Mode,
    ctx: &mut Context,
) -> PathResult {
    let anchor_is_jdk_ca = anchor.jdk_ca;
    let anchor = &anchor.cert;
    let n = path.len();
    // Default AlgorithmChecker: starts from the anchor's key.
    let mut algo_prev: &Certificate = anchor;
    // TLS AlgorithmChecker: created without an anchor, it first meets the top certificate.
    let mut tls_prev: Option<&Certificate> = None;
    // BasicChecker: the anchor's subject and key.
    let mut basic_prev: &Certificate = anchor;
    // ConstraintsChecker.
    let mut max_path_length: i64 = n as i64;
    let mut name_constraints: Option<NameConstraints> = None;
    // PolicyChecker.
    let mut policy = PolicyChecker::new(n);

    for (idx, &cert) in path.iter().enumerate() {
        let i = idx + 1; // the JDK counts from 1
        let is_leaf = i == n;
        let fail = |f: PathFailure| Ok(Err((f, idx)));
        let sig_alg = cert.signature_algorithm.java_name();

        // -- default AlgorithmChecker (jdk.certpath.disabledAlgorithms)
        if mode == Mode::Validate {
            if let Some(f) = default_algorithm_check(cert, algo_prev, &sig_alg, anchor_is_jdk_ca) {
                return fail(f);
            }
            algo_prev = cert;
        }

        // -- KeyChecker: CA key usage on every certificate above the leaf
        if mode == Mode::Validate && !is_leaf && cert.key_usage_bit(5) == Some(false) {
            return fail(PathFailure::CaKeyUsage);
        }

        // -- ConstraintsChecker
        if i < n {
            let path_len = if cert.version < 3 {
                // A v1/v2 certificate counts as a CA only when the anchor issued it and it is self-issued.
                if i == 1 && cert.is_self_issued() {
                    i64::MAX
                } else {
                    -1
                }
            } else {
                cert.java_basic_constraints()
            };
            if path_len == -1 {
                return fail(PathFailure::NotCa);
            }
            if !cert.is_self_issued() {
                if max_path_length <= 0 {
                    return fail(PathFailure::PathLength);
                }
                max_path_length -= 1;
            }
            if path_len < max_path_length {
                max_path_length = path_len;
            }
        }
        if let Some(nc) = &name_constraints {
            if is_leaf || !cert.is_self_issued() {
                let names = cert
                    .extensions
                    .subject_alt_names
                    .as_deref()
                    .map_or(0, <[_]>::len);
                // The subject DN, its email addresses and its CN stand in besides the SANs.
                ctx.name_checks((names as u64 + 2).saturating_mul(nc.subtree_count() as u64))?;
                match nc.verify(&cert.subject, cert.extensions.subject_alt_names.as_deref()) {
                    Ok(true) => {}
                    Ok(false) => return fail(PathFailure::NameConstraints),
                    Err(e) => return fail(name_constraints_failure(e)),
                }
            }
        }
        // ConstraintsChecker.mergeNameConstraints runs for every certificate, the leaf included.
        if let Some(new) = &cert.extensions.name_constraints {
            match &mut name_constraints {
                Some(prev) => {
                    // GeneralSubtrees' union, intersect, minimize and reduce compare pairs of
                    // subtrees drawn from both lists.
                    let all = (prev.subtree_count() + new.subtree_count()) as u64;
                    ctx.name_checks(all.saturating_mul(all))?;
                    if let Err(e) = prev.merge(new) {
                        return fail(name_constraints_failure(e));
                    }
                }
                None => name_constraints = Some(new.clone()),
            }
        }

        // -- PolicyChecker (the validator runs it before BasicChecker)
        if mode == Mode::Validate {
            if let Err(failure) = policy.check(cert, ctx)? {
                return fail(PathFailure::Policy { failure });
            }
        }

        // -- BasicChecker (the builder's final pass checks the signature only)
        if mode == Mode::Validate {
            if cert.not_before > ctx.time {
                return fail(PathFailure::Validity { expired: false });
            }
            if cert.not_after < ctx.time {
                return fail(PathFailure::Validity { expired: true });
            }
            if cert.issuer != basic_prev.subject {
                return fail(PathFailure::NameChaining);
            }
        }
        if !ctx.signature_ok(cert, basic_prev)? {
            return fail(PathFailure::Signature);
        }
        basic_prev = cert;

        // -- the builder's final verification runs PolicyChecker after the signature check
        if mode == Mode::BuildFinal {
            if let Err(failure) = policy.check(cert, ctx)? {
                return fail(PathFailure::Policy { failure });
            }
        }

        // -- the builder runs the default AlgorithmChecker after the basic checks
        if mode == Mode::BuildFinal {
            if let Some(f) = default_algorithm_check(cert, algo_prev, &sig_alg, anchor_is_jdk_ca) {
                return fail(f);
            }
            algo_prev = cert;
        }

        // -- TLS AlgorithmChecker (SSLAlgorithmConstraints)
        if !constraints::tls_signature_permitted(ctx.tls, &sig_alg) {
            return fail(PathFailure::SignatureAlgorithm { algorithm: sig_alg });
        }
        if let Some(algorithm) = constraints::tls_key_algorithm_disabled(&cert.key) {
            return fail(PathFailure::KeyAlgorithm {
                algorithm: algorithm.into(),
            });
        }
        if let Some(prev) = tls_prev {
            if ec_key_below_tls_limit(&prev.key) {
                return fail(PathFailure::SignatureAlgorithm { algorithm: sig_alg });
            }
        }
        tls_prev = Some(cert);

        // -- PKIXMasterCertPathValidator: critical extensions nobody handled
        if has_unrecognized_critical(cert) {
            return fail(PathFailure::UnrecognizedCriticalExtension);
        }
    }
    Ok(Ok(()))
}

/// A name-constraints error: an IOException the validator wraps, or an unchecked exception
/// that escapes the JDK's validator altogether.
fn name_constraints_failure(e: NameConstraintsError) -> PathFailure {
    match e {
        NameConstraintsError::Unchecked(u) => PathFailure::UncheckedJavaException {
            detail: u.to_string(),
        },
        other => PathFailure::NameConstraintsError {
            detail: other.to_string(),
        },
    }
}

/// The default `AlgorithmChecker` on one certificate, `issuer` being the previous certificate
/// (or the anchor) whose key signed it.
fn default_algorithm_check(
    cert: &Certificate,
    issuer: &Certificate,
    sig_alg: &str,
    anchor_is_jdk_ca: bool,
) -> Option<PathFailure> {
    if constraints::certpath_signature_disabled(sig_alg) {
        return Some(PathFailure::SignatureAlgorithm {
            algorithm: sig_alg.to_string(),
        });
    }
    if let Some(bits) = &cert.extensions.key_usage {
        // digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement,
        // keyCertSign, cRLSign each map to a primitive; encipherOnly/decipherOnly alone do not.
        if !bits.iter().take(7).any(|&b| b) {
            return Some(PathFailure::IncorrectKeyUsageBits);
        }
    }
    // `SHA1 jdkCA & usage TLSServer`: SHA-1 is refused only under a root of the JDK's cacerts.
    if anchor_is_jdk_ca && constraints::uses_sha1(sig_alg) {
        return Some(PathFailure::UsageConstraint {
            algorithm: "SHA1".into(),
            subject: cert.subject_string(),
        });
    }
    if let Some((algorithm, bits)) = constraints::key_too_small(&cert.key) {
        return Some(PathFailure::KeySize {
            algorithm: algorithm.into(),
            bits,
            subject: cert.subject_string(),
        });
    }
    // The issuer's key is checked as the key of this signature: too small -> the signature
    // algorithm is reported (SPEC: "an anchor key below the size limits fails its child").
    if constraints::key_too_small(&issuer.key).is_some() {
        return Some(PathFailure::SignatureAlgorithm {
            algorithm: sig_alg.to_string(),
        });
    }
    None
}

/// `jdk.tls.disabledAlgorithms` has `EC keySize < 224` too; it applies to the issuer key of a
/// signature (the certificate's own key was already refused by the certification-path rule).
fn ec_key_below_tls_limit(key: &crypto::PublicKeyKind) -> bool {
    matches!(key, crypto::PublicKeyKind::Ec { bits, .. } if *bits < 224)
}
