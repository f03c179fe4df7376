//! X.500 distinguished names exactly as the JDK 17 handles them.
//!
//! Mirrors `sun.security.x509.X500Name` / `RDN` / `AVA` / `AVAKeyword` and
//! `javax.security.auth.x500.X500Principal`:
//!
//! * which encodings the JDK's parser accepts or rejects ([`Name::from_der`]);
//! * the three renderings the validator and HttpClient use: `toString()`
//!   ([`Name::to_java_string`]), `getName(RFC2253)` ([`Name::to_rfc2253`]) and
//!   `getName(CANONICAL)` ([`Name::canonical`]), which `X500Principal.equals` compares;
//! * the common name HttpClient 4.5.2 extracts for hostname matching ([`Name::hostname_cn`]);
//! * what name constraints need (subtree test, e-mail addresses, common names).
//!
//! Strings are decoded the way `DerValue` decodes them, including Java's replacement rules
//! for malformed UTF-8 / UTF-16 / UTF-32 and the different charsets each rendering uses.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;

mod charset;
mod nfkd;

use crate::der::{self, DerError, OidBound, Strictness, Tlv};
use charset::*;

/// OID of the `CN` attribute (`X500Name.commonName_oid`).
const OID_COMMON_NAME: &str = "2.5.4.3";
/// OID of the PKCS#9 `EMAILADDRESS` attribute.
const OID_EMAIL_ADDRESS: &str = "1.2.840.113549.1.9.1";

// ASN.1 universal tags the JDK gives a meaning to (`DerValue.tag_*`).
const TAG_OID: u8 = 0x06;
const TAG_UTF8_STRING: u8 = 0x0c;
const TAG_PRINTABLE_STRING: u8 = 0x13;
const TAG_T61_STRING: u8 = 0x14;
const TAG_IA5_STRING: u8 = 0x16;
const TAG_GENERAL_STRING: u8 = 0x1b;
const TAG_UNIVERSAL_STRING: u8 = 0x1c;
const TAG_BMP_STRING: u8 = 0x1e;
const TAG_SEQUENCE: u8 = 0x30;
const TAG_SET: u8 = 0x31;

/// Why the JDK's `X500Name` parser would reject a name encoding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameError {
    /// The input ended inside a tag, a length or a value (`DerValue`: "Too short",
    /// "not enough content", "Not enough length bytes").
    Truncated,
    /// A tag with the high-tag-number form (`Tag number over 30 is not supported`).
    HighTagNumber,
    /// An indefinite length. The JDK converts BER indefinite lengths of constructed values;
    /// this model does not, so such a name is rejected here (see the module's known gaps).
    IndefiniteLength,
    /// A length field of more than four bytes, or one that does not fit a Java `int`.
    LengthTooLong,
    /// The name is not a SEQUENCE.
    NotASequence,
    /// An element of the name is not a SET (`X500 RDN`).
    RdnNotASet,
    /// An element of an RDN is not a SEQUENCE (`AVA not a sequence`).
    AvaNotASequence,
    /// The attribute type is not an OBJECT IDENTIFIER (`DerValue.getOID, not an OID`).
    AttributeTypeNotAnOid,
    /// The attribute type's OID encoding is invalid (empty, unterminated, padded, too long).
    InvalidOid,
    /// An AVA has no attribute value.
    MissingValue,
    /// An AVA has bytes after its value (`AVA, extra bytes`).
    AvaExtraData,
    /// A BMPString holding a UTF-16 surrogate pair (`Illegal character in BMPString`).
    BmpStringSurrogate,
    /// Bytes after the name's own TLV.
    TrailingData,
}

impl std::error::Error for NameError {}

impl From<DerError> for NameError {
    /// The name's wording for the reader's conditions (the reader checks them in the JDK's
    /// order; a name reads TLV headers only, so value-level conditions cannot occur).
    fn from(e: DerError) -> Self {
        match e {
            DerError::TagNumberOver30 => NameError::HighTagNumber,
            DerError::IndefiniteLength
            | DerError::IndefinitePrimitive
            | DerError::IndefiniteUnresolved
            | DerError::UnmatchedEndOfContents => NameError::IndefiniteLength,
            DerError::InvalidLenByte
            | DerError::InvalidLengthBytes
            | DerError::RedundantLengthBytes
            | DerError::ShortFormLength => NameError::LengthTooLong,
            DerError::TooShort
            | DerError::NotEnoughLengthBytes
            | DerError::NotEnoughContent
            | DerError::ExtraData
            | DerError::UnexpectedTag { .. }
            | DerError::BadValue
            | DerError::TooManyValues => NameError::Truncated,
        }
    }
}

/// Reads one element from the front of `input`, returning it and the bytes after it
/// (`DerValue(byte[], offset, len, allowBER = true, allowMore = true)`; an indefinite length
/// is refused, see [`Name::from_der`]).
fn read_element(input: &[u8]) -> Result<(Tlv<'_>, &[u8]), NameError> {
    let mut r = der::Reader::new(input, Strictness::BerDefinite);
    let element = r.read()?;
    Ok((element, r.remaining()))
}

/// `ObjectIdentifier(byte[])` validation plus `toString()`.
fn oid_to_string(encoding: &[u8]) -> Result<String, NameError> {
    der::oid_to_string(encoding, OidBound::Jdk).map_err(|_| NameError::InvalidOid)
}

/// What HttpClient 4.5.2's `DefaultHostnameVerifier.extractCN` yields for hostname matching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostnameCn {
    /// The CN as the string `LdapName` unescapes from `getName(RFC2253)`.
    Text(String),
    /// A CN that can never match a host: Java renders the value as `#hex` in RFC 2253
    /// (UniversalString, VisibleString, any non-string type) and `LdapName` turns it into a
    /// `byte[]` whose `toString()` is `[B@…`; or `LdapName` cannot parse the RFC 2253 name
    /// at all (an empty RDN among others), so `extractCN` throws.
    Binary,
}

/// A parsed X.500 Name (the DER SEQUENCE OF RDN).
#[derive(Clone, Debug)]
pub struct Name {
    der: Vec<u8>,
    rdns: Vec<Rdn>,
    /// `X500Name.getRFC2253CanonicalName()`, computed on first use and kept, like the JDK
    /// caches it. Most names of a batch are never compared by their canonical form (equal
    /// encodings are equal names) nor printed, so neither string is made at parse time.
    canonical: OnceLock<String>,
    /// `X500Name.toString()`, computed on first use and kept.
    java_string: OnceLock<String>,
}

/// One relative distinguished name: its AVAs in encoding order.
#[derive(Clone, Debug)]
pub struct Rdn {
    avas: Vec<Ava>,
    /// `RDN.toRFC2253String(true)`, computed on first use.
    canonical: OnceLock<String>,
}

/// One attribute type and value.
#[derive(Clone, Debug)]
pub struct Ava {
    /// Dotted form, as `ObjectIdentifier.toString()` prints it.
    oid: String,
    /// The value's tag byte.
    tag: u8,
    /// The value's content bytes.
    value: Vec<u8>,
    /// The value's TLV exactly as encoded.
    raw: Vec<u8>,
}

