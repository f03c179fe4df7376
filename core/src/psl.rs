//! The Public Suffix List as HttpClient 4.5.2's default `PublicSuffixMatcher` applies it.
//!
//! API Gateway's hostname verifier (HttpClient 4.5.2 `DefaultHostnameVerifier`) asks the matcher
//! for the *domain root* (registrable domain) of every DNS identity, restricted to the list's
//! **ICANN** section. This module reproduces that lookup, quirks included:
//!
//! * The list is the 2022 snapshot shipped inside Debian's `libhttpclient-java` jar
//!   (`mozilla/public-suffix-list.txt`), the list the reference oracle runs with.
//! * It is read the way `PublicSuffixListParser.parseByType` reads it: whole lines are rules
//!   (no trimming), one leading `.` is dropped, a leading `!` marks an exception, only lines
//!   between the `===BEGIN/END ... DOMAINS===` markers count, and a section without any rule is
//!   dropped (exceptions included). A rule listed in both sections ends up PRIVATE, because the
//!   matcher stores one type per rule and the PRIVATE section is loaded last.
//! * Lookups lowercase the name with `String.toLowerCase(Locale.ROOT)` and convert each
//!   candidate suffix with `java.net.IDN.toUnicode` before looking it up, so `xn--` labels find
//!   the list's Unicode rules.
//! * A name with no matching rule still has a root: an unknown TLD behaves like a public suffix
//!   (`foo.corp` is registrable), and a `*` label is an ordinary label.
//!
//! The lookup structure is built once, on first use, from the list compiled into the binary.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// The list text: Debian's `libhttpclient-java` (4.5.14, December 2022) `mozilla/public-suffix-list.txt`.
const LIST: &str = include_str!("../data/public_suffix_list.dat");

/// The registrable domain of `name` as HttpClient 4.5.2's default matcher computes it from
/// the ICANN section: `PublicSuffixMatcher.getDomainRoot(name, DomainType.ICANN)`.
///
/// The result is lowercased (as Java's `toLowerCase(Locale.ROOT)` does) and keeps the labels'
/// original (ASCII or Unicode) spelling. `None` means `name` is itself a public suffix, has a
/// single label, or starts with a dot. Examples: `api.example.co.uk` → `example.co.uk`;
/// `foo.corp` → `foo.corp` (unknown TLD); `*.elb.amazonaws.com` → `amazonaws.com`
/// (amazonaws.com is only a PRIVATE entry); `co.uk`, `*.com`, `localhost` → `None`.
#[cfg(test)]
pub fn registrable_domain(name: &str) -> Option<String> {
    if name.starts_with('.') {
        return None;
    }
    let lower = java_lowercase(name);
    domain_root_of_lowercase(&lower).map(str::to_owned)
}

/// Whether `name` is a public suffix for HttpClient 4.5.2's default matcher, ICANN section:
/// `PublicSuffixMatcher.matches(name, DomainType.ICANN)`.
///
/// One leading dot is ignored. A single-label name counts as a public suffix (an unknown TLD
/// does), so `com`, `co.uk`, `corp` and `localhost` are public suffixes; `example.com` and
/// `github.io` (a PRIVATE entry only) are not.
#[cfg(test)]
pub fn is_public_suffix(name: &str) -> bool {
    let name = name.strip_prefix('.').unwrap_or(name);
    registrable_domain(name).is_none()
}

/// `getDomainRoot` on a name already lowercased the Java way; borrows from `lower`.
///
/// Mirrors the matcher's walk from the whole name towards its TLD: an exception rule makes
/// the current suffix the root; a rule for the current suffix, or a wildcard rule for its
/// parent, stops the walk; otherwise the current suffix (when it still has a dot) becomes the
/// best root so far.
pub(crate) fn domain_root_of_lowercase(lower: &str) -> Option<&str> {
    if lower.starts_with('.') {
        return None;
    }
    let index = index();
    let is_separator = |c: &char| is_label_separator(*c);
    // Java looks every suffix up, which costs time quadratic in the name's length (seconds for
    // a hostile 64 KiB dNSName). A looked-up key has one `.` per separator of the suffix
    // (IDN.toUnicode keeps the labels), so a suffix with more separators than the longest
    // entry cannot match and is skipped: same answer, linear time.
    let mut separators = lower.chars().filter(is_separator).count();
    let mut root = None;
    let mut segment = Some(lower);
    while let Some(current) = segment {
        if separators <= index.max_dots {
            let key = idn_to_unicode(current, index);
            if index.exceptions.contains(key.as_ref()) {
                return Some(current);
            }
            if index.rules.contains(key.as_ref()) {
                break;
            }
        }
        let next = current.find('.').and_then(|dot| current.get(dot + 1..));
        if let Some(parent) = next {
            let skipped = current.get(..current.len() - parent.len()).unwrap_or("");
            separators = separators.saturating_sub(skipped.chars().filter(is_separator).count());
            // hasRule("*." + IDN.toUnicode(parent)), without building the string.
            if separators <= index.max_dots
                && index
                    .wildcard_parents
                    .contains(idn_to_unicode(parent, index).as_ref())
            {
                break;
            }
            root = Some(current);
        }
        segment = next;
    }
    root
}

