//! A minimal, bounded DER reader for the few structures we decode by hand.
//!
//! x509-parser gives us the certificate's outer structure; extension values are decoded here so
//! that we decide, the way the JDK does, which malformed extension makes the certificate
//! unparseable and which one is silently dropped.

pub mod jdk;

use std::fmt;

/// Why a DER value could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DerError {
    /// The input ended inside a tag, length or value.
    Truncated,
    /// A length form DER forbids (indefinite, or longer than needed) or too large.
    BadLength,
    /// A tag other than the one the structure requires.
    UnexpectedTag { expected: u8, found: u8 },
    /// Bytes left over after a complete value.
    TrailingData,
    /// A value whose content is not valid for its type (e.g. a BOOLEAN of two bytes).
    BadValue,
    /// Multi-byte (high-number) tags are not used by any structure we read.
    UnsupportedTag,
}

impl fmt::Display for DerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DerError::Truncated => f.write_str("truncated DER"),
            DerError::BadLength => f.write_str("invalid DER length"),
            DerError::UnexpectedTag { expected, found } => {
                write!(
                    f,
                    "unexpected DER tag 0x{found:02x} (expected 0x{expected:02x})"
                )
            }
            DerError::TrailingData => f.write_str("trailing data after DER value"),
            DerError::BadValue => f.write_str("invalid DER value"),
            DerError::UnsupportedTag => f.write_str("unsupported DER tag"),
        }
    }
}

impl std::error::Error for DerError {}

/// Universal tags we use.
pub mod tag {
    pub const BOOLEAN: u8 = 0x01;
    pub const INTEGER: u8 = 0x02;
    pub const BIT_STRING: u8 = 0x03;
    pub const OCTET_STRING: u8 = 0x04;
    pub const OID: u8 = 0x06;
    pub const SEQUENCE: u8 = 0x30;
}

/// One TLV: its tag, its content, and the whole encoding.
#[derive(Debug, Clone, Copy)]
pub struct Tlv<'a> {
    pub tag: u8,
    pub content: &'a [u8],
    pub raw: &'a [u8],
}

/// A cursor over a sequence of TLVs.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    rest: &'a [u8],
    /// Accept BER indefinite lengths on constructed values, as the JDK's `DerValue` does where
    /// it is built with `allowBER` (extension values, for instance).
    ber: bool,
}

impl<'a> Reader<'a> {
    pub fn new(input: &'a [u8]) -> Self {
        Reader {
            rest: input,
            ber: false,
        }
    }

    /// A reader that also takes indefinite lengths on constructed values (the content of such a
    /// value is everything up to its end-of-contents octets; read it with `Reader::ber` too).
    pub fn ber(input: &'a [u8]) -> Self {
        Reader {
            rest: input,
            ber: true,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// Reads the next TLV.
    pub fn read(&mut self) -> Result<Tlv<'a>, DerError> {
        let input = self.rest;
        let (&tag, after_tag) = input.split_first().ok_or(DerError::Truncated)?;
        if tag & 0x1f == 0x1f {
            return Err(DerError::UnsupportedTag);
        }
        let (&first, mut after_len) = after_tag.split_first().ok_or(DerError::Truncated)?;
        if first == 0x80 && self.ber && tag & 0x20 != 0 {
            let len = indefinite_content_len(after_len)?;
            let content = &after_len[..len];
            let raw = &input[..2 + len + 2];
            self.rest = &after_len[len + 2..];
            return Ok(Tlv { tag, content, raw });
        }
        let len = if first < 0x80 {
            first as usize
        } else {
            let n = (first & 0x7f) as usize;
            if n == 0 || n > 4 {
                return Err(DerError::BadLength);
            }
            if after_len.len() < n {
                return Err(DerError::Truncated);
            }
            let mut len = 0usize;
            for &b in &after_len[..n] {
                len = (len << 8) | b as usize;
            }
            // The JDK's DerInputStream accepts non-minimal long-form lengths (BER-style);
            // so do we, since certificates in the wild carry them and Java trusts them.
            after_len = &after_len[n..];
            len
        };
        if after_len.len() < len {
            return Err(DerError::Truncated);
        }
        let header = input.len() - after_len.len();
        let raw = &input[..header + len];
        let content = &after_len[..len];
        self.rest = &after_len[len..];
        Ok(Tlv { tag, content, raw })
    }

    /// Reads the next TLV, which must carry `expected`.
    pub fn expect(&mut self, expected: u8) -> Result<Tlv<'a>, DerError> {
        let tlv = self.read()?;
        if tlv.tag != expected {
            return Err(DerError::UnexpectedTag {
                expected,
                found: tlv.tag,
            });
        }
        Ok(tlv)
    }

    /// Fails when anything is left.
    pub fn finish(&self) -> Result<(), DerError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(DerError::TrailingData)
        }
    }
}