impl Name {
    /// Parses a Name TLV the way the JDK does when it reads a certificate. Trailing bytes
    /// are an error.
    ///
    /// `X509CertImpl` parses with `allowBER`, so non-minimal definite lengths are accepted
    /// (and `#hex` renderings re-encode them minimally, as `DerValue.toByteArray` does).
    /// Indefinite lengths are rejected: the JDK rejects them on the name itself, but inside
    /// a name its BER converter accepts them with side effects (everything after an
    /// indefinite-length RDN is silently dropped) that this model does not reproduce.
    pub fn from_der(der: &[u8]) -> Result<Name, NameError> {
        let (name, rest) = read_element(der)?;
        if !rest.is_empty() {
            return Err(NameError::TrailingData);
        }
        // X500Name.parseDER: getSequence() insists on the SEQUENCE tag. (Its fallback that
        // re-wraps the remaining bytes can never succeed inside a certificate, where the
        // name is followed by another SEQUENCE that is not an RDN.)
        if name.tag != TAG_SEQUENCE {
            return Err(NameError::NotASequence);
        }
        let mut rdns = Vec::new();
        let mut input = name.content;
        while !input.is_empty() {
            let (element, rest) = read_element(input)?;
            rdns.push(Rdn::parse(&element)?);
            input = rest;
        }
        Ok(Name {
            der: der.to_vec(),
            rdns,
            canonical: OnceLock::new(),
            java_string: OnceLock::new(),
        })
    }

    /// The encoding this name was parsed from.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The RDNs in encoding order (most significant first).
    pub fn rdns(&self) -> &[Rdn] {
        &self.rdns
    }

    /// `X500Name.isEmpty()`: true when no RDN holds an AVA (so an RDN that is an empty SET
    /// still counts as empty).
    pub fn is_empty(&self) -> bool {
        self.rdns.iter().all(|rdn| rdn.avas.is_empty())
    }

    /// `X500Principal.toString()`: RDNs in reverse encoding order joined by `", "`, the AVAs
    /// of a multi-valued RDN joined by `" + "` in encoding order, values quoted per
    /// `AVA.toKeywordValueString`. An empty name prints as `""`.
    pub fn to_java_string(&self) -> String {
        self.java_str().to_string()
    }

    /// [`Name::to_java_string`] without the copy.
    fn java_str(&self) -> &str {
        self.java_string
            .get_or_init(|| join_reversed(&self.rdns, ", ", Rdn::to_java_string))
    }

    /// `X500Principal.getName(RFC2253)`.
    pub fn to_rfc2253(&self) -> String {
        join_reversed(&self.rdns, ",", Rdn::to_rfc2253)
    }

    /// `X500Principal.getName(CANONICAL)`, the form `X500Principal.equals` and `hashCode`
    /// compare (`X500Name.getRFC2253CanonicalName`).
    pub fn canonical(&self) -> &str {
        self.canonical
            .get_or_init(|| join_reversed(&self.rdns, ",", |rdn| rdn.canonical().to_string()))
    }

    /// HttpClient 4.5.2 `DefaultHostnameVerifier.extractCN(getName(RFC2253))`.
    ///
    /// `LdapName` lists RDNs so that the loop visits the last RDN in encoding order first;
    /// the first RDN holding a CN decides. Within a multi-valued RDN, `Rdn` sorts its entries
    /// (type ignoring case, then the value upper-cased, or `#hex` for binary values, compared
    /// as UTF-16) and `Attributes.get("cn").get()` returns the first CN of that order, the
    /// earliest in encoding order among equal keys. `LdapName` unescapes exactly what Java's
    /// RFC 2253 writer escaped, so a text value comes back as Java decoded it.
    /// `None` when no RDN holds a CN.
    ///
    /// An empty RDN (an empty SET) other than the first in encoding order prints an empty
    /// component that `LdapName` rejects (`,CN=a` or `CN=a,,O=b`; the first RDN comes last
    /// in the string, and `CN=a,` parses): `extractCN` then throws and the hostname check
    /// fails whatever the host, reported as [`HostnameCn::Binary`].
    pub fn hostname_cn(&self) -> Option<HostnameCn> {
        if self.rdns.iter().skip(1).any(|rdn| rdn.avas.is_empty()) {
            return Some(HostnameCn::Binary);
        }
        for rdn in self.rdns.iter().rev() {
            let mut best: Option<(Vec<u16>, HostnameCn)> = None;
            for ava in rdn.avas.iter().filter(|ava| ava.oid == OID_COMMON_NAME) {
                let (key, value) = match ava.rfc2253_text() {
                    Some(text) => (
                        text.to_uppercase().encode_utf16().collect(),
                        HostnameCn::Text(text),
                    ),
                    None => {
                        let key = format!("#{}", hex::encode(ava.java_der()));
                        (key.encode_utf16().collect(), HostnameCn::Binary)
                    }
                };
                // Strictly smaller replaces: the sort is stable, so ties keep encoding order.
                let better = match &best {
                    Some((best_key, _)) => key < *best_key,
                    None => true,
                };
                if better {
                    best = Some((key, value));
                }
            }
            if let Some((_, value)) = best {
                return Some(value);
            }
        }
        None
    }

    /// Whether this name lies in the subtree `base`, as a directoryName name constraint
    /// sees it: `base.constrains(self)` in `X500Name` returns NAME_MATCH or NAME_NARROWS.
    ///
    /// Equal names match; an empty name is outside any non-empty base; an empty base contains
    /// every non-empty name; otherwise `base`'s RDNs must equal this name's leading RDNs
    /// (`RDN.equals`: same number of AVAs and the same canonical form).
    pub fn is_within_subtree(&self, base: &Name) -> bool {
        if self == base {
            return true;
        }
        if self.rdns.is_empty() {
            return false;
        }
        if base.rdns.is_empty() {
            return true;
        }
        self.rdns.len() >= base.rdns.len()
            && self
                .rdns
                .iter()
                .zip(&base.rdns)
                .all(|(a, b)| a.java_equals(b))
    }

    /// Text values of the EMAILADDRESS (1.2.840.113549.1.9.1) attributes, in encoding order,
    /// as `AVA.getValueString()` decodes them for rfc822 name constraints when the
    /// certificate has no subjectAltName. Values of a non-string type are left out (the JDK
    /// throws a `RuntimeException` for them; see [`Name::email_address_values`]).
    pub fn email_addresses(&self) -> Vec<String> {
        self.email_address_values().into_iter().flatten().collect()
    }

    /// Every EMAILADDRESS attribute in encoding order: `Some(text)`, or `None` for a
    /// non-string value, on which `AVA.getValueString()` throws `RuntimeException("AVA string
    /// is null")` inside `NameConstraintsExtension.verify`.
    pub fn email_address_values(&self) -> Vec<Option<String>> {
        self.avas()
            .filter(|ava| ava.oid == OID_EMAIL_ADDRESS)
            .map(Ava::java_value_string)
            .collect()
    }

    /// Text values (`DerValue.getAsString`) of all CN attributes, in encoding order; values
    /// of a non-string type are left out.
    pub fn common_names(&self) -> Vec<String> {
        self.avas()
            .filter(|ava| ava.oid == OID_COMMON_NAME)
            .filter_map(Ava::java_value_string)
            .collect()
    }

    /// The CN that `NameConstraintsExtension.verify` checks when the SAN lacks a DNS / IP
    /// name: `findMostSpecificAttribute(commonName)` (the last RDN holding a CN, the first CN
    /// within it) decoded by `getAsString`; `None` when there is no CN or it is not a string.
    pub fn most_specific_common_name(&self) -> Option<String> {
        self.rdns
            .iter()
            .rev()
            .find_map(|rdn| rdn.avas.iter().find(|ava| ava.oid == OID_COMMON_NAME))
            .and_then(Ava::java_value_string)
    }

