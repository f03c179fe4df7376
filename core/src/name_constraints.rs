//! The name constraints extension as JDK 17's `NameConstraintsExtension` parses, merges and
//! verifies it.
//!
//! How the JDK uses it (`ConstraintsChecker`, certificates from the anchor down): each
//! certificate is verified against the constraints merged so far, if there are any and the
//! certificate is the target or not self-issued; then its own extension is merged in (even
//! when self-issued). The trust anchor's extension is not used. A `false` from
//! [`NameConstraints::verify`] is the validator's "name constraints check failed"; an
//! [`NameConstraintsError`] is an exception the JDK throws instead.
//!
//! What `verify` checks, in order: non-zero minimum / any maximum base distance (an error);
//! the subject DN against directoryName subtrees (unless empty); then each SAN. Without a SAN
//! extension, the subject's EMAILADDRESS values that are valid rfc822 names stand in for it.
//! The most specific CN is added as an iPAddress (when it is an IP literal) or a dNSName (when
//! it passes the JDK's DNS syntax check with '*' read as a letter), unless a name of that form
//! is already there. Each name must not be matched or narrowed by an excluded subtree (a
//! dNSName with '*' is matched as a wildcard against excluded dNSNames) and, when permitted
//! subtrees of its form exist, must be matched or narrowed by one of them.

mod relation;
mod subtrees;
mod wildcard;

use crate::der::{DerError, Reader, Value};
use crate::general_name::{
    check_dns_syntax, check_rfc822, ip_from_text, parse_general_name, parse_uri_constraint,
    parse_uri_name, text_to_v4, text_to_v6, GeneralName, GeneralNameError, UriHost,
};
use crate::message::unchecked;
use crate::name::Name;

use relation::{constrains, Gni, Relation};
use subtrees::Subtree;

pub use relation::UncheckedException;

/// Context tags inside NameConstraints and GeneralSubtree.
const TAG_PERMITTED: u8 = 0;
const TAG_EXCLUDED: u8 = 1;
const TAG_MINIMUM: u8 = 0;
const TAG_MAXIMUM: u8 = 1;

/// A parsed (and possibly merged) name constraints extension.
#[derive(Debug, Clone)]
pub struct NameConstraints {
    /// `permittedSubtrees`; `None` when absent (which differs from present but empty when
    /// merging).
    permitted: Option<Vec<Subtree>>,
    /// `excludedSubtrees`.
    excluded: Option<Vec<Subtree>>,
}

/// What the JDK throws instead of answering. The validator turns any of these into a
/// `CertPathValidatorException` (checked ones) or lets them escape (unchecked ones).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameConstraintsError {
    /// The BER/DER structure is broken.
    Encoding(DerError),
    /// The extension value is not a SEQUENCE ("Invalid encoding for NameConstraintsExtension.").
    NotASequence,
    /// An element other than `[0]` / `[1]` constructed ("Invalid encoding of
    /// NameConstraintsExtension.").
    InvalidEncoding,
    /// Two permittedSubtrees fields.
    DuplicatePermitted,
    /// Two excludedSubtrees fields.
    DuplicateExcluded,
    /// A GeneralSubtree that is not a SEQUENCE ("Invalid encoding for GeneralSubtree.").
    SubtreeNotASequence,
    /// A GeneralSubtree field other than `[0]` / `[1]` primitive ("Invalid encoding of
    /// GeneralSubtree.").
    SubtreeInvalidEncoding,
    /// A minimum or maximum that is empty or does not fit in a Java int.
    SubtreeBadInteger,
    /// A base name the JDK refuses.
    Name(GeneralNameError),
    /// `verify`: "Non-zero minimum BaseDistance in name constraints not supported".
    MinimumBaseDistance,
    /// `verify`: "Maximum BaseDistance in name constraints not supported".
    MaximumBaseDistance,
    /// An unchecked exception from comparing or merging names.
    Unchecked(UncheckedException),
}

impl std::error::Error for NameConstraintsError {}

impl From<DerError> for NameConstraintsError {
    fn from(e: DerError) -> Self {
        NameConstraintsError::Encoding(e)
    }
}

impl From<UncheckedException> for NameConstraintsError {
    fn from(e: UncheckedException) -> Self {
        NameConstraintsError::Unchecked(e)
    }
}