/// The content length of an indefinite-length value whose content starts `input`: the offset of
/// the end-of-contents octets that close it (nested indefinite values are skipped; iterative, so
/// hostile nesting cannot exhaust the stack).
fn indefinite_content_len(input: &[u8]) -> Result<usize, DerError> {
    let mut at = 0usize;
    let mut open = 1usize;
    loop {
        let rest = input.get(at..).ok_or(DerError::Truncated)?;
        if rest.len() < 2 {
            return Err(DerError::Truncated);
        }
        if rest[0] == 0 && rest[1] == 0 {
            open -= 1;
            if open == 0 {
                return Ok(at);
            }
            at += 2;
            continue;
        }
        let tag = rest[0];
        if tag & 0x1f == 0x1f {
            return Err(DerError::UnsupportedTag);
        }
        if rest[1] == 0x80 {
            if tag & 0x20 == 0 {
                return Err(DerError::BadLength);
            }
            open += 1;
            at += 2;
            continue;
        }
        let mut one = Reader::new(rest);
        let tlv = one.read()?;
        at += tlv.raw.len();
    }
}

/// A DER header (tag and minimal length) for `len` content octets.
pub fn header(tag: u8, len: usize) -> Vec<u8> {
    let mut out = vec![tag];
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out
}

/// Parses `input` as exactly one TLV with tag `expected`.
pub fn single(input: &[u8], expected: u8) -> Result<Tlv<'_>, DerError> {
    let mut r = Reader::new(input);
    let tlv = r.expect(expected)?;
    r.finish()?;
    Ok(tlv)
}

/// The dotted form of an OBJECT IDENTIFIER's content, refusing what Java's `ObjectIdentifier`
/// refuses (empty, truncated or non-minimal arcs). Arcs up to 128 bits are read (Java keeps
/// arbitrarily large ones; nothing real comes near 64 bits).
///
/// The one OID decoder of the crate (the certificate parser and the crypto module both use it);
/// it formats digits itself because every certificate runs it a dozen times.
pub fn oid_to_string(content: &[u8]) -> Result<String, DerError> {
    if content.is_empty() || content.last().is_some_and(|b| b & 0x80 != 0) {
        return Err(DerError::BadValue);
    }
    let mut out = String::with_capacity(content.len() * 3);
    let mut value: u128 = 0;
    let mut first_arc = true;
    let mut at_arc_start = true;
    for &b in content {
        if at_arc_start && b == 0x80 {
            return Err(DerError::BadValue);
        }
        at_arc_start = false;
        value = value.checked_mul(128).ok_or(DerError::BadValue)? | u128::from(b & 0x7f);
        if b & 0x80 == 0 {
            if first_arc {
                // X.690 8.19.4: the first subidentifier packs the first two arcs.
                let (a, rest) = match value {
                    0..=39 => (0, value),
                    40..=79 => (1, value - 40),
                    _ => (2, value - 80),
                };
                push_decimal(&mut out, a);
                out.push('.');
                push_decimal(&mut out, rest);
                first_arc = false;
            } else {
                out.push('.');
                push_decimal(&mut out, value);
            }
            value = 0;
            at_arc_start = true;
        }
    }
    Ok(out)
}

