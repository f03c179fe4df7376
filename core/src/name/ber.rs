//! TLV reading, as `sun.security.util.DerValue` reads a name's buffer with allowBER = true;
//! OID and decimal decoding as `ObjectIdentifier.toString()` prints them.

use super::*;

/// One element: its tag, its content and its whole encoding.
pub(super) struct Element<'a> {
    pub(super) tag: u8,
    pub(super) content: &'a [u8],
    pub(super) encoded: &'a [u8],
}

/// Reads one element from the front of `input`, returning it and the bytes after it.
///
/// Like `DerValue(byte[], offset, len, allowBER = true, allowMore = true)`: at least two
/// bytes; no high tag numbers; at most four length bytes, value below 2^31; non-minimal
/// lengths are accepted (only DER mode rejects them).
pub(super) fn read_element(input: &[u8]) -> Result<(Element<'_>, &[u8]), NameError> {
    let (&tag, rest) = input.split_first().ok_or(NameError::Truncated)?;
    let (&first, mut rest) = rest.split_first().ok_or(NameError::Truncated)?;
    if tag & 0x1f == 0x1f {
        return Err(NameError::HighTagNumber);
    }
    let len = if first == 0x80 {
        return Err(NameError::IndefiniteLength);
    } else if first & 0x80 == 0 {
        usize::from(first)
    } else {
        let count = usize::from(first & 0x7f);
        if count > 4 {
            return Err(NameError::LengthTooLong);
        }
        if rest.len() < count {
            return Err(NameError::Truncated);
        }
        let (len_bytes, after) = rest.split_at(count);
        rest = after;
        let value = len_bytes
            .iter()
            .fold(0u32, |acc, b| (acc << 8) | u32::from(*b));
        if value > i32::MAX as u32 {
            return Err(NameError::LengthTooLong);
        }
        value as usize
    };
    if rest.len() < len {
        return Err(NameError::Truncated);
    }
    let (content, after) = rest.split_at(len);
    let encoded_len = input.len() - after.len();
    let encoded = input.get(..encoded_len).ok_or(NameError::Truncated)?;
    Ok((
        Element {
            tag,
            content,
            encoded,
        },
        after,
    ))
}

/// `ObjectIdentifier(byte[])` validation plus `toString()`.
pub(super) fn oid_to_string(encoding: &[u8]) -> Result<String, NameError> {
    // check(): non-empty, last byte ends a sub-identifier, no sub-identifier starts with
    // 0x80 (a padding byte); checkOidSize(): at most 4096 bytes.
    let last = *encoding.last().ok_or(NameError::InvalidOid)?;
    if last & 0x80 != 0 || encoding.len() > MAX_OID_LEN {
        return Err(NameError::InvalidOid);
    }
    let mut start_of_arc = true;
    for &b in encoding {
        if start_of_arc && b == 0x80 {
            return Err(NameError::InvalidOid);
        }
        start_of_arc = b & 0x80 == 0;
    }
    let mut out = String::new();
    let mut first = true;
    for arc in encoding.split_inclusive(|b| b & 0x80 == 0) {
        let mut value = BigDecimal::from_base128(arc);
        if first {
            // The first sub-identifier packs two arcs: 40 * X + Y, with X = 2 from 80 up.
            match value.to_u32() {
                Some(v) if v < 80 => out.push_str(&format!("{}.{}", v / 40, v % 40)),
                _ => {
                    value.sub_small(80);
                    out.push_str("2.");
                    out.push_str(&value.to_string());
                }
            }
            first = false;
        } else {
            out.push('.');
            out.push_str(&value.to_string());
        }
    }
    Ok(out)
}

/// A non-negative integer of any size in base 10^9 limbs (least significant first), enough
/// to print OID arcs the way `BigInteger` does.
pub(super) struct BigDecimal {
    pub(super) limbs: Vec<u32>,
}

impl BigDecimal {
    const BASE: u64 = 1_000_000_000;

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

    fn to_u32(&self) -> Option<u32> {
        match self.limbs.as_slice() {
            [low] => Some(*low),
            [low, high]
                if u64::from(*high) * Self::BASE + u64::from(*low) <= u64::from(u32::MAX) =>
            {
                Some((u64::from(*high) * Self::BASE + u64::from(*low)) as u32)
            }
            _ => None,
        }
    }

    /// Subtracts a small number; callers only subtract from values that are at least as big.
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
