//! Findings for the JDK's `PolicyChecker` failures: which certificate required an explicit
//! policy, which one emptied the valid-policy tree and why, in the case's own terms.

use crate::message::{PolicyConstraintSource, PolicyFailure, PolicyTreeEmptied};

use super::describe::{quoted_list, Located};
use super::{Code, Context, Finding};

/// The finding for a policy failure at `at` (the certificate the checker was on).
pub(super) fn finding(
    ctx: &Context<'_>,
    failure: &PolicyFailure,
    at: Option<Located<'_>>,
) -> Finding {
    let reference = at.map(|l| l.reference());
    let label = at
        .map(|l| l.label())
        .unwrap_or_else(|| "a certificate of the chain".to_string());
    let host = ctx.host;
    match failure {
        PolicyFailure::ExplicitPolicyRequired { required_by, emptied } => {
            let requirement = match required_by {
                Some(PolicyConstraintSource { subject, value }) => format!(
                    "`{subject}` requires an explicit policy {} (requireExplicitPolicy={value})",
                    match value {
                        0 => "from here down".to_string(),
                        1 => "after one more certificate".to_string(),
                        n => format!("after {n} more certificates"),
                    }
                ),
                None => "A CA of the path requires an explicit certificate policy (requireExplicitPolicy)".to_string(),
            };
            let (why, fix_leaf) = match emptied {
                Some(PolicyTreeEmptied::NoPolicies { subject, malformed_ignored, permitted }) => (
                    format!(
                        "`{subject}` asserts none of the policies in the path{}{}",
                        if permitted.is_empty() { String::new() } else { format!(": {}", quoted_list(permitted)) },
                        if *malformed_ignored {
                            " (its certificatePolicies extension is non-critical and malformed, so Java ignores it)"
                        } else {
                            " (it has no certificatePolicies extension)"
                        }
                    ),
                    Some(subject.clone()),
                ),
                Some(PolicyTreeEmptied::NoneMatched { subject, asserted, permitted }) => {
                    let asserted = if asserted.is_empty() {
                        "an empty certificatePolicies extension".to_string()
                    } else {
                        quoted_list(asserted)
                    };
                    let permitted = if permitted.is_empty() {
                        "none".to_string()
                    } else {
                        quoted_list(permitted)
                    };
                    (
                        format!("`{subject}` asserts {asserted}, none of the policies the certificates above it permit: {permitted}"),
                        Some(subject.clone()),
                    )
                }
                Some(PolicyTreeEmptied::AnyPolicyInhibited { subject, inhibited_by }) => (
                    format!(
                        "`{subject}` asserts only anyPolicy, which no longer counts{}",
                        inhibited_by
                            .as_ref()
                            .map(|s| format!(" because `{}` inhibits anyPolicy (inhibitAnyPolicy={})", s.subject, s.value))
                            .unwrap_or_default()
                    ),
                    Some(subject.clone()),
                ),
                Some(PolicyTreeEmptied::MappingInhibited { subject, mapped, inhibited_by }) => (
                    format!(
                        "`{subject}` maps {} to other policies while policy mapping is inhibited{}, so Java drops those policies",
                        quoted_list(mapped),
                        inhibited_by
                            .as_ref()
                            .map(|s| format!(" (inhibitPolicyMapping={} on `{}`)", s.value, s.subject))
                            .unwrap_or_default()
                    ),
                    None,
                ),
                None => ("no policy is left on the path".to_string(), None),
            };
            let constraint_holder = required_by
                .as_ref()
                .map(|s| format!("`{}`", s.subject))
                .unwrap_or_else(|| "the constraining CA".to_string());
            let fix = match fix_leaf {
                Some(subject) => format!(
                    "reissue `{subject}` asserting one of the policies the chain permits (its CA's certificatePolicies), or drop the policyConstraints requireExplicitPolicy from {constraint_holder}"
                ),
                None => format!(
                    "remove the policyMappings that inhibitPolicyMapping forbids, or drop the policyConstraints requireExplicitPolicy from {constraint_holder}"
                ),
            };
            Finding::new(
                Code::ExplicitPolicyRequired,
                "A CA requires a certificate policy the chain does not carry",
                format!(
                    "{requirement}, and {why}. Java's PolicyChecker ends with an empty valid-policy tree while an explicit policy is required (while checking {label})."
                ),
            )
            .fix(fix)
            .on(reference)
        }
        PolicyFailure::CriticalQualifiers { policy } => Finding::new(
            Code::CriticalPolicyQualifiers,
            "A critical certificatePolicies extension carries policy qualifiers",
            format!(
                "{label} marks its certificatePolicies extension critical and gives policy `{policy}` qualifiers (a CPS URI or a user notice). The JDK validates with policy qualifiers rejected (the PKIX default), so a critical extension with qualifiers fails the path."
            ),
        )
        .fix(format!(
            "reissue {} with certificatePolicies marked non-critical (as RFC 5280 recommends), or without the qualifiers; the certificate for `{host}` then validates",
            at.map(|l| format!("`{}`", l.cert.subject_string())).unwrap_or_else(|| "that certificate".to_string())
        ))
        .on(reference),
        PolicyFailure::IssuerDomainAnyPolicy | PolicyFailure::SubjectDomainAnyPolicy => {
            let side = if matches!(failure, PolicyFailure::IssuerDomainAnyPolicy) {
                "from"
            } else {
                "to"
            };
            Finding::new(
                Code::AnyPolicyMapping,
                "A policy mapping involves anyPolicy",
                format!(
                    "{label} has a policyMappings entry that maps {side} anyPolicy (2.5.29.32.0). RFC 5280 forbids it and Java's PolicyChecker rejects the path."
                ),
            )
            .fix(format!(
                "reissue {} without the anyPolicy mapping (map concrete policy OIDs only)",
                at.map(|l| format!("`{}`", l.cert.subject_string())).unwrap_or_else(|| "that CA certificate".to_string())
            ))
            .on(reference)
        }
    }
}