/// `String.toLowerCase(Locale.ROOT)`: full Unicode lowercasing (so `İ` becomes `i̇` and a
/// final `Σ` becomes `ς`), borrowed when nothing changes.
///
/// Known gaps, both outside what a URL host or a JDK-decoded dNSName can contain: Java decides
/// whether a `Σ` is final with a word `BreakIterator` and Rust with the Unicode
/// case-ignorable rule (they differ for e.g. `ΣΑΣ.::.x`), and JDK 17 uses Unicode 13 tables.
pub(crate) fn java_lowercase(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        if s.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(s.to_ascii_lowercase())
        } else {
            Cow::Borrowed(s)
        }
    } else {
        let lower = s.to_lowercase();
        if lower == s {
            Cow::Borrowed(s)
        } else {
            Cow::Owned(lower)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The lookup structure

/// A set of list entries keyed by their text (slices of [`LIST`]), with a fast non-keyed hash:
/// the stored keys are fixed, so lookups of untrusted names cannot degrade the table.
type RuleSet = HashSet<&'static str, BuildHasherDefault<FxHasher>>;

/// The ICANN view of the list, as `getDomainRoot(..., DomainType.ICANN)` sees it.
struct Index {
    /// Rules whose (final) type is ICANN, wildcard rules included (`*.kawasaki.jp`).
    rules: RuleSet,
    /// `X` for every ICANN rule `*.X`, so `hasRule("*." + X)` needs no concatenation.
    wildcard_parents: RuleSet,
    /// Exception rules (`!city.kawasaki.jp` → `city.kawasaki.jp`) whose type is ICANN.
    exceptions: RuleSet,
    /// Every non-ASCII label of an ICANN rule or exception: the only results of decoding an
    /// `xn--` label that can make a lookup succeed (see [`ace_label_to_unicode`]).
    idn_labels: RuleSet,
    /// The most `.` in any entry of the three sets above: a longer suffix is never looked up.
    max_dots: usize,
}

/// The list section a rule was read from (HttpClient's `DomainType`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Icann,
    Private,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| build_index(LIST))
}

/// Reads the list like `PublicSuffixListParser.parseByType` and loads it like the
/// `PublicSuffixMatcher(Collection<PublicSuffixList>)` constructor: one type per rule, the last
/// section that lists it wins.
fn build_index(text: &'static str) -> Index {
    let mut rule_types: HashMap<&'static str, Section> = HashMap::new();
    let mut exception_types: HashMap<&'static str, Section> = HashMap::new();
    let mut section: Option<Section> = None;
    let mut rules: Vec<&'static str> = Vec::new();
    let mut exceptions: Vec<&'static str> = Vec::new();

    // BufferedReader.readLine splits on \n, \r and \r\n; empty lines are skipped anyway.
    for line in text.split(['\n', '\r']) {
        if line.is_empty() {
            continue;
        }
        if line.starts_with("//") {
            match section {
                None => {
                    if line.contains("===BEGIN ICANN DOMAINS===") {
                        section = Some(Section::Icann);
                    } else if line.contains("===BEGIN PRIVATE DOMAINS===") {
                        section = Some(Section::Private);
                    }
                }
                Some(current) => {
                    if line.contains("===END ICANN DOMAINS===")
                        || line.contains("===END PRIVATE DOMAINS===")
                    {
                        // parseByType only emits a section that has at least one rule.
                        if !rules.is_empty() {
                            for rule in rules.drain(..) {
                                rule_types.insert(rule, current);
                            }
                            for exception in exceptions.drain(..) {
                                exception_types.insert(exception, current);
                            }
                        }
                        rules.clear();
                        exceptions.clear();
                        section = None;
                    }
                }
            }
            continue;
        }
        if section.is_none() {
            continue;
        }
        let entry = line.strip_prefix('.').unwrap_or(line);
        match entry.strip_prefix('!') {
            Some(exception) => exceptions.push(exception),
            None => rules.push(entry),
        }
    }

    let icann = |types: &HashMap<&'static str, Section>| -> RuleSet {
        types
            .iter()
            .filter(|(_, section)| **section == Section::Icann)
            .map(|(entry, _)| *entry)
            .collect()
    };
    let rules = icann(&rule_types);
    let exceptions = icann(&exception_types);
    let wildcard_parents: RuleSet = rules
        .iter()
        .filter_map(|rule| rule.strip_prefix("*."))
        .collect();
    let idn_labels = rules
        .iter()
        .chain(exceptions.iter())
        .flat_map(|entry| entry.split('.'))
        .filter(|label| !label.is_ascii())
        .collect();
    let max_dots = rules
        .iter()
        .chain(exceptions.iter())
        .chain(wildcard_parents.iter())
        .map(|entry| entry.matches('.').count())
        .max()
        .unwrap_or(0);
    Index {
        rules,
        wildcard_parents,
        exceptions,
        idn_labels,
        max_dots,
    }
}

