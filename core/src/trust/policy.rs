//! The JDK's `PolicyChecker`: RFC 5280 6.1's valid-policy tree over `certificatePolicies`,
//! `policyMappings`, `policyConstraints` and `inhibitAnyPolicy`, as JDK 17.0.21 runs it.
//!
//! `PKIXValidator` leaves every policy parameter at its PKIX default: the initial policy set is
//! `{anyPolicy}`, explicit policy is not required, mapping and anyPolicy are not inhibited, and
//! policy qualifiers are rejected. With `{anyPolicy}` as the initial set, the JDK's pruning
//! against the initial set (`removeInvalidNodes`, `rewriteLeafNodes`) never runs, so the tree
//! only matters through one question: is it empty when the explicit-policy counter is 0?
//!
//! The checker runs on each certificate after `ConstraintsChecker` and before `BasicChecker`
//! (validity, signature) in `PKIXCertPathValidator`, and in the builder's final verification of a
//! candidate path, where a failure makes the builder backtrack. The anchor's own extensions are
//! never processed: the path starts below it.
//!
//! Where the JDK departs from RFC 5280 (each settled with the oracle):
//! * the explicit-policy counter is checked against an empty tree on *every* certificate, before
//!   that certificate's own constraints are merged (for the last one, after);
//! * the wrap-up decrement of the explicit-policy counter skips a self-issued leaf;
//! * qualifiers are examined only on entries other than anyPolicy, only when `certificatePolicies`
//!   is critical, and only while the tree is not empty (once it is, nothing is examined);
//! * mappings are processed only while the tree is not empty and never on the last certificate,
//!   so an anyPolicy mapping there, or after the tree emptied, is no error;
//! * negative SkipCerts values are kept: a negative `requireExplicitPolicy` or
//!   `inhibitPolicyMapping` disables the counter (it is never decremented to 0); `-1` means absent.
//!
//! The tree can grow as mappings × policies × depth (duplicated policy OIDs double it at every
//! level); every node created and every per-certificate copy of the tree is charged to the
//! budget ([`crate::trust::Budget::policy_nodes`]).

use super::checks::{BudgetExceeded, Context};
use crate::cert::{Certificate, ANY_POLICY};
use crate::message::{PolicyConstraintSource, PolicyFailure, PolicyTreeEmptied};

/// A node of the valid-policy tree (`PolicyNodeImpl`).
#[derive(Debug, Clone)]
struct Node {
    parent: Option<usize>,
    depth: usize,
    valid_policy: String,
    /// A set: no OID twice.
    expected: Vec<String>,
    /// `mOriginalExpectedPolicySet`: the first mapping of this node replaces its expected set,
    /// later ones add to it. Nodes made by a mapping start out already replaced.
    original_expected: bool,
    children: Vec<usize>,
}

/// The tree as an arena; node 0 is the root. Removed nodes stay in the arena, unlinked.
#[derive(Debug, Clone)]
struct Tree {
    nodes: Vec<Node>,
}

impl Tree {
    fn new() -> Tree {
        Tree {
            nodes: vec![Node {
                parent: None,
                depth: 0,
                valid_policy: ANY_POLICY.to_string(),
                expected: vec![ANY_POLICY.to_string()],
                original_expected: true,
                children: Vec::new(),
            }],
        }
    }

