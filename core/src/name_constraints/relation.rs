//! `GeneralNameInterface.constrains`: how one name relates to another, per name form, with the
//! JDK's quirks and the unchecked exceptions some forms throw.

use std::fmt;
use crate::message::unchecked;

use super::wildcard::is_matched;
use crate::general_name::UriHost;
use crate::name::Name;

/// The result of `this.constrains(input)` (the JDK's NAME_* constants).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Relation {
    /// NAME_DIFF_TYPE: different name forms.
    DiffType,
    /// NAME_MATCH: the same name.
    Match,
    /// NAME_NARROWS: `input` is within `this`.
    Narrows,
    /// NAME_WIDENS: `this` is within `input`.
    Widens,
    /// NAME_SAME_TYPE: same form, unrelated.
    SameType,
}

/// An unchecked Java exception thrown while comparing or merging names. The JDK does not catch
/// these in the certificate path validator, so they escape the validation as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UncheckedException {
    /// `java.lang.UnsupportedOperationException`: otherName, x400Address, ediPartyName and
    /// registeredID names of the same form cannot be compared.
    UnsupportedOperation(&'static str),
    /// `java.lang.StringIndexOutOfBoundsException`: an empty dNSName met a non-empty one.
    StringIndexOutOfBounds(&'static str),
    /// `java.lang.NullPointerException`: a URI constraint met a URI without a host, or
    /// merging needed "the widest" otherName or iPAddress subtree.
    NullPointer(&'static str),
    /// `java.lang.RuntimeException`: merging needed "the widest" rfc822Name, dNSName, URI or
    /// registeredID subtree, which the JDK cannot build.
    Runtime(&'static str),
}

impl UncheckedException {
    /// The Java class name of the exception.
    pub fn java_class(&self) -> &'static str {
        match self {
            UncheckedException::UnsupportedOperation(_) => {
                "java.lang.UnsupportedOperationException"
            }
            UncheckedException::StringIndexOutOfBounds(_) => {
                "java.lang.StringIndexOutOfBoundsException"
            }
            UncheckedException::NullPointer(_) => "java.lang.NullPointerException",
            UncheckedException::Runtime(_) => "java.lang.RuntimeException",
        }
    }

    /// The exception's message (`getMessage()`).
    pub fn message(&self) -> &'static str {
        match self {
            UncheckedException::UnsupportedOperation(m)
            | UncheckedException::StringIndexOutOfBounds(m)
            | UncheckedException::NullPointer(m)
            | UncheckedException::Runtime(m) => m,
        }
    }
}

impl fmt::Display for UncheckedException {
    /// `Throwable.toString()`: "class: message".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.java_class(), self.message())
    }
}

const SIOOBE_0: UncheckedException =
    UncheckedException::StringIndexOutOfBounds(unchecked::STRING_INDEX_OUT_OF_RANGE_0);

/// A name as the JDK's `GeneralNameInterface` object holds it for comparisons.
#[derive(Debug, Clone)]
pub(crate) enum Gni {
    /// OtherName (never comparable within its form).
    Other,
    /// RFC822Name.
    Rfc822(String),
    /// DNSName.
    Dns(String),
    /// X400Address (never comparable within its form).
    X400,
    /// X500Name.
    Directory(Name),
    /// EDIPartyName (never comparable within its form).
    Edi,
    /// URIName: host and DNS host.
    Uri(UriHost),
    /// IPAddressName: 4, 8, 16 or 32 bytes.
    Ip(Vec<u8>),
    /// OIDName (dotted).
    Oid(String),
}

impl Gni {
    /// `getType()`.
    pub(crate) fn form(&self) -> u8 {
        match self {
            Gni::Other => 0,
            Gni::Rfc822(_) => 1,
            Gni::Dns(_) => 2,
            Gni::X400 => 3,
            Gni::Directory(_) => 4,
            Gni::Edi => 5,
            Gni::Uri(_) => 6,
            Gni::Ip(_) => 7,
            Gni::Oid(_) => 8,
        }
    }
}

