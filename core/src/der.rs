//! The crate's one DER/BER reader and writer: every structure the crate decodes by hand
//! (certificate, extension values, GeneralNames and NameConstraints, X.500 names, keys and
//! signature values) is read here, with the strictness the JDK applies to that structure.
//!
//! The JDK has one reader, `sun.security.util.DerValue` (with `DerInputStream` over a value's
//! content and `DerIndefLenConverter` for indefinite lengths), and one switch, `allowBER`,
//! fixed when the outermost value is built and handed down to every nested value. What it
//! departs from in X.690:
//! * tag numbers of 31 and above (multi-octet tags) are refused outright;
//! * at most four length octets, and a length of 2^31 or more is refused (a Java `int`);
//! * with `allowBER = true`, long-form lengths need not be minimal, and an indefinite length on
//!   a constructed value is converted to definite lengths *before* the value is read (so the
//!   content a caller sees is DER-shaped); with `allowBER = false`, non-minimal lengths and
//!   the indefinite form are refused, and so are INTEGERs with a redundant leading zero;
//! * content octets are checked by each getter for what it needs, not for X.690's canonical
//!   form (`getBoolean` takes any non-zero octet as true; `getInteger` takes redundant sign
//!   octets under BER).
//!
//! [`Strictness`] is that switch, plus the one distinction the crate's readers make on top of
//! it (whether an indefinite length can reach them at all). The reader checks in the JDK's order
//! (`DerValue(byte[], int, int, boolean, boolean)`), and every failure is a [`DerError`] naming
//! the JDK's condition.
//!
//! | strictness | mirrors | used for |
//! |---|---|---|
//! | [`Strictness::Der`] | `allowBER = false` | signature values (`ECUtil.decodeSignature`, `DSA.engineVerify`) |
//! | [`Strictness::Ber`] | `allowBER = true` | extension values, GeneralNames and NameConstraints (`new DerValue(extensionValue)`) |
//! | [`Strictness::BerDefinite`] | `allowBER = true`, after conversion | the certificate's own fields; X.500 names, keys, algorithm parameters, extKeyUsage (known departures: the JDK would convert) |
//!
//! Indefinite lengths under [`Strictness::Ber`] come in two deliveries: [`Reader::read`] keeps
//! the content in place (everything up to the end-of-contents octets, to be read again with
//! `Ber`), [`Reader::read_value`] converts it as `DerIndefLenConverter` does (the content is
//! owned and DER-shaped, as the JDK's caller sees it). The certificate itself goes through
//! [`jdk`], which reproduces the JDK's converter and the stream arithmetic that follows it.
//!
//! The other parts: [`oid`] (the one OBJECT IDENTIFIER decoder), [`int`] (INTEGER, BOOLEAN and
//! BIT STRING as `DerValue`'s getters read them), [`write`] (the one header/TLV writer).

mod error;
mod indefinite;
pub mod int;
pub mod jdk;
pub mod oid;
pub mod write;

use std::borrow::Cow;

pub use error::DerError;
pub use int::{bit_string_bits, java_boolean, java_int, signed_then_positive, unsigned_magnitude};
pub use oid::{oid_to_string, OidBound};
pub use write::{encode, header};

/// Universal tags we use.
pub mod tag {
    /// BOOLEAN.
    pub const BOOLEAN: u8 = 0x01;
    /// INTEGER.
    pub const INTEGER: u8 = 0x02;
    /// BIT STRING.
    pub const BIT_STRING: u8 = 0x03;
    /// OCTET STRING.
    pub const OCTET_STRING: u8 = 0x04;
    /// NULL.
    pub const NULL: u8 = 0x05;
    /// OBJECT IDENTIFIER.
    pub const OID: u8 = 0x06;
    /// SEQUENCE (constructed).
    pub const SEQUENCE: u8 = 0x30;
}

/// How strictly a structure is read: the JDK's `allowBER` for that structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strictness {
    /// `allowBER = false` (`new DerInputStream(bytes, 0, len, false)`, how `ECUtil` and `DSA`
    /// read a signature value): long-form lengths must be minimal ("Redundant length bytes
    /// found", "Should use short form for length"), no indefinite length ("Indefinite length
    /// encoding not supported with DER"), no redundant leading zero in an INTEGER.
    Der,
    /// `allowBER = true` (`new DerValue(bytes)`, how every extension value is read): non-minimal
    /// long-form lengths pass, and so does the indefinite form on a constructed value.
    Ber,
    /// `allowBER = true` for lengths, but the indefinite form is refused
    /// ([`DerError::IndefiniteLength`]). Right where the JDK has already converted the bytes
    /// before they are read (the fields of a certificate whose indefinite lengths
    /// `DerIndefLenConverter` resolved when the certificate was read). Elsewhere a known
    /// departure, kept from the earlier readers so that the verdicts do not move: an X.500 name
    /// (see [`Name::from_der`](crate::name::Name::from_der)), keys and algorithm parameters,
    /// and the extKeyUsage and Netscape cert type values, where the JDK would convert.
    BerDefinite,
}

