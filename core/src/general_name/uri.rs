//! uniformResourceIdentifier names as `sun.security.x509.URIName` reads them.
//!
//! `URIName` hands the text to `java.net.URI`, whose RFC 2396 parser decides both whether the
//! name is acceptable at all (a SAN with a URI that Java cannot parse is an unparseable
//! extension) and which host name constraints are compared against. So this module carries a
//! reimplementation of that parser's grammar, including its deviations: an authority that does
//! not parse as `[userinfo@]host[:port]` silently becomes a registry-based authority with no
//! host, an IPv6 reference must be complete, and so on.

use crate::message::parsing;

use super::dns::check_dns_syntax;
use super::ip::{ip_from_text, text_to_v4};

/// Why the JDK refused a URI name or a URI name constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriError {
    /// `java.net.URI` threw `URISyntaxException` (or a `NumberFormatException` for an
    /// over-long number inside an IPv6 reference); the text says where.
    Syntax(&'static str),
    /// A URI name without a scheme.
    NoScheme,
    /// The host is neither a valid DNS name (per `DNSName(String)`) nor an IPv4 literal.
    BadHost,
    /// A bracketed host that is not a valid IPv6 address for `IPAddressName(String)`.
    BadIpv6Host,
    /// A URI name constraint with a scheme (it must be a host or ".domain").
    ConstraintHasScheme,
    /// A URI name constraint whose host is not a valid DNS name.
    ConstraintBadHost,
}

/// What `URIName` keeps of a URI for constraint matching: `getHost()` and whether that host
/// was taken as a DNS name (`hostDNS`) or an IP address (`hostIP`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UriHost {
    /// `URIName.getHost()`: the URI's host as written (brackets kept for IPv6), or for a name
    /// constraint its decoded text (possibly with a leading '.'). `None` when the URI has no
    /// server-based authority.
    pub(crate) host: Option<String>,
    /// `hostDNS`: the host as a DNS name (for a ".domain" constraint, without the dot).
    pub(crate) dns: Option<String>,
}

/// `new URIName(String)`: the URI must parse, must have a scheme, and its host (if any) must be
/// an IPv6 literal in brackets, a valid DNS name or an IPv4 literal.
pub(crate) fn parse_uri_name(text: &str) -> Result<UriHost, UriError> {
    let uri = JavaUri::parse(text)?;
    if !uri.has_scheme {
        return Err(UriError::NoScheme);
    }
    let Some(host) = uri.host else {
        return Ok(UriHost {
            host: None,
            dns: None,
        });
    };
    if let Some(inner) = host.strip_prefix('[') {
        let inner = inner.strip_suffix(']').unwrap_or(inner);
        if ip_from_text(inner).is_none() {
            return Err(UriError::BadIpv6Host);
        }
        return Ok(UriHost {
            host: Some(host),
            dns: None,
        });
    }
    if check_dns_syntax(&host, false).is_ok() {
        return Ok(UriHost {
            dns: Some(host.clone()),
            host: Some(host),
        });
    }
    if text_to_v4(&host).is_some() {
        return Ok(UriHost {
            host: Some(host),
            dns: None,
        });
    }
    Err(UriError::BadHost)
}

/// `URIName.nameConstraint(DerValue)`: a URI constraint is a host ("example.com") or a domain
/// (".example.com"), taken from the decoded scheme-specific part of a scheme-less URI.
pub(crate) fn parse_uri_constraint(text: &str) -> Result<UriHost, UriError> {
    let uri = JavaUri::parse(text)?;
    if uri.has_scheme {
        return Err(UriError::ConstraintHasScheme);
    }
    let host = percent_decode(&uri.scheme_specific_part);
    let bare = host.strip_prefix('.').unwrap_or(&host);
    check_dns_syntax(bare, false).map_err(|_| UriError::ConstraintBadHost)?;
    Ok(UriHost {
        dns: Some(bare.to_string()),
        host: Some(host),
    })
}