    /// Linked nodes in depth-first pre-order (the root first).
    fn linked(&self) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![0];
        while let Some(n) = stack.pop() {
            out.push(n);
            stack.extend(self.nodes[n].children.iter().rev());
        }
        out
    }

    /// `getPolicyNodes(depth)`.
    fn at_depth(&self, depth: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![0];
        while let Some(n) = stack.pop() {
            if self.nodes[n].depth == depth {
                out.push(n);
            } else if self.nodes[n].depth < depth {
                stack.extend(self.nodes[n].children.iter().rev());
            }
        }
        out
    }

    fn add(&mut self, parent: usize, valid: &str, expected: &str, by_mapping: bool) {
        let id = self.nodes.len();
        self.nodes.push(Node {
            parent: Some(parent),
            depth: self.nodes[parent].depth + 1,
            valid_policy: valid.to_string(),
            expected: vec![expected.to_string()],
            original_expected: !by_mapping,
            children: Vec::new(),
        });
        self.nodes[parent].children.push(id);
    }

    fn delete(&mut self, node: usize) {
        if let Some(p) = self.nodes[node].parent {
            self.nodes[p].children.retain(|&c| c != node);
        }
    }

    /// `PolicyNodeImpl.prune(depth)`: childless nodes above `depth` go, bottom-up.
    fn prune(&mut self, depth: usize) {
        for n in self.linked().into_iter().rev() {
            let node = &self.nodes[n];
            if node.parent.is_some() && node.children.is_empty() && node.depth < depth {
                self.delete(n);
            }
        }
    }

    fn is_empty(&self) -> bool {
        self.nodes[0].children.is_empty()
    }

    /// The policies a certificate at `depth + 1` may assert: the expected sets at `depth`.
    fn expected_at(&self, depth: usize) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for n in self.at_depth(depth) {
            for e in &self.nodes[n].expected {
                if !out.contains(e) {
                    out.push(e.clone());
                }
            }
        }
        out
    }
}

/// One run of the policy checker over a path (top certificate first).
#[derive(Debug)]
pub(crate) struct PolicyChecker {
    path_len: usize,
    /// 1 for the certificate below the anchor.
    index: usize,
    explicit_policy: i32,
    policy_mapping: i32,
    inhibit_any_policy: i32,
    tree: Option<Tree>,
    explicit_set_by: Option<PolicyConstraintSource>,
    mapping_set_by: Option<PolicyConstraintSource>,
    any_set_by: Option<PolicyConstraintSource>,
    emptied: Option<PolicyTreeEmptied>,
}

type Checked = Result<Result<(), PolicyFailure>, BudgetExceeded>;

impl PolicyChecker {
    /// `PolicyChecker.init`, with the PKIX defaults, for a path of `path_len` certificates.
    pub(crate) fn new(path_len: usize) -> PolicyChecker {
        // certPathLen + 1: none of the three counters is set by the parameters.
        let start = i32::try_from(path_len).unwrap_or(i32::MAX - 1) + 1;
        PolicyChecker {
            path_len,
            index: 1,
            explicit_policy: start,
            policy_mapping: start,
            inhibit_any_policy: start,
            tree: Some(Tree::new()),
            explicit_set_by: None,
            mapping_set_by: None,
            any_set_by: None,
            emptied: None,
        }
    }

    /// `PolicyChecker.checkPolicy` on the next certificate of the path.
    pub(crate) fn check(&mut self, cert: &Certificate, ctx: &mut Context) -> Checked {
        let final_cert = self.index == self.path_len;
        if let Err(f) = self.process_policies(cert, final_cert, ctx)? {
            return Ok(Err(f));
        }
        if let (Some(_), false) = (&self.tree, final_cert) {
            if let Err(f) = self.process_mappings(cert, ctx)? {
                return Ok(Err(f));
            }
        }
        // RFC 5280 6.1.3 (f), on every certificate; for the last one after 6.1.5 (a)-(b).
        let (explicit, required_by) = if final_cert {
            merge_explicit(self.explicit_policy, &self.explicit_set_by, cert, true)
        } else {
            (self.explicit_policy, self.explicit_set_by.clone())
        };
        if explicit == 0 && self.tree.is_none() {
            return Ok(Err(PolicyFailure::ExplicitPolicyRequired {
                required_by,
                emptied: self.emptied.clone(),
            }));
        }
        if !final_cert {
            (self.explicit_policy, self.explicit_set_by) =
                merge_explicit(self.explicit_policy, &self.explicit_set_by, cert, false);
            self.merge_policy_mapping(cert);
            self.merge_inhibit_any_policy(cert);
        }
        self.index += 1;
        Ok(Ok(()))
    }

