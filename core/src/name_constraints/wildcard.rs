//! `HostnameChecker.isMatched(name, template, false)` with the TLS rules, which
//! `DNSName.constrains(name, true)` uses when an excluded dNSName subtree meets a dNSName that
//! contains '*' (so "*.example.com" in a SAN is caught by an excluded "www.example.com").

/// `true` when the JDK's TLS hostname matcher says `name` matches the wildcard `template`.
///
/// Both are first normalised with `IDN.toUnicode(IDN.toASCII(..))`; for ASCII text that only
/// fails on an empty or over-long label, and any non-ASCII character (in practice the U+FFFD
/// that an IA5String byte above 0x7F becomes) is refused by nameprep. Known gap: "xn--" labels
/// are not decoded to Unicode as the JDK would, they are compared as written.
pub(crate) fn is_matched(name: &str, template: &str) -> bool {
    let (Some(name), Some(template)) = (idn_round_trip(name), idn_round_trip(template)) else {
        return false;
    };
    if has_illegal_wildcard(template) {
        return false;
    }
    if !is_valid_sni_host_name(&template.replace('*', "z")) {
        return false;
    }
    match_all_wildcards(&name.to_lowercase(), &template.to_lowercase())
}

/// `IDN.toUnicode(IDN.toASCII(s))` for the cases that can occur; `None` where it throws.
fn idn_round_trip(s: &str) -> Option<&str> {
    if !s.is_ascii() {
        return None;
    }
    if s == "." {
        return Some(s);
    }
    let body = s.strip_suffix('.').unwrap_or(s);
    if body.is_empty() && !s.is_empty() {
        return None;
    }
    if !s.is_empty()
        && body
            .split('.')
            .any(|label| label.is_empty() || label.len() > 63)
    {
        return None;
    }
    Some(s)
}

/// `HostnameChecker.hasIllegalWildcard` for a certificate that does not chain to a public CA.
fn has_illegal_wildcard(template: &str) -> bool {
    if template == "*" || template == "*." {
        return true;
    }
    match template.rfind('*') {
        None => false,
        Some(last) => !template[last..].contains('.'),
    }
}

/// `new SNIHostName(host)` does not throw: `IDN.toASCII` with the STD3 rules (letters, digits,
/// inner hyphens, labels of 1 to 63 characters), not empty, no trailing dot.
fn is_valid_sni_host_name(host: &str) -> bool {
    if host.is_empty() || host.ends_with('.') {
        return false;
    }
    host.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    })
}

/// `matchAllWildcards`: same number of labels ('.'-separated, empty ones skipped as
/// `StringTokenizer` does), each label matched with `matchWildCards`.
fn match_all_wildcards(name: &str, template: &str) -> bool {
    let names: Vec<&str> = name.split('.').filter(|t| !t.is_empty()).collect();
    let templates: Vec<&str> = template.split('.').filter(|t| !t.is_empty()).collect();
    names.len() == templates.len()
        && names
            .iter()
            .zip(&templates)
            .all(|(n, t)| match_wildcards(n, t))
}

/// `matchWildCards`: the literal pieces between '*'s must appear in order, the first one at
/// the start and the last one at the end.
fn match_wildcards(name: &str, template: &str) -> bool {
    let mut pieces = template.split('*');
    let first = pieces.next().unwrap_or("");
    let rest: Vec<&str> = pieces.collect();
    let Some(last) = rest.last() else {
        return name == template;
    };
    if !name.starts_with(first) {
        return false;
    }
    let mut remaining = &name[first.len()..];
    for piece in &rest[..rest.len() - 1] {
        match remaining.find(piece) {
            Some(at) => remaining = &remaining[at + piece.len()..],
            None => return false,
        }
    }
    remaining.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_one_label() {
        assert!(is_matched("www.example.com", "*.example.com"));
        assert!(!is_matched("example.com", "*.example.com"));
        assert!(!is_matched("a.b.example.com", "*.example.com"));
        assert!(is_matched("foo.example.com", "f*.example.com"));
        assert!(is_matched("www.example.com", "www.*.com"));
        assert!(is_matched("abc.x", "a*c.x"));
        assert!(!is_matched("ab.x", "a*bc.x"));
    }

    #[test]
    fn illegal_templates() {
        assert!(!is_matched("com", "*"));
        assert!(!is_matched("a.com", "a.co*"));
        assert!(!is_matched("a_b.com", "*_b.com"));
        assert!(!is_matched(".example.com", "*.example.com"));
        assert!(!is_matched("a.example.com", "*.example.com."));
        assert!(!is_matched("a.\u{FFFD}.com", "*.\u{FFFD}.com"));
    }

    #[test]
    fn piecewise_matching() {
        assert!(match_wildcards("abc", "*"));
        assert!(match_wildcards("abc", "a*"));
        assert!(!match_wildcards("abc", "b*"));
        assert!(match_wildcards("abcabc", "a*c*c"));
        assert!(match_wildcards("abc", "abc"));
        assert!(!match_wildcards("abc", "abd"));
    }
}
