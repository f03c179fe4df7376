//! The subset of the JDK's `sun.security.util.DerValue` / `DerInputStream` reader that the
//! GeneralName and NameConstraints parsers go through.
//!
//! Why not a strict DER parser: the JDK parses an extension value with
//! `new DerValue(byte[])`, which allows BER (`allowBER = true`) and hands that permission down to
//! every nested value. So non-minimal length octets are accepted and constructed values may use
//! the indefinite length form; a strict parser would call "unparseable" what Java accepts.
//! What the JDK still rejects is rejected here too: tag numbers of 31 and above, lengths of more
//! than four octets or of 2^31 and more, an indefinite length on a primitive value, content that
//! runs past the end, and extra bytes after a top-level value.

use std::borrow::Cow;
use std::fmt;

/// Tag byte of a universal SEQUENCE (constructed).
pub(crate) const TAG_SEQUENCE: u8 = 0x30;
/// Tag byte of a universal OBJECT IDENTIFIER.
pub(crate) const TAG_OID: u8 = 0x06;

/// Why the JDK's DER reader refused the bytes (the texts are the JDK's exception messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DerError {
    /// Fewer than two bytes where a value should start.
    TooShort,
    /// A tag byte whose low five bits are all set (multi-byte tag number).
    TagNumberOver30,
    /// The indefinite length form on a primitive value.
    IndefinitePrimitive,
    /// An indefinite length whose end-of-contents octets were never found.
    IndefiniteUnresolved,
    /// More than four length octets.
    InvalidLenByte,
    /// The length octets run past the end.
    NotEnoughLengthBytes,
    /// A length of 2^31 or more.
    InvalidLengthBytes,
    /// The content runs past the end.
    NotEnoughContent,
    /// Bytes follow the single value that was expected.
    ExtraData,
}

impl fmt::Display for DerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DerError::TooShort => "Too short",
            DerError::TagNumberOver30 => "Tag number over 30 is not supported",
            DerError::IndefinitePrimitive => {
                "Indefinite length encoding not supported with non-constructed data"
            }
            DerError::IndefiniteUnresolved => "not enough data to resolve indef len BER",
            DerError::InvalidLenByte => "Invalid lenByte",
            DerError::NotEnoughLengthBytes => "Not enough length bytes",
            DerError::InvalidLengthBytes => "Invalid length bytes",
            DerError::NotEnoughContent => "not enough content",
            DerError::ExtraData => "extra data at the end",
        })
    }
}

/// One decoded value: its tag byte and its content octets (with any indefinite lengths inside
/// it already resolved, as `DerIndefLenConverter` does).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Value<'a> {
    /// The identifier octet, as read (the JDK only supports one-octet tags).
    pub(crate) tag: u8,
    /// The content octets.
    pub(crate) content: Cow<'a, [u8]>,
}

impl<'a> Value<'a> {
    /// `DerValue.isContextSpecific()`.
    pub(crate) fn is_context_specific(&self) -> bool {
        self.tag & 0xC0 == 0x80
    }

    /// `DerValue.isConstructed()`.
    pub(crate) fn is_constructed(&self) -> bool {
        self.tag & 0x20 == 0x20
    }

    /// The tag number (`tag & 0x1f`).
    pub(crate) fn tag_number(&self) -> u8 {
        self.tag & 0x1F
    }

    /// The same value with owned content (no borrow of the input).
    pub(crate) fn into_owned(self) -> Value<'static> {
        Value {
            tag: self.tag,
            content: Cow::Owned(self.content.into_owned()),
        }
    }

    /// A reader over the content octets (`DerValue.data`).
    pub(crate) fn reader(&self) -> Reader<'_> {
        Reader::new(&self.content)
    }

    /// `DerValue.toByteArray()` with the given tag: the JDK re-encodes the value with a
    /// minimal length (used where it keeps "the encoding" of a value, e.g. OtherName's value).
    pub(crate) fn encode_with_tag(&self, tag: u8) -> Vec<u8> {
        encode(tag, &self.content)
    }
}

/// Encodes tag, minimal definite length and content.
pub(crate) fn encode(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    push_length(&mut out, content.len());
    out.extend_from_slice(content);
    out
}

