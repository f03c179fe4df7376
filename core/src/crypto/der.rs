//! A minimal DER reader with the two strictness levels the JDK uses.
//!
//! The JDK decodes signature values (ECDSA, DSA) with `allowBER = false`
//! (minimal lengths, no indefinite form, no redundant leading zero in an
//! INTEGER), while keys and algorithm parameters go through
//! `new DerValue(byte[])`, which tolerates non-minimal lengths and padded
//! INTEGERs. Mirroring both keeps our accept/reject decisions equal to Java's.

/// Why a DER structure could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DerError;

/// Universal tags used by this module.
pub(crate) const TAG_INTEGER: u8 = 0x02;
pub(crate) const TAG_BIT_STRING: u8 = 0x03;
pub(crate) const TAG_OCTET_STRING: u8 = 0x04;
pub(crate) const TAG_NULL: u8 = 0x05;
pub(crate) const TAG_OID: u8 = 0x06;
pub(crate) const TAG_SEQUENCE: u8 = 0x30;

/// How strictly lengths and integers are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Java's `allowBER = false`: minimal length encodings, no redundant
    /// leading zero octet in INTEGERs.
    Der,
    /// Java's default `DerValue(byte[])`: non-minimal long-form lengths and
    /// padded INTEGERs are accepted. Indefinite lengths are still refused
    /// (Java converts them; certificates never carry them in practice).
    Lenient,
}

/// One tag-length-value element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tlv<'a> {
    /// The identifier octet (single-octet tags only, as in the JDK).
    pub(crate) tag: u8,
    /// The content octets.
    pub(crate) content: &'a [u8],
    /// The whole encoding, identifier and length included.
    pub(crate) raw: &'a [u8],
}

/// A cursor over a sequence of TLVs.
#[derive(Debug, Clone)]
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
    mode: Mode,
}

impl<'a> Reader<'a> {
    /// Reads the TLVs in `data`.
    pub(crate) fn new(data: &'a [u8], mode: Mode) -> Self {
        Reader { rest: data, mode }
    }

    /// Whether every octet has been consumed.
    pub(crate) fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// Reads the next TLV, whatever its tag.
    pub(crate) fn read_any(&mut self) -> Result<Tlv<'a>, DerError> {
        let (tlv, rest) = split_tlv(self.rest, self.mode)?;
        self.rest = rest;
        Ok(tlv)
    }

    /// Reads the next TLV and requires `tag`; returns its content.
    pub(crate) fn read(&mut self, tag: u8) -> Result<&'a [u8], DerError> {
        let tlv = self.read_any()?;
        if tlv.tag == tag {
            Ok(tlv.content)
        } else {
            Err(DerError)
        }
    }

    /// Reads an INTEGER and returns its content octets, checked per mode.
    pub(crate) fn read_integer(&mut self) -> Result<&'a [u8], DerError> {
        let content = self.read(TAG_INTEGER)?;
        check_integer(content, self.mode)?;
        Ok(content)
    }

    /// Requires that nothing is left.
    pub(crate) fn finish(&self) -> Result<(), DerError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(DerError)
        }
    }
}

/// DER-encodes one TLV (definite, minimal length).
#[cfg(test)]
pub(crate) fn encode(tag: u8, content: &[u8]) -> Vec<u8> {
    let len = content.len();
    let mut out = Vec::with_capacity(len + 6);
    out.push(tag);
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        let significant = bytes.get(skip..).unwrap_or(&[]);
        out.push(0x80 | significant.len() as u8);
        out.extend_from_slice(significant);
    }
    out.extend_from_slice(content);
    out
}

/// Parses exactly one TLV that spans all of `data`.
pub(crate) fn parse_single(data: &[u8], mode: Mode) -> Result<Tlv<'_>, DerError> {
    let (tlv, rest) = split_tlv(data, mode)?;
    if rest.is_empty() {
        Ok(tlv)
    } else {
        Err(DerError)
    }
}

