//! The JDK's own reading of BER, quirks included: `sun.security.util.DerValue`,
//! `DerInputStream` and `DerIndefLenConverter` as JDK 17.0.21 runs them when it parses a
//! certificate (always with BER allowed).
//!
//! Where this departs from a plain BER reader, it is the JDK's behaviour that decides:
//! * a value with an indefinite length is converted to definite lengths (nested indefinite
//!   lengths included, every definite length rewritten in its minimal form) into a new buffer
//!   that also carries the rest of the enclosing window;
//! * after such a value, the enclosing stream continues at `buffer length - unused bytes` of
//!   the *whole* underlying buffer, not of its own window: unless the window ends the buffer,
//!   the stream skips ahead by the bytes that follow its window, so that later siblings are
//!   dropped (a loop on `available() > 0` ends) or read from the wrong place;
//! * lengths of 1-4 octets in any form are accepted; a length of 2^31 or more is not.
//!
//! Values are kept as (buffer, window) pairs so that the stream arithmetic is the JDK's.

use std::rc::Rc;

use super::write::{header, length_octets};
use super::{definite_length, read_header, DerError, Strictness};

/// A value as `DerValue` holds it: its tag and the window of its content in a buffer.
#[derive(Debug, Clone)]
pub struct JdkValue {
    pub tag: u8,
    /// The value had an indefinite length and was converted.
    pub converted: bool,
    buf: Rc<[u8]>,
    header_start: usize,
    start: usize,
    end: usize,
}

impl JdkValue {
    /// The content octets.
    pub fn content(&self) -> &[u8] {
        &self.buf[self.start..self.end]
    }

    /// The value's encoding as it sits in its buffer (converted, if it was indefinite).
    pub fn raw(&self) -> &[u8] {
        &self.buf[self.header_start..self.end]
    }

    /// `DerValue.toByteArray()`: the tag, a minimal length, the content.
    pub fn to_der(&self) -> Vec<u8> {
        [
            &header(self.tag, self.end - self.start)[..],
            self.content(),
        ]
        .concat()
    }

    /// `DerValue.getOctetString()`: a primitive OCTET STRING's content, or a constructed one's
    /// segments joined (read by the JDK's stream; at most `MAX_CONSTRUCTED_NEST` = 30 deep).
    pub fn octet_string(&self) -> Result<Vec<u8>, DerError> {
        fn collect(v: &JdkValue, depth: usize, out: &mut Vec<u8>) -> Result<(), DerError> {
            if depth > 30 {
                return Err(DerError::BadValue);
            }
            match v.tag {
                0x04 => out.extend_from_slice(v.content()),
                0x24 => {
                    let mut s = v.data();
                    while s.available() > 0 {
                        collect(&s.get_der_value()?, depth + 1, out)?;
                    }
                }
                found => {
                    return Err(DerError::UnexpectedTag {
                        expected: 0x04,
                        found,
                    })
                }
            }
            Ok(())
        }
        let mut out = Vec::new();
        collect(self, 1, &mut out)?;
        Ok(out)
    }

    /// `DerValue.data`: a stream over the content.
    pub fn data(&self) -> JdkStream {
        JdkStream {
            buf: self.buf.clone(),
            pos: self.start as i64,
            end: self.end as i64,
        }
    }
}

/// `DerInputStream`: a position and an end in a shared buffer.
#[derive(Debug, Clone)]
pub struct JdkStream {
    buf: Rc<[u8]>,
    pos: i64,
    end: i64,
}

impl JdkStream {
    /// A stream over a fresh buffer (`new DerInputStream(bytes)`).
    pub fn new(bytes: &[u8]) -> JdkStream {
        JdkStream {
            buf: Rc::from(bytes),
            pos: 0,
            end: bytes.len() as i64,
        }
    }

    /// `available()`: may be negative after the indefinite-length skip.
    pub fn available(&self) -> i64 {
        self.end - self.pos
    }

    /// `getDerValue()`.
    pub fn get_der_value(&mut self) -> Result<JdkValue, DerError> {
        let v = parse_at(&self.buf, self.pos, self.end - self.pos, true)?;
        if Rc::ptr_eq(&v.buf, &self.buf) {
            self.pos = v.end as i64;
        } else {
            // The bytes after the value in the converted buffer are the rest of this stream's
            // window; the JDK counts them back from the end of the whole buffer.
            let unused = (v.buf.len() - v.end) as i64;
            self.pos = self.buf.len() as i64 - unused;
        }
        Ok(v)
    }

