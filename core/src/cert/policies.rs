//! The four certificate-policy extensions, decoded the way the JDK's `sun.security.x509`
//! classes decode them (`CertificatePoliciesExtension`/`PolicyInformation`/
//! `java.security.cert.PolicyQualifierInfo`, `PolicyMappingsExtension`/`CertificatePolicyMap`,
//! `PolicyConstraintsExtension`, `InhibitAnyPolicyExtension`).
//!
//! Each decoder returns `Err(reason)` exactly where the JDK's constructor throws an
//! `IOException`; the certificate parser then fails the certificate when the extension is
//! critical and drops the extension when it is not (`CertificateExtensions.parseExtension`).
//! The values are read as the JDK reads extension values (`new DerValue(byte[])` with BER
//! allowed): indefinite lengths on constructed values and redundant length or integer octets are
//! accepted, bytes after the extension's one value are not.
//!
//! Where the JDK departs from RFC 5280:
//! * an empty `certificatePolicies` or `policyMappings` SEQUENCE is accepted (RFC: SIZE 1..MAX);
//! * elements after the ones the JDK reads are ignored inside a `PolicyInformation`, a
//!   `PolicyQualifierInfo` and a `CertificatePolicyMap` (but not after the extension value);
//! * `policyConstraints` takes its two fields in either order, refuses a field twice — except
//!   that an explicit `-1` counts as absent, so a second field after `-1` is not a duplicate —
//!   and keeps any value of Java's `int` range, negative ones included;
//! * `inhibitAnyPolicy` must be critical: the JDK's constructor throws for a non-critical one, so
//!   a non-critical `inhibitAnyPolicy` is always dropped. `-1` means "no limit", below `-1` fails.

use crate::der::{self, tag, OidBound, Reader, Strictness, Tlv};
use crate::message::parsing;

/// `anyPolicy` (RFC 5280 4.2.1.4).
pub const ANY_POLICY: &str = "2.5.29.32.0";

/// One `PolicyInformation`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyInformation {
    /// The policy OID, dotted.
    pub id: String,
    /// True when the entry carries `policyQualifiers` (never an empty list: the JDK refuses one).
    pub has_qualifiers: bool,
}

/// `certificatePolicies`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificatePolicies {
    /// The extension's critical flag (the policy checker rejects qualifiers only under it).
    pub critical: bool,
    /// The entries in encoding order, duplicates kept (the JDK keeps them in a list).
    pub policies: Vec<PolicyInformation>,
}

/// One `policyMappings` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyMapping {
    pub issuer_domain: String,
    pub subject_domain: String,
}

/// `policyConstraints`; `-1` stands for an absent field, as in the JDK.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PolicyConstraints {
    /// `requireExplicitPolicy` (SkipCerts).
    pub require_explicit_policy: i32,
    /// `inhibitPolicyMapping` (SkipCerts).
    pub inhibit_policy_mapping: i32,
}

/// Tag of `PolicyConstraints.requireExplicitPolicy` (`[0] IMPLICIT SkipCerts`).
const TAG_REQUIRE: u8 = 0x80;
/// Tag of `PolicyConstraints.inhibitPolicyMapping` (`[1] IMPLICIT SkipCerts`).
const TAG_INHIBIT: u8 = 0x81;

use super::{extension_value as whole_value, reason};

/// `DerValue.getOID()` on the next value.
fn read_oid(r: &mut Reader<'_>) -> Result<String, String> {
    let v = r.read().map_err(reason)?;
    if v.tag != tag::OID {
        return Err(parsing::NOT_AN_OID.into());
    }
    der::oid_to_string(v.content, OidBound::Arcs128).map_err(reason)
}

/// `CertificatePoliciesExtension(Boolean, Object)`.
pub fn certificate_policies(critical: bool, value: &[u8]) -> Result<CertificatePolicies, String> {
    let outer = whole_value(value)?;
    if outer.tag != tag::SEQUENCE {
        return Err(parsing::INVALID_ENCODING_FOR_CERTIFICATEPOLICIESEXTENSION.into());
    }
    let mut r = Reader::new(outer.content, Strictness::Ber);
    let mut policies = Vec::new();
    while !r.is_empty() {
        policies.push(policy_information(r.read().map_err(reason)?)?);
    }
    Ok(CertificatePolicies { critical, policies })
}

/// `PolicyInformation(DerValue)`.
fn policy_information(v: Tlv<'_>) -> Result<PolicyInformation, String> {
    if v.tag != tag::SEQUENCE {
        return Err(parsing::INVALID_ENCODING_OF_POLICYINFORMATION.into());
    }
    let mut r = Reader::new(v.content, Strictness::Ber);
    let id = read_oid(&mut r)?;
    let mut has_qualifiers = false;
    if !r.is_empty() {
        let qualifiers = r.read().map_err(reason)?;
        if qualifiers.tag != tag::SEQUENCE {
            return Err(parsing::INVALID_ENCODING_OF_POLICYINFORMATION.into());
        }
        if qualifiers.content.is_empty() {
            return Err(parsing::NO_DATA_AVAILABLE_IN_POLICYQUALIFIERS.into());
        }
        let mut q = Reader::new(qualifiers.content, Strictness::Ber);
        while !q.is_empty() {
            policy_qualifier_info(q.read().map_err(reason)?)?;
        }
        has_qualifiers = true;
    }
    // Anything after the qualifiers is never read.
    Ok(PolicyInformation { id, has_qualifiers })
}