// ---------------------------------------------------------------------------------------------
// java.net.IDN.toUnicode, as far as it can change a lookup

/// `IDN.toUnicode(name)` for the purpose of looking the result up in the ICANN rules.
///
/// Java splits on `.`, `。`, `．` and `｡`, converts each label and joins them with `.`.
/// A label is converted only when it starts with the ACE prefix `xn--` (for a non-ASCII label:
/// after nameprep) and survives Java's decode → `toASCII` → compare round trip; every other
/// label comes back unchanged. A converted label matters only if it equals a label of some
/// rule, so a decoded label that is not one ([`Index::idn_labels`]) is left as it is: no rule
/// could match either way (the list has no `xn--` rules).
fn idn_to_unicode<'a>(name: &'a str, index: &Index) -> Cow<'a, str> {
    if !needs_idn_conversion(name) {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len());
    let mut rest = name;
    while let Some((at, separator)) = rest.char_indices().find(|(_, c)| is_label_separator(*c)) {
        let (label, tail) = rest.split_at(at);
        out.push_str(label_to_unicode(label, index).unwrap_or(label));
        out.push('.');
        rest = tail.get(separator.len_utf8()..).unwrap_or("");
    }
    // The last label (empty after a trailing separator, which Java skips: same output).
    out.push_str(label_to_unicode(rest, index).unwrap_or(rest));
    Cow::Owned(out)
}

/// Java's `IDN` label separators: full stop, ideographic, full-width and half-width full stops.
fn is_label_separator(c: char) -> bool {
    matches!(c, '.' | '\u{3002}' | '\u{FF0E}' | '\u{FF61}')
}

/// True when [`idn_to_unicode`] could return something other than its input.
fn needs_idn_conversion(name: &str) -> bool {
    // Non-ASCII names are rare: take the slow path (separators, nameprep) for all of them.
    !name.is_ascii() || name.split('.').any(has_ace_prefix)
}

/// One label through `toUnicodeInternal`: `Some` when Java would return a different label.
fn label_to_unicode(label: &str, index: &Index) -> Option<&'static str> {
    if label.is_ascii() {
        return ace_label_to_unicode(label, index);
    }
    // Java nameprep-s a non-ASCII label first and decodes it if the result is an ACE label;
    // only a result that is all ASCII can survive the round trip.
    let prepared = nameprep_to_ascii(label)?;
    ace_label_to_unicode(&prepared, index)
}

/// Nameprep (RFC 3491, as the JDK's `IDN` runs it) for labels it turns into pure ASCII:
/// characters mapped to nothing (table B.1) are dropped, full-width ASCII forms and the
/// ideographic space become ASCII (NFKC), and letters are lowercased (table B.2). `None`
/// when some other non-ASCII character remains.
///
/// Known gap: other compatibility characters that NFKC folds into ASCII (superscript digits,
/// mathematical letters, `ﬀ`, …) are not folded, so a label spelled with them is not decoded.
fn nameprep_to_ascii(label: &str) -> Option<String> {
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        let mapped = match c {
            '\u{00AD}'
            | '\u{034F}'
            | '\u{1806}'
            | '\u{180B}'..='\u{180D}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2060}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}' => continue,
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0)?,
            c if c.is_ascii() => c,
            _ => return None,
        };
        out.push(mapped.to_ascii_lowercase());
    }
    Some(out)
}