/// `URI.decode`: %XX sequences decoded as UTF-8 with U+FFFD for malformed octets; '%' between
/// '[' and ']' is kept. A malformed escape (only possible in a server authority) becomes U+FFFD,
/// which no DNS name accepts, as in the JDK where such text is rejected either way.
fn percent_decode(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::new();
    let mut bytes: Vec<u8> = Vec::new();
    let mut in_brackets = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '[' {
            in_brackets = true;
        } else if in_brackets && c == ']' {
            in_brackets = false;
        }
        if c != '%' || in_brackets {
            if !bytes.is_empty() {
                out.push_str(&String::from_utf8_lossy(&bytes));
                bytes.clear();
            }
            out.push(c);
            i += 1;
            continue;
        }
        let hi = chars.get(i + 1).and_then(|c| c.to_digit(16));
        let lo = chars.get(i + 2).and_then(|c| c.to_digit(16));
        match (hi, lo) {
            (Some(h), Some(l)) if chars[i + 1].is_ascii() && chars[i + 2].is_ascii() => {
                bytes.push((h * 16 + l) as u8);
            }
            _ => bytes.push(0xFF),
        }
        i += 3;
    }
    if !bytes.is_empty() {
        out.push_str(&String::from_utf8_lossy(&bytes));
    }
    out
}

/// A set of ASCII characters, plus the RFC 2396 "escaped" flag that also admits %XX escapes
/// and visible non-ASCII characters (`java.net.URI`'s mask pairs).
#[derive(Clone, Copy)]
struct Class {
    bits: u128,
    escaped: bool,
}

const fn chars(list: &str) -> u128 {
    let bytes = list.as_bytes();
    let mut bits = 0u128;
    let mut i = 0;
    while i < bytes.len() {
        bits |= 1u128 << bytes[i];
        i += 1;
    }
    bits
}

const fn range(first: u8, last: u8) -> u128 {
    let mut bits = 0u128;
    let mut c = first;
    while c <= last {
        bits |= 1u128 << c;
        c += 1;
    }
    bits
}

const fn class(bits: u128, escaped: bool) -> Class {
    Class { bits, escaped }
}

const DIGIT: u128 = range(b'0', b'9');
const ALPHA: u128 = range(b'a', b'z') | range(b'A', b'Z');
const ALPHANUM: u128 = DIGIT | ALPHA;
const HEX: u128 = DIGIT | range(b'a', b'f') | range(b'A', b'F');
const UNRESERVED: u128 = ALPHANUM | chars("-_.!~*'()");
const RESERVED: u128 = chars(";/?:@&=+$,[]");
const USERINFO: u128 = UNRESERVED | chars(";:&=+$,");
const SERVER: u128 = USERINFO | ALPHANUM | chars("-") | chars(".:@[]");

const C_DIGIT: Class = class(DIGIT, false);
const C_ALPHA: Class = class(ALPHA, false);
const C_ALPHANUM: Class = class(ALPHANUM, false);
const C_ALPHANUM_DASH: Class = class(ALPHANUM | chars("-"), false);
const C_HEX: Class = class(HEX, false);
const C_DIGIT_DOT: Class = class(DIGIT | chars("."), false);
const C_URIC: Class = class(RESERVED | UNRESERVED, true);
const C_PATH: Class = class(UNRESERVED | chars(":@&=+$,") | chars(";/"), true);
const C_USERINFO: Class = class(USERINFO, true);
const C_REG_NAME: Class = class(UNRESERVED | chars("$,;:@&=+"), true);
const C_SERVER: Class = class(SERVER, true);
// In the server authority branch the JDK adds '%' itself (for IPv6 zones), so a '%' there is
// a plain character and not the start of an escape.
const C_SERVER_PERCENT: Class = class(SERVER | chars("%"), true);
const C_SCHEME: Class = class(ALPHA | DIGIT | chars("+-."), false);
const C_SCOPE_ID: Class = class(ALPHANUM | chars("_."), false);

impl Class {
    fn contains(self, c: char) -> bool {
        let code = c as u32;
        code != 0 && code < 128 && self.bits & (1u128 << code) != 0
    }
}

/// `Character.isSpaceChar` (Unicode space separators).
fn is_space_char(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// `Character.isISOControl`.
fn is_iso_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1F}' | '\u{7F}'..='\u{9F}')
}

/// The parts of a `java.net.URI` that `URIName` reads.
struct JavaUri {
    has_scheme: bool,
    /// `getRawSchemeSpecificPart()`.
    scheme_specific_part: String,
    /// `getHost()`.
    host: Option<String>,
}