/// `PolicyQualifierInfo(byte[])`: a SEQUENCE starting with an OID; the rest is kept opaque.
fn policy_qualifier_info(v: Tlv<'_>) -> Result<(), String> {
    if v.tag != tag::SEQUENCE {
        return Err(parsing::INVALID_ENCODING_FOR_POLICYQUALIFIERINFO.into());
    }
    read_oid(&mut Reader::new(v.content, Strictness::Ber)).map(|_| ())
}

/// `PolicyMappingsExtension(Boolean, Object)`.
pub fn policy_mappings(value: &[u8]) -> Result<Vec<PolicyMapping>, String> {
    let outer = whole_value(value)?;
    if outer.tag != tag::SEQUENCE {
        return Err(parsing::INVALID_ENCODING_FOR_POLICYMAPPINGSEXTENSION.into());
    }
    let mut r = Reader::new(outer.content, Strictness::Ber);
    let mut maps = Vec::new();
    while !r.is_empty() {
        let m = r.read().map_err(reason)?;
        if m.tag != tag::SEQUENCE {
            return Err(parsing::INVALID_ENCODING_FOR_CERTIFICATEPOLICYMAP.into());
        }
        let mut mr = Reader::new(m.content, Strictness::Ber);
        let issuer_domain = read_oid(&mut mr)?;
        let subject_domain = read_oid(&mut mr)?;
        maps.push(PolicyMapping {
            issuer_domain,
            subject_domain,
        });
    }
    Ok(maps)
}

/// `PolicyConstraintsExtension(Boolean, Object)`.
pub fn policy_constraints(value: &[u8]) -> Result<PolicyConstraints, String> {
    let outer = whole_value(value)?;
    if outer.tag != tag::SEQUENCE {
        return Err(parsing::SEQUENCE_TAG_MISSING_FOR_POLICYCONSTRAINT.into());
    }
    let mut pc = PolicyConstraints {
        require_explicit_policy: -1,
        inhibit_policy_mapping: -1,
    };
    let mut r = Reader::new(outer.content, Strictness::Ber);
    while !r.is_empty() {
        let next = r.read().map_err(reason)?;
        let field = match next.tag {
            TAG_REQUIRE => &mut pc.require_explicit_policy,
            TAG_INHIBIT => &mut pc.inhibit_policy_mapping,
            _ => return Err(parsing::INVALID_ENCODING_OF_POLICYCONSTRAINT.into()),
        };
        // The JDK's duplicate test looks at the value so far, whose "absent" is -1.
        if *field != -1 {
            return Err(parsing::DUPLICATE_FIELD_IN_THE_POLICYCONSTRAINTSEXTENSION.into());
        }
        *field = der::java_int(next.content).map_err(reason)?;
    }
    Ok(pc)
}

/// `InhibitAnyPolicyExtension(Boolean, Object)`: the SkipCerts value, `i32::MAX` for `-1`.
pub fn inhibit_any_policy(critical: bool, value: &[u8]) -> Result<i32, String> {
    if !critical {
        return Err(parsing::CRITICALITY_CANNOT_BE_FALSE_FOR_INHIBITANYPOLICY.into());
    }
    let v = whole_value(value)?;
    if v.tag != tag::INTEGER {
        return Err(parsing::INVALID_ENCODING_OF_INHIBITANYPOLICY_DATA_NOT_INTEGER.into());
    }
    match der::java_int(v.content).map_err(reason)? {
        -1 => Ok(i32::MAX),
        n if n < -1 => Err(parsing::INVALID_VALUE_FOR_SKIPCERTS.into()),
        n => Ok(n),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_constraints_fields_in_any_order_and_minus_one_is_absent() {
        let pc = policy_constraints(&[0x30, 0x06, 0x81, 0x01, 0x02, 0x80, 0x01, 0x00]).unwrap();
        assert_eq!(pc.require_explicit_policy, 0);
        assert_eq!(pc.inhibit_policy_mapping, 2);
        assert!(policy_constraints(&[0x30, 0x06, 0x80, 0x01, 0x00, 0x80, 0x01, 0x01]).is_err());
        let pc = policy_constraints(&[0x30, 0x06, 0x80, 0x01, 0xff, 0x80, 0x01, 0x00]).unwrap();
        assert_eq!(pc.require_explicit_policy, 0);
    }

    #[test]
    fn inhibit_any_policy_must_be_critical() {
        assert!(inhibit_any_policy(false, &[0x02, 0x01, 0x00]).is_err());
        assert_eq!(inhibit_any_policy(true, &[0x02, 0x01, 0xff]), Ok(i32::MAX));
        assert!(inhibit_any_policy(true, &[0x02, 0x01, 0xfe]).is_err());
    }
}