impl Strictness {
    /// `allowBER`.
    fn allows_ber(self) -> bool {
        self != Strictness::Der
    }
}

/// One TLV whose content is a slice of the input: its tag, its content, and the whole
/// encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tlv<'a> {
    /// The identifier octet (single-octet tags only, as in the JDK).
    pub tag: u8,
    /// The content octets.
    pub content: &'a [u8],
    /// The whole encoding, identifier and length octets included.
    pub raw: &'a [u8],
}

/// One value as the JDK's caller sees it: its tag and its content, with any indefinite lengths
/// inside it already resolved (owned then), as `DerIndefLenConverter` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value<'a> {
    /// The identifier octet (single-octet tags only, as in the JDK).
    pub tag: u8,
    /// The content octets.
    pub content: Cow<'a, [u8]>,
}

impl Value<'_> {
    /// `DerValue.isContextSpecific()`.
    pub fn is_context_specific(&self) -> bool {
        self.tag & 0xC0 == 0x80
    }

    /// `DerValue.isConstructed()`.
    pub fn is_constructed(&self) -> bool {
        self.tag & 0x20 == 0x20
    }

    /// The tag number (`tag & 0x1f`).
    pub fn tag_number(&self) -> u8 {
        self.tag & 0x1F
    }

    /// The same value with owned content (no borrow of the input).
    pub fn into_owned(self) -> Value<'static> {
        Value {
            tag: self.tag,
            content: Cow::Owned(self.content.into_owned()),
        }
    }

    /// A reader over the content octets (`DerValue.data`; the strictness is handed down, and a
    /// `Value` only comes from [`Strictness::Ber`]).
    pub fn reader(&self) -> Reader<'_> {
        Reader::new(&self.content, Strictness::Ber)
    }

    /// `DerValue.toByteArray()` with the given tag: the JDK re-encodes the value with a
    /// minimal length (used where it keeps "the encoding" of a value, e.g. OtherName's value).
    pub fn encode_with_tag(&self, tag: u8) -> Vec<u8> {
        encode(tag, &self.content)
    }
}

/// A value's identifier and length octets.
struct Header {
    tag: u8,
    /// `None` for the indefinite form (only returned under [`Strictness::Ber`], on a
    /// constructed value).
    len: Option<usize>,
    /// The number of identifier and length octets.
    size: usize,
}

/// Reads the identifier and length octets at the start of `input`, in the order of
/// `DerValue(byte[], offset, len, allowBER, allowMore)`.
#[inline]
fn read_header(input: &[u8], strictness: Strictness) -> Result<Header, DerError> {
    if input.len() < 2 {
        return Err(DerError::TooShort);
    }
    let tag = input[0];
    if tag & 0x1f == 0x1f {
        return Err(DerError::TagNumberOver30);
    }
    if input[1] == 0x80 {
        if strictness != Strictness::Ber {
            return Err(DerError::IndefiniteLength);
        }
        if tag & 0x20 == 0 {
            return Err(DerError::IndefinitePrimitive);
        }
        return Ok(Header {
            tag,
            len: None,
            size: 2,
        });
    }
    let (len, size) = definite_length(input, 1, strictness)?;
    Ok(Header {
        tag,
        len: Some(len),
        size,
    })
}

/// Reads a definite length whose first octet is at `at` (never `0x80`: the caller has taken the
/// indefinite form); returns the length and the offset of the first content octet. Up to four
/// length octets, below 2^31; under [`Strictness::Der`] in minimal form.
#[inline]
fn definite_length(
    input: &[u8],
    at: usize,
    strictness: Strictness,
) -> Result<(usize, usize), DerError> {
    let first = *input.get(at).ok_or(DerError::TooShort)?;
    if first & 0x80 == 0 {
        return Ok((usize::from(first), at + 1));
    }
    let count = usize::from(first & 0x7F);
    if count > 4 {
        return Err(DerError::InvalidLenByte);
    }
    let octets = input
        .get(at + 1..at + 1 + count)
        .ok_or(DerError::NotEnoughLengthBytes)?;
    if !strictness.allows_ber() && octets.first() == Some(&0) {
        return Err(DerError::RedundantLengthBytes);
    }
    let length = octets.iter().fold(0u64, |l, &o| (l << 8) | u64::from(o));
    if length > i32::MAX as u64 {
        return Err(DerError::InvalidLengthBytes);
    }
    if !strictness.allows_ber() && length < 0x80 {
        return Err(DerError::ShortFormLength);
    }
    Ok((length as usize, at + 1 + count))
}