fn has_ace_prefix(label: &str) -> bool {
    label
        .get(..4)
        .is_some_and(|prefix| prefix.eq_ignore_ascii_case("xn--"))
}

/// The Unicode label a Java `toUnicode` would give for an ACE label, when that label is one
/// the ICANN rules contain; `None` when Java would leave the label as it is, or when the
/// decoded label cannot match any rule.
///
/// Java accepts the decoded label `u` only if `toASCII(u)` gives the label back (ignoring
/// ASCII case): `u` must be non-ASCII, nameprep must leave it unchanged, its Punycode
/// encoding must be the label's, and the label must fit in 63 characters. Every non-ASCII
/// label of the list is nameprep-stable (checked against `java.net.IDN` of JDK 17 when the
/// list was imported), so for candidates taken from the list the re-encoding test suffices.
fn ace_label_to_unicode(label: &str, index: &Index) -> Option<&'static str> {
    if !label.is_ascii() || label.len() > 63 || !has_ace_prefix(label) {
        return None;
    }
    let encoded = label.get(4..)?;
    let decoded = punycode::decode(encoded)?;
    let known = *index.idn_labels.get(decoded.as_str())?;
    let reencoded = punycode::encode(known)?;
    reencoded.eq_ignore_ascii_case(encoded).then_some(known)
}

/// RFC 3492 Punycode, with the bounds of the JDK's `jdk.internal.icu.impl.Punycode`.
mod punycode {
    const BASE: u32 = 36;
    const TMIN: u32 = 1;
    const TMAX: u32 = 26;
    const SKEW: u32 = 38;
    const DAMP: u32 = 700;
    const INITIAL_BIAS: u32 = 72;
    const INITIAL_N: u32 = 0x80;
    /// The JDK decodes with Java `int`s and rejects anything that would exceed this.
    const MAX_INT: u32 = 0x7fff_ffff;

    fn adapt(delta: u32, num_points: u32, first_time: bool) -> u32 {
        let mut delta = if first_time { delta / DAMP } else { delta / 2 };
        delta += delta / num_points.max(1);
        let mut k = 0;
        while delta > ((BASE - TMIN) * TMAX) / 2 {
            delta /= BASE - TMIN;
            k += BASE;
        }
        k + (BASE - TMIN + 1) * delta / (delta + SKEW)
    }

    fn digit_value(byte: u8) -> Option<u32> {
        match byte {
            b'a'..=b'z' => Some(u32::from(byte - b'a')),
            b'A'..=b'Z' => Some(u32::from(byte - b'A')),
            b'0'..=b'9' => Some(u32::from(byte - b'0') + 26),
            _ => None,
        }
    }

    fn digit_char(digit: u32) -> Option<char> {
        match digit {
            0..=25 => char::from_u32(u32::from(b'a') + digit),
            26..=35 => char::from_u32(u32::from(b'0') + digit - 26),
            _ => None,
        }
    }

    fn threshold(k: u32, bias: u32) -> u32 {
        if k <= bias {
            TMIN
        } else if k >= bias + TMAX {
            TMAX
        } else {
            k - bias
        }
    }

    /// Decodes the part after `xn--`; `None` where the JDK throws.
    pub(super) fn decode(input: &str) -> Option<String> {
        let bytes = input.as_bytes();
        // Basic code points: everything before the last delimiter.
        let basic_len = bytes.iter().rposition(|&b| b == b'-').unwrap_or(0);
        let (basic, _) = bytes.split_at(basic_len);
        if !basic.is_ascii() {
            return None;
        }
        let mut output: Vec<char> = basic.iter().map(|&b| char::from(b)).collect();
        let mut digits = bytes
            .get(if basic_len > 0 { basic_len + 1 } else { 0 }..)
            .unwrap_or(&[])
            .iter();

        let mut n = INITIAL_N;
        let mut i: u32 = 0;
        let mut bias = INITIAL_BIAS;
        while digits.len() > 0 {
            let old_i = i;
            let mut w: u32 = 1;
            let mut k = BASE;
            loop {
                let digit = digit_value(*digits.next()?)?;
                if digit > (MAX_INT - i) / w {
                    return None;
                }
                i += digit * w;
                let t = threshold(k, bias);
                if digit < t {
                    break;
                }
                if w > MAX_INT / (BASE - t) {
                    return None;
                }
                w *= BASE - t;
                k += BASE;
            }
            let count = u32::try_from(output.len()).ok()?.checked_add(1)?;
            bias = adapt(i - old_i, count, old_i == 0);
            if i / count > MAX_INT - n {
                return None;
            }
            n += i / count;
            i %= count;
            // char::from_u32 rejects what the JDK rejects: surrogates and > U+10FFFF.
            let c = char::from_u32(n)?;
            let at = usize::try_from(i).ok()?;
            if at > output.len() {
                return None;
            }
            output.insert(at, c);
            i += 1;
        }
        Some(output.into_iter().collect())
    }

