//! String decoders with the JDK's replacement behaviour (`new String(bytes, charset)` uses
//! REPLACE): Latin-1, ASCII, UTF-8, UTF-16BE and UTF-32BE as `DerValue` decodes each string
//! type.

pub(super) const REPLACEMENT: char = '\u{fffd}';

pub(super) fn is_surrogate(unit: u16) -> bool {
    (0xd800..=0xdfff).contains(&unit)
}

/// ISO-8859-1: every byte is the code point of the same value.
pub(super) fn decode_latin1(bytes: &[u8]) -> String {
    bytes.iter().map(|b| char::from(*b)).collect()
}

/// US-ASCII: bytes from 0x80 up become U+FFFD, one each.
pub(super) fn decode_ascii(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| {
            if b.is_ascii() {
                char::from(*b)
            } else {
                REPLACEMENT
            }
        })
        .collect()
}

/// UTF-8 as `String(byte[], UTF_8)` decodes it in JDK 17, including how many bytes each
/// U+FFFD swallows (which differs from Rust's `from_utf8_lossy` for truncated sequences at
/// the end of the input).
pub(super) fn decode_utf8(bytes: &[u8]) -> String {
    let is_cont = |b: u8| b & 0xc0 == 0x80;
    let at = |i: usize| bytes.get(i).copied();
    let mut out = String::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(b1) = at(i) {
        i += 1;
        match b1 {
            0x00..=0x7f => out.push(char::from(b1)),
            0xc2..=0xdf => match at(i) {
                Some(b2) if is_cont(b2) => {
                    i += 1;
                    out.push(
                        char::from_u32((u32::from(b1 & 0x1f) << 6) | u32::from(b2 & 0x3f))
                            .unwrap_or(REPLACEMENT),
                    );
                }
                Some(_) => out.push(REPLACEMENT),
                None => {
                    out.push(REPLACEMENT);
                    break;
                }
            },
            0xe0..=0xef => {
                // An overlong E0 80..9F or a missing continuation is malformed.
                let second_ok = |b2: u8| match b1 {
                    0xe0 => (0xa0..=0xbf).contains(&b2),
                    _ => is_cont(b2),
                };
                match (at(i), at(i + 1)) {
                    (Some(b2), Some(b3)) => {
                        if second_ok(b2) && is_cont(b3) {
                            i += 2;
                            let cp = (u32::from(b1 & 0x0f) << 12)
                                | (u32::from(b2 & 0x3f) << 6)
                                | u32::from(b3 & 0x3f);
                            // Encoded surrogates (ED A0..BF xx) are replaced, all three bytes.
                            out.push(char::from_u32(cp).unwrap_or(REPLACEMENT));
                        } else {
                            out.push(REPLACEMENT);
                            // Skip the lead, plus the second byte when it was acceptable.
                            if second_ok(b2) {
                                i += 1;
                            }
                        }
                    }
                    (Some(b2), None) if !second_ok(b2) => out.push(REPLACEMENT),
                    _ => {
                        // A truncated but so far valid sequence at the end: one U+FFFD, done.
                        out.push(REPLACEMENT);
                        break;
                    }
                }
            }
            0xf0..=0xf7 => {
                // Overlong (F0 80..8F) and beyond U+10FFFF (F4 90..) are malformed.
                let second_ok = |b2: u8| match b1 {
                    0xf0 => (0x90..=0xbf).contains(&b2),
                    0xf4 => (0x80..=0x8f).contains(&b2),
                    _ => is_cont(b2),
                };
                match (at(i), at(i + 1), at(i + 2)) {
                    (Some(b2), Some(b3), Some(b4)) => {
                        let cp = (u32::from(b1 & 0x07) << 18)
                            | (u32::from(b2 & 0x3f) << 12)
                            | (u32::from(b3 & 0x3f) << 6)
                            | u32::from(b4 & 0x3f);
                        if is_cont(b2)
                            && is_cont(b3)
                            && is_cont(b4)
                            && (0x10000..=0x10ffff).contains(&cp)
                        {
                            i += 3;
                            out.push(char::from_u32(cp).unwrap_or(REPLACEMENT));
                        } else {
                            out.push(REPLACEMENT);
                            // Skip what formed a valid prefix: the lead, then up to two more.
                            if b1 <= 0xf4 && second_ok(b2) {
                                i += if is_cont(b3) { 2 } else { 1 };
                            }
                        }
                    }
                    (second, third, _) => {
                        if b1 > 0xf4 || second.is_some_and(|b2| !second_ok(b2)) {
                            out.push(REPLACEMENT);
                            continue;
                        }
                        // A valid but truncated prefix: one U+FFFD for the lead and the
                        // next byte; a third byte that is no continuation is decoded anew.
                        i += 1;
                        out.push(REPLACEMENT);
                        match third {
                            Some(b3) if !is_cont(b3) => continue,
                            _ => break,
                        }
                    }
                }
            }
            // 0x80..=0xc1 and 0xf8..=0xff.
            _ => out.push(REPLACEMENT),
        }
    }
    out
}