impl NameConstraints {
    /// Parses the extnValue content (the NameConstraints SEQUENCE) as
    /// `NameConstraintsExtension(Boolean, Object)` does. An empty SEQUENCE is accepted (no
    /// constraints); base names are checked as in a SAN except that a URI is a host or
    /// ".domain" and dNSNames are not checked at all.
    pub fn from_der(der: &[u8]) -> Result<NameConstraints, NameConstraintsError> {
        let value = crate::der::single_value(der)?;
        if value.tag != 0x30 {
            return Err(NameConstraintsError::NotASequence);
        }
        let mut nc = NameConstraints {
            permitted: None,
            excluded: None,
        };
        let mut reader = value.reader();
        while !reader.is_empty() {
            let field = reader.read_value()?;
            if !(field.is_context_specific() && field.is_constructed()) {
                return Err(NameConstraintsError::InvalidEncoding);
            }
            match field.tag_number() {
                TAG_PERMITTED => {
                    if nc.permitted.is_some() {
                        return Err(NameConstraintsError::DuplicatePermitted);
                    }
                    nc.permitted = Some(parse_subtrees(&field)?);
                }
                TAG_EXCLUDED => {
                    if nc.excluded.is_some() {
                        return Err(NameConstraintsError::DuplicateExcluded);
                    }
                    nc.excluded = Some(parse_subtrees(&field)?);
                }
                _ => return Err(NameConstraintsError::InvalidEncoding),
            }
        }
        Ok(nc)
    }

    /// How many permitted and excluded subtrees there are (what a check or a merge iterates).
    pub fn subtree_count(&self) -> usize {
        self.permitted.as_ref().map_or(0, Vec::len) + self.excluded.as_ref().map_or(0, Vec::len)
    }

    /// `NameConstraintsExtension.merge(newer)`: excluded subtrees are united, permitted ones
    /// intersected (disjoint names of one form become an exclusion of the whole form, or an
    /// exception where the JDK cannot build one), then permitted subtrees that are excluded
    /// are dropped. `ConstraintsChecker` starts from a copy of the first CA's constraints and
    /// merges each later CA's into it; a certificate without the extension changes nothing.
    ///
    /// Unlike the JDK, this never modifies `newer` (the JDK minimizes the newer certificate's
    /// own permitted list in place, which only matters if that certificate object is reused).
    pub fn merge(&mut self, newer: &NameConstraints) -> Result<(), NameConstraintsError> {
        match (&mut self.excluded, &newer.excluded) {
            (None, theirs) => self.excluded = theirs.clone(),
            (Some(ours), Some(theirs)) => subtrees::union(ours, theirs)?,
            (Some(_), None) => {}
        }
        match (&mut self.permitted, &newer.permitted) {
            (None, theirs) => self.permitted = theirs.clone(),
            (Some(ours), Some(theirs)) => {
                let mut other = theirs.clone();
                if let Some(new_excluded) = subtrees::intersect(ours, &mut other)? {
                    match &mut self.excluded {
                        Some(excluded) => subtrees::union(excluded, &new_excluded)?,
                        None => self.excluded = Some(new_excluded),
                    }
                }
            }
            (Some(_), None) => {}
        }
        if let (Some(permitted), Some(excluded)) = (&mut self.permitted, &self.excluded) {
            subtrees::reduce(permitted, excluded)?;
        }
        Ok(())
    }

