//! The hostname check API Gateway runs after the handshake: Apache HttpClient **4.5.2**
//! `DefaultHostnameVerifier.verify(host, X509Certificate)` with the default
//! `PublicSuffixMatcher` (see [`crate::psl`]).
//!
//! 4.5.2 differs from later 4.5.x releases, and this module follows 4.5.2 exactly:
//!
//! * The host type comes from HttpClient's own regular expressions (`InetAddressUtils`): an
//!   IPv4 literal (first octet 1–255, no leading zeros), or an IPv6 literal of hex groups, bare
//!   or in brackets. Anything else, `[::ffff:10.0.0.5]` included, is a DNS name.
//! * Only the subjectAltNames *of the host's type* are considered (DNS for a DNS host, IP for
//!   an IP host). When there are none, the subject's CN is the identity: even when the
//!   certificate has SANs of the other type.
//! * DNS SANs are compared after lowercasing host and SAN; the CN is compared as it is, so an
//!   uppercase host or an uppercase wildcard CN fails.
//! * Every DNS identity (SAN or CN, wildcard or not) must, when the host contains a dot, have
//!   a registrable domain under the PSL's ICANN rules that the host ends with.
//! * A wildcard is the first `*` of the identity: the text before and after it must begin and
//!   end the host, and what it covers must not contain a dot.
//!
//! [`verify`] returns the verdict, the 4.5.2 `SSLException` message and a typed reason.

use std::fmt;
use std::net::Ipv6Addr;

pub use crate::name::HostnameCn;
use crate::message;
use crate::psl;

/// One subjectAltName entry as JDK `X509Certificate.getSubjectAlternativeNames()` exposes it.
///
/// `Dns` holds the dNSName as the JDK decodes the IA5String (bytes above 0x7F become U+FFFD);
/// `Ip` holds the raw iPAddress octets (the JDK's text form is made here, see
/// [`jdk_ip_san_text`]). The verifier only reads DNS and IP entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SubjectAltName {
    /// dNSName (GeneralName type 2).
    Dns(String),
    /// iPAddress octets (GeneralName type 7): 4 or 16 bytes, or 8 / 32 with a mask.
    Ip(Vec<u8>),
    /// rfc822Name (GeneralName type 1): ignored by the verifier.
    Email(String),
    /// Any other GeneralName type: ignored by the verifier.
    Other,
}

/// The text the JDK gives a dNSName: `DerValue.getIA5String()` decodes the bytes as US-ASCII,
/// so every byte above 0x7F becomes U+FFFD. Use it to build [`SubjectAltName::Dns`].
#[cfg(any(test, fuzzing, feature = "internals"))]
pub fn jdk_ia5_text(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| {
            if b.is_ascii() {
                char::from(b)
            } else {
                '\u{FFFD}'
            }
        })
        .collect()
}

/// How HttpClient 4.5.2 classifies the host it verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostType {
    /// `InetAddressUtils.isIPv4Address(host)`.
    Ipv4,
    /// `InetAddressUtils.isIPv6Address(host)`, after removing one pair of brackets.
    Ipv6,
    /// Everything else.
    Dns,
}

/// Result of the 4.5.2 verifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostnameCheck {
    /// The certificate matches the host.
    pub ok: bool,
    /// 4.5.2's SSLException message (the oracle's `hostname_error`), None when ok.
    ///
    /// For [`HostnameFailure::JavaRuntimeException`] it is the exception's `toString()`.
    pub error: Option<String>,
    /// Why the check failed, None when ok.
    pub failure: Option<HostnameFailure>,
    /// The identity that matched, None when the check failed.
    pub matched: Option<MatchedIdentity>,
}

/// The certificate identity that satisfied the verifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MatchedIdentity {
    /// A subjectAltName.
    San {
        /// Position in the SAN list given to [`verify`] (all types counted).
        index: usize,
        /// The SAN as the verifier saw it (IP SANs in the JDK's text form).
        value: String,
        /// Matched through a `*`.
        wildcard: bool,
    },
    /// The subject's CN (fallback: no SAN of the host's type).
    CommonName {
        /// The CN text.
        value: String,
        /// Matched through a `*`.
        wildcard: bool,
    },
}

/// Why HttpClient 4.5.2 rejects the host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostnameFailure {
    /// The certificate has SANs of the host's type and none matches.
    NoMatchingSubjectAlt {
        /// The verified host.
        host: String,
        /// Which SAN type was searched (IP for IPv4 and IPv6 hosts, DNS otherwise).
        host_type: HostType,
        /// The SANs of that type, as Java prints them (IPv6 uncompressed).
        subject_alts: Vec<String>,
    },
    /// No SAN of the host's type, and the CN does not match.
    CommonNameMismatch {
        /// The verified host.
        host: String,
        /// The CN that was compared.
        cn: HostnameCn,
    },
    /// No SAN of the host's type and no CN.
    NoCommonName {
        /// The verified host.
        host: String,
    },
    /// An unchecked Java exception escaped the verifier, so HttpClient never produced its
    /// "Host name ... does not match" message; what API Gateway logs then is unknown.
    /// Two causes: a wildcard identity whose text before and after `*` overlap in the host
    /// (`a*a` against `a`: `StringIndexOutOfBoundsException`), and an IPv6-subnet iPAddress
    /// SAN whose mask bits are not contiguous (the JDK throws while listing the SANs).
    JavaRuntimeException {
        /// The verified host.
        host: String,
        /// The exception's `toString()`.
        exception: String,
    },
}