    /// All AVAs, RDN by RDN in encoding order (`X500Name.allAvas()`).
    pub fn avas(&self) -> impl Iterator<Item = &Ava> {
        self.rdns.iter().flat_map(|rdn| rdn.avas.iter())
    }
}

/// `X500Principal.equals` (`X500Name.equals`): the same number of RDNs, the same number of
/// AVAs in each, and equal canonical forms. The counts only matter for a name of one empty
/// RDN against the empty name (both canonicalise to `""`); the JDK skips them when both
/// canonical forms happen to be cached already.
impl PartialEq for Name {
    fn eq(&self, other: &Name) -> bool {
        // The same encoding is the same name (its canonical form is a function of it): the
        // common case of an issuer compared with the subject of the certificate that issued it
        // costs a byte comparison.
        if self.der == other.der {
            return true;
        }
        self.rdns.len() == other.rdns.len()
            && self
                .rdns
                .iter()
                .zip(&other.rdns)
                .all(|(a, b)| a.avas.len() == b.avas.len())
            && self.canonical() == other.canonical()
    }
}

impl Eq for Name {}

/// Consistent with [`PartialEq`] (equal names have equal canonical forms): hashes the
/// canonical form, like `X500Principal.hashCode`.
impl Hash for Name {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.canonical().hash(state);
    }
}

impl fmt::Display for Name {
    /// Same text as [`Name::to_java_string`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.java_str())
    }
}

impl Rdn {
    fn parse(element: &Tlv<'_>) -> Result<Rdn, NameError> {
        if element.tag != TAG_SET {
            return Err(NameError::RdnNotASet);
        }
        let mut avas = Vec::new();
        let mut input = element.content;
        while !input.is_empty() {
            let (ava, rest) = read_element(input)?;
            avas.push(Ava::parse(&ava)?);
            input = rest;
        }
        Ok(Rdn {
            avas,
            canonical: OnceLock::new(),
        })
    }

    /// The AVAs in encoding order.
    pub fn avas(&self) -> &[Ava] {
        &self.avas
    }

    /// `RDN.toString()`: AVAs joined by `" + "` in encoding order.
    pub fn to_java_string(&self) -> String {
        join(&self.avas, " + ", Ava::to_java_string)
    }

    /// `RDN.toRFC2253String()`: AVAs joined by `"+"` in encoding order.
    pub fn to_rfc2253(&self) -> String {
        join(&self.avas, "+", Ava::to_rfc2253)
    }

    /// `RDN.toRFC2253String(true)`: canonical AVAs sorted (see `AVAComparator`) and joined
    /// by `"+"`.
    pub fn canonical(&self) -> &str {
        self.canonical.get_or_init(|| canonical_rdn(&self.avas))
    }

    /// `RDN.equals`: same number of AVAs and the same canonical form.
    fn java_equals(&self, other: &Rdn) -> bool {
        self.avas.len() == other.avas.len() && self.canonical() == other.canonical()
    }
}

/// `RDN.toRFC2253StringInternal(true)`: attributes with an RFC 2253 keyword first, then by
/// canonical string (UTF-16 order, as `String.compareTo`); the sort is stable.
fn canonical_rdn(avas: &[Ava]) -> String {
    let mut keyed: Vec<(bool, Vec<u16>, String)> = avas
        .iter()
        .map(|ava| {
            let canonical = ava.canonical();
            (
                !ava.has_rfc2253_keyword(),
                canonical.encode_utf16().collect(),
                canonical,
            )
        })
        .collect();
    keyed.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    let parts: Vec<String> = keyed
        .into_iter()
        .map(|(_, _, canonical)| canonical)
        .collect();
    parts.join("+")
}

impl Ava {
    fn parse(element: &Tlv<'_>) -> Result<Ava, NameError> {
        if element.tag != TAG_SEQUENCE {
            return Err(NameError::AvaNotASequence);
        }
        let (oid, rest) = read_element(element.content)?;
        if oid.tag != TAG_OID {
            return Err(NameError::AttributeTypeNotAnOid);
        }
        let oid = oid_to_string(oid.content)?;
        if rest.is_empty() {
            return Err(NameError::MissingValue);
        }
        let (value, rest) = read_element(rest)?;
        if !rest.is_empty() {
            return Err(NameError::AvaExtraData);
        }
        // AVA(DerValue): a BMPString is decoded and rejected if it holds a surrogate; only
        // well-formed pairs survive the decoder (broken ones become U+FFFD).
        if value.tag == TAG_BMP_STRING
            && decode_utf16be(value.content)
                .iter()
                .any(|u| is_surrogate(*u))
        {
            return Err(NameError::BmpStringSurrogate);
        }
        Ok(Ava {
            oid,
            tag: value.tag,
            value: value.content.to_vec(),
            raw: value.raw.to_vec(),
        })
    }

    /// The attribute type in dotted form.
    pub fn oid(&self) -> &str {
        &self.oid
    }

    /// The value's tag byte (e.g. 0x0c for UTF8String).
    pub fn value_tag(&self) -> u8 {
        self.tag
    }

    /// The value's content bytes.
    pub fn value_bytes(&self) -> &[u8] {
        &self.value
    }

    /// The value's TLV exactly as encoded (possibly with a non-minimal BER length).
    pub fn raw(&self) -> &[u8] {
        &self.raw
    }

