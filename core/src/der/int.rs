//! Primitive values as the JDK's `DerValue` getters read them: INTEGER (as a Java `int`, as
//! an unsigned magnitude, as DSA's forced-positive reading), BOOLEAN, BIT STRING.

use super::DerError;

/// `DerValue.getInteger()`: a non-empty two's-complement INTEGER whose value fits a Java
/// `int` (redundant leading octets pass: the values it reads are parsed with BER allowed).
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
    // A fourth octet is allowed only when it carries the sign (0x00 0x80.. or 0xff 0x7f..).
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

/// `DerInputBuffer.getBigInteger`'s encoding checks: never empty ("zero length Int value"),
/// and without BER no redundant leading zero octet ("redundant leading 0s"; a leading `0xff`
/// is not checked by the JDK either).
pub fn check_integer(content: &[u8], allow_ber: bool) -> Result<(), DerError> {
    match content {
        [] => Err(DerError::BadValue),
        [0, next, ..] if !allow_ber && *next < 0x80 => Err(DerError::BadValue),
        _ => Ok(()),
    }
}

/// The magnitude of an INTEGER read as unsigned, without leading zeros (Java's
/// `new BigInteger(1, bytes)`, i.e. `getPositiveBigInteger`).
pub fn unsigned_magnitude(content: &[u8]) -> &[u8] {
    let start = content
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(content.len());
    content.get(start..).unwrap_or(&[])
}

/// An INTEGER as Java's `getBigInteger()` reads it (two's complement), then forced positive the
/// way `sun.security.provider.DSA` does it: a negative value is replaced by its minimal two's
/// complement octets read as unsigned.
pub fn signed_then_positive(content: &[u8]) -> &[u8] {
    match content.first() {
        Some(&b) if b & 0x80 != 0 => {
            // Drop redundant sign-extension octets (0xFF followed by an octet whose top bit is
            // set), as BigInteger.toByteArray() would.
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

/// `DerValue.getBoolean()`: exactly one octet, any non-zero value is true.
pub fn java_boolean(content: &[u8]) -> Result<bool, DerError> {
    match content {
        [b] => Ok(*b != 0),
        _ => Err(DerError::BadValue),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_int_range_and_redundant_octets() {
        assert_eq!(java_int(&[0x00]), Ok(0));
        assert_eq!(java_int(&[0x01]), Ok(1));
        assert_eq!(java_int(&[0x00, 0x00, 0x05]), Ok(5));
        assert_eq!(java_int(&[0x00, 0x00, 0x00, 0x00, 0x14]), Ok(20));
        assert_eq!(java_int(&[0xff]), Ok(-1));
        assert_eq!(java_int(&[0xff, 0xfe]), Ok(-2));
        assert_eq!(java_int(&[0xff, 0x7f]), Ok(-129));
        assert_eq!(java_int(&[0x7f, 0xff, 0xff, 0xff]), Ok(i32::MAX));
        assert_eq!(java_int(&[0x80, 0x00, 0x00, 0x00]), Ok(i32::MIN));
        assert!(java_int(&[0x00, 0x80, 0x00, 0x00, 0x00]).is_err());
        assert!(java_int(&[0xff, 0x7f, 0xff, 0xff, 0xff]).is_err());
        assert!(java_int(&[1; 20]).is_err());
        assert!(java_int(&[]).is_err());
    }

    #[test]
    fn integer_encoding_checks() {
        assert!(check_integer(&[0x00, 0x7f], false).is_err());
        assert!(check_integer(&[0x00, 0x7f], true).is_ok());
        assert!(check_integer(&[0x00, 0x80], false).is_ok());
        assert!(check_integer(&[], true).is_err());
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
    fn decodes_bits() {
        assert_eq!(bit_string_bits(&[0x07, 0x80]).unwrap(), vec![true]);
        assert_eq!(bit_string_bits(&[0x00]).unwrap(), Vec::<bool>::new());
        assert!(bit_string_bits(&[0x08, 0xff]).is_err());
    }
}