/// What Java prints for a CN it holds as a `byte[]`: `Object.toString()`, an identity hash
/// that changes from run to run. This placeholder stands for it.
pub const BINARY_CN_TEXT: &str = "[B@<hash>";

impl fmt::Display for HostnameFailure {
    /// The exact 4.5.2 message (the oracle's `hostname_error`; the strings are in
    /// [`crate::message`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoMatchingSubjectAlt {
                host, subject_alts, ..
            } => f.write_str(&message::hostname_no_matching_subject_alt(host, subject_alts)),
            Self::CommonNameMismatch { host, cn } => {
                let cn = match cn {
                    HostnameCn::Text(text) => text.as_str(),
                    HostnameCn::Binary => BINARY_CN_TEXT,
                };
                f.write_str(&message::hostname_common_name_mismatch(host, cn))
            }
            Self::NoCommonName { host } => f.write_str(&message::hostname_no_common_name(host)),
            Self::JavaRuntimeException { exception, .. } => f.write_str(exception),
        }
    }
}

/// The host HttpClient verifies: URI.getHost() — IPv6 literals bracketed (the oracle
/// brackets any host with ':' not already bracketed). Case is kept.
pub fn verified_host(host: &str) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_owned()
    }
}

/// `DefaultHostnameVerifier.verify(host, cert)` of HttpClient 4.5.2 with the default public
/// suffix matcher. `host` is already the [`verified_host`] form; `sans` is the certificate's
/// SAN list in order (empty when it has none, or when the JDK cannot parse the extension);
/// `cn` is the CN HttpClient extracts from the subject, None when the subject has no CN.
pub fn verify(host: &str, sans: &[SubjectAltName], cn: Option<&HostnameCn>) -> HostnameCheck {
    match decide(host, sans, cn) {
        Ok(matched) => HostnameCheck {
            ok: true,
            error: None,
            failure: None,
            matched: Some(matched),
        },
        Err(failure) => HostnameCheck {
            ok: false,
            error: Some(failure.to_string()),
            failure: Some(failure),
            matched: None,
        },
    }
}

fn decide(
    host: &str,
    sans: &[SubjectAltName],
    cn: Option<&HostnameCn>,
) -> Result<MatchedIdentity, HostnameFailure> {
    let host_type = host_type(host);
    let alts = subject_alts_of_type(host, sans, host_type)?;
    if alts.is_empty() {
        // 4.5.2 falls back to the CN whenever no SAN has the host's type.
        return match_cn_fallback(host, cn);
    }
    match host_type {
        // matchIPAddress: plain string equality with the JDK's text of each IP SAN.
        HostType::Ipv4 => {
            if let Some((index, value)) = alts.iter().find(|(_, alt)| alt == host) {
                return Ok(san_match(*index, value, false));
            }
        }
        // matchIPv6Address: both sides through InetAddress.getByName(..).getHostAddress().
        // The JDK's SAN texts are already in that form (an address it cannot parse, such as
        // "a.b.c.d/mask", stays as it is), so only the host needs normalising.
        HostType::Ipv6 => {
            let normalised = normalise_ipv6_host(host);
            if let Some((index, value)) = alts.iter().find(|(_, alt)| *alt == normalised) {
                return Ok(san_match(*index, value, false));
            }
        }
        // matchDNSName: host and SAN lowercased with Locale.ROOT, first match wins.
        HostType::Dns => {
            let host_lower = psl::java_lowercase(host);
            for (index, value) in &alts {
                let san_lower = psl::java_lowercase(value);
                match match_identity(&host_lower, &san_lower) {
                    IdentityMatch::Match { wildcard } => {
                        return Ok(san_match(*index, value, wildcard))
                    }
                    IdentityMatch::JavaException(exception) => {
                        return Err(HostnameFailure::JavaRuntimeException {
                            host: host.to_owned(),
                            exception,
                        })
                    }
                    _ => {}
                }
            }
        }
    }
    Err(HostnameFailure::NoMatchingSubjectAlt {
        host: host.to_owned(),
        host_type,
        subject_alts: alts.into_iter().map(|(_, value)| value).collect(),
    })
}

fn san_match(index: usize, value: &str, wildcard: bool) -> MatchedIdentity {
    MatchedIdentity::San {
        index,
        value: value.to_owned(),
        wildcard,
    }
}

/// matchCN: the CN as it is against the host as it is (no lowercasing in 4.5.2).
fn match_cn_fallback(
    host: &str,
    cn: Option<&HostnameCn>,
) -> Result<MatchedIdentity, HostnameFailure> {
    let cn = cn.ok_or_else(|| HostnameFailure::NoCommonName {
        host: host.to_owned(),
    })?;
    let mismatch = || HostnameFailure::CommonNameMismatch {
        host: host.to_owned(),
        cn: cn.clone(),
    };
    match cn {
        // Java compares "[B@<hash>": it has no dot (so no registrable domain) and no '*'.
        HostnameCn::Binary => Err(mismatch()),
        HostnameCn::Text(value) => match match_identity(host, value) {
            IdentityMatch::Match { wildcard } => Ok(MatchedIdentity::CommonName {
                value: value.clone(),
                wildcard,
            }),
            IdentityMatch::JavaException(exception) => Err(HostnameFailure::JavaRuntimeException {
                host: host.to_owned(),
                exception,
            }),
            _ => Err(mismatch()),
        },
    }
}