    /// `NameConstraintsExtension.verify(cert)`: `Ok(false)` is "name constraints check
    /// failed". `subject` is the certificate's subject; `sans` its subjectAltName names, or
    /// `None` when it has no SAN extension the JDK could parse.
    ///
    /// The CN is [`Name::most_specific_common_name`]: the first CN of the last RDN that has
    /// one (`findMostSpecificAttribute`), not the last CN when one RDN holds several, and no
    /// CN at all when that value is not a string.
    pub fn verify(
        &self,
        subject: &Name,
        sans: Option<&[GeneralName]>,
    ) -> Result<bool, NameConstraintsError> {
        let all = || self.excluded.iter().chain(self.permitted.iter()).flatten();
        if all().any(|t| t.minimum != 0) {
            return Err(NameConstraintsError::MinimumBaseDistance);
        }
        if all().any(|t| t.maximum != -1) {
            return Err(NameConstraintsError::MaximumBaseDistance);
        }
        if !subject.is_empty() && !self.verify_name(&Gni::Directory(subject.clone()))? {
            return Ok(false);
        }
        let mut names: Vec<Gni> = match sans {
            Some(sans) => sans.iter().map(san_to_gni).collect(),
            None => subject_emails(subject)?,
        };
        if let Some(cn) = subject.most_specific_common_name() {
            if let Some(name) = cn_as_name(&cn, &names) {
                names.push(name);
            }
        }
        for name in &names {
            if !self.verify_name(name)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// `verify(GeneralNameInterface)`: excluded first, then permitted.
    fn verify_name(&self, name: &Gni) -> Result<bool, NameConstraintsError> {
        for subtree in self.excluded.iter().flatten() {
            // Only excluded dNSNames match a wildcard name as a wildcard.
            let wildcard = matches!(subtree.name, Gni::Dns(_));
            match constrains(&subtree.name, name, wildcard)? {
                Relation::Match | Relation::Narrows => return Ok(false),
                Relation::DiffType | Relation::Widens | Relation::SameType => {}
            }
        }
        let mut same_type = false;
        for subtree in self.permitted.iter().flatten() {
            match constrains(&subtree.name, name, false)? {
                Relation::DiffType => {}
                Relation::Widens | Relation::SameType => same_type = true,
                Relation::Match | Relation::Narrows => return Ok(true),
            }
        }
        Ok(!same_type)
    }
}

/// RFC 5280 4.2.1.10, as the JDK applies it when there is no SAN: each EMAILADDRESS attribute
/// that is a valid RFC822Name counts as an rfc822 name. A value that is not a string makes
/// `AVA.getValueString()` throw.
fn subject_emails(subject: &Name) -> Result<Vec<Gni>, NameConstraintsError> {
    let mut names = Vec::new();
    for value in subject.email_address_values() {
        let email = value.ok_or(UncheckedException::Runtime(unchecked::AVA_STRING_NULL))?;
        if check_rfc822(&email).is_ok() {
            names.push(Gni::Rfc822(email));
        }
    }
    Ok(names)
}

/// The CN as an extra name, when the JDK adds one: an IP literal (IPv4, including the short
/// forms, or IPv6) becomes an iPAddress if there is none yet (and nothing if `IPAddressName`
/// refuses it); anything else becomes a dNSName if there is none yet and it passes the
/// `DNSName` syntax check with each '*' replaced by 'z'.
fn cn_as_name(cn: &str, names: &[Gni]) -> Option<Gni> {
    let has_form = |form: u8| names.iter().any(|n| n.form() == form);
    if text_to_v4(cn).is_some() || text_to_v6(cn).is_some() {
        if has_form(Gni::Ip(Vec::new()).form()) {
            return None;
        }
        return ip_from_text(cn).map(Gni::Ip);
    }
    if has_form(Gni::Dns(String::new()).form()) {
        return None;
    }
    check_dns_syntax(&cn.replace('*', "z"), false).ok()?;
    Some(Gni::Dns(cn.to_string()))
}

/// A SAN name as the JDK's name object holds it.
fn san_to_gni(name: &GeneralName) -> Gni {
    match name {
        GeneralName::OtherName { .. } => Gni::Other,
        GeneralName::Rfc822(s) => Gni::Rfc822(s.clone()),
        GeneralName::Dns(s) => Gni::Dns(s.clone()),
        GeneralName::X400(_) => Gni::X400,
        GeneralName::Directory(n) => Gni::Directory(n.clone()),
        GeneralName::EdiParty(_) => Gni::Edi,
        // A URI that did not come out of `parse_general_names` may not parse; it is then
        // treated as having no host.
        GeneralName::Uri(s) => Gni::Uri(parse_uri_name(s).unwrap_or(UriHost {
            host: None,
            dns: None,
        })),
        GeneralName::Ip(b) => Gni::Ip(b.clone()),
        GeneralName::RegisteredId(s) => Gni::Oid(s.clone()),
    }
}

/// A base name of a subtree (URIs are host / ".domain" constraints).
fn constraint_to_gni(name: GeneralName) -> Result<Gni, NameConstraintsError> {
    Ok(match name {
        GeneralName::Uri(s) => Gni::Uri(
            parse_uri_constraint(&s)
                .map_err(|e| NameConstraintsError::Name(GeneralNameError::Uri(e)))?,
        ),
        other => san_to_gni(&other),
    })
}

/// `GeneralSubtrees(DerValue)`: zero or more GeneralSubtree.
fn parse_subtrees(field: &Value<'_>) -> Result<Vec<Subtree>, NameConstraintsError> {
    let mut trees = Vec::new();
    let mut reader = field.reader();
    while !reader.is_empty() {
        let tree = reader.read_value()?;
        trees.push(parse_subtree(&tree)?);
    }
    Ok(trees)
}

/// `GeneralSubtree(DerValue)`: base, then `[0]` minimum / `[1]` maximum in any order (a
/// repeated field overwrites the earlier one).
fn parse_subtree(tree: &Value<'_>) -> Result<Subtree, NameConstraintsError> {
    if tree.tag != 0x30 {
        return Err(NameConstraintsError::SubtreeNotASequence);
    }
    let mut reader: Reader<'_> = tree.reader();
    let base = reader.read_value()?;
    let name = parse_general_name(&base, true).map_err(NameConstraintsError::Name)?;
    let mut subtree = Subtree {
        name: constraint_to_gni(name)?,
        minimum: 0,
        maximum: -1,
    };
    while !reader.is_empty() {
        let field = reader.read_value()?;
        if !field.is_context_specific() || field.is_constructed() {
            return Err(NameConstraintsError::SubtreeInvalidEncoding);
        }
        match field.tag_number() {
            TAG_MINIMUM => subtree.minimum = java_int(&field.content)?,
            TAG_MAXIMUM => subtree.maximum = java_int(&field.content)?,
            _ => return Err(NameConstraintsError::SubtreeInvalidEncoding),
        }
    }
    Ok(subtree)
}

/// `DerValue.getInteger()` (two's complement of any length, redundant leading octets
/// included, whose value fits in an int) with the subtree's error.
fn java_int(content: &[u8]) -> Result<i32, NameConstraintsError> {
    crate::der::java_int(content).map_err(|_| NameConstraintsError::SubtreeBadInteger)
}

#[cfg(test)]
mod tests;