fn split_tlv(data: &[u8], mode: Mode) -> Result<(Tlv<'_>, &[u8]), DerError> {
    let (&tag, after_tag) = data.split_first().ok_or(DerError)?;
    // The JDK refuses high tag numbers ("Tag number over 30 is not supported").
    if tag & 0x1f == 0x1f {
        return Err(DerError);
    }
    let (&first, mut after_len) = after_tag.split_first().ok_or(DerError)?;
    let length = if first & 0x80 == 0 {
        usize::from(first)
    } else {
        let count = usize::from(first & 0x7f);
        // 0x80 is the indefinite form; Java caps long form at 4 octets.
        if count == 0 || count > 4 {
            return Err(DerError);
        }
        let (len_bytes, rest) = split_at_checked(after_len, count)?;
        if mode == Mode::Der && len_bytes.first() == Some(&0) {
            return Err(DerError);
        }
        let mut value: usize = 0;
        for &b in len_bytes {
            value = value.checked_mul(256).ok_or(DerError)? | usize::from(b);
        }
        if mode == Mode::Der && value < 128 {
            return Err(DerError);
        }
        after_len = rest;
        value
    };
    let (content, rest) = split_at_checked(after_len, length)?;
    let header_len = data.len() - after_len.len();
    let raw = data.get(..header_len + length).ok_or(DerError)?;
    Ok((Tlv { tag, content, raw }, rest))
}

fn split_at_checked(data: &[u8], at: usize) -> Result<(&[u8], &[u8]), DerError> {
    if at <= data.len() {
        Ok(data.split_at(at))
    } else {
        Err(DerError)
    }
}

/// Java rejects empty INTEGERs always, and redundant leading zero octets
/// when BER is not allowed (`DerValue.getBigIntegerInternal`).
fn check_integer(content: &[u8], mode: Mode) -> Result<(), DerError> {
    match content {
        [] => Err(DerError),
        [0, next, ..] if mode == Mode::Der && *next < 0x80 => Err(DerError),
        _ => Ok(()),
    }
}

/// The magnitude of an INTEGER read as unsigned, without leading zeros
/// (Java's `new BigInteger(1, bytes)`, i.e. `getPositiveBigInteger`).
pub(crate) fn unsigned_magnitude(content: &[u8]) -> &[u8] {
    let start = content
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(content.len());
    content.get(start..).unwrap_or(&[])
}

/// An INTEGER as Java's `getBigInteger()` reads it (two's complement),
/// then forced positive the way `sun.security.provider.DSA` does it:
/// a negative value is replaced by its minimal two's complement octets
/// read as unsigned.
pub(crate) fn signed_then_positive(content: &[u8]) -> &[u8] {
    match content.first() {
        Some(&b) if b & 0x80 != 0 => {
            // Drop redundant sign-extension octets (0xFF followed by an
            // octet whose top bit is set), as BigInteger.toByteArray() would.
            let mut start = 0;
            while let (Some(&0xff), Some(&next)) = (content.get(start), content.get(start + 1)) {
                if next & 0x80 == 0 {
                    break;
                }
                start += 1;
            }
            content.get(start..).unwrap_or(&[])
        }
        _ => unsigned_magnitude(content),
    }
}

/// A small signed INTEGER as Java's `DerValue.getInteger()` accepts it
/// (it must fit in a Java `int`).
pub(crate) fn small_int(content: &[u8]) -> Result<i32, DerError> {
    let trimmed = signed_trim(content);
    // After dropping redundant sign octets, more than 4 octets cannot fit.
    if trimmed.is_empty() || trimmed.len() > 4 {
        return Err(DerError);
    }
    let negative = trimmed.first().is_some_and(|b| b & 0x80 != 0);
    let mut value: i64 = if negative { -1 } else { 0 };
    for &b in trimmed {
        value = (value << 8) | i64::from(b);
    }
    i32::try_from(value).map_err(|_| DerError)
}

fn signed_trim(content: &[u8]) -> &[u8] {
    let mut start = 0;
    while let (Some(&b), Some(&next)) = (content.get(start), content.get(start + 1)) {
        let redundant = (b == 0 && next & 0x80 == 0) || (b == 0xff && next & 0x80 != 0);
        if !redundant {
            break;
        }
        start += 1;
    }
    content.get(start..).unwrap_or(&[])
}