/// Appends `value` in decimal (what `write!("{value}")` does, without the formatting machinery).
fn push_decimal(out: &mut String, value: u128) {
    // 128-bit division is a library call; every real arc fits in 64 bits.
    let Ok(mut small) = u64::try_from(value) else {
        out.push_str(&value.to_string());
        return;
    };
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (small % 10) as u8;
        small /= 10;
        if small == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// The bits of a BIT STRING's content, most significant first (index 0 = bit 0 in X.509 terms).
pub fn bit_string_bits(content: &[u8]) -> Result<Vec<bool>, DerError> {
    let (&unused, bytes) = content.split_first().ok_or(DerError::BadValue)?;
    if unused > 7 || (bytes.is_empty() && unused != 0) {
        return Err(DerError::BadValue);
    }
    let total = bytes.len() * 8 - unused as usize;
    Ok((0..total)
        .map(|i| bytes[i / 8] & (0x80 >> (i % 8)) != 0)
        .collect())
}

/// `DerValue.getInteger()`: a non-empty two's-complement INTEGER in Java's `int` range
/// (redundant leading octets pass: certificates are read with BER allowed).
pub fn java_int(content: &[u8]) -> Result<i32, DerError> {
    if content.is_empty() {
        return Err(DerError::BadValue);
    }
    let negative = content[0] & 0x80 != 0;
    let pad = if negative { 0xff } else { 0x00 };
    let significant = content
        .iter()
        .position(|&b| b != pad)
        .map_or(&content[content.len() - 1..], |i| &content[i..]);
    // A fifth octet is allowed only when it carries the sign (0x00 0x80.. or 0xff 0x7f..).
    let fits = significant.len() < 4
        || (significant.len() == 4 && (significant[0] & 0x80 != 0) == negative);
    if !fits {
        return Err(DerError::BadValue);
    }
    let v = significant
        .iter()
        .fold(if negative { -1i64 } else { 0 }, |v, &b| {
            (v << 8) | i64::from(b)
        });
    i32::try_from(v).map_err(|_| DerError::BadValue)
}

/// `DerValue.getBoolean()`: exactly one octet, any non-zero value is true.
pub fn java_boolean(content: &[u8]) -> Result<bool, DerError> {
    match content {
        [b] => Ok(*b != 0),
        _ => Err(DerError::BadValue),
    }
}

/// `new DerValue(bytes)` as the JDK builds it for an extension value: exactly one value, BER
/// (indefinite lengths on constructed values, redundant length octets), nothing after it.
pub fn whole_ber(value: &[u8]) -> Result<Tlv<'_>, DerError> {
    let mut r = Reader::ber(value);
    let v = r.read()?;
    r.finish()?;
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_short_and_long_lengths() {
        let mut long = vec![0x04, 0x81, 0x80];
        long.extend(std::iter::repeat_n(0u8, 0x80));
        let tlv = single(&long, tag::OCTET_STRING).unwrap();
        assert_eq!(tlv.content.len(), 0x80);
        // Non-minimal long form is accepted like the JDK; indefinite length is not.
        assert_eq!(
            single(&[0x04, 0x81, 0x05, 1, 2, 3, 4, 5], 4)
                .unwrap()
                .content
                .len(),
            5
        );
        assert_eq!(
            single(&[0x04, 0x80, 0, 0], 4).unwrap_err(),
            DerError::BadLength
        );
        assert_eq!(
            single(&[0x04, 0x03, 1], 4).unwrap_err(),
            DerError::Truncated
        );
        assert_eq!(
            single(&[0x04, 0x01, 1, 0], 4).unwrap_err(),
            DerError::TrailingData
        );
    }

    #[test]
    fn ber_reader_takes_indefinite_lengths_on_constructed_values() {
        // SEQUENCE (indefinite) { SEQUENCE (indefinite) { NULL } } then an INTEGER.
        let input = [
            0x30, 0x80, 0x30, 0x80, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x01, 0x07,
        ];
        let mut r = Reader::ber(&input);
        let outer = r.read().unwrap();
        assert_eq!(outer.content, &[0x30, 0x80, 0x05, 0x00, 0x00, 0x00]);
        let inner = Reader::ber(outer.content).read().unwrap();
        assert_eq!(inner.content, &[0x05, 0x00]);
        assert_eq!(r.read().unwrap().content, &[0x07]);
        assert!(r.is_empty());
        // Not on primitive values, not without the end-of-contents octets, not in DER mode.
        assert!(Reader::ber(&[0x04, 0x80, 0x00, 0x00]).read().is_err());
        assert!(Reader::ber(&[0x30, 0x80, 0x05, 0x00]).read().is_err());
        assert!(Reader::new(&[0x30, 0x80, 0x00, 0x00]).read().is_err());
    }

    #[test]
    fn decodes_oids() {
        assert_eq!(oid_to_string(&[0x55, 0x1d, 0x13]).unwrap(), "2.5.29.19");
        assert_eq!(
            oid_to_string(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]).unwrap(),
            "1.2.840.113549.1.1.11"
        );
        assert!(oid_to_string(&[0x2a, 0x86]).is_err());
        assert_eq!(oid_to_string(&[0x00]).unwrap(), "0.0");
        assert_eq!(oid_to_string(&[0x88, 0x37]).unwrap(), "2.999");
        assert!(oid_to_string(&[]).is_err());
        assert!(oid_to_string(&[0x2a, 0x80, 0x01]).is_err());
        assert!(oid_to_string(&[0xff; 40]).is_err());
        // Beyond 64 bits (as Java's ObjectIdentifier allows), up to 128.
        let mut big = vec![0x2a];
        big.extend([0x81; 10]);
        big.push(0x01);
        assert_eq!(
            oid_to_string(&big).unwrap(),
            format!("1.2.{}", (0..11).fold(0u128, |v, _| v * 128 + 1))
        );
    }

    #[test]
    fn java_int_range_and_redundant_octets() {
        assert_eq!(java_int(&[0x00]), Ok(0));
        assert_eq!(java_int(&[0x00, 0x00, 0x05]), Ok(5));
        assert_eq!(java_int(&[0xff]), Ok(-1));
        assert_eq!(java_int(&[0xff, 0xfe]), Ok(-2));
        assert_eq!(java_int(&[0xff, 0x7f]), Ok(-129));
        assert_eq!(java_int(&[0x7f, 0xff, 0xff, 0xff]), Ok(i32::MAX));
        assert_eq!(java_int(&[0x80, 0x00, 0x00, 0x00]), Ok(i32::MIN));
        assert!(java_int(&[0x00, 0x80, 0x00, 0x00, 0x00]).is_err());
        assert!(java_int(&[0xff, 0x7f, 0xff, 0xff, 0xff]).is_err());
        assert!(java_int(&[]).is_err());
    }

    #[test]
    fn decodes_bits() {
        assert_eq!(bit_string_bits(&[0x07, 0x80]).unwrap(), vec![true]);
        assert_eq!(bit_string_bits(&[0x00]).unwrap(), Vec::<bool>::new());
        assert!(bit_string_bits(&[0x08, 0xff]).is_err());
    }
}