    /// `processPolicies` up to the mappings: RFC 5280 6.1.3 (d) and (e).
    fn process_policies(
        &mut self,
        cert: &Certificate,
        final_cert: bool,
        ctx: &mut Context,
    ) -> Checked {
        let i = self.index;
        let Some(tree) = self.tree.as_mut() else {
            return Ok(Ok(()));
        };
        // The JDK copies the tree for every certificate.
        ctx.policy_nodes(tree.linked().len() as u64)?;
        let Some(cp) = &cert.extensions.certificate_policies else {
            let permitted = tree.expected_at(i - 1);
            self.tree = None;
            self.emptied = Some(PolicyTreeEmptied::NoPolicies {
                permitted,
                subject: cert.subject_string(),
                malformed_ignored: cert
                    .extensions
                    .all
                    .iter()
                    .any(|e| e.oid == crate::cert::oid::CERTIFICATE_POLICIES),
            });
            return Ok(Ok(()));
        };
        let permitted = tree.expected_at(i - 1);
        let mut found_any = false;
        for p in &cp.policies {
            if p.id == ANY_POLICY {
                found_any = true;
                continue;
            }
            if p.has_qualifiers && cp.critical {
                return Ok(Err(PolicyFailure::CriticalQualifiers {
                    policy: p.id.clone(),
                }));
            }
            if !process_parents(tree, i, &p.id, false, ctx)? {
                process_parents(tree, i, &p.id, true, ctx)?;
            }
        }
        let any_processed =
            found_any && (self.inhibit_any_policy > 0 || (!final_cert && cert.is_self_issued()));
        if any_processed {
            process_parents(tree, i, ANY_POLICY, true, ctx)?;
        }
        tree.prune(i);
        if tree.is_empty() {
            let asserted: Vec<String> = cp
                .policies
                .iter()
                .map(|p| p.id.clone())
                .filter(|id| id != ANY_POLICY)
                .fold(Vec::new(), |mut v, id| {
                    if !v.contains(&id) {
                        v.push(id);
                    }
                    v
                });
            self.tree = None;
            self.emptied = Some(if found_any && !any_processed && asserted.is_empty() {
                PolicyTreeEmptied::AnyPolicyInhibited {
                    subject: cert.subject_string(),
                    inhibited_by: self.any_set_by.clone(),
                }
            } else {
                PolicyTreeEmptied::NoneMatched {
                    subject: cert.subject_string(),
                    asserted,
                    permitted,
                }
            });
        }
        Ok(Ok(()))
    }

    /// `processPolicyMappings`: RFC 5280 6.1.4 (a)-(b), on every certificate but the last.
    fn process_mappings(&mut self, cert: &Certificate, ctx: &mut Context) -> Checked {
        let (Some(maps), Some(tree)) = (&cert.extensions.policy_mappings, self.tree.as_mut())
        else {
            return Ok(Ok(()));
        };
        let i = self.index;
        let mapping_allowed = self.policy_mapping > 0 || self.policy_mapping == -1;
        let mut deleted: Vec<String> = Vec::new();
        for m in maps {
            if m.issuer_domain == ANY_POLICY {
                return Ok(Err(PolicyFailure::IssuerDomainAnyPolicy));
            }
            if m.subject_domain == ANY_POLICY {
                return Ok(Err(PolicyFailure::SubjectDomainAnyPolicy));
            }
            let depth_i = tree.at_depth(i);
            let valid: Vec<usize> = depth_i
                .iter()
                .copied()
                .filter(|&n| tree.nodes[n].valid_policy == m.issuer_domain)
                .collect();
            if !valid.is_empty() {
                for n in valid {
                    if mapping_allowed {
                        let node = &mut tree.nodes[n];
                        if node.original_expected {
                            node.expected.clear();
                            node.original_expected = false;
                        }
                        if !node.expected.contains(&m.subject_domain) {
                            node.expected.push(m.subject_domain.clone());
                        }
                    } else if self.policy_mapping == 0 {
                        tree.delete(n);
                        if !deleted.contains(&m.issuer_domain) {
                            deleted.push(m.issuer_domain.clone());
                        }
                    }
                }
            } else if mapping_allowed {
                // No node has the issuer-domain policy: each anyPolicy node gets a sibling for it.
                for n in depth_i {
                    if tree.nodes[n].valid_policy == ANY_POLICY {
                        ctx.policy_nodes(1)?;
                        let parent = tree.nodes[n].parent.unwrap_or(0);
                        tree.add(parent, &m.issuer_domain, &m.subject_domain, true);
                    }
                }
            }
        }
        if !deleted.is_empty() {
            tree.prune(i);
            if tree.is_empty() {
                self.tree = None;
                self.emptied = Some(PolicyTreeEmptied::MappingInhibited {
                    subject: cert.subject_string(),
                    mapped: deleted,
                    inhibited_by: self.mapping_set_by.clone(),
                });
            }
        }
        Ok(Ok(()))
    }