/// UTF-16BE into UTF-16 code units as `sun.nio.cs.UnicodeDecoder` with REPLACE decodes it:
/// a high surrogate followed by anything but a low one replaces both units with one U+FFFD;
/// a lone low surrogate and a dangling tail (odd byte, or high surrogate at the end) each
/// become one U+FFFD. A byte-order mark is kept as U+FEFF.
pub(super) fn decode_utf16be(bytes: &[u8]) -> Vec<u16> {
    const REPL: u16 = 0xfffd;
    let mut out = Vec::with_capacity(bytes.len() / 2 + 1);
    let mut chunks = bytes.chunks_exact(2);
    let mut units = chunks.by_ref().map(|c| match c {
        [hi, lo] => u16::from_be_bytes([*hi, *lo]),
        _ => REPL,
    });
    let mut dangling = false;
    while let Some(unit) = units.next() {
        if !is_surrogate(unit) {
            out.push(unit);
        } else if unit >= 0xdc00 {
            out.push(REPL);
        } else {
            match units.next() {
                Some(low) if (0xdc00..=0xdfff).contains(&low) => {
                    out.push(unit);
                    out.push(low);
                }
                Some(_) => out.push(REPL),
                None => {
                    dangling = true;
                    break;
                }
            }
        }
    }
    if dangling || !chunks.remainder().is_empty() {
        out.push(REPL);
    }
    out
}

/// UTF-32BE into UTF-16 code units as `sun.nio.cs.UTF_32Coder` with REPLACE decodes it: a
/// leading 0000FEFF is a byte-order mark and dropped; values up to U+FFFF (surrogates
/// included) become one unit, supplementary ones a pair, anything above U+10FFFF U+FFFD; a
/// tail of fewer than four bytes one U+FFFD.
pub(super) fn decode_utf32be(bytes: &[u8]) -> Vec<u16> {
    const REPL: u16 = 0xfffd;
    let mut out = Vec::with_capacity(bytes.len() / 2 + 1);
    let mut chunks = bytes.chunks_exact(4);
    for (index, chunk) in chunks.by_ref().enumerate() {
        let cp = match chunk {
            [a, b, c, d] => u32::from_be_bytes([*a, *b, *c, *d]),
            _ => continue,
        };
        if index == 0 && cp == 0xfeff {
            continue;
        }
        if let Ok(unit) = u16::try_from(cp) {
            out.push(unit);
        } else if let Some(c) = char::from_u32(cp) {
            let mut buf = [0u16; 2];
            out.extend_from_slice(c.encode_utf16(&mut buf));
        } else {
            out.push(REPL);
        }
    }
    if !chunks.remainder().is_empty() {
        out.push(REPL);
    }
    out
}