/// `this.constrains(input)`; for dNSName `this`, `DNSName.constrains(input, match_wildcard)`.
pub(crate) fn constrains(
    this: &Gni,
    input: &Gni,
    match_wildcard: bool,
) -> Result<Relation, UncheckedException> {
    if this.form() != input.form() {
        return Ok(Relation::DiffType);
    }
    match (this, input) {
        (Gni::Other, _) => Err(UncheckedException::UnsupportedOperation(
            unchecked::OTHER_NAME_NOT_COMPARABLE,
        )),
        (Gni::X400, _) => Err(UncheckedException::UnsupportedOperation(
            unchecked::X400_ADDRESS_NOT_COMPARABLE,
        )),
        (Gni::Edi, _) => Err(UncheckedException::UnsupportedOperation(
            unchecked::EDI_PARTY_NAME_NOT_COMPARABLE,
        )),
        (Gni::Oid(a), Gni::Oid(b)) if a == b => Ok(Relation::Match),
        (Gni::Oid(_), _) => Err(UncheckedException::UnsupportedOperation(
            unchecked::OID_NAME_NOT_COMPARABLE,
        )),
        (Gni::Rfc822(a), Gni::Rfc822(b)) => Ok(rfc822(a, b)),
        (Gni::Dns(a), Gni::Dns(b)) => dns(a, b, match_wildcard),
        (Gni::Directory(a), Gni::Directory(b)) => Ok(directory(a, b)),
        (Gni::Uri(a), Gni::Uri(b)) => uri(a, b),
        (Gni::Ip(a), Gni::Ip(b)) => Ok(ip(a, b)),
        // Unreachable: the forms are equal.
        _ => Ok(Relation::DiffType),
    }
}