/// `extractSubjectAlts(cert, type)` on top of the JDK's `getSubjectAlternativeNames()`:
/// the SANs of the host's type with their positions, in certificate order.
fn subject_alts_of_type(
    host: &str,
    sans: &[SubjectAltName],
    host_type: HostType,
) -> Result<Vec<(usize, String)>, HostnameFailure> {
    // An iPAddress the JDK's IPAddressName constructor rejects makes the whole extension
    // unparseable; the JDK then ignores it (a critical one fails the certificate before
    // the hostname check), so the verifier sees no SAN at all.
    let mut ip_texts = Vec::new();
    for san in sans {
        if let SubjectAltName::Ip(bytes) = san {
            match jdk_ip_san_text(bytes) {
                Ok(text) => ip_texts.push(Ok(text)),
                Err(IpSanError::Unparseable) => return Ok(Vec::new()),
                Err(IpSanError::NonContiguousMask) => ip_texts.push(Err(())),
            }
        }
    }
    // getSubjectAlternativeNames renders every entry, so a bad mask throws for any host.
    if ip_texts.iter().any(Result::is_err) {
        return Err(HostnameFailure::JavaRuntimeException {
            host: host.to_owned(),
            exception: "java.lang.RuntimeException: IPAddress cannot be parsed".to_owned(),
        });
    }
    let mut ip_texts = ip_texts.into_iter().flatten();
    let mut alts = Vec::new();
    for (index, san) in sans.iter().enumerate() {
        match san {
            SubjectAltName::Dns(name) if host_type == HostType::Dns => {
                alts.push((index, name.clone()));
            }
            SubjectAltName::Ip(_) => {
                let text = ip_texts.next();
                if host_type != HostType::Dns {
                    if let Some(text) = text {
                        alts.push((index, text));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(alts)
}

// ---------------------------------------------------------------------------------------------
// One identity against the host

/// How one identity compares with the host under 4.5.2's `matchIdentityStrict` with the
/// default public suffix matcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityMatch {
    /// The identity matches.
    Match {
        /// Through a `*`.
        wildcard: bool,
    },
    /// The host has a dot and the identity has no registrable domain under the PSL's ICANN
    /// rules: it is a public suffix (`co.uk`, `*.kawasaki.jp`), a single label (`*`),
    /// or starts with a dot.
    PublicSuffix,
    /// The host does not end with the identity's registrable domain on a label boundary.
    /// `*.com` and `*.co.uk` fail here (their own "registrable domain" is `*.com`), and so
    /// does an uppercase host against a CN: the domain is lowercased, the host is not.
    OutsideRegistrableDomain {
        /// The identity's registrable domain (lowercased).
        registrable_domain: String,
    },
    /// The text before or after the `*` does not begin or end the host (case-sensitive).
    WildcardMismatch,
    /// The `*` would have to cover a dot (more than one label).
    WildcardSpansLabels,
    /// No wildcard, and the names differ (ignoring case).
    Mismatch,
    /// Java throws here: the text before and after the `*` overlap in the host.
    JavaException(String),
}

/// HttpClient 4.5.2 `matchIdentityStrict(host, identity, defaultMatcher)`, comparing the
/// strings as given: the SAN path lowercases both first ([`match_dns_san`]), the CN path
/// does not ([`match_common_name`]).
pub fn match_identity(host: &str, identity: &str) -> IdentityMatch {
    if host.contains('.') {
        let lower = psl::java_lowercase(identity);
        let root = if identity.starts_with('.') {
            None
        } else {
            psl::domain_root_of_lowercase(&lower)
        };
        match root {
            None => return IdentityMatch::PublicSuffix,
            Some(root) if !ends_with_domain(host, root) => {
                return IdentityMatch::OutsideRegistrableDomain {
                    registrable_domain: root.to_owned(),
                }
            }
            Some(_) => {}
        }
    }
    let Some((prefix, suffix)) = identity.split_once('*') else {
        return if java_equals_ignore_case(host, identity) {
            IdentityMatch::Match { wildcard: false }
        } else {
            IdentityMatch::Mismatch
        };
    };
    if !prefix.is_empty() && !host.starts_with(prefix) {
        return IdentityMatch::WildcardMismatch;
    }
    if !suffix.is_empty() && !host.ends_with(suffix) {
        return IdentityMatch::WildcardMismatch;
    }
    // host.substring(prefix.length(), host.length() - suffix.length())
    let begin = prefix.len();
    let end = host.len().saturating_sub(suffix.len());
    match host.get(begin..end) {
        Some(covered) if begin <= end => {
            if covered.contains('.') {
                IdentityMatch::WildcardSpansLabels
            } else {
                IdentityMatch::Match { wildcard: true }
            }
        }
        _ => {
            let length = utf16_len(host);
            IdentityMatch::JavaException(format!(
                "java.lang.StringIndexOutOfBoundsException: begin {}, end {}, length {}",
                utf16_len(prefix),
                length.saturating_sub(utf16_len(suffix)),
                length
            ))
        }
    }
}

/// A DNS SAN against a DNS host, as `matchDNSName` compares them (both lowercased).
pub fn match_dns_san(host: &str, san: &str) -> IdentityMatch {
    match_identity(&psl::java_lowercase(host), &psl::java_lowercase(san))
}

/// The CN against the host, as `matchCN` compares them (neither lowercased).
pub fn match_common_name(host: &str, cn: &str) -> IdentityMatch {
    match_identity(host, cn)
}

/// `matchDomainRoot`: `host` ends with `root`, on a label boundary.
fn ends_with_domain(host: &str, root: &str) -> bool {
    match host.strip_suffix(root) {
        Some(head) => head.is_empty() || head.ends_with('.'),
        None => false,
    }
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// `String.equalsIgnoreCase`: same UTF-16 length, and each pair of characters equal, or
/// equal after `Character.toUpperCase`, or after `toLowerCase(toUpperCase(c))` (simple case
/// mappings, so `k` equals the Kelvin sign and `i` the dotless `ı`).
fn java_equals_ignore_case(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    if utf16_len(a) != utf16_len(b) {
        return false;
    }
    let mut left = a.chars();
    let mut right = b.chars();
    loop {
        match (left.next(), right.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) => {
                if x == y {
                    continue;
                }
                let (ux, uy) = (simple_uppercase(x), simple_uppercase(y));
                if ux != uy && simple_lowercase(ux) != simple_lowercase(uy) {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// `Character.toUpperCase(int)`: the one-character (UnicodeData) mapping.
fn simple_uppercase(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) => u,
        // Full mapping has several characters; the simple mapping is the character itself,
        // except for the Greek letters with ypogegrammeni, which map to the prosgegrammeni forms.
        _ => match u32::from(c) {
            0x1F80..=0x1F87 | 0x1F90..=0x1F97 | 0x1FA0..=0x1FA7 => {
                char::from_u32(u32::from(c) + 8).unwrap_or(c)
            }
            0x1FB3 | 0x1FC3 | 0x1FF3 => char::from_u32(u32::from(c) + 9).unwrap_or(c),
            _ => c,
        },
    }
}

/// `Character.toLowerCase(int)`: the one-character mapping (`İ` → `i`).
fn simple_lowercase(c: char) -> char {
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(l), None) => l,
        _ if c == '\u{130}' => 'i',
        _ => c,
    }
}

// ---------------------------------------------------------------------------------------------
// Host classification (HttpClient's InetAddressUtils) and IP texts (the JDK's)

/// The type 4.5.2 gives the host: IPv4 if `InetAddressUtils.isIPv4Address(host)`, else IPv6
/// if `isIPv6Address` accepts it with one pair of surrounding brackets removed, else DNS.
///
/// The IPv6 patterns accept hex groups only, so `::ffff:10.0.0.5` is a DNS name.
pub fn host_type(host: &str) -> HostType {
    if is_ipv4_literal(host) {
        return HostType::Ipv4;
    }
    let inner = host
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or(host);
    if is_ipv6_std(inner) || is_ipv6_compressed(inner) {
        HostType::Ipv6
    } else {
        HostType::Dns
    }
}

/// `IPV4_PATTERN`: four decimal fields without leading zeros, the first 1–255, the others 0–255.
fn is_ipv4_literal(s: &str) -> bool {
    let mut count = 0;
    for field in s.split('.') {
        count += 1;
        let first = count == 1;
        let valid = !field.is_empty()
            && field.len() <= 3
            && field.bytes().all(|b| b.is_ascii_digit())
            && !(field.len() > 1 && field.starts_with('0'))
            && field
                .parse::<u16>()
                .is_ok_and(|v| v <= 255 && !(first && v == 0));
        if count > 4 || !valid {
            return false;
        }
    }
    count == 4
}

/// One to four hex digits.
fn is_hex_group(group: &str) -> bool {
    (1..=4).contains(&group.len()) && group.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `IPV6_STD_PATTERN`: eight hex groups.
fn is_ipv6_std(s: &str) -> bool {
    let mut count = 0;
    for group in s.split(':') {
        count += 1;
        if count > 8 || !is_hex_group(group) {
            return false;
        }
    }
    count == 8
}

/// `isIPv6HexCompressedAddress`: at most seven colons, and `::` with up to six hex groups on
/// each side.
fn is_ipv6_compressed(s: &str) -> bool {
    if s.bytes().filter(|&b| b == b':').count() > 7 {
        return false;
    }
    let Some((left, right)) = s.split_once("::") else {
        return false;
    };
    let side_ok = |side: &str| {
        side.is_empty() || {
            let mut count = 0;
            side.split(':').all(|group| {
                count += 1;
                count <= 6 && is_hex_group(group)
            })
        }
    };
    side_ok(left) && side_ok(right)
}

/// `InetAddress.getByName(host).getHostAddress()` for a host that passed the IPv6 test:
/// brackets removed, IPv4-mapped addresses as dotted IPv4, others as eight uncompressed
/// lowercase hex groups. (Java returns the input unchanged if it cannot parse it.)
fn normalise_ipv6_host(host: &str) -> String {
    let inner = if host.len() > 2 {
        host.strip_prefix('[')
            .and_then(|rest| rest.strip_suffix(']'))
            .unwrap_or(host)
    } else {
        host
    };
    match inner.parse::<Ipv6Addr>() {
        Ok(address) => java_ipv6_text(&address.octets()),
        Err(_) => host.to_owned(),
    }
}

/// Why the JDK has no text for an iPAddress SAN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IpSanError {
    /// `IPAddressName`'s constructor rejects the octets (not 4, 8, 16 or 32 bytes, or an
    /// IPv4-mapped IPv6 subnet whose mask does not start with 96 one-bits): the JDK cannot
    /// parse the SAN extension at all.
    Unparseable,
    /// An IPv6 subnet whose mask has a one-bit after a zero-bit: `getName()` fails, and
    /// `getSubjectAlternativeNames()` throws `RuntimeException("IPAddress cannot be parsed")`.
    NonContiguousMask,
}

/// The text JDK 17's `IPAddressName.getName()` gives an iPAddress SAN: `a.b.c.d`,
/// `a.b.c.d/m.m.m.m`, eight uncompressed hex groups (`2001:db8:0:0:0:0:0:1`), or those followed
/// by `/<prefix length>`. IPv4-mapped IPv6 addresses are shown as IPv4.
///
/// # Errors
///
/// [`IpSanError`] when the JDK has no text for these octets.
pub fn jdk_ip_san_text(bytes: &[u8]) -> Result<String, IpSanError> {
    match bytes.len() {
        4 => Ok(dotted(bytes)),
        8 => {
            let (address, mask) = bytes.split_at(4);
            Ok(format!("{}/{}", dotted(address), dotted(mask)))
        }
        16 => Ok(java_ipv6_text(bytes)),
        32 => {
            let (address, mask) = bytes.split_at(16);
            if let Some(v4) = ipv4_mapped(address) {
                // Mapped subnet: kept as an IPv4 subnet if the mask's first 96 bits are set.
                let (high, low) = mask.split_at(12);
                if high.iter().any(|&b| b != 0xFF) {
                    return Err(IpSanError::Unparseable);
                }
                return Ok(format!("{}/{}", dotted(v4), dotted(low)));
            }
            // Prefix length = index of the first zero bit; every bit after it must be zero.
            let mut bits = [0u8; 16];
            bits.copy_from_slice(mask);
            let bits = u128::from_be_bytes(bits);
            let prefix = bits.leading_ones();
            if bits.count_ones() != prefix {
                return Err(IpSanError::NonContiguousMask);
            }
            Ok(format!("{}/{prefix}", java_ipv6_text(address)))
        }
        _ => Err(IpSanError::Unparseable),
    }
}

fn dotted(bytes: &[u8]) -> String {
    let parts: Vec<String> = bytes.iter().map(u8::to_string).collect();
    parts.join(".")
}

/// The IPv4 address inside `::ffff:a.b.c.d`.
fn ipv4_mapped(bytes: &[u8]) -> Option<&[u8]> {
    let (prefix, v4) = bytes.split_at_checked(12)?;
    let (zeros, ffff) = prefix.split_at(10);
    (v4.len() == 4 && zeros.iter().all(|&b| b == 0) && ffff.iter().all(|&b| b == 0xFF))
        .then_some(v4)
}

/// `InetAddress.getByAddress(16 bytes).getHostAddress()`: IPv4-mapped addresses become
/// `Inet4Address`es; the rest prints as `Inet6Address.numericToTextFormat` does.
fn java_ipv6_text(bytes: &[u8]) -> String {
    if let Some(v4) = ipv4_mapped(bytes) {
        return dotted(v4);
    }
    let groups: Vec<String> = bytes
        .chunks(2)
        .map(|pair| {
            let value = pair.iter().fold(0u16, |acc, &b| (acc << 8) | u16::from(b));
            format!("{value:x}")
        })
        .collect();
    groups.join(":")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dns(names: &[&str]) -> Vec<SubjectAltName> {
        names
            .iter()
            .map(|n| SubjectAltName::Dns((*n).to_owned()))
            .collect()
    }

    fn cn(text: &str) -> HostnameCn {
        HostnameCn::Text(text.to_owned())
    }

    fn ip(text: &str) -> SubjectAltName {
        let address: std::net::IpAddr = text.parse().expect("test address");
        SubjectAltName::Ip(match address {
            std::net::IpAddr::V4(v4) => v4.octets().to_vec(),
            std::net::IpAddr::V6(v6) => v6.octets().to_vec(),
        })
    }

    fn ok_san(host: &str, san: &str) -> bool {
        verify(host, &dns(&[san]), None).ok
    }

    fn ok_cn(host: &str, common_name: &str) -> bool {
        verify(host, &[], Some(&cn(common_name))).ok
    }

    // --- The host is URI.getHost(): IPv6 literals keep brackets, case is kept.

    #[test]
    fn verified_host_brackets_ipv6_and_keeps_case() {
        assert_eq!(verified_host("2001:db8::1"), "[2001:db8::1]");
        assert_eq!(verified_host("[2001:db8::1]"), "[2001:db8::1]");
        assert_eq!(verified_host("::ffff:10.0.0.5"), "[::ffff:10.0.0.5]");
        assert_eq!(verified_host("API.Example.com"), "API.Example.com");
        assert_eq!(verified_host("10.0.0.5"), "10.0.0.5");
    }

    #[test]
    fn host_types_follow_http_client_patterns() {
        assert_eq!(host_type("10.0.0.5"), HostType::Ipv4);
        assert_eq!(host_type("255.255.255.255"), HostType::Ipv4);
        assert_eq!(host_type("0.1.2.3"), HostType::Dns);
        assert_eq!(host_type("010.0.0.5"), HostType::Dns);
        assert_eq!(host_type("10.0.0.256"), HostType::Dns);
        assert_eq!(host_type("[2001:db8::1]"), HostType::Ipv6);
        assert_eq!(host_type("2001:db8::1"), HostType::Ipv6);
        assert_eq!(host_type("[2001:0db8:0:0:0:0:0:1]"), HostType::Ipv6);
        assert_eq!(host_type("[::]"), HostType::Ipv6);
        assert_eq!(host_type("[1:2:3:4:5:6::7]"), HostType::Ipv6);
        assert_eq!(host_type("[1:2:3:4:5:6:7::]"), HostType::Dns);
        assert_eq!(host_type("[::ffff:10.0.0.5]"), HostType::Dns);
        assert_eq!(host_type("[1::2::3]"), HostType::Dns);
        assert_eq!(host_type("[fe80::1%eth0]"), HostType::Dns);
        assert_eq!(host_type("api.example.com"), HostType::Dns);
    }

    // --- IP hosts match IP SANs as addresses.

    #[test]
    fn ip_hosts_match_ip_sans() {
        assert!(verify("10.0.0.5", &[ip("10.0.0.5")], None).ok);
        assert!(!verify("10.0.0.5", &[ip("10.0.0.6")], None).ok);
        assert!(verify("[2001:db8::1]", &[ip("2001:db8::1")], None).ok);
        assert!(verify("[2001:0db8:0:0:0:0:0:1]", &[ip("2001:db8::1")], None).ok);
        // An IPv4 host matches an IPv4-mapped IPv6 SAN (the JDK prints it as IPv4)...
        assert!(verify("10.0.0.5", &[ip("::ffff:10.0.0.5")], None).ok);
        // ... and a hex-form mapped IPv6 host normalises to IPv4 too.
        assert!(verify("[::ffff:a00:5]", &[ip("10.0.0.5")], None).ok);
        // An IP written as a DNS SAN is not an IP SAN.
        let check = verify("10.0.0.5", &dns(&["10.0.0.5"]), None);
        assert_eq!(
            check.failure,
            Some(HostnameFailure::NoCommonName {
                host: "10.0.0.5".to_owned()
            })
        );
    }

    #[test]
    fn ipv6_sans_print_uncompressed() {
        let check = verify(
            "[2001:db8::2]",
            &[ip("2001:db8::1"), ip("::ffff:10.0.0.5")],
            None,
        );
        assert_eq!(
            check.error.as_deref(),
            Some("Certificate for <[2001:db8::2]> doesn't match any of the subject alternative names: [2001:db8:0:0:0:0:0:1, 10.0.0.5]")
        );
    }

    #[test]
    fn jdk_dns_texts() {
        assert_eq!(jdk_ia5_text(b"api.example.com"), "api.example.com");
        assert_eq!(
            jdk_ia5_text(b"b\xc3\xbccher.de"),
            "b\u{FFFD}\u{FFFD}cher.de"
        );
    }

    #[test]
    fn jdk_ip_texts() {
        assert_eq!(jdk_ip_san_text(&[10, 0, 0, 5]).as_deref(), Ok("10.0.0.5"));
        assert_eq!(
            jdk_ip_san_text(&[10, 0, 0, 0, 255, 0, 0, 0]).as_deref(),
            Ok("10.0.0.0/255.0.0.0")
        );
        let mut subnet = vec![0u8; 15];
        subnet.push(1);
        subnet.extend([0xFF; 8]);
        subnet.extend([0; 8]);
        assert_eq!(
            jdk_ip_san_text(&subnet).as_deref(),
            Ok("0:0:0:0:0:0:0:1/64")
        );
        let mut broken = subnet.clone();
        if let Some(last) = broken.last_mut() {
            *last = 1;
        }
        assert_eq!(jdk_ip_san_text(&broken), Err(IpSanError::NonContiguousMask));
        assert_eq!(jdk_ip_san_text(&[1, 2, 3]), Err(IpSanError::Unparseable));
        let mut mapped_subnet = vec![0u8; 10];
        mapped_subnet.extend([0xFF, 0xFF, 10, 0, 0, 0]);
        mapped_subnet.extend([0xFF; 12]);
        mapped_subnet.extend([0xFF, 0, 0, 0]);
        assert_eq!(
            jdk_ip_san_text(&mapped_subnet).as_deref(),
            Ok("10.0.0.0/255.0.0.0")
        );
        if let Some(byte) = mapped_subnet.get_mut(16) {
            *byte = 0;
        }
        assert_eq!(
            jdk_ip_san_text(&mapped_subnet),
            Err(IpSanError::Unparseable)
        );
    }

    #[test]
    fn unusable_ip_sans() {
        // A SAN extension the JDK cannot parse is ignored: CN fallback.
        let sans = [
            SubjectAltName::Ip(vec![1, 2, 3]),
            SubjectAltName::Dns("x.example.com".into()),
        ];
        assert!(verify("api.example.com", &sans, Some(&cn("api.example.com"))).ok);
        // A non-contiguous IPv6 mask makes the JDK throw while listing SANs, for any host.
        let mut bad = vec![0u8; 16];
        bad.extend([0xFF, 0x00, 0xFF]);
        bad.extend([0; 13]);
        let check = verify("api.example.com", &[SubjectAltName::Ip(bad)], None);
        assert_eq!(
            check.error.as_deref(),
            Some("java.lang.RuntimeException: IPAddress cannot be parsed")
        );
    }

    // --- CN fallback when no SAN has the host's type.

    #[test]
    fn cn_fallback_without_san_of_host_type() {
        // IP host, only DNS SANs: the CN decides.
        let sans = dns(&["api.example.com"]);
        assert!(verify("10.0.0.5", &sans, Some(&cn("10.0.0.5"))).ok);
        // DNS host, only IP SANs: the CN decides.
        assert!(
            verify(
                "api.example.com",
                &[ip("10.0.0.5")],
                Some(&cn("api.example.com"))
            )
            .ok
        );
        // Email-only SAN: the CN decides.
        let email = [SubjectAltName::Email("ops@example.com".into())];
        assert!(verify("api.example.com", &email, Some(&cn("api.example.com"))).ok);
        // A DNS SAN present: the CN is ignored.
        let check = verify(
            "api.example.com",
            &dns(&["other.example.com"]),
            Some(&cn("api.example.com")),
        );
        assert!(!check.ok);
        assert_eq!(
            check.error.as_deref(),
            Some("Certificate for <api.example.com> doesn't match any of the subject alternative names: [other.example.com]")
        );
    }

    #[test]
    fn binary_cn_never_matches() {
        let check = verify("localhost", &[], Some(&HostnameCn::Binary));
        assert!(!check.ok);
        assert_eq!(
            check.failure,
            Some(HostnameFailure::CommonNameMismatch {
                host: "localhost".into(),
                cn: HostnameCn::Binary
            })
        );
    }

    #[test]
    fn failure_messages() {
        assert_eq!(
            verify("api.example.com", &[], Some(&cn("other.example.com"))).error.as_deref(),
            Some("Certificate for <api.example.com> doesn't match common name of the certificate subject: other.example.com")
        );
        assert_eq!(
            verify("api.example.com", &[], None).error.as_deref(),
            Some("Certificate subject for <api.example.com> doesn't contain a common name and does not have alternative names")
        );
        assert_eq!(
            verify("api.example.com", &dns(&["a.example.com", "b.example.com"]), None)
                .error
                .as_deref(),
            Some("Certificate for <api.example.com> doesn't match any of the subject alternative names: [a.example.com, b.example.com]")
        );
    }

    #[test]
    fn matched_identity_is_reported() {
        let sans = [
            SubjectAltName::Email("x@y".into()),
            SubjectAltName::Dns("*.example.com".into()),
        ];
        assert_eq!(
            verify("api.example.com", &sans, None).matched,
            Some(MatchedIdentity::San {
                index: 1,
                value: "*.example.com".into(),
                wildcard: true
            })
        );
    }

    // --- Wildcards.

    #[test]
    fn wildcard_covers_exactly_one_label() {
        assert!(ok_san("api.example.com", "*.example.com"));
        assert!(!ok_san("a.b.example.com", "*.example.com"));
        assert!(!ok_san("example.com", "*.example.com"));
    }

    #[test]
    fn partial_and_middle_wildcards() {
        assert!(ok_san("foo.example.com", "f*.example.com"));
        assert!(!ok_san("bar.example.com", "f*.example.com"));
        assert!(ok_san("shop-api.example.com", "*-api.example.com"));
        assert!(ok_san("api.foo.example.com", "api.*.example.com"));
        // Only the first '*' is a wildcard.
        assert!(!ok_san("a.b.example.com", "*.*.example.com"));
    }

    #[test]
    fn bare_star_matches_single_label_hosts_only() {
        assert!(ok_san("localhost", "*"));
        assert!(!ok_san("api.example.com", "*"));
        assert_eq!(
            match_dns_san("api.example.com", "*"),
            IdentityMatch::PublicSuffix
        );
    }

    #[test]
    fn overlapping_wildcard_parts_throw() {
        let check = verify("a", &[], Some(&cn("a*a")));
        assert_eq!(
            check.error.as_deref(),
            Some("java.lang.StringIndexOutOfBoundsException: begin 1, end 0, length 1")
        );
        // Java counts UTF-16 units.
        assert_eq!(
            verify("😀", &[], Some(&cn("😀*😀"))).error.as_deref(),
            Some("java.lang.StringIndexOutOfBoundsException: begin 2, end 0, length 2")
        );
        assert_eq!(
            match_common_name("é.example.com", "é*é.example.com"),
            IdentityMatch::JavaException(
                "java.lang.StringIndexOutOfBoundsException: begin 1, end 0, length 13".into()
            )
        );
        assert_eq!(
            match_dns_san("ab.example.com", "ab*b.example.com"),
            IdentityMatch::JavaException(
                "java.lang.StringIndexOutOfBoundsException: begin 2, end 1, length 14".into()
            )
        );
    }

    // --- Public Suffix List (ICANN section) on every DNS identity.

    #[test]
    fn public_suffix_identities_fail() {
        assert!(!ok_san("example.com", "*.com"));
        assert!(!ok_san("example.co.uk", "*.co.uk"));
        assert!(!ok_san("example.co.jp", "*.co.jp"));
        assert!(!ok_san("foo.corp", "*.corp"));
        assert!(!ok_san("co.uk", "co.uk"));
        assert_eq!(match_dns_san("co.uk", "co.uk"), IdentityMatch::PublicSuffix);
        // The same on the CN path.
        assert!(!ok_cn("example.com", "*.com"));
        assert!(!ok_cn("co.uk", "co.uk"));
    }

    #[test]
    fn registrable_and_private_suffix_wildcards_pass() {
        assert!(ok_san("a.b.corp", "*.b.corp"));
        assert!(ok_san("api.example.local", "*.example.local"));
        assert!(ok_san("nlb.elb.amazonaws.com", "*.elb.amazonaws.com"));
        assert!(ok_san(
            "ec2-1-2-3-4.compute.amazonaws.com",
            "*.compute.amazonaws.com"
        ));
        assert!(ok_san("me.github.io", "*.github.io"));
        assert!(ok_san("www.example.co.uk", "*.example.co.uk"));
    }

    #[test]
    fn psl_applies_only_to_dotted_hosts() {
        // No dot in the host: no PSL check, so a public suffix name can match itself.
        assert!(ok_san("com", "com"));
        assert!(ok_cn("localhost", "localhost"));
    }

    #[test]
    fn identity_must_share_the_hosts_registrable_domain() {
        assert_eq!(
            match_dns_san("api.example.org", "api.example.com"),
            IdentityMatch::OutsideRegistrableDomain {
                registrable_domain: "example.com".into()
            }
        );
    }

    // --- Case.

    #[test]
    fn san_matching_ignores_case() {
        assert!(ok_san("API.Example.COM", "api.example.com"));
        assert!(ok_san("api.example.com", "*.EXAMPLE.com"));
    }

    #[test]
    fn cn_matching_keeps_case() {
        assert!(ok_cn("api.example.com", "api.example.com"));
        assert!(ok_cn("api.example.com", "API.example.COM"));
        // Uppercase host vs lowercase CN: the registrable domain is lowercased, the host is not.
        assert!(!ok_cn("API.EXAMPLE.COM", "api.example.com"));
        // Uppercase wildcard CN fails even for a lowercase host.
        assert!(!ok_cn("api.example.com", "*.EXAMPLE.com"));
        assert!(ok_cn("api.example.com", "*.example.com"));
        // The part the '*' covers may have any case.
        assert!(ok_cn("API.example.com", "*.example.com"));
        // Without a dot there is no PSL step: plain equalsIgnoreCase.
        assert!(ok_cn("LOCALHOST", "localhost"));
    }

    #[test]
    fn java_case_folding() {
        assert!(java_equals_ignore_case("k", "\u{212A}"));
        assert!(java_equals_ignore_case("i", "\u{131}"));
        assert!(java_equals_ignore_case("\u{1F80}", "\u{1F88}"));
        assert!(!java_equals_ignore_case("ss", "ß"));
        assert!(!java_equals_ignore_case("a", "ab"));
    }

    // --- Trailing dots and dotted quads inside IPv6.

    #[test]
    fn trailing_dots_must_agree() {
        assert!(!ok_san("api.example.com.", "api.example.com"));
        assert!(!ok_san("api.example.com", "api.example.com."));
        assert!(ok_san("api.example.com.", "api.example.com."));
    }

    #[test]
    fn mapped_ipv6_with_dotted_quad_is_a_dns_name() {
        let host = verified_host("::ffff:10.0.0.5");
        assert_eq!(host_type(&host), HostType::Dns);
        let check = verify(&host, &[ip("10.0.0.5")], Some(&cn("10.0.0.5")));
        assert!(!check.ok);
        assert_eq!(
            check.error.as_deref(),
            Some("Certificate for <[::ffff:10.0.0.5]> doesn't match common name of the certificate subject: 10.0.0.5")
        );
        let check = verify(&host, &dns(&["::ffff:10.0.0.5"]), None);
        assert!(!check.ok);
    }

    #[test]
    fn ipv6_host_never_matches_a_cn_without_brackets() {
        let check = verify("[2001:db8::1]", &[], Some(&cn("2001:db8::1")));
        assert_eq!(
            check.error.as_deref(),
            Some("Certificate for <[2001:db8::1]> doesn't match common name of the certificate subject: 2001:db8::1")
        );
    }
}
