//! Indefinite lengths as the slice readers take them under [`Strictness::Ber`]: delimited in
//! place ([`Reader::read`]) or converted to definite lengths ([`Reader::read_value`]). The
//! JDK's own converter, stream arithmetic included, is [`super::jdk`].

use super::write::push_length;
use super::{definite_length, DerError, Reader, Strictness};

/// The content length of an indefinite-length value whose content starts `input`: the offset of
/// the end-of-contents octets that close it (nested indefinite values are skipped; iterative, so
/// hostile nesting cannot exhaust the stack).
pub(super) fn in_place_len(input: &[u8]) -> Result<usize, DerError> {
    let mut at = 0usize;
    let mut open = 1usize;
    loop {
        let rest = input.get(at..).ok_or(DerError::IndefiniteUnresolved)?;
        if rest.len() < 2 {
            return Err(DerError::IndefiniteUnresolved);
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
            return Err(DerError::TagNumberOver30);
        }
        if rest[1] == 0x80 {
            if tag & 0x20 == 0 {
                return Err(DerError::IndefinitePrimitive);
            }
            open += 1;
            at += 2;
            continue;
        }
        let tlv = Reader::new(rest, Strictness::BerDefinite).read()?;
        at += tlv.raw.len();
    }
}

/// Resolves an indefinite-length value whose content starts at `start`: returns the content with
/// nested indefinite lengths made definite, and the offset just past the end-of-contents octets.
///
/// This follows `DerIndefLenConverter` for well-formed input (definite-length children are
/// copied with minimal lengths, nested indefinite ones are resolved, `00 00` ends the value).
/// Known difference: the JDK miscomputes the outer length when a child inside an
/// indefinite-length value uses non-minimal length octets; that malformed case is not
/// reproduced here (it is in [`super::jdk`], which the certificate parser uses).
pub(super) fn resolve(input: &[u8], start: usize) -> Result<(Vec<u8>, usize), DerError> {
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
        let (length, header) = match definite_length(input, pos + 1, Strictness::Ber) {
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