type Step = Result<usize, UriError>;

fn syntax(why: &'static str) -> UriError {
    UriError::Syntax(why)
}

struct Parser {
    s: Vec<char>,
}

impl JavaUri {
    /// `new URI(text)` (`Parser.parse(false)`: a server-based authority is not required).
    fn parse(text: &str) -> Result<JavaUri, UriError> {
        let p = Parser {
            s: text.chars().collect(),
        };
        p.parse()
    }
}

impl Parser {
    fn char_at(&self, i: usize) -> Option<char> {
        self.s.get(i).copied()
    }

    fn at(&self, i: usize, end: usize, c: char) -> bool {
        i < end && self.char_at(i) == Some(c)
    }

    fn at_str(&self, i: usize, end: usize, text: &str) -> bool {
        let want: Vec<char> = text.chars().collect();
        end.checked_sub(i).is_some_and(|room| room >= want.len())
            && self.s.get(i..i + want.len()) == Some(want.as_slice())
    }

    fn text(&self, from: usize, to: usize) -> String {
        self.s
            .get(from..to)
            .map(|cs| cs.iter().collect())
            .unwrap_or_default()
    }

    /// Position of the first char in `stop` (or `end`); `None` if a char in `err` comes first.
    fn scan_until(&self, start: usize, end: usize, err: &str, stop: &str) -> Option<usize> {
        let mut p = start;
        while p < end {
            let c = self.s[p];
            if err.contains(c) {
                return None;
            }
            if stop.contains(c) {
                break;
            }
            p += 1;
        }
        Some(p)
    }

    fn scan_to(&self, start: usize, end: usize, stop: &str) -> usize {
        self.scan_until(start, end, "", stop).unwrap_or(start)
    }

    fn scan_char(&self, start: usize, end: usize, c: char) -> usize {
        if self.at(start, end, c) {
            start + 1
        } else {
            start
        }
    }

    /// `scanEscape`: a %XX escape, or one visible non-ASCII character.
    fn scan_escape(&self, p: usize, end: usize, c: char) -> Step {
        if c == '%' {
            let hex = |i: usize| self.char_at(i).is_some_and(|c| C_HEX.contains(c));
            if p + 3 <= end && hex(p + 1) && hex(p + 2) {
                return Ok(p + 3);
            }
            return Err(syntax(parsing::uri::MALFORMED_ESCAPE_PAIR));
        }
        if (c as u32) > 128 && !is_space_char(c) && !is_iso_control(c) {
            return Ok(p + 1);
        }
        Ok(p)
    }

    /// Scans chars of `class` (and escapes, when the class admits them).
    fn scan_class(&self, start: usize, end: usize, class: Class) -> Step {
        let mut p = start;
        while p < end {
            let c = self.s[p];
            if class.contains(c) {
                p += 1;
                continue;
            }
            if class.escaped {
                let q = self.scan_escape(p, end, c)?;
                if q > p {
                    p = q;
                    continue;
                }
            }
            break;
        }
        Ok(p)
    }

    fn check_chars(
        &self,
        start: usize,
        end: usize,
        class: Class,
        what: &'static str,
    ) -> Result<(), UriError> {
        if self.scan_class(start, end, class)? < end {
            return Err(syntax(what));
        }
        Ok(())
    }