/// Dotted form of an OBJECT IDENTIFIER's content: the crate's one decoder
/// ([`crate::der::oid_to_string`]) with this module's error type.
pub(crate) fn oid_to_string(content: &[u8]) -> Result<String, DerError> {
    crate::der::oid_to_string(content).map_err(|_| DerError)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_round_trips() {
        for len in [0usize, 1, 127, 128, 255, 256, 70000] {
            let content = vec![7u8; len];
            let enc = encode(0x04, &content);
            let tlv = parse_single(&enc, Mode::Der).unwrap();
            assert_eq!((tlv.tag, tlv.content.len()), (0x04, len));
        }
    }

    #[test]
    fn reads_short_and_long_lengths() {
        let data = [0x04, 0x81, 0x80];
        let mut long = data.to_vec();
        long.extend(core::iter::repeat_n(7u8, 128));
        let tlv = parse_single(&long, Mode::Der).unwrap();
        assert_eq!(tlv.content.len(), 128);
        assert_eq!(tlv.raw.len(), 131);
    }

    #[test]
    fn der_mode_refuses_non_minimal_lengths() {
        let data = [0x04, 0x81, 0x01, 0xaa];
        assert_eq!(parse_single(&data, Mode::Der), Err(DerError));
        assert_eq!(parse_single(&data, Mode::Lenient).unwrap().content, &[0xaa]);
        let data = [0x04, 0x82, 0x00, 0x01, 0xaa];
        assert_eq!(parse_single(&data, Mode::Der), Err(DerError));
        assert!(parse_single(&data, Mode::Lenient).is_ok());
    }

    #[test]
    fn refuses_indefinite_high_tags_truncation_and_trailing() {
        assert!(parse_single(&[0x30, 0x80, 0, 0], Mode::Lenient).is_err());
        assert!(parse_single(&[0x1f, 0x01, 0x00], Mode::Lenient).is_err());
        assert!(parse_single(&[0x04, 0x02, 0x00], Mode::Lenient).is_err());
        assert!(parse_single(&[0x04, 0x01, 0x00, 0x00], Mode::Lenient).is_err());
        assert!(parse_single(&[0x04, 0x85, 1, 1, 1, 1, 1], Mode::Lenient).is_err());
        assert!(parse_single(&[], Mode::Lenient).is_err());
        assert!(parse_single(&[0x04], Mode::Lenient).is_err());
    }

    #[test]
    fn integer_checks_follow_java() {
        let mut r = Reader::new(&[0x02, 0x02, 0x00, 0x7f], Mode::Der);
        assert!(r.read_integer().is_err());
        let mut r = Reader::new(&[0x02, 0x02, 0x00, 0x7f], Mode::Lenient);
        assert_eq!(r.read_integer().unwrap(), &[0x00, 0x7f]);
        let mut r = Reader::new(&[0x02, 0x02, 0x00, 0x80], Mode::Der);
        assert!(r.read_integer().is_ok());
        let mut r = Reader::new(&[0x02, 0x00], Mode::Lenient);
        assert!(r.read_integer().is_err());
    }

    #[test]
    fn positive_readings() {
        assert_eq!(unsigned_magnitude(&[0, 0, 5]), &[5]);
        assert_eq!(unsigned_magnitude(&[0, 0]), &[] as &[u8]);
        assert_eq!(signed_then_positive(&[0xff, 0x80]), &[0x80]);
        assert_eq!(signed_then_positive(&[0xff, 0x7f]), &[0xff, 0x7f]);
        assert_eq!(signed_then_positive(&[0x00, 0x80]), &[0x80]);
    }

    #[test]
    fn small_ints() {
        assert_eq!(small_int(&[0x01]), Ok(1));
        assert_eq!(small_int(&[0xff]), Ok(-1));
        assert_eq!(small_int(&[0x00, 0x00, 0x00, 0x00, 0x14]), Ok(20));
        assert_eq!(small_int(&[0x7f, 0xff, 0xff, 0xff]), Ok(i32::MAX));
        assert!(small_int(&[0x00, 0x80, 0x00, 0x00, 0x00]).is_err());
        assert!(small_int(&[]).is_err());
        assert!(small_int(&[1; 20]).is_err());
    }

    #[test]
    fn oids() {
        assert_eq!(
            oid_to_string(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]).unwrap(),
            "1.2.840.113549.1.1.11"
        );
        assert_eq!(oid_to_string(&[0x2b, 0x65, 0x70]).unwrap(), "1.3.101.112");
        assert_eq!(oid_to_string(&[0x88, 0x37]).unwrap(), "2.999");
        assert!(oid_to_string(&[]).is_err());
        assert!(oid_to_string(&[0x2a, 0x86]).is_err());
        assert!(oid_to_string(&[0x2a, 0x80, 0x01]).is_err());
        assert!(oid_to_string(&[0xff; 40]).is_err());
    }
}