    /// `DerValue.toByteArray()`: the value re-encoded with a minimal length, which is what
    /// Java prints after `#`.
    pub fn java_der(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.value.len() + 6);
        out.push(self.tag);
        der::write::push_length(&mut out, self.value.len());
        out.extend_from_slice(&self.value);
        out
    }

    /// `DerValue.getAsString()`: the text of a UTF8, Printable, T61, IA5, Universal, BMP or
    /// General string (each with the JDK's charset); `None` for any other type.
    pub fn java_value_string(&self) -> Option<String> {
        let bytes = &self.value;
        Some(match self.tag {
            TAG_UTF8_STRING => decode_utf8(bytes),
            TAG_PRINTABLE_STRING | TAG_IA5_STRING | TAG_GENERAL_STRING => decode_ascii(bytes),
            TAG_T61_STRING => decode_latin1(bytes),
            TAG_UNIVERSAL_STRING => String::from_utf16_lossy(&decode_utf32be(bytes)),
            TAG_BMP_STRING => String::from_utf16_lossy(&decode_utf16be(bytes)),
            _ => return None,
        })
    }

    /// `AVA.getCharset(value, false)` for `AVA.isDerString(value, false)` types: the text the
    /// RFC 2253 writer uses. UniversalString is not among them.
    fn rfc2253_text(&self) -> Option<String> {
        let bytes = &self.value;
        Some(match self.tag {
            TAG_PRINTABLE_STRING | TAG_T61_STRING | TAG_IA5_STRING | TAG_GENERAL_STRING => {
                decode_latin1(bytes)
            }
            TAG_BMP_STRING => String::from_utf16_lossy(&decode_utf16be(bytes)),
            TAG_UTF8_STRING => decode_utf8(bytes),
            _ => return None,
        })
    }

    /// `AVA.getCharset(value, true)`: only PrintableString and UTF8String are text in the
    /// canonical form.
    fn canonical_text(&self) -> Option<String> {
        match self.tag {
            TAG_PRINTABLE_STRING => Some(decode_latin1(&self.value)),
            TAG_UTF8_STRING => Some(decode_utf8(&self.value)),
            _ => None,
        }
    }

    fn keyword(&self) -> Option<&'static Keyword> {
        KEYWORDS.iter().find(|k| k.oid == self.oid)
    }

    /// `AVAKeyword.hasKeyword(oid, RFC2253)`.
    fn has_rfc2253_keyword(&self) -> bool {
        self.keyword().is_some_and(|k| k.rfc2253)
    }

    /// `AVAKeyword.getKeyword(oid, RFC2253)`: the keyword, or the dotted OID.
    fn rfc2253_keyword(&self) -> &str {
        match self.keyword() {
            Some(k) if k.rfc2253 => k.name,
            _ => &self.oid,
        }
    }

    /// `AVA.toString()` (`toKeywordValueString` with the DEFAULT keywords).
    pub fn to_java_string(&self) -> String {
        let mut out = match self.keyword() {
            Some(k) => k.name.to_string(),
            None => format!("OID.{}", self.oid),
        };
        out.push('=');
        self.push_value(&mut out, self.java_value_string(), quote_java_value);
        out
    }

    /// Appends the value part of a `keyword=value` form: `text` rendered, or, where the form
    /// has no text for this attribute (`None`), `#` and the hex of its DER (as every Java
    /// writer of these forms does).
    fn push_value(&self, out: &mut String, text: Option<String>, render: fn(&str) -> String) {
        match text {
            Some(text) => out.push_str(&render(&text)),
            None => {
                out.push('#');
                // Lower-case hex, as `HexFormat.of().formatHex` writes it.
                out.push_str(&hex::encode(self.java_der()));
            }
        }
    }

    /// `AVA.toRFC2253String()`.
    pub fn to_rfc2253(&self) -> String {
        let keyword = self.rfc2253_keyword();
        let mut out = format!("{keyword}=");
        // An attribute without a keyword is always written as #hex.
        let text = self.rfc2253_text().filter(|_| !starts_with_digit(keyword));
        self.push_value(&mut out, text, escape_rfc2253_value);
        out
    }

    /// `AVA.toRFC2253CanonicalString()`.
    pub fn canonical(&self) -> String {
        let keyword = self.rfc2253_keyword();
        let mut out = format!("{keyword}=");
        let text = self
            .canonical_text()
            .filter(|_| !starts_with_digit(keyword));
        self.push_value(&mut out, text, canonical_value);
        // toUpperCase(Locale.US).toLowerCase(Locale.US), then NFKD.
        nfkd::normalize(&out.to_uppercase().to_lowercase())
    }
}

/// One entry of `AVAKeyword`'s table, as its OID-to-keyword map ends up (for an OID with
/// two keywords the one registered last wins: ST, DNQ, EMAILADDRESS).
struct Keyword {
    oid: &'static str,
    name: &'static str,
    /// Whether RFC 2253 output may use the keyword (otherwise it prints the dotted OID).
    rfc2253: bool,
}

const KEYWORDS: &[Keyword] = &[
    Keyword {
        oid: "2.5.4.3",
        name: "CN",
        rfc2253: true,
    },
    Keyword {
        oid: "2.5.4.6",
        name: "C",
        rfc2253: true,
    },
    Keyword {
        oid: "2.5.4.7",
        name: "L",
        rfc2253: true,
    },
    Keyword {
        oid: "2.5.4.8",
        name: "ST",
        rfc2253: true,
    },
    Keyword {
        oid: "2.5.4.10",
        name: "O",
        rfc2253: true,
    },
    Keyword {
        oid: "2.5.4.11",
        name: "OU",
        rfc2253: true,
    },
    Keyword {
        oid: "2.5.4.12",
        name: "T",
        rfc2253: false,
    },
    Keyword {
        oid: "1.3.6.1.4.1.42.2.11.2.1",
        name: "IP",
        rfc2253: false,
    },
    Keyword {
        oid: "2.5.4.9",
        name: "STREET",
        rfc2253: true,
    },
    Keyword {
        oid: "0.9.2342.19200300.100.1.25",
        name: "DC",
        rfc2253: true,
    },
    Keyword {
        oid: "2.5.4.46",
        name: "DNQ",
        rfc2253: false,
    },
    Keyword {
        oid: "2.5.4.4",
        name: "SURNAME",
        rfc2253: false,
    },
    Keyword {
        oid: "2.5.4.42",
        name: "GIVENNAME",
        rfc2253: false,
    },
    Keyword {
        oid: "2.5.4.43",
        name: "INITIALS",
        rfc2253: false,
    },
    Keyword {
        oid: "2.5.4.44",
        name: "GENERATION",
        rfc2253: false,
    },
    Keyword {
        oid: OID_EMAIL_ADDRESS,
        name: "EMAILADDRESS",
        rfc2253: false,
    },
    Keyword {
        oid: "0.9.2342.19200300.100.1.1",
        name: "UID",
        rfc2253: true,
    },
    Keyword {
        oid: "2.5.4.5",
        name: "SERIALNUMBER",
        rfc2253: false,
    },
];

fn starts_with_digit(s: &str) -> bool {
    s.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

/// `DerValue.isPrintableStringChar`.
fn is_printable_string_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || " '()+,-./:=?".contains(c)
}

/// The value part of `AVA.toKeywordValueString`: quote the whole value when it holds one of
/// `, + = \n < > # ; \ "`, starts or ends with a space or newline, or has two of them in a
/// row; `"` and `\` get a backslash; a value already wrapped in quotes is left unquoted (but
/// its inner `"` / `\` are still escaped).
fn quote_java_value(text: &str) -> String {
    const SPECIAL: &str = ",+=\n<>#;\\\"";
    let count = text.chars().count();
    let already_quoted = count > 1 && text.starts_with('"') && text.ends_with('"');
    let mut quote = false;
    let mut previous_white = false;
    let mut out = String::with_capacity(text.len() + 2);
    for (i, c) in text.chars().enumerate() {
        if already_quoted && (i == 0 || i + 1 == count) {
            out.push(c);
            continue;
        }
        let special = SPECIAL.contains(c);
        if is_printable_string_char(c) || special {
            let white = c == ' ' || c == '\n';
            if (i == 0 && white) || special {
                quote = true;
            }
            if white {
                if previous_white {
                    quote = true;
                }
                previous_white = true;
            } else {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                previous_white = false;
            }
        } else {
            previous_white = false;
        }
        out.push(c);
    }
    if out.ends_with(' ') || out.ends_with('\n') {
        quote = true;
    }
    if quote && !already_quoted {
        format!("\"{out}\"")
    } else {
        out
    }
}