    /// `[scheme:]scheme-specific-part[#fragment]`.
    fn parse(&self) -> Result<JavaUri, UriError> {
        let n = self.s.len();
        let mut has_scheme = false;
        let mut ssp_start = 0;
        let mut host = None;
        let p = match self.scan_until(0, n, "/?#", ":") {
            Some(colon) if self.at(colon, n, ':') => {
                if colon == 0 {
                    return Err(syntax(parsing::uri::EXPECTED_SCHEME_NAME));
                }
                if !self.char_at(0).is_some_and(|c| C_ALPHA.contains(c)) {
                    return Err(syntax(parsing::uri::ILLEGAL_CHARACTER_IN_SCHEME_NAME));
                }
                self.check_chars(1, colon, C_SCHEME, parsing::uri::ILLEGAL_CHARACTER_IN_SCHEME_NAME)?;
                has_scheme = true;
                ssp_start = colon + 1;
                let p = colon + 1;
                if self.at(p, n, '/') {
                    self.parse_hierarchical(p, n, &mut host)?
                } else {
                    let q = self.scan_to(p, n, "#");
                    if q <= p {
                        return Err(syntax(parsing::uri::EXPECTED_SCHEME_SPECIFIC_PART));
                    }
                    self.check_chars(p, q, C_URIC, parsing::uri::ILLEGAL_CHARACTER_IN_OPAQUE_PART)?;
                    q
                }
            }
            _ => self.parse_hierarchical(0, n, &mut host)?,
        };
        let ssp_end = p;
        let mut p = p;
        if self.at(p, n, '#') {
            self.check_chars(p + 1, n, C_URIC, parsing::uri::ILLEGAL_CHARACTER_IN_FRAGMENT)?;
            p = n;
        }
        if p < n {
            return Err(syntax(parsing::uri::EXPECTED_END_OF_URI));
        }
        Ok(JavaUri {
            has_scheme,
            scheme_specific_part: self.text(ssp_start, ssp_end),
            host,
        })
    }

    /// `[//authority]path[?query]`; an empty authority is allowed before a path, query or
    /// fragment, and the path may be empty.
    fn parse_hierarchical(&self, start: usize, n: usize, host: &mut Option<String>) -> Step {
        let mut p = start;
        if self.at(p, n, '/') && self.at(p + 1, n, '/') {
            p += 2;
            let q = self.scan_to(p, n, "/?#");
            if q > p {
                p = self.parse_authority(p, q, host)?;
            } else if q >= n {
                return Err(syntax(parsing::uri::EXPECTED_AUTHORITY));
            }
        }
        let q = self.scan_to(p, n, "?#");
        self.check_chars(p, q, C_PATH, parsing::uri::ILLEGAL_CHARACTER_IN_PATH)?;
        p = q;
        if self.at(p, n, '?') {
            p += 1;
            let q = self.scan_to(p, n, "#");
            self.check_chars(p, q, C_URIC, parsing::uri::ILLEGAL_CHARACTER_IN_QUERY)?;
            p = q;
        }
        Ok(p)
    }

    /// `authority = server | reg_name`: a server-based parse is tried first; when it fails
    /// and every char is legal in a registry name, the authority is registry-based (no host).
    fn parse_authority(&self, start: usize, n: usize, host: &mut Option<String>) -> Step {
        // The JDK takes the "IPv6 literal" branch whenever the authority does not start with ']'.
        let server_chars = if self.scan_to(start, n, "]") > start {
            self.scan_class(start, n, C_SERVER_PERCENT)? == n
        } else {
            self.scan_class(start, n, C_SERVER)? == n
        };
        let reg_chars = self.scan_class(start, n, C_REG_NAME)? == n;
        if reg_chars && !server_chars {
            return Ok(n);
        }
        let lenient = reg_chars;
        let mut failure = None;
        if server_chars {
            match self.parse_server(start, n, lenient) {
                Ok((q, server_host)) if q >= n => {
                    *host = server_host;
                    return Ok(n);
                }
                Ok(_) if lenient => {}
                Ok(_) => failure = Some(syntax(parsing::uri::EXPECTED_END_OF_AUTHORITY)),
                Err(e) => failure = Some(e),
            }
        }
        if reg_chars {
            return Ok(n);
        }
        Err(failure.unwrap_or_else(|| syntax(parsing::uri::ILLEGAL_CHARACTER_IN_AUTHORITY)))
    }

