//! The one OBJECT IDENTIFIER decoder: `ObjectIdentifier(byte[])`'s validation and its
//! `toString()`.

use std::fmt;

use super::DerError;

/// How large an OBJECT IDENTIFIER may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OidBound {
    /// What the certificate parser and the crypto code have always taken: every arc fits in 128
    /// bits, the encoding may be of any length. This departs from the JDK's `ObjectIdentifier`
    /// (arcs of any size, encodings of at most 4096 octets); nothing real comes near either
    /// limit, and a change of verdict for such a certificate is left to a deliberate fix.
    Arcs128,
    /// `ObjectIdentifier` exactly (`checkOidSize`: at most 4096 octets; arcs of any size,
    /// printed the way `BigInteger` prints them). The X.500 name parser uses it.
    Jdk,
}

/// `ObjectIdentifier.checkOidSize`'s limit on the encoding.
const JDK_MAX_OID_LEN: usize = 4096;

/// The dotted form of an OBJECT IDENTIFIER's content, refusing what `ObjectIdentifier.check`
/// refuses (empty, a last octet that continues, an arc that starts with the padding octet
/// `0x80`) and what `bound` refuses.
///
/// It formats digits itself because every certificate runs it a dozen times; only an arc past
/// 128 bits (under [`OidBound::Jdk`]) takes the slow big-number path.
pub fn oid_to_string(content: &[u8], bound: OidBound) -> Result<String, DerError> {
    if content.is_empty() || content.last().is_some_and(|b| b & 0x80 != 0) {
        return Err(DerError::BadValue);
    }
    if bound == OidBound::Jdk && content.len() > JDK_MAX_OID_LEN {
        return Err(DerError::BadValue);
    }
    let mut out = String::with_capacity(content.len() * 3);
    let mut first_arc = true;
    let mut arc_start = 0usize;
    let mut value: Option<u128> = Some(0);
    for (i, &b) in content.iter().enumerate() {
        if i == arc_start && b == 0x80 {
            return Err(DerError::BadValue);
        }
        value = value
            .and_then(|v| v.checked_mul(128))
            .map(|v| v | u128::from(b & 0x7f));
        if b & 0x80 != 0 {
            continue;
        }
        match value {
            Some(value) => {
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
                } else {
                    out.push('.');
                    push_decimal(&mut out, value);
                }
            }
            None if bound == OidBound::Arcs128 => return Err(DerError::BadValue),
            None => {
                let mut big = BigDecimal::from_base128(&content[arc_start..=i]);
                if first_arc {
                    // Past 128 bits the first arc can only be 2.
                    big.sub_small(80);
                    out.push_str("2.");
                } else {
                    out.push('.');
                }
                out.push_str(&big.to_string());
            }
        }
        first_arc = false;
        arc_start = i + 1;
        value = Some(0);
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

/// A non-negative integer of any size in base 10^9 limbs (least significant first), enough
/// to print an arc past 128 bits the way `BigInteger` does.
struct BigDecimal {
    limbs: Vec<u32>,
}

impl BigDecimal {
    const BASE: u64 = 1_000_000_000;

    /// The value of base-128 groups (the high bit of each octet ignored).
    fn from_base128(groups: &[u8]) -> BigDecimal {
        let mut n = BigDecimal { limbs: vec![0] };
        for g in groups {
            let mut carry = u64::from(g & 0x7f);
            for limb in n.limbs.iter_mut() {
                let v = u64::from(*limb) * 128 + carry;
                *limb = (v % Self::BASE) as u32;
                carry = v / Self::BASE;
            }
            if carry > 0 {
                n.limbs.push(carry as u32);
            }
        }
        n
    }

    /// Subtracts a small number; only called on values past 128 bits, so it never underflows.
    fn sub_small(&mut self, mut amount: u32) {
        for limb in self.limbs.iter_mut() {
            if *limb >= amount {
                *limb -= amount;
                return;
            }
            *limb = (u64::from(*limb) + Self::BASE - u64::from(amount)) as u32;
            amount = 1;
        }
    }
}

impl fmt::Display for BigDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut limbs = self.limbs.iter().rev().skip_while(|l| **l == 0);
        match limbs.next() {
            None => f.write_str("0"),
            Some(top) => {
                write!(f, "{top}")?;
                limbs.try_for_each(|l| write!(f, "{l:09}"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_oids() {
        for bound in [OidBound::Arcs128, OidBound::Jdk] {
            let s = |c: &[u8]| oid_to_string(c, bound);
            assert_eq!(s(&[0x55, 0x1d, 0x13]).unwrap(), "2.5.29.19");
            assert_eq!(
                s(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]).unwrap(),
                "1.2.840.113549.1.1.11"
            );
            assert_eq!(s(&[0x2b, 0x65, 0x70]).unwrap(), "1.3.101.112");
            assert!(s(&[0x2a, 0x86]).is_err());
            assert_eq!(s(&[0x00]).unwrap(), "0.0");
            assert_eq!(s(&[0x81, 0x00]).unwrap(), "2.48");
            assert_eq!(s(&[0x88, 0x37]).unwrap(), "2.999");
            assert!(s(&[]).is_err());
            assert!(s(&[0x2a, 0x80, 0x01]).is_err());
            assert!(s(&[0xff; 40]).is_err());
            // Beyond 64 bits, up to 128.
            let mut big = vec![0x2a];
            big.extend([0x81; 10]);
            big.push(0x01);
            assert_eq!(
                s(&big).unwrap(),
                format!("1.2.{}", (0..11).fold(0u128, |v, _| v * 128 + 1))
            );
        }
    }

    #[test]
    fn the_bounds_differ_past_128_bits_and_4096_octets() {
        // An arc of 2^140: refused under Arcs128, printed in full under Jdk.
        let mut huge = vec![0x2a, 0x81];
        huge.extend([0x80; 19]);
        huge.push(0x00);
        assert!(oid_to_string(&huge, OidBound::Arcs128).is_err());
        assert_eq!(
            oid_to_string(&huge, OidBound::Jdk).unwrap(),
            "1.2.1393796574908163946345982392040522594123776"
        );
        // A huge first subidentifier: the first arc is 2.
        let mut first = vec![0x81];
        first.extend([0x80; 19]);
        first.push(0x00);
        assert_eq!(
            oid_to_string(&first, OidBound::Jdk).unwrap(),
            "2.1393796574908163946345982392040522594123696"
        );
        let long = [0x55; 4097];
        assert!(oid_to_string(&long, OidBound::Jdk).is_err());
        assert!(oid_to_string(&long, OidBound::Arcs128).is_ok());
    }
}