/// A cursor over a sequence of TLVs (`DerInputStream` over a slice), read with one strictness.
#[derive(Debug, Clone, Copy)]
pub struct Reader<'a> {
    rest: &'a [u8],
    strictness: Strictness,
}

impl<'a> Reader<'a> {
    /// Reads the TLVs in `input` with `strictness`.
    pub fn new(input: &'a [u8], strictness: Strictness) -> Self {
        Reader {
            rest: input,
            strictness,
        }
    }

    /// Whether every octet has been consumed (`available() == 0`).
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The octets not read yet.
    pub fn remaining(&self) -> &'a [u8] {
        self.rest
    }

    /// Reads the next TLV. An indefinite length (under [`Strictness::Ber`]) is delimited in
    /// place: the content is everything up to the end-of-contents octets that close it, nested
    /// indefinite values intact (read it with `Ber` again).
    #[inline]
    pub fn read(&mut self) -> Result<Tlv<'a>, DerError> {
        let input = self.rest;
        let h = read_header(input, self.strictness)?;
        let after = &input[h.size..];
        let Some(len) = h.len else {
            let len = indefinite::in_place_len(after)?;
            self.rest = &after[len + 2..];
            return Ok(Tlv {
                tag: h.tag,
                content: &after[..len],
                raw: &input[..h.size + len + 2],
            });
        };
        self.take_definite(&h, len)
    }

    /// Takes the definite-length value whose header `h` starts the unread octets.
    #[inline]
    fn take_definite(&mut self, h: &Header, len: usize) -> Result<Tlv<'a>, DerError> {
        let input = self.rest;
        let after = &input[h.size..];
        if after.len() < len {
            return Err(DerError::NotEnoughContent);
        }
        self.rest = &after[len..];
        Ok(Tlv {
            tag: h.tag,
            content: &after[..len],
            raw: &input[..h.size + len],
        })
    }

    /// Reads the next value as the JDK's caller sees it (`getDerValue()`): an indefinite length
    /// is converted to definite lengths, the content then owned.
    pub fn read_value(&mut self) -> Result<Value<'a>, DerError> {
        let input = self.rest;
        let h = read_header(input, self.strictness)?;
        let Some(len) = h.len else {
            let (content, end) = indefinite::resolve(input, h.size)?;
            self.rest = &input[end..];
            return Ok(Value {
                tag: h.tag,
                content: Cow::Owned(content),
            });
        };
        let tlv = self.take_definite(&h, len)?;
        Ok(Value {
            tag: tlv.tag,
            content: Cow::Borrowed(tlv.content),
        })
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

    /// Reads an INTEGER and returns its content octets, checked as `getBigInteger` checks them
    /// under this strictness.
    pub fn read_integer(&mut self) -> Result<&'a [u8], DerError> {
        let content = self.expect(tag::INTEGER)?.content;
        int::check_integer(content, self.strictness.allows_ber())?;
        Ok(content)
    }

    /// Fails when anything is left ("extra data at the end").
    pub fn finish(&self) -> Result<(), DerError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(DerError::ExtraData)
        }
    }
}

/// Exactly one TLV that spans all of `input` (`new DerValue(bytes)` with `allowMore = false`).
pub fn single(input: &[u8], strictness: Strictness) -> Result<Tlv<'_>, DerError> {
    let mut r = Reader::new(input, strictness);
    let tlv = r.read()?;
    r.finish()?;
    Ok(tlv)
}

/// Exactly one TLV with tag `expected` that spans all of `input` (a wrong tag is reported
/// before trailing octets).
pub fn single_of(input: &[u8], strictness: Strictness, expected: u8) -> Result<Tlv<'_>, DerError> {
    let mut r = Reader::new(input, strictness);
    let tlv = r.expect(expected)?;
    r.finish()?;
    Ok(tlv)
}

/// Exactly one value that spans all of `input`, indefinite lengths converted
/// (`new DerValue(extensionValue)` as the GeneralName and NameConstraints parsers see it).
pub fn single_value(input: &[u8]) -> Result<Value<'_>, DerError> {
    let mut r = Reader::new(input, Strictness::Ber);
    let v = r.read_value()?;
    r.finish()?;
    Ok(v)
}

#[cfg(test)]
mod tests;