    /// Encodes a label (without the `xn--` prefix), lowercase digits as the JDK emits them.
    pub(super) fn encode(input: &str) -> Option<String> {
        let code_points: Vec<u32> = input.chars().map(u32::from).collect();
        let mut output: String = input.chars().filter(char::is_ascii).collect();
        let basic = u32::try_from(output.len()).ok()?;
        let total = u32::try_from(code_points.len()).ok()?;
        if basic > 0 {
            output.push('-');
        }
        let mut n = INITIAL_N;
        let mut delta: u32 = 0;
        let mut bias = INITIAL_BIAS;
        let mut handled = basic;
        while handled < total {
            let m = code_points.iter().copied().filter(|&c| c >= n).min()?;
            delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
            n = m;
            for &c in &code_points {
                if c < n {
                    delta = delta.checked_add(1)?;
                }
                if c == n {
                    let mut q = delta;
                    let mut k = BASE;
                    loop {
                        let t = threshold(k, bias);
                        if q < t {
                            break;
                        }
                        output.push(digit_char(t + (q - t) % (BASE - t))?);
                        q = (q - t) / (BASE - t);
                        k += BASE;
                    }
                    output.push(digit_char(q)?);
                    bias = adapt(delta, handled + 1, handled == basic);
                    delta = 0;
                    handled += 1;
                }
            }
            delta = delta.checked_add(1)?;
            n = n.checked_add(1)?;
        }
        Some(output)
    }
}

// ---------------------------------------------------------------------------------------------
// A small fast hasher for the rule sets

/// The Fx hash (rustc's): a multiply-rotate over 8-byte words. Fine for a fixed key set.
#[derive(Default, Clone, Copy)]
struct FxHasher(u64);