    /// `mergePolicyMapping`.
    fn merge_policy_mapping(&mut self, cert: &Certificate) {
        if self.policy_mapping > 0 && !cert.is_self_issued() {
            self.policy_mapping -= 1;
        }
        if let Some(pc) = &cert.extensions.policy_constraints {
            let inhibit = pc.inhibit_policy_mapping;
            if inhibit != -1 && (self.policy_mapping == -1 || inhibit < self.policy_mapping) {
                self.policy_mapping = inhibit;
                self.mapping_set_by = Some(source(cert, inhibit));
            }
        }
    }

    /// `mergeInhibitAnyPolicy` (its -1 test can never hold: the extension maps -1 to MAX).
    fn merge_inhibit_any_policy(&mut self, cert: &Certificate) {
        if self.inhibit_any_policy > 0 && !cert.is_self_issued() {
            self.inhibit_any_policy -= 1;
        }
        if let Some(skip) = cert.extensions.inhibit_any_policy {
            if skip != -1 && skip < self.inhibit_any_policy {
                self.inhibit_any_policy = skip;
                self.any_set_by = Some(source(cert, skip));
            }
        }
    }
}

fn source(cert: &Certificate, value: i32) -> PolicyConstraintSource {
    PolicyConstraintSource {
        subject: cert.subject_string(),
        value,
    }
}

/// `mergeExplicitPolicy`: the counter after `cert`, and the certificate that set it last.
fn merge_explicit(
    current: i32,
    set_by: &Option<PolicyConstraintSource>,
    cert: &Certificate,
    final_cert: bool,
) -> (i32, Option<PolicyConstraintSource>) {
    let mut v = current;
    let mut by = set_by.clone();
    if v > 0 && !cert.is_self_issued() {
        v -= 1;
    }
    if let Some(pc) = &cert.extensions.policy_constraints {
        let require = pc.require_explicit_policy;
        let takes = if final_cert {
            require == 0
        } else {
            require != -1 && (v == -1 || require < v)
        };
        if takes {
            v = require;
            by = Some(source(cert, require));
        }
    }
    (v, by)
}

/// `processParents`: extends the tree below the depth-(i-1) nodes that expect `policy`
/// (with `match_any`, those that expect anyPolicy). For anyPolicy itself every depth-(i-1) node
/// gets a child for each expected policy it has no child for. True when some parent matched.
fn process_parents(
    tree: &mut Tree,
    i: usize,
    policy: &str,
    match_any: bool,
    ctx: &mut Context,
) -> Result<bool, BudgetExceeded> {
    let wanted = if match_any { ANY_POLICY } else { policy };
    let parents: Vec<usize> = tree
        .at_depth(i - 1)
        .into_iter()
        .filter(|&n| policy == ANY_POLICY || tree.nodes[n].expected.iter().any(|e| e == wanted))
        .collect();
    for &parent in &parents {
        if policy == ANY_POLICY {
            let expected = tree.nodes[parent].expected.clone();
            for e in expected {
                let has_child = tree.nodes[parent]
                    .children
                    .iter()
                    .any(|&c| tree.nodes[c].valid_policy == e);
                if !has_child {
                    ctx.policy_nodes(1)?;
                    tree.add(parent, &e, &e, false);
                }
            }
        } else {
            ctx.policy_nodes(1)?;
            tree.add(parent, policy, policy, false);
        }
    }
    Ok(!parents.is_empty())
}