/// The string branch of `AVA.toRFC2253String`: backslash before `, = + < > # ; " \`, NUL as
/// `\00`, then a backslash before every leading and trailing space or CR.
fn escape_rfc2253_value(text: &str) -> String {
    const ESCAPED: &str = ",=+<>#;\"\\";
    let mut escaped: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars() {
        if ESCAPED.contains(c) {
            escaped.push('\\');
            escaped.push(c);
        } else if c == '\0' {
            escaped.extend(['\\', '0', '0']);
        } else {
            escaped.push(c);
        }
    }
    let is_white = |c: &char| *c == ' ' || *c == '\r';
    let lead = escaped.iter().take_while(|c| is_white(c)).count();
    let trail = escaped.iter().rev().take_while(|c| is_white(c)).count();
    let len = escaped.len();
    let mut out = String::with_capacity(len + lead + trail);
    for (i, c) in escaped.into_iter().enumerate() {
        if i < lead || i + trail >= len {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The string branch of `AVA.toRFC2253CanonicalString` before case folding: backslash before
/// `, + < > ; " \` and a leading `#`, runs of spaces collapsed to one, then `String.trim()`
/// (which drops every char up to U+0020 at both ends).
fn canonical_value(text: &str) -> String {
    const ESCAPED: &str = ",+<>;\"\\";
    let mut out = String::with_capacity(text.len());
    let mut previous_white = false;
    for (i, c) in text.chars().enumerate() {
        let leading_hash = i == 0 && c == '#';
        if is_printable_string_char(c) || ESCAPED.contains(c) || leading_hash {
            if leading_hash || ESCAPED.contains(c) {
                out.push('\\');
            }
            // Character.isWhitespace on this branch can only be the space.
            if c == ' ' {
                if previous_white {
                    continue;
                }
                previous_white = true;
            } else {
                previous_white = false;
            }
            out.push(c);
        } else {
            previous_white = false;
            out.push(c);
        }
    }
    out.trim_matches(|c: char| c <= ' ').to_string()
}

fn join<T>(items: &[T], sep: &str, f: impl Fn(&T) -> String) -> String {
    items.iter().map(f).collect::<Vec<_>>().join(sep)
}

fn join_reversed<T>(items: &[T], sep: &str, f: impl Fn(&T) -> String) -> String {
    items.iter().rev().map(f).collect::<Vec<_>>().join(sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// DER builder for tests.
    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        der::write::push_length(&mut out, content.len());
        out.extend_from_slice(content);
        out
    }

    fn oid_der(dotted: &str) -> Vec<u8> {
        let arcs: Vec<u64> = dotted.split('.').map(|a| a.parse().unwrap()).collect();
        let mut body = Vec::new();
        let mut values = vec![arcs[0] * 40 + arcs[1]];
        values.extend_from_slice(&arcs[2..]);
        for v in values {
            let mut groups = vec![(v & 0x7f) as u8];
            let mut rest = v >> 7;
            while rest > 0 {
                groups.push((rest & 0x7f) as u8 | 0x80);
                rest >>= 7;
            }
            groups.reverse();
            body.extend(groups);
        }
        tlv(TAG_OID, &body)
    }

    fn ava(oid: &str, tag: u8, value: &[u8]) -> Vec<u8> {
        let mut content = oid_der(oid);
        content.extend(tlv(tag, value));
        tlv(TAG_SEQUENCE, &content)
    }

    fn rdn(avas: &[Vec<u8>]) -> Vec<u8> {
        tlv(TAG_SET, &avas.concat())
    }

    fn name(rdns: &[Vec<u8>]) -> Name {
        Name::from_der(&tlv(TAG_SEQUENCE, &rdns.concat())).expect("valid name")
    }

    fn cn(value: &str) -> Vec<u8> {
        rdn(&[ava(OID_COMMON_NAME, TAG_UTF8_STRING, value.as_bytes())])
    }

    fn single(oid: &str, tag: u8, value: &[u8]) -> Name {
        name(&[rdn(&[ava(oid, tag, value)])])
    }

    #[test]
    fn renders_in_reverse_with_keywords() {
        let n = name(&[
            rdn(&[ava("2.5.4.6", TAG_PRINTABLE_STRING, b"US")]),
            rdn(&[ava("2.5.4.10", TAG_UTF8_STRING, b"Example")]),
            cn("api.example.com"),
        ]);
        assert_eq!(n.to_java_string(), "CN=api.example.com, O=Example, C=US");
        assert_eq!(n.to_rfc2253(), "CN=api.example.com,O=Example,C=US");
        assert_eq!(n.canonical(), "cn=api.example.com,o=example,c=us");
        assert_eq!(n.to_string(), n.to_java_string());
    }

    #[test]
    fn keywords_and_oids() {
        let cases = [
            ("2.5.4.8", "ST=x", "ST=x"),
            ("2.5.4.12", "T=x", "2.5.4.12=#0c0178"),
            ("2.5.4.46", "DNQ=x", "2.5.4.46=#0c0178"),
            (
                "1.2.840.113549.1.9.1",
                "EMAILADDRESS=x",
                "1.2.840.113549.1.9.1=#0c0178",
            ),
            ("2.5.4.5", "SERIALNUMBER=x", "2.5.4.5=#0c0178"),
            ("0.9.2342.19200300.100.1.1", "UID=x", "UID=x"),
            ("0.9.2342.19200300.100.1.25", "DC=x", "DC=x"),
            (
                "1.3.6.1.4.1.42.2.11.2.1",
                "IP=x",
                "1.3.6.1.4.1.42.2.11.2.1=#0c0178",
            ),
            ("1.2.3.4", "OID.1.2.3.4=x", "1.2.3.4=#0c0178"),
        ];
        for (oid, java, rfc) in cases {
            let n = single(oid, TAG_UTF8_STRING, b"x");
            assert_eq!(n.to_java_string(), java, "{oid}");
            assert_eq!(n.to_rfc2253(), rfc, "{oid}");
        }
    }

    #[test]
    fn empty_name_and_empty_rdn() {
        let empty = Name::from_der(&[0x30, 0x00]).unwrap();
        assert!(empty.is_empty());
        assert_eq!(empty.to_java_string(), "");
        assert_eq!(empty.canonical(), "");
        assert_eq!(empty.hostname_cn(), None);
        let empty_set = Name::from_der(&[0x30, 0x02, 0x31, 0x00]).unwrap();
        assert!(empty_set.is_empty());
        assert_eq!(empty_set.to_java_string(), "");
        assert!(!name(&[cn("a")]).is_empty());
    }

    #[test]
    fn java_quoting_rules() {
        let cases = [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("a+b", "\"a+b\""),
            ("a=b", "\"a=b\""),
            ("a<b", "\"a<b\""),
            ("a>b", "\"a>b\""),
            ("a#b", "\"a#b\""),
            ("a;b", "\"a;b\""),
            ("a\nb", "\"a\nb\""),
            (" lead", "\" lead\""),
            ("trail ", "\"trail \""),
            ("two  spaces", "\"two  spaces\""),
            ("one space", "one space"),
            ("q\"uote", "\"q\\\"uote\""),
            ("back\\slash", "\"back\\\\slash\""),
            ("\"quoted\"", "\"quoted\""),
            ("\"in\"side\"", "\"in\\\"side\""),
            ("\"", "\"\\\"\""),
            ("ünï €", "ünï €"),
            ("tab\there", "tab\there"),
            ("", ""),
        ];
        for (value, expected) in cases {
            let n = single(OID_COMMON_NAME, TAG_UTF8_STRING, value.as_bytes());
            assert_eq!(n.to_java_string(), format!("CN={expected}"), "{value:?}");
        }
    }

    #[test]
    fn rfc2253_escaping() {
        let cases = [
            ("a,b+c", "a\\,b\\+c"),
            ("=<>#;\"\\", "\\=\\<\\>\\#\\;\\\"\\\\"),
            (" x ", "\\ x\\ "),
            ("  ", "\\ \\ "),
            ("\rx", "\\\rx"),
            ("a\0b", "a\\00b"),
            ("é", "é"),
        ];
        for (value, expected) in cases {
            let n = single(OID_COMMON_NAME, TAG_UTF8_STRING, value.as_bytes());
            assert_eq!(n.to_rfc2253(), format!("CN={expected}"), "{value:?}");
        }
    }

    #[test]
    fn canonical_form() {
        let n = single(OID_COMMON_NAME, TAG_UTF8_STRING, b"  Foo   Bar,=#x  ");
        assert_eq!(n.canonical(), "cn=foo bar\\,=#x");
        let n = single(OID_COMMON_NAME, TAG_UTF8_STRING, b"#hash");
        assert_eq!(n.canonical(), "cn=\\#hash");
        let n = single(OID_COMMON_NAME, TAG_UTF8_STRING, "\u{1}Straße\t".as_bytes());
        assert_eq!(n.canonical(), "cn=strasse");
        let n = single(OID_COMMON_NAME, TAG_UTF8_STRING, "Ｅ".as_bytes());
        assert_eq!(n.canonical(), "cn=e");
        // IA5 and BMP are #hex in the canonical form.
        let n = single(OID_COMMON_NAME, TAG_IA5_STRING, b"Ab");
        assert_eq!(n.canonical(), "cn=#16024162");
        // Attributes without an RFC 2253 keyword are always #hex.
        let n = single("2.5.4.5", TAG_PRINTABLE_STRING, b"AB");
        assert_eq!(n.canonical(), "2.5.4.5=#13024142");
    }

    #[test]
    fn multi_valued_rdn_order() {
        let n = name(&[rdn(&[
            ava("2.5.4.5", TAG_PRINTABLE_STRING, b"1"),
            ava("2.5.4.11", TAG_UTF8_STRING, b"b"),
            ava(OID_COMMON_NAME, TAG_UTF8_STRING, b"z"),
        ])]);
        assert_eq!(n.to_java_string(), "SERIALNUMBER=1 + OU=b + CN=z");
        assert_eq!(n.to_rfc2253(), "2.5.4.5=#130131+OU=b+CN=z");
        // Keyword attributes first (sorted by canonical text), then OIDs.
        assert_eq!(n.canonical(), "cn=z+ou=b+2.5.4.5=#130131");
    }

    #[test]
    fn equality_uses_canonical_form() {
        let a = name(&[cn("Foo  Bar")]);
        let b = single(OID_COMMON_NAME, TAG_PRINTABLE_STRING, b"foo bar");
        assert_eq!(a, b);
        let mut h1 = std::collections::hash_map::DefaultHasher::new();
        let mut h2 = std::collections::hash_map::DefaultHasher::new();
        a.hash(&mut h1);
        b.hash(&mut h2);
        assert_eq!(h1.finish(), h2.finish());
        // An IA5String is compared as #hex, so it differs from the UTF8String.
        let c = single(OID_COMMON_NAME, TAG_IA5_STRING, b"foo bar");
        assert_ne!(a, c);
        // One empty RDN is not the empty name, although both canonicalise to "".
        let empty = Name::from_der(&[0x30, 0x00]).unwrap();
        let empty_rdn = Name::from_der(&[0x30, 0x02, 0x31, 0x00]).unwrap();
        assert_eq!(empty.canonical(), empty_rdn.canonical());
        assert_ne!(empty, empty_rdn);
    }

    #[test]
    fn non_string_values_print_as_hex() {
        // VisibleString, INTEGER and a non-minimal length re-encoded minimally.
        let n = single(OID_COMMON_NAME, 0x1a, b"ab");
        assert_eq!(n.to_java_string(), "CN=#1a026162");
        assert_eq!(n.to_rfc2253(), "CN=#1a026162");
        assert_eq!(n.hostname_cn(), Some(HostnameCn::Binary));
        let n = single(OID_COMMON_NAME, 0x02, &[0x05]);
        assert_eq!(n.to_java_string(), "CN=#020105");
        let der = [
            0x30, 0x0f, 0x31, 0x0d, 0x30, 0x0b, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x82, 0x00,
            0x02, b'h', b'i',
        ];
        let n = Name::from_der(&der).unwrap();
        assert_eq!(n.to_java_string(), "CN=hi");
        assert_eq!(
            n.rdns()[0].avas()[0].raw(),
            &[0x0c, 0x82, 0x00, 0x02, b'h', b'i']
        );
        assert_eq!(
            n.rdns()[0].avas()[0].java_der(),
            vec![0x0c, 0x02, b'h', b'i']
        );
    }

    #[test]
    fn string_decoding_per_rendering() {
        // PrintableString with a high byte: toString uses US-ASCII, RFC 2253 ISO-8859-1.
        let n = single(OID_COMMON_NAME, TAG_PRINTABLE_STRING, &[b'a', 0xe9]);
        assert_eq!(n.to_java_string(), "CN=a\u{fffd}");
        assert_eq!(n.to_rfc2253(), "CN=aé");
        assert_eq!(n.hostname_cn(), Some(HostnameCn::Text("aé".into())));
        // T61String is ISO-8859-1 everywhere, but #hex in the canonical form.
        let n = single(OID_COMMON_NAME, TAG_T61_STRING, &[0xe9]);
        assert_eq!(n.to_java_string(), "CN=é");
        assert_eq!(n.canonical(), "cn=#1401e9");
        // UniversalString: text for toString, #hex in RFC 2253.
        let n = single(
            OID_COMMON_NAME,
            TAG_UNIVERSAL_STRING,
            &[0, 0, 0, b'a', 0, 1, 0xf6, 0x00],
        );
        assert_eq!(n.to_java_string(), "CN=a\u{1f600}");
        assert_eq!(n.to_rfc2253(), "CN=#1c08000000610001f600");
        assert_eq!(n.hostname_cn(), Some(HostnameCn::Binary));
        // BMPString.
        let n = single(OID_COMMON_NAME, TAG_BMP_STRING, &[0x00, b'a', 0x20, 0xac]);
        assert_eq!(n.to_java_string(), "CN=a€");
        assert_eq!(n.hostname_cn(), Some(HostnameCn::Text("a€".into())));
    }

    #[test]
    fn java_utf8_replacement() {
        assert_eq!(decode_utf8(b"ok"), "ok");
        assert_eq!(decode_utf8(&[0xc3, 0xa9]), "é");
        assert_eq!(decode_utf8(&[0xc0, 0x80]), "\u{fffd}\u{fffd}");
        assert_eq!(decode_utf8(&[0xed, 0xa0, 0x80]), "\u{fffd}");
        assert_eq!(decode_utf8(&[0xe4, 0xb8]), "\u{fffd}");
        assert_eq!(decode_utf8(&[0xe4, 0x41]), "\u{fffd}A");
        assert_eq!(decode_utf8(&[0xf0, 0x9f, 0x98, 0x80]), "\u{1f600}");
        assert_eq!(decode_utf8(&[0xf0, 0x9f, 0x98]), "\u{fffd}");
        assert_eq!(decode_utf8(&[0xf0, 0x9f, 0x41]), "\u{fffd}A");
        assert_eq!(
            decode_utf8(&[0xf4, 0x90, 0x80, 0x80]),
            "\u{fffd}\u{fffd}\u{fffd}\u{fffd}"
        );
        assert_eq!(decode_utf8(&[0xff, b'x']), "\u{fffd}x");
    }

    #[test]
    fn java_utf16_and_utf32_replacement() {
        assert_eq!(decode_utf16be(&[0xd8, 0x3d, 0x00, 0x41]), vec![0xfffd]);
        assert_eq!(
            decode_utf16be(&[0xdc, 0x00, 0x00, 0x41]),
            vec![0xfffd, 0x41]
        );
        assert_eq!(decode_utf16be(&[0x00, 0x41, 0x00]), vec![0x41, 0xfffd]);
        assert_eq!(decode_utf16be(&[0xd8, 0x3d, 0x00]), vec![0xfffd]);
        assert_eq!(decode_utf16be(&[0xfe, 0xff]), vec![0xfeff]);
        assert_eq!(
            decode_utf32be(&[0, 0, 0xfe, 0xff, 0, 0, 0, 0x41]),
            vec![0x41]
        );
        assert_eq!(
            decode_utf32be(&[0, 0, 0, 0x41, 0, 0, 0xfe, 0xff]),
            vec![0x41, 0xfeff]
        );
        assert_eq!(decode_utf32be(&[0, 0x11, 0, 0]), vec![0xfffd]);
        assert_eq!(decode_utf32be(&[0, 0, 0]), vec![0xfffd]);
        // Two UTF-32 surrogates form a pair in the Java string.
        assert_eq!(
            decode_utf32be(&[0, 0, 0xd8, 0x3d, 0, 0, 0xde, 0x00]),
            vec![0xd83d, 0xde00]
        );
    }

    #[test]
    fn rejects_what_the_jdk_rejects() {
        let good = ava(OID_COMMON_NAME, TAG_UTF8_STRING, b"a");
        let cases: Vec<(Vec<u8>, NameError)> = vec![
            (vec![], NameError::Truncated),
            (vec![0x30], NameError::Truncated),
            (vec![0x30, 0x01], NameError::Truncated),
            (vec![0x30, 0x00, 0x00], NameError::TrailingData),
            (vec![0x31, 0x00], NameError::NotASequence),
            (vec![0x30, 0x80, 0x00, 0x00], NameError::IndefiniteLength),
            (vec![0x30, 0x85, 0, 0, 0, 0, 0], NameError::LengthTooLong),
            (vec![0x30, 0x84, 0x80, 0, 0, 0], NameError::LengthTooLong),
            (tlv(0x30, &tlv(0x30, &[])), NameError::RdnNotASet),
            (
                tlv(0x30, &tlv(0x31, &tlv(0x31, &[]))),
                NameError::AvaNotASequence,
            ),
            (
                tlv(0x30, &tlv(0x31, &tlv(0x30, &tlv(0x04, &[0x55])))),
                NameError::AttributeTypeNotAnOid,
            ),
            (
                tlv(0x30, &tlv(0x31, &tlv(0x30, &oid_der("2.5.4.3")))),
                NameError::MissingValue,
            ),
            (
                tlv(
                    0x30,
                    &tlv(
                        0x31,
                        &tlv(
                            0x30,
                            &[oid_der("2.5.4.3"), tlv(0x0c, b"a"), vec![0x05, 0x00]].concat(),
                        ),
                    ),
                ),
                NameError::AvaExtraData,
            ),
            (
                tlv(
                    0x30,
                    &tlv(
                        0x31,
                        &tlv(0x30, &[tlv(0x06, &[]), tlv(0x0c, b"a")].concat()),
                    ),
                ),
                NameError::InvalidOid,
            ),
            (
                tlv(
                    0x30,
                    &tlv(
                        0x31,
                        &tlv(0x30, &[tlv(0x06, &[0x55, 0x84]), tlv(0x0c, b"a")].concat()),
                    ),
                ),
                NameError::InvalidOid,
            ),
            (
                tlv(
                    0x30,
                    &tlv(
                        0x31,
                        &tlv(
                            0x30,
                            &[tlv(0x06, &[0x55, 0x80, 0x03]), tlv(0x0c, b"a")].concat(),
                        ),
                    ),
                ),
                NameError::InvalidOid,
            ),
            (
                tlv(
                    0x30,
                    &tlv(
                        0x31,
                        &tlv(0x30, &[oid_der("2.5.4.3"), vec![0x1f, 0x01, 0x00]].concat()),
                    ),
                ),
                NameError::HighTagNumber,
            ),
            (
                tlv(
                    0x30,
                    &tlv(
                        0x31,
                        &ava(OID_COMMON_NAME, TAG_BMP_STRING, &[0xd8, 0x3d, 0xde, 0x00]),
                    ),
                ),
                NameError::BmpStringSurrogate,
            ),
            (
                tlv(0x30, &[tlv(0x31, &good), vec![0x31]].concat()),
                NameError::Truncated,
            ),
        ];
        for (der, expected) in cases {
            assert_eq!(
                Name::from_der(&der).err(),
                Some(expected.clone()),
                "{der:02x?}"
            );
            assert!(!expected.to_string().is_empty());
        }
        // A lone surrogate in a BMPString is replaced, not rejected.
        assert!(Name::from_der(&tlv(
            0x30,
            &tlv(0x31, &ava(OID_COMMON_NAME, TAG_BMP_STRING, &[0xd8, 0x3d]))
        ))
        .is_ok());
    }

    #[test]
    fn oid_strings() {
        assert_eq!(oid_to_string(&[0x55, 0x04, 0x03]).unwrap(), "2.5.4.3");
        assert_eq!(oid_to_string(&[0x00]).unwrap(), "0.0");
        assert_eq!(oid_to_string(&[0x81, 0x00]).unwrap(), "2.48");
        // A first arc of more than four bytes goes through BigInteger.
        assert_eq!(
            oid_to_string(&[0x8f, 0xff, 0xff, 0xff, 0x7f, 0x01]).unwrap(),
            "2.4294967215.1"
        );
        assert_eq!(
            oid_to_string(&[0x2a, 0x81, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00])
                .unwrap(),
            "1.2.9223372036854775808"
        );
        assert_eq!(
            oid_to_string(&[0x55; 4097][..]).err(),
            Some(NameError::InvalidOid)
        );
    }

    #[test]
    fn hostname_cn_selection() {
        // Last RDN with a CN wins.
        let n = name(&[
            cn("first"),
            rdn(&[ava("2.5.4.10", TAG_UTF8_STRING, b"o")]),
            cn("second"),
        ]);
        assert_eq!(n.hostname_cn(), Some(HostnameCn::Text("second".into())));
        let n = name(&[cn("only"), rdn(&[ava("2.5.4.10", TAG_UTF8_STRING, b"o")])]);
        assert_eq!(n.hostname_cn(), Some(HostnameCn::Text("only".into())));
        // Within a multi-valued RDN: the smallest upper-cased value.
        let n = name(&[rdn(&[
            ava(OID_COMMON_NAME, TAG_UTF8_STRING, b"zeta.example"),
            ava(OID_COMMON_NAME, TAG_UTF8_STRING, b"Alpha.example"),
        ])]);
        assert_eq!(
            n.hostname_cn(),
            Some(HostnameCn::Text("Alpha.example".into()))
        );
        // Ties keep encoding order.
        let n = name(&[rdn(&[
            ava(OID_COMMON_NAME, TAG_UTF8_STRING, b"a.example"),
            ava(OID_COMMON_NAME, TAG_UTF8_STRING, b"A.example"),
        ])]);
        assert_eq!(n.hostname_cn(), Some(HostnameCn::Text("a.example".into())));
        // A binary value sorts by "#hex" and can win.
        let n = name(&[rdn(&[
            ava(OID_COMMON_NAME, TAG_UTF8_STRING, b"host"),
            ava(OID_COMMON_NAME, 0x1a, b"host"),
        ])]);
        assert_eq!(n.hostname_cn(), Some(HostnameCn::Binary));
        // Spaces and escapes survive LdapName's unescaping.
        let n = single(OID_COMMON_NAME, TAG_UTF8_STRING, b" a,b\\ ");
        assert_eq!(n.hostname_cn(), Some(HostnameCn::Text(" a,b\\ ".into())));
        let n = single("2.5.4.10", TAG_UTF8_STRING, b"x");
        assert_eq!(n.hostname_cn(), None);
    }

    #[test]
    fn subtree() {
        let base = name(&[
            rdn(&[ava("2.5.4.6", TAG_PRINTABLE_STRING, b"US")]),
            rdn(&[ava("2.5.4.10", TAG_UTF8_STRING, b"Org")]),
        ]);
        let inside = name(&[
            rdn(&[ava("2.5.4.6", TAG_PRINTABLE_STRING, b"us")]),
            rdn(&[ava("2.5.4.10", TAG_PRINTABLE_STRING, b"ORG")]),
            cn("host"),
        ]);
        let outside = name(&[
            rdn(&[ava("2.5.4.6", TAG_PRINTABLE_STRING, b"US")]),
            cn("host"),
        ]);
        let empty = Name::from_der(&[0x30, 0x00]).unwrap();
        assert!(inside.is_within_subtree(&base));
        assert!(base.is_within_subtree(&base));
        assert!(!outside.is_within_subtree(&base));
        assert!(!base.is_within_subtree(&inside));
        assert!(inside.is_within_subtree(&empty));
        assert!(!empty.is_within_subtree(&base));
        assert!(empty.is_within_subtree(&empty));
    }

    #[test]
    fn constraint_helpers() {
        let n = name(&[
            rdn(&[ava(OID_EMAIL_ADDRESS, TAG_IA5_STRING, b"a@example.com")]),
            cn("first.example"),
            rdn(&[ava(OID_EMAIL_ADDRESS, 0x04, b"x")]),
            rdn(&[
                ava(OID_COMMON_NAME, 0x1a, b"vis"),
                ava(OID_COMMON_NAME, TAG_UTF8_STRING, b"second"),
            ]),
        ]);
        assert_eq!(n.email_addresses(), vec!["a@example.com".to_string()]);
        assert_eq!(
            n.email_address_values(),
            vec![Some("a@example.com".to_string()), None]
        );
        assert_eq!(
            n.common_names(),
            vec!["first.example".to_string(), "second".to_string()]
        );
        // findMostSpecificAttribute takes the first CN of the last RDN: a VisibleString.
        assert_eq!(n.most_specific_common_name(), None);
    }

    #[test]
    fn java_fixture() {
        // Answers of JDK 17.0.21 (X500Principal.toString / getName(RFC2253) / getName(CANONICAL),
        // HttpClient's extractCN) for generated names; see tests/data/names.jsonl.
        let data = include_str!("../tests/data/names.jsonl");
        let mut checked = 0;
        for line in data.lines().filter(|l| !l.trim().is_empty()) {
            let case = fixture::parse_line(line).expect("fixture line parses");
            let der = fixture::unhex(&case.der).expect("fixture hex");
            let parsed = Name::from_der(&der);
            match (&case.expected, parsed) {
                (None, Err(_)) => {}
                (None, Ok(n)) => panic!(
                    "{}: Java rejects, we accept: {}",
                    case.der,
                    n.to_java_string()
                ),
                (Some(_), Err(e)) => panic!("{}: Java accepts, we reject: {e}", case.der),
                (Some(exp), Ok(n)) => {
                    assert_eq!(
                        n.to_java_string(),
                        exp.to_string,
                        "toString of {}",
                        case.der
                    );
                    assert_eq!(n.to_rfc2253(), exp.rfc2253, "RFC2253 of {}", case.der);
                    assert_eq!(n.canonical(), exp.canonical, "CANONICAL of {}", case.der);
                    assert_eq!(n.hostname_cn(), exp.cn, "extractCN of {}", case.der);
                }
            }
            checked += 1;
        }
        assert!(checked > 100, "fixture has only {checked} cases");
    }

    /// A tiny reader for the fixture's flat JSON objects (no external crates here).
    mod fixture {
        use super::HostnameCn;

        pub struct Expected {
            pub to_string: String,
            pub rfc2253: String,
            pub canonical: String,
            pub cn: Option<HostnameCn>,
        }

        pub struct Case {
            pub der: String,
            pub expected: Option<Expected>,
        }

        pub fn unhex(s: &str) -> Option<Vec<u8>> {
            hex::decode(s).ok()
        }

        /// Reads a JSON string starting at the opening quote; returns it and the rest.
        fn string(s: &str) -> Option<(String, &str)> {
            let mut chars = s.strip_prefix('"')?.char_indices();
            let mut out = String::new();
            let mut pending_high: Option<u32> = None;
            while let Some((i, c)) = chars.next() {
                // A high surrogate escape must be followed by a low one; Rust shows a lone
                // one as U+FFFD, like String::from_utf16_lossy.
                if pending_high.is_some() && c != '\\' {
                    pending_high = None;
                    out.push('\u{fffd}');
                }
                match c {
                    '"' => return Some((out, s.get(i + 2..)?)),
                    '\\' => {
                        let (_, e) = chars.next()?;
                        if e != 'u' && pending_high.take().is_some() {
                            out.push('\u{fffd}');
                        }
                        match e {
                            'u' => {
                                let hex: String = (0..4)
                                    .filter_map(|_| chars.next().map(|(_, h)| h))
                                    .collect();
                                let unit = u32::from_str_radix(&hex, 16).ok()?;
                                if (0xd800..0xdc00).contains(&unit) {
                                    pending_high = Some(unit);
                                    continue;
                                }
                                let cp = match pending_high.take() {
                                    Some(high) if (0xdc00..0xe000).contains(&unit) => {
                                        0x10000 + ((high - 0xd800) << 10) + (unit - 0xdc00)
                                    }
                                    Some(_) => {
                                        out.push('\u{fffd}');
                                        unit
                                    }
                                    None => unit,
                                };
                                out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                            }
                            'n' => out.push('\n'),
                            'r' => out.push('\r'),
                            't' => out.push('\t'),
                            other => out.push(other),
                        }
                    }
                    c => out.push(c),
                }
            }
            None
        }

        fn field<'a>(line: &'a str, key: &str) -> Option<&'a str> {
            let at = line.find(&format!("\"{key}\":"))?;
            line.get(at + key.len() + 3..)
        }

        fn string_field(line: &str, key: &str) -> Option<String> {
            string(field(line, key)?).map(|(s, _)| s)
        }

        pub fn parse_line(line: &str) -> Option<Case> {
            let der = string_field(line, "der")?;
            if field(line, "ok")?.starts_with("false") {
                return Some(Case {
                    der,
                    expected: None,
                });
            }
            let cn_field = field(line, "cn")?;
            let cn = if cn_field.starts_with("null") {
                None
            } else if cn_field.starts_with("{\"binary\"") {
                Some(HostnameCn::Binary)
            } else {
                Some(HostnameCn::Text(
                    string(cn_field.strip_prefix("{\"text\":")?)?.0,
                ))
            };
            Some(Case {
                der,
                expected: Some(Expected {
                    to_string: string_field(line, "to_string")?,
                    rfc2253: string_field(line, "rfc2253")?,
                    canonical: string_field(line, "canonical")?,
                    cn,
                }),
            })
        }
    }
}