    /// `[userinfo@]host[:port]`; returns the end and the host text.
    fn parse_server(
        &self,
        start: usize,
        n: usize,
        lenient: bool,
    ) -> Result<(usize, Option<String>), UriError> {
        let mut p = start;
        if let Some(q) = self.scan_until(p, n, "/?#", "@") {
            if self.at(q, n, '@') {
                self.check_chars(p, q, C_USERINFO, parsing::uri::ILLEGAL_CHARACTER_IN_USER_INFO)?;
                p = q + 1;
            }
        }
        let host;
        if self.at(p, n, '[') {
            p += 1;
            let q = self.scan_until(p, n, "/?#", "]").unwrap_or(p);
            if !(q > p && self.at(q, n, ']')) {
                return Err(syntax(parsing::uri::EXPECTED_CLOSING_BRACKET_FOR_IPV6_ADDRESS));
            }
            let r = self.scan_to(p, q, "%");
            if r > p {
                self.parse_ipv6_reference(p, r)?;
                if r + 1 == q {
                    return Err(syntax("scope id expected"));
                }
                if r + 1 < q {
                    self.check_chars(r + 1, q, C_SCOPE_ID, parsing::uri::ILLEGAL_CHARACTER_IN_SCOPE_ID)?;
                }
            } else {
                self.parse_ipv6_reference(p, q)?;
            }
            host = Some(self.text(p - 1, q + 1));
            p = q + 1;
        } else {
            let (q, h) = match self.parse_ipv4_address(p, n) {
                Some(q) if q > p => (q, Some(self.text(p, q))),
                _ => self.parse_hostname(p, n, lenient)?,
            };
            host = h;
            p = q;
        }
        if self.at(p, n, ':') {
            p += 1;
            let q = self.scan_to(p, n, "/");
            if q > p {
                self.check_chars(p, q, C_DIGIT, parsing::uri::ILLEGAL_CHARACTER_IN_PORT_NUMBER)?;
                let digits = self.text(p, q);
                if digits.trim_start_matches('0').len() > 10
                    || digits.parse::<u64>().map_or(true, |v| v > i32::MAX as u64)
                {
                    return Err(syntax(parsing::uri::MALFORMED_PORT_NUMBER));
                }
                p = q;
            }
        } else if p < n && lenient {
            return Ok((p, host));
        }
        if p < n {
            return Err(syntax(parsing::uri::EXPECTED_PORT_NUMBER));
        }
        Ok((p, host))
    }

    /// `scanByte`: up to the decimal digits of a value <= 255 (`start` if none or too big).
    fn scan_byte(&self, start: usize, n: usize) -> Step {
        let q = self.scan_class(start, n, C_DIGIT)?;
        if q <= start {
            return Ok(q);
        }
        // Integer.parseInt overflows past 2^31-1: a NumberFormatException in the JDK.
        let digits = self.text(start, q);
        let value = match digits.trim_start_matches('0') {
            "" => 0,
            t if t.len() > 10 => return Err(syntax("number too large")),
            t => t.parse::<u64>().map_err(|_| syntax("number too large"))?,
        };
        if value > i32::MAX as u64 {
            return Err(syntax("number too large"));
        }
        Ok(if value > 255 { start } else { q })
    }

    /// `scanIPv4Address`: `None` when the text does not start with digits and dots (or, in
    /// strict mode, is not only digits and dots); an error when it does but is malformed.
    fn scan_ipv4_address(
        &self,
        start: usize,
        n: usize,
        strict: bool,
    ) -> Result<Option<usize>, UriError> {
        let m = self.scan_class(start, n, C_DIGIT_DOT)?;
        if m <= start || (strict && m != n) {
            return Ok(None);
        }
        let mut p = start;
        for part in 0..7 {
            let q = if part % 2 == 0 {
                self.scan_byte(p, m)?
            } else {
                self.scan_char(p, m, '.')
            };
            if q <= p {
                return Err(syntax(parsing::uri::MALFORMED_IPV4_ADDRESS));
            }
            p = q;
        }
        if p < m {
            return Err(syntax(parsing::uri::MALFORMED_IPV4_ADDRESS));
        }
        Ok(Some(p))
    }

    fn take_ipv4_address(&self, start: usize, n: usize) -> Step {
        match self.scan_ipv4_address(start, n, true)? {
            Some(p) if p > start => Ok(p),
            _ => Err(syntax(parsing::uri::EXPECTED_IPV4_ADDRESS)),
        }
    }

    /// `parseIPv4Address`: an IPv4 address at `start`, followed by nothing or ':'.
    fn parse_ipv4_address(&self, start: usize, n: usize) -> Option<usize> {
        let p = self.scan_ipv4_address(start, n, false).ok().flatten()?;
        if p > start && p < n && self.char_at(p) != Some(':') {
            return None;
        }
        Some(p)
    }