fn push_length(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = (len as u64).to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        let significant = bytes.get(skip..).unwrap_or(&[]);
        out.push(0x80 | significant.len() as u8);
        out.extend_from_slice(significant);
    }
}

/// Parses exactly one value that fills `input` (`new DerValue(byte[])`).
pub(crate) fn parse_single(input: &[u8]) -> Result<Value<'_>, DerError> {
    let (value, used) = read_value(input)?;
    if used != input.len() {
        return Err(DerError::ExtraData);
    }
    Ok(value)
}

/// A cursor over content octets (`DerInputStream`).
#[derive(Debug, Clone)]
pub(crate) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// A reader over `data`.
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }

    /// `available() == 0`.
    pub(crate) fn is_empty(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// The bytes not read yet (`toByteArray()`).
    pub(crate) fn remaining(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or(&[])
    }

    /// `getDerValue()`: the next value; bytes after it stay for the next call.
    pub(crate) fn next_value(&mut self) -> Result<Value<'a>, DerError> {
        let (value, used) = read_value(self.remaining())?;
        self.pos = self.pos.saturating_add(used);
        Ok(value)
    }
}

/// Reads one value from the start of `input`; returns it and the number of bytes it used.
fn read_value(input: &[u8]) -> Result<(Value<'_>, usize), DerError> {
    if input.len() < 2 {
        return Err(DerError::TooShort);
    }
    let tag = input[0];
    if tag & 0x1F == 0x1F {
        return Err(DerError::TagNumberOver30);
    }
    let len_byte = input[1];
    if len_byte == 0x80 {
        if tag & 0x20 == 0 {
            return Err(DerError::IndefinitePrimitive);
        }
        let (content, end) = resolve_indefinite(input, 2)?;
        return Ok((
            Value {
                tag,
                content: Cow::Owned(content),
            },
            end,
        ));
    }
    let (length, header) = read_definite_length(input, 1)?;
    let end = header
        .checked_add(length)
        .filter(|end| *end <= input.len())
        .ok_or(DerError::NotEnoughContent)?;
    Ok((
        Value {
            tag,
            content: Cow::Borrowed(&input[header..end]),
        },
        end,
    ))
}

/// Reads a definite length whose first octet is at `at`; returns the length and the offset of
/// the first content octet. Mirrors the BER branch of `DerValue(byte[], …)`: up to four length
/// octets, leading zero octets allowed, values of 2^31 and above rejected.
fn read_definite_length(input: &[u8], at: usize) -> Result<(usize, usize), DerError> {
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
    let mut length: u64 = 0;
    for octet in octets {
        length = (length << 8) | u64::from(*octet);
    }
    if length > i32::MAX as u64 {
        return Err(DerError::InvalidLengthBytes);
    }
    Ok((length as usize, at + 1 + count))
}