/// `GeneralName.equals` between two names of subtrees: MATCH, with
/// UnsupportedOperationException read as "not equal".
pub(crate) fn names_equal(a: &Gni, b: &Gni) -> Result<bool, UncheckedException> {
    match constrains(a, b, false) {
        Ok(r) => Ok(r == Relation::Match),
        Err(UncheckedException::UnsupportedOperation(_)) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The character before byte offset `at` (which is > 0 where it is called).
fn char_before(s: &str, at: usize) -> Option<char> {
    s.get(..at).and_then(|head| head.chars().last())
}

/// `RFC822Name.constrains`: a mailbox matches only itself; "host" covers mailboxes at that
/// host; ".domain" covers mailboxes at hosts below the domain.
fn rfc822(this: &str, input: &str) -> Relation {
    let this = this.to_lowercase();
    let input = input.to_lowercase();
    if input == this {
        Relation::Match
    } else if this.ends_with(&input) {
        if input.contains('@') {
            Relation::SameType
        } else if input.starts_with('.')
            || char_before(&this, this.len() - input.len()) == Some('@')
        {
            Relation::Widens
        } else {
            Relation::SameType
        }
    } else if input.ends_with(&this) {
        if this.contains('@') {
            Relation::SameType
        } else if this.starts_with('.')
            || char_before(&input, input.len() - this.len()) == Some('@')
        {
            Relation::Narrows
        } else {
            Relation::SameType
        }
    } else {
        Relation::SameType
    }
}

/// `DNSName.constrains(input, matchWildcard)`: suffix matching on label boundaries, where a
/// leading '.' on either side flips the boundary test (so ".example.com" and "example.com"
/// relate differently to "www.example.com"). An empty name on either side of a suffix test
/// throws, as `charAt(0)` does in the JDK.
fn dns(this: &str, input: &str, match_wildcard: bool) -> Result<Relation, UncheckedException> {
    let input = input.to_lowercase();
    let this = this.to_lowercase();
    if input == this || (match_wildcard && input.contains('*') && is_matched(&this, &input)) {
        return Ok(Relation::Match);
    }
    if this.ends_with(&input) {
        let before = char_before(&this, this.len() - input.len()) == Some('.');
        let first = input.chars().next().ok_or(SIOOBE_0)?;
        return Ok(if before ^ (first == '.') {
            Relation::Widens
        } else {
            Relation::SameType
        });
    }
    if input.ends_with(&this) {
        let before = char_before(&input, input.len() - this.len()) == Some('.');
        let first = this.chars().next().ok_or(SIOOBE_0)?;
        return Ok(if before ^ (first == '.') {
            Relation::Narrows
        } else {
            Relation::SameType
        });
    }
    Ok(Relation::SameType)
}

/// `X500Name.constrains`: equality, then RDN-prefix subtrees; an empty name contains all.
fn directory(this: &Name, input: &Name) -> Relation {
    if input == this {
        Relation::Match
    } else if input.rdns().is_empty() {
        Relation::Widens
    } else if this.rdns().is_empty() || input.is_within_subtree(this) {
        Relation::Narrows
    } else if this.is_within_subtree(input) {
        Relation::Widens
    } else {
        Relation::SameType
    }
}

/// `URIName.constrains`: compares hosts only. A host constraint matches that host; a ".domain"
/// constraint covers hosts below it but not the domain itself. A URI without a host throws.
fn uri(this: &UriHost, input: &UriHost) -> Result<Relation, UncheckedException> {
    let other_host = input
        .host
        .as_deref()
        .ok_or(UncheckedException::NullPointer(
            unchecked::URI_WITHOUT_HOST,
        ))?;
    if this
        .host
        .as_deref()
        .is_some_and(|host| java_equals_ignore_case(host, other_host))
    {
        return Ok(Relation::Match);
    }
    let (Some(this_dns), Some(other_dns), Some(this_host)) = (
        this.dns.as_deref(),
        input.dns.as_deref(),
        this.host.as_deref(),
    ) else {
        return Ok(Relation::SameType);
    };
    let this_domain = this_host.chars().next().ok_or(SIOOBE_0)? == '.';
    let other_domain = other_host.chars().next().ok_or(SIOOBE_0)? == '.';
    let mut relation = dns(this_dns, other_dns, false)?;
    if !this_domain && !other_domain && matches!(relation, Relation::Widens | Relation::Narrows) {
        relation = Relation::SameType;
    }
    if this_domain != other_domain && relation == Relation::Match {
        relation = if this_domain {
            Relation::Widens
        } else {
            Relation::Narrows
        };
    }
    Ok(relation)
}

/// `String.equalsIgnoreCase`: per UTF-16 unit, equal after upper- or lower-casing.
fn java_equals_ignore_case(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    a.len() == b.len()
        && a.iter().zip(&b).all(|(x, y)| {
            x == y || x.to_uppercase().eq(y.to_uppercase()) || x.to_lowercase().eq(y.to_lowercase())
        })
}

/// `IPAddressName.equals`: subnets compare their masked addresses and their masks.
fn ip_equals(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    if a.len() == 8 || a.len() == 32 {
        let half = a.len() / 2;
        (0..half).all(|i| a[i] & a[i + half] == b[i] & b[i + half]) && a[half..] == b[half..]
    } else {
        a == b
    }
}

/// `IPAddressName.constrains` for hosts (4/16 bytes) and subnets (8/32 bytes: address, mask).
fn ip(this: &[u8], input: &[u8]) -> Relation {
    if ip_equals(input, this) {
        return Relation::Match;
    }
    match (input.len(), this.len()) {
        (4, 4) | (16, 16) => Relation::SameType,
        (8, 8) | (32, 32) => {
            let half = this.len() / 2;
            let (a, o) = (this, input);
            let mut other_subset_of_this = true;
            let mut this_subset_of_other = true;
            // The JDK calls a subnet "empty" when its address has bits outside its mask.
            let mut this_empty = false;
            let mut other_empty = false;
            for i in 0..half {
                let (am, om) = (a[i + half], o[i + half]);
                if a[i] & am != a[i] {
                    this_empty = true;
                }
                if o[i] & om != o[i] {
                    other_empty = true;
                }
                if !(am & om == am && a[i] & am == o[i] & am) {
                    other_subset_of_this = false;
                }
                if !(om & am == om && o[i] & om == a[i] & om) {
                    this_subset_of_other = false;
                }
            }
            if this_empty || other_empty {
                if this_empty && other_empty {
                    Relation::Match
                } else if this_empty {
                    Relation::Widens
                } else {
                    Relation::Narrows
                }
            } else if other_subset_of_this {
                Relation::Narrows
            } else if this_subset_of_other {
                Relation::Widens
            } else {
                Relation::SameType
            }
        }
        (8, 4) | (32, 16) => {
            // `this` is a host, `input` a subnet; the host is compared with the subnet's
            // address as written (not masked).
            let half = input.len() / 2;
            if (0..half).all(|i| this[i] & input[i + half] == input[i]) {
                Relation::Widens
            } else {
                Relation::SameType
            }
        }
        (4, 8) | (16, 32) => {
            let half = this.len() / 2;
            if (0..half).all(|i| input[i] & this[i + half] == this[i]) {
                Relation::Narrows
            } else {
                Relation::SameType
            }
        }
        _ => Relation::SameType,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dns_rel(this: &str, input: &str) -> Result<Relation, UncheckedException> {
        constrains(&Gni::Dns(this.into()), &Gni::Dns(input.into()), false)
    }

    #[test]
    fn dns_relations() {
        use Relation::*;
        assert_eq!(dns_rel("example.com", "EXAMPLE.com"), Ok(Match));
        assert_eq!(dns_rel("example.com", "www.example.com"), Ok(Narrows));
        assert_eq!(dns_rel("example.com", "wwwexample.com"), Ok(SameType));
        assert_eq!(dns_rel(".example.com", "www.example.com"), Ok(Narrows));
        // The '.' before "example.com" in the constraint, XOR the name not starting with '.'.
        assert_eq!(dns_rel(".example.com", "example.com"), Ok(Widens));
        assert_eq!(dns_rel("www.example.com", "example.com"), Ok(Widens));
        assert_eq!(dns_rel("example.com", "example.org"), Ok(SameType));
        assert_eq!(dns_rel("example.com", ""), Err(SIOOBE_0));
        assert_eq!(dns_rel("", "example.com"), Err(SIOOBE_0));
        assert_eq!(dns_rel("", ""), Ok(Match));
        assert_eq!(
            constrains(
                &Gni::Dns("x.com".into()),
                &Gni::Rfc822("x.com".into()),
                false
            ),
            Ok(DiffType)
        );
    }

    #[test]
    fn dns_wildcards_only_for_excluded() {
        use Relation::*;
        let ex = Gni::Dns("www.example.com".into());
        let wild = Gni::Dns("*.example.com".into());
        assert_eq!(constrains(&ex, &wild, true), Ok(Match));
        assert_eq!(constrains(&ex, &wild, false), Ok(SameType));
        assert_eq!(
            constrains(&Gni::Dns("example.com".into()), &wild, false),
            Ok(Narrows)
        );
    }

    #[test]
    fn rfc822_relations() {
        use Relation::*;
        let r = |a: &str, b: &str| rfc822(a, b);
        assert_eq!(r("user@example.com", "User@Example.com"), Match);
        assert_eq!(r("example.com", "user@example.com"), Narrows);
        assert_eq!(r("example.com", "user@www.example.com"), SameType);
        assert_eq!(r(".example.com", "user@www.example.com"), Narrows);
        assert_eq!(r(".example.com", "user@example.com"), SameType);
        assert_eq!(r("user@example.com", "other@example.com"), SameType);
        assert_eq!(r("user@example.com", "example.com"), Widens);
        assert_eq!(r("a@b.example.com", ".example.com"), Widens);
    }

    #[test]
    fn ip_relations() {
        use Relation::*;
        let net10 = [10, 0, 0, 0, 255, 0, 0, 0];
        assert_eq!(ip(&net10, &[10, 1, 2, 3]), Narrows);
        assert_eq!(ip(&net10, &[11, 1, 2, 3]), SameType);
        assert_eq!(ip(&[10, 1, 2, 3], &net10), Widens);
        assert_eq!(ip(&net10, &[10, 0, 0, 0, 255, 255, 0, 0]), Narrows);
        assert_eq!(ip(&[10, 0, 0, 0, 255, 255, 0, 0], &net10), Widens);
        // Same masked address and mask: equal.
        assert_eq!(ip(&net10, &[10, 9, 9, 9, 255, 0, 0, 0]), Match);
        // A base with bits outside the mask: nothing is in it.
        let odd = [10, 0, 0, 1, 255, 0, 0, 0];
        assert_eq!(ip(&odd, &[10, 0, 0, 1]), SameType);
        assert_eq!(ip(&[1, 2, 3, 4], &[1, 2, 3, 4]), Match);
        assert_eq!(ip(&[1, 2, 3, 4], &[1, 2, 3, 5]), SameType);
        assert_eq!(ip(&net10, &[0; 16]), SameType);
        let any = [0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(ip(&any, &[192, 168, 1, 1]), Narrows);
    }

    #[test]
    fn uri_relations() {
        use Relation::*;
        let host = |h: &str| UriHost {
            host: Some(h.into()),
            dns: Some(h.trim_start_matches('.').into()),
        };
        assert_eq!(
            uri(&host(".example.com"), &host("www.example.com")),
            Ok(Narrows)
        );
        assert_eq!(uri(&host(".example.com"), &host("example.com")), Ok(Widens));
        assert_eq!(uri(&host("example.com"), &host("Example.COM")), Ok(Match));
        assert_eq!(
            uri(&host("example.com"), &host("www.example.com")),
            Ok(SameType)
        );
        let no_host = UriHost {
            host: None,
            dns: None,
        };
        assert!(matches!(
            uri(&host("example.com"), &no_host),
            Err(UncheckedException::NullPointer(_))
        ));
        let ip_host = UriHost {
            host: Some("[::1]".into()),
            dns: None,
        };
        assert_eq!(uri(&host("example.com"), &ip_host), Ok(SameType));
    }

    #[test]
    fn unsupported_forms() {
        assert!(matches!(
            constrains(&Gni::X400, &Gni::X400, false),
            Err(UncheckedException::UnsupportedOperation(_))
        ));
        assert!(matches!(
            constrains(&Gni::Edi, &Gni::Edi, false),
            Err(UncheckedException::UnsupportedOperation(_))
        ));
        assert!(matches!(
            constrains(&Gni::Other, &Gni::Other, false),
            Err(UncheckedException::UnsupportedOperation(_))
        ));
        assert_eq!(
            constrains(&Gni::Oid("1.2".into()), &Gni::Oid("1.2".into()), false),
            Ok(Relation::Match)
        );
        assert!(matches!(
            constrains(&Gni::Oid("1.2".into()), &Gni::Oid("1.3".into()), false),
            Err(UncheckedException::UnsupportedOperation(_))
        ));
        assert_eq!(
            constrains(&Gni::X400, &Gni::Edi, false),
            Ok(Relation::DiffType)
        );
        assert_eq!(names_equal(&Gni::X400, &Gni::X400), Ok(false));
    }
}