impl FxHasher {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let tail = chunks.remainder();
        if !tail.is_empty() {
            let mut word = [0u8; 8];
            for (slot, byte) in word.iter_mut().zip(tail) {
                *slot = *byte;
            }
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The walk as Java does it, every suffix looked up (the reference for the bounded walk).
    fn unbounded_domain_root(lower: &str) -> Option<&str> {
        if lower.starts_with('.') {
            return None;
        }
        let index = index();
        let mut root = None;
        let mut segment = Some(lower);
        while let Some(current) = segment {
            let key = idn_to_unicode(current, index);
            if index.exceptions.contains(key.as_ref()) {
                return Some(current);
            }
            if index.rules.contains(key.as_ref()) {
                break;
            }
            let next = current.find('.').and_then(|dot| current.get(dot + 1..));
            if let Some(parent) = next {
                // hasRule("*." + IDN.toUnicode(parent)), without building the string.
                if index
                    .wildcard_parents
                    .contains(idn_to_unicode(parent, index).as_ref())
                {
                    break;
                }
                root = Some(current);
            }
            segment = next;
        }
        root
    }

    #[test]
    fn bounded_walk_gives_the_same_roots() {
        let names = [
            "a.b.c.d.e.f.g.h.city.kawasaki.jp",
            "x.y.z.www.ck",
            "q.w.e.r.t.y.u.i.o.p.com",
            "a.b.c.d.e.f.g.h.foo.kawasaki.jp",
            "a.b.c.d.e.f.g.xn--55qx5d.cn",
            "a.b.c.d.e.f.g.h.i.公司.cn",
            "a.b。c．d｡e.f.g.h.i.j.co.uk",
            "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.pvt.k12.ma.us",
            "x.co.uk.",
            "a..b.c.d.e.f.g.uk",
        ];
        for name in names {
            let lower = java_lowercase(name);
            assert_eq!(
                domain_root_of_lowercase(&lower),
                unbounded_domain_root(&lower),
                "{name}"
            );
        }
        // The longest ICANN entries have 4 dots (e.g. pvt.k12.ma.us has 3, *.x.y.z patterns).
        assert!((3..=6).contains(&index().max_dots), "{}", index().max_dots);
    }

    #[test]
    fn hostile_long_names_take_linear_time() {
        // 64 KiB of one-letter labels: Java-style every-suffix lookups would hash ~1 GB.
        let name = "a.".repeat(32 * 1024) + "co.uk";
        assert_eq!(root(&name).as_deref(), Some("a.co.uk"));
        // Java's walk advances at '.' only, so a name whose other separators are ideographic
        // full stops has itself as root.
        let name = "é。".repeat(16 * 1024) + "公司.cn";
        assert_eq!(root(&name).as_deref(), Some(name.as_str()));
        let mixed = "a。b.xn--55qx5d．".repeat(300) + "k12.ma.us";
        let lower = java_lowercase(&mixed);
        assert_eq!(
            domain_root_of_lowercase(&lower),
            unbounded_domain_root(&lower)
        );
    }

    fn root(name: &str) -> Option<String> {
        registrable_domain(name)
    }

    #[test]
    fn list_is_the_2022_debian_snapshot() {
        // The ICANN section of that file: 7366 entries, 8 of them exceptions, 18 wildcards.
        let index = index();
        assert_eq!(index.rules.len(), 7358);
        assert_eq!(index.exceptions.len(), 8);
        assert_eq!(index.wildcard_parents.len(), 18);
        assert!(index.rules.contains("co.uk"));
        assert!(index.rules.contains("公司.cn"));
        // PRIVATE entries are not ICANN rules.
        assert!(!index.rules.contains("amazonaws.com"));
        assert!(!index.rules.contains("github.io"));
    }

    #[test]
    fn registrable_domain_of_ordinary_names() {
        assert_eq!(root("api.example.com").as_deref(), Some("example.com"));
        assert_eq!(root("example.com").as_deref(), Some("example.com"));
        assert_eq!(root("a.b.example.co.uk").as_deref(), Some("example.co.uk"));
        assert_eq!(root("x.example.co.jp").as_deref(), Some("example.co.jp"));
    }

    #[test]
    fn public_suffixes_have_no_registrable_domain() {
        assert_eq!(root("com"), None);
        assert_eq!(root("co.uk"), None);
        assert!(is_public_suffix("com"));
        assert!(is_public_suffix("co.uk"));
        assert!(is_public_suffix(".co.uk"));
        assert!(!is_public_suffix("example.com"));
    }

    #[test]
    fn wildcard_label_is_an_ordinary_label() {
        // "*" is not a rule but "com" is: the walk stops at "com" with "*.com" as the last
        // candidate, so "*.com" is its own root (and no real host ends with it).
        assert_eq!(root("*.com").as_deref(), Some("*.com"));
        assert_eq!(root("*.example.com").as_deref(), Some("example.com"));
        // A single "*" has no dot, so no root.
        assert_eq!(root("*"), None);
    }

    #[test]
    fn unknown_tld_counts_as_public_suffix() {
        assert_eq!(root("foo.corp").as_deref(), Some("foo.corp"));
        assert_eq!(root("a.b.corp").as_deref(), Some("b.corp"));
        assert_eq!(root("corp"), None);
        assert!(is_public_suffix("corp"));
        assert!(is_public_suffix("localhost"));
        assert_eq!(root("10.0.0.5").as_deref(), Some("0.5"));
    }

    #[test]
    fn private_section_is_ignored() {
        assert_eq!(
            root("x.elb.amazonaws.com").as_deref(),
            Some("amazonaws.com")
        );
        assert_eq!(root("a.github.io").as_deref(), Some("github.io"));
        assert!(!is_public_suffix("github.io"));
        assert_eq!(
            root("x.eu-west-1.compute.amazonaws.com").as_deref(),
            Some("amazonaws.com")
        );
    }

    #[test]
    fn wildcard_and_exception_rules() {
        // *.kawasaki.jp with !city.kawasaki.jp
        assert_eq!(root("b.kawasaki.jp"), None);
        assert_eq!(root("a.b.kawasaki.jp").as_deref(), Some("a.b.kawasaki.jp"));
        assert_eq!(
            root("city.kawasaki.jp").as_deref(),
            Some("city.kawasaki.jp")
        );
        assert_eq!(
            root("www.city.kawasaki.jp").as_deref(),
            Some("city.kawasaki.jp")
        );
        // The wildcard rule text itself is a rule.
        assert_eq!(root("*.kawasaki.jp"), None);
        // *.ck with !www.ck
        assert_eq!(root("www.ck").as_deref(), Some("www.ck"));
        assert_eq!(root("foo.ck"), None);
    }

    #[test]
    fn lowercases_like_java() {
        assert_eq!(root("API.Example.CO.UK").as_deref(), Some("example.co.uk"));
        assert_eq!(
            root("Xn--Bcher-kva.de").as_deref(),
            Some("xn--bcher-kva.de")
        );
    }

    #[test]
    fn leading_and_trailing_dots() {
        assert_eq!(root(".example.com"), None);
        // Java keeps the empty last label: "com." is not the rule "com".
        assert_eq!(root("example.com.").as_deref(), Some("com."));
        assert_eq!(root("com.").as_deref(), Some("com."));
    }

    #[test]
    fn punycode_labels_find_unicode_rules() {
        // 公司.cn is an ICANN rule; its ACE form is xn--55qx5d.cn.
        assert_eq!(root("xn--55qx5d.cn"), None);
        assert_eq!(root("a.xn--55qx5d.cn").as_deref(), Some("a.xn--55qx5d.cn"));
        assert_eq!(
            root("b.a.XN--55QX5D.cn").as_deref(),
            Some("a.xn--55qx5d.cn")
        );
        // Unicode spelling works directly, and so do ideographic full stops.
        assert_eq!(root("a.公司.cn").as_deref(), Some("a.公司.cn"));
        assert_eq!(root("a.公司。cn").as_deref(), Some("a.公司。cn"));
        // A non-canonical encoding (trailing garbage) is not decoded.
        assert_eq!(root("a.xn--55qx5da.cn").as_deref(), Some("xn--55qx5da.cn"));
        // Nameprep turns a full-width ACE label into an ASCII one, which Java then decodes.
        assert_eq!(root("ｘｎ－－５５ｑｘ５ｄ.cn"), None);
        assert_eq!(
            root("a.ｘｎ－－５５ｑｘ５ｄ.cn").as_deref(),
            Some("a.ｘｎ－－５５ｑｘ５ｄ.cn")
        );
    }

    #[test]
    fn punycode_round_trips() {
        assert_eq!(punycode::decode("bcher-kva").as_deref(), Some("bücher"));
        assert_eq!(punycode::encode("bücher").as_deref(), Some("bcher-kva"));
        assert_eq!(punycode::decode("55qx5d").as_deref(), Some("公司"));
        assert_eq!(punycode::encode("公司").as_deref(), Some("55qx5d"));
        assert_eq!(punycode::decode("abc-").as_deref(), Some("abc"));
        assert_eq!(punycode::decode("!"), None);
        assert_eq!(punycode::decode("99999999999"), None);
    }

    #[test]
    fn every_list_label_reencodes() {
        let index = index();
        for label in &index.idn_labels {
            let ace = punycode::encode(label).expect("encodes");
            assert_eq!(punycode::decode(&ace).as_deref(), Some(*label), "{label}");
        }
    }

    #[test]
    fn parser_follows_http_client() {
        let text: &'static str = "// head\nignored\n// ===BEGIN ICANN DOMAINS===\n.dot\n!exc.x\n*.x\nboth\n\r\n// ===END ICANN DOMAINS===\n// ===BEGIN PRIVATE DOMAINS===\r\nboth\r\n// ===END PRIVATE DOMAINS===\n// ===BEGIN ICANN DOMAINS===\n!only-exception\n// ===END ICANN DOMAINS===\n";
        let index = build_index(text);
        assert!(index.rules.contains("dot"));
        assert!(!index.rules.contains("ignored"));
        assert!(index.exceptions.contains("exc.x"));
        assert!(index.wildcard_parents.contains("x"));
        // Listed in both sections: PRIVATE wins.
        assert!(!index.rules.contains("both"));
        // A section with no rule is dropped, its exceptions too.
        assert!(!index.exceptions.contains("only-exception"));
    }
}