/// Resolves an indefinite-length value whose content starts at `start`: returns the content with
/// nested indefinite lengths made definite, and the offset just past the end-of-contents octets.
///
/// This follows `DerIndefLenConverter` for well-formed input (definite-length children are
/// copied as they are, nested indefinite ones are resolved, `00 00` ends the value). Known
/// difference: the JDK miscomputes the outer length when a child inside an indefinite-length
/// value uses non-minimal length octets; that malformed case is not reproduced.
fn resolve_indefinite(input: &[u8], start: usize) -> Result<(Vec<u8>, usize), DerError> {
    // An explicit stack instead of recursion: nesting depth is attacker-controlled.
    let mut open: Vec<(u8, Vec<u8>)> = Vec::new();
    let mut out = Vec::new();
    let mut pos = start;
    loop {
        let pair = input
            .get(pos..pos + 2)
            .ok_or(DerError::IndefiniteUnresolved)?;
        if pair == [0, 0] {
            pos += 2;
            match open.pop() {
                None => return Ok((out, pos)),
                Some((tag, mut parent)) => {
                    parent.push(tag);
                    push_length(&mut parent, out.len());
                    parent.extend_from_slice(&out);
                    out = parent;
                }
            }
            continue;
        }
        let tag = pair[0];
        if pair[1] == 0x80 {
            open.push((tag, std::mem::take(&mut out)));
            pos += 2;
            continue;
        }
        let (length, header) = match read_definite_length(input, pos + 1) {
            Ok(v) => v,
            Err(DerError::NotEnoughLengthBytes) => return Err(DerError::IndefiniteUnresolved),
            Err(e) => return Err(e),
        };
        let end = header
            .checked_add(length)
            .filter(|end| *end <= input.len())
            .ok_or(DerError::IndefiniteUnresolved)?;
        out.push(tag);
        push_length(&mut out, length);
        out.extend_from_slice(&input[header..end]);
        pos = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn definite_short_and_long_forms() {
        let v = parse_single(&[0x04, 0x02, 0xAA, 0xBB]).unwrap();
        assert_eq!(v.tag, 0x04);
        assert_eq!(&*v.content, &[0xAA, 0xBB]);
        // BER: non-minimal long form is accepted, as with allowBER.
        let v = parse_single(&[0x04, 0x84, 0, 0, 0, 1, 0xAA]).unwrap();
        assert_eq!(&*v.content, &[0xAA]);
    }

    #[test]
    fn rejections_match_the_jdk() {
        assert_eq!(parse_single(&[0x04]), Err(DerError::TooShort));
        assert_eq!(parse_single(&[0x1F, 0x00]), Err(DerError::TagNumberOver30));
        assert_eq!(
            parse_single(&[0x04, 0x85, 0, 0, 0, 0, 1]),
            Err(DerError::InvalidLenByte)
        );
        assert_eq!(
            parse_single(&[0x04, 0x82, 0]),
            Err(DerError::NotEnoughLengthBytes)
        );
        assert_eq!(
            parse_single(&[0x04, 0x84, 0x80, 0, 0, 0]),
            Err(DerError::InvalidLengthBytes)
        );
        assert_eq!(
            parse_single(&[0x04, 0x02, 0]),
            Err(DerError::NotEnoughContent)
        );
        assert_eq!(parse_single(&[0x04, 0x00, 0]), Err(DerError::ExtraData));
        assert_eq!(
            parse_single(&[0x04, 0x80, 0, 0]),
            Err(DerError::IndefinitePrimitive)
        );
        assert_eq!(
            parse_single(&[0x30, 0x80, 0x04, 0x00]),
            Err(DerError::IndefiniteUnresolved)
        );
    }

    #[test]
    fn indefinite_lengths_are_resolved() {
        // SEQUENCE (indef) { [2] "a", SEQUENCE (indef) { } }
        let v = parse_single(&[0x30, 0x80, 0x82, 0x01, 0x61, 0x30, 0x80, 0, 0, 0, 0]).unwrap();
        assert_eq!(&*v.content, &[0x82, 0x01, 0x61, 0x30, 0x00]);
    }

    #[test]
    fn deep_indefinite_nesting_does_not_recurse() {
        let depth = 100_000;
        let mut input = Vec::new();
        for _ in 0..depth {
            input.extend_from_slice(&[0x30, 0x80]);
        }
        for _ in 0..depth {
            input.extend_from_slice(&[0, 0]);
        }
        let v = parse_single(&input).unwrap();
        assert_eq!(v.tag, 0x30);
        assert!(v.content.starts_with(&[0x30, 0x83]));
    }

    #[test]
    fn reader_walks_values() {
        let data = [0x82, 0x01, 0x61, 0x87, 0x00];
        let mut r = Reader::new(&data);
        assert_eq!(r.next_value().unwrap().tag, 0x82);
        assert_eq!(r.remaining(), &[0x87, 0x00]);
        assert_eq!(r.next_value().unwrap().tag, 0x87);
        assert!(r.is_empty());
        assert_eq!(r.next_value(), Err(DerError::TooShort));
    }

    #[test]
    fn encode_uses_minimal_lengths() {
        assert_eq!(encode(0x04, &[1]), vec![0x04, 0x01, 0x01]);
        let long = vec![0u8; 200];
        assert_eq!(&encode(0x04, &long)[..3], &[0x04, 0x81, 200]);
    }
}