    /// `parseHostname`: labels of letters, digits and inner '-', separated by '.', the last
    /// one starting with a letter; a trailing '.' is allowed.
    fn parse_hostname(
        &self,
        start: usize,
        n: usize,
        lenient: bool,
    ) -> Result<(usize, Option<String>), UriError> {
        let mut p = start;
        let mut last_label: Option<usize> = None;
        loop {
            let q = self.scan_class(p, n, C_ALPHANUM)?;
            if q <= p {
                break;
            }
            last_label = Some(p);
            p = q;
            let q = self.scan_class(p, n, C_ALPHANUM_DASH)?;
            if q > p {
                if self.char_at(q - 1) == Some('-') {
                    return Err(syntax(parsing::uri::ILLEGAL_CHARACTER_IN_HOSTNAME));
                }
                p = q;
            }
            let q = self.scan_char(p, n, '.');
            if q <= p {
                break;
            }
            p = q;
            if p >= n {
                break;
            }
        }
        if p < n && !self.at(p, n, ':') {
            if lenient {
                return Ok((p, None));
            }
            return Err(syntax(parsing::uri::ILLEGAL_CHARACTER_IN_HOSTNAME));
        }
        let Some(l) = last_label else {
            return Err(syntax(parsing::uri::EXPECTED_HOSTNAME));
        };
        if l > start && !self.char_at(l).is_some_and(|c| C_ALPHA.contains(c)) {
            return Err(syntax(parsing::uri::ILLEGAL_CHARACTER_IN_HOSTNAME));
        }
        Ok((p, Some(self.text(start, p))))
    }

    /// `parseIPv6Reference` (RFC 2373 with embedded IPv4): exactly 16 bytes without "::",
    /// fewer than 16 with it.
    fn parse_ipv6_reference(&self, start: usize, n: usize) -> Result<(), UriError> {
        let mut count = 0usize;
        let mut compressed = false;
        let mut p = start;
        match self.scan_hex_seq(p, n, &mut count)? {
            Some(q) if q > p => {
                p = q;
                if self.at_str(p, n, "::") {
                    compressed = true;
                    p = self.scan_hex_post(p + 2, n, &mut count)?;
                } else if self.at(p, n, ':') {
                    p = self.take_ipv4_address(p + 1, n)?;
                    count += 4;
                }
            }
            _ => {
                if self.at_str(p, n, "::") {
                    compressed = true;
                    p = self.scan_hex_post(p + 2, n, &mut count)?;
                }
            }
        }
        if p < n {
            return Err(syntax(parsing::uri::MALFORMED_IPV6_ADDRESS));
        }
        if count > 16 {
            return Err(syntax(parsing::uri::IPV6_ADDRESS_TOO_LONG));
        }
        if !compressed && count < 16 {
            return Err(syntax(parsing::uri::IPV6_ADDRESS_TOO_SHORT));
        }
        if compressed && count == 16 {
            return Err(syntax(parsing::uri::MALFORMED_IPV6_ADDRESS));
        }
        Ok(())
    }

    fn scan_hex_post(&self, start: usize, n: usize, count: &mut usize) -> Step {
        if start == n {
            return Ok(start);
        }
        match self.scan_hex_seq(start, n, count)? {
            Some(q) if q > start => {
                if self.at(q, n, ':') {
                    let p = self.take_ipv4_address(q + 1, n)?;
                    *count += 4;
                    Ok(p)
                } else {
                    Ok(q)
                }
            }
            _ => {
                let p = self.take_ipv4_address(start, n)?;
                *count += 4;
                Ok(p)
            }
        }
    }

