//! The syntax check of `DNSName(String, boolean)`.
//!
//! The JDK 17.0.21 DER constructor of `DNSName` does *not* run this check: a dNSName in a SAN or
//! in a name constraint is taken as it is (even empty, with spaces or a trailing dot). The check
//! runs where the JDK builds a `DNSName` from text: the host of a URI name, the host of a URI
//! name constraint, and a subject CN considered as a DNS name by name-constraint checking.


/// Why `DNSName(String)` refused a name (the JDK's messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DnsSyntaxError {
    /// Empty.
    Empty,
    /// Contains a space.
    Blank,
    /// Starts or ends with '.'.
    LeadingOrTrailingDot,
    /// Longer than 253 characters.
    TooLong,
    /// Two dots in a row.
    EmptyLabel,
    /// A label longer than 63 characters.
    LabelTooLong,
    /// A label that starts or ends with '-'.
    Hyphen,
    /// A character other than letters, digits and '-'.
    BadCharacter,
}

/// Length in UTF-16 units, as `String.length()` counts.
fn java_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// `new DNSName(name, allowWildcard)`: `Ok` when the JDK accepts the text. With
/// `allow_wildcard`, a first label of exactly "*" is accepted when more labels follow.
pub(crate) fn check_dns_syntax(name: &str, allow_wildcard: bool) -> Result<(), DnsSyntaxError> {
    if name.is_empty() {
        return Err(DnsSyntaxError::Empty);
    }
    if name.contains(' ') {
        return Err(DnsSyntaxError::Blank);
    }
    if name.starts_with('.') || name.ends_with('.') {
        return Err(DnsSyntaxError::LeadingOrTrailingDot);
    }
    if java_len(name) > 253 {
        return Err(DnsSyntaxError::TooLong);
    }
    let labels: Vec<&str> = name.split('.').collect();
    for (i, label) in labels.iter().enumerate() {
        if label.is_empty() {
            return Err(DnsSyntaxError::EmptyLabel);
        }
        if java_len(label) > 63 {
            return Err(DnsSyntaxError::LabelTooLong);
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(DnsSyntaxError::Hyphen);
        }
        if allow_wildcard && *label == "*" && i == 0 && labels.len() > 1 {
            continue;
        }
        if !label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(DnsSyntaxError::BadCharacter);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_host_names() {
        assert_eq!(check_dns_syntax("example.com", false), Ok(()));
        assert_eq!(check_dns_syntax("a-b.c0m", false), Ok(()));
        assert_eq!(check_dns_syntax("1.2.3.4", false), Ok(()));
        assert_eq!(check_dns_syntax("localhost", false), Ok(()));
    }

    #[test]
    fn rejects_like_the_jdk() {
        use DnsSyntaxError::*;
        assert_eq!(check_dns_syntax("", false), Err(Empty));
        assert_eq!(check_dns_syntax("a b.com", false), Err(Blank));
        assert_eq!(
            check_dns_syntax(".example.com", false),
            Err(LeadingOrTrailingDot)
        );
        assert_eq!(
            check_dns_syntax("example.com.", false),
            Err(LeadingOrTrailingDot)
        );
        assert_eq!(check_dns_syntax("a..b", false), Err(EmptyLabel));
        assert_eq!(check_dns_syntax(&"a".repeat(64), false), Err(LabelTooLong));
        let long = ["a"; 128].join(".");
        assert_eq!(check_dns_syntax(&long, false), Err(TooLong));
        assert_eq!(check_dns_syntax("-a.com", false), Err(Hyphen));
        assert_eq!(check_dns_syntax("a-.com", false), Err(Hyphen));
        assert_eq!(check_dns_syntax("a_b.com", false), Err(BadCharacter));
        assert_eq!(check_dns_syntax("\u{FFFD}.com", false), Err(BadCharacter));
    }

    #[test]
    fn wildcard_only_as_a_whole_first_label() {
        assert_eq!(
            check_dns_syntax("*.example.com", false),
            Err(DnsSyntaxError::BadCharacter)
        );
        assert_eq!(check_dns_syntax("*.example.com", true), Ok(()));
        assert_eq!(
            check_dns_syntax("*", true),
            Err(DnsSyntaxError::BadCharacter)
        );
        assert_eq!(
            check_dns_syntax("a.*.com", true),
            Err(DnsSyntaxError::BadCharacter)
        );
        assert_eq!(
            check_dns_syntax("f*.com", true),
            Err(DnsSyntaxError::BadCharacter)
        );
    }
}
