//! OBJECT IDENTIFIER content octets as `sun.security.util.ObjectIdentifier` accepts and prints
//! them (registeredID names and OtherName type ids).

use std::fmt;

/// The JDK refuses OIDs whose encoding is longer than this (`MAXIMUM_OID_SIZE`).
const MAX_OID_OCTETS: usize = 4096;

/// Why `ObjectIdentifier(byte[])` refused the content octets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OidError {
    /// Longer than 4096 octets.
    TooLong,
    /// Empty, or the last octet has its continuation bit set.
    NotEnded,
    /// A sub-identifier starts with the padding octet 0x80.
    UselessExtraOctet,
}

/// Checks the content octets like the JDK and returns the dotted form `toString()` prints.
pub(crate) fn parse_oid(content: &[u8]) -> Result<String, OidError> {
    if content.len() > MAX_OID_OCTETS {
        return Err(OidError::TooLong);
    }
    match content.last() {
        Some(last) if last & 0x80 == 0 => {}
        _ => return Err(OidError::NotEnded),
    }
    let mut previous_ended = true;
    for octet in content {
        if *octet == 0x80 && previous_ended {
            return Err(OidError::UselessExtraOctet);
        }
        previous_ended = octet & 0x80 == 0;
    }
    Ok(dotted(content))
}

/// `ObjectIdentifier.toString()`: the first sub-identifier is split into two arcs (x/40, x%40,
/// or "2." and x-80 from 80 on).
fn dotted(content: &[u8]) -> String {
    let mut out = String::new();
    let mut first = true;
    for group in content.split_inclusive(|octet| octet & 0x80 == 0) {
        let value = Decimal::from_base128(group);
        if first {
            first = false;
            match value.small() {
                Some(v) if v < 80 => {
                    out.push_str(&(v / 40).to_string());
                    out.push('.');
                    out.push_str(&(v % 40).to_string());
                }
                _ => {
                    out.push_str("2.");
                    out.push_str(&value.minus(80).to_string());
                }
            }
        } else {
            out.push('.');
            out.push_str(&value.to_string());
        }
    }
    out
}

/// An unsigned integer of any size, as little-endian base-10^9 limbs (sub-identifiers may be
/// longer than 64 bits; the JDK prints them with BigInteger).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Decimal {
    limbs: Vec<u32>,
}

const LIMB: u64 = 1_000_000_000;

impl Decimal {
    fn from_base128(group: &[u8]) -> Decimal {
        let mut d = Decimal { limbs: vec![0] };
        for octet in group {
            d.mul_add(128, u64::from(octet & 0x7F));
        }
        d
    }

    fn mul_add(&mut self, mul: u64, add: u64) {
        let mut carry = add;
        for limb in self.limbs.iter_mut() {
            let v = u64::from(*limb) * mul + carry;
            *limb = (v % LIMB) as u32;
            carry = v / LIMB;
        }
        while carry > 0 {
            self.limbs.push((carry % LIMB) as u32);
            carry /= LIMB;
        }
    }

    fn small(&self) -> Option<u64> {
        match self.limbs.as_slice() {
            [a] => Some(u64::from(*a)),
            [a, b] => Some(u64::from(*a) + u64::from(*b) * LIMB),
            _ => None,
        }
    }

    /// Subtracts `n` (< 10^9); only called with values of at least 80.
    fn minus(mut self, n: u32) -> Decimal {
        let mut borrow = u64::from(n);
        for limb in self.limbs.iter_mut() {
            if borrow == 0 {
                break;
            }
            let cur = u64::from(*limb);
            if cur >= borrow {
                *limb = (cur - borrow) as u32;
                borrow = 0;
            } else {
                *limb = (cur + LIMB - borrow) as u32;
                borrow = 1;
            }
        }
        while self.limbs.len() > 1 && self.limbs.last() == Some(&0) {
            self.limbs.pop();
        }
        self
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut iter = self.limbs.iter().rev();
        if let Some(top) = iter.next() {
            write!(f, "{top}")?;
        }
        for limb in iter {
            write!(f, "{limb:09}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_like_the_jdk() {
        assert_eq!(parse_oid(&[0x2A, 0x03, 0x04]).unwrap(), "1.2.3.4");
        assert_eq!(parse_oid(&[0x55, 0x1D, 0x11]).unwrap(), "2.5.29.17");
        assert_eq!(parse_oid(&[0x00]).unwrap(), "0.0");
        assert_eq!(parse_oid(&[0x81, 0x00]).unwrap(), "2.48");
        // Checked against the JDK: a first sub-identifier of 5+ octets.
        assert_eq!(
            parse_oid(&[0x8F, 0x8F, 0x8F, 0x8F, 0x8F, 0x01]).unwrap(),
            "2.519454312241"
        );
        let big = [
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F,
        ];
        let mut content = vec![0x2A];
        content.extend_from_slice(&big);
        assert_eq!(parse_oid(&content).unwrap(), "1.2.151115727451828646838271");
    }

    #[test]
    fn rejects_like_the_jdk() {
        assert_eq!(parse_oid(&[]), Err(OidError::NotEnded));
        assert_eq!(parse_oid(&[0x2A, 0x83]), Err(OidError::NotEnded));
        assert_eq!(
            parse_oid(&[0x2A, 0x80, 0x03]),
            Err(OidError::UselessExtraOctet)
        );
        assert_eq!(parse_oid(&[0x80, 0x01]), Err(OidError::UselessExtraOctet));
        assert_eq!(parse_oid(&vec![0x01; 4097]), Err(OidError::TooLong));
        // 0x80 after a continuation octet is fine.
        assert_eq!(parse_oid(&[0x2A, 0x81, 0x80, 0x01]).unwrap(), "1.2.16385");
    }
}