    /// `scanHexSeq`: hex4 *( ":" hex4 ), stopping before "::" or an embedded IPv4 address.
    fn scan_hex_seq(
        &self,
        start: usize,
        n: usize,
        count: &mut usize,
    ) -> Result<Option<usize>, UriError> {
        let q = self.scan_class(start, n, C_HEX)?;
        if q <= start || self.at(q, n, '.') {
            return Ok(None);
        }
        if q > start + 4 {
            return Err(syntax(parsing::uri::IPV6_HEXADECIMAL_DIGIT_SEQUENCE_TOO_LONG));
        }
        *count += 2;
        let mut p = q;
        while p < n {
            if !self.at(p, n, ':') || self.at(p + 1, n, ':') {
                break;
            }
            let group = p + 1;
            let q = self.scan_class(group, n, C_HEX)?;
            if q <= group {
                return Err(syntax(parsing::uri::EXPECTED_DIGITS_FOR_AN_IPV6_ADDRESS));
            }
            if self.at(q, n, '.') {
                break;
            }
            if q > group + 4 {
                return Err(syntax(parsing::uri::IPV6_HEXADECIMAL_DIGIT_SEQUENCE_TOO_LONG));
            }
            *count += 2;
            p = q;
        }
        Ok(Some(p))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn host(text: &str) -> Option<String> {
        parse_uri_name(text).unwrap().host
    }

    #[test]
    fn server_hosts() {
        assert_eq!(host("http://example.com/x").as_deref(), Some("example.com"));
        assert_eq!(
            host("http://u:p@Example.COM:8080").as_deref(),
            Some("Example.COM")
        );
        assert_eq!(host("http://1.2.3.4/").as_deref(), Some("1.2.3.4"));
        assert_eq!(host("http://[::1]/").as_deref(), Some("[::1]"));
        assert_eq!(host("http://[fe80::1%1]/").as_deref(), Some("[fe80::1%1]"));
        assert_eq!(host("http://123.com/").as_deref(), Some("123.com"));
    }

    #[test]
    fn registry_authorities_have_no_host() {
        // All checked against JDK 17.0.21: these parse, with getHost() == null.
        for text in [
            "http://a_b.com/",
            "http://-a.com/",
            "http://a-.com/",
            "http://1.2.3.4.5/",
            "http://999.1.1.1/",
            "http://host:99999999999/",
            "http://\u{FFFD}.com/",
            "urn:x",
            "ldap:///o=x",
            "mailto:a@b",
        ] {
            assert_eq!(parse_uri_name(text).map(|h| h.host), Ok(None), "{text}");
        }
    }

    #[test]
    fn rejected_uri_names() {
        assert_eq!(parse_uri_name("rel/path"), Err(UriError::NoScheme));
        assert_eq!(
            parse_uri_name("http://example.com./"),
            Err(UriError::BadHost)
        );
        assert!(matches!(
            parse_uri_name("http://[1::2::3]/"),
            Err(UriError::Syntax(_))
        ));
        assert!(matches!(
            parse_uri_name("http://a b/"),
            Err(UriError::Syntax(_))
        ));
        assert!(matches!(
            parse_uri_name("http://x/%zz"),
            Err(UriError::Syntax(_))
        ));
        assert!(matches!(parse_uri_name(":x"), Err(UriError::Syntax(_))));
        assert!(matches!(
            parse_uri_name("1http://x"),
            Err(UriError::Syntax(_))
        ));
        assert!(matches!(parse_uri_name("http:"), Err(UriError::Syntax(_))));
        assert!(matches!(
            parse_uri_name("http://"),
            Err(UriError::Syntax(_))
        ));
        assert_eq!(
            parse_uri_name("http://[::1%nosuchif]/"),
            Err(UriError::BadIpv6Host)
        );
        assert_eq!(
            parse_uri_name("http://[::1%eth0]/")
                .unwrap()
                .host
                .as_deref(),
            Some("[::1%eth0]")
        );
    }

    #[test]
    fn constraints() {
        let c = parse_uri_constraint(".example.com").unwrap();
        assert_eq!(c.host.as_deref(), Some(".example.com"));
        assert_eq!(c.dns.as_deref(), Some("example.com"));
        let c = parse_uri_constraint("ex%61mple.com").unwrap();
        assert_eq!(c.host.as_deref(), Some("example.com"));
        assert_eq!(
            parse_uri_constraint("http://example.com"),
            Err(UriError::ConstraintHasScheme)
        );
        assert_eq!(
            parse_uri_constraint("//example.com"),
            Err(UriError::ConstraintBadHost)
        );
        assert_eq!(parse_uri_constraint(".."), Err(UriError::ConstraintBadHost));
        assert_eq!(
            parse_uri_constraint("a%C3%A9.com"),
            Err(UriError::ConstraintBadHost)
        );
    }
}