    /// The values up to the end (`DerValue.subs`: `while (available() > 0)`).
    pub fn values(&mut self) -> Result<Vec<JdkValue>, DerError> {
        let mut out = Vec::new();
        while self.available() > 0 {
            if out.len() >= MAX_VALUES {
                return Err(DerError::TooManyValues);
            }
            out.push(self.get_der_value()?);
        }
        Ok(out)
    }
}

/// Hostile-input bound on the values one loop collects.
const MAX_VALUES: usize = 4096;

/// `new DerValue(byte[])`: exactly one value (BER), nothing after it.
pub fn parse_whole(bytes: &[u8]) -> Result<JdkValue, DerError> {
    let buf: Rc<[u8]> = Rc::from(bytes);
    parse_at(&buf, 0, bytes.len() as i64, false)
}

/// `DerValue(buf, offset, len, allowBER = true, allowMore)`.
fn parse_at(buf: &Rc<[u8]>, offset: i64, len: i64, allow_more: bool) -> Result<JdkValue, DerError> {
    if len < 2 || offset < 0 || offset + len > buf.len() as i64 {
        return Err(DerError::TooShort);
    }
    let (offset, len) = (offset as usize, len as usize);
    let window = &buf[offset..offset + len];
    let h = read_header(window, Strictness::Ber)?;
    let tag = h.tag;
    let converted = h.len.is_none();
    let (buf, offset, len, pos, length) = match h.len {
        Some(length) => (buf.clone(), offset, len, offset + h.size, length),
        None => {
            let converted = convert(window)?.ok_or(DerError::IndefiniteUnresolved)?;
            if converted.len() < 2 || converted[0] != tag || converted[1] == 0x80 {
                // The converter always writes a definite length for the value it closed.
                return Err(DerError::InvalidLengthBytes);
            }
            let (length, size) = definite_length(&converted, 1, Strictness::Ber)?;
            let len = converted.len();
            (Rc::from(converted), 0, len, size, length)
        }
    };
    let used = pos - offset;
    if len < used + length {
        return Err(DerError::NotEnoughContent);
    }
    if !allow_more && len > used + length {
        return Err(DerError::ExtraData);
    }
    Ok(JdkValue {
        tag,
        converted,
        buf,
        header_start: offset,
        start: pos,
        end: pos + length,
    })
}

/// One indefinite length met while scanning: where its content starts, or once its
/// end-of-contents octets were found, the definite length octets that replace it.
enum Section {
    Open(usize),
    Closed(Vec<u8>),
}

/// `DerIndefLenConverter.convertBytes`: `Ok(None)` when the data ends before the first value's
/// indefinite lengths are all closed (the JDK then fails: "not enough data to resolve indef len
/// BER").
fn convert(data: &[u8]) -> Result<Option<Vec<u8>>, DerError> {
    let size = data.len();
    let mut sections: Vec<Section> = Vec::new();
    let mut open = 0usize;
    let mut extra: i64 = 0; // new length octets minus the 0x80 and 00 00 they replace
    let mut at = 0usize;
    // Scan: one tag octet and one length at a time, until the first value is closed.
    while at < size {
        if at + 2 > size {
            return Ok(None);
        }
        if data[at] == 0 && data[at + 1] == 0 {
            let mut inner = 0i64;
            let idx = sections
                .iter()
                .rposition(|s| match s {
                    Section::Open(_) => true,
                    Section::Closed(b) => {
                        inner += b.len() as i64 - 3;
                        false
                    }
                })
                .ok_or(DerError::UnmatchedEndOfContents)?;
            let Section::Open(from) = sections[idx] else {
                return Err(DerError::UnmatchedEndOfContents);
            };
            let section_len = (at as i64 - from as i64 + inner).max(0) as usize;
            let octets = length_octets(section_len);
            extra += octets.len() as i64 - 3;
            sections[idx] = Section::Closed(octets);
            open -= 1;
        }
        at += 1;
        // The length.
        let len = if at == size {
            0
        } else {
            let b = data[at];
            at += 1;
            if b == 0x80 {
                sections.push(Section::Open(at));
                open += 1;
                0
            } else if b & 0x80 != 0 {
                let n = (b & 0x7f) as usize;
                if n > 4 {
                    return Err(DerError::InvalidLenByte);
                }
                if size - at < n + 1 {
                    return Ok(None);
                }
                let mut l: u64 = 0;
                for &o in &data[at..at + n] {
                    l = (l << 8) | u64::from(o);
                }
                at += n;
                if l > i32::MAX as u64 {
                    return Err(DerError::InvalidLengthBytes);
                }
                l as usize
            } else {
                b as usize
            }
        };
        at = at.checked_add(len).ok_or(DerError::InvalidLengthBytes)?;
        if open == 0 {
            break;
        }
    }
    if open != 0 || at > size {
        return Ok(None);
    }
    let scanned = at;
    let mut out: Vec<u8> =
        Vec::with_capacity((scanned as i64 + extra).max(0) as usize + (size - scanned));
    let mut next_section = 0usize;
    let mut at = 0usize;
    // Write: tags copied, end-of-contents dropped, every length rewritten.
    while at < scanned {
        while at < scanned {
            if at + 1 < size && data[at] == 0 && data[at + 1] == 0 {
                at += 2;
            } else {
                out.push(data[at]);
                at += 1;
                break;
            }
        }
        if at == scanned {
            break;
        }
        let b = data[at];
        at += 1;
        if b == 0x80 {
            match sections.get(next_section) {
                Some(Section::Closed(octets)) => out.extend_from_slice(octets),
                _ => return Err(DerError::UnmatchedEndOfContents),
            }
            next_section += 1;
        } else {
            let len = if b & 0x80 != 0 {
                let n = (b & 0x7f) as usize;
                let bytes = data.get(at..at + n).ok_or(DerError::NotEnoughContent)?;
                at += n;
                bytes.iter().fold(0usize, |l, &o| (l << 8) | o as usize)
            } else {
                b as usize
            };
            out.extend_from_slice(&length_octets(len));
            out.extend_from_slice(data.get(at..at + len).ok_or(DerError::NotEnoughContent)?);
            at += len;
        }
    }
    out.extend_from_slice(&data[scanned.min(size)..]);
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_nested_indefinite_lengths() {
        // SEQUENCE(indef){ SEQUENCE(indef){ NULL } INTEGER 5 } then two unused bytes.
        let v = [
            0x30, 0x80, 0x30, 0x80, 0x05, 0x00, 0x00, 0x00, 0x02, 0x01, 0x05, 0x00, 0x00, 0xaa,
            0xbb,
        ];
        let out = convert(&v).unwrap().unwrap();
        assert_eq!(
            out,
            vec![0x30, 0x07, 0x30, 0x02, 0x05, 0x00, 0x02, 0x01, 0x05, 0xaa, 0xbb]
        );
        // Unterminated: the JDK wants more data.
        assert!(convert(&[0x30, 0x80, 0x05, 0x00]).unwrap().is_none());
    }

    #[test]
    fn a_stream_skips_ahead_after_an_indefinite_value_inside_a_window() {
        // Outer SEQUENCE { SEQUENCE(indef){NULL} , INTEGER 1 } followed by 3 bytes outside it.
        let bytes = [
            0x30, 0x09, 0x30, 0x80, 0x05, 0x00, 0x00, 0x00, 0x02, 0x01, 0x01, 0xde, 0xad, 0xbe,
        ];
        let buf: Rc<[u8]> = Rc::from(&bytes[..]);
        let outer = parse_at(&buf, 0, bytes.len() as i64, true).unwrap();
        let mut s = outer.data();
        let first = s.get_der_value().unwrap();
        assert_eq!(first.to_der(), vec![0x30, 0x02, 0x05, 0x00]);
        // The INTEGER is 3 bytes long and 3 bytes follow the window: nothing is left to read.
        assert_eq!(s.available(), 0);
        // At the end of the buffer, the stream continues correctly.
        let mut whole = parse_whole(&bytes[..11]).unwrap().data();
        whole.get_der_value().unwrap();
        assert_eq!(whole.get_der_value().unwrap().content(), &[0x01]);
    }
}
